//! The search document of a drill page (`drills/<id>.html`): its title,
//! the participating roles, the reason recorded for a late drill, the
//! scenario, the findings and the corrective actions. Not the previous and
//! next drills, nor the template's headings and notices.

use super::Body;
use crate::analysis::deviations::Kind;
use crate::search::{Facets, SearchDoc};
use chrono::Datelike;

/// The document of drill `index` of [`crate::present::Env::drills`].
pub fn document(env: &crate::present::Env, index: usize) -> Vec<SearchDoc> {
    let Some(d) = env.drills.get(index) else {
        return Vec::new();
    };
    let path = crate::paths::drill_page(&d.id.value);
    let title = format!("{} {}", d.id.value, d.title);
    let mut body = Body::headed(&title);
    if let Some(date) = &d.date {
        body.push(&date.value.iso());
    }
    d.participants
        .iter()
        .for_each(|p| body.push(env.role_name(p)));
    let late: Vec<_> = crate::analysis::deviations::of_drills(env.content, env.today)
        .into_iter()
        .filter(|x| x.kind == Kind::DrillLate && x.record == d.id.value)
        .collect();
    for v in crate::present::audit::deviation_views(env, &late, &path) {
        body.push_opt(v.reason.as_deref());
    }
    body.push_markdown(&d.scenario);
    body.push_markdown(d.findings.as_deref().unwrap_or(""));
    for a in &d.actions {
        body.push(&a.action);
        a.controls.iter().for_each(|c| body.push(&c.value));
        if let Some(o) = &a.owner {
            body.push(env.role_name(o));
        }
        body.push_opt(a.evaluation.as_deref());
        body.push_opt(a.late_reason.as_deref());
    }
    vec![SearchDoc {
        url: path,
        kind: "drill".to_string(),
        title,
        body: body.into_string(),
        facets: Facets {
            year: d.date.as_ref().map(|x| x.value.first().year()),
            ..Facets::default()
        },
    }]
}
