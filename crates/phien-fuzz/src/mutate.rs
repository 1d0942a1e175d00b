//! The mutation engine: seeded (`rand_chacha`), so a seed and a server that
//! answers the same way give the same inputs in the same order.
//!
//! Byte mutations (bit flips, inserting, deleting and duplicating bytes,
//! splicing two inputs, changing a selector) know nothing of the format;
//! the JSON mutations replace one value, anywhere in the body, with an
//! extreme (`i64::MAX` and `MIN`, negative seqs, huge strings, 10,000-deep
//! arrays, wrong types, duplicate keys, invalid UTF-8, NUL bytes, unusual
//! Unicode, ids and credentials of the fixture). Some mutations aim at the
//! server's live state so that the deep paths stay reachable as it fills
//! up: renumbering a push to the next `seq` with fresh ids, naming an open
//! review item, enrolling with a code of the pool, re-signing a bundle
//! whose payload was mutated. Rarely, a body over the size limit (a zstd or
//! gzip bomb) or a push of more than 20,000 items.

use std::sync::OnceLock;

use phien_wire::bundle::{self, BUNDLE_FORMAT, SigningKey};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

use crate::corpus;
use crate::fixture::{self, Fixture};
use crate::input::{Auth, Encoding, Input, Route};
use crate::target::Live;

/// A string no input contains: where the chosen value was, before the raw
/// replacement text is put in its place.
const SENTINEL: &str = "\u{1}phien-fuzz-sentinel\u{1}";

/// Numbers at the edges of what the server's types hold.
const NUMBERS: &[&str] = &[
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "-1",
    "0",
    "-0",
    "1e400",
    "-1e400",
    "0.5",
    "1E2",
    "4294967296",
    "2147483648",
];

/// Values of the wrong type, or unusual text.
const ODD_VALUES: &[&[u8]] = &[
    b"null",
    b"true",
    b"false",
    b"{}",
    b"[]",
    b"\"\"",
    b"\"1\"",
    b"[1]",
    b"\"a\\u0000b\"",
    b"\"a\x00b\"",
    b"\"\xff\xfe\xfd\"",
    b"\"\xc3\x28\"",
    b"\"\xc0\xaf\"",
    b"\"\\ud800\"",
    b"\"\\udc00\\ud800\"",
    "\"Nguyễn Thị Hoà\"".as_bytes(),
    "\"Nguye\u{302}\u{303}n Thi\u{323} Hoa\u{300}\"".as_bytes(),
    "\"\u{202e}gnoD nahP\"".as_bytes(),
    "\"\u{feff}\u{200b}\"".as_bytes(),
    "\"😀🇻🇳\"".as_bytes(),
    b"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
    b"\"'; DROP TABLE feed; --\"",
    b"\"%s%n%x\"",
    b"\"../../etc/passwd\"",
];

/// Query values.
const QUERY_VALUES: &[&str] = &[
    "-1",
    "0",
    "1",
    "-9223372036854775808",
    "9223372036854775807",
    "9223372036854775808",
    "1e3",
    "+5",
    " 5",
    "%00",
    "",
    "NaN",
    "\u{661}\u{662}",
    "\u{ff12}",
    "2026-10",
    "2026-1",
    "2026-13",
    "0000-00",
    "9999-12",
    "2026-10&month=2026-11",
    "%FF",
];

/// Review ids.
const REVIEW_IDS: &[&str] = &[
    "0",
    "-1",
    "1",
    "2",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "1.0",
    "0x1",
    "%31",
    "1%2F2",
    "%FF",
    "+1",
    " 1",
    "\u{661}",
    "abc",
];

/// A push of more than [`phien_wire::MAX_BODY`] compressed (zstd, gzip),
/// made once per process: building them takes a moment.
fn bombs() -> &'static (Vec<u8>, Vec<u8>) {
    static BOMBS: OnceLock<(Vec<u8>, Vec<u8>)> = OnceLock::new();
    BOMBS.get_or_init(|| {
        let plain = corpus::oversized_push();
        (
            zstd::bulk::compress(&plain, 3).unwrap_or_default(),
            crate::target::gzip(&plain),
        )
    })
}

/// The mutation engine.
pub struct Mutator {
    rng: ChaCha8Rng,
    fresh: u64,
    fixture: Fixture,
    dictionary: Vec<String>,
}

/// Bodies bigger than this are only mutated byte-wise: walking their JSON
/// costs more than the request.
const JSON_LIMIT: usize = 256 * 1024;

impl Mutator {
    /// A mutator seeded with `seed`, aiming at `fixture`'s ids.
    pub fn new(seed: u64, fixture: &Fixture) -> Mutator {
        let fx = fixture;
        let mut dictionary: Vec<String> = vec![
            fx.office.clone(),
            fx.other_office.clone(),
            fx.point.clone(),
            fx.staff.clone(),
            fx.association.clone(),
            fx.group.clone(),
            fx.point_device.id.clone(),
            fx.supervisor.id.clone(),
            fx.revoked.id.clone(),
            fx.point_device.credential.clone(),
            fx.supervisor.credential.clone(),
            fx.revoked.credential.clone(),
            "server".into(),
            "insert".into(),
            "update".into(),
            "delete".into(),
            "take_device".into(),
            "keep_server".into(),
            "phien-bundle/1".into(),
            "phien-reply/1".into(),
            "FUZZ-P000-0001".into(),
            "FUZZ-S000-0002".into(),
            fixture::MONTH.into(),
            // Paths, for the unknown route: a known one with another method.
            "v1/push".into(),
            "v1/enrol".into(),
            "v1/status".into(),
            "v1/reviews/1/resolve".into(),
            "v1/reviews/".into(),
            "health".into(),
            "metrics".into(),
        ];
        dictionary.extend(fx.members.iter().cloned());
        dictionary.extend(
            phien_wire::catalogue::ENTITIES
                .iter()
                .map(|e| e.name.to_owned()),
        );
        Mutator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            // Each seed gets its own range of fresh ids.
            fresh: fixture::FRESH_IDS + (seed % 4096) * (1 << 28),
            fixture: fixture.clone(),
            dictionary,
        }
    }

    /// A random number in `0..n` (for the caller's own choices, from the
    /// same seeded stream).
    pub fn below(&mut self, n: usize) -> usize {
        self.rng.random_range(0..n.max(1))
    }

    fn fresh_credential(&mut self) -> String {
        (0..32)
            .map(|_| format!("{:02x}", self.rng.random::<u8>()))
            .collect()
    }

    fn fresh_id(&mut self) -> String {
        self.fresh += 1;
        fixture::fixed_id(self.fresh)
    }

    /// `base` changed by one to four stacked mutations; `other` is a second
    /// corpus input to splice from.
    pub fn mutate(&mut self, base: &Input, other: &Input, live: &Live) -> Input {
        let mut input = base.clone();
        let n = 1 + self
            .rng
            .random_range(0..4_u32)
            .min(self.rng.random_range(0..4_u32));
        for _ in 0..n {
            input = self.mutate_once(input, other, live);
        }
        input
    }

    fn mutate_once(&mut self, mut input: Input, other: &Input, live: &Live) -> Input {
        // Weights out of 1,000; the expensive ones are rare.
        let roll = self.rng.random_range(0..1000_u32);
        match roll {
            0..100 => self.bytes(&mut input),
            100..160 => {
                self.splice(&mut input, other);
            }
            160..240 => self.selector(&mut input),
            240..500 => {
                if let Some(body) = self.json(&input.body) {
                    input.body = body;
                } else {
                    self.bytes(&mut input);
                }
            }
            500..620 => self.aim(&mut input, live),
            620..760 => self.target(&mut input, live),
            760..860 => {
                if let Some(body) = self.reseal(&input.body, live) {
                    input.body = body;
                } else {
                    self.aim(&mut input, live);
                }
            }
            860..920 => self.enrol(&mut input),
            920..996 => {
                // Move the body to another route: a push sent to enrol, a bundle to push.
                input.selectors[0] = self.rng.random();
            }
            996..999 => self.bomb(&mut input),
            _ => self.many_items(&mut input, live),
        }
        input
    }

    /// Bit flips, byte insertion, deletion and duplication, on the body or
    /// (less often) the target.
    fn bytes(&mut self, input: &mut Input) {
        let on_target = self.rng.random_ratio(1, 4);
        let dictionary_token = self.dictionary.choose(&mut self.rng).cloned();
        let data = if on_target {
            &mut input.target
        } else {
            &mut input.body
        };
        let len = data.len();
        match self.rng.random_range(0..6_u32) {
            0 if len > 0 => {
                for _ in 0..self.rng.random_range(1..=8) {
                    let i = self.rng.random_range(0..len);
                    data[i] ^= 1 << self.rng.random_range(0..8);
                }
            }
            1 => {
                let at = self.rng.random_range(0..=len);
                let byte = *[
                    0_u8, 0xff, b'"', b'\\', b'{', b'[', b'-', b'0', b',', b':', 0x7f,
                ]
                .choose(&mut self.rng)
                .unwrap_or(&0);
                let byte = if self.rng.random_bool(0.5) {
                    byte
                } else {
                    self.rng.random()
                };
                data.insert(at, byte);
            }
            2 if len > 0 => {
                let at = self.rng.random_range(0..len);
                let n = self.rng.random_range(1..=(len - at).min(64));
                data.drain(at..at + n);
            }
            3 if len > 0 => {
                let at = self.rng.random_range(0..len);
                let n = self.rng.random_range(1..=(len - at).min(256));
                let copy = data[at..at + n].to_vec();
                let to = self.rng.random_range(0..=len);
                data.splice(to..to, copy);
            }
            4 => {
                let at = self.rng.random_range(0..=len);
                let token = dictionary_token.unwrap_or_default();
                data.splice(at..at, token.into_bytes());
            }
            _ if len > 0 => {
                let i = self.rng.random_range(0..len);
                data[i] = self.rng.random();
            }
            _ => data.push(self.rng.random()),
        }
    }

    /// The head of one body and the tail of the other, cut at random.
    fn splice(&mut self, input: &mut Input, other: &Input) {
        let a = self.rng.random_range(0..=input.body.len());
        let b = self.rng.random_range(0..=other.body.len());
        input.body.truncate(a);
        input.body.extend_from_slice(&other.body[b..]);
        if self.rng.random_ratio(1, 4) {
            input.target = other.target.clone();
        }
    }

    fn selector(&mut self, input: &mut Input) {
        let i = self.rng.random_range(0..4);
        input.selectors[i] = if self.rng.random_bool(0.5) {
            // A neighbouring choice, same variant.
            input.selectors[i].wrapping_add(self.rng.random_range(1..6))
        } else {
            self.rng.random()
        };
    }

    /// One JSON value replaced with an extreme; `None` if the body is not
    /// JSON (or too big to walk).
    pub fn json(&mut self, body: &[u8]) -> Option<Vec<u8>> {
        if body.len() > JSON_LIMIT {
            return None;
        }
        let mut value: Value = serde_json::from_slice(body).ok()?;
        let count = count_nodes(&value);
        let pick = self.rng.random_range(0..count);
        let (key, node) = nth_node(&mut value, pick, None)?;
        let raw = self.replacement(node, key.as_deref());
        *node = Value::String(SENTINEL.into());
        let text = serde_json::to_vec(&value).ok()?;
        let marker = serde_json::to_vec(&Value::String(SENTINEL.into())).ok()?;
        let at = text.windows(marker.len()).position(|w| w == marker)?;
        let mut out = Vec::with_capacity(text.len() + raw.len());
        out.extend_from_slice(&text[..at]);
        out.extend_from_slice(&raw);
        out.extend_from_slice(&text[at + marker.len()..]);
        Some(out)
    }

    fn replacement(&mut self, original: &Value, key: Option<&str>) -> Vec<u8> {
        let seq_like = matches!(key, Some("seq" | "pull_after" | "acked_through" | "cursor"));
        match self.rng.random_range(0..12_u32) {
            0 | 1 => NUMBERS.choose(&mut self.rng).copied().unwrap_or("0").into(),
            2 if seq_like => ["-1", "0", "-9223372036854775808", "9223372036854775807"]
                .choose(&mut self.rng)
                .copied()
                .unwrap_or("-1")
                .into(),
            2 | 3 => ODD_VALUES
                .choose(&mut self.rng)
                .copied()
                .unwrap_or(b"null")
                .to_vec(),
            4 => {
                let n = *[255_usize, 4096, 65_536, 1 << 20]
                    .choose(&mut self.rng)
                    .unwrap_or(&255);
                let unit = ["A", "ệ", "\\u00e9", "😀"]
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("A");
                format!("\"{}\"", unit.repeat(n)).into_bytes()
            }
            5 => {
                let depth = *[127_usize, 128, 129, 10_000]
                    .choose(&mut self.rng)
                    .unwrap_or(&10_000);
                if self.rng.random_bool(0.5) {
                    let mut raw = "[".repeat(depth);
                    raw.push_str(&"]".repeat(depth));
                    raw.into_bytes()
                } else {
                    let mut raw = "{\"a\":".repeat(depth);
                    raw.push('1');
                    raw.push_str(&"}".repeat(depth));
                    raw.into_bytes()
                }
            }
            6 => {
                let token = self
                    .dictionary
                    .choose(&mut self.rng)
                    .cloned()
                    .unwrap_or_default();
                serde_json::to_vec(&Value::String(token)).unwrap_or_default()
            }
            7 => self.restructure(original),
            8 => match original {
                // A number as text, text as a number.
                Value::Number(n) => format!("\"{n}\"").into_bytes(),
                Value::String(s) => s.clone().into_bytes(),
                other => format!("[{other}]").into_bytes(),
            },
            9 => match original {
                Value::Array(items) if !items.is_empty() => {
                    // The same element many times over.
                    let one = items[self.rng.random_range(0..items.len())].to_string();
                    let n = self.rng.random_range(2..64);
                    format!("[{}]", vec![one; n].join(",")).into_bytes()
                }
                other => format!("[{other},{other}]").into_bytes(),
            },
            _ => {
                // A nearby number, or the original with a character changed.
                match original {
                    Value::Number(n) => n
                        .as_i64()
                        .map(|n| n.wrapping_add(self.rng.random_range(-3..=3)).to_string())
                        .unwrap_or_else(|| n.to_string())
                        .into_bytes(),
                    Value::String(s) if !s.is_empty() => {
                        let mut chars: Vec<char> = s.chars().collect();
                        let i = self.rng.random_range(0..chars.len());
                        chars[i] = *['0', 'Z', 'đ', '-', ' ', '/']
                            .choose(&mut self.rng)
                            .unwrap_or(&'0');
                        serde_json::to_vec(&Value::String(chars.into_iter().collect()))
                            .unwrap_or_default()
                    }
                    other => other.to_string().into_bytes(),
                }
            }
        }
    }

    /// An object with a key repeated, removed or added.
    fn restructure(&mut self, original: &Value) -> Vec<u8> {
        let Value::Object(map) = original else {
            return b"{\"unexpected\":true}".to_vec();
        };
        let keys: Vec<&String> = map.keys().collect();
        let Some(key) = keys.choose(&mut self.rng).copied() else {
            return b"{\"\":null}".to_vec();
        };
        let text = original.to_string();
        match self.rng.random_range(0..3_u32) {
            0 => {
                // The key twice: which one wins is the question.
                let other = NUMBERS.choose(&mut self.rng).copied().unwrap_or("0");
                format!("{{{}:{other},{}", Value::String(key.clone()), &text[1..]).into_bytes()
            }
            1 => {
                let mut without = map.clone();
                without.remove(key);
                Value::Object(without).to_string().into_bytes()
            }
            _ => {
                let mut with = map.clone();
                with.insert("phien_fuzz_extra".into(), Value::from(1));
                Value::Object(with).to_string().into_bytes()
            }
        }
    }

    /// Aims a push (or a bundle's items) at the live series: numbered from
    /// the device's next `seq`, inserts given fresh ids, so items get past
    /// the dedupe and reach the merge rules.
    fn aim(&mut self, input: &mut Input, live: &Live) {
        let next = match input.auth() {
            Auth::Supervisor => live.supervisor_acked,
            _ => live.point_acked,
        } + 1;
        if let Some(body) = self.renumber(&input.body, next) {
            input.body = body;
            return;
        }
        // Not a push: make one.
        let n = self.rng.random_range(1..12);
        let first = self.fresh;
        self.fresh += n as u64;
        input.body = corpus::push_body(&corpus::new_entries(&self.fixture, next, n, first + 1));
        if self.rng.random_bool(0.5) {
            input.selectors[0] = Route::Push.byte();
        }
    }

    fn renumber(&mut self, body: &[u8], next: i64) -> Option<Vec<u8>> {
        if body.len() > JSON_LIMIT {
            return None;
        }
        let mut value: Value = serde_json::from_slice(body).ok()?;
        let items = value.get_mut("items")?.as_array_mut()?;
        let refresh = self.rng.random_ratio(3, 4);
        for (i, item) in items.iter_mut().enumerate() {
            if let Some(seq) = item.get_mut("seq") {
                *seq = Value::from(next + i as i64);
            }
            let is_insert = item.get("op") == Some(&Value::from("insert"));
            let keyed_by_id = item.get("body").and_then(|b| b.get("id")).is_some();
            if refresh && is_insert && keyed_by_id {
                let id = self.fresh_id();
                item["entity_id"] = Value::from(id.clone());
                item["body"]["id"] = Value::from(id);
            }
        }
        serde_json::to_vec(&value).ok()
    }

    /// A query or review id aimed at the live state, or with an extreme value.
    fn target(&mut self, input: &mut Input, live: &Live) {
        let route = input.route();
        if route == Route::Resolve {
            input.target = match (
                self.rng.random_range(0..3_u32),
                live.open_reviews.choose(&mut self.rng),
            ) {
                (0, Some(id)) => id.to_string().into_bytes(),
                _ => REVIEW_IDS
                    .choose(&mut self.rng)
                    .copied()
                    .unwrap_or("1")
                    .into(),
            };
            return;
        }
        let text = String::from_utf8_lossy(&input.target).into_owned();
        let mut pairs: Vec<String> = text
            .split('&')
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        let names = ["after", "limit", "all", "month"];
        match self.rng.random_range(0..6_u32) {
            0 => {
                let head = live.head;
                let after = (head - self.rng.random_range(0..50)).max(0);
                let limit = self.rng.random_range(1..100);
                pairs = vec![format!("after={after}"), format!("limit={limit}")];
            }
            1 if !pairs.is_empty() => {
                let i = self.rng.random_range(0..pairs.len());
                let name = pairs[i].split('=').next().unwrap_or("after").to_owned();
                let value = QUERY_VALUES.choose(&mut self.rng).copied().unwrap_or("-1");
                pairs[i] = format!("{name}={value}");
            }
            2 => {
                let name = names.choose(&mut self.rng).copied().unwrap_or("after");
                let value = QUERY_VALUES.choose(&mut self.rng).copied().unwrap_or("-1");
                let at = self.rng.random_range(0..=pairs.len());
                pairs.insert(at, format!("{name}={value}"));
            }
            3 if !pairs.is_empty() => {
                let i = self.rng.random_range(0..pairs.len());
                pairs.remove(i);
            }
            4 => {
                let month = format!(
                    "month={:04}-{:02}",
                    self.rng.random_range(2024..2028),
                    self.rng.random_range(1..13)
                );
                pairs = vec![month];
            }
            _ => {
                let name = names.choose(&mut self.rng).copied().unwrap_or("after");
                pairs.push(name.to_owned());
            }
        }
        input.target = pairs.join("&").into_bytes();
    }

    /// A bundle whose payload was mutated (or aimed at the live series) and
    /// signed again with the laptop's key, so the import gets past the
    /// signature; sometimes signed with another key, or of another kind.
    fn reseal(&mut self, body: &[u8], live: &Live) -> Option<Vec<u8>> {
        let sealed = bundle::unseal(body, BUNDLE_FORMAT).ok()?;
        let mut payload = sealed.payload.into_bytes();
        match self.rng.random_range(0..4_u32) {
            0 | 1 => {
                payload = self.renumber(&payload, live.point_acked + 1)?;
                // A laptop's cursor is near the head: a reply of the whole
                // feed costs the server (and the check) more than a hundred
                // small requests.
                if self.rng.random_ratio(3, 4) {
                    let mut body: Value = serde_json::from_slice(&payload).ok()?;
                    let after = (live.head - self.rng.random_range(0..50)).max(0);
                    body["pull_after"] = Value::from(after);
                    payload = serde_json::to_vec(&body).ok()?;
                }
            }
            _ => payload = self.json(&payload)?,
        }
        let text = String::from_utf8(payload).ok()?;
        let raw = serde_json::value::RawValue::from_string(text).ok()?;
        let key: SigningKey = match self.rng.random_range(0..10_u32) {
            0 => self.fixture.supervisor.bundle_key.clone()?,
            _ => self.fixture.point_device.bundle_key.clone()?,
        };
        let format = if self.rng.random_ratio(1, 20) {
            bundle::REPLY_FORMAT
        } else {
            BUNDLE_FORMAT
        };
        Some(bundle::seal(format, &raw, &key))
    }

    /// An enrolment with a code of the pool, a fresh device and credential.
    fn enrol(&mut self, input: &mut Input) {
        let kind = *[b'P', b'S', b'G', b'O', b'X', b'Q']
            .choose(&mut self.rng)
            .unwrap_or(&b'P') as char;
        let code = format!(
            "FUZZ-{kind}{:03}-{:04}",
            self.rng.random_range(0..1000),
            self.rng.random_range(0..10_000)
        );
        // Sometimes a laptop that enrolled before: its id, or its credential
        // under a new id (a copied disk image, a reinstall).
        let fx = &self.fixture;
        let known = [&fx.point_device, &fx.supervisor, &fx.revoked][self.rng.random_range(0..3)];
        let (known_id, known_credential) = (known.id.clone(), known.credential.clone());
        let (device, credential) = match self.rng.random_range(0..8_u32) {
            0 => (known_id, self.fresh_credential()),
            1 => (self.fresh_id(), known_credential),
            _ => (self.fresh_id(), self.fresh_credential()),
        };
        let key = self
            .rng
            .random_bool(0.5)
            .then(|| bundle::public_hex(&bundle::signing_key(self.rng.random())));
        input.body = corpus::enrol_body(&code, &device, &credential, key.as_deref());
        if self.rng.random_bool(0.7) {
            input.selectors[0] = Route::Enrol.byte();
        }
    }

    /// A body over the size limit once decompressed.
    fn bomb(&mut self, input: &mut Input) {
        let (zstd, gzip) = bombs();
        if self.rng.random_bool(0.5) {
            input.selectors[1] = Encoding::ZstdHeaderRaw.byte();
            input.body = zstd.clone();
        } else {
            input.selectors[1] = Encoding::GzipHeaderRaw.byte();
            input.body = gzip.clone();
        }
    }

    /// A push at the item limit: mostly one over it, sometimes exactly at it.
    fn many_items(&mut self, input: &mut Input, live: &Live) {
        // Exactly at the limit the push is taken: 20,000 rows stored at
        // once, which slows every later pull, so rarely.
        let n = if self.rng.random_ratio(1, 20) {
            phien_wire::MAX_PUSH_ITEMS
        } else {
            phien_wire::MAX_PUSH_ITEMS + 1
        };
        let first = self.fresh;
        self.fresh += n as u64;
        input.body = corpus::many_items(&self.fixture, live.point_acked + 1, n, first + 1);
        input.selectors[0] = Route::Push.byte();
        input.selectors[1] = Encoding::Zstd.byte();
        input.selectors[2] = Auth::Point.byte();
    }
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(map) => map.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// The `n`th value in pre-order, with the key it sits under.
fn nth_node<'a>(
    v: &'a mut Value,
    n: usize,
    key: Option<&str>,
) -> Option<(Option<String>, &'a mut Value)> {
    let mut n = n;
    fn walk<'a>(
        v: &'a mut Value,
        n: &mut usize,
        key: Option<&str>,
    ) -> Option<(Option<String>, &'a mut Value)> {
        if *n == 0 {
            return Some((key.map(str::to_owned), v));
        }
        *n -= 1;
        match v {
            Value::Array(items) => {
                for item in items {
                    let size = count_nodes(item);
                    if *n < size {
                        return walk(item, n, None);
                    }
                    *n -= size;
                }
                None
            }
            Value::Object(map) => {
                for (k, item) in map.iter_mut() {
                    let size = count_nodes(item);
                    if *n < size {
                        return walk(item, n, Some(k));
                    }
                    *n -= size;
                }
                None
            }
            _ => None,
        }
    }
    walk(v, &mut n, key)
}
