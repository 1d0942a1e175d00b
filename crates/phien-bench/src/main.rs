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
//! | a 2,000-row Excel export (issue 5: a 13/TD-shaped sheet of 2,000 members, 15 columns) | ≤ 1 s |
//!
//! The other exports (the commune's credit report and month workbook, the
//! public notice, a group's 13/TD, the quality report and a group's receipts
//! as PDF) are timed and reported without a target.
//! Run: `cargo run --release -p phien-bench` (add `-- --quick` for fewer rounds).
//! It works on a temporary file and prints the median, p95 and max of each.

// Timings are floating point; no money is computed here.
#![allow(clippy::float_arithmetic)]

use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::{NaiveDate, TimeZone, Utc};
use phien_bench::stats;
use phien_core::Dong;
use phien_core::collection::CollectionInput;
use phien_store::{Actor, Store};

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

    all_ok &= exports(&store, today, rounds)?;

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

/// Issue 5: documents from the demo commune. Each is made in memory (the
/// bytes a file would get); only the making is timed, not the disk.
fn exports(store: &Store, today: NaiveDate, rounds: usize) -> Result<bool> {
    let n = (rounds / 20).max(3);
    let point = store.point()?.expect("the demo has a point");
    let letterhead = phien_export::Letterhead {
        office: point.office_name.clone(),
        point: point.point.name.clone(),
        printed_on: today,
    };
    let groups = store.groups()?;
    let biggest = groups
        .iter()
        .max_by_key(|g| g.n_members)
        .expect("demo has groups");
    let session = NaiveDate::from_ymd_opt(2026, 12, 15).expect("valid date");
    let list = store.collection_list(biggest.id, session)?;
    // 2,000 members: the largest group's real rows, cycled, renumbered.
    let rows: Vec<_> = list
        .iter()
        .cycle()
        .take(2_000)
        .enumerate()
        .map(|(idx, m)| {
            let mut m = m.clone();
            m.customer_code = format!("KH{idx:06}");
            m
        })
        .collect();
    let sheet = |members| phien_export::CollectionSheet {
        group_code: &biggest.code,
        group_name: &biggest.name,
        village: &biggest.village,
        association: biggest.association.name_vi(),
        leader: biggest.leader_name.as_deref(),
        session_day: session,
        members,
    };
    let time = |f: &mut dyn FnMut() -> Result<usize>| -> Result<(Vec<Duration>, usize)> {
        let mut samples = Vec::new();
        let mut size = 0;
        for _ in 0..n {
            let t = Instant::now();
            size = f()?;
            samples.push(t.elapsed());
        }
        Ok((samples, size))
    };
    let (samples, size) =
        time(&mut || Ok(phien_export::xlsx::collection_list(&letterhead, &sheet(&rows))?.len()))?;
    let ok = report(
        &format!("Excel: 2,000-row 13/TD sheet ({} kB)", size / 1_000),
        1_000.0,
        samples,
    );

    let credit = store.credit_report(today)?;
    let all = store.month_reports(today)?;
    let notice = store.public_notice(today)?;
    let payments = store.group_payments(
        biggest.id,
        NaiveDate::from_ymd_opt(2026, 11, 15).expect("valid date"),
    )?;
    let slips: Vec<phien_export::ReceiptSlip> = payments
        .iter()
        .map(|p| {
            phien_export::ReceiptSlip::of_collection(
                &p.paid,
                today,
                &biggest.name,
                &p.full_name,
                &p.customer_code,
                biggest.leader_name.as_deref(),
            )
        })
        .collect();
    let untimed = |name: String, f: &mut dyn FnMut() -> Result<usize>| -> Result<()> {
        let (samples, size) = time(f)?;
        let (p50, _, max) = stats(samples);
        println!(
            "{name:<72} median {p50:>8.1} ms  max {max:>8.1} ms  ({} kB)",
            size / 1_000
        );
        Ok(())
    };
    untimed(
        format!(
            "Excel: credit report, every level ({} rows)",
            credit.rows.len()
        ),
        &mut || Ok(phien_export::xlsx::credit_report(&letterhead, &credit)?.len()),
    )?;
    untimed("Excel: the month's workbook (8 sheets)".into(), &mut || {
        let mut book = phien_export::xlsx::Spreadsheet::new(&letterhead)?;
        book.add_credit_report(&all.credit)?
            .add_ratings(&all.ratings)?
            .add_fees(&all.fees)?;
        for list in &all.watchlists {
            book.add_watchlist(list)?;
        }
        Ok(book.finish()?.len())
    })?;
    let pdf = |printed: phien_export::pdf::Printed| (printed.bytes.len(), printed.pages);
    let mut pages = 0;
    untimed("PDF: 2,000-row 13/TD list".to_string(), &mut || {
        let (size, n) = pdf(phien_export::pdf::collection_list(
            &letterhead,
            &sheet(&rows),
        )?);
        pages = n;
        Ok(size)
    })?;
    println!("  (the 2,000-row 13/TD list is {pages} landscape pages)");
    untimed(
        format!("PDF: public notice ({} borrowers)", notice.n_borrowers()),
        &mut || Ok(pdf(phien_export::pdf::public_notice(&letterhead, &notice)?).0),
    )?;
    untimed(
        format!("PDF: 13/TD of {} ({} members)", biggest.code, list.len()),
        &mut || {
            Ok(pdf(phien_export::pdf::collection_list(
                &letterhead,
                &sheet(&list),
            )?)
            .0)
        },
    )?;
    untimed(
        format!(
            "PDF: quality report, every level ({} rows)",
            credit.rows.len()
        ),
        &mut || Ok(pdf(phien_export::pdf::quality_report(&letterhead, &credit)?).0),
    )?;
    untimed(
        format!(
            "PDF: receipts of {} ({} receipts)",
            biggest.code,
            slips.len()
        ),
        &mut || Ok(pdf(phien_export::pdf::receipts(&letterhead, &slips)?).0),
    )?;
    Ok(ok)
}
