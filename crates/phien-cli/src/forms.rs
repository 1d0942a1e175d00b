//! The printed forms of the point: the public notice (`phien notice`),
//! receipts (`phien receipts`) and meeting minutes (`phien meeting
//! minutes`). Each reads the book through the store, shows text (or JSON),
//! and with `--pdf FILE` writes the document made by `phien-export`.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Result, anyhow};
use phien_core::dates::dmy;
use phien_core::notice::rate_vi;
use phien_export::ReceiptSlip;
use phien_store::ReceiptState;

use crate::export::{Targets, no_xlsx};
use crate::show::{Table, money};
use crate::{Ctx, date_or_today, input::parse_date};

/// `phien notice [--date D] [--pdf FILE]`.
pub fn notice(ctx: &Ctx, date: &Option<String>, pdf: Option<PathBuf>) -> Result<()> {
    let on = date_or_today("--date", date)?;
    let targets = Targets::new(None, pdf);
    targets.check(ctx.overwrite)?;
    let notice = ctx.store.public_notice(on)?;
    if targets.any() {
        return targets.write(ctx, no_xlsx, |l| {
            phien_export::pdf::public_notice(l, &notice)
        });
    }
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
    let slips: Vec<ReceiptSlip> = if leader {
        let day = date
            .as_deref()
            .map(|text| parse_date("--date", text))
            .transpose()?;
        ctx.store
            .leader_receipts(group.id, day.is_none())?
            .into_iter()
            .filter(|r| day.is_none_or(|d| r.received_on == d))
            .map(|r| ReceiptSlip {
                receipt_no: Some(r.receipt_no.clone()),
                received_on: r.received_on,
                group: group_label.clone(),
                member_name: r.member_name.clone(),
                customer_code: r.customer_code.clone(),
                interest: r.interest,
                principal: phien_core::Dong::ZERO,
                savings_deposit: r.savings_deposit,
                savings_withdrawal: phien_core::Dong::ZERO,
                interest_from_savings: phien_core::Dong::ZERO,
                receiver: group.leader_name.clone(),
                voided: match &r.state {
                    ReceiptState::Voided { reason } => Some(reason.clone()),
                    _ => None,
                },
            })
            .collect()
    } else {
        let day = date_or_today("--date", date)?;
        ctx.store
            .group_payments(group.id, day)?
            .into_iter()
            .filter(|p| p.cash_in().is_positive())
            .map(|p| {
                ReceiptSlip::of_collection(
                    &p.paid,
                    day,
                    &group_label,
                    &p.full_name,
                    &p.customer_code,
                    group.leader_name.as_deref(),
                )
            })
            .collect()
    };
    if slips.is_empty() {
        return Err(anyhow!(
            "{}: không có biên lai nào{}",
            group_label,
            match (leader, date) {
                (true, None) => " chưa nộp".to_string(),
                (_, Some(d)) => format!(" ngày {d}"),
                (false, None) => " hôm nay".to_string(),
            }
        ));
    }
    if targets.any() {
        return targets.write(ctx, no_xlsx, |l| phien_export::pdf::receipts(l, &slips));
    }
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
    let meetings = ctx.store.meetings(group.id)?;
    let meeting = match date {
        Some(text) => {
            let day = parse_date("--date", text)?;
            meetings
                .iter()
                .rev()
                .find(|m| m.held_on == day)
                .ok_or_else(|| anyhow!("--date = «{text}»: {} không họp ngày này", group.name))?
        }
        None => meetings
            .last()
            .ok_or_else(|| anyhow!("{} chưa có cuộc họp nào", group.name))?,
    };
    let members: Vec<_> = ctx
        .store
        .members_of_group(group.id)?
        .into_iter()
        .map(|m| (m.id, m.customer_code, m.full_name))
        .collect();
    let programs: Vec<_> = ctx
        .store
        .programs()?
        .into_iter()
        .map(|(p, _)| (p.code, p.name_vi))
        .collect();
    let recorded_by = ctx.store.staff_by_id(meeting.recorded_by)?.full_name;
    let sheet = phien_export::MinutesSheet {
        meeting,
        group_code: &group.code,
        group_name: &group.name,
        village: &group.village,
        association: group.association.name_vi(),
        leader: group.leader_name.as_deref(),
        members: &members,
        programs: &programs,
        recorded_by: &recorded_by,
    };
    targets.write(ctx, no_xlsx, |l| phien_export::pdf::minutes(l, &sheet))
}
