//! Where new ids come from: the clock (UUIDv7 now) or a seed (the demo, so
//! that `phien demo` makes the same commune every time).

use uuid::{Builder, Uuid};

/// A source of UUIDv7 ids.
#[derive(Debug, Clone)]
pub enum IdSource {
    /// `Uuid::now_v7()`.
    Clock,
    /// Deterministic: timestamps step by one millisecond from `unix_ms`, the
    /// random bits come from a splitmix64 sequence of `state`.
    Seeded {
        /// Next timestamp in milliseconds.
        unix_ms: u64,
        /// Generator state.
        state: u64,
    },
}

impl IdSource {
    /// Ids from the clock.
    pub fn clock() -> IdSource {
        IdSource::Clock
    }

    /// Deterministic ids starting at `unix_ms`.
    pub fn seeded(seed: u64, unix_ms: u64) -> IdSource {
        IdSource::Seeded {
            unix_ms,
            state: seed,
        }
    }

    /// The next id.
    pub fn next_id(&mut self) -> Uuid {
        match self {
            IdSource::Clock => Uuid::now_v7(),
            IdSource::Seeded { unix_ms, state } => {
                let mut bytes = [0u8; 10];
                let a = splitmix64(state).to_le_bytes();
                let b = splitmix64(state).to_le_bytes();
                bytes[..8].copy_from_slice(&a);
                bytes[8..].copy_from_slice(&b[..2]);
                let id = Builder::from_unix_timestamp_millis(*unix_ms, &bytes).into_uuid();
                *unix_ms += 1;
                id
            }
        }
    }
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
