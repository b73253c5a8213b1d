//! The register's listings: the published records of one year, level,
//! category or status, newest first, in pages of at most
//! [`super::paging::PAGE_ROWS`] rows (`register/<key>.html`, see
//! [`crate::paths::register_listing`]). They are the register's filters
//! without JavaScript: `register.html` and the dashboard link them.
//!
//! Every level, category and status of the policy has its listing, empty or
//! not, so that a link to one never leads to a missing page; a year has one
//! when a record was detected in it.

use super::paging::page_count;
use super::register::year_of;
use crate::model::Status;
use crate::paths::{
    register_category, register_level, register_listing, register_status, register_year, site_href,
};
use crate::present::Env;
use serde::Serialize;
use std::collections::BTreeMap;

/// One listing: its key, what it lists and the records, as indices into
/// [`Env::incidents`], newest first.
pub struct Listing {
    pub key: String,
    pub label: String,
    /// Which group of `register.html` it belongs to (locale key).
    group: &'static str,
    pub rows: Vec<usize>,
    /// Whether its pages show the register's full table (the years) or a
    /// short one: id, title and detection time (the other listings, so
    /// that each record's full row is on one listing only).
    pub full: bool,
}

/// Every listing, in the order `register.html` shows them: years newest
/// first, then levels, categories and statuses in policy order.
pub fn listings(env: &Env) -> Vec<Listing> {
    let t = &env.t;
    let newest_first = |keep: &dyn Fn(usize) -> bool| -> Vec<usize> {
        (0..env.incidents.len())
            .rev()
            .filter(|&k| keep(k))
            .collect()
    };
    let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for k in (0..env.incidents.len()).rev() {
        if let Some(y) = year_of(env, env.incidents[k].0) {
            by_year.entry(y).or_default().push(k);
        }
    }
    let mut out: Vec<Listing> = by_year
        .into_iter()
        .rev()
        .map(|(y, rows)| Listing {
            key: register_year(y),
            label: t.fmt("common.year_n", &[("n", &y.to_string())]),
            group: "register.by_year",
            rows,
            full: true,
        })
        .collect();
    for l in &env.content.policy.levels {
        let level = l.level.value;
        out.push(Listing {
            key: register_level(level),
            label: format!(
                "{} {}",
                t.fmt("common.level_n", &[("n", &level.to_string())]),
                l.name
            ),
            group: "register.by_level",
            full: false,
            rows: newest_first(&|k| env.incidents[k].0.level() == Some(level)),
        });
    }
    for c in &env.content.policy.categories {
        let id = c.id.value.as_str();
        out.push(Listing {
            key: register_category(id),
            label: c.name.clone(),
            group: "register.by_category",
            full: false,
            rows: newest_first(&|k| env.incidents[k].0.category.as_deref() == Some(id)),
        });
    }
    for s in Status::ALL {
        out.push(Listing {
            key: register_status(s),
            label: t.lookup(&format!("status.{s}")).unwrap_or(s).to_string(),
            group: "register.by_status",
            full: false,
            rows: newest_first(&|k| env.incidents[k].0.status().map(Status::as_str) == Some(*s)),
        });
    }
    out
}

/// What page `n` of [`listing_pages`] is made from: its listing, which
/// page of it and how many rows the listing has (the pager), and the
/// records of its rows (see `render_listing` in [`super::register`]).
pub fn listing_inputs(env: &Env, n: usize) -> Option<super::PageInputs> {
    let listed = listing_pages(env);
    let (l, k) = listed.pages.get(n)?;
    let l = &listed.all[*l];
    let mut inputs = super::PageInputs::default();
    inputs
        .add(b"register-listing")
        .add(l.key.as_bytes())
        .add(l.label.as_bytes())
        .add(&[u8::from(l.full)])
        .add(&(*k as u64).to_le_bytes())
        .add(&(l.rows.len() as u64).to_le_bytes());
    inputs.records = l.rows[super::paging::page_range(l.rows.len(), *k)].to_vec();
    Some(inputs)
}

/// Every listing and its pages: `(listing, page from 0)` for each page the
/// site has, in rendering order.
/// Worked out once per build ([`crate::present::memo`]): every listing page
/// asks for it, and each working it out again would make the build
/// quadratic in the number of records.
pub fn listing_pages(env: &Env) -> std::sync::Arc<ListingPages> {
    env.memo.get("register.listing_pages", || {
        let all = listings(env);
        let pages = all
            .iter()
            .enumerate()
            .flat_map(|(n, l)| (0..page_count(l.rows.len())).map(move |k| (n, k)))
            .collect();
        ListingPages { all, pages }
    })
}

/// Every listing, and `(listing, page from 0)` for each of their pages.
pub struct ListingPages {
    pub all: Vec<Listing>,
    pub pages: Vec<(usize, usize)>,
}

/// Site path of page `k` of a listing.
pub fn listing_path(key: &str, k: usize) -> String {
    register_listing(key, k)
}

/// The link from the page at `from` to the first page of listing `key`.
pub fn listing_href(from: &str, key: &str) -> String {
    site_href(from, &register_listing(key, 0))
}

/// A group of listings as `register.html` shows it.
#[derive(Serialize)]
pub struct Group {
    #[serde(skip)]
    key: &'static str,
    heading: String,
    items: Vec<Item>,
}

#[derive(Serialize)]
struct Item {
    label: String,
    count: usize,
    href: String,
}

/// The listings grouped by what they filter on, linked from `from`.
pub fn groups(env: &Env, from: &str) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for l in &listing_pages(env).all {
        let item = Item {
            label: l.label.clone(),
            count: l.rows.len(),
            href: listing_href(from, &l.key),
        };
        match out.last_mut() {
            Some(g) if g.key == l.group => g.items.push(item),
            _ => out.push(Group {
                key: l.group,
                heading: env.t.get(l.group).to_string(),
                items: vec![item],
            }),
        }
    }
    out
}
