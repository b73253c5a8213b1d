//! What one render leaves behind for the next (`ismsbook serve`): the search
//! documents of the record pages, the size and hash of every file written, the
//! evidence prepared, and what each record page shows of its neighbours.
//! With it, a render after a few records changed re-renders only their pages,
//! the pages next to them and the pages built from the whole register
//! (register, dashboard, audit pages, exports, search index, manifest); every
//! other record page, its search document and its hash are taken from here.
//! A record's document is made from its own record (never from the pages
//! next to it), so only the records whose files changed need new ones; the
//! search index itself is kept too ([`crate::search::KeptIndex`]), so that
//! only the changed documents are indexed again.

use crate::evidence::Audit;
use crate::model::summary::Summary;
use crate::model::Incident;
use crate::present::view::Presence;
use crate::present::{Env, RenderError};
use crate::search::SearchDoc;
use crate::write::Recorder;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The outcome of a render, kept between rebuilds.
#[derive(Debug, Default)]
pub struct RenderMemory {
    /// The model as this audience saw it.
    pub(super) redacted: Option<crate::model::Content>,
    /// The summaries of its records, in its order (`model::summary::all`
    /// of `redacted`'s records): a rebuild makes again only those of the
    /// records whose files changed.
    pub(super) summaries: Vec<Summary>,
    /// The search documents of the record pages, by URL (the other pages'
    /// documents are made again: there are few of them).
    pub(super) docs: HashMap<String, SearchDoc>,
    /// Size and SHA-256 of every file written (the manifest's `files`).
    pub(super) files: crate::write::Files,
    /// Evidence copies, source hashes and git state.
    pub(super) audit: Audit,
    /// Per record (by id): what its page shows of itself and its neighbours.
    pub(super) pages: HashMap<String, PageInputs>,
    /// The search index's postings and stored texts: a rebuild replaces
    /// the changed pages' documents and writes only the index files whose
    /// bytes change.
    pub(super) index: Option<crate::search::KeptIndex>,
    /// The guard's register and matchers, reused while the register is the
    /// same.
    pub(super) guard: Option<std::sync::Arc<super::guard::Lookup>>,
    /// The ids of the records, in register order: the order of `parts`,
    /// `stamps` and `facts` (see [`Order`]).
    pub(super) order: Order,
    /// Each record's part of every row-wise export, in `order`: an export
    /// is written again from these, only the changed records' parts being
    /// made anew.
    pub(super) parts: Vec<KeptParts>,
    /// The text exports as written from those parts, by path: a rebuild
    /// changes only the changed records' bytes (see `super::splice`).
    pub(super) exports: HashMap<String, super::splice::KeptFile>,
    /// The paths of `evidence/index.html` and its further pages.
    pub(super) evidence_pages: Vec<String>,
    /// The workbook's compressed chunks as last written (see
    /// `super::deferred`): a settle compresses only the changed ones.
    pub(super) workbook: Option<super::deferred::KeptWorkbook>,
    /// What the evidence index's further pages show, as last written (see
    /// `super::index_pages`).
    pub(super) index_pages: Option<super::index_pages::KeptIndexPages>,
    /// Each record's stamp (see `super::skip`), in `order`, and the next
    /// one to give out.
    pub(super) stamps: Vec<u64>,
    pub(super) next_stamp: u64,
    /// Each record's facts (see `super::skip::facts`), in `order`, with
    /// the stamp they were made for.
    pub(super) facts: super::skip::KeptFacts,
    /// The digest of the inputs of every page that says what it is made
    /// from, by job, with its path.
    pub(super) page_digests: super::skip::Kept,
    /// The theme's strings of the site's language, as the environment
    /// reads them (see [`crate::present::Strings`]): a rebuild changes
    /// records only (a change to the theme or the site's language is a
    /// whole build), so they are read once.
    pub(super) strings: Option<crate::present::Strings>,
    /// The site paths of the pages the last render ran (rendered, whether
    /// or not their bytes changed), in job order; see [`RenderMemory::rendered`].
    pub(super) rendered: Vec<String>,
    /// The rows of the register's pages, by their record's stamp and their
    /// variant (see [`crate::present::fragments`]).
    pub(super) fragments: crate::present::fragments::Kept,
    /// The action plan and what it was made from (see
    /// [`crate::render::pages::action_plan`]).
    pub(super) action_plan: Option<crate::render::pages::action_plan::KeptPlan>,
    /// Whether the last render deferred its slow files (see
    /// `super::deferred`): they, the manifest and the evidence index are
    /// still the previous render's until [`super::deferred::finish`].
    pub(super) pending: bool,
}

/// The ids of a render's records in register order ([`Env::incidents`]),
/// which the records' parts, stamps and facts are kept in: the next render
/// finds a record's by its place, a look-up by id only when the records
/// moved (one was added or removed).
#[derive(Debug, Default)]
pub(super) struct Order {
    ids: Vec<Box<str>>,
}

impl Order {
    /// The order of `env`'s records (`kept` itself when they are its ids
    /// in its order), and where each of them was in `kept`.
    pub(super) fn again(kept: Order, env: &Env) -> (Order, Vec<Option<usize>>) {
        let n = env.incidents.len();
        let same = kept.ids.len() == n
            && kept
                .ids
                .iter()
                .zip(&env.incidents)
                .all(|(id, (inc, _))| **id == *inc.id);
        if same {
            return (kept, (0..n).map(Some).collect());
        }
        let by_id: HashMap<&str, usize> = kept
            .ids
            .iter()
            .enumerate()
            .map(|(k, id)| (&**id, k))
            .collect();
        let places = env
            .incidents
            .iter()
            .map(|(inc, _)| by_id.get(&*inc.id).copied())
            .collect();
        let ids = env
            .incidents
            .iter()
            .map(|(inc, _)| Box::from(&*inc.id))
            .collect();
        (Order { ids }, places)
    }
}

/// A record's part of every row-wise export (`crate::export::spool::Parts`),
/// and whether it was made as the first record of the file (a JSON array's
/// first element has no comma before it).
#[derive(Debug)]
pub(super) struct KeptParts {
    pub(super) first: bool,
    pub(super) parts: crate::export::spool::Parts,
}

/// The inputs of a record page that live outside its own record: whether it
/// is shown in full, and the id and (if shown) title of the records before
/// and after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PageInputs {
    file: String,
    presence: Presence,
    prev: Option<(String, Option<String>)>,
    next: Option<(String, Option<String>)>,
}

/// The theme's strings `kept` by the last render, else read for
/// `content`'s language.
pub(super) fn strings_again(
    kept: Option<crate::present::Strings>,
    content: &crate::model::Content,
    theme: &crate::present::theme::Theme,
) -> Result<crate::present::Strings, RenderError> {
    match kept {
        Some(strings) => Ok(strings),
        None => crate::present::Strings::new(content, theme),
    }
}

impl RenderMemory {
    /// Paths of every file the last render wrote (the manifest excluded).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(|p| &**p)
    }

    /// Whether the last render left files to be made (see
    /// [`crate::site::finish_deferred`]).
    pub fn is_pending(&self) -> bool {
        self.pending
    }

    /// The pages the last render ran, by site path, in job order: a
    /// rebuild's pages left as written (their inputs unchanged) are not
    /// among them, though their bytes would be the same either way.
    pub fn rendered(&self) -> &[String] {
        &self.rendered
    }

    /// Size and SHA-256 (lowercase hex) of a file the last render wrote.
    pub fn file(&self, path: &str) -> Option<(u64, String)> {
        self.files.get(path).map(|(n, h)| (*n, h.to_hex()))
    }
}

/// What a render carries over from the previous one, in two steps: what
/// the changed records' pages need ([`Carried::begin`]: which records are
/// dirty, their evidence copied again), and, once those pages are written,
/// the rest ([`Carried::finish`]: the files and search documents of the
/// records left as they were, the source hashes).
pub(super) struct Carried {
    docs: HashMap<String, SearchDoc>,
    changed_files: BTreeSet<String>,
    /// What each record page showed last time (see [`remember_pages`]).
    pages: HashMap<String, PageInputs>,
}

impl Carried {
    pub(super) fn begin(
        env: &mut Env,
        memory: RenderMemory,
        changed_files: &BTreeSet<String>,
        recorder: &Recorder,
    ) -> Result<(Vec<bool>, Carried), RenderError> {
        let dirty = dirty_records(env, &memory, changed_files);
        env.audit = memory.audit;
        // Evidence of the records rendered again is copied again.
        let clean = clean_ids(env, &dirty);
        env.audit
            .evidence
            .retain(|id, _| clean.contains(id.as_str()));
        let again: Vec<&Incident> = env
            .records
            .iter()
            .zip(&dirty)
            .filter(|((_, p), d)| **d && *p == Presence::Full)
            .map(|((i, _), _)| *i)
            .collect();
        let root = env.audit.provenance.root.clone();
        if let (Some(root), true) = (root, env.view.shows("evidence")) {
            let copied = crate::evidence::copy::copy_all(&root, &again, recorder)
                .map_err(RenderError::Io)?;
            env.audit.evidence.extend(copied);
        }
        let carried = Carried {
            docs: memory.docs,
            changed_files: changed_files.clone(),
            pages: memory.pages,
        };
        Ok((dirty, carried))
    }

    pub(super) fn finish(
        &mut self,
        env: &mut Env,
        dirty: &[bool],
        recorder: &Recorder,
        sources: &[String],
    ) -> Result<(), RenderError> {
        let clean = clean_ids(env, dirty);
        // Files this render writes anew (pages, index, exports) or that
        // belong to records gone or re-rendered are dropped; the rest (clean
        // records' pages and evidence copies) are kept as written.
        recorder.keep_held(|path| record_of_file(path).is_some_and(|id| clean.contains(id)));
        self.docs
            .retain(|url, _| record_of_page(url).is_some_and(|id| clean.contains(id)));
        crate::evidence::refresh_sources(&mut env.audit, sources, &self.changed_files)
            .map_err(RenderError::Io)
    }
}

impl Carried {
    /// What each record page showed last time, by record id.
    pub(super) fn take_pages(&mut self) -> HashMap<String, PageInputs> {
        std::mem::take(&mut self.pages)
    }

    /// The search document of a record page not rendered again.
    pub(super) fn take_doc(&mut self, url: &str) -> Option<SearchDoc> {
        self.docs.remove(url)
    }
}

/// Ids of the records whose pages are not rendered again.
fn clean_ids<'e>(env: &Env<'e>, dirty: &[bool]) -> HashSet<&'e str> {
    env.incidents
        .iter()
        .zip(dirty)
        .filter(|(_, d)| !**d)
        .map(|((i, _), _)| &*i.id)
        .collect()
}

/// Whether `path` is a page rendered once per record (not an evidence copy).
pub(super) fn is_record_page(path: &str) -> bool {
    path.strip_prefix("incidents/")
        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".html"))
}

/// What record page `index` of `env` shows from outside its record.
pub(super) fn page_inputs(env: &Env, index: usize) -> PageInputs {
    let shown = |k: Option<usize>| {
        let (id, title) = neighbour(env, k?)?;
        Some((id.to_string(), title.map(str::to_string)))
    };
    let (inc, presence) = env.incidents[index];
    PageInputs {
        file: inc.file.to_string(),
        presence,
        prev: shown(index.checked_sub(1)),
        next: shown(index.checked_add(1)),
    }
}

/// What every record page of `env` shows from outside its record, by
/// record id. Given what the last render's pages showed (`kept`) and which
/// records are rendered again (`dirty`, from [`dirty_records`]), only
/// those are worked out again: a record not rendered again had the same
/// inputs, or it would be dirty.
pub(super) fn remember_pages(
    env: &Env,
    kept: Option<(HashMap<String, PageInputs>, &[bool])>,
) -> HashMap<String, PageInputs> {
    let n = env.incidents.len();
    let Some((mut pages, dirty)) = kept.filter(|(_, d)| d.len() == n) else {
        return (0..n)
            .map(|k| (env.incidents[k].0.id.to_string(), page_inputs(env, k)))
            .collect();
    };
    for k in (0..n).filter(|&k| dirty[k]) {
        pages.insert(env.incidents[k].0.id.to_string(), page_inputs(env, k));
    }
    // Every record now listed has its entry (a clean one had it before),
    // so more entries than records means some are of records gone.
    if pages.len() > n {
        let ids: HashSet<&str> = env.incidents.iter().map(|(i, _)| &*i.id).collect();
        pages.retain(|id, _| ids.contains(id.as_str()));
    }
    pages
}

/// The summaries of `records` (`model::summary::all`); given the last
/// render's (`kept`) and the files changed since, those of the records
/// whose files did not change taken from it (by file), when it has them.
pub(super) fn summaries_again(
    records: &[Incident],
    kept: Option<(Vec<Summary>, &BTreeSet<String>)>,
) -> Vec<Summary> {
    use rayon::prelude::*;
    let Some((kept, changed)) = kept else {
        return crate::model::summary::all(records);
    };
    let from: Vec<Option<usize>> = {
        let place: HashMap<&str, usize> = kept
            .iter()
            .enumerate()
            .map(|(k, s)| (&*s.file, k))
            .collect();
        records
            .iter()
            .map(|i| {
                let file = i.file.as_str();
                place.get(file).copied().filter(|_| !changed.contains(file))
            })
            .collect()
    };
    let mut kept: Vec<Option<Summary>> = kept.into_iter().map(Some).collect();
    let taken: Vec<Option<Summary>> = from
        .into_iter()
        .map(|k| k.and_then(|k| kept[k].take()))
        .collect();
    records
        .par_iter()
        .zip(taken)
        .map(|(i, s)| s.unwrap_or_else(|| Summary::of(i)))
        .collect()
}

/// What the next render needs of this one's environment (`serve`): what
/// each record page shows of its neighbours ([`remember_pages`]), and the
/// evidence prepared.
pub(super) fn remember(
    mut env: Env,
    kept: Option<(HashMap<String, PageInputs>, &[bool])>,
) -> (HashMap<String, PageInputs>, crate::evidence::Audit) {
    let pages = remember_pages(&env, kept);
    (pages, std::mem::take(&mut env.audit))
}

/// Id and (if shown in full) title of record `k`.
fn neighbour<'e>(env: &'e Env, k: usize) -> Option<(&'e str, Option<&'e str>)> {
    let (i, p) = env.incidents.get(k)?;
    Some((&*i.id, (*p == Presence::Full).then_some(&*i.title)))
}

/// Whether record page `index` of `env` has the inputs `old` (compared in
/// place: this runs for every record on every rebuild).
fn same_inputs(env: &Env, index: usize, old: &PageInputs) -> bool {
    let same = |k: Option<usize>, o: &Option<(String, Option<String>)>| {
        let now = k.and_then(|k| neighbour(env, k));
        match (now, o) {
            (None, None) => true,
            (Some((id, title)), Some((oid, otitle))) => id == oid && title == otitle.as_deref(),
            _ => false,
        }
    };
    let (inc, presence) = env.incidents[index];
    *inc.file == *old.file
        && presence == old.presence
        && same(index.checked_sub(1), &old.prev)
        && same(index.checked_add(1), &old.next)
}

/// Records of `env` whose pages must be rendered again: those whose file
/// changed, and those whose neighbours or presence differ from last time.
pub(super) fn dirty_records(
    env: &Env,
    previous: &RenderMemory,
    changed_files: &BTreeSet<String>,
) -> Vec<bool> {
    (0..env.incidents.len())
        .map(|k| {
            let inc = env.incidents[k].0;
            changed_files.contains(&*inc.file)
                || previous
                    .pages
                    .get(&*inc.id)
                    .is_none_or(|old| !same_inputs(env, k, old))
        })
        .collect()
}

/// The record a file of the site belongs to: its pages and its evidence
/// copies (`incidents/<id>/evidence/...`).
pub(super) fn record_of_file(path: &str) -> Option<&str> {
    if let Some(id) = record_of_page(path) {
        return Some(id);
    }
    let rest = path.strip_prefix("incidents/")?;
    let (id, rest) = rest.split_once('/')?;
    rest.starts_with("evidence/").then_some(id)
}

/// The record id of a per-record page path (`incidents/<id>.html`).
pub(super) fn record_of_page(path: &str) -> Option<&str> {
    if !is_record_page(path) {
        return None;
    }
    let name = path.rsplit('/').next()?;
    name.strip_suffix(".html")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_pages_are_told_from_evidence_copies_and_other_pages() {
        assert!(is_record_page("incidents/INC-2026-001.html"));
        assert!(!is_record_page("reports/INC-2026-001.html"));
        assert!(!is_record_page("incidents/INC-2026-001/evidence/log.txt"));
        assert!(!is_record_page("register.html"));
        assert!(!is_record_page("incidents/INC-2026-001/a.html"));
        assert_eq!(record_of_page("incidents/INC-1.html"), Some("INC-1"));
        assert_eq!(record_of_page("incidents/INC-1/evidence/a.html"), None);
        assert_eq!(
            record_of_file("incidents/INC-1/evidence/a.html"),
            Some("INC-1")
        );
        assert_eq!(record_of_file("incidents/INC-1.html"), Some("INC-1"));
        assert_eq!(record_of_file("register.html"), None);
    }
}
