//! Format-independent part: header mapping and row validation.

use std::collections::HashMap;

use crate::columns::{COLUMNS, Col, match_header};
use crate::value::{self, Raw, format_date};
use crate::{HstdRow, ImportError, RowError};

/// One record of the source: its line number as the user sees it, and its cells.
pub(crate) type Record = (usize, Vec<Raw>);

/// Where each column sits in the file, and its header text as written.
struct ColumnMap {
    slots: [Option<(usize, String)>; COLUMNS.len()],
}

impl ColumnMap {
    /// The header as the file writes it, or the standard name if the column is absent.
    fn header(&self, col: Col) -> String {
        self.slots[col as usize]
            .as_ref()
            .map_or_else(|| col.spec().name.to_owned(), |(_, h)| h.clone())
    }

    fn cell<'a>(&self, cells: &'a [Raw], col: Col) -> &'a Raw {
        self.slots[col as usize]
            .as_ref()
            .and_then(|(i, _)| cells.get(*i))
            .unwrap_or(&Raw::Empty)
    }
}

fn map_header(line: usize, cells: &[Raw]) -> Result<ColumnMap, ImportError> {
    let mut map = ColumnMap {
        slots: std::array::from_fn(|_| None),
    };
    let mut duplicates = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        let header = cell.display();
        let Some(col) = match_header(&header) else {
            continue;
        };
        match &map.slots[col as usize] {
            Some((first, first_header)) => duplicates.push(RowError {
                line,
                column: header.clone(),
                value: header,
                reason: format!(
                    "cột trùng nghĩa với cột «{first_header}» (cột thứ {}); hãy xoá một trong hai",
                    first + 1
                ),
            }),
            None => map.slots[col as usize] = Some((i, header)),
        }
    }
    let missing: Vec<String> = COLUMNS
        .iter()
        .filter(|s| s.required && map.slots[s.col as usize].is_none())
        .map(|s| s.name.to_owned())
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns(missing));
    }
    if !duplicates.is_empty() {
        return Err(ImportError::Rows(duplicates));
    }
    Ok(map)
}

/// Collects the errors of one row.
struct RowCheck<'a> {
    line: usize,
    cells: &'a [Raw],
    map: &'a ColumnMap,
    errors: &'a mut Vec<RowError>,
}

impl RowCheck<'_> {
    fn error(&mut self, col: Col, value: String, reason: String) {
        self.errors.push(RowError {
            line: self.line,
            column: self.map.header(col),
            value,
            reason,
        });
    }

    fn field<T>(&mut self, col: Col, parse: impl FnOnce(&Raw) -> Result<T, String>) -> Option<T> {
        let raw = self.map.cell(self.cells, col);
        match parse(raw) {
            Ok(v) => Some(v),
            Err(reason) => {
                self.error(col, raw.display(), reason);
                None
            }
        }
    }
}

/// Validates every record after the header. Returns all rows, or every error.
pub(crate) fn build(
    records: impl IntoIterator<Item = Record>,
) -> Result<Vec<HstdRow>, ImportError> {
    let mut records = records
        .into_iter()
        .filter(|(_, cells)| !cells.iter().all(Raw::is_blank));
    let (header_line, header) = records.next().ok_or(ImportError::Empty)?;
    let map = map_header(header_line, &header)?;

    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen_loans: HashMap<String, usize> = HashMap::new();
    let mut data_rows = 0_usize;
    for (line, cells) in records {
        data_rows += 1;
        let before = errors.len();
        let row = check_row(
            &mut RowCheck {
                line,
                cells: &cells,
                map: &map,
                errors: &mut errors,
            },
            &mut seen_loans,
        );
        if let Some(row) = row
            && errors.len() == before
        {
            rows.push(row);
        }
    }
    if data_rows == 0 {
        return Err(ImportError::Empty);
    }
    if !errors.is_empty() {
        return Err(ImportError::Rows(errors));
    }
    Ok(rows)
}

fn check_row(c: &mut RowCheck<'_>, seen_loans: &mut HashMap<String, usize>) -> Option<HstdRow> {
    let office_name = c.field(Col::OfficeName, value::required_text);
    let commune_name = c.field(Col::CommuneName, value::required_text);
    let association = c.field(Col::Association, value::association);
    let group_name = c.field(Col::GroupName, value::required_text);
    let village = c.field(Col::Village, value::text);
    let customer_code = c.field(Col::CustomerCode, value::required_text);
    let customer_name = c.field(Col::CustomerName, value::required_text);
    let citizen_id = c.field(Col::CitizenId, value::citizen_id);
    let loan_no = c.field(Col::LoanNo, value::loan_no);
    let program_code = c.field(Col::ProgramCode, value::program_code);
    let program_name = c.field(Col::ProgramName, value::text);
    let disbursed_on = c.field(Col::DisbursedOn, value::required_date);
    let term_months = c.field(Col::TermMonths, value::term_months);
    let current_balance = c.field(Col::CurrentBalance, value::amount);
    let overdue_balance = c.field(Col::OverdueBalance, value::amount);
    let frozen_balance = c.field(Col::FrozenBalance, value::amount);
    let interest_arrears = c.field(Col::InterestArrears, value::amount);
    let overdue_interest_arrears = c.field(Col::OverdueInterestArrears, value::amount);
    let last_transaction_on = c.field(Col::LastTransactionOn, value::date);
    let due_on = c.field(Col::DueOn, value::required_date);

    if let Some(loan_no) = &loan_no {
        if let Some(first) = seen_loans.get(loan_no) {
            let reason = format!("số KU trùng với dòng {first}");
            let shown = c.map.cell(c.cells, Col::LoanNo).display();
            c.error(Col::LoanNo, shown, reason);
        } else {
            seen_loans.insert(loan_no.clone(), c.line);
        }
    }
    if let (Some(disbursed), Some(due)) = (disbursed_on, due_on)
        && due < disbursed
    {
        let reason = format!("ngày đến hạn trước ngày vay ({})", format_date(disbursed));
        c.error(Col::DueOn, format_date(due), reason);
    }
    if let (Some(0), Some(0), Some(0)) = (current_balance, overdue_balance, frozen_balance) {
        let column = [Col::CurrentBalance, Col::OverdueBalance, Col::FrozenBalance]
            .map(|col| c.map.header(col))
            .join(" / ");
        c.errors.push(RowError {
            line: c.line,
            column,
            value: "0 / 0 / 0".to_owned(),
            reason: "khoản vay không còn dư nợ".to_owned(),
        });
    }

    Some(HstdRow {
        line: c.line,
        office_name: office_name?,
        commune_name: commune_name?,
        association: association?,
        group_name: group_name?,
        village: village?,
        customer_code: customer_code?,
        customer_name: customer_name?,
        citizen_id: citizen_id?,
        loan_no: loan_no?,
        program_code: program_code?,
        program_name: program_name?,
        disbursed_on: disbursed_on?,
        term_months: term_months?,
        current_balance: current_balance?,
        overdue_balance: overdue_balance?,
        frozen_balance: frozen_balance?,
        interest_arrears: interest_arrears?,
        overdue_interest_arrears: overdue_interest_arrears?,
        last_transaction_on: last_transaction_on?,
        due_on: due_on?,
    })
}
