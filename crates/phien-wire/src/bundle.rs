//! File bundles, for communes with no signal: the device writes its pending
//! changes to a signed file (a USB stick carries it to the district office),
//! the district imports it, and a signed reply file comes back with the
//! acknowledgement and the changes of the device's scope it lacks.
//!
//! A bundle is exactly a push (the same items, the same `seq`s) and a reply
//! is exactly a push answer plus a pull, so the same exactly-once rules hold:
//! a bundle imported twice settles once, a reply accepted twice changes
//! nothing the second time.
//!
//! **File format.** zstd-compressed JSON of a [`Sealed`]: the payload (JSON
//! text of a [`BundleBody`] or [`ReplyBody`]), the signer's Ed25519 public key
//! and the signature of the payload's bytes. The device's key is made at
//! enrolment (only the public half goes to the server); the server's key is
//! made at its first start and told to devices at enrolment. A leaked server
//! database therefore cannot forge a device's bundle.

pub use ed25519_dalek::SigningKey;
use ed25519_dalek::{Signature, Signer, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::{PullResponse, PushItem, PushResponse};

/// [`Sealed::format`] of a device's bundle.
pub const BUNDLE_FORMAT: &str = "phien-bundle/1";

/// [`Sealed::format`] of the server's reply.
pub const REPLY_FORMAT: &str = "phien-reply/1";

/// Largest bundle or reply, decompressed (bytes).
pub const MAX_FILE: usize = 256 * 1024 * 1024;

/// Most changes a reply carries; a reply with more says `has_more` and the
/// device brings another bundle (or syncs online) for the rest.
pub const MAX_REPLY_CHANGES: usize = 200_000;

/// A signed payload, as it sits in the file (before compression).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sealed {
    /// [`BUNDLE_FORMAT`] or [`REPLY_FORMAT`].
    pub format: String,
    /// The signer's Ed25519 public key, 64 hex digits.
    pub signer: String,
    /// Ed25519 signature of `payload`'s UTF-8 bytes, 128 hex digits.
    pub signature: String,
    /// JSON text of a [`BundleBody`] or a [`ReplyBody`].
    pub payload: String,
}

/// What a device's bundle carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BundleBody {
    /// The device whose changes these are.
    pub device_id: String,
    /// When it was written (RFC 3339), for people.
    pub created_at: String,
    /// The device's pull cursor when it wrote the bundle: the reply brings
    /// the changes of its scope after it.
    pub pull_after: i64,
    /// Its change-log rows the server had not acknowledged, in order.
    pub items: Vec<PushItem>,
}

/// What the server's reply carries.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplyBody {
    /// The device the reply is for.
    pub device_id: String,
    /// When the bundle was imported (RFC 3339).
    pub created_at: String,
    /// sha256 of the bundle's payload, hex: which bundle this answers.
    pub bundle: String,
    /// How its items were settled.
    pub push: PushResponse,
    /// The cursor the pull part starts after (the bundle's `pull_after`).
    pub pull_after: i64,
    /// The changes of the device's scope after `pull_after`.
    pub pull: PullResponse,
}

/// Why a file was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// Not a Phiên bundle or reply: it does not decompress or decode.
    Unreadable(String),
    /// A bundle where a reply was expected, or the other way round.
    WrongKind {
        /// What was expected.
        expected: &'static str,
        /// What the file says.
        found: String,
    },
    /// The signature does not match the payload and key: the file was
    /// changed after it was signed, or signed by someone else.
    BadSignature,
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::Unreadable(e) => write!(f, "tệp không phải gói đồng bộ Phiên: {e}"),
            BundleError::WrongKind { expected, found } => {
                write!(f, "tệp là «{found}», không phải «{expected}»")
            }
            BundleError::BadSignature => write!(
                f,
                "chữ ký của tệp không khớp: tệp đã bị sửa sau khi ký, hoặc không do máy này ký"
            ),
        }
    }
}

impl std::error::Error for BundleError {}

/// A new signing key from 32 random bytes (the caller's randomness: this
/// crate makes none).
pub fn signing_key(seed: [u8; 32]) -> SigningKey {
    SigningKey::from_bytes(&seed)
}

/// A signing key from its seed as [`seed_hex`] wrote it.
pub fn signing_key_from_hex(seed: &str) -> Option<SigningKey> {
    let seed: [u8; 32] = unhex(seed)?.try_into().ok()?;
    Some(SigningKey::from_bytes(&seed))
}

/// The secret seed of `key`, as 64 hex digits (to keep it in a file).
pub fn seed_hex(key: &SigningKey) -> String {
    hex(key.as_bytes())
}

/// The public half of `key`, as 64 hex digits.
pub fn public_hex(key: &SigningKey) -> String {
    hex(key.verifying_key().as_bytes())
}

/// Signs `body` with `key` and writes the file's bytes.
pub fn seal<T: Serialize>(format: &str, body: &T, key: &SigningKey) -> Vec<u8> {
    let payload = serde_json::to_string(body).expect("wire types serialise");
    let signature = key.sign(payload.as_bytes());
    let sealed = Sealed {
        format: format.to_owned(),
        signer: public_hex(key),
        signature: hex(&signature.to_bytes()),
        payload,
    };
    let json = serde_json::to_vec(&sealed).expect("wire types serialise");
    zstd::bulk::compress(&json, 3).expect("compressing to memory does not fail")
}

/// Reads a file written by [`seal`] and checks that it is of `format`. The
/// signature is not checked yet: the caller learns who claims to have signed
/// it (from the payload), finds that signer's key, and calls [`Sealed::verify`].
pub fn unseal(bytes: &[u8], format: &'static str) -> Result<Sealed, BundleError> {
    let mut json = Vec::new();
    let mut decoder = zstd::stream::read::Decoder::new(bytes)
        .map_err(|e| BundleError::Unreadable(crate::excerpt(&e, 200)))?;
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut decoder, MAX_FILE as u64 + 1),
        &mut json,
    )
    .map_err(|e| BundleError::Unreadable(format!("giải nén hỏng: {}", crate::excerpt(&e, 200))))?;
    if json.len() > MAX_FILE {
        return Err(BundleError::Unreadable(format!(
            "lớn quá {} MB sau khi giải nén",
            MAX_FILE / (1024 * 1024)
        )));
    }
    let sealed: Sealed = serde_json::from_slice(&json)
        .map_err(|e| BundleError::Unreadable(crate::excerpt(&e, 200)))?;
    if sealed.format != format {
        return Err(BundleError::WrongKind {
            expected: format,
            found: crate::excerpt(&sealed.format, 40),
        });
    }
    Ok(sealed)
}

impl Sealed {
    /// Checks the signature against `key` (64 hex digits, the key the
    /// reader already trusts — never the one the file names) and decodes the payload.
    pub fn verify<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<T, BundleError> {
        let key: [u8; 32] = unhex(key)
            .and_then(|k| k.try_into().ok())
            .ok_or(BundleError::BadSignature)?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| BundleError::BadSignature)?;
        let signature: [u8; 64] = unhex(&self.signature)
            .and_then(|s| s.try_into().ok())
            .ok_or(BundleError::BadSignature)?;
        key.verify(self.payload.as_bytes(), &Signature::from_bytes(&signature))
            .map_err(|_| BundleError::BadSignature)?;
        serde_json::from_str(&self.payload)
            .map_err(|e| BundleError::Unreadable(crate::excerpt(&e, 200)))
    }

    /// Decodes the payload without checking the signature: only to learn
    /// whose key to check it with.
    pub fn claimed<T: serde::de::DeserializeOwned>(&self) -> Result<T, BundleError> {
        serde_json::from_str(&self.payload)
            .map_err(|e| BundleError::Unreadable(crate::excerpt(&e, 200)))
    }

    /// sha256 of the payload, hex.
    pub fn digest(&self) -> String {
        use sha2::{Digest, Sha256};
        hex(&Sha256::digest(self.payload.as_bytes()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> BundleBody {
        BundleBody {
            device_id: "0190f5a0-0000-7000-8000-000000000001".into(),
            created_at: "2026-11-02T01:00:00+00:00".into(),
            pull_after: 7,
            items: vec![PushItem {
                seq: 1,
                entity: "ledger_entry".into(),
                entity_id: "e1".into(),
                op: "insert".into(),
                hlc: None,
                body: serde_json::value::RawValue::from_string(
                    r#"{"id":"e1","amount":250000,"memo":"Thu lãi tổ Phước Đồng"}"#.into(),
                )
                .expect("json"),
            }],
        }
    }

    #[test]
    fn a_sealed_bundle_reads_back_under_its_signers_key() {
        let key = signing_key([7; 32]);
        let file = seal(BUNDLE_FORMAT, &body(), &key);
        let sealed = unseal(&file, BUNDLE_FORMAT).expect("reads");
        let back: BundleBody = sealed.verify(&public_hex(&key)).expect("verifies");
        assert_eq!(back.items.len(), 1);
        assert_eq!(
            back.items[0].body.get(),
            r#"{"id":"e1","amount":250000,"memo":"Thu lãi tổ Phước Đồng"}"#,
            "the item's text survives byte for byte (its hash is what dedupes)"
        );
    }

    #[test]
    fn a_changed_payload_another_key_or_another_kind_is_refused() {
        let key = signing_key([7; 32]);
        let file = seal(BUNDLE_FORMAT, &body(), &key);
        let mut sealed = unseal(&file, BUNDLE_FORMAT).expect("reads");
        let other = public_hex(&signing_key([8; 32]));
        assert_eq!(
            sealed.verify::<BundleBody>(&other).err(),
            Some(BundleError::BadSignature),
            "signed by someone else than the key the reader trusts"
        );
        sealed.payload = sealed.payload.replace("250000", "2500000");
        assert_eq!(
            sealed.verify::<BundleBody>(&public_hex(&key)).err(),
            Some(BundleError::BadSignature),
            "an amount changed after signing"
        );
        assert!(matches!(
            unseal(&file, REPLY_FORMAT),
            Err(BundleError::WrongKind { .. })
        ));
        assert!(matches!(
            unseal(b"not a bundle", BUNDLE_FORMAT),
            Err(BundleError::Unreadable(_))
        ));
    }
}
