//! Importing a device's file bundle (`phien_wire::bundle`): check its
//! signature against the key the device enrolled with, settle its items
//! exactly as a push, and write the signed reply (the acknowledgement and
//! the changes of the device's scope it lacks).
//!
//! Nothing here is new rule: the items go through [`Backend::push`] and the
//! reply's changes through [`Backend::pull`], so a bundle imported twice, or
//! a bundle whose items also arrived online, settles once.

use chrono::{DateTime, Utc};
use phien_wire::bundle::{
    self, BUNDLE_FORMAT, BundleBody, BundleError, MAX_REPLY_CHANGES, REPLY_FORMAT, ReplyBody,
};
use phien_wire::{MAX_PULL, MAX_PUSH_ITEMS, PullResponse, PushResponse, ScopeKind};

use crate::ServerError;
use crate::backend::{Backend, Device, ImportRecord};

/// Who brings the bundle in.
#[derive(Debug, Clone, Copy)]
pub enum Importer<'a> {
    /// The district administrator, on the server's own command line.
    Admin,
    /// An enrolled device uploading it (`POST /v1/bundle`): a supervisor of
    /// the bundle's office, or the device itself.
    Device(&'a Device),
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The reply file's bytes.
    pub reply: Vec<u8>,
    /// The device whose bundle it was.
    pub device_id: String,
    /// Items in the bundle.
    pub items: usize,
    /// Its series is settled through here now.
    pub acked_through: i64,
    /// Items refused (with reasons, in the reply).
    pub refused: usize,
    /// Changes of its scope the reply carries.
    pub changes: usize,
    /// Whether more changes wait than one reply carries.
    pub has_more: bool,
}

impl From<BundleError> for ServerError {
    fn from(e: BundleError) -> Self {
        match e {
            BundleError::BadSignature => ServerError::Forbidden(e.to_string()),
            _ => ServerError::BadRequest(e.to_string()),
        }
    }
}

/// Imports the bundle in `file` brought by `importer`.
pub fn import(
    backend: &dyn Backend,
    file: &[u8],
    importer: Importer<'_>,
    now: DateTime<Utc>,
) -> Result<Imported, ServerError> {
    let sealed = bundle::unseal(file, BUNDLE_FORMAT)?;
    let claimed: BundleBody = sealed.claimed()?;
    if uuid::Uuid::parse_str(&claimed.device_id).is_err() {
        return Err(ServerError::BadRequest(
            "gói ghi mã máy không hợp lệ".into(),
        ));
    }
    let (device, key) = backend.device_by_id(&claimed.device_id)?;
    let Some(key) = key else {
        return Err(ServerError::Forbidden(
            "máy này đăng ký khi chưa có gói tệp; hãy đăng ký lại máy rồi xuất gói mới".into(),
        ));
    };
    // The bundle's own claim only told whose key to try; from here on only
    // what that key signed counts.
    let body: BundleBody = sealed.verify(&key)?;
    let by = match importer {
        Importer::Admin => "admin".to_owned(),
        Importer::Device(d) => {
            let allowed = d.id == device.id
                || (d.scope.kind == ScopeKind::Supervisor
                    && d.scope.office_id == device.scope.office_id);
            if !allowed {
                return Err(ServerError::Forbidden(
                    "chỉ máy giám sát của cùng quận/huyện (hoặc chính máy đó) được nộp gói này"
                        .into(),
                ));
            }
            d.id.clone()
        }
    };
    let items = body.items.len();
    let mut push = PushResponse {
        acked_through: backend.status(&device)?.acked_through,
        refused: Vec::new(),
    };
    let mut rest = body.items;
    while !rest.is_empty() {
        let after = rest.split_off(rest.len().min(MAX_PUSH_ITEMS));
        let chunk = std::mem::replace(&mut rest, after);
        let last = chunk.last().map(|i| i.seq);
        let answer = backend.push(&device, chunk, now)?;
        push.acked_through = answer.acked_through;
        push.refused.extend(answer.refused);
        // A gap (an item the server has not seen before this chunk) stops
        // the series here, as it would online.
        if last.is_some_and(|seq| answer.acked_through < seq) {
            break;
        }
    }
    let mut pull = PullResponse {
        changes: Vec::new(),
        next: body.pull_after,
        has_more: true,
    };
    while pull.has_more && pull.changes.len() < MAX_REPLY_CHANGES {
        let room = (MAX_REPLY_CHANGES - pull.changes.len()).min(MAX_PULL as usize) as u32;
        let page = backend.pull(&device, pull.next, room)?;
        pull.changes.extend(page.changes);
        pull.next = page.next;
        pull.has_more = page.has_more;
    }
    let digest = sealed.digest();
    backend.record_import(&ImportRecord {
        device_id: &device.id,
        bundle: &digest,
        items: items as i64,
        acked_through: push.acked_through,
        refused: push.refused.len() as i64,
        imported_by: &by,
        at: now,
    })?;
    tracing::info!(
        device = %device.id,
        items,
        acked_through = push.acked_through,
        refused = push.refused.len(),
        changes = pull.changes.len(),
        by = %by,
        "bundle imported"
    );
    let summary = Imported {
        reply: Vec::new(),
        device_id: device.id.clone(),
        items,
        acked_through: push.acked_through,
        refused: push.refused.len(),
        changes: pull.changes.len(),
        has_more: pull.has_more,
    };
    let reply = ReplyBody {
        device_id: device.id,
        created_at: now.to_rfc3339(),
        bundle: digest,
        push,
        pull_after: body.pull_after,
        pull,
    };
    Ok(Imported {
        reply: bundle::seal(REPLY_FORMAT, &reply, backend.server_key()),
        ..summary
    })
}
