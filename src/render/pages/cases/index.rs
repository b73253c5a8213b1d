//! `index.html` of the case book — the cases by category, by level and by
//! theme (the records' tags), each list linking to the case pages.

use crate::paths::site_href;
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;
use std::collections::BTreeMap;

/// The case book's front page.
pub const INDEX: super::super::PageKind =
    super::super::PageKind::single(|env, _| render(env)).in_book(super::super::Book::Cases);

#[derive(Serialize)]
struct Entry {
    href: String,
    label: String,
    title: String,
    month: Option<String>,
    level: Option<i64>,
    category_name: Option<String>,
}

#[derive(Serialize)]
struct Group {
    name: String,
    cases: Vec<Entry>,
}

pub fn render(env: &Env) -> Result<Rendered, RenderError> {
    let path = "index.html".to_string();
    let title = env.t.get("cases.title");
    let cases = super::all(env);
    let entry = |c: &super::CaseView| Entry {
        href: site_href(&path, &c.path),
        label: c.label.clone(),
        title: c.title.clone(),
        month: c.month.clone(),
        level: c.level,
        category_name: c.category_name.clone(),
    };
    // Categories and levels in the policy's order; themes by name.
    let by_category: Vec<Group> = env
        .content
        .policy
        .categories
        .iter()
        .map(|cat| Group {
            name: cat.name.clone(),
            cases: cases
                .iter()
                .filter(|c| c.category.as_deref() == Some(cat.id.value.as_str()))
                .map(entry)
                .collect(),
        })
        .filter(|g| !g.cases.is_empty())
        .collect();
    let by_level: Vec<Group> = env
        .content
        .policy
        .levels
        .iter()
        .map(|l| Group {
            name: env
                .t
                .get("cases.level")
                .replace("{n}", &l.level.value.to_string())
                .replace("{name}", &l.name),
            cases: cases
                .iter()
                .filter(|c| c.level == Some(l.level.value))
                .map(entry)
                .collect(),
        })
        .filter(|g| !g.cases.is_empty())
        .collect();
    let mut themes: BTreeMap<&str, Vec<Entry>> = BTreeMap::new();
    for c in &cases {
        for t in &c.themes {
            themes.entry(t).or_default().push(entry(c));
        }
    }
    let by_theme: Vec<Group> = themes
        .into_iter()
        .map(|(name, cases)| Group {
            name: name.to_string(),
            cases,
        })
        .collect();
    let all: Vec<Entry> = cases.iter().map(entry).collect();
    let mut ctx = env.context(&path, Nav::Cases, title);
    ctx.insert("cases", &all);
    ctx.insert("by_category", &by_category);
    ctx.insert("by_level", &by_level);
    ctx.insert("by_theme", &by_theme);
    ctx.insert(
        "booklet_href",
        &site_href(&path, crate::present::cases::BOOKLET),
    );
    super::super::page(env, path, "cases.html", &ctx, None)
}
