//! A fixed-seed run of the whole loop (seeds, mutations, the corpus
//! learning from answers) finds nothing new.

use std::collections::{BTreeMap, BTreeSet};

use phien_fuzz::fuzzer::Fuzzer;
use phien_fuzz::known::known;
use phien_fuzz::target::route_name;

use crate::target;

/// Enough to pass every seed and mutate for a while: the whole test binary
/// takes about 16 s in a debug build on the 2-core machine (the server's
/// tables grow with the run, so twice the inputs cost more than twice).
const ITERATIONS: usize = 4_000;

const SEED: u64 = 20_261_201;

#[test]
fn a_fixed_seed_run_finds_nothing_new() {
    let mut target = target();
    let mut fuzzer = Fuzzer::new(&target, SEED);
    let mut findings: BTreeMap<String, (usize, Option<&str>, String)> = BTreeMap::new();
    let mut answered: BTreeMap<&str, BTreeSet<u16>> = BTreeMap::new();
    for _ in 0..ITERATIONS {
        let data = fuzzer
            .next_input(&target)
            .expect("the live state is readable");
        let outcome = target.run(&data).expect("the harness reads the file");
        answered
            .entry(route_name(outcome.route))
            .or_default()
            .insert(outcome.status);
        if let Some(finding) = &outcome.finding {
            let entry = findings.entry(finding.signature()).or_insert_with(|| {
                let hex: String = data.iter().take(512).map(|b| format!("{b:02x}")).collect();
                (
                    0,
                    known(finding).map(|k| k.name),
                    format!("{finding}; input {hex}"),
                )
            });
            entry.0 += 1;
        }
        fuzzer.learn(data, &outcome);
    }
    let new: Vec<String> = findings
        .iter()
        .filter(|(_, (_, known, _))| known.is_none())
        .map(|(signature, (n, _, example))| format!("{signature} ({n} inputs): {example}"))
        .collect();
    assert!(
        new.is_empty(),
        "seed {SEED} finds what no one has reported:\n{}",
        new.join("\n")
    );
    for route in [
        "enrol",
        "push",
        "pull",
        "status",
        "reviews",
        "resolve",
        "integrity",
        "bundle",
    ] {
        let statuses = answered.get(route).cloned().unwrap_or_default();
        assert!(
            statuses.iter().any(|s| (200..300).contains(s))
                && statuses.iter().any(|s| (400..500).contains(s)),
            "the run reaches {route} both accepted and refused: {statuses:?}"
        );
    }
    assert!(
        fuzzer.corpus_len() > fuzzer.seeds(),
        "answers never seen before grow the corpus"
    );
    assert_eq!(
        target.integrity_check().expect("readable"),
        "ok",
        "the server's file is sound after the run"
    );
}
