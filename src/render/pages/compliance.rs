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
use crate::model::summary::Summary;
use crate::model::Timestamp;
use crate::paths::{compliance_page, site_href};
use crate::present::context::{date_view, date_view_in, duration_text, DateView};
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
    /// The rule's cases on this page.
    cases: Vec<Case<'a>>,
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
        let cases = p.cases[from..to.max(from)]
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
            cases,
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
