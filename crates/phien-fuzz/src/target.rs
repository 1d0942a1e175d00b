//! The fuzz target: one input becomes one request to the real router over a
//! real SQLite backend on a temporary file, and the answer is checked
//! against the invariants below. The server is set up once
//! ([`crate::fixture`]) and keeps its state from input to input, as a
//! district server does.
//!
//! Invariants, on every input:
//!
//! * no panic, and no 5xx (nor any status outside 2xx and 4xx);
//! * a 4xx body is `phien_wire::ErrorBody` JSON with a non-empty code and
//!   message;
//! * a 2xx body decodes as the route's answer (the bundle route's is a reply
//!   file signed by the server's key);
//! * a 4xx changed nothing, and neither did any read (`GET`): the tables'
//!   fingerprint ([`Fingerprint`], read through a second connection) is the
//!   same before and after.

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, Uri, header};
use phien_server::backend::Backend;
use phien_server::credentials;
use phien_server::sqlite::SqliteBackend;
use phien_wire::bundle::{self, REPLY_FORMAT, ReplyBody};
use phien_wire::{
    EnrolResponse, ErrorBody, MonthDigest, PROTOCOL, PROTOCOL_HEADER, PullResponse, PushResponse,
    ReviewItem, StatusResponse,
};
use rusqlite::{Connection, OptionalExtension};
use serde::de::DeserializeOwned;
use tower::ServiceExt;

use crate::fixture::{self, Fixture, FixtureDevice};
use crate::input::{Auth, Encoding, Input, Protocol, Route};

/// The longest refusal body that is not a finding, unless a run asks for
/// less ([`Target::set_max_refusal`]).
pub const MAX_REFUSAL: usize = 64 * 1024;

/// What a request reached, as the router sees its method and path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    /// One of the `/v1` routes.
    Route(Route),
    /// `GET /health`.
    Health,
    /// `GET /metrics`.
    Metrics,
    /// A path the router does not have.
    NoRoute,
    /// A path it has, with another method.
    WrongMethod,
}

impl Endpoint {
    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Route(route) => route_name(route),
            Endpoint::Health => "health",
            Endpoint::Metrics => "metrics",
            Endpoint::NoRoute => "no-route",
            Endpoint::WrongMethod => "wrong-method",
        }
    }
}

/// A route's name in reports and histograms.
pub fn route_name(route: Route) -> &'static str {
    match route {
        Route::Enrol => "enrol",
        Route::Push => "push",
        Route::Pull => "pull",
        Route::Status => "status",
        Route::Reviews => "reviews",
        Route::Resolve => "resolve",
        Route::Integrity => "integrity",
        Route::Bundle => "bundle",
        Route::Unknown => "unknown",
    }
}

/// Which invariant an input broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FindingKind {
    /// The request panicked outside the backend's blocking task.
    Panic,
    /// A 5xx answer.
    ServerError,
    /// An answer neither 2xx nor 4xx nor 5xx.
    UnexpectedStatus,
    /// A 4xx whose body is not an `ErrorBody` with a code and a message.
    BadErrorBody,
    /// A 4xx longer than [`MAX_REFUSAL`] (or the run's own limit): a
    /// message for people that size echoes the request back.
    OversizedRefusal,
    /// A 2xx whose body is not the route's answer.
    BadSuccessBody,
    /// A 4xx after which the tables differ.
    RefusalChangedData,
    /// A read (`GET`) after which the tables differ.
    ReadChangedData,
}

impl FindingKind {
    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            FindingKind::Panic => "panic",
            FindingKind::ServerError => "5xx",
            FindingKind::UnexpectedStatus => "unexpected-status",
            FindingKind::BadErrorBody => "4xx-body-not-error-json",
            FindingKind::OversizedRefusal => "4xx-body-oversized",
            FindingKind::BadSuccessBody => "2xx-body-not-answer",
            FindingKind::RefusalChangedData => "4xx-changed-data",
            FindingKind::ReadChangedData => "read-changed-data",
        }
    }
}

/// A broken invariant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Which one.
    pub kind: FindingKind,
    /// Where.
    pub endpoint: Endpoint,
    /// The answer's status (0 after a panic).
    pub status: u16,
    /// The answer's `Content-Type`, without parameters.
    pub content_type: Option<String>,
    /// What was seen.
    pub detail: String,
}

impl Finding {
    /// What makes two findings the same bug for the fuzzer's bookkeeping:
    /// a refusal that is not `ErrorBody` JSON, or is too long, is made by
    /// one layer whatever the route, so its status and content type say
    /// which; any other finding is told apart by where it happened.
    pub fn signature(&self) -> String {
        match self.kind {
            FindingKind::BadErrorBody | FindingKind::OversizedRefusal => format!(
                "{} {} {}",
                self.kind.name(),
                self.status,
                self.content_type.as_deref().unwrap_or("no-content-type")
            ),
            _ => format!(
                "{} {} {}",
                self.kind.name(),
                self.endpoint.name(),
                self.status
            ),
        }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} on {} (status {}): {}",
            self.kind.name(),
            self.endpoint.name(),
            self.status,
            self.detail
        )
    }
}

/// What one input did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The route the input chose.
    pub route: Route,
    /// What the request reached.
    pub endpoint: Endpoint,
    /// The answer's status (0 after a panic).
    pub status: u16,
    /// The error code of a 4xx (`ErrorBody::code`), if it had one.
    pub code: Option<String>,
    /// A short description of the answer's kind (status, error code,
    /// refusal codes of a push…), the fuzzer's signal of new behaviour.
    pub behaviour: String,
    /// Whether the tables changed.
    pub wrote: bool,
    /// The first broken invariant, if any.
    pub finding: Option<Finding>,
    /// How long the request took.
    pub elapsed: Duration,
    /// The answer's body (cut to 4 KiB).
    pub body: Vec<u8>,
    /// The answer's whole length.
    pub body_len: usize,
}

/// Row counts and sums of the server's tables: equal fingerprints before
/// and after a request mean it changed nothing a refusal could change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    /// Rows of `feed`.
    pub feed: i64,
    /// Rows of `settled`.
    pub settled: i64,
    /// Rows of `record`.
    pub record: i64,
    /// Rows of `review`.
    pub review: i64,
    /// Rows of `device`.
    pub device: i64,
    /// Rows of `enrol_code`.
    pub enrol_code: i64,
    /// Rows of `bundle_import`.
    pub bundle_import: i64,
    /// Sum of `device.acked_seq`.
    pub acked: i64,
    /// Review items decided.
    pub resolved: i64,
    /// Devices revoked.
    pub revoked: i64,
    /// Codes used.
    pub used_codes: i64,
    /// Sum of the offices' feed heads.
    pub heads: i64,
}

/// What the mutator may ask of the server's state, to aim at live data
/// (the next `seq`, an open review item).
#[derive(Debug, Clone, Default)]
pub struct Live {
    /// The point laptop's series is settled through here.
    pub point_acked: i64,
    /// The supervisor's.
    pub supervisor_acked: i64,
    /// The office's feed head.
    pub head: i64,
    /// Some open review items (at most 64).
    pub open_reviews: Vec<i64>,
}

/// The server under test and everything needed to check it.
pub struct Target {
    runtime: tokio::runtime::Runtime,
    app: axum::Router,
    backend: Arc<SqliteBackend>,
    probe: Connection,
    fixture: Fixture,
    server_key: String,
    issued_pool_codes: HashSet<String>,
    cached: Option<(i64, Fingerprint)>,
    max_refusal: usize,
    path: PathBuf,
    // Dropped last: the server's file lives in it.
    _dir: tempfile::TempDir,
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

impl Target {
    /// A fresh server on a temporary file in the system's temporary folder.
    pub fn new() -> anyhow::Result<Target> {
        Target::new_in(&std::env::temp_dir())
    }

    /// A fresh server on a temporary file in `parent`.
    pub fn new_in(parent: &Path) -> anyhow::Result<Target> {
        let dir = tempfile::Builder::new()
            .prefix("phien-fuzz-")
            .tempdir_in(parent)
            .with_context(|| format!("a temporary folder in {}", parent.display()))?;
        let path = dir.path().join("server.db");
        let backend = Arc::new(SqliteBackend::open(&path)?);
        let fixture = fixture::set_up(backend.as_ref())?;
        let app = phien_server::http::router(
            backend.clone() as Arc<dyn Backend>,
            Arc::new(phien_server::report::Reports::new(
                dir.path().join("reports"),
            )),
        );
        let probe = Connection::open(&path)?;
        probe.busy_timeout(Duration::from_secs(10))?;
        let server_key = bundle::public_hex(backend.server_key());
        Ok(Target {
            runtime: runtime()?,
            app,
            backend,
            probe,
            fixture,
            server_key,
            issued_pool_codes: HashSet::new(),
            cached: None,
            max_refusal: MAX_REFUSAL,
            path,
            _dir: dir,
        })
    }

    /// Makes a refusal longer than `bytes` a finding: a stricter run, to
    /// find the longest refusals (or, in the fuzzer's own tests, to make
    /// findings of ordinary refusals now that the server has none).
    pub fn set_max_refusal(&mut self, bytes: usize) {
        self.max_refusal = bytes;
    }

    /// The fixture's ids and devices.
    pub fn fixture(&self) -> &Fixture {
        &self.fixture
    }

    /// The server's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The backend (for tests that look behind the HTTP layer).
    pub fn backend(&self) -> &dyn Backend {
        self.backend.as_ref()
    }

    /// `PRAGMA integrity_check` of the server's file, through the second
    /// connection: `ok` when the file is sound.
    pub fn integrity_check(&self) -> anyhow::Result<String> {
        Ok(self
            .probe
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    fn data_version(&self) -> anyhow::Result<i64> {
        Ok(self
            .probe
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The tables' fingerprint now. It is read again only when another
    /// connection committed since the last reading (`PRAGMA data_version`),
    /// which is exact: without a commit nothing can differ.
    pub fn fingerprint(&mut self) -> anyhow::Result<Fingerprint> {
        let version = self.data_version()?;
        self.fingerprint_at(version)
    }

    fn fingerprint_at(&mut self, version: i64) -> anyhow::Result<Fingerprint> {
        if let Some((v, fp)) = self.cached
            && v == version
        {
            return Ok(fp);
        }
        let fp = self.probe.query_row(
            "SELECT (SELECT count(*) FROM feed), (SELECT count(*) FROM settled),
                    (SELECT count(*) FROM record), (SELECT count(*) FROM review),
                    (SELECT count(*) FROM device), (SELECT count(*) FROM enrol_code),
                    (SELECT count(*) FROM bundle_import),
                    (SELECT coalesce(sum(acked_seq), 0) FROM device),
                    (SELECT count(*) FROM review WHERE resolved_at IS NOT NULL),
                    (SELECT count(*) FROM device WHERE revoked_at IS NOT NULL),
                    (SELECT count(*) FROM enrol_code WHERE used_by IS NOT NULL),
                    (SELECT coalesce(sum(head), 0) FROM office_head)",
            [],
            |r| {
                Ok(Fingerprint {
                    feed: r.get(0)?,
                    settled: r.get(1)?,
                    record: r.get(2)?,
                    review: r.get(3)?,
                    device: r.get(4)?,
                    enrol_code: r.get(5)?,
                    bundle_import: r.get(6)?,
                    acked: r.get(7)?,
                    resolved: r.get(8)?,
                    revoked: r.get(9)?,
                    used_codes: r.get(10)?,
                    heads: r.get(11)?,
                })
            },
        )?;
        self.cached = Some((version, fp));
        Ok(fp)
    }

    /// The live state the mutator aims at.
    pub fn live(&self) -> anyhow::Result<Live> {
        let acked = |id: &str| -> anyhow::Result<i64> {
            Ok(self
                .probe
                .query_row("SELECT acked_seq FROM device WHERE id = ?1", [id], |r| {
                    r.get(0)
                })
                .optional()?
                .unwrap_or(0))
        };
        let head = self
            .probe
            .query_row(
                "SELECT head FROM office_head WHERE office_id = ?1",
                [&self.fixture.office],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        let mut stmt = self.probe.prepare_cached(
            "SELECT id FROM review WHERE resolved_at IS NULL ORDER BY id DESC LIMIT 64",
        )?;
        let open_reviews = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        Ok(Live {
            point_acked: acked(&self.fixture.point_device.id)?,
            supervisor_acked: acked(&self.fixture.supervisor.id)?,
            head,
            open_reviews,
        })
    }

    /// Runs one input and checks the invariants. Errors are the harness's
    /// own (its second connection failing), never the server's.
    pub fn run(&mut self, data: &[u8]) -> anyhow::Result<Outcome> {
        let input = Input::from_bytes(data);
        if input.route() == Route::Enrol {
            self.issue_pool_code(&input.body)?;
        }
        let version = self.data_version()?;
        let before = self.fingerprint_at(version)?;
        let (request, endpoint) = self.request(&input);
        let app = self.app.clone();
        let started = Instant::now();
        let answer = std::panic::catch_unwind(AssertUnwindSafe(|| {
            self.runtime.block_on(async move {
                let response = app.oneshot(request).await.map_err(|e| match e {})?;
                let (parts, body) = response.into_parts();
                let bytes = axum::body::to_bytes(body, usize::MAX).await?;
                Ok::<_, axum::Error>((parts, bytes))
            })
        }));
        let elapsed = started.elapsed();
        // Without a commit by the server nothing can differ; with one, the
        // tables are counted again only where a change would be a finding
        // (a refusal, a read, a panic): a 2xx write is meant to change them.
        let version_after = self.data_version()?;
        let wrote = version_after != version;
        let read_only = matches!(
            endpoint,
            Endpoint::Route(Route::Pull | Route::Status | Route::Reviews | Route::Integrity)
                | Endpoint::Health
                | Endpoint::Metrics
        );
        let success = matches!(&answer, Ok(Ok((parts, _))) if parts.status.is_success());
        let after = if wrote && (read_only || !success) {
            self.fingerprint_at(version_after)?
        } else {
            before
        };
        let mut outcome = Outcome {
            route: input.route(),
            endpoint,
            status: 0,
            code: None,
            behaviour: String::new(),
            wrote,
            finding: None,
            elapsed,
            body: Vec::new(),
            body_len: 0,
        };
        let (parts, bytes) = match answer {
            Ok(Ok(answer)) => answer,
            Ok(Err(e)) => {
                outcome.behaviour = format!("{}:body-error", endpoint.name());
                outcome.finding = Some(Finding {
                    kind: FindingKind::Panic,
                    endpoint,
                    status: 0,
                    content_type: None,
                    detail: format!("the answer's body failed: {e}"),
                });
                return Ok(outcome);
            }
            Err(panic) => {
                // A panic may leave the runtime's scheduler mid-task: start a new one.
                self.runtime = runtime()?;
                outcome.behaviour = format!("{}:panic", endpoint.name());
                outcome.finding = Some(Finding {
                    kind: FindingKind::Panic,
                    endpoint,
                    status: 0,
                    content_type: None,
                    detail: panic_message(panic.as_ref()),
                });
                return Ok(outcome);
            }
        };
        let status = parts.status.as_u16();
        outcome.status = status;
        outcome.body = bytes[..bytes.len().min(4096)].to_vec();
        outcome.body_len = bytes.len();
        let content_type = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_owned());
        let finding = |kind, detail: String| Finding {
            kind,
            endpoint,
            status,
            content_type: content_type.clone(),
            detail,
        };
        let excerpt = || excerpt(&bytes);
        if parts.status.is_server_error() {
            outcome.finding = Some(finding(FindingKind::ServerError, excerpt()));
        } else if parts.status.is_client_error() {
            let json = content_type.as_deref() == Some("application/json");
            match serde_json::from_slice::<ErrorBody>(&bytes) {
                Ok(e) if json && !e.code.trim().is_empty() && !e.message.trim().is_empty() => {
                    if bytes.len() > self.max_refusal {
                        outcome.finding = Some(finding(
                            FindingKind::OversizedRefusal,
                            format!("{} bytes: {}", bytes.len(), excerpt()),
                        ));
                    }
                    outcome.code = Some(e.code);
                }
                Ok(_) | Err(_) => {
                    outcome.finding = Some(finding(
                        FindingKind::BadErrorBody,
                        format!(
                            "content-type {:?}, body {}",
                            parts.headers.get(header::CONTENT_TYPE),
                            excerpt()
                        ),
                    ));
                }
            }
            if after != before && outcome.finding.is_none() {
                outcome.finding = Some(finding(
                    FindingKind::RefusalChangedData,
                    format!("before {before:?}, after {after:?}; body {}", excerpt()),
                ));
            }
        } else if parts.status.is_success() {
            match self.check_success(endpoint, &bytes) {
                Ok(detail) => outcome.code = detail,
                Err(e) => outcome.finding = Some(finding(FindingKind::BadSuccessBody, e)),
            }
        } else {
            outcome.finding = Some(finding(FindingKind::UnexpectedStatus, excerpt()));
        }
        if read_only && after != before && outcome.finding.is_none() {
            outcome.finding = Some(finding(
                FindingKind::ReadChangedData,
                format!("before {before:?}, after {after:?}"),
            ));
        }
        outcome.behaviour = format!(
            "{}:{}:{}",
            endpoint.name(),
            status,
            outcome.code.as_deref().unwrap_or("")
        );
        if input.route() == Route::Enrol && parts.status.is_success() {
            self.restore_devices()?;
        }
        Ok(outcome)
    }

    /// Checks a 2xx body; returns a short description of what it said
    /// (the refusal codes of a push), for the fuzzer's behaviour signal.
    fn check_success(&self, endpoint: Endpoint, bytes: &[u8]) -> Result<Option<String>, String> {
        fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, String> {
            serde_json::from_slice(bytes)
                .map_err(|e| format!("not a {what}: {e}; body {}", excerpt(bytes)))
        }
        fn refusals(push: &PushResponse) -> Option<String> {
            let mut codes: Vec<&str> = push.refused.iter().map(|r| r.code.as_str()).collect();
            codes.sort_unstable();
            codes.dedup();
            Some(codes.join(","))
        }
        match endpoint {
            Endpoint::Route(Route::Enrol) => decode::<EnrolResponse>(bytes, "EnrolResponse")
                .map(|e| Some(e.scope.kind.as_str().to_owned())),
            Endpoint::Route(Route::Push) => {
                decode::<PushResponse>(bytes, "PushResponse").map(|p| refusals(&p))
            }
            Endpoint::Route(Route::Pull) => decode::<PullResponse>(bytes, "PullResponse")
                .map(|p| Some(format!("more={}", p.has_more))),
            Endpoint::Route(Route::Status) => {
                decode::<StatusResponse>(bytes, "StatusResponse").map(|s| Some(s.device_id))
            }
            Endpoint::Route(Route::Reviews) => {
                decode::<Vec<ReviewItem>>(bytes, "list of ReviewItem").map(|_| None)
            }
            Endpoint::Route(Route::Resolve) => {
                decode::<ReviewItem>(bytes, "ReviewItem").map(|r| Some(r.kind))
            }
            Endpoint::Route(Route::Integrity) => {
                decode::<MonthDigest>(bytes, "MonthDigest").map(|_| None)
            }
            Endpoint::Route(Route::Bundle) => {
                let sealed = bundle::unseal(bytes, REPLY_FORMAT)
                    .map_err(|e| format!("not a reply file: {e}"))?;
                let reply: ReplyBody = sealed
                    .verify(&self.server_key)
                    .map_err(|e| format!("the reply is not signed by the server: {e}"))?;
                Ok(refusals(&reply.push))
            }
            Endpoint::Health => decode::<serde_json::Value>(bytes, "JSON").and_then(|v| {
                (v["status"] == "ok")
                    .then_some(None)
                    .ok_or_else(|| format!("health is not ok: {v}"))
            }),
            Endpoint::Metrics => std::str::from_utf8(bytes)
                .map(|_| None)
                .map_err(|e| format!("metrics are not text: {e}")),
            Endpoint::Route(Route::Unknown) | Endpoint::NoRoute | Endpoint::WrongMethod => {
                Err(format!(
                    "a 2xx for a path the server does not have: {}",
                    excerpt(bytes)
                ))
            }
        }
    }

    /// An enrolment naming a pool code the administrator has not issued yet
    /// gets it issued first (see [`fixture::pool_code_scope`]).
    fn issue_pool_code(&mut self, body: &[u8]) -> anyhow::Result<()> {
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
            return Ok(());
        };
        let Some(code) = v.get("code").and_then(|c| c.as_str()) else {
            return Ok(());
        };
        let normalised = credentials::normalise_code(code);
        if self.issued_pool_codes.contains(&normalised) {
            return Ok(());
        }
        if let Some((scope, expired)) = fixture::pool_code_scope(&self.fixture, &normalised) {
            fixture::issue(self.backend.as_ref(), &normalised, &scope, expired)?;
            self.issued_pool_codes.insert(normalised);
        }
        Ok(())
    }

    /// An enrolment may have rebound one of the fixture's devices (the same
    /// id under another code) or un-revoked the revoked one: put them back
    /// through the backend, as the administrator would.
    fn restore_devices(&mut self) -> anyhow::Result<()> {
        let fx = self.fixture.clone();
        for (device, revoked) in [
            (&fx.point_device, false),
            (&fx.supervisor, false),
            (&fx.revoked, true),
        ] {
            if !self.device_is(device, revoked)? {
                fixture::enrol(self.backend.as_ref(), device)?;
                if revoked {
                    self.backend.revoke(&device.id, chrono::Utc::now())?;
                }
            }
        }
        Ok(())
    }

    fn device_is(&self, device: &FixtureDevice, revoked: bool) -> anyhow::Result<bool> {
        type Row = (String, String, String, Option<String>, bool);
        let row: Option<Row> = self
            .probe
            .query_row(
                "SELECT id, kind, office_id, point_id, revoked_at IS NOT NULL FROM device WHERE credential_hash = ?1",
                [credentials::digest(&device.credential)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        Ok(row.is_some_and(|(id, kind, office, point, is_revoked)| {
            id == device.id
                && kind == device.scope.kind.as_str()
                && office == device.scope.office_id
                && point == device.scope.point_id
                && is_revoked == revoked
        }))
    }

    /// The HTTP request an input stands for, and what the router will take it for.
    pub fn request(&self, input: &Input) -> (Request<Body>, Endpoint) {
        let route = input.route();
        let target = &input.target[..];
        let (method, path, query): (&str, Vec<u8>, &[u8]) = match route {
            Route::Enrol => ("POST", b"/v1/enrol".to_vec(), target),
            Route::Push => ("POST", b"/v1/push".to_vec(), target),
            Route::Pull => ("GET", b"/v1/pull".to_vec(), target),
            Route::Status => ("GET", b"/v1/status".to_vec(), target),
            Route::Reviews => ("GET", b"/v1/reviews".to_vec(), target),
            Route::Resolve => (
                "POST",
                [&b"/v1/reviews/"[..], target, b"/resolve"].concat(),
                b"",
            ),
            Route::Integrity => ("GET", b"/v1/integrity".to_vec(), target),
            Route::Bundle => ("POST", b"/v1/bundle".to_vec(), target),
            Route::Unknown => (input.unknown_method(), [&b"/"[..], target].concat(), b""),
        };
        // Routes without a slot for the target carry it as a query.
        let uri = uri(&path, query);
        let endpoint = classify(method, uri.path());
        let method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
        let sends_body = method != Method::GET;
        let mut builder = Request::builder().method(method).uri(uri);
        // A `GET` carries the header but no body (its handler reads none).
        let body = |encode: fn(&[u8]) -> Vec<u8>| {
            if sends_body {
                encode(&input.body)
            } else {
                Vec::new()
            }
        };
        let (encoding, body) = match input.encoding() {
            Encoding::Plain => (None, body(<[u8]>::to_vec)),
            Encoding::Gzip => (Some("gzip"), body(gzip)),
            Encoding::Zstd => (Some("zstd"), body(zstd_compress)),
            Encoding::Bogus => (Some(input.bogus_encoding()), body(<[u8]>::to_vec)),
            Encoding::ZstdHeaderRaw => (Some("zstd"), body(<[u8]>::to_vec)),
            Encoding::GzipHeaderRaw => (Some("gzip"), body(<[u8]>::to_vec)),
        };
        if let Some(encoding) = encoding {
            builder = builder.header(header::CONTENT_ENCODING, encoding);
        }
        if let Some(value) = self.authorization(input) {
            builder = builder.header(header::AUTHORIZATION, value);
        }
        match input.protocol() {
            Protocol::Right => builder = builder.header(PROTOCOL_HEADER, PROTOCOL.to_string()),
            Protocol::Wrong => builder = builder.header(PROTOCOL_HEADER, input.wrong_protocol()),
            Protocol::Missing => {}
        }
        let content_type = if route == Route::Bundle {
            "application/octet-stream"
        } else {
            "application/json"
        };
        builder = builder.header(header::CONTENT_TYPE, content_type);
        // Every header value above is valid (a test builds every selector),
        // so this never falls back.
        let request = builder
            .body(Body::from(body))
            .unwrap_or_else(|_| Request::new(Body::empty()));
        (request, endpoint)
    }

    fn authorization(&self, input: &Input) -> Option<HeaderValue> {
        let fx = &self.fixture;
        let bearer = |credential: &str| format!("Bearer {credential}");
        let text = match input.auth() {
            Auth::Point => bearer(&fx.point_device.credential),
            Auth::Supervisor => bearer(&fx.supervisor.credential),
            Auth::Revoked => bearer(&fx.revoked.credential),
            Auth::Missing => return None,
            Auth::Garbage => match input.garbage_variant() % 8 {
                0 => bearer(&"0".repeat(64)),
                1 => "Bearer ".into(),
                2 => "Basic cG9pbnQ6c2VjcmV0".into(),
                3 => format!("bearer {}", fx.point_device.credential),
                4 => format!("Bearer {}x", fx.point_device.credential),
                // Spaces around a real credential: the server trims them.
                5 => format!("Bearer \t{} ", fx.point_device.credential),
                6 => return HeaderValue::from_bytes(b"Bearer \xff\xfe\x80").ok(),
                // The stored hash is not a credential.
                _ => bearer(&credentials::digest(&fx.point_device.credential)),
            },
        };
        HeaderValue::from_str(&text).ok()
    }
}

/// Which endpoint the router takes `method path` for.
pub fn classify(method: &str, path: &str) -> Endpoint {
    let exact = |route| match path {
        "/v1/enrol" => Some((Route::Enrol, "POST")),
        "/v1/push" => Some((Route::Push, "POST")),
        "/v1/pull" => Some((Route::Pull, "GET")),
        "/v1/status" => Some((Route::Status, "GET")),
        "/v1/reviews" => Some((Route::Reviews, "GET")),
        "/v1/integrity" => Some((Route::Integrity, "GET")),
        "/v1/bundle" => Some((Route::Bundle, "POST")),
        _ => route,
    };
    let resolve = path
        .strip_prefix("/v1/reviews/")
        .and_then(|rest| rest.strip_suffix("/resolve"))
        .is_some_and(|id| !id.is_empty() && !id.contains('/'))
        .then_some((Route::Resolve, "POST"));
    match exact(resolve) {
        Some((route, m)) if m == method => Endpoint::Route(route),
        Some(_) => Endpoint::WrongMethod,
        None => match (path, method) {
            ("/health", "GET") => Endpoint::Health,
            ("/metrics", "GET") => Endpoint::Metrics,
            ("/health" | "/metrics", _) => Endpoint::WrongMethod,
            _ => Endpoint::NoRoute,
        },
    }
}

/// A URI for `path` and `query` (without its `?`): bytes a URI cannot
/// hold are percent-encoded, and if that is not enough, everything but
/// letters, digits and `/?&=-._~` is; a URI still too long loses the
/// query and the path's end.
fn uri(path: &[u8], query: &[u8]) -> Uri {
    let text = |strict: bool, path: &[u8], query: &[u8]| {
        let mut text = escape(path, strict);
        if !query.is_empty() {
            text.push('?');
            text.push_str(&escape(query, strict));
        }
        text
    };
    for strict in [false, true] {
        if let Ok(uri) = text(strict, path, query).parse::<Uri>() {
            return uri;
        }
    }
    text(true, &path[..path.len().min(8 * 1024)], b"")
        .parse()
        .unwrap_or_else(|_| Uri::from_static("/"))
}

fn escape(bytes: &[u8], strict: bool) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        let keep = if strict {
            b.is_ascii_alphanumeric() || b"/?&=-._~".contains(&b)
        } else {
            (0x21..0x7f).contains(&b) && !b"\"#<>\\^`{|}".contains(&b)
        };
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// gzip of `bytes`.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .unwrap_or_default()
}

/// zstd of `bytes`.
pub fn zstd_compress(bytes: &[u8]) -> Vec<u8> {
    zstd::bulk::compress(bytes, 1).unwrap_or_default()
}

fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
    if bytes.len() > 300 {
        format!("{text:?}… ({} bytes)", bytes.len())
    } else {
        format!("{text:?}")
    }
}

/// The message of a caught panic.
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}
