//! The catalogue of diagnostic texts: the `diagnostics:` section of the
//! theme's locale files (`themes/default/locales/{ja,en}.yaml`), the same
//! files the site's strings come from. This layer sits below the YAML
//! reader, so the section is read by the small reader below, which accepts
//! the subset the section is written in (nested mappings, one-line plain or
//! quoted strings); `present::i18n`'s tests check that it reads exactly
//! what the YAML reader reads.
//!
//! Adding a message: one line `key: "text with {placeholders}"` under its
//! code in each of the two files, then `msg!("CODE.key", placeholder = …)`.

use super::text::Lang;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const JA: &str = include_str!("../../themes/default/locales/ja.yaml");
const EN: &str = include_str!("../../themes/default/locales/en.yaml");

/// The top-level section of the locale files holding diagnostic texts.
pub const SECTION: &str = "diagnostics";

fn table(lang: Lang) -> &'static BTreeMap<String, String> {
    static JA_T: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static EN_T: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    match lang {
        Lang::Ja => JA_T.get_or_init(|| read_section(JA, SECTION)),
        Lang::En => EN_T.get_or_init(|| read_section(EN, SECTION)),
    }
}

/// The text of `key` (dotted, relative to the section) in `lang`.
pub fn get(lang: Lang, key: &str) -> Option<&'static str> {
    table(lang).get(key).map(String::as_str)
}

/// Every key of `lang`, sorted.
pub fn keys(lang: Lang) -> impl Iterator<Item = &'static str> {
    table(lang).keys().map(String::as_str)
}

/// `get` with `{name}` placeholders filled from `args`.
pub fn fmt(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let template = get(lang, key).or_else(|| get(Lang::En, key)).unwrap_or(key);
    super::text::fill(template, |n| {
        args.iter()
            .find(|(k, _)| *k == n)
            .map(|(_, v)| v.to_string())
    })
}

/// How the site shows each value of an enumeration whose values are
/// `allowed` (`open`, `closed`, …): (value, Japanese name, English name),
/// from every section of the locale files that names all of them.
pub fn display_names(allowed: &[&str]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    if allowed.is_empty() {
        return out;
    }
    for section in JA.lines().filter_map(|l| l.strip_suffix(':')) {
        if section.starts_with([' ', '#']) || section == SECTION {
            continue;
        }
        let (ja, en) = (read_section(JA, section), read_section(EN, section));
        if allowed.iter().all(|a| ja.contains_key(*a)) {
            for a in allowed {
                let j = ja.get(*a).cloned().unwrap_or_default();
                let e = en.get(*a).cloned().unwrap_or_default();
                out.push((a.to_string(), j, e));
            }
        }
    }
    out
}

/// The strings of top-level `section` of a locale file, by dotted key.
pub fn read_section(text: &str, section: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut inside = false;
    // (indent, key) of the mappings the current line is nested in.
    let mut path: Vec<(usize, String)> = Vec::new();
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - body.len();
        if indent == 0 {
            inside = body.trim_end() == format!("{section}:");
            path.clear();
            continue;
        }
        if !inside {
            continue;
        }
        let Some((key, value)) = split_entry(body) else {
            continue;
        };
        while path.last().is_some_and(|(i, _)| *i >= indent) {
            path.pop();
        }
        if value.is_empty() {
            path.push((indent, key));
            continue;
        }
        let mut full: Vec<&str> = path.iter().map(|(_, k)| k.as_str()).collect();
        full.push(&key);
        out.insert(full.join("."), scalar(value));
    }
    out
}

/// `key: value` → (key, value without a trailing comment).
fn split_entry(body: &str) -> Option<(String, &str)> {
    let (key, rest) = if let Some(quoted) = body.strip_prefix('"') {
        let end = quoted.find('"')?;
        (
            quoted[..end].to_string(),
            quoted[end + 1..].strip_prefix(':')?,
        )
    } else {
        let (k, r) = body.split_once(':')?;
        (k.trim().to_string(), r)
    };
    let value = rest.trim();
    Some((key, value))
}

/// A one-line YAML scalar: double-quoted (with `\"`, `\\`, `\n`, `\t`
/// escapes), single-quoted (`''` for a quote), or plain (up to ` #`).
fn scalar(value: &str) -> String {
    if let Some(inner) = value.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => break,
                },
                c => out.push(c),
            }
        }
        return out;
    }
    if let Some(inner) = value.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'').unwrap_or(inner);
        return inner.replace("''", "'");
    }
    match value.find(" #") {
        Some(at) => value[..at].trim_end().to_string(),
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nested_quoted_and_plain_entries_of_one_section() {
        let text = "a:\n  x: 1\ndiagnostics:\n  # note\n  E1:\n    m: \"say \\\"{v}\\\"\"\n    h: plain text # c\n  top: 'it''s'\nb:\n  y: 2\n";
        let t = read_section(text, "diagnostics");
        assert_eq!(t.get("E1.m").map(String::as_str), Some("say \"{v}\""));
        assert_eq!(t.get("E1.h").map(String::as_str), Some("plain text"));
        assert_eq!(t.get("top").map(String::as_str), Some("it's"));
        assert_eq!(t.len(), 3);
    }

    /// Every message has a Japanese and an English text, with the same
    /// placeholders: a message added in one language only is listed here.
    #[test]
    fn every_message_has_both_languages_with_the_same_placeholders() {
        let ja: Vec<&str> = keys(Lang::Ja).collect();
        let en: Vec<&str> = keys(Lang::En).collect();
        let no_ja: Vec<&&str> = en.iter().filter(|k| get(Lang::Ja, k).is_none()).collect();
        let no_en: Vec<&&str> = ja.iter().filter(|k| get(Lang::En, k).is_none()).collect();
        assert!(
            no_ja.is_empty(),
            "messages without a Japanese text: {no_ja:?}"
        );
        assert!(
            no_en.is_empty(),
            "messages without an English text: {no_en:?}"
        );
        let names = |s: &str| {
            let mut v = super::super::text::placeholders(s);
            v.sort();
            v.dedup();
            v
        };
        for k in &en {
            let (e, j) = (
                get(Lang::En, k).unwrap_or(""),
                get(Lang::Ja, k).unwrap_or(""),
            );
            assert!(
                !j.trim().is_empty() && !e.trim().is_empty(),
                "empty text for {k}"
            );
            assert_eq!(
                names(e),
                names(j),
                "placeholders of {k} differ between en and ja"
            );
        }
        assert!(en.len() > 50, "the catalogue was not found: {}", en.len());
    }
}
