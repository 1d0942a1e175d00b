//! The seed corpus and the hostile set, each input on its own.

use phien_fuzz::corpus;
use phien_fuzz::known;

use crate::{body, target};

#[test]
fn each_seed_gets_its_answer_and_breaks_no_invariant() {
    let mut target = target();
    let seeds = corpus::seeds(target.fixture());
    assert!(seeds.len() >= 40, "a seed for each route and each refusal");
    for seed in &seeds {
        let outcome = target
            .run(&seed.input.to_bytes())
            .expect("the harness reads the file");
        assert_eq!(
            outcome.status,
            seed.expect,
            "seed «{}»: the answer it gets on a fresh server, in order; got {}",
            seed.name,
            body(&outcome)
        );
        if let Some(finding) = &outcome.finding {
            assert!(
                known::known(finding).is_some(),
                "seed «{}» breaks an invariant nobody reported yet: {finding}",
                seed.name
            );
        }
    }
    assert_eq!(
        target.integrity_check().expect("readable"),
        "ok",
        "the server's file is sound after the seeds"
    );
}

#[test]
fn each_hostile_input_gets_a_clear_answer_and_changes_nothing() {
    let mut target = target();
    for seed in corpus::hostile(target.fixture()) {
        let before = target.fingerprint().expect("readable");
        let outcome = target
            .run(&seed.input.to_bytes())
            .expect("the harness reads the file");
        let after = target.fingerprint().expect("readable");
        assert_eq!(
            outcome.status,
            seed.expect,
            "«{}»: expected {}, got {}",
            seed.name,
            seed.expect,
            body(&outcome)
        );
        assert!(
            outcome.finding.is_none(),
            "«{}» breaks an invariant: {:?}",
            seed.name,
            outcome.finding
        );
        if outcome.status >= 400 {
            assert!(
                outcome.code.as_deref().is_some_and(|c| !c.is_empty()),
                "«{}»: a refusal says why with a code: {}",
                seed.name,
                body(&outcome)
            );
        }
        assert_eq!(
            before, after,
            "«{}» changes nothing on the server",
            seed.name
        );
    }
    assert_eq!(
        target.integrity_check().expect("readable"),
        "ok",
        "the server's file is sound after the hostile set"
    );
}

#[test]
fn any_byte_string_is_a_request_and_a_finding_is_a_panic() {
    let mut target = target();
    // The libFuzzer-shaped entry point, on inputs of every shape: empty,
    // one selector byte, a length longer than the data, high bytes (a pull
    // with a zstd header, a revoked credential and no protocol).
    for data in [
        &b""[..],
        b"\x07",
        b"\x01\x00\x00\x00\xff\xff{}",
        b"\x08\x00\x00\x00\x02\x00//",
        b"\x05\x00\x01\x00\x01\x00\x00{\"decision\":1}",
        &[0xfe; 64],
    ] {
        phien_fuzz::fuzz_one_on(&mut target, data);
    }
    // A status request with an encoding the server does not speak, under a
    // limit on refusals no refusal meets: a finding (the server has none
    // of its own today), and libFuzzer learns of findings by a panic.
    target.set_max_refusal(16);
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        phien_fuzz::fuzz_one_on(&mut target, b"\x03\x03\x00\x00\x00\x00");
    }))
    .expect_err("a broken invariant panics");
    let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.contains("415") && message.contains("4xx-body-oversized"),
        "the panic says what broke: {message}"
    );
}

#[test]
fn every_selector_value_makes_the_request_it_names() {
    use phien_fuzz::input::{Auth, Encoding, Input, Protocol};
    let target = target();
    for byte in 0..=u8::MAX {
        for position in 0..4 {
            let mut input = Input::from_bytes(b"\x00\x00\x00\x00\x03\x00abc{}");
            input.selectors[position] = byte;
            let (request, _) = target.request(&input);
            let header = |name: &str| request.headers().get(name).map(|v| v.as_bytes().to_vec());
            let protocol = match input.protocol() {
                Protocol::Right => Some(b"1".to_vec()),
                Protocol::Wrong => Some(input.wrong_protocol().as_bytes().to_vec()),
                Protocol::Missing => None,
            };
            assert_eq!(
                header("x-phien-protocol"),
                protocol,
                "{input:?}: the protocol header"
            );
            let encoding = match input.encoding() {
                Encoding::Plain => None,
                Encoding::Gzip | Encoding::GzipHeaderRaw => Some(b"gzip".to_vec()),
                Encoding::Zstd | Encoding::ZstdHeaderRaw => Some(b"zstd".to_vec()),
                Encoding::Bogus => Some(input.bogus_encoding().as_bytes().to_vec()),
            };
            assert_eq!(
                header("content-encoding"),
                encoding,
                "{input:?}: the encoding header"
            );
            assert_eq!(
                header("authorization").is_some(),
                input.auth() != Auth::Missing,
                "{input:?}: a credential unless the input says none"
            );
        }
    }
}
