//! Text helpers for the SVG generators: XML escaping, an approximate text
//! measure that works without font files (so the build stays hermetic and
//! deterministic), line wrapping for Japanese and Latin text, and number
//! formatting with a fixed precision.

/// Escapes text for use in XML character data and in double- or
/// single-quoted attribute values: the site's one escaper
/// ([`crate::markup::escape_html`]), so a label shows controls and
/// bidirectional or zero-width characters as visibly as a page does (a
/// control is not allowed in XML 1.0 in any case).
pub fn escape(s: &str) -> String {
    crate::markup::escape_html(s)
}

/// Whether a character is drawn about one em wide (East Asian wide or
/// full-width: kana, kanji, hangul, full-width forms, CJK punctuation, emoji).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD)
}

/// Approximate advance width of one character in em.
pub fn char_em(c: char) -> f64 {
    if is_wide(c) {
        1.0
    } else if c.is_ascii_uppercase() || c == 'm' || c == 'w' || c == 'M' || c == 'W' {
        // Capitals and the widest lower-case letters run wider than the
        // average; overestimating keeps text inside its box.
        0.68
    } else {
        0.55
    }
}

/// Approximate width of a string in em.
pub fn width_em(s: &str) -> f64 {
    s.chars().map(char_em).sum()
}

/// Characters that must not start a line (Japanese line-breaking rules,
/// "kinsoku"): closing brackets, punctuation, small kana, the long vowel mark.
fn no_line_start(c: char) -> bool {
    "、。，．,.・：；:;？！?!ー）」』】〕〉》］｝)]}ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥％%"
        .contains(c)
}

/// Characters that must not end a line: opening brackets.
fn no_line_end(c: char) -> bool {
    "（「『【〔〈《［｛([{".contains(c)
}

/// An unbreakable piece of text, whether a space preceded it, and what a
/// line break before it costs.
struct Unit {
    text: String,
    space_before: bool,
    break_cost: f64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Hiragana,
    Katakana,
    Kanji,
    Other,
}

fn script(c: char) -> Script {
    match c as u32 {
        0x3041..=0x309F => Script::Hiragana,
        // Not the middle dot (U+30FB), which separates words.
        0x30A1..=0x30FA | 0x30FC..=0x30FF | 0xFF66..=0xFF9F => Script::Katakana,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x3005 => Script::Kanji,
        _ => Script::Other,
    }
}

/// A break at a word boundary is free.
const FREE_BREAK: f64 = 0.0;
/// Between a katakana word and a kanji compound: usually a boundary, but
/// sometimes inside one word ("システム管理者").
const FAIR_BREAK: f64 = 12.0;
/// Inside a word: allowed in Japanese, but the last resort.
const POOR_BREAK: f64 = 80.0;
/// Every extra line costs this much, so text is not spread thin.
const LINE_COST: f64 = 20.0;
/// A last line of a character or two looks like an accident.
const STUB_COST: f64 = 30.0;

/// What breaking between `prev` and `next` costs (`before` precedes
/// `prev`). Japanese has no spaces, but script changes approximate word
/// boundaries well: after a particle (hiragana) before a content word, after
/// punctuation, before an opening bracket, after the particles を and へ.
/// Between a kanji stem and its hiragana ending ("報告し") is a poor place,
/// and a single kana between kanji is usually inside a compound verb
/// ("切り離す", "立ち上げる") unless it is a particle.
fn break_cost(before: Option<char>, prev: char, next: char) -> f64 {
    if "、。，．・：；）」』】〕".contains(prev) || "をへ".contains(prev) || no_line_end(next)
    {
        return FREE_BREAK;
    }
    let lone_kana_in_compound = before.is_some_and(|b| script(b) == Script::Kanji)
        && script(next) == Script::Kanji
        && !"のとにでがはやもか".contains(prev);
    match (script(prev), script(next)) {
        (Script::Hiragana, _) if lone_kana_in_compound => FAIR_BREAK,
        (Script::Hiragana, Script::Kanji | Script::Katakana | Script::Other) => FREE_BREAK,
        (Script::Katakana, Script::Kanji) | (Script::Kanji, Script::Katakana) => FAIR_BREAK,
        (Script::Other, Script::Kanji | Script::Katakana | Script::Hiragana)
        | (Script::Kanji | Script::Katakana, Script::Other) => FAIR_BREAK,
        _ => POOR_BREAK,
    }
}

/// Whether `c` continues the word that ends with `prev`: Latin letters and
/// digits run together, and so do katakana (loanwords such as ネットワーク
/// read badly when split).
fn continues_word(prev: char, c: char) -> bool {
    (!is_wide(c) && !is_wide(prev))
        || (script(prev) == Script::Katakana && script(c) == Script::Katakana)
}

/// Splits text into unbreakable units: each kanji or kana alone, Latin and
/// katakana words whole, with the line-breaking rules applied by gluing
/// characters to their neighbours.
fn units(s: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut space = false;
    let mut glue_next = false;
    // Breaking inside brackets splits an aside from itself.
    let mut depth = 0usize;
    let mut before: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
            glue_next = false;
            continue;
        }
        let prev = out.last().and_then(|u| u.text.chars().last());
        let joins_previous = match prev {
            None => false,
            Some(_) if space => false,
            Some(_) if glue_next || no_line_start(c) => true,
            Some(p) => continues_word(p, c),
        };
        match out.last_mut() {
            Some(last) if joins_previous => last.text.push(c),
            _ => out.push(Unit {
                text: c.to_string(),
                space_before: space,
                break_cost: match prev {
                    Some(p) if !space => break_cost(before, p, c),
                    _ => FREE_BREAK,
                } + if depth > 0 { FAIR_BREAK } else { 0.0 },
            }),
        }
        if no_line_end(c) {
            depth += 1;
        } else if "）」』】〕〉》］｝)]}".contains(c) {
            depth = depth.saturating_sub(1);
        }
        before = prev;
        space = false;
        glue_next = no_line_end(c);
    }
    out
}

/// Cuts units wider than a whole line into pieces that fit.
fn split_wide_units(units: Vec<Unit>, max_em: f64) -> Vec<Unit> {
    let mut out = Vec::with_capacity(units.len());
    for unit in units {
        if width_em(&unit.text) <= max_em {
            out.push(unit);
            continue;
        }
        let mut first = true;
        let mut cur = String::new();
        let mut w = 0.0;
        let mut push = |text: String, first: &mut bool| {
            out.push(Unit {
                text,
                space_before: *first && unit.space_before,
                break_cost: if *first { unit.break_cost } else { POOR_BREAK },
            });
            *first = false;
        };
        for c in unit.text.chars() {
            let cw = char_em(c);
            if !cur.is_empty() && w + cw > max_em {
                push(std::mem::take(&mut cur), &mut first);
                w = 0.0;
            }
            cur.push(c);
            w += cw;
        }
        if !cur.is_empty() {
            push(cur, &mut first);
        }
    }
    out
}

fn run_text(run: &[Unit]) -> String {
    let mut s = String::new();
    for (i, u) in run.iter().enumerate() {
        if i > 0 && u.space_before {
            s.push(' ');
        }
        s.push_str(&u.text);
    }
    s
}

/// Breaks one paragraph into lines by dynamic programming over the break
/// points (a small Knuth–Plass): each line costs a fixed amount plus its
/// squared slack, each break what [`break_cost`] says, so the result has
/// few lines, breaks between words and evenly long lines.
fn wrap_paragraph(s: &str, max_em: f64, lines: &mut Vec<String>) -> f64 {
    let units = split_wide_units(units(s), max_em);
    let n = units.len();
    if n == 0 {
        return 0.0;
    }
    let mut best = vec![f64::INFINITY; n + 1];
    let mut from = vec![0usize; n + 1];
    best[0] = 0.0;
    for i in 1..=n {
        let mut width = 0.0;
        for j in (0..i).rev() {
            width += width_em(&units[j].text);
            if j + 1 < i && units[j + 1].space_before {
                width += 0.3;
            }
            if width > max_em && j + 1 < i {
                break;
            }
            let slack = (max_em - width).max(0.0);
            let line = if i == n && j == 0 {
                0.0
            } else if i == n {
                // The last line counts too: the box is as wide as its
                // widest line, so even lines make a compact box.
                let stub = if width < 2.0 { STUB_COST } else { 0.0 };
                slack * slack + stub
            } else {
                slack * slack
            };
            let brk = if j > 0 { units[j].break_cost } else { 0.0 };
            let cost = best[j] + brk + LINE_COST + line;
            if cost < best[i] {
                best[i] = cost;
                from[i] = j;
            }
        }
    }
    let mut cuts = vec![n];
    let mut i = n;
    while i > 0 {
        i = from[i];
        cuts.push(i);
    }
    cuts.reverse();
    for pair in cuts.windows(2) {
        lines.push(run_text(&units[pair[0]..pair[1]]));
    }
    best[n]
}

/// Wraps text to lines at most `max_em` wide (except where a single
/// character is wider). Explicit newlines are kept. Japanese may break
/// between any two characters but prefers word boundaries; Latin breaks
/// only at spaces (or inside a word longer than a whole line). Lines come
/// out evenly long rather than full lines followed by a stub. Returns at
/// least one line.
pub fn wrap(s: &str, max_em: f64) -> Vec<String> {
    wrap_scored(s, max_em).0
}

/// [`wrap`], also returning how bad the result is (more lines, uneven
/// lines, breaks inside words all add), to compare different widths.
pub fn wrap_scored(s: &str, max_em: f64) -> (Vec<String>, f64) {
    let max_em = max_em.max(1.0);
    let mut lines = Vec::new();
    let mut cost = 0.0;
    for paragraph in s.split('\n') {
        cost += wrap_paragraph(paragraph, max_em, &mut lines);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    (lines, cost)
}

/// Width in em of the widest line.
pub fn lines_width_em(lines: &[String]) -> f64 {
    lines.iter().map(|l| width_em(l)).fold(0.0, f64::max)
}

/// Shortens text to at most `max_em`, ending it with "…" when cut.
pub fn truncate(s: &str, max_em: f64) -> String {
    let s = s.trim();
    if width_em(s) <= max_em {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 1.0; // room for the ellipsis
    for c in s.chars() {
        w += char_em(c);
        if w > max_em {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Formats a coordinate or value with at most one decimal, without a
/// trailing ".0" and never as "-0", so output is byte-stable.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_string();
    }
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        return "0".to_string();
    }
    let s = format!("{r:.1}");
    match s.strip_suffix(".0") {
        Some(whole) => whole.to_string(),
        None => s,
    }
}

/// Formats a value for display: whole numbers without decimals, others with
/// one decimal, followed by the unit (no space before a Japanese unit such
/// as 件, a space before a Latin one such as "h").
pub fn value_with_unit(value: f64, unit: &str) -> String {
    let v = num(value);
    let unit = unit.trim();
    match unit.chars().next() {
        None => v,
        Some(c) if is_wide(c) || c == '%' => format!("{v}{unit}"),
        Some(_) => format!("{v} {unit}"),
    }
}

/// FNV-1a hash, used to derive element ids that are stable across builds and
/// distinct between several SVGs on one page.
pub fn stable_hash(parts: &[&str]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>a&b"c'd</script>"#),
            "&lt;script&gt;a&amp;b&quot;c&#39;d&lt;/script&gt;"
        );
        assert_eq!(escape("a\u{1}b"), "a\u{fffd}b");
        // A label cannot read backwards: a right-to-left override is shown.
        assert_eq!(escape("\u{202e}gol.exe"), "&lt;U+202E&gt;gol.exe");
    }

    #[test]
    fn measures_japanese_as_one_em_and_latin_narrower() {
        assert_eq!(width_em("報告"), 2.0);
        assert!((width_em("ab") - 1.1).abs() < 1e-9);
        assert!(is_wide('。') && is_wide('Ａ') && !is_wide('A'));
    }

    #[test]
    fn wraps_japanese_anywhere_but_keeps_punctuation_with_its_word() {
        let lines = wrap("個人情報や顧客への影響がある？", 7.0);
        assert!(lines.iter().all(|l| width_em(l) <= 7.0));
        assert_eq!(lines.concat(), "個人情報や顧客への影響がある？");
        assert!(lines.iter().all(|l| !l.starts_with('？')));
        let lines = wrap("あいうえおかきくけこさし。", 7.0);
        assert!(lines.iter().all(|l| !l.starts_with('。')));
    }

    #[test]
    fn wraps_latin_at_spaces_only() {
        let lines = wrap("report to the information security officer", 12.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(!l.starts_with(' ') && !l.ends_with(' '));
            assert!(width_em(l) <= 12.0);
        }
        assert_eq!(
            lines.join(" "),
            "report to the information security officer"
        );
        // A word longer than a line is cut rather than overflowing.
        let lines = wrap("Supercalifragilisticexpialidocious", 5.0);
        assert!(lines.len() > 1 && lines.iter().all(|l| width_em(l) <= 5.0));
        assert_eq!(lines.concat(), "Supercalifragilisticexpialidocious");
    }

    #[test]
    fn prefers_breaking_between_words() {
        assert_eq!(
            wrap("事実確認と影響範囲の調査", 9.0),
            vec!["事実確認と", "影響範囲の調査"]
        );
        assert_eq!(
            wrap("記録を完了（クローズ）する", 10.0),
            vec!["記録を完了", "（クローズ）する"]
        );
        assert_eq!(
            wrap("システム管理者へすぐに第一報（電話とメール）", 10.0),
            vec!["システム管理者へ", "すぐに第一報", "（電話とメール）"]
        );
        // Katakana words stay whole.
        for line in wrap("ネットワークから切り離す・アカウントを止める", 9.0)
        {
            assert!(!line.starts_with("ク") && !line.starts_with("ト"), "{line}");
        }
    }

    #[test]
    fn lines_come_out_even() {
        // Without any word boundary Japanese still breaks, evenly.
        assert_eq!(
            wrap("あいうえおかきくけこさし", 10.0),
            vec!["あいうえおか", "きくけこさし"]
        );
    }

    #[test]
    fn mixed_text_and_newlines() {
        assert_eq!(wrap("USBメモリ", 20.0), vec!["USBメモリ"]);
        assert_eq!(wrap("一\n二", 20.0), vec!["一", "二"]);
        assert_eq!(wrap("", 5.0), vec![""]);
    }

    #[test]
    fn numbers_have_fixed_precision() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(value_with_unit(3.0, "件"), "3件");
        assert_eq!(value_with_unit(2.5, "h"), "2.5 h");
        assert_eq!(value_with_unit(2.0, ""), "2");
    }

    #[test]
    fn truncates_with_ellipsis() {
        assert_eq!(truncate("短い", 5.0), "短い");
        let t = truncate("とても長いカテゴリ名です", 6.0);
        assert!(t.ends_with('…') && width_em(&t) <= 6.0);
    }
}
