//! The district's credit-quality report, computed on the server by the same
//! code as on every device.
//!
//! The server keeps, for each district office a supervisor asked about, a
//! *report replica*: a `phien-store` file in its reports folder, filled from
//! the office's own feed ([`Backend::pull`] with a supervisor's scope) and
//! applied by [`Store::apply_pulled`] — exactly what a supervisor's laptop
//! does with the pages it pulls, each page and its cursor in one
//! transaction. A report request first catches the replica up (only the
//! feed after its cursor) and then measures the replica's book
//! ([`ReportData::credit_report_within`], what
//! [`Store::credit_report_within`] does): one computation, one schema,
//! whichever backend (SQLite or PostgreSQL) holds the feed. The book as
//! read is kept with the cursor it was read at, so requests with nothing
//! new in the feed only measure it.
//!
//! A replica is derived data: deleting the folder (or a file of it) is
//! always safe; the next request rebuilds it from the feed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use phien_core::dates::Month;
use phien_core::ids::StaffId;
use phien_core::report::compare::Indicator;
use phien_core::report::watchlist::{SortBy, WatchKind};
use phien_core::report::{CreditReport, Level};
use phien_store::{
    Actor, Incoming, NewSyncLink, ReportData, Store, StoreError, SyncScope, Touched,
};
use phien_wire::{MAX_PULL, Scope, ScopeKind};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::ServerError;
use crate::backend::{Backend, Device};

/// The id the replicas pull as: no device has it (device ids are UUIDs),
/// so the feed hands out every change of the office, the supervisors' own
/// included.
const REPLICA_DEVICE: &str = "report-replica";

/// What `GET /v1/report/…` answers: for `quality` the credit report, for
/// the others their report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictReport<T = CreditReport> {
    /// The district office (from the credential).
    pub office_id: String,
    /// The office's feed is in the report up to this cursor.
    pub through: i64,
    /// Changes of the feed this request applied to the replica first.
    pub applied: u64,
    /// The report, as `phien report … --json` prints it.
    pub report: T,
}

/// What one catch-up did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CatchUp {
    /// Feed changes read.
    pub received: u64,
    /// Of which written to the replica (the rest: already there, or set aside).
    pub applied: u64,
    /// Set aside (the replica's `sync_quarantine` says why).
    pub quarantined: u64,
    /// The cursor the replica is at now.
    pub through: i64,
}

/// What to report: the date, the deepest level, and the subtree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Request {
    /// Report date.
    pub as_of: NaiveDate,
    /// Deepest level shown.
    pub deepest: Level,
    /// Only this unit and below.
    pub within: Option<Uuid>,
}

impl Request {
    /// Reads `as_of=YYYY-MM-DD` (required), `level=` (office, point,
    /// association, group — the default — or borrower) and `within=UUID`
    /// from a query string. Refusals: `bad_as_of`, `bad_level`, `bad_within`.
    pub fn parse(query: Option<&str>) -> Result<Request, ServerError> {
        let query = Query(query.unwrap_or(""));
        Ok(Request {
            as_of: query.as_of()?,
            deepest: match query.value("level") {
                None => Level::Group,
                Some(code) => query.level(code)?,
            },
            within: query.within()?,
        })
    }
}

/// What `GET /v1/report/{ratings,fees,watchlist,comparison}` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    /// `ratings?month=YYYY-MM`: every group's rating of the month.
    Ratings(Month),
    /// `fees?month=YYYY-MM`: the associations' fees and groups' commissions.
    Fees(Month),
    /// `watchlist?as_of=&kind=[&sort=amount|age][&within=ID]`.
    Watchlist {
        /// Which list.
        kind: WatchKind,
        /// Its order.
        sort: SortBy,
        /// The day.
        on: NaiveDate,
        /// Only the borrowers within this unit.
        within: Option<Uuid>,
    },
    /// `comparison?as_of=&level=[&by=indicator][&within=ID]`.
    Comparison {
        /// The day.
        as_of: NaiveDate,
        /// The level compared.
        level: Level,
        /// The indicator ranked by.
        by: Indicator,
        /// Only the units within this unit.
        within: Option<Uuid>,
    },
}

impl Ask {
    /// Reads the query of report `name` (`ratings`, `fees`, `watchlist`,
    /// `comparison`; another name is `bad_request`). Refusals: `bad_month`,
    /// `bad_as_of`, `bad_kind`, `bad_sort`, `bad_level`, `bad_indicator`,
    /// `bad_within`.
    pub fn parse(name: &str, query: Option<&str>) -> Result<Ask, ServerError> {
        let query = Query(query.unwrap_or(""));
        Ok(match name {
            "ratings" => Ask::Ratings(query.month()?),
            "fees" => Ask::Fees(query.month()?),
            "watchlist" => Ask::Watchlist {
                on: query.as_of()?,
                kind: query.parsed(
                    "kind",
                    None,
                    WatchKind::from_code,
                    "bad_kind",
                    "chọn due, overdue, arrears, inactive hoặc moved-away",
                )?,
                sort: query.parsed(
                    "sort",
                    Some(SortBy::Amount),
                    SortBy::from_code,
                    "bad_sort",
                    "chọn amount hoặc age",
                )?,
                within: query.within()?,
            },
            "comparison" => Ask::Comparison {
                as_of: query.as_of()?,
                level: match query.value("level") {
                    Some(code) if code != Level::Office.code() => query.level(code)?,
                    code => {
                        return Err(ServerError::Invalid(
                            "bad_level",
                            format!(
                                "tham số «level» = «{}»: chọn point, association, group hoặc borrower",
                                phien_wire::excerpt(&code.unwrap_or(""), 40)
                            ),
                        ));
                    }
                },
                by: query.parsed(
                    "by",
                    Some(Indicator::OverdueRatio),
                    Indicator::from_code,
                    "bad_indicator",
                    "chọn một chỉ tiêu, ví dụ overdue_ratio, interest_arrears",
                )?,
                within: query.within()?,
            },
            _ => {
                return Err(ServerError::BadRequest(
                    "không có địa chỉ này trên máy chủ".into(),
                ));
            }
        })
    }
}

/// A request's query string.
struct Query<'a>(&'a str);

impl<'a> Query<'a> {
    fn value(&self, name: &str) -> Option<&'a str> {
        self.0.split('&').find_map(|pair| {
            pair.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
        })
    }

    /// `as_of=YYYY-MM-DD`, required (`bad_as_of`).
    fn as_of(&self) -> Result<NaiveDate, ServerError> {
        let as_of = self.value("as_of").unwrap_or("");
        NaiveDate::parse_from_str(as_of, "%Y-%m-%d")
            .ok()
            .filter(|_| as_of.len() == 10)
            .ok_or_else(|| {
                ServerError::Invalid(
                    "bad_as_of",
                    format!(
                        "tham số «as_of» = «{}»: phải là ngày dạng YYYY-MM-DD",
                        phien_wire::excerpt(&as_of, 40)
                    ),
                )
            })
    }

    /// `month=YYYY-MM`, required (`bad_month`).
    fn month(&self) -> Result<Month, ServerError> {
        let month = self.value("month").unwrap_or("");
        NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
            .ok()
            .filter(|_| month.len() == 7)
            .map(Month::of)
            .ok_or_else(|| {
                ServerError::Invalid(
                    "bad_month",
                    format!(
                        "tham số «month» = «{}»: phải là tháng dạng YYYY-MM",
                        phien_wire::excerpt(&month, 40)
                    ),
                )
            })
    }

    fn level(&self, code: &str) -> Result<Level, ServerError> {
        Level::from_code(code).ok_or_else(|| {
            ServerError::Invalid(
                "bad_level",
                format!(
                    "tham số «level» = «{}»: chọn office, point, association, group hoặc borrower",
                    phien_wire::excerpt(&code, 40)
                ),
            )
        })
    }

    /// `within=UUID`, optional (`bad_within`).
    fn within(&self) -> Result<Option<Uuid>, ServerError> {
        self.value("within")
            .map(|id| {
                Uuid::parse_str(id).map_err(|_| {
                    ServerError::Invalid(
                        "bad_within",
                        format!(
                            "tham số «within» = «{}»: phải là mã đơn vị (UUID)",
                            phien_wire::excerpt(&id, 40)
                        ),
                    )
                })
            })
            .transpose()
    }

    /// `name=code` read by `from_code`; `default` when absent (required
    /// when `None`); refused with `code` and `choices`.
    fn parsed<T>(
        &self,
        name: &str,
        default: Option<T>,
        from_code: impl Fn(&str) -> Option<T>,
        code: &'static str,
        choices: &str,
    ) -> Result<T, ServerError> {
        match (self.value(name), default) {
            (None, Some(default)) => Ok(default),
            (value, _) => value.and_then(from_code).ok_or_else(|| {
                ServerError::Invalid(
                    code,
                    format!(
                        "tham số «{name}» = «{}»: {choices}",
                        phien_wire::excerpt(&value.unwrap_or(""), 40)
                    ),
                )
            }),
        }
    }
}

/// The report replicas of every office, in one folder: `OFFICE.db` each.
pub struct Reports {
    dir: PathBuf,
    /// One lock per office: a catch-up and the report read after it never
    /// interleave with another request's for the same office.
    offices: Mutex<HashMap<String, Arc<Mutex<Option<Replica>>>>>,
}

/// An office's replica, and its book as last read.
struct Replica {
    store: Store,
    /// The book read for the credit report, and what catch-ups have
    /// changed in the replica since (only a catch-up writes to it). Read
    /// without savings, it measures any date.
    book: Option<Book>,
}

/// The replica's book as read, and the parts of it changed since.
struct Book {
    data: ReportData,
    /// What to read again before the book is measured.
    stale: Touched,
}

impl Reports {
    /// Replicas kept in `dir` (made when the first report is asked for).
    pub fn new(dir: impl Into<PathBuf>) -> Reports {
        Reports {
            dir: dir.into(),
            offices: Mutex::new(HashMap::new()),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The district report for a supervisor's credential: the office's
    /// replica caught up, then measured. Any other device is refused
    /// (`forbidden`); the office is the credential's, never the request's.
    pub fn quality(
        &self,
        backend: &dyn Backend,
        device: &Device,
        request: Request,
        now: DateTime<Utc>,
    ) -> Result<DistrictReport, ServerError> {
        self.with_book(backend, device, now, |_, data| {
            data.credit_report_within(request.as_of, request.within, request.deepest)
        })
    }

    /// The district's ratings, fees, a watchlist or a comparison, from the
    /// same replica and book as [`Reports::quality`] and with the same
    /// refusals. A month in progress is measured through today in Vietnam
    /// (UTC+7).
    pub fn other(
        &self,
        backend: &dyn Backend,
        device: &Device,
        ask: Ask,
        now: DateTime<Utc>,
    ) -> Result<DistrictReport<serde_json::Value>, ServerError> {
        let today = (now + chrono::Duration::hours(7)).date_naive();
        self.with_book(backend, device, now, |store, data| match ask {
            Ask::Ratings(month) => json(store.group_ratings_of(data, month, today)),
            Ask::Fees(month) => json(store.fee_report_of(data, month, today)),
            Ask::Watchlist {
                kind,
                sort,
                on,
                within,
            } => json(data.watchlist(kind, sort, on, within)),
            Ask::Comparison {
                as_of,
                level,
                by,
                within,
            } => json(data.comparison(as_of, level, by, within)),
        })
    }

    /// Catches the office's replica up, refreshes its book and hands both
    /// to `report`; refuses any credential but a supervisor's (`forbidden`).
    /// The office is the credential's, never the request's.
    fn with_book<T>(
        &self,
        backend: &dyn Backend,
        device: &Device,
        now: DateTime<Utc>,
        report: impl FnOnce(&Store, &ReportData) -> Result<T, StoreError>,
    ) -> Result<DistrictReport<T>, ServerError> {
        if device.scope.kind != ScopeKind::Supervisor {
            return Err(ServerError::Forbidden(
                "chỉ máy giám sát của quận/huyện xem được báo cáo toàn quận/huyện".into(),
            ));
        }
        let office = &device.scope.office_id;
        self.with_replica(office, |replica| {
            let done = catch_up(backend, replica, office, now)?;
            // Taken out while it is refreshed: a failure leaves no book,
            // and the next request reads the whole replica.
            let data = match replica.book.take() {
                Some(mut book) => {
                    replica
                        .store
                        .refresh_report_data(&mut book.data, &book.stale)
                        .map_err(store_error)?;
                    book.data
                }
                // Without savings: the reading serves any date.
                None => replica
                    .store
                    .report_data(now.date_naive(), false)
                    .map_err(store_error)?,
            };
            let answer = report(&replica.store, &data);
            replica.book = Some(Book {
                data,
                stale: Touched::default(),
            });
            Ok(DistrictReport {
                office_id: office.clone(),
                through: done.through,
                applied: done.applied,
                report: answer.map_err(store_error)?,
            })
        })
    }

    /// Catches the office's replica up with its feed (made if missing).
    pub fn catch_up(
        &self,
        backend: &dyn Backend,
        office: &str,
        now: DateTime<Utc>,
    ) -> Result<CatchUp, ServerError> {
        self.with_replica(office, |replica| catch_up(backend, replica, office, now))
    }

    /// Runs `f` on the office's replica, opened (or made) on first use,
    /// holding the office's lock.
    fn with_replica<T>(
        &self,
        office: &str,
        f: impl FnOnce(&mut Replica) -> Result<T, ServerError>,
    ) -> Result<T, ServerError> {
        let slot = self
            .offices
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(office.to_owned())
            .or_default()
            .clone();
        // A request that panicked holding the lock may have left the book
        // half made: open the replica again (its file is whole: each page
        // was one transaction).
        let mut slot = slot.lock().unwrap_or_else(|poisoned| {
            let mut slot = poisoned.into_inner();
            *slot = None;
            slot
        });
        let replica = match slot.as_mut() {
            Some(replica) => replica,
            None => slot.insert(Replica {
                store: self.open(office)?,
                book: None,
            }),
        };
        f(replica)
    }

    fn open(&self, office: &str) -> Result<Store, ServerError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            ServerError::Storage(format!("thư mục báo cáo {}: {e}", self.dir.display()))
        })?;
        // Office ids are UUIDs; anything else is named by its digest, so
        // no id can name a path.
        let name = match Uuid::parse_str(office) {
            Ok(id) => id.to_string(),
            Err(_) => crate::credentials::digest(office),
        };
        let mut store = Store::open(&self.dir.join(format!("{name}.db"))).map_err(store_error)?;
        if store.sync_link().map_err(store_error)?.is_none() {
            store
                .set_sync_link(&NewSyncLink {
                    server_url: "(máy chủ)".into(),
                    credential: String::new(),
                    scope: SyncScope {
                        kind: ScopeKind::Supervisor.as_str().into(),
                        office_id: office.to_owned(),
                        point_id: None,
                        group_id: None,
                    },
                    enrolled_at: Utc::now(),
                    bundle_secret: None,
                    server_key: None,
                })
                .map_err(store_error)?;
        }
        Ok(store)
    }
}

/// Pulls the office's feed after the replica's cursor, page by page, and
/// applies each page with its cursor in one transaction. While the replica
/// has a book, each page's rows are looked up before and after it is
/// applied, and the book notes the points they belong to.
fn catch_up(
    backend: &dyn Backend,
    replica: &mut Replica,
    office: &str,
    now: DateTime<Utc>,
) -> Result<CatchUp, ServerError> {
    let store = &mut replica.store;
    let reader = Device {
        id: REPLICA_DEVICE.into(),
        name: "báo cáo toàn quận/huyện".into(),
        scope: Scope {
            kind: ScopeKind::Supervisor,
            office_id: office.to_owned(),
            point_id: None,
            group_id: None,
        },
    };
    let mut cursor = store
        .sync_link()
        .map_err(store_error)?
        .map_or(0, |link| link.pull_cursor);
    let mut done = CatchUp {
        through: cursor,
        ..CatchUp::default()
    };
    loop {
        let page = backend.pull(&reader, cursor, MAX_PULL)?;
        if page.next < cursor {
            // The feed is not the one the replica was made from (a restored
            // database): delete the replica's file and let the next request
            // rebuild it.
            return Err(ServerError::Storage(format!(
                "bản sao báo cáo đã ở số {cursor}, luồng thay đổi chỉ đến {}: xóa tệp {} để dựng lại",
                page.next,
                store.path().display()
            )));
        }
        let incoming: Vec<Incoming> = page.changes.into_iter().map(Incoming::from).collect();
        // No book, or one to be read whole anyway: nothing to note.
        let noting = replica
            .book
            .as_ref()
            .is_some_and(|book| !book.stale.is_everything());
        let before = noting.then(|| store.touched_by(&incoming));
        let applied = store
            .apply_pulled(
                Actor {
                    staff: StaffId(Uuid::nil()),
                    at: now,
                },
                &incoming,
                page.next,
            )
            .map_err(store_error)?;
        if noting {
            let after = store.touched_by(&incoming);
            match (replica.book.as_mut(), before, after) {
                (Some(book), Some(Ok(before)), Ok(after)) => {
                    book.stale.add(before);
                    book.stale.add(after);
                }
                // The page is applied but where its rows belong is not
                // known: the book goes, and the next request reads it whole.
                _ => replica.book = None,
            }
        }
        done.received += incoming.len() as u64;
        done.applied += u64::from(applied.applied);
        done.quarantined += u64::from(applied.quarantined);
        cursor = page.next;
        done.through = cursor;
        if !page.has_more {
            return Ok(done);
        }
    }
}

/// A report as the JSON the answer carries.
fn json<T: Serialize>(report: Result<T, StoreError>) -> Result<serde_json::Value, StoreError> {
    report.and_then(|report| {
        serde_json::to_value(report).map_err(|e| StoreError::Corrupt(e.to_string()))
    })
}

/// A refusal of the store keeps its code (`unknown_unit`); a failure is
/// the server's.
fn store_error(e: StoreError) -> ServerError {
    match e {
        StoreError::Rejected { code, message } => ServerError::Invalid(code, message),
        e => ServerError::Storage(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_reads_its_date_level_and_unit() {
        let id = Uuid::now_v7();
        let r = Request::parse(Some(&format!("as_of=2026-11-30&level=point&within={id}")))
            .expect("a good query");
        assert_eq!(
            r,
            Request {
                as_of: NaiveDate::from_ymd_opt(2026, 11, 30).expect("a date"),
                deepest: Level::Point,
                within: Some(id),
            }
        );
        let r = Request::parse(Some("as_of=2026-01-05")).expect("only the date");
        assert_eq!(
            (r.deepest, r.within),
            (Level::Group, None),
            "group level, the whole office"
        );
    }

    #[test]
    fn a_bad_request_is_refused_with_its_code() {
        for (query, code) in [
            (None, "bad_as_of"),
            (Some("as_of=30/11/2026"), "bad_as_of"),
            (Some("as_of=2026-02-30"), "bad_as_of"),
            (Some("as_of=2026-2-3"), "bad_as_of"),
            (Some("as_of=2026-11-30&level=commune"), "bad_level"),
            (Some("as_of=2026-11-30&within=T01"), "bad_within"),
        ] {
            let e = Request::parse(query).expect_err("refused");
            assert_eq!((e.code(), e.status()), (code, 400), "{query:?}");
        }
    }
}
