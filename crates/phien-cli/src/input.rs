//! Parsing what people type or bring on a USB stick: dates, amounts, entry
//! kinds, cash counts, collection files, meeting files.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use chrono::NaiveDate;
use phien_core::Dong;
use phien_core::collection::CollectionInput;
use phien_core::dates::Month;
use phien_core::ids::{GroupId, MeetingId, StaffId};
use phien_core::ledger::EntryKind;
use phien_core::meeting::{Decision, Meeting, MeetingKind, Presence};
use phien_core::program::ProgramCode;
use phien_store::Store;
use rust_decimal::Decimal;
use serde::Deserialize;

/// `dd/mm/yyyy` (as Vietnamese write it) or ISO `yyyy-mm-dd`.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .map_err(|_| anyhow!("{field} = «{text}»: ngày không hợp lệ (dd/mm/yyyy)"))
}

/// A month typed `mm/yyyy` (`11/2026`, `1/2027`) or `yyyy-mm`.
pub fn parse_month(field: &str, text: &str) -> Result<Month> {
    let text = text.trim();
    let parts = match text.split_once('/') {
        Some((m, y)) => Some((y, m)),
        None => text.split_once('-'),
    };
    parts
        .and_then(|(y, m)| Month::new(y.trim().parse().ok()?, m.trim().parse().ok()?))
        .filter(|m| m.year >= 1900)
        .ok_or_else(|| anyhow!("{field} = «{text}»: tháng không hợp lệ (mm/yyyy, ví dụ 11/2026)"))
}

/// A decimal number as people type it: `1,5` or `1.5`.
pub fn parse_decimal(field: &str, text: &str) -> Result<Decimal> {
    text.trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| anyhow!("{field} = «{text}»: phải là số, ví dụ 1,5"))
}

/// Entry kinds as typed at the counter.
pub fn parse_kind(text: &str) -> Result<EntryKind> {
    Ok(match text {
        "disbursement" | "giai-ngan" => EntryKind::Disbursement,
        "principal" | "thu-goc" => EntryKind::PrincipalRepayment,
        "interest" | "thu-lai" => EntryKind::InterestPayment,
        "deposit" | "gui-tiet-kiem" => EntryKind::SavingsDeposit,
        "withdrawal" | "rut-tiet-kiem" => EntryKind::SavingsWithdrawal,
        "interest-from-savings" | "lai-tu-tiet-kiem" => EntryKind::InterestFromSavings,
        other => bail!(
            "--kind = «{other}»: chọn disbursement, principal, interest, deposit, withdrawal hoặc interest-from-savings"
        ),
    })
}

/// `500000x3,200000x1` → [(500000, 3), (200000, 1)].
pub fn parse_count(text: &str) -> Result<Vec<(i64, u32)>> {
    let mut notes = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (face, n) = part.split_once(['x', 'X', '*']).ok_or_else(|| {
            anyhow!("--count: «{part}» phải có dạng MỆNH_GIÁxSỐ_TỜ, ví dụ 500000x3")
        })?;
        let face = Dong::parse(face).map_err(|e| anyhow!("--count: mệnh giá «{face}»: {e}"))?;
        let n: u32 = n
            .trim()
            .parse()
            .map_err(|_| anyhow!("--count: số tờ «{n}» phải là số nguyên"))?;
        notes.push((face.get(), n));
    }
    Ok(notes)
}

/// One row of a collection file, every cell as text.
#[derive(Debug, Default, Deserialize)]
struct CollectionRow {
    #[serde(alias = "ma_kh", alias = "Mã KH")]
    customer_code: String,
    #[serde(default, alias = "thu_lai")]
    interest: Option<String>,
    #[serde(default, alias = "thu_goc")]
    principal: Option<String>,
    #[serde(default, alias = "gui_tiet_kiem")]
    savings_deposit: Option<String>,
    #[serde(default, alias = "rut_tiet_kiem")]
    savings_withdrawal: Option<String>,
    #[serde(default, alias = "lai_tu_tiet_kiem")]
    interest_from_savings: Option<String>,
    #[serde(default, alias = "so_bien_lai")]
    receipt_no: Option<String>,
}

/// An amount in a JSON file: a number or a text like "1.250.000".
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum AmountText {
    Number(i64),
    Text(String),
}

impl AmountText {
    fn into_text(self) -> String {
        match self {
            AmountText::Number(n) => n.to_string(),
            AmountText::Text(t) => t,
        }
    }
}

fn amount_of(line: usize, field: &str, value: &Option<String>) -> Result<Dong> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(Dong::ZERO),
        Some(t) => Dong::parse(t).map_err(|e| anyhow!("dòng {line}, cột «{field}» = «{t}»: {e}")),
    }
}

/// JSON rows: amounts may be numbers or text.
fn json_rows(bytes: &[u8]) -> Result<Vec<CollectionRow>> {
    #[derive(Deserialize)]
    struct JsonRow {
        #[serde(alias = "ma_kh")]
        customer_code: String,
        #[serde(default, alias = "thu_lai")]
        interest: Option<AmountText>,
        #[serde(default, alias = "thu_goc")]
        principal: Option<AmountText>,
        #[serde(default, alias = "gui_tiet_kiem")]
        savings_deposit: Option<AmountText>,
        #[serde(default, alias = "rut_tiet_kiem")]
        savings_withdrawal: Option<AmountText>,
        #[serde(default, alias = "lai_tu_tiet_kiem")]
        interest_from_savings: Option<AmountText>,
        #[serde(default, alias = "so_bien_lai")]
        receipt_no: Option<String>,
    }
    let rows: Vec<JsonRow> =
        serde_json::from_slice(bytes).map_err(|e| anyhow!("tệp JSON không đúng dạng: {e}"))?;
    Ok(rows
        .into_iter()
        .map(|r| CollectionRow {
            customer_code: r.customer_code,
            interest: r.interest.map(AmountText::into_text),
            principal: r.principal.map(AmountText::into_text),
            savings_deposit: r.savings_deposit.map(AmountText::into_text),
            savings_withdrawal: r.savings_withdrawal.map(AmountText::into_text),
            interest_from_savings: r.interest_from_savings.map(AmountText::into_text),
            receipt_no: r.receipt_no,
        })
        .collect())
}

/// Reads a collection file (CSV with a header, or a JSON array) into inputs,
/// resolving customer codes. Reports every bad line at once.
pub fn read_collection(store: &Store, path: &Path) -> Result<Vec<CollectionInput>> {
    let bytes =
        std::fs::read(path).with_context(|| format!("không đọc được tệp «{}»", path.display()))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let rows: Vec<(usize, CollectionRow)> = if is_json {
        json_rows(&bytes)?
            .into_iter()
            .enumerate()
            .map(|(idx, r)| (idx + 1, r))
            .collect()
    } else {
        let text = String::from_utf8(bytes).map_err(|_| anyhow!("tệp CSV phải lưu dạng UTF-8"))?;
        let text = text.trim_start_matches('\u{feff}');
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for (idx, row) in reader.deserialize::<CollectionRow>().enumerate() {
            rows.push((idx + 2, row.map_err(|e| anyhow!("dòng {}: {e}", idx + 2))?));
        }
        rows
    };
    let mut errors = Vec::new();
    let mut inputs = Vec::new();
    for (line, row) in rows {
        let member = match store.member_by_code(&row.customer_code) {
            Ok(m) => m,
            Err(e) => {
                errors.push(format!("dòng {line}: {e}"));
                continue;
            }
        };
        let fields = [
            ("thu_lai", &row.interest),
            ("thu_goc", &row.principal),
            ("gui_tiet_kiem", &row.savings_deposit),
            ("rut_tiet_kiem", &row.savings_withdrawal),
            ("lai_tu_tiet_kiem", &row.interest_from_savings),
        ];
        let mut amounts = [Dong::ZERO; 5];
        let mut ok = true;
        for (slot, (field, value)) in amounts.iter_mut().zip(fields) {
            match amount_of(line, field, value) {
                Ok(a) => *slot = a,
                Err(e) => {
                    errors.push(e.to_string());
                    ok = false;
                }
            }
        }
        if ok {
            inputs.push(CollectionInput {
                member_id: member.id,
                interest: amounts[0],
                principal: amounts[1],
                savings_deposit: amounts[2],
                savings_withdrawal: amounts[3],
                interest_from_savings: amounts[4],
                receipt_no: row.receipt_no.filter(|r| !r.trim().is_empty()),
            });
        }
    }
    if !errors.is_empty() {
        bail!(
            "tệp thu có {} dòng sai, không ghi gì: {}",
            errors.len(),
            errors.join("; ")
        );
    }
    Ok(inputs)
}

#[derive(Debug, Deserialize)]
struct MeetingFile {
    held_on: String,
    kind: String,
    #[serde(default)]
    agenda: String,
    #[serde(default)]
    minutes: String,
    /// Customer code → present | absent | represented; members not listed are absent.
    #[serde(default)]
    attendance: HashMap<String, String>,
    #[serde(default)]
    decisions: Vec<DecisionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
enum DecisionFile {
    LoanRequest {
        member: String,
        program: String,
        amount: AmountText,
        term_months: u32,
        approved: bool,
        note: Option<String>,
    },
    MemberAdmitted {
        member: String,
    },
    MemberLeft {
        member: String,
        reason: String,
    },
    LeaderElected {
        member: String,
    },
    Text {
        text: String,
    },
}

/// Reads a meeting file (JSON, see docs/cli.md) for a group.
pub fn read_meeting(
    store: &Store,
    path: &Path,
    id: MeetingId,
    group: GroupId,
    recorded_by: StaffId,
) -> Result<Meeting> {
    let bytes =
        std::fs::read(path).with_context(|| format!("không đọc được tệp «{}»", path.display()))?;
    let file: MeetingFile =
        serde_json::from_slice(&bytes).map_err(|e| anyhow!("tệp biên bản không đúng dạng: {e}"))?;
    let members = store.members_of_group(group)?;
    let member = |code: &str| -> Result<phien_core::ids::MemberId> {
        store
            .member_by_code(code)
            .map(|m| m.id)
            .map_err(|e| anyhow!("{e}"))
    };
    let mut attendance = Vec::new();
    for m in &members {
        let presence = match file.attendance.get(&m.customer_code).map(String::as_str) {
            Some("present") | Some("co-mat") => Presence::Present,
            Some("represented") | Some("uy-quyen") => Presence::Represented,
            Some("absent") | Some("vang") | None => Presence::Absent,
            Some(other) => bail!(
                "điểm danh {} = «{other}»: chọn present, absent hoặc represented",
                m.customer_code
            ),
        };
        attendance.push((m.id, presence));
    }
    if let Some(code) = file
        .attendance
        .keys()
        .find(|code| !members.iter().any(|m| &m.customer_code == *code))
    {
        bail!("điểm danh: «{code}» không phải tổ viên của tổ");
    }
    let mut decisions = Vec::new();
    for d in file.decisions {
        decisions.push(match d {
            DecisionFile::LoanRequest {
                member: code,
                program,
                amount,
                term_months,
                approved,
                note,
            } => Decision::LoanRequest {
                member_id: member(&code)?,
                program: ProgramCode(program),
                amount: amount_of(0, "amount", &Some(amount.into_text()))?,
                term_months,
                approved,
                note,
            },
            DecisionFile::MemberAdmitted { member: code } => Decision::MemberAdmitted {
                member_id: member(&code)?,
            },
            DecisionFile::MemberLeft {
                member: code,
                reason,
            } => Decision::MemberLeft {
                member_id: member(&code)?,
                reason,
            },
            DecisionFile::LeaderElected { member: code } => Decision::LeaderElected {
                member_id: member(&code)?,
            },
            DecisionFile::Text { text } => Decision::Text { text },
        });
    }
    Ok(Meeting {
        id,
        group_id: group,
        held_on: parse_date("held_on", &file.held_on)?,
        kind: MeetingKind::from_code(&file.kind).ok_or_else(|| {
            anyhow!(
                "kind = «{}»: chọn monthly, loan_review, election hoặc other",
                file.kind
            )
        })?,
        agenda: file.agenda,
        attendance,
        decisions,
        minutes: file.minutes,
        recorded_by,
    })
}
