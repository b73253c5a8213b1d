//! The environment every page and export is rendered in: the audience's
//! redacted model, the theme's compiled templates, the strings of the site's
//! language, the navigation, and what each audience is shown ([`view`]).
//! Built once per build by [`Env::new`]; pages (`crate::render`), exports
//! (`crate::export`) and the evidence index read it and write nothing.
//!
//! | file | owns |
//! |---|---|
//! | `mod.rs` | [`Env`], what a rendered page is ([`Rendered`]), errors, the templates |
//! | `context.rs` | small views shared by templates (dates, durations, contacts) |
//! | `i18n.rs` | the locale files (`ja`, `en`) |
//! | `theme.rs` | the built-in theme and a theme laid over it |
//! | `view.rs` | presentation per audience: full record, stub, omitted |
//! | `locales.rs` | which locale sections a template uses (lean contexts) |
//! | `audit.rs` | how non-conformities, rules not applicable and reviews are shown |

pub mod audit;
pub mod calendar;
pub mod cases;
pub mod context;
pub mod document;
pub mod drafts;
pub mod fragments;
pub mod i18n;
mod locales;
pub mod memo;
pub mod theme;
pub mod view;
mod watchdog;

use crate::markup::{escape_html, markdown};
use crate::model::summary::Summary;
use crate::model::{Content, Drill, Incident, Page as SourcePage};
use crate::paths::root_for;
use crate::search::Facets;
use chrono::{FixedOffset, NaiveDate};
use context::day_view;
use i18n::I18n;
use locales::lean_locales;
use serde::Serialize;
use std::sync::Arc;
use tera::{Context, Tera};
use theme::Theme;
use view::{Presence, View};

pub use crate::VERSION;

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

#[derive(Clone, Debug)]
pub enum RenderError {
    /// A theme template failed to compile or render.
    Template(String),
    /// The options do not fit the content (e.g. an unknown audience).
    Options(String),
    /// The sink could not store a file.
    Io(String),
    /// The output would publish a person's name or a masked term to an
    /// audience that hides people (`crate::site::guard`): nothing is published.
    /// The message is in the catalogue, rendered in the reader's language.
    Leak(crate::diagnostics::Msg),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::Template(m) => write!(f, "theme template error: {m}"),
            RenderError::Options(m) => f.write_str(m),
            RenderError::Leak(m) => f.write_str(&m.render(crate::diagnostics::Lang::En)),
            RenderError::Io(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for RenderError {}

/// Sections of the main navigation; `aria-current` marks the page's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    /// The report assistant (`report.html`), first in the header.
    Report,
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
    /// The case book: its index and its printable booklet.
    Cases,
    Booklet,
    /// Pages reached from other pages only (search, drills).
    None,
}

/// An entry of the main navigation as a page shows it.
#[derive(Serialize)]
pub struct NavItem<'a> {
    pub key: &'static str,
    pub label: &'a str,
    pub href: String,
    pub current: bool,
}

/// What `base.html` shows around a page's own content, for a page written
/// by code instead of a template ([`Env::frame`]); the same values
/// [`Env::context`] gives a template.
pub struct Frame<'a> {
    pub lang: &'static str,
    /// `../` for a page one folder down.
    pub root: String,
    pub site_title: &'a str,
    pub organization: &'a str,
    pub nav: Vec<NavItem<'a>>,
    pub page_title: &'a str,
    pub case_book: bool,
    pub today: context::DateView,
    pub audience: &'a str,
}

/// A rendered page and what the search index should know about it.
pub struct Rendered {
    pub path: String,
    pub html: String,
    pub search: Option<SearchMeta>,
}

/// What a page once told the search index about itself. No longer read: the
/// index is built from `crate::render::pages::PageKind::document`, made from
/// the model. Kept only while the record page still fills it; remove it
/// with that.
pub struct SearchMeta {
    pub kind: &'static str,
    pub title: String,
    pub facets: Facets,
}

/// Everything pages are rendered from, prepared once per build.
pub struct Env<'a> {
    pub content: &'a Content,
    pub t: Arc<I18n>,
    pub view: View,
    pub today: NaiveDate,
    pub tz: FixedOffset,
    tera: &'a Tera,
    t_tree: Arc<serde_json::Value>,
    /// Per template: only the locale sections it (and what it extends,
    /// imports or includes) mentions; see [`Env::lean_context`].
    t_lean: Arc<std::collections::HashMap<String, serde_json::Value>>,
    /// Lean renders that had to fall back to every string (should be 0).
    lean_misses: std::sync::atomic::AtomicUsize,
    /// Whether the record page may be written by compiled code: the theme
    /// leaves its template (and those it uses) as built in
    /// ([`theme::Theme::overrides_record_page`]); otherwise Tera renders it.
    pub compiled_record_page: bool,
    /// Whether the register's pages may be their frame with each row's
    /// HTML spliced in ([`Env::fragments`]): the theme leaves the page's
    /// template and its row's as built in
    /// ([`theme::Theme::splices_register_rows`]); otherwise Tera walks
    /// the rows.
    pub splice_register_rows: bool,
    /// Whether the register's rows may be written by compiled code
    /// (`render::pages::register_rows`): the theme leaves the row's
    /// template, the page's and `macros.html` as built in
    /// ([`theme::Theme::compiles_register_rows`]).
    pub compiled_register_rows: bool,
    /// Rows kept between `serve`'s renders by their record's stamp (none
    /// in a build that keeps nothing).
    pub fragments: Option<fragments::Fragments>,
    site: serde_json::Value,
    nav: Vec<(Nav, &'static str, String)>,
    /// The summaries of the records published in this build, in
    /// detection order: what every page and export that reads the whole
    /// register reads.
    pub incidents: Vec<(&'a Summary, Presence)>,
    /// The same records whole, for what is made of one record (its page,
    /// search document and export rows, the case book): every record of
    /// [`Env::incidents`] in its place, or none (the streamed build's
    /// register-wide pages, made after the records).
    pub records: Vec<(&'a Incident, Presence)>,
    /// Handbook pages in navigation order.
    pub handbook: Vec<&'a SourcePage>,
    /// Templates in title order.
    pub templates: Vec<&'a SourcePage>,
    pub drills: Vec<&'a Drill>,
    /// Evidence copies and git history (`crate::evidence::prepare`).
    pub audit: crate::evidence::Audit,
    /// Notification draft templates of the site's language, by name
    /// ([`drafts`]).
    pub drafts: Arc<std::collections::BTreeMap<String, String>>,
    /// The case book only: indices into [`Env::incidents`] of the cases, in
    /// case-number order ([`cases::order`]).
    pub cases: Vec<usize>,
    /// The case book only: record ids to case numbers, made once for all
    /// its pages (`crate::render::pages::cases`).
    pub case_ids: std::sync::OnceLock<cases::IdReplacer>,
    /// What several pages need, worked out once ([`memo::Memo`]).
    pub memo: memo::Memo,
}

/// What every environment of a site reads from its theme: the strings of
/// the site's language (whole, and per template only the sections it
/// uses) and the notification drafts. Read once; each [`Env`] shares them
/// (`serve` keeps them between rebuilds: a clone shares them too).
#[derive(Clone)]
pub struct Strings {
    t: Arc<I18n>,
    t_tree: Arc<serde_json::Value>,
    t_lean: Arc<std::collections::HashMap<String, serde_json::Value>>,
    drafts: Arc<std::collections::BTreeMap<String, String>>,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings")
            .field("drafts", &self.drafts.len())
            .finish_non_exhaustive()
    }
}

impl Strings {
    pub fn new(content: &Content, theme: &Theme) -> Result<Strings, RenderError> {
        let t = theme
            .locale(content.site.language)
            .map_err(RenderError::Template)?;
        let t_lean = lean_locales(theme, &t);
        // Pages never show diagnostic texts: leave that section out of
        // what every page context copies.
        let mut t_tree = t.tree().clone();
        if let Some(m) = t_tree.as_object_mut() {
            m.remove(crate::diagnostics::catalogue::SECTION);
        }
        Ok(Strings {
            t: Arc::new(t),
            t_tree: Arc::new(t_tree),
            t_lean: Arc::new(t_lean),
            drafts: Arc::new(theme.drafts(content.site.language)),
        })
    }
}

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
    // A theme sits in the repository beside the content and is changed by
    // pull requests like it: its templates may not read the environment of
    // the build (in CI: tokens, secrets) into pages everyone can read.
    tera.register_function(
        "get_env",
        |_: &std::collections::HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
            Err("get_env is not available to ismsbook themes: a page could publish the build's environment (in CI, its secrets)".into())
        },
    );
    tera.add_raw_templates(theme.templates().collect::<Vec<_>>())
        .map_err(tera_error)?;
    Ok(tera)
}

impl<'a> Env<'a> {
    /// The environment over `content`, whose records' summaries are
    /// `summaries` (`model::summary::all(&content.incidents)`).
    pub fn new(
        content: &'a Content,
        summaries: &'a [Summary],
        theme: &'a Theme,
        opts: &RenderOptions,
    ) -> Result<Env<'a>, RenderError> {
        let strings = Strings::new(content, theme)?;
        Env::with_strings(content, summaries, theme, opts, &strings)
    }

    /// [`Env::new`] with the theme's strings and drafts already read
    /// ([`Strings`], shared, not copied): the streamed build makes an
    /// environment per chunk of records, all of one site. `summaries` are
    /// those of `content.incidents`, or of the register when the content
    /// holds no record.
    pub fn with_strings(
        content: &'a Content,
        summaries: &'a [Summary],
        theme: &'a Theme,
        opts: &RenderOptions,
        strings: &Strings,
    ) -> Result<Env<'a>, RenderError> {
        let view =
            View::new(&content.policy, opts.audience.as_deref()).map_err(RenderError::Options)?;
        let tera = theme.compiled()?;
        let whole = !content.incidents.is_empty();
        if whole && content.incidents.len() != summaries.len() {
            return Err(RenderError::Options(format!(
                "{} summaries of {} records",
                summaries.len(),
                content.incidents.len()
            )));
        }
        let mut incidents = Vec::with_capacity(summaries.len());
        let mut records = Vec::with_capacity(content.incidents.len());
        for (k, s) in summaries.iter().enumerate() {
            let p = view.presence(s.visibility);
            if p == Presence::Omitted {
                continue;
            }
            incidents.push((s, p));
            if whole {
                records.push((&content.incidents[k], p));
            }
        }
        let mut handbook: Vec<&SourcePage> = content.handbook.iter().collect();
        handbook.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.file.cmp(&b.file)));
        let mut templates: Vec<&SourcePage> = content.templates.iter().collect();
        templates.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.file.cmp(&b.file)));
        let drills: Vec<&Drill> = content.drills.iter().collect();
        let handbook_href = handbook
            .first()
            .map(|p| crate::paths::handbook_page(&p.slug));
        let mut nav = vec![
            (
                Nav::Report,
                "report",
                crate::paths::REPORT_ASSISTANT.to_string(),
            ),
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
        let cases = if view.is_case_book() {
            nav = vec![
                (Nav::Cases, "cases", "index.html".to_string()),
                (Nav::Booklet, "booklet", cases::BOOKLET.to_string()),
            ];
            cases::order(&records)
        } else {
            Vec::new()
        };
        let site = serde_json::json!({
            "title": content.site.title,
            "organization": content.site.organization,
        });
        Ok(Env {
            content,
            t_tree: strings.t_tree.clone(),
            t_lean: strings.t_lean.clone(),
            lean_misses: Default::default(),
            compiled_record_page: !theme.overrides_record_page(),
            splice_register_rows: theme.splices_register_rows(),
            compiled_register_rows: theme.compiles_register_rows(),
            fragments: None,
            t: strings.t.clone(),
            view,
            today: opts.today,
            tz: content.site.timezone,
            tera,
            site,
            nav,
            incidents,
            records,
            handbook,
            templates,
            drills,
            audit: Default::default(),
            drafts: strings.drafts.clone(),
            cases,
            case_ids: std::sync::OnceLock::new(),
            memo: memo::Memo::default(),
        })
    }

    /// The context every page starts from: language, relative root, site
    /// title, navigation, strings.
    pub fn context(&self, path: &str, current: Nav, title: &str) -> Context {
        let mut c = self.context_without_strings(path, current, title);
        c.insert("t", &*self.t_tree);
        c
    }

    fn context_without_strings(&self, path: &str, current: Nav, title: &str) -> Context {
        let root = root_for(path);
        let mut c = Context::new();
        c.insert("lang", self.content.site.language.code());
        c.insert("root", &root);
        c.insert("site", &self.site);
        c.insert("nav", &self.nav_items(path, current));
        c.insert("page_title", title);
        c.insert("page_path", path);
        c.insert("case_book", &self.view.is_case_book());
        c.insert("today", &day_view(self.today));
        c.insert("version", VERSION);
        c.insert("audience", self.audience_name());
        c
    }

    fn nav_items(&self, path: &str, current: Nav) -> Vec<NavItem<'_>> {
        self.nav
            .iter()
            .map(|(n, key, href)| NavItem {
                key,
                label: self.t.get(nav_label(key)),
                href: crate::paths::site_href(path, href),
                current: *n == current,
            })
            .collect()
    }

    fn audience_name(&self) -> &str {
        self.t
            .lookup(&format!("audience.{}", self.view.audience))
            .unwrap_or(&self.view.audience)
    }

    /// The frame of a page written by code: what [`Env::context`] gives
    /// `base.html`.
    pub fn frame<'b>(&'b self, path: &str, current: Nav, title: &'b str) -> Frame<'b> {
        Frame {
            lang: self.content.site.language.code(),
            root: root_for(path),
            site_title: &self.content.site.title,
            organization: &self.content.site.organization,
            nav: self.nav_items(path, current),
            page_title: title,
            case_book: self.view.is_case_book(),
            today: day_view(self.today),
            audience: self.audience_name(),
        }
    }

    /// Like [`Env::context`], for pages rendered once per record: `t` holds
    /// only the locale sections `template` uses, so building the context of
    /// each of 10,000 pages does not copy every string of the site. Render it
    /// with [`Env::render_lean`], which falls back to every string if the
    /// template reaches one the scan did not see.
    pub fn lean_context(&self, path: &str, current: Nav, title: &str, template: &str) -> Context {
        let mut c = self.context_without_strings(path, current, title);
        c.insert("t", self.t_lean.get(template).unwrap_or(&*self.t_tree));
        c
    }

    /// The context a fragment of a page is rendered in alone (see
    /// [`fragments`]): the strings `template` uses, nothing else.
    pub fn fragment_context(&self, template: &str) -> Context {
        let mut c = Context::new();
        c.insert("t", self.t_lean.get(template).unwrap_or(&*self.t_tree));
        c
    }

    pub fn render_lean(&self, template: &str, ctx: &mut Context) -> Result<String, RenderError> {
        let _watched = watchdog::watch(template);
        match self.tera.render(template, ctx) {
            Ok(html) => Ok(html),
            Err(_) => {
                self.lean_misses
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                ctx.insert("t", &*self.t_tree);
                self.render(template, ctx)
            }
        }
    }

    pub fn render(&self, template: &str, ctx: &Context) -> Result<String, RenderError> {
        let _watched = watchdog::watch(template);
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

    /// The name of an impact flag: the theme's label of a built-in one,
    /// else the policy's `name` (`name_en` on English pages) of its own
    /// (`impacts:`), else the id.
    pub fn impact_name(&self, flag: &str) -> String {
        if let Some(label) = self.t.lookup(&format!("impact.{flag}")) {
            return label.to_string();
        }
        match self.content.policy.impact(flag) {
            Some(f) => match (self.content.site.language, &f.name_en) {
                (crate::model::site::Language::En, Some(en)) => en.clone(),
                _ => f.name.clone(),
            },
            None => flag.to_string(),
        }
    }

    /// The word for one kind of report under rule `rule`: the rule's own
    /// `label` (`label_en` on English pages) for its `report` kind when it
    /// has one (a notice to customers is not a 届出), else the theme's
    /// word for the kind, else the kind itself.
    pub fn notification_kind(&self, rule: &str, kind: &str) -> String {
        let own = self.content.policy.notification(rule).and_then(|r| {
            match (self.content.site.language, &r.label_en) {
                (crate::model::site::Language::En, Some(en)) => Some(en),
                _ => r.label.as_ref(),
            }
        });
        match own {
            Some(label) if kind == "report" => label.clone(),
            _ => self
                .t
                .lookup(&format!("notification_kind.{kind}"))
                .unwrap_or(kind)
                .to_string(),
        }
    }

    pub fn level_name(&self, level: i64) -> Option<&str> {
        self.content.policy.level(level).map(|l| l.name.as_str())
    }

    /// Records shown in full to this build's audience.
    pub fn full_records(&self) -> Vec<&'a Summary> {
        self.incidents
            .iter()
            .filter(|(_, p)| *p == Presence::Full)
            .map(|(i, _)| *i)
            .collect()
    }

    /// The same records whole ([`Env::records`]; none in the streamed
    /// build's register-wide environment).
    pub fn full_whole_records(&self) -> Vec<&'a Incident> {
        self.records
            .iter()
            .filter(|(_, p)| *p == Presence::Full)
            .map(|(i, _)| *i)
            .collect()
    }

    pub fn markdown(&self, md: &str, slugs: &mut markdown::Slugger) -> String {
        markdown::render(md, slugs).html
    }
}

/// Locale key of a navigation label.
fn nav_label(key: &str) -> &'static str {
    match key {
        "report" => "nav.report",
        "home" => "nav.home",
        "flow" => "nav.flow",
        "levels" => "nav.levels",
        "contacts" => "nav.contacts",
        "handbook" => "nav.handbook",
        "templates" => "nav.templates",
        "register" => "nav.register",
        "dashboard" => "nav.dashboard",
        "audit" => "nav.audit",
        "cases" => "nav.cases",
        "booklet" => "nav.booklet",
        _ => "nav.home",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let summaries = crate::model::summary::all(&loaded.content.incidents);
        let mut lean = Env::new(&loaded.content, &summaries, &theme, &opts).unwrap();
        let mut full = Env::new(&loaded.content, &summaries, &theme, &opts).unwrap();
        full.t_lean = Default::default();
        // Both through Tera (the built-in theme's record page is otherwise
        // written by compiled code).
        lean.compiled_record_page = false;
        full.compiled_record_page = false;
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
            let a = crate::render::pages::incident::render(&lean, i)
                .unwrap()
                .html;
            let b = crate::render::pages::incident::render(&full, i)
                .unwrap()
                .html;
            assert!(a == b, "record {i} differs");
        }
        assert_eq!(
            lean.lean_misses.load(std::sync::atomic::Ordering::Relaxed),
            0,
            "every lean render found its strings"
        );
    }
}
