//! Loading parsed HSTD rows into a point's books, through the store's API only.
//!
//! [`load`] checks every row against what the database already holds, reports **every**
//! problem at once ([`LoadError::Rows`], with the file's line numbers) and, only when there is
//! none, writes everything in **one** [`Store::write`] transaction (`import_hstd`): any failure
//! there rolls the whole file back. Nothing here writes SQL.
//!
//! # Mapping
//!
//! **Office and point.** On an empty database (`store.point()` is `None`) the loader creates:
//! * the office (PGD) named by the first row's «Tên PGD», code `PGD-` + the initials of its
//!   folded words without the generic ones (`PGD NHCSXH huyện Diên Khánh` → `PGD-HDK`);
//! * the point `Điểm giao dịch xã <Tên xã of the first row>`, code `DGD-` + initials
//!   (`Xã Diên Phú` → `DGD-XDP`), address `Trụ sở UBND xã <Tên xã>`, fixed transaction
//!   day **15** (HSTD does not say; the report's notes ask the user to correct it);
//! * every distinct «Tên xã» of the file as a commune of the point (code = the folded name,
//!   `xa-dien-phu`; `is_pre_2025` false: HSTD carries no administrative code);
//! * the four associations and the standard programs with their rates
//!   ([`phien_core::program::standard_programs`]), those not already in the database.
//!
//! Every row must belong to one office: the existing point's office, or on an empty database
//! the first row's. Other rows are errors («tệp thuộc PGD khác»).
//!
//! **Programs.** «Mã CT» must be a program in the database (or, on an empty database, a
//! standard one): the program and its rates are set up first, never guessed from the file.
//!
//! **Groups** are found by (ĐVUT, «Tên tổ») within the point, names compared ignoring case
//! and repeated spaces (not diacritics: «Thôn Đông» and «Thôn Đồng» are different villages).
//! A missing group is created with code `T` + the next number not used (`T41` after `T40`,
//! two digits at least), village = «Tên thôn» of its first row that has one, else the group
//! name, founded on the earliest «Ngày vay» of its loans in the file, and no leader.
//!
//! **Members** are found by «Mã KH». An existing member must have the same name (case and
//! spacing aside), the same group as in the file, and no other CCCD; nothing about an
//! existing member is updated. A new member gets the name, CCCD and village of the file
//! (village falls back to the group's), `joined_on` = the earliest «Ngày vay» of their loans
//! in the file, and a household category from the program of their most recently disbursed
//! loan that says one: `01` poor, `04` near-poor, `05` newly escaped, `02` student, otherwise
//! other. A CCCD may belong to one customer code only, in the file and in the database.
//!
//! **Loans.** `amount` = «Dư nợ trong hạn» + «Dư nợ quá hạn» + «Dư nợ khoanh»: HSTD has no
//! original loan amount, so the loan looks as if it had been lent for its balance on the
//! import day. Funding source `central`, purpose «Nhập từ HSTD», method entrusted, program,
//! «Ngày vay», «Thời hạn» as given, `last_activity_before_import` = «Ngày giao dịch gần nhất».
//! The schedule always sums to the amount:
//! * overdue balance > 0: installment 1 = the overdue balance, due the day before the import
//!   date, so that exactly that amount is overdue from the import date (if «Ngày đến hạn» is
//!   already past, this is the whole balance);
//! * then current + frozen balance, due on «Ngày đến hạn». A current balance whose due date is
//!   before the import date is contradictory and refused («dư nợ trong hạn nhưng đã quá ngày
//!   đến hạn»).
//!
//! **Ledger.** One `PrincipalBroughtForward` entry for the whole balance and, if positive, one
//! `InterestBroughtForward` entry for «Lãi tồn» + «Lãi tồn QH» (the two are taken as separate
//! amounts), both valued on the import date, outside any session, recorded by the actor on
//! this device. Brought-forward interest counts as interest arrears (lãi tồn) from that day.
//!
//! **Frozen balance** > 0: a freeze decision from the import date with no end, number «HSTD»,
//! reason «Dư nợ khoanh theo HSTD». The real decision number and end date are not in HSTD.
//!
//! # Limits
//!
//! * **Partial freeze** (a loan with both a frozen and a current or overdue balance) cannot be
//!   expressed: a freeze in the model covers the whole outstanding principal. Such rows are
//!   refused; split or settle them in the bank's system, or enter them by hand.
//! * Interest accrues from the import day itself: «Lãi tồn» is read as the arrears at the
//!   opening of `as_of`. On the import date the position shows the brought-forward arrears
//!   exactly, and interest due = arrears + one day's interest.
//! * Original amounts, the real installment schedule, repayment history, savings balances,
//!   group leaders, birth years, genders and phones are not in HSTD and are not created.
//! * Codes of the office, point and communes are made up (see above), and there is no store
//!   call yet to change them, the fixed day or the address after the import.
//! * A loan without «Ngày giao dịch gần nhất» counts as active from the import date (the
//!   inactive-loan count starts there).
//! * Names are compared as written (NFC vs decomposed Unicode are different spellings).
//! * The checks read the database before the write transaction opens; a change made by
//!   another process in between is caught by the database's own constraints (unique loan
//!   number, customer code, CCCD) and rolls the whole import back.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, NaiveDate};
use phien_core::Dong;
use phien_core::ids::{
    AssociationId, DecisionId, EntryId, GroupId, LoanId, MemberId, OfficeId, PointId, StaffId,
};
use phien_core::ledger::{Entry, EntryKind};
use phien_core::loan::{Installment, LendingMethod, Loan};
use phien_core::org::{
    Association as OrgAssociation, AssociationKind, Commune, Group, HouseholdCategory, Member,
    Office, Point, check_full_name,
};
use phien_core::program::{Program, ProgramCode, RatePeriod, standard_programs};
use phien_core::risk::{RiskDecision, RiskMeasure};
use phien_store::{Actor, GroupInfo, Store, StoreError};

use crate::text::{collapse_ws, fold};
use crate::value::format_date;
use crate::{Association, HstdRow, RowError};

/// How to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadOptions {
    /// Import date: the balances of the file are the balances on this day. Brought-forward
    /// entries and freezes are dated this day; overdue installments fall due the day before.
    pub as_of: NaiveDate,
    /// Who imports, and when (recorded on every entry and in the audit trail). The person
    /// must already be in the staff list.
    pub actor: Actor,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LoadReport {
    /// Rows (loans) read.
    pub n_rows: usize,
    /// Savings-and-credit groups created.
    pub n_groups_created: usize,
    /// Members created.
    pub n_members_created: usize,
    /// Loans created.
    pub n_loans: usize,
    /// Principal brought forward (current + overdue + frozen).
    pub principal: Dong,
    /// Interest arrears brought forward («Lãi tồn» + «Lãi tồn QH»).
    pub interest_arrears: Dong,
    /// Whether the office, point, associations and programs were created by this import.
    pub point_created: bool,
    /// What the user should check or correct by hand, in Vietnamese.
    pub notes: Vec<String>,
}

/// Why an import was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// No rows to import.
    #[error("không có khoản vay nào để nhập")]
    Empty,
    /// The actor is not in the staff list (entries must name who recorded them).
    #[error("người nhập «{0}» không có trong danh sách cán bộ; hãy thêm cán bộ trước khi nhập")]
    UnknownActor(StaffId),
    /// Rows that conflict with the database or cannot be represented: every problem, in file
    /// order. Columns are named by their standard Vietnamese header.
    #[error("tệp có {} lỗi so với dữ liệu đã có; không nhập dòng nào", .0.len())]
    Rows(Vec<RowError>),
    /// The store refused or failed; the whole import was rolled back.
    #[error("không nhập được, không dòng nào được ghi: {0}")]
    Store(#[from] StoreError),
}

const PURPOSE: &str = "Nhập từ HSTD";
const FUNDING_SOURCE: &str = "central";
const FREEZE_DECISION_NO: &str = "HSTD";
const FREEZE_REASON: &str = "Dư nợ khoanh theo HSTD";
const DEFAULT_FIXED_DAY: u32 = 15;

/// Loads `rows` into `store`: all of them in one write transaction, or none.
pub fn load(
    store: &mut Store,
    rows: &[HstdRow],
    options: &LoadOptions,
) -> Result<LoadReport, LoadError> {
    let first = rows.first().ok_or(LoadError::Empty)?;
    match store.staff_by_id(options.actor.staff) {
        Ok(_) => {}
        Err(StoreError::NotFound { .. }) => {
            return Err(LoadError::UnknownActor(options.actor.staff));
        }
        Err(e) => return Err(e.into()),
    }
    let plan = Plan::build(store, rows, first, options)?;
    let device_id = store.device_id();
    let detail = format!(
        "HSTD: {} khế ước, số dư ngày {}",
        rows.len(),
        format_date(options.as_of)
    );
    let as_of = options.as_of;
    let actor = options.actor;
    let (n_groups_created, n_members_created) =
        store.write(actor, "import_hstd", &detail, |tx| {
            let associations: HashMap<AssociationKind, AssociationId> = match &plan.setup {
                Some(setup) => {
                    let mut office = setup.office.clone();
                    office.id = OfficeId(tx.new_id());
                    let mut point = setup.point.clone();
                    point.id = PointId(tx.new_id());
                    point.office_id = office.id;
                    tx.insert_office(&office)?;
                    tx.insert_point(&point)?;
                    let mut ids = HashMap::new();
                    for kind in AssociationKind::ALL {
                        let id = AssociationId(tx.new_id());
                        tx.insert_association(&OrgAssociation {
                            id,
                            point_id: point.id,
                            kind,
                        })?;
                        ids.insert(kind, id);
                    }
                    for (program, rates) in &setup.programs {
                        tx.insert_program(program, rates)?;
                    }
                    ids
                }
                None => plan.associations.clone(),
            };

            let mut group_ids = Vec::with_capacity(plan.new_groups.len());
            for (group, code) in plan.new_groups.iter().zip(&plan.new_group_codes) {
                let association_id =
                    *associations
                        .get(&group.kind)
                        .ok_or_else(|| StoreError::NotFound {
                            what: "hội",
                            key: group.kind.name_vi().to_owned(),
                        })?;
                let id = GroupId(tx.new_id());
                tx.insert_group(&Group {
                    id,
                    association_id,
                    code: code.clone(),
                    name: group.name.clone(),
                    village: group.village.clone(),
                    leader_id: None,
                    leader_staff_id: None,
                    founded_on: group.founded_on,
                })?;
                group_ids.push(id);
            }
            let group_id = |g: GroupRef| match g {
                GroupRef::Existing(id) => id,
                GroupRef::New(idx) => group_ids[idx],
            };

            let mut member_ids = Vec::with_capacity(plan.new_members.len());
            for m in &plan.new_members {
                let id = MemberId(tx.new_id());
                tx.insert_member(&Member {
                    id,
                    group_id: group_id(m.group),
                    customer_code: m.customer_code.clone(),
                    full_name: m.full_name.clone(),
                    citizen_id: m.citizen_id.clone(),
                    birth_year: None,
                    gender: None,
                    village: m.village.clone(),
                    phone: None,
                    category: m.category,
                    joined_on: m.joined_on,
                })?;
                member_ids.push(id);
            }

            for loan in &plan.loans {
                let row = loan.row;
                let member_id = match loan.member {
                    MemberRef::Existing(id) => id,
                    MemberRef::New(idx) => member_ids[idx],
                };
                let loan_id = LoanId(tx.new_id());
                tx.insert_loan(&Loan {
                    id: loan_id,
                    member_id,
                    account_no: row.loan_no.clone(),
                    program: ProgramCode(row.program_code.clone()),
                    funding_source: FUNDING_SOURCE.to_owned(),
                    amount: loan.principal,
                    disbursed_on: row.disbursed_on,
                    term_months: row.term_months,
                    purpose: PURPOSE.to_owned(),
                    method: LendingMethod::Entrusted,
                    installments: loan.installments.clone(),
                    last_activity_before_import: row.last_transaction_on,
                })?;
                let brought_forward = [
                    (EntryKind::PrincipalBroughtForward, loan.principal),
                    (EntryKind::InterestBroughtForward, loan.interest),
                ];
                for (kind, amount) in brought_forward {
                    if !amount.is_positive() {
                        continue;
                    }
                    let entry = Entry {
                        id: EntryId(tx.new_id()),
                        kind,
                        member_id,
                        loan_id: Some(loan_id),
                        amount,
                        value_date: as_of,
                        session_id: None,
                        recorded_by: actor.staff,
                        device_id,
                        recorded_at: actor.at,
                        receipt_no: None,
                        reverses: None,
                        reason: None,
                        approved_by: None,
                    };
                    tx.append_entry_trusted(&entry)?;
                }
                if row.frozen_balance > 0 {
                    let id = DecisionId(tx.new_id());
                    tx.add_decision(&RiskDecision {
                        id,
                        loan_id,
                        decision_no: FREEZE_DECISION_NO.to_owned(),
                        decided_on: as_of,
                        measure: RiskMeasure::Freeze {
                            from: as_of,
                            until: None,
                        },
                        reason: FREEZE_REASON.to_owned(),
                    })?;
                }
            }
            Ok((plan.new_groups.len(), plan.new_members.len()))
        })?;

    Ok(LoadReport {
        n_rows: rows.len(),
        n_groups_created,
        n_members_created,
        n_loans: plan.loans.len(),
        principal: plan.loans.iter().map(|l| l.principal).sum(),
        interest_arrears: plan.loans.iter().map(|l| l.interest).sum(),
        point_created: plan.setup.is_some(),
        notes: plan.notes,
    })
}

/// What an empty database needs before the first loan. Ids are filled in the write.
struct Setup {
    office: Office,
    point: Point,
    /// Standard programs not yet in the database.
    programs: Vec<(Program, Vec<RatePeriod>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GroupRef {
    Existing(GroupId),
    /// Index into `Plan::new_groups`.
    New(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MemberRef {
    Existing(MemberId),
    /// Index into `Plan::new_members`.
    New(usize),
}

struct NewGroup {
    kind: AssociationKind,
    name: String,
    village: String,
    founded_on: NaiveDate,
}

struct NewMember {
    group: GroupRef,
    customer_code: String,
    full_name: String,
    citizen_id: Option<String>,
    village: String,
    category: HouseholdCategory,
    joined_on: NaiveDate,
    /// Disbursement date of the loan the category was taken from.
    category_from: Option<NaiveDate>,
}

struct PlannedLoan<'a> {
    row: &'a HstdRow,
    member: MemberRef,
    principal: Dong,
    interest: Dong,
    installments: Vec<Installment>,
}

/// A member as first seen in the file, to check that later rows agree.
struct SeenMember {
    line: usize,
    name: String,
    group_key: (AssociationKind, String),
    citizen_id: Option<String>,
    member: MemberRef,
}

/// Everything to write, worked out and checked before the transaction opens.
struct Plan<'a> {
    setup: Option<Setup>,
    associations: HashMap<AssociationKind, AssociationId>,
    new_groups: Vec<NewGroup>,
    new_group_codes: Vec<String>,
    new_members: Vec<NewMember>,
    loans: Vec<PlannedLoan<'a>>,
    notes: Vec<String>,
}

/// Collects row errors.
struct Errors(Vec<RowError>);

impl Errors {
    fn push(&mut self, row: &HstdRow, column: &str, value: impl Into<String>, reason: String) {
        self.0.push(RowError {
            line: row.line,
            column: column.to_owned(),
            value: value.into(),
            reason,
        });
    }
}

impl<'a> Plan<'a> {
    fn build(
        store: &Store,
        rows: &'a [HstdRow],
        first: &HstdRow,
        options: &LoadOptions,
    ) -> Result<Plan<'a>, LoadError> {
        let as_of = options.as_of;
        let mut errors = Errors(Vec::new());
        let mut notes = Vec::new();
        let point = store.point()?;

        // Programs the loans may use.
        let in_db: HashSet<String> = store
            .programs()?
            .into_iter()
            .map(|(p, _)| p.code.0)
            .collect();
        let mut known_programs = in_db.clone();
        let setup = if point.is_none() {
            let programs: Vec<(Program, Vec<RatePeriod>)> = standard_programs()
                .into_iter()
                .filter(|(p, _)| !in_db.contains(&p.code.0))
                .collect();
            known_programs.extend(programs.iter().map(|(p, _)| p.code.0.clone()));
            Some(new_point(rows, first, programs))
        } else {
            None
        };

        // Office, and the associations that exist.
        let (office_name, associations) = match &point {
            Some(info) => (
                info.office_name.clone(),
                info.associations.iter().map(|(id, k)| (*k, *id)).collect(),
            ),
            None => (first.office_name.clone(), HashMap::new()),
        };
        let office_key = name_key(&office_name);

        // What the database already holds.
        let groups = store.groups()?;
        let mut group_by_key: HashMap<(AssociationKind, String), &GroupInfo> = HashMap::new();
        for g in &groups {
            group_by_key
                .entry((g.association, name_key(&g.name)))
                .or_insert(g);
        }
        let group_label: HashMap<GroupId, String> = groups
            .iter()
            .map(|g| (g.id, format!("{} {}", g.code, g.name)))
            .collect();
        let mut member_by_code: HashMap<String, Member> = HashMap::new();
        let mut member_by_cid: HashMap<String, Member> = HashMap::new();
        for g in &groups {
            for m in store.members_of_group(g.id)? {
                if let Some(cid) = &m.citizen_id {
                    member_by_cid.insert(cid.clone(), m.clone());
                }
                member_by_code.insert(m.customer_code.clone(), m);
            }
        }

        let mut new_groups: Vec<NewGroup> = Vec::new();
        let mut new_group_index: HashMap<(AssociationKind, String), usize> = HashMap::new();
        let mut new_members: Vec<NewMember> = Vec::new();
        let mut seen_members: HashMap<String, SeenMember> = HashMap::new();
        let mut cid_first: HashMap<String, (String, usize)> = HashMap::new();
        let mut loans = Vec::with_capacity(rows.len());
        let known_communes: Option<HashSet<String>> = point.as_ref().map(|p| {
            p.point
                .communes
                .iter()
                .map(|c| commune_key(&c.name))
                .collect()
        });
        let mut unknown_communes: BTreeMap<String, Vec<usize>> = BTreeMap::new();

        for row in rows {
            let kind = association_kind(row.association);

            // Office.
            if name_key(&row.office_name) != office_key {
                let reason = if point.is_some() {
                    format!("tệp thuộc PGD khác: điểm giao dịch này thuộc «{office_name}»")
                } else {
                    format!(
                        "tệp thuộc PGD khác: dòng {} thuộc «{office_name}»; mỗi điểm giao dịch chỉ thuộc một PGD, hãy lọc tệp theo PGD",
                        first.line
                    )
                };
                errors.push(row, "Tên PGD", row.office_name.clone(), reason);
            }
            if let Some(known) = &known_communes
                && !known.contains(&commune_key(&row.commune_name))
            {
                unknown_communes
                    .entry(row.commune_name.clone())
                    .or_default()
                    .push(row.line);
            }
            if point.is_some() && !associations.contains_key(&kind) {
                errors.push(
                    row,
                    "ĐVUT",
                    row.association.code(),
                    format!(
                        "điểm giao dịch chưa có {}; hãy thêm hội trước khi nhập",
                        kind.name_vi()
                    ),
                );
            }

            // Program.
            if !known_programs.contains(&row.program_code) {
                errors.push(
                    row,
                    "Mã CT",
                    row.program_code.clone(),
                    format!(
                        "chương trình «{}» chưa có trong dữ liệu; hãy khai báo chương trình và lãi suất trước khi nhập",
                        row.program_code
                    ),
                );
            }

            // Loan number.
            match store.loan_id(&row.loan_no) {
                Ok(_) => errors.push(
                    row,
                    "Số KU",
                    row.loan_no.clone(),
                    "số KU đã có trong dữ liệu (khoản vay đã được nhập hoặc ghi trước đó)"
                        .to_owned(),
                ),
                Err(StoreError::NotFound { .. }) => {}
                Err(e) => return Err(e.into()),
            }

            // Dates and balances.
            if row.disbursed_on > as_of {
                errors.push(
                    row,
                    "Ngày vay",
                    format_date(row.disbursed_on),
                    format!("ngày vay sau ngày nhập số dư {}", format_date(as_of)),
                );
            }
            if let Some(last) = row.last_transaction_on
                && last > as_of
            {
                errors.push(
                    row,
                    "Ngày giao dịch gần nhất",
                    format_date(last),
                    format!(
                        "sau ngày nhập số dư {}: số dư trong tệp không thể tính đến ngày đó",
                        format_date(as_of)
                    ),
                );
            }
            if row.frozen_balance > 0 && (row.current_balance > 0 || row.overdue_balance > 0) {
                errors.push(
                    row,
                    "Dư nợ khoanh",
                    Dong(row.frozen_balance).to_string(),
                    format!(
                        "khoanh nợ một phần (còn {} trong hạn và {} quá hạn): Phiên chỉ ghi được khoanh toàn bộ dư nợ của khế ước; hãy xử lý khế ước này riêng",
                        Dong(row.current_balance),
                        Dong(row.overdue_balance)
                    ),
                );
            }
            if row.due_on < as_of && row.current_balance > 0 {
                errors.push(
                    row,
                    "Ngày đến hạn",
                    format_date(row.due_on),
                    format!(
                        "dư nợ trong hạn nhưng đã quá ngày đến hạn: còn {} trong hạn mà ngày đến hạn trước ngày nhập {}",
                        Dong(row.current_balance),
                        format_date(as_of)
                    ),
                );
            }

            // Group.
            let group_key = (kind, name_key(&row.group_name));
            let group = match group_by_key.get(&group_key) {
                Some(g) => GroupRef::Existing(g.id),
                None => {
                    let idx = *new_group_index.entry(group_key.clone()).or_insert_with(|| {
                        new_groups.push(NewGroup {
                            kind,
                            name: row.group_name.clone(),
                            village: row.village.clone().unwrap_or_default(),
                            founded_on: row.disbursed_on,
                        });
                        new_groups.len() - 1
                    });
                    let g = &mut new_groups[idx];
                    g.founded_on = g.founded_on.min(row.disbursed_on);
                    if g.village.is_empty()
                        && let Some(v) = &row.village
                    {
                        g.village.clone_from(v);
                    }
                    GroupRef::New(idx)
                }
            };

            // Citizen ID: one customer code per CCCD, in the file and in the database.
            if let Some(cid) = &row.citizen_id {
                match cid_first.get(cid) {
                    Some((code, line)) if *code != row.customer_code => errors.push(
                        row,
                        "Số CCCD",
                        cid.clone(),
                        format!("số CCCD trùng với mã KH «{code}» ở dòng {line}"),
                    ),
                    Some(_) => {}
                    None => {
                        cid_first.insert(cid.clone(), (row.customer_code.clone(), row.line));
                    }
                }
                if let Some(owner) = member_by_cid.get(cid)
                    && owner.customer_code != row.customer_code
                {
                    errors.push(
                        row,
                        "Số CCCD",
                        cid.clone(),
                        format!(
                            "số CCCD đã thuộc về tổ viên {} (mã KH «{}») trong dữ liệu",
                            owner.full_name, owner.customer_code
                        ),
                    );
                }
            }

            // Member.
            let member = if let Some(seen) = seen_members.get_mut(&row.customer_code) {
                if name_key(&row.customer_name) != name_key(&seen.name) {
                    errors.push(
                        row,
                        "Tên KH",
                        row.customer_name.clone(),
                        format!(
                            "mã KH «{}» ở dòng {} mang tên «{}»",
                            row.customer_code, seen.line, seen.name
                        ),
                    );
                }
                if group_key != seen.group_key {
                    errors.push(
                        row,
                        "Tên tổ",
                        row.group_name.clone(),
                        format!(
                            "mã KH «{}» ở dòng {} thuộc tổ khác ({} «{}»)",
                            row.customer_code,
                            seen.line,
                            seen.group_key.0.code(),
                            first_group_name(rows, seen.line)
                        ),
                    );
                }
                match (&seen.citizen_id, &row.citizen_id) {
                    (Some(a), Some(b)) if a != b => errors.push(
                        row,
                        "Số CCCD",
                        b.clone(),
                        format!(
                            "mã KH «{}» ở dòng {} có số CCCD «{a}»",
                            row.customer_code, seen.line
                        ),
                    ),
                    (None, Some(b)) => {
                        seen.citizen_id = Some(b.clone());
                        if let MemberRef::New(idx) = seen.member {
                            new_members[idx].citizen_id = Some(b.clone());
                        }
                    }
                    _ => {}
                }
                if let MemberRef::New(idx) = seen.member {
                    let m = &mut new_members[idx];
                    m.joined_on = m.joined_on.min(row.disbursed_on);
                    if let Some(category) = category_of(&row.program_code)
                        && m.category_from.is_none_or(|d| row.disbursed_on >= d)
                    {
                        m.category = category;
                        m.category_from = Some(row.disbursed_on);
                    }
                }
                seen.member
            } else {
                let member = match member_by_code.get(&row.customer_code) {
                    Some(existing) => {
                        if name_key(&existing.full_name) != name_key(&row.customer_name) {
                            errors.push(
                                row,
                                "Tên KH",
                                row.customer_name.clone(),
                                format!(
                                    "mã KH «{}» đã có trong dữ liệu với tên «{}»",
                                    row.customer_code, existing.full_name
                                ),
                            );
                        }
                        if group != GroupRef::Existing(existing.group_id) {
                            let label = group_label
                                .get(&existing.group_id)
                                .cloned()
                                .unwrap_or_default();
                            errors.push(
                                row,
                                "Tên tổ",
                                row.group_name.clone(),
                                format!(
                                    "tổ viên «{}» đã thuộc tổ «{label}» trong dữ liệu; chuyển tổ phải làm riêng, không qua nhập HSTD",
                                    existing.full_name
                                ),
                            );
                        }
                        if let (Some(db), Some(file)) = (&existing.citizen_id, &row.citizen_id)
                            && db != file
                        {
                            errors.push(
                                row,
                                "Số CCCD",
                                file.clone(),
                                format!(
                                    "tổ viên «{}» (mã KH «{}») có số CCCD «{db}» trong dữ liệu",
                                    existing.full_name, existing.customer_code
                                ),
                            );
                        }
                        MemberRef::Existing(existing.id)
                    }
                    None => {
                        if let Err(e) = check_full_name(&row.customer_name) {
                            errors.push(row, "Tên KH", row.customer_name.clone(), e.to_string());
                        }
                        let village = row.village.clone().unwrap_or_default();
                        let category = category_of(&row.program_code);
                        new_members.push(NewMember {
                            group,
                            customer_code: row.customer_code.clone(),
                            full_name: row.customer_name.clone(),
                            citizen_id: row.citizen_id.clone(),
                            village,
                            category: category.unwrap_or(HouseholdCategory::Other),
                            joined_on: row.disbursed_on,
                            category_from: category.map(|_| row.disbursed_on),
                        });
                        MemberRef::New(new_members.len() - 1)
                    }
                };
                seen_members.insert(
                    row.customer_code.clone(),
                    SeenMember {
                        line: row.line,
                        name: row.customer_name.clone(),
                        group_key: group_key.clone(),
                        citizen_id: row.citizen_id.clone(),
                        member,
                    },
                );
                member
            };

            loans.push(PlannedLoan {
                row,
                member,
                principal: Dong(row.current_balance + row.overdue_balance + row.frozen_balance),
                interest: Dong(row.interest_arrears + row.overdue_interest_arrears),
                installments: schedule(row, as_of),
            });
        }

        if !errors.0.is_empty() {
            errors.0.sort_by_key(|e| e.line);
            return Err(LoadError::Rows(errors.0));
        }

        // Villages: a group without one is named by its group; a member without one lives in
        // their group's village.
        for g in &mut new_groups {
            if g.village.is_empty() {
                g.village.clone_from(&g.name);
            }
        }
        let existing_village: HashMap<GroupId, &str> =
            groups.iter().map(|g| (g.id, g.village.as_str())).collect();
        for m in &mut new_members {
            if m.village.is_empty() {
                m.village = match m.group {
                    GroupRef::Existing(id) => existing_village.get(&id).copied().unwrap_or(""),
                    GroupRef::New(idx) => new_groups[idx].village.as_str(),
                }
                .to_owned();
            }
        }

        // Group codes: T + the next numbers not used.
        let mut next = groups
            .iter()
            .filter_map(|g| group_number(&g.code))
            .max()
            .unwrap_or(0);
        let used: HashSet<String> = groups.iter().map(|g| g.code.to_uppercase()).collect();
        let mut new_group_codes = Vec::with_capacity(new_groups.len());
        for _ in &new_groups {
            let code = loop {
                next += 1;
                let code = format!("T{next:02}");
                if !used.contains(&code) {
                    break code;
                }
            };
            new_group_codes.push(code);
        }

        if let Some(setup) = &setup {
            let office = &setup.office;
            let p = &setup.point;
            notes.push(format!(
                "Đã tạo «{}» (mã {}) thuộc «{}» (mã {}), phục vụ {} xã. Mã PGD, mã điểm và mã xã do Phiên tự đặt; ngày giao dịch cố định tạm đặt là ngày {} và địa chỉ «{}»: hãy sửa lại cho đúng.",
                p.name,
                p.code,
                office.name,
                office.code,
                p.communes.len(),
                p.fixed_day,
                p.address
            ));
        }
        if !new_groups.is_empty() {
            notes.push(format!(
                "Đã tạo {} tổ ({}): chưa có tổ trưởng; ngày thành lập tạm lấy theo ngày vay sớm nhất của tổ trong tệp.",
                new_groups.len(),
                new_group_codes.join(", ")
            ));
        }
        if !new_members.is_empty() {
            notes.push(format!(
                "Đã tạo {} tổ viên: đối tượng (loại hộ) suy ra từ chương trình vay; năm sinh, giới tính, điện thoại chưa có.",
                new_members.len()
            ));
        }
        notes.push(
            "Số tiền vay của mỗi khế ước ghi bằng dư nợ ngày nhập (HSTD không có số tiền vay ban đầu); lịch trả nợ chỉ gồm phần quá hạn và phần còn lại đến hạn ngày đến hạn."
                .to_owned(),
        );
        let n_frozen = rows.iter().filter(|r| r.frozen_balance > 0).count();
        if n_frozen > 0 {
            notes.push(format!(
                "{n_frozen} khế ước khoanh nợ: đã ghi quyết định khoanh số «{FREEZE_DECISION_NO}» từ ngày {}, không thời hạn; hãy ghi thêm số và thời hạn quyết định thật.",
                format_date(as_of)
            ));
        }
        for (commune, lines) in &unknown_communes {
            notes.push(format!(
                "Xã «{commune}» không có trong danh sách xã của điểm giao dịch (dòng {}).",
                lines
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }

        Ok(Plan {
            setup,
            associations,
            new_groups,
            new_group_codes,
            new_members,
            loans,
            notes,
        })
    }
}

/// The office and point an empty database gets, from the file.
fn new_point(
    rows: &[HstdRow],
    first: &HstdRow,
    programs: Vec<(Program, Vec<RatePeriod>)>,
) -> Setup {
    let office = Office {
        id: OfficeId::default(),
        code: format!("PGD-{}", initials(&first.office_name, OFFICE_WORDS)),
        name: first.office_name.clone(),
    };
    let mut communes: Vec<Commune> = Vec::new();
    for row in rows {
        let code = fold(&row.commune_name).replace(' ', "-");
        if !communes.iter().any(|c| c.code == code) {
            communes.push(Commune {
                code,
                name: row.commune_name.clone(),
                is_pre_2025: false,
            });
        }
    }
    let (level, bare) = split_commune(&first.commune_name);
    let point = Point {
        id: PointId::default(),
        office_id: OfficeId::default(),
        code: format!("DGD-{}", initials(&first.commune_name, &[])),
        name: format!("Điểm giao dịch {level} {bare}"),
        fixed_day: DEFAULT_FIXED_DAY,
        address: format!("Trụ sở UBND {level} {bare}"),
        communes,
    };
    Setup {
        office,
        point,
        programs,
    }
}

/// Generic words left out of the office code.
const OFFICE_WORDS: &[&str] = &[
    "pgd", "nhcsxh", "nhcs", "phong", "giao", "dich", "ngan", "hang", "chinh", "sach", "xa", "hoi",
];

/// Upper-case initials of the folded words of `name`, leaving out `skip` (all words if that
/// leaves none).
fn initials(name: &str, skip: &[&str]) -> String {
    let folded = fold(name);
    let pick = |words: &mut dyn Iterator<Item = &str>| -> String {
        words
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    };
    let kept = pick(&mut folded.split(' ').filter(|w| !skip.contains(w)));
    if kept.is_empty() {
        pick(&mut folded.split(' '))
    } else {
        kept
    }
}

/// «Xã Diên Phú» → ("xã", "Diên Phú"); «Phường X» → ("phường", "X"); «Thị trấn X» →
/// ("thị trấn", "X"); a bare name is taken as a commune (xã).
fn split_commune(name: &str) -> (&'static str, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let rest = |n: usize| words[n..].join(" ");
    match folded.as_slice() {
        [a, b, _, ..] if a == "thi" && b == "tran" => ("thị trấn", rest(2)),
        [a, _, ..] if a == "xa" => ("xã", rest(1)),
        [a, _, ..] if a == "phuong" => ("phường", rest(1)),
        _ => ("xã", words.join(" ")),
    }
}

/// A commune name compared without its «Xã»/«Phường» prefix, case or diacritics.
fn commune_key(name: &str) -> String {
    fold(&split_commune(name).1)
}

/// Names compared ignoring case and repeated spaces, diacritics kept.
fn name_key(name: &str) -> String {
    collapse_ws(name).to_lowercase()
}

/// `T07` → 7.
fn group_number(code: &str) -> Option<u32> {
    let digits = code.strip_prefix(['T', 't'])?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The household category a program implies, if it implies one.
fn category_of(program_code: &str) -> Option<HouseholdCategory> {
    match program_code {
        "01" => Some(HouseholdCategory::Poor),
        "04" => Some(HouseholdCategory::NearPoor),
        "05" => Some(HouseholdCategory::NewlyEscaped),
        "02" => Some(HouseholdCategory::Student),
        _ => None,
    }
}

fn association_kind(a: Association) -> AssociationKind {
    match a {
        Association::Farmers => AssociationKind::Farmers,
        Association::Women => AssociationKind::Women,
        Association::Veterans => AssociationKind::Veterans,
        Association::Youth => AssociationKind::Youth,
    }
}

fn first_group_name(rows: &[HstdRow], line: usize) -> &str {
    rows.iter()
        .find(|r| r.line == line)
        .map_or("", |r| r.group_name.as_str())
}

/// The principal schedule of an imported loan (see the module doc). Sums to the balance.
fn schedule(row: &HstdRow, as_of: NaiveDate) -> Vec<Installment> {
    let mut out = Vec::with_capacity(2);
    if row.overdue_balance > 0 {
        out.push(Installment {
            seq: 1,
            due_on: as_of.checked_sub_days(Days::new(1)).unwrap_or(as_of),
            amount: Dong(row.overdue_balance),
        });
    }
    let rest = row.current_balance + row.frozen_balance;
    if rest > 0 {
        out.push(Installment {
            seq: u32::try_from(out.len()).unwrap_or(0) + 1,
            due_on: row.due_on,
            amount: Dong(rest),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_derived_from_names() {
        assert_eq!(initials("PGD NHCSXH huyện Diên Khánh", OFFICE_WORDS), "HDK");
        assert_eq!(initials("Xã Diên Phú", &[]), "XDP");
        assert_eq!(initials("PGD", OFFICE_WORDS), "P");
        assert_eq!(group_number("T07"), Some(7));
        assert_eq!(group_number("T41"), Some(41));
        assert_eq!(group_number("TX1"), None);
        assert_eq!(group_number("T"), None);
    }

    #[test]
    fn commune_prefixes_are_split() {
        assert_eq!(split_commune("Xã Diên Phú"), ("xã", "Diên Phú".to_owned()));
        assert_eq!(split_commune("xã  Diên Phú"), ("xã", "Diên Phú".to_owned()));
        assert_eq!(
            split_commune("Phường Tân Lập"),
            ("phường", "Tân Lập".to_owned())
        );
        assert_eq!(
            split_commune("Thị trấn Diên Khánh"),
            ("thị trấn", "Diên Khánh".to_owned())
        );
        assert_eq!(split_commune("Diên Phú"), ("xã", "Diên Phú".to_owned()));
        assert_eq!(split_commune("Xã"), ("xã", "Xã".to_owned()));
        assert_eq!(commune_key("Xã Diên Phú"), commune_key("DIÊN PHÚ"));
    }
}
