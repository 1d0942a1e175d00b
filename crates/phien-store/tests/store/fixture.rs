//! A tiny commune transaction point built through the public API only: one
//! office, one point (fixed day 15), the four associations, the standard
//! programs, a session team, two groups of five members and five loans
//! disbursed on 15/01/2025, each borrower with 100.000 ₫ of savings.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use phien_core::collection::MemberDue;
use phien_core::ids::{AssociationId, GroupId, LoanId, MemberId, OfficeId, PointId, StaffId};
use phien_core::ledger::{Entry, EntryKind};
use phien_core::loan::{LendingMethod, Loan, equal_installments};
use phien_core::money::Dong;
use phien_core::org::{
    Association, AssociationKind, Commune, Gender, Group, HouseholdCategory, Member, Office, Point,
};
use phien_core::position::LoanPosition;
use phien_core::program::{ProgramCode, standard_programs};
use phien_core::session::{CashCount, DENOMINATIONS, Team};
use phien_store::{
    Actor, ChangeRow, Incoming, NewEntry, NewSyncLink, Staff, StaffRole, Store, StoreError,
    SyncScope,
};
use tempfile::TempDir;

/// The controller's PIN (approves reversals).
pub const PIN: &str = "1234";

/// The point's fixed monthly transaction day.
pub const FIXED_DAY: u32 = 15;

/// Savings each borrower deposited on the disbursement day.
pub const OPENING_SAVINGS: Dong = Dong(100_000);

/// A date; panics on an impossible one (test data only).
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test dates are valid calendar dates")
}

/// When every fixture loan was disbursed.
pub fn disbursed_on() -> NaiveDate {
    day(2025, 1, FIXED_DAY)
}

/// A group of the fixture.
pub struct FixtureGroup {
    /// Id.
    pub id: GroupId,
    /// Code (`T01`, `T02`).
    pub code: String,
    /// Members in the order they were added.
    pub members: Vec<Member>,
}

/// The point, open on a real file in its own temporary directory.
pub struct Fixture {
    /// Keeps the directory (and the file) alive for the test.
    pub dir: TempDir,
    /// The database file.
    pub path: PathBuf,
    /// The open store.
    pub store: Store,
    /// The point.
    pub point: PointId,
    /// The four associations.
    pub associations: Vec<(AssociationKind, AssociationId)>,
    /// Tổ trưởng tổ giao dịch (no PIN).
    pub team_leader: Staff,
    /// Kiểm soát viên, PIN [`PIN`].
    pub controller: Staff,
    /// Thủ quỹ (no PIN).
    pub teller: Staff,
    /// T01 (Hội Nông dân) and T02 (Hội Phụ nữ).
    pub groups: Vec<FixtureGroup>,
    /// The five loans, in the order they were made.
    pub loans: Vec<Loan>,
    /// Minutes handed out to actors so far (each write happens a minute later).
    clock: Cell<i64>,
}

/// Creates a fresh, empty store file in a new temporary directory.
pub fn empty_store() -> (TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().expect("a temporary directory can be created");
    let path = dir.path().join("phien.db");
    let store = Store::open(&path).expect("a new file opens as an empty store");
    (dir, path, store)
}

/// An actor for writes on an otherwise empty store.
pub fn actor_at(staff: StaffId, minute: i64) -> Actor {
    Actor {
        staff,
        at: base_instant() + Duration::minutes(minute),
    }
}

fn base_instant() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 15, 1, 0, 0)
        .single()
        .expect("a valid instant")
}

/// A raw connection on the file, outside the store.
pub fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).expect("the database file opens with a raw connection")
}

/// Notes adding up to `amount` (a multiple of 1.000 ₫), largest first.
pub fn cash_count(amount: Dong) -> CashCount {
    assert_eq!(
        amount.get() % 1_000,
        0,
        "a cash count is made of notes, so {amount} must be a multiple of 1.000 ₫"
    );
    let mut left = amount.get();
    let mut notes = Vec::new();
    for face in DENOMINATIONS {
        let n = left / face;
        if n > 0 {
            notes.push((face, u32::try_from(n).expect("a sane number of notes")));
            left -= n * face;
        }
    }
    CashCount::new(notes).expect("only Vietnamese denominations are used")
}

const NAMES: [[&str; 5]; 2] = [
    [
        "Nguyễn Thị Hoa",
        "Trần Văn Bình",
        "Lê Thị Thu Hằng",
        "Phạm Văn Đức",
        "Võ Thị Ngọc Ánh",
    ],
    [
        "Huỳnh Văn Lộc",
        "Đặng Thị Hồng",
        "Bùi Văn Tùng",
        "Ngô Thị Mỹ Duyên",
        "Dương Văn Khánh",
    ],
];

/// (group index, member index, program, amount, term in months) of the loans.
const LOANS: [(usize, usize, &str, i64, u32); 5] = [
    (0, 0, "01", 30_000_000, 36),
    (0, 1, "04", 20_000_000, 24),
    (0, 2, "03", 15_000_000, 36),
    (1, 0, "01", 40_000_000, 36),
    (1, 1, "06", 10_000_000, 24),
];

impl Fixture {
    /// Builds the point in a fresh file.
    pub fn new() -> Fixture {
        let (dir, path, store) = empty_store();
        let staff = |code: &str, full_name: &str, role| Staff {
            id: StaffId(uuid::Uuid::now_v7()),
            code: code.to_string(),
            full_name: full_name.to_string(),
            role,
        };
        let team_leader = staff("TT01", "Trần Văn Tâm", StaffRole::TeamLeader);
        let controller = staff("KS01", "Lê Thị Kiểm", StaffRole::Controller);
        let teller = staff("TQ01", "Phạm Thị Quỹ", StaffRole::Teller);
        let mut fx = Fixture {
            dir,
            path,
            store,
            point: PointId::default(),
            associations: Vec::new(),
            team_leader,
            controller,
            teller,
            groups: Vec::new(),
            loans: Vec::new(),
            clock: Cell::new(0),
        };
        fx.set_up_org();
        fx.set_up_loans();
        fx
    }

    fn set_up_org(&mut self) {
        let actor = self.actor(&self.team_leader);
        let (team_leader, controller, teller) = (
            self.team_leader.clone(),
            self.controller.clone(),
            self.teller.clone(),
        );
        let (point, associations, groups) = self
            .store
            .write(actor, "setup", "điểm giao dịch thử", |tx| {
                tx.insert_staff(&team_leader, None)?;
                tx.insert_staff(&controller, Some(PIN))?;
                tx.insert_staff(&teller, None)?;
                let office = Office {
                    id: OfficeId(tx.new_id()),
                    code: "5606".into(),
                    name: "PGD NHCSXH huyện Diên Khánh".into(),
                };
                tx.insert_office(&office)?;
                let point = Point {
                    id: PointId(tx.new_id()),
                    office_id: office.id,
                    code: "DGD-DP".into(),
                    name: "Điểm giao dịch xã Diên Phú".into(),
                    fixed_day: FIXED_DAY,
                    address: "UBND xã Diên Phú".into(),
                    communes: vec![
                        Commune {
                            code: "22480".into(),
                            name: "Xã Diên Phú".into(),
                            is_pre_2025: false,
                        },
                        Commune {
                            code: "22483".into(),
                            name: "Xã Diên Điền".into(),
                            is_pre_2025: true,
                        },
                    ],
                };
                tx.insert_point(&point)?;
                let mut associations = Vec::new();
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
                let mut groups = Vec::new();
                for (g, (code, village, kind)) in [
                    ("T01", "Thôn Phú Ân Nam", AssociationKind::Farmers),
                    ("T02", "Thôn Đông Hải", AssociationKind::Women),
                ]
                .into_iter()
                .enumerate()
                {
                    let group = Group {
                        id: GroupId(tx.new_id()),
                        association_id: tx.association_of(point.id, kind)?,
                        code: code.into(),
                        name: format!("Tổ TK&VV {village}"),
                        village: village.into(),
                        leader_id: None,
                        leader_staff_id: None,
                        founded_on: day(2015, 3, 1),
                    };
                    tx.insert_group(&group)?;
                    let mut members = Vec::new();
                    for (i, name) in NAMES[g].iter().enumerate() {
                        let member = Member {
                            id: MemberId(tx.new_id()),
                            group_id: group.id,
                            customer_code: format!("KH56{g}{i:02}"),
                            full_name: (*name).to_string(),
                            citizen_id: Some(format!("05608500{g}{i:03}")),
                            birth_year: Some(1970 + u32::try_from(i).unwrap_or(0) * 3),
                            gender: Some(if name.contains(" Thị ") {
                                Gender::Female
                            } else {
                                Gender::Male
                            }),
                            village: village.into(),
                            phone: Some(format!("09051{g}{i:04}")),
                            category: HouseholdCategory::Poor,
                            joined_on: day(2020, 5, 1),
                        };
                        tx.insert_member(&member)?;
                        members.push(member);
                    }
                    tx.set_group_leader(group.id, members[0].id, None)?;
                    groups.push(FixtureGroup {
                        id: group.id,
                        code: code.into(),
                        members,
                    });
                }
                Ok((point.id, associations, groups))
            })
            .expect("the point's organisation is written");
        self.point = point;
        self.associations = associations;
        self.groups = groups;
    }

    fn set_up_loans(&mut self) {
        let programs = self.store.programs().expect("programs are readable");
        let mut loans = Vec::new();
        for (n, (g, m, program, amount, term)) in LOANS.into_iter().enumerate() {
            let every = programs
                .iter()
                .find(|(p, _)| p.code.0 == program)
                .map(|(p, _)| p.installment_every_months)
                .expect("the fixture uses standard programs");
            loans.push(Loan {
                id: LoanId(self.store.new_id()),
                member_id: self.groups[g].members[m].id,
                account_no: format!("66000000000001{n:02}"),
                program: ProgramCode(program.into()),
                funding_source: "central".into(),
                amount: Dong(amount),
                disbursed_on: disbursed_on(),
                term_months: term,
                purpose: "Chăn nuôi bò sinh sản".into(),
                method: LendingMethod::Entrusted,
                installments: equal_installments(Dong(amount), disbursed_on(), term, every),
                last_activity_before_import: None,
            });
        }
        let actor = self.actor(&self.teller);
        self.store
            .write(actor, "disburse", "giải ngân đầu kỳ", |tx| {
                for loan in &loans {
                    tx.insert_loan(loan)?;
                    tx.record_entry(NewEntry {
                        kind: EntryKind::Disbursement,
                        member_id: loan.member_id,
                        loan_id: Some(loan.id),
                        amount: loan.amount,
                        value_date: loan.disbursed_on,
                        session_id: None,
                        receipt_no: None,
                    })?;
                    tx.record_entry(NewEntry {
                        kind: EntryKind::SavingsDeposit,
                        member_id: loan.member_id,
                        loan_id: None,
                        amount: OPENING_SAVINGS,
                        value_date: loan.disbursed_on,
                        session_id: None,
                        receipt_no: None,
                    })?;
                }
                Ok(())
            })
            .expect("loans and their disbursements are written");
        self.loans = loans;
    }

    /// `staff` writing one minute after the previous write.
    pub fn actor(&self, staff: &Staff) -> Actor {
        let minute = self.clock.get() + 1;
        self.clock.set(minute);
        actor_at(staff.id, minute)
    }

    /// The session team.
    pub fn team(&self) -> Team {
        Team {
            team_leader: self.team_leader.id,
            controller: self.controller.id,
            teller: self.teller.id,
        }
    }

    /// Records one entry as the teller, in its own write.
    pub fn record(&mut self, new: NewEntry) -> Result<Entry, StoreError> {
        let actor = self.actor(&self.teller);
        self.store
            .write(actor, "record_entry", "", |tx| tx.record_entry(new))
    }

    /// A loan-kind entry of the loan's borrower, outside any session.
    pub fn loan_entry(
        &self,
        loan: usize,
        kind: EntryKind,
        amount: Dong,
        on: NaiveDate,
    ) -> NewEntry {
        NewEntry {
            kind,
            member_id: self.loans[loan].member_id,
            loan_id: Some(self.loans[loan].id),
            amount,
            value_date: on,
            session_id: None,
            receipt_no: None,
        }
    }

    /// A savings entry of a member, outside any session.
    pub fn savings_entry(
        &self,
        member: MemberId,
        kind: EntryKind,
        amount: Dong,
        on: NaiveDate,
    ) -> NewEntry {
        NewEntry {
            kind,
            member_id: member,
            loan_id: None,
            amount,
            value_date: on,
            session_id: None,
            receipt_no: None,
        }
    }

    /// The position of a loan on a date, as the borrower's statement shows it.
    pub fn position(&self, loan: usize, on: NaiveDate) -> LoanPosition {
        let loan = &self.loans[loan];
        self.store
            .member_statement(loan.member_id, on)
            .expect("the borrower's statement is readable")
            .loans
            .into_iter()
            .find(|l| l.loan.id == loan.id)
            .expect("the statement lists the borrower's loan")
            .position
    }

    /// A member's row of their group's collection list on a date.
    pub fn due(&self, group: usize, member: MemberId, on: NaiveDate) -> MemberDue {
        self.store
            .collection_list(self.groups[group].id, on)
            .expect("the collection list is readable")
            .into_iter()
            .find(|m| m.member_id == member)
            .expect("every member of the group is on its list")
    }

    /// The whole change log of this device.
    pub fn changes(&self) -> Vec<ChangeRow> {
        self.store
            .changes_after(0, u32::MAX)
            .expect("the change log is readable")
    }

    /// (change-log rows, audit events): what any write adds to.
    pub fn footprint(&self) -> (usize, usize) {
        (
            self.changes().len(),
            self.store
                .audit_events(u32::MAX)
                .expect("the audit trail is readable")
                .len(),
        )
    }

    /// A raw connection on the fixture's file.
    pub fn raw(&self) -> rusqlite::Connection {
        raw(&self.path)
    }
}

/// A device's change-log rows as another device pulls them.
pub fn incoming(rows: &[ChangeRow]) -> Vec<Incoming> {
    rows.iter()
        .enumerate()
        .map(|(i, r)| Incoming {
            cursor: i as i64 + 1,
            origin_device: r.device_id.clone(),
            origin_seq: r.seq,
            entity: r.entity.clone(),
            entity_id: r.entity_id.clone(),
            op: r.op.clone(),
            body: r.row_json.clone(),
            hlc: r.hlc.clone(),
        })
        .collect()
}

/// Enrols a store as a supervisor's laptop (what applying pulled pages needs).
pub fn enrolled(store: &mut Store) {
    store
        .set_sync_link(&NewSyncLink {
            server_url: "https://dongbo.example.vn".into(),
            credential: "c".repeat(64),
            scope: SyncScope {
                kind: "supervisor".into(),
                office_id: "o".into(),
                point_id: None,
                group_id: None,
            },
            enrolled_at: Utc::now(),
            bundle_secret: None,
            server_key: None,
        })
        .expect("an enrolment is stored");
}
