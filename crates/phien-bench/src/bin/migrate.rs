//! How long opening a file of an older schema takes (the migrations run once,
//! at the first open after an update): each file given is copied to a
//! temporary directory, opened with `Store::open` (every pending migration and
//! the foreign-key check), and timed. The files themselves are not changed.
//!
//! ```sh
//! cargo run --release -p phien-bench --bin district -- --keep /tmp/district --generate-only
//! cargo run --release -p phien-bench --bin migrate -- /tmp/district/commune-01.db …
//! ```

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use phien_store::{SCHEMA_VERSION, Store};

fn main() -> Result<()> {
    let files: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        bail!(
            "usage: migrate FILE.db [FILE.db …] (files of an older schema; they are copied, not changed)"
        );
    }
    let work = tempfile::tempdir()?;
    println!("file\tMB\tfrom\tto\tms");
    for file in files {
        let copy = work.path().join("phien.db");
        std::fs::copy(&file, &copy).with_context(|| format!("copying {}", file.display()))?;
        let from = schema_version(&copy)?;
        let mb = std::fs::metadata(&copy)?.len() / 1_000_000;
        let start = Instant::now();
        let store = Store::open(&copy).with_context(|| format!("opening {}", file.display()))?;
        let ms = start.elapsed().as_millis();
        drop(store);
        println!("{}\t{mb}\t{from}\t{SCHEMA_VERSION}\t{ms}", file.display());
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
        }
    }
    Ok(())
}

/// The file's schema version, read from its header (bytes 60–63 of the
/// first 100, big-endian) without opening it as a store.
fn schema_version(path: &std::path::Path) -> Result<i64> {
    let mut header = [0_u8; 100];
    std::io::Read::read_exact(&mut std::fs::File::open(path)?, &mut header)
        .context("the file is shorter than a SQLite header")?;
    Ok(i64::from(u32::from_be_bytes([
        header[60], header[61], header[62], header[63],
    ])))
}
