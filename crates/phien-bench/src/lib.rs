//! What the benchmarks share: the statistics they print, and how the sync
//! benchmarks enrol devices and size their syncs.
#![deny(missing_docs)]
// Timings are floating point; no money is computed here.
#![allow(clippy::float_arithmetic)]

use std::time::Duration;

use anyhow::Result;
use chrono::{NaiveDate, Utc};
use phien_core::Dong;
use phien_core::ids::MemberId;
use phien_core::ledger::EntryKind;
use phien_server::backend::Backend;
use phien_server::credentials;
use phien_store::{Actor, NewEntry, Store};
use phien_wire::Scope;

/// Median, p95 and maximum of `samples`, in milliseconds.
pub fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    let at = |q: usize| samples[(samples.len() * q / 100).min(samples.len() - 1)];
    (
        ms(at(50)),
        ms(at(95)),
        ms(*samples.last().unwrap_or(&Duration::ZERO)),
    )
}

/// How a target came out.
pub fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "MISSED" }
}

/// A one-time enrolment code for `scope`, issued straight into `backend`
/// (what `phien-server issue-code` does).
pub fn code(backend: &dyn Backend, scope: Scope) -> Result<String> {
    let code = credentials::new_code();
    let now = Utc::now();
    backend.issue_code(
        &credentials::digest(&credentials::normalise_code(&code)),
        &scope,
        now,
        now + chrono::Duration::days(1),
    )?;
    Ok(code)
}

/// Syncs in the largest batches and pages the server takes.
pub fn sync_options() -> phien_sync::Options {
    phien_sync::Options {
        batch_items: 20_000,
        batch_bytes: 16 * 1024 * 1024,
        page: 20_000,
        ..phien_sync::Options::default()
    }
}

/// `n` savings deposits (10.000–59.000 ₫) by `members` in turn on
/// `value_date`, in one write: a collection day's worth of entries to sync.
pub fn savings_deposits(
    store: &mut Store,
    actor: Actor,
    members: &[MemberId],
    n: usize,
    value_date: NaiveDate,
) -> Result<()> {
    store.write(actor, "collect", "bench", |tx| {
        for i in 0..n {
            tx.record_entry(NewEntry {
                kind: EntryKind::SavingsDeposit,
                member_id: members[i % members.len()],
                loan_id: None,
                amount: Dong(10_000 + 1_000 * (i as i64 % 50)),
                value_date,
                session_id: None,
                receipt_no: None,
            })?;
        }
        Ok(())
    })?;
    Ok(())
}
