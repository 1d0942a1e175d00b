//! Reading each document's data from the store and handing it to
//! `phien-export`: the code the CLI had, moved here so the desktop app makes
//! the same files from the same reads.

use std::borrow::Cow;

use chrono::NaiveDate;
use phien_core::dates::Month;
use phien_core::ids::GroupId;
use phien_core::report::compare::Comparison;
use phien_core::report::fees::FeeReport;
use phien_core::report::rating::RatingReport;
use phien_core::report::watchlist::Watchlist;
use phien_core::report::{CreditReport, Level};
use phien_export::{Letterhead, ReceiptSlip};
use phien_store::{GroupInfo, ReceiptState, Store};

use crate::{Document, DocumentError, Format, Made, MeetingPick};

/// The office and the point from the book, and `today` as the printing
/// date.
pub fn letterhead(store: &Store, today: NaiveDate) -> Result<Letterhead, DocumentError> {
    let point = store.point()?.ok_or_else(|| {
        DocumentError::refused(
            "no_point",
            "tệp dữ liệu chưa có điểm giao dịch: chạy `phien demo` hoặc `phien import`",
        )
    })?;
    Ok(Letterhead {
        office: point.office_name,
        point: point.point.name,
        printed_on: today,
    })
}

/// Makes `document` as `format`, printed on `today` (also the end of a
/// month still running). Refused before anything is read when the document
/// has no such form (`no_such_form`).
pub fn make(
    store: &Store,
    document: &Document,
    format: Format,
    today: NaiveDate,
) -> Result<Made, DocumentError> {
    make_with(store, document, format, today, None)
}

/// A credit report computed elsewhere — the district's, from the server
/// (`phien report quality --server`) — laid out as `document` (a
/// `Document::CreditReport`) would be from the store: the same sheet, the
/// same A4 report, the same file name; the letterhead is the store's.
pub fn make_credit_report(
    store: &Store,
    report: &CreditReport,
    document: &Document,
    format: Format,
    today: NaiveDate,
) -> Result<Made, DocumentError> {
    make_computed(store, Computed::Credit(report), document, format, today)
}

/// A report computed elsewhere (the district server's), to lay out as the
/// store's own would be.
#[derive(Debug, Clone, Copy)]
pub enum Computed<'a> {
    /// The credit report ([`Document::CreditReport`]).
    Credit(&'a CreditReport),
    /// The month's group ratings ([`Document::Ratings`]).
    Ratings(&'a RatingReport),
    /// The month's fees ([`Document::Fees`]).
    Fees(&'a FeeReport),
    /// A comparison ([`Document::Comparison`]).
    Comparison(&'a Comparison),
    /// A watchlist ([`Document::Watchlist`]).
    Watchlist(&'a Watchlist),
}

/// [`make`] with a report computed elsewhere instead of the store's own.
/// The letterhead is the report's (see [`make_credit_report`]), or for the
/// district's other reports its office, by the name the laptop's file has
/// for the office it is enrolled with (`no_office` when it has none yet:
/// sync first). A report of another kind than the document is refused
/// (`no_such_form`).
pub fn make_computed(
    store: &Store,
    computed: Computed<'_>,
    document: &Document,
    format: Format,
    today: NaiveDate,
) -> Result<Made, DocumentError> {
    let fits = matches!(
        (computed, document),
        (Computed::Credit(_), Document::CreditReport { .. })
            | (Computed::Ratings(_), Document::Ratings { .. })
            | (Computed::Fees(_), Document::Fees { .. })
            | (Computed::Comparison(_), Document::Comparison { .. })
            | (Computed::Watchlist(_), Document::Watchlist { .. })
    );
    if !fits {
        return Err(DocumentError::refused(
            "no_such_form",
            "báo cáo đã tính không phải của bản này",
        ));
    }
    make_with(store, document, format, today, Some(computed))
}

/// `computed`: a report to print instead of the store's own.
fn make_with(
    store: &Store,
    document: &Document,
    format: Format,
    today: NaiveDate,
    computed: Option<Computed<'_>>,
) -> Result<Made, DocumentError> {
    document.check_format(format)?;
    let letterhead = match computed {
        Some(Computed::Credit(report)) => report_letterhead(store, report, today)?,
        Some(_) => district_letterhead(store, today)?,
        None => letterhead(store, today)?,
    };
    let (bytes, pages) = match format {
        Format::Xlsx => (xlsx(store, document, &letterhead, today, computed)?, None),
        Format::Pdf => {
            let printed = pdf(store, document, &letterhead, today, computed)?;
            (printed.0, Some(printed.1))
        }
    };
    Ok(Made {
        bytes,
        pages,
        name: file_name(store, document)?,
        format,
    })
}

/// The letterhead of a report computed elsewhere, from the report itself: a
/// supervisor's laptop may hold no point of its own, or a whole district's.
/// Its office, and its point when it has one, or how many it covers; the
/// store's letterhead when the report, cut to a unit, names no office.
fn report_letterhead(
    store: &Store,
    report: &CreditReport,
    today: NaiveDate,
) -> Result<Letterhead, DocumentError> {
    let Some(office) = report.at(Level::Office).next() else {
        return letterhead(store, today);
    };
    let points: Vec<_> = report.at(Level::Point).collect();
    let point = match points.as_slice() {
        [one] => one.label.clone(),
        many => format!("{} điểm giao dịch", many.len()),
    };
    Ok(Letterhead {
        office: office.label.clone(),
        point,
        printed_on: today,
    })
}

/// The letterhead of a district report computed by the server: the office
/// the laptop is enrolled with, by the name its file has for it.
fn district_letterhead(store: &Store, today: NaiveDate) -> Result<Letterhead, DocumentError> {
    let office = match store.sync_link()? {
        Some(link) => store.office_name(&link.scope.office_id)?,
        None => None,
    };
    let office = office.ok_or_else(|| {
        DocumentError::refused(
            "no_office",
            "tệp dữ liệu chưa có phòng giao dịch của máy này: chạy `phien sync` trước",
        )
    })?;
    Ok(Letterhead {
        office,
        point: "Toàn quận/huyện".into(),
        printed_on: today,
    })
}

/// A report's figures: computed elsewhere (the district server's), or
/// read from the store now.
#[cfg_attr(not(any(feature = "xlsx", feature = "pdf")), allow(dead_code))]
enum Figures<'a> {
    Credit(Cow<'a, CreditReport>),
    Ratings(Cow<'a, RatingReport>),
    Fees(Cow<'a, FeeReport>),
    Comparison(Cow<'a, Comparison>),
    Watchlist(Cow<'a, Watchlist>),
}

/// The figures a report `document` lays out — `computed` when it is the
/// document's kind, else the store's — or `None` for a form that is not a
/// report (a 13/TD, a notice, receipts…).
#[cfg_attr(not(any(feature = "xlsx", feature = "pdf")), allow(dead_code))]
fn figures<'a>(
    store: &Store,
    document: &Document,
    today: NaiveDate,
    computed: Option<Computed<'a>>,
) -> Result<Option<Figures<'a>>, DocumentError> {
    Ok(Some(match (document, computed) {
        (Document::CreditReport { .. }, Some(Computed::Credit(r))) => {
            Figures::Credit(Cow::Borrowed(r))
        }
        (
            Document::CreditReport {
                as_of,
                within,
                deepest,
            },
            _,
        ) => Figures::Credit(Cow::Owned(
            store.credit_report_within(*as_of, *within, *deepest)?,
        )),
        (Document::Ratings { .. }, Some(Computed::Ratings(r))) => {
            Figures::Ratings(Cow::Borrowed(r))
        }
        (Document::Ratings { month }, _) => {
            Figures::Ratings(Cow::Owned(store.group_ratings(*month, today)?))
        }
        (Document::Fees { .. }, Some(Computed::Fees(r))) => Figures::Fees(Cow::Borrowed(r)),
        (Document::Fees { month }, _) => {
            Figures::Fees(Cow::Owned(store.fee_report(*month, today)?))
        }
        (Document::Comparison { .. }, Some(Computed::Comparison(r))) => {
            Figures::Comparison(Cow::Borrowed(r))
        }
        (
            Document::Comparison {
                as_of,
                level,
                indicator,
                within,
            },
            _,
        ) => Figures::Comparison(Cow::Owned(
            store.comparison(*as_of, *level, *indicator, *within)?,
        )),
        (Document::Watchlist { .. }, Some(Computed::Watchlist(r))) => {
            Figures::Watchlist(Cow::Borrowed(r))
        }
        (
            Document::Watchlist {
                kind,
                sort,
                on,
                within,
            },
            _,
        ) => Figures::Watchlist(Cow::Owned(store.watchlist(*kind, *sort, *on, *within)?)),
        _ => return Ok(None),
    }))
}

/// A day as a file name has it: `15-12-2026` (a slash cannot be in a name).
fn day_in_name(day: NaiveDate) -> String {
    day.format("%d-%m-%Y").to_string()
}

fn month_in_name(month: Month) -> String {
    format!("{:02}-{}", month.month, month.year)
}

fn group_of(store: &Store, id: GroupId) -> Result<GroupInfo, DocumentError> {
    store
        .groups()?
        .into_iter()
        .find(|g| g.id == id)
        .ok_or_else(|| {
            DocumentError::Store(phien_store::StoreError::NotFound {
                what: "tổ",
                key: id.to_string(),
            })
        })
}

/// The descriptive name of a document's file (made safe by
/// [`crate::file::safe_name`]).
fn file_name(store: &Store, document: &Document) -> Result<String, DocumentError> {
    let name = match document {
        Document::CreditReport { as_of, .. } => {
            format!("Chất lượng tín dụng ngày {}", day_in_name(*as_of))
        }
        Document::Ratings { month } => format!("Xếp loại tổ tháng {}", month_in_name(*month)),
        Document::Fees { month } => {
            format!("Phí ủy thác và hoa hồng tháng {}", month_in_name(*month))
        }
        Document::MonthReports { month } => {
            format!("Báo cáo tháng {}", month_in_name(*month))
        }
        Document::Comparison {
            as_of,
            level,
            indicator,
            ..
        } => format!(
            "So sánh {} theo {} ngày {}",
            level.label_vi().to_lowercase(),
            indicator.label_vi().to_lowercase(),
            day_in_name(*as_of)
        ),
        Document::Watchlist { kind, on, .. } => {
            format!("Danh sách {} ngày {}", kind.label_vi(), day_in_name(*on))
        }
        Document::CollectionList { group, session_day } => format!(
            "Mẫu 13-TD tổ {} phiên {}",
            group_of(store, *group)?.code,
            day_in_name(*session_day)
        ),
        Document::PublicNotice { on } => format!("Niêm yết công khai ngày {}", day_in_name(*on)),
        Document::Receipts {
            group: Some(group),
            day,
        } => format!(
            "Biên lai 01-BL tổ {} ngày {}",
            group_of(store, *group)?.code,
            day_in_name(*day)
        ),
        Document::Receipts { group: None, day } => {
            format!("Biên lai 01-BL ngày {}", day_in_name(*day))
        }
        Document::LeaderReceipts { group, day } => {
            let code = group_of(store, *group)?.code;
            match day {
                Some(day) => format!("Biên lai 01-BL tổ {code} ngày {}", day_in_name(*day)),
                None => format!("Biên lai 01-BL tổ {code} chưa nộp"),
            }
        }
        Document::Minutes { group, meeting } => {
            let code = group_of(store, *group)?.code;
            let held_on = pick_meeting(store, *group, *meeting)?.held_on;
            format!("Biên bản họp tổ {code} ngày {}", day_in_name(held_on))
        }
    };
    Ok(crate::file::safe_name(&name))
}

#[cfg(feature = "xlsx")]
fn xlsx(
    store: &Store,
    document: &Document,
    l: &Letterhead,
    today: NaiveDate,
    computed: Option<Computed<'_>>,
) -> Result<Vec<u8>, DocumentError> {
    use phien_export::xlsx;
    if let Some(figures) = figures(store, document, today, computed)? {
        return Ok(match figures {
            Figures::Credit(r) => xlsx::credit_report(l, &r)?,
            Figures::Ratings(r) => xlsx::ratings(l, &r)?,
            Figures::Fees(r) => xlsx::fees(l, &r)?,
            Figures::Comparison(r) => xlsx::comparison(l, &r)?,
            Figures::Watchlist(r) => xlsx::watchlist(l, &r)?,
        });
    }
    Ok(match document {
        Document::MonthReports { month } => {
            let as_of = phien_store::month_as_of(*month, today)?;
            let all = store.month_reports(as_of)?;
            let mut book = xlsx::Spreadsheet::new(l)?;
            book.add_credit_report(&all.credit)?
                .add_ratings(&all.ratings)?
                .add_fees(&all.fees)?;
            for list in &all.watchlists {
                book.add_watchlist(list)?;
            }
            book.finish()?
        }
        Document::CollectionList { group, session_day } => {
            let group = group_of(store, *group)?;
            let list = store.collection_list(group.id, *session_day)?;
            xlsx::collection_list(l, &collection_sheet(&group, *session_day, &list))?
        }
        _ => unreachable!("checked by Document::check_format"),
    })
}

#[cfg(not(feature = "xlsx"))]
fn xlsx(
    _: &Store,
    _: &Document,
    _: &Letterhead,
    _: NaiveDate,
    _: Option<Computed<'_>>,
) -> Result<Vec<u8>, DocumentError> {
    Err(DocumentError::refused(
        "no_such_form",
        "bản này không xuất được Excel",
    ))
}

#[cfg(feature = "pdf")]
fn pdf(
    store: &Store,
    document: &Document,
    l: &Letterhead,
    today: NaiveDate,
    computed: Option<Computed<'_>>,
) -> Result<(Vec<u8>, usize), DocumentError> {
    use phien_export::pdf;
    if let Some(figures) = figures(store, document, today, computed)? {
        let printed = match figures {
            Figures::Credit(r) => pdf::quality_report(l, &r)?,
            Figures::Ratings(r) => pdf::ratings(l, &r)?,
            Figures::Fees(r) => pdf::fees(l, &r)?,
            Figures::Watchlist(r) => pdf::watchlist(l, &r)?,
            Figures::Comparison(_) => unreachable!("checked by Document::check_format"),
        };
        return Ok((printed.bytes, printed.pages));
    }
    let printed = match document {
        Document::CollectionList { group, session_day } => {
            let group = group_of(store, *group)?;
            let list = store.collection_list(group.id, *session_day)?;
            pdf::collection_list(l, &collection_sheet(&group, *session_day, &list))?
        }
        Document::PublicNotice { on } => pdf::public_notice(l, &store.public_notice(*on)?)?,
        Document::Receipts { group, day } => {
            pdf::receipts(l, &receipt_slips(store, *group, *day)?)?
        }
        Document::LeaderReceipts { group, day } => {
            pdf::receipts(l, &leader_receipt_slips(store, *group, *day)?)?
        }
        Document::Minutes { group, meeting } => {
            let group = group_of(store, *group)?;
            let meeting = pick_meeting(store, group.id, *meeting)?;
            let members: Vec<_> = store
                .members_of_group(group.id)?
                .into_iter()
                .map(|m| (m.id, m.customer_code, m.full_name))
                .collect();
            let programs: Vec<_> = store
                .programs()?
                .into_iter()
                .map(|(p, _)| (p.code, p.name_vi))
                .collect();
            let recorded_by = store.staff_by_id(meeting.recorded_by)?.full_name;
            let sheet = phien_export::MinutesSheet {
                meeting: &meeting,
                group_code: &group.code,
                group_name: &group.name,
                village: &group.village,
                association: group.association.name_vi(),
                leader: group.leader_name.as_deref(),
                members: &members,
                programs: &programs,
                recorded_by: &recorded_by,
            };
            pdf::minutes(l, &sheet)?
        }
        _ => unreachable!("checked by Document::check_format"),
    };
    Ok((printed.bytes, printed.pages))
}

#[cfg(not(feature = "pdf"))]
fn pdf(
    _: &Store,
    _: &Document,
    _: &Letterhead,
    _: NaiveDate,
    _: Option<Computed<'_>>,
) -> Result<(Vec<u8>, usize), DocumentError> {
    Err(DocumentError::refused(
        "no_such_form",
        "bản này không in được PDF",
    ))
}

#[cfg_attr(not(any(feature = "xlsx", feature = "pdf")), allow(dead_code))]
fn collection_sheet<'a>(
    group: &'a GroupInfo,
    session_day: NaiveDate,
    list: &'a [phien_core::collection::MemberDue],
) -> phien_export::CollectionSheet<'a> {
    phien_export::CollectionSheet {
        group_code: &group.code,
        group_name: &group.name,
        village: &group.village,
        association: group.association.name_vi(),
        leader: group.leader_name.as_deref(),
        session_day,
        members: list,
    }
}

/// The group as people name it on a receipt.
fn group_label(group: &GroupInfo) -> String {
    format!("{} ({})", group.name, group.code)
}

/// The receipts of what each member of one group (or of every group) paid
/// on `day`, group by group; refused when nobody paid (`nothing_to_print`).
pub fn receipt_slips(
    store: &Store,
    group: Option<GroupId>,
    day: NaiveDate,
) -> Result<Vec<ReceiptSlip>, DocumentError> {
    let groups = match group {
        Some(id) => vec![group_of(store, id)?],
        None => store.groups()?,
    };
    let mut slips = Vec::new();
    for group in &groups {
        let label = group_label(group);
        slips.extend(
            store
                .group_payments(group.id, day)?
                .into_iter()
                .filter(|p| p.cash_in().is_positive())
                .map(|p| {
                    ReceiptSlip::of_collection(
                        &p.paid,
                        day,
                        &label,
                        &p.full_name,
                        &p.customer_code,
                        group.leader_name.as_deref(),
                    )
                }),
        );
    }
    if slips.is_empty() {
        let whose = match group {
            Some(_) => format!("{}: ", group_label(&groups[0])),
            None => String::new(),
        };
        return Err(DocumentError::refused(
            "nothing_to_print",
            format!(
                "{whose}không có biên lai nào ngày {}",
                day.format("%d/%m/%Y")
            ),
        ));
    }
    Ok(slips)
}

/// A group leader's receipts of `day`, or those not handed over yet;
/// refused when there are none (`nothing_to_print`).
pub fn leader_receipt_slips(
    store: &Store,
    group: GroupId,
    day: Option<NaiveDate>,
) -> Result<Vec<ReceiptSlip>, DocumentError> {
    let group = group_of(store, group)?;
    let label = group_label(&group);
    let slips: Vec<ReceiptSlip> = store
        .leader_receipts(group.id, day.is_none())?
        .into_iter()
        .filter(|r| day.is_none_or(|d| r.received_on == d))
        .map(|r| ReceiptSlip {
            receipt_no: Some(r.receipt_no.clone()),
            received_on: r.received_on,
            group: label.clone(),
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
        .collect();
    if slips.is_empty() {
        return Err(DocumentError::refused(
            "nothing_to_print",
            match day {
                Some(d) => format!(
                    "{label}: không có biên lai nào ngày {}",
                    d.format("%d/%m/%Y")
                ),
                None => format!("{label}: không có biên lai nào chưa nộp"),
            },
        ));
    }
    Ok(slips)
}

fn pick_meeting(
    store: &Store,
    group: GroupId,
    pick: MeetingPick,
) -> Result<phien_core::meeting::Meeting, DocumentError> {
    let meetings = store.meetings(group)?;
    let not_found = |key: String| {
        DocumentError::Store(phien_store::StoreError::NotFound {
            what: "cuộc họp",
            key,
        })
    };
    match pick {
        MeetingPick::Latest => meetings
            .into_iter()
            .last()
            .ok_or_else(|| DocumentError::refused("nothing_to_print", "tổ chưa có cuộc họp nào")),
        MeetingPick::HeldOn(day) => meetings
            .into_iter()
            .rev()
            .find(|m| m.held_on == day)
            .ok_or_else(|| {
                DocumentError::refused(
                    "not_found",
                    format!("«{}»: tổ không họp ngày này", day.format("%d/%m/%Y")),
                )
            }),
        MeetingPick::Id(id) => meetings
            .into_iter()
            .find(|m| m.id == id)
            .ok_or_else(|| not_found(id.to_string())),
    }
}
