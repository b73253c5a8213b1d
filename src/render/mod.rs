//! Render: model → pages. Every page of the site is listed in [`Job`]; the
//! jobs run in parallel (rayon), each page is handed to a [`Sink`] as soon as
//! it is rendered (so memory holds text for the search index, not whole
//! pages), and the search index is built from the pages' visible text.
//!
//! Page URLs (documented in `docs/site.md`):
//!
//! | path | page |
//! |---|---|
//! | `index.html` | 見つけたら、まず: first actions, first-report contacts, entry points |
//! | `flow.html` | reporting flowchart (inline SVG) and its text version |
//! | `levels.html` | levels 0–3, responsible contacts, external notifications |
//! | `contacts.html` | internal contacts by role, external contacts |
//! | `handbook/<slug>.html` | handbook pages |
//! | `templates.html`, `templates/<slug>.html` | report templates, record skeleton |
//! | `register.html` | every incident, filterable and sortable |
//! | `incidents/<id>.html` | one incident record |
//! | `dashboard.html` | counts, mean times, overdue actions |
//! | `drills.html`, `drills/<id>.html` | drills (exercises) |
//! | `search.html` | search (`?q=`) |
//! | `controls.html` | audit view: figures and evidence per control (`render::pages::controls`) |
//! | `actions.html`, `compliance.html`, `metrics.html` | corrective actions, notification compliance, management review |
//! | `reports/<id>.html` | print-ready incident report; evidence copies in `incidents/<id>/evidence/` |
//! | `evidence/index.html`, `evidence/manifest.json` | build manifest (`crate::evidence`) |
//! | `register.csv`, `drills.csv`, `register.json` | exports (`crate::export`) |

pub mod context;
pub mod i18n;
pub mod memory;
pub mod pages;
pub mod theme;
pub mod view;

use crate::markup::{escape_html, markdown, text};
use crate::model::{Content, Drill, Incident, Page as SourcePage};
use crate::paths::root_for;
use crate::search::{Facets, SearchDoc};
use crate::write::Sink;
use chrono::{FixedOffset, NaiveDate};
use context::day_view;
use i18n::I18n;
pub use memory::RenderMemory;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};
use theme::Theme;
use view::{Presence, View};

#[derive(Clone, Debug)]
pub struct RenderOptions {
    pub today: NaiveDate,
    /// Audience id (`staff`, `auditor`); the policy's default when `None`.
    pub audience: Option<String>,
    /// Content directory and git state, for evidence copies, record
    /// histories and the manifest (`crate::evidence`); `None` renders
    /// without them.
    pub provenance: Option<std::sync::Arc<crate::evidence::Provenance>>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// HTML pages written.
    pub pages: usize,
    /// Incident records published (full or stub).
    pub records: usize,
    /// Every file written (pages, assets, search index, downloads).
    pub files: usize,
}

#[derive(Clone, Debug)]
pub enum RenderError {
    /// A theme template failed to compile or render.
    Template(String),
    /// The options do not fit the content (e.g. an unknown audience).
    Options(String),
    /// The sink could not store a file.
    Io(String),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Template(m) => write!(f, "theme template error: {m}"),
            RenderError::Options(m) => f.write_str(m),
            RenderError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for RenderError {}

/// Sections of the main navigation; `aria-current` marks the page's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    Home,
    Flow,
    Levels,
    Contacts,
    Handbook,
    Templates,
    Register,
    Dashboard,
    /// The audit view and the pages it leads to.
    Audit,
    /// Pages reached from other pages only (search, drills).
    None,
}

#[derive(Serialize)]
struct NavItem<'a> {
    key: &'static str,
    label: &'a str,
    href: String,
    current: bool,
}

/// A rendered page and what the search index should know about it.
pub struct Rendered {
    pub path: String,
    pub html: String,
    pub search: Option<SearchMeta>,
}

/// Search index entry for a page; its body is taken from the page itself.
pub struct SearchMeta {
    pub kind: &'static str,
    pub title: String,
    pub facets: Facets,
}

/// Everything pages are rendered from, prepared once per build.
pub struct Env<'a> {
    pub content: &'a Content,
    pub t: I18n,
    pub view: View,
    pub today: NaiveDate,
    pub tz: FixedOffset,
    tera: &'a Tera,
    t_tree: serde_json::Value,
    /// Per template: only the locale sections it (and what it extends,
    /// imports or includes) mentions; see [`Env::lean_context`].
    t_lean: std::collections::HashMap<String, serde_json::Value>,
    /// Lean renders that had to fall back to every string (should be 0).
    lean_misses: std::sync::atomic::AtomicUsize,
    site: serde_json::Value,
    nav: Vec<(Nav, &'static str, String)>,
    /// Records published in this build, in detection order.
    pub incidents: Vec<(&'a Incident, Presence)>,
    /// Handbook pages in navigation order.
    pub handbook: Vec<&'a SourcePage>,
    /// Templates in title order.
    pub templates: Vec<&'a SourcePage>,
    pub drills: Vec<&'a Drill>,
    /// Evidence copies and git history (`crate::evidence::prepare`).
    pub audit: crate::evidence::Audit,
}

/// One unit of parallel work.
#[derive(Clone, Copy, Debug)]
enum Job {
    Home,
    Flow,
    Levels,
    Contacts,
    Handbook(usize),
    TemplatesIndex,
    Template(usize),
    Register,
    Incident(usize),
    Dashboard,
    Drills,
    Drill(usize),
    Search,
    Actions,
    Compliance,
    Metrics,
    Controls,
    Report(usize),
    /// `register.csv`, `drills.csv`, `register.json` (`crate::export::EXPORTS`).
    Export(usize),
}

pub use crate::VERSION;

/// A Tera error with its causes (Tera puts the useful part in the source).
fn tera_error(e: tera::Error) -> RenderError {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    RenderError::Template(msg)
}

/// Compile the theme's templates once, with autoescaping for every `.html`.
pub fn compile_templates(theme: &Theme) -> Result<Tera, RenderError> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.set_escape_fn(escape_html);
    tera.add_raw_templates(theme.templates().collect::<Vec<_>>())
        .map_err(tera_error)?;
    Ok(tera)
}

impl<'a> Env<'a> {
    pub fn new(
        content: &'a Content,
        theme: &'a Theme,
        opts: &RenderOptions,
    ) -> Result<Env<'a>, RenderError> {
        let t = theme
            .locale(content.site.language)
            .map_err(RenderError::Template)?;
        let view =
            View::new(&content.policy, opts.audience.as_deref()).map_err(RenderError::Options)?;
        let tera = theme.compiled()?;
        let incidents: Vec<_> = content
            .incidents
            .iter()
            .map(|i| (i, view.presence(i)))
            .filter(|(_, p)| *p != Presence::Omitted)
            .collect();
        let mut handbook: Vec<&SourcePage> = content.handbook.iter().collect();
        handbook.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.file.cmp(&b.file)));
        let mut templates: Vec<&SourcePage> = content.templates.iter().collect();
        templates.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.file.cmp(&b.file)));
        let drills: Vec<&Drill> = content.drills.iter().collect();
        let handbook_href = handbook
            .first()
            .map(|p| crate::paths::handbook_page(&p.slug));
        let mut nav = vec![
            (Nav::Home, "home", "index.html".to_string()),
            (Nav::Flow, "flow", "flow.html".to_string()),
            (Nav::Levels, "levels", "levels.html".to_string()),
            (Nav::Contacts, "contacts", "contacts.html".to_string()),
        ];
        if let Some(h) = handbook_href {
            nav.push((Nav::Handbook, "handbook", h));
        }
        nav.extend([
            (Nav::Templates, "templates", "templates.html".to_string()),
            (Nav::Register, "register", "register.html".to_string()),
            (Nav::Dashboard, "dashboard", "dashboard.html".to_string()),
            (Nav::Audit, "audit", "controls.html".to_string()),
        ]);
        let site = serde_json::json!({
            "title": content.site.title,
            "organization": content.site.organization,
        });
        let t_lean = lean_locales(theme, &t);
        Ok(Env {
            content,
            t_tree: t.tree().clone(),
            t_lean,
            lean_misses: Default::default(),
            t,
            view,
            today: opts.today,
            tz: content.site.timezone,
            tera,
            site,
            nav,
            incidents,
            handbook,
            templates,
            drills,
            audit: Default::default(),
        })
    }

    /// The context every page starts from: language, relative root, site
    /// title, navigation, strings.
    pub fn context(&self, path: &str, current: Nav, title: &str) -> Context {
        let mut c = self.context_without_strings(path, current, title);
        c.insert("t", &self.t_tree);
        c
    }

    fn context_without_strings(&self, path: &str, current: Nav, title: &str) -> Context {
        let root = root_for(path);
        let mut c = Context::new();
        c.insert("lang", self.content.site.language.code());
        c.insert("root", &root);
        c.insert("site", &self.site);
        let nav: Vec<NavItem> = self
            .nav
            .iter()
            .map(|(n, key, href)| NavItem {
                key,
                label: self.t.get(nav_label(key)),
                href: crate::paths::site_href(path, href),
                current: *n == current,
            })
            .collect();
        c.insert("nav", &nav);
        c.insert("page_title", title);
        c.insert("page_path", path);
        c.insert("today", &day_view(self.today));
        c.insert("version", VERSION);
        c.insert(
            "audience",
            self.t
                .lookup(&format!("audience.{}", self.view.audience))
                .unwrap_or(&self.view.audience),
        );
        c
    }

    /// Like [`Env::context`], for pages rendered once per record: `t` holds
    /// only the locale sections `template` uses, so building the context of
    /// each of 10,000 pages does not copy every string of the site. Render it
    /// with [`Env::render_lean`], which falls back to every string if the
    /// template reaches one the scan did not see.
    pub fn lean_context(&self, path: &str, current: Nav, title: &str, template: &str) -> Context {
        let mut c = self.context_without_strings(path, current, title);
        c.insert("t", self.t_lean.get(template).unwrap_or(&self.t_tree));
        c
    }

    pub fn render_lean(&self, template: &str, ctx: &mut Context) -> Result<String, RenderError> {
        match self.tera.render(template, ctx) {
            Ok(html) => Ok(html),
            Err(_) => {
                self.lean_misses
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                ctx.insert("t", &self.t_tree);
                self.render(template, ctx)
            }
        }
    }

    pub fn render(&self, template: &str, ctx: &Context) -> Result<String, RenderError> {
        self.tera.render(template, ctx).map_err(tera_error)
    }

    pub fn role_name<'b>(&'b self, id: &'b str) -> &'b str {
        self.content.policy.role_name(id)
    }

    pub fn category_name<'b>(&'b self, id: &'b str) -> &'b str {
        self.content
            .policy
            .category(id)
            .map(|c| c.name.as_str())
            .unwrap_or(id)
    }

    pub fn level_name(&self, level: i64) -> Option<&str> {
        self.content.policy.level(level).map(|l| l.name.as_str())
    }

    /// Records shown in full to this build's audience.
    pub fn full_records(&self) -> Vec<&'a Incident> {
        self.incidents
            .iter()
            .filter(|(_, p)| *p == Presence::Full)
            .map(|(i, _)| *i)
            .collect()
    }

    pub fn markdown(&self, md: &str, slugs: &mut markdown::Slugger) -> String {
        markdown::render(md, slugs).html
    }

    fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![
            Job::Home,
            Job::Flow,
            Job::Levels,
            Job::Contacts,
            Job::TemplatesIndex,
            Job::Register,
            Job::Dashboard,
            Job::Drills,
            Job::Search,
        ];
        jobs.extend((0..self.handbook.len()).map(Job::Handbook));
        jobs.extend((0..self.templates.len()).map(Job::Template));
        jobs.extend((0..self.drills.len()).map(Job::Drill));
        jobs.extend((0..self.incidents.len()).map(Job::Incident));
        jobs.extend([Job::Actions, Job::Compliance, Job::Metrics, Job::Controls]);
        jobs.extend((0..crate::export::EXPORTS.len()).map(Job::Export));
        jobs.extend(
            (0..self.incidents.len())
                .filter(|&i| pages::report::has_report(self, i))
                .map(Job::Report),
        );
        jobs
    }

    /// Path of a per-record page job, without rendering it.
    fn record_page_path(&self, job: Job) -> Option<String> {
        match job {
            Job::Incident(i) => Some(crate::paths::record_page(
                &self.incidents.get(i)?.0.id.value,
            )),
            Job::Report(i) => Some(crate::paths::report_page(
                &self.incidents.get(i)?.0.id.value,
            )),
            _ => None,
        }
    }

    fn run(&self, job: Job) -> Result<Rendered, RenderError> {
        match job {
            Job::Home => pages::home::render(self),
            Job::Flow => pages::flow::render(self),
            Job::Levels => pages::levels::render(self),
            Job::Contacts => pages::contacts::render(self),
            Job::Handbook(i) => pages::handbook::render(self, i),
            Job::TemplatesIndex => pages::templates::render_index(self),
            Job::Template(i) => pages::templates::render(self, i),
            Job::Register => pages::register::render(self),
            Job::Incident(i) => pages::incident::render(self, i),
            Job::Dashboard => pages::dashboard::render(self),
            Job::Drills => pages::drills::render_index(self),
            Job::Drill(i) => pages::drills::render(self, i),
            Job::Search => pages::search::render(self),
            Job::Actions => pages::actions::render(self),
            Job::Compliance => pages::compliance::render(self),
            Job::Metrics => pages::metrics::render(self),
            Job::Controls => pages::controls::render(self),
            Job::Export(n) => crate::export::render(self, n),
            Job::Report(i) => pages::report::render(self, i),
        }
    }
}

/// For every template, the locale restricted to the top-level sections that
/// it and the templates it extends, imports or includes mention as
/// `t.<section>`. A template that indexes `t[...]` or hands `t` to a macro
/// under another name gets every section.
fn lean_locales(theme: &Theme, t: &I18n) -> std::collections::HashMap<String, serde_json::Value> {
    use std::collections::{BTreeSet, HashMap};
    let sources: HashMap<&str, &str> = theme.templates().collect();
    let mut out = HashMap::new();
    for name in sources.keys() {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut todo = vec![*name];
        let mut sections: BTreeSet<String> = BTreeSet::new();
        let mut everything = false;
        while let Some(n) = todo.pop() {
            if !seen.insert(n) {
                continue;
            }
            let Some(src) = sources.get(n) else { continue };
            everything |= mentions_whole_locale(src);
            sections.extend(locale_sections(src));
            for dep in template_dependencies(src) {
                if let Some((k, _)) = sources.get_key_value(dep.as_str()) {
                    todo.push(k);
                }
            }
        }
        if everything {
            continue;
        }
        let tree = t.tree();
        let lean: serde_json::Map<String, serde_json::Value> = sections
            .into_iter()
            .filter_map(|s| tree.get(&s).map(|v| (s, v.clone())))
            .collect();
        out.insert(name.to_string(), serde_json::Value::Object(lean));
    }
    out
}

/// `x` in every `t.x` of a template (not `at.x`, `it.x`).
fn locale_sections(src: &str) -> Vec<String> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    for (i, _) in src.match_indices("t.") {
        if i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.') {
            continue;
        }
        let name: String = src[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            out.push(name);
        }
    }
    out
}

/// Whether a template uses the locale in a way a scan cannot follow.
fn mentions_whole_locale(src: &str) -> bool {
    let b = src.as_bytes();
    src.match_indices("t[").any(|(i, _)| {
        i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.')
    }) || src.match_indices("=t").any(|(i, _)| {
        let after = b.get(i + 2).copied().unwrap_or(b' ');
        let renamed =
            !src[..i].ends_with("(t") && !src[..i].ends_with(" t") && !src[..i].ends_with(",t");
        !(after.is_ascii_alphanumeric() || after == b'_' || after == b'.') && renamed
    })
}

/// Templates named by `extends`, `import` and `include` tags.
fn template_dependencies(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["extends", "import", "include"] {
        for (i, _) in src.match_indices(tag) {
            let rest = src[i + tag.len()..].trim_start();
            if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
                if let Some(end) = rest[1..].find(q) {
                    out.push(rest[1..1 + end].to_string());
                }
            }
        }
    }
    out
}

/// Locale key of a navigation label.
fn nav_label(key: &str) -> &'static str {
    match key {
        "home" => "nav.home",
        "flow" => "nav.flow",
        "levels" => "nav.levels",
        "contacts" => "nav.contacts",
        "handbook" => "nav.handbook",
        "templates" => "nav.templates",
        "register" => "nav.register",
        "dashboard" => "nav.dashboard",
        "audit" => "nav.audit",
        _ => "nav.home",
    }
}

/// Render the whole site into `sink`: every page, the theme's static files,
/// the record skeleton and the search index.
pub fn render_site(
    content: &Content,
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
) -> Result<RenderStats, RenderError> {
    render_site_again(content, theme, opts, sink, None).map(|(stats, _)| stats)
}

/// A previous render and the content files (relative paths) changed,
/// added or removed since: what [`render_site_again`] needs to render only
/// what can differ.
pub struct Previous<'a> {
    pub memory: RenderMemory,
    pub changed_files: &'a std::collections::BTreeSet<String>,
    /// Called once the pages of the changed records are written, before the
    /// pages built from the whole register.
    pub records_done: Option<&'a (dyn Fn() + Sync)>,
}

/// [`render_site`], also returning what the next render can reuse. Given the
/// [`Previous`] render (into the same destination), the pages of unchanged
/// records whose neighbours are unchanged are not rendered again, their
/// search documents and hashes come from memory, the evidence of the
/// changed records only is copied again, and files whose bytes did not
/// change are not written. Changes to anything but record files need a
/// render without `previous`.
pub fn render_site_again(
    content: &Content,
    theme: &Theme,
    opts: &RenderOptions,
    sink: &dyn Sink,
    mut previous: Option<Previous>,
) -> Result<(RenderStats, RenderMemory), RenderError> {
    // Pages are rendered from a copy of the model with everything this
    // audience may not see removed, so no page, index or file name can leak it.
    let view =
        View::new(&content.policy, opts.audience.as_deref()).map_err(RenderError::Options)?;
    let Some(audience) = content.policy.audience(&view.audience) else {
        // Fail closed: never render the unredacted model for want of a rule.
        return Err(RenderError::Options(format!(
            "audience `{}` has no rule in the policy",
            view.audience
        )));
    };
    let redacted = match previous
        .as_mut()
        .and_then(|p| Some((p.memory.redacted.take()?, p)))
    {
        Some((before, p)) => {
            crate::redact::redact_again(content, audience, before, p.changed_files)
        }
        None => crate::redact::redact(content, audience),
    };
    let mut env = Env::new(&redacted, theme, opts)?;
    let all_jobs = env.jobs();
    // Every file goes through the recorder, which hashes it for the manifest;
    // evidence files are copied first because record pages show them.
    // A rebuild writes into the previous site: files whose bytes are
    // unchanged are recorded but not written again.
    let held = previous
        .as_mut()
        .map(|p| std::mem::take(&mut p.memory.files))
        .unwrap_or_default();
    let recorder = crate::write::Recorder::over(sink, held);
    let (dirty, mut carried, records_done) = match previous {
        None => {
            env.audit = crate::evidence::prepare(
                &env.full_records(),
                env.view.shows("evidence"),
                &env.content.sources,
                opts.provenance.clone(),
                &recorder,
            )
            .map_err(RenderError::Io)?;
            (None, None, None)
        }
        Some(Previous {
            memory,
            changed_files,
            records_done,
        }) => {
            let (dirty, carried) =
                memory::Carried::begin(&mut env, memory, changed_files, &recorder)?;
            (Some(dirty), Some(carried), records_done)
        }
    };
    let put = |path: &str, bytes: &[u8]| recorder.put(path, bytes).map_err(RenderError::Io);
    let skipped = |job: &Job| match (*job, &dirty) {
        (Job::Incident(i) | Job::Report(i), Some(dirty)) => !dirty[i],
        _ => false,
    };

    // Pages in parallel; each is written at once and only its text is kept.
    let render_job = |env: &Env, job: &Job| -> Result<Option<SearchDoc>, RenderError> {
        let page = env.run(*job)?;
        put(&page.path, page.html.as_bytes())?;
        Ok(page.search.map(|m| SearchDoc {
            body: text::main_text(&page.html),
            url: page.path,
            kind: m.kind.to_string(),
            title: m.title,
            facets: m.facets,
        }))
    };
    // A rebuild renders the changed records' own pages first and says so,
    // so that `serve` can show them before the register-wide pages are done.
    let (first, rest): (Vec<usize>, Vec<usize>) = (0..all_jobs.len())
        .filter(|&k| !skipped(&all_jobs[k]))
        .partition(|&k| {
            dirty.is_some() && matches!(all_jobs[k], Job::Incident(_) | Job::Report(_))
        });
    let mut docs: Vec<Option<SearchDoc>> = vec![None; all_jobs.len()];
    for (pass, batch) in [first, rest].into_iter().enumerate() {
        let rendered: Vec<(usize, Option<SearchDoc>)> = batch
            .par_iter()
            .map(|&k| Ok((k, render_job(&env, &all_jobs[k])?)))
            .collect::<Result<_, RenderError>>()?;
        for (k, doc) in rendered {
            docs[k] = doc;
        }
        if pass == 0 {
            if let Some(done) = records_done {
                done();
            }
            // The rest of what the previous render left, before the pages
            // that list sources and files.
            if let Some(c) = carried.as_mut() {
                c.finish(
                    &mut env,
                    dirty.as_deref().unwrap_or(&[]),
                    &recorder,
                    &redacted.sources,
                )?;
            }
        }
    }
    // In job order, remembered documents where the page was not rendered.
    let docs: Vec<SearchDoc> = all_jobs
        .iter()
        .zip(docs)
        .filter_map(|(job, doc)| match doc {
            Some(d) => Some(d),
            None if skipped(job) => {
                let path = env.record_page_path(*job)?;
                carried.as_mut()?.take_doc(&path)
            }
            None => None,
        })
        .collect();

    // The index is built while the static files and downloads are written.
    let (index, assets) = rayon::join(
        || crate::search::build_index(&docs),
        || -> Result<usize, RenderError> {
            let mut n = 0;
            for (path, bytes) in theme.statics() {
                put(path, bytes)?;
                n += 1;
            }
            put(
                pages::templates::SKELETON_PATH,
                pages::templates::skeleton(&env).as_bytes(),
            )?;
            Ok(n + 1)
        },
    );
    assets?;
    index
        .par_iter()
        .try_for_each(|(path, bytes)| put(path, bytes))?;
    // Exports, evidence/index.html and, last, the manifest of all the rest.
    let manifest = crate::evidence::manifest(&env.view.audience, env.today, &env.audit, &recorder);
    let index = pages::evidence::render_index(&env, &manifest)?;
    put(&index.path, index.html.as_bytes())?;
    crate::evidence::write_manifest(manifest, &recorder).map_err(RenderError::Io)?;
    let stats = RenderStats {
        // Every job is a page but the exports; plus evidence/index.html.
        pages: all_jobs.len() - crate::export::EXPORTS.len() + 1,
        records: env.incidents.len(),
        files: recorder.len() + 1,
    };
    let pages = (0..env.incidents.len())
        .map(|k| {
            (
                env.incidents[k].0.id.value.clone(),
                memory::page_inputs(&env, k),
            )
        })
        .collect();
    let audit = std::mem::take(&mut env.audit);
    drop(env);
    let memory = RenderMemory {
        redacted: Some(redacted),
        docs,
        files: recorder
            .snapshot()
            .into_iter()
            .map(|f| (f.path, (f.size, f.sha256)))
            .collect(),
        audit,
        pages,
    };
    Ok((stats, memory))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_scan_finds_sections_and_dependencies() {
        let src = "{% extends \"base.html\" %}{% import 'macros.html' as m %}{{ t.nav.home }} {{ at.x }} {{ m::f(c=c, t=t) }}{% include \"x.html\" %}";
        assert_eq!(locale_sections(src), vec!["nav".to_string()]);
        assert_eq!(
            template_dependencies(src),
            vec!["base.html", "macros.html", "x.html"]
        );
        assert!(!mentions_whole_locale(src));
        assert!(mentions_whole_locale("{{ t[key] }}"));
        assert!(mentions_whole_locale("{{ m::f(tr=t) }}"));
        assert!(!mentions_whole_locale(
            "{{ x | replace(from=\"a\", to=total) }} {{ f(caption=t.a.b) }}"
        ));
    }

    /// A record page rendered with the lean locale is the page rendered with
    /// every string.
    #[test]
    fn lean_context_renders_the_same_page() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let loaded = crate::load::load(&root).unwrap();
        let theme = Theme::builtin();
        let opts = RenderOptions {
            today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            audience: Some("auditor".into()),
            provenance: None,
        };
        let lean = Env::new(&loaded.content, &theme, &opts).unwrap();
        let mut full = Env::new(&loaded.content, &theme, &opts).unwrap();
        full.t_lean.clear();
        let sections = |v: &serde_json::Value| v.as_object().map(|m| m.len()).unwrap_or(0);
        let (n_lean, n_full) = (
            sections(&lean.t_lean["incident.html"]),
            sections(&lean.t_tree),
        );
        assert!(
            n_lean > 5 && n_lean < n_full,
            "{n_lean} of {n_full} sections"
        );
        for i in 0..lean.incidents.len() {
            let a = pages::incident::render(&lean, i).unwrap().html;
            let b = pages::incident::render(&full, i).unwrap().html;
            assert!(a == b, "record {i} differs");
        }
        assert_eq!(
            lean.lean_misses.load(std::sync::atomic::Ordering::Relaxed),
            0,
            "every lean render found its strings"
        );
    }
}
