//! Times `phien_demo::generate` into a fresh file and prints what it made.
//!
//! `demo-bench [YYYY-MM-DD] [groups] [years]` (defaults: today, 40, 3). The
//! file is written to the system's temporary folder and removed afterwards
//! unless `PHIEN_BENCH_KEEP` is set.

use std::time::Instant;

use chrono::{NaiveDate, Utc};
use phien_demo::{DemoOptions, generate};
use phien_store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let today = match args.first() {
        Some(day) => NaiveDate::parse_from_str(day, "%Y-%m-%d")?,
        None => Utc::now().date_naive(),
    };
    let mut options = DemoOptions::standard(today);
    if let Some(groups) = args.get(1) {
        options.n_groups = groups.parse()?;
    }
    if let Some(years) = args.get(2) {
        options.years = years.parse()?;
    }
    let path = std::env::temp_dir().join(format!("phien-demo-bench-{}.db", std::process::id()));
    let started = Instant::now();
    let mut store = Store::open(&path)?;
    let report = generate(&mut store, &options)?;
    let elapsed = started.elapsed();
    println!(
        "today {today}: {} groups, {} members, {} loans, {} entries, {} sessions ({} – {}), {} meetings",
        report.n_groups,
        report.n_members,
        report.n_loans,
        report.n_entries,
        report.n_sessions,
        report.first_session,
        report.last_session,
        report.n_meetings
    );
    println!("generate: {} ms", elapsed.as_millis());
    let summary = store.quality_summary(today)?;
    let f = &summary.total.figures;
    println!(
        "at today: {} loans outstanding ({} borrowers), outstanding {}, overdue {} ({} %), frozen {}, arrears {}, inactive {} loans, moved away with debt {}",
        f.n_loans,
        f.n_borrowers,
        f.outstanding,
        f.overdue,
        f.overdue_ratio_pct,
        f.frozen,
        f.interest_arrears,
        f.n_inactive,
        f.n_moved_away_with_debt
    );
    let book = store.point_book()?;
    let programs = store.programs()?;
    let mut by_status: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
    let (mut n_overdue_loans, mut n_inactive, mut n_arrears) = (0, 0, 0);
    for record in &book.loans {
        let Some((program, rates)) = programs.iter().find(|(p, _)| p.code == record.loan.program)
        else {
            continue;
        };
        let p = phien_core::position::position(
            phien_core::position::LoanFacts {
                loan: &record.loan,
                rates,
                is_student: program.is_student,
                flows: &record.flows,
                decisions: &record.decisions,
            },
            &book.policy,
            today,
        );
        *by_status.entry(p.status.label_vi()).or_default() += 1;
        n_overdue_loans += u32::from(p.overdue.is_positive());
        n_inactive += u32::from(p.inactive);
        n_arrears += u32::from(p.interest_arrears.is_positive());
    }
    println!(
        "loans by status at today: {by_status:?}; with overdue principal {n_overdue_loans}, inactive {n_inactive}, with interest arrears {n_arrears}"
    );
    drop(store);
    if std::env::var_os("PHIEN_BENCH_KEEP").is_some() {
        println!("kept {}", path.display());
    } else {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    Ok(())
}
