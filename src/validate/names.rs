//! E121: a person's name in text that an audience hiding people would see
//! (records, drills, handbook pages and templates); E122: a `mask` entry
//! that cannot work. The register and the matcher are
//! `crate::analysis::names`; the build guards its output with the same
//! matcher (`crate::site::guard`).

use super::Ctx;
use crate::analysis::names::{Matcher, Register, Term};
use crate::diagnostics::{codes, msg, Both, Diagnostic, Msg, Pos};
use crate::model::{prose, Audience, Content, Incident, RestrictedMode};

/// What the rule needs, made once per check: the register, a matcher for
/// every person and masked term, and the audiences that hide people.
pub struct NameCheck {
    pub register: Register,
    /// Everyone.
    matcher: Matcher,
    /// The masked terms: a name inside one is replaced, not published.
    masks: Matcher,
    audiences: Vec<Audience>,
}

impl NameCheck {
    /// The check for `content` (its records as complete as the register
    /// needs: `reporter` and timeline `by` of each).
    pub fn of(content: &Content) -> NameCheck {
        let register = Register::of(content);
        NameCheck {
            matcher: register.matcher(true, false),
            masks: register.mask_matcher(),
            audiences: content
                .policy
                .audiences
                .iter()
                .filter(|a| a.hides_people())
                .cloned()
                .collect(),
            register,
        }
    }

    /// Whether there is anything to look for, and anyone to protect.
    fn active(&self) -> bool {
        !self.audiences.is_empty() && !self.register.people.is_empty()
    }
}

/// One text to look at.
struct Text<'a> {
    file: &'a str,
    /// Field path in a YAML file (`None`: a Markdown page body).
    field: Option<&'a str>,
    /// Where the text starts when known (a page body).
    start: Option<Pos>,
    fallback: Pos,
    /// What the text is, for the message.
    what: Msg,
}

/// Report the people named in `text` for each audience `shows` says sees it.
fn check_text(
    ctx: &Ctx,
    names: &NameCheck,
    src: &Text,
    text: &str,
    shows: &dyn Fn(&Audience) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    let audiences: Vec<&Audience> = names.audiences.iter().filter(|a| shows(a)).collect();
    if audiences.is_empty() {
        return;
    }
    let masked = names.masks.find(text);
    let hits: Vec<_> = names
        .matcher
        .find(text)
        .into_iter()
        .filter(|h| !masked.iter().any(|m| m.start < h.end && h.start < m.end))
        .filter_map(|h| match names.register.term(h.term) {
            Some(Term::Person(p)) => Some((h, p)),
            _ => None,
        })
        .collect();
    if hits.is_empty() {
        return;
    }
    let file_text = std::cell::OnceCell::new();
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (h, person) in hits {
        let written = &text[h.start..h.end];
        let nth = seen.iter().filter(|(w, _)| *w == written).count();
        seen.push((written, nth));
        let pos = match (src.start, src.field) {
            (Some(start), _) => super::links::offset_pos(start, &text[..h.start]),
            (None, Some(field)) => {
                let ft =
                    file_text.get_or_init(|| std::fs::read_to_string(ctx.root.join(src.file)).ok());
                let from = super::links::field_pos(ctx.root, src.file, field);
                locate(ft.as_deref(), from, written, nth).unwrap_or(from.unwrap_or(src.fallback))
            }
            (None, None) => src.fallback,
        };
        let role = person
            .contact_role
            .as_deref()
            .map(|r| ctx.content.policy.role_name(r));
        let ids: Vec<String> = audiences.iter().map(|a| format!("`{}`", a.id)).collect();
        let audiences = Both(ids.join("、"), ids.join(" and "));
        let what = src.what.clone();
        let message = if ids.len() == 1 {
            msg!(
                "E121.named",
                written = written,
                name = &person.name,
                what = what,
                audiences = audiences
            )
        } else {
            msg!(
                "E121.named_many",
                written = written,
                name = &person.name,
                what = what,
                audiences = audiences
            )
        };
        out.push(
            Diagnostic::new(codes::PERSON_NAME, src.file, pos, message).hint(match role {
                Some(r) => msg!("E121.role_hint", role = r),
                None => msg!("E121.no_role_hint"),
            }),
        );
    }
}

/// Where the `nth` occurrence of `written` after `from` is in `file`.
fn locate(file: Option<&str>, from: Option<Pos>, written: &str, nth: usize) -> Option<Pos> {
    let file = file?;
    let line = from.map(|p| p.line as usize).unwrap_or(1).max(1);
    let skip: usize = file
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let (at, _) = file[skip.min(file.len())..]
        .match_indices(written)
        .nth(nth)?;
    let at = skip + at;
    Some(super::links::offset_pos(Pos::new(1, 1), &file[..at]))
}

/// Whether `audience` sees field `path` of `inc`.
fn record_shows(audience: &Audience, inc: &Incident, path: &str) -> bool {
    if inc.is_restricted() && audience.rule.restricted != RestrictedMode::Show {
        return false; // omitted, or a stub without text
    }
    !audience.hides(&prose::field_of(path))
}

/// E121 in one record.
pub fn check_incident(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let Some(names) = ctx.names.filter(|n| n.active()) else {
        return;
    };
    prose::incident(inc, &mut |path, text| {
        let src = Text {
            file: &inc.file,
            field: Some(path),
            start: None,
            fallback: inc.pos,
            what: msg!("E121.in_field", path = path),
        };
        check_text(ctx, names, &src, text, &|a| record_shows(a, inc, path), out);
    });
}

/// E121 in drills, handbook pages and templates; E122 for `mask` entries.
pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    check_masks(ctx, out);
    let Some(names) = ctx.names.filter(|n| n.active()) else {
        return;
    };
    let c = ctx.content;
    for d in &c.drills {
        prose::drill(d, &mut |path, text| {
            let src = Text {
                file: &d.file,
                field: Some(path),
                start: None,
                fallback: d.pos,
                what: msg!("E121.in_drill", path = path),
            };
            check_text(ctx, names, &src, text, &|_| true, out);
        });
    }
    for page in c.handbook.iter().chain(&c.templates) {
        let title = Text {
            file: &page.file,
            field: Some("title"),
            start: None,
            fallback: page.pos,
            what: msg!("E121.in_title"),
        };
        check_text(ctx, names, &title, &page.title, &|_| true, out);
        let body = Text {
            file: &page.file,
            field: None,
            start: Some(Pos::new(page.body_line as usize, 1)),
            fallback: page.pos,
            what: msg!("E121.in_page"),
        };
        check_text(ctx, names, &body, &page.body, &|_| true, out);
    }
}

/// Shortest term a mask may have: one character would replace it inside
/// every word that holds it.
const MIN_MASK_CHARS: usize = 2;

fn check_masks(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    for m in &ctx.content.site.masks {
        let term = m.term.value.trim();
        if term.chars().count() < MIN_MASK_CHARS {
            out.push(
                Diagnostic::new(
                    codes::INVALID_MASK,
                    "site.yaml",
                    m.term.pos,
                    msg!("E122.short", term = term, min = MIN_MASK_CHARS),
                )
                .hint(msg!("E122.short_hint")),
            );
        } else if m.label.trim().is_empty() {
            out.push(
                Diagnostic::new(
                    codes::INVALID_MASK,
                    "site.yaml",
                    m.label_pos,
                    msg!("E122.no_label", term = term),
                )
                .hint(msg!("E122.no_label_hint")),
            );
        } else if crate::analysis::names::fold::fold(&m.label)
            .text
            .contains(&crate::analysis::names::fold::fold(term).text)
        {
            out.push(
                Diagnostic::new(
                    codes::INVALID_MASK,
                    "site.yaml",
                    m.label_pos,
                    msg!("E122.repeats", term = term),
                )
                .hint(msg!("E122.repeats_hint")),
            );
        }
    }
}
