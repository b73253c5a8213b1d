//! `compliance.html` — for every notification rule of the policy (PPC,
//! police, IPA ...): each record it applies to, the deadline of each report
//! counted from detection, and whether the report was made on time, made
//! late, is missing, or is not yet due (as of the build's `today`). The
//! states come from `analysis::notifications`, the same code `check` uses.
//! Newest records first; records shown as stubs are left out (their details
//! are not this audience's to see), and so are rules keyed on a field the
//! audience may not see (`NotificationRule::withheld`, set by
//! `redact::redact`): listing them with no record would read as "applies
//! to none".
//!
//! The cases are paged like the register's listings
//! ([`super::paging`]): `compliance.html` and then `compliance/2.html`, ...,
//! at most [`PAGE_ROWS`] cases each, rules in policy order. Every page has the
//! totals, the list of rules (linking the page where each rule's cases
//! start) and the pager; a rule's section is on each page its cases fall
//! on, with the records that mark it not applicable on the last of them;
//! the records older than the policy are on the last page.

use super::page;
use super::paging::{page_count, page_range, pager, PAGE_ROWS};
use crate::analysis::notifications::{requirements, Requirement, State};
use crate::markup::push_escaped;
use crate::model::summary::Summary;
use crate::model::Timestamp;
use crate::paths::{compliance_page, site_href};
use crate::present::context::{date_view, date_view_in, duration_text, DateView};
use crate::present::i18n::I18n;
use crate::present::view::Presence;
use crate::present::{Env, Nav, RenderError, Rendered};
use serde::Serialize;

/// These pages in [`super::PAGES`]: `compliance.html` and the pages after
/// it, at most [`PAGE_ROWS`] cases (a record under a rule) each.
pub const PAGE: super::PageKind =
    super::PageKind::each(|env| (0..page_count(plan(env).total)).collect(), render)
        .with_inputs(inputs);

/// What page `k` is made from: the register's facts (the counts, the list
/// of rules, where each rule's cases fall; no title), which page it is,
/// and the records whose rows it shows (its cases, the records that mark
/// a rule whose section ends on it not applicable, and on the last page
/// the records older than the policy).
fn inputs(env: &Env, k: usize) -> Option<super::PageInputs> {
    let plan = plan(env);
    let n = page_count(plan.total);
    let on_page = page_range(plan.total, k);
    let mut inputs = super::PageInputs::register_facts();
    inputs
        .add(b"compliance")
        .add(&(k as u64).to_le_bytes())
        .add(&(n as u64).to_le_bytes());
    for p in plan.rules.iter().filter(|p| p.pages(n).contains(&k)) {
        let from = on_page.start.max(p.start) - p.start;
        let to = (on_page.end.min(p.start + p.cases.len())).max(p.start) - p.start;
        inputs.records.extend(&p.cases[from..to.max(from)]);
        if *p.pages(n).end() == k {
            inputs.records.extend(p.exempt.iter().map(|&(x, _)| x));
        }
    }
    if k + 1 == n {
        inputs.records.extend(&plan.predating);
    }
    Some(inputs)
}

#[derive(Serialize)]
struct Line<'a> {
    kind: &'a str,
    /// What the kind is called under this rule (its own `label` or the
    /// theme's word).
    kind_label: String,
    deadline: DateView,
    made_at: Option<DateView>,
    reference: Option<&'a str>,
    state: &'static str,
    /// Why it was late or not made, as the record says.
    reason: Option<&'a str>,
}

/// A record that marks the rule not applicable.
#[derive(Serialize)]
struct Exempt<'a> {
    id: &'a str,
    href: String,
    title: &'a str,
    decided_by: Option<&'a str>,
    reason: &'a str,
}

#[derive(Serialize)]
struct Case<'a> {
    id: &'a str,
    href: String,
    title: &'a str,
    detected: Option<DateView>,
    lines: Vec<Line<'a>>,
}

#[derive(Serialize, Default, Clone, Copy, PartialEq, Debug)]
struct Counts {
    made: usize,
    late: usize,
    missing: usize,
    not_yet_due: usize,
    /// Cannot be told (W510): a date is known only to its month.
    unjudged: usize,
}

impl Counts {
    fn add(&mut self, s: State) {
        match s {
            State::Made => self.made += 1,
            State::Late => self.late += 1,
            State::Missing => self.missing += 1,
            State::NotYetDue => self.not_yet_due += 1,
            State::Unjudged => self.unjudged += 1,
        }
    }
}

#[derive(Serialize)]
struct RuleView<'a> {
    id: &'a str,
    name: &'a str,
    anchor: String,
    policy_href: String,
    deadlines: Vec<(String, String)>,
    /// The rule's cases on this page, as table rows ([`cases_html`]).
    cases_html: String,
    has_cases: bool,
    counts: Counts,
    /// Shown on the last page of the rule's cases.
    not_applicable: Vec<Exempt<'a>>,
}

/// A rule in the list of rules every page starts with.
#[derive(Serialize)]
struct TocItem<'a> {
    name: &'a str,
    /// The rule's section, on the page where its cases start.
    href: String,
    cases: usize,
}

/// What the pages show, worked out once per build ([`crate::present::memo`]):
/// for each rule shown (index into the policy's notification rules), the
/// records it applies to (indices into [`Env::incidents`], newest first), its
/// counts, and the records that mark it not applicable (record, entry);
/// the records older than the policy.
struct Plan {
    rules: Vec<RulePlan>,
    total: usize,
    counts: Counts,
    predating: Vec<usize>,
}

struct RulePlan {
    rule: usize,
    /// Position of the rule's first case in the whole list of cases.
    start: usize,
    cases: Vec<usize>,
    counts: Counts,
    exempt: Vec<(usize, usize)>,
}

impl RulePlan {
    /// The pages (from 0) the rule's section is on, of `n` pages: those its
    /// cases fall on, or the one where its place is when it has none.
    fn pages(&self, n: usize) -> std::ops::RangeInclusive<usize> {
        let last_page = n.saturating_sub(1);
        if self.cases.is_empty() {
            let k = (self.start / PAGE_ROWS).min(last_page);
            k..=k
        } else {
            let end = self.start + self.cases.len();
            (self.start / PAGE_ROWS)..=((end - 1) / PAGE_ROWS).min(last_page)
        }
    }
}

fn plan(env: &Env) -> std::sync::Arc<Plan> {
    env.memo.get("compliance.plan", || {
        let show = env.view.shows("notifications");
        let rules: Vec<usize> = (0..env.content.policy.notifications.len())
            .filter(|&n| !env.content.policy.notifications[n].withheld)
            .collect();
        let slot = |id: &str| {
            rules
                .iter()
                .position(|&n| env.content.policy.notifications[n].id.value == id)
        };
        let mut cases: Vec<Vec<usize>> = vec![Vec::new(); rules.len()];
        let mut counts = vec![Counts::default(); rules.len()];
        let mut exempt: Vec<Vec<(usize, usize)>> = vec![Vec::new(); rules.len()];
        let mut predating = Vec::new();
        let full = |k: usize| env.incidents[k].1 == Presence::Full;
        for k in (0..env.incidents.len()).rev().filter(|&k| show && full(k)) {
            let i = env.incidents[k].0;
            let mut seen = Vec::new();
            for r in requirements(env.content, i, env.today) {
                let Some(s) = slot(&r.rule.id.value) else {
                    continue;
                };
                counts[s].add(r.state);
                if !seen.contains(&s) {
                    seen.push(s);
                    cases[s].push(k);
                }
            }
            if i.audit().predates() {
                predating.push(k);
            }
            for (e, n) in i.audit().not_applicable.iter().enumerate() {
                if let Some(s) = slot(&n.rule.value) {
                    exempt[s].push((k, e));
                }
            }
        }
        let mut start = 0;
        let mut total = Counts::default();
        let rules: Vec<RulePlan> = rules
            .into_iter()
            .zip(cases.into_iter().zip(counts).zip(exempt))
            .map(|(rule, ((cases, c), exempt))| {
                total.made += c.made;
                total.late += c.late;
                total.missing += c.missing;
                total.not_yet_due += c.not_yet_due;
                total.unjudged += c.unjudged;
                let p = RulePlan {
                    rule,
                    start,
                    cases,
                    counts: c,
                    exempt,
                };
                start += p.cases.len();
                p
            })
            .collect();
        Plan {
            rules,
            total: start,
            counts: total,
            predating,
        }
    })
}

/// Page `k` (from 0) of the compliance pages.
pub fn render(env: &Env, k: usize) -> Result<Rendered, RenderError> {
    let plan = plan(env);
    let n = page_count(plan.total);
    if k >= n {
        return Err(RenderError::Io(format!("no page {k} of compliance")));
    }
    let path = compliance_page(k);
    let title = env.t.get("compliance.title");
    let policy = &env.content.policy;
    let show_ref = env.view.shows("notifications.reference");
    let kind = |rule: &str, k: &str| env.notification_kind(rule, k);
    let on_page = page_range(plan.total, k);
    let record_href =
        |i: &Summary, anchor: &str| site_href(&path, &crate::paths::record_page(&i.id)) + anchor;

    let mut rules = Vec::new();
    for p in plan.rules.iter().filter(|p| p.pages(n).contains(&k)) {
        let rule = &policy.notifications[p.rule];
        let id = rule.id.value.as_str();
        // The rule's cases that fall on this page.
        let from = on_page.start.max(p.start) - p.start;
        let to = (on_page.end.min(p.start + p.cases.len())).max(p.start) - p.start;
        let cases: Vec<Case> = p.cases[from..to.max(from)]
            .iter()
            .map(|&x| {
                let i = env.incidents[x].0;
                let lines = requirements(env.content, i, env.today)
                    .into_iter()
                    .filter(|r| r.rule.id.value == id)
                    .map(|r| line(env, i, r, show_ref))
                    .collect();
                Case {
                    id: &i.id,
                    href: record_href(i, "#notifications"),
                    title: &i.title,
                    detected: i.detected_at.as_ref().map(|d| date_view_in(d, env)),
                    lines,
                }
            })
            .collect();
        let last = *p.pages(n).end() == k;
        rules.push(RuleView {
            id,
            name: &rule.name,
            anchor: format!("rule-{id}"),
            policy_href: format!("{}levels.html#notify-{id}", crate::paths::root_for(&path)),
            deadlines: rule
                .deadlines
                .iter()
                .map(|(k, d)| (kind(id, k), duration_text(d.value, &env.t)))
                .collect(),
            cases_html: cases_html(&env.t, &cases),
            has_cases: !cases.is_empty(),
            counts: p.counts,
            not_applicable: if last {
                p.exempt
                    .iter()
                    .map(|&(x, e)| {
                        let i = env.incidents[x].0;
                        let na = &i.audit().not_applicable[e];
                        Exempt {
                            id: &i.id,
                            href: record_href(i, "#not-applicable"),
                            title: &i.title,
                            decided_by: na.decided_by.as_ref().map(|r| env.role_name(r)),
                            reason: na.reason.trim(),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            },
        });
    }
    let toc: Vec<TocItem> = plan
        .rules
        .iter()
        .map(|p| {
            let id = &policy.notifications[p.rule].id.value;
            TocItem {
                name: &policy.notifications[p.rule].name,
                href: format!(
                    "{}#rule-{id}",
                    if *p.pages(n).start() == k {
                        String::new()
                    } else {
                        site_href(&path, &compliance_page(*p.pages(n).start()))
                    }
                ),
                cases: p.cases.len(),
            }
        })
        .collect();
    // Records older than the policy: on the last page.
    let predating: Vec<super::LinkView> = if k + 1 == n {
        plan.predating
            .iter()
            .map(|&x| {
                let i = env.incidents[x].0;
                super::LinkView {
                    href: record_href(i, "#predates-policy"),
                    title: format!("{} {}", i.id, i.title),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let pager = pager(&path, plan.total, k, compliance_page);
    let mut ctx = env.context(&path, Nav::Audit, title);
    ctx.insert("rules", &rules);
    ctx.insert("toc", &toc);
    ctx.insert("total", &plan.counts);
    ctx.insert("predating", &predating);
    ctx.insert("pager", &pager);
    page(env, path, "compliance.html", &ctx, None)
}

/// A rule's cases as table rows (a row per required report, the record's
/// cells spanning its rows), made here rather than by a template loop: a
/// page of 500 cases through the template engine was most of these pages'
/// time in `serve`. Every word comes from the locale, every value is
/// escaped, as the template did; an empty reference or reason is left
/// out, as the template's test of it did.
fn cases_html(t: &I18n, cases: &[Case]) -> String {
    let time = |out: &mut String, d: &DateView| d.push_html(out);
    let mut out = String::with_capacity(cases.len() * 900);
    for c in cases {
        for (n, l) in c.lines.iter().enumerate() {
            out.push_str("      <tr class=\"state-");
            push_escaped(&mut out, l.state);
            out.push_str("\" data-record=\"");
            push_escaped(&mut out, c.id);
            out.push_str("\" data-kind=\"");
            push_escaped(&mut out, l.kind);
            out.push_str("\">\n");
            if n == 0 {
                let rows = c.lines.len();
                out.push_str(&format!("        <td rowspan=\"{rows}\"><a href=\""));
                push_escaped(&mut out, &c.href);
                out.push_str("\">");
                push_escaped(&mut out, c.id);
                out.push_str("</a><br><span class=\"small\">");
                push_escaped(&mut out, c.title);
                out.push_str(&format!(
                    "</span></td>\n        <td rowspan=\"{rows}\" class=\"nowrap\">"
                ));
                if let Some(d) = &c.detected {
                    time(&mut out, d);
                }
                out.push_str("</td>\n");
            }
            out.push_str("        <td>");
            push_escaped(&mut out, &l.kind_label);
            out.push_str("</td>\n        <td class=\"nowrap\">");
            time(&mut out, &l.deadline);
            out.push_str("</td>\n        <td class=\"nowrap\">");
            match &l.made_at {
                Some(d) => time(&mut out, d),
                None => out.push('—'),
            }
            if let Some(r) = l.reference.filter(|r| !r.is_empty()) {
                out.push_str("<br><span class=\"muted small\">");
                push_escaped(&mut out, r);
                out.push_str("</span>");
            }
            out.push_str("</td>\n        <td><span class=\"badge notify-");
            push_escaped(&mut out, l.state);
            out.push_str("\">");
            push_escaped(&mut out, t.get(&format!("notification_state.{}", l.state)));
            out.push_str("</span>");
            if let Some(r) = l.reason.filter(|r| !r.is_empty()) {
                out.push_str("<p class=\"notify-reason\"><span class=\"muted\">");
                push_escaped(&mut out, t.get("deviation.reason"));
                out.push_str(":</span> ");
                push_escaped(&mut out, r);
                out.push_str("</p>");
            }
            out.push_str("</td>\n      </tr>\n");
        }
    }
    out
}

/// One required report of record `i` as a line of the table.
fn line<'a>(env: &Env, i: &'a Summary, r: Requirement<'a>, show_ref: bool) -> Line<'a> {
    Line {
        kind: r.kind,
        kind_label: env.notification_kind(&r.rule.id.value, r.kind),
        deadline: date_view(
            &Timestamp {
                at: r.deadline,
                precision: crate::model::time::Precision::Time,
            },
            env.tz,
        ),
        made_at: r
            .made
            .and_then(|m| m.at.as_ref())
            .map(|t| date_view_in(t, env)),
        reference: r
            .made
            .and_then(|m| m.reference.as_deref())
            .filter(|_| show_ref),
        state: r.state.as_str(),
        reason: r.reason(i),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loop `compliance.html` had for a rule's cases, rendered by Tera
    /// with the site's escaper and the badge's macro.
    fn by_template(t: &I18n, cases: &[Case]) -> String {
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(crate::markup::escape_html);
        let macros = include_str!("../../../themes/default/templates/audit_macros.html");
        let rows = r#"{% import "audit_macros.html" as am %}{% for c in cases %}{% for l in c.lines %}      <tr class="state-{{ l.state }}" data-record="{{ c.id }}" data-kind="{{ l.kind }}">
{% if loop.first %}        <td rowspan="{{ c.lines | length }}"><a href="{{ c.href }}">{{ c.id }}</a><br><span class="small">{{ c.title }}</span></td>
        <td rowspan="{{ c.lines | length }}" class="nowrap">{% if c.detected %}<time{% if c.detected.iso != c.detected.text %} datetime="{{ c.detected.iso }}"{% endif %}>{{ c.detected.text }}</time>{% endif %}</td>
{% endif %}        <td>{{ l.kind_label }}</td>
        <td class="nowrap"><time{% if l.deadline.iso != l.deadline.text %} datetime="{{ l.deadline.iso }}"{% endif %}>{{ l.deadline.text }}</time></td>
        <td class="nowrap">{% if l.made_at %}<time{% if l.made_at.iso != l.made_at.text %} datetime="{{ l.made_at.iso }}"{% endif %}>{{ l.made_at.text }}</time>{% else %}—{% endif %}{% if l.reference %}<br><span class="muted small">{{ l.reference }}</span>{% endif %}</td>
        <td>{{ am::state_badge(state=l.state, t=t) }}{% if l.reason %}<p class="notify-reason"><span class="muted">{{ t.deviation.reason }}:</span> {{ l.reason }}</p>{% endif %}</td>
      </tr>
{% endfor %}{% endfor %}"#;
        tera.add_raw_templates(vec![("audit_macros.html", macros), ("rows.html", rows)])
            .expect("templates");
        let mut ctx = tera::Context::new();
        ctx.insert("cases", cases);
        ctx.insert("t", t.tree());
        tera.render("rows.html", &ctx).expect("rendered")
    }

    #[test]
    fn the_cases_are_what_the_template_wrote() {
        let t = I18n::from_yaml(
            "notification_state:\n  made: 報告済 <&>\n  late: 遅延\n  missing: 未報告\n\
             deviation:\n  reason: 理由\n",
            crate::model::Language::Ja,
        )
        .expect("locale");
        let date = |text: &str, iso: &str| DateView {
            text: text.into(),
            iso: iso.into(),
        };
        let line = |state: &'static str,
                    made: bool,
                    reference: Option<&'static str>,
                    reason: Option<&'static str>| Line {
            kind: "prompt",
            kind_label: "速報 \"<1>\"".into(),
            deadline: date("2026-01-20 09:10", "2026-01-20T09:10+09:00"),
            made_at: made.then(|| date("2026-01-19", "2026-01-19")),
            reference,
            state,
            reason,
        };
        let cases = [
            Case {
                id: "INC-2026-001",
                href: "incidents/2026/INC-2026-001.html#notifications".into(),
                title: "件名 <b>&'\u{202e}",
                detected: Some(date("2026-01-18 08:00", "2026-01-18T08:00+09:00")),
                lines: vec![
                    line("made", true, Some("PPC-1 & 2"), None),
                    line("late", true, Some(""), Some("連休 <のため>")),
                    line("missing", false, None, Some("")),
                ],
            },
            Case {
                id: "INC-2026-002",
                href: "x.html".into(),
                title: "",
                detected: None,
                lines: vec![line("missing", false, None, None)],
            },
            Case {
                id: "INC-2026-003",
                href: "y.html".into(),
                title: "行なし",
                detected: None,
                lines: Vec::new(),
            },
        ];
        assert_eq!(cases_html(&t, &cases), by_template(&t, &cases));
        assert!(cases_html(&t, &cases).contains("報告済 &lt;&amp;&gt;"));
    }

    fn rule(start: usize, cases: usize) -> RulePlan {
        RulePlan {
            rule: 0,
            start,
            cases: vec![0; cases],
            counts: Counts::default(),
            exempt: Vec::new(),
        }
    }

    #[test]
    fn a_rule_is_on_the_pages_its_cases_fall_on() {
        let n = 3;
        assert_eq!(rule(0, PAGE_ROWS).pages(n), 0..=0);
        assert_eq!(rule(PAGE_ROWS - 1, 2).pages(n), 0..=1);
        assert_eq!(rule(PAGE_ROWS, 2 * PAGE_ROWS).pages(n), 1..=2);
        // A rule with no cases sits where its cases would start.
        assert_eq!(rule(PAGE_ROWS, 0).pages(n), 1..=1);
        assert_eq!(rule(3 * PAGE_ROWS, 0).pages(n), 2..=2);
        assert_eq!(rule(0, 0).pages(1), 0..=0);
    }
}
