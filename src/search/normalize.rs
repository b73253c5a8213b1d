//! Text normalisation shared by the index builder and the browser client.
//!
//! The JavaScript twin lives in `themes/default/static/search.js`
//! (`normalize`); both must produce identical strings, which
//! `tests/js/search.test.js` checks on a list of tricky inputs.
//!
//! Steps, in this order:
//! 1. Unicode NFKC: full-width Latin and digits become ASCII (`ＶＰＮ` → `VPN`,
//!    `２０２６` → `2026`), half-width katakana become full-width
//!    (`ｶﾀｶﾅ` → `カタカナ`, `ｶﾞ` → `ガ`), compatibility characters are
//!    expanded (`㈱` → `(株)`).
//! 2. Lower-casing with the default Unicode case mapping (`str::to_lowercase`,
//!    the same mapping as JavaScript's `toLowerCase`, final sigma included).
//! 3. A dash between two katakana becomes the long-vowel mark `ー`
//!    (`メ－ル`, `メ-ル` → `メール`): people and converters often type a
//!    dash where the prolonged sound mark belongs.
//!
//! Hiragana and katakana are deliberately *not* folded into one another:
//! with character bigrams, folding turns common verb endings into false
//! matches (`している` would contain the bigram `いる` of `ウイルス`).

use unicode_normalization::UnicodeNormalization;

/// Normalises text for indexing and querying (see the module comment).
pub fn normalize(s: &str) -> String {
    let nfkc: String = s.nfkc().collect();
    let lower = nfkc.to_lowercase();
    dashes_to_long_vowel(&lower)
}

/// True for characters that people type in place of `ー`.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}'
    )
}

/// Katakana letters and marks that can stand on either side of `ー`.
pub(crate) fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FE}' | '\u{31F0}'..='\u{31FF}')
}

fn dashes_to_long_vowel(s: &str) -> String {
    if !s.chars().any(is_dash) {
        return s.to_owned();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_katakana =
            i > 0 && i + 1 < chars.len() && is_katakana(chars[i - 1]) && is_katakana(chars[i + 1]);
        if is_dash(c) && between_katakana {
            out.push('ー');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn full_width_latin_matches_ascii_in_any_case() {
        assert_eq!(normalize("ＶＰＮ"), "vpn");
        assert_eq!(normalize("VPN"), "vpn");
        assert_eq!(normalize("Vpn"), "vpn");
    }

    #[test]
    fn half_width_katakana_becomes_full_width() {
        assert_eq!(normalize("ｶﾀｶﾅ"), "カタカナ");
        assert_eq!(normalize("ﾗﾝｻﾑｳｪｱ"), "ランサムウェア");
        assert_eq!(normalize("ｶﾞｲﾄﾞ"), "ガイド");
        assert_eq!(normalize("ﾒｰﾙ"), "メール");
    }

    #[test]
    fn full_width_digits_and_ids_become_ascii() {
        assert_eq!(normalize("２０２６"), "2026");
        assert_eq!(normalize("ＩＮＣ－２０２６－００１"), "inc-2026-001");
    }

    #[test]
    fn dash_between_katakana_is_a_long_vowel_but_not_elsewhere() {
        assert_eq!(normalize("メ－ル"), "メール");
        assert_eq!(normalize("サ—バ"), "サーバ");
        assert_eq!(normalize("INC-2026-001"), "inc-2026-001");
        assert_eq!(normalize("メ-1"), "メ-1");
    }

    #[test]
    fn hiragana_and_katakana_stay_distinct() {
        assert_eq!(normalize("ういるす"), "ういるす");
        assert_eq!(normalize("ウイルス"), "ウイルス");
    }

    #[test]
    fn is_idempotent() {
        for s in ["ＶＰＮ接続", "ｶﾞｲﾄﾞ", "㈱サンプル", "メ－ル", "ΣΑΣ"] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s}");
        }
    }
}
