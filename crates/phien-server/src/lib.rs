//! Phiên's district sync server.
//!
//! Devices enrol with one-time codes and then push their change logs and pull
//! the changes of their scope (see `phien-wire` for the protocol). Storage sits
//! behind [`backend::Backend`]; the push rules are in [`merge`], written once
//! for every backend. The HTTP layer ([`http`]) holds no rule: it authenticates,
//! decodes, and hands over to the backend on a blocking thread.
#![deny(missing_docs)]

pub mod backend;
pub mod bundle;
pub mod credentials;
mod error;
pub mod http;
pub mod merge;
pub mod office_data;
pub mod pg;
pub mod report;
pub mod sqlite;
pub mod synthetic;

pub use error::ServerError;
