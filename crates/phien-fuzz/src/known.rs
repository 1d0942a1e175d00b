//! Findings reported and not fixed yet. The fuzzer still reports them (and
//! still exits 1): this table only says which ones are old news, so a test
//! can insist that a run finds nothing *new*, and another test (in
//! `tests/fuzz/known.rs`) checks that each one still happens — when the
//! server is fixed, that test fails and the entry goes.

use crate::input::Route;
use crate::target::{Endpoint, Finding, FindingKind};

/// A finding already reported.
#[derive(Debug, Clone, Copy)]
pub struct Known {
    /// A short name.
    pub name: &'static str,
    /// Which findings it covers.
    pub matches: fn(&Finding) -> bool,
    /// What it is, where it comes from, and the fix it wants.
    pub why: &'static str,
}

/// Every known finding.
pub const KNOWN: &[Known] = &[
    Known {
        name: "unsupported-encoding-415",
        matches: |f| f.kind == FindingKind::BadErrorBody && f.status == 415,
        why: "a Content-Encoding the server does not decompress (br, deflate, \"gzip, zstd\"…) is \
              answered 415 with an empty body by tower-http's RequestDecompressionLayer, before \
              any handler (http.rs router())",
    },
    Known {
        name: "wrong-method-405",
        matches: |f| f.kind == FindingKind::BadErrorBody && f.status == 405,
        why: "a known path with another method (GET /v1/push) is answered 405 with an empty body \
              by axum's method router; Router::fallback covers unknown paths only (http.rs \
              router(), Router::method_not_allowed_fallback)",
    },
    Known {
        name: "review-id-not-utf8",
        matches: |f| {
            f.kind == FindingKind::BadErrorBody
                && f.status == 400
                && f.endpoint == Endpoint::Route(Route::Resolve)
        },
        why: "POST /v1/reviews/%FF/resolve is answered 400 text/plain \"Invalid URL: Invalid \
              UTF-8 in `id`\" by axum's Path<String> rejection (http.rs resolve())",
    },
    Known {
        name: "integrity-non-integer-amount",
        matches: |f| {
            f.kind == FindingKind::ServerError && f.endpoint == Endpoint::Route(Route::Integrity)
        },
        why: "once a ledger entry whose amount is not an integer (\"50000\", 1.5, 1e400, null) is \
              stored — push takes a row's content as it comes — GET /v1/integrity of its month \
              answers 500 for every device of the office: sqlite.rs month_digest reads \
              json_extract(body, '$.amount') as i64 (and in a debug build two amounts near \
              i64::MAX overflow MonthDigest::of's sum, a panic)",
    },
    Known {
        name: "enrol-credential-in-use",
        matches: |f| {
            f.kind == FindingKind::ServerError && f.endpoint == Endpoint::Route(Route::Enrol)
        },
        why: "an enrolment with a valid code whose credential another device already has is \
              answered 500 \"UNIQUE constraint failed: device.credential_hash\" (sqlite.rs \
              enrol inserts without checking)",
    },
    Known {
        name: "refusal-echoes-request",
        matches: |f| f.kind == FindingKind::OversizedRefusal,
        why: "a JSON value of the wrong type is quoted whole, Debug-escaped, in the 400 message \
              (http.rs read_json formats serde_json's error, and so does bundle.rs through \
              BundleError::Unreadable): 16 MB of DEL bytes in a string, 16 KB gzipped, cost 2 s \
              and come back as a 117 MB answer; a 608-byte bundle, as a 262 KB one",
    },
];

/// The known finding `finding` is, if any.
pub fn known(finding: &Finding) -> Option<&'static Known> {
    KNOWN.iter().find(|k| (k.matches)(finding))
}
