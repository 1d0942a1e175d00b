//! The demo's plan: the calendar, the groups and their members, every loan
//! each household will ask for and when, and who runs into trouble. It is
//! all decided here from the seed before a row is written; the simulation
//! (`sim`) then plays the months against the real books.

use std::collections::HashSet;

use chrono::{Datelike, Days, Months, NaiveDate};
use phien_core::org::{AssociationKind, Gender, HouseholdCategory};
use rand::Rng as _;
use rand::seq::SliceRandom;

use crate::names::{self, Rng, chance, pick, rng, weighted};

/// The point's fixed monthly transaction day.
pub(crate) const FIXED_DAY: u32 = 15;

/// Months of loan history before the first session recorded in Phiên
/// (older loans, disbursed and serviced before the window; see the crate doc).
pub(crate) const PRE_WINDOW_MONTHS: usize = 24;

/// The demo's calendar: month index `t` is the 15th of a month; index 0 is
/// the start of the loan history, `window` the first session, `last` the
/// last session on or before `today`.
#[derive(Debug, Clone)]
pub(crate) struct Timeline {
    /// Today.
    pub today: NaiveDate,
    /// Date of month index 0.
    pub start: NaiveDate,
    /// Index of the first session.
    pub window: usize,
    /// Index of the last session.
    pub last: usize,
    /// `today` minus the demo's years (the id clock starts there).
    pub window_from: NaiveDate,
}

impl Timeline {
    /// The calendar for `years` years of sessions up to `today`.
    pub fn new(today: NaiveDate, years: u32) -> Option<Timeline> {
        let last_date = if today.day() >= FIXED_DAY {
            today.with_day(FIXED_DAY)?
        } else {
            today
                .with_day(1)?
                .checked_sub_months(Months::new(1))?
                .with_day(FIXED_DAY)?
        };
        let window_from = today.checked_sub_months(Months::new(12 * years))?;
        // The first session strictly after `today − years`: `years` × 12 sessions.
        let first_date = if window_from.day() < FIXED_DAY {
            window_from.with_day(FIXED_DAY)?
        } else {
            window_from
                .with_day(1)?
                .checked_add_months(Months::new(1))?
                .with_day(FIXED_DAY)?
        };
        let n = (last_date.year() - first_date.year()) * 12 + last_date.month() as i32
            - first_date.month() as i32;
        let n = usize::try_from(n).ok()?;
        let start = first_date.checked_sub_months(Months::new(PRE_WINDOW_MONTHS as u32))?;
        Some(Timeline {
            today,
            start,
            window: PRE_WINDOW_MONTHS,
            last: PRE_WINDOW_MONTHS + n,
            window_from,
        })
    }

    /// The 15th of month index `t`.
    pub fn date(&self, t: usize) -> NaiveDate {
        self.start
            .checked_add_months(Months::new(t as u32))
            .unwrap_or(self.start)
    }

    /// Month index of the month holding `day`, if it is in the calendar.
    pub fn index_of(&self, day: NaiveDate) -> Option<usize> {
        let n =
            (day.year() - self.start.year()) * 12 + day.month() as i32 - self.start.month() as i32;
        usize::try_from(n).ok().filter(|t| *t <= self.last)
    }
}

/// How a household behaves towards the bank over the months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Behaviour {
    /// Pays interest every month and principal when due.
    Normal,
    /// Stops all payments at month `stop` (món vay 3 tháng không hoạt động).
    Inactive { stop: usize },
    /// Leaves the locality at `stop` with debt; may come back.
    Moved {
        stop: usize,
        destination: &'static str,
        returned: Option<usize>,
    },
    /// Stops paying at `stop`, before maturity: the whole balance falls overdue.
    Delinquent { stop: usize },
    /// From `from`, pays half of the interest (`partial`) or none: lãi tồn.
    Arrears { from: usize, partial: bool },
    /// Loss from the storm: the loan is frozen from month `stop`.
    Frozen { stop: usize },
    /// The borrower died; learned at `stop`.
    Deceased { stop: usize },
}

impl Behaviour {
    /// Whether the household pays anything (interest, principal, savings) at month `t`.
    pub fn pays(&self, t: usize) -> bool {
        match self {
            Behaviour::Normal | Behaviour::Arrears { .. } => true,
            Behaviour::Inactive { stop }
            | Behaviour::Delinquent { stop }
            | Behaviour::Frozen { stop }
            | Behaviour::Deceased { stop } => t < *stop,
            Behaviour::Moved { stop, returned, .. } => {
                t < *stop || returned.is_some_and(|r| t >= r)
            }
        }
    }
}

/// A code the bank gives district-wide, of the `commune`-th commune of a
/// district: `X05-KH000001` for `KH000001` in commune 5; the standard
/// commune's (0) as it is.
pub(crate) fn tag(commune: u32, code: &str) -> String {
    match commune {
        0 => code.to_owned(),
        n => format!("X{n:02}-{code}"),
    }
}

/// A savings-and-loan group.
#[derive(Debug, Clone)]
pub(crate) struct GroupPlan {
    pub code: String,
    pub name: String,
    pub village: &'static str,
    pub association: AssociationKind,
    pub founded_on: NaiveDate,
    /// Leader at the start (index into `Plan::members`).
    pub leader: usize,
    /// Holds a meeting every month (otherwise every quarter).
    pub monthly_meetings: bool,
    /// Members (indexes into `Plan::members`).
    pub members: Vec<usize>,
}

/// A member household.
#[derive(Debug, Clone)]
pub(crate) struct MemberPlan {
    pub group: usize,
    pub customer_code: String,
    pub full_name: String,
    pub citizen_id: String,
    pub birth_year: u32,
    pub gender: Gender,
    pub phone: Option<String>,
    pub category: HouseholdCategory,
    pub joined_on: NaiveDate,
    /// Chance of a deposit at a session, per mille.
    pub deposit_per_mille: u32,
    /// Usual deposit.
    pub deposit_amount: i64,
    pub behaviour: Behaviour,
    pub is_leader: bool,
}

/// A principal installment the borrower does not pay on time: from the
/// installment due at `due_month` until `resume` (exclusive) no principal is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hold {
    pub due_month: usize,
    pub resume: usize,
}

/// A loan the household will ask for.
#[derive(Debug, Clone)]
pub(crate) struct LoanPlan {
    pub member: usize,
    pub program: &'static str,
    /// Whole đồng.
    pub amount: i64,
    pub term: u32,
    /// Month index of the disbursement.
    pub month: usize,
    pub purpose: &'static str,
    pub funding: &'static str,
    pub hold: Option<Hold>,
}

impl LoanPlan {
    fn maturity(&self) -> usize {
        self.month + self.term as usize
    }

    fn every(&self) -> usize {
        if self.program == "02" { 6 } else { 12 }
    }

    /// Month indexes of the installments' due dates, with their 1-based seq.
    fn due_months(&self) -> Vec<(u32, usize)> {
        let term = self.term as usize;
        let every = self.every().min(term);
        let n = term.div_ceil(every);
        (1..=n)
            .map(|i| (i as u32, self.month + (i * every).min(term)))
            .collect()
    }
}

/// A freeze (khoanh nợ) after a storm.
#[derive(Debug, Clone)]
pub(crate) struct FreezePlan {
    pub member: usize,
    /// First month the household stops paying (the decision precedes its session).
    pub month: usize,
    pub decided_on: NaiveDate,
    pub decision_no: String,
    pub reason: String,
}

/// An extension (gia hạn nợ) of one installment.
#[derive(Debug, Clone)]
pub(crate) struct ExtensionPlan {
    pub member: usize,
    pub month: usize,
    pub seq: u32,
    pub decided_on: NaiveDate,
}

/// A deceased borrower and the write-off that follows.
#[derive(Debug, Clone)]
pub(crate) struct DeathPlan {
    pub member: usize,
    pub write_off_month: usize,
    pub write_off_on: NaiveDate,
}

/// A group electing a new leader.
#[derive(Debug, Clone)]
pub(crate) struct ElectionPlan {
    pub group: usize,
    pub month: usize,
    pub new_leader: usize,
}

/// Everything decided up front.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    /// 0 for the standard commune; n for the n-th of a district of demo
    /// communes (see [`crate::DemoOptions::commune`]).
    pub commune: u32,
    pub groups: Vec<GroupPlan>,
    pub members: Vec<MemberPlan>,
    /// Ordered by month, then member.
    pub loans: Vec<LoanPlan>,
    pub freezes: Vec<FreezePlan>,
    pub extension: Option<ExtensionPlan>,
    pub death: Option<DeathPlan>,
    pub election: Option<ElectionPlan>,
}

const ASSOCIATION_CYCLE: [AssociationKind; 8] = [
    AssociationKind::Farmers,
    AssociationKind::Women,
    AssociationKind::Farmers,
    AssociationKind::Women,
    AssociationKind::Veterans,
    AssociationKind::Farmers,
    AssociationKind::Women,
    AssociationKind::Youth,
];

/// Program of a borrower's first loan (sets the household category).
const PRIMARY_PROGRAM: &[(&str, u32)] = &[
    ("01", 360),
    ("04", 210),
    ("06", 100),
    ("07", 80),
    ("02", 70),
    ("05", 50),
    ("03", 60),
];

/// Amounts in millions of đồng, weighted; within the program limits (§6.2).
fn amounts(program: &str) -> &'static [(i64, u32)] {
    match program {
        "01" => &[
            (20, 8),
            (25, 6),
            (30, 12),
            (35, 8),
            (40, 14),
            (45, 6),
            (50, 16),
            (60, 10),
            (70, 6),
            (80, 6),
            (100, 4),
        ],
        "02" => &[(20, 6), (30, 10), (40, 12), (50, 10), (60, 8), (70, 4)],
        "03" => &[(10, 4), (12, 3), (15, 8), (18, 4), (20, 12), (25, 16)],
        "04" => &[
            (20, 8),
            (30, 14),
            (40, 16),
            (50, 18),
            (60, 10),
            (70, 6),
            (80, 6),
            (100, 3),
        ],
        "05" => &[(20, 6), (30, 12), (40, 14), (50, 14), (60, 8), (80, 4)],
        "06" => &[(40, 6), (50, 12), (60, 8), (70, 6), (80, 6), (100, 10)],
        _ => &[(30, 8), (40, 10), (50, 14), (60, 10), (80, 8), (100, 6)],
    }
}

/// Terms in months, weighted (students longer).
fn terms(program: &str) -> &'static [(u32, u32)] {
    match program {
        "01" => &[(24, 5), (36, 35), (48, 20), (60, 40)],
        "02" => &[(60, 20), (72, 30), (84, 25), (96, 25)],
        "03" => &[(36, 20), (48, 20), (60, 60)],
        "04" => &[(24, 5), (36, 40), (48, 20), (60, 35)],
        "05" => &[(36, 40), (48, 25), (60, 35)],
        "06" => &[(24, 15), (36, 35), (48, 20), (60, 30)],
        _ => &[(36, 30), (48, 25), (60, 45)],
    }
}

fn category_of(program: &str) -> HouseholdCategory {
    match program {
        "01" => HouseholdCategory::Poor,
        "02" => HouseholdCategory::Student,
        "04" => HouseholdCategory::NearPoor,
        "05" => HouseholdCategory::NewlyEscaped,
        _ => HouseholdCategory::Other,
    }
}

fn day_in(rng: &mut Rng, year: i32) -> NaiveDate {
    let month = rng.random_range(1..=12u32);
    let day = rng.random_range(1..=28u32);
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

/// `n` for the standard 1.400 members, scaled to this demo's size, at least 1.
fn scaled(n: usize, n_members: usize) -> usize {
    ((n * n_members + 700) / 1400).max(1)
}

/// Builds the plan.
pub(crate) fn make(seed: u64, commune: u32, n_groups: u32, tl: &Timeline) -> Plan {
    let mut people = rng(seed, 1);
    let mut lending = rng(seed, 2);
    let mut trouble = rng(seed, 3);
    let last = tl.last;

    let mut groups = Vec::new();
    let mut members: Vec<MemberPlan> = Vec::new();
    let mut loans: Vec<LoanPlan> = Vec::new();
    let mut citizen_ids: HashSet<String> = HashSet::new();

    // Group names: number the groups of one association in one village.
    let layout: Vec<(&'static str, AssociationKind)> = (0..n_groups as usize)
        .map(|i| {
            (
                names::VILLAGES[i % names::VILLAGES.len()],
                ASSOCIATION_CYCLE[i % ASSOCIATION_CYCLE.len()],
            )
        })
        .collect();

    for (gi, (village, association)) in layout.iter().copied().enumerate() {
        let same = layout
            .iter()
            .filter(|(v, a)| *v == village && *a == association)
            .count();
        let nth = layout[..=gi]
            .iter()
            .filter(|(v, a)| *v == village && *a == association)
            .count();
        let name = if same > 1 {
            format!(
                "Tổ TK&VV {village} {nth} – {}",
                names::association_short(association)
            )
        } else {
            format!(
                "Tổ TK&VV {village} – {}",
                names::association_short(association)
            )
        };
        let founded_year = people.random_range(2003..=2016);
        let founded_on = day_in(&mut people, founded_year);
        let size = people.random_range(20..=50usize);
        let (female_pm, born_from, born_to) = match association {
            AssociationKind::Farmers => (450, 1955, 1995),
            AssociationKind::Women => (960, 1960, 1998),
            AssociationKind::Veterans => (100, 1955, 1975),
            AssociationKind::Youth => (500, 1985, 2000),
        };
        let mut names_here: HashSet<String> = HashSet::new();
        let mut group_members = Vec::new();
        for _ in 0..size {
            let female = chance(&mut people, female_pm);
            let mut full_name = names::person_name(&mut people, female);
            for _ in 0..8 {
                if !names_here.contains(&full_name) {
                    break;
                }
                full_name = names::person_name(&mut people, female);
            }
            names_here.insert(full_name.clone());
            let birth_year: u32 = people.random_range(born_from..=born_to);
            // CCCD: province 056, gender/century digit, year, 6 digits.
            let century_digit = match (birth_year >= 2000, female) {
                (false, false) => 0,
                (false, true) => 1,
                (true, false) => 2,
                (true, true) => 3,
            };
            let citizen_id = loop {
                // A district's communes draw from their own ranges: the
                // n-th's six digits start with n.
                let serial = match commune {
                    0 => people.random_range(0..1_000_000u32),
                    n => n * 10_000 + people.random_range(0..10_000u32),
                };
                let id = format!("056{century_digit}{:02}{serial:06}", birth_year % 100);
                if citizen_ids.insert(id.clone()) {
                    break id;
                }
            };
            let phone = chance(&mut people, 920).then(|| names::phone(&mut people));
            let deposit_amount = 1_000
                * weighted(
                    &mut people,
                    &[
                        (10, 10),
                        (15, 5),
                        (20, 25),
                        (30, 15),
                        (40, 5),
                        (50, 25),
                        (100, 10),
                    ],
                );
            let member = MemberPlan {
                group: gi,
                customer_code: tag(commune, &format!("KH{:06}", members.len() + 1)),
                full_name,
                citizen_id,
                birth_year,
                gender: if female { Gender::Female } else { Gender::Male },
                phone,
                category: HouseholdCategory::Other,
                joined_on: founded_on,
                deposit_per_mille: people.random_range(550..=950),
                deposit_amount,
                behaviour: Behaviour::Normal,
                is_leader: false,
            };
            group_members.push(members.len());
            members.push(member);
        }
        // Leader: a member of working age, a woman in a Women's Union group.
        let leader = group_members
            .iter()
            .copied()
            .find(|&m| {
                let p = &members[m];
                (1958..=1985).contains(&p.birth_year) && fits_association(association, p.gender)
            })
            .unwrap_or(group_members[0]);
        members[leader].is_leader = true;
        groups.push(GroupPlan {
            code: format!("T{:02}", gi + 1),
            name,
            village,
            association,
            founded_on,
            leader,
            monthly_meetings: gi % 3 == 0,
            members: group_members,
        });
    }

    // Loans: each borrower's first loan, re-loans after maturity, and some
    // clean-water loans on the side.
    for (mi, member) in members.iter_mut().enumerate() {
        if !chance(&mut lending, 850) {
            continue;
        }
        let primary = weighted(&mut lending, PRIMARY_PROGRAM);
        member.category = category_of(primary);
        let mut month = lending.random_range(0..=last);
        loop {
            let plan = new_loan(&mut lending, mi, primary, month);
            let next = plan.maturity() + lending.random_range(1..=4usize);
            loans.push(plan);
            if primary == "02" || primary == "03" || next > last {
                break;
            }
            month = next;
        }
        if primary != "03" && chance(&mut lending, 150) {
            let month = lending.random_range(0..=last);
            loans.push(new_loan(&mut lending, mi, "03", month));
        }
    }
    loans.sort_by_key(|l| (l.month, l.member));

    // Members joined their group before their first loan.
    for (mi, member) in members.iter_mut().enumerate() {
        let founded = groups[member.group].founded_on;
        let first = loans
            .iter()
            .find(|l| l.member == mi)
            .map_or(tl.date(tl.window), |l| tl.date(l.month));
        let latest = first.checked_sub_days(Days::new(30)).unwrap_or(first);
        let span = (latest - founded).num_days().max(0);
        let offset = people.random_range(0..=span);
        member.joined_on = founded
            .checked_add_days(Days::new(offset as u64))
            .unwrap_or(founded);
    }

    // Trouble. Candidates are ordinary members (not leaders) in a seeded order.
    let n_members = members.len();
    let mut order: Vec<usize> = (0..n_members).collect();
    order.shuffle(&mut trouble);
    let mut by_member: Vec<Vec<usize>> = vec![Vec::new(); n_members];
    for (i, loan) in loans.iter().enumerate() {
        by_member[loan.member].push(i);
    }
    let loans_of = |m: usize, _: &[LoanPlan]| -> Vec<usize> { by_member[m].clone() };
    let free = |m: usize, members: &[MemberPlan]| -> bool {
        members[m].behaviour == Behaviour::Normal && !members[m].is_leader
    };

    // Frozen loans after the storm of November 2025 (or, for a demo dated
    // elsewhere, floods three months before the last session).
    let storm_decision = NaiveDate::from_ymd_opt(2025, 12, 10).unwrap_or_default();
    let (freeze_month, freeze_on, freeze_reason) = match tl.index_of(storm_decision) {
        Some(t)
            if t >= 12
                && t < last
                && tl.date(t) > storm_decision
                && tl.today
                    < storm_decision
                        .checked_add_months(Months::new(30))
                        .unwrap_or_default() =>
        {
            (
                t,
                storm_decision,
                "Bão số 13 (11/2025) làm sập chuồng trại, chết bò; thiệt hại trên 40% vốn vay"
                    .to_string(),
            )
        }
        _ => {
            let t = last.saturating_sub(3);
            let flood = tl
                .date(t)
                .checked_sub_months(Months::new(1))
                .unwrap_or_default();
            (
                t,
                tl.date(t)
                    .checked_sub_days(Days::new(5))
                    .unwrap_or_default(),
                format!(
                    "Lũ lụt tháng {:02}/{} làm sập chuồng trại, chết gia súc; thiệt hại trên 40% vốn vay",
                    flood.month(),
                    flood.year()
                ),
            )
        }
    };
    let n_frozen = if n_members >= 700 { 2 } else { 1 };
    let mut freezes = Vec::new();
    for &m in &order {
        if freezes.len() >= n_frozen {
            break;
        }
        let own = loans_of(m, &loans);
        if !free(m, &members) || own.len() != 1 {
            continue;
        }
        let l = &loans[own[0]];
        if ["01", "04", "05", "07"].contains(&l.program)
            && l.month + 6 <= freeze_month
            && l.maturity() > freeze_month + 12
        {
            members[m].behaviour = Behaviour::Frozen { stop: freeze_month };
            freezes.push(FreezePlan {
                member: m,
                month: freeze_month,
                decided_on: freeze_on,
                decision_no: format!("{}/QĐ-NHCS", 15 + freezes.len()),
                reason: freeze_reason.clone(),
            });
        }
    }

    // One borrower died; the debt is written off six months later.
    let death_month = last.saturating_sub(10);
    let mut death = None;
    for &m in &order {
        let own = loans_of(m, &loans);
        if !free(m, &members) || own.len() != 1 {
            continue;
        }
        let l = &loans[own[0]];
        if l.program != "02" && l.month + 3 <= death_month && l.maturity() > last {
            members[m].behaviour = Behaviour::Deceased { stop: death_month };
            let write_off_month = death_month + 6;
            death = Some(DeathPlan {
                member: m,
                write_off_month,
                write_off_on: tl
                    .date(write_off_month)
                    .checked_add_days(Days::new(5))
                    .unwrap_or_default(),
            });
            break;
        }
    }

    // Borrowers who moved away with debt; one of them came back.
    let n_moved = scaled(10, n_members) + 1;
    for k in 0..n_moved {
        let returning = k == 0;
        let months_away = if returning {
            14
        } else {
            trouble.random_range(2..=18usize)
        };
        let stop = (last + 1).saturating_sub(months_away);
        let destination = *pick(&mut trouble, names::DESTINATIONS);
        let found = order.iter().copied().find(|&m| {
            free(m, &members)
                && loans_of(m, &loans)
                    .iter()
                    .any(|&i| loans[i].month + 3 <= stop && loans[i].maturity() > stop)
        });
        if let Some(m) = found {
            members[m].behaviour = Behaviour::Moved {
                stop,
                destination,
                returned: returning.then(|| last.saturating_sub(3)),
            };
        }
    }

    // Inactive for 3+ months at today: stopped paying 3–7 months before the last session.
    for _ in 0..scaled(22, n_members) {
        let months_since_payment = trouble.random_range(3..=7usize);
        let stop = (last + 1).saturating_sub(months_since_payment);
        let found = order.iter().copied().find(|&m| {
            free(m, &members)
                && loans_of(m, &loans).iter().any(|&i| {
                    loans[i].program != "02"
                        && loans[i].month + 4 <= stop
                        && loans[i].maturity() > last
                })
        });
        if let Some(m) = found {
            members[m].behaviour = Behaviour::Inactive { stop };
        }
    }

    // Fully delinquent: stopped paying before maturity, the loan has matured.
    for _ in 0..scaled(8, n_members) {
        let found = order.iter().copied().find_map(|m| {
            if !free(m, &members) {
                return None;
            }
            loans_of(m, &loans).into_iter().find_map(|i| {
                let l = &loans[i];
                let maturity = l.maturity();
                (maturity + 14 >= last && maturity < last && l.month + 12 <= maturity)
                    .then_some((m, maturity))
            })
        });
        if let Some((m, maturity)) = found {
            let stop = maturity.saturating_sub(trouble.random_range(0..=6usize));
            members[m].behaviour = Behaviour::Delinquent { stop };
        }
    }

    // Interest arrears: skipped or halved the interest of the last one or two sessions.
    for _ in 0..scaled(10, n_members) {
        let from = (last + 1).saturating_sub(trouble.random_range(1..=2usize));
        let partial = chance(&mut trouble, 500);
        let found = order.iter().copied().find(|&m| {
            free(m, &members)
                && loans_of(m, &loans)
                    .iter()
                    .any(|&i| loans[i].month + 2 <= last && loans[i].maturity() > last)
        });
        if let Some(m) = found {
            members[m].behaviour = Behaviour::Arrears { from, partial };
        }
    }

    // One extension of an installment that fell due in the last year.
    let mut extension = None;
    'outer: for &m in &order {
        let own = loans_of(m, &loans);
        if !free(m, &members) || own.len() != 1 || loans[own[0]].program == "02" {
            continue;
        }
        let l = &loans[own[0]];
        let dues = l.due_months();
        for &(seq, due) in &dues[..dues.len().saturating_sub(1)] {
            if due + 10 >= last && due + 2 <= last {
                extension = Some(ExtensionPlan {
                    member: m,
                    month: due,
                    seq,
                    decided_on: tl
                        .date(due)
                        .checked_sub_days(Days::new(3))
                        .unwrap_or_default(),
                });
                break 'outer;
            }
        }
    }
    let extended_member = extension.as_ref().map(|e| e.member);

    // Installments paid late: most are caught up within a few months; some
    // that fell due in the last eight months are still unpaid at today.
    for loan in loans.iter_mut() {
        let behaviour = &members[loan.member].behaviour;
        if !matches!(behaviour, Behaviour::Normal | Behaviour::Arrears { .. })
            || Some(loan.member) == extended_member
        {
            continue;
        }
        for (_, due) in loan.due_months() {
            if due > last {
                break;
            }
            if due + 8 > last {
                if chance(&mut lending, 40) {
                    loan.hold = Some(Hold {
                        due_month: due,
                        resume: usize::MAX,
                    });
                    break;
                }
            } else if chance(&mut lending, 25) {
                loan.hold = Some(Hold {
                    due_month: due,
                    resume: due + lending.random_range(1..=4usize),
                });
                break;
            }
        }
    }

    // An election in one group: a new leader takes over.
    let election = if groups.is_empty() {
        None
    } else {
        let gi = 4.min(groups.len() - 1);
        let month = tl.window.max(last.saturating_sub(10));
        let association = groups[gi].association;
        let new_leader = groups[gi].members.iter().copied().find(|&m| {
            free(m, &members)
                && Some(m) != extended_member
                && (1960..=1988).contains(&members[m].birth_year)
                && fits_association(association, members[m].gender)
        });
        new_leader.map(|new_leader| ElectionPlan {
            group: gi,
            month,
            new_leader,
        })
    };

    Plan {
        commune,
        groups,
        members,
        loans,
        freezes,
        extension,
        death,
        election,
    }
}

/// Women lead Women's Union groups, men lead Veterans' groups.
fn fits_association(association: AssociationKind, gender: Gender) -> bool {
    match association {
        AssociationKind::Women => gender == Gender::Female,
        AssociationKind::Veterans => gender == Gender::Male,
        _ => true,
    }
}

fn new_loan(rng: &mut Rng, member: usize, program: &'static str, month: usize) -> LoanPlan {
    let amount = weighted(rng, amounts(program)) * 1_000_000;
    let term = weighted(rng, terms(program));
    let purpose = *pick(rng, names::purposes(program));
    LoanPlan {
        member,
        program,
        amount,
        term,
        month,
        purpose,
        funding: if chance(rng, 100) { "local" } else { "central" },
        hold: None,
    }
}
