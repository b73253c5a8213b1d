use super::{Duration, Spanned};
use crate::diagnostics::Pos;
use std::collections::BTreeMap;

/// `policy.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    pub roles: Vec<Role>,
    /// `impacts:`: the organisation's own impact flags (beside the built-in
    /// ones), which records set under `impact:` and rules test.
    pub impacts: Vec<ImpactFlag>,
    /// Sorted by level.
    pub levels: Vec<Level>,
    pub categories: Vec<Category>,
    pub notifications: Vec<NotificationRule>,
    pub controls: Vec<Control>,
    pub flow: Vec<FlowNode>,
    pub drill_every: Option<Spanned<Duration>>,
    pub audiences: Vec<Audience>,
    pub default_audience: String,
    /// `document:`: version, approver, approval date.
    pub document: super::DocumentControl,
}

impl Policy {
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id.value == id)
    }
    pub fn level(&self, level: i64) -> Option<&Level> {
        self.levels.iter().find(|l| l.level.value == level)
    }
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id.value == id)
    }
    pub fn notification(&self, id: &str) -> Option<&NotificationRule> {
        self.notifications.iter().find(|n| n.id.value == id)
    }
    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id.value == id)
    }
    pub fn audience(&self, id: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.id == id)
    }
    pub fn impact(&self, id: &str) -> Option<&ImpactFlag> {
        self.impacts.iter().find(|f| f.id.value == id)
    }
    /// Display name of a role, falling back to its id.
    pub fn role_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.role(id).map(|r| r.name.as_str()).unwrap_or(id)
    }
}

#[derive(Clone, Debug)]
pub struct Role {
    pub id: Spanned<String>,
    pub name: String,
    pub can_assess: bool,
}

/// An impact flag the policy declares (`impacts:`), e.g. "the shipper's
/// data was involved".
#[derive(Clone, Debug)]
pub struct ImpactFlag {
    pub id: Spanned<String>,
    /// `name:`, in the site's language.
    pub name: String,
    /// `name_en:`, for English pages and exports when the site is Japanese.
    pub name_en: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Level {
    pub level: Spanned<i64>,
    pub name: String,
    pub criteria: Vec<Criterion>,
    pub responsible: Spanned<String>,
    /// `approval:`: the role that approves the response at this level (or
    /// to which it is escalated), if the policy names one.
    pub approval: Option<Spanned<String>>,
    pub report_within: Option<Spanned<Duration>>,
    /// Assessment stages allowed at this level; empty means any.
    pub stages: Vec<Spanned<String>>,
    /// Impact flags that require at least this level.
    pub applies_when: BTreeMap<String, bool>,
    /// Where each flag of `applies_when` is written.
    pub applies_when_pos: BTreeMap<String, Pos>,
    pub pos: Pos,
}

/// One criterion of a level: how to recognise it, and the short yes/no
/// question the report page (`report.html`) asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Criterion {
    pub text: String,
    /// `question:`; without it the report page asks about the text itself
    /// and `check` suggests one (W305).
    pub question: Option<String>,
    /// `impact:`: the impact flag (`personal_data` …) a "yes" means; the
    /// report page then asks no separate question for that flag.
    pub impact: Option<String>,
    pub pos: Pos,
}

impl Criterion {
    /// A criterion written as plain text, without a question.
    pub fn plain(text: &str) -> Criterion {
        Criterion {
            text: text.to_string(),
            question: None,
            impact: None,
            pos: Pos::default(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Category {
    pub id: Spanned<String>,
    pub name: String,
    /// What the finder does first in this situation (`do:`), what not to
    /// do (`dont:`) and what to tell in the first report (`tell:`): the
    /// situation's block on the report page.
    pub todo: Vec<String>,
    pub dont: Vec<String>,
    pub tell: Vec<String>,
}

/// Conditions under which a notification rule applies; all given must hold.
#[derive(Clone, Debug, Default)]
pub struct When {
    pub categories: Vec<Spanned<String>>,
    pub min_level: Option<i64>,
    /// Where `min_level` is written (for W307).
    pub min_level_at: Option<Pos>,
    pub impact: BTreeMap<String, bool>,
    /// Where each of `impact`'s flags is written (for E118).
    pub impact_pos: BTreeMap<String, Pos>,
    /// Impact figures (`records_affected`) that must be exceeded.
    pub more_than: BTreeMap<String, i64>,
    /// Alternatives: when not empty, at least one must hold as well.
    pub any: Vec<When>,
}

impl When {
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
            && self.min_level.is_none()
            && self.impact.is_empty()
            && self.more_than.is_empty()
            && self.any.is_empty()
    }

    /// Every impact field the condition reads (`impact.<flag>`,
    /// `impact.records_affected`), alternatives included.
    pub fn impact_fields(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .impact
            .keys()
            .chain(self.more_than.keys())
            .map(|k| format!("impact.{k}"))
            .collect();
        for a in &self.any {
            out.extend(a.impact_fields());
        }
        out
    }
}

/// Deadlines that replace a rule's when a condition holds (the 60 days of a
/// leak by wrongful purpose instead of 30).
#[derive(Clone, Debug, Default)]
pub struct DeadlineOverride {
    pub when: When,
    pub deadlines: Vec<(String, Spanned<Duration>)>,
}

#[derive(Clone, Debug)]
pub struct NotificationRule {
    pub id: Spanned<String>,
    pub name: String,
    /// `label:` / `label_en:`: what this notification is called on the pages
    /// in place of the generic word for a report (届出): a notice to
    /// customers is not a filing with an authority.
    pub label: Option<String>,
    pub label_en: Option<String>,
    pub contact: Option<Spanned<String>>,
    pub when: When,
    /// kind (preliminary, final, report) → deadline from detection, in file order.
    pub deadlines: Vec<(String, Spanned<Duration>)>,
    /// The draft template this report is written from (the theme's
    /// `drafts/<language>/<name>.md`), if any.
    pub draft: Option<String>,
    /// Other deadlines under a condition; the first that holds replaces the
    /// deadlines of the kinds it names.
    pub overrides: Vec<DeadlineOverride>,
    /// Set by `redact::redact` when the audience may not see a field the
    /// rule's `when` tests (an impact flag it hides): whether the rule applies
    /// to a record would tell the hidden value, so in that audience's build it
    /// applies to none. Always `false` as loaded.
    pub withheld: bool,
}

#[derive(Clone, Debug)]
pub struct Control {
    pub id: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub description: String,
    /// Figure kinds shown for it on controls.html; `None` uses the default
    /// mapping (`analysis::controls`).
    pub evidence: Option<Vec<Spanned<String>>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowKind {
    Start,
    Step,
    Decision,
    End,
}

#[derive(Clone, Debug)]
pub struct FlowEdge {
    pub to: Spanned<String>,
    pub label: Option<String>,
}

#[derive(Clone, Debug)]
pub struct FlowNode {
    pub id: Spanned<String>,
    pub label: String,
    pub kind: FlowKind,
    pub actor: Option<Spanned<String>>,
    pub next: Vec<FlowEdge>,
    pub pos: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RestrictedMode {
    /// Restricted records are left out entirely.
    Omit,
    /// Restricted records appear as a stub with no details.
    Stub,
    /// Restricted records are shown in full.
    Show,
}

/// What one audience may see.
#[derive(Clone, Debug)]
pub struct AudienceRule {
    pub restricted: RestrictedMode,
    /// Field paths hidden from this audience, e.g. `reporter`, `timeline.by`.
    pub hide: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Audience {
    pub id: String,
    pub rule: AudienceRule,
}

impl Audience {
    /// Whether the audience may not learn who was involved: it hides
    /// `reporter`. Its builds carry no person's name outside the contact
    /// pages, and masked terms are replaced (`crate::analysis::names`).
    pub fn hides_people(&self) -> bool {
        self.rule.hide.iter().any(|h| h == "reporter")
    }

    /// Whether the audience hides the field at `path` (`timeline.by`): the
    /// path itself or a field it lies in (`impact` hides `impact.business`).
    pub fn hides(&self, path: &str) -> bool {
        self.rule.hide.iter().any(|h| {
            path == h
                || (path.starts_with(h.as_str()) && path.as_bytes().get(h.len()) == Some(&b'.'))
        })
    }
}
