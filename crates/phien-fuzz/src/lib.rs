//! A fuzzer of the sync server's request decoding that runs on the stable
//! toolchain: no libFuzzer, no sanitizer coverage. Each input is one HTTP
//! request driven through the real router (`phien_server::http::router`)
//! with `tower::ServiceExt::oneshot`, in-process, over a real
//! `SqliteBackend` on a temporary file that was set up through the backend
//! API ([`fixture`]).
//!
//! [`fuzz_one`] has libFuzzer's shape (`&[u8]` in, a panic on a broken
//! invariant), so `cargo fuzz` could wrap it unchanged once a nightly
//! toolchain is at hand. Until then the `phien-fuzz` binary drives it with
//! its own seeded mutation engine ([`mutate`]), guided by which answers a
//! request got (a new status, error code or refusal code keeps the input).
//!
//! The crate knows the server only through its public API and its HTTP
//! answers, plus a second read-only look at the server's SQLite file for
//! the "a refusal changed nothing" invariant ([`target`]).
#![deny(missing_docs)]

pub mod corpus;
pub mod fixture;
pub mod fuzzer;
pub mod input;
pub mod known;
pub mod mutate;
pub mod target;

use std::sync::{Mutex, OnceLock};

pub use input::Input;
pub use target::{Finding, Outcome, Target};

/// The fuzz target in libFuzzer's shape: runs `data` on a server set up
/// once per process and panics, with the finding, if an invariant broke.
/// (The server's temporary folder outlives the process: a static is never
/// dropped. The binary and the tests use [`fuzz_one_on`] with their own.)
pub fn fuzz_one(data: &[u8]) {
    static TARGET: OnceLock<Mutex<Target>> = OnceLock::new();
    let target =
        TARGET.get_or_init(|| Mutex::new(Target::new().expect("the fuzz target's server sets up")));
    fuzz_one_on(&mut target.lock().unwrap_or_else(|e| e.into_inner()), data);
}

/// [`fuzz_one`] on a given server.
pub fn fuzz_one_on(target: &mut Target, data: &[u8]) {
    let outcome = target
        .run(data)
        .expect("the harness reads the server's file");
    if let Some(finding) = outcome.finding {
        panic!("{finding}");
    }
}
