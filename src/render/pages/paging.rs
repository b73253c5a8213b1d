//! Register-wide lists in pages of a bounded size: the register's listings
//! (`register/<key>.html`) and the table of every corrective action
//! (`actions.html`, `actions/<n>.html`). However large the register grows,
//! no such page holds more than [`PAGE_ROWS`] rows, and each links its
//! neighbours and every page of its list (plain links: no JavaScript, and
//! they work from `file://`).

use crate::paths::site_href;
use serde::Serialize;

/// The most rows a page of a paged list holds.
pub const PAGE_ROWS: usize = 500;

/// How many pages a list of `rows` rows takes (an empty list has one, that
/// says so).
pub fn page_count(rows: usize) -> usize {
    rows.div_ceil(PAGE_ROWS).max(1)
}

/// The rows of page `k` (from 0) of a list of `rows` rows.
pub fn page_range(rows: usize, k: usize) -> std::ops::Range<usize> {
    let start = (k * PAGE_ROWS).min(rows);
    start..(start + PAGE_ROWS).min(rows)
}

/// One link of a pager.
#[derive(Serialize)]
pub struct PageLink {
    /// Page number from 1.
    pub number: usize,
    pub href: String,
    pub current: bool,
    /// The first and last row on that page, counted from 1.
    pub first: usize,
    pub last: usize,
}

/// The links between the pages of a list, as a page shows them.
#[derive(Serialize)]
pub struct Pager {
    pub pages: Vec<PageLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The rows this page shows, counted from 1, and the list's length.
    pub first: usize,
    pub last: usize,
    pub total: usize,
}

/// The pager of page `k` of a list of `rows` rows whose page `j` lives at
/// `path_of(j)`, for the page at `from`; `None` when the list fits one page.
pub fn pager(
    from: &str,
    rows: usize,
    k: usize,
    path_of: impl Fn(usize) -> String,
) -> Option<Pager> {
    let n = page_count(rows);
    if n < 2 {
        return None;
    }
    let href = |j: usize| site_href(from, &path_of(j));
    let range = page_range(rows, k);
    Some(Pager {
        pages: (0..n)
            .map(|j| {
                let r = page_range(rows, j);
                PageLink {
                    number: j + 1,
                    href: href(j),
                    current: j == k,
                    first: r.start + 1,
                    last: r.end,
                }
            })
            .collect(),
        prev: (k > 0).then(|| href(k - 1)),
        next: (k + 1 < n).then(|| href(k + 1)),
        first: range.start + 1,
        last: range.end,
        total: rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_cover_every_row_once() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(PAGE_ROWS), 1);
        assert_eq!(page_count(PAGE_ROWS + 1), 2);
        let rows = 2 * PAGE_ROWS + 7;
        let covered: usize = (0..page_count(rows))
            .map(|k| page_range(rows, k).len())
            .sum();
        assert_eq!(covered, rows);
        assert_eq!(page_range(rows, 2), 2 * PAGE_ROWS..rows);
    }

    #[test]
    fn a_pager_links_every_page_relative_to_the_current_one() {
        assert!(pager("register/2026.html", PAGE_ROWS, 0, |_| String::new()).is_none());
        let path = |j: usize| {
            if j == 0 {
                "register/2026.html".to_string()
            } else {
                format!("register/2026/{}.html", j + 1)
            }
        };
        let p = pager("register/2026/2.html", PAGE_ROWS + 3, 1, path).unwrap();
        assert_eq!(p.prev.as_deref(), Some("../../register/2026.html"));
        assert_eq!(p.next, None);
        assert_eq!(
            (p.first, p.last, p.total),
            (PAGE_ROWS + 1, PAGE_ROWS + 3, PAGE_ROWS + 3)
        );
        assert_eq!(p.pages.len(), 2);
        assert!(p.pages[1].current && !p.pages[0].current);
    }
}
