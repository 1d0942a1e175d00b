//! Command-level tests: the plain command functions over a real temporary
//! SQLite file holding a small demo commune (3 groups, 1 year of sessions up
//! to 15/11/2026, "today" 27/11/2026), and one pass through Tauri's real IPC
//! serialization with the mock runtime.

use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::NaiveDate;
use phien_app::AppState;
use phien_app::commands;
use phien_app::ipc::{CollectionRow, IpcError};
use phien_store::Store;
use serde_json::{Value, json};

#[path = "commands/district.rs"]
mod district;
#[path = "commands/export.rs"]
mod export;
#[path = "commands/report.rs"]
mod report;

const TODAY: &str = "2026-11-27";
const NEXT: &str = "2026-12-15";
const LAST_DEMO_SESSION: &str = "2026-11-15";

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The demo file, generated once per test binary and kept in memory; each
/// test writes its own copy.
fn template() -> &'static [u8] {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("template.db");
        {
            let mut store = Store::open(&path).unwrap();
            let options = phien_demo::DemoOptions {
                seed: 1,
                today: day(TODAY),
                n_groups: 3,
                years: 1,
                commune: 0,
            };
            phien_demo::generate(&mut store, &options).unwrap();
        }
        assert!(
            !dir.path().join("template.db-wal").exists(),
            "closing the store checkpoints the WAL into the file"
        );
        std::fs::read(&path).unwrap()
    })
}

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    state: AppState,
}

fn fixture_on(today: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("phien.db");
    std::fs::write(&path, template()).unwrap();
    let store = Store::open(&path).unwrap();
    Fixture {
        state: AppState::new(store, Some(day(today))),
        path,
        _dir: dir,
    }
}

fn fixture() -> Fixture {
    fixture_on(TODAY)
}

fn first_group(state: &AppState) -> phien_app::ipc::Group {
    commands::groups(state).unwrap().remove(0)
}

/// A row paying exactly what the list shows for a member.
fn paying_what_is_due(m: &phien_app::ipc::MemberDue) -> CollectionRow {
    CollectionRow {
        member_id: m.member_id.clone(),
        interest: m.interest_due,
        principal: m.principal_due,
        ..Default::default()
    }
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn home_shows_the_point_the_next_session_and_the_figures_to_watch() {
    let f = fixture();
    let home = commands::home(&f.state).unwrap();
    assert!(!home.point_name.is_empty() && !home.office_name.is_empty());
    assert_eq!(home.fixed_day, 15);
    assert_eq!(home.today, TODAY);
    assert_eq!(home.next_session_date, NEXT);
    assert_eq!(home.today_session, None, "no session on 27/11");
    assert_eq!(home.sync.state, "not_configured");
    assert_eq!(home.db_path, f.path.display().to_string());
    let w = &home.watch;
    assert!(w.overdue_amount >= 0 && w.arrears_amount >= 0);
    assert!(w.overdue_loans > 0, "the demo has overdue loans on 27/11");
    assert_eq!(w.overdue_loans == 0, w.overdue_amount == 0);
    assert_eq!(w.arrears_loans == 0, w.arrears_amount == 0);
    assert_eq!(w.inactive_loans == 0, w.inactive_amount == 0);
    assert_eq!(w.moved_away_borrowers == 0, w.moved_away_amount == 0);

    let json = serde_json::to_value(&home).unwrap();
    assert_eq!(
        keys(&json),
        [
            "dbPath",
            "fixedDay",
            "nextSessionDate",
            "officeName",
            "pointName",
            "sync",
            "today",
            "todaySession",
            "watch"
        ]
    );
    assert_eq!(
        keys(&json["watch"]),
        [
            "arrearsAmount",
            "arrearsLoans",
            "inactiveAmount",
            "inactiveLoans",
            "movedAwayAmount",
            "movedAwayBorrowers",
            "overdueAmount",
            "overdueLoans"
        ]
    );
    assert_eq!(
        json["sync"],
        json!({ "state": "not_configured", "pending": 0, "quarantined": 0 }),
        "a laptop nobody enrolled: no server, nothing pending"
    );
    assert_eq!(json["todaySession"], Value::Null);
}

#[test]
fn home_on_a_session_day_shows_that_session() {
    let f = fixture_on(LAST_DEMO_SESSION);
    let home = commands::home(&f.state).unwrap();
    assert_eq!(home.next_session_date, LAST_DEMO_SESSION);
    let session = home
        .today_session
        .expect("the demo held a session on 15/11");
    assert_eq!(session.date, LAST_DEMO_SESSION);
    assert!(session.closed);
}

#[test]
fn staff_lists_people_with_their_roles() {
    let f = fixture();
    let staff = commands::staff(&f.state).unwrap();
    let role = |code: &str| {
        staff
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.role.as_str())
    };
    assert_eq!(role("CB01"), Some("team_leader"));
    assert_eq!(role("CB02"), Some("controller"));
    assert_eq!(role("CB03"), Some("teller"));
    assert_eq!(role("CB04"), Some("loan_officer"));
    assert_eq!(role("GS01"), Some("supervisor"));
    assert_eq!(role("HT"), None, "the system account is not a person");
    assert!(staff.iter().all(|s| !s.full_name.is_empty()));
    let json = serde_json::to_value(&staff[0]).unwrap();
    assert_eq!(keys(&json), ["code", "fullName", "role"]);
}

#[test]
fn groups_name_their_association_in_vietnamese() {
    let f = fixture();
    let groups = commands::groups(&f.state).unwrap();
    assert_eq!(groups.len(), 3);
    for g in &groups {
        assert!(
            [
                "Hội Nông dân",
                "Hội Liên hiệp Phụ nữ",
                "Hội Cựu chiến binh",
                "Đoàn Thanh niên"
            ]
            .contains(&g.association.as_str()),
            "{}",
            g.association
        );
        assert!(g.n_members > 0);
        assert!(uuid_like(&g.id));
    }
    let json = serde_json::to_value(&groups[0]).unwrap();
    assert_eq!(
        keys(&json),
        [
            "association",
            "code",
            "id",
            "leaderName",
            "nMembers",
            "name",
            "village"
        ]
    );
}

fn uuid_like(text: &str) -> bool {
    text.len() == 36 && text.chars().filter(|c| *c == '-').count() == 4
}

#[test]
fn collection_list_shows_each_members_dues() {
    let f = fixture();
    let group = first_group(&f.state);
    let list = commands::collection_list(&f.state, &group.id, NEXT).unwrap();
    assert_eq!(list.group, group);
    assert_eq!(list.date, NEXT);
    assert!(!list.members.is_empty());
    for m in &list.members {
        assert!(m.interest_ceiling >= m.interest_due, "{m:?}");
        assert!(m.interest_due >= 0 && m.principal_due >= 0 && m.outstanding >= 0);
        assert!(m.principal_due <= m.outstanding);
    }
    assert!(
        list.members.iter().any(|m| m.interest_due > 0),
        "somebody owes interest a month after the last session"
    );
    let json = serde_json::to_value(&list.members[0]).unwrap();
    assert_eq!(
        keys(&json),
        [
            "customerCode",
            "fullName",
            "interestArrears",
            "interestCeiling",
            "interestDue",
            "memberId",
            "outstanding",
            "principalDue",
            "savingsBalance"
        ]
    );
}

#[test]
fn a_whole_session_opens_collects_and_closes() {
    let f = fixture();
    let s = &f.state;
    assert_eq!(commands::session(s, NEXT).unwrap(), None);

    let opened =
        commands::open_session(s, "CB01", NEXT, "CB01", "CB02", "CB03", 2_000_000).unwrap();
    assert_eq!(opened.date, NEXT);
    assert!(!opened.closed);
    assert_eq!(opened.opening_cash, 2_000_000);
    assert_eq!(opened.expected_cash, 2_000_000);
    assert_eq!(opened.counted_cash, None);
    assert_eq!(commands::session(s, NEXT).unwrap().as_ref(), Some(&opened));

    let again = commands::open_session(s, "CB01", NEXT, "CB01", "CB02", "CB03", 0).unwrap_err();
    assert_eq!(again.code, "session_exists");
    let small =
        commands::open_session(s, "CB01", "2026-12-16", "CB01", "CB01", "CB03", 0).unwrap_err();
    assert_eq!(small.code, "team_too_small");

    let group = first_group(s);
    let list = commands::collection_list(s, &group.id, NEXT).unwrap();
    let rows: Vec<CollectionRow> = list.members.iter().map(paying_what_is_due).collect();
    let cash: i64 = rows.iter().map(|r| r.interest + r.principal).sum();
    assert!(cash > 0);
    let receipt =
        commands::record_collection(s, "CB03", &group.id, NEXT, &rows, None, None).unwrap();
    assert_eq!(receipt.cash, cash);
    assert_eq!(receipt.session_id.as_deref(), Some(opened.id.as_str()));
    assert!(receipt.n_entries > 0);
    assert_eq!(
        keys(&serde_json::to_value(&receipt).unwrap()),
        ["cash", "nEntries", "receipts", "sessionId"]
    );
    let paying = rows.iter().filter(|r| r.interest + r.principal > 0).count();
    assert_eq!(
        receipt.receipts.len(),
        paying,
        "one receipt per member who paid"
    );
    let first = &receipt.receipts[0];
    assert_eq!(
        first.total,
        first.interest + first.principal + first.savings_deposit
    );
    assert!(first.total_in_words.ends_with(" đồng") && !first.member_name.is_empty());

    let session = commands::session(s, NEXT).unwrap().unwrap();
    assert_eq!(session.expected_cash, 2_000_000 + cash);
    assert_eq!(session.handovers.len(), 1);
    let handover = &session.handovers[0];
    assert!(handover.group.contains(&group.code));
    assert_eq!((handover.expected, handover.handed_over), (cash, cash));
    let interest = session
        .totals
        .iter()
        .find(|t| t.kind == "interest_payment")
        .unwrap();
    assert_eq!(interest.label, "Thu lãi");
    assert_eq!(
        interest.amount,
        rows.iter().map(|r| r.interest).sum::<i64>()
    );

    // The count: whole notes up to the expected cash, the rest explained.
    let expected = session.expected_cash;
    let count = vec![
        (500_000, u32::try_from(expected / 500_000).unwrap()),
        (1_000, u32::try_from(expected % 500_000 / 1_000).unwrap()),
    ];
    let counted = expected / 1_000 * 1_000;
    let short = expected - counted;
    if short != 0 {
        let refused = commands::close_session(s, "CB01", NEXT, &count, None).unwrap_err();
        assert_eq!(refused.code, "unexplained_difference");
        assert!(refused.rows.is_none());
    }
    let bad_note = commands::close_session(s, "CB01", NEXT, &[(300_000, 1)], None).unwrap_err();
    assert_eq!(bad_note.code, "invalid_input");
    assert!(bad_note.message.contains("300000"), "{}", bad_note.message);

    let closed =
        commands::close_session(s, "CB01", NEXT, &count, Some("tiền lẻ dưới 1.000 ₫")).unwrap();
    assert!(closed.closed);
    assert_eq!(closed.counted_cash, Some(counted));
    assert_eq!(closed.difference, Some(-short));
    assert_eq!(
        closed.difference_note.as_deref(),
        Some("tiền lẻ dưới 1.000 ₫")
    );
    let home = commands::home(&AppState::new(
        Store::open(&f.path).unwrap(),
        Some(day(NEXT)),
    ))
    .unwrap();
    assert_eq!(home.today_session.map(|t| t.closed), Some(true));

    // A closed session takes nothing more.
    let refused = commands::record_collection(s, "CB03", &group.id, NEXT, &rows[..1], None, None)
        .unwrap_err();
    assert_eq!(refused.code, "session_closed");
    assert!(refused.rows.is_none());
}

#[test]
fn a_closed_demo_session_refuses_a_collection() {
    let f = fixture();
    let group = first_group(&f.state);
    let list = commands::collection_list(&f.state, &group.id, LAST_DEMO_SESSION).unwrap();
    let row = CollectionRow {
        member_id: list.members[0].member_id.clone(),
        savings_deposit: 10_000,
        ..Default::default()
    };
    let err = commands::record_collection(
        &f.state,
        "CB03",
        &group.id,
        LAST_DEMO_SESSION,
        &[row],
        None,
        None,
    )
    .unwrap_err();
    assert_eq!(err.code, "session_closed", "{err}");
}

#[test]
fn a_bad_row_refuses_the_whole_list_with_one_error_per_cell() {
    let f = fixture();
    let s = &f.state;
    let group = first_group(s);
    let list = commands::collection_list(s, &group.id, NEXT).unwrap();
    let owing = list
        .members
        .iter()
        .find(|m| m.interest_ceiling > 0)
        .unwrap();
    let good = list
        .members
        .iter()
        .find(|m| m.member_id != owing.member_id)
        .unwrap();
    let rows = vec![
        paying_what_is_due(good),
        CollectionRow {
            member_id: owing.member_id.clone(),
            interest: owing.interest_ceiling + 1_000,
            savings_deposit: 1_000,
            ..Default::default()
        },
    ];
    let err =
        commands::record_collection(s, "CB03", &group.id, NEXT, &rows, None, None).unwrap_err();
    assert_eq!(err.code, "collection_invalid");
    let bad = err.rows.as_ref().unwrap();
    assert_eq!(bad.len(), 2, "{bad:?}");
    assert!(bad.iter().all(|r| r.member_id == owing.member_id));
    let codes: Vec<(&str, &str)> = bad
        .iter()
        .map(|r| (r.field.as_str(), r.code.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("Thu lãi", "overpayment"),
            ("Gửi tiết kiệm", "deposit_below_minimum")
        ]
    );
    assert!(
        bad[0].message.contains(&owing.full_name),
        "{}",
        bad[0].message
    );

    // Nothing was written: the good row's member still owes the same.
    let after = commands::collection_list(s, &group.id, NEXT).unwrap();
    assert_eq!(after, list);

    // The error on the wire.
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(keys(&json), ["code", "message", "rows"]);
    assert_eq!(json["code"], "collection_invalid");
    assert_eq!(
        keys(&json["rows"][0]),
        ["code", "field", "memberId", "message"]
    );
    assert_eq!(json["rows"][0]["memberId"], owing.member_id.as_str());
}

#[test]
fn a_collection_outside_any_session_is_recorded_without_one() {
    let f = fixture();
    let s = &f.state;
    let group = first_group(s);
    let list = commands::collection_list(s, &group.id, NEXT).unwrap();
    let row = CollectionRow {
        receipt_no: Some("BL-0001".into()),
        ..paying_what_is_due(&list.members[0])
    };
    let receipt =
        commands::record_collection(s, "CB03", &group.id, NEXT, &[row], Some(1), Some("x"))
            .unwrap();
    assert_eq!(receipt.session_id, None);
}

#[test]
fn search_finds_members_with_or_without_diacritics() {
    let f = fixture();
    let group = first_group(&f.state);
    let list = commands::collection_list(&f.state, &group.id, NEXT).unwrap();
    let member = &list.members[0];
    let found = commands::search(&f.state, &member.full_name).unwrap();
    let hit = found
        .iter()
        .find(|m| m.member_id == member.member_id)
        .unwrap();
    assert_eq!(hit.customer_code, member.customer_code);
    assert_eq!(hit.group_id, group.id);
    let folded = phien_core::org::fold_for_search(&member.full_name);
    assert!(
        commands::search(&f.state, &folded)
            .unwrap()
            .iter()
            .any(|m| m.member_id == member.member_id)
    );
    assert!(
        commands::search(&f.state, &member.customer_code)
            .unwrap()
            .iter()
            .any(|m| m.member_id == member.member_id)
    );
    assert_eq!(commands::search(&f.state, "  ").unwrap(), []);
    assert_eq!(
        keys(&serde_json::to_value(hit).unwrap()),
        [
            "citizenId",
            "customerCode",
            "fullName",
            "groupId",
            "memberId",
            "village"
        ]
    );
}

#[test]
fn bad_input_is_refused_with_a_code() {
    let f = fixture();
    let s = &f.state;
    let group = first_group(s);
    let err = commands::collection_list(s, &group.id, "15/12/2026").unwrap_err();
    assert_eq!(err.code, "invalid_input");
    assert!(err.message.contains("15/12/2026"));
    let err = commands::collection_list(s, "T01", NEXT).unwrap_err();
    assert_eq!(err.code, "invalid_input");
    let err =
        commands::collection_list(s, "0196a000-0000-7000-8000-000000000000", NEXT).unwrap_err();
    assert_eq!(err.code, "not_found");
    let err = commands::record_collection(s, "XX99", &group.id, NEXT, &[], None, None).unwrap_err();
    assert_eq!(err.code, "not_found");
    assert!(err.message.contains("XX99"));
    let err = commands::close_session(s, "CB01", NEXT, &[], None).unwrap_err();
    assert_eq!(err.code, "not_found", "no session on 15/12 yet");
    let err = commands::open_session(s, "CB01", NEXT, "CB01", "CB02", "CB03", -1).unwrap_err();
    assert_eq!(err.code, "invalid_amount");

    // Without rows, the error has no `rows` key at all.
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(keys(&json), ["code", "message"]);
    let back: IpcError = serde_json::from_value(json).unwrap();
    assert_eq!(back, err);
}

/// An app on Tauri's mock runtime with the real command handler: `invoke`
/// goes through Tauri's own IPC (camelCase arguments in, the DTOs and the
/// `IpcError` object out), as the UI's `invoke` sees them.
struct MockApp {
    _app: tauri::App<tauri::test::MockRuntime>,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
}

impl MockApp {
    fn new(state: AppState) -> MockApp {
        use tauri::test::{mock_builder, mock_context, noop_assets};
        let app = mock_builder()
            .manage(state)
            .invoke_handler(phien_app::handler())
            .build(mock_context(noop_assets()))
            .unwrap();
        let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        MockApp { _app: app, webview }
    }

    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        use tauri::ipc::{CallbackFn, InvokeBody};
        use tauri::test::{INVOKE_KEY, get_ipc_response};
        use tauri::webview::InvokeRequest;
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                // The app's own origin on Linux (`http://tauri.localhost` is
                // Windows' and counts as remote here: the ACL refuses it).
                url: "tauri://localhost".parse().unwrap(),
                body: InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }
}

/// Through Tauri's own IPC: camelCase arguments in, the DTOs and the
/// `IpcError` object out, as the UI's `invoke` sees them.
#[test]
fn commands_answer_through_tauris_ipc() {
    let f = fixture();
    let app = MockApp::new(f.state);
    let invoke = |cmd: &str, args: Value| app.invoke(cmd, args);

    let home = invoke("home", json!({})).unwrap();
    assert_eq!(home["nextSessionDate"], NEXT);
    assert_eq!(home["sync"]["state"], "not_configured");

    let staff = invoke("staff", json!({})).unwrap();
    assert!(
        staff
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["code"] == "CB03")
    );

    let groups = invoke("groups", json!({})).unwrap();
    let group_id = groups[0]["id"].as_str().unwrap().to_string();

    let list = invoke(
        "collection_list",
        json!({ "groupId": group_id, "date": NEXT }),
    )
    .unwrap();
    let member = list["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["principalDue"] == 0 && m["interestDue"].as_i64().unwrap() > 0)
        .unwrap();
    assert_eq!(list["group"]["id"], group_id.as_str());

    assert_eq!(
        invoke("session", json!({ "date": NEXT })).unwrap(),
        Value::Null
    );
    let opened = invoke(
        "open_session",
        json!({ "actor": "CB01", "date": NEXT, "teamLeader": "CB01", "controller": "CB02",
                "teller": "CB03", "cashFromOffice": 0 }),
    )
    .unwrap();
    assert_eq!(opened["closed"], false);
    assert_eq!(opened["team"].as_array().unwrap().len(), 3);

    let bad_row = json!({ "memberId": member["memberId"], "interest": -5, "principal": 0,
                          "savingsDeposit": 0, "savingsWithdrawal": 0,
                          "interestFromSavings": 0, "receiptNo": null });
    let refused = invoke(
        "record_collection",
        json!({ "actor": "CB03", "groupId": group_id, "date": NEXT, "rows": [bad_row],
                "handedOver": null, "note": null }),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "collection_invalid");
    assert_eq!(refused["rows"][0]["memberId"], member["memberId"]);
    assert_eq!(refused["rows"][0]["code"], "negative_amount");
    assert!(refused["message"].as_str().unwrap().contains("-5"));

    let row = json!({ "memberId": member["memberId"], "interest": member["interestDue"],
                      "principal": member["principalDue"], "savingsDeposit": 0,
                      "savingsWithdrawal": 0, "interestFromSavings": 0, "receiptNo": null });
    let receipt = invoke(
        "record_collection",
        json!({ "actor": "CB03", "groupId": group_id, "date": NEXT, "rows": [row],
                "handedOver": null, "note": null }),
    )
    .unwrap();
    assert_eq!(receipt["sessionId"], opened["id"]);

    let expected = invoke("session", json!({ "date": NEXT })).unwrap()["expectedCash"]
        .as_i64()
        .unwrap();
    let closed = invoke(
        "close_session",
        json!({ "actor": "CB01", "date": NEXT, "count": [[1000, expected / 1000]],
                "note": "tiền lẻ" }),
    )
    .unwrap();
    assert_eq!(closed["closed"], true);
    assert_eq!(closed["countedCash"], expected / 1000 * 1000);

    let found = invoke("search", json!({ "query": member["customerCode"] })).unwrap();
    assert_eq!(found[0]["memberId"], member["memberId"]);

    let err = invoke("collection_list", json!({ "groupId": "T01", "date": NEXT })).unwrap_err();
    assert_eq!(keys(&err), ["code", "message"]);
    assert_eq!(err["code"], "invalid_input");
}

/// Paying exactly what the list shows (`interestDue` and `principalDue`)
/// is accepted for every member, including a member with two loans whose
/// older loan has principal due: the interest split gives a loan repaid
/// today only its after-repayment interest.
#[test]
fn paying_exactly_what_the_list_shows_is_accepted_for_every_member() {
    let f = fixture();
    let s = &f.state;
    for group in commands::groups(s).unwrap() {
        let list = commands::collection_list(s, &group.id, NEXT).unwrap();
        let rows: Vec<CollectionRow> = list.members.iter().map(paying_what_is_due).collect();
        let result = commands::record_collection(s, "CB03", &group.id, NEXT, &rows, None, None);
        assert!(result.is_ok(), "{} {:?}", group.code, result.unwrap_err());
    }
}

/// Every member of every group, with their group.
fn all_members(state: &AppState) -> Vec<(phien_app::ipc::Group, phien_app::ipc::MemberDue)> {
    let mut out = Vec::new();
    for group in commands::groups(state).unwrap() {
        for m in commands::collection_list(state, &group.id, TODAY)
            .unwrap()
            .members
        {
            out.push((group.clone(), m));
        }
    }
    out
}

#[test]
fn statement_shows_the_borrower_their_loans_history_and_status() {
    let f = fixture();
    let s = &f.state;
    let mut measures = Vec::new();
    let mut statuses = Vec::new();
    let mut agencies = Vec::new();
    let mut with_entries = None;
    for (group, due) in all_members(s) {
        let st = commands::statement(s, &due.member_id, TODAY).unwrap();
        assert_eq!(st.date, TODAY);
        let m = &st.member;
        assert_eq!(
            (
                m.member_id.as_str(),
                m.customer_code.as_str(),
                m.full_name.as_str()
            ),
            (
                due.member_id.as_str(),
                due.customer_code.as_str(),
                due.full_name.as_str()
            )
        );
        assert_eq!(
            (
                m.group_id.as_str(),
                m.group_code.as_str(),
                m.group_name.as_str()
            ),
            (group.id.as_str(), group.code.as_str(), group.name.as_str())
        );
        assert!(!m.village.is_empty());
        // The figures agree with the 13/TD list of the same day.
        assert_eq!(st.savings_balance, due.savings_balance, "{}", m.full_name);
        assert_eq!(
            st.loans.iter().map(|l| l.outstanding).sum::<i64>(),
            due.outstanding,
            "{}",
            m.full_name
        );
        for l in &st.loans {
            assert_eq!(l.outstanding, l.current + l.overdue + l.frozen, "{l:?}");
            assert_eq!(l.schedule.iter().map(|i| i.amount).sum::<i64>(), l.amount);
            assert!(l.schedule.windows(2).all(|w| w[0].seq < w[1].seq));
            assert!(!l.program_name.is_empty() && l.term_months > 0);
            let label = match l.status.as_str() {
                "current" => "Trong hạn",
                "overdue" => "Quá hạn",
                "frozen" => "Khoanh nợ",
                "extended" => "Gia hạn",
                "written_off" => "Đã xóa nợ",
                "closed" => "Đã tất toán",
                other => panic!("status {other}"),
            };
            assert_eq!(l.status_label, label);
            for d in &l.decisions {
                assert!(!d.decision_no.is_empty() && !d.detail.is_empty());
                measures.push((l.status.clone(), d.measure_code.clone(), d.measure.clone()));
            }
        }
        assert!(
            st.entries
                .windows(2)
                .all(|w| w[0].value_date <= w[1].value_date)
        );
        for e in &st.entries {
            assert!(
                !e.reversed && e.reverses.is_none(),
                "no reversal in the demo"
            );
            assert!(e.amount > 0 && !e.kind_label.is_empty());
            assert!(e.value_date.as_str() <= TODAY);
        }
        if let Some(c) = &st.current_status {
            statuses.push((c.kind.clone(), c.label.clone(), st.status.len()));
            assert_eq!(Some(c), st.status.last());
        }
        agencies.extend(st.traces.iter().map(|t| t.agency_label.clone()));
        if with_entries.is_none() && st.loans.len() == 1 && !st.entries.is_empty() {
            with_entries = Some(st);
        }
    }
    measures.sort();
    measures.dedup();
    assert_eq!(
        measures,
        [
            ("extended".into(), "extension".into(), "Gia hạn nợ".into()),
            ("frozen".into(), "freeze".into(), "Khoanh nợ".into()),
            ("written_off".into(), "write_off".into(), "Xóa nợ".into()),
        ]
    );
    let kinds: Vec<(&str, &str)> = statuses
        .iter()
        .map(|(k, l, _)| (k.as_str(), l.as_str()))
        .collect();
    assert!(
        kinds.contains(&("moved_away", "Đi khỏi địa phương")),
        "{kinds:?}"
    );
    assert!(kinds.contains(&("returned", "Đã trở về")), "{kinds:?}");
    assert!(kinds.contains(&("deceased", "Đã chết")), "{kinds:?}");
    assert!(agencies.iter().any(|a| a == "Công an"), "{agencies:?}");

    // The wire format.
    let st = with_entries.unwrap();
    let json = serde_json::to_value(&st).unwrap();
    assert_eq!(
        keys(&json),
        [
            "currentStatus",
            "date",
            "entries",
            "loans",
            "member",
            "savingsBalance",
            "status",
            "traces"
        ]
    );
    assert_eq!(
        keys(&json["member"]),
        [
            "birthYear",
            "citizenId",
            "customerCode",
            "fullName",
            "groupCode",
            "groupId",
            "groupName",
            "memberId",
            "phone",
            "village"
        ]
    );
    assert_eq!(
        keys(&json["loans"][0]),
        [
            "accountNo",
            "amount",
            "current",
            "decisions",
            "disbursedOn",
            "frozen",
            "inactive",
            "interestArrears",
            "interestDue",
            "lastActivity",
            "loanId",
            "outstanding",
            "overdue",
            "programName",
            "schedule",
            "status",
            "statusLabel",
            "termMonths"
        ]
    );
    assert_eq!(
        keys(&json["loans"][0]["schedule"][0]),
        ["amount", "dueOn", "seq"]
    );
    assert_eq!(
        keys(&json["entries"][0]),
        [
            "accountNo",
            "amount",
            "entryId",
            "kind",
            "kindLabel",
            "reason",
            "receiptNo",
            "reversed",
            "reverses",
            "sessionId",
            "valueDate"
        ]
    );
    assert_eq!(json["entries"][0]["reverses"], Value::Null);

    let err = commands::statement(s, "0196a000-0000-7000-8000-000000000000", TODAY).unwrap_err();
    assert_eq!(err.code, "not_found");
    let err = commands::statement(s, "KH0001", TODAY).unwrap_err();
    assert_eq!(err.code, "invalid_input");
    let err = commands::statement(s, &st.member.member_id, "27/11/2026").unwrap_err();
    assert_eq!(err.code, "invalid_input");
}

#[test]
fn the_status_timeline_and_tracing_log_of_a_borrower_who_moved_away() {
    let f = fixture();
    let s = &f.state;
    let st = all_members(s)
        .iter()
        .map(|(_, m)| commands::statement(s, &m.member_id, TODAY).unwrap())
        .find(|st| {
            st.current_status
                .as_ref()
                .is_some_and(|c| c.kind == "moved_away")
        })
        .expect("the demo has a borrower who moved away");
    let moved = st.current_status.as_ref().unwrap();
    assert!(!moved.source.is_empty());
    assert!(moved.learned_on.as_str() <= TODAY);
    assert!(!st.traces.is_empty());
    for t in &st.traces {
        assert!(
            ["Công an", "Bảo hiểm xã hội", "Cơ quan thuế", "Cơ quan khác"]
                .contains(&t.agency_label.as_str())
        );
        assert!(t.asked_on >= moved.learned_on);
        assert_eq!(t.answer.is_some(), t.answered_on.is_some());
    }
    let json = serde_json::to_value(&st).unwrap();
    assert_eq!(
        keys(&json["status"][0]),
        [
            "destination",
            "eventId",
            "kind",
            "label",
            "learnedOn",
            "note",
            "source"
        ]
    );
    assert_eq!(
        keys(&json["traces"][0]),
        [
            "agency",
            "agencyLabel",
            "answer",
            "answeredOn",
            "askedOn",
            "eventId",
            "traceId"
        ]
    );
    // Before the bank learned of the move, the status did not hold.
    let day_before = day(&moved.learned_on).pred_opt().unwrap().to_string();
    let earlier = commands::statement(s, &st.member.member_id, &day_before).unwrap();
    assert_ne!(
        earlier.current_status.map(|c| c.kind),
        Some("moved_away".to_string())
    );
}

#[test]
fn a_reversal_restores_the_loans_figures_exactly() {
    let f = fixture();
    let s = &f.state;
    let opened =
        commands::open_session(s, "CB01", NEXT, "CB01", "CB02", "CB03", 1_000_000).unwrap();
    let group = first_group(s);
    let list = commands::collection_list(s, &group.id, NEXT).unwrap();
    let due = list
        .members
        .iter()
        .find(|m| m.principal_due > 0 && m.interest_due > 0)
        .expect("somebody owes principal and interest on 15/12");
    let before = commands::statement(s, &due.member_id, NEXT).unwrap();
    let receipt = commands::record_collection(
        s,
        "CB03",
        &group.id,
        NEXT,
        &[paying_what_is_due(due)],
        None,
        None,
    )
    .unwrap();
    let paid = commands::statement(s, &due.member_id, NEXT).unwrap();
    assert_ne!(paid.loans, before.loans);
    let new: Vec<_> = paid
        .entries
        .iter()
        .filter(|e| !before.entries.iter().any(|b| b.entry_id == e.entry_id))
        .cloned()
        .collect();
    assert_eq!(new.len(), receipt.n_entries);
    assert!(new.iter().any(|e| e.kind == "principal_repayment"));
    assert!(new.iter().any(|e| e.kind == "interest_payment"));

    for e in &new {
        let reversal = commands::reverse_entry(
            s,
            "CB03",
            &e.entry_id,
            "  Ghi nhầm tổ viên  ",
            "CB02",
            "1234",
            NEXT,
        )
        .unwrap();
        assert_eq!(reversal.kind, "reversal");
        assert_eq!(reversal.kind_label, "Hủy bút toán");
        assert_eq!(reversal.reverses.as_deref(), Some(e.entry_id.as_str()));
        assert_eq!(reversal.reason.as_deref(), Some("Ghi nhầm tổ viên"));
        assert_eq!(reversal.amount, e.amount);
        assert_eq!(reversal.account_no, e.account_no);
        assert_eq!(reversal.value_date, NEXT);
        assert_eq!(
            reversal.session_id.as_deref(),
            Some(opened.id.as_str()),
            "recorded in the session open that day"
        );
        assert!(!reversal.reversed);
    }

    let restored = commands::statement(s, &due.member_id, NEXT).unwrap();
    assert_eq!(restored.loans, before.loans, "every figure as before");
    assert_eq!(restored.savings_balance, before.savings_balance);
    assert_eq!(commands::collection_list(s, &group.id, NEXT).unwrap(), list);
    for e in &new {
        let line = restored
            .entries
            .iter()
            .find(|l| l.entry_id == e.entry_id)
            .unwrap();
        assert!(line.reversed, "{line:?}");
        assert!(
            restored
                .entries
                .iter()
                .any(|l| l.reverses.as_deref() == Some(e.entry_id.as_str()))
        );
    }
    assert_eq!(restored.entries.len(), before.entries.len() + 2 * new.len());
    // The session's cash is back to what the office brought.
    let session = commands::session(s, NEXT).unwrap().unwrap();
    assert_eq!(session.expected_cash, 1_000_000);
}

#[test]
fn a_reversal_needs_a_reason_and_a_second_person_with_their_pin() {
    let f = fixture();
    let s = &f.state;
    let (_, due) = all_members(s)
        .into_iter()
        .find(|(_, m)| m.interest_due > 0)
        .unwrap();
    let st = commands::statement(s, &due.member_id, TODAY).unwrap();
    let entry = st
        .entries
        .iter()
        .rev()
        .find(|e| e.kind == "interest_payment")
        .unwrap();
    let id = entry.entry_id.as_str();
    let reverse = |actor: &str, id: &str, reason: &str, approver: &str, pin: &str| {
        commands::reverse_entry(s, actor, id, reason, approver, pin, TODAY)
    };

    let err = reverse("CB03", id, "Ghi nhầm", "CB02", "9999").unwrap_err();
    assert_eq!(err.code, "wrong_pin");
    assert_eq!(err.message, "Mã PIN của người duyệt không đúng");
    let err = reverse("CB03", id, "Ghi nhầm", "CB02", "").unwrap_err();
    assert_eq!(err.code, "wrong_pin");
    // The system account has no PIN: it cannot approve, not even with none.
    let err = reverse("CB03", id, "Ghi nhầm", "HT", "").unwrap_err();
    assert_eq!(err.code, "wrong_pin");
    let err = reverse("CB02", id, "Ghi nhầm", "CB02", "1234").unwrap_err();
    assert_eq!(err.code, "approver_is_recorder");
    assert!(err.message.contains("người khác"), "{}", err.message);
    let err = reverse("CB03", id, "   ", "CB02", "1234").unwrap_err();
    assert_eq!(err.code, "reason_required");
    let err = reverse("CB03", id, "Ghi nhầm", "XX09", "1234").unwrap_err();
    assert_eq!(err.code, "not_found");
    let err = reverse(
        "CB03",
        "0196a000-0000-7000-8000-000000000000",
        "x",
        "CB02",
        "1234",
    )
    .unwrap_err();
    assert_eq!(err.code, "not_found");
    let err = reverse("CB03", "BT-1", "x", "CB02", "1234").unwrap_err();
    assert_eq!(err.code, "invalid_input");
    // Nothing was written by the refusals.
    assert_eq!(commands::statement(s, &due.member_id, TODAY).unwrap(), st);

    // No session on 27/11: the reversal belongs to none and keeps the
    // entry's value date.
    let reversal = reverse("CB03", id, "Thu trùng", "CB02", "1234").unwrap();
    assert_eq!(reversal.session_id, None);
    assert_eq!(reversal.value_date, entry.value_date);
    let err = reverse("CB03", id, "Thu trùng", "CB02", "1234").unwrap_err();
    assert_eq!(err.code, "already_reversed");
    let err = reverse("CB03", &reversal.entry_id, "x", "CB02", "1234").unwrap_err();
    assert_eq!(err.code, "reverse_reversal");
    // The approver may be anyone else with a PIN, the team leader too.
    let other = st
        .entries
        .iter()
        .find(|e| e.kind == "interest_payment" && e.entry_id != id)
        .unwrap();
    let reversal = reverse("CB03", &other.entry_id, "Thu trùng", "CB01", "1234").unwrap();
    assert_eq!(reversal.reverses.as_deref(), Some(other.entry_id.as_str()));
}

#[test]
fn a_reversal_on_a_closed_sessions_day_belongs_to_no_session() {
    let f = fixture();
    let s = &f.state;
    let closed = commands::session(s, LAST_DEMO_SESSION).unwrap().unwrap();
    assert!(closed.closed);
    let (entry, member) = all_members(s)
        .iter()
        .find_map(|(_, m)| {
            commands::statement(s, &m.member_id, LAST_DEMO_SESSION)
                .unwrap()
                .entries
                .into_iter()
                .find(|e| {
                    e.session_id.as_deref() == Some(closed.id.as_str())
                        && e.kind == "interest_payment"
                })
                .map(|e| (e, m.member_id.clone()))
        })
        .unwrap();
    let reversal = commands::reverse_entry(
        s,
        "CB03",
        &entry.entry_id,
        "Thu nhầm người",
        "CB02",
        "1234",
        LAST_DEMO_SESSION,
    )
    .unwrap();
    assert_eq!(reversal.session_id, None);
    // The closed session's cash stays as counted.
    let after = commands::session(s, LAST_DEMO_SESSION).unwrap().unwrap();
    assert!(after.closed);
    assert_eq!(
        (after.expected_cash, after.counted_cash, after.difference),
        (closed.expected_cash, closed.counted_cash, closed.difference)
    );
    let st = commands::statement(s, &member, LAST_DEMO_SESSION).unwrap();
    assert!(
        st.entries
            .iter()
            .any(|e| e.entry_id == entry.entry_id && e.reversed)
    );
}

#[test]
fn a_reversal_never_takes_savings_or_outstanding_below_zero() {
    let f = fixture();
    let s = &f.state;
    // Savings: the member withdraws everything, then a past deposit is reversed.
    let group = first_group(s);
    let list = commands::collection_list(s, &group.id, NEXT).unwrap();
    let saver = list.members.iter().find(|m| m.savings_balance > 0).unwrap();
    let deposit = commands::statement(s, &saver.member_id, NEXT)
        .unwrap()
        .entries
        .into_iter()
        .find(|e| e.kind == "savings_deposit")
        .unwrap();
    let row = CollectionRow {
        member_id: saver.member_id.clone(),
        savings_withdrawal: saver.savings_balance,
        ..Default::default()
    };
    commands::record_collection(s, "CB03", &group.id, NEXT, &[row], None, None).unwrap();
    let err = commands::reverse_entry(s, "CB03", &deposit.entry_id, "x", "CB02", "1234", NEXT)
        .unwrap_err();
    assert_eq!(err.code, "savings_below_zero", "{err}");

    // Outstanding: a disbursement whose loan has been partly repaid.
    let (disbursement, _) = all_members(s)
        .iter()
        .find_map(|(_, m)| {
            let st = commands::statement(s, &m.member_id, TODAY).unwrap();
            let d = st.entries.iter().find(|e| e.kind == "disbursement")?;
            st.entries
                .iter()
                .any(|e| e.kind == "principal_repayment" && e.account_no == d.account_no)
                .then(|| (d.clone(), m.member_id.clone()))
        })
        .expect("a repaid loan disbursed within the demo's year");
    let err = commands::reverse_entry(
        s,
        "CB03",
        &disbursement.entry_id,
        "x",
        "CB02",
        "1234",
        TODAY,
    )
    .unwrap_err();
    assert_eq!(err.code, "outstanding_below_zero", "{err}");
}

#[test]
fn statement_and_reversal_answer_through_tauris_ipc() {
    let f = fixture();
    let (_, due) = all_members(&f.state)
        .into_iter()
        .find(|(_, m)| m.interest_due > 0)
        .unwrap();
    let app = MockApp::new(f.state);
    let st = app
        .invoke(
            "statement",
            json!({ "memberId": due.member_id, "date": TODAY }),
        )
        .unwrap();
    assert_eq!(st["member"]["fullName"], due.full_name.as_str());
    let entry = st["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "interest_payment")
        .unwrap();
    let args = json!({ "actor": "CB03", "entryId": entry["entryId"], "reason": "Thu trùng",
                       "approver": "CB02", "approverPin": "0000", "date": TODAY });
    let err = app.invoke("reverse_entry", args.clone()).unwrap_err();
    assert_eq!(keys(&err), ["code", "message"]);
    assert_eq!(err["code"], "wrong_pin");
    let mut args = args;
    args["approverPin"] = json!("1234");
    let reversal = app.invoke("reverse_entry", args).unwrap();
    assert_eq!(reversal["kind"], "reversal");
    assert_eq!(reversal["reverses"], entry["entryId"]);
    assert_eq!(reversal["reason"], "Thu trùng");
    let after = app
        .invoke(
            "statement",
            json!({ "memberId": due.member_id, "date": TODAY }),
        )
        .unwrap();
    let line = after["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["entryId"] == entry["entryId"])
        .unwrap();
    assert_eq!(line["reversed"], true);
}

// ---- Group page, meetings, borrower status and risk forms

/// (change-log rows, audit events) of the file: what any write adds to.
fn footprint(f: &Fixture) -> (usize, usize) {
    let store = Store::open(&f.path).unwrap();
    (
        store.changes_after(0, u32::MAX).unwrap().len(),
        store.audit_events(u32::MAX).unwrap().len(),
    )
}

/// The refusal's code and message, checking the message is Vietnamese and
/// names `field`.
fn refused<T: std::fmt::Debug>(result: Result<T, IpcError>, field: &str) -> String {
    let e = result.expect_err("should be refused");
    assert!(
        e.message.contains(field),
        "the message names «{field}»: {}",
        e.message
    );
    e.code
}

fn new_meeting(page: &phien_app::ipc::GroupPage, held_on: &str) -> phien_app::ipc::NewMeeting {
    use phien_app::ipc::{Attendance, MeetingDecision, NewMeeting};
    let m = &page.members;
    NewMeeting {
        group_id: page.group.id.clone(),
        held_on: held_on.into(),
        kind: "loan_review".into(),
        agenda: "Bình xét cho vay; bầu tổ trưởng".into(),
        minutes: "Hôm nay, tại nhà văn hóa thôn, tổ họp bình xét cho vay…".into(),
        attendance: m
            .iter()
            .enumerate()
            .map(|(i, x)| Attendance {
                member_id: x.member_id.clone(),
                full_name: String::new(),
                presence: match i {
                    0 => "absent",
                    1 => "represented",
                    _ => "present",
                }
                .into(),
            })
            .collect(),
        decisions: vec![
            MeetingDecision {
                decision: "loan_request".into(),
                member_id: Some(m[1].member_id.clone()),
                program: Some(page.programs[0].code.clone()),
                amount: Some(30_000_000),
                term_months: Some(36),
                approved: Some(true),
                ..MeetingDecision::default()
            },
            MeetingDecision {
                decision: "member_left".into(),
                member_id: Some(m[3].member_id.clone()),
                reason: Some("Chuyển sang tổ khác".into()),
                ..MeetingDecision::default()
            },
            MeetingDecision {
                decision: "leader_elected".into(),
                member_id: Some(m[2].member_id.clone()),
                ..MeetingDecision::default()
            },
            MeetingDecision {
                decision: "text".into(),
                text: Some("Nhắc tổ viên nộp lãi đúng ngày 15".into()),
                ..MeetingDecision::default()
            },
        ],
    }
}

#[test]
fn a_groups_page_shows_members_quality_meetings_and_programs() {
    let f = fixture();
    let group = first_group(&f.state);
    let page = commands::group_page(&f.state, &group.id, TODAY).unwrap();
    assert_eq!(page.group, group);
    assert_eq!(page.date, TODAY);
    assert_eq!(page.members.len() as u32, group.n_members);
    let q = page.quality.as_ref().expect("the group has loans");
    assert!(q.n_loans > 0 && q.outstanding > 0);
    assert_eq!(q.outstanding, q.current + q.overdue + q.frozen);
    assert!(!page.meetings.is_empty(), "the demo holds monthly meetings");
    assert!(
        page.meetings
            .windows(2)
            .all(|w| w[0].held_on >= w[1].held_on),
        "newest first"
    );
    let names: Vec<&str> = page.members.iter().map(|m| m.full_name.as_str()).collect();
    for a in &page.meetings[0].attendance {
        assert!(names.contains(&a.full_name.as_str()), "{a:?}");
    }
    assert!(page.programs.iter().any(|p| p.code == "01"));
    let json = serde_json::to_value(&page).unwrap();
    assert_eq!(
        keys(&json),
        [
            "date", "group", "meetings", "members", "programs", "quality"
        ]
    );
    assert_eq!(
        keys(&json["meetings"][0]),
        [
            "agenda",
            "attendance",
            "decisions",
            "groupId",
            "heldOn",
            "id",
            "kind",
            "minutes",
            "recordedBy"
        ]
    );
    assert_eq!(keys(&json["programs"][0]), ["code", "nameEn", "nameVi"]);
}

#[test]
fn a_loan_review_is_recorded_with_attendance_and_decisions_and_listed_first() {
    let f = fixture();
    let group = first_group(&f.state);
    let page = commands::group_page(&f.state, &group.id, TODAY).unwrap();
    let n_before = page.meetings.len();
    let typed = new_meeting(&page, TODAY);
    let recorded = commands::record_meeting(&f.state, "CB04", &typed).unwrap();
    assert_eq!(recorded.held_on, TODAY);
    assert_eq!(recorded.kind, "loan_review");
    assert_eq!(
        recorded.recorded_by, "Phạm Minh Tuấn",
        "CB04, the loan officer"
    );
    assert_eq!(recorded.minutes, typed.minutes);
    assert_eq!(
        recorded
            .attendance
            .iter()
            .map(|a| (
                a.member_id.as_str(),
                a.full_name.as_str(),
                a.presence.as_str()
            ))
            .collect::<Vec<_>>(),
        page.members
            .iter()
            .enumerate()
            .map(|(i, m)| (
                m.member_id.as_str(),
                m.full_name.as_str(),
                ["absent", "represented"]
                    .get(i)
                    .copied()
                    .unwrap_or("present")
            ))
            .collect::<Vec<_>>()
    );
    let loan = &recorded.decisions[0];
    assert_eq!(
        (
            loan.decision.as_str(),
            loan.member_name.as_deref(),
            loan.amount,
            loan.term_months,
            loan.approved
        ),
        (
            "loan_request",
            Some(page.members[1].full_name.as_str()),
            Some(30_000_000),
            Some(36),
            Some(true)
        )
    );
    assert_eq!(
        recorded
            .decisions
            .iter()
            .map(|d| d.decision.as_str())
            .collect::<Vec<_>>(),
        ["loan_request", "member_left", "leader_elected", "text"]
    );
    let after = commands::group_page(&f.state, &group.id, TODAY).unwrap();
    assert_eq!(after.meetings.len(), n_before + 1);
    assert_eq!(
        after.meetings[0], recorded,
        "the new meeting is listed first"
    );
    assert_eq!(
        after.group.leader_name.as_deref(),
        Some(page.members[2].full_name.as_str()),
        "the elected member leads the group"
    );
}

#[test]
fn a_bad_meeting_is_refused_naming_the_field_and_nothing_is_stored() {
    let f = fixture();
    let group = first_group(&f.state);
    let page = commands::group_page(&f.state, &group.id, TODAY).unwrap();
    let before = footprint(&f);
    let record = |m: &phien_app::ipc::NewMeeting| commands::record_meeting(&f.state, "CB04", m);

    let mut empty = new_meeting(&page, TODAY);
    empty.minutes = "  ".into();
    empty.attendance.clear();
    empty.decisions.clear();
    assert_eq!(
        refused(record(&empty), "Nội dung biên bản"),
        "invalid_meeting"
    );
    let mut nobody = new_meeting(&page, TODAY);
    for a in &mut nobody.attendance {
        a.presence = "absent".into();
    }
    assert_eq!(refused(record(&nobody), "có mặt"), "invalid_meeting");
    let mut stranger = new_meeting(&page, TODAY);
    stranger.attendance[0].member_id = "0193c0de-0000-7000-8000-00000000dead".into();
    assert_eq!(
        refused(record(&stranger), "Người dự họp"),
        "invalid_meeting"
    );
    let tomorrow = new_meeting(&page, "2026-11-28");
    assert_eq!(
        refused(record(&tomorrow), "Ngày họp = «28/11/2026»"),
        "future_date"
    );
    let mut zero = new_meeting(&page, TODAY);
    zero.decisions[0].amount = Some(0);
    assert_eq!(refused(record(&zero), "số tiền"), "invalid_meeting");
    let mut program = new_meeting(&page, TODAY);
    program.decisions[0].program = Some("99".into());
    assert_eq!(
        refused(record(&program), "chương trình cho vay = «99»"),
        "invalid_meeting"
    );
    let mut no_member = new_meeting(&page, TODAY);
    no_member.decisions[1].member_id = None;
    assert_eq!(
        refused(record(&no_member), "Quyết định thứ 2: chưa chọn tổ viên"),
        "invalid_input"
    );
    let mut kind = new_meeting(&page, TODAY);
    kind.kind = "party".into();
    assert_eq!(refused(record(&kind), "Loại cuộc họp"), "invalid_input");
    let ok = new_meeting(&page, TODAY);
    assert_eq!(
        commands::record_meeting(&f.state, "XX99", &ok)
            .unwrap_err()
            .code,
        "not_found"
    );

    assert_eq!(footprint(&f), before, "refused meetings change nothing");
    assert_eq!(
        commands::group_page(&f.state, &group.id, TODAY)
            .unwrap()
            .meetings,
        page.meetings
    );
}

/// A member with loans and no status event yet.
fn member_without_status(state: &AppState) -> phien_app::ipc::Statement {
    all_members(state)
        .iter()
        .map(|(_, m)| commands::statement(state, &m.member_id, TODAY).unwrap())
        .find(|st| st.status.is_empty() && st.loans.iter().any(|l| l.status == "current"))
        .expect("the demo has ordinary borrowers")
}

#[test]
fn a_move_is_recorded_traced_and_answered_and_shows_on_the_statement() {
    let f = fixture();
    let s = &f.state;
    let st = member_without_status(s);
    let id = st.member.member_id.as_str();
    let before = footprint(&f);
    // Refusals first: nothing may change.
    let add = |kind: &str, on: &str, destination: Option<&str>, source: &str| {
        commands::add_status_event(s, "CB04", id, kind, on, destination, source, None)
    };
    assert_eq!(
        refused(
            add("moved_away", TODAY, Some(" "), "Tổ trưởng"),
            "nơi chuyển đến"
        ),
        "invalid_field"
    );
    assert_eq!(
        refused(
            add("moved_away", "2026-11-28", Some("Bình Dương"), "Tổ trưởng"),
            "Ngày biết tin"
        ),
        "future_date"
    );
    assert_eq!(
        refused(
            add("moved_away", TODAY, Some("Bình Dương"), " "),
            "nguồn thông tin"
        ),
        "invalid_field"
    );
    assert_eq!(
        refused(add("emigrated", TODAY, None, "Tổ trưởng"), "Tình trạng"),
        "invalid_input"
    );
    assert_eq!(footprint(&f), before);

    let event = add(
        "moved_away",
        "2026-11-20",
        Some(" Bình Dương "),
        "Tổ trưởng Tổ TK&VV",
    )
    .unwrap();
    assert_eq!(
        (
            event.kind.as_str(),
            event.label.as_str(),
            event.destination.as_deref()
        ),
        ("moved_away", "Đi khỏi địa phương", Some("Bình Dương"))
    );
    let after = commands::statement(s, id, TODAY).unwrap();
    assert_eq!(after.current_status.as_ref(), Some(&event));

    let before = footprint(&f);
    let trace =
        |agency: &str, on: &str| commands::add_trace(s, "CB04", &event.event_id, agency, on);
    assert_eq!(
        refused(trace("police", "2026-11-28"), "Ngày hỏi"),
        "future_date"
    );
    assert_eq!(
        refused(trace("army", TODAY), "Cơ quan được hỏi"),
        "invalid_input"
    );
    assert_eq!(footprint(&f), before);
    let asked = trace("police", "2026-11-21").unwrap();
    assert_eq!(
        (
            asked.agency.as_str(),
            asked.agency_label.as_str(),
            asked.answer.as_deref()
        ),
        ("police", "Công an", None)
    );
    let st = commands::statement(s, id, TODAY).unwrap();
    assert_eq!(st.traces, std::slice::from_ref(&asked));

    let before = footprint(&f);
    let answer = |trace_id: &str, text: &str, on: &str| {
        commands::answer_trace(s, "CB04", trace_id, text, on)
    };
    assert_eq!(
        refused(
            answer(&asked.trace_id, "Tạm trú ở Dĩ An", "2026-11-20"),
            "Ngày trả lời"
        ),
        "invalid_field"
    );
    assert_eq!(
        refused(
            answer(&asked.trace_id, "Tạm trú ở Dĩ An", "2026-11-28"),
            "Ngày trả lời"
        ),
        "future_date"
    );
    assert_eq!(
        refused(answer(&asked.trace_id, "  ", TODAY), "Nội dung trả lời"),
        "invalid_field"
    );
    assert_eq!(
        refused(
            answer(
                "0193c0de-0000-7000-8000-00000000dead",
                "Tạm trú ở Dĩ An",
                TODAY
            ),
            "dòng tra cứu"
        ),
        "not_found"
    );
    assert_eq!(footprint(&f), before, "refused answers change nothing");
    answer(&asked.trace_id, " Tạm trú ở Dĩ An ", TODAY).unwrap();
    let st = commands::statement(s, id, TODAY).unwrap();
    assert_eq!(st.traces[0].answer.as_deref(), Some("Tạm trú ở Dĩ An"));
    assert_eq!(st.traces[0].answered_on.as_deref(), Some(TODAY));

    // A deceased borrower is not traced.
    let dead = add("deceased", TODAY, None, "Trưởng thôn").unwrap();
    assert_eq!(
        commands::add_trace(s, "CB04", &dead.event_id, "police", TODAY)
            .unwrap_err()
            .code,
        "invalid_field"
    );
}

#[test]
fn risk_decisions_are_recorded_with_their_figures_and_bad_ones_change_nothing() {
    use phien_app::ipc::NewDecision;
    let f = fixture();
    let s = &f.state;
    let st = member_without_status(s);
    let loan = st
        .loans
        .iter()
        .find(|l| l.status == "current")
        .unwrap()
        .clone();
    let decision = |measure: &str| NewDecision {
        loan_id: loan.loan_id.clone(),
        decision_no: "31/QĐ-NHCS".into(),
        decided_on: TODAY.into(),
        measure: measure.into(),
        reason: "Lũ cuốn trôi chuồng trại".into(),
        ..NewDecision::default()
    };
    let add = |d: &NewDecision| commands::add_risk_decision(s, "CB04", d);
    let before = footprint(&f);
    assert_eq!(
        refused(add(&decision("write_off")), "Số tiền xóa nợ"),
        "invalid_field"
    );
    let mut zero = decision("write_off");
    zero.principal = Some(0);
    zero.interest = Some(0);
    assert_eq!(refused(add(&zero), "Số tiền xóa nợ"), "invalid_field");
    let mut future = decision("freeze");
    future.decided_on = "2026-11-28".into();
    assert_eq!(refused(add(&future), "Ngày quyết định"), "future_date");
    assert_eq!(
        refused(add(&decision("extension")), "Hạn trả mới"),
        "invalid_input"
    );
    let mut no_number = decision("freeze");
    no_number.decision_no = " ".into();
    assert_eq!(refused(add(&no_number), "Số quyết định"), "invalid_field");
    let mut backwards = decision("freeze");
    backwards.frozen_until = Some("2026-11-01".into());
    assert_eq!(
        refused(add(&backwards), "Khoanh nợ đến ngày"),
        "invalid_field"
    );
    let mut too_much = decision("write_off");
    too_much.principal = Some(loan.outstanding + 1);
    assert!(
        add(&too_much).is_err(),
        "no more than the outstanding is written off"
    );
    assert_eq!(footprint(&f), before, "refused decisions change nothing");

    let mut freeze = decision("freeze");
    freeze.frozen_until = Some("2027-11-26".into());
    let line = add(&freeze).unwrap();
    assert_eq!(
        (
            line.measure_code.as_str(),
            line.measure.as_str(),
            line.detail.as_str(),
            line.frozen_from.as_deref(),
            line.frozen_until.as_deref()
        ),
        (
            "freeze",
            "Khoanh nợ",
            "Từ 27/11/2026 đến 26/11/2027",
            Some(TODAY),
            Some("2027-11-26")
        )
    );
    let after = commands::statement(s, &st.member.member_id, TODAY).unwrap();
    let frozen = after
        .loans
        .iter()
        .find(|l| l.loan_id == loan.loan_id)
        .unwrap();
    assert_eq!(frozen.status, "frozen");
    assert_eq!(frozen.decisions.last(), Some(&line));
    assert_eq!(frozen.frozen, loan.outstanding);

    let mut write_off = decision("write_off");
    write_off.decision_no = "32/QĐ-NHCS".into();
    write_off.interest = Some(10_000);
    let line = add(&write_off).unwrap();
    assert_eq!((line.principal, line.interest), (Some(0), Some(10_000)));
    let json = serde_json::to_value(&line).unwrap();
    assert_eq!(
        keys(&json),
        [
            "decidedOn",
            "decisionNo",
            "detail",
            "frozenFrom",
            "frozenUntil",
            "installmentSeq",
            "interest",
            "measure",
            "measureCode",
            "newDueOn",
            "principal",
            "reason"
        ]
    );
}

#[test]
fn meeting_and_form_commands_answer_through_tauris_ipc() {
    let f = fixture();
    let group = first_group(&f.state);
    let page = commands::group_page(&f.state, &group.id, TODAY).unwrap();
    let typed = serde_json::to_value(new_meeting(&page, TODAY)).unwrap();
    let st = member_without_status(&f.state);
    let loan_id = st
        .loans
        .iter()
        .find(|l| l.status == "current")
        .unwrap()
        .loan_id
        .clone();
    let app = MockApp::new(f.state);
    let page = app
        .invoke("group_page", json!({ "groupId": group.id, "date": TODAY }))
        .unwrap();
    assert_eq!(page["group"]["code"], group.code.as_str());
    let meeting = app
        .invoke(
            "record_meeting",
            json!({ "actor": "CB04", "meeting": typed }),
        )
        .unwrap();
    assert_eq!(meeting["decisions"][0]["decision"], "loan_request");
    assert_eq!(meeting["attendance"][1]["presence"], "represented");
    let mut bad = typed.clone();
    bad["heldOn"] = json!("2026-11-28");
    let err = app
        .invoke("record_meeting", json!({ "actor": "CB04", "meeting": bad }))
        .unwrap_err();
    assert_eq!(keys(&err), ["code", "message"]);
    assert_eq!(err["code"], "future_date");
    let event = app
        .invoke(
            "add_status_event",
            json!({ "actor": "CB04", "memberId": st.member.member_id, "kind": "missing",
                    "learnedOn": TODAY, "destination": null, "source": "Trưởng thôn", "note": null }),
        )
        .unwrap();
    let trace = app
        .invoke(
            "add_trace",
            json!({ "actor": "CB04", "eventId": event["eventId"], "agency": "social_insurance", "askedOn": TODAY }),
        )
        .unwrap();
    assert_eq!(trace["agencyLabel"], "Bảo hiểm xã hội");
    let answered = app
        .invoke(
            "answer_trace",
            json!({ "actor": "CB04", "traceId": trace["traceId"], "answer": "Không có dữ liệu", "answeredOn": TODAY }),
        )
        .unwrap();
    assert_eq!(answered, Value::Null);
    let line = app
        .invoke(
            "add_risk_decision",
            json!({ "actor": "CB04", "decision": { "loanId": loan_id, "decisionNo": "40/QĐ-NHCS",
                    "decidedOn": TODAY, "measure": "extension", "newDueOn": "2027-06-15",
                    "installmentSeq": null, "frozenFrom": null, "frozenUntil": null,
                    "principal": null, "interest": null, "reason": "Hạn hán" } }),
        )
        .unwrap();
    assert_eq!(line["newDueOn"], "2027-06-15");
    assert_eq!(
        line["detail"],
        "Các kỳ đến hạn trước đó chuyển hạn trả đến 15/06/2027"
    );
}

/// A member of the demo with savings and a loan still owing principal.
fn borrower_with_savings(state: &AppState) -> phien_app::ipc::CounterMember {
    all_members(state)
        .iter()
        .map(|(_, m)| commands::counter_member(state, &m.member_id, NEXT).unwrap())
        .find(|c| c.savings_balance > 0 && c.loans.iter().any(|l| l.outstanding > 1_000_000))
        .expect("the demo has a borrower with savings and principal outstanding")
}

fn session_total(session: &phien_app::ipc::Session, kind: &str) -> (u32, i64) {
    session
        .totals
        .iter()
        .find(|t| t.kind == kind)
        .map_or((0, 0), |t| (t.count, t.amount))
}

fn new_loan<'a>(member_id: &'a str, account_no: &'a str) -> commands::NewLoanArgs<'a> {
    commands::NewLoanArgs {
        member_id,
        account_no,
        program_code: "01",
        amount: 30_000_000,
        term_months: 36,
        purpose: "Chăn nuôi bò sinh sản",
        receipt_no: None,
    }
}

#[test]
fn counter_transactions_are_stored_in_the_session_and_move_its_cash() {
    let f = fixture();
    let s = &f.state;
    commands::open_session(s, "CB01", NEXT, "CB01", "CB02", "CB03", 40_000_000).unwrap();
    let before = borrower_with_savings(s);
    let member = before.member.member_id.clone();
    assert_eq!(before.date, NEXT);
    assert_eq!(
        before.min_savings_deposit, 5_000,
        "the demo keeps the default policy"
    );
    assert!(before.programs.iter().any(|p| p.code == "01"));
    let json = serde_json::to_value(&before).unwrap();
    assert_eq!(
        keys(&json),
        [
            "currentStatus",
            "date",
            "loans",
            "member",
            "minSavingsDeposit",
            "programs",
            "savingsBalance"
        ]
    );
    assert_eq!(
        keys(&json["loans"][0]),
        [
            "accountNo",
            "amount",
            "disbursedOn",
            "interestDue",
            "loanId",
            "outstanding",
            "overdue",
            "principalDue",
            "programName",
            "status",
            "statusLabel",
            "undisbursed"
        ]
    );
    let loan = before
        .loans
        .iter()
        .find(|l| l.outstanding > 1_000_000)
        .unwrap();
    assert_eq!(loan.undisbursed, 0, "the demo pays every loan out in full");

    // Principal repaid directly to the team.
    let r = commands::record_counter_entry(
        s,
        "CB03",
        NEXT,
        &member,
        "principal_repayment",
        Some(&loan.loan_id),
        1_000_000,
        Some("BL-Q01"),
    )
    .unwrap();
    assert_eq!(r.entry.kind, "principal_repayment");
    assert_eq!(r.entry.amount, 1_000_000);
    assert_eq!(
        r.entry.account_no.as_deref(),
        Some(loan.account_no.as_str())
    );
    assert_eq!(r.entry.receipt_no.as_deref(), Some("BL-Q01"));
    assert_eq!(r.entry.session_id.as_deref(), Some(r.session.id.as_str()));
    assert_eq!(r.session.expected_cash, 41_000_000);
    assert_eq!(
        session_total(&r.session, "principal_repayment"),
        (1, 1_000_000)
    );
    assert_eq!(
        keys(&serde_json::to_value(&r).unwrap()),
        ["entry", "session"]
    );

    // A deposit and a withdrawal.
    let r = commands::record_counter_entry(
        s,
        "CB03",
        NEXT,
        &member,
        "savings_deposit",
        None,
        50_000,
        None,
    )
    .unwrap();
    assert_eq!(r.session.expected_cash, 41_050_000);
    let r = commands::record_counter_entry(
        s,
        "CB03",
        NEXT,
        &member,
        "savings_withdrawal",
        None,
        20_000,
        None,
    )
    .unwrap();
    assert_eq!(r.entry.account_no, None);
    assert_eq!(r.session.expected_cash, 41_030_000);
    assert_eq!(session_total(&r.session, "savings_deposit"), (1, 50_000));
    assert_eq!(session_total(&r.session, "savings_withdrawal"), (1, 20_000));

    // A new loan, made and paid out at the counter.
    let r =
        commands::disburse_loan(s, "CB03", NEXT, &new_loan(&member, "7700000000000001")).unwrap();
    assert_eq!(r.entry.kind, "disbursement");
    assert_eq!(r.entry.amount, 30_000_000);
    assert_eq!(r.entry.account_no.as_deref(), Some("7700000000000001"));
    assert_eq!(r.session.expected_cash, 11_030_000);
    assert_eq!(session_total(&r.session, "disbursement"), (1, 30_000_000));

    // Stored: a fresh look at the file shows all of it.
    let reopened = AppState::new(Store::open(&f.path).unwrap(), Some(day(NEXT)));
    let after = commands::counter_member(&reopened, &member, NEXT).unwrap();
    assert_eq!(after.savings_balance, before.savings_balance + 30_000);
    let repaid = after
        .loans
        .iter()
        .find(|l| l.loan_id == loan.loan_id)
        .unwrap();
    assert_eq!(repaid.outstanding, loan.outstanding - 1_000_000);
    let made = after
        .loans
        .iter()
        .find(|l| l.account_no == "7700000000000001")
        .unwrap();
    assert_eq!(
        (
            made.amount,
            made.outstanding,
            made.undisbursed,
            made.disbursed_on.as_str()
        ),
        (30_000_000, 30_000_000, 0, NEXT)
    );
    assert_eq!(made.status, "current");
    let statement = commands::statement(&reopened, &member, NEXT).unwrap();
    let terms = statement
        .loans
        .iter()
        .find(|l| l.account_no == "7700000000000001")
        .unwrap();
    assert_eq!(terms.term_months, 36);
    assert_eq!(terms.program_name, "Cho vay hộ nghèo");
    assert_eq!(
        terms.schedule.iter().map(|i| i.amount).sum::<i64>(),
        30_000_000,
        "the schedule covers the loan exactly"
    );
    assert_eq!(
        terms.schedule.last().unwrap().due_on,
        "2029-12-15",
        "maturity"
    );
    assert_eq!(
        commands::session(&reopened, NEXT)
            .unwrap()
            .unwrap()
            .expected_cash,
        11_030_000
    );
}

/// Everything a refused counter transaction could have touched.
fn snapshot(f: &Fixture, member: &str) -> (Value, Value, usize) {
    let member = commands::counter_member(&f.state, member, NEXT).unwrap();
    let session = commands::session(&f.state, NEXT).unwrap();
    let changes = Store::open(&f.path)
        .unwrap()
        .changes_after(0, u32::MAX)
        .unwrap()
        .len();
    (
        serde_json::to_value(member).unwrap(),
        serde_json::to_value(session).unwrap(),
        changes,
    )
}

#[test]
fn refused_counter_transactions_change_nothing() {
    let f = fixture();
    let s = &f.state;
    let no_session = commands::record_counter_entry(
        s,
        "CB03",
        NEXT,
        &borrower_with_savings(s).member.member_id,
        "savings_deposit",
        None,
        50_000,
        None,
    )
    .unwrap_err();
    assert_eq!(no_session.code, "no_session", "{no_session}");
    assert!(no_session.message.contains("15/12/2026"), "{no_session}");

    commands::open_session(s, "CB01", NEXT, "CB01", "CB02", "CB03", 1_000_000).unwrap();
    let c = borrower_with_savings(s);
    let member = c.member.member_id.as_str();
    let loan = c.loans.iter().find(|l| l.outstanding > 1_000_000).unwrap();
    let loan_id = Some(loan.loan_id.as_str());
    let before = snapshot(&f, member);

    let entry = |kind: &str, loan: Option<&str>, amount: i64| {
        commands::record_counter_entry(s, "CB03", NEXT, member, kind, loan, amount, None)
            .unwrap_err()
    };
    let refusals = [
        (
            entry("principal_repayment", loan_id, loan.outstanding + 1),
            "overpayment",
        ),
        (
            entry("savings_withdrawal", None, c.savings_balance + 1),
            "savings_below_zero",
        ),
        (
            entry("savings_deposit", None, c.min_savings_deposit - 1),
            "deposit_below_minimum",
        ),
        (entry("savings_deposit", None, 0), "invalid_amount"),
        (
            entry("principal_repayment", loan_id, -1_000),
            "invalid_amount",
        ),
        (entry("interest_payment", loan_id, 1_000), "invalid_input"),
        (entry("principal_repayment", None, 1_000), "bad_kind"),
        (
            entry("principal_repayment", Some("KU-1"), 1_000),
            "invalid_input",
        ),
        (
            entry("disbursement", loan_id, 1_000),
            "overpayment", // the loan was paid out in full
        ),
        (
            commands::record_counter_entry(
                s,
                "XX99",
                NEXT,
                member,
                "savings_deposit",
                None,
                50_000,
                None,
            )
            .unwrap_err(),
            "not_found",
        ),
        (
            commands::disburse_loan(s, "CB03", NEXT, &new_loan(member, &loan.account_no))
                .unwrap_err(),
            "account_exists",
        ),
        (
            commands::disburse_loan(
                s,
                "CB03",
                NEXT,
                &commands::NewLoanArgs {
                    program_code: "99",
                    ..new_loan(member, "7700000000000002")
                },
            )
            .unwrap_err(),
            "not_found",
        ),
        (
            commands::disburse_loan(
                s,
                "CB03",
                NEXT,
                &commands::NewLoanArgs {
                    amount: 0,
                    ..new_loan(member, "7700000000000002")
                },
            )
            .unwrap_err(),
            "invalid_amount",
        ),
        (
            commands::disburse_loan(
                s,
                "CB03",
                NEXT,
                &commands::NewLoanArgs {
                    term_months: 0,
                    ..new_loan(member, "7700000000000002")
                },
            )
            .unwrap_err(),
            "invalid_input",
        ),
        (
            commands::disburse_loan(s, "CB03", NEXT, &new_loan(member, "77-AB")).unwrap_err(),
            "invalid_field",
        ),
    ];
    for (err, code) in &refusals {
        assert_eq!(err.code, *code, "{err}");
        assert!(!err.message.is_empty());
    }
    assert_eq!(
        snapshot(&f, member),
        before,
        "a refused transaction writes nothing: no entry, no loan, no change-log row"
    );

    // A closed session takes nothing either.
    let expected = commands::session(s, NEXT).unwrap().unwrap().expected_cash;
    commands::close_session(
        s,
        "CB01",
        NEXT,
        &[(1_000, (expected / 1_000) as u32)],
        Some("lẻ"),
    )
    .unwrap();
    let before = snapshot(&f, member);
    let closed = entry("savings_deposit", None, 50_000);
    assert_eq!(closed.code, "session_closed", "{closed}");
    let closed = commands::disburse_loan(s, "CB03", NEXT, &new_loan(member, "7700000000000003"))
        .unwrap_err();
    assert_eq!(closed.code, "session_closed", "{closed}");
    assert_eq!(snapshot(&f, member), before);
}

#[test]
fn counter_commands_answer_through_tauris_ipc() {
    let f = fixture();
    commands::open_session(&f.state, "CB01", NEXT, "CB01", "CB02", "CB03", 5_000_000).unwrap();
    let member = borrower_with_savings(&f.state).member.member_id;
    let app = MockApp::new(f.state);
    let c = app
        .invoke(
            "counter_member",
            json!({ "memberId": member, "date": NEXT }),
        )
        .unwrap();
    assert_eq!(c["minSavingsDeposit"], 5_000);
    let r = app
        .invoke(
            "record_counter_entry",
            json!({ "actor": "CB03", "date": NEXT, "memberId": member, "kind": "savings_deposit",
                    "loanId": null, "amount": 100_000, "receiptNo": null }),
        )
        .unwrap();
    assert_eq!(r["entry"]["kind"], "savings_deposit");
    assert_eq!(r["session"]["expectedCash"], 5_100_000);
    let err = app
        .invoke(
            "record_counter_entry",
            json!({ "actor": "CB03", "date": NEXT, "memberId": member, "kind": "savings_withdrawal",
                    "loanId": null, "amount": 999_999_999, "receiptNo": null }),
        )
        .unwrap_err();
    assert_eq!(keys(&err), ["code", "message"]);
    assert_eq!(err["code"], "savings_below_zero");
    let r = app
        .invoke(
            "disburse_loan",
            json!({ "actor": "CB03", "date": NEXT, "memberId": member, "accountNo": "7700000000000009",
                    "programCode": "01", "amount": 5_000_000, "termMonths": 24,
                    "purpose": "Mua lợn giống", "receiptNo": null }),
        )
        .unwrap();
    assert_eq!(r["entry"]["kind"], "disbursement");
    assert_eq!(r["session"]["expectedCash"], 100_000);
    let list = app
        .invoke(
            "collection_list",
            json!({ "groupId": c["member"]["groupId"], "date": NEXT }),
        )
        .unwrap();
    assert_eq!(list["minSavingsDeposit"], 5_000);
}

// ---- Group leader mode

const STAFF_PIN: &str = "1234";

#[test]
fn a_leaders_month_of_receipts_is_handed_over_at_the_session() {
    let f = fixture();
    let s = &f.state;
    assert_eq!(commands::leader_home(s).unwrap_err().code, "not_signed_in");
    assert_eq!(
        commands::leader_sign_in(s, "TT01", "0000")
            .unwrap_err()
            .code,
        "wrong_pin"
    );
    assert_eq!(
        commands::leader_sign_in(s, "TT01", "").unwrap_err().code,
        "wrong_pin",
        "an empty PIN never signs in"
    );
    assert_eq!(
        s.signed_in_leader(),
        None,
        "refused sign-ins leave officer mode"
    );

    let home = commands::leader_sign_in(s, "TT01", "1111").unwrap();
    assert_eq!(
        home.session_date, NEXT,
        "figures are for the coming session"
    );
    assert_eq!(home.pending_total, 0);
    assert_eq!(home.min_savings_deposit, 5_000);
    let group_id = home.group.id.clone();
    let payer = home
        .members
        .iter()
        .find(|m| m.interest_due > 0)
        .unwrap()
        .clone();
    let saver = home
        .members
        .iter()
        .find(|m| m.member_id != payer.member_id)
        .unwrap()
        .clone();

    let first =
        commands::leader_record_receipt(s, &payer.member_id, payer.interest_due, 10_000).unwrap();
    assert_eq!(first.state, "pending");
    assert_eq!(first.received_on, TODAY);
    assert_eq!(first.total, payer.interest_due + 10_000);
    assert!(
        first.receipt_no.ends_with("/2026/0001"),
        "{}",
        first.receipt_no
    );
    assert!(first.total_in_words.ends_with(" đồng"));

    // A second receipt may not take the member past what they will owe.
    let room = payer.interest_ceiling - payer.interest_due;
    let before = footprint(&f);
    let over = commands::leader_record_receipt(s, &payer.member_id, room + 1, 0).unwrap_err();
    assert_eq!(over.code, "collection_invalid");
    assert_eq!(over.rows.as_ref().unwrap()[0].code, "overpayment");
    let small = commands::leader_record_receipt(s, &saver.member_id, 0, 4_000).unwrap_err();
    assert_eq!(
        small.rows.as_ref().unwrap()[0].code,
        "deposit_below_minimum"
    );
    let empty = commands::leader_record_receipt(s, &saver.member_id, 0, 0).unwrap_err();
    assert_eq!(empty.rows.as_ref().unwrap()[0].code, "empty_receipt");
    assert_eq!(footprint(&f), before, "refused receipts store nothing");

    let wrong = commands::leader_record_receipt(s, &saver.member_id, 0, 5_000).unwrap();
    assert!(wrong.receipt_no.ends_with("/2026/0002"));
    assert_eq!(
        commands::leader_void_receipt(s, &wrong.id, "  ")
            .unwrap_err()
            .code,
        "reason_required"
    );
    let voided = commands::leader_void_receipt(s, &wrong.id, "ghi nhầm người").unwrap();
    assert_eq!(voided.state, "voided");
    assert_eq!(voided.void_reason.as_deref(), Some("ghi nhầm người"));

    let home = commands::leader_home(s).unwrap();
    assert_eq!(
        home.pending_total, first.total,
        "a cancelled receipt is not cash to hand over"
    );
    assert_eq!(home.receipts[0].id, wrong.id, "newest first");
    assert_eq!(
        commands::leader_records(s, &group_id).unwrap_err().code,
        "leader_mode",
        "a leader cannot read the officers' view"
    );
    commands::leader_sign_out(s).unwrap();

    // At the session the officer receives the leader's receipts.
    let records = commands::leader_records(s, &group_id).unwrap();
    assert_eq!(records.receipts.len(), 1);
    assert_eq!(records.total, first.total);
    commands::open_session(s, "CB01", NEXT, "CB01", "CB02", "CB03", 0).unwrap();
    let list = commands::collection_list(s, &group_id, NEXT).unwrap();
    let mut rows: Vec<CollectionRow> = list.members.iter().map(paying_what_is_due).collect();
    let ids = vec![first.id.clone()];
    let short =
        commands::record_group_handover(s, "CB03", &group_id, NEXT, &rows, None, None, &ids)
            .unwrap_err();
    assert_eq!(short.code, "collection_invalid");
    let row = &short.rows.as_ref().unwrap()[0];
    assert_eq!(
        (row.code.as_str(), row.field.as_str()),
        ("receipt_not_posted", "Gửi tiết kiệm"),
        "the member holds a receipt for a 10.000 ₫ deposit the list leaves out"
    );
    assert!(
        commands::session(s, NEXT)
            .unwrap()
            .unwrap()
            .handovers
            .is_empty(),
        "a refused handover records nothing"
    );

    let payer_row = rows
        .iter_mut()
        .find(|r| r.member_id == payer.member_id)
        .unwrap();
    payer_row.savings_deposit = 10_000;
    let cash: i64 = rows
        .iter()
        .map(|r| r.interest + r.principal + r.savings_deposit)
        .sum();
    commands::record_group_handover(s, "CB03", &group_id, NEXT, &rows, None, None, &ids).unwrap();
    assert!(
        commands::leader_records(s, &group_id)
            .unwrap()
            .receipts
            .is_empty()
    );
    let session = commands::session(s, NEXT).unwrap().unwrap();
    assert_eq!(session.handovers[0].handed_over, cash);

    // The leader sees the receipt settled at that session and cannot cancel it.
    commands::leader_sign_in(s, "TT01", "1111").unwrap();
    let home = commands::leader_home(s).unwrap();
    let settled = home.receipts.iter().find(|r| r.id == first.id).unwrap();
    assert_eq!(
        (settled.state.as_str(), settled.session_date.as_deref()),
        ("settled", Some(NEXT))
    );
    assert_eq!(home.pending_total, 0);
    assert_eq!(
        commands::leader_void_receipt(s, &first.id, "nhầm")
            .unwrap_err()
            .code,
        "receipt_settled"
    );
    commands::leader_sign_out(s).unwrap();
    assert_eq!(
        commands::record_group_handover(s, "CB03", &group_id, NEXT, &[], None, None, &ids)
            .unwrap_err()
            .code,
        "receipt_settled",
        "a receipt is handed over once"
    );
}

#[test]
fn a_leader_writes_only_for_their_own_group() {
    let f = fixture();
    let s = &f.state;
    let home = commands::leader_sign_in(s, "TT01", "1111").unwrap();
    let member = home.members.iter().find(|m| m.interest_due > 0).unwrap();
    let receipt =
        commands::leader_record_receipt(s, &member.member_id, member.interest_due, 0).unwrap();
    commands::leader_sign_out(s).unwrap();

    let other = commands::leader_sign_in(s, "TT02", "1111").unwrap();
    assert_ne!(other.group.id, home.group.id);
    assert!(
        !other
            .members
            .iter()
            .any(|m| m.member_id == member.member_id),
        "another group's members are not shown"
    );
    let before = footprint(&f);
    let err = commands::leader_record_receipt(s, &member.member_id, 1_000, 0).unwrap_err();
    assert_eq!(err.code, "unknown_member");
    let err = commands::leader_void_receipt(s, &receipt.id, "thử").unwrap_err();
    assert_eq!(err.code, "not_group_leader");
    assert_eq!(footprint(&f), before);
    commands::leader_sign_out(s).unwrap();
    assert_eq!(
        commands::leader_sign_in(s, "CB02", STAFF_PIN)
            .unwrap_err()
            .code,
        "not_group_leader",
        "the controller's right PIN does not make them a group's leader"
    );
    assert_eq!(s.signed_in_leader(), None);
}

#[test]
fn while_a_leader_is_signed_in_the_shell_refuses_every_officer_command() {
    let f = fixture();
    let app = MockApp::new(fixture().state);
    drop(f);
    let home = app
        .invoke("leader_sign_in", json!({ "code": "TT01", "pin": "1111" }))
        .unwrap();
    assert_eq!(home["sessionDate"], NEXT);
    for (cmd, args) in [
        ("home", json!({})),
        ("groups", json!({})),
        ("search", json!({ "query": "nguyen" })),
        (
            "collection_list",
            json!({ "groupId": home["group"]["id"], "date": NEXT }),
        ),
        ("leader_records", json!({ "groupId": home["group"]["id"] })),
    ] {
        let err = app.invoke(cmd, args).unwrap_err();
        assert_eq!(err["code"], "leader_mode", "{cmd} is an officer command");
        assert!(err["message"].as_str().unwrap().contains("tổ trưởng"));
    }
    assert!(app.invoke("leader_home", json!({})).is_ok());
    app.invoke("leader_sign_out", json!({})).unwrap();
    assert!(
        app.invoke("home", json!({})).is_ok(),
        "signing out gives the app back"
    );
}

/// Fast retries: a loopback server answers at once or not at all.
fn quick() -> phien_sync::Options {
    phien_sync::Options {
        attempts: 2,
        backoff: std::time::Duration::from_millis(10),
        ..phien_sync::Options::default()
    }
}

#[test]
fn sync_now_sends_the_books_to_a_real_server_and_the_home_screen_says_so() {
    let f = fixture();
    let now = chrono::Utc::now();
    let refused = commands::sync_now(&f.path, now, quick()).unwrap_err();
    assert_eq!(
        refused.code, "not_enrolled",
        "a laptop nobody enrolled cannot sync"
    );

    // A real server on loopback (SQLite), the laptop enrolled with a code for its point.
    let dir = tempfile::tempdir().unwrap();
    let backend = std::sync::Arc::new(
        phien_server::sqlite::SqliteBackend::open(&dir.path().join("server.db")).unwrap(),
    );
    let reports = std::sync::Arc::new(phien_server::report::Reports::new(
        dir.path().join("server.reports"),
    ));
    let server =
        phien_server::http::spawn(backend.clone(), reports, "127.0.0.1:0".parse().unwrap())
            .unwrap();
    let point = {
        let store = Store::open(&f.path).unwrap();
        // The office's own rows come from the district's side (a point may
        // not write them): the administrator loads them from this file.
        let loaded = phien_server::office_data::load(
            backend.as_ref(),
            &store.point().unwrap().unwrap().point.office_id.to_string(),
            &store,
            now,
        )
        .unwrap();
        assert!(loaded.refused.is_empty(), "{:?}", loaded.refused);
        store.point().unwrap().unwrap().point
    };
    let code = "ABCD-EFGH-JKLM";
    phien_server::backend::Backend::issue_code(
        backend.as_ref(),
        &phien_server::credentials::digest(&phien_server::credentials::normalise_code(code)),
        &phien_wire::Scope {
            kind: phien_wire::ScopeKind::Point,
            office_id: point.office_id.to_string(),
            point_id: Some(point.id.to_string()),
            group_id: None,
        },
        now,
        now + chrono::Duration::days(1),
    )
    .unwrap();
    {
        let mut store = Store::open(&f.path).unwrap();
        phien_sync::enrol(
            &mut store,
            &format!("http://{server}"),
            code,
            "Laptop",
            now,
            quick(),
        )
        .unwrap();
    }
    let before = commands::home(&f.state).unwrap().sync;
    assert_eq!(before.state, "never");
    assert!(
        before.pending > 1_000,
        "the demo's whole history waits: {}",
        before.pending
    );

    let outcome = commands::sync_now(&f.path, now, quick()).unwrap();
    assert_eq!(
        outcome.acknowledged as i64, before.pending,
        "every change acknowledged"
    );
    assert_eq!(outcome.refused, 0);
    let after = commands::home(&f.state).unwrap().sync;
    assert_eq!(
        (after.state.as_str(), after.pending),
        ("ok", 0),
        "the home screen reads the same file"
    );
    assert!(after.last_sync_at.is_some());

    // The server goes away: the attempt fails with a code, nothing is lost.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    {
        let mut store = Store::open(&f.path).unwrap();
        let link = store.sync_link().unwrap().unwrap();
        store
            .set_sync_link(&phien_store::NewSyncLink {
                server_url: format!("http://{dead}"),
                credential: link.credential,
                scope: link.scope,
                enrolled_at: now,
                bundle_secret: link.bundle_secret,
                server_key: link.server_key,
            })
            .unwrap();
    }
    let failed = commands::sync_now(&f.path, now, quick()).unwrap_err();
    assert_eq!(failed.code, "unreachable");
    let home = commands::home(&f.state).unwrap().sync;
    assert_eq!(home.state, "error", "the failure shows on the home screen");
    assert!(home.last_error.is_some());
}

/// A sync server on loopback (SQLite), as the district runs it.
struct LoopbackServer {
    _dir: tempfile::TempDir,
    backend: std::sync::Arc<phien_server::sqlite::SqliteBackend>,
    url: String,
}

fn loopback_server() -> LoopbackServer {
    let dir = tempfile::tempdir().unwrap();
    let backend = std::sync::Arc::new(
        phien_server::sqlite::SqliteBackend::open(&dir.path().join("server.db")).unwrap(),
    );
    let reports = std::sync::Arc::new(phien_server::report::Reports::new(
        dir.path().join("server.reports"),
    ));
    let addr = phien_server::http::spawn(backend.clone(), reports, "127.0.0.1:0".parse().unwrap())
        .unwrap();
    LoopbackServer {
        _dir: dir,
        backend,
        url: format!("http://{addr}"),
    }
}

impl LoopbackServer {
    /// Issues `code` for the point of the file at `path`, as
    /// `phien-server issue-code --kind point` does, valid until `expires_at`.
    fn issue_point_code(
        &self,
        path: &std::path::Path,
        code: &str,
        expires_at: chrono::DateTime<chrono::Utc>,
    ) {
        let point = Store::open(path).unwrap().point().unwrap().unwrap().point;
        phien_server::backend::Backend::issue_code(
            self.backend.as_ref(),
            &phien_server::credentials::digest(&phien_server::credentials::normalise_code(code)),
            &phien_wire::Scope {
                kind: phien_wire::ScopeKind::Point,
                office_id: point.office_id.to_string(),
                point_id: Some(point.id.to_string()),
                group_id: None,
            },
            expires_at - chrono::Duration::days(7),
            expires_at,
        )
        .unwrap();
    }
}

/// What an enrolment could change in the file: the change log, the audit
/// trail and the sync link.
fn enrolment_footprint(path: &std::path::Path) -> (usize, usize, String) {
    let store = Store::open(path).unwrap();
    (
        store.changes_after(0, u32::MAX).unwrap().len(),
        store.audit_events(u32::MAX).unwrap().len(),
        format!("{:?}", store.sync_link().unwrap()),
    )
}

#[test]
fn enrol_device_links_the_laptop_to_a_real_server_once() {
    let f = fixture();
    let now = chrono::Utc::now();
    let server = loopback_server();
    server.issue_point_code(&f.path, "K7QM-XR3D-9PTA", now + chrono::Duration::days(7));
    let before = enrolment_footprint(&f.path);
    assert_eq!(before.2, "None", "the demo laptop starts unenrolled");
    let enrol = |url: &str, code: &str, name: &str| {
        commands::enrol_device(&f.path, url, code, name, now, quick())
    };
    let name = "Laptop điểm giao dịch";

    // What the officer typed is checked before anything leaves the laptop.
    let cases = [
        ("", "K7QM-XR3D-9PTA", name, "server_url_required"),
        ("   ", "K7QM-XR3D-9PTA", name, "server_url_required"),
        (
            "dongbo.example.vn",
            "K7QM-XR3D-9PTA",
            name,
            "server_url_invalid",
        ),
        (
            "ftp://dongbo.example.vn",
            "K7QM-XR3D-9PTA",
            name,
            "server_url_invalid",
        ),
        ("https://", "K7QM-XR3D-9PTA", name, "server_url_invalid"),
        (
            "https://dong bo.vn",
            "K7QM-XR3D-9PTA",
            name,
            "server_url_invalid",
        ),
        (&server.url, "", name, "enrol_code_required"),
        (&server.url, "K7QM-XR3D", name, "enrol_code_invalid"),
        (&server.url, "K7QM-XR3D-9PTA-X", name, "enrol_code_invalid"),
        (&server.url, "K7QM_XR3D_9PTA", name, "enrol_code_invalid"),
        (&server.url, "K7QM-XR3D-9PTĂ", name, "enrol_code_invalid"),
        (&server.url, "K7QM-XR3D-9PTA", " ", "device_name_invalid"),
        (
            &server.url,
            "K7QM-XR3D-9PTA",
            &"x".repeat(101),
            "device_name_invalid",
        ),
    ];
    for (url, code, device_name, expected) in cases {
        let e = enrol(url, code, device_name).expect_err(expected);
        assert_eq!(e.code, expected, "{url:?} {code:?} {device_name:?}: {e}");
        assert!(!e.message.is_empty());
    }

    // No server at that address: `unreachable`, after the retries.
    let dead = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let e = enrol(&format!("http://{dead}"), "K7QM-XR3D-9PTA", name).unwrap_err();
    assert_eq!(e.code, "unreachable", "{e}");

    // A well-formed code the server never issued, and one that expired.
    let e = enrol(&server.url, "AAAA-BBBB-CCCC", name).unwrap_err();
    assert_eq!(e.code, "bad_code", "{e}");
    assert!(e.message.contains("AAAA-BBBB-CCCC"), "{}", e.message);
    server.issue_point_code(&f.path, "EXPD-EXPD-EXPD", now - chrono::Duration::days(1));
    let e = enrol(&server.url, "EXPD-EXPD-EXPD", name).unwrap_err();
    assert_eq!(e.code, "bad_code", "{e}");
    assert_eq!(
        enrolment_footprint(&f.path),
        before,
        "a refused enrolment stores nothing"
    );

    // The code as the officer might type it: lower case, no dashes, spaces around.
    let state = enrol(&format!("{}/", server.url), "  k7qmxr3d9pta ", name).unwrap();
    assert_eq!(state.state, "never", "enrolled, not synced yet");
    assert_eq!(state.server.as_deref(), Some(server.url.as_str()));
    assert!(
        state.pending > 1_000,
        "the demo's whole history waits to be sent: {}",
        state.pending
    );
    assert_eq!(
        commands::home(&f.state).unwrap().sync,
        state,
        "the home screen reads the same file"
    );
    let devices = phien_server::backend::Backend::devices(server.backend.as_ref()).unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].name, name);

    // Enrolled: a second enrolment is refused before anything is sent, and
    // the link stays as it was.
    let enrolled = enrolment_footprint(&f.path);
    server.issue_point_code(&f.path, "NEWW-CODE-2222", now + chrono::Duration::days(7));
    let e = enrol(&server.url, "NEWW-CODE-2222", name).unwrap_err();
    assert_eq!(e.code, "already_enrolled", "{e}");
    let e = enrol(&format!("http://{dead}"), "NEWW-CODE-2222", name).unwrap_err();
    assert_eq!(e.code, "already_enrolled", "{e}");
    assert_eq!(enrolment_footprint(&f.path), enrolled, "the link is kept");

    // A second laptop: the first laptop's code is used up; the code the
    // refusal above never sent still works.
    let other_dir = tempfile::tempdir().unwrap();
    let other = other_dir.path().join("other.db");
    drop(Store::open(&other).unwrap());
    let e = commands::enrol_device(
        &other,
        &server.url,
        "K7QM-XR3D-9PTA",
        "Laptop 2",
        now,
        quick(),
    )
    .unwrap_err();
    assert_eq!(e.code, "bad_code", "{e}");
    assert_eq!(
        enrolment_footprint(&other).2,
        "None",
        "a refused enrolment stores nothing"
    );
    let state = commands::enrol_device(
        &other,
        &server.url,
        "NEWW-CODE-2222",
        "Laptop 2",
        now,
        quick(),
    )
    .unwrap();
    assert_eq!(state.state, "never");

    // The enrolled laptop syncs, once the administrator has loaded the
    // office's own rows (a point may not write them).
    {
        let store = Store::open(&f.path).unwrap();
        let office = store.point().unwrap().unwrap().point.office_id.to_string();
        phien_server::office_data::load(server.backend.as_ref(), &office, &store, now).unwrap();
    }
    let outcome = commands::sync_now(&f.path, now, quick()).unwrap();
    assert_eq!(outcome.state.state, "ok");
    assert_eq!(outcome.state.pending, 0);
    assert_eq!(
        outcome.state.quarantined,
        0,
        "the laptop's copy of the office's rows goes up as repeats: {:?}",
        Store::open(&f.path).unwrap().sync_quarantine().unwrap()
    );
}

#[test]
fn enrol_device_answers_through_tauris_ipc() {
    let f = fixture();
    let server = loopback_server();
    server.issue_point_code(
        &f.path,
        "K7QM-XR3D-9PTA",
        chrono::Utc::now() + chrono::Duration::days(7),
    );
    let path = f.path.clone();
    let app = MockApp::new(f.state);
    let refused = app
        .invoke(
            "enrol_device",
            json!({ "serverUrl": "", "code": "K7QM-XR3D-9PTA", "deviceName": "Laptop" }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "server_url_required");
    let state = app
        .invoke(
            "enrol_device",
            json!({ "serverUrl": server.url, "code": "k7qm-xr3d-9pta", "deviceName": "Laptop" }),
        )
        .unwrap();
    assert_eq!(state["state"], "never");
    assert_eq!(state["server"], server.url.as_str());
    assert_eq!(app.invoke("home", json!({})).unwrap()["sync"], state);
    let refused = app
        .invoke(
            "enrol_device",
            json!({ "serverUrl": server.url, "code": "K7QM-XR3D-9PTA", "deviceName": "Laptop" }),
        )
        .unwrap_err();
    assert_eq!(refused["code"], "already_enrolled");
    assert!(Store::open(&path).unwrap().sync_link().unwrap().is_some());
}
