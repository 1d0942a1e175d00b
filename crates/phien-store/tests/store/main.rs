//! Integration tests of `phien-store`, one binary, modules mirroring `src/`.
//!
//! Every test works on a real SQLite file in a temporary directory (never
//! `:memory:`), through the public API; where the point is what the database
//! itself refuses, a second, raw `rusqlite` connection opens the same file.

mod change_log;
mod codes;
mod collection;
mod durability;
mod fixture;
mod leader;
mod ledger;
mod meeting;
mod notice;
mod pulled;
mod report;
mod report_refresh;
mod reversal;
mod schema;
mod session;
mod status;

use std::fmt::Debug;

use phien_store::StoreError;

/// The stable code of a refusal; panics (naming `what`) when the call succeeded.
pub fn refusal<T: Debug>(result: Result<T, StoreError>, what: &str) -> &'static str {
    match result {
        Ok(value) => panic!("{what} should have been refused, but it returned {value:?}"),
        Err(e) => e.code(),
    }
}

/// The message SQLite gave for a statement a trigger aborted.
pub fn sqlite_message<T: Debug>(result: rusqlite::Result<T>, what: &str) -> String {
    match result {
        Ok(value) => {
            panic!("{what} should have been aborted by the schema, but returned {value:?}")
        }
        Err(rusqlite::Error::SqliteFailure(_, Some(message))) => message,
        Err(other) => panic!("{what} failed, but not with a trigger message: {other:?}"),
    }
}
