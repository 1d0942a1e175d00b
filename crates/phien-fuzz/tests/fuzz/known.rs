//! Every finding in `known.rs` still happens: when one is fixed, its test
//! here fails — then remove its entry from `KNOWN` and its case below, and
//! add a test of the fixed behaviour to `fixed.rs`, so the fuzzer treats a
//! return of it as new. (None is known today.)

use phien_fuzz::input::Input;
use phien_fuzz::known::{KNOWN, known};
use phien_fuzz::target::Target;

use crate::{body, target};

/// The requests that show `name`, the last one breaking the invariant.
fn repro(name: &str, _target: &Target) -> Vec<Input> {
    panic!("no repro for the known finding «{name}»: add one here")
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
