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

/// Names in one text reported one by one; more are counted in one more
/// diagnostic.
const MAX_LISTED: usize = 100;

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
    // A text naming people thousands of times gets the first ones, and
    // one diagnostic for the rest (not a report of hundreds of megabytes).
    let mut hits = hits;
    let more = hits.len().saturating_sub(MAX_LISTED);
    hits.truncate(MAX_LISTED + usize::from(more > 0));
    // Where each hit is, worked out for all at once: a text with thousands
    // of names must not be searched (or its file read again) per name.
    let mut positions = hit_positions(ctx, src, text, &hits);
    if more > 0 {
        hits.pop();
        let pos = positions.pop().unwrap_or(src.fallback);
        let what = src.what.clone();
        out.push(
            Diagnostic::new(
                codes::PERSON_NAME,
                src.file,
                pos,
                msg!("E121.more", n = more, what = what, shown = MAX_LISTED),
            )
            .hint(msg!("E121.no_role_hint")),
        );
    }
    for ((h, person), pos) in hits.into_iter().zip(positions) {
        let written = &text[h.start..h.end];
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

/// The position to report each of `hits` (in order) at: in a page body,
/// where it stands; in a YAML field, at the same occurrence of what was
/// written in the file's text, counted from the line where the field's
/// value starts (the field's start when it is not found, as when the YAML
/// writes it with escapes). One pass over the text, however many hits.
fn hit_positions(
    ctx: &Ctx,
    src: &Text,
    text: &str,
    hits: &[(crate::analysis::names::Hit, &crate::analysis::names::Person)],
) -> Vec<Pos> {
    match (src.start, src.field) {
        (Some(start), _) => {
            let offsets: Vec<Option<usize>> = hits.iter().map(|(h, _)| Some(h.start)).collect();
            positions(start, text, &offsets)
                .into_iter()
                .map(|p| p.unwrap_or(src.fallback))
                .collect()
        }
        (None, Some(field)) => {
            let from = super::links::field_pos(ctx.root, src.file, field);
            let fallback = from.unwrap_or(src.fallback);
            let Ok(file) = std::fs::read_to_string(ctx.root.join(src.file)) else {
                return vec![fallback; hits.len()];
            };
            let line = from.map(|p| p.line as usize).unwrap_or(1).max(1);
            let skip: usize = file
                .split_inclusive('\n')
                .take(line - 1)
                .map(str::len)
                .sum::<usize>()
                .min(file.len());
            // Each written form is looked for after its last occurrence.
            let mut next: std::collections::HashMap<&str, usize> = Default::default();
            let offsets: Vec<Option<usize>> = hits
                .iter()
                .map(|(h, _)| {
                    let written = &text[h.start..h.end];
                    let from = *next.get(written).unwrap_or(&skip);
                    let at = file.get(from..)?.find(written)? + from;
                    next.insert(written, at + written.len());
                    Some(at)
                })
                .collect();
            positions(Pos::new(1, 1), &file, &offsets)
                .into_iter()
                .map(|p| p.unwrap_or(fallback))
                .collect()
        }
        (None, None) => vec![src.fallback; hits.len()],
    }
}

/// The positions of byte `offsets` of `text` (which starts at `start`;
/// each line at its column, as `links::offset_pos` counts), in one pass.
fn positions(start: Pos, text: &str, offsets: &[Option<usize>]) -> Vec<Option<Pos>> {
    let mut order: Vec<(usize, usize)> = offsets
        .iter()
        .enumerate()
        .filter_map(|(k, o)| o.map(|o| (o, k)))
        .collect();
    order.sort_unstable();
    let mut out = vec![None; offsets.len()];
    let (mut line, mut col) = (start.line as usize, start.col as usize);
    let mut at = 0;
    for (offset, k) in order {
        let offset = offset.min(text.len());
        for c in text.get(at..offset).unwrap_or("").chars() {
            if c == '\n' {
                line += 1;
                col = start.col as usize;
            } else {
                col += 1;
            }
        }
        at = at.max(offset);
        out[k] = Some(Pos::new(line, col));
    }
    out
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
