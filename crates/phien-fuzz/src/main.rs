//! `phien-fuzz`: fuzzes the sync server's request decoding in-process.
//!
//! ```text
//! cargo run --release -p phien-fuzz -- [--iterations N] [--seed S] [--secs T]
//! cargo run --release -p phien-fuzz -- --replay fuzz-findings/<hash>.bin
//! ```
//!
//! Prints iterations per second and each route's answers by status; writes
//! each new finding to `fuzz-findings/<hash>.bin` (with a `.txt` saying
//! what broke and, when the input needs the server's earlier state to fail,
//! a `.history` of the requests to run first) and exits 1 if there was any.

// Timings and rates are floating point; no money is computed here.
#![allow(clippy::float_arithmetic)]

// The same allocator as the server binary (crates/phien-server/src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::{BTreeMap, HashMap};
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Parser;
use phien_fuzz::fuzzer::Fuzzer;
use phien_fuzz::input::Input;
use phien_fuzz::known;
use phien_fuzz::target::{Finding, Outcome, Target, route_name};
use sha2::{Digest, Sha256};

#[derive(Parser)]
#[command(
    name = "phien-fuzz",
    about = "Fuzzes phien-server's request decoding, in-process"
)]
struct Cli {
    /// Stop after this many inputs.
    #[arg(long)]
    iterations: Option<u64>,
    /// Stop after this many seconds (60 when neither limit is given).
    #[arg(long)]
    secs: Option<u64>,
    /// The mutation engine's seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Run one saved input (after its `.history`, if there is one) on a fresh server.
    #[arg(long)]
    replay: Option<PathBuf>,
    /// Where findings are written.
    #[arg(long, default_value = "fuzz-findings")]
    findings: PathBuf,
    /// Where the server's temporary file goes (the system's temporary
    /// folder by default). A tmpfs such as /dev/shm is faster: the server
    /// syncs every commit to disk (`synchronous=FULL`).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Start a fresh server every this many seconds: the tables grow with
    /// every accepted push, and a pull or a bundle reply of a big feed
    /// costs more than a hundred small requests. 0 keeps one server.
    #[arg(long, default_value_t = 30)]
    fresh_every: u64,
    /// A refusal longer than this many bytes is a finding (a stricter run
    /// finds the longest refusals).
    #[arg(long, default_value_t = phien_fuzz::target::MAX_REFUSAL)]
    max_refusal: usize,
}

/// Most bytes of writing requests kept for `.history` files.
const HISTORY_LIMIT: usize = 256 * 1024 * 1024;

/// The last panic's message and place, kept by the hook (which prints
/// nothing: a panic is a finding, reported with its input).
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

fn main() -> Result<()> {
    let cli = Cli::parse();
    std::panic::set_hook(Box::new(|info| {
        if let Ok(mut last) = LAST_PANIC.lock() {
            *last = Some(info.to_string());
        }
    }));
    // The server's handlers run on this thread (a current-thread runtime);
    // give it the stack a tokio worker has, so a deep recursion fails here
    // as it would in production.
    let worker = std::thread::Builder::new()
        .name("phien-fuzz".into())
        .stack_size(2 * 1024 * 1024)
        .spawn(move || match &cli.replay {
            Some(file) => replay(&cli, file),
            None => fuzz(&cli),
        })?;
    let found = match worker.join() {
        Ok(result) => result?,
        Err(panic) => bail!(
            "the fuzzer itself panicked: {}",
            LAST_PANIC
                .lock()
                .ok()
                .and_then(|l| l.clone())
                .unwrap_or_else(|| phien_fuzz::target::panic_message(panic.as_ref()))
        ),
    };
    if found {
        std::process::exit(1);
    }
    Ok(())
}

fn new_target(cli: &Cli) -> Result<Target> {
    let mut target = match &cli.dir {
        Some(dir) => Target::new_in(dir)?,
        None => Target::new()?,
    };
    target.set_max_refusal(cli.max_refusal);
    Ok(target)
}

fn take_panic() -> Option<String> {
    LAST_PANIC.lock().ok().and_then(|mut l| l.take())
}

/// Runs `data` on `target`, with the panic hook's message added to a panic finding.
fn run(target: &mut Target, data: &[u8]) -> Result<Outcome> {
    take_panic();
    let mut outcome = target.run(data)?;
    if let (Some(finding), Some(panic)) = (&mut outcome.finding, take_panic()) {
        finding.detail = format!("{}; panic: {panic}", finding.detail);
    }
    Ok(outcome)
}

fn hash(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hex(data: &[u8]) -> String {
    data.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_history(path: &Path, history: &[&[u8]]) -> Result<()> {
    let mut out = Vec::new();
    for input in history {
        out.extend_from_slice(&(input.len() as u32).to_le_bytes());
        out.extend_from_slice(input);
    }
    std::fs::write(path, out).with_context(|| format!("write {}", path.display()))
}

fn read_history(path: &Path) -> Result<Vec<Vec<u8>>> {
    let bytes = std::fs::read(path).with_context(|| format!("read {}", path.display()))?;
    let mut inputs = Vec::new();
    let mut rest = &bytes[..];
    while let [a, b, c, d, tail @ ..] = rest {
        let n = u32::from_le_bytes([*a, *b, *c, *d]) as usize;
        if n > tail.len() {
            bail!("{}: cut short", path.display());
        }
        inputs.push(tail[..n].to_vec());
        rest = &tail[n..];
    }
    Ok(inputs)
}

/// The input in `in-flight.bin`: its length (8 bytes, little-endian), then
/// the input, then whatever a longer earlier input left.
fn in_flight_input(bytes: &[u8]) -> &[u8] {
    let Some((len, rest)) = bytes.split_first_chunk::<8>() else {
        return &[];
    };
    let len = usize::try_from(u64::from_le_bytes(*len)).unwrap_or(usize::MAX);
    &rest[..len.min(rest.len())]
}

fn describe(outcome: &Outcome) -> String {
    format!(
        "{} → {} {} in {:.1} ms, {} bytes: {}",
        route_name(outcome.route),
        outcome.endpoint.name(),
        outcome.status,
        outcome.elapsed.as_secs_f64() * 1e3,
        outcome.body_len,
        String::from_utf8_lossy(&outcome.body[..outcome.body.len().min(300)])
    )
}

fn replay(cli: &Cli, file: &Path) -> Result<bool> {
    let data = std::fs::read(file).with_context(|| format!("read {}", file.display()))?;
    let mut target = new_target(cli)?;
    let history = file.with_extension("history");
    if history.exists() {
        let inputs = read_history(&history)?;
        println!(
            "{} earlier requests from {}",
            inputs.len(),
            history.display()
        );
        for input in inputs {
            let outcome = run(&mut target, &input)?;
            println!("  {}", describe(&outcome));
        }
    }
    let outcome = run(&mut target, &data)?;
    println!("{}", describe(&outcome));
    match outcome.finding {
        Some(finding) => {
            println!("FINDING: {finding}");
            Ok(true)
        }
        None => {
            println!("no finding");
            Ok(false)
        }
    }
}

/// Whether `data` (after `before`) gives a finding with `signature` on a fresh server.
fn reproduces(cli: &Cli, before: &[&[u8]], data: &[u8], signature: &str) -> Result<bool> {
    let mut target = new_target(cli)?;
    for input in before {
        run(&mut target, input)?;
    }
    let outcome = run(&mut target, data)?;
    Ok(outcome.finding.is_some_and(|f| f.signature() == signature))
}

/// A smaller input with the same finding on a fresh server (chunks of the
/// body and target removed while the finding stays), within a budget.
fn minimise(cli: &Cli, data: &[u8], signature: &str) -> Result<Vec<u8>> {
    let started = Instant::now();
    let mut best = Input::from_bytes(data);
    let mut target = new_target(cli)?;
    let mut tries = 0;
    let still_fails = |candidate: &Input, target: &mut Target| -> Result<bool> {
        let outcome = run(target, &candidate.to_bytes())?;
        if outcome.wrote {
            *target = new_target(cli)?;
        }
        Ok(outcome.finding.is_some_and(|f| f.signature() == signature))
    };
    for part in [true, false] {
        let mut chunk = if part {
            best.body.len()
        } else {
            best.target.len()
        }
        .div_ceil(2);
        while chunk > 0 && tries < 400 && started.elapsed() < Duration::from_secs(30) {
            let mut at = 0;
            loop {
                let len = if part {
                    best.body.len()
                } else {
                    best.target.len()
                };
                if at >= len || tries >= 400 {
                    break;
                }
                let mut candidate = best.clone();
                let bytes = if part {
                    &mut candidate.body
                } else {
                    &mut candidate.target
                };
                bytes.drain(at..(at + chunk).min(len));
                tries += 1;
                if still_fails(&candidate, &mut target)? {
                    best = candidate;
                } else {
                    at += chunk;
                }
            }
            chunk /= 2;
        }
    }
    Ok(best.to_bytes())
}

struct Findings {
    dir: PathBuf,
    /// Signature → the first input's hash, how many inputs, the known entry.
    seen: HashMap<String, (String, u64, Option<&'static str>)>,
}

impl Findings {
    /// Records `finding` of `data`; returns whether it was new.
    fn record(
        &mut self,
        cli: &Cli,
        data: &[u8],
        finding: &Finding,
        history: &[Vec<u8>],
    ) -> Result<bool> {
        let signature = finding.signature();
        if let Some((_, count, _)) = self.seen.get_mut(&signature) {
            *count += 1;
            return Ok(false);
        }
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("create {}", self.dir.display()))?;
        let name = hash(data);
        let file = self.dir.join(format!("{name}.bin"));
        std::fs::write(&file, data).with_context(|| format!("write {}", file.display()))?;
        let mut notes = vec![
            format!("finding: {finding}"),
            format!("signature: {signature}"),
        ];
        if let Some(k) = known::known(finding) {
            notes.push(format!("known: {}", k.why));
        }
        if reproduces(cli, &[], data, &signature)? {
            notes.push("reproduces alone on a fresh server".into());
            let small = minimise(cli, data, &signature)?;
            let small_file = self.dir.join(format!("{}.bin", hash(&small)));
            std::fs::write(&small_file, &small)?;
            notes.push(format!(
                "smallest found: {} ({} bytes), hex {}",
                small_file.display(),
                small.len(),
                if small.len() <= 2048 {
                    hex(&small)
                } else {
                    "(too long)".into()
                }
            ));
        } else {
            // Find one earlier request that is enough, the latest first.
            let mut enough = None;
            for earlier in history.iter().rev().take(32) {
                if reproduces(cli, &[earlier], data, &signature)? {
                    enough = Some(earlier.clone());
                    break;
                }
            }
            let history_file = file.with_extension("history");
            match enough {
                Some(earlier) => {
                    write_history(&history_file, &[&earlier])?;
                    notes.push(format!(
                        "needs one earlier request ({}): hex {}",
                        history_file.display(),
                        if earlier.len() <= 4096 {
                            hex(&earlier)
                        } else {
                            "(too long)".into()
                        }
                    ));
                }
                None => {
                    let all: Vec<&[u8]> = history.iter().map(Vec::as_slice).collect();
                    write_history(&history_file, &all)?;
                    notes.push(format!(
                        "needs the server's earlier state: {} requests in {}",
                        history.len(),
                        history_file.display()
                    ));
                }
            }
        }
        if data.len() <= 4096 {
            notes.push(format!("input hex: {}", hex(data)));
        }
        let text = notes.join("\n") + "\n";
        std::fs::write(file.with_extension("txt"), &text)?;
        println!("\nNEW FINDING {}\n{text}", file.display());
        let known = known::known(finding).map(|k| k.name);
        self.seen.insert(signature, (name, 1, known));
        Ok(true)
    }
}

#[derive(Default)]
struct Stats {
    by_route: BTreeMap<&'static str, BTreeMap<u16, u64>>,
    slowest: BTreeMap<&'static str, Duration>,
}

impl Stats {
    fn add(&mut self, outcome: &Outcome) {
        let route = route_name(outcome.route);
        *self
            .by_route
            .entry(route)
            .or_default()
            .entry(outcome.status)
            .or_default() += 1;
        let slowest = self.slowest.entry(route).or_default();
        *slowest = (*slowest).max(outcome.elapsed);
    }

    fn print(&self) {
        println!("\nanswers by route (status: count), slowest request:");
        for (route, statuses) in &self.by_route {
            let cells: Vec<String> = statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
            println!(
                "  {route:<10} {}   (slowest {:.0} ms)",
                cells.join(", "),
                self.slowest
                    .get(route)
                    .copied()
                    .unwrap_or_default()
                    .as_secs_f64()
                    * 1e3
            );
        }
    }
}

fn fuzz(cli: &Cli) -> Result<bool> {
    let in_flight_path = cli.findings.join("in-flight.bin");
    if in_flight_path.exists() {
        // The last run died mid-input (a stack overflow or an abort cannot be caught).
        let bytes = std::fs::read(&in_flight_path)?;
        let data = in_flight_input(&bytes);
        let kept = cli.findings.join(format!("{}.bin", hash(data)));
        std::fs::write(&kept, data)?;
        std::fs::remove_file(&in_flight_path)?;
        println!(
            "the previous run died while running an input: kept as {}",
            kept.display()
        );
    }
    std::fs::create_dir_all(&cli.findings)?;
    let mut in_flight = std::fs::File::create(&in_flight_path)
        .with_context(|| format!("create {}", in_flight_path.display()))?;
    let secs = match (cli.iterations, cli.secs) {
        (None, None) => Some(60),
        (_, secs) => secs,
    };
    let deadline = secs.map(|s| Instant::now() + Duration::from_secs(s));
    let setup = Instant::now();
    let mut target = new_target(cli)?;
    let mut server_started = Instant::now();
    let (mut servers, mut integrity_failures) = (1, 0);
    let mut fuzzer = Fuzzer::new(&target, cli.seed);
    println!(
        "server set up in {:.0} ms at {}; {} seed inputs; seed {}",
        setup.elapsed().as_secs_f64() * 1e3,
        target.path().display(),
        fuzzer.seeds(),
        cli.seed
    );
    let mut findings = Findings {
        dir: cli.findings.clone(),
        seen: HashMap::new(),
    };
    let mut history: Vec<Vec<u8>> = Vec::new();
    let (mut history_bytes, mut history_full) = (0, false);
    let mut stats = Stats::default();
    let started = Instant::now();
    let mut last_report = Instant::now();
    let mut fuzz_time = Duration::ZERO;
    let (mut mutate_time, mut findings_time) = (Duration::ZERO, Duration::ZERO);
    let mut iterations: u64 = 0;
    let mut new_findings = 0;
    loop {
        if cli.iterations.is_some_and(|n| iterations >= n)
            || deadline.is_some_and(|d| Instant::now() >= d)
        {
            break;
        }
        if cli.fresh_every > 0 && server_started.elapsed() >= Duration::from_secs(cli.fresh_every) {
            let t = Instant::now();
            integrity_failures += usize::from(target.integrity_check()? != "ok");
            target = new_target(cli)?;
            history.clear();
            (history_bytes, history_full) = (0, false);
            server_started = Instant::now();
            servers += 1;
            findings_time += t.elapsed();
        }
        let t = Instant::now();
        let data = fuzzer.next_input(&target)?;
        // Overwritten in place, length first: truncating a file on every
        // input costs as much as mutating it.
        in_flight.rewind()?;
        in_flight.write_all(&(data.len() as u64).to_le_bytes())?;
        in_flight.write_all(&data)?;
        mutate_time += t.elapsed();
        let t = Instant::now();
        let outcome = run(&mut target, &data)?;
        fuzz_time += t.elapsed();
        iterations += 1;
        stats.add(&outcome);
        if let Some(finding) = &outcome.finding {
            let t = Instant::now();
            if findings.record(cli, &data, finding, &history)? {
                new_findings += 1;
            }
            findings_time += t.elapsed();
        }
        if outcome.wrote {
            // Kept to replay a finding that needs the server's earlier
            // state, up to a bound (a long run writes a lot).
            if history_bytes + data.len() <= HISTORY_LIMIT {
                history_bytes += data.len();
                history.push(data.clone());
            } else {
                history_full = true;
            }
        }
        fuzzer.learn(data, &outcome);
        if last_report.elapsed() >= Duration::from_secs(10) {
            last_report = Instant::now();
            let fp = target.fingerprint()?;
            println!(
                "{:>6.0} s  {iterations} inputs  {:.0}/s  corpus {}  behaviours {}  findings {}  feed {} reviews {} devices {}",
                started.elapsed().as_secs_f64(),
                iterations as f64 / fuzz_time.as_secs_f64().max(1e-9),
                fuzzer.corpus_len(),
                fuzzer.behaviours(),
                findings.seen.len(),
                fp.feed,
                fp.review,
                fp.device
            );
        }
    }
    drop(in_flight);
    std::fs::remove_file(&in_flight_path).ok();
    let integrity = target.integrity_check()?;
    integrity_failures += usize::from(integrity != "ok");
    stats.print();
    println!(
        "\n{iterations} inputs in {:.1} s ({:.1} s of them running inputs): {:.0} inputs/s; corpus {}, behaviours {}",
        started.elapsed().as_secs_f64(),
        fuzz_time.as_secs_f64(),
        iterations as f64 / fuzz_time.as_secs_f64().max(1e-9),
        fuzzer.corpus_len(),
        fuzzer.behaviours()
    );
    println!(
        "time: running inputs {:.1} s, making them {:.1} s, new servers and checking new findings {:.1} s",
        fuzz_time.as_secs_f64(),
        mutate_time.as_secs_f64(),
        findings_time.as_secs_f64()
    );
    println!(
        "PRAGMA integrity_check: {integrity} (last server; {servers} servers, {integrity_failures} not ok)"
    );
    if history_full {
        println!(
            "(the requests that wrote passed {} MB: findings after that have an incomplete .history)",
            HISTORY_LIMIT / (1024 * 1024)
        );
    }
    if findings.seen.is_empty() {
        println!("no findings");
    } else {
        println!(
            "findings ({} kinds, {new_findings} written to {}):",
            findings.seen.len(),
            cli.findings.display()
        );
        let mut seen: Vec<_> = findings.seen.iter().collect();
        seen.sort();
        for (signature, (name, count, known)) in seen {
            let known = known.map_or_else(|| "NEW".to_owned(), |k| format!("known: {k}"));
            println!("  {signature}: {count} inputs, first {name}.bin ({known})");
        }
    }
    Ok(!findings.seen.is_empty() || integrity_failures > 0)
}
