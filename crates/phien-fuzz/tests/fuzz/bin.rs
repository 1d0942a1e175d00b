//! The `phien-fuzz` binary: a short run writes its findings and exits 1,
//! and `--replay` runs a saved input again.

use std::process::Command;

use phien_fuzz::input::{Auth, Encoding, Input, Protocol, Route};

fn phien_fuzz(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_phien-fuzz"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn a_short_run_writes_its_findings_and_replays_them() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let findings = dir.path().join("findings");
    let scratch = dir.path().to_str().expect("a UTF-8 path");
    // The seeds include refusals, and under a limit no refusal meets each
    // is a finding (the server has none of its own today).
    let (code, out) = phien_fuzz(&[
        "--max-refusal",
        "16",
        "--iterations",
        "45",
        "--findings",
        findings.to_str().expect("a UTF-8 path"),
        "--dir",
        scratch,
    ]);
    assert_eq!(code, 1, "a finding makes the run exit 1: {out}");
    assert!(out.contains("inputs/s"), "the run says its speed: {out}");
    assert!(out.contains("push "), "and the answers by route: {out}");
    let mut saved: Vec<_> = std::fs::read_dir(&findings)
        .expect("the findings folder was made")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    saved.sort();
    assert!(!saved.is_empty(), "the failing input is written: {out}");
    assert!(
        !findings.join("in-flight.bin").exists(),
        "a run that ends cleanly leaves no in-flight input"
    );
    let (code, out) = phien_fuzz(&[
        "--max-refusal",
        "16",
        "--replay",
        saved[0].to_str().expect("a UTF-8 path"),
        "--dir",
        scratch,
    ]);
    assert_eq!(code, 1, "the saved input fails again: {out}");
    assert!(out.contains("FINDING"), "{out}");

    let fine = dir.path().join("fine.bin");
    let status = Input::new(
        Route::Status,
        Encoding::Plain,
        Auth::Point,
        Protocol::Right,
        "",
        "",
    );
    std::fs::write(&fine, status.to_bytes()).expect("writable");
    let (code, out) = phien_fuzz(&[
        "--replay",
        fine.to_str().expect("a UTF-8 path"),
        "--dir",
        scratch,
    ]);
    assert_eq!(code, 0, "a request that breaks nothing exits 0: {out}");
    assert!(out.contains("status → status 200"), "{out}");
}
