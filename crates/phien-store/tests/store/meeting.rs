//! Group meetings with attendance and structured decisions (`Tx::insert_meeting`).

use phien_core::ids::MeetingId;
use phien_core::meeting::{Decision, Meeting, MeetingKind, Presence};
use phien_core::money::Dong;
use phien_core::program::ProgramCode;
use phien_store::StoreError;

use crate::fixture::{Fixture, day};
use crate::refusal;

fn insert(fx: &mut Fixture, meeting: &Meeting) -> Result<(), StoreError> {
    let actor = fx.actor(&fx.team_leader);
    fx.store
        .write(actor, "insert_meeting", "", |tx| tx.insert_meeting(meeting))
}

/// A meeting of group `g` with everyone listed in the order the group's
/// members come from the store (by name), all present but the last.
fn meeting(fx: &mut Fixture, g: usize, kind: MeetingKind, decisions: Vec<Decision>) -> Meeting {
    let members = fx
        .store
        .members_of_group(fx.groups[g].id)
        .expect("members readable");
    let n = members.len();
    Meeting {
        id: MeetingId(fx.store.new_id()),
        group_id: fx.groups[g].id,
        held_on: day(2025, 6, 10),
        kind,
        agenda: "Bình xét cho vay; bầu tổ trưởng".into(),
        attendance: members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    m.id,
                    if i + 1 == n {
                        Presence::Absent
                    } else {
                        Presence::Present
                    },
                )
            })
            .collect(),
        decisions,
        minutes: "Hôm nay, ngày 10/6/2025, tại nhà văn hóa thôn…".into(),
        recorded_by: fx.team_leader.id,
    }
}

#[test]
fn a_meeting_round_trips_with_attendance_and_decisions() {
    let mut fx = Fixture::new();
    let m = fx.groups[0]
        .members
        .iter()
        .map(|m| m.id)
        .collect::<Vec<_>>();
    let decisions = vec![
        Decision::LoanRequest {
            member_id: m[3],
            program: ProgramCode("01".into()),
            amount: Dong(50_000_000),
            term_months: 60,
            approved: true,
            note: None,
        },
        Decision::LoanRequest {
            member_id: m[4],
            program: ProgramCode("06".into()),
            amount: Dong(100_000_000),
            term_months: 36,
            approved: false,
            note: Some("Chưa có phương án sản xuất".into()),
        },
        Decision::MemberLeft {
            member_id: m[2],
            reason: "Chuyển sang tổ khác".into(),
        },
        Decision::Text {
            text: "Nhắc tổ viên nộp lãi đúng ngày 15".into(),
        },
    ];
    let recorded = meeting(&mut fx, 0, MeetingKind::LoanReview, decisions);
    insert(&mut fx, &recorded).expect("a valid meeting");
    let read = fx
        .store
        .meetings(fx.groups[0].id)
        .expect("meetings readable");
    assert_eq!(
        read,
        vec![recorded],
        "a meeting reads back exactly as recorded: attendance in the order typed, decisions in order"
    );
    assert!(
        fx.store
            .meetings(fx.groups[1].id)
            .expect("readable")
            .is_empty(),
        "the other group held no meeting"
    );
}

#[test]
fn electing_a_leader_makes_them_the_groups_leader() {
    let mut fx = Fixture::new();
    let group_leader = |fx: &Fixture| {
        fx.store
            .groups()
            .expect("groups readable")
            .into_iter()
            .find(|g| g.code == fx.groups[0].code)
            .expect("T01 exists")
            .leader_name
    };
    assert_eq!(
        group_leader(&fx).as_deref(),
        Some("Nguyễn Thị Hoa"),
        "the fixture's first member leads T01"
    );
    let elected = fx.groups[0].members[3].id;
    let election = meeting(
        &mut fx,
        0,
        MeetingKind::Election,
        vec![Decision::LeaderElected { member_id: elected }],
    );
    insert(&mut fx, &election).expect("an election");
    assert_eq!(
        group_leader(&fx).as_deref(),
        Some("Phạm Văn Đức"),
        "the elected member now leads the group"
    );
    let other = fx
        .store
        .groups()
        .expect("groups readable")
        .into_iter()
        .find(|g| g.code == fx.groups[1].code)
        .expect("T02 exists");
    assert_eq!(
        other.leader_name.as_deref(),
        Some("Huỳnh Văn Lộc"),
        "the other group keeps its leader"
    );
}

#[test]
fn a_decision_or_attendance_naming_a_non_member_is_refused() {
    let mut fx = Fixture::new();
    let outsider = fx.groups[1].members[0].id;
    let before = fx.footprint();
    let bad = meeting(
        &mut fx,
        0,
        MeetingKind::Election,
        vec![Decision::LeaderElected {
            member_id: outsider,
        }],
    );
    assert_eq!(
        refusal(insert(&mut fx, &bad), "electing someone from another group"),
        "invalid_meeting",
        "a group's decisions concern its own members"
    );
    let mut stranger = meeting(&mut fx, 0, MeetingKind::Monthly, Vec::new());
    stranger.attendance.push((outsider, Presence::Present));
    assert_eq!(
        refusal(
            insert(&mut fx, &stranger),
            "attendance of someone from another group"
        ),
        "invalid_meeting",
        "only the group's members attend its meeting"
    );
    let mut empty = meeting(&mut fx, 0, MeetingKind::Monthly, Vec::new());
    for (_, presence) in &mut empty.attendance {
        *presence = Presence::Absent;
    }
    assert_eq!(
        refusal(insert(&mut fx, &empty), "a meeting nobody attended"),
        "invalid_meeting",
        "minutes need at least one member present"
    );
    assert_eq!(
        fx.footprint(),
        before,
        "refused meetings leave nothing, not even a partial meeting row"
    );
    assert!(
        fx.store
            .meetings(fx.groups[0].id)
            .expect("readable")
            .is_empty(),
        "no meeting was stored"
    );
    assert_eq!(
        fx.store.groups().expect("readable")[0]
            .leader_name
            .as_deref(),
        Some("Nguyễn Thị Hoa"),
        "the refused election changed no leader"
    );
}

#[test]
fn a_meeting_typed_in_needs_minutes_and_a_date_not_after_today() {
    let mut fx = Fixture::new();
    let today = day(2025, 6, 10);
    let before = fx.footprint();
    let mut tomorrow = meeting(&mut fx, 0, MeetingKind::Monthly, vec![]);
    tomorrow.held_on = day(2025, 6, 11);
    let actor = fx.actor(&fx.team_leader);
    let result = fx.store.write(actor, "record_meeting", "", |tx| {
        tx.record_meeting(&tomorrow, today)
    });
    assert_eq!(refusal(result, "a meeting held tomorrow"), "future_date");
    let mut blank = meeting(&mut fx, 0, MeetingKind::Monthly, vec![]);
    blank.minutes = " \n ".into();
    let result = fx.store.write(actor, "record_meeting", "", |tx| {
        tx.record_meeting(&blank, today)
    });
    match result {
        Err(e) => {
            assert_eq!(e.code(), "invalid_meeting");
            assert_eq!(e.to_string(), "Nội dung biên bản: không được để trống");
        }
        Ok(()) => panic!("minutes without text should be refused"),
    }
    assert_eq!(fx.footprint(), before, "refused meetings write nothing");
    let held = meeting(&mut fx, 0, MeetingKind::Monthly, vec![]);
    fx.store
        .write(actor, "record_meeting", "", |tx| {
            tx.record_meeting(&held, today)
        })
        .expect("a meeting held today");
    assert_eq!(
        fx.store.meetings(fx.groups[0].id).expect("readable"),
        vec![held]
    );
}

#[test]
fn a_loan_review_names_a_program_the_book_knows() {
    let mut fx = Fixture::new();
    let applicant = fx.groups[0].members[1].id;
    let review = meeting(
        &mut fx,
        0,
        MeetingKind::LoanReview,
        vec![Decision::LoanRequest {
            member_id: applicant,
            program: ProgramCode("99".into()),
            amount: Dong(20_000_000),
            term_months: 24,
            approved: true,
            note: None,
        }],
    );
    let before = fx.footprint();
    match insert(&mut fx, &review) {
        Err(e) => {
            assert_eq!(e.code(), "invalid_meeting");
            assert_eq!(
                e.to_string(),
                "quyết định thứ 1: chương trình cho vay = «99» không có trong danh mục"
            );
        }
        Ok(()) => panic!("a program that does not exist should be refused"),
    }
    assert_eq!(fx.footprint(), before, "nothing is written");
}
