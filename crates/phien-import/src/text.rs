//! Small text helpers: whitespace collapsing and a Vietnamese-aware matching key.

/// Trims and collapses every run of whitespace (including no-break spaces) to one space.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Precomposed Vietnamese lowercase letters grouped by their base letter.
const FOLDS: &[(char, &str)] = &[
    ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
    ('d', "đ"),
    ('e', "èéẻẽẹêềếểễệ"),
    ('i', "ìíỉĩị"),
    ('o', "òóỏõọôồốổỗộơờớởỡợ"),
    ('u', "ùúủũụưừứửữự"),
    ('y', "ỳýỷỹỵ"),
];

/// A matching key: lowercase, Vietnamese diacritics removed (both precomposed and combining
/// forms), every run of non-alphanumeric characters turned into one space, trimmed.
///
/// `"  Tên PGD "`, `"TEN PGD"` and `"ten_pgd"` all give `"ten pgd"`.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for ch in s.chars().flat_map(char::to_lowercase) {
        if ('\u{0300}'..='\u{036F}').contains(&ch) {
            // Combining diacritic (decomposed input): drop it.
            continue;
        }
        let base = FOLDS
            .iter()
            .find(|(_, group)| group.contains(ch))
            .map_or(ch, |(b, _)| *b);
        if base.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(base);
        } else {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_removes_diacritics_case_and_punctuation() {
        assert_eq!(fold("  Tên PGD "), "ten pgd");
        assert_eq!(fold("TÊN PGD"), "ten pgd");
        assert_eq!(fold("ĐVUT"), "dvut");
        assert_eq!(fold("Dư nợ   quá hạn"), "du no qua han");
        assert_eq!(fold("office_name"), "office name");
        assert_eq!(fold("Tổ TK&VV"), "to tk vv");
        assert_eq!(fold("Hội Cựu chiến binh"), "hoi cuu chien binh");
        assert_eq!(fold("Ngày giao dịch gần nhất"), "ngay giao dich gan nhat");
    }

    #[test]
    fn fold_handles_decomposed_input() {
        // "Tên" written as T + e + combining circumflex + n, "Hội" as H + o + U+0302 + U+0323 + i.
        assert_eq!(fold("Te\u{0302}n PGD"), "ten pgd");
        assert_eq!(
            fold("Ho\u{0302}\u{0323}i No\u{0302}ng da\u{0302}n"),
            "hoi nong dan"
        );
        // ơ/ư as base letter + combining horn.
        assert_eq!(fold("Cu\u{031B}\u{0323}u"), "cuu");
    }

    #[test]
    fn collapse_ws_trims_and_collapses() {
        assert_eq!(
            collapse_ws("  Nguyễn   Thị\u{00A0} Lan\t"),
            "Nguyễn Thị Lan"
        );
        assert_eq!(collapse_ws("   "), "");
    }
}
