//! Benchmark of the ledger on the demo commune, with the targets of issue 2:
//!
//! | what | target |
//! |---|---|
//! | `phien demo` (generate the standard commune) | ≤ 15 s |
//! | open a ~50-member group's collection list (13/TD) | ≤ 5 ms |
//! | record a whole group's collection durably (one transaction, fsync) | ≤ 10 ms |
//! | the commune's quality summary | ≤ 50 ms |
//! | the commune's full month report (issue 5: credit report at every level, group ratings, fees, four watchlists) | ≤ 100 ms |
//! | the app's charts: 12 month-ends of overdue, arrears and grades from one reading (this project's target: the screen opens within half a second) | ≤ 500 ms |
//!
//! Run: `cargo run --release -p phien-bench` (add `-- --quick` for fewer rounds).
//! It works on a temporary file and prints the median, p95 and max of each.

// Timings are floating point; no money is computed here.
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::{NaiveDate, TimeZone, Utc};
use phien_core::Dong;
use phien_core::collection::CollectionInput;
use phien_store::{Actor, Store};

fn stats(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    let at = |q: usize| samples[(samples.len() * q / 100).min(samples.len() - 1)];
    (
        ms(at(50)),
        ms(at(95)),
        ms(*samples.last().unwrap_or(&Duration::ZERO)),
    )
}

fn report(name: &str, target_ms: f64, samples: Vec<Duration>) -> bool {
    let n = samples.len();
    let (p50, p95, max) = stats(samples);
    let ok = p50 <= target_ms;
    println!(
        "{name:<48} n={n:<4} median {p50:>8.2} ms  p95 {p95:>8.2} ms  max {max:>8.2} ms  target ≤ {target_ms} ms  {}",
        if ok { "OK" } else { "MISSED" }
    );
    ok
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let rounds = if quick { 20 } else { 200 };
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).expect("valid date");
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("bench.db");
    let mut store = Store::open(&path)?;

    let started = Instant::now();
    let demo = phien_demo::generate(&mut store, &phien_demo::DemoOptions::standard(today))?;
    let demo_time = started.elapsed();
    println!(
        "demo commune: {} groups, {} members, {} loans, {} entries, {} sessions; file {:.1} MB",
        demo.n_groups,
        demo.n_members,
        demo.n_loans,
        demo.n_entries,
        demo.n_sessions,
        std::fs::metadata(&path)?.len() as f64 / 1_048_576.0
    );
    let mut all_ok = report(
        "phien demo (generate standard commune)",
        15_000.0,
        vec![demo_time],
    );
    drop(store);
    let mut store = Store::open(&path)?;

    // The largest group stands for "a 50-member group".
    let groups = store.groups()?;
    let biggest = groups
        .iter()
        .max_by_key(|g| g.n_members)
        .expect("demo has groups")
        .clone();
    println!(
        "largest group: {} with {} members",
        biggest.code, biggest.n_members
    );
    // A day after the demo's history: a session day in the month after `today`.
    let day = NaiveDate::from_ymd_opt(2026, 12, 15).expect("valid date");
    let mut samples = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        let list = store.collection_list(biggest.id, day)?;
        samples.push(t.elapsed());
        assert_eq!(list.len() as u32, biggest.n_members, "one row per member");
    }
    all_ok &= report(
        &format!("collection list 13/TD ({} members)", biggest.n_members),
        5.0,
        samples,
    );

    // Record each group's whole collection: interest due paid in full, a
    // deposit for everyone, as the leader would hand it over.
    let staff = store.staff_by_code("CB03")?;
    let mut samples = Vec::new();
    let mut n_rows = 0usize;
    for group in groups.iter().filter(|g| g.n_members >= 30) {
        let list = store.collection_list(group.id, day)?;
        let inputs: Vec<CollectionInput> = list
            .iter()
            .map(|m| CollectionInput {
                member_id: m.member_id,
                interest: m.interest_due(),
                savings_deposit: Dong(20_000),
                receipt_no: Some(format!("BL-{}", m.customer_code)),
                ..Default::default()
            })
            .collect();
        let actor = Actor {
            staff: staff.id,
            at: Utc.from_utc_datetime(&day.and_hms_opt(9, 0, 0).expect("valid time")),
        };
        let t = Instant::now();
        let receipt = store.write(actor, "record_collection", &group.code, |tx| {
            tx.record_collection(group.id, day, None, &inputs, None)
        })?;
        samples.push(t.elapsed());
        n_rows += receipt.entries.len();
    }
    let n_groups = samples.len();
    all_ok &= report(
        &format!(
            "record a group's collection ({n_groups} groups, {} entries each)",
            n_rows / n_groups.max(1)
        ),
        10.0,
        samples,
    );

    // Where the summary's time goes: reading every loan and entry.
    let t = Instant::now();
    let book = store.point_book()?;
    println!(
        "  (reading {} loans with their entries takes {:.1} ms)",
        book.loans.len(),
        t.elapsed().as_secs_f64() * 1_000.0
    );
    let mut samples = Vec::new();
    for _ in 0..(rounds / 10).max(5) {
        let t = Instant::now();
        let summary = store.quality_summary(today)?;
        samples.push(t.elapsed());
        assert!(summary.total.figures.n_loans > 0, "the demo has loans");
    }
    all_ok &= report("quality summary of the commune", 50.0, samples);

    // Issue 5: every report of the month, from one reading of the book;
    // first apart, reading and computing.
    let mut read = Vec::new();
    let mut computed = Vec::new();
    for _ in 0..(rounds / 10).max(5) {
        let t = Instant::now();
        let data = store.report_data(today, true)?;
        read.push(t.elapsed());
        let t = Instant::now();
        store.month_reports_of(&data, today)?;
        computed.push(t.elapsed());
    }
    let (read_p50, _, _) = stats(read);
    let (computed_p50, _, _) = stats(computed);
    println!(
        "  (of the month report: reading {read_p50:.1} ms, computing {computed_p50:.1} ms, medians)"
    );
    let mut samples = Vec::new();
    for _ in 0..(rounds / 10).max(5) {
        let t = Instant::now();
        let all = store.month_reports(today)?;
        samples.push(t.elapsed());
        assert!(
            all.credit.rows.len() > demo.n_groups as usize,
            "every level down to the borrowers"
        );
    }
    all_ok &= report(
        "full month report of the commune (all levels, ratings, fees, lists)",
        100.0,
        samples,
    );

    // The app's charts: 12 month-ends from one reading, against the same
    // figures from 12 separate readings (a credit report and a rating each).
    let to = phien_core::dates::Month::of(today);
    let mut from = to;
    for _ in 0..11 {
        from = from.previous();
    }
    let mut samples = Vec::new();
    for _ in 0..(rounds / 40).max(3) {
        let t = Instant::now();
        let series = store.report_series(from, to, today)?;
        samples.push(t.elapsed());
        assert_eq!(series.months.len(), 12, "twelve month-ends");
    }
    let (series_p50, _, _) = stats(samples.clone());
    all_ok &= report(
        "12-month series for the charts (one reading)",
        500.0,
        samples,
    );
    let t = Instant::now();
    let mut month = from;
    for _ in 0..12 {
        let as_of = month.last_day().min(today);
        store.credit_report(as_of)?;
        store.group_ratings(month, today)?;
        month = month.next();
    }
    let separate = t.elapsed().as_secs_f64() * 1_000.0;
    println!(
        "  (the same 12 month-ends read and computed one by one: {separate:.1} ms, {:.1}× the series)",
        separate / series_p50
    );

    println!(
        "{}",
        if all_ok {
            "all targets met"
        } else {
            "SOME TARGETS MISSED"
        }
    );
    Ok(())
}
