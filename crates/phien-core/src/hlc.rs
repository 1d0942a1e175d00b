//! Hybrid logical clock (đồng hồ lai) for edits of mutable records.
//!
//! Ledger entries are immutable events ordered by the device that wrote them;
//! they need no clock. Edits of mutable records (a member's phone, a group's
//! leader, a session's close) travel as field operations stamped with an
//! [`Hlc`], so that two devices' edits of the same field can be ordered even
//! when the laptops' wall clocks disagree.
//!
//! The stamp is `(ms, counter, device)`: wall-clock milliseconds, a counter
//! for stamps within one millisecond (or while the wall clock is behind a
//! stamp already seen), and the device id as the final tie-break. A new
//! stamp is always greater than every stamp the device made or observed,
//! even when the wall clock steps backwards (Spacedrive's generator returned
//! `(now, 0)` there, a smaller stamp; see ARCHITECTURE.md).
//!
//! The clock itself lives in the store (its last stamp); here are only the
//! rules, with "now" passed in.

use std::fmt;
use std::str::FromStr;

use crate::ids::DeviceId;

/// A stamp. Orders by `ms`, then `counter`, then `device`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (wall clock, possibly pushed ahead).
    pub ms: i64,
    /// Stamps made within the same `ms`.
    pub counter: u32,
    /// The device that made the stamp.
    pub device: DeviceId,
}

impl Hlc {
    /// The next stamp on `device` after `last` (its previous stamp or the
    /// greatest it observed), at wall-clock `now_ms`: greater than `last`
    /// whatever the wall clock says.
    pub fn tick(last: Option<Hlc>, now_ms: i64, device: DeviceId) -> Hlc {
        match last {
            Some(last) if last.ms >= now_ms => Hlc {
                ms: last.ms,
                counter: last.counter.saturating_add(1),
                device,
            },
            _ => Hlc {
                ms: now_ms,
                counter: 0,
                device,
            },
        }
    }

    /// The clock's state after seeing `remote`: the greater of the two
    /// (the next [`Hlc::tick`] then exceeds both).
    pub fn observe(last: Option<Hlc>, remote: Hlc) -> Hlc {
        match last {
            Some(last) if last >= remote => last,
            _ => remote,
        }
    }
}

/// Text form: `MMMMMMMMMMMMM.CCCCC.device`, fixed width so that text order is
/// stamp order (ms in 13 digits lasts until the year 2286).
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:013}.{:05}.{}", self.ms, self.counter, self.device)
    }
}

/// A stamp's text that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("HLC không hợp lệ: «{0}»")]
pub struct BadHlc(pub String);

impl FromStr for Hlc {
    type Err = BadHlc;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadHlc(s.to_owned());
        let mut parts = s.splitn(3, '.');
        let (Some(ms), Some(counter), Some(device)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if ms.len() != 13 || counter.len() != 5 {
            return Err(bad());
        }
        Ok(Hlc {
            ms: ms.parse().map_err(|_| bad())?,
            counter: counter.parse().map_err(|_| bad())?,
            device: device.parse().map_err(|_| bad())?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn dev(n: u128) -> DeviceId {
        DeviceId(Uuid::from_u128(n))
    }

    #[test]
    fn a_clock_stepping_back_still_moves_the_stamp_forward() {
        let a = Hlc::tick(None, 1_000, dev(1));
        let b = Hlc::tick(Some(a), 400, dev(1));
        assert!(b > a, "wall clock went back 600 ms; the stamp must not");
        assert_eq!((b.ms, b.counter), (1_000, 1));
        let c = Hlc::tick(Some(b), 2_000, dev(1));
        assert_eq!(
            (c.ms, c.counter),
            (2_000, 0),
            "a later wall clock resets the counter"
        );
    }

    #[test]
    fn a_stamp_made_after_observing_a_remote_one_is_greater() {
        let remote = Hlc::tick(None, 50_000, dev(2));
        let seen = Hlc::observe(Some(Hlc::tick(None, 1_000, dev(1))), remote);
        let mine = Hlc::tick(Some(seen), 1_001, dev(1));
        assert!(
            mine > remote,
            "a device behind in time still orders after what it saw"
        );
    }

    #[test]
    fn text_order_is_stamp_order_and_round_trips() {
        let a = Hlc {
            ms: 9_999,
            counter: 12,
            device: dev(5),
        };
        let b = Hlc {
            ms: 10_000,
            counter: 0,
            device: dev(1),
        };
        assert!(a < b);
        assert!(
            a.to_string() < b.to_string(),
            "{a} must sort before {b} as text"
        );
        assert_eq!(a.to_string().parse::<Hlc>(), Ok(a));
        assert!("12.3.x".parse::<Hlc>().is_err());
    }
}
