//! A first question for E121 that spares `check` a second reading of every
//! record. The rule needs everyone the register names, and records name
//! people (`reporter`, timeline `by`, evidence `collected_by`), so a record
//! cannot be checked for names before every record has been read. Instead,
//! before the records are loaded, their raw text is scanned for those
//! fields (no parsing: [`people_in`]), and each record, when loaded, asks a
//! matcher of everyone found whether its text can name anyone
//! ([`Prefilter::may_name`]). Only the records that can are read again,
//! once the register is complete, and checked as before: the same
//! diagnostics, for a fraction of the work.
//!
//! The scan only ever finds more names than the register will hold: a file
//! whose person fields it cannot be sure of reading exactly (a value on the
//! next line, quoted with escapes, an anchor, a flow mapping, a tab…) is
//! parsed instead.

use crate::analysis::names::{Matcher, Register};
use crate::load::files::{self, Origin};
use crate::model::{prose, Audience, Content, Incident, RestrictedMode};
use rayon::prelude::*;
use std::path::Path;

/// The question, made once before the records are loaded.
pub struct Prefilter {
    /// Everyone the register can come to name (more, never fewer).
    matcher: Matcher,
    /// The audiences that hide people (none: nothing to ask).
    audiences: Vec<Audience>,
}

impl Prefilter {
    /// The question for the records in `rels` (`content`: what is loaded
    /// before the records, with the contacts and the policy's roles).
    pub fn of(root: &Path, content: &Content, rels: &[String]) -> Prefilter {
        let audiences: Vec<Audience> = content
            .policy
            .audiences
            .iter()
            .filter(|a| a.hides_people())
            .cloned()
            .collect();
        if audiences.is_empty() {
            return Prefilter {
                matcher: Matcher::new(Vec::new()),
                audiences,
            };
        }
        let tz = content.site.timezone;
        let found: Vec<Vec<String>> = rels
            .par_iter()
            .map(|rel| {
                let Ok(text) = files::read(root, rel, Origin::Listed) else {
                    return Vec::new(); // not loaded either: no record, no people
                };
                people_in(&text).unwrap_or_else(|| parsed_people(&text, rel, tz))
            })
            .collect();
        let register = Register::of(content);
        Prefilter {
            matcher: register.widest_matcher(found.iter().flatten().map(String::as_str)),
            audiences,
        }
    }

    /// Whether a text of `inc` that an audience hiding people sees can
    /// name someone: false means E121 finds nothing in it.
    pub fn may_name(&self, inc: &Incident) -> bool {
        if self.audiences.is_empty() || self.matcher.is_empty() {
            return false;
        }
        if self.matcher.is_broken() {
            return true;
        }
        // The texts folded into one, a line break between two (folding
        // drops line breaks: no pattern holds one, none spans two texts).
        if inc.is_restricted()
            && self
                .audiences
                .iter()
                .all(|a| a.rule.restricted != RestrictedMode::Show)
        {
            return false; // no audience hiding people shows its text
        }
        let mut joined = String::new();
        let mut field = String::new();
        prose::incident(inc, &mut |path, text| {
            // `prose::field_of`, without allocating.
            field.clear();
            for seg in path
                .split('.')
                .filter(|s| !s.bytes().all(|b| b.is_ascii_digit()))
            {
                if !field.is_empty() {
                    field.push('.');
                }
                field.push_str(seg);
            }
            let shown = self.audiences.iter().any(|a| {
                (!inc.is_restricted() || a.rule.restricted == RestrictedMode::Show)
                    && !a.hides(&field)
            });
            if shown {
                joined.push_str(text);
                joined.push('\n');
            }
        });
        self.matcher.is_match(&joined)
    }

    /// Whether a text of the drills, handbook pages or templates can name
    /// someone (every audience sees them): false means E121 finds nothing
    /// there.
    pub fn may_name_in_pages(&self, content: &Content) -> bool {
        if self.audiences.is_empty() || self.matcher.is_empty() {
            return false;
        }
        if self.matcher.is_broken() {
            return true;
        }
        let mut may = false;
        for d in &content.drills {
            prose::drill(d, &mut |_, text| may = may || self.matcher.is_match(text));
        }
        may || content
            .handbook
            .iter()
            .chain(&content.templates)
            .any(|p| self.matcher.is_match(&p.title) || self.matcher.is_match(&p.body))
    }
}

/// The people of a record the scan could not read, parsed.
fn parsed_people(text: &str, rel: &str, tz: chrono::FixedOffset) -> Vec<String> {
    let (inc, _) = crate::load::incident_from_str(text, rel, tz);
    let Some(inc) = inc else { return Vec::new() };
    let mut out: Vec<String> = inc.reporter.into_iter().collect();
    out.extend(inc.timeline.into_iter().filter_map(|t| t.by));
    out.extend(
        inc.evidence
            .into_iter()
            .filter_map(|e| e.collected_by.map(|s| s.value)),
    );
    out
}

/// The keys whose values are people.
const KEYS: [&str; 3] = ["reporter", "by", "collected_by"];

/// The values of every line of `text` written `reporter: X`, `by: X` or
/// `collected_by: X` (in a list item too, at any depth: a line in a text
/// block that looks so only adds a name), or `None` when the text may hold
/// such a value written in a way this does not read exactly.
pub fn people_in(text: &str) -> Option<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Tabs and carriage returns (separators this does not follow), flow
    // mappings (`{by: X}`) and line breaks other than `\n` to older YAML.
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let odd = match b {
            b'\t' | b'\r' | b'{' => true,
            0x85 => i > 0 && bytes[i - 1] == 0xc2,
            0xa8 | 0xa9 => i > 1 && bytes[i - 1] == 0x80 && bytes[i - 2] == 0xe2,
            _ => false,
        };
        if odd {
            return None;
        }
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("---") || line.starts_with("...") {
            return None; // several documents
        }
        let body = line.trim_start_matches(' ');
        let mut s = body;
        while let Some(rest) = s.strip_prefix("- ") {
            s = rest.trim_start_matches(' ');
        }
        // A key written quoted, explicit, tagged, anchored or as an alias.
        if s.starts_with(['"', '\'', '?', '!', '&'])
            || (s.starts_with('*') && !s.starts_with("* ") && s != "*")
        {
            return None;
        }
        let Some(value) = KEYS.iter().find_map(|k| {
            let rest = s.strip_prefix(k)?.trim_start_matches(' ');
            let value = rest.strip_prefix(':')?;
            (value.is_empty() || value.starts_with(' ')).then_some(value)
        }) else {
            continue;
        };
        let column = line.len() - s.len();
        out.push(value_of(value.trim_matches(' '))?.to_string());
        if continues(&lines[i + 1..], column) {
            return None;
        }
    }
    Some(out)
}

/// A one-line value as YAML reads it, or `None` when it may be more (on
/// the next lines, an anchor, an alias, a tag, escapes, a comment).
fn value_of(v: &str) -> Option<&str> {
    if let Some(inner) = v.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        return (!inner.contains(['"', '\\'])).then_some(inner);
    }
    if let Some(inner) = v.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        return (!inner.contains('\'')).then_some(inner);
    }
    if v.is_empty()
        || v.starts_with(['|', '>', '&', '*', '!', '[', '{', '%', '@', '`', '#'])
        || v.contains(" #")
    {
        return None;
    }
    Some(v)
}

/// Whether the line after a value whose key stands at `column` may go on
/// with it (a plain value over several lines): the next line that is not
/// blank stands further in, or as far in without being a key, an item or a
/// comment.
fn continues(rest: &[&str], column: usize) -> bool {
    let Some(next) = rest.iter().find(|l| !l.trim_matches(' ').is_empty()) else {
        return false;
    };
    let body = next.trim_start_matches(' ');
    let indent = next.len() - body.len();
    if indent > column {
        return true;
    }
    if indent < column {
        return false;
    }
    let key = body.split_once(':').is_some_and(|(k, after)| {
        !k.is_empty()
            && k.trim_end_matches(' ')
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && (after.is_empty() || after.starts_with(' '))
    });
    !(key || body.starts_with("- ") || body == "-" || body.starts_with('#'))
}

#[cfg(test)]
mod tests;
