//! The build pipeline: load → check (stop on errors, output untouched) →
//! render into a staging directory → swap it into place
//! ([`build_keeping`] is the whole of it, on one screen).

use super::render::render_site_again;
use super::RenderMemory;
use crate::diagnostics::Diagnostics;
use crate::load::{self, LoadError};
use crate::present::{theme::Theme, RenderError, RenderOptions};
use crate::{validate, write};
use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub content: PathBuf,
    pub out: PathBuf,
    /// A directory laid over the built-in theme.
    pub theme: Option<PathBuf>,
    /// The date overdue actions and deadlines are judged against.
    pub today: NaiveDate,
    /// `staff`, `auditor` ...; the policy's default when `None`.
    pub audience: Option<String>,
}

#[derive(Clone, Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub records: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Warnings found while checking (a build with warnings still succeeds).
    pub warnings: Diagnostics,
    /// How long each phase took, in order (shown with `--verbose`).
    pub phases: Vec<(Phase, Duration)>,
}

/// The steps of a build, reported as they start (for progress display).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Load,
    Validate,
    Render,
    Commit,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Load => "loading",
            Phase::Validate => "checking",
            Phase::Render => "rendering",
            Phase::Commit => "writing",
        }
    }
}

#[derive(Debug)]
pub enum BuildError {
    /// The content has errors; nothing was written.
    Diagnostics(Diagnostics),
    Load(LoadError),
    Io(String),
    Theme(String),
    /// Options that do not fit the content (e.g. an audience the policy lacks).
    Usage(String),
    /// The site would show a person's name to an audience that hides people
    /// (`super::guard`); nothing was written.
    /// The message is in the catalogue, rendered in the reader's language.
    Leak(crate::diagnostics::Msg),
}

pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with_progress(opts, &|_| {})
}

/// [`build`], calling `progress` as each phase starts. Nothing is kept for
/// a rebuild, so the register is streamed (`super::stream`): read a second
/// time a chunk at a time, each record's page written and the record
/// reduced to a summary as it is read. The case book is rendered from the
/// whole model, whose audience copy is made by consuming the loaded one.
pub fn build_with_progress(
    opts: &BuildOptions,
    progress: &(dyn Fn(Phase) + Sync),
) -> Result<BuildReport, BuildError> {
    pipeline(opts, progress, |first, theme, render_opts, sink| {
        let stats = if super::stream::streams(&first.content, render_opts) {
            super::stream::render_streamed(first.content, &opts.content, &theme, render_opts, sink)
                .map_err(|e| match e {
                    super::stream::StreamError::Render(e) => BuildError::from(e),
                    super::stream::StreamError::Changed(d) => {
                        let mut all = first.diagnostics;
                        all.extend(d);
                        BuildError::Diagnostics(all.sorted())
                    }
                })?
        } else {
            let loaded = load_whole(opts, first)?;
            super::render::render_site_once(loaded.content, &theme, render_opts, sink)?
        };
        Ok((stats, ()))
    })
    .map(|(report, ())| report)
}

/// What a build leaves for the next one (`serve`'s incremental rebuilds,
/// `crate::serve::incremental`).
pub struct Kept {
    /// The model as loaded (not redacted).
    pub content: crate::model::Content,
    /// Diagnostics found while loading (validation's come on top).
    pub load_diagnostics: Diagnostics,
    pub theme: Theme,
    pub memory: RenderMemory,
}

/// [`build_with_progress`], also returning what a rebuild can reuse
/// (`serve`): the loaded model, the theme and the render's memory.
pub fn build_keeping(
    opts: &BuildOptions,
    progress: &(dyn Fn(Phase) + Sync),
) -> Result<(BuildReport, Kept), BuildError> {
    pipeline(opts, progress, |first, theme, render_opts, sink| {
        let loaded = load_whole(opts, first)?;
        let (stats, memory) = render_site_again(&loaded.content, &theme, render_opts, sink, None)?;
        let kept = Kept {
            content: loaded.content,
            load_diagnostics: loaded.diagnostics,
            theme,
            memory,
        };
        Ok((stats, kept))
    })
}

/// The whole build, in order: load the content (git is read meanwhile),
/// check it and stop before writing anything if it has errors, render the
/// audience's site into a staging directory beside `--out` (evidence,
/// pages, exports, search index, manifest: `render`), then swap it into
/// place. Dropping the staging directory on any error removes it, and the
/// previous site stays as it was.
fn pipeline<T>(
    opts: &BuildOptions,
    progress: &(dyn Fn(Phase) + Sync),
    render: impl FnOnce(
        validate::Checked,
        Theme,
        &RenderOptions,
        &dyn write::Sink,
    ) -> Result<(super::RenderStats, T), BuildError>,
) -> Result<(BuildReport, T), BuildError> {
    let mut clock = Clock::new(progress);
    crate::trace::mark("build: start");
    super::spans::origin();
    clock.start(Phase::Load);
    let provenance = crate::evidence::Provenance::start(&opts.content);
    let first = load_checked(opts, &mut clock)?;
    let warnings = first.diagnostics.clone();
    crate::trace::mark("build: checked");
    clock.start(Phase::Render);
    let theme = Theme::load(opts.theme.as_deref()).map_err(BuildError::Theme)?;
    let staging = write::Staging::begin(&opts.out, &opts.content).map_err(BuildError::Io)?;
    let render_opts = RenderOptions {
        today: opts.today,
        audience: opts.audience.clone(),
        provenance: Some(Arc::new(provenance.wait())),
    };
    // What the manifest must list of each content file (E016 otherwise).
    let read_as = super::hashed::ReadAs::of(&first);
    let (stats, kept) = render(first, theme, &render_opts, &staging)?;
    crate::trace::mark("build: rendered");
    let changed = read_as
        .changed_in_manifest(staging.dir())
        .map_err(BuildError::Io)?;
    if changed.has_errors() {
        let mut all = warnings;
        all.extend(changed);
        return Err(BuildError::Diagnostics(all.sorted()));
    }
    drop(read_as);
    clock.start(Phase::Commit);
    staging.commit().map_err(BuildError::Io)?;
    crate::trace::mark("build: committed");
    let report = BuildReport {
        pages: stats.pages,
        records: stats.records,
        files: stats.files + 1, // and the output marker
        elapsed: clock.started.elapsed(),
        warnings,
        phases: clock.finish(),
    };
    Ok((report, kept))
}

/// Load the content and run every rule over it: `check`'s own reading
/// ([`validate::load_and_check`]: each record checked on the worker that
/// read it, only its register entry kept, then the cross-file rules and the
/// name rule). With any error the build stops there, its memory that of
/// `check`; otherwise the entries and the warnings, for the render, which
/// reads the records again.
fn load_checked(opts: &BuildOptions, clock: &mut Clock) -> Result<validate::Checked, BuildError> {
    let (root, today) = (opts.content.as_path(), opts.today);
    let checked = validate::load_and_check(root, |_| today).map_err(BuildError::Load)?;
    clock.start(Phase::Validate);
    let audience = opts.audience.as_deref();
    let mut diagnostics = checked.diagnostics;
    for_audience(&mut diagnostics, &checked.content.policy, audience);
    if diagnostics.has_errors() {
        return Err(BuildError::Diagnostics(diagnostics));
    }
    Ok(validate::Checked {
        diagnostics,
        content: checked.content,
        documents: checked.documents,
    })
}

/// The content read again whole, for a render from the whole model
/// (`serve`, the case book); `first` is the first reading, whose
/// diagnostics are reported with any error the second reading finds.
fn load_whole(opts: &BuildOptions, first: validate::Checked) -> Result<load::Loaded, BuildError> {
    let diagnostics = first.diagnostics;
    let loaded = load::load(&opts.content).map_err(BuildError::Load)?;
    // The files read the second time (the records, the site settings, the
    // policy and the contacts) are the ones checked, unless one changed in
    // between (E016, with its new load errors).
    let mut changed: Diagnostics = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    changed.extend(super::reread::compare(&first.content, &loaded.content));
    changed.extend(super::reread::compare_documents(
        &first.documents,
        &loaded.documents,
    ));
    drop(first.content);
    if changed.has_errors() {
        let mut all = diagnostics;
        all.extend(changed);
        return Err(BuildError::Diagnostics(all.sorted()));
    }
    Ok(loaded)
}

/// The diagnostics that stop a build for `audience` (the policy's default
/// when `None`): a person's name in text (E121) stops only the builds of
/// audiences that hide people; the auditor's site shows people.
pub fn for_audience(
    diagnostics: &mut Diagnostics,
    policy: &crate::model::Policy,
    audience: Option<&str>,
) {
    let audience = audience.unwrap_or(&policy.default_audience);
    if policy.audience(audience).is_some_and(|a| !a.hides_people()) {
        diagnostics.retain(|d| d.code != crate::diagnostics::codes::PERSON_NAME.id);
    }
}

/// How long each phase takes, and telling `progress` as each starts.
struct Clock<'p> {
    progress: &'p (dyn Fn(Phase) + Sync),
    started: Instant,
    mark: Instant,
    phases: Vec<(Phase, Duration)>,
}

impl<'p> Clock<'p> {
    fn new(progress: &'p (dyn Fn(Phase) + Sync)) -> Clock<'p> {
        Clock {
            progress,
            started: Instant::now(),
            mark: Instant::now(),
            phases: Vec::new(),
        }
    }

    fn start(&mut self, phase: Phase) {
        self.stop();
        self.phases.push((phase, Duration::ZERO));
        (self.progress)(phase);
    }

    fn stop(&mut self) {
        if let Some(last) = self.phases.last_mut() {
            last.1 = self.mark.elapsed();
        }
        self.mark = Instant::now();
    }

    fn finish(mut self) -> Vec<(Phase, Duration)> {
        self.stop();
        self.phases
    }
}

impl From<RenderError> for BuildError {
    fn from(e: RenderError) -> BuildError {
        match e {
            RenderError::Template(m) => BuildError::Theme(m),
            RenderError::Options(m) => BuildError::Usage(m),
            RenderError::Io(m) => BuildError::Io(m),
            RenderError::Leak(m) => BuildError::Leak(m),
        }
    }
}

impl BuildReport {
    /// The line printed at the end of a build, in `lang`.
    pub fn summary(&self, lang: crate::diagnostics::Lang) -> String {
        crate::diagnostics::catalogue::fmt(
            lang,
            "cli.built",
            &[
                ("pages", &self.pages.to_string()),
                ("records", &self.records.to_string()),
                ("files", &self.files.to_string()),
                ("secs", &format!("{:.2}", self.elapsed.as_secs_f64())),
            ],
        )
    }
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Diagnostics(d) => write!(
                f,
                "the content has {} error(s); nothing was written",
                d.errors()
            ),
            BuildError::Load(e) => write!(f, "{e}"),
            BuildError::Io(m) => write!(f, "{m}"),
            BuildError::Theme(m) => write!(f, "theme: {m}"),
            BuildError::Usage(m) => write!(f, "{m}"),
            BuildError::Leak(m) => f.write_str(&m.render(crate::diagnostics::Lang::En)),
        }
    }
}

impl std::error::Error for BuildError {}
