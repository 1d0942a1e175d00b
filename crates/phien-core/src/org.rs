//! The organisation a point's books hang on: district office (PGD) →
//! transaction point → entrusted associations → savings-and-loan groups →
//! members.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ids::{AssociationId, GroupId, MemberId, OfficeId, PointId, StaffId};

/// Phòng giao dịch NHCSXH huyện.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    /// Id.
    pub id: OfficeId,
    /// Bank code of the office.
    pub code: String,
    /// Name, e.g. "PGD NHCSXH huyện Diên Khánh".
    pub name: String,
}

/// Điểm giao dịch xã.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// Id.
    pub id: PointId,
    /// Its office.
    pub office_id: OfficeId,
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Fixed monthly transaction day (1–28).
    pub fixed_day: u32,
    /// Where the sessions are held (usually the UBND xã office).
    pub address: String,
    /// Communes served; after the 2025 merger a point may serve several, and
    /// both old and new codes appear in data.
    pub communes: Vec<Commune>,
}

/// A commune a point serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commune {
    /// Administrative code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Whether the code is from before the 1 July 2025 reorganisation.
    pub is_pre_2025: bool,
}

/// One of the four entrusted associations (hội đoàn thể nhận ủy thác).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssociationKind {
    /// Hội Nông dân.
    Farmers,
    /// Hội Liên hiệp Phụ nữ.
    Women,
    /// Hội Cựu chiến binh.
    Veterans,
    /// Đoàn Thanh niên.
    Youth,
}

impl AssociationKind {
    /// All four, in the bank's usual order.
    pub const ALL: [AssociationKind; 4] = [
        AssociationKind::Farmers,
        AssociationKind::Women,
        AssociationKind::Veterans,
        AssociationKind::Youth,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            AssociationKind::Farmers => "HND",
            AssociationKind::Women => "HPN",
            AssociationKind::Veterans => "CCB",
            AssociationKind::Youth => "DTN",
        }
    }

    /// Inverse of [`AssociationKind::code`].
    pub fn from_code(code: &str) -> Option<AssociationKind> {
        AssociationKind::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(code))
    }

    /// Vietnamese name.
    pub fn name_vi(self) -> &'static str {
        match self {
            AssociationKind::Farmers => "Hội Nông dân",
            AssociationKind::Women => "Hội Liên hiệp Phụ nữ",
            AssociationKind::Veterans => "Hội Cựu chiến binh",
            AssociationKind::Youth => "Đoàn Thanh niên",
        }
    }
}

/// An association at a point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Association {
    /// Id.
    pub id: AssociationId,
    /// Point.
    pub point_id: PointId,
    /// Which of the four.
    pub kind: AssociationKind,
}

/// Tổ tiết kiệm và vay vốn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Id.
    pub id: GroupId,
    /// Managing association.
    pub association_id: AssociationId,
    /// Short code, unique in the point (e.g. `T07`).
    pub code: String,
    /// Name (usually "Tổ <leader> – thôn <village>").
    pub name: String,
    /// Village (thôn).
    pub village: String,
    /// Current leader (tổ trưởng), a member of the group.
    pub leader_id: Option<MemberId>,
    /// The leader's staff identity for signing in and recording.
    pub leader_staff_id: Option<StaffId>,
    /// Founded on.
    pub founded_on: NaiveDate,
}

/// Gender as on the citizen ID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Nam.
    Male,
    /// Nữ.
    Female,
}

/// Household category (đối tượng vay).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdCategory {
    /// Hộ nghèo.
    Poor,
    /// Hộ cận nghèo.
    NearPoor,
    /// Hộ mới thoát nghèo.
    NewlyEscaped,
    /// Hộ có học sinh sinh viên.
    Student,
    /// Other policy households (vùng khó khăn, nước sạch, việc làm…).
    Other,
}

impl HouseholdCategory {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            HouseholdCategory::Poor => "poor",
            HouseholdCategory::NearPoor => "near_poor",
            HouseholdCategory::NewlyEscaped => "newly_escaped",
            HouseholdCategory::Student => "student",
            HouseholdCategory::Other => "other",
        }
    }

    /// Inverse of [`HouseholdCategory::code`].
    pub fn from_code(code: &str) -> Option<HouseholdCategory> {
        [
            HouseholdCategory::Poor,
            HouseholdCategory::NearPoor,
            HouseholdCategory::NewlyEscaped,
            HouseholdCategory::Student,
            HouseholdCategory::Other,
        ]
        .into_iter()
        .find(|c| c.code() == code)
    }
}

/// A member: the representative of a borrowing household (tổ viên).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Id.
    pub id: MemberId,
    /// Group.
    pub group_id: GroupId,
    /// Bank customer code (mã khách hàng).
    pub customer_code: String,
    /// Full name with diacritics.
    pub full_name: String,
    /// 12-digit citizen ID (CCCD); optional for imported members.
    pub citizen_id: Option<String>,
    /// Birth year.
    pub birth_year: Option<u32>,
    /// Gender.
    pub gender: Option<Gender>,
    /// Village.
    pub village: String,
    /// Phone.
    pub phone: Option<String>,
    /// Household category.
    pub category: HouseholdCategory,
    /// Joined the group on.
    pub joined_on: NaiveDate,
}

/// A field that failed validation, with the value that was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field} = «{value}»: {reason}")]
pub struct FieldError {
    /// Field name (Vietnamese, as the user sees it).
    pub field: &'static str,
    /// The value given.
    pub value: String,
    /// Why it was refused (Vietnamese).
    pub reason: &'static str,
}

/// A 12-digit citizen ID (Căn cước công dân).
pub fn check_citizen_id(value: &str) -> Result<(), FieldError> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(FieldError {
            field: "Số CCCD",
            value: value.to_string(),
            reason: "phải gồm đúng 12 chữ số",
        })
    }
}

/// A member's name: not empty, letters and spaces.
pub fn check_full_name(value: &str) -> Result<(), FieldError> {
    let trimmed = value.trim();
    if trimmed.is_empty() || trimmed.chars().any(|c| c.is_ascii_digit()) {
        Err(FieldError {
            field: "Họ tên",
            value: value.to_string(),
            reason: "phải có họ tên, không chứa chữ số",
        })
    } else {
        Ok(())
    }
}

/// A Vietnamese phone number: 10 digits starting with 0.
pub fn check_phone(value: &str) -> Result<(), FieldError> {
    if value.len() == 10 && value.starts_with('0') && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(FieldError {
            field: "Số điện thoại",
            value: value.to_string(),
            reason: "phải gồm 10 chữ số, bắt đầu bằng 0",
        })
    }
}

/// Folds Vietnamese text for search: lower case, no diacritics, đ → d.
/// "Nguyễn Văn An" and "nguyen van an" fold to the same text.
pub fn fold_for_search(text: &str) -> String {
    text.chars()
        .flat_map(|c| fold_char(c).to_lowercase())
        .collect()
}

fn fold_char(c: char) -> char {
    const GROUPS: &[(&str, char)] = &[
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ÈÉẺẼẸÊỀẾỂỄỆ", 'e'),
        ("ìíỉĩị", 'i'),
        ("ÌÍỈĨỊ", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ÙÚỦŨỤƯỪỨỬỮỰ", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("ỲÝỶỸỴ", 'y'),
        ("đĐ", 'd'),
    ];
    if c.is_ascii() {
        return c;
    }
    GROUPS
        .iter()
        .find(|(set, _)| set.contains(c))
        .map_or(c, |(_, base)| *base)
}

/// The next date on or after `today` whose day of month is `fixed_day`
/// (clamped to the month's length: the 31st is the 30th in April).
pub fn next_session_date(today: NaiveDate, fixed_day: u32) -> NaiveDate {
    let on = |year: i32, month: u32| {
        let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(today);
        let last = first
            .checked_add_months(chrono::Months::new(1))
            .and_then(|next| next.pred_opt())
            .map_or(28, |d| d.day());
        first.with_day(fixed_day.clamp(1, last)).unwrap_or(first)
    };
    let this_month = on(today.year(), today.month());
    if this_month >= today {
        return this_month;
    }
    let next = today
        .with_day(1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .unwrap_or(today);
    on(next.year(), next.month())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_folds_diacritics() {
        assert_eq!(fold_for_search("Nguyễn Văn An"), "nguyen van an");
        assert_eq!(fold_for_search("ĐẶNG THỊ HỒNG"), "dang thi hong");
    }

    #[test]
    fn citizen_id_needs_12_digits() {
        assert!(check_citizen_id("056123456789").is_ok());
        let err = check_citizen_id("05612345678").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Số CCCD = «05612345678»: phải gồm đúng 12 chữ số"
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn next_session_is_the_fixed_day_on_or_after_today() {
        assert_eq!(next_session_date(d(2026, 11, 27), 15), d(2026, 12, 15));
        assert_eq!(next_session_date(d(2026, 11, 15), 15), d(2026, 11, 15));
        assert_eq!(next_session_date(d(2026, 11, 3), 15), d(2026, 11, 15));
        assert_eq!(next_session_date(d(2026, 12, 20), 15), d(2027, 1, 15));
        // Clamped to the month's length.
        assert_eq!(next_session_date(d(2027, 2, 1), 31), d(2027, 2, 28));
        assert_eq!(next_session_date(d(2028, 2, 1), 30), d(2028, 2, 29));
        assert_eq!(next_session_date(d(2026, 4, 30), 31), d(2026, 4, 30));
        assert_eq!(next_session_date(d(2026, 3, 31), 30), d(2026, 4, 30));
    }
}
