//! The search document of a case page of the case book
//! (`cases/case-NNN.html`), from the same anonymised view the page shows:
//! what happened, how it was noticed, what was done, cause, impact,
//! lessons, actions and who was notified. Not the neighbouring cases, the
//! section headings or the discussion questions every case repeats.

use super::Body;
use crate::present::Env;
use crate::render::pages::cases;
use crate::search::{Facets, SearchDoc};

/// The document of case `k` (0-based) of [`Env::cases`].
pub fn document(env: &Env, k: usize) -> Vec<SearchDoc> {
    let Some(inc) = env.cases.get(k).map(|&i| env.records[i].0) else {
        return Vec::new();
    };
    let case = cases::view(env, cases::ids(env), k + 1, inc);
    let title = format!("{}: {}", case.label, case.title);
    let mut body = Body::headed(&title);
    body.push_opt(case.category_name.as_deref());
    body.push_opt(case.level_name.as_deref());
    body.push_opt(case.month.as_deref());
    body.push(&crate::markup::text::visible_text(&case.summary_html));
    body.push_opt(case.noticed.as_deref());
    for s in &case.steps {
        body.push(&s.when);
        body.push(&s.text);
    }
    let text = |html: &Option<String>| html.as_deref().map(crate::markup::text::visible_text);
    body.push_opt(text(&case.cause_html).as_deref());
    body.push_opt(case.impact.as_deref());
    body.push_opt(text(&case.lessons_html).as_deref());
    for a in &case.actions {
        body.push(&a.text);
        body.push_opt(a.role.as_deref());
    }
    case.notified.iter().for_each(|n| body.push(n));
    vec![SearchDoc {
        url: case.path,
        kind: "case".to_string(),
        title,
        body: body.into_string(),
        facets: Facets {
            level: case.level,
            category: case.category,
            ..Facets::default()
        },
    }]
}
