//! UI strings. Every word the site shows that does not come from the content
//! comes from a locale file of the theme (`locales/ja.yaml`, `locales/en.yaml`),
//! so a theme override can reword the site and nothing is hard-coded in
//! templates or code.
//!
//! Locale files are nested YAML mappings of strings. Templates read them as
//! `t.section.key`; Rust code through [`I18n::get`] with a dotted key.

use crate::model::Language;
use crate::yaml::{self, Node, Value};
use serde_json::{Map, Value as Json};

/// The strings of one language.
#[derive(Clone, Debug)]
pub struct I18n {
    lang: Language,
    root: Json,
    /// Every string of `root` by its dotted key: a page asks for dozens of
    /// strings, every record page too, and a walk down the tree compared
    /// key after key at each level. Each string also escaped for HTML, as
    /// [`crate::markup::push_escaped`] writes it: the compiled record page
    /// writes dozens of them on each of 100,000 pages ([`I18n::lookup_html`]).
    flat: std::collections::HashMap<String, (String, String)>,
}

impl I18n {
    /// Parse a locale file. Only mappings and scalars are allowed.
    pub fn from_yaml(text: &str, lang: Language) -> Result<I18n, String> {
        let node = yaml::parse(text).map_err(|e| format!("line {}: {}", e.pos.line, e.message))?;
        if node.as_map().is_none() {
            return Err("a locale file must be a mapping of keys to strings".into());
        }
        let root = to_json(&node)?;
        let mut strings = std::collections::HashMap::new();
        flatten("", &root, &mut strings);
        let flat = strings
            .into_iter()
            .map(|(key, text)| {
                let mut html = String::with_capacity(text.len());
                crate::markup::push_escaped(&mut html, &text);
                (key, (text, html))
            })
            .collect();
        Ok(I18n { lang, root, flat })
    }

    pub fn lang(&self) -> Language {
        self.lang
    }

    /// All strings, for templates (`t` in every page context).
    pub fn tree(&self) -> &Json {
        &self.root
    }

    /// One section (`t.incident`), cloned cheaply for page contexts that need
    /// only some sections.
    pub fn section(&self, name: &str) -> Json {
        self.root.get(name).cloned().unwrap_or(Json::Null)
    }

    /// The string at a dotted key such as `status.open`. A missing key yields
    /// the key itself, so a gap shows up on the page instead of crashing the
    /// build (the locale tests keep both languages complete).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.lookup(key).unwrap_or(key)
    }

    pub fn lookup(&self, key: &str) -> Option<&str> {
        self.flat.get(key).map(|(text, _)| text.as_str())
    }

    /// [`I18n::lookup`]'s string escaped for HTML, as
    /// [`crate::markup::push_escaped`] writes it (escaped once, when the
    /// locale is read).
    pub fn lookup_html(&self, key: &str) -> Option<&str> {
        self.flat.get(key).map(|(_, html)| html.as_str())
    }

    /// `get` with `{name}` placeholders replaced.
    pub fn fmt(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self.get(key).to_string();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// Every dotted key that holds a string, sorted (for completeness tests).
    pub fn keys(&self) -> Vec<String> {
        fn walk(prefix: &str, v: &Json, out: &mut Vec<String>) {
            match v {
                Json::Object(m) => {
                    for (k, v) in m {
                        let key = if prefix.is_empty() {
                            k.clone()
                        } else {
                            format!("{prefix}.{k}")
                        };
                        walk(&key, v, out);
                    }
                }
                _ => out.push(prefix.to_string()),
            }
        }
        let mut out = Vec::new();
        walk("", &self.root, &mut out);
        out.sort();
        out
    }
}

/// The strings of `v` by dotted key (`prefix` the key of `v`), as a walk
/// from the root following the key's parts finds them.
fn flatten(prefix: &str, v: &Json, out: &mut std::collections::HashMap<String, String>) {
    match v {
        Json::Object(m) => {
            // A key holding a dot is never reached by a dotted key's parts.
            for (k, v) in m.iter().filter(|(k, _)| !k.contains('.')) {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        Json::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        _ => {}
    }
}

fn to_json(node: &Node) -> Result<Json, String> {
    Ok(match &node.value {
        Value::Null => Json::String(String::new()),
        Value::Bool(b) => Json::String(b.to_string()),
        Value::Int(i) => Json::String(i.to_string()),
        Value::Float(f) => Json::String(f.to_string()),
        Value::Str(s) => Json::String(s.clone()),
        Value::Seq(_) => {
            return Err(format!(
                "line {}: lists are not allowed in locale files",
                node.pos.line
            ))
        }
        Value::Map(entries) => {
            let mut m = Map::new();
            for (k, v) in entries {
                let key = match &k.value {
                    Value::Str(s) => s.clone(),
                    Value::Int(i) => i.to_string(),
                    Value::Bool(b) => b.to_string(),
                    _ => return Err(format!("line {}: keys must be text", k.pos.line)),
                };
                m.insert(key, to_json(v)?);
            }
            Json::Object(m)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::theme::Theme;

    fn both() -> (I18n, I18n) {
        let theme = Theme::builtin();
        (
            theme.locale(Language::Ja).unwrap(),
            theme.locale(Language::En).unwrap(),
        )
    }

    #[test]
    fn lookups_and_placeholders() {
        let t = I18n::from_yaml("a:\n  b: こんにちは {name}\nn: 3\n", Language::Ja).unwrap();
        assert_eq!(t.get("a.b"), "こんにちは {name}");
        assert_eq!(t.fmt("a.b", &[("name", "世界")]), "こんにちは 世界");
        assert_eq!(t.get("n"), "3");
        assert_eq!(t.get("a.missing"), "a.missing");
        assert!(I18n::from_yaml("- a\n", Language::Ja).is_err());
    }

    #[test]
    fn each_string_escaped_once_is_what_escaping_it_on_the_page_gives() {
        let escaped = |s: &str| {
            let mut out = String::new();
            crate::markup::push_escaped(&mut out, s);
            out
        };
        let odd = "a: \"<b>&amp; \\u200b'x'\"\n";
        let t = I18n::from_yaml(odd, Language::Ja).unwrap();
        let a = t.get("a");
        assert!(a.contains('<') && a.contains('\u{200b}'), "{a:?}");
        assert_eq!(t.lookup_html("a"), Some(escaped(a).as_str()));
        assert_ne!(t.lookup_html("a"), Some(a));
        assert_eq!(t.lookup_html("missing"), None);
        let (ja, en) = both();
        for t in [&ja, &en] {
            for key in t.keys() {
                let text = t.lookup(&key).unwrap();
                assert_eq!(t.lookup_html(&key), Some(escaped(text).as_str()), "{key}");
            }
        }
    }

    #[test]
    fn the_table_of_keys_finds_what_a_walk_down_the_tree_finds() {
        let walk = |t: &I18n, key: &str| -> Option<String> {
            let mut cur = t.tree();
            for part in key.split('.') {
                cur = cur.get(part)?;
            }
            cur.as_str().map(str::to_string)
        };
        let (ja, en) = both();
        for t in [&ja, &en] {
            let keys = t.keys();
            assert!(keys.len() > 100);
            for key in &keys {
                assert_eq!(t.lookup(key).map(str::to_string), walk(t, key), "{key}");
                let section = key.split('.').next().unwrap_or_default();
                assert_eq!(t.lookup(section).map(str::to_string), walk(t, section));
                let missing = format!("{key}.missing");
                assert_eq!(t.lookup(&missing), None);
            }
        }
    }

    #[test]
    fn japanese_and_english_have_the_same_keys() {
        let (ja, en) = both();
        assert_eq!(ja.keys(), en.keys());
        assert!(ja.keys().len() > 100);
        // Strings that may legitimately be empty in some language.
        const MAY_BE_EMPTY: &[&str] = &["dashboard.unit"];
        for key in ja
            .keys()
            .iter()
            .filter(|k| !MAY_BE_EMPTY.contains(&k.as_str()))
        {
            assert!(!ja.get(key).trim().is_empty(), "empty ja string {key}");
            assert!(!en.get(key).trim().is_empty(), "empty en string {key}");
        }
    }

    /// The diagnostics catalogue reads its section of the locale files
    /// with a reader of its own (it sits below the YAML layer): it must
    /// read exactly what the YAML reader reads.
    #[test]
    fn the_diagnostics_catalogue_reads_what_yaml_reads() {
        use crate::diagnostics::{catalogue, Lang};
        let (ja, en) = both();
        for (t, lang) in [(&ja, Lang::Ja), (&en, Lang::En)] {
            let prefix = format!("{}.", catalogue::SECTION);
            let from_yaml: Vec<(String, String)> = t
                .keys()
                .into_iter()
                .filter_map(|k| Some((k.strip_prefix(&prefix)?.to_string(), t.get(&k).to_string())))
                .collect();
            let from_catalogue: Vec<(String, String)> = catalogue::keys(lang)
                .map(|k| {
                    (
                        k.to_string(),
                        catalogue::get(lang, k).unwrap_or("").to_string(),
                    )
                })
                .collect();
            assert_eq!(from_catalogue, from_yaml);
        }
    }

    /// Every `t.x.y` a template mentions exists, so no page shows a raw key.
    #[test]
    fn every_key_used_by_templates_exists() {
        let (ja, _) = both();
        let theme = Theme::builtin();
        let mut missing = Vec::new();
        for (name, text) in theme.templates() {
            for key in template_keys(text) {
                // `t.status[x]` style lookups name a section, not a string.
                if ja.lookup(&key).is_none()
                    && !ja
                        .tree()
                        .pointer(&format!("/{}", key.replace('.', "/")))
                        .is_some_and(Json::is_object)
                {
                    missing.push(format!("{name}: {key}"));
                }
            }
        }
        assert!(missing.is_empty(), "missing locale keys: {missing:?}");
    }

    fn template_keys(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(p) = text[i..].find("t.") {
            let start = i + p;
            let before = if start == 0 { b' ' } else { bytes[start - 1] };
            i = start + 2;
            if before.is_ascii_alphanumeric() || before == b'_' || before == b'.' {
                continue;
            }
            let key: String = text[start + 2..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .collect();
            let key = key.trim_end_matches('.').to_string();
            if !key.is_empty() {
                out.push(key);
            }
        }
        out
    }
}
