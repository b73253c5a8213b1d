//! `evidence/index.html` — the build's manifest, readable: version, source
//! commit and whether it was dirty, build date, the SHA-256 of every source
//! file, every evidence file and every output file — and, on every record
//! page, the record's evidence files (size, SHA-256, link to the
//! copy) and the git history of its file ([`record_panel`]).

use super::page;
use super::paging::{page_count, page_range, pager};
use crate::evidence::copy::Copied;
use crate::evidence::manifest::{FileHash, Manifest, INDEX_PATH, MANIFEST_PATH};
use crate::markup::escape_html;
use crate::model::summary::Summary;
use crate::model::Incident;
use crate::paths::root_for;
use crate::paths::site_href;
use crate::present::context::DateView;
use crate::present::view::Presence;
use crate::present::{Env, Nav, RenderError, Rendered};
use rayon::prelude::*;
use serde::Serialize;

/// `1,234,567`: bytes are shown exactly, grouped for reading.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One evidence file as pages show it.
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceFileView {
    pub record: String,
    pub record_href: String,
    pub source: String,
    pub description: Option<String>,
    /// `収集: 情報システム管理者、2026-…`: who collected it and when.
    pub collected: Option<String>,
    pub size: String,
    pub sha256: String,
    /// Link to the copy, relative to the page; `None` when not copied.
    pub href: Option<String>,
    /// The record states a hash and it matches.
    pub recorded: Option<bool>,
}

impl EvidenceFileView {
    pub fn new(env: &Env, record: &str, c: &Copied, from: &str) -> EvidenceFileView {
        EvidenceFileView {
            record: record.to_string(),
            record_href: site_href(from, &crate::paths::record_page(record)),
            source: c.source.clone(),
            description: c.description.clone(),
            collected: collected(env, c),
            size: env.t.fmt("evidence.bytes", &[("n", &grouped(c.size))]),
            sha256: c.sha256.clone(),
            href: c.output.as_deref().map(|o| site_href(from, o)),
            recorded: c.recorded,
        }
    }
}

/// Who collected an evidence file (a role by its name) and when, in one
/// line; `None` when the record says neither.
fn collected(env: &Env, c: &Copied) -> Option<String> {
    let by = c
        .collected_by
        .as_deref()
        .map(|b| env.role_name(b).to_string());
    let at = c
        .collected_at
        .as_ref()
        .map(|a| crate::present::context::date_view_in(a, env).text);
    let who = match (by, at) {
        (Some(by), Some(at)) => env
            .t
            .fmt("evidence.collected_by_at", &[("by", &by), ("at", &at)]),
        (Some(one), None) | (None, Some(one)) => one,
        (None, None) => return None,
    };
    Some(env.t.fmt("evidence.collected", &[("who", &who)]))
}

#[derive(Clone, Debug, Serialize)]
pub struct CommitView {
    pub date: DateView,
    pub author: Option<String>,
    pub subject: String,
    pub hash: String,
}

/// The history of one record file.
#[derive(Clone, Debug, Serialize)]
pub struct HistoryView {
    /// `false`: the content is not in a git repository.
    pub in_git: bool,
    pub commits: Vec<CommitView>,
}

/// What the record page adds: evidence, history.
#[derive(Clone, Debug, Serialize)]
pub struct RecordPanel {
    /// Whether this audience may see evidence at all.
    pub evidence_shown: bool,
    pub evidence: Vec<EvidenceFileView>,
    pub history: Option<HistoryView>,
}

/// The git history of `file`, authors shown only when the audience may see
/// who did what (`timeline.by`): commit authors are people too.
pub fn history(env: &Env, file: &str) -> HistoryView {
    let Some(repo) = env.audit.git() else {
        return HistoryView {
            in_git: false,
            commits: Vec::new(),
        };
    };
    let show_author = env.view.shows("timeline.by");
    let commits = repo
        .history_until(file, env.today, env.tz)
        .into_iter()
        .map(|c| {
            let local = c.at.with_timezone(&env.tz);
            CommitView {
                date: DateView {
                    text: local.format("%Y-%m-%d %H:%M").to_string(),
                    iso: local.format("%Y-%m-%dT%H:%M%:z").to_string(),
                },
                author: show_author.then(|| c.author.clone()),
                subject: c.subject.clone(),
                hash: c.hash.chars().take(10).collect(),
            }
        })
        .collect();
    HistoryView {
        in_git: true,
        commits,
    }
}

/// The panel for record `inc` on the page at `from` (`incidents/<id>.html`). Stubs get nothing: their existence is all they show.
pub fn record_panel(env: &Env, inc: &Incident, presence: Presence, from: &str) -> RecordPanel {
    if presence != Presence::Full {
        return RecordPanel {
            evidence_shown: false,
            evidence: Vec::new(),
            history: None,
        };
    }
    let shown = env.view.shows("evidence");
    RecordPanel {
        evidence_shown: shown,
        evidence: if shown {
            env.audit
                .evidence_of(&inc.id.value)
                .iter()
                .map(|c| EvidenceFileView::new(env, &inc.id.value, c, from))
                .collect()
        } else {
            Vec::new()
        },
        history: Some(history(env, &inc.file)),
    }
}

/// The rows of a hash table (`path`, size, SHA-256), made here rather than
/// in the template: the output table has a row per file of the site (30,000
/// for 10,000 records) and holds no words, only data, so nothing a theme
/// would reword; every value is escaped. The rows carry no classes and no
/// end tags the parser implies (`table.sums` in `audit.css` aligns and
/// sets them): they are most of the evidence index's bytes.
fn hash_rows(files: &[FileHash], from: &str, link: bool) -> String {
    let mut out = String::with_capacity(files.len() * 160);
    for f in files {
        let path = escape_html(&f.path);
        out.push_str("<tr><td>");
        if link {
            out.push_str(&format!(
                "<a href=\"{}\">{path}</a>",
                escape_html(&site_href(from, &f.path))
            ));
        } else {
            out.push_str(&path);
        }
        out.push_str(&format!(
            "<td>{}<td><code>{}</code>\n",
            grouped(f.size),
            escape_html(&f.sha256)
        ));
    }
    out
}

/// What the page shows of the manifest besides the file lists.
#[derive(Serialize)]
struct Header<'a> {
    generator: &'a str,
    version: &'a str,
    build_date: &'a str,
    source_control: &'a Option<crate::evidence::manifest::SourceControl>,
}

/// Evidence coverage of one level: of the records published in full, how
/// many list evidence files, and which do not.
#[derive(Serialize)]
struct Coverage {
    level: i64,
    name: String,
    records: usize,
    with: usize,
    /// (record id, link) of each record at this level without evidence.
    without: Vec<(String, String)>,
}

/// What the evidence index shows of the records (the coverage per level),
/// worked out while they are held: the streamed build drops its summaries
/// before the index is made (the index shows the manifest's hash, so it
/// comes after every other file).
pub struct IndexRecords(Vec<Coverage>);

impl IndexRecords {
    pub fn of(env: &Env) -> IndexRecords {
        IndexRecords(if env.view.shows("evidence") {
            coverage(env, INDEX_PATH)
        } else {
            Vec::new()
        })
    }
}

/// Coverage per level, highest level first (levels without records left out).
fn coverage(env: &Env, from: &str) -> Vec<Coverage> {
    let records = env.full_records();
    env.content
        .policy
        .levels
        .iter()
        .rev()
        .filter_map(|l| {
            let at: Vec<&Summary> = records
                .iter()
                .copied()
                .filter(|i| i.level() == Some(l.level.value))
                .collect();
            let mut without: Vec<(String, String)> = at
                .iter()
                .filter(|i| i.evidence == 0)
                .map(|i| {
                    let href = site_href(from, &crate::paths::record_page(&i.id));
                    (i.id.to_string(), href)
                })
                .collect();
            without.sort();
            (!at.is_empty()).then(|| Coverage {
                level: l.level.value,
                name: l.name.clone(),
                records: at.len(),
                with: at.len() - without.len(),
                without,
            })
        })
        .collect()
}

/// Site path of page `k` (from 0) of the index's list of sources or of
/// outputs: the first page of each is the index itself.
pub fn list_page(list: &str, k: usize) -> String {
    if k == 0 {
        INDEX_PATH.to_string()
    } else {
        format!("evidence/{list}/{}.html", k + 1)
    }
}

/// The further pages of the index's lists of sources and outputs (at most
/// [`super::paging::PAGE_ROWS`] rows a page; not those `skip` names: a page
/// shows only its rows, the list's length and its place, and `serve` leaves
/// one whose rows are as they were), each handed to `put` as soon as it is
/// made; returns their paths, in no set order. They do not show the
/// manifest's hash: they can be made while the
/// manifest is written and hashed. The index itself is [`render_index_page`].
pub fn render_lists_into(
    env: &Env,
    records: &IndexRecords,
    manifest: &Manifest,
    skip: &(dyn Fn(&str) -> bool + Sync),
    put: &(dyn Fn(&Rendered) -> Result<(), RenderError> + Sync),
) -> Result<Vec<String>, RenderError> {
    pages_at(manifest, skip)
        .into_par_iter()
        .flatten()
        .map(|at| {
            let page = render_page(env, records, manifest, "", Some(at))?;
            put(&page)?;
            Ok(page.path)
        })
        .collect()
}

/// `evidence/index.html` itself, which shows the manifest's SHA-256.
pub fn render_index_page(
    env: &Env,
    records: &IndexRecords,
    manifest: &Manifest,
    manifest_sha256: &str,
) -> Result<Rendered, RenderError> {
    render_page(env, records, manifest, manifest_sha256, None)
}

/// Which pages the index has (`None`: the index itself; `(list, k)`: page
/// `k` of a list) but those `skip` names.
fn pages_at<'m>(
    manifest: &Manifest,
    skip: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Option<(&'m str, usize)>> {
    let mut at: Vec<Option<(&str, usize)>> = vec![None];
    for (list, files) in [("sources", &manifest.sources), ("outputs", &manifest.files)] {
        at.extend(
            (1..page_count(files.len()))
                .filter(|&k| !skip(&list_page(list, k)))
                .map(|k| Some((list, k))),
        );
    }
    at
}

/// The index (`at` None) or page `k` of one of its lists.
fn render_page(
    env: &Env,
    records: &IndexRecords,
    manifest: &Manifest,
    manifest_sha256: &str,
    at: Option<(&str, usize)>,
) -> Result<Rendered, RenderError> {
    let path = at.map_or_else(|| INDEX_PATH.to_string(), |(l, k)| list_page(l, k));
    let main_title = env.t.get("evidence.title");
    let title = match at {
        None => main_title.to_string(),
        Some((l, k)) => format!(
            "{main_title} — {} ({})",
            env.t.get(&format!("evidence.{l}_heading")),
            k + 1
        ),
    };
    let root = root_for(&path);
    let mut ctx = env.context(&path, Nav::Audit, &title);
    for (list, files, link) in [
        ("sources", &manifest.sources, false),
        ("outputs", &manifest.files, true),
    ] {
        let k = match at {
            None => 0,
            Some((l, k)) if l == list => k,
            Some(_) => continue,
        };
        let rows = &files[page_range(files.len(), k)];
        ctx.insert(format!("{list}_rows"), &hash_rows(rows, &path, link));
        ctx.insert(
            format!("{list}_pager"),
            &pager(&path, files.len(), k, |j| list_page(list, j)),
        );
    }
    ctx.insert("is_index", &at.is_none());
    ctx.insert("list", &at.map(|(l, _)| l));
    ctx.insert("index_href", &site_href(&path, INDEX_PATH));
    if at.is_none() {
        let evidence: Vec<EvidenceFileView> = env
            .audit
            .evidence
            .iter()
            .flat_map(|(id, files)| files.iter().map(move |c| (id, c)))
            .map(|(id, c)| EvidenceFileView::new(env, id, c, &path))
            .collect();
        let total_bytes: u64 = manifest.files.iter().map(|f| f.size).sum();
        let header = Header {
            generator: &manifest.generator,
            version: &manifest.version,
            build_date: &manifest.build_date,
            source_control: &manifest.source_control,
        };
        ctx.insert("mf", &header);
        ctx.insert("evidence", &evidence);
        ctx.insert("evidence_shown", &env.view.shows("evidence"));
        if env.view.shows("evidence") {
            ctx.insert("coverage", &records.0);
        }
        ctx.insert("total_size", &grouped(total_bytes));
        ctx.insert("source_count", &manifest.sources.len());
        ctx.insert("file_count", &manifest.files.len());
        ctx.insert("manifest_href", &format!("{root}{MANIFEST_PATH}"));
        ctx.insert("manifest_sha256", manifest_sha256);
        ctx.insert(
            "sums_href",
            &format!("{root}{}", crate::evidence::sums::SUMS_PATH),
        );
    }
    page(env, path, "evidence_index.html", &ctx, None)
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_rows_are_escaped_and_linked() {
        let f = crate::evidence::manifest::FileHash {
            path: "a<b>/x y.html".into(),
            size: 1234,
            sha256: "ab".into(),
        };
        let html = super::hash_rows(&[f], "evidence/index.html", true);
        assert_eq!(html, "<tr><td><a href=\"../a%3Cb%3E/x%20y.html\">a&lt;b&gt;/x y.html</a><td>1,234<td><code>ab</code>\n");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(super::grouped(0), "0");
        assert_eq!(super::grouped(999), "999");
        assert_eq!(super::grouped(1234567), "1,234,567");
    }
}
