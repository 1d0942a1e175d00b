//! Phiên's domain core: the books of a commune transaction point of the
//! Vietnam Bank for Social Policies (NHCSXH), as types and rules.
//!
//! This crate is pure. It does no IO, reads no clock and makes no ids or
//! random numbers: dates, times and ids are passed in. It knows nothing of
//! SQL, files, HTTP or Tauri. Rules return values; they cannot fail except by
//! refusing bad input with a typed error that names the field and the value.
#![deny(missing_docs)]

pub mod collection;
pub mod dates;
pub mod hlc;
pub mod ids;
pub mod leader;
pub mod ledger;
pub mod loan;
pub mod meeting;
pub mod money;
pub mod notice;
pub mod org;
pub mod policy;
pub mod position;
pub mod program;
pub mod quality;
pub mod report;
pub mod risk;
pub mod session;
pub mod status;
pub mod words;

pub use money::Dong;
