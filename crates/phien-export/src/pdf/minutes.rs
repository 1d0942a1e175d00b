//! A group meeting's minutes (biên bản họp tổ): who attended, the agenda,
//! what was said, the decisions — a loan review's requests as a table — and
//! the signatures.

use chrono::Datelike;
use phien_core::meeting::{Decision, MeetingKind, Presence};

use super::layout::{Align, Column, Document, Orientation, Row, Signer, Style, Table};
use super::{Printed, money};
use crate::{ExportError, Letterhead, MinutesSheet};

/// The minutes, portrait.
pub fn minutes(letterhead: &Letterhead, sheet: &MinutesSheet<'_>) -> Result<Printed, ExportError> {
    let meeting = sheet.meeting;
    let day = meeting.held_on;
    let title = format!(
        "Biên bản họp tổ {} ngày {}",
        sheet.group_code,
        phien_core::dates::dmy(day)
    );
    let mut doc = Document::new(Orientation::Portrait, &title)?;
    doc.set_running_head(&format!("{title} (tiếp theo)"));
    doc.official_heading(letterhead, None);
    doc.title("BIÊN BẢN HỌP TỔ TIẾT KIỆM VÀ VAY VỐN", 13.0);
    doc.paragraph(
        &format!("({})", meeting.kind.label_vi()),
        Style::regular(10.0),
        Align::Center,
    );
    doc.skip(8.0);
    let body = Style::regular(10.0);
    let heading = Style::bold(10.5);
    doc.paragraph(
        &format!(
            "Hôm nay, ngày {:02} tháng {:02} năm {}, {} ({}), {}, thuộc {}, tổ chức họp.",
            day.day(),
            day.month(),
            day.year(),
            sheet.group_name,
            sheet.group_code,
            sheet.village,
            sheet.association
        ),
        body,
        Align::Left,
    );
    doc.skip(6.0);

    let count = |presence| {
        meeting
            .attendance
            .iter()
            .filter(|(_, p)| *p == presence)
            .count()
    };
    let (present, represented) = (count(Presence::Present), count(Presence::Represented));
    let listed: Vec<_> = meeting.attendance.iter().map(|(m, _)| *m).collect();
    let absent = sheet
        .members
        .iter()
        .filter(|(id, _, _)| !listed.contains(id))
        .count()
        + count(Presence::Absent);
    doc.paragraph("I. THÀNH PHẦN THAM DỰ", heading, Align::Left);
    doc.paragraph(
        &format!(
            "Tổng số tổ viên: {}; có mặt {present}, có người dự thay {represented}, vắng {absent}.",
            sheet.members.len()
        ),
        body,
        Align::Left,
    );
    doc.skip(3.0);
    let (l, c, r) = (Align::Left, Align::Center, Align::Right);
    let mut attendance = Table::new(
        vec![
            Column::new("STT", 2.0, r),
            Column::new("Mã KH", 4.0, c),
            Column::new("Họ và tên", 14.0, l),
            Column::new("Tham dự", 6.0, c),
        ],
        9.0,
    );
    for (idx, (id, code, name)) in sheet.members.iter().enumerate() {
        let presence = meeting
            .attendance
            .iter()
            .find(|(m, _)| m == id)
            .map_or(Presence::Absent, |(_, p)| *p);
        attendance.rows.push(Row::plain(vec![
            (idx + 1).to_string(),
            code.clone(),
            name.clone(),
            presence.label_vi().to_string(),
        ]));
    }
    doc.table(&attendance);
    doc.skip(8.0);

    doc.paragraph("II. NỘI DUNG", heading, Align::Left);
    doc.paragraph(&meeting.agenda, body, Align::Left);
    doc.skip(6.0);
    doc.paragraph("III. DIỄN BIẾN CUỘC HỌP", heading, Align::Left);
    doc.paragraph(&meeting.minutes, body, Align::Left);
    doc.skip(6.0);

    doc.paragraph("IV. CÁC QUYẾT ĐỊNH CỦA TỔ", heading, Align::Left);
    let requests: Vec<&Decision> = meeting
        .decisions
        .iter()
        .filter(|d| matches!(d, Decision::LoanRequest { .. }))
        .collect();
    if !requests.is_empty() {
        doc.paragraph(
            &format!("Bình xét cho vay: {} hộ đề nghị.", requests.len()),
            body,
            Align::Left,
        );
        doc.skip(3.0);
        let mut table = Table::new(
            vec![
                Column::new("STT", 2.0, r),
                Column::new("Họ và tên", 10.0, l),
                Column::new("Chương trình", 9.0, l),
                Column::new("Số tiền (đồng)", 6.0, r),
                Column::new("Thời hạn", 4.0, c),
                Column::new("Kết quả", 7.0, c),
            ],
            9.0,
        );
        for (idx, decision) in requests.iter().enumerate() {
            if let Decision::LoanRequest {
                member_id,
                program,
                amount,
                term_months,
                approved,
                note,
            } = decision
            {
                let verdict = if *approved {
                    "Đồng ý".to_string()
                } else {
                    "Không đồng ý".to_string()
                };
                table.rows.push(Row::plain(vec![
                    (idx + 1).to_string(),
                    sheet.name(*member_id),
                    sheet.program(program),
                    money(*amount),
                    format!("{term_months} tháng"),
                    match note {
                        Some(note) => format!("{verdict} ({note})"),
                        None => verdict,
                    },
                ]));
            }
        }
        doc.table(&table);
        doc.skip(4.0);
    }
    let mut n = 0;
    for decision in &meeting.decisions {
        let text = match decision {
            Decision::LoanRequest { .. } => continue,
            Decision::MemberAdmitted { member_id } => {
                format!("Kết nạp tổ viên {}.", sheet.name(*member_id))
            }
            Decision::MemberLeft { member_id, reason } => {
                format!("Tổ viên {} ra khỏi tổ: {reason}.", sheet.name(*member_id))
            }
            Decision::LeaderElected { member_id } => {
                format!("Bầu {} làm tổ trưởng.", sheet.name(*member_id))
            }
            Decision::Text { text } => text.clone(),
        };
        n += 1;
        doc.paragraph(&format!("{n}. {text}"), body, Align::Left);
    }
    if meeting.decisions.is_empty() {
        doc.paragraph("Cuộc họp không có quyết định nào.", body, Align::Left);
    }
    doc.skip(6.0);
    doc.paragraph(
        &format!(
            "Biên bản được đọc lại cho mọi người dự họp cùng nghe và nhất trí. Người ghi: {}.",
            sheet.recorded_by
        ),
        body,
        Align::Left,
    );
    doc.skip(10.0);
    let mut signers = vec![
        Signer {
            role: "THƯ KÝ",
            name: None,
        },
        Signer {
            role: "TỔ TRƯỞNG",
            name: sheet.leader,
        },
    ];
    if meeting.kind == MeetingKind::LoanReview {
        signers.insert(
            1,
            Signer {
                role: "ĐẠI DIỆN HỘI",
                name: None,
            },
        );
    }
    doc.signatures(&signers);
    doc.printed(letterhead)
}
