//! The printed forms of the point: the public notice (`phien notice`),
//! receipts (`phien receipts`) and meeting minutes (`phien meeting
//! minutes`). Each reads the book through the store, shows text (or JSON),
//! and with `--pdf FILE` writes the document made by `phien-export`.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Result;
use phien_core::dates::dmy;
use phien_core::notice::rate_vi;
use phien_documents::{Document, MeetingPick};

use crate::export::Targets;
use crate::show::{Table, money};
use crate::{Ctx, date_or_today, input::parse_date};

/// `phien notice [--date D] [--pdf FILE]`.
pub fn notice(ctx: &Ctx, date: &Option<String>, pdf: Option<PathBuf>) -> Result<()> {
    let on = date_or_today("--date", date)?;
    let targets = Targets::new(None, pdf);
    targets.check(ctx.overwrite)?;
    if targets.any() {
        return targets.write(ctx, &Document::PublicNotice { on });
    }
    let notice = ctx.store.public_notice(on)?;
    ctx.print(&notice, || {
        let mut out = format!(
            "NIÊM YẾT CÔNG KHAI — {} — ngày {}\n\nLãi suất cho vay đang áp dụng\n",
            notice.point,
            dmy(on)
        );
        let mut rates = Table::new(&[
            "Mã",
            "Chương trình",
            ">%/tháng",
            ">%/năm",
            ">Quá hạn %/năm",
            "Từ ngày",
        ]);
        for r in &notice.rates {
            rates.row(vec![
                r.code.0.clone(),
                r.name.clone(),
                rate_vi(r.monthly_rate()),
                rate_vi(r.annual_rate),
                rate_vi(r.overdue_annual_rate),
                dmy(r.effective_from),
            ]);
        }
        out.push_str(&rates.render());
        let _ = writeln!(
            out,
            "\nHộ vay còn dư nợ: {} hộ, {} ₫",
            notice.n_borrowers(),
            money(notice.outstanding())
        );
        let mut groups = Table::new(&["Tổ", "Tên tổ", ">Hộ", ">Dư nợ"]);
        for g in &notice.groups {
            groups.row(vec![
                g.code.clone(),
                g.name.clone(),
                g.borrowers.len().to_string(),
                money(g.outstanding()),
            ]);
        }
        out.push_str(&groups.render());
        out.push_str("\nIn để niêm yết: phien notice --pdf niem-yet.pdf\n");
        out
    })
}

/// `phien receipts --group T07 [--date D] [--leader] [--pdf FILE]`.
pub fn receipts(
    ctx: &Ctx,
    group: &str,
    date: &Option<String>,
    leader: bool,
    pdf: Option<PathBuf>,
) -> Result<()> {
    let targets = Targets::new(None, pdf);
    targets.check(ctx.overwrite)?;
    let group = ctx.store.group_by_code(group)?;
    let group_label = format!("{} ({})", group.name, group.code);
    let document = if leader {
        let day = date
            .as_deref()
            .map(|text| parse_date("--date", text))
            .transpose()?;
        Document::LeaderReceipts {
            group: group.id,
            day,
        }
    } else {
        Document::Receipts {
            group: Some(group.id),
            day: date_or_today("--date", date)?,
        }
    };
    if targets.any() {
        return targets.write(ctx, &document);
    }
    let slips = match document {
        Document::LeaderReceipts { group, day } => {
            phien_documents::leader_receipt_slips(&ctx.store, group, day)?
        }
        Document::Receipts { group, day } => {
            phien_documents::receipt_slips(&ctx.store, group, day)?
        }
        _ => unreachable!("a receipts document"),
    };
    let value: Vec<serde_json::Value> = slips
        .iter()
        .map(|s| {
            serde_json::json!({
                "receipt_no": s.receipt_no, "received_on": s.received_on,
                "customer_code": s.customer_code, "member_name": s.member_name,
                "interest": s.interest, "principal": s.principal,
                "savings_deposit": s.savings_deposit, "total": s.total(),
                "voided": s.voided,
            })
        })
        .collect();
    ctx.print(&value, || {
        let mut t = Table::new(&["Số", "Ngày", "Mã KH", "Họ tên", ">Lãi", ">Gốc", ">Gửi TK", ">Cộng", ""]);
        for s in &slips {
            t.row(vec![
                s.receipt_no.clone().unwrap_or_default(),
                dmy(s.received_on),
                s.customer_code.clone(),
                s.member_name.clone(),
                money(s.interest),
                money(s.principal),
                money(s.savings_deposit),
                money(s.total()),
                if s.voided.is_some() { "đã hủy".into() } else { String::new() },
            ]);
        }
        format!(
            "BIÊN LAI THU LÃI VÀ TIỀN GỬI (mẫu 01/BL) — {group_label}\n\n{}\nIn: thêm --pdf bien-lai.pdf\n",
            t.render()
        )
    })
}

/// `phien meeting minutes --group T07 [--date D] --pdf FILE`.
pub fn minutes(ctx: &Ctx, group: &str, date: &Option<String>, pdf: PathBuf) -> Result<()> {
    let targets = Targets::new(None, Some(pdf));
    targets.check(ctx.overwrite)?;
    let group = ctx.store.group_by_code(group)?;
    let meeting = match date {
        Some(text) => MeetingPick::HeldOn(parse_date("--date", text)?),
        None => MeetingPick::Latest,
    };
    targets.write(
        ctx,
        &Document::Minutes {
            group: group.id,
            meeting,
        },
    )
}
