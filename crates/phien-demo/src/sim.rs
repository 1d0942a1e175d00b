//! Plays the plan month by month against the real books: sets up the point,
//! then for every month records the group meetings, opens the session,
//! takes each group's collection, disburses the approved loans, closes the
//! session with a cash count, and records what was learned about borrowers.
//!
//! Amounts are decided here with the core's interest engine on the loan's
//! flows so far, so they obey the rules the validated path enforces; the
//! bulk of the history goes in through `Tx::append_entry_trusted`, the last
//! session and every disbursement and write-off through the validated path.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, TimeDelta, Utc};
use phien_core::collection::CollectionInput;
use phien_core::ids::{
    AssociationId, DecisionId, DeviceId, EntryId, GroupId, LoanId, MeetingId, MemberId, OfficeId,
    PointId, SessionId, StaffId, StatusEventId, TraceId,
};
use phien_core::ledger::{Entry, EntryKind, LoanFlow};
use phien_core::loan::{LendingMethod, Loan, equal_installments};
use phien_core::meeting::{Decision, Meeting, MeetingKind, Presence};
use phien_core::money::Dong;
use phien_core::org::{
    Association, AssociationKind, Commune, Group, HouseholdCategory, Member, Office, Point,
};
use phien_core::policy::Policy;
use phien_core::position::{LoanFacts, LoanPosition, position};
use phien_core::program::{Program, ProgramCode, RateHistory, standard_programs};
use phien_core::risk::{RiskDecision, RiskMeasure};
use phien_core::session::{CashCount, DENOMINATIONS, Team};
use phien_core::status::{Agency, StatusEvent, StatusKind, Trace};
use phien_store::{Actor, NewEntry, Staff, StaffRole, Store, StoreError, Tx};
use rand::Rng as _;

use crate::names::{self, Rng, chance, pick, rng, weighted};
use crate::plan::{Behaviour, Plan, Timeline};
use crate::{DemoReport, DemoStaff};

/// The last sessions whose collections go through the validated path
/// (`Tx::record_entry` and `Tx::record_collection`) rather than the trusted one.
const VALIDATED_SESSIONS: usize = 3;

/// PIN of the bank staff accounts.
pub(crate) const STAFF_PIN: &str = "1234";
/// PIN of the group leaders' accounts.
pub(crate) const LEADER_PIN: &str = "1111";

/// An instant on `day` at `hour:minute` Vietnam time (UTC+7), in UTC.
fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, minute, 0)
        .unwrap_or_default()
        .and_utc()
        - TimeDelta::hours(7)
}

fn plus_days(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_add_days(Days::new(n)).unwrap_or(day)
}

fn minus_days(day: NaiveDate, n: u64) -> NaiveDate {
    day.checked_sub_days(Days::new(n)).unwrap_or(day)
}

fn dmy(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// Greedy count of `amount` in Vietnamese notes (500.000 ₫ … 1.000 ₫).
fn count_notes(mut amount: i64) -> CashCount {
    let mut notes = Vec::new();
    for face in DENOMINATIONS {
        let n = amount / face;
        if n > 0 {
            notes.push((face, n as u32));
            amount -= n * face;
        }
    }
    CashCount { notes }
}

struct LoanState {
    plan: usize,
    program: usize,
    loan: Loan,
    flows: Vec<LoanFlow>,
    decisions: Vec<phien_core::risk::RiskDecision>,
    open: bool,
}

struct MemberState {
    id: MemberId,
    savings: i64,
    loans: Vec<usize>,
    overdue: bool,
}

#[derive(Default)]
struct StaffIds {
    system: StaffId,
    team_leader: StaffId,
    controller: StaffId,
    teller: StaffId,
    loan_officer: StaffId,
    supervisor: StaffId,
    leaders: Vec<StaffId>,
}

/// One loan's part of a member's payment.
struct LoanPay {
    loan: usize,
    interest_cash: i64,
    interest_savings: i64,
    principal: i64,
    closing: bool,
}

/// What one member pays at a session (one row of 13/TD, plus principal).
struct MemberPay {
    member: usize,
    loans: Vec<LoanPay>,
    deposit: i64,
    withdrawal: i64,
}

impl MemberPay {
    fn interest_cash(&self) -> i64 {
        self.loans.iter().map(|l| l.interest_cash).sum()
    }
    fn interest_savings(&self) -> i64 {
        self.loans.iter().map(|l| l.interest_savings).sum()
    }
    fn principal(&self) -> i64 {
        self.loans.iter().map(|l| l.principal).sum()
    }
    /// Cash through the group leader (interest and savings; principal goes to the team).
    fn list_cash(&self) -> i64 {
        self.interest_cash() + self.deposit - self.withdrawal
    }
    fn is_empty(&self) -> bool {
        self.deposit == 0
            && self.withdrawal == 0
            && self
                .loans
                .iter()
                .all(|l| l.interest_cash == 0 && l.interest_savings == 0 && l.principal == 0)
    }
}

/// Who records an entry, where and when.
#[derive(Clone, Copy)]
struct EntryCtx {
    day: NaiveDate,
    session: Option<SessionId>,
    by: StaffId,
    at: DateTime<Utc>,
}

struct Sim<'p> {
    plan: &'p Plan,
    tl: &'p Timeline,
    programs: Vec<(Program, RateHistory)>,
    policy: Policy,
    device: DeviceId,
    rng: Rng,
    staff: StaffIds,
    point: PointId,
    groups: Vec<GroupId>,
    members: Vec<MemberState>,
    member_index: HashMap<MemberId, usize>,
    loans: Vec<LoanState>,
    loan_index: HashMap<LoanId, usize>,
    leader_now: Vec<usize>,
    n_entries: u32,
    n_sessions: u32,
    n_meetings: u32,
}

/// Runs the whole demo into an empty store whose id source is already seeded.
pub(crate) fn run(
    store: &mut Store,
    plan: &Plan,
    tl: &Timeline,
    seed: u64,
) -> Result<DemoReport, StoreError> {
    let programs = standard_programs()
        .into_iter()
        .map(|(p, rates)| (p, RateHistory::new(rates)))
        .collect();
    let mut sim = Sim {
        plan,
        tl,
        programs,
        policy: Policy::default(),
        device: store.device_id(),
        rng: rng(seed, 4),
        staff: StaffIds::default(),
        point: PointId::default(),
        groups: Vec::new(),
        members: Vec::new(),
        member_index: HashMap::new(),
        loans: Vec::new(),
        loan_index: HashMap::new(),
        leader_now: plan.groups.iter().map(|g| g.leader).collect(),
        n_entries: 0,
        n_sessions: 0,
        n_meetings: 0,
    };
    let staff = sim.setup(store)?;
    for t in 0..=tl.last {
        sim.month(store, t)?;
    }
    Ok(DemoReport {
        n_groups: plan.groups.len() as u32,
        n_members: plan.members.len() as u32,
        n_loans: sim.loans.len() as u32,
        n_entries: sim.n_entries,
        n_sessions: sim.n_sessions,
        n_meetings: sim.n_meetings,
        first_session: tl.date(tl.window),
        last_session: tl.date(tl.last),
        point_code: crate::plan::tag(plan.commune, POINT_CODE),
        staff,
    })
}

const POINT_CODE: &str = "DGD-DL";

impl Sim<'_> {
    fn program_index(&self, code: &str) -> usize {
        self.programs
            .iter()
            .position(|(p, _)| p.code.0 == code)
            .unwrap_or(0)
    }

    fn position_of(&self, li: usize, extra: Option<LoanFlow>, day: NaiveDate) -> LoanPosition {
        let l = &self.loans[li];
        let (program, rates) = &self.programs[l.program];
        let with_extra: Vec<LoanFlow>;
        let flows: &[LoanFlow] = match extra {
            Some(flow) => {
                with_extra = l.flows.iter().copied().chain([flow]).collect();
                &with_extra
            }
            None => &l.flows,
        };
        position(
            LoanFacts {
                loan: &l.loan,
                rates,
                is_student: program.is_student,
                flows,
                decisions: &l.decisions,
            },
            &self.policy,
            day,
        )
    }

    /// Keeps the in-memory books in step with an entry the store recorded.
    fn mirror(&mut self, entry: &Entry) {
        self.n_entries += 1;
        if let Some(&m) = self.member_index.get(&entry.member_id) {
            let amount = entry.amount.get();
            match entry.kind {
                EntryKind::SavingsDeposit | EntryKind::SavingsBroughtForward => {
                    self.members[m].savings += amount;
                }
                EntryKind::SavingsWithdrawal | EntryKind::InterestFromSavings => {
                    self.members[m].savings -= amount;
                }
                _ => {}
            }
        }
        if let Some(li) = entry
            .loan_id
            .and_then(|id| self.loan_index.get(&id).copied())
        {
            self.loans[li].flows.push(LoanFlow {
                kind: entry.kind,
                date: entry.value_date,
                amount: entry.amount,
            });
        }
    }

    /// Appends one entry of `member` (`kind`, loan, amount) through the trusted path.
    fn append(
        &mut self,
        tx: &mut Tx<'_>,
        ctx: EntryCtx,
        member: usize,
        receipt_no: Option<&str>,
        (kind, loan, amount): (EntryKind, Option<usize>, i64),
    ) -> Result<(), StoreError> {
        let entry = Entry {
            id: EntryId(tx.new_id()),
            kind,
            member_id: self.members[member].id,
            loan_id: loan.map(|l| self.loans[l].loan.id),
            amount: Dong(amount),
            value_date: ctx.day,
            session_id: ctx.session,
            recorded_by: ctx.by,
            device_id: self.device,
            recorded_at: ctx.at,
            receipt_no: receipt_no.map(str::to_string),
            reverses: None,
            reason: None,
            approved_by: None,
        };
        tx.append_entry_trusted(&entry)?;
        self.mirror(&entry);
        Ok(())
    }

    // ---------------------------------------------------------------- setup

    fn setup(&mut self, store: &mut Store) -> Result<Vec<DemoStaff>, StoreError> {
        let plan = self.plan;
        let day = minus_days(self.tl.date(0), 1);
        // The system account records the setup; it is created in the same write.
        let system = StaffId(store.new_id());
        let actor = Actor {
            staff: system,
            at: at(day, 8, 0),
        };
        let nth = plan.commune;
        store.write(actor, "demo_setup", "Tạo xã mẫu Diên Lạc", |tx| {
            let mut listed = Vec::new();
            let mut add = |tx: &mut Tx<'_>,
                           id: StaffId,
                           code: &str,
                           name: &str,
                           role: StaffRole,
                           pin: Option<&str>|
             -> Result<StaffId, StoreError> {
                let staff = Staff {
                    id,
                    code: code.to_string(),
                    full_name: name.to_string(),
                    role,
                };
                tx.insert_staff(&staff, pin)?;
                listed.push(DemoStaff {
                    code: staff.code.clone(),
                    full_name: name.to_string(),
                    role,
                    pin: pin.map(str::to_string),
                });
                Ok(id)
            };
            self.staff.system = add(
                tx,
                system,
                "HT",
                "Hệ thống (dữ liệu lịch sử)",
                StaffRole::System,
                None,
            )?;
            let bank = [
                ("CB01", "Nguyễn Văn Hùng", StaffRole::TeamLeader),
                ("CB02", "Trần Thị Mai", StaffRole::Controller),
                ("CB03", "Lê Thị Thu Hà", StaffRole::Teller),
                ("CB04", "Phạm Minh Tuấn", StaffRole::LoanOfficer),
                ("GS01", "Võ Văn Thành", StaffRole::Supervisor),
            ];
            let mut ids = Vec::new();
            for (code, name, role) in bank {
                let id = StaffId(tx.new_id());
                ids.push(add(tx, id, code, name, role, Some(STAFF_PIN))?);
            }
            self.staff.team_leader = ids[0];
            self.staff.controller = ids[1];
            self.staff.teller = ids[2];
            self.staff.loan_officer = ids[3];
            self.staff.supervisor = ids[4];
            for (gi, group) in plan.groups.iter().enumerate() {
                // The account belongs to whoever leads the group today.
                let leader = match &plan.election {
                    Some(e) if e.group == gi => e.new_leader,
                    _ => group.leader,
                };
                let id = StaffId(tx.new_id());
                let code = format!("TT{:02}", gi + 1);
                let name = plan.members[leader].full_name.clone();
                self.staff.leaders.push(add(
                    tx,
                    id,
                    &code,
                    &name,
                    StaffRole::GroupLeader,
                    Some(LEADER_PIN),
                )?);
            }

            // The id is drawn either way, so the rest of the commune's ids
            // do not depend on whether it is in a district.
            let id = OfficeId(tx.new_id());
            let office = Office {
                id: if nth == 0 { id } else { crate::DISTRICT_OFFICE },
                code: "PGD-DK".into(),
                name: "PGD NHCSXH huyện Diên Khánh".into(),
            };
            tx.insert_office(&office)?;
            let commune = |code: &str, name: &str, is_pre_2025: bool| Commune {
                code: code.into(),
                name: name.into(),
                is_pre_2025,
            };
            let point = Point {
                id: PointId(tx.new_id()),
                office_id: office.id,
                code: crate::plan::tag(nth, POINT_CODE),
                name: match nth {
                    0 => "Điểm giao dịch xã Diên Lạc".into(),
                    n => format!("Điểm giao dịch xã mẫu số {n}"),
                },
                fixed_day: crate::plan::FIXED_DAY,
                address: "Trụ sở UBND xã Diên Lạc".into(),
                communes: vec![
                    commune("22561", "xã Diên Lạc", false),
                    commune("22549", "xã Diên Hòa", true),
                    commune("22552", "xã Diên Bình", true),
                    commune("22555", "xã Diên Phú", true),
                ],
            };
            tx.insert_point(&point)?;
            self.point = point.id;
            let mut associations: Vec<(AssociationKind, AssociationId)> = Vec::new();
            for kind in AssociationKind::ALL {
                let association = Association {
                    id: AssociationId(tx.new_id()),
                    point_id: point.id,
                    kind,
                };
                tx.insert_association(&association)?;
                associations.push((kind, association.id));
            }
            for (program, rates) in standard_programs() {
                tx.insert_program(&program, &rates)?;
            }
            // Members pay interest at the monthly session, so this point's
            // interest falls due on its fixed day, not at month-end (the
            // default): otherwise everyone shows arrears until the session.
            tx.set_policy("interest_due_day", &crate::plan::FIXED_DAY.to_string())?;
            for group in &plan.groups {
                let association_id = associations
                    .iter()
                    .find(|(k, _)| *k == group.association)
                    .map(|(_, id)| *id)
                    .unwrap_or_default();
                let g = Group {
                    id: GroupId(tx.new_id()),
                    association_id,
                    code: group.code.clone(),
                    name: group.name.clone(),
                    village: group.village.to_string(),
                    leader_id: None,
                    leader_staff_id: None,
                    founded_on: group.founded_on,
                };
                tx.insert_group(&g)?;
                self.groups.push(g.id);
            }
            for (mi, m) in plan.members.iter().enumerate() {
                let member = Member {
                    id: MemberId(tx.new_id()),
                    group_id: self.groups[m.group],
                    customer_code: m.customer_code.clone(),
                    full_name: m.full_name.clone(),
                    citizen_id: Some(m.citizen_id.clone()),
                    birth_year: Some(m.birth_year),
                    gender: Some(m.gender),
                    village: plan.groups[m.group].village.to_string(),
                    phone: m.phone.clone(),
                    category: m.category,
                    joined_on: m.joined_on,
                };
                tx.insert_member(&member)?;
                self.member_index.insert(member.id, mi);
                self.members.push(MemberState {
                    id: member.id,
                    savings: 0,
                    loans: Vec::new(),
                    overdue: false,
                });
            }
            for (gi, group) in plan.groups.iter().enumerate() {
                tx.set_group_leader(
                    self.groups[gi],
                    self.members[group.leader].id,
                    Some(self.staff.leaders[gi]),
                )?;
            }
            Ok(listed)
        })
    }

    // ---------------------------------------------------------------- months

    fn month(&mut self, store: &mut Store, t: usize) -> Result<(), StoreError> {
        self.decisions_before(store, t)?;
        let disbursing = self.eligible_loans(t);
        if t >= self.tl.window {
            self.meetings(store, t, &disbursing)?;
        }
        self.session(store, t, &disbursing)?;
        self.events_after(store, t)?;
        Ok(())
    }

    /// Loans planned for month `t` that the household can still take:
    /// it pays, has nothing overdue and no open loan in the same program.
    fn eligible_loans(&self, t: usize) -> Vec<usize> {
        let loans = &self.plan.loans;
        let from = loans.partition_point(|l| l.month < t);
        let to = loans.partition_point(|l| l.month <= t);
        (from..to)
            .filter(|&pi| {
                let lp = &loans[pi];
                let m = lp.member;
                self.plan.members[m].behaviour.pays(t)
                    && !self.members[m].overdue
                    && !self.members[m].loans.iter().any(|&li| {
                        self.loans[li].open
                            && self.programs[self.loans[li].program].0.code.0 == lp.program
                    })
            })
            .collect()
    }

    /// Risk decisions taken before the month's session: freezes, extensions.
    fn decisions_before(&mut self, store: &mut Store, t: usize) -> Result<(), StoreError> {
        let plan = self.plan;
        let mut todo: Vec<(usize, NaiveDate, String, RiskMeasure, String)> = Vec::new();
        for freeze in plan.freezes.iter().filter(|f| f.month == t) {
            for &li in &self.members[freeze.member].loans {
                if !self.loans[li].open {
                    continue;
                }
                let until = freeze
                    .decided_on
                    .checked_add_months(Months::new(36))
                    .and_then(|d| d.pred_opt());
                todo.push((
                    li,
                    freeze.decided_on,
                    freeze.decision_no.clone(),
                    RiskMeasure::Freeze {
                        from: freeze.decided_on,
                        until,
                    },
                    freeze.reason.clone(),
                ));
            }
        }
        if let Some(ext) = plan.extension.as_ref().filter(|e| e.month == t) {
            let day = self.tl.date(t);
            for &li in &self.members[ext.member].loans {
                let loan = &self.loans[li].loan;
                let due = loan
                    .installments
                    .iter()
                    .find(|i| i.seq == ext.seq && i.due_on == day);
                if let (true, Some(due)) = (self.loans[li].open, due) {
                    todo.push((
                        li,
                        ext.decided_on,
                        "21/QĐ-NHCS".into(),
                        RiskMeasure::Extension {
                            new_due_on: due
                                .due_on
                                .checked_add_months(Months::new(12))
                                .unwrap_or(due.due_on),
                            installment_seq: Some(ext.seq),
                        },
                        "Dịch tả lợn châu Phi làm chết đàn heo, thiệt hại khoảng 30% vốn vay"
                            .into(),
                    ));
                }
            }
        }
        for (li, decided_on, decision_no, measure, reason) in todo {
            let actor = Actor {
                staff: self.staff.loan_officer,
                at: at(decided_on, 14, 0),
            };
            let detail = format!("{decision_no} khế ước {}", self.loans[li].loan.account_no);
            store.write(actor, "add_decision", &detail, |tx| {
                let decision = RiskDecision {
                    id: DecisionId(tx.new_id()),
                    loan_id: self.loans[li].loan.id,
                    decision_no,
                    decided_on,
                    measure,
                    reason,
                };
                tx.add_decision(&decision)?;
                self.loans[li].decisions.push(decision);
                Ok(())
            })?;
        }
        Ok(())
    }

    // ---------------------------------------------------------------- meetings

    fn attendance(&mut self, gi: usize, t: usize) -> Vec<(MemberId, Presence)> {
        let plan = self.plan;
        let leader = self.leader_now[gi];
        plan.groups[gi]
            .members
            .iter()
            .map(|&m| {
                let presence = if m == leader {
                    Presence::Present
                } else if !plan.members[m].behaviour.pays(t) {
                    Presence::Absent
                } else {
                    weighted(
                        &mut self.rng,
                        &[
                            (Presence::Present, 850),
                            (Presence::Absent, 100),
                            (Presence::Represented, 50),
                        ],
                    )
                };
                (self.members[m].id, presence)
            })
            .collect()
    }

    fn meetings(
        &mut self,
        store: &mut Store,
        t: usize,
        disbursing: &[usize],
    ) -> Result<(), StoreError> {
        let plan = self.plan;
        let day = self.tl.date(t);
        let review_day = minus_days(day, 10);
        let meeting_day = minus_days(day, 5);
        let mut meetings = Vec::new();
        for gi in 0..plan.groups.len() {
            let group = &plan.groups[gi];
            let election_here = plan.election.as_ref().filter(|e| e.group == gi);
            let recorded_by = match election_here {
                Some(e) if t < e.month => self.staff.loan_officer,
                _ => self.staff.leaders[gi],
            };
            let association = names::association_short(group.association);
            let requests: Vec<usize> = disbursing
                .iter()
                .copied()
                .filter(|&pi| plan.members[plan.loans[pi].member].group == gi)
                .collect();
            if !requests.is_empty() {
                let mut decisions: Vec<Decision> = requests
                    .iter()
                    .map(|&pi| {
                        let lp = &plan.loans[pi];
                        Decision::LoanRequest {
                            member_id: self.members[lp.member].id,
                            program: ProgramCode(lp.program.to_string()),
                            amount: Dong(lp.amount),
                            term_months: lp.term,
                            approved: true,
                            note: None,
                        }
                    })
                    .collect();
                let total: i64 = requests.iter().map(|&pi| plan.loans[pi].amount).sum();
                // Now and then the group turns a request down.
                if chance(&mut self.rng, 150) {
                    let candidates: Vec<usize> = group
                        .members
                        .iter()
                        .copied()
                        .filter(|&m| {
                            plan.members[m].behaviour == Behaviour::Normal
                                && !self.members[m].loans.iter().any(|&li| self.loans[li].open)
                                && !requests.iter().any(|&pi| plan.loans[pi].member == m)
                        })
                        .collect();
                    if !candidates.is_empty() {
                        let m = *pick(&mut self.rng, &candidates);
                        let (program, amount) = match plan.members[m].category {
                            HouseholdCategory::Poor => ("01", 40_000_000),
                            HouseholdCategory::NearPoor => ("04", 30_000_000),
                            HouseholdCategory::NewlyEscaped => ("05", 30_000_000),
                            HouseholdCategory::Student => ("02", 40_000_000),
                            HouseholdCategory::Other => ("03", 20_000_000),
                        };
                        decisions.push(Decision::LoanRequest {
                            member_id: self.members[m].id,
                            program: ProgramCode(program.into()),
                            amount: Dong(amount),
                            term_months: 36,
                            approved: false,
                            note: Some(
                                "Chưa có phương án sử dụng vốn khả thi; tổ hướng dẫn hộ bổ sung, xét lại kỳ sau"
                                    .into(),
                            ),
                        });
                    }
                }
                let attendance = self.attendance(gi, t);
                meetings.push(Meeting {
                    id: MeetingId::default(),
                    group_id: self.groups[gi],
                    held_on: review_day,
                    kind: MeetingKind::LoanReview,
                    agenda: format!("Bình xét cho vay tháng {:02}/{}", day.month(), day.year()),
                    attendance,
                    decisions,
                    minutes: format!(
                        "{} họp bình xét cho vay, có đại diện {association} xã Diên Lạc và trưởng thôn tham dự. \
                         Tổ thống nhất đề nghị NHCSXH cho vay {} hộ, tổng số tiền {}. \
                         Danh sách đề nghị vay vốn (mẫu 03/TD) gửi UBND xã xác nhận.",
                        group.name,
                        requests.len(),
                        Dong(total)
                    ),
                    recorded_by,
                });
            }
            if let Some(election) = election_here.filter(|e| e.month == t) {
                let old = self.leader_now[gi];
                let new = election.new_leader;
                let attendance = self.attendance(gi, t);
                let present = attendance
                    .iter()
                    .filter(|(_, p)| *p != Presence::Absent)
                    .count();
                meetings.push(Meeting {
                    id: MeetingId::default(),
                    group_id: self.groups[gi],
                    held_on: meeting_day,
                    kind: MeetingKind::Election,
                    agenda: format!(
                        "Bầu Ban quản lý tổ nhiệm kỳ {}–{}",
                        day.year(),
                        day.year() + 3
                    ),
                    attendance,
                    decisions: vec![
                        Decision::LeaderElected {
                            member_id: self.members[new].id,
                        },
                        Decision::Text {
                            text: format!(
                                "{} thôi làm tổ trưởng vì lý do sức khỏe, được bầu làm tổ phó",
                                plan.members[old].full_name
                            ),
                        },
                    ],
                    minutes: format!(
                        "Hội nghị tổ có {present} tổ viên dự. {} xin thôi làm tổ trưởng vì lý do sức khỏe. \
                         Tổ bầu {} làm tổ trưởng với {present}/{present} phiếu đồng ý; {association} xã chứng kiến.",
                        plan.members[old].full_name, plan.members[new].full_name
                    ),
                    recorded_by,
                });
                self.leader_now[gi] = new;
            } else if group.monthly_meetings || day.month().is_multiple_of(3) {
                let attendance = self.attendance(gi, t);
                let topic = *pick(&mut self.rng, names::MEETING_DECISIONS);
                let period = if group.monthly_meetings {
                    format!("tháng {:02}/{}", day.month(), day.year())
                } else {
                    format!("quý {}/{}", day.month().div_ceil(3), day.year())
                };
                let rates = if (2025, 12) <= (day.year(), day.month())
                    && (day.year(), day.month()) <= (2026, 2)
                {
                    " Phổ biến lãi suất cho vay mới từ 01/12/2025 theo Quyết định 2553/QĐ-TTg."
                } else {
                    ""
                };
                meetings.push(Meeting {
                    id: MeetingId::default(),
                    group_id: self.groups[gi],
                    held_on: meeting_day,
                    kind: MeetingKind::Monthly,
                    agenda: format!("Sinh hoạt định kỳ {period}"),
                    attendance,
                    decisions: vec![Decision::Text {
                        text: topic.to_string(),
                    }],
                    minutes: format!(
                        "Tổ trưởng thông báo kết quả thu lãi, thu tiết kiệm kỳ trước; nhắc các hộ có nợ đến hạn \
                         chuẩn bị trả nợ tại phiên giao dịch ngày {}.{rates}",
                        dmy(day)
                    ),
                    recorded_by,
                });
            }
        }
        if meetings.is_empty() {
            return Ok(());
        }
        let actor = Actor {
            staff: self.staff.loan_officer,
            at: at(meeting_day, 16, 0),
        };
        let detail = format!(
            "{} biên bản họp tổ tháng {:02}/{}",
            meetings.len(),
            day.month(),
            day.year()
        );
        store.write(actor, "record_meetings", &detail, |tx| {
            for mut meeting in meetings {
                meeting.id = MeetingId(tx.new_id());
                tx.insert_meeting(&meeting)?;
                self.n_meetings += 1;
            }
            Ok(())
        })
    }

    // ---------------------------------------------------------------- sessions

    /// What member `m` pays at month `t`. `till` is the session's cash so
    /// far; a withdrawal is only paid out of cash the team holds.
    fn member_pay(&mut self, t: usize, m: usize, till: &mut i64) -> MemberPay {
        let plan = self.plan;
        let day = self.tl.date(t);
        let in_window = t >= self.tl.window;
        let behaviour = plan.members[m].behaviour.clone();
        let pays = behaviour.pays(t);
        let mut pay = MemberPay {
            member: m,
            loans: Vec::new(),
            deposit: 0,
            withdrawal: 0,
        };
        let open: Vec<usize> = self.members[m]
            .loans
            .iter()
            .copied()
            .filter(|&li| self.loans[li].open)
            .collect();
        let mut overdue = false;
        // (loan, interest wanted, principal, closes today)
        let mut wants: Vec<(usize, i64, i64, bool)> = Vec::new();
        for li in open {
            let p0 = self.position_of(li, None, day);
            if p0.overdue.is_positive() {
                overdue = true;
            }
            if !pays {
                continue;
            }
            let hold = plan.loans[self.loans[li].plan].hold;
            let held = hold.is_some_and(|h| h.due_month <= t && t < h.resume)
                && p0.principal_due.is_positive();
            if held {
                overdue = true;
            }
            let principal = if held { 0 } else { p0.principal_due.get() };
            // Interest is computed after today's principal repayment: it
            // accrues on each day's closing balance.
            let due = if principal > 0 {
                let repaid = LoanFlow {
                    kind: EntryKind::PrincipalRepayment,
                    date: day,
                    amount: Dong(principal),
                };
                self.position_of(li, Some(repaid), day).interest_due.get()
            } else {
                p0.interest_due.get()
            };
            let want = match behaviour {
                Behaviour::Arrears { from, partial } if t >= from => {
                    if partial {
                        due / 2
                    } else {
                        0
                    }
                }
                _ => due,
            };
            let closing = p0.outstanding.get() == principal && want == due;
            wants.push((li, want, principal, closing));
        }
        self.members[m].overdue = overdue;
        if !pays {
            return pay;
        }
        let member = &plan.members[m];
        let mut deposit = 0;
        if in_window && chance(&mut self.rng, member.deposit_per_mille) {
            let step = self.rng.random_range(0..=4i64) - 2;
            deposit = (member.deposit_amount + 5_000 * step).max(10_000);
        }
        let total_want: i64 = wants.iter().map(|w| w.1).sum();
        let savings = self.members[m].savings;
        // Now and then a member pays the interest out of savings (no cash).
        let all_from_savings = in_window
            && total_want > 0
            && savings + deposit >= total_want
            && chance(&mut self.rng, 15);
        for (loan, want, principal, closing) in wants {
            let (cash, from_savings) = if all_from_savings {
                (0, want)
            } else {
                (want, 0)
            };
            pay.loans.push(LoanPay {
                loan,
                interest_cash: cash,
                interest_savings: from_savings,
                principal,
                closing,
            });
        }
        // The till holds notes of 1.000 ₫ and up. A member who deposits
        // rounds the deposit up so the whole payment is in thousands; one who
        // does not pays the odd hundreds out of savings if there are any, and
        // otherwise keeps them for next month (a few hundred đồng of arrears).
        let odd = (pay.interest_cash() + pay.principal() + deposit) % 1_000;
        if in_window && odd != 0 {
            if deposit > 0 {
                deposit += 1_000 - odd;
            } else if let Some(biggest) = pay
                .loans
                .iter_mut()
                .filter(|l| l.interest_cash >= odd)
                .max_by_key(|l| l.interest_cash)
            {
                biggest.interest_cash -= odd;
                if savings >= odd {
                    biggest.interest_savings += odd;
                }
            }
        }
        let needed = pay.interest_savings();
        if savings + deposit < needed {
            let short = needed - savings - deposit;
            deposit += ((short + 4_999) / 5_000).max(1) * 5_000;
            deposit = deposit.max(10_000);
        }
        pay.deposit = deposit;
        let balance_after = savings + deposit - needed;
        let cash_in = pay.interest_cash() + pay.principal() + deposit;
        if in_window && balance_after >= 200_000 && chance(&mut self.rng, 6) {
            let units = self
                .rng
                .random_range(10..=(balance_after / 10_000).min(200));
            let withdrawal = units * 10_000;
            if *till + cash_in >= withdrawal {
                pay.withdrawal = withdrawal;
            }
        }
        *till += cash_in - pay.withdrawal;
        pay
    }

    fn session(
        &mut self,
        store: &mut Store,
        t: usize,
        disbursing: &[usize],
    ) -> Result<(), StoreError> {
        let plan = self.plan;
        let day = self.tl.date(t);
        let in_window = t >= self.tl.window;
        let validated = t + VALIDATED_SESSIONS > self.tl.last;
        // The team brings from the district office the cash for the day's
        // planned disbursements (tạm ứng), so every loan is paid out at the session.
        let opening_cash: i64 = if in_window {
            disbursing.iter().map(|&pi| plan.loans[pi].amount).sum()
        } else {
            0
        };
        // Collections may pay withdrawals only from what was collected; the
        // cash brought for the loans is added when they are paid out.
        let mut till = 0i64;
        let mut session = None;
        if in_window {
            let team = Team {
                team_leader: self.staff.team_leader,
                controller: self.staff.controller,
                teller: self.staff.teller,
            };
            let actor = Actor {
                staff: self.staff.team_leader,
                at: at(day, 7, 30),
            };
            let point = self.point;
            session = Some(store.write(actor, "open_session", &dmy(day), |tx| {
                tx.open_session(point, day, &team, Dong(opening_cash))
            })?);
            self.n_sessions += 1;
        }

        // Collections, group by group (one write per group at a session; the
        // history before the window is one write per month).
        let mut history: Vec<(usize, Vec<MemberPay>)> = Vec::new();
        for gi in 0..plan.groups.len() {
            let pays: Vec<MemberPay> = plan.groups[gi]
                .members
                .clone()
                .into_iter()
                .map(|m| self.member_pay(t, m, &mut till))
                .filter(|p| !p.is_empty())
                .collect();
            if !in_window {
                history.push((gi, pays));
                continue;
            }
            let ctx = EntryCtx {
                day,
                session,
                by: self.staff.teller,
                at: at(day, 8, 0) + TimeDelta::minutes(6 * gi as i64),
            };
            let actor = Actor {
                staff: ctx.by,
                at: ctx.at,
            };
            let detail = format!("{} {}", plan.groups[gi].code, dmy(day));
            store.write(actor, "record_collection", &detail, |tx| {
                if validated {
                    self.collect_validated(tx, ctx, gi, &pays)
                } else {
                    self.collect_trusted(tx, ctx, gi, &pays)
                }
            })?;
            self.close_repaid(&pays, day);
        }
        if !in_window {
            let ctx = EntryCtx {
                day,
                session: None,
                by: self.staff.system,
                at: at(day, 8, 0),
            };
            let actor = Actor {
                staff: ctx.by,
                at: ctx.at,
            };
            store.write(
                actor,
                "demo_history",
                &format!("Thu lãi, thu nợ {}", dmy(day)),
                |tx| {
                    for (gi, pays) in &history {
                        self.collect_trusted(tx, ctx, *gi, pays)?;
                    }
                    Ok(())
                },
            )?;
            for (_, pays) in &history {
                self.close_repaid(pays, day);
            }
        }

        // Disbursements after the collection, from the cash brought for them.
        till += opening_cash;
        if !disbursing.is_empty() {
            let by = if in_window {
                self.staff.teller
            } else {
                self.staff.system
            };
            let actor = Actor {
                staff: by,
                at: at(day, 10, 30),
            };
            let detail = format!("{} khế ước ngày {}", disbursing.len(), dmy(day));
            store.write(actor, "disburse", &detail, |tx| {
                for &pi in disbursing {
                    if session.is_some() {
                        till -= plan.loans[pi].amount;
                    }
                    self.disburse(tx, pi, day, session)?;
                }
                Ok(())
            })?;
        }

        if let Some(session) = session {
            let count = count_notes(till);
            let actor = Actor {
                staff: self.staff.team_leader,
                at: at(day, 11, 30),
            };
            store.write(actor, "close_session", &dmy(day), |tx| {
                tx.close_session(session, &count, None)
            })?;
        }
        Ok(())
    }

    fn receipt_no(&self, gi: usize, day: NaiveDate, n: usize) -> String {
        format!(
            "{}-{:02}{:02}-{:03}",
            self.plan.groups[gi].code,
            day.year() % 100,
            day.month(),
            n + 1
        )
    }

    fn collect_trusted(
        &mut self,
        tx: &mut Tx<'_>,
        ctx: EntryCtx,
        gi: usize,
        pays: &[MemberPay],
    ) -> Result<(), StoreError> {
        for (n, pay) in pays.iter().enumerate() {
            let m = pay.member;
            let receipt = self.receipt_no(gi, ctx.day, n);
            let receipt = Some(receipt.as_str());
            if pay.deposit > 0 {
                let line = (EntryKind::SavingsDeposit, None, pay.deposit);
                self.append(tx, ctx, m, receipt, line)?;
            }
            for l in &pay.loans {
                if l.interest_savings > 0 {
                    let line = (
                        EntryKind::InterestFromSavings,
                        Some(l.loan),
                        l.interest_savings,
                    );
                    self.append(tx, ctx, m, receipt, line)?;
                }
            }
            for l in &pay.loans {
                if l.interest_cash > 0 {
                    let line = (EntryKind::InterestPayment, Some(l.loan), l.interest_cash);
                    self.append(tx, ctx, m, receipt, line)?;
                }
            }
            for l in &pay.loans {
                if l.principal > 0 {
                    let line = (EntryKind::PrincipalRepayment, Some(l.loan), l.principal);
                    self.append(tx, ctx, m, None, line)?;
                }
            }
            if pay.withdrawal > 0 {
                let line = (EntryKind::SavingsWithdrawal, None, pay.withdrawal);
                self.append(tx, ctx, m, receipt, line)?;
            }
        }
        if let Some(session) = ctx.session {
            let cash: i64 = pays.iter().map(MemberPay::list_cash).sum();
            if cash >= 0 && !pays.is_empty() {
                tx.record_handover(session, self.groups[gi], Dong(cash), Dong(cash), None)?;
            }
        }
        Ok(())
    }

    /// The validated path: principal through `record_entry` (the borrower
    /// pays it to the team), the group's list through `record_collection`.
    fn collect_validated(
        &mut self,
        tx: &mut Tx<'_>,
        ctx: EntryCtx,
        gi: usize,
        pays: &[MemberPay],
    ) -> Result<(), StoreError> {
        let mut inputs = Vec::new();
        for (n, pay) in pays.iter().enumerate() {
            let member_id = self.members[pay.member].id;
            for l in &pay.loans {
                if l.principal > 0 {
                    let entry = tx.record_entry(NewEntry {
                        kind: EntryKind::PrincipalRepayment,
                        member_id,
                        loan_id: Some(self.loans[l.loan].loan.id),
                        amount: Dong(l.principal),
                        value_date: ctx.day,
                        session_id: ctx.session,
                        receipt_no: None,
                    })?;
                    self.mirror(&entry);
                }
            }
            let input = CollectionInput {
                member_id,
                interest: Dong(pay.interest_cash()),
                principal: Dong::ZERO,
                savings_deposit: Dong(pay.deposit),
                savings_withdrawal: Dong(pay.withdrawal),
                interest_from_savings: Dong(pay.interest_savings()),
                receipt_no: Some(self.receipt_no(gi, ctx.day, n)),
            };
            if input.interest.is_positive()
                || input.savings_deposit.is_positive()
                || input.savings_withdrawal.is_positive()
                || input.interest_from_savings.is_positive()
            {
                inputs.push(input);
            }
        }
        if inputs.is_empty() {
            return Ok(());
        }
        let cash: i64 = pays.iter().map(MemberPay::list_cash).sum();
        let handed = (cash >= 0).then_some((Dong(cash), None));
        let receipt =
            tx.record_collection(self.groups[gi], ctx.day, ctx.session, &inputs, handed)?;
        for entry in &receipt.entries {
            self.mirror(entry);
        }
        Ok(())
    }

    /// Marks loans repaid in full (principal and interest) as closed.
    fn close_repaid(&mut self, pays: &[MemberPay], day: NaiveDate) {
        for pay in pays {
            for l in &pay.loans {
                if l.closing || l.principal > 0 {
                    let p = self.position_of(l.loan, None, day);
                    if !p.outstanding.is_positive() && !p.interest_due.is_positive() {
                        self.loans[l.loan].open = false;
                    }
                }
            }
        }
    }

    fn disburse(
        &mut self,
        tx: &mut Tx<'_>,
        pi: usize,
        day: NaiveDate,
        session: Option<SessionId>,
    ) -> Result<(), StoreError> {
        let lp = &self.plan.loans[pi];
        let program = self.program_index(lp.program);
        let every = self.programs[program].0.installment_every_months;
        let loan = Loan {
            id: LoanId(tx.new_id()),
            member_id: self.members[lp.member].id,
            account_no: format!(
                "66000000{:03}{:05}",
                self.plan.commune,
                self.loans.len() + 1
            ),
            program: ProgramCode(lp.program.to_string()),
            funding_source: lp.funding.to_string(),
            amount: Dong(lp.amount),
            disbursed_on: day,
            term_months: lp.term,
            purpose: lp.purpose.to_string(),
            method: LendingMethod::Entrusted,
            installments: equal_installments(Dong(lp.amount), day, lp.term, every),
            last_activity_before_import: None,
        };
        tx.insert_loan(&loan)?;
        let li = self.loans.len();
        self.loan_index.insert(loan.id, li);
        self.members[lp.member].loans.push(li);
        let new = NewEntry {
            kind: EntryKind::Disbursement,
            member_id: loan.member_id,
            loan_id: Some(loan.id),
            amount: loan.amount,
            value_date: day,
            session_id: session,
            receipt_no: None,
        };
        self.loans.push(LoanState {
            plan: pi,
            program,
            loan,
            flows: Vec::new(),
            decisions: Vec::new(),
            open: true,
        });
        let entry = tx.record_entry(new)?;
        self.mirror(&entry);
        Ok(())
    }

    // ---------------------------------------------------------------- events

    /// What was learned at the month's session (moves, returns, deaths) and
    /// the write-off that follows a death.
    fn events_after(&mut self, store: &mut Store, t: usize) -> Result<(), StoreError> {
        let plan = self.plan;
        let day = self.tl.date(t);
        let today = self.tl.today;
        let mut events: Vec<(StatusEvent, Vec<Trace>)> = Vec::new();
        for (m, member) in plan.members.iter().enumerate() {
            let member_id = self.members[m].id;
            let event =
                |kind, destination: Option<String>, source: &str, note: String| StatusEvent {
                    id: StatusEventId::default(),
                    member_id,
                    kind,
                    learned_on: day,
                    destination,
                    source: source.to_string(),
                    note: Some(note),
                    recorded_by: self.staff.loan_officer,
                };
            match &member.behaviour {
                Behaviour::Moved {
                    stop, destination, ..
                } if *stop == t => {
                    let e = event(
                        StatusKind::MovedAway,
                        Some(destination.to_string()),
                        "Tổ trưởng báo",
                        format!(
                            "{}; nhà khóa cửa, không nộp lãi kỳ {}",
                            names::departure(destination),
                            dmy(day)
                        ),
                    );
                    let mut traces = Vec::new();
                    let asks = [
                        (Agency::Police, 7u64, 20u64, 700u32),
                        (Agency::SocialInsurance, 10, 30, 500),
                        (Agency::Tax, 14, 25, 400),
                    ];
                    for (agency, after, answer_after, answer_pm) in asks {
                        let asked_on = plus_days(day, after);
                        if asked_on > today {
                            continue;
                        }
                        let answered_on = plus_days(asked_on, answer_after);
                        let answer = (answered_on <= today && chance(&mut self.rng, answer_pm))
                            .then(|| match agency {
                                Agency::Police => format!(
                                    "Có đăng ký tạm trú tại {destination}; đã cung cấp địa chỉ cho tổ trưởng"
                                ),
                                Agency::SocialInsurance => format!(
                                    "Đang tham gia BHXH tại một doanh nghiệp trong khu công nghiệp ở {destination}"
                                ),
                                _ => "Không phát sinh mã số thuế thu nhập cá nhân sau khi đi".to_string(),
                            });
                        traces.push(Trace {
                            id: TraceId::default(),
                            event_id: StatusEventId::default(),
                            agency,
                            asked_on,
                            answered_on: answer.as_ref().map(|_| answered_on),
                            answer,
                            recorded_by: self.staff.loan_officer,
                        });
                    }
                    events.push((e, traces));
                }
                Behaviour::Moved {
                    returned: Some(r), ..
                } if *r == t => {
                    events.push((
                        event(
                            StatusKind::Returned,
                            None,
                            "Tổ trưởng báo",
                            "Đã về lại địa phương, cam kết trả hết nợ quá hạn và lãi tồn".into(),
                        ),
                        Vec::new(),
                    ));
                }
                Behaviour::Deceased { stop } if *stop == t => {
                    let died = minus_days(day, u64::from(self.rng.random_range(8..=25u32)));
                    events.push((
                        event(
                            StatusKind::Deceased,
                            None,
                            "Trưởng thôn báo",
                            format!("Người vay mất ngày {} do bệnh nặng", dmy(died)),
                        ),
                        Vec::new(),
                    ));
                }
                _ => {}
            }
        }
        if !events.is_empty() {
            let actor = Actor {
                staff: self.staff.loan_officer,
                at: at(day, 14, 0),
            };
            store.write(actor, "status_events", &dmy(day), |tx| {
                for (mut event, traces) in events {
                    event.id = StatusEventId(tx.new_id());
                    tx.add_status_event(&event)?;
                    for mut trace in traces {
                        trace.id = TraceId(tx.new_id());
                        trace.event_id = event.id;
                        tx.add_trace(&trace)?;
                    }
                }
                Ok(())
            })?;
        }

        if let Some(death) = plan.death.as_ref().filter(|d| d.write_off_month == t) {
            let on = death.write_off_on;
            let open: Vec<usize> = self.members[death.member]
                .loans
                .iter()
                .copied()
                .filter(|&li| self.loans[li].open)
                .collect();
            for li in open {
                let p0 = self.position_of(li, None, on);
                let principal = p0.outstanding;
                let written = LoanFlow {
                    kind: EntryKind::PrincipalWriteOff,
                    date: on,
                    amount: principal,
                };
                let interest = self.position_of(li, Some(written), on).interest_due;
                let actor = Actor {
                    staff: self.staff.loan_officer,
                    at: at(on, 14, 0),
                };
                let detail = format!("09/QĐ-NHCS khế ước {}", self.loans[li].loan.account_no);
                store.write(actor, "add_decision", &detail, |tx| {
                    let decision = RiskDecision {
                        id: DecisionId(tx.new_id()),
                        loan_id: self.loans[li].loan.id,
                        decision_no: "09/QĐ-NHCS".into(),
                        decided_on: on,
                        measure: RiskMeasure::WriteOff {
                            principal,
                            interest,
                        },
                        reason: "Người vay chết, hộ không còn người thừa kế nghĩa vụ trả nợ (Quyết định 50/2010/QĐ-TTg)"
                            .into(),
                    };
                    tx.add_decision(&decision)?;
                    Ok(decision)
                })
                .map(|decision| {
                    for (kind, amount) in [
                        (EntryKind::PrincipalWriteOff, principal),
                        (EntryKind::InterestWriteOff, interest),
                    ] {
                        if amount.is_positive() {
                            self.n_entries += 1;
                            self.loans[li].flows.push(LoanFlow {
                                kind,
                                date: on,
                                amount,
                            });
                        }
                    }
                    self.loans[li].decisions.push(decision);
                    self.loans[li].open = false;
                })?;
            }
        }
        Ok(())
    }
}
