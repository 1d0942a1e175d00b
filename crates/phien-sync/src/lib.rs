//! Phiên's sync client: enrols a device with the district server and syncs
//! its store — push this device's change log, then pull the changes of its
//! scope — over a link that may drop at any moment.
//!
//! Safe to kill at any point: the outbox is the store's change log, which is
//! never trimmed; the server's acknowledgement and each pulled page (with its
//! cursor) are stored in one transaction each. A retry resends only what the
//! server has not acknowledged, and the server recognises a resent item.
#![deny(missing_docs)]

mod bundle;

pub use bundle::{BundleAccepted, BundleExport, accept_reply, deliver_bundle, export_bundle};

use std::time::Duration;

use chrono::{DateTime, Utc};
use phien_core::ids::StaffId;
use phien_store::{
    Actor, ChangeRow, Incoming, NewSyncLink, Quarantined, Store, StoreError, SyncScope,
};
use phien_wire::{
    EnrolRequest, EnrolResponse, ErrorBody, MonthDigest, PROTOCOL, PROTOCOL_HEADER, PullResponse,
    PushItem, PushResponse, Refused, Scope, StatusResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

/// Why a sync or an enrolment did not finish.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The device has no enrolment.
    #[error("máy này chưa đăng ký với máy chủ: hãy nhập mã đăng ký do quận/huyện cấp")]
    NotEnrolled,
    /// No answer after every retry.
    #[error("không kết nối được máy chủ {url} sau {attempts} lần thử: {reason}")]
    Unreachable {
        /// The server.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// The last failure.
        reason: String,
    },
    /// The server refused the request.
    #[error("máy chủ từ chối ({code}): {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The server's stable code.
        code: String,
        /// The server's Vietnamese message.
        message: String,
    },
    /// The server answered something this client cannot use.
    #[error("máy chủ trả lời không đúng giao thức: {0}")]
    Protocol(String),
    /// A bundle or reply file that cannot be used here.
    #[error("{message}")]
    Bundle {
        /// `bundle_unreadable`, `bundle_wrong_kind`, `bad_signature`,
        /// `no_bundle_key`, `not_for_this_device`.
        code: &'static str,
        /// Vietnamese reason.
        message: String,
    },
    /// The local store.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// Stable code for the UI and the CLI.
    pub fn code(&self) -> &str {
        match self {
            SyncError::NotEnrolled => "not_enrolled",
            SyncError::Unreachable { .. } => "unreachable",
            SyncError::Refused { code, .. } => code,
            SyncError::Protocol(_) => "protocol",
            SyncError::Bundle { code, .. } => code,
            SyncError::Store(e) => e.code(),
        }
    }
}

/// How to sync.
#[derive(Debug, Clone)]
pub struct Options {
    /// A push batch stops growing past this many bytes of change bodies
    /// (before compression): small enough to get through a weak link.
    pub batch_bytes: usize,
    /// Most items in one push.
    pub batch_items: u32,
    /// Most changes asked for in one pull page.
    pub page: u32,
    /// Attempts per request before giving up.
    pub attempts: u32,
    /// Wait before the first retry; doubles each time.
    pub backoff: Duration,
    /// Whole-request timeout.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch_bytes: 1024 * 1024,
            batch_items: 5_000,
            page: 5_000,
            attempts: 5,
            backoff: Duration::from_millis(500),
            timeout: Duration::from_secs(60),
        }
    }
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Own changes sent (including resends).
    pub sent: u64,
    /// Own changes the server settled in this sync.
    pub acknowledged: u64,
    /// Own changes the server refused, with reasons.
    pub refused: Vec<Refused>,
    /// Other devices' changes received.
    pub received: u64,
    /// Of those, written here.
    pub applied: u64,
    /// Of those, already here.
    pub duplicates: u64,
    /// Of those, set aside here.
    pub quarantined: u64,
    /// Own changes still waiting for the server.
    pub pending: i64,
}

/// Progress while syncing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A push was acknowledged: `acknowledged` so far, `pending` left.
    Pushed {
        /// Settled so far in this sync.
        acknowledged: u64,
        /// Still to send.
        pending: i64,
    },
    /// A pulled page was applied: `received` so far.
    Pulled {
        /// Received so far in this sync.
        received: u64,
    },
    /// A request failed and will be retried after a pause.
    Retrying {
        /// The attempt that failed.
        attempt: u32,
    },
}

/// A request body, ready to send.
struct Payload {
    content_type: &'static str,
    zstd: bool,
    bytes: Vec<u8>,
}

impl Payload {
    /// `body` as zstd-compressed JSON.
    fn json(body: &impl Serialize) -> Result<Payload, SyncError> {
        let json = serde_json::to_vec(body).map_err(|e| SyncError::Protocol(e.to_string()))?;
        Payload::zstd(&json)
    }

    /// JSON text, zstd-compressed (several times faster than gzip, at a
    /// better ratio). Level 1: on a month's entries it compresses as well
    /// as level 3 (17 against 19 bytes an entry) in less time.
    fn zstd(json: &[u8]) -> Result<Payload, SyncError> {
        Ok(Payload {
            content_type: "application/json",
            zstd: true,
            bytes: zstd::bulk::compress(json, 1).map_err(|e| SyncError::Protocol(e.to_string()))?,
        })
    }
}

/// The JSON of `PushRequest` for `rows`, written directly: each row's
/// body is already JSON (the store's change log writes it with SQLite's
/// `json_object`), so it goes in as it is, not parsed again to be checked —
/// were one not JSON, the server would refuse the whole push (400) and
/// nothing would be settled. `push_request_is_what_the_server_reads`
/// checks it against the wire type.
fn push_request(rows: &[ChangeRow]) -> Vec<u8> {
    use std::io::Write;
    let size: usize = rows.iter().map(|r| r.row_json.len() + 160).sum();
    let mut out = Vec::with_capacity(size + 16);
    out.extend_from_slice(b"{\"items\":[");
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Writing to memory cannot fail.
        let _ = write!(out, "{{\"seq\":{},\"entity\":", row.seq);
        let _ = serde_json::to_writer(&mut out, &row.entity);
        out.extend_from_slice(b",\"entity_id\":");
        let _ = serde_json::to_writer(&mut out, &row.entity_id);
        out.extend_from_slice(b",\"op\":");
        let _ = serde_json::to_writer(&mut out, &row.op);
        out.extend_from_slice(b",\"hlc\":");
        let _ = serde_json::to_writer(&mut out, &row.hlc);
        out.extend_from_slice(b",\"body\":");
        out.extend_from_slice(row.row_json.as_bytes());
        out.push(b'}');
    }
    out.extend_from_slice(b"]}");
    out
}

/// Runs `request` on a thread of its own while `meanwhile` runs on this one
/// (which keeps the store: a connection is not shared across threads), and
/// passes the request's progress on here. A sync overlaps its requests with
/// its own work this way: it reads and encodes the next push batch while
/// the server settles one, and applies a pulled page while the next one
/// comes.
fn overlapped<T: Send, W>(
    progress: &mut dyn FnMut(Progress),
    request: impl FnOnce(&mut dyn FnMut(Progress)) -> T + Send,
    meanwhile: impl FnOnce() -> W,
) -> (T, W) {
    std::thread::scope(|scope| {
        let (events, received) = std::sync::mpsc::channel();
        let request = scope.spawn(move || {
            request(&mut |p| {
                let _ = events.send(p);
            })
        });
        let done = meanwhile();
        // Ends when the request's thread ends (its sender is dropped).
        for p in received {
            progress(p);
        }
        let answer = request
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (answer, done)
    })
}

/// A push batch, ready to send: this device's next change-log rows.
struct Batch {
    /// The rows (their bodies dropped once encoded).
    items: Vec<ChangeRow>,
    payload: Payload,
}

impl Batch {
    /// The rows after `after_seq`, up to the options' limits; `None` when
    /// there are none.
    fn read(store: &Store, after_seq: i64, options: &Options) -> Result<Option<Batch>, SyncError> {
        let rows = store.changes_after(after_seq, options.batch_items)?;
        if rows.is_empty() {
            return Ok(None);
        }
        let mut items = Vec::with_capacity(rows.len());
        let mut bytes = 0;
        for row in rows {
            bytes += row.row_json.len();
            if !items.is_empty() && bytes > options.batch_bytes {
                break;
            }
            items.push(row);
        }
        let payload = Payload::zstd(&push_request(&items))?;
        for row in &mut items {
            row.row_json = String::new();
        }
        Ok(Some(Batch { items, payload }))
    }

    fn last_seq(&self) -> i64 {
        self.items.last().map_or(0, |i| i.seq)
    }
}

/// Talks to one server.
pub struct Client {
    http: reqwest::blocking::Client,
    base: String,
    credential: Option<String>,
    options: Options,
}

impl Client {
    /// A client for the server at `base` (`http://…` or `https://…`;
    /// certificates are verified).
    pub fn new(
        base: &str,
        credential: Option<String>,
        options: Options,
    ) -> Result<Client, SyncError> {
        let http = reqwest::blocking::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| SyncError::Protocol(e.to_string()))?;
        Ok(Client {
            http,
            base: base.trim_end_matches('/').to_owned(),
            credential,
            options,
        })
    }

    fn request<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&impl Serialize>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<T, SyncError> {
        let payload = body.map(Payload::json).transpose()?;
        self.exchange(
            method,
            path,
            payload.as_ref(),
            |bytes| serde_json::from_slice(bytes).map_err(|e| e.to_string()),
            progress,
        )
    }

    /// Pushes `batch`; the server's answer.
    fn push(
        &self,
        batch: &Batch,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<PushResponse, SyncError> {
        self.exchange(
            reqwest::Method::POST,
            "/v1/push",
            Some(&batch.payload),
            |bytes| serde_json::from_slice(bytes).map_err(|e| e.to_string()),
            progress,
        )
    }

    /// The page of changes after `cursor`.
    fn pull(
        &self,
        cursor: i64,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<PullResponse, SyncError> {
        self.request(
            reqwest::Method::GET,
            &format!("/v1/pull?after={cursor}&limit={}", self.options.page),
            None::<&()>,
            progress,
        )
    }

    /// Sends a request until it gets an answer `accept` can read, retrying
    /// transport failures, 5xx and unreadable (cut-off) answers with backoff.
    fn exchange<T>(
        &self,
        method: reqwest::Method,
        path: &str,
        payload: Option<&Payload>,
        accept: impl Fn(&[u8]) -> Result<T, String>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<T, SyncError> {
        let url = format!("{}{path}", self.base);
        let mut wait = self.options.backoff;
        let mut last = String::new();
        for attempt in 1..=self.options.attempts.max(1) {
            let mut req = self
                .http
                .request(method.clone(), &url)
                .header(PROTOCOL_HEADER, PROTOCOL.to_string());
            if let Some(c) = &self.credential {
                req = req.bearer_auth(c);
            }
            if let Some(p) = payload {
                req = req
                    .header("content-type", p.content_type)
                    .body(p.bytes.clone());
                if p.zstd {
                    req = req.header("content-encoding", "zstd");
                }
            }
            let outcome = req.send().and_then(|resp| {
                let status = resp.status();
                resp.bytes().map(|b| (status, b))
            });
            match outcome {
                Ok((status, bytes)) if status.is_success() => match accept(&bytes) {
                    Ok(v) => return Ok(v),
                    // A cut-off answer: ask again.
                    Err(e) => last = format!("trả lời không đọc được: {e}"),
                },
                Ok((status, bytes)) if status.is_client_error() => {
                    let err: Option<ErrorBody> = serde_json::from_slice(&bytes).ok();
                    return Err(match err {
                        Some(e) => SyncError::Refused {
                            status: status.as_u16(),
                            code: e.code,
                            message: e.message,
                        },
                        None => SyncError::Refused {
                            status: status.as_u16(),
                            code: "http".into(),
                            message: format!("mã HTTP {status}"),
                        },
                    });
                }
                Ok((status, _)) => last = format!("mã HTTP {status}"),
                Err(e) => last = e.to_string(),
            }
            if attempt < self.options.attempts {
                progress(Progress::Retrying { attempt });
                std::thread::sleep(wait);
                wait = wait.saturating_mul(2).min(Duration::from_secs(30));
            }
        }
        Err(SyncError::Unreachable {
            url,
            attempts: self.options.attempts,
            reason: last,
        })
    }

    /// What the server knows of this device.
    pub fn status(&self) -> Result<StatusResponse, SyncError> {
        self.request(reqwest::Method::GET, "/v1/status", None::<&()>, &mut |_| {})
    }
}

fn store_scope(scope: &Scope) -> SyncScope {
    SyncScope {
        kind: scope.kind.as_str().to_owned(),
        office_id: scope.office_id.clone(),
        point_id: scope.point_id.clone(),
        group_id: scope.group_id.clone(),
    }
}

/// Redeems a one-time `code` at `server_url` and stores the credential.
pub fn enrol(
    store: &mut Store,
    server_url: &str,
    code: &str,
    device_name: &str,
    now: DateTime<Utc>,
    options: Options,
) -> Result<Scope, SyncError> {
    let client = Client::new(server_url, None, options)?;
    let secret: [u8; 32] = rand::random();
    let credential: String = secret.iter().map(|b| format!("{b:02x}")).collect();
    let signing = phien_wire::bundle::signing_key(rand::random());
    let answer: EnrolResponse = client.request(
        reqwest::Method::POST,
        "/v1/enrol",
        Some(&EnrolRequest {
            code: code.to_owned(),
            device_id: store.device_id().to_string(),
            device_name: device_name.to_owned(),
            credential: credential.clone(),
            bundle_key: Some(phien_wire::bundle::public_hex(&signing)),
        }),
        &mut |_| {},
    )?;
    store.set_sync_link(&NewSyncLink {
        server_url: client.base.clone(),
        credential,
        scope: store_scope(&answer.scope),
        enrolled_at: now,
        bundle_secret: Some(phien_wire::bundle::seed_hex(&signing)),
        server_key: answer.server_key,
    })?;
    Ok(answer.scope)
}

/// The identity pulled changes are applied under in the audit trail: the
/// sync itself, not a person (the nil id).
pub fn sync_actor(now: DateTime<Utc>) -> Actor {
    Actor {
        staff: StaffId(uuid::Uuid::nil()),
        at: now,
    }
}

/// The review items this device may see: a supervisor, its office's queue;
/// any other device, the items its own changes caused. Open ones unless `all`.
pub fn reviews(
    store: &Store,
    all: bool,
    options: Options,
) -> Result<Vec<phien_wire::ReviewItem>, SyncError> {
    enrolled_client(store, options)?.request(
        reqwest::Method::GET,
        if all {
            "/v1/reviews?all=1"
        } else {
            "/v1/reviews"
        },
        None::<&()>,
        &mut |_| {},
    )
}

/// The server's answer to `GET /v1/report/…` (docs/sync.md, "The
/// district report"): for `quality` the credit report, for the others
/// their report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct DistrictReport<T = phien_core::report::CreditReport> {
    /// The district office, the credential's.
    pub office_id: String,
    /// The office's feed is in the report up to this cursor: where the
    /// figures come from.
    pub through: i64,
    /// Changes of the feed the server applied to its replica first.
    pub applied: u64,
    /// The report.
    pub report: T,
}

/// The district's credit-quality report on `as_of`, computed by the server
/// for the whole office (a supervisor's credential only: `forbidden`
/// otherwise), down to `deepest`, within a unit or not — the same report
/// `Store::credit_report_within` gives on a laptop that holds the district.
pub fn district_report(
    store: &Store,
    as_of: chrono::NaiveDate,
    deepest: phien_core::report::Level,
    within: Option<uuid::Uuid>,
    options: Options,
) -> Result<phien_core::report::CreditReport, SyncError> {
    Ok(district_report_answer(store, as_of, deepest, within, options)?.report)
}

/// [`district_report`] with the rest of the server's answer: the feed's
/// cursor the figures include (the desktop app shows it).
pub fn district_report_answer(
    store: &Store,
    as_of: chrono::NaiveDate,
    deepest: phien_core::report::Level,
    within: Option<uuid::Uuid>,
    options: Options,
) -> Result<DistrictReport, SyncError> {
    let path = format!(
        "/v1/report/quality?as_of={}&level={}",
        as_of.format("%Y-%m-%d"),
        deepest.code()
    );
    district(store, &within_unit(path, within), options)
}

/// The district's group ratings of `month`, computed by the server (a
/// supervisor's credential only) — what `Store::group_ratings` gives on a
/// laptop that holds the district.
pub fn district_ratings(
    store: &Store,
    month: phien_core::dates::Month,
    options: Options,
) -> Result<DistrictReport<phien_core::report::rating::RatingReport>, SyncError> {
    district(
        store,
        &format!("/v1/report/ratings?month={}", month_query(month)),
        options,
    )
}

/// The district's association fees and group commissions of `month`,
/// computed by the server (a supervisor's credential only).
pub fn district_fees(
    store: &Store,
    month: phien_core::dates::Month,
    options: Options,
) -> Result<DistrictReport<phien_core::report::fees::FeeReport>, SyncError> {
    district(
        store,
        &format!("/v1/report/fees?month={}", month_query(month)),
        options,
    )
}

/// A watchlist of the district on `on`, within a unit or not, computed by
/// the server (a supervisor's credential only).
pub fn district_watchlist(
    store: &Store,
    kind: phien_core::report::watchlist::WatchKind,
    sort: phien_core::report::watchlist::SortBy,
    on: chrono::NaiveDate,
    within: Option<uuid::Uuid>,
    options: Options,
) -> Result<DistrictReport<phien_core::report::watchlist::Watchlist>, SyncError> {
    let path = format!(
        "/v1/report/watchlist?as_of={}&kind={}&sort={}",
        on.format("%Y-%m-%d"),
        kind.code(),
        sort.code()
    );
    district(store, &within_unit(path, within), options)
}

/// The district's units of `level` ranked by `indicator` on `as_of`,
/// within a unit or not, computed by the server (a supervisor's
/// credential only).
pub fn district_comparison(
    store: &Store,
    as_of: chrono::NaiveDate,
    level: phien_core::report::Level,
    indicator: phien_core::report::compare::Indicator,
    within: Option<uuid::Uuid>,
    options: Options,
) -> Result<DistrictReport<phien_core::report::compare::Comparison>, SyncError> {
    let path = format!(
        "/v1/report/comparison?as_of={}&level={}&by={}",
        as_of.format("%Y-%m-%d"),
        level.code(),
        indicator.code()
    );
    district(store, &within_unit(path, within), options)
}

/// `path` asking for the figures of one unit and below, when `within` names one.
fn within_unit(path: String, within: Option<uuid::Uuid>) -> String {
    match within {
        Some(id) => format!("{path}&within={id}"),
        None => path,
    }
}

/// `YYYY-MM`, as the server reads a month.
fn month_query(month: phien_core::dates::Month) -> String {
    month.first_day().format("%Y-%m").to_string()
}

/// A district report's answer from `path`.
fn district<T: serde::de::DeserializeOwned>(
    store: &Store,
    path: &str,
    options: Options,
) -> Result<DistrictReport<T>, SyncError> {
    enrolled_client(store, options)?.request(reqwest::Method::GET, path, None::<&()>, &mut |_| {})
}

/// A client for the server the laptop is enrolled with, with its credential.
fn enrolled_client(store: &Store, options: Options) -> Result<Client, SyncError> {
    let link = store.sync_link()?.ok_or(SyncError::NotEnrolled)?;
    Client::new(&link.server_url, Some(link.credential), options)
}

/// A supervisor's decision on review item `id`, with the reason. The
/// value it settles on reaches every device with its next sync.
pub fn resolve_review(
    store: &Store,
    id: i64,
    decision: phien_wire::Decision,
    note: &str,
    options: Options,
) -> Result<phien_wire::ReviewItem, SyncError> {
    enrolled_client(store, options)?.request(
        reqwest::Method::POST,
        &format!("/v1/reviews/{id}/resolve"),
        Some(&phien_wire::ResolveRequest {
            decision,
            note: note.to_owned(),
        }),
        &mut |_| {},
    )
}

/// Pushes everything the server has not acknowledged, then pulls every
/// change of this device's scope. The outcome (or the error) is noted in the
/// store's sync state.
pub fn sync(
    store: &mut Store,
    now: DateTime<Utc>,
    options: Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncReport, SyncError> {
    let link = store.sync_link()?.ok_or(SyncError::NotEnrolled)?;
    let client = Client::new(&link.server_url, Some(link.credential.clone()), options)?;
    let result = run(store, &client, now, progress);
    let note = result
        .as_ref()
        .err()
        .map(|e| format!("{} ({})", e, e.code()));
    store.record_sync_outcome(now, note.as_deref())?;
    result
}

fn run(
    store: &mut Store,
    client: &Client,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    let device = store.device_id().to_string();
    let options = &client.options;
    // Push. The next batch is read and encoded while the server settles one.
    let pushed = store.sync_link()?.ok_or(SyncError::NotEnrolled)?.pushed_seq;
    let mut next = Batch::read(store, pushed, options)?;
    while let Some(batch) = next.take() {
        let (answer, following) = overlapped(
            progress,
            |progress| client.push(&batch, progress),
            || Batch::read(store, batch.last_seq(), options),
        );
        let answer = answer?;
        let items = &batch.items;
        let first = items[0].seq;
        if answer.acked_through < first {
            return Err(SyncError::Protocol(format!(
                "máy chủ chỉ xác nhận tới thay đổi {} trong khi máy gửi từ {first}",
                answer.acked_through
            )));
        }
        let refused = set_aside(&answer.refused, items, &device, now);
        store.acknowledge_push(answer.acked_through, &refused)?;
        report.sent += items.len() as u64;
        report.acknowledged += items
            .iter()
            .filter(|i| i.seq <= answer.acked_through)
            .count() as u64;
        report.refused.extend(answer.refused);
        let pending = store.sync_link()?.map_or(0, |l| l.pending);
        progress(Progress::Pushed {
            acknowledged: report.acknowledged,
            pending,
        });
        // The batch read meanwhile follows this one only if the server took
        // all of it; otherwise the next starts where the server stopped.
        next = if answer.acked_through >= batch.last_seq() {
            following?
        } else {
            Batch::read(store, answer.acked_through, options)?
        };
    }
    pull_all(store, client, now, progress, &mut report)?;
    report.pending = store.sync_link()?.map_or(0, |l| l.pending);
    Ok(report)
}

/// One of this device's change-log rows, as it goes up.
fn push_item(row: phien_store::ChangeRow) -> Result<PushItem, SyncError> {
    Ok(PushItem {
        seq: row.seq,
        entity: row.entity,
        entity_id: row.entity_id,
        op: row.op,
        hlc: row.hlc,
        body: RawValue::from_string(row.row_json)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
    })
}

/// An item that went up, as far as a refusal needs it.
trait Sent {
    fn seq(&self) -> i64;
    fn entity(&self) -> &str;
    fn entity_id(&self) -> &str;
}

impl Sent for PushItem {
    fn seq(&self) -> i64 {
        self.seq
    }
    fn entity(&self) -> &str {
        &self.entity
    }
    fn entity_id(&self) -> &str {
        &self.entity_id
    }
}

impl Sent for ChangeRow {
    fn seq(&self) -> i64 {
        self.seq
    }
    fn entity(&self) -> &str {
        &self.entity
    }
    fn entity_id(&self) -> &str {
        &self.entity_id
    }
}

/// The items of `items` the server refused, as the device keeps them.
fn set_aside(
    refused: &[Refused],
    items: &[impl Sent],
    device: &str,
    now: DateTime<Utc>,
) -> Vec<Quarantined> {
    refused
        .iter()
        .map(|r| {
            let item = items.iter().find(|i| i.seq() == r.seq);
            Quarantined {
                direction: "push".into(),
                origin_device: device.to_owned(),
                origin_seq: r.seq,
                entity: item.map(|i| i.entity().to_owned()).unwrap_or_default(),
                entity_id: item.map(|i| i.entity_id().to_owned()).unwrap_or_default(),
                code: r.code.clone(),
                reason: r.reason.clone(),
                at: now.to_rfc3339(),
            }
        })
        .collect()
}

/// Pulled changes, as the store applies them.
fn incoming(changes: Vec<phien_wire::PulledChange>) -> Vec<Incoming> {
    changes.into_iter().map(Incoming::from).collect()
}

/// Pulls and applies every page after the stored cursor. The next page
/// is asked for while one is applied.
fn pull_all(
    store: &mut Store,
    client: &Client,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(Progress),
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let mut cursor = store
        .sync_link()?
        .ok_or(SyncError::NotEnrolled)?
        .pull_cursor;
    let mut page = client.pull(cursor, progress)?;
    loop {
        if page.next < cursor {
            return Err(SyncError::Protocol(format!(
                "con trỏ máy chủ lùi từ {cursor} về {}",
                page.next
            )));
        }
        let (next, has_more) = (page.next, page.has_more);
        let incoming = incoming(page.changes);
        let mut apply = || store.apply_pulled(sync_actor(now), &incoming, next);
        let (following, applied) = if has_more {
            let (following, applied) =
                overlapped(progress, |progress| client.pull(next, progress), apply);
            (Some(following), applied)
        } else {
            (None, apply())
        };
        let applied = applied?;
        report.received += incoming.len() as u64;
        report.applied += u64::from(applied.applied);
        report.duplicates += u64::from(applied.duplicates);
        report.quarantined += u64::from(applied.quarantined);
        progress(Progress::Pulled {
            received: report.received,
        });
        cursor = next;
        match following {
            Some(following) => page = following?,
            None => break,
        }
    }
    Ok(())
}

/// What the integrity check of a month found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MonthCheck {
    /// This device's entries of the month.
    pub local: MonthDigest,
    /// The server's, for this device's scope.
    pub server: MonthDigest,
    /// Whether this device pulled everything again to repair a difference.
    pub repaired: bool,
    /// Whether the two agree (after the repair, if one was made).
    pub matches: bool,
}

/// The integrity check of one month (`YYYY-MM`): count, sum and hash of the
/// ledger entries of this device's scope, here and on the server. If they
/// differ, the device pulls everything again (what it has is recognised,
/// what it lacks is applied) and checks once more. A difference that
/// remains is entries the server does not have: `phien sync-status` lists
/// what it refused.
pub fn check_month(
    store: &mut Store,
    month: &str,
    now: DateTime<Utc>,
    options: Options,
) -> Result<MonthCheck, SyncError> {
    let link = store.sync_link()?.ok_or(SyncError::NotEnrolled)?;
    let client = Client::new(&link.server_url, Some(link.credential.clone()), options)?;
    let ask = |client: &Client| -> Result<MonthDigest, SyncError> {
        client.request(
            reqwest::Method::GET,
            &format!("/v1/integrity?month={month}"),
            None::<&()>,
            &mut |_| {},
        )
    };
    let local = |store: &Store| -> Result<MonthDigest, SyncError> {
        let rows = store.entries_of_month(month)?;
        Ok(MonthDigest::of(
            month,
            rows.iter().map(|(id, a)| (id.as_str(), *a)),
        ))
    };
    let server = ask(&client)?;
    let here = local(store)?;
    if here == server {
        return Ok(MonthCheck {
            local: here,
            server,
            repaired: false,
            matches: true,
        });
    }
    store.restart_pull()?;
    pull_all(store, &client, now, &mut |_| {}, &mut SyncReport::default())?;
    let server = ask(&client)?;
    let here = local(store)?;
    Ok(MonthCheck {
        matches: here == server,
        local: here,
        server,
        repaired: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use phien_wire::PushRequest;

    #[test]
    fn push_request_is_what_the_server_reads() {
        let row = |seq: i64, entity: &str, hlc: Option<&str>, body: &str| ChangeRow {
            device_id: "d".into(),
            seq,
            audit_id: "a".into(),
            entity: entity.into(),
            entity_id: format!("id-{seq} \"ngoặc\" \\ /"),
            op: "insert".into(),
            row_json: body.into(),
            hlc: hlc.map(str::to_owned),
        };
        let rows = [
            row(
                1,
                "member",
                Some("0001763000000000.00000.d"),
                r#"{"id":"m1","full_name":"Trần Thị Ánh","note":"a\"b\\c\u0001"}"#,
            ),
            row(
                2,
                "ledger_entry",
                None,
                r#"{"id":"e1","amount":250000,"nested":{"x":[1,2.5,null]}}"#,
            ),
        ];
        let written = push_request(&rows);
        let read: PushRequest =
            serde_json::from_slice(&written).expect("the server's type reads it");
        assert_eq!(read.items.len(), 2);
        for (item, row) in read.items.iter().zip(&rows) {
            assert_eq!(
                (
                    item.seq,
                    &item.entity,
                    &item.entity_id,
                    &item.op,
                    &item.hlc,
                    item.body.get()
                ),
                (
                    row.seq,
                    &row.entity,
                    &row.entity_id,
                    &row.op,
                    &row.hlc,
                    row.row_json.as_str()
                ),
                "every field as the device logged it, the body byte for byte"
            );
        }
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&written).expect("JSON"),
            serde_json::to_value(PushRequest { items: read.items }).expect("JSON"),
            "the same JSON as the wire type's own"
        );
    }
}
