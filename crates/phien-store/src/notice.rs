//! Reading the point's public notice (niêm yết): the rates in force and every
//! borrower who owes, with balance and due dates, group by group. The rules
//! (which rate, what is still due) are `phien_core::notice`'s; this module
//! reads the book once (a fixed number of queries) and hands it over.

use std::collections::HashMap;

use chrono::NaiveDate;
use phien_core::ids::{GroupId, MemberId};
use phien_core::notice::{NoticeBorrower, NoticeGroup, PublicNotice, notice_loan, rates_on};
use phien_core::position::LoanFacts;
use rusqlite::Connection;

use crate::StoreError;
use crate::book::{Scope, load_loans};
use crate::codec::parse_uuid;
use crate::org::{list_groups, load_policy, load_programs, point_info};

/// A member as the notice names them: id, customer code, full name.
type Named = (MemberId, String, String);

/// Members by group, in customer-code order.
fn members_by_group(conn: &Connection) -> Result<HashMap<GroupId, Vec<Named>>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, group_id, customer_code, full_name FROM member ORDER BY customer_code",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: HashMap<GroupId, Vec<Named>> = HashMap::new();
    while let Some(r) = rows.next()? {
        let member = MemberId(parse_uuid(r.get_ref(0)?.as_str()?)?);
        let group = GroupId(parse_uuid(r.get_ref(1)?.as_str()?)?);
        out.entry(group)
            .or_default()
            .push((member, r.get(2)?, r.get(3)?));
    }
    Ok(out)
}

pub(crate) fn public_notice(conn: &Connection, on: NaiveDate) -> Result<PublicNotice, StoreError> {
    let point = point_info(conn)?.ok_or(StoreError::NotFound {
        what: "điểm giao dịch",
        key: String::new(),
    })?;
    let programs = load_programs(conn)?;
    let policy = load_policy(conn)?;
    let mut by_code: Vec<_> = programs
        .values()
        .map(|p| (p.program.clone(), p.rates.clone()))
        .collect();
    by_code.sort_by(|a, b| a.0.code.cmp(&b.0.code));
    let rates = rates_on(&by_code, &policy, on);

    let mut loans_of: HashMap<MemberId, Vec<_>> = HashMap::new();
    let records = load_loans(conn, Scope::All)?;
    for record in &records {
        let program = programs.get(&record.loan.program).ok_or_else(|| {
            StoreError::Corrupt(format!("chương trình «{}»", record.loan.program))
        })?;
        let facts = LoanFacts {
            loan: &record.loan,
            rates: &program.rates,
            is_student: program.program.is_student,
            flows: &record.flows,
            decisions: &record.decisions,
        };
        // Loans come oldest first, so each borrower's loans do too.
        if let Some(loan) = notice_loan(facts, on) {
            loans_of
                .entry(record.loan.member_id)
                .or_default()
                .push(loan);
        }
    }
    let mut members = members_by_group(conn)?;
    let groups = list_groups(conn)?
        .into_iter()
        .filter_map(|g| {
            let borrowers: Vec<NoticeBorrower> = members
                .remove(&g.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|(id, customer_code, name)| {
                    Some(NoticeBorrower {
                        customer_code,
                        name,
                        loans: loans_of.remove(&id)?,
                    })
                })
                .collect();
            (!borrowers.is_empty()).then(|| NoticeGroup {
                code: g.code,
                name: g.name,
                village: g.village,
                association: g.association.name_vi().to_string(),
                leader: g.leader_name,
                borrowers,
            })
        })
        .collect();
    Ok(PublicNotice {
        office: point.office_name,
        point: point.point.name,
        address: point.point.address,
        on,
        rates,
        groups,
    })
}
