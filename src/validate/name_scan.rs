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
use crate::load::files;
use crate::load::held::Held;
use crate::model::{prose, Audience, Content, Incident, RestrictedMode};
use crate::yaml::same_key;
use rayon::prelude::*;
use std::path::Path;

/// The question, made once before the records are loaded.
pub struct Prefilter {
    /// Everyone the register can come to name (more, never fewer).
    matcher: Matcher,
    /// The audiences that hide people (none: nothing to ask).
    audiences: Vec<Audience>,
    /// Each record file scanned, with the fingerprint of the bytes scanned
    /// (`None`: unreadable then): one loaded as another text may name
    /// someone the matcher does not know ([`Prefilter::read_otherwise`]).
    /// Looked up once a record (a search of a sorted list of 100,000 paths
    /// sharing their first 20 bytes was 1 % of `check`).
    scanned: std::collections::HashMap<Box<str>, Option<u64>>,
    /// [`Prefilter::shows`] of each of [`FIELDS`] by their place, for
    /// records not restricted (`[0]`) and restricted (`[1]`).
    shown: [Vec<bool>; 2],
}

impl Prefilter {
    /// The question for the records in `rels` (`content`: what is loaded
    /// before the records, with the contacts and the policy's roles).
    /// The bytes read of each record are kept in `held` while it has room
    /// (the load takes them from there instead of reading the file again).
    pub fn of(
        root: &Path,
        content: &Content,
        rels: &[String],
        dirs: &files::Dirs,
        held: &Held,
    ) -> Prefilter {
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
                scanned: Default::default(),
                shown: Default::default(),
            };
        }
        let tz = content.site.timezone;
        // Each name once (most records name the same few people).
        type Found = (
            std::collections::BTreeSet<String>,
            Vec<(Box<str>, Option<u64>)>,
        );
        let (found, scanned): Found = rels
            .par_iter()
            .enumerate()
            .fold(Found::default, |(mut found, mut scanned), (i, rel)| {
                // The bytes alone: the load checks they are text.
                let Ok(bytes) = files::read_listed(root, rel, dirs) else {
                    scanned.push((rel.as_str().into(), None));
                    return (found, scanned); // no record, no people
                };
                let read_as = files::fingerprint(&bytes);
                scanned.push((rel.as_str().into(), Some(read_as)));
                match people_in_bytes(&bytes) {
                    // Each name made a `String` only the first time it is seen.
                    Some(names) => {
                        for name in names {
                            let name = String::from_utf8_lossy(name);
                            if !found.contains(name.as_ref()) {
                                found.insert(name.into_owned());
                            }
                        }
                    }
                    None => {
                        let text = String::from_utf8_lossy(&bytes);
                        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                        found.extend(parsed_people(text, rel, tz));
                    }
                }
                // Held for the load while there is room (dropped otherwise).
                drop(held.keep(i, bytes, read_as));
                (found, scanned)
            })
            .reduce(Found::default, |(mut a, mut scanned), (mut b, more)| {
                if a.len() < b.len() {
                    std::mem::swap(&mut a, &mut b);
                }
                a.extend(b);
                scanned.extend(more);
                (a, scanned)
            });
        let scanned = scanned.into_iter().collect();
        let register = Register::of(content);
        let mut prefilter = Prefilter {
            matcher: register.widest_matcher(found.iter().map(String::as_str)),
            audiences,
            scanned,
            shown: Default::default(),
        };
        prefilter.shown = prefilter.shown_table();
        prefilter
    }

    /// Whether `inc` was loaded from another text than the one scanned for
    /// names (saved again in between): the matcher may not know a person it
    /// names, and [`Prefilter::may_name`] could wrongly spare it the name
    /// rule (E016 instead).
    pub fn read_otherwise(&self, inc: &Incident) -> bool {
        self.scanned
            .get(inc.file.as_str())
            .is_some_and(|&scanned| scanned != inc.read_as || inc.read_as.is_none())
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
        // The texts asked as one (folding drops line breaks: no pattern
        // holds one, none spans two texts).
        if inc.is_restricted()
            && self
                .audiences
                .iter()
                .all(|a| a.rule.restricted != RestrictedMode::Show)
        {
            return false; // no audience hiding people shows its text
        }
        self.matcher
            .is_match_in(&mut |fold| self.shown_texts(inc, fold))
    }

    /// Each text of `inc` an audience hiding people shows, in the order of
    /// [`texts`]. Whether a field is shown is looked up for the fields of
    /// [`FIELDS`] and asked once a field (not once a text) for the others.
    fn shown_texts(&self, inc: &Incident, fold: &mut dyn FnMut(&str)) {
        let restricted = inc.is_restricted();
        let table = &self.shown[usize::from(restricted)];
        let mut asked: Vec<(&'static str, bool)> = Vec::new();
        texts(inc, &mut |Field(field, at), text| {
            let shown = match at.and_then(|k| table.get(k)) {
                Some(&shown) => shown,
                None => match asked.iter().find(|(f, _)| same_key(f, field)) {
                    Some(&(_, shown)) => shown,
                    None => {
                        let shown = self.shows(restricted, field);
                        asked.push((field, shown));
                        shown
                    }
                },
            };
            if shown {
                fold(text);
            }
        })
    }

    /// Whether an audience hiding people shows `field` of a record
    /// (`restricted`: of a restricted one).
    fn shows(&self, restricted: bool, field: &str) -> bool {
        self.audiences
            .iter()
            .any(|a| (!restricted || a.rule.restricted == RestrictedMode::Show) && !a.hides(field))
    }

    /// [`Prefilter::shows`] of each of [`FIELDS`], for records not
    /// restricted and restricted.
    fn shown_table(&self) -> [Vec<bool>; 2] {
        [false, true].map(|restricted| FIELDS.iter().map(|f| self.shows(restricted, f)).collect())
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

/// The fields [`texts`] names (the table's extra text fields aside): their
/// place here is what [`Prefilter::may_name`] looks up whether an audience
/// shows them by.
const FIELDS: [&str; 20] = [
    "title",
    "reporter",
    "location",
    "organization",
    "summary",
    "cause",
    "system_configuration",
    "affected_systems",
    "impact.customers",
    "impact.business",
    "assessment.rationale",
    "timeline.by",
    "timeline.action",
    "notifications.reference",
    "notifications.late_reason",
    "actions.action",
    "actions.evaluation",
    "evidence.path",
    "evidence.description",
    "tags",
];

/// A field path [`texts`] visits, with its place in [`FIELDS`] (`None`: an
/// extra text field of the table).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Field(&'static str, Option<usize>);

/// The [`Field`] of `name` in [`FIELDS`] (a name not there does not
/// compile: `field!` asks at compile time).
const fn fixed(name: &'static str) -> Field {
    let mut k = 0;
    while k < FIELDS.len() {
        let (a, b) = (FIELDS[k].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut i = 0;
            while i < a.len() && a[i] == b[i] {
                i += 1;
            }
            if i == a.len() {
                return Field(FIELDS[k], Some(k));
            }
        }
        k += 1;
    }
    panic!("not in FIELDS")
}

/// `fixed(name)`, made at compile time.
macro_rules! field {
    ($name:literal) => {
        const { fixed($name) }
    };
}

/// Every text of `inc` with its field path without list indices
/// (`timeline.by`): what [`prose::incident`] visits, with the paths
/// [`prose::field_of`] makes of them, without making a path for each text
/// (checked against it in the tests).
fn texts(inc: &Incident, f: &mut dyn FnMut(Field, &str)) {
    f(field!("title"), &inc.title);
    let optional = [
        (field!("reporter"), &inc.reporter),
        (field!("location"), &inc.location),
        (field!("organization"), &inc.organization),
    ];
    for (field, v) in optional {
        if let Some(v) = v {
            f(field, v);
        }
    }
    f(field!("summary"), &inc.summary);
    for (field, v) in [
        (field!("cause"), &inc.cause),
        (field!("system_configuration"), &inc.system_configuration),
    ] {
        if let Some(v) = v {
            f(field, v);
        }
    }
    for v in &inc.affected_systems {
        f(field!("affected_systems"), v);
    }
    for (field, v) in [
        (field!("impact.customers"), &inc.impact.customers),
        (field!("impact.business"), &inc.impact.business),
    ] {
        if let Some(v) = v {
            f(field, v);
        }
    }
    if let Some(v) = inc.assessment.as_ref().and_then(|a| a.rationale.as_ref()) {
        f(field!("assessment.rationale"), v);
    }
    for t in &inc.timeline {
        if let Some(v) = &t.by {
            f(field!("timeline.by"), v);
        }
        f(field!("timeline.action"), &t.action);
    }
    for n in &inc.notifications {
        if let Some(v) = &n.reference {
            f(field!("notifications.reference"), v);
        }
        if let Some(v) = &n.late_reason {
            f(field!("notifications.late_reason"), v);
        }
    }
    for a in &inc.actions {
        f(field!("actions.action"), &a.action);
        if let Some(v) = &a.evaluation {
            f(field!("actions.evaluation"), v);
        }
    }
    for e in &inc.evidence {
        f(field!("evidence.path"), &e.path.value);
        if let Some(v) = &e.description {
            f(field!("evidence.description"), v);
        }
    }
    for v in &inc.tags {
        f(field!("tags"), v);
    }
    for (name, v) in inc.extra.iter() {
        f(Field(name, None), v);
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
const KEYS: [&[u8]; 3] = [b"reporter", b"by", b"collected_by"];

/// The values of every line of `text` written `reporter: X`, `by: X` or
/// `collected_by: X` (in a list item too, at any depth: a line in a text
/// block that looks so only adds a name), or `None` when the text may hold
/// such a value written in a way this does not read exactly.
#[cfg(test)]
pub fn people_in(text: &str) -> Option<Vec<String>> {
    let names = people_in_bytes(text.as_bytes())?;
    Some(
        names
            .into_iter()
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .collect(),
    )
}

/// [`people_in`] of a file's bytes, not yet checked to be UTF-8 (a file
/// that is not is never loaded: the names read from it, lossily, only add
/// to the widest register).
pub fn people_in_bytes(text: &[u8]) -> Option<Vec<&[u8]>> {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    // Tabs and carriage returns (separators this does not follow), flow
    // mappings (`{by: X}`) and line breaks other than `\n` to older YAML.
    if has_odd_byte(text) {
        return None;
    }
    let mut out = Vec::new();
    let mut lines = Lines(Some(text));
    while let Some(line) = lines.next() {
        if line.starts_with(b"---") || line.starts_with(b"...") {
            return None; // several documents
        }
        let body = trim_start_spaces(line);
        let mut s = body;
        while let Some(rest) = s.strip_prefix(b"- ") {
            s = trim_start_spaces(rest);
        }
        // A key written quoted, explicit, tagged, anchored or as an alias.
        match s.first() {
            Some(b'"' | b'\'' | b'?' | b'!' | b'&') => return None,
            Some(b'*') if !s.starts_with(b"* ") && s != b"*" => return None,
            _ => {}
        }
        let Some(value) = KEYS.iter().find_map(|k| {
            let rest = trim_start_spaces(s.strip_prefix(*k)?);
            let value = rest.strip_prefix(b":")?;
            (value.is_empty() || value[0] == b' ').then_some(value)
        }) else {
            continue;
        };
        let column = line.len() - s.len();
        out.push(value_of(trim_spaces(value))?);
        if continues(lines.clone(), column) {
            return None;
        }
    }
    Some(out)
}

/// The lines of a text split at `\n` (what `split(|&b| b == b'\n')`
/// gives), found with `memchr`.
#[derive(Clone)]
struct Lines<'a>(Option<&'a [u8]>);

impl<'a> Iterator for Lines<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let rest = self.0?;
        match memchr::memchr(b'\n', rest) {
            Some(at) => {
                self.0 = rest.get(at + 1..);
                rest.get(..at)
            }
            None => {
                self.0 = None;
                Some(rest)
            }
        }
    }
}

/// Whether `text` holds a tab, a carriage return, a `{`, or a NEL, LS or PS
/// line break (searched with `memchr`: most texts hold none).
fn has_odd_byte(text: &[u8]) -> bool {
    memchr::memchr3(b'\t', b'\r', b'{', text).is_some()
        || memchr::memchr2_iter(0xc2, 0xe2, text).any(|i| match text[i] {
            0xc2 => text.get(i + 1) == Some(&0x85),
            _ => text.get(i + 1) == Some(&0x80) && matches!(text.get(i + 2), Some(0xa8 | 0xa9)),
        })
}

fn trim_start_spaces(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&b| b == b' ').count();
    &s[n..]
}

fn trim_spaces(s: &[u8]) -> &[u8] {
    let s = trim_start_spaces(s);
    let n = s.iter().rev().take_while(|&&b| b == b' ').count();
    &s[..s.len() - n]
}

/// A one-line value as YAML reads it, or `None` when it may be more (on
/// the next lines, an anchor, an alias, a tag, escapes, a comment).
fn value_of(v: &[u8]) -> Option<&[u8]> {
    if let Some(inner) = v.strip_prefix(b"\"") {
        let inner = inner.strip_suffix(b"\"")?;
        return (!inner.iter().any(|&b| b == b'"' || b == b'\\')).then_some(inner);
    }
    if let Some(inner) = v.strip_prefix(b"'") {
        let inner = inner.strip_suffix(b"'")?;
        return (!inner.contains(&b'\'')).then_some(inner);
    }
    if v.is_empty()
        || matches!(
            v[0],
            b'|' | b'>' | b'&' | b'*' | b'!' | b'[' | b'{' | b'%' | b'@' | b'`' | b'#'
        )
        || v.windows(2).any(|w| w == b" #")
    {
        return None;
    }
    Some(v)
}

/// Whether the line after a value whose key stands at `column` may go on
/// with it (a plain value over several lines): the next line that is not
/// blank stands further in, or as far in without being a key, an item or a
/// comment.
fn continues<'a>(mut rest: impl Iterator<Item = &'a [u8]>, column: usize) -> bool {
    let Some(next) = rest.find(|l| !trim_spaces(l).is_empty()) else {
        return false;
    };
    let body = trim_start_spaces(next);
    let indent = next.len() - body.len();
    if indent > column {
        return true;
    }
    if indent < column {
        return false;
    }
    let key = body.iter().position(|&b| b == b':').is_some_and(|at| {
        let (k, after) = (&body[..at], &body[at + 1..]);
        let k = &k[..k.len() - k.iter().rev().take_while(|&&b| b == b' ').count()];
        !body[..at].is_empty()
            && k.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
            && (after.is_empty() || after[0] == b' ')
    });
    !(key || body.starts_with(b"- ") || body == b"-" || body.starts_with(b"#"))
}

#[cfg(test)]
mod tests;
