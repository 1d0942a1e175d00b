//! The HTTP layer (axum). It authenticates, decodes with limits, and hands
//! each request to the backend on a blocking thread. Every refusal is JSON
//! `{code, message}` with a 4xx status; nothing here decides what is stored.
//!
//! Routes: `GET /health`, `GET /metrics`, `POST /v1/enrol`, `POST /v1/push`,
//! `GET /v1/pull?after=N&limit=M`, `GET /v1/status`, `GET /v1/reviews`,
//! `POST /v1/reviews/{id}/resolve` (supervisors), `GET /v1/integrity?month=YYYY-MM`, `POST /v1/bundle` (a
//! device's bundle file in, the signed reply file out), `GET /v1/report/quality?as_of=YYYY-MM-DD[&level=…][&within=ID]`
//! (supervisors: the district's credit-quality report, see [`crate::report`]), `GET /v1/report/ratings?month=YYYY-MM`,
//! `…/fees?month=YYYY-MM`, `…/watchlist?as_of=…&kind=…`, `…/comparison?as_of=…&level=…` (supervisors: the district's other
//! reports). Request bodies may be compressed (`Content-Encoding: zstd`
//! or `gzip`); responses are compressed when the client accepts it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Utc;
use phien_wire::{
    EnrolRequest, EnrolResponse, ErrorBody, MAX_BODY, MAX_PULL, MAX_PUSH_ITEMS, PROTOCOL,
    PROTOCOL_HEADER, PushRequest,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::ServerError;
use crate::backend::{Backend, Device};
use crate::credentials;
use crate::report::{Ask, DistrictReport, Reports, Request};

/// Counters served at `/metrics`.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: AtomicU64,
    refusals: AtomicU64,
    pushed_items: AtomicU64,
    refused_items: AtomicU64,
    pulled_changes: AtomicU64,
}

struct AppState {
    backend: Arc<dyn Backend>,
    reports: Arc<Reports>,
    metrics: Metrics,
}

/// The server's routes over `backend`, with the district reports' replicas
/// in `reports`.
pub fn router(backend: Arc<dyn Backend>, reports: Arc<Reports>) -> Router {
    let state = Arc::new(AppState {
        backend,
        reports,
        metrics: Metrics::default(),
    });
    Router::new()
        .route("/health", get(health))
        .route("/metrics", get(metrics))
        .route("/v1/enrol", post(enrol))
        .route("/v1/push", post(push))
        .route("/v1/pull", get(pull))
        .route("/v1/status", get(status))
        .route("/v1/reviews", get(reviews))
        .route("/v1/reviews/{id}/resolve", post(resolve))
        .route("/v1/integrity", get(integrity))
        .route("/v1/bundle", post(bundle))
        .route("/v1/report/quality", get(report_quality))
        .route("/v1/report/{name}", get(report_other))
        .fallback(not_found)
        .method_not_allowed_fallback(wrong_method)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(RequestDecompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(120),
        ))
        // Outside every layer that may refuse on its own (an encoding the
        // decompression does not speak, a timeout), so those are JSON too.
        .layer(axum::middleware::map_response(json_refusals))
        .layer(TraceLayer::new_for_http())
}

/// Longest message for people in a refusal, in characters: a message
/// quotes at most a short excerpt of what it refuses.
const MAX_MESSAGE: usize = 500;

/// A refusal made outside the handlers (by a layer or by axum itself) as
/// `ErrorBody` JSON with a code, like every other refusal: a 4xx or 5xx
/// that is not JSON gets a body saying what its status means.
async fn json_refusals(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (code, message) = match status {
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_encoding",
            "máy chủ chỉ nhận nội dung nén zstd hoặc gzip (Content-Encoding)",
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "địa chỉ này không nhận phương thức của yêu cầu",
        ),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "yêu cầu quá thời gian xử lý; hãy thử lại"),
        StatusCode::PAYLOAD_TOO_LARGE => ("too_large", "nội dung yêu cầu quá lớn"),
        s if s.is_server_error() => ("internal", "máy chủ gặp lỗi; hãy thử lại sau"),
        _ => ("bad_request", "yêu cầu không hợp lệ"),
    };
    let mut answer = (
        status,
        axum::Json(ErrorBody {
            code: code.to_owned(),
            message: message.to_owned(),
        }),
    )
        .into_response();
    // Keep what the layer said besides its body (`Allow` on a 405, say).
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().insert(name.clone(), value.clone());
        }
    }
    answer
}

/// A refusal as an HTTP answer.
pub struct ApiError(ServerError);

impl From<ServerError> for ApiError {
    fn from(e: ServerError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.0.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_server_error() {
            tracing::error!(code = self.0.code(), error = %self.0, "request failed");
        }
        let body = ErrorBody {
            code: self.0.code().to_owned(),
            message: phien_wire::excerpt(&self.0, MAX_MESSAGE),
        };
        (status, axum::Json(body)).into_response()
    }
}

type ApiResult<T> = Result<axum::Json<T>, ApiError>;

async fn not_found() -> ApiError {
    ApiError(ServerError::BadRequest(
        "không có địa chỉ này trên máy chủ".into(),
    ))
}

async fn wrong_method(method: axum::http::Method) -> ApiError {
    ApiError(ServerError::MethodNotAllowed(phien_wire::excerpt(
        &method, 20,
    )))
}

async fn health() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({"status": "ok", "protocol": PROTOCOL}))
}

async fn metrics(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    let m = &state.metrics;
    let line = |name: &str, help: &str, v: &AtomicU64| {
        format!(
            "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}\n",
            v.load(Ordering::Relaxed)
        )
    };
    let text = [
        line("phien_requests_total", "Requests to /v1.", &m.requests),
        line(
            "phien_refusals_total",
            "Requests refused with a 4xx or 5xx.",
            &m.refusals,
        ),
        line(
            "phien_pushed_items_total",
            "Items received in pushes.",
            &m.pushed_items,
        ),
        line(
            "phien_refused_items_total",
            "Pushed items set aside.",
            &m.refused_items,
        ),
        line(
            "phien_pulled_changes_total",
            "Changes served in pulls.",
            &m.pulled_changes,
        ),
    ]
    .concat();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], text)
}

fn check_protocol(headers: &HeaderMap) -> Result<(), ServerError> {
    let v = headers
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if v == PROTOCOL.to_string() {
        Ok(())
    } else {
        Err(ServerError::Protocol(if v.is_empty() {
            "không có".into()
        } else {
            phien_wire::excerpt(&v, 20)
        }))
    }
}

fn credential(headers: &HeaderMap) -> Result<String, ServerError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or(ServerError::Unauthorized)?;
    Ok(credentials::digest(value))
}

async fn read_json<T: DeserializeOwned>(body: Body) -> Result<T, ServerError> {
    let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        ServerError::BadRequest(format!(
            "nội dung yêu cầu quá lớn hoặc nén hỏng (tối đa {} MB sau khi giải nén)",
            MAX_BODY / (1024 * 1024)
        ))
    })?;
    // serde_json's message may quote a value of the request whole: quote
    // a short excerpt of it.
    serde_json::from_slice(&bytes).map_err(|e| {
        ServerError::BadRequest(format!(
            "nội dung yêu cầu không đọc được: {}",
            phien_wire::excerpt(&e, 200)
        ))
    })
}

/// Runs `f` with the authenticated device on a blocking thread.
async fn as_device<T, F>(state: &Arc<AppState>, headers: &HeaderMap, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Backend, &Device) -> Result<T, ServerError> + Send + 'static,
{
    state.metrics.requests.fetch_add(1, Ordering::Relaxed);
    let result = async {
        check_protocol(headers)?;
        let hash = credential(headers)?;
        let state = state.clone();
        tokio::task::spawn_blocking(move || {
            let device = state.backend.device(&hash)?;
            f(state.backend.as_ref(), &device)
        })
        .await
        .map_err(|e| ServerError::Storage(e.to_string()))?
    }
    .await;
    if result.is_err() {
        state.metrics.refusals.fetch_add(1, Ordering::Relaxed);
    }
    result.map_err(ApiError)
}

fn json<T: Serialize>(v: T) -> axum::Json<T> {
    axum::Json(v)
}

async fn enrol(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<EnrolResponse> {
    state.metrics.requests.fetch_add(1, Ordering::Relaxed);
    let result = async {
        check_protocol(&headers)?;
        let req: EnrolRequest = read_json(body).await?;
        if uuid::Uuid::parse_str(&req.device_id).is_err() {
            return Err(ServerError::BadRequest(format!(
                "mã máy «{}» không hợp lệ",
                phien_wire::excerpt(&req.device_id, 40)
            )));
        }
        let name = req.device_name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(ServerError::BadRequest(
                "tên máy phải có từ 1 đến 100 ký tự, không có ký tự điều khiển".into(),
            ));
        }
        if req.credential.len() != 64 || !req.credential.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ServerError::BadRequest(
                "khóa của máy phải gồm 64 chữ số hệ 16".into(),
            ));
        }
        if let Some(key) = &req.bundle_key
            && (key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(ServerError::BadRequest(
                "khóa ký gói của máy phải gồm 64 chữ số hệ 16".into(),
            ));
        }
        let hash = credentials::digest(&req.credential);
        let code_hash = credentials::digest(&credentials::normalise_code(&req.code));
        let backend = state.backend.clone();
        let scope = tokio::task::spawn_blocking(move || {
            backend.enrol(
                &code_hash,
                &req.device_id,
                &name,
                &hash,
                req.bundle_key.as_deref(),
                Utc::now(),
            )
        })
        .await
        .map_err(|e| ServerError::Storage(e.to_string()))??;
        tracing::info!(kind = scope.kind.as_str(), office = %scope.office_id, "device enrolled");
        Ok(EnrolResponse {
            scope,
            server_key: Some(phien_wire::bundle::public_hex(state.backend.server_key())),
        })
    }
    .await;
    if result.is_err() {
        state.metrics.refusals.fetch_add(1, Ordering::Relaxed);
    }
    result.map(json).map_err(ApiError)
}

async fn push(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<phien_wire::PushResponse> {
    let req: PushRequest = match read_json(body).await {
        Ok(req) => req,
        Err(e) => {
            state.metrics.refusals.fetch_add(1, Ordering::Relaxed);
            return Err(ApiError(e));
        }
    };
    if req.items.len() > MAX_PUSH_ITEMS {
        return Err(ApiError(ServerError::BadRequest(format!(
            "một lần gửi tối đa {MAX_PUSH_ITEMS} thay đổi, nhận {}",
            req.items.len()
        ))));
    }
    let n = req.items.len() as u64;
    let response = as_device(&state, &headers, move |backend, device| {
        backend.push(device, req.items, Utc::now())
    })
    .await?;
    state.metrics.pushed_items.fetch_add(n, Ordering::Relaxed);
    state
        .metrics
        .refused_items
        .fetch_add(response.refused.len() as u64, Ordering::Relaxed);
    Ok(json(response))
}

fn query_number(query: &Option<String>, name: &str) -> Result<Option<i64>, ServerError> {
    let Some(query) = query else { return Ok(None) };
    for pair in query.split('&') {
        if let Some(v) = pair.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            return v.parse().map(Some).map_err(|_| {
                ServerError::BadRequest(format!(
                    "tham số «{name}» = «{}» không phải số",
                    phien_wire::excerpt(&v, 40)
                ))
            });
        }
    }
    Ok(None)
}

async fn pull(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult<phien_wire::PullResponse> {
    let after = query_number(&query, "after")
        .map_err(ApiError)?
        .unwrap_or(0)
        .max(0);
    let limit = query_number(&query, "limit")
        .map_err(ApiError)?
        .unwrap_or(i64::from(MAX_PULL))
        .clamp(1, i64::from(MAX_PULL)) as u32;
    let page = as_device(&state, &headers, move |backend, device| {
        backend.pull(device, after, limit)
    })
    .await?;
    state
        .metrics
        .pulled_changes
        .fetch_add(page.changes.len() as u64, Ordering::Relaxed);
    Ok(json(page))
}

async fn status(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
) -> ApiResult<phien_wire::StatusResponse> {
    as_device(&state, &headers, |backend, device| backend.status(device))
        .await
        .map(json)
}

async fn integrity(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult<phien_wire::MonthDigest> {
    let month = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("month="))
        .unwrap_or("")
        .to_owned();
    if !phien_wire::MonthDigest::valid_month(&month) {
        return Err(ApiError(ServerError::BadRequest(format!(
            "tham số «month» = «{}»: phải là tháng dạng YYYY-MM",
            phien_wire::excerpt(&month, 40)
        ))));
    }
    as_device(&state, &headers, move |backend, device| {
        backend.month_digest(device, &month)
    })
    .await
    .map(json)
}

/// `GET /v1/reviews[?all=1]`: a supervisor sees its office's queue; any
/// other device, the items its own changes caused (so both sides see them).
async fn reviews(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult<Vec<phien_wire::ReviewItem>> {
    let all = query_number(&query, "all").map_err(ApiError)?.unwrap_or(0) == 1;
    as_device(&state, &headers, move |backend, device| {
        backend.reviews(device, all)
    })
    .await
    .map(json)
}

/// `POST /v1/reviews/{id}/resolve`: a supervisor's decision, once.
async fn resolve(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    id: Result<axum::extract::Path<String>, axum::extract::rejection::PathRejection>,
    body: Body,
) -> ApiResult<phien_wire::ReviewItem> {
    // A number that is not even UTF-8 is refused like any other non-number.
    let id = id.map(|p| p.0).unwrap_or_default();
    let id: i64 = id.parse().map_err(|_| {
        ApiError(ServerError::BadRequest(format!(
            "số mục «{}» không phải số",
            phien_wire::excerpt(&id, 40)
        )))
    })?;
    let request: phien_wire::ResolveRequest = read_json(body).await.map_err(ApiError)?;
    as_device(&state, &headers, move |backend, device| {
        backend.resolve_review(device, id, &request, Utc::now())
    })
    .await
    .map(json)
}

/// `POST /v1/bundle`: a bundle file a commune brought on a USB stick,
/// uploaded by a supervisor of its office (or by the device itself); the
/// answer is the signed reply file.
async fn bundle(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes: Bytes = axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        ApiError(ServerError::BadRequest(format!(
            "gói quá lớn (tối đa {} MB)",
            MAX_BODY / (1024 * 1024)
        )))
    })?;
    let done = as_device(&state, &headers, move |backend, device| {
        crate::bundle::import(
            backend,
            &bytes,
            crate::bundle::Importer::Device(device),
            Utc::now(),
        )
    })
    .await?;
    state
        .metrics
        .pushed_items
        .fetch_add(done.items as u64, Ordering::Relaxed);
    Ok((
        [(header::CONTENT_TYPE, "application/octet-stream")],
        done.reply,
    )
        .into_response())
}

/// `GET /v1/report/quality?as_of=YYYY-MM-DD[&level=…][&within=ID]`: the
/// district's credit-quality report, for a supervisor's credential only
/// (its office; the request names none).
async fn report_quality(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> ApiResult<DistrictReport> {
    let request = Request::parse(query.as_deref()).map_err(ApiError)?;
    let reports = state.reports.clone();
    as_device(&state, &headers, move |backend, device| {
        reports.quality(backend, device, request, Utc::now())
    })
    .await
    .map(json)
}

/// `GET /v1/report/{ratings,fees,watchlist,comparison}?…`: the district's
/// other reports, for a supervisor's credential only (see [`Ask::parse`]).
async fn report_other(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    RawQuery(query): RawQuery,
) -> ApiResult<DistrictReport<serde_json::Value>> {
    let ask = Ask::parse(&name, query.as_deref()).map_err(ApiError)?;
    let reports = state.reports.clone();
    as_device(&state, &headers, move |backend, device| {
        reports.other(backend, device, ask, Utc::now())
    })
    .await
    .map(json)
}

/// Serves `backend` on `addr` from a background thread with its own runtime
/// (benchmarks and tests that want the server in-process); returns the
/// bound address. The server lives until the process ends.
pub fn spawn(
    backend: Arc<dyn Backend>,
    reports: Arc<Reports>,
    addr: std::net::SocketAddr,
) -> std::io::Result<std::net::SocketAddr> {
    let listener = std::net::TcpListener::bind(addr)?;
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                let _ = axum::serve(listener, router(backend, reports)).await;
            }
        });
    });
    Ok(bound)
}
