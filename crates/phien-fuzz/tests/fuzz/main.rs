//! The fuzzer's own tests, one binary: the seed corpus and the hostile set
//! get the answers they should and break no invariant, a fixed-seed run
//! finds nothing new, every known finding still happens, every fixed one
//! stays fixed, and the binary runs, writes and replays findings.

mod bin;
mod corpus;
mod fixed;
mod known;
mod run;

use phien_fuzz::Target;

/// A fresh server for one test.
fn target() -> Target {
    Target::new().expect("the server sets up on a temporary file")
}

/// The answer's text, cut, for assertion messages.
fn body(outcome: &phien_fuzz::Outcome) -> String {
    String::from_utf8_lossy(&outcome.body[..outcome.body.len().min(400)]).into_owned()
}
