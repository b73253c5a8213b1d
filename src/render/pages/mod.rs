//! One module per kind of page. Each builds a small view of what its
//! template shows and renders it; see `docs/site.md` for what each shows.
//!
//! Every page the site has is listed in [`PAGES`], in the order the pages
//! are rendered (the search index numbers its documents in this order).
//! A new page: a module here with a `pub const PAGE: PageKind` and its
//! template under `themes/default/templates/`, plus one line in [`PAGES`].

pub mod action_plan;
pub mod actions;
pub mod assist;
pub mod calendar;
pub mod card;
pub mod cases;
pub mod compliance;
pub mod contacts;
pub mod controls;
pub mod dashboard;
pub mod drills;
pub mod evidence;
pub mod flow;
pub mod handbook;
pub mod home;
pub mod incident;
pub mod levels;
pub mod metrics;
pub mod nonconformities;
pub mod paging;
pub mod record_calendar;
pub mod register;
pub mod register_listings;
mod register_rows;
pub mod search;
pub mod templates;

use crate::present::context::ContactView;
use crate::present::{Env, RenderError, Rendered, SearchMeta};
use crate::search::SearchDoc;
use serde::Serialize;
use tera::Context;

/// Every kind of page, in rendering order. One line per kind.
pub const PAGES: &[PageKind] = &[
    home::PAGE,
    assist::PAGE,
    card::PAGE,
    flow::PAGE,
    levels::PAGE,
    contacts::PAGE,
    templates::INDEX,
    register::PAGE,
    register::LISTINGS,
    dashboard::PAGE,
    calendar::PAGE,
    drills::INDEX,
    search::PAGE,
    handbook::PAGE,
    templates::PAGE,
    drills::PAGE,
    incident::PAGE,
    actions::PAGE,
    compliance::PAGE,
    nonconformities::PAGE,
    metrics::PAGE,
    controls::PAGE,
    record_calendar::PAGE,
    cases::INDEX,
    cases::PAGE,
    cases::BOOKLET,
];

/// Which builds have a kind of page: the site, the case book
/// (`crate::present::cases`) or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Book {
    Site,
    Cases,
    Both,
}

impl Book {
    /// Whether a build (the case book or not) has pages of this kind.
    pub fn has(self, case_book: bool) -> bool {
        match self {
            Book::Site => !case_book,
            Book::Cases => case_book,
            Book::Both => true,
        }
    }
}

/// A kind of page: how many the site has and how to render each.
#[derive(Clone, Copy)]
pub struct PageKind {
    /// The pages of this kind, by index (a page of its own has one: 0).
    pub instances: fn(&Env) -> Vec<usize>,
    /// Render the page of index `n`.
    pub render: fn(&Env, usize) -> Result<Rendered, RenderError>,
    /// For pages rendered once per published record, with `n` the record's
    /// index in [`Env::incidents`]: the site path of the page of record `n`.
    /// An incremental rebuild renders such pages only for records that
    /// changed and takes the others from its memory.
    pub record_page: Option<fn(&Env, usize) -> Option<String>>,
    /// Which builds have these pages.
    pub book: Book,
    /// The search documents of page `n`, made from the model without
    /// rendering the page (`crate::render::documents`); `None` for pages
    /// search does not list.
    pub document: Option<fn(&Env, usize) -> Vec<SearchDoc>>,
    /// What page `n` is made from, when that can be told without rendering
    /// it (see [`PageInputs`]); `None` for pages that are always rendered.
    pub inputs: Option<fn(&Env, usize) -> Option<PageInputs>>,
}

/// What a page is made from, for an incremental render (`serve`) to skip
/// a page whose inputs are those of the last render: `frame`, bytes that
/// stand for everything on the page but the records' rows (which list,
/// which page of it, how many pages; what identifies each row beyond its
/// record), and `records`, the indices in [`Env::incidents`] of the
/// records whose rows it shows. A page's bytes must depend only on these,
/// on the content other than the records and on the build's date (which
/// a rebuild never changes without rendering everything).
///
/// A page that counts or sorts the whole register (metrics, the audit
/// pages, the first pages of the register and of the actions) sets
/// `facts`: it then also depends on every record's summary but its title
/// (`Summary` less `title`, with the record's presence), so it is left as
/// written after an edit that changed nothing but texts it does not show.
/// Such a page must read no record's title but those of `records`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInputs {
    pub frame: Vec<u8>,
    pub records: Vec<usize>,
    pub facts: bool,
}

impl PageInputs {
    /// The inputs of a page over the whole register that shows no
    /// record's title (see `facts`).
    pub fn register_facts() -> PageInputs {
        PageInputs {
            facts: true,
            ..PageInputs::default()
        }
    }

    /// Add `part` to the frame, length first (so parts cannot run together).
    pub fn add(&mut self, part: &[u8]) -> &mut Self {
        self.frame
            .extend_from_slice(&(part.len() as u64).to_le_bytes());
        self.frame.extend_from_slice(part);
        self
    }
}

impl PageKind {
    /// A page of its own (`index.html`, `register.html` …).
    pub const fn single(render: fn(&Env, usize) -> Result<Rendered, RenderError>) -> PageKind {
        PageKind {
            instances: |_| vec![0],
            render,
            record_page: None,
            book: Book::Site,
            document: None,
            inputs: None,
        }
    }

    /// One page per item of a list the environment holds.
    pub const fn each(
        instances: fn(&Env) -> Vec<usize>,
        render: fn(&Env, usize) -> Result<Rendered, RenderError>,
    ) -> PageKind {
        PageKind {
            instances,
            render,
            record_page: None,
            book: Book::Site,
            document: None,
            inputs: None,
        }
    }

    /// The same pages, told apart by what they are made from
    /// ([`PageInputs`]).
    pub const fn with_inputs(self, inputs: fn(&Env, usize) -> Option<PageInputs>) -> PageKind {
        PageKind {
            inputs: Some(inputs),
            ..self
        }
    }

    /// The same pages, made from no record: from the content other than
    /// the records and the build's date alone, so that an incremental
    /// render (`serve`, which changes records only) leaves them as written
    /// ([`PageInputs::default`]: no frame, no record, no facts).
    pub const fn without_records(self) -> PageKind {
        self.with_inputs(no_records)
    }

    /// The same pages, listed by search with the documents `document` makes.
    pub const fn searchable(self, document: fn(&Env, usize) -> Vec<SearchDoc>) -> PageKind {
        PageKind {
            document: Some(document),
            ..self
        }
    }

    /// The same pages, in the builds `book` says.
    pub const fn in_book(self, book: Book) -> PageKind {
        PageKind { book, ..self }
    }
}

/// The inputs of a page that reads no record ([`PageKind::without_records`]).
fn no_records(_: &Env, _: usize) -> Option<PageInputs> {
    Some(PageInputs::default())
}

/// Render `template` with `ctx` into a page at `path`.
pub(crate) fn page(
    env: &Env,
    path: String,
    template: &str,
    ctx: &Context,
    search: Option<SearchMeta>,
) -> Result<Rendered, RenderError> {
    let html = env.render(template, ctx)?;
    Ok(Rendered { path, html, search })
}

/// A link to another page, relative to the current one.
#[derive(Clone, Debug, Serialize)]
pub struct LinkView {
    pub href: String,
    pub title: String,
}

/// Internal contacts holding `role`, in file order.
pub(crate) fn contacts_for_role(env: &Env, role: &str) -> Vec<ContactView> {
    env.content
        .contacts
        .for_role(role)
        .map(|c| ContactView::new(c, env.role_name(role)))
        .collect()
}

/// The contacts marked `first_report: true`, in the order of contacts.yaml:
/// the chain staff call first (start page, report page, card).
pub(crate) fn first_report_contacts(env: &Env) -> Vec<ContactView> {
    env.content
        .contacts
        .internal
        .iter()
        .filter(|x| x.first_report)
        .map(|x| ContactView::new(x, env.role_name(&x.role)))
        .collect()
}
