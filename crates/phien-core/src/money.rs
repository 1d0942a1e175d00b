//! Money: whole Vietnamese đồng.
//!
//! VND has no minor unit, so every amount in Phiên is an `i64` count of đồng.
//! Rate math happens in `rust_decimal` and is rounded back to whole đồng at
//! the one place each rule says (see `interest`).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use serde::{Deserialize, Serialize};

/// An amount of money in whole đồng (₫). May be negative in intermediate sums
/// (a reversal's cash effect), never in a stored balance.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Dong(pub i64);

impl Dong {
    /// Zero đồng.
    pub const ZERO: Dong = Dong(0);

    /// The raw number of đồng.
    pub fn get(self) -> i64 {
        self.0
    }

    /// True when the amount is strictly positive.
    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// `self - other`, floored at zero.
    pub fn saturating_sub_zero(self, other: Dong) -> Dong {
        Dong((self.0 - other.0).max(0))
    }

    /// Parses a user-typed amount: `1.250.000`, `1,250,000`, `1 250 000`,
    /// `1250000`, optionally followed by `₫`, `đ` or `d`. Whole đồng only.
    pub fn parse(text: &str) -> Result<Dong, AmountParseError> {
        let trimmed = text
            .trim()
            .trim_end_matches('₫')
            .trim_end_matches(['đ', 'd', 'Đ', 'D'])
            .trim();
        if trimmed.is_empty() {
            return Err(AmountParseError::Empty);
        }
        let (negative, body) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        // Separators only group thousands: "1.250.000" and "1 250 000" are
        // amounts, "12,5" or "1.250.000,00" are decimals and refused.
        let groups: Vec<&str> = body.split(['.', ',', ' ', '\u{a0}', '_']).collect();
        if groups
            .iter()
            .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(AmountParseError::NotANumber);
        }
        if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
            return Err(AmountParseError::NotANumber);
        }
        let mut value: i64 = 0;
        for digit in groups.iter().flat_map(|g| g.bytes()) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(i64::from(digit - b'0')))
                .ok_or(AmountParseError::TooLarge)?;
        }
        Ok(Dong(if negative { -value } else { value }))
    }
}

/// Why a typed amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountParseError {
    /// Nothing was typed.
    #[error("chưa nhập số tiền")]
    Empty,
    /// Letters or a decimal part.
    #[error("số tiền phải là số nguyên đồng")]
    NotANumber,
    /// Beyond what an i64 holds.
    #[error("số tiền quá lớn")]
    TooLarge,
}

impl fmt::Display for Dong {
    /// Vietnamese format: `1.250.000 ₫`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ₫", group_thousands(self.0))
    }
}

/// `1250000` → `1.250.000` (dot as the thousands separator, as Vietnamese write it).
pub fn group_thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (idx, ch) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// A decimal as Vietnamese write it, trailing zeros dropped: `0.045` →
/// `0,045`, `90.00` → `90`.
pub fn decimal_vi(value: rust_decimal::Decimal) -> String {
    value.normalize().to_string().replace('.', ",")
}

/// A percentage with two decimals as Vietnamese write it: `0,34%`.
pub fn percent_vi(value: rust_decimal::Decimal) -> String {
    format!("{}%", format!("{value:.2}").replace('.', ","))
}

impl Add for Dong {
    type Output = Dong;
    fn add(self, rhs: Dong) -> Dong {
        Dong(self.0 + rhs.0)
    }
}
impl AddAssign for Dong {
    fn add_assign(&mut self, rhs: Dong) {
        self.0 += rhs.0;
    }
}
impl Sub for Dong {
    type Output = Dong;
    fn sub(self, rhs: Dong) -> Dong {
        Dong(self.0 - rhs.0)
    }
}
impl SubAssign for Dong {
    fn sub_assign(&mut self, rhs: Dong) {
        self.0 -= rhs.0;
    }
}
impl Neg for Dong {
    type Output = Dong;
    fn neg(self) -> Dong {
        Dong(-self.0)
    }
}
impl Sum for Dong {
    fn sum<I: Iterator<Item = Dong>>(iter: I) -> Dong {
        Dong(iter.map(|d| d.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_vietnamese_receipts() {
        assert_eq!(Dong(1_250_000).to_string(), "1.250.000 ₫");
        assert_eq!(Dong(0).to_string(), "0 ₫");
        assert_eq!(Dong(999).to_string(), "999 ₫");
        assert_eq!(Dong(-5_000).to_string(), "-5.000 ₫");
    }

    #[test]
    fn parses_what_officers_type() {
        for text in [
            "1.250.000",
            "1,250,000",
            "1 250 000",
            "1250000",
            "1.250.000 ₫",
            "1250000đ",
        ] {
            assert_eq!(
                Dong::parse(text),
                Ok(Dong(1_250_000)),
                "{text} is a common way to write the amount"
            );
        }
        assert_eq!(Dong::parse("12a"), Err(AmountParseError::NotANumber));
        for decimal in ["12,5", "1.250.000,00", "1250000.5", "1.25", "1..000"] {
            assert_eq!(
                Dong::parse(decimal),
                Err(AmountParseError::NotANumber),
                "{decimal} is not a whole number of đồng"
            );
        }
        assert_eq!(Dong::parse("  "), Err(AmountParseError::Empty));
        assert_eq!(
            Dong::parse("99999999999999999999"),
            Err(AmountParseError::TooLarge)
        );
    }
}
