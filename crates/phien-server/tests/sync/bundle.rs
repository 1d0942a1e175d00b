//! File bundles (USB stick) for communes with no signal: the same
//! exactly-once rules as online sync, and nothing accepted that its key did
//! not sign.

use std::path::{Path, PathBuf};

use phien_wire::bundle::{self, BUNDLE_FORMAT, BundleBody, REPLY_FORMAT, ReplyBody};

use crate::harness::{self, Device, Server, deposits, edit_member, member_field};
use crate::synced_tables;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the stick is writable");
    path
}

fn export(device: &mut Device, dir: &Path, name: &str) -> (PathBuf, phien_sync::BundleExport) {
    let now = device.now();
    let export = phien_sync::export_bundle(&device.store, now).expect("the bundle is written");
    (write(dir, name, &export.bytes), export)
}

fn accept(device: &mut Device, reply: &Path) -> phien_sync::BundleAccepted {
    try_accept(
        device,
        &std::fs::read(reply).expect("the reply is readable"),
    )
    .expect("the reply is accepted")
}

fn try_accept(
    device: &mut Device,
    bytes: &[u8],
) -> Result<phien_sync::BundleAccepted, phien_sync::SyncError> {
    let now = device.now();
    phien_sync::accept_reply(&mut device.store, bytes, now)
}

fn pending(device: &Device) -> i64 {
    device
        .store
        .sync_link()
        .expect("readable")
        .expect("enrolled")
        .pending
}

/// The month's ledger entries as the supervisor's laptop holds them.
fn entries(device: &Device) -> usize {
    device.rows("ledger_entry").len()
}

#[test]
fn a_commune_with_no_signal_syncs_through_files_exactly_once() {
    // Set up at the district office, online, once.
    let harness::District {
        server,
        mut a,
        mut s,
        staff,
        built,
        ..
    } = harness::district(2);
    let stick = tempfile::tempdir().expect("a USB stick");
    let before = entries(&s);
    // The district corrects a member's phone: the commune does not know yet.
    let member = built.members[0][1];
    edit_member(&mut s, staff, member, "phone", "0905123456");
    s.sync();

    // Back at the commune, no signal: a transaction day, a bundle, then
    // three late receipts and a second bundle (which carries all fifteen).
    deposits(&mut a, staff, built.members[1][0], 12);
    let (first, one) = export(&mut a, stick.path(), "dot1.phien");
    assert_eq!(one.items, 12, "everything the server has not acknowledged");
    deposits(&mut a, staff, built.members[1][0], 3);
    let (second, two) = export(&mut a, stick.path(), "dot2.phien");
    assert_eq!(
        two.items, 15,
        "exporting marks nothing: the first twelve go again"
    );
    assert_eq!(
        pending(&a),
        15,
        "still pending until a reply says otherwise"
    );

    // At the district: the administrator imports the first bundle — and by
    // mistake a second copy of it.
    let reply1 = stick.path().join("dot1.reply.phien");
    let said = server
        .import_bundle(&first, &reply1)
        .expect("the administrator imports the bundle");
    assert!(
        said.contains("12 thay đổi trong gói"),
        "it says what it took: {said}"
    );
    let reply1_again = stick.path().join("dot1.again.phien");
    server
        .import_bundle(&first, &reply1_again)
        .expect("a second copy imports too");
    s.sync();
    assert_eq!(
        entries(&s),
        before + 12,
        "twelve entries reached the district once, not twice"
    );

    // The second bundle, uploaded from the supervisor's laptop.
    let reply2 = phien_sync::deliver_bundle(
        &s.store,
        std::fs::read(&second).expect("readable"),
        harness::options(),
    )
    .expect("the supervisor delivers the bundle");
    let reply2 = write(stick.path(), "dot2.reply.phien", &reply2);
    s.sync();
    assert_eq!(
        entries(&s),
        before + 15,
        "the second bundle added only the three the first did not carry"
    );

    // Back at the commune.
    let done = accept(&mut a, &reply1);
    assert_eq!(done.acknowledged, 12);
    assert!(!done.pull_skipped && done.applied >= 1, "{done:?}");
    assert_eq!(
        member_field(&a, member, "phone").as_deref(),
        Some("0905123456"),
        "the district's correction came back with the reply"
    );
    assert_eq!(pending(&a), 3);
    let again = accept(&mut a, &reply1_again);
    assert_eq!(
        (again.acknowledged, again.received, again.pull_skipped),
        (0, 0, true),
        "an answer to the same bundle changes nothing the second time: {again:?}"
    );
    let done = accept(&mut a, &reply2);
    assert_eq!(done.acknowledged, 3);
    assert!(
        done.pull_skipped,
        "its changes are older than what the laptop now holds"
    );
    assert_eq!(pending(&a), 0, "every change is acknowledged");

    // When signal returns, nothing is sent twice and both sides agree.
    let online = a.sync();
    assert_eq!((online.sent, online.received), (0, 0), "{online:?}");
    for table in synced_tables() {
        assert_eq!(s.rows(table), a.rows(table), "{table}: both sides agree");
    }
    let now = a.now();
    let check =
        phien_sync::check_month(&mut a.store, "2026-10", now, harness::options()).expect("checks");
    assert!(check.matches && !check.repaired, "{check:?}");
    assert_eq!(check.server.count, 15);
    a.integrity_ok();
}

#[test]
fn a_forged_changed_or_misdirected_file_changes_nothing() {
    let harness::District {
        server,
        mut a,
        mut s,
        office,
        staff,
        built,
        ..
    } = harness::district(1);
    let stick = tempfile::tempdir().expect("a USB stick");
    let before = entries(&s);
    deposits(&mut a, staff, built.members[0][0], 4);
    let (_, written) = export(&mut a, stick.path(), "dot.phien");
    let sealed = bundle::unseal(&written.bytes, BUNDLE_FORMAT).expect("reads");

    // An amount changed on the stick after signing.
    let mut changed = sealed.clone();
    changed.payload = changed.payload.replace("10000", "100000");
    assert_ne!(
        changed.payload, sealed.payload,
        "the forgery changed an amount"
    );
    let changed = rezip(&changed);
    let refused = server
        .import_bundle(
            &write(stick.path(), "changed.phien", &changed),
            &stick.path().join("r"),
        )
        .expect_err("a changed bundle is refused");
    assert!(refused.contains("chữ ký"), "it says why: {refused}");
    // Signed properly, but by a key that is not the device's.
    let body: BundleBody = sealed.claimed().expect("decodes");
    let impostor = bundle::seal(BUNDLE_FORMAT, &body, &bundle::signing_key([9; 32]));
    let (status, answer) = upload(&server, &s.credential(), impostor);
    assert_eq!(
        (status, answer["code"].as_str()),
        (403, Some("forbidden")),
        "{answer}"
    );
    // Not a bundle at all.
    let (status, answer) = upload(&server, &s.credential(), b"PK\x03\x04 an xlsx".to_vec());
    assert_eq!(
        (status, answer["code"].as_str()),
        (400, Some("bad_request"))
    );

    // Another office's supervisor may not deliver it.
    let mut far = Device::new();
    let (other_office, _) = harness::office(&mut far, "QL02");
    far.enrol(
        &server,
        &server.code("supervisor", other_office, None, None),
    );
    let (status, answer) = upload(&server, &far.credential(), written.bytes.clone());
    assert_eq!((status, answer["code"].as_str()), (403, Some("forbidden")));
    s.sync();
    assert_eq!(entries(&s), before, "nothing of the refused files got in");

    // A reply must come from this server and be meant for this laptop.
    let good = server
        .import_bundle(
            &write(stick.path(), "dot.phien", &written.bytes),
            &stick.path().join("reply.phien"),
        )
        .map(|_| std::fs::read(stick.path().join("reply.phien")).expect("readable"))
        .expect("the real bundle imports");
    let reply: ReplyBody = bundle::unseal(&good, REPLY_FORMAT)
        .expect("reads")
        .claimed()
        .expect("decodes");
    let forged = bundle::seal(REPLY_FORMAT, &reply, &bundle::signing_key([9; 32]));
    let err = try_accept(&mut a, &forged).expect_err("signed by someone else");
    assert_eq!(err.code(), "bad_signature");
    let err = try_accept(&mut a, &written.bytes).expect_err("a bundle is not a reply");
    assert_eq!(err.code(), "bundle_wrong_kind");
    let err = try_accept(&mut a, b"garbage").expect_err("not a file of ours");
    assert_eq!(err.code(), "bundle_unreadable");
    assert_eq!(pending(&a), 4, "none of those acknowledged anything");

    // The real reply, on another enrolled laptop of the same point: refused.
    let mut b = Device::new();
    b.enrol(
        &server,
        &server.code("point", office, Some(built.point), None),
    );
    let err = try_accept(&mut b, &good).expect_err("meant for another laptop");
    assert_eq!(err.code(), "not_for_this_device");
    assert_eq!(accept_bytes(&mut a, &good).acknowledged, 4);

    // A revoked laptop's bundle is refused too.
    deposits(&mut a, staff, built.members[0][0], 1);
    let (file, _) = export(&mut a, stick.path(), "late.phien");
    server.revoke(&a.id());
    let refused = server
        .import_bundle(&file, &stick.path().join("late.reply"))
        .expect_err("revoked");
    assert!(refused.contains("thu hồi"), "{refused}");
}

fn accept_bytes(device: &mut Device, bytes: &[u8]) -> phien_sync::BundleAccepted {
    try_accept(device, bytes).expect("accepted")
}

/// A sealed file written again without signing again (what a forger can do).
fn rezip(sealed: &bundle::Sealed) -> Vec<u8> {
    zstd::bulk::compress(&serde_json::to_vec(sealed).expect("json"), 3).expect("compresses")
}

/// `POST /v1/bundle` with `credential`.
fn upload(server: &Server, credential: &str, file: Vec<u8>) -> (u16, serde_json::Value) {
    let resp = reqwest::blocking::Client::new()
        .post(format!("{}/v1/bundle", server.url))
        .header(
            phien_wire::PROTOCOL_HEADER,
            phien_wire::PROTOCOL.to_string(),
        )
        .bearer_auth(credential)
        .body(file)
        .send()
        .expect("the server answers");
    let status = resp.status().as_u16();
    let bytes = resp.bytes().expect("a body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}
