//! The `mask` terms of `site.yaml` (a client's name, say), replaced by their
//! labels in the texts an audience that hides people sees.

use crate::model::{Audience, Content, Incident};

/// The `mask` terms of `site.yaml`, replaced by their labels in every text of
/// an audience that hides people (`crate::analysis::names` finds them in
/// any width, case and spacing).
pub(super) struct Masks {
    matcher: Option<crate::analysis::names::Matcher>,
    labels: Vec<String>,
}

impl Masks {
    pub(super) fn new(content: &Content, audience: &Audience) -> Masks {
        let masks = &content.site.masks;
        let matcher = (audience.hides_people() && !masks.is_empty()).then(|| {
            crate::analysis::names::Matcher::new(
                masks
                    .iter()
                    .enumerate()
                    .map(|(k, m)| crate::analysis::names::Variant::new(&m.term.value, k))
                    .collect(),
            )
        });
        Masks {
            matcher,
            labels: masks.iter().map(|m| m.label.clone()).collect(),
        }
    }

    fn text(&self, text: &mut String) {
        if let Some(m) = &self.matcher {
            let out = m.replace(text, |k| self.labels.get(k).cloned());
            if out != *text {
                *text = out;
            }
        }
    }

    pub(super) fn record(&self, mut inc: Incident) -> Incident {
        if self.matcher.is_some() {
            // Evidence paths name files to copy: the guard refuses a
            // masked term in them rather than renaming them here.
            crate::model::prose::incident_mut(&mut inc, &mut |path, v| {
                if !(path.starts_with("evidence.") && path.ends_with(".path")) {
                    self.text(v);
                }
            });
        }
        inc
    }

    /// Drills, handbook pages and templates of `content`, masked.
    pub(super) fn pages(&self, mut content: Content) -> Content {
        if self.matcher.is_some() {
            for d in &mut content.drills {
                crate::model::prose::drill_mut(d, &mut |_, v| self.text(v));
            }
            for p in content.handbook.iter_mut().chain(&mut content.templates) {
                self.text(&mut p.title);
                self.text(&mut p.body);
            }
        }
        content
    }
}

#[cfg(test)]
mod tests {
    use super::super::redact;
    use super::super::tests::{record, staff};
    use crate::model::{Audience, AudienceRule, Content, RestrictedMode, Spanned};

    /// `mask` terms become their labels in every text of an audience that
    /// hides people, in any width; the auditor keeps them.
    #[test]
    fn masked_terms_are_replaced_for_audiences_that_hide_people() {
        let mut inc = record(false);
        inc.summary = "ｿﾗﾉ制作から連絡".into();
        let mut content = Content {
            incidents: vec![inc],
            ..Default::default()
        };
        content.site.masks.push(crate::model::SiteMask {
            term: Spanned::new("ソラノ制作".into(), crate::diagnostics::Pos::START),
            label: "取引先A".into(),
            label_pos: crate::diagnostics::Pos::START,
        });
        let staff = redact(&content, &staff(RestrictedMode::Stub));
        assert_eq!(staff.incidents[0].summary, "取引先Aから連絡");
        let auditor = Audience {
            id: "auditor".into(),
            rule: AudienceRule {
                restricted: RestrictedMode::Show,
                hide: vec![],
            },
        };
        let shown = redact(&content, &auditor);
        assert_eq!(shown.incidents[0].summary, "ｿﾗﾉ制作から連絡");
    }
}
