//! File bundles for communes with no signal (`phien_wire::bundle`).
//!
//! At the commune: [`export_bundle`] writes every change the server has not
//! acknowledged to a signed file. Nothing is marked: until a reply comes
//! back, the same changes stay pending and go up again with the next sync
//! or the next bundle, and the server recognises them.
//!
//! At the district: the bundle is imported by the administrator
//! (`phien-server import-bundle`) or uploaded from a supervisor's laptop
//! ([`deliver_bundle`]); either way the server settles it as a push and
//! writes a signed reply.
//!
//! Back at the commune: [`accept_reply`] checks the reply was signed by the
//! server this device enrolled with and is meant for this device, stores the
//! acknowledgement (it never moves back) and the refusals, and applies the
//! changes the reply carries — unless the device has pulled since it wrote
//! the bundle, in which case those changes are older than what it holds and
//! are left out.

use chrono::{DateTime, Utc};
use phien_store::Store;
use phien_wire::Refused;
use phien_wire::bundle::{self, BUNDLE_FORMAT, BundleBody, BundleError, REPLY_FORMAT, ReplyBody};

use crate::{Client, Options, Payload, SyncError, incoming, push_item, set_aside, sync_actor};

/// A bundle written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleExport {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Changes it carries.
    pub items: usize,
    /// The first and last of them (this device's numbering).
    pub seqs: Option<(i64, i64)>,
}

/// What accepting a reply did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleAccepted {
    /// Own changes newly acknowledged by this reply.
    pub acknowledged: i64,
    /// Own changes the server refused, with reasons.
    pub refused: Vec<Refused>,
    /// Changes of other devices the reply carried.
    pub received: u64,
    /// Of those, written here.
    pub applied: u64,
    /// Of those, already here.
    pub duplicates: u64,
    /// Of those, set aside here.
    pub quarantined: u64,
    /// The reply's changes were left out: this device pulled since it wrote
    /// the bundle, so it already holds newer ones.
    pub pull_skipped: bool,
    /// More changes wait on the server than one reply carries.
    pub has_more: bool,
    /// Own changes still waiting for the server.
    pub pending: i64,
}

fn file_error(e: BundleError) -> SyncError {
    let code = match e {
        BundleError::Unreadable(_) => "bundle_unreadable",
        BundleError::WrongKind { .. } => "bundle_wrong_kind",
        BundleError::BadSignature => "bad_signature",
    };
    SyncError::Bundle {
        code,
        message: e.to_string(),
    }
}

fn no_key() -> SyncError {
    SyncError::Bundle {
        code: "no_bundle_key",
        message: "máy này đăng ký khi chưa có gói tệp: hãy xin mã mới và đăng ký lại máy".into(),
    }
}

/// Writes every change of this device the server has not acknowledged into
/// a signed bundle, with the device's pull cursor so the reply can bring
/// what the device lacks. Changes nothing in the store.
pub fn export_bundle(store: &Store, now: DateTime<Utc>) -> Result<BundleExport, SyncError> {
    let link = store.sync_link()?.ok_or(SyncError::NotEnrolled)?;
    let key = link
        .bundle_secret
        .as_deref()
        .and_then(bundle::signing_key_from_hex)
        .ok_or_else(no_key)?;
    let items = store
        .outbox(u32::MAX)?
        .into_iter()
        .map(push_item)
        .collect::<Result<Vec<_>, _>>()?;
    let seqs = items.first().zip(items.last()).map(|(a, b)| (a.seq, b.seq));
    let count = items.len();
    let body = BundleBody {
        device_id: store.device_id().to_string(),
        created_at: now.to_rfc3339(),
        pull_after: link.pull_cursor,
        items,
    };
    Ok(BundleExport {
        bytes: bundle::seal(BUNDLE_FORMAT, &body, &key),
        items: count,
        seqs,
    })
}

/// Applies the server's reply to a bundle of this device.
pub fn accept_reply(
    store: &mut Store,
    file: &[u8],
    now: DateTime<Utc>,
) -> Result<BundleAccepted, SyncError> {
    let link = store.sync_link()?.ok_or(SyncError::NotEnrolled)?;
    let server_key = link.server_key.as_deref().ok_or_else(no_key)?;
    let sealed = bundle::unseal(file, REPLY_FORMAT).map_err(file_error)?;
    let reply: ReplyBody = sealed.verify(server_key).map_err(file_error)?;
    let device = store.device_id().to_string();
    if reply.device_id != device {
        return Err(SyncError::Bundle {
            code: "not_for_this_device",
            message: format!(
                "tệp trả lời dành cho máy {}, không phải máy này ({device})",
                reply.device_id
            ),
        });
    }
    let before = link.pushed_seq;
    // The refusals name seqs only; what they were is in this device's log.
    let refused_rows: Vec<_> = reply
        .push
        .refused
        .iter()
        .map(|r| store.changes_after(r.seq - 1, 1))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .map(push_item)
        .collect::<Result<_, _>>()?;
    let refused = set_aside(&reply.push.refused, &refused_rows, &device, now);
    store.acknowledge_push(reply.push.acked_through, &refused)?;
    let mut done = BundleAccepted {
        acknowledged: (reply.push.acked_through - before).max(0),
        refused: reply.push.refused,
        has_more: reply.pull.has_more,
        ..BundleAccepted::default()
    };
    if link.pull_cursor == reply.pull_after {
        let changes = incoming(reply.pull.changes);
        let applied = store.apply_pulled(sync_actor(now), &changes, reply.pull.next)?;
        done.received = changes.len() as u64;
        done.applied = u64::from(applied.applied);
        done.duplicates = u64::from(applied.duplicates);
        done.quarantined = u64::from(applied.quarantined);
    } else {
        done.pull_skipped = true;
    }
    store.record_sync_outcome(now, None)?;
    done.pending = store.sync_link()?.map_or(0, |l| l.pending);
    Ok(done)
}

/// Uploads another device's bundle from this (supervisor's) device, which
/// must be enrolled; returns the server's reply file to carry back.
pub fn deliver_bundle(
    store: &Store,
    file: Vec<u8>,
    options: Options,
) -> Result<Vec<u8>, SyncError> {
    let link = store.sync_link()?.ok_or(SyncError::NotEnrolled)?;
    let client = Client::new(&link.server_url, Some(link.credential), options)?;
    client.exchange(
        reqwest::Method::POST,
        "/v1/bundle",
        Some(&Payload {
            content_type: "application/octet-stream",
            zstd: false,
            bytes: file,
        }),
        // Only a whole reply is worth carrying back: a cut-off one is asked
        // for again (importing twice settles once).
        |bytes| {
            bundle::unseal(bytes, REPLY_FORMAT)
                .map(|_| bytes.to_vec())
                .map_err(|e| e.to_string())
        },
        &mut |_| {},
    )
}
