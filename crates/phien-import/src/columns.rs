//! The HSTD columns and how header cells are matched to them.

use crate::text::fold;

/// One HSTD column. The discriminant is the index into [`COLUMNS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Col {
    OfficeName,
    CommuneName,
    Association,
    GroupName,
    Village,
    CustomerCode,
    CustomerName,
    CitizenId,
    LoanNo,
    ProgramCode,
    ProgramName,
    DisbursedOn,
    TermMonths,
    CurrentBalance,
    OverdueBalance,
    FrozenBalance,
    InterestArrears,
    OverdueInterestArrears,
    LastTransactionOn,
    DueOn,
}

/// How a column is named and whether it must be present.
pub(crate) struct ColSpec {
    pub(crate) col: Col,
    /// The name the bank writes in the header.
    pub(crate) name: &'static str,
    /// Short English alias.
    pub(crate) alias: &'static str,
    /// The column must exist in the header (its cells may still be allowed empty).
    pub(crate) required: bool,
    /// Other spellings seen in practice.
    pub(crate) others: &'static [&'static str],
}

const fn spec(
    col: Col,
    name: &'static str,
    alias: &'static str,
    required: bool,
    others: &'static [&'static str],
) -> ColSpec {
    ColSpec {
        col,
        name,
        alias,
        required,
        others,
    }
}

/// Every column, in the order of [`Col`].
pub(crate) const COLUMNS: [ColSpec; 20] = [
    spec(
        Col::OfficeName,
        "Tên PGD",
        "office_name",
        true,
        &["Tên phòng giao dịch", "PGD"],
    ),
    spec(
        Col::CommuneName,
        "Tên xã",
        "commune_name",
        true,
        &["Xã", "Tên xã/phường"],
    ),
    spec(
        Col::Association,
        "ĐVUT",
        "association",
        true,
        &["Đơn vị ủy thác", "Đơn vị nhận ủy thác", "Hội đoàn thể"],
    ),
    spec(
        Col::GroupName,
        "Tên tổ",
        "group_name",
        true,
        &["Tên tổ TK&VV", "Tổ TK&VV"],
    ),
    spec(
        Col::Village,
        "Tên thôn",
        "village",
        false,
        &["Thôn", "Thôn/ấp"],
    ),
    spec(
        Col::CustomerCode,
        "Mã KH",
        "customer_code",
        true,
        &["Mã khách hàng"],
    ),
    spec(
        Col::CustomerName,
        "Tên KH",
        "customer_name",
        true,
        &["Tên khách hàng", "Họ và tên", "Họ tên"],
    ),
    spec(Col::CitizenId, "Số CCCD", "citizen_id", false, &["CCCD"]),
    spec(Col::LoanNo, "Số KU", "loan_no", true, &["Số khế ước"]),
    spec(
        Col::ProgramCode,
        "Mã CT",
        "program_code",
        true,
        &["Mã chương trình"],
    ),
    spec(
        Col::ProgramName,
        "Tên CT",
        "program_name",
        false,
        &["Tên chương trình"],
    ),
    spec(
        Col::DisbursedOn,
        "Ngày vay",
        "disbursed_on",
        true,
        &["Ngày giải ngân", "Ngày cho vay"],
    ),
    spec(
        Col::TermMonths,
        "Thời hạn",
        "term_months",
        true,
        &["Thời hạn vay", "Thời hạn (tháng)"],
    ),
    spec(
        Col::CurrentBalance,
        "Dư nợ trong hạn",
        "current_balance",
        true,
        &["Nợ trong hạn"],
    ),
    spec(
        Col::OverdueBalance,
        "Dư nợ quá hạn",
        "overdue_balance",
        true,
        &["Nợ quá hạn"],
    ),
    spec(
        Col::FrozenBalance,
        "Dư nợ khoanh",
        "frozen_balance",
        true,
        &["Nợ khoanh"],
    ),
    spec(
        Col::InterestArrears,
        "Lãi tồn",
        "interest_arrears",
        true,
        &["Lãi tồn đọng"],
    ),
    spec(
        Col::OverdueInterestArrears,
        "Lãi tồn QH",
        "overdue_interest_arrears",
        false,
        &["Lãi tồn quá hạn"],
    ),
    spec(
        Col::LastTransactionOn,
        "Ngày giao dịch gần nhất",
        "last_transaction_on",
        false,
        &["Ngày GD gần nhất"],
    ),
    spec(
        Col::DueOn,
        "Ngày đến hạn",
        "due_on",
        true,
        &["Ngày đáo hạn"],
    ),
];

impl Col {
    pub(crate) fn spec(self) -> &'static ColSpec {
        &COLUMNS[self as usize]
    }
}

fn match_key(key: &str) -> Option<Col> {
    if key.is_empty() {
        return None;
    }
    COLUMNS
        .iter()
        .find(|s| {
            fold(s.name) == key || fold(s.alias) == key || s.others.iter().any(|o| fold(o) == key)
        })
        .map(|s| s.col)
}

/// Which column a header cell names, if any. Besides the whole text, a header written as
/// `Tên PGD (office_name)` is tried as `Tên PGD` and as `office_name`.
pub(crate) fn match_header(header: &str) -> Option<Col> {
    if let Some(col) = match_key(&fold(header)) {
        return Some(col);
    }
    let (before, rest) = header.split_once('(')?;
    let inside = rest.split_once(')').map_or(rest, |(inside, _)| inside);
    match_key(&fold(before)).or_else(|| match_key(&fold(inside)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_in_enum_order() {
        for (i, s) in COLUMNS.iter().enumerate() {
            assert_eq!(
                s.col as usize, i,
                "COLUMNS[{i}] ({}) is out of order",
                s.name
            );
        }
    }

    #[test]
    fn no_spelling_matches_two_columns() {
        let mut seen = std::collections::HashMap::new();
        for s in &COLUMNS {
            for key in [s.name, s.alias].iter().chain(s.others) {
                if let Some(prev) = seen.insert(fold(key), s.name) {
                    panic!("«{key}» of «{}» collides with «{prev}»", s.name);
                }
            }
        }
    }

    #[test]
    fn headers_match_with_and_without_diacritics() {
        assert_eq!(match_header("Tên PGD"), Some(Col::OfficeName));
        assert_eq!(match_header(" ten pgd "), Some(Col::OfficeName));
        assert_eq!(match_header("office_name"), Some(Col::OfficeName));
        assert_eq!(match_header("Tên PGD (office_name)"), Some(Col::OfficeName));
        assert_eq!(match_header("DVUT"), Some(Col::Association));
        assert_eq!(
            match_header("Lai ton QH"),
            Some(Col::OverdueInterestArrears)
        );
        assert_eq!(match_header("LÃI TỒN"), Some(Col::InterestArrears));
        assert_eq!(match_header("Thời hạn (tháng)"), Some(Col::TermMonths));
        assert_eq!(match_header("Số KU"), Some(Col::LoanNo));
        assert_eq!(match_header("STT"), None);
        assert_eq!(match_header("Phân loại"), None);
        assert_eq!(match_header(""), None);
    }
}
