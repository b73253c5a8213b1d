//! `search.html` — the search page. Results are found and shown by
//! `static/search.js` from the index under `search/`; this page provides the
//! markup it expects and its labels (`#search-i18n`, a JSON data block: the
//! site's CSP allows no inline script).

use super::page;
use crate::present::{Env, Nav, RenderError, Rendered};
use crate::search::glossary;
use serde_json::{Map, Value};

/// This page in [`super::PAGES`].
pub const PAGE: super::PageKind = super::PageKind::single(|env, _| render(env))
    .in_book(super::Book::Both)
    .without_records();

/// Labels for search.js: the locale's `search_js` section, plus category
/// names from the policy, and what a word or phrase also searches
/// (`expand`: the glossary and the site's `search.synonyms`).
fn labels(env: &Env) -> Value {
    let mut v = env.t.section("search_js");
    let categories: Map<String, Value> = env
        .content
        .policy
        .categories
        .iter()
        .map(|c| (c.id.value.clone(), Value::String(c.name.clone())))
        .collect();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("categories".into(), Value::Object(categories));
        obj.insert("expand".into(), expand(env));
    }
    v
}

/// [`glossary::expansions`] for this site, as JSON.
fn expand(env: &Env) -> Value {
    let site = &env.content.site;
    let own: Vec<Vec<String>> = site
        .synonyms
        .iter()
        .map(|g| g.words.iter().map(|w| w.value.clone()).collect())
        .collect();
    let ja = site.language == crate::model::Language::Ja;
    let map = glossary::expansions(ja, &own)
        .into_iter()
        .map(|(k, v)| (k, Value::from(v)))
        .collect();
    Value::Object(map)
}

/// JSON safe to place inside `<script type="application/json">`: `<` is
/// escaped so that no `</script>` or `<!--` can end or confuse the block.
pub(crate) fn json_for_script(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "{}".into())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = "search.html".to_string();
    let title = env.t.get("search.title");
    let mut ctx = env.context(&path, Nav::None, title);
    ctx.insert("search_i18n", &json_for_script(&labels(env)));
    ctx.insert("hide_header_search", &true);
    page(env, path, "search.html", &ctx, None)
}

#[cfg(test)]
mod tests {
    #[test]
    fn script_json_cannot_close_the_block() {
        let v = serde_json::json!({"a": "</script><script>alert(1)</script>"});
        let s = super::json_for_script(&v);
        assert!(!s.contains("</"));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }
}
