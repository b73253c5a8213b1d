//! The first question of E121, asked once every record was read: which
//! records' texts can name someone? The rule needs everyone the register
//! names, and records name people (`reporter`, timeline `by`, evidence
//! `collected_by`), so a record cannot be checked for names before every
//! record has been read. Each record is read once, checked and reduced to
//! its register entry; what its shown texts keep of the characters of
//! names is held ([`crate::analysis::names::project`]: the runs of the
//! alphabet of the names known when it was read, the contacts', the
//! roles' and those of the records read before it and of itself). Once the
//! register is complete the question is asked of what was held
//! ([`Prefilter::finish`]); a record read before a character of some name
//! was known is answered "may name" (nothing held can say otherwise). Only
//! the records that may name someone are read again, and checked as
//! before: the same diagnostics, for a fraction of the work.

use crate::analysis::names::project::{self, ALPHABET_WORDS};
use crate::analysis::names::register::{HONORIFICS, LATIN_HONORIFICS};
use crate::analysis::names::{fold, Matcher, Register};
use crate::model::{prose, Audience, Content, Incident, RestrictedMode};
use crate::yaml::same_key;
use rayon::prelude::*;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// The question, made before the records are loaded and asked after.
pub struct Prefilter {
    /// The audiences that hide people (none: nothing to ask).
    audiences: Vec<Audience>,
    /// [`Prefilter::shows`] of each of [`FIELDS`] by their place, for
    /// records not restricted (`[0]`) and restricted (`[1]`).
    shown: [Vec<bool>; 2],
    /// The contacts and roles (the register before any record).
    register: Register,
    /// The characters of the names known so far.
    letters: Letters,
    /// What each record asked keeps of its shown texts.
    kept: Mutex<Store>,
    /// How many records were asked: the first `whole` keep their texts
    /// whole.
    asked: AtomicUsize,
    /// [`WHOLE`] (the tests ask with others).
    whole: usize,
}

/// How many records, the first asked, keep their shown texts whole
/// (folded): read while the alphabet of names still grows, most of what
/// their runs could answer would come too late ([`Late`]).
const WHOLE: usize = 512;

/// What a record keeps for [`Prefilter::finish`]: 80 bytes, its runs
/// aside ([`Store::runs`]).
struct Kept {
    /// Its file's place in the content's sources (sorted: a record's file
    /// is there from before the records are read).
    index: u32,
    /// How many characters [`Letters`] knew when it was kept, and in the
    /// top bit ([`WHOLE_BIT`]) whether its runs hold the texts whole
    /// ([`project::fold_all`]).
    version: u32,
    /// Where its runs end in [`Store::runs`]: they begin where the
    /// previous record's end.
    end: u32,
    /// The ASCII characters its texts hold, when folded sparse.
    ascii: project::Ascii,
    /// Every character of its shown texts folded (but the ASCII passed
    /// over when sparse).
    seen: project::Present,
}

/// The bit of [`Kept::version`] that says its runs hold the texts whole
/// (the version itself below it: never that many characters known).
const WHOLE_BIT: u32 = 1 << 31;

impl Kept {
    fn version(&self) -> usize {
        (self.version & !WHOLE_BIT) as usize
    }

    fn whole(&self) -> bool {
        self.version & WHOLE_BIT != 0
    }
}

/// What the records asked keep, in the order they were kept.
#[derive(Default)]
struct Store {
    kept: Vec<Kept>,
    /// The runs of the alphabet in each record's shown texts
    /// ([`project::project`]), one record's after another's.
    runs: String,
    /// The records that could not be kept so (a file not among the
    /// sources, runs past 4 GiB): answered "may name", as a record whose
    /// texts say nothing is.
    unkept: Vec<String>,
}

/// The characters of the names known so far, in the order they became
/// known: the first `v` of them are the alphabet of version `v`.
struct Letters {
    /// Tells this check's alphabet from another's in a worker's copy.
    id: u64,
    /// The alphabet (bits, as [`project::holds`] reads them) and the order.
    log: Mutex<(Vec<u64>, Vec<char>)>,
    /// The order's length.
    version: AtomicUsize,
}

/// A worker's copy of [`Letters`]'s alphabet, of its `version`.
struct Copy {
    id: u64,
    version: usize,
    bits: Vec<u64>,
}

thread_local! {
    /// A worker's runs of the record it keeps, before they join the store.
    static SCRATCH: RefCell<String> = const { RefCell::new(String::new()) };
    static COPY: RefCell<Copy> = const { RefCell::new(Copy { id: 0, version: 0, bits: Vec::new() }) };
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Letters {
    fn new() -> Letters {
        Letters {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            log: Mutex::new((vec![0; ALPHABET_WORDS], Vec::new())),
            version: AtomicUsize::new(0),
        }
    }

    /// Learn the characters of `text` folded (a name, a pattern); `copy`
    /// is brought up to date if anything was new to it.
    fn learn(&self, text: &str, copy: &mut Copy) {
        // Kanji and hiragana fold to themselves: most names, known at once.
        let same = |c: char| {
            matches!(c as u32, 0x4e00..=0x9fff | 0x3041..=0x3096) || c == ' ' || c == '\u{3000}'
        };
        if text
            .chars()
            .all(|c| same(c) && (c == ' ' || c == '\u{3000}' || project::holds(&copy.bits, c)))
        {
            return;
        }
        let mut folded = String::new();
        fold::fold_text_into(text, &mut folded);
        if folded.chars().all(|c| project::holds(&copy.bits, c)) {
            return;
        }
        let Ok(mut log) = self.log.lock() else {
            return; // a worker panicked: the records read after fall back
        };
        let (bits, order) = &mut *log;
        for c in folded.chars() {
            if project::insert(bits, c) {
                order.push(c);
            }
        }
        self.version.store(order.len(), Ordering::Release);
        copy.bits.clone_from(bits);
        copy.version = order.len();
    }

    /// Bring `copy` up to date.
    fn refresh(&self, copy: &mut Copy) {
        if copy.id != self.id {
            *copy = Copy {
                id: self.id,
                version: usize::MAX,
                bits: vec![0; ALPHABET_WORDS],
            };
        }
        if self.version.load(Ordering::Acquire) == copy.version {
            return;
        }
        if let Ok(log) = self.log.lock() {
            copy.bits.clone_from(&log.0);
            copy.version = log.1.len();
        } else {
            copy.bits.fill(0);
            copy.version = 0;
        }
    }

    /// What [`Prefilter::finish`] asks of the records read before
    /// `patterns` were all known: see [`Late`].
    fn late(self, patterns: &[crate::analysis::names::Variant]) -> Late {
        let order = self.log.into_inner().map(|(_, o)| o).ok();
        let at: std::collections::HashMap<char, usize> = order
            .iter()
            .flatten()
            .enumerate()
            .map(|(k, &c)| (c, k + 1))
            .collect();
        let ascii = order
            .iter()
            .flatten()
            .position(char::is_ascii)
            .map_or(usize::MAX, |k| k + 1);
        let mut patterns: Vec<(usize, Box<str>)> = patterns
            .iter()
            .map(|p| {
                // A pattern of one character is never kept.
                let known = p.folded.chars().nth(1).is_some() && order.is_some();
                let version = p
                    .folded
                    .chars()
                    .filter(|&c| (c as u32) < 0x1_0000)
                    .map(|c| at.get(&c).copied().filter(|_| known).unwrap_or(usize::MAX))
                    .max()
                    .unwrap_or(0);
                (version, p.folded.as_str().into())
            })
            .collect();
        patterns.sort_unstable_by_key(|p| std::cmp::Reverse(p.0));
        let with_ascii = patterns
            .iter()
            .filter(|(_, p)| p.bytes().any(|b| b.is_ascii()))
            .map(|(_, p)| p.clone())
            .collect();
        Late {
            patterns,
            with_ascii,
            ascii,
        }
    }
}

/// The patterns each with the least version of [`Letters`] whose alphabet
/// holds all its characters (`usize::MAX`: none), the latest first: a
/// record kept at an earlier version cannot tell from its runs whether it
/// holds the pattern, only from the characters it was seen to hold.
struct Late {
    patterns: Vec<(usize, Box<str>)>,
    /// The patterns holding an ASCII character.
    with_ascii: Vec<Box<str>>,
    /// The first version whose alphabet holds an ASCII character: a record
    /// kept before it was folded sparse (its ASCII never seen).
    ascii: usize,
}

impl Late {
    /// Whether a pattern the runs of `kept` cannot answer for may be in its
    /// texts: all its characters were seen there.
    fn may_hold(&self, kept: &Kept) -> bool {
        let version = kept.version();
        let sparse = version < self.ascii;
        let seen = |c: char| {
            if sparse && c.is_ascii() {
                project::ascii_seen(kept.ascii, c) || project::present(&kept.seen, c)
            } else {
                project::present(&kept.seen, c)
            }
        };
        if kept.whole() {
            // Only a pattern with ASCII in it, of texts folded sparse.
            return sparse && self.with_ascii.iter().any(|p| p.chars().all(seen));
        }
        self.patterns
            .iter()
            .take_while(|(v, _)| *v > version)
            .any(|(_, p)| p.chars().all(seen))
    }
}

/// The people `inc` names (what [`Register::add_record`] reads).
fn people<'a>(inc: &'a Incident, f: &mut dyn FnMut(&'a str)) {
    if let Some(p) = &inc.reporter {
        f(p);
    }
    for t in &inc.timeline {
        if let Some(by) = &t.by {
            f(by);
        }
    }
    for e in &inc.evidence {
        if let Some(by) = &e.collected_by {
            f(&by.value);
        }
    }
}

impl Prefilter {
    /// The question for the records of `content` (what is loaded before
    /// the records: the contacts and the policy's roles and audiences).
    pub fn of(content: &Content) -> Prefilter {
        let audiences: Vec<Audience> = content
            .policy
            .audiences
            .iter()
            .filter(|a| a.hides_people())
            .cloned()
            .collect();
        let mut prefilter = Prefilter::with_audiences(audiences);
        prefilter.register = Register::of(content);
        if !prefilter.audiences.is_empty() {
            let letters = &prefilter.letters;
            COPY.with(|copy| {
                let mut copy = copy.borrow_mut();
                letters.refresh(&mut copy);
                for v in prefilter.register.widest_matcher([]).variants() {
                    letters.learn(&v.folded, &mut copy);
                }
            });
        }
        prefilter
    }

    /// A question for `audiences`, with no contacts and no roles.
    fn with_audiences(audiences: Vec<Audience>) -> Prefilter {
        let mut prefilter = Prefilter {
            audiences,
            shown: Default::default(),
            register: Register::default(),
            letters: Letters::new(),
            kept: Mutex::new(Store::default()),
            asked: AtomicUsize::new(0),
            whole: WHOLE,
        };
        prefilter.shown = prefilter.shown_table();
        prefilter
    }

    /// Keep what [`Prefilter::finish`] needs of `inc`, as it is loaded:
    /// the names it adds to the alphabet, and the runs of the alphabet in
    /// the texts an audience hiding people sees.
    pub fn keep(&self, sources: &[String], inc: &Incident) {
        if self.audiences.is_empty() {
            return;
        }
        if inc.is_restricted()
            && self
                .audiences
                .iter()
                .all(|a| a.rule.restricted != RestrictedMode::Show)
        {
            return; // no audience hiding people shows its text
        }
        SCRATCH.with(|scratch| {
            let Ok(mut runs) = scratch.try_borrow_mut() else {
                return self.unkept(inc); // never: answered "may name"
            };
            runs.clear();
            let mut seen = [0; project::PRESENT_WORDS];
            let mut ascii = 0;
            let mut whole = false;
            let version = COPY.with(|copy| {
                let Ok(mut copy) = copy.try_borrow_mut() else {
                    return 0; // never: answered "may name" at the end
                };
                self.letters.refresh(&mut copy);
                people(inc, &mut |name| {
                    self.letters.learn(name, &mut copy);
                    // A part of one character is looked for with honorifics.
                    if name.split_whitespace().any(|p| p.chars().nth(1).is_none())
                        || name.chars().filter(|c| !c.is_whitespace()).nth(2).is_none()
                    {
                        let latin = name.bytes().any(|b| b.is_ascii_alphabetic());
                        for h in HONORIFICS
                            .iter()
                            .chain(latin.then_some(LATIN_HONORIFICS).into_iter().flatten())
                        {
                            self.letters.learn(h, &mut copy);
                        }
                    }
                });
                // An alphabet without ASCII passes over ASCII.
                let sparse = copy.bits[..2].iter().all(|&w| w == 0);
                whole = self.asked.fetch_add(1, Ordering::Relaxed) < self.whole;
                let texts = &mut |fold: &mut dyn FnMut(&str)| self.shown_texts(inc, fold);
                if whole {
                    project::fold_all(sparse, texts, &mut runs, &mut seen, &mut ascii);
                } else {
                    let bits = &copy.bits;
                    project::project(bits, sparse, texts, &mut runs, &mut seen, &mut ascii);
                }
                copy.version
            });
            // The sources are sorted, and a record's file is among them.
            let index = sources
                .binary_search(&inc.file)
                .ok()
                .and_then(|k| u32::try_from(k).ok());
            let version = u32::try_from(version).ok().filter(|&v| v & WHOLE_BIT == 0);
            let (Some(index), Some(version)) = (index, version) else {
                return self.unkept(inc);
            };
            let Ok(mut store) = self.kept.lock() else {
                return; // a worker panicked: the check reports that
            };
            let Ok(end) = u32::try_from(store.runs.len() + runs.len()) else {
                drop(store);
                return self.unkept(inc);
            };
            store.runs.push_str(&runs);
            store.kept.push(Kept {
                index,
                version: version | if whole { WHOLE_BIT } else { 0 },
                end,
                ascii,
                seen,
            });
        });
    }

    /// Keep `inc` as a record that may name someone.
    fn unkept(&self, inc: &Incident) {
        if let Ok(mut store) = self.kept.lock() {
            store.unkept.push(inc.file.clone());
        }
    }

    /// Ask, once `content` holds every record's register entry: which
    /// records kept may name someone (sorted), and the matcher of
    /// everyone for [`Finished::may_name_in_pages`].
    pub fn finish(self, content: &Content) -> Finished {
        if self.audiences.is_empty() {
            return Finished {
                matcher: None,
                may_name: Vec::new(),
            };
        }
        let mut names: Vec<&str> = Vec::new();
        for inc in &content.incidents {
            people(inc, &mut |name| names.push(name));
        }
        let matcher = self.register.widest_matcher(names);
        let Store { kept, runs, unkept } = self.kept.into_inner().unwrap_or_default();
        let file = |k: &Kept| content.sources.get(k.index as usize).cloned();
        let mut may_name: Vec<String> = if matcher.is_empty() {
            Vec::new()
        } else if matcher.is_broken() {
            kept.iter().filter_map(file).chain(unkept).collect()
        } else {
            let late = self.letters.late(matcher.variants());
            (0..kept.len())
                .into_par_iter()
                .filter(|&k| {
                    let start = k.checked_sub(1).map_or(0, |j| kept[j].end as usize);
                    let end = kept[k].end as usize;
                    let runs = runs.get(start..end).unwrap_or_default();
                    matcher.is_match_folded(runs) || late.may_hold(&kept[k])
                })
                .filter_map(|k| file(&kept[k]))
                .collect::<Vec<String>>()
                .into_iter()
                .chain(unkept)
                .collect()
        };
        may_name.sort_unstable();
        Finished {
            matcher: Some(matcher),
            may_name,
        }
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
}

/// What [`Prefilter::finish`] answered.
pub struct Finished {
    /// The widest matcher of everyone (`None`: no audience hides people).
    matcher: Option<Matcher>,
    /// The records whose shown texts may name someone, sorted.
    pub may_name: Vec<String>,
}

impl Finished {
    /// Whether a text of the drills, handbook pages or templates can name
    /// someone (every audience sees them): false means E121 finds nothing
    /// there.
    pub fn may_name_in_pages(&self, content: &Content) -> bool {
        let Some(matcher) = self.matcher.as_ref().filter(|m| !m.is_empty()) else {
            return false;
        };
        if matcher.is_broken() {
            return true;
        }
        let mut may = false;
        for d in &content.drills {
            prose::drill(d, &mut |_, text| may = may || matcher.is_match(text));
        }
        may || content
            .handbook
            .iter()
            .chain(&content.templates)
            .any(|p| matcher.is_match(&p.title) || matcher.is_match(&p.body))
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

#[cfg(test)]
mod tests;
