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
//! 3. Variant kanji of names and places become their common form
//!    ([`VARIANTS`]: `髙` → `高`, `﨑` → `崎`, `邊`/`邉` → `辺`, `齋` → `斎` …):
//!    `髙橋` in a record is found by `高橋`, and the other way round.
//! 4. A dash between two katakana becomes the long-vowel mark `ー`
//!    (`メ－ル`, `メ-ル` → `メール`): people and converters often type a
//!    dash where the prolonged sound mark belongs. The other way round, a
//!    dash or `ー` between two ASCII letters or digits becomes `-`
//!    (`INCー2017ー0379`, `INC−2017`): a Japanese keyboard types `ー` for
//!    the hyphen key, and ids are written with `-`.
//!
//! Hiragana and katakana are deliberately *not* folded into one another:
//! with character bigrams, folding turns common verb endings into false
//! matches (`している` would contain the bigram `いる` of `ウイルス`).

use std::borrow::Cow;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// Normalises text for indexing and querying (see the module comment).
pub fn normalize(s: &str) -> String {
    fix_dashes(to_lowercase_folded(&nfkc(s)))
}

/// Variant kanji folded to their common form (step 3): the variants people
/// meet in names and places, where the same person is written either way.
/// Pairs of different characters that are only confused (`斎`/`斉`: `一斉`
/// is a common word) are left apart. `search.js` has the same table.
pub(crate) const VARIANTS: &[(char, char)] = &[
    ('冨', '富'),
    ('國', '国'),
    ('壽', '寿'),
    ('峯', '峰'),
    ('嵜', '崎'),
    ('嶋', '島'),
    ('嶌', '島'),
    ('廣', '広'),
    ('德', '徳'),
    ('惠', '恵'),
    ('槇', '槙'),
    ('櫻', '桜'),
    ('澤', '沢'),
    ('濱', '浜'),
    ('濵', '浜'),
    ('瀨', '瀬'),
    ('眞', '真'),
    ('舘', '館'),
    ('藏', '蔵'),
    ('邉', '辺'),
    ('邊', '辺'),
    ('髙', '高'),
    ('齊', '斉'),
    ('齋', '斎'),
    ('﨑', '崎'),
];

/// Bit `c % 128` set for each variant `c`: most characters are ruled out
/// by one test.
const VARIANT_BITS: u128 = {
    let mut bits = 0u128;
    let mut i = 0;
    while i < VARIANTS.len() {
        bits |= 1 << (VARIANTS[i].0 as u32 % 128);
        i += 1;
    }
    bits
};

/// The common form of a variant kanji (see [`VARIANTS`], sorted by variant).
#[inline]
fn common_form(c: char) -> Option<char> {
    if VARIANT_BITS & (1 << (c as u32 % 128)) == 0 {
        return None;
    }
    VARIANTS
        .binary_search_by(|&(v, _)| v.cmp(&c))
        .ok()
        .map(|i| VARIANTS[i].1)
}

/// Replaces variant kanji by their common form.
fn fold_variants(s: String) -> String {
    if !s.chars().any(|c| common_form(c).is_some()) {
        return s;
    }
    s.chars().map(|c| common_form(c).unwrap_or(c)).collect()
}

/// Kana (no full-width forms, no combining marks), the main block of kanji
/// and common Japanese punctuation: NFKC leaves them as they are, nothing
/// combines with them from before, and they have no case. Most characters
/// of a Japanese page are here, so they skip the Unicode table look-ups
/// (checked against the tables by a test).
#[inline]
fn is_plain_cjk(c: char) -> bool {
    matches!(c, '\u{3001}'..='\u{3029}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{30FB}'..='\u{30FE}' | '\u{4E00}'..='\u{9FFF}')
}

/// Whether NFKC may split the text just before `c`: `c` is unchanged by
/// NFKC on its own (quick check "yes"), is a starter, and so never
/// combines with what comes before it.
#[inline(always)]
fn is_boundary(c: char) -> bool {
    c.is_ascii() || is_plain_cjk(c) || is_other_boundary(c)
}

/// [`is_boundary`] for the rest, from the Unicode tables.
#[inline(never)]
fn is_other_boundary(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Full-width ASCII (`！`..`～`) is NFKC's `<wide>` form of one ASCII
/// character, which never combines with what comes before it.
fn narrow(c: char) -> Option<char> {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0),
        _ => None,
    }
}

/// Unicode NFKC of `s`. Only the stretches around characters NFKC may
/// change (from the boundary before one to the boundary after it) go
/// through the normaliser; the rest is copied, and when nothing changes `s`
/// itself is returned. Equal to `s.nfkc()` because NFKC of a text is the
/// concatenation of the NFKC of its pieces cut at boundaries.
fn nfkc(s: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    // `s[..copied]` is in `out`; `boundary` is where the last boundary
    // character starts.
    let mut copied = 0;
    let mut boundary = 0;
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        if is_boundary(c) {
            boundary = i;
            continue;
        }
        let o = out.get_or_insert_with(|| String::with_capacity(s.len() + 8));
        let after = i + c.len_utf8();
        // Common case, full-width parentheses and colons: when the next
        // character is a boundary, the piece is just this one character.
        if let Some(ascii) = narrow(c) {
            if s[after..].chars().next().is_none_or(is_boundary) {
                o.push_str(&s[copied..i]);
                o.push(ascii);
                copied = after;
                continue;
            }
        }
        // `c` may change: normalise from the last boundary to the next.
        let start = boundary;
        let mut end = s.len();
        for (j, d) in chars.by_ref() {
            if is_boundary(d) {
                end = j;
                boundary = j;
                break;
            }
        }
        o.push_str(&s[copied..start.max(copied)]);
        o.extend(s[start.max(copied)..end].nfkc());
        copied = end;
    }
    match out {
        None => Cow::Borrowed(s),
        Some(mut o) => {
            o.push_str(&s[copied..]);
            Cow::Owned(o)
        }
    }
}

/// `str::to_lowercase` and [`fold_variants`], copying runs that need
/// neither as slices.
fn to_lowercase_folded(s: &str) -> String {
    // The final-sigma rule depends on context: leave it to the standard library.
    if s.contains('Σ') {
        return fold_variants(s.to_lowercase());
    }
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    for (i, c) in s.char_indices() {
        if c.is_ascii() {
            if !c.is_ascii_uppercase() {
                continue;
            }
        } else if let Some(common) = common_form(c) {
            out.push_str(&s[run..i]);
            out.push(common);
            run = i + c.len_utf8();
            continue;
        } else if is_plain_cjk(c) {
            continue;
        } else {
            let mut lower = c.to_lowercase();
            if lower.len() == 1 && lower.next() == Some(c) {
                continue;
            }
        }
        out.push_str(&s[run..i]);
        out.extend(c.to_lowercase());
        run = i + c.len_utf8();
    }
    out.push_str(&s[run..]);
    out
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

/// Whether a dash at `c`, between `prev` and `next` as written, is replaced
/// and by what: `ー` between two katakana, `-` between two ASCII letters or
/// digits (where `ー` counts as a dash too).
fn dash_replacement(prev: Option<char>, c: char, next: Option<char>) -> Option<char> {
    let (prev, next) = (prev?, next?);
    if is_dash(c) && is_katakana(prev) && is_katakana(next) {
        return Some('ー');
    }
    let between_words = prev.is_ascii_alphanumeric() && next.is_ascii_alphanumeric();
    (c != '-' && (is_dash(c) || c == 'ー') && between_words).then_some('-')
}

/// Replaces each dash between two katakana (as written, before any
/// replacement) by `ー`, and each dash or `ー` between two ASCII letters or
/// digits by `-`; returns `s` itself when nothing changes.
fn fix_dashes(s: String) -> String {
    // All the dashes are `-` or start with the byte 0xE2 (U+2010–U+2212);
    // `ー` is 0xE3 0x83 0xBC.
    // `ー` matters only after an ASCII letter or digit (katakana text is
    // full of it).
    let dash = s.bytes().any(|b| b == b'-' || b == 0xE2);
    let after_word = || {
        s.match_indices('ー').any(|(i, _)| {
            i.checked_sub(1)
                .and_then(|j| s.as_bytes().get(j))
                .is_some_and(u8::is_ascii_alphanumeric)
        })
    };
    if !dash && !after_word() {
        return s;
    }
    let mut prev: Option<char> = None;
    let mut chars = s.char_indices().peekable();
    let first = loop {
        let Some((i, c)) = chars.next() else {
            return s;
        };
        let next = chars.peek().map(|&(_, n)| n);
        if dash_replacement(prev, c, next).is_some() {
            break i;
        }
        prev = Some(c);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut prev: Option<char> = s[..first].chars().next_back();
    let mut chars = s[first..].chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        out.push(dash_replacement(prev, c, next).unwrap_or(c));
        prev = Some(c);
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
    fn consecutive_dashes_and_text_that_needs_no_change() {
        assert_eq!(normalize("メ--ル"), "メ--ル");
        assert_eq!(normalize("ア-イ-ウ"), "アーイーウ");
        assert_eq!(normalize("ア-イ-1"), "アーイ-1");
        assert_eq!(normalize("すでに正規形です"), "すでに正規形です");
        assert_eq!(normalize("が"), "が");
        // Combining voiced mark: not in NFKC, composed by the full path.
        assert_eq!(normalize("か\u{3099}"), "が");
    }

    #[test]
    fn fast_ranges_agree_with_the_unicode_tables() {
        for c in ('\u{3000}'..='\u{30FF}').chain('\u{4E00}'..='\u{9FFF}') {
            if super::is_plain_cjk(c) {
                assert_eq!(
                    unicode_normalization::is_nfkc_quick(std::iter::once(c)),
                    unicode_normalization::IsNormalized::Yes,
                    "{c:?}"
                );
                assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
                assert_eq!(c.to_lowercase().collect::<String>(), c.to_string());
            }
        }
    }

    /// The definition `normalize` implements faster.
    fn reference(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let lower = s.nfkc().collect::<String>().to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        let mut out = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let between = i > 0
                && i + 1 < chars.len()
                && super::is_katakana(chars[i - 1])
                && super::is_katakana(chars[i + 1]);
            let words = i > 0
                && i + 1 < chars.len()
                && chars[i - 1].is_ascii_alphanumeric()
                && chars[i + 1].is_ascii_alphanumeric();
            let c = super::VARIANTS
                .iter()
                .find(|&&(v, _)| v == c)
                .map_or(c, |&(_, common)| common);
            out.push(if super::is_dash(c) && between {
                'ー'
            } else if (super::is_dash(c) || c == 'ー') && words {
                '-'
            } else {
                c
            });
        }
        out
    }

    #[test]
    fn equals_the_plain_definition_on_mixed_text() {
        // Characters NFKC or lower-casing change, combine, or reorder.
        let alphabet: Vec<char> = "aZ -.ｶﾞﾟﾊﾟｰ－—かがか\u{3099}\u{309A}\u{309B}ハ\u{309A}ヽ\u{3099}\
            ＶＰＮ２０２６（）：！　Ｅ～、。・〆〶ヿ㈱㍿①ﬁé髙高﨑邊齋ーｰ−\u{0301}e\u{0301}\u{0323}Å\u{212B}ΣΑσς\
            한\u{1100}\u{1161}\u{11A8}가\u{11A8}漢字丽\u{F900}İ\u{0130}ẞ"
            .chars()
            .collect();
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let len = ((state >> 40) % 9) as usize;
            let mut s = String::new();
            for _ in 0..len {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                s.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            assert_eq!(normalize(&s), reference(&s), "{s:?}");
        }
    }

    #[test]
    fn variant_kanji_of_names_fold_to_the_common_form() {
        assert_eq!(normalize("髙橋"), "高橋");
        assert_eq!(normalize("山﨑"), "山崎");
        assert_eq!(normalize("渡邊 渡邉 渡辺"), "渡辺 渡辺 渡辺");
        assert_eq!(normalize("齋藤"), "斎藤");
        // Different characters, only confused: `一斉` is a common word.
        assert_eq!(normalize("斉藤 一斉"), "斉藤 一斉");
        let mut sorted = super::VARIANTS.to_vec();
        sorted.sort();
        assert_eq!(sorted, super::VARIANTS, "sorted for the binary search");
    }

    #[test]
    fn a_dash_or_long_vowel_between_ascii_words_is_a_hyphen() {
        // What a Japanese keyboard types for `-`, and other dashes.
        assert_eq!(normalize("ＩＮＣー２０１７ー０３７９"), "inc-2017-0379");
        assert_eq!(normalize("INC−2017–0379"), "inc-2017-0379");
        assert_eq!(normalize("Wiーfi"), "wi-fi");
        // Not next to kana or spaces.
        assert_eq!(normalize("サーバー"), "サーバー");
        assert_eq!(normalize("aー"), "aー");
        assert_eq!(normalize("メーa"), "メーa");
    }

    #[test]
    fn is_idempotent() {
        for s in ["ＶＰＮ接続", "ｶﾞｲﾄﾞ", "㈱サンプル", "メ－ル", "ΣΑΣ"] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s}");
        }
    }
}
