//! Benchmark of sync, with the targets of issue 4:
//!
//! | what | target |
//! |---|---|
//! | 50,000 payment entries pushed from one device to the server, loopback | ≤ 1 s |
//! | the same 50,000 pulled into a second device | ≤ 1 s |
//! | bytes on the wire per entry, each way | ≤ 40 |
//! | a sync with nothing to do | ≤ 20 ms |
//! | server ingest, 50 devices pushing at once | ≥ 50,000 entries/s (SQLite) |
//!
//! Run: `cargo run --release -p phien-bench --bin sync` (SQLite), or with
//! `-- --postgres "host=… user=… dbname=…"` for the PostgreSQL backend
//! (`scripts/pg-test-server` starts one; the database must exist and be
//! empty). The server runs in-process on loopback behind a byte-counting
//! proxy; devices are real store files in a temporary folder. It prints the
//! load average first, and beside each timing the CPU time the process used.

// PHIEN_BENCH_INGEST_ONLY=1 stops after the server-alone ingest,
// PHIEN_BENCH_PUSH_PULL_ONLY=1 after the push and the pull (for profiling).

// Timings are floating point; no money is computed here.
#![allow(clippy::float_arithmetic)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use chrono::{NaiveDate, TimeZone, Utc};
use phien_bench::{code, savings_deposits, sync_options, verdict};
use phien_core::ids::{AssociationId, GroupId, MemberId, OfficeId, PointId, StaffId};
use phien_core::org::{
    Association, AssociationKind, Commune, Gender, Group, HouseholdCategory, Member, Office, Point,
};
use phien_netfault::{Faults, Proxy};
use phien_server::backend::Backend;
use phien_server::credentials;
use phien_store::{Actor, Staff, StaffRole, Store};
use phien_wire::{Scope, ScopeKind};
use uuid::Uuid;

// The same allocator as the server binary (crates/phien-server/src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ENTRIES: usize = 50_000;
const MEMBERS: usize = 50;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a calendar date")
}

fn actor(staff: StaffId, minute: i64) -> Actor {
    Actor {
        staff,
        at: Utc
            .with_ymd_and_hms(2026, 11, 2, 1, 0, 0)
            .single()
            .expect("an instant")
            + chrono::Duration::minutes(minute),
    }
}

struct Books {
    office: OfficeId,
    point: PointId,
    staff: StaffId,
    members: Vec<MemberId>,
}

/// An office, one point, one group of [`MEMBERS`] members.
fn books(store: &mut Store) -> Result<Books> {
    let staff = StaffId(Uuid::now_v7());
    let (office, point) = (OfficeId(Uuid::now_v7()), PointId(Uuid::now_v7()));
    let members = store.write(actor(staff, 0), "setup", "bench", |tx| {
        tx.insert_staff(
            &Staff {
                id: staff,
                code: "CB01".into(),
                full_name: "Lê Thị Tín".into(),
                role: StaffRole::Teller,
            },
            None,
        )?;
        tx.insert_office(&Office {
            id: office,
            code: "5606".into(),
            name: "PGD Diên Khánh".into(),
        })?;
        tx.insert_point(&Point {
            id: point,
            office_id: office,
            code: "DGD-DP".into(),
            name: "Điểm giao dịch xã Diên Phú".into(),
            fixed_day: 15,
            address: "UBND xã".into(),
            communes: vec![Commune {
                code: "22480".into(),
                name: "Xã Diên Phú".into(),
                is_pre_2025: false,
            }],
        })?;
        let association = AssociationId(tx.new_id());
        tx.insert_association(&Association {
            id: association,
            point_id: point,
            kind: AssociationKind::Farmers,
        })?;
        let group = GroupId(tx.new_id());
        tx.insert_group(&Group {
            id: group,
            association_id: association,
            code: "T01".into(),
            name: "Tổ TK&VV thôn Phú Ân".into(),
            village: "Phú Ân".into(),
            leader_id: None,
            leader_staff_id: None,
            founded_on: day(2015, 3, 1),
        })?;
        let names = [
            "Ánh",
            "Bình",
            "Cúc",
            "Dung",
            "Hoa",
            "Lan",
            "Mai",
            "Ngọc",
            "Phượng",
            "Quyên",
        ];
        let mut members = Vec::new();
        for i in 0..MEMBERS {
            let id = MemberId(tx.new_id());
            tx.insert_member(&Member {
                id,
                group_id: group,
                customer_code: format!("KH{i:05}"),
                full_name: format!("Nguyễn Thị {} {}", names[i % 10], names[(i / 10) % 10]),
                citizen_id: None,
                birth_year: Some(1980),
                gender: Some(Gender::Female),
                village: "Phú Ân".into(),
                phone: None,
                category: HouseholdCategory::Poor,
                joined_on: day(2020, 5, 1),
            })?;
            members.push(id);
        }
        Ok(members)
    })?;
    Ok(Books {
        office,
        point,
        staff,
        members,
    })
}

fn payments(store: &mut Store, c: &Books, n: usize) -> Result<()> {
    savings_deposits(store, actor(c.staff, 10), &c.members, n, day(2026, 10, 15))
}

/// CPU time this process (devices, server and proxy threads; not
/// PostgreSQL's own processes) has used so far, from `/proc/self/stat` in
/// 10 ms steps (Linux; `None` elsewhere). On a machine busy with other work
/// (builds, say) wall time says what a step took under that load, CPU time
/// what it cost whatever the load.
fn cpu_used() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command (field 2) may hold spaces; the fields after it start at
    // the state (field 3), so utime and stime (14 and 15) are 11 and 12 here.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    // Linux counts them in USER_HZ, 100 a second on every architecture.
    Some(Duration::from_millis((ticks(11)? + ticks(12)?) * 10))
}

/// What the process used in CPU time since `before`, for a figure's line.
fn cpu_since(before: Option<Duration>) -> String {
    match (before, cpu_used()) {
        (Some(before), Some(now)) => {
            format!(
                "  (CPU {:.0} ms)",
                now.saturating_sub(before).as_secs_f64() * 1_000.0
            )
        }
        _ => String::new(),
    }
}

fn main() -> Result<()> {
    let postgres = std::env::args().skip_while(|a| a != "--postgres").nth(1);
    // The server's file lives as long as the benchmark (it is removed at the end).
    let server_dir = tempfile::tempdir()?;
    let backend: Arc<dyn Backend> = match &postgres {
        Some(url) => Arc::new(phien_server::pg::PgBackend::open(url, 16).context("PostgreSQL")?),
        None => Arc::new(phien_server::sqlite::SqliteBackend::open(
            &server_dir.path().join("server.db"),
        )?),
    };
    println!(
        "backend: {}; load average {}",
        if postgres.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        // The 1, 5 and 15 minute averages (Linux), which the figures depend on.
        std::fs::read_to_string("/proc/loadavg").map_or_else(
            |_| "unknown".to_owned(),
            |l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
        )
    );
    let reports = Arc::new(phien_server::report::Reports::new(
        server_dir.path().join("server.reports"),
    ));
    let server = phien_server::http::spawn(backend.clone(), reports, "127.0.0.1:0".parse()?)?;
    let proxy = Proxy::start(server, Faults::default())?;
    let dir = tempfile::tempdir()?;

    let mut a = Store::open(&dir.path().join("a.db"))?;
    let c = books(&mut a)?;
    let point_scope = Scope {
        kind: ScopeKind::Point,
        office_id: c.office.to_string(),
        point_id: Some(c.point.to_string()),
        group_id: None,
    };
    // The office's own rows come from the district's side (the administrator's load).
    phien_server::office_data::load(backend.as_ref(), &c.office.to_string(), &a, Utc::now())?;
    phien_sync::enrol(
        &mut a,
        &proxy.url(),
        &code(backend.as_ref(), point_scope.clone())?,
        "A",
        Utc::now(),
        sync_options(),
    )?;
    phien_sync::sync(&mut a, Utc::now(), sync_options(), &mut |_| {})?;
    let mut b = Store::open(&dir.path().join("b.db"))?;
    phien_sync::enrol(
        &mut b,
        &proxy.url(),
        &code(backend.as_ref(), point_scope)?,
        "B",
        Utc::now(),
        sync_options(),
    )?;
    phien_sync::sync(&mut b, Utc::now(), sync_options(), &mut |_| {})?;

    payments(&mut a, &c, ENTRIES)?;

    // The server's share alone: the same outbox settled in-process, no HTTP.
    let ingest = {
        let probe_dir = tempfile::tempdir()?;
        let probe = phien_server::sqlite::SqliteBackend::open(&probe_dir.path().join("probe.db"))?;
        let scope = Scope {
            kind: ScopeKind::Point,
            office_id: c.office.to_string(),
            point_id: Some(c.point.to_string()),
            group_id: None,
        };
        let code = code(&probe, scope)?;
        let device = a.device_id().to_string();
        probe.enrol(
            &credentials::digest(&credentials::normalise_code(&code)),
            &device,
            "A",
            &credentials::digest("x"),
            None,
            Utc::now(),
        )?;
        let items: Vec<phien_wire::PushItem> = a
            .changes_after(0, u32::MAX)?
            .into_iter()
            .map(|r| phien_wire::PushItem {
                seq: r.seq,
                entity: r.entity,
                entity_id: r.entity_id,
                op: r.op,
                hlc: r.hlc,
                body: serde_json::value::RawValue::from_string(r.row_json)
                    .expect("JSON from the store"),
            })
            .collect();
        phien_server::office_data::load(&probe, &c.office.to_string(), &a, Utc::now())?;
        let dev = probe.device(&credentials::digest("x"))?;
        let n = items.len();
        let (t, cpu) = (Instant::now(), cpu_used());
        let answer = probe.push(&dev, items, Utc::now())?;
        let took = t.elapsed();
        let cpu = cpu_since(cpu);
        if std::env::var_os("PHIEN_BENCH_INGEST_ONLY").is_some() {
            println!("server alone: {n} items in {took:?}");
            return Ok(());
        }
        assert!(answer.refused.is_empty(), "{:?}", answer.refused.first());
        (n, took, cpu)
    };
    proxy.reset();
    let (t, cpu) = (Instant::now(), cpu_used());
    let pushed = phien_sync::sync(&mut a, Utc::now(), sync_options(), &mut |_| {})?;
    let push_time = t.elapsed();
    let push_cpu = cpu_since(cpu);
    let (push_up, push_down) = proxy.bytes();
    assert_eq!(
        pushed.acknowledged, ENTRIES as u64,
        "every entry acknowledged: {pushed:?}"
    );

    proxy.reset();
    let (t, cpu) = (Instant::now(), cpu_used());
    let pulled = phien_sync::sync(&mut b, Utc::now(), sync_options(), &mut |_| {})?;
    let pull_time = t.elapsed();
    let pull_cpu = cpu_since(cpu);
    let (pull_up, pull_down) = proxy.bytes();
    if std::env::var_os("PHIEN_BENCH_PUSH_PULL_ONLY").is_some() {
        println!("push {push_time:?}, pull {pull_time:?}");
        return Ok(());
    }
    assert_eq!(
        pulled.applied, ENTRIES as u64,
        "every entry applied: {pulled:?}"
    );

    let mut idle = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        phien_sync::sync(&mut a, Utc::now(), sync_options(), &mut |_| {})?;
        idle.push(t.elapsed());
    }
    idle.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    let per = |bytes: u64| bytes as f64 / ENTRIES as f64;
    println!(
        "server alone settles {} items    {:>8.0} ms  ({:.0} items/s, in-process, SQLite){}",
        ingest.0,
        ms(ingest.1),
        ingest.0 as f64 / ingest.1.as_secs_f64(),
        ingest.2
    );
    println!(
        "push {ENTRIES} entries          {:>8.0} ms  target ≤ 1000 ms  {}{push_cpu}",
        ms(push_time),
        verdict(push_time <= Duration::from_secs(1))
    );
    println!(
        "pull {ENTRIES} entries          {:>8.0} ms  target ≤ 1000 ms  {}{pull_cpu}",
        ms(pull_time),
        verdict(pull_time <= Duration::from_secs(1))
    );
    println!(
        "wire, push: {:>6.1} B/entry up ({} B), {} B down   target ≤ 40  {}",
        per(push_up),
        push_up,
        push_down,
        verdict(per(push_up) <= 40.0)
    );
    println!(
        "wire, pull: {:>6.1} B/entry down ({} B), {} B up   target ≤ 40  {}",
        per(pull_down),
        pull_down,
        pull_up,
        verdict(per(pull_down) <= 40.0)
    );
    println!(
        "no-op sync (n=20)   median {:>6.2} ms  max {:>6.2} ms  target ≤ 20 ms  {}",
        ms(idle[10]),
        ms(idle[19]),
        verdict(idle[10] <= Duration::from_millis(20))
    );
    concurrent_ingest(backend.as_ref(), &format!("http://{server}"))?;
    Ok(())
}

const DEVICES: usize = 50;
const PER_DEVICE: usize = 1_000;
const BATCH: usize = 250;

/// [`DEVICES`] devices (points of five offices) push their series at once,
/// in batches of [`BATCH`] items, compressed as the client sends them.
fn concurrent_ingest(backend: &dyn Backend, url: &str) -> Result<()> {
    let offices: Vec<String> = (0..5).map(|_| Uuid::now_v7().to_string()).collect();
    let mut devices = Vec::new();
    for d in 0..DEVICES {
        let office = offices[d % offices.len()].clone();
        let device = Uuid::now_v7().to_string();
        let credential = format!("{:064x}", d + 1);
        let scope = Scope {
            kind: ScopeKind::Supervisor,
            office_id: office.clone(),
            point_id: None,
            group_id: None,
        };
        let code = code(backend, scope)?;
        backend.enrol(
            &credentials::digest(&credentials::normalise_code(&code)),
            &device,
            "bench",
            &credentials::digest(&credential),
            None,
            Utc::now(),
        )?;
        let batches: Vec<Vec<u8>> = phien_server::synthetic::series(&office, &device, PER_DEVICE)
            .chunks(BATCH)
            .map(|items| {
                zstd::bulk::compress(
                    &serde_json::to_vec(&serde_json::json!({"items": items})).expect("JSON"),
                    3,
                )
                .expect("zstd")
            })
            .collect();
        devices.push((credential, batches));
    }
    let items = DEVICES * (PER_DEVICE + 15);
    let (start, cpu) = (Instant::now(), cpu_used());
    let latencies: Vec<Duration> = std::thread::scope(|s| {
        let handles: Vec<_> = devices
            .iter()
            .map(|(credential, batches)| {
                s.spawn(move || {
                    let client = reqwest::blocking::Client::new();
                    let mut times = Vec::new();
                    for body in batches {
                        let t = Instant::now();
                        let resp = client
                            .post(format!("{url}/v1/push"))
                            .bearer_auth(credential)
                            .header(
                                phien_wire::PROTOCOL_HEADER,
                                phien_wire::PROTOCOL.to_string(),
                            )
                            .header("content-type", "application/json")
                            .header("content-encoding", "zstd")
                            .body(body.clone())
                            .send()
                            .expect("the server answers");
                        assert!(
                            resp.status().is_success(),
                            "push refused: {}",
                            resp.status()
                        );
                        let _ = resp.bytes();
                        times.push(t.elapsed());
                    }
                    times
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a pushing thread"))
            .collect()
    });
    let wall = start.elapsed();
    let cpu = cpu_since(cpu);
    let mut latencies = latencies;
    latencies.sort();
    let p = |q: usize| latencies[(latencies.len() * q / 100).min(latencies.len() - 1)];
    let rate = items as f64 / wall.as_secs_f64();
    println!(
        "ingest, {DEVICES} devices at once: {items} items in {:.0} ms = {rate:.0} items/s; push of {BATCH}: p50 {:.0} ms, p99 {:.0} ms  target ≥ 50000/s  {}{cpu}",
        wall.as_secs_f64() * 1_000.0,
        p(50).as_secs_f64() * 1_000.0,
        p(99).as_secs_f64() * 1_000.0,
        verdict(rate >= 50_000.0)
    );
    Ok(())
}
