//! A TCP proxy on loopback between a sync client and the server, for tests
//! and benchmarks. It counts the bytes that cross it each way and, when
//! asked, misbehaves like a commune's link: it drops a request before the
//! server sees it, drops or cuts a response after the server has acted on
//! the request, delays traffic, and sends a request to the server twice.
//!
//! Faults are decided with a seeded generator, so a failing run can be
//! repeated with its seed. Plain threads and blocking sockets: no runtime.
#![deny(missing_docs)]

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use rand::{Rng, SeedableRng, rngs::StdRng};

/// What the proxy does wrong, as chances in percent per request or response.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Faults {
    /// Close the connection instead of passing a request on.
    pub drop_request: u8,
    /// Close the connection instead of passing the server's answer back
    /// (the server did the work; the client does not know).
    pub drop_response: u8,
    /// Pass part of the answer back, then close.
    pub cut_response: u8,
    /// Send the request to the server a second time on another connection
    /// (its answer is thrown away).
    pub duplicate_request: u8,
    /// Wait this long before passing each chunk on.
    pub delay_ms: u64,
    /// Seed of the chances.
    pub seed: u64,
}

/// Bytes that crossed the proxy.
#[derive(Debug, Default)]
pub struct Counters {
    /// Client to server.
    pub up: AtomicU64,
    /// Server to client.
    pub down: AtomicU64,
    /// Faults injected.
    pub faults: AtomicU64,
}

/// A running proxy; stops accepting when dropped.
pub struct Proxy {
    addr: SocketAddr,
    counters: Arc<Counters>,
    stop: Arc<AtomicBool>,
    faults: Arc<Mutex<Faults>>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `upstream`.
    pub fn start(upstream: SocketAddr, faults: Faults) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let counters = Arc::new(Counters::default());
        let stop = Arc::new(AtomicBool::new(false));
        let rng = Arc::new(Mutex::new(StdRng::seed_from_u64(faults.seed)));
        let faults = Arc::new(Mutex::new(faults));
        {
            let (counters, stop, shared) = (counters.clone(), stop.clone(), faults.clone());
            thread::spawn(move || {
                for client in listener.incoming() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(client) = client else { continue };
                    let (counters, rng) = (counters.clone(), rng.clone());
                    // A connection keeps the faults in force when it opened.
                    let faults = *shared.lock().unwrap_or_else(|e| e.into_inner());
                    thread::spawn(move || {
                        let _ = serve(client, upstream, faults, &counters, &rng);
                    });
                }
            });
        }
        Ok(Proxy {
            addr,
            counters,
            stop,
            faults,
        })
    }

    /// Changes the faults for connections opened from now on (the seed
    /// stays). `Faults::default()` makes the link good again.
    pub fn set_faults(&self, faults: Faults) {
        *self.faults.lock().unwrap_or_else(|e| e.into_inner()) = faults;
    }

    /// Where clients connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The byte counters.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// Bytes each way so far: (client → server, server → client).
    pub fn bytes(&self) -> (u64, u64) {
        (
            self.counters.up.load(Ordering::Relaxed),
            self.counters.down.load(Ordering::Relaxed),
        )
    }

    /// Resets the byte counters.
    pub fn reset(&self) {
        self.counters.up.store(0, Ordering::Relaxed);
        self.counters.down.store(0, Ordering::Relaxed);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

fn chance(rng: &Mutex<StdRng>, percent: u8) -> bool {
    percent > 0
        && rng
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .random_range(0..100)
            < percent
}

fn serve(
    client: TcpStream,
    upstream: SocketAddr,
    faults: Faults,
    counters: &Arc<Counters>,
    rng: &Arc<Mutex<StdRng>>,
) -> std::io::Result<()> {
    let server = TcpStream::connect(upstream)?;
    client.set_nodelay(true)?;
    server.set_nodelay(true)?;
    // Requests seen on this connection, replayed to the server if duplicated.
    let sent: Arc<Mutex<Vec<u8>>> = Arc::new(Mutex::new(Vec::new()));
    // Whether the client spoke since the server last answered: the next
    // chunk from the server starts a new answer.
    let awaiting = Arc::new(AtomicBool::new(false));
    let up = {
        let (mut from, mut to) = (client.try_clone()?, server.try_clone()?);
        let (counters, rng, sent, awaiting) = (
            counters.clone(),
            rng.clone(),
            sent.clone(),
            awaiting.clone(),
        );
        thread::spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            let mut fresh = true;
            loop {
                let n = match from.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                if fresh && chance(&rng, faults.drop_request) {
                    counters.faults.fetch_add(1, Ordering::Relaxed);
                    break;
                }
                fresh = false;
                if faults.delay_ms > 0 {
                    thread::sleep(Duration::from_millis(faults.delay_ms));
                }
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
                counters.up.fetch_add(n as u64, Ordering::Relaxed);
                sent.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend_from_slice(&buf[..n]);
                awaiting.store(true, Ordering::Relaxed);
            }
            let _ = to.shutdown(Shutdown::Both);
            let _ = from.shutdown(Shutdown::Both);
        })
    };
    let (mut from, mut to) = (server.try_clone()?, client.try_clone()?);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if awaiting.swap(false, Ordering::Relaxed) {
            // A new answer: the server has acted on the request by now.
            if chance(rng, faults.duplicate_request) {
                counters.faults.fetch_add(1, Ordering::Relaxed);
                let again = sent.lock().unwrap_or_else(|e| e.into_inner()).clone();
                thread::spawn(move || replay(upstream, &again));
            }
            sent.lock().unwrap_or_else(|e| e.into_inner()).clear();
            if chance(rng, faults.drop_response) {
                counters.faults.fetch_add(1, Ordering::Relaxed);
                break;
            }
            if chance(rng, faults.cut_response) {
                counters.faults.fetch_add(1, Ordering::Relaxed);
                let _ = to.write_all(&buf[..n / 2]);
                break;
            }
        }
        if faults.delay_ms > 0 {
            thread::sleep(Duration::from_millis(faults.delay_ms));
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
        counters.down.fetch_add(n as u64, Ordering::Relaxed);
    }
    let _ = to.shutdown(Shutdown::Both);
    let _ = from.shutdown(Shutdown::Both);
    let _ = up.join();
    Ok(())
}

/// Sends `request` to the server on a new connection and reads the answer away.
fn replay(upstream: SocketAddr, request: &[u8]) {
    if let Ok(mut s) = TcpStream::connect(upstream) {
        let _ = s.set_read_timeout(Some(Duration::from_secs(30)));
        if s.write_all(request).is_ok() {
            let mut sink = vec![0u8; 64 * 1024];
            while matches!(s.read(&mut sink), Ok(n) if n > 0) {}
        }
    }
}
