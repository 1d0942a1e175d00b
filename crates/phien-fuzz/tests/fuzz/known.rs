//! Every finding in `known.rs` still happens. FIXME: each of these is a
//! server bug reported and not fixed yet; when one is fixed, its test here
//! fails — then remove its entry from `KNOWN` and its case below, so the
//! fuzzer treats a return of it as new.

use phien_fuzz::corpus::{enrol_body, push_body};
use phien_fuzz::input::{Auth, Encoding, Input, Protocol, Route};
use phien_fuzz::known::{KNOWN, known};
use phien_fuzz::target::Target;
use serde_json::json;

use crate::{body, target};

fn input(route: Route, encoding: Encoding, auth: Auth, target: &[u8], body: Vec<u8>) -> Input {
    Input::new(route, encoding, auth, Protocol::Right, target, body)
}

/// The requests that show `name`, the last one breaking the invariant.
fn repro(name: &str, target: &Target) -> Vec<Input> {
    let fx = target.fixture();
    match name {
        "unsupported-encoding-415" => vec![input(
            Route::Status,
            Encoding::Bogus,
            Auth::Point,
            b"",
            vec![],
        )],
        "wrong-method-405" => vec![input(
            Route::Unknown,
            Encoding::Plain,
            Auth::Point,
            b"v1/push",
            vec![],
        )],
        "review-id-not-utf8" => vec![input(
            Route::Resolve,
            Encoding::Plain,
            Auth::Supervisor,
            b"\xff",
            br#"{"decision":"keep_server","note":"x"}"#.to_vec(),
        )],
        "integrity-non-integer-amount" => {
            let id = phien_fuzz::fixture::fixed_id(0x9999);
            let entry = json!({
                "seq": fx.acked + 1, "entity": "ledger_entry", "entity_id": id, "op": "insert", "hlc": null,
                "body": {"id": id, "kind": "savings_deposit", "member_id": fx.members[0], "amount": "50000", "value_date": "2026-10-15"},
            });
            vec![
                input(
                    Route::Push,
                    Encoding::Plain,
                    Auth::Point,
                    b"",
                    push_body(&[entry]),
                ),
                input(
                    Route::Integrity,
                    Encoding::Plain,
                    Auth::Supervisor,
                    b"month=2026-10",
                    vec![],
                ),
            ]
        }
        "enrol-credential-in-use" => vec![input(
            Route::Enrol,
            Encoding::Plain,
            Auth::Missing,
            b"",
            enrol_body(
                "FUZZ-P000-0999",
                &phien_fuzz::fixture::fixed_id(0x9998),
                &fx.supervisor.credential,
                None,
            ),
        )],
        "refusal-echoes-request" => {
            let seq = "A".repeat(100 * 1024);
            vec![input(
                Route::Push,
                Encoding::Gzip,
                Auth::Point,
                b"",
                format!(r#"{{"items":[{{"seq":"{seq}"}}]}}"#).into_bytes(),
            )]
        }
        other => panic!("no repro for the known finding «{other}»: add one here"),
    }
}

#[test]
fn each_known_finding_still_happens() {
    for k in KNOWN {
        let mut target = target();
        let inputs = repro(k.name, &target);
        let mut last = None;
        for input in &inputs {
            last = Some(
                target
                    .run(&input.to_bytes())
                    .expect("the harness reads the file"),
            );
        }
        let outcome = last.expect("a repro has a request");
        let finding = outcome.finding.as_ref().unwrap_or_else(|| {
            panic!(
                "«{}» no longer happens (got {}: {}): the server was fixed — remove it from KNOWN and from here",
                k.name,
                outcome.status,
                body(&outcome)
            )
        });
        assert_eq!(
            known(finding).map(|k| k.name),
            Some(k.name),
            "the repro of «{}» shows that finding: {finding}",
            k.name
        );
    }
}
