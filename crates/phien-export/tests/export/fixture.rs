//! A small point whose reports are computed by `phien_core::report` itself
//! (nothing here is a made-up figure): one office, one point, two groups of
//! two associations, five borrowers — one of them named with every
//! Vietnamese letter, one typed with combining marks — and the plain data
//! of the forms (13/TD, notice, receipts, minutes).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use phien_core::collection::{LoanDue, MemberDue};
use phien_core::dates::Month;
use phien_core::ids::{GroupId, LoanId, MeetingId, MemberId, StaffId, StatusEventId, TraceId};
use phien_core::ledger::{EntryKind, LoanFlow};
use phien_core::loan::{Installment, LendingMethod, Loan};
use phien_core::meeting::{Decision, Meeting, MeetingKind, Presence};
use phien_core::money::Dong;
use phien_core::notice::{NoticeBorrower, NoticeGroup, PublicNotice, notice_loan, rates_on};
use phien_core::policy::Policy;
use phien_core::position::LoanFacts;
use phien_core::program::{Program, ProgramCode, RateHistory, standard_programs};
use phien_core::report::compare::{Comparison, Indicator, compare};
use phien_core::report::fees::{FeeRates, FeeReport};
use phien_core::report::rating::{RatingReport, RatingSchemes};
use phien_core::report::watchlist::{SortBy, WatchKind, Watchlist};
use phien_core::report::{
    CreditReport, Level, Org, PointCalendar, ReportBook, ReportInput, SavingsBalance, Unit,
};
use phien_core::status::{Agency, StatusEvent, StatusKind, Trace};
use phien_export::{CollectionSheet, Letterhead, MinutesSheet, ReceiptSlip};
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("fixture dates are valid")
}

/// The report date.
pub fn as_of() -> NaiveDate {
    d(2026, 11, 27)
}

pub fn letterhead() -> Letterhead {
    Letterhead {
        office: "PGD NHCSXH huyện Diên Khánh".into(),
        point: "Điểm giao dịch xã Diên Phú".into(),
        printed_on: d(2026, 11, 28),
    }
}

/// Every letter Vietnamese writes with a diacritic, both cases: ă â đ ê ô
/// ơ ư, and each of the twelve vowels (a ă â e ê i o ô ơ u ư y) with each of
/// the five tone marks (huyền, sắc, hỏi, ngã, nặng) — 134 letters.
pub fn vietnamese_letters() -> BTreeSet<char> {
    let vowels = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
    let tones = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
    let mut lower: Vec<char> = "ăâđêôơư".chars().collect();
    for vowel in vowels {
        for tone in tones {
            let composed: Vec<char> = [vowel, tone].iter().collect::<String>().nfc().collect();
            assert_eq!(
                composed.len(),
                1,
                "{vowel} with tone U+{:04X} has a precomposed letter",
                u32::from(tone)
            );
            lower.push(composed[0]);
        }
    }
    let upper: Vec<char> = lower.iter().flat_map(|c| c.to_uppercase()).collect();
    let all: BTreeSet<char> = lower.into_iter().chain(upper).collect();
    assert_eq!(all.len(), 134, "67 letters in each case");
    all
}

/// A borrower named with every Vietnamese letter, grouped by vowel so the
/// name wraps like words: "Aàáảãạ Ăằắẳẵặ …".
pub fn alphabet_name() -> String {
    let letters = vietnamese_letters();
    let lower: String = letters.iter().filter(|c| c.is_lowercase()).collect();
    let upper: String = letters.iter().filter(|c| c.is_uppercase()).collect();
    let words = |s: &str| -> String {
        let chars: Vec<char> = s.chars().collect();
        chars
            .chunks(6)
            .map(|w| w.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!("Thử Chữ {} {}", words(&lower), words(&upper))
}

/// "Nguyễn Thị Hoa" as Unikey's "Unicode tổ hợp" types it: ê and its tilde
/// as combining marks.
pub fn decomposed_name() -> String {
    "Nguye\u{302}\u{303}n Thi\u{323} Hoa".to_string()
}

pub const OFFICE: Uuid = Uuid::from_u128(1);
pub const POINT: Uuid = Uuid::from_u128(2);
pub const HND: Uuid = Uuid::from_u128(11);
pub const HPN: Uuid = Uuid::from_u128(12);
pub const T01: Uuid = Uuid::from_u128(101);
pub const T02: Uuid = Uuid::from_u128(102);

/// Customer code, name and group of the five borrowers.
pub fn borrowers() -> Vec<(String, String, Uuid)> {
    vec![
        ("KH5601".into(), decomposed_name(), T01),
        ("KH5602".into(), "Trần Văn Bình".into(), T01),
        ("KH5603".into(), alphabet_name(), T01),
        ("KH5604".into(), "Đặng Thị Hồng".into(), T02),
        ("KH5605".into(), "Lê Văn Đức".into(), T02),
    ]
}

fn member(n: usize) -> MemberId {
    MemberId(Uuid::from_u128(1000 + n as u128))
}

/// The books: loans with their schedules and flows, a move and its tracing.
pub struct Book {
    pub org: Org,
    pub calendars: Vec<PointCalendar>,
    pub loans: Vec<Loan>,
    pub flows: Vec<Vec<LoanFlow>>,
    pub statuses: Vec<StatusEvent>,
    pub traces: Vec<Trace>,
    pub savings: Vec<SavingsBalance>,
    pub programs: Vec<(Program, RateHistory)>,
    pub policy: Policy,
}

/// A loan of the fixture: member, program, amount, disbursed, installments.
type LoanTerms = (usize, &'static str, i64, NaiveDate, Vec<(NaiveDate, i64)>);

fn flow(kind: EntryKind, date: NaiveDate, amount: i64) -> LoanFlow {
    LoanFlow {
        kind,
        date,
        amount: Dong(amount),
    }
}

impl Book {
    pub fn new() -> Book {
        let unit = |id: Uuid, parent: Option<Uuid>, code: &str, label: &str| Unit {
            id,
            parent,
            code: code.into(),
            label: label.into(),
        };
        let org = Org {
            offices: vec![unit(OFFICE, None, "5606", "PGD NHCSXH huyện Diên Khánh")],
            points: vec![unit(
                POINT,
                Some(OFFICE),
                "DP",
                "Điểm giao dịch xã Diên Phú",
            )],
            associations: vec![
                unit(HND, Some(POINT), "HND", "Hội Nông dân"),
                unit(HPN, Some(POINT), "HPN", "Hội Liên hiệp Phụ nữ"),
            ],
            groups: vec![
                unit(T01, Some(HND), "T01", "Tổ TK&VV Thôn Phú Ân Nam"),
                unit(T02, Some(HPN), "T02", "Tổ TK&VV Thôn Đông Hải"),
            ],
            borrowers: borrowers()
                .into_iter()
                .enumerate()
                .map(|(n, (code, name, group))| Unit {
                    id: member(n).0,
                    parent: Some(group),
                    code,
                    label: name,
                })
                .collect(),
        };
        let mut session_days = Vec::new();
        let mut month = Month::new(2025, 1).expect("valid month");
        while month.first_day() <= as_of() {
            session_days.push(month.day(15));
            month = month.next();
        }
        let calendars = vec![PointCalendar {
            point: POINT,
            fixed_day: 15,
            session_days,
        }];
        let terms: [LoanTerms; 5] = [
            (
                0,
                "01",
                30_000_000,
                d(2025, 1, 15),
                vec![
                    (d(2026, 1, 15), 10_000_000),
                    (d(2027, 1, 15), 10_000_000),
                    (d(2028, 1, 15), 10_000_000),
                ],
            ),
            (
                1,
                "04",
                20_000_000,
                d(2025, 1, 15),
                vec![(d(2026, 7, 15), 10_000_000), (d(2027, 1, 15), 10_000_000)],
            ),
            (
                2,
                "03",
                10_000_000,
                d(2025, 3, 15),
                vec![(d(2027, 3, 15), 10_000_000)],
            ),
            (
                3,
                "01",
                40_000_000,
                d(2025, 1, 15),
                vec![(d(2026, 1, 15), 20_000_000), (d(2027, 1, 15), 20_000_000)],
            ),
            (
                4,
                "06",
                15_000_000,
                d(2025, 6, 15),
                vec![(d(2026, 6, 15), 15_000_000)],
            ),
        ];
        let mut loans = Vec::new();
        let mut flows = Vec::new();
        for (n, (who, program, amount, disbursed_on, schedule)) in terms.into_iter().enumerate() {
            loans.push(Loan {
                id: LoanId(Uuid::from_u128(2000 + n as u128)),
                member_id: member(who),
                account_no: format!("66000000000001{n:02}"),
                program: ProgramCode(program.into()),
                funding_source: "central".into(),
                amount: Dong(amount),
                disbursed_on,
                term_months: 24,
                purpose: "Chăn nuôi bò sinh sản".into(),
                method: LendingMethod::Entrusted,
                installments: schedule
                    .iter()
                    .enumerate()
                    .map(|(seq, (due_on, amount))| Installment {
                        seq: u32::try_from(seq + 1).expect("few installments"),
                        due_on: *due_on,
                        amount: Dong(*amount),
                    })
                    .collect(),
                last_activity_before_import: None,
            });
            flows.push(vec![flow(EntryKind::Disbursement, disbursed_on, amount)]);
        }
        // The first and fourth borrowers repay on time and pay November's interest.
        flows[0].push(flow(
            EntryKind::PrincipalRepayment,
            d(2026, 1, 15),
            10_000_000,
        ));
        flows[0].push(flow(EntryKind::InterestPayment, d(2026, 11, 15), 100_000));
        flows[3].push(flow(
            EntryKind::PrincipalRepayment,
            d(2026, 1, 15),
            20_000_000,
        ));
        flows[3].push(flow(EntryKind::InterestPayment, d(2026, 10, 15), 250_000));
        let event = StatusEventId(Uuid::from_u128(3000));
        let statuses = vec![StatusEvent {
            id: event,
            member_id: member(4),
            kind: StatusKind::MovedAway,
            learned_on: d(2026, 9, 20),
            destination: Some("Bình Dương".into()),
            source: "Tổ trưởng báo".into(),
            note: None,
            recorded_by: StaffId(Uuid::from_u128(9)),
        }];
        let traces = vec![Trace {
            id: TraceId(Uuid::from_u128(3001)),
            event_id: event,
            agency: Agency::Police,
            asked_on: d(2026, 10, 1),
            answer: Some("Đang làm công nhân tại Thuận An".into()),
            answered_on: Some(d(2026, 10, 20)),
            recorded_by: StaffId(Uuid::from_u128(9)),
        }];
        let savings = (0..5)
            .map(|n| SavingsBalance {
                member: member(n),
                opening: Dong(100_000 * (n as i64 + 1)),
                closing: Dong(120_000 * (n as i64 + 1)),
            })
            .collect();
        let programs = standard_programs()
            .into_iter()
            .map(|(p, periods)| (p, RateHistory::new(periods)))
            .collect();
        Book {
            org,
            calendars,
            loans,
            flows,
            statuses,
            traces,
            savings,
            programs,
            policy: Policy::default(),
        }
    }

    fn facts(&self) -> Vec<LoanFacts<'_>> {
        self.loans
            .iter()
            .zip(&self.flows)
            .map(|(loan, flows)| LoanFacts {
                loan,
                rates: self.rates_of(&loan.program),
                is_student: false,
                flows,
                decisions: &[],
            })
            .collect()
    }

    fn rates_of(&self, program: &ProgramCode) -> &RateHistory {
        &self
            .programs
            .iter()
            .find(|(p, _)| &p.code == program)
            .expect("fixture loans use standard programs")
            .1
    }

    /// Runs `f` on the book measured on the report date.
    pub fn measure<T>(&self, f: impl FnOnce(&ReportBook<'_>) -> T) -> T {
        let facts = self.facts();
        let input = ReportInput {
            org: &self.org,
            calendars: &self.calendars,
            loans: &facts,
            statuses: &self.statuses,
            traces: &self.traces,
            savings: &self.savings,
            policy: &self.policy,
        };
        f(&ReportBook::new(input, as_of()))
    }

    pub fn credit(&self) -> CreditReport {
        self.measure(|b| b.credit_report())
    }

    pub fn ratings(&self) -> RatingReport {
        self.measure(|b| b.ratings(&RatingSchemes::default()))
    }

    pub fn fees(&self) -> FeeReport {
        self.measure(|b| b.fees(&FeeRates::standard()))
    }

    pub fn watchlist(&self, kind: WatchKind) -> Watchlist {
        self.measure(|b| b.watchlist(kind, SortBy::Amount, None))
    }

    pub fn comparison(&self) -> Comparison {
        compare(&self.credit(), Level::Group, Indicator::OverdueRatio, None)
    }

    /// The notice, assembled the way the store does.
    pub fn notice(&self) -> PublicNotice {
        let facts = self.facts();
        let groups = self
            .org
            .groups
            .iter()
            .zip(["Thôn Phú Ân Nam", "Thôn Đông Hải"])
            .zip(["Hội Nông dân", "Hội Liên hiệp Phụ nữ"])
            .map(|((group, village), association)| NoticeGroup {
                code: group.code.clone(),
                name: group.label.clone(),
                village: village.into(),
                association: association.into(),
                leader: Some("Trần Văn Bình".into()),
                borrowers: self
                    .org
                    .borrowers
                    .iter()
                    .filter(|b| b.parent == Some(group.id))
                    .filter_map(|b| {
                        let loans: Vec<_> = facts
                            .iter()
                            .filter(|f| f.loan.member_id.0 == b.id)
                            .filter_map(|f| notice_loan(*f, as_of()))
                            .collect();
                        (!loans.is_empty()).then(|| NoticeBorrower {
                            customer_code: b.code.clone(),
                            name: b.label.clone(),
                            loans,
                        })
                    })
                    .collect(),
            })
            .collect();
        PublicNotice {
            office: "PGD NHCSXH huyện Diên Khánh".into(),
            point: "Điểm giao dịch xã Diên Phú".into(),
            address: "UBND xã Diên Phú".into(),
            on: as_of(),
            rates: rates_on(&self.programs, &self.policy, as_of()),
            groups,
        }
    }
}

/// The 13/TD rows of T01 for the session of 15/12/2026, as the store would
/// compute them (figures chosen by hand; the store's own tests check them).
pub fn collection_rows() -> Vec<MemberDue> {
    let loan =
        |n: u128, account: &str, outstanding, overdue, principal_due, interest, arrears| LoanDue {
            loan_id: LoanId(Uuid::from_u128(2000 + n)),
            account_no: account.into(),
            program: ProgramCode("01".into()),
            disbursed_on: d(2025, 1, 15),
            outstanding: Dong(outstanding),
            overdue: Dong(overdue),
            principal_due: Dong(principal_due),
            interest_due: Dong(interest),
            interest_due_without_principal: Dong(interest),
            interest_arrears: Dong(arrears),
        };
    let names = borrowers();
    vec![
        MemberDue {
            member_id: member(0),
            customer_code: names[0].0.clone(),
            full_name: names[0].1.clone(),
            loans: vec![loan(0, "6600000000000100", 20_000_000, 0, 0, 106_082, 0)],
            savings_balance: Dong(120_000),
        },
        MemberDue {
            member_id: member(1),
            customer_code: names[1].0.clone(),
            full_name: names[1].1.clone(),
            loans: vec![loan(
                1,
                "6600000000000101",
                20_000_000,
                10_000_000,
                10_000_000,
                1_843_617,
                1_713_479,
            )],
            savings_balance: Dong(240_000),
        },
        MemberDue {
            member_id: member(2),
            customer_code: names[2].0.clone(),
            full_name: names[2].1.clone(),
            loans: vec![loan(
                2,
                "6600000000000102",
                10_000_000,
                0,
                0,
                1_347_945,
                1_278_904,
            )],
            savings_balance: Dong(0),
        },
    ]
}

pub fn collection_sheet(rows: &[MemberDue]) -> CollectionSheet<'_> {
    CollectionSheet {
        group_code: "T01",
        group_name: "Tổ TK&VV Thôn Phú Ân Nam",
        village: "Thôn Phú Ân Nam",
        association: "Hội Nông dân",
        leader: Some("Trần Văn Bình"),
        session_day: d(2026, 12, 15),
        members: rows,
    }
}

pub fn receipt_slips() -> Vec<ReceiptSlip> {
    let names = borrowers();
    let slip = |n: usize, no: &str, interest: i64, deposit: i64| ReceiptSlip {
        receipt_no: Some(no.into()),
        received_on: d(2026, 12, 10),
        group: "Tổ TK&VV Thôn Phú Ân Nam (T01)".into(),
        member_name: names[n].1.clone(),
        customer_code: names[n].0.clone(),
        interest: Dong(interest),
        principal: Dong::ZERO,
        savings_deposit: Dong(deposit),
        savings_withdrawal: Dong::ZERO,
        interest_from_savings: Dong::ZERO,
        receiver: Some("Trần Văn Bình".into()),
        voided: None,
    };
    let mut voided = slip(2, "BL-0003", 50_000, 0);
    voided.voided = Some("Ghi nhầm số tiền".into());
    vec![
        slip(0, "BL-0001", 106_082, 50_000),
        slip(1, "BL-0002", 1_005_000, 20_000),
        voided,
    ]
}

pub fn meeting() -> Meeting {
    Meeting {
        id: MeetingId(Uuid::from_u128(4000)),
        group_id: GroupId(T01),
        held_on: d(2026, 11, 10),
        kind: MeetingKind::LoanReview,
        agenda: "Bình xét cho vay hộ nghèo đợt tháng 12".into(),
        attendance: vec![
            (member(0), Presence::Present),
            (member(1), Presence::Represented),
        ],
        decisions: vec![
            Decision::LoanRequest {
                member_id: member(0),
                program: ProgramCode("01".into()),
                amount: Dong(40_000_000),
                term_months: 36,
                approved: true,
                note: None,
            },
            Decision::LoanRequest {
                member_id: member(2),
                program: ProgramCode("04".into()),
                amount: Dong(30_000_000),
                term_months: 24,
                approved: false,
                note: Some("Chưa có phương án sử dụng vốn".into()),
            },
            Decision::Text {
                text: "Nhắc các hộ nộp lãi đúng hạn".into(),
            },
        ],
        minutes: "Tổ họp lúc 8 giờ tại nhà văn hóa thôn. Tổ trưởng phổ biến chính sách cho vay hộ nghèo; các tổ viên thảo luận từng hộ đề nghị vay.".into(),
        recorded_by: StaffId(Uuid::from_u128(9)),
    }
}

pub fn minutes_members() -> Vec<(MemberId, String, String)> {
    borrowers()
        .into_iter()
        .take(3)
        .enumerate()
        .map(|(n, (code, name, _))| (member(n), code, name))
        .collect()
}

pub fn program_names() -> Vec<(ProgramCode, String)> {
    standard_programs()
        .into_iter()
        .map(|(p, _)| (p.code, p.name_vi))
        .collect()
}

pub fn minutes_sheet<'a>(
    meeting: &'a Meeting,
    members: &'a [(MemberId, String, String)],
    programs: &'a [(ProgramCode, String)],
) -> MinutesSheet<'a> {
    MinutesSheet {
        meeting,
        group_code: "T01",
        group_name: "Tổ TK&VV Thôn Phú Ân Nam",
        village: "Thôn Phú Ân Nam",
        association: "Hội Nông dân",
        leader: Some("Trần Văn Bình"),
        members,
        programs,
        recorded_by: "Phạm Thị Quỹ",
    }
}
