//! The findings the fuzzer reported and the server fixed, each asserted as
//! its fixed behaviour: if one comes back, its test here fails (and the
//! fuzzer reports it as new, since `KNOWN` no longer lists it).

use phien_fuzz::corpus::{enrol_body, new_entries, push_body};
use phien_fuzz::input::{Auth, Encoding, Input, Protocol, Route};
use phien_fuzz::target::{Outcome, Target};
use phien_wire::{ErrorBody, MonthDigest, PushResponse};
use serde_json::{Value, json};

use crate::{body, target};

fn input(route: Route, encoding: Encoding, auth: Auth, target: &[u8], body: Vec<u8>) -> Input {
    Input::new(route, encoding, auth, Protocol::Right, target, body)
}

fn run(target: &mut Target, input: &Input) -> Outcome {
    target
        .run(&input.to_bytes())
        .expect("the harness reads the file")
}

/// Runs `input` and checks it is refused with `status` and `code`, as a
/// refusal that breaks no invariant (JSON `ErrorBody`, short, nothing
/// changed).
fn assert_refused(target: &mut Target, input: &Input, status: u16, code: &str) {
    let outcome = run(target, input);
    assert!(
        outcome.finding.is_none(),
        "a refusal breaks no invariant: {:?}",
        outcome.finding
    );
    let error: ErrorBody = serde_json::from_slice(&outcome.body)
        .unwrap_or_else(|e| panic!("a refusal is ErrorBody JSON ({e}): {}", body(&outcome)));
    assert!(!error.message.is_empty(), "a refusal says why, for people");
    assert_eq!(
        (outcome.status, error.code.as_str()),
        (status, code),
        "{:?} {:?}: {}",
        input.route(),
        String::from_utf8_lossy(&input.target),
        body(&outcome)
    );
}

/// Runs `input`, which must be answered 200 and break no invariant.
fn accepted(target: &mut Target, input: &Input) -> Outcome {
    let outcome = run(target, input);
    assert_eq!(
        (outcome.status, &outcome.finding),
        (200, &None),
        "{:?} is answered: {}",
        input.route(),
        body(&outcome)
    );
    outcome
}

fn push(target: &mut Target, items: &[Value]) -> PushResponse {
    let push = input(
        Route::Push,
        Encoding::Plain,
        Auth::Point,
        b"",
        push_body(items),
    );
    serde_json::from_slice(&accepted(target, &push).body).expect("a PushResponse")
}

fn integrity(target: &mut Target) -> MonthDigest {
    let check = input(
        Route::Integrity,
        Encoding::Plain,
        Auth::Supervisor,
        b"month=2026-10",
        vec![],
    );
    serde_json::from_slice(&accepted(target, &check).body).expect("a MonthDigest")
}

fn enrol(device: &str, credential: &str) -> Input {
    input(
        Route::Enrol,
        Encoding::Plain,
        Auth::Missing,
        b"",
        enrol_body("FUZZ-P000-0999", device, credential, None),
    )
}

#[test]
fn an_encoding_the_server_does_not_speak_is_a_json_415() {
    let mut target = target();
    // br, deflate, x-bogus, "gzip, zstd": tower-http's decompression
    // refuses them before any handler.
    for variant in 0..4 {
        let mut status = input(Route::Status, Encoding::Bogus, Auth::Point, b"", vec![]);
        // The encoding selector's remainder picks which bogus encoding.
        status.selectors[1] += (variant * Encoding::ALL.len()) as u8;
        assert_refused(&mut target, &status, 415, "unsupported_encoding");
    }
}

#[test]
fn a_known_path_with_another_method_is_a_json_405() {
    // Selector 0 (Route::Unknown) is a GET of the path: GET /v1/push.
    let get_push = input(
        Route::Unknown,
        Encoding::Plain,
        Auth::Point,
        b"v1/push",
        vec![],
    );
    assert_refused(&mut target(), &get_push, 405, "method_not_allowed");
}

#[test]
fn a_review_number_that_is_not_utf8_is_a_json_400() {
    let resolve = input(
        Route::Resolve,
        Encoding::Plain,
        Auth::Supervisor,
        b"\xff",
        br#"{"decision":"keep_server","note":"x"}"#.to_vec(),
    );
    assert_refused(&mut target(), &resolve, 400, "bad_request");
}

#[test]
fn an_amount_that_is_not_whole_dong_is_refused_at_push_and_blocks_nothing() {
    let mut target = target();
    let before = integrity(&mut target);
    let fx = target.fixture().clone();
    let seq = fx.acked + 1;
    // Four entries whose amount is not whole đồng, then a good one.
    let mut items = new_entries(&fx, seq, 5, 0x9990);
    let bad = [json!("50000"), json!(1.5), json!(null), json!(1e300)];
    for (item, amount) in items.iter_mut().zip(&bad) {
        item["body"]["amount"] = amount.clone();
    }
    let answer = push(&mut target, &items);
    assert_eq!(
        answer.acked_through,
        seq + 4,
        "every item is settled, the refused ones too: the device moves on"
    );
    let refused: Vec<(i64, &str)> = answer
        .refused
        .iter()
        .map(|r| (r.seq, r.code.as_str()))
        .collect();
    assert_eq!(
        refused,
        (seq..seq + 4)
            .map(|s| (s, "bad_amount"))
            .collect::<Vec<_>>(),
        "each bad amount is refused with its code, the good entry is not"
    );
    let after = integrity(&mut target);
    assert_eq!(
        (after.count, after.sum),
        (before.count + 1, before.sum + 54_000),
        "the integrity check answers and counts only the good entry"
    );

    // Amounts near i64::MAX are integers: taken, and the check still answers.
    let mut huge = new_entries(&fx, seq + 5, 2, 0x99a0);
    for item in &mut huge {
        item["body"]["amount"] = json!(i64::MAX);
    }
    assert!(push(&mut target, &huge).refused.is_empty());
    assert_eq!(
        integrity(&mut target).count,
        after.count + 2,
        "the sum wraps instead of failing the check"
    );
}

#[test]
fn an_enrolment_with_a_credential_in_use_is_a_409_and_leaves_the_code_unused() {
    let mut target = target();
    let new_device = phien_fuzz::fixture::fixed_id(0x9998);
    let in_use = enrol(&new_device, &target.fixture().supervisor.credential);
    assert_refused(&mut target, &in_use, 409, "credential_in_use");
    // The refusal did not use the code up: a credential of its own enrols.
    let fresh = phien_fuzz::fixture::credential("fresh");
    accepted(&mut target, &enrol(&new_device, &fresh));
}

#[test]
fn a_refusal_quotes_a_short_excerpt_of_the_request_only() {
    let mut target = target();
    let huge = "A".repeat(100 * 1024);
    let fx = target.fixture().clone();
    let requests = [
        input(
            Route::Push,
            Encoding::Gzip,
            Auth::Point,
            b"",
            format!(r#"{{"items":[{{"seq":"{huge}"}}]}}"#).into_bytes(),
        ),
        enrol(&huge, &fx.point_device.credential),
        input(
            Route::Pull,
            Encoding::Plain,
            Auth::Point,
            format!("after={}", &huge[..8_000]).as_bytes(),
            vec![],
        ),
    ];
    for request in &requests {
        let outcome = run(&mut target, request);
        assert!(
            outcome.body_len < 1_024,
            "{:?}: a refusal of a 100 KB value is short, {} bytes: {}",
            request.route(),
            outcome.body_len,
            body(&outcome)
        );
        assert_refused(&mut target, request, 400, "bad_request");
    }
    // An item's refusal quotes a short excerpt too (it is kept forever).
    let mut item = new_entries(&fx, fx.acked + 1, 1, 0x99b0).remove(0);
    item["entity"] = json!(huge);
    let answer = push(&mut target, &[item]);
    let reason = &answer
        .refused
        .first()
        .expect("the unknown table is refused")
        .reason;
    assert!(
        reason.chars().count() < 200,
        "the reason quotes a short excerpt of the table's name: {reason}"
    );
}

#[test]
fn an_item_numbered_far_below_the_series_is_answered() {
    // Found by the fixed-seed run: the batched push once subtracted from
    // such a number and panicked in a debug build.
    let mut target = target();
    let fx = target.fixture().clone();
    let mut item = new_entries(&fx, 1, 1, 0x99c0).remove(0);
    item["seq"] = json!(i64::MIN);
    let answer = push(&mut target, &[item]);
    assert_eq!(
        answer
            .refused
            .iter()
            .map(|r| (r.seq, r.code.as_str()))
            .collect::<Vec<_>>(),
        [(i64::MIN, "changed_replay")],
        "an item the server never settled, under a number it has settled past: refused loudly"
    );
}
