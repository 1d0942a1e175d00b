//! Phiên's demo commune: a realistic, deterministic transaction point to try
//! the software on.
//!
//! [`generate`] fills an empty store with the point of xã Diên Lạc (PGD
//! NHCSXH huyện Diên Khánh, Khánh Hòa): staff, the four associations, the
//! standard programs, about 40 savings-and-loan groups with about 1.400
//! members, and the books of every month up to `today`:
//!
//! - **History before the window.** Loans disbursed in the 24 months before
//!   the first session are older loans: their disbursements, interest and
//!   principal are recorded outside any session by the system account `HT`
//!   (the point's history from before it kept its books in Phiên). Savings
//!   start with the first session.
//! - **Sessions.** One session on the 15th of every month of the window
//!   (`years` years up to the last 15th on or before `today`): meetings of
//!   the groups (loan reviews before each disbursement, periodic meetings,
//!   one election), the session opened by the team, each group's
//!   collection with the leader's cash handover, the day's disbursements,
//!   and the close with a cash count by denomination equal to the expected
//!   cash.
//! - **Trouble.** Installments paid late, loans overdue at `today`, loans
//!   inactive for three months, borrowers who moved away (with a tracing
//!   log), interest arrears, frozen loans after the November 2025 storm, an
//!   extension, a deceased borrower whose debt is written off.
//!
//! **Cash at a session.** Disbursements are paid after the collection, from
//! the till, as long as the cash collected covers them; loans of the day that
//! the till cannot cover are recorded the same day outside the session (paid
//! by the district office). So every session closes with a count equal to its
//! expected cash and a difference of zero. Members pay interest in whole
//! thousands of đồng; the last few hundred đồng of a loan that is repaid in
//! full come out of the member's savings.
//!
//! **Validated and trusted paths.** Every amount is worked out with the
//! core's interest engine on the loan's flows so far, after the day's
//! principal repayment, so it obeys what the validated path checks (no more
//! interest than due, no more principal than outstanding, deposits of at
//! least 5.000 ₫, savings never below zero). The bulk of the history goes in
//! through `Tx::append_entry_trusted`; the collections of the last three
//! sessions go through `Tx::record_entry` (principal, paid by the borrower to
//! the team) and `Tx::record_collection` (the group's list 13/TD), and every
//! disbursement, decision and write-off through the validated calls.
//!
//! **Not atomic.** The demo is hundreds of write transactions (one per group
//! collection, as at a real session). If one fails, what was written before
//! stays: start again on a new file.
//!
//! **Determinism.** The store's id source is seeded from `seed` and the
//! calendar, every instant passed to the store derives from the simulated
//! dates (Vietnam time: a session opens at 07:30, collections from 08:00,
//! disbursements at 10:30, the close at 11:30), and nothing iterates a hash
//! map: two runs with the same options write the same rows, ids included.
//! Only the device's own id and creation time (made by `Store::open` from the
//! clock) differ between files; they identify the laptop, not the demo.
#![deny(missing_docs)]

mod names;
mod plan;
mod sim;

use chrono::NaiveDate;
use phien_core::ids::OfficeId;
use phien_store::{IdSource, StaffRole, Store, StoreError};
use serde::Serialize;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Seed of every random choice.
    pub seed: u64,
    /// The demo's "today": sessions run up to the last 15th on or before it.
    pub today: NaiveDate,
    /// Number of savings-and-loan groups (1–99; standard 40).
    pub n_groups: u32,
    /// Years of sessions before `today` (1–10; standard 3).
    pub years: u32,
    /// 0 (standard): the demo commune with its own office. 1–99: the n-th
    /// commune of a district of demo communes (give each its own seed), all
    /// in the office [`DISTRICT_OFFICE`]. The codes the bank gives for the
    /// whole district — the point's, customer codes (`X05-KH000001`), loan
    /// accounts and citizen ids — carry the number; the codes a commune
    /// numbers itself — groups `T01`…, staff `CB01`…, leaders' receipts —
    /// repeat from commune to commune, as real ones do.
    pub commune: u32,
}

/// The district office every commune `1..=99` of a demo district belongs to.
pub const DISTRICT_OFFICE: OfficeId = OfficeId(uuid::Uuid::from_u128(
    0x0190_0000_0000_7000_8000_0000_0000_5606,
));

impl DemoOptions {
    /// The standard demo: seed 2026, 40 groups, 3 years of sessions.
    pub fn standard(today: NaiveDate) -> Self {
        DemoOptions {
            seed: 2026,
            today,
            n_groups: 40,
            years: 3,
            commune: 0,
        }
    }
}

/// A sign-in account the demo created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoStaff {
    /// Code to sign in with (`--as CODE`).
    pub code: String,
    /// Name.
    pub full_name: String,
    /// Role.
    pub role: StaffRole,
    /// PIN, if the account has one.
    pub pin: Option<String>,
}

/// What the demo wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoReport {
    /// Groups.
    pub n_groups: u32,
    /// Members.
    pub n_members: u32,
    /// Loans (all, including repaid ones).
    pub n_loans: u32,
    /// Ledger entries.
    pub n_entries: u32,
    /// Sessions (all closed).
    pub n_sessions: u32,
    /// Group meetings.
    pub n_meetings: u32,
    /// Date of the first session.
    pub first_session: NaiveDate,
    /// Date of the last session.
    pub last_session: NaiveDate,
    /// The point's code.
    pub point_code: String,
    /// Accounts: the system account `HT`; bank staff `CB01` team leader,
    /// `CB02` controller, `CB03` teller, `CB04` loan officer, `GS01`
    /// supervisor (PIN 1234); group leaders `TT01`… (PIN 1111).
    pub staff: Vec<DemoStaff>,
}

/// Fills an empty store with the demo commune. Refuses (`not_empty`) a store
/// that already holds a point, and (`bad_options`) sizes out of range.
pub fn generate(store: &mut Store, options: &DemoOptions) -> Result<DemoReport, StoreError> {
    if !store.is_empty()? {
        return Err(StoreError::Rejected {
            code: "not_empty",
            message: "Tệp dữ liệu đã có điểm giao dịch: chỉ tạo xã mẫu trên tệp trống".into(),
        });
    }
    let bad = |message: String| StoreError::Rejected {
        code: "bad_options",
        message,
    };
    if !(1..=99).contains(&options.n_groups) {
        return Err(bad(format!(
            "Số tổ = «{}»: phải từ 1 đến 99",
            options.n_groups
        )));
    }
    if options.commune > 99 {
        return Err(bad(format!(
            "Số thứ tự xã = «{}»: phải từ 0 đến 99",
            options.commune
        )));
    }
    if !(1..=10).contains(&options.years) {
        return Err(bad(format!(
            "Số năm = «{}»: phải từ 1 đến 10",
            options.years
        )));
    }
    let timeline = plan::Timeline::new(options.today, options.years).ok_or_else(|| {
        bad(format!(
            "Ngày hôm nay = «{}»: không lập được lịch phiên",
            options.today.format("%d/%m/%Y")
        ))
    })?;
    let clock_start = timeline
        .window_from
        .and_hms_opt(8, 0, 0)
        .unwrap_or_default()
        .and_utc()
        .timestamp_millis();
    store.set_id_source(IdSource::seeded(
        options.seed,
        u64::try_from(clock_start).unwrap_or(0),
    ));
    let plan = plan::make(options.seed, options.commune, options.n_groups, &timeline);
    sim::run(store, &plan, &timeline, options.seed)
}
