//! Reference data: staff, office, point, associations, groups, members,
//! programs and rates, policy settings.

use std::collections::HashMap;

use phien_core::ids::{AssociationId, GroupId, MemberId, OfficeId, PointId, StaffId};
use phien_core::org::{AssociationKind, Commune, Gender, HouseholdCategory, Member, Point};
use phien_core::policy::Policy;
use phien_core::program::{Program, ProgramCode, RateHistory, RatePeriod};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::StoreError;
use crate::codec::{in_row, parse_date, parse_uuid};

/// A staff member's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// Tổ trưởng tổ giao dịch.
    TeamLeader,
    /// Kiểm soát viên.
    Controller,
    /// Thủ quỹ / giao dịch viên.
    Teller,
    /// Cán bộ tín dụng.
    LoanOfficer,
    /// Tổ trưởng Tổ TK&VV.
    GroupLeader,
    /// Kiểm soát viên cấp huyện.
    Supervisor,
    /// The software itself (import, demo).
    System,
}

impl StaffRole {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            StaffRole::TeamLeader => "team_leader",
            StaffRole::Controller => "controller",
            StaffRole::Teller => "teller",
            StaffRole::LoanOfficer => "loan_officer",
            StaffRole::GroupLeader => "group_leader",
            StaffRole::Supervisor => "supervisor",
            StaffRole::System => "system",
        }
    }

    /// The role's name in Vietnamese.
    pub fn name_vi(self) -> &'static str {
        match self {
            StaffRole::TeamLeader => "tổ trưởng tổ giao dịch",
            StaffRole::Controller => "kiểm soát viên",
            StaffRole::Teller => "giao dịch viên",
            StaffRole::LoanOfficer => "cán bộ tín dụng",
            StaffRole::GroupLeader => "tổ trưởng Tổ TK&VV",
            StaffRole::Supervisor => "kiểm soát viên cấp huyện",
            StaffRole::System => "hệ thống",
        }
    }

    /// Inverse of code.
    pub fn from_code(code: &str) -> Option<StaffRole> {
        [
            StaffRole::TeamLeader,
            StaffRole::Controller,
            StaffRole::Teller,
            StaffRole::LoanOfficer,
            StaffRole::GroupLeader,
            StaffRole::Supervisor,
            StaffRole::System,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }
}

/// A person who records, approves or supervises.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// Id.
    pub id: StaffId,
    /// Short code used on the command line (`--as CODE`).
    pub code: String,
    /// Name.
    pub full_name: String,
    /// Role.
    pub role: StaffRole,
}

/// The point this device keeps the books of, with its office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointInfo {
    /// Point.
    pub point: Point,
    /// Office name.
    pub office_name: String,
    /// Associations at the point.
    pub associations: Vec<(AssociationId, AssociationKind)>,
}

/// A group with its association and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupInfo {
    /// Id.
    pub id: GroupId,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Village.
    pub village: String,
    /// Association.
    pub association: AssociationKind,
    /// Association id.
    pub association_id: AssociationId,
    /// Leader's name.
    pub leader_name: Option<String>,
    /// Number of members.
    pub n_members: u32,
    /// The code of the group's transaction point (a supervisor's laptop
    /// holds several, whose group codes may repeat).
    pub point_code: String,
}

/// The person with `code`. Codes repeat in a file that holds several points
/// (a supervisor's laptop: each point's laptop makes its own accounts); then
/// the one account made on this laptop is meant, and without one the lookup
/// is refused `ambiguous_code` naming who shares the code.
pub(crate) fn staff_by_code(conn: &Connection, code: &str) -> Result<Staff, StoreError> {
    let mut found = conn
        .prepare_cached(
            "SELECT id, code, full_name, role FROM staff WHERE code = ?1 ORDER BY full_name, id",
        )?
        .query_map([code], staff_row)?
        .collect::<Result<Vec<_>, _>>()?;
    if found.len() > 1 {
        let mut made_here = conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM change_log WHERE entity = 'staff' AND entity_id = ?1 AND op = 'insert')",
        )?;
        let mut own = Vec::new();
        for staff in &found {
            if made_here.query_row([staff.id.0.to_string()], |r| r.get::<_, bool>(0))? {
                own.push(staff.clone());
            }
        }
        if own.len() != 1 {
            return Err(StoreError::rejected(
                "ambiguous_code",
                format!(
                    "Mã cán bộ = «{code}»: máy này có {} người cùng mã ({}), không ai trong số đó được tạo trên máy này; hãy dùng mã của một tài khoản tạo trên máy này",
                    found.len(),
                    found
                        .iter()
                        .map(|s| format!("{} – {}", s.full_name, s.role.name_vi()))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            ));
        }
        found = own;
    }
    found.pop().ok_or_else(|| StoreError::NotFound {
        what: "cán bộ có mã",
        key: code.to_string(),
    })
}

/// Whether an account with `code` is already in the file: a new account
/// made here gets a code nobody in the file has.
pub(crate) fn staff_code_taken(conn: &Connection, code: &str) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM staff WHERE code = ?1)")?
        .query_row([code], |r| r.get(0))?)
}

pub(crate) fn staff_by_id(conn: &Connection, id: StaffId) -> Result<Staff, StoreError> {
    conn.query_row(
        "SELECT id, code, full_name, role FROM staff WHERE id = ?1",
        [id.0.to_string()],
        staff_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "cán bộ",
        key: id.to_string(),
    })
}

fn staff_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    let role: String = r.get(3)?;
    Ok(Staff {
        id: StaffId(in_row(parse_uuid(&r.get::<_, String>(0)?))?),
        code: r.get(1)?,
        full_name: r.get(2)?,
        role: StaffRole::from_code(&role).unwrap_or(StaffRole::System),
    })
}

pub(crate) fn list_staff(conn: &Connection) -> Result<Vec<Staff>, StoreError> {
    let mut stmt = conn.prepare("SELECT id, code, full_name, role FROM staff ORDER BY code, id")?;
    let rows = stmt
        .query_map([], staff_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub(crate) fn point_info(conn: &Connection) -> Result<Option<PointInfo>, StoreError> {
    let row = conn
        .query_row(
            "SELECT p.id, p.office_id, p.code, p.name, p.fixed_day, p.address, o.name FROM point p JOIN office o ON o.id = p.office_id ORDER BY p.code LIMIT 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, u32>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                ))
            },
        )
        .optional()?;
    let Some((id, office_id, code, name, fixed_day, address, office_name)) = row else {
        return Ok(None);
    };
    let mut stmt = conn.prepare("SELECT code, name, is_pre_2025 FROM point_commune WHERE point_id = ?1 ORDER BY is_pre_2025, code")?;
    let communes = stmt
        .query_map([&id], |r| {
            Ok(Commune {
                code: r.get(0)?,
                name: r.get(1)?,
                is_pre_2025: r.get::<_, i64>(2)? == 1,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt = conn.prepare("SELECT id, kind FROM association WHERE point_id = ?1")?;
    let mut associations = stmt
        .query_map([&id], |r| {
            let kind: String = r.get(1)?;
            Ok((
                AssociationId(in_row(parse_uuid(&r.get::<_, String>(0)?))?),
                kind,
            ))
        })?
        .map(|row| {
            let (aid, kind) = row?;
            let kind = AssociationKind::from_code(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("hội «{kind}»")))?;
            Ok((aid, kind))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    associations.sort_by_key(|(_, k)| *k);
    Ok(Some(PointInfo {
        point: Point {
            id: PointId(parse_uuid(&id)?),
            office_id: OfficeId(parse_uuid(&office_id)?),
            code,
            name,
            fixed_day,
            address,
            communes,
        },
        office_name,
        associations,
    }))
}

pub(crate) fn list_groups(conn: &Connection) -> Result<Vec<GroupInfo>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT g.id, g.code, g.name, g.village, a.kind, a.id, l.full_name,
                (SELECT count(*) FROM member m WHERE m.group_id = g.id), p.code
         FROM savings_group g JOIN association a ON a.id = g.association_id
         JOIN point p ON p.id = a.point_id
         LEFT JOIN member l ON l.id = g.leader_member_id
         ORDER BY g.code, p.code, g.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let kind: String = r.get(4)?;
            Ok(GroupInfo {
                id: GroupId(in_row(parse_uuid(&r.get::<_, String>(0)?))?),
                code: r.get(1)?,
                name: r.get(2)?,
                village: r.get(3)?,
                association: in_row(
                    AssociationKind::from_code(&kind)
                        .ok_or_else(|| StoreError::Corrupt(kind.clone())),
                )?,
                association_id: AssociationId(in_row(parse_uuid(&r.get::<_, String>(5)?))?),
                leader_name: r.get(6)?,
                n_members: r.get(7)?,
                point_code: r.get(8)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The group with `code` (letters' case aside). A file that holds several
/// points (a supervisor's laptop) may have a «T01» at each: then the code is
/// given with its point's, «DGD01/T01», and a bare code that matches groups
/// of several points is refused `ambiguous_code`, naming the ways to write it.
pub(crate) fn group_by_code(conn: &Connection, code: &str) -> Result<GroupInfo, StoreError> {
    let code = code.trim();
    let matching =
        |point: Option<&str>, group: &str| -> Result<Vec<(String, String)>, StoreError> {
            let mut stmt = conn.prepare_cached(
                "SELECT g.id, p.code FROM savings_group g
             JOIN association a ON a.id = g.association_id JOIN point p ON p.id = a.point_id
             WHERE g.code = ?1 COLLATE NOCASE AND (?2 IS NULL OR p.code = ?2 COLLATE NOCASE)
             ORDER BY p.code",
            )?;
            let rows = stmt
                .query_map(params![group, point], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        };
    let mut found = matching(None, code)?;
    if found.is_empty()
        && let Some((point, group)) = code.split_once('/')
    {
        found = matching(Some(point.trim()), group.trim())?;
    }
    let (id, _) = match found.as_slice() {
        [] => {
            return Err(StoreError::NotFound {
                what: "tổ có mã",
                key: code.to_string(),
            });
        }
        [one] => one.clone(),
        several => {
            return Err(StoreError::rejected(
                "ambiguous_code",
                format!(
                    "Mã tổ = «{code}»: có ở {} điểm giao dịch; ghi kèm mã điểm: {}",
                    several.len(),
                    several
                        .iter()
                        .map(|(_, point)| format!("«{point}/{code}»"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    };
    list_groups(conn)?
        .into_iter()
        .find(|g| g.id.0.to_string() == id)
        .ok_or_else(|| StoreError::Corrupt(format!("tổ «{id}» không đọc được")))
}

const MEMBER_COLUMNS: &str = "id, group_id, customer_code, full_name, citizen_id, birth_year, gender, village, phone, category, joined_on";

pub(crate) fn member_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Member> {
    let gender: Option<String> = r.get(6)?;
    let category: String = r.get(9)?;
    Ok(Member {
        id: MemberId(in_row(parse_uuid(&r.get::<_, String>(0)?))?),
        group_id: GroupId(in_row(parse_uuid(&r.get::<_, String>(1)?))?),
        customer_code: r.get(2)?,
        full_name: r.get(3)?,
        citizen_id: r.get(4)?,
        birth_year: r.get(5)?,
        gender: gender.map(|g| {
            if g == "male" {
                Gender::Male
            } else {
                Gender::Female
            }
        }),
        village: r.get(7)?,
        phone: r.get(8)?,
        category: HouseholdCategory::from_code(&category).unwrap_or(HouseholdCategory::Other),
        joined_on: in_row(parse_date(&r.get::<_, String>(10)?))?,
    })
}

pub(crate) fn members_of_group(
    conn: &Connection,
    group: GroupId,
) -> Result<Vec<Member>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {MEMBER_COLUMNS} FROM member WHERE group_id = ?1 ORDER BY full_name COLLATE BINARY, customer_code"))?;
    let rows = stmt
        .query_map([group.0.to_string()], member_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

pub(crate) fn member_by_id(conn: &Connection, id: MemberId) -> Result<Member, StoreError> {
    conn.query_row(
        &format!("SELECT {MEMBER_COLUMNS} FROM member WHERE id = ?1"),
        [id.0.to_string()],
        member_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "tổ viên",
        key: id.to_string(),
    })
}

pub(crate) fn member_by_code(conn: &Connection, code: &str) -> Result<Member, StoreError> {
    conn.query_row(
        &format!("SELECT {MEMBER_COLUMNS} FROM member WHERE customer_code = ?1"),
        [code],
        member_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound {
        what: "khách hàng có mã",
        key: code.to_string(),
    })
}

/// Search by folded name, citizen ID or loan number.
pub(crate) fn search_members(
    conn: &Connection,
    query: &str,
    limit: u32,
) -> Result<Vec<Member>, StoreError> {
    let folded = phien_core::org::fold_for_search(query.trim());
    let like = format!("%{folded}%");
    let mut stmt = conn.prepare(&format!(
        "SELECT {MEMBER_COLUMNS} FROM member WHERE name_folded LIKE ?1 OR citizen_id = ?2 OR customer_code = ?2
           OR id IN (SELECT member_id FROM loan WHERE account_no = ?2)
         ORDER BY full_name LIMIT ?3"
    ))?;
    let rows = stmt
        .query_map(params![like, query.trim(), limit], member_row)?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// Program with its rate history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProgramRates {
    pub program: Program,
    pub rates: RateHistory,
}

pub(crate) fn load_programs(
    conn: &Connection,
) -> Result<HashMap<ProgramCode, ProgramRates>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT code, name_vi, name_en, is_student, installment_every_months FROM program",
    )?;
    let programs = stmt
        .query_map([], |r| {
            Ok(Program {
                code: ProgramCode(r.get(0)?),
                name_vi: r.get(1)?,
                name_en: r.get(2)?,
                is_student: r.get::<_, i64>(3)? == 1,
                installment_every_months: r.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut stmt =
        conn.prepare("SELECT program_code, effective_from, annual_rate FROM program_rate")?;
    let mut periods: HashMap<String, Vec<RatePeriod>> = HashMap::new();
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (code, from, rate) = row?;
        let annual_rate = rate
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("lãi suất «{rate}»")))?;
        periods.entry(code).or_default().push(RatePeriod {
            effective_from: parse_date(&from)?,
            annual_rate,
        });
    }
    Ok(programs
        .into_iter()
        .map(|program| {
            let rates = RateHistory::new(periods.remove(&program.code.0).unwrap_or_default());
            (program.code.clone(), ProgramRates { program, rates })
        })
        .collect())
}

pub(crate) fn load_policy(conn: &Connection) -> Result<Policy, StoreError> {
    let mut policy = Policy::default();
    let mut stmt = conn.prepare("SELECT key, value FROM policy_setting")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (key, value) = row?;
        policy
            .apply(&key, &value)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    }
    Ok(policy)
}
