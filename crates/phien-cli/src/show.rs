//! Text rendering for people: Vietnamese labels, amounts `1.250.000 ₫`,
//! dates dd/mm/yyyy, aligned columns.

use std::fmt::Write as _;
use std::path::Path;

use chrono::NaiveDate;
use phien_core::Dong;
use phien_core::collection::{MemberDue, list_totals};
use phien_core::meeting::{Decision, Meeting, Presence};
use phien_core::money::group_thousands;
use phien_core::org::Member;
use phien_core::policy::Policy;
use phien_core::program::{Program, RateHistory};
use phien_core::quality::{QualityLine, QualitySummary};
use phien_store::{
    AuditEvent, ChangeRow, CollectionReceipt, GroupInfo, MemberStatement, PointInfo,
    SessionSummary, Staff,
};

pub(crate) fn day(d: NaiveDate) -> String {
    phien_core::dates::dmy(d)
}

pub(crate) fn money(d: Dong) -> String {
    group_thousands(d.get())
}

/// A percentage with two decimals as Vietnamese write it: `0,34%`.
pub(crate) fn percent(value: rust_decimal::Decimal) -> String {
    phien_core::money::percent_vi(value)
}

/// A simple table: right-aligns columns whose header starts with '>'.
pub(crate) struct Table {
    headers: Vec<(String, bool)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub(crate) fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers
                .iter()
                .map(|h| match h.strip_prefix('>') {
                    Some(rest) => (rest.to_string(), true),
                    None => (h.to_string(), false),
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub(crate) fn render(&self) -> String {
        let width = |s: &str| s.chars().count();
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|idx| {
                self.rows
                    .iter()
                    .map(|r| width(&r[idx]))
                    .chain([width(&self.headers[idx].0)])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| -> String {
            let mut out = String::new();
            for (idx, cell) in cells.iter().enumerate() {
                let pad = widths[idx] - width(cell);
                if idx > 0 {
                    out.push_str("  ");
                }
                if self.headers[idx].1 {
                    out.push_str(&" ".repeat(pad));
                    out.push_str(cell);
                } else {
                    out.push_str(cell);
                    if idx + 1 < cells.len() {
                        out.push_str(&" ".repeat(pad));
                    }
                }
            }
            out.push('\n');
            out
        };
        let mut out = line(&self.headers.iter().map(|h| h.0.clone()).collect::<Vec<_>>());
        out.push_str(
            &"-".repeat(widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1)),
        );
        out.push('\n');
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }
}

pub fn demo_report(report: &phien_demo::DemoReport, db: &Path, seconds: f32) -> String {
    format!(
        "Đã tạo xã mẫu trong «{}» ({seconds:.1} giây):\n  {} tổ, {} tổ viên, {} khế ước, {} bút toán, {} phiên giao dịch, {} cuộc họp.\n",
        db.display(),
        report.n_groups,
        report.n_members,
        report.n_loans,
        report.n_entries,
        report.n_sessions,
        report.n_meetings
    )
}

pub fn import_report(report: &phien_import::load::LoadReport, file: &Path) -> String {
    let mut out = format!(
        "Đã nhập «{}»: {} dòng, {} khế ước, {} tổ mới, {} tổ viên mới; dư nợ {} ₫, lãi tồn {} ₫.\n",
        file.display(),
        report.n_rows,
        report.n_loans,
        report.n_groups_created,
        report.n_members_created,
        money(report.principal),
        money(report.interest_arrears)
    );
    for note in &report.notes {
        let _ = writeln!(out, "  Lưu ý: {note}");
    }
    out
}

pub fn point(
    point: Option<&PointInfo>,
    staff: &[Staff],
    programs: &[(Program, RateHistory)],
    policy: &Policy,
) -> String {
    let mut out = String::new();
    match point {
        None => out.push_str("Chưa có điểm giao dịch: chạy `phien demo` hoặc `phien import`.\n"),
        Some(info) => {
            let p = &info.point;
            let _ = writeln!(out, "{} ({}) — {}", p.name, p.code, info.office_name);
            let _ = writeln!(
                out,
                "Ngày giao dịch cố định: ngày {} hằng tháng, tại {}",
                p.fixed_day, p.address
            );
            for c in &p.communes {
                let _ = writeln!(
                    out,
                    "  Xã {} ({}){}",
                    c.name,
                    c.code,
                    if c.is_pre_2025 {
                        " — mã trước sắp xếp 2025"
                    } else {
                        ""
                    }
                );
            }
            let assoc: Vec<&str> = info.associations.iter().map(|(_, k)| k.name_vi()).collect();
            let _ = writeln!(out, "Hội nhận ủy thác: {}", assoc.join(", "));
        }
    }
    out.push('\n');
    let mut t = Table::new(&["Mã", "Cán bộ", "Vai trò"]);
    for s in staff {
        t.row(vec![
            s.code.clone(),
            s.full_name.clone(),
            s.role.code().to_string(),
        ]);
    }
    out.push_str(&t.render());
    out.push('\n');
    out.push_str(&programs_text(programs));
    out.push('\n');
    out.push_str(&self::policy(policy));
    out
}

fn programs_text(programs: &[(Program, RateHistory)]) -> String {
    let mut t = Table::new(&["Mã", "Chương trình", "Lãi suất (%/năm) từ ngày"]);
    for (p, rates) in programs {
        let history: Vec<String> = rates
            .periods()
            .iter()
            .map(|r| {
                format!(
                    "{}% từ {}",
                    (r.annual_rate * rust_decimal::Decimal::ONE_HUNDRED)
                        .normalize()
                        .to_string()
                        .replace('.', ","),
                    day(r.effective_from)
                )
            })
            .collect();
        t.row(vec![
            p.code.0.clone(),
            p.name_vi.clone(),
            history.join("; "),
        ]);
    }
    t.render()
}

pub fn programs(programs: &[(Program, RateHistory)]) -> String {
    programs_text(programs)
}

pub fn policy(policy: &Policy) -> String {
    let mut out = String::from("Quy tắc đang dùng (phien policy set KHÓA GIÁ_TRỊ để đổi):\n");
    for s in policy.to_settings() {
        let _ = writeln!(out, "  {} = {}", s.key, s.value);
    }
    out
}

pub fn groups(groups: &[GroupInfo]) -> String {
    // A supervisor's laptop holds several points, whose group codes may repeat.
    let several_points = groups.iter().any(|g| g.point_code != groups[0].point_code);
    let mut headers = vec!["Mã", "Tên tổ", "Thôn", "Hội", "Tổ trưởng", ">Tổ viên"];
    if several_points {
        headers.insert(0, "Điểm GD");
    }
    let mut t = Table::new(&headers);
    for g in groups {
        let mut row = vec![
            g.code.clone(),
            g.name.clone(),
            g.village.clone(),
            g.association.name_vi().to_string(),
            g.leader_name.clone().unwrap_or_default(),
            g.n_members.to_string(),
        ];
        if several_points {
            row.insert(0, g.point_code.clone());
        }
        t.row(row);
    }
    t.render()
}

pub fn members(group: &GroupInfo, members: &[Member]) -> String {
    let mut out = format!(
        "{} — {} ({} tổ viên)\n",
        group.code,
        group.name,
        members.len()
    );
    let mut t = Table::new(&["Mã KH", "Họ tên", "CCCD", "Năm sinh", "Thôn", "Điện thoại"]);
    for m in members {
        t.row(vec![
            m.customer_code.clone(),
            m.full_name.clone(),
            m.citizen_id.clone().unwrap_or_default(),
            m.birth_year.map(|y| y.to_string()).unwrap_or_default(),
            m.village.clone(),
            m.phone.clone().unwrap_or_default(),
        ]);
    }
    out.push_str(&t.render());
    out
}

pub fn search(query: &str, found: &[Member]) -> String {
    if found.is_empty() {
        return format!("Không tìm thấy «{query}».\n");
    }
    let mut t = Table::new(&["Mã KH", "Họ tên", "CCCD", "Thôn"]);
    for m in found {
        t.row(vec![
            m.customer_code.clone(),
            m.full_name.clone(),
            m.citizen_id.clone().unwrap_or_default(),
            m.village.clone(),
        ]);
    }
    t.render()
}

pub fn collection_list(group: &GroupInfo, date: NaiveDate, list: &[MemberDue]) -> String {
    let mut out = format!(
        "DANH SÁCH THU LÃI, THU TIỀN GỬI TIẾT KIỆM (mẫu 13/TD)\n{} — {} — {}\nNgày {}\n\n",
        group.code,
        group.name,
        group.association.name_vi(),
        day(date)
    );
    let mut t = Table::new(&[
        ">STT",
        "Mã KH",
        "Họ tên",
        ">Dư nợ",
        ">Lãi phải trả",
        ">Trong đó lãi tồn",
        ">Gốc đến hạn",
        ">Tiết kiệm",
    ]);
    for (idx, m) in list.iter().enumerate() {
        let mut row = vec![
            (idx + 1).to_string(),
            m.customer_code.clone(),
            m.full_name.clone(),
        ];
        row.extend(m.list_figures().iter().map(|f| money(*f)));
        t.row(row);
    }
    let mut row = vec![String::new(), String::new(), "Cộng".to_string()];
    row.extend(list_totals(list).iter().map(|f| money(*f)));
    t.row(row);
    out.push_str(&t.render());
    out
}

pub fn collection_receipt(group: &GroupInfo, receipt: &CollectionReceipt) -> String {
    format!(
        "Đã ghi danh sách thu của {} ngày {}: {} tổ viên, {} bút toán, tiền thu {} ₫{}.\n",
        group.name,
        day(receipt.date),
        receipt.n_members,
        receipt.entries.len(),
        money(receipt.cash),
        if receipt.handover.is_some() {
            ", đã ghi nộp tiền vào phiên"
        } else {
            ""
        }
    )
}

pub fn statement(s: &MemberStatement) -> String {
    let m = &s.member;
    let mut out = format!(
        "SAO KÊ — {} ({}) — {}\nCCCD {} — thôn {} — tính đến {}\n",
        m.full_name,
        m.customer_code,
        s.group_name,
        m.citizen_id.as_deref().unwrap_or("—"),
        m.village,
        day(s.as_of)
    );
    if let Some(status) = s.status.last() {
        let _ = writeln!(
            out,
            "Tình trạng: {} từ {}{}",
            status.kind.label_vi(),
            day(status.learned_on),
            status
                .destination
                .as_deref()
                .map(|d| format!(", nơi đến: {d}"))
                .unwrap_or_default()
        );
    }
    out.push('\n');
    let mut t = Table::new(&[
        "Khế ước",
        "Chương trình",
        "Ngày vay",
        ">Số tiền vay",
        ">Dư nợ",
        ">Quá hạn",
        ">Khoanh",
        ">Lãi phải trả",
        ">Lãi tồn",
        "Tình trạng",
    ]);
    for l in &s.loans {
        let p = &l.position;
        t.row(vec![
            l.loan.account_no.clone(),
            l.program_name.clone(),
            day(l.loan.disbursed_on),
            money(l.loan.amount),
            money(p.outstanding),
            money(p.overdue),
            money(p.frozen),
            money(p.interest_due),
            money(p.interest_arrears),
            format!(
                "{}{}",
                p.status.label_vi(),
                if p.inactive {
                    ", 3 tháng không hoạt động"
                } else {
                    ""
                }
            ),
        ]);
    }
    out.push_str(&t.render());
    for l in &s.loans {
        let _ = writeln!(out, "\nLịch trả nợ khế ước {}:", l.loan.account_no);
        for i in &l.loan.installments {
            let _ = writeln!(
                out,
                "  Kỳ {}: {} — {} ₫",
                i.seq,
                day(i.due_on),
                money(i.amount)
            );
        }
        for d in &l.decisions {
            let _ = writeln!(
                out,
                "  Quyết định {} ngày {}: {} — {}",
                d.decision_no,
                day(d.decided_on),
                d.measure.label_vi(),
                d.reason
            );
        }
    }
    let _ = writeln!(out, "\nSố dư tiết kiệm: {} ₫\n", money(s.savings_balance));
    let mut t = Table::new(&[
        "Ngày",
        "Nghiệp vụ",
        "Khế ước",
        ">Số tiền",
        "Biên lai",
        "Ghi chú",
        "Mã bút toán",
    ]);
    for e in &s.entries {
        let note = match (&e.reverses, e.reversed) {
            (Some(original), _) => format!(
                "hủy {}: {}",
                &original.to_string()[..8],
                e.reason.clone().unwrap_or_default()
            ),
            (None, true) => "đã bị hủy".to_string(),
            _ => String::new(),
        };
        t.row(vec![
            day(e.value_date),
            e.kind.label_vi().to_string(),
            e.account_no.clone().unwrap_or_default(),
            money(e.amount),
            e.receipt_no.clone().unwrap_or_default(),
            note,
            e.entry_id.to_string(),
        ]);
    }
    out.push_str(&t.render());
    if !s.traces.is_empty() {
        out.push_str("\nNhật ký tra cứu nơi ở:\n");
        for tr in &s.traces {
            let _ = writeln!(
                out,
                "  {} hỏi {}: {}",
                day(tr.asked_on),
                tr.agency.label_vi(),
                tr.answer.as_deref().unwrap_or("chưa trả lời")
            );
        }
    }
    out
}

pub fn session(s: &SessionSummary) -> String {
    let mut out = format!(
        "PHIÊN GIAO DỊCH NGÀY {} — {}\nTổ trưởng: {} · Kiểm soát: {} · Thủ quỹ: {}\n\n",
        day(s.date),
        if s.closed_at.is_some() {
            "đã đóng"
        } else {
            "đang mở"
        },
        s.team[0],
        s.team[1],
        s.team[2]
    );
    let mut t = Table::new(&["Nghiệp vụ", ">Số bút toán", ">Số tiền"]);
    for (kind, n, sum) in &s.totals {
        t.row(vec![
            kind.label_vi().to_string(),
            n.to_string(),
            money(*sum),
        ]);
    }
    out.push_str(&t.render());
    if s.opening_cash.is_positive() {
        let _ = writeln!(out, "\nTiền mang từ PGD: {} ₫", money(s.opening_cash));
    }
    let _ = writeln!(out, "\nTiền mặt theo sổ: {} ₫", money(s.expected_cash));
    if let Some(counted) = s.counted_cash {
        let _ = writeln!(out, "Tiền mặt kiểm đếm: {} ₫", money(counted));
    }
    if let Some(diff) = s.difference {
        let _ = writeln!(
            out,
            "Chênh lệch: {} ₫{}",
            money(diff),
            s.difference_note
                .as_deref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        );
    }
    if !s.handovers.is_empty() {
        out.push('\n');
        let mut t = Table::new(&[
            "Tổ",
            ">Theo danh sách",
            ">Tiền nộp",
            ">Chênh lệch",
            "Ghi chú",
        ]);
        for (name, h) in &s.handovers {
            t.row(vec![
                name.clone(),
                money(h.expected),
                money(h.handed_over),
                money(h.handed_over - h.expected),
                h.note.clone().unwrap_or_default(),
            ]);
        }
        out.push_str(&t.render());
    }
    out
}

pub fn meetings(group: &GroupInfo, meetings: &[Meeting], members: &[Member]) -> String {
    let name = |id| {
        members
            .iter()
            .find(|m| m.id == id)
            .map_or_else(|| id.to_string(), |m| m.full_name.clone())
    };
    let mut out = format!("Các cuộc họp của {} ({})\n", group.name, meetings.len());
    for m in meetings {
        let present = m
            .attendance
            .iter()
            .filter(|(_, p)| *p == Presence::Present)
            .count();
        let represented = m
            .attendance
            .iter()
            .filter(|(_, p)| *p == Presence::Represented)
            .count();
        let _ = writeln!(
            out,
            "\n{} — {:?} — có mặt {present}, dự thay {represented}, vắng {}\n  Nội dung: {}",
            day(m.held_on),
            m.kind,
            m.attendance.len() - present - represented,
            m.agenda
        );
        for d in &m.decisions {
            let text = match d {
                Decision::LoanRequest {
                    member_id,
                    program,
                    amount,
                    term_months,
                    approved,
                    ..
                } => format!(
                    "Bình xét: {} vay {} ₫, chương trình {program}, {term_months} tháng — {}",
                    name(*member_id),
                    money(*amount),
                    if *approved {
                        "đồng ý"
                    } else {
                        "không đồng ý"
                    }
                ),
                Decision::MemberAdmitted { member_id } => format!("Kết nạp {}", name(*member_id)),
                Decision::MemberLeft { member_id, reason } => {
                    format!("{} ra khỏi tổ: {reason}", name(*member_id))
                }
                Decision::LeaderElected { member_id } => {
                    format!("Bầu {} làm tổ trưởng", name(*member_id))
                }
                Decision::Text { text } => text.clone(),
            };
            let _ = writeln!(out, "  • {text}");
        }
    }
    out
}

fn quality_row(line: &QualityLine) -> Vec<String> {
    let f = &line.figures;
    vec![
        line.name.clone(),
        f.n_borrowers.to_string(),
        money(f.outstanding),
        money(f.overdue),
        percent(f.overdue_ratio_pct),
        money(f.overdue_change_since_jan1),
        money(f.frozen),
        money(f.interest_arrears),
        format!("{} / {}", f.n_inactive, money(f.inactive_outstanding)),
        format!(
            "{} / {}",
            f.n_moved_away_with_debt,
            money(f.moved_away_outstanding)
        ),
    ]
}

pub fn quality(s: &QualitySummary) -> String {
    let headers = [
        "",
        ">Hộ vay",
        ">Dư nợ",
        ">Nợ quá hạn",
        ">Tỷ lệ QH",
        ">QH tăng/giảm từ 01/01",
        ">Nợ khoanh",
        ">Lãi tồn",
        ">3 tháng KHĐ (món / dư nợ)",
        ">Đi khỏi địa phương (hộ / dư nợ)",
    ];
    let mut out = format!(
        "CHẤT LƯỢNG TÍN DỤNG — {} — ngày {}\n\n",
        s.total.name,
        day(s.as_of)
    );
    let mut t = Table::new(&headers);
    t.row(quality_row(&s.total));
    for a in &s.associations {
        t.row(quality_row(a));
    }
    out.push_str(&t.render());
    out.push_str("\nTheo tổ:\n");
    let mut t = Table::new(&headers);
    for g in &s.groups {
        t.row(quality_row(g));
    }
    out.push_str(&t.render());
    out
}

pub fn audit(events: &[AuditEvent]) -> String {
    let mut t = Table::new(&["Thời điểm", "Người", "Việc", "Chi tiết", ">Số thay đổi"]);
    for e in events {
        t.row(vec![
            e.at.clone(),
            e.actor.clone(),
            e.action.clone(),
            e.detail.clone(),
            e.n_changes.to_string(),
        ]);
    }
    t.render()
}

pub fn changes(changes: &[ChangeRow]) -> String {
    let mut t = Table::new(&[">Số thứ tự", "Bảng", "Khóa", "Thao tác"]);
    for c in changes {
        t.row(vec![
            c.seq.to_string(),
            c.entity.clone(),
            c.entity_id.clone(),
            c.op.clone(),
        ]);
    }
    t.render()
}

/// What a sync did.
pub fn sync_report(r: &phien_sync::SyncReport) -> String {
    let mut out = format!(
        "Đồng bộ xong: gửi {} (máy chủ xác nhận {}), nhận {} (ghi {}, đã có {}), còn chờ gửi {}\n",
        r.sent, r.acknowledged, r.received, r.applied, r.duplicates, r.pending
    );
    if r.quarantined > 0 {
        out.push_str(&format!(
            "  {} thay đổi nhận về không ghi được ở máy này: xem `phien sync-status`\n",
            r.quarantined
        ));
    }
    for refused in &r.refused {
        out.push_str(&format!(
            "  bị từ chối #{} ({}): {}\n",
            refused.seq, refused.code, refused.reason
        ));
    }
    out
}

/// Review items, one paragraph each.
pub fn reviews(items: &[phien_wire::ReviewItem]) -> String {
    if items.is_empty() {
        return "Không có mục nào chờ xem xét.\n".into();
    }
    let mut out = String::new();
    for r in items {
        let what = match r.kind.as_str() {
            "conflict" => "sửa trùng",
            "changed_replay" => "gửi lại khác nội dung",
            "record_conflict" => "ghi trùng mã khác nội dung",
            other => other,
        };
        out.push_str(&format!(
            "#{} {what}: {} {}{}\n  máy chủ giữ: {}\n  máy {} (thay đổi số {}) gửi: {}\n",
            r.id,
            r.entity,
            r.entity_id,
            r.field
                .as_deref()
                .map(|f| format!(", trường {f}"))
                .unwrap_or_default(),
            r.server_value.as_deref().unwrap_or("—"),
            r.device_id,
            r.device_seq,
            r.device_value.as_deref().unwrap_or("—"),
        ));
        match (&r.resolved_at, r.decision) {
            (Some(at), Some(d)) => out.push_str(&format!(
                "  đã quyết định {at}: {} — {}\n",
                match d {
                    phien_wire::Decision::KeepServer => "giữ giá trị máy chủ",
                    phien_wire::Decision::TakeDevice => "lấy giá trị của máy",
                },
                r.note.as_deref().unwrap_or("")
            )),
            _ => out.push_str("  chờ quận/huyện quyết định\n"),
        }
    }
    out
}

/// A bundle written.
pub fn bundle_export(path: &std::path::Path, e: &phien_sync::BundleExport) -> String {
    let range = e
        .seqs
        .map(|(a, b)| format!(" (số {a}–{b})"))
        .unwrap_or_default();
    format!(
        "Đã xuất gói {}: {} thay đổi{range}, {} byte.\n\
         Mang tệp lên quận/huyện; khi có tệp trả lời, chạy `phien bundle-accept TỆP`.\n\
         Các thay đổi vẫn chờ gửi cho đến khi máy chủ xác nhận.\n",
        path.display(),
        e.items,
        e.bytes.len()
    )
}

/// A bundle reply accepted.
pub fn bundle_accepted(a: &phien_sync::BundleAccepted) -> String {
    let mut out = format!(
        "Đã nhận tệp trả lời: máy chủ xác nhận thêm {}, còn chờ gửi {}.\n",
        a.acknowledged, a.pending
    );
    if a.pull_skipped {
        out.push_str("  Máy đã đồng bộ sau khi xuất gói: phần thay đổi trong tệp đã cũ, bỏ qua.\n");
    } else {
        out.push_str(&format!(
            "  Nhận {} thay đổi (ghi {}, đã có {}).\n",
            a.received, a.applied, a.duplicates
        ));
    }
    if a.quarantined > 0 {
        out.push_str(&format!(
            "  {} thay đổi nhận về không ghi được ở máy này: xem `phien sync-status`\n",
            a.quarantined
        ));
    }
    if a.has_more {
        out.push_str(
            "  Máy chủ còn thay đổi chưa gửi hết: xuất gói mới hoặc đồng bộ khi có mạng.\n",
        );
    }
    for refused in &a.refused {
        out.push_str(&format!(
            "  bị từ chối #{} ({}): {}\n",
            refused.seq, refused.code, refused.reason
        ));
    }
    out
}

/// A stored instant (RFC 3339) as this computer's clock shows it,
/// `dd/mm/yyyy hh:mm`; the text as stored if it is not one.
fn local_time(stored: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_owned(),
        |at| {
            at.with_timezone(&chrono::Local)
                .format("%d/%m/%Y %H:%M")
                .to_string()
        },
    )
}

/// The device's sync state.
pub fn sync_status(
    link: Option<&phien_store::SyncLink>,
    quarantine: &[phien_store::Quarantined],
) -> String {
    let Some(link) = link else {
        return "Máy này chưa đăng ký đồng bộ: `phien enrol --server URL --code MÃ`\n".into();
    };
    let mut out = format!(
        "Máy chủ: {}\nPhạm vi: {}\nLần đồng bộ cuối: {}\nChờ gửi: {}\n",
        link.server_url,
        link.scope.kind,
        link.last_sync_at
            .as_deref()
            .map_or_else(|| "chưa lần nào".to_owned(), local_time),
        link.pending
    );
    if let Some(e) = &link.last_error {
        out.push_str(&format!("Lần thử cuối lỗi: {e}\n"));
    }
    if !quarantine.is_empty() {
        out.push_str(&format!("Bị giữ lại ({}):\n", quarantine.len()));
        for q in quarantine {
            let side = if q.direction == "push" {
                "máy chủ từ chối"
            } else {
                "không ghi được ở máy này"
            };
            out.push_str(&format!(
                "  {} {} — {side} ({}): {}\n",
                q.entity, q.entity_id, q.code, q.reason
            ));
        }
    }
    out
}

/// The integrity check of a month.
pub fn month_check(c: &phien_sync::MonthCheck) -> String {
    let line = |who: &str, d: &phien_wire::MonthDigest| {
        format!(
            "  {who:<8} {:>7} bút toán  {:>20}  {}\n",
            d.count,
            money(Dong(d.sum)),
            &d.hash[..12]
        )
    };
    let mut out = format!("Đối chiếu tháng {}:\n", c.local.month);
    out.push_str(&line("máy này", &c.local));
    out.push_str(&line("máy chủ", &c.server));
    out.push_str(match (c.matches, c.repaired) {
        (true, false) => "Khớp.\n",
        (true, true) => "Đã lệch; đã nhận lại từ máy chủ và nay khớp.\n",
        (false, _) => {
            "Vẫn lệch: máy này có bút toán máy chủ chưa nhận (xem `phien sync-status`).\n"
        }
    });
    out
}
