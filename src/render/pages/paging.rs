//! Register-wide lists in pages of a bounded size: the register's listings
//! (`register/<key>.html`) and the table of every corrective action
//! (`actions.html`, `actions/<n>.html`). However large the register grows,
//! no such page holds more than [`PAGE_ROWS`] rows, and each links its
//! neighbours and the pages of its list (plain links: no JavaScript, and
//! they work from `file://`): every page of a list of up to
//! [`PAGER_ALL`] pages; of a longer list the first and the last, the
//! pages near this one and every tenth, so that a pager's size does not
//! grow with the register (each of 361 pages of 180,000 actions listing
//! all 361 twice was 0.14 KB of site a record).

use crate::paths::site_href;
use serde::Serialize;

/// The most rows a page of a paged list holds.
pub const PAGE_ROWS: usize = 500;

/// The most pages a pager links every one of.
pub const PAGER_ALL: usize = 12;

/// Whether the pager of page `k` of `n` links page `j`: all of them up to
/// [`PAGER_ALL`]; beyond that the first, the last, the three on each side
/// of `k` and every tenth.
fn linked(n: usize, k: usize, j: usize) -> bool {
    n <= PAGER_ALL || j == 0 || j + 1 == n || j.abs_diff(k) <= 3 || (j + 1) % 10 == 0
}

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
    /// Pages between the previous link and this one are not linked.
    pub gap: bool,
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
            .filter(|&j| linked(n, k, j))
            .map(|j| {
                let r = page_range(rows, j);
                PageLink {
                    number: j + 1,
                    href: href(j),
                    current: j == k,
                    first: r.start + 1,
                    last: r.end,
                    gap: j > 0 && !linked(n, k, j - 1),
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

    #[test]
    fn a_long_list_links_its_ends_its_neighbourhood_and_every_tenth_page() {
        let path = |j: usize| format!("actions/{}.html", j + 1);
        let rows = 361 * PAGE_ROWS;
        let p = pager("actions/50.html", rows, 49, path).unwrap();
        let numbers: Vec<usize> = p.pages.iter().map(|l| l.number).collect();
        let mut want = vec![1, 10, 20, 30, 40, 47, 48, 49, 50, 51, 52, 53];
        want.extend((6..=36).map(|t| t * 10));
        want.push(361);
        assert_eq!(numbers, want);
        let gaps: Vec<usize> = p.pages.iter().filter(|l| l.gap).map(|l| l.number).collect();
        assert_eq!(gaps[..3], [10, 20, 30]);
        assert!(!p.pages[1..].iter().any(|l| l.number == 50 && l.gap));
        assert!(p.pages.iter().any(|l| l.current && l.number == 50));
        // Every page is reachable: next and previous link the neighbours.
        assert!(p.next.as_deref().unwrap().ends_with("actions/51.html"));
        assert!(p.prev.as_deref().unwrap().ends_with("actions/49.html"));
        // A list of up to PAGER_ALL pages links each one.
        let short = pager("actions/1.html", PAGER_ALL * PAGE_ROWS, 0, path).unwrap();
        assert_eq!(short.pages.len(), PAGER_ALL);
        assert!(!short.pages.iter().any(|l| l.gap));
    }
}
