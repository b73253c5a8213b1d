//! The search documents of the pages made from the policy and the contact
//! list: the report page, the flow, the levels and the contacts. Each
//! holds the facts its page shows (step labels, roles, people and their
//! numbers, criteria, deadlines, what to do in each situation), not the
//! page's lead, headings, buttons' labels or notices.

use super::{plain, Body};
use crate::present::context::{duration_text, ContactView};
use crate::present::Env;
use crate::render::pages::{self, contacts_for_role};
use crate::search::SearchDoc;

/// A level: its name, criteria, responsible role, deadline and people.
fn push_level(env: &Env, body: &mut Body, l: &crate::model::Level, questions: bool) {
    body.push_level(env, l.level.value);
    body.push(&l.name);
    for c in &l.criteria {
        body.push(&c.text);
        if questions {
            body.push_opt(c.question.as_deref());
        }
    }
    body.push(env.role_name(&l.responsible));
    if let Some(d) = &l.report_within {
        body.push(&duration_text(d.value, &env.t));
    }
    for c in contacts_for_role(env, &l.responsible) {
        body.push_contact(&c);
    }
}

/// The notification rules: name, the body to tell, conditions and
/// deadlines.
fn push_notifications(env: &Env, body: &mut Body) {
    let c = env.content;
    for n in &c.policy.notifications {
        body.push(&n.name);
        if let Some(ext) = n.contact.as_ref().and_then(|id| c.contacts.external(id)) {
            body.push(&ext.name);
        }
        for w in pages::levels::conditions(env, n) {
            body.push(&w);
        }
        let kind_name = |kind: &str| {
            env.t
                .lookup(&format!("notification_kind.{kind}"))
                .unwrap_or(kind)
                .to_string()
        };
        for (kind, d) in &n.deadlines {
            body.push(&kind_name(kind));
            body.push(&duration_text(d.value, &env.t));
        }
        // Deadlines that differ under a condition, as the levels page words
        // them: the kind with the condition, then the time.
        for o in &n.overrides {
            let when = pages::levels::when_words(env, &o.when).join(env.t.get("common.and_sep"));
            for (kind, d) in &o.deadlines {
                let kind = kind_name(kind);
                body.push(
                    &env.t
                        .fmt("levels.override_kind", &[("kind", &kind), ("when", &when)]),
                );
                body.push(&duration_text(d.value, &env.t));
            }
        }
    }
}

/// `report.html`: the first-report chain, the finder's steps, the
/// questions and levels, the notification rules and what to do, not to do
/// and to tell in each situation (category).
pub fn report(env: &Env, _: usize) -> Vec<SearchDoc> {
    let policy = &env.content.policy;
    let title = env.t.get("assist.title");
    let mut body = Body::headed(title);
    for c in pages::first_report_contacts(env) {
        body.push(&c.role_name);
        body.push_contact(&c);
    }
    for n in pages::home::finder_steps(&policy.flow) {
        body.push(&n.label);
    }
    for l in policy.levels.iter().rev() {
        push_level(env, &mut body, l, true);
    }
    push_notifications(env, &mut body);
    for c in &policy.categories {
        body.push(&c.name);
        for line in c.todo.iter().chain(&c.dont).chain(&c.tell) {
            body.push(line);
        }
    }
    vec![plain(
        pages::assist::PATH.to_string(),
        "report",
        title,
        body,
    )]
}

/// `flow.html`: every step's label, who acts and whom it calls, and the
/// branch labels.
pub fn flow(env: &Env, _: usize) -> Vec<SearchDoc> {
    let flow = &env.content.policy.flow;
    let title = env.t.get("flow.title");
    let mut body = Body::headed(title);
    for n in flow {
        body.push(&n.label);
        if let Some(a) = &n.actor {
            body.push(env.role_name(a));
        }
        for c in pages::flow::calls(env, n) {
            body.push(&c.role_name);
            body.push_contact(&c);
        }
        for e in &n.next {
            body.push_opt(e.label.as_deref());
        }
    }
    vec![plain("flow.html".to_string(), "flow", title, body)]
}

/// `levels.html`: every level and the notification rules.
pub fn levels(env: &Env, _: usize) -> Vec<SearchDoc> {
    let title = env.t.get("levels.title");
    let mut body = Body::headed(title);
    for l in &env.content.policy.levels {
        push_level(env, &mut body, l, false);
    }
    push_notifications(env, &mut body);
    vec![plain("levels.html".to_string(), "levels", title, body)]
}

/// `contacts.html`: every role with its people, and the external bodies
/// with their purpose and numbers.
pub fn contacts(env: &Env, _: usize) -> Vec<SearchDoc> {
    let c = env.content;
    let title = env.t.get("contacts.title");
    let mut body = Body::headed(title);
    for r in pages::contacts::roles_in_order(c) {
        body.push(&r.name);
        for x in c.contacts.for_role(&r.id) {
            body.push_contact(&ContactView::new(x, &r.name));
        }
    }
    for e in &c.contacts.external {
        body.push(&e.name);
        body.push(&e.purpose);
        body.push_opt(e.phone.as_ref().map(|s| s.value.as_str()));
        body.push_opt(
            e.email
                .as_ref()
                .map(|s| s.value.as_str())
                .filter(|s| crate::present::context::mailto_href(s).is_some()),
        );
        body.push_opt(
            e.url
                .as_ref()
                .and_then(|u| crate::model::contacts::web_href(u))
                .as_deref(),
        );
    }
    vec![plain("contacts.html".to_string(), "contacts", title, body)]
}
