//! Which locale sections each template uses, so that a page rendered once
//! per record gets only the strings its template needs (see
//! [`super::Env::lean_context`]).

use super::i18n::I18n;
use super::theme::Theme;

/// For every template, the locale restricted to the top-level sections that
/// it and the templates it extends, imports or includes mention as
/// `t.<section>`. A template that indexes `t[...]` or hands `t` to a macro
/// under another name gets every section.
pub(super) fn lean_locales(
    theme: &Theme,
    t: &I18n,
) -> std::collections::HashMap<String, serde_json::Value> {
    use std::collections::{BTreeSet, HashMap};
    let sources: HashMap<&str, &str> = theme.templates().collect();
    let mut out = HashMap::new();
    for name in sources.keys() {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut todo = vec![*name];
        let mut sections: BTreeSet<String> = BTreeSet::new();
        let mut everything = false;
        while let Some(n) = todo.pop() {
            if !seen.insert(n) {
                continue;
            }
            let Some(src) = sources.get(n) else { continue };
            everything |= mentions_whole_locale(src);
            sections.extend(locale_sections(src));
            for dep in template_dependencies(src) {
                if let Some((k, _)) = sources.get_key_value(dep.as_str()) {
                    todo.push(k);
                }
            }
        }
        if everything {
            continue;
        }
        let tree = t.tree();
        let lean: serde_json::Map<String, serde_json::Value> = sections
            .into_iter()
            .filter_map(|s| tree.get(&s).map(|v| (s, v.clone())))
            .collect();
        out.insert(name.to_string(), serde_json::Value::Object(lean));
    }
    out
}

/// `x` in every `t.x` of a template (not `at.x`, `it.x`).
fn locale_sections(src: &str) -> Vec<String> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    for (i, _) in src.match_indices("t.") {
        if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.') {
            continue;
        }
        let name: String = src[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push(name);
        }
    }
    out
}

/// Whether a template uses the locale in a way a scan cannot follow.
fn mentions_whole_locale(src: &str) -> bool {
    let b = src.as_bytes();
    src.match_indices("t[").any(|(i, _)| {
        i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.')
    }) || src.match_indices("=t").any(|(i, _)| {
        let after = b.get(i + 2).copied().unwrap_or(b' ');
        let renamed =
            !src[..i].ends_with("(t") && !src[..i].ends_with(" t") && !src[..i].ends_with(",t");
        !(after.is_ascii_alphanumeric() || after == b'_' || after == b'.') && renamed
    })
}

/// Templates named by `extends`, `import` and `include` tags.
pub(super) fn template_dependencies(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["extends", "import", "include"] {
        for (i, _) in src.match_indices(tag) {
            let rest = src[i + tag.len()..].trim_start();
            if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
                if let Some(end) = rest[1..].find(q) {
                    out.push(rest[1..1 + end].to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_scan_finds_sections_and_dependencies() {
        let src = "{% extends \"base.html\" %}{% import 'macros.html' as m %}{{ t.nav.home }} {{ at.x }} {{ m::f(c=c, t=t) }}{% include \"x.html\" %}";
        assert_eq!(locale_sections(src), vec!["nav".to_string()]);
        assert_eq!(
            template_dependencies(src),
            vec!["base.html", "macros.html", "x.html"]
        );
        assert!(!mentions_whole_locale(src));
        assert!(mentions_whole_locale("{{ t[key] }}"));
        assert!(mentions_whole_locale("{{ m::f(tr=t) }}"));
        assert!(!mentions_whole_locale(
            "{{ x | replace(from=\"a\", to=total) }} {{ f(caption=t.a.b) }}"
        ));
    }
}
