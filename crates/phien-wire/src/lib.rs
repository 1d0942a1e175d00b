//! Phiên's sync protocol, version [`PROTOCOL`]: what a device and the
//! district server say to each other, as plain serde types, and the
//! catalogue of synced records ([`catalogue`]): which scope each belongs to
//! and which of its fields are identity or money fields.
//!
//! The protocol in one paragraph (ARCHITECTURE.md has the reasons):
//! a device enrols once with a one-time code and receives a credential bound
//! to its scope. It pushes its own change-log rows in its own order
//! (`device_seq`); the server acknowledges a prefix and never accepts the
//! same `(device, seq)` or the same record with different content. It pulls
//! other devices' changes of its scope by a server-assigned cursor, page by
//! page. Requests carry the credential as a bearer token and the protocol
//! version in [`PROTOCOL_HEADER`]; bodies are compressed both ways (zstd, or gzip).
#![deny(missing_docs)]

pub mod bundle;
pub mod catalogue;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The protocol version this build speaks.
pub const PROTOCOL: u32 = 1;

/// The request header that carries [`PROTOCOL`].
pub const PROTOCOL_HEADER: &str = "x-phien-protocol";

/// Largest request body the server accepts, decompressed (bytes).
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// Largest push batch, in items.
pub const MAX_PUSH_ITEMS: usize = 20_000;

/// Largest pull page, in changes.
pub const MAX_PULL: u32 = 20_000;

/// A device's kind, which decides what it may see and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// A transaction point's laptop: its point.
    Point,
    /// A group leader's device: their group.
    GroupLeader,
    /// A district supervisor: every point of the district office.
    Supervisor,
}

impl ScopeKind {
    /// The text form used in files and URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Point => "point",
            ScopeKind::GroupLeader => "group_leader",
            ScopeKind::Supervisor => "supervisor",
        }
    }

    /// Parses [`ScopeKind::as_str`].
    pub fn parse(s: &str) -> Option<ScopeKind> {
        match s {
            "point" => Some(ScopeKind::Point),
            "group_leader" => Some(ScopeKind::GroupLeader),
            "supervisor" => Some(ScopeKind::Supervisor),
            _ => None,
        }
    }
}

/// A device's scope, bound to its credential by the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    /// What kind of device.
    pub kind: ScopeKind,
    /// The district office (PGD) id.
    pub office_id: String,
    /// The point, for point and group-leader devices.
    pub point_id: Option<String>,
    /// The group, for group-leader devices.
    pub group_id: Option<String>,
}

/// `POST /v1/enrol`: redeem a one-time code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrolRequest {
    /// The code an administrator issued.
    pub code: String,
    /// The device's own id (its store's `device.id`).
    pub device_id: String,
    /// A name people recognise ("Laptop điểm Phước Đồng").
    pub device_name: String,
    /// The secret the device made for itself (64 hex digits, 256 random
    /// bits) and sends as `Authorization: Bearer …` from now on. The server
    /// keeps only its hash. Because the device chooses it, a repeated
    /// enrolment request (a lost answer, a duplicated packet) binds the same
    /// credential again instead of replacing it behind the device's back.
    pub credential: String,
    /// The public half of the Ed25519 key the device signs file bundles
    /// with (64 hex digits; [`bundle`]). Absent from devices that never
    /// exchange files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle_key: Option<String>,
}

/// The answer to an enrolment.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EnrolResponse {
    /// What the credential allows.
    pub scope: Scope,
    /// The server's Ed25519 public key (64 hex digits): the device accepts
    /// a bundle reply only if this key signed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_key: Option<String>,
}

/// One of the device's change-log rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushItem {
    /// Its number in the device's series (1, 2, 3… without gaps).
    pub seq: i64,
    /// Table.
    pub entity: String,
    /// Row key.
    pub entity_id: String,
    /// `insert` or `update`.
    pub op: String,
    /// The write's hybrid-logical-clock stamp.
    pub hlc: Option<String>,
    /// The row (insert) or the field operation (update), as the device logged it.
    pub body: Box<RawValue>,
}

/// `POST /v1/push`: the next items of the device's series.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushRequest {
    /// Consecutive items, in order.
    pub items: Vec<PushItem>,
}

/// An item the server set aside (it never blocks the items after it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    /// The item's `seq`.
    pub seq: i64,
    /// Stable code.
    pub code: String,
    /// Vietnamese reason.
    pub reason: String,
}

/// The answer to a push.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PushResponse {
    /// Every item up to this `seq` is settled (stored, recognised as a
    /// repeat, or refused and listed); the client resends anything after it.
    pub acked_through: i64,
    /// Items refused in this push, with reasons.
    pub refused: Vec<Refused>,
}

/// One change in a pull page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PulledChange {
    /// The server's cursor position of this change.
    pub cursor: i64,
    /// The device that made it (`server` for the server's corrections).
    pub device: String,
    /// Its number in that device's series.
    pub seq: i64,
    /// Table.
    pub entity: String,
    /// Row key.
    pub entity_id: String,
    /// `insert` or `update`.
    pub op: String,
    /// The write's stamp.
    pub hlc: Option<String>,
    /// As pushed (an update may have been narrowed to the fields the server kept).
    pub body: Box<RawValue>,
}

/// `GET /v1/pull?after=N&limit=M`: the next page of the device's scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PullResponse {
    /// Changes after the cursor, in cursor order.
    pub changes: Vec<PulledChange>,
    /// The cursor to ask from next (store it with the page).
    pub next: i64,
    /// Whether more changes are waiting.
    pub has_more: bool,
}

/// `GET /v1/status`: what the server knows of the asking device.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatusResponse {
    /// The device, as the credential says.
    pub device_id: String,
    /// Its scope.
    pub scope: Scope,
    /// The last `seq` of its series the server settled.
    pub acked_through: i64,
    /// The newest cursor of its scope.
    pub head: i64,
    /// Items of this device the server refused.
    pub refused: i64,
}

/// An item of the review queue (`GET /v1/reviews`): an edit or an item the
/// server would not take silently, for a supervisor to decide once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewItem {
    /// Its number.
    pub id: i64,
    /// `conflict` (an identity or money field edited on both sides),
    /// `changed_replay` (a device resent a settled item with other content),
    /// `record_conflict` (a record inserted twice with different content).
    pub kind: String,
    /// Table.
    pub entity: String,
    /// Row key.
    pub entity_id: String,
    /// The field, for a field conflict.
    pub field: Option<String>,
    /// What the server kept (JSON).
    pub server_value: Option<String>,
    /// What the device sent (JSON).
    pub device_value: Option<String>,
    /// The device.
    pub device_id: String,
    /// Its item.
    pub device_seq: i64,
    /// When it was queued (RFC 3339).
    pub created_at: String,
    /// When it was decided, once it was.
    pub resolved_at: Option<String>,
    /// The supervisor's device that decided it.
    pub resolved_by: Option<String>,
    /// What was decided.
    pub decision: Option<Decision>,
    /// Why, in the supervisor's words.
    pub note: Option<String>,
}

/// A supervisor's decision on a review item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The server's value stands (the device was already brought back to it).
    KeepServer,
    /// The device's value was right: it becomes the value everywhere. Only
    /// for a field conflict, and only while the server still holds the value
    /// the review recorded.
    TakeDevice,
}

/// `POST /v1/reviews/{id}/resolve`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResolveRequest {
    /// What the supervisor decided.
    pub decision: Decision,
    /// Why (required: the decision is audited).
    pub note: String,
}

/// Every non-2xx answer: a stable code to branch on and a Vietnamese message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// Stable code (`unauthorized`, `revoked`, `bad_request`, `protocol`…).
    pub code: String,
    /// Vietnamese message for people.
    pub message: String,
}

/// At most `max_chars` characters of `value`'s text, with `…` when cut:
/// how a refusal quotes what it refuses. Writing stops at the limit, so
/// quoting a 16 MB value (or an error message that holds one) costs no
/// more than quoting a short one, and never sends the request back.
pub fn excerpt(value: &dyn std::fmt::Display, max_chars: usize) -> String {
    struct Bounded {
        out: String,
        left: usize,
        cut: bool,
    }
    impl std::fmt::Write for Bounded {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            for c in s.chars() {
                if self.left == 0 {
                    self.cut = true;
                    // Stops the formatting of the rest.
                    return Err(std::fmt::Error);
                }
                self.out.push(c);
                self.left -= 1;
            }
            Ok(())
        }
    }
    let mut bounded = Bounded {
        out: String::new(),
        left: max_chars,
        cut: false,
    };
    // An error here is the limit being reached, or the value's own
    // formatting failing: either way what was written so far stands.
    let _ = std::fmt::Write::write_fmt(&mut bounded, format_args!("{value}"));
    if bounded.cut {
        bounded.out.push('…');
    }
    bounded.out
}

/// `GET /v1/integrity?month=YYYY-MM`: the ledger entries of the device's
/// scope whose value date falls in the month, as the server holds them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthDigest {
    /// `YYYY-MM`.
    pub month: String,
    /// Entries.
    pub count: i64,
    /// Sum of their amounts (đồng), wrapping past `i64`: both sides add the
    /// same way, so equal sets still give equal sums, and no amount can
    /// make the check fail.
    pub sum: i64,
    /// XOR of the first 16 bytes of sha256 of each entry id, hex: equal sets
    /// of ids give equal hashes whatever their order.
    pub hash: String,
}

impl MonthDigest {
    /// The digest of `entries` (id, amount).
    pub fn of<'a>(month: &str, entries: impl IntoIterator<Item = (&'a str, i64)>) -> MonthDigest {
        use sha2::{Digest, Sha256};
        let (mut count, mut sum, mut acc) = (0_i64, 0_i64, [0_u8; 16]);
        for (id, amount) in entries {
            count += 1;
            sum = i64::wrapping_add(sum, amount);
            let h = Sha256::digest(id.as_bytes());
            for (a, b) in acc.iter_mut().zip(h.iter()) {
                *a ^= b;
            }
        }
        MonthDigest {
            month: month.to_owned(),
            count,
            sum,
            hash: acc.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }

    /// Whether `text` is a month `YYYY-MM`.
    pub fn valid_month(text: &str) -> bool {
        let b = text.as_bytes();
        b.len() == 7
            && b[4] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || c.is_ascii_digit())
            && matches!(
                &text[5..7],
                "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_digest_does_not_depend_on_order_and_sees_a_missing_entry() {
        let a = MonthDigest::of("2026-10", [("e1", 10_000), ("e2", 25_000), ("e3", 5_000)]);
        let b = MonthDigest::of("2026-10", [("e3", 5_000), ("e1", 10_000), ("e2", 25_000)]);
        assert_eq!(a, b, "two devices list entries in different orders");
        let missing = MonthDigest::of("2026-10", [("e1", 10_000), ("e2", 25_000)]);
        assert_ne!(a.hash, missing.hash);
        assert_eq!((missing.count, missing.sum), (2, 35_000));
        // Same count and sum, another entry: only the hash tells.
        let swapped = MonthDigest::of("2026-10", [("e1", 10_000), ("e2", 25_000), ("e4", 5_000)]);
        assert_eq!((swapped.count, swapped.sum), (a.count, a.sum));
        assert_ne!(
            swapped.hash, a.hash,
            "the hash catches what count and sum cannot"
        );
    }

    #[test]
    fn an_excerpt_is_bounded_whatever_it_quotes() {
        assert_eq!(excerpt(&"ngắn", 10), "ngắn", "a short text is quoted whole");
        let long = "Ầ".repeat(1_000_000);
        let cut = excerpt(&long, 100);
        assert_eq!(
            cut.chars().count(),
            101,
            "100 characters and the ellipsis, counted in characters (never a cut UTF-8 sequence)"
        );
        assert!(cut.ends_with('…'));
        let error = serde_json::from_str::<i64>(&format!("\"{}\"", "\u{7f}".repeat(100_000)))
            .expect_err("a string is not a number");
        assert!(
            excerpt(&error, 200).chars().count() <= 201,
            "an error quoting a huge value stays short"
        );
    }

    #[test]
    fn a_month_digest_of_huge_amounts_wraps_and_still_compares() {
        let a = MonthDigest::of("2026-10", [("e1", i64::MAX), ("e2", i64::MAX), ("e3", 7)]);
        let b = MonthDigest::of("2026-10", [("e3", 7), ("e2", i64::MAX), ("e1", i64::MAX)]);
        assert_eq!(a, b, "the order still does not matter past i64");
        assert_eq!(a.sum, 5, "i64::MAX + i64::MAX + 7 wraps to 5");
    }

    #[test]
    fn months_are_yyyy_mm() {
        assert!(MonthDigest::valid_month("2026-10"));
        for bad in [
            "2026-13", "2026-1", "26-10", "2026/10", "2026-00", "2026-1a", "",
        ] {
            assert!(!MonthDigest::valid_month(bad), "{bad:?}");
        }
    }
}
