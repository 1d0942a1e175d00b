//! The seed corpus: valid requests made from real data (the point's books
//! from `phien_server::synthetic::series`, enrolments with codes the
//! administrator issued, a bundle signed with the laptop's key), each with
//! the answer it gets when the seeds run in order on a fresh server; and a
//! hand-made hostile set.

use phien_wire::bundle::{self, BUNDLE_FORMAT, BundleBody};
use serde_json::{Value, json};

use crate::fixture::{self, Fixture};
use crate::input::{Auth, Encoding, Input, Protocol, Route};

/// A seed input and the status a fresh server answers it with.
#[derive(Debug, Clone)]
pub struct Seed {
    /// What it is.
    pub name: &'static str,
    /// The input.
    pub input: Input,
    /// The status when the list runs in order on a fresh server (set up
    /// by [`fixture::set_up`]).
    pub expect: u16,
    /// Whether the fuzzer starts from it: not the ones that cost the server
    /// seconds (the mutator makes those itself, rarely).
    pub mutate: bool,
}

fn seed(name: &'static str, input: Input, expect: u16) -> Seed {
    let mutate = input.body.len() <= 64 * 1024;
    Seed {
        name,
        input,
        expect,
        mutate,
    }
}

impl Seed {
    fn expensive(self) -> Seed {
        Seed {
            mutate: false,
            ..self
        }
    }
}

/// An enrolment body.
pub fn enrol_body(code: &str, device: &str, credential: &str, bundle_key: Option<&str>) -> Vec<u8> {
    let mut body = json!({
        "code": code,
        "device_id": device,
        "device_name": "Laptop điểm Diên Phú",
        "credential": credential,
    });
    if let Some(key) = bundle_key {
        body["bundle_key"] = key.into();
    }
    body.to_string().into_bytes()
}

/// A push body.
pub fn push_body(items: &[Value]) -> Vec<u8> {
    json!({ "items": items }).to_string().into_bytes()
}

/// `n` new payment entries of the fixture's members, numbered from `seq`,
/// with ids from `first_id` on.
pub fn new_entries(fx: &Fixture, seq: i64, n: usize, first_id: u64) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let id = fixture::fixed_id(first_id + i as u64);
            json!({
                "seq": seq + i as i64, "entity": "ledger_entry", "entity_id": id, "op": "insert", "hlc": null,
                "body": {"id": id, "kind": "savings_deposit", "member_id": fx.members[i % fx.members.len()],
                    "loan_id": null, "amount": 50_000 + 1_000 * i as i64, "value_date": "2026-10-15", "session_id": null,
                    "recorded_by": fx.staff, "device_id": fx.point_device.id,
                    "recorded_at": "2026-10-15T03:00:00+00:00", "receipt_no": null, "reverses_id": null,
                    "reason": null, "approved_by": null},
            })
        })
        .collect()
}

/// A bundle file of the point laptop carrying `items`, signed with its key.
pub fn bundle_file(fx: &Fixture, items: &[Value], pull_after: i64) -> Vec<u8> {
    let body = BundleBody {
        device_id: fx.point_device.id.clone(),
        created_at: "2026-11-02T01:00:00+00:00".into(),
        pull_after,
        items: items.iter().map(fixture::push_item).collect(),
    };
    let key = fx
        .point_device
        .bundle_key
        .as_ref()
        .expect("the point laptop enrolled with a bundle key");
    bundle::seal(BUNDLE_FORMAT, &body, key)
}

/// A supervisor's decision.
pub fn resolve_body(decision: &str, note: &str) -> Vec<u8> {
    json!({"decision": decision, "note": note})
        .to_string()
        .into_bytes()
}

fn input(route: Route, auth: Auth, target: &str, body: Vec<u8>) -> Input {
    Input::new(
        route,
        Encoding::Plain,
        auth,
        Protocol::Right,
        target.as_bytes(),
        body,
    )
}

/// The seed corpus.
pub fn seeds(fx: &Fixture) -> Vec<Seed> {
    use Auth::{Garbage, Missing, Point, Revoked, Supervisor};
    let key = |k: &Option<bundle::SigningKey>| k.as_ref().map(bundle::public_hex);
    let point_key = key(&fx.point_device.bundle_key);
    let enrol = |code: &str, n: u64| {
        enrol_body(
            code,
            &fixture::fixed_id(0x200 + n),
            &fixture::credential(&format!("enrol {n}")),
            point_key.as_deref(),
        )
    };
    let next = fx.acked + 1;
    let entries = push_body(&new_entries(fx, next, 10, 0x2000));
    let books = push_body(&fx.series);
    let mut phone = fixture::member_update(next, &fx.members[3], "phone", "", "0914000111");
    phone["body"]["was"]["phone"] = Value::Null;
    let bundle = bundle_file(fx, &new_entries(fx, next, 5, 0x3000), 0);
    let take = resolve_body("take_device", "Đúng theo CCCD của hội viên");
    let keep = resolve_body("keep_server", "Giữ tên đã sửa lại");
    vec![
        seed(
            "enrol a point laptop",
            input(Route::Enrol, Missing, "", enrol("FUZZ-P000-0001", 1)),
            200,
        ),
        seed(
            "enrol a supervisor",
            input(Route::Enrol, Missing, "", enrol("fuzz s000 0002", 2)),
            200,
        ),
        seed(
            "enrol a group leader",
            input(Route::Enrol, Missing, "", enrol("FUZZG0000003", 3)),
            200,
        ),
        seed(
            "enrol in another office",
            input(Route::Enrol, Missing, "", enrol("FUZZ-O000-0004", 4)),
            200,
        ),
        seed(
            "enrol with an expired code",
            input(Route::Enrol, Missing, "", enrol("FUZZ-X000-0005", 5)),
            403,
        ),
        seed(
            "enrol with a code never issued",
            input(Route::Enrol, Missing, "", enrol("ABCD-EFGH-JKMN", 6)),
            403,
        ),
        seed(
            "enrol, another protocol",
            input(Route::Enrol, Missing, "", enrol("FUZZ-P000-0007", 7))
                .with_protocol(Protocol::Wrong),
            426,
        ),
        seed(
            "push the point's books again",
            input(Route::Push, Point, "", books.clone()),
            200,
        ),
        seed(
            "push new entries",
            input(Route::Push, Point, "", entries.clone()),
            200,
        ),
        seed(
            "push new entries, zstd",
            input(Route::Push, Point, "", entries.clone()).with_encoding(Encoding::Zstd),
            200,
        ),
        seed(
            "push new entries, gzip",
            input(Route::Push, Point, "", entries.clone()).with_encoding(Encoding::Gzip),
            200,
        ),
        seed(
            "push a phone number edit",
            input(Route::Push, Point, "", push_body(&[phone])),
            200,
        ),
        seed(
            "push the books as the supervisor",
            input(Route::Push, Supervisor, "", books),
            200,
        ),
        seed(
            "push, another protocol",
            input(Route::Push, Point, "", entries.clone()).with_protocol(Protocol::Wrong),
            426,
        ),
        seed(
            "push, no protocol header",
            input(Route::Push, Point, "", entries.clone()).with_protocol(Protocol::Missing),
            426,
        ),
        seed(
            "push, no credential",
            input(Route::Push, Missing, "", entries.clone()),
            401,
        ),
        seed(
            "push, a made-up credential",
            input(Route::Push, Garbage, "", entries.clone()),
            401,
        ),
        seed(
            "push, a revoked laptop",
            input(Route::Push, Revoked, "", entries.clone()),
            403,
        ),
        seed(
            "push, zstd announced on a plain body",
            input(Route::Push, Point, "", entries.clone()).with_encoding(Encoding::ZstdHeaderRaw),
            400,
        ),
        seed(
            "push, an encoding the server does not speak",
            input(Route::Push, Point, "", entries).with_encoding(Encoding::Bogus),
            415,
        ),
        seed(
            "pull from the start",
            input(Route::Pull, Point, "after=0&limit=100", vec![]),
            200,
        ),
        seed(
            "pull, the supervisor",
            input(Route::Pull, Supervisor, "after=0", vec![]),
            200,
        ),
        seed(
            "pull a page in the middle",
            input(Route::Pull, Point, "after=10&limit=5", vec![]),
            200,
        ),
        seed(
            "pull, a letter for a cursor",
            input(Route::Pull, Point, "after=abc", vec![]),
            400,
        ),
        seed(
            "status of the point laptop",
            input(Route::Status, Point, "", vec![]),
            200,
        ),
        seed(
            "status of the supervisor",
            input(Route::Status, Supervisor, "", vec![]),
            200,
        ),
        seed(
            "status, a revoked laptop",
            input(Route::Status, Revoked, "", vec![]),
            403,
        ),
        seed(
            "the supervisor's review queue",
            input(Route::Reviews, Supervisor, "", vec![]),
            200,
        ),
        seed(
            "every review item, decided ones too",
            input(Route::Reviews, Supervisor, "all=1", vec![]),
            200,
        ),
        seed(
            "the point laptop's review items",
            input(Route::Reviews, Point, "", vec![]),
            200,
        ),
        seed(
            "take the device's name",
            input(Route::Resolve, Supervisor, "1", take),
            200,
        ),
        seed(
            "keep the server's record",
            input(Route::Resolve, Supervisor, "2", keep.clone()),
            200,
        ),
        seed(
            "a point laptop may not decide",
            input(Route::Resolve, Point, "2", keep.clone()),
            403,
        ),
        seed(
            "an item that does not exist",
            input(Route::Resolve, Supervisor, "999", keep),
            404,
        ),
        seed(
            "integrity of the month, point",
            input(Route::Integrity, Point, "month=2026-10", vec![]),
            200,
        ),
        seed(
            "integrity of the month, supervisor",
            input(Route::Integrity, Supervisor, "month=2026-10", vec![]),
            200,
        ),
        seed(
            "integrity of month 13",
            input(Route::Integrity, Point, "month=2026-13", vec![]),
            400,
        ),
        seed(
            "a bundle uploaded by its laptop",
            input(Route::Bundle, Point, "", bundle.clone()),
            200,
        ),
        seed(
            "a bundle delivered by the supervisor",
            input(Route::Bundle, Supervisor, "", bundle.clone()),
            200,
        ),
        seed(
            "a bundle, gzip",
            input(Route::Bundle, Supervisor, "", bundle.clone()).with_encoding(Encoding::Gzip),
            200,
        ),
        seed(
            "a bundle from a revoked laptop",
            input(Route::Bundle, Revoked, "", bundle),
            403,
        ),
        seed(
            "an unknown path",
            input(Route::Unknown, Point, "v1/nothing", vec![]),
            400,
        ),
    ]
}

/// More than [`phien_wire::MAX_BODY`] of whitespace before a valid push:
/// what a bomb decompresses to.
pub fn oversized_push() -> Vec<u8> {
    let mut body = vec![b' '; phien_wire::MAX_BODY + 1024];
    body.extend_from_slice(br#"{"items":[]}"#);
    body
}

/// `{"items": [[[[…]]]]}`, `depth` arrays deep.
pub fn deep_push(depth: usize) -> Vec<u8> {
    let mut body = b"{\"items\":".to_vec();
    body.extend(std::iter::repeat_n(b'[', depth));
    body.extend(std::iter::repeat_n(b']', depth));
    body.push(b'}');
    body
}

/// A push of `n` new entries numbered from `seq`, with ids from `first_id`
/// on: the same items as [`new_entries`], written as text directly
/// (building 20,000 JSON values costs more than the request).
pub fn many_items(fx: &Fixture, seq: i64, n: usize, first_id: u64) -> Vec<u8> {
    use std::fmt::Write;
    let mut text = String::with_capacity(n * 520 + 16);
    text.push_str("{\"items\":[");
    for i in 0..n {
        if i > 0 {
            text.push(',');
        }
        let id = fixture::fixed_id(first_id + i as u64);
        let _ = write!(
            text,
            r#"{{"seq":{},"entity":"ledger_entry","entity_id":"{id}","op":"insert","hlc":null,"body":{{"id":"{id}","kind":"savings_deposit","member_id":"{}","loan_id":null,"amount":{},"value_date":"2026-10-15","session_id":null,"recorded_by":"{}","device_id":"{}","recorded_at":"2026-10-15T03:00:00+00:00","receipt_no":null,"reverses_id":null,"reason":null,"approved_by":null}}}}"#,
            seq + i as i64,
            fx.members[i % fx.members.len()],
            50_000 + 1_000 * i as i64,
            fx.staff,
            fx.point_device.id,
        );
    }
    text.push_str("]}");
    text.into_bytes()
}

/// A zstd frame of `n` zero bytes.
pub fn zeros_zstd(n: usize) -> Vec<u8> {
    zstd::bulk::compress(&vec![0; n], 3).unwrap_or_default()
}

/// The hand-made hostile set: each gets the status given on a fresh server
/// (run in order), and none changes anything. All are refused with a 4xx
/// but a negative cursor, which the server reads as 0 (http.rs pull():
/// `.max(0)`), a choice of the server's, not a refusal.
pub fn hostile(fx: &Fixture) -> Vec<Seed> {
    let raw = |route, encoding, auth, target: &str, body: Vec<u8>| {
        Input::new(
            route,
            encoding,
            auth,
            Protocol::Right,
            target.as_bytes(),
            body,
        )
    };
    vec![
        seed(
            "a zstd bomb: 16 MB of whitespace in 1 KB",
            raw(Route::Push, Encoding::ZstdHeaderRaw, Auth::Point, "", zstd::bulk::compress(&oversized_push(), 3).unwrap_or_default()),
            400,
        )
        .expensive(),
        seed(
            "a gzip bomb: 16 MB of whitespace in 16 KB",
            raw(Route::Push, Encoding::GzipHeaderRaw, Auth::Point, "", crate::target::gzip(&oversized_push())),
            400,
        )
        .expensive(),
        seed(
            "10,000 nested arrays",
            raw(Route::Push, Encoding::Plain, Auth::Point, "", deep_push(10_000)),
            400,
        ),
        seed(
            "20,001 items in one push",
            raw(Route::Push, Encoding::Zstd, Auth::Point, "", many_items(fx, fx.acked + 1, 20_001, 0x10_0000)),
            400,
        ),
        seed(
            "a review number that is not a number",
            raw(Route::Resolve, Encoding::Plain, Auth::Supervisor, "abc", resolve_body("keep_server", "Lý do")),
            400,
        ),
        seed(
            "a negative review number",
            raw(Route::Resolve, Encoding::Plain, Auth::Supervisor, "-1", resolve_body("keep_server", "Lý do")),
            404,
        ),
        seed(
            "a negative cursor",
            raw(Route::Pull, Encoding::Plain, Auth::Point, "after=-1&limit=5", vec![]),
            200,
        ),
        seed(
            "a bundle that unpacks to more than 256 MB, in 10 KB",
            raw(Route::Bundle, Encoding::Plain, Auth::Point, "", zeros_zstd(300 * 1024 * 1024)),
            400,
        )
        .expensive(),
        seed(
            "a cursor past i64",
            raw(Route::Pull, Encoding::Plain, Auth::Point, "after=9223372036854775808", vec![]),
            400,
        ),
        seed(
            "a push item numbered with a letter",
            raw(Route::Push, Encoding::Plain, Auth::Point, "", br#"{"items":[{"seq":"1","entity":"office","entity_id":"x","op":"insert","hlc":null,"body":{}}]}"#.to_vec()),
            400,
        ),
        seed(
            "invalid UTF-8 in a push",
            raw(Route::Push, Encoding::Plain, Auth::Point, "", b"{\"items\":[{\"seq\":1,\"entity\":\"\xff\xfe\"}]}".to_vec()),
            400,
        ),
        seed(
            "a duplicate key in the request",
            raw(Route::Push, Encoding::Plain, Auth::Point, "", br#"{"items":[],"items":[]}"#.to_vec()),
            400,
        ),
        seed(
            "an enrolment with a NUL in its code",
            raw(Route::Enrol, Encoding::Plain, Auth::Missing, "", enrol_body("FUZZ\u{0}P000", &fixture::fixed_id(0x2ff), &fixture::credential("nul"), None)),
            403,
        ),
        seed(
            "a bundle that is not one",
            raw(Route::Bundle, Encoding::Plain, Auth::Point, "", b"PK\x03\x04 not a bundle".to_vec()),
            400,
        ),
    ]
}
