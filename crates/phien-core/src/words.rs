//! Amounts in words (số tiền bằng chữ), as receipts and vouchers write them:
//! `1.250.000 ₫` → "Một triệu hai trăm năm mươi nghìn đồng".

use crate::money::Dong;

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];
const SCALES: [&str; 4] = ["", "nghìn", "triệu", "tỷ"];

/// The amount in Vietnamese words with the first letter capitalised and
/// "đồng" at the end; negative amounts start with "Âm".
///
/// Conventions of Vietnamese accounting: "mười" for 10–19, "mươi" for
/// 20–90; "mốt" for a final 1 after 20 and above, "lăm" for a final 5 after
/// a ten; "linh" for a zero ten before a unit (105 = một trăm linh năm); a
/// group after a larger one says its hundreds even when zero
/// (1.005.000 = một triệu không trăm linh năm nghìn). Beyond 999 tỷ the scale
/// repeats: 1.000.000.000.000 = một nghìn tỷ.
pub fn in_words(amount: Dong) -> String {
    let value = amount.get();
    let mut words = if value == 0 {
        "không".to_string()
    } else {
        number(value.unsigned_abs())
    };
    if value < 0 {
        words.insert_str(0, "âm ");
    }
    words.push_str(" đồng");
    capitalise(&words)
}

fn number(n: u64) -> String {
    // Split in tỷ-sized chunks (10^9), each read with nghìn/triệu, joined by "tỷ".
    const TY: u64 = 1_000_000_000;
    if n >= TY {
        let high = number(n / TY);
        let low = n % TY;
        return if low == 0 {
            format!("{high} tỷ")
        } else {
            format!("{high} tỷ {}", below_ty(low, true))
        };
    }
    below_ty(n, false)
}

/// Reads `n < 10^9`; `after_larger` when a larger group was already read, so
/// a leading zero group still says "không trăm".
fn below_ty(n: u64, after_larger: bool) -> String {
    let groups = [n / 1_000_000 % 1000, n / 1000 % 1000, n % 1000];
    let scales = [SCALES[2], SCALES[1], SCALES[0]];
    let mut parts: Vec<String> = Vec::new();
    let mut started = after_larger;
    for (group, scale) in groups.into_iter().zip(scales) {
        if group == 0 {
            continue;
        }
        let mut text = triple(group, started);
        if !scale.is_empty() {
            text.push(' ');
            text.push_str(scale);
        }
        parts.push(text);
        started = true;
    }
    parts.join(" ")
}

/// Reads `0 < n < 1000`; `full` says the hundreds even when zero.
fn triple(n: u64, full: bool) -> String {
    let (h, t, u) = (
        (n / 100) as usize,
        (n / 10 % 10) as usize,
        (n % 10) as usize,
    );
    let mut out: Vec<&str> = Vec::new();
    if h > 0 || full {
        out.push(DIGITS[h]);
        out.push("trăm");
    }
    match t {
        0 => {
            if u > 0 && !out.is_empty() {
                out.push("linh");
            }
        }
        1 => out.push("mười"),
        _ => {
            out.push(DIGITS[t]);
            out.push("mươi");
        }
    }
    match u {
        0 => {}
        1 if t >= 2 => out.push("mốt"),
        5 if t >= 1 => out.push("lăm"),
        _ => out.push(DIGITS[u]),
    }
    out.join(" ")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(n: i64) -> String {
        in_words(Dong(n))
    }

    #[test]
    fn receipts_read_as_vietnamese_accountants_write_them() {
        assert_eq!(w(0), "Không đồng");
        assert_eq!(w(5_000), "Năm nghìn đồng");
        assert_eq!(w(15_000), "Mười lăm nghìn đồng");
        assert_eq!(w(21_000), "Hai mươi mốt nghìn đồng");
        assert_eq!(w(25_000), "Hai mươi lăm nghìn đồng");
        assert_eq!(w(11_000), "Mười một nghìn đồng");
        assert_eq!(w(10_000), "Mười nghìn đồng");
        assert_eq!(w(105), "Một trăm linh năm đồng");
        assert_eq!(w(1_250_000), "Một triệu hai trăm năm mươi nghìn đồng");
        assert_eq!(
            w(123_456),
            "Một trăm hai mươi ba nghìn bốn trăm năm mươi sáu đồng"
        );
    }

    #[test]
    fn a_zero_group_after_a_larger_one_says_its_hundreds() {
        // On a voucher "một triệu năm nghìn" could be misread as 1.500.000.
        assert_eq!(w(1_005_000), "Một triệu không trăm linh năm nghìn đồng");
        assert_eq!(w(1_000_500), "Một triệu năm trăm đồng");
        assert_eq!(
            w(2_040_010),
            "Hai triệu không trăm bốn mươi nghìn không trăm mười đồng"
        );
    }

    #[test]
    fn billions_and_beyond_repeat_the_scale() {
        assert_eq!(w(1_000_000_000), "Một tỷ đồng");
        assert_eq!(w(3_500_000_000), "Ba tỷ năm trăm triệu đồng");
        assert_eq!(w(1_000_000_000_000), "Một nghìn tỷ đồng");
        assert_eq!(w(2_000_000_001), "Hai tỷ không trăm linh một đồng");
    }

    #[test]
    fn negative_amounts_say_so() {
        assert_eq!(w(-15_000), "Âm mười lăm nghìn đồng");
    }
}
