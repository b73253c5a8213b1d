//! Incremental rebuilds for `serve`. The first build is a whole build; the
//! session then keeps the model, the theme and what the render produced
//! ([`RenderMemory`]). When only record files (`incidents/**.yaml`) changed,
//! it reads just those files again, checks the whole model (cross-record
//! rules need it), re-renders the changed records' pages, their neighbours'
//! and the pages built from the whole register, rebuilds the search index
//! and the manifest, and writes into the served directory only the files
//! whose bytes changed (the changed records' evidence files are copied
//! again). The name register the rules check against is kept between
//! rebuilds while the records name the same people. Any other change
//! (policy, contacts, site, handbook, templates, drills, the evidence
//! folder, the theme) falls back to a whole build, as does a rebuild after
//! rendering failed.

use super::live::LiveSink;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load;
use crate::present::RenderOptions;
use crate::site::{build_keeping, BuildError, BuildOptions, BuildReport, Kept};
use crate::site::{render_site_again, Previous};
use crate::validate::id_index::IdIndex;
use crate::validate::names::NameCheck;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a rebuild did.
#[derive(Debug)]
pub enum Rebuilt {
    /// A whole build replaced the site.
    Whole(BuildReport),
    /// Only what the changed records feed was rendered again.
    Incremental {
        records: usize,
        /// Site paths whose bytes changed (written or removed).
        changed: Vec<String>,
        /// From the change to the changed records' pages being written.
        records_shown: Duration,
        elapsed: Duration,
        /// Time per step: listing and reading, checking, rendering.
        steps: Vec<(&'static str, Duration)>,
        /// Site paths left as they were, to be made by [`Session::settle`]
        /// (`register.xlsx`, the manifest, the evidence index): until then
        /// they are the previous render's and must not be served.
        deferred: Vec<String>,
    },
    /// Nothing the site is made from changed.
    Nothing,
}

/// The state kept between rebuilds.
pub struct Session {
    opts: BuildOptions,
    /// The content directory as the file watcher reports it.
    root: PathBuf,
    kept: Option<Kept>,
    /// Diagnostics of loading, by record file; and those of every other file.
    record_diags: BTreeMap<String, Vec<Diagnostic>>,
    /// What the rules that need one record alone found, by record file.
    record_rules: HashMap<String, Vec<Diagnostic>>,
    other_diags: Vec<Diagnostic>,
    /// Record files changed since the site was last rendered.
    pending: BTreeSet<String>,
    /// The name register the rules check against, with the digest of what
    /// it was made from (see [`named_people`]): folding every name of the
    /// register is the costliest part of checking, and an edit rarely
    /// names anyone new.
    names: Option<(Named, NameCheck)>,
    /// What the records named (as [`named_people`] hashes it) when the site
    /// was last rendered: while they name the same, the render keeps its
    /// guard's register without making it again.
    rendered_names: Option<Named>,
    /// The id rules' index of the records checked last (made by the first
    /// rebuild after a whole build).
    ids: Option<IdIndex>,
}

impl Session {
    pub fn new(opts: BuildOptions) -> Session {
        let root = opts
            .content
            .canonicalize()
            .unwrap_or_else(|_| opts.content.clone());
        Session {
            opts,
            root,
            kept: None,
            record_diags: BTreeMap::new(),
            record_rules: HashMap::new(),
            other_diags: Vec::new(),
            pending: BTreeSet::new(),
            names: None,
            rendered_names: None,
            ids: None,
        }
    }

    /// The content directory.
    pub fn content(&self) -> &Path {
        &self.opts.content
    }

    /// A whole build; the session keeps what it needs for the next rebuild.
    pub fn build_whole(&mut self) -> Result<Rebuilt, BuildError> {
        self.kept = None;
        self.pending.clear();
        let (report, kept) = build_keeping(&self.opts, &|_| {})?;
        let is_record =
            |f: &str| f.starts_with("incidents/") && (f.ends_with(".yaml") || f.ends_with(".yml"));
        self.record_diags.clear();
        self.other_diags.clear();
        for d in kept.load_diagnostics.iter() {
            if is_record(&d.file) {
                self.record_diags
                    .entry(d.file.clone())
                    .or_default()
                    .push(d.clone());
            } else {
                self.other_diags.push(d.clone());
            }
        }
        self.names = None;
        self.ids = None;
        let (names, _) = names_of(&mut self.names, &kept.content);
        self.record_rules = self.check_records(&kept.content, &names, |_| true);
        self.rendered_names = Some(names.0);
        self.names = Some(names);
        self.kept = Some(kept);
        Ok(Rebuilt::Whole(report))
    }

    /// The per-record rules' findings for the records of `content` that
    /// `pick` selects, by file (in parallel: this is most of checking).
    fn check_records(
        &self,
        content: &crate::model::Content,
        names: &(Named, NameCheck),
        pick: impl Fn(&str) -> bool + Sync,
    ) -> HashMap<String, Vec<Diagnostic>> {
        use rayon::prelude::*;
        let routes = std::sync::OnceLock::new();
        let ctx = crate::validate::Ctx {
            content,
            root: &self.opts.content,
            today: self.opts.today,
            names: Some(&names.1),
            routes: &routes,
        };
        content
            .incidents
            .par_iter()
            .filter(|i| pick(&i.file))
            .map(|i| {
                let mut out = Vec::new();
                crate::validate::check_record(&ctx, i, &mut out);
                (i.file.clone(), out)
            })
            .collect()
    }

    /// Rebuild after the files `paths` (as the watcher reports them) changed.
    /// `shown` is called with the site paths written so far once the changed
    /// records' own pages are in place (before the register-wide pages).
    pub fn rebuild(
        &mut self,
        paths: &[PathBuf],
        shown: &(dyn Fn(&[String]) + Sync),
    ) -> Result<Rebuilt, BuildError> {
        let started = Instant::now();
        crate::site::spans::origin();
        let Some(records) = self.record_changes(paths) else {
            return self.build_whole();
        };
        if records.files.is_empty() && records.others.is_empty() && self.pending.is_empty() {
            return Ok(Rebuilt::Nothing);
        }
        let mut steps = Vec::new();
        let span = crate::site::spans::Span::new("reload (read, check)");
        let reloaded = self.reload(&records, &mut steps);
        drop(span);
        match reloaded {
            Some(Ok(true)) => {}
            Some(Ok(false)) => return Ok(Rebuilt::Nothing),
            Some(Err(e)) => return Err(e),
            None => return self.build_whole(),
        }
        self.render(started, steps, shown)
    }

    /// The record files among `paths`, relative to the content directory;
    /// `None` if anything else changed (a whole build is needed).
    fn record_changes(&self, paths: &[PathBuf]) -> Option<RecordChanges> {
        self.kept.as_ref()?;
        let mut out = RecordChanges::default();
        for p in paths {
            let rel = relative(&self.root, p).or_else(|| relative(&self.opts.content, p))?;
            let rest = rel.strip_prefix("incidents/")?;
            let name = rest.rsplit('/').next().unwrap_or(rest);
            let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
            let lower = name.to_ascii_lowercase();
            if !is_yaml && (lower.ends_with(".yaml") || lower.ends_with(".yml")) {
                // `INC-….YAML`: the whole load reports it (E018) rather
                // than it being passed over as an editor's file.
                return None;
            }
            if is_yaml && !name.starts_with('.') {
                out.files.insert(rel);
            } else {
                out.others.insert(rel);
            }
        }
        Some(out)
    }

    /// Record files as the whole load would list them: every listed file
    /// when the folders changed, else the state of the files named.
    /// `None` when something needs the whole load's care (links, errors).
    fn listed(
        &self,
        changes: &RecordChanges,
        known: &BTreeSet<String>,
    ) -> Option<BTreeSet<String>> {
        let root = &self.opts.content;
        // A folder added, removed or renamed under incidents/ means listing
        // again; other files there (editors' swap and backup files) feed nothing.
        let relist = changes.others.iter().any(|rel| {
            let folder = format!("{rel}/");
            known
                .range(folder.clone()..)
                .next()
                .is_some_and(|k| k.starts_with(&folder))
                || std::fs::symlink_metadata(root.join(rel))
                    .is_ok_and(|m| m.file_type().is_dir() || m.file_type().is_symlink())
        });
        if relist {
            let mut walk = Vec::new();
            let listed = load::files::list(root, "incidents", &["yaml", "yml"], &mut walk);
            // Links and unreadable entries: let the whole load report them.
            return walk.is_empty().then(|| listed.into_iter().collect());
        }
        let mut listed = known.clone();
        for rel in &changes.files {
            match plain_file(root, rel) {
                Some(true) => {
                    listed.insert(rel.clone());
                }
                Some(false) => {
                    listed.remove(rel);
                }
                None => return None,
            }
        }
        Some(listed)
    }

    /// Read the changed record files again and check the whole model:
    /// whether anything is to be rendered, or `None` when a whole build is
    /// needed instead.
    fn reload(
        &mut self,
        changed: &RecordChanges,
        steps: &mut Vec<(&'static str, Duration)>,
    ) -> Option<Result<bool, BuildError>> {
        let mark = Instant::now();
        // Record files known: those loaded and those that failed to load.
        let before: BTreeSet<String> = self
            .kept
            .as_ref()?
            .content
            .incidents
            .iter()
            .map(|i| i.file.clone())
            .chain(self.record_diags.keys().cloned())
            .collect();
        let listed = self.listed(changed, &before)?;
        let root = &self.opts.content;
        let kept = self.kept.as_mut()?;
        let touched: BTreeSet<String> = listed
            .symmetric_difference(&before)
            .cloned()
            .chain(
                changed
                    .files
                    .iter()
                    .filter(|f| listed.contains(*f))
                    .cloned(),
            )
            .collect();
        if touched.is_empty() && self.pending.is_empty() {
            return Some(Ok(false));
        }
        let tz = kept.content.site.timezone;
        let again: Vec<_> = {
            use rayon::prelude::*;
            touched
                .par_iter()
                .filter(|f| listed.contains(*f))
                .map(|f| (f.clone(), load::reload_record(root, f, tz)))
                .collect()
        };
        kept.content
            .incidents
            .retain(|i| !touched.contains(&i.file));
        for f in &touched {
            self.record_diags.remove(f);
        }
        for (file, (incident, diags)) in again {
            kept.content.incidents.extend(incident);
            if !diags.is_empty() {
                self.record_diags.insert(file, diags);
            }
        }
        load::sort_incidents(&mut kept.content.incidents);
        kept.content.sources.retain(|s| !touched.contains(s));
        kept.content
            .sources
            .extend(touched.iter().filter(|f| listed.contains(*f)).cloned());
        kept.content.sources.sort();
        self.pending.extend(touched);
        steps.push(("read", mark.elapsed()));

        // The rules of one record run for the records read again only; the
        // rules across files run over the whole register.
        let mark = Instant::now();
        let kept = self.kept.as_ref()?;
        for f in &self.pending {
            self.record_rules.remove(f);
        }
        let (names, anew) = names_of(&mut self.names, &kept.content);
        // A record's rules look for the people every record names: when the
        // register changed, every record is checked again.
        let fresh = self.check_records(&kept.content, &names, |f| anew || self.pending.contains(f));
        if anew {
            self.record_rules.clear();
        }
        self.record_rules.extend(fresh);
        let mut diags: Diagnostics = self.other_diags.iter().cloned().collect();
        diags.extend(self.record_diags.values().flatten().cloned());
        diags.extend(self.record_rules.values().flatten().cloned());
        let ids = match self.ids.take() {
            Some(mut ids) => {
                ids.update(&kept.content, &self.pending);
                ids
            }
            None => IdIndex::of(&kept.content),
        };
        diags.extend(crate::validate::validate_register_indexed(
            &kept.content,
            root,
            self.opts.today,
            &names.1,
            &ids,
        ));
        self.ids = Some(ids);
        self.names = Some(names);
        let mut diags = crate::validate::level_names(&kept.content, diags).sorted();
        crate::site::build::for_audience(
            &mut diags,
            &kept.content.policy,
            self.opts.audience.as_deref(),
        );
        steps.push(("check", mark.elapsed()));
        if diags.has_errors() {
            return Some(Err(BuildError::Diagnostics(diags)));
        }
        Some(Ok(true))
    }

    /// Render what the pending changes affect into the served directory.
    fn render(
        &mut self,
        started: Instant,
        mut steps: Vec<(&'static str, Duration)>,
        shown: &(dyn Fn(&[String]) + Sync),
    ) -> Result<Rebuilt, BuildError> {
        let mark = Instant::now();
        let Some(mut kept) = self.kept.take() else {
            return self.build_whole();
        };
        let memory = std::mem::take(&mut kept.memory);
        let before: BTreeSet<String> = memory.files().map(str::to_string).collect();
        let sink = LiveSink::new(&self.opts.out);
        let opts = RenderOptions {
            today: self.opts.today,
            audience: self.opts.audience.clone(),
            // Reused from the memory: git is read by whole builds.
            provenance: None,
        };
        let named = self.names.as_ref().map(|n| &n.0);
        let same_names = named.is_some() && named == self.rendered_names.as_ref();
        let records_shown = std::sync::OnceLock::new();
        let records_done = || {
            let _ = records_shown.set(started.elapsed());
            shown(&sink.written());
        };
        let span = crate::site::spans::Span::new("render");
        let result = render_site_again(
            &kept.content,
            &kept.theme,
            &opts,
            &sink,
            Some(Previous {
                memory,
                changed_files: &self.pending,
                records_done: Some(&records_done),
                defer: true,
                same_names,
            }),
        );
        drop(span);
        // On failure `kept` is dropped: the next rebuild is a whole one.
        let (stats, memory) = result.map_err(BuildError::from)?;
        let mut changed = sink.written();
        for gone in before.iter().filter(|p| memory.file(p).is_none()) {
            sink.remove(gone).map_err(BuildError::Io)?;
            changed.push(gone.clone());
        }
        changed.sort();
        let deferred = crate::site::deferred_paths(&memory);
        self.rendered_names = self.names.as_ref().map(|n| n.0);
        kept.memory = memory;
        self.kept = Some(kept);
        self.pending.clear();
        steps.push(("render", mark.elapsed()));
        Ok(Rebuilt::Incremental {
            records: stats.records,
            changed,
            records_shown: records_shown.get().copied().unwrap_or_default(),
            elapsed: started.elapsed(),
            steps,
            deferred,
        })
    }

    /// The pages the last build or rebuild rendered, by site path (those a
    /// rebuild left as written, their inputs unchanged, are not listed).
    pub fn rendered(&self) -> &[String] {
        self.kept.as_ref().map_or(&[], |k| k.memory.rendered())
    }

    /// The site paths the last rebuild left for [`Session::settle`].
    pub fn pending(&self) -> Vec<String> {
        self.kept
            .as_ref()
            .map(|k| crate::site::deferred_paths(&k.memory))
            .unwrap_or_default()
    }

    /// Make what the last rebuild deferred (`register.xlsx`, the manifest,
    /// `SHA256SUMS` and the evidence index), so the served folder is what a
    /// whole build writes. Returns the site paths whose bytes changed or
    /// that are gone; nothing when nothing is pending. It works from what
    /// the last render kept, so it completes that render's site even when
    /// the content has since gained an error.
    pub fn settle(&mut self) -> Result<Vec<String>, BuildError> {
        let Some(kept) = self.kept.as_mut() else {
            return Ok(Vec::new());
        };
        if !kept.memory.is_pending() {
            return Ok(Vec::new());
        }
        let sink = LiveSink::new(&self.opts.out);
        let opts = RenderOptions {
            today: self.opts.today,
            audience: self.opts.audience.clone(),
            provenance: None,
        };
        let result = crate::site::spans::time("settle", || {
            crate::site::finish_deferred(&kept.theme, &opts, &sink, &mut kept.memory)
        });
        match result {
            Ok((mut changed, gone)) => {
                for path in &gone {
                    sink.remove(path).map_err(BuildError::Io)?;
                }
                changed.extend(gone);
                Ok(changed)
            }
            Err(e) => {
                // The next rebuild is a whole one.
                self.kept = None;
                Err(BuildError::from(e))
            }
        }
    }
}

/// The name register of `content`, and whether it was made again: the one
/// `kept` if the records name the same people in the same order, else a
/// new one. Only records change between incremental rebuilds (anything
/// else is a whole build, which makes it again), and of the records the
/// register reads only what [`named_people`] lists, so the kept one is what
/// `NameCheck::of` would make. (Moving a record in the register's order
/// makes it again: the order decides which field a name seen twice keeps.)
fn names_of(
    kept: &mut Option<(Named, NameCheck)>,
    content: &crate::model::Content,
) -> ((Named, NameCheck), bool) {
    let key = named_people(content);
    match kept.take() {
        Some((before, check)) if before == key => ((before, check), false),
        _ => ((key, NameCheck::of(content)), true),
    }
}

/// The SHA-256 of what the records name (see [`named_people`]).
type Named = [u8; 32];

/// The digest of what the name register reads of the records, in
/// register order: each record's reporter (`true`), then who acted in its
/// timeline and who collected its evidence (`false`), as
/// `analysis::names::Register::add_record` reads them. Each name is hashed
/// with its kind and length, so two lists hash the same only if they are
/// the same (no copy of the names is made: this runs on every rebuild).
fn named_people(content: &crate::model::Content) -> Named {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let mut add = |reporter: bool, name: &str| {
        h.update([u8::from(reporter)]);
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
    };
    for inc in &content.incidents {
        if let Some(p) = &inc.reporter {
            add(true, p);
        }
        for t in &inc.timeline {
            if let Some(by) = &t.by {
                add(false, by);
            }
        }
        for e in &inc.evidence {
            if let Some(by) = &e.collected_by {
                add(false, &by.value);
            }
        }
    }
    h.finalize().into()
}

/// Paths under `incidents/` named by the watcher: record files, and
/// anything else (folders, editors' files).
#[derive(Default)]
struct RecordChanges {
    files: BTreeSet<String>,
    others: BTreeSet<String>,
}

/// Whether `rel` is a regular file reached without links (`Some(true)`),
/// gone (`Some(false)`), or something the whole load must judge (`None`).
fn plain_file(root: &Path, rel: &str) -> Option<bool> {
    let mut at = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (k, part) in parts.iter().enumerate() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if k + 1 == parts.len() => return m.file_type().is_file().then_some(true),
            Ok(m) if m.file_type().is_dir() => {}
            Ok(_) => return None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(false),
            Err(_) => return None,
        }
    }
    None
}

/// `path` relative to `root`, `/`-separated, if it lies inside.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            std::path::Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let parts = parts?;
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_made_relative_to_the_content_directory() {
        let root = Path::new("/c");
        assert_eq!(
            relative(root, Path::new("/c/incidents/2026/a.yaml")).as_deref(),
            Some("incidents/2026/a.yaml")
        );
        assert_eq!(relative(root, Path::new("/d/a.yaml")), None);
        assert_eq!(relative(root, Path::new("/c")), None);
    }
}
