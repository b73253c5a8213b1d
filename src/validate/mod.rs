//! Validate: model → diagnostics. Each rule lives in its own module and sees
//! the whole content, so rules can cross-check files (a record against the
//! policy, a role against the contact list).

// One module per group of rules; the codes each reports (shape errors,
// E1xx, come from `crate::schema::check`; file errors, E0xx, from `load`).
mod assessment; // E901–E904: the assessment decision and who took it
mod audiences; // E203 for `hide` entries and the default audience
mod chronology; // E401–E404, W405: dates in order, not in the future, present when due
mod closing; // E602–E604, W605–W608, E404: closing a record, corrective actions
mod contacts; // E109, E113, E114: contact URLs (and site.yaml base_url), phones, e-mail addresses
mod deadlines; // E501–E503, W504, W506, W507: reporting and notification deadlines
mod drills; // W905–W907, E403: drills
mod evidence; // E701, E703, E001, E007, E108: evidence files and hashes
mod explanations; // W508, W509: explanations of deviations are true
mod flow; // E803–E805: the reporting flow
pub mod id_index; // the id rules kept by `serve` between edits
mod ids; // E201, W204, E205, E111/E112 in file names: ids and files
mod impacts; // E118: impact flags are built in or declared by the policy
mod level_names; // the hint of E102 for a level written by its name
mod links; // E007, E109, E115, E017, E208: links, images and raw HTML in Markdown
mod name_scan; // the first question of E121, asked once every record was read
pub mod names; // E121, E122: people's names in text audiences hiding people see; masks
mod not_recorded; // W409: a required fact the imported source never held, said so
mod policy; // E301, E303, E304, W305, E120: levels, responsible roles, contacts, deadline overrides
mod refs; // E101, E203: references between files
mod reread; // E016: a record read again for the name rule is the one checked
mod search; // E108: the site's search synonyms
mod unread; // follow-ons of an unreadable policy.yaml or contacts.yaml left out

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::LoadError;
use crate::model::{Content, Incident};
use chrono::{FixedOffset, NaiveDate};
use rayon::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

/// What every rule gets to look at.
pub struct Ctx<'a> {
    pub content: &'a Content,
    /// The content directory (evidence files are looked up under it).
    pub root: &'a Path,
    /// The check date: nothing may lie after it; deadlines are judged against it.
    pub today: NaiveDate,
    /// The people and masked terms to look for (`None`: the name rule is
    /// not run, as in the first pass of [`load_and_check`]).
    pub names: Option<&'a names::NameCheck>,
    /// The pages and files the site will have (E208), worked out from
    /// `content` the first time a link needs them.
    pub routes: &'a OnceLock<crate::model::routes::Routes>,
}

/// Run every rule. The order of the result is defined (sorted by file and position).
pub fn validate(content: &Content, root: &Path, today: NaiveDate) -> Diagnostics {
    let names = names::NameCheck::of(content);
    let routes = OnceLock::new();
    let ctx = Ctx {
        content,
        root,
        today,
        names: Some(&names),
        routes: &routes,
    };
    let mut out = register_rules(&ctx);
    // Per-record rules are independent: run them in parallel.
    let per_record: Vec<Diagnostic> = content
        .incidents
        .par_iter()
        .flat_map_iter(|inc| {
            let mut d = Vec::new();
            check_record(&ctx, inc, &mut d);
            d
        })
        .collect();
    out.extend(per_record);
    out.into_iter().collect::<Diagnostics>().sorted()
}

/// The rules that need one record alone (with the policy, contacts and
/// site): `check` runs them as each record is loaded, so it need not keep
/// the register in memory.
pub fn check_record(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    refs::check_incident(ctx, inc, out);
    impacts::check_incident(ctx, inc, out);
    policy::check_incident(ctx, inc, out);
    chronology::check(ctx, inc, out);
    // The facts of `analysis` are worked out from a record's summary.
    let summary = crate::model::summary::Summary::of(inc);
    deadlines::check(ctx, inc, &summary, out);
    explanations::check(ctx, inc, &summary, out);
    closing::check(ctx, inc, out);
    evidence::check(ctx, inc, out);
    assessment::check(ctx, inc, out);
    links::check_incident(ctx, inc, out);
    names::check_incident(ctx, inc, out);
}

/// What [`load_and_check`] found.
pub struct Checked {
    /// Every diagnostic of loading and of the rules, sorted.
    pub diagnostics: Diagnostics,
    /// The content, each record reduced to its [`register_entry`].
    pub content: Content,
    /// The documents other than records as read
    /// ([`crate::load::Loaded::documents`]).
    pub documents: Vec<(String, Option<u64>)>,
}

/// Load `root` and run every rule, each record meeting the rules that need it
/// alone as soon as it is loaded, on the worker thread that loaded it, and
/// only its [`register_entry`] kept: what [`validate`] after
/// [`crate::load::load`] reports, with memory that stays small however long
/// the register. `today` gives the check date from the site's timezone
/// (asked once).
pub fn load_and_check(
    root: &Path,
    today: impl Fn(FixedOffset) -> NaiveDate + Sync,
) -> Result<Checked, LoadError> {
    load_and_check_with(root, today, &|| {})
}

/// [`load_and_check`], calling `between` once every record was read and
/// checked, before the name rule reads again those that may name someone
/// (the tests change a file there).
pub fn load_and_check_with(
    root: &Path,
    today: impl Fn(FixedOffset) -> NaiveDate + Sync,
    between: &dyn Fn(),
) -> Result<Checked, LoadError> {
    checked(root, today, &|| {}, between)
}

/// [`load_and_check_with`], also calling `scanned` once the content
/// before the records was loaded, before any record is read.
pub fn load_and_check_hooked(
    root: &Path,
    today: impl Fn(FixedOffset) -> NaiveDate + Sync,
    scanned: &dyn Fn(),
    between: &dyn Fn(),
) -> Result<Checked, LoadError> {
    checked(root, today, scanned, between)
}

/// [`load_and_check_hooked`].
fn checked(
    root: &Path,
    today: impl Fn(FixedOffset) -> NaiveDate + Sync,
    scanned: &dyn Fn(),
    between: &dyn Fn(),
) -> Result<Checked, LoadError> {
    let date = OnceLock::new();
    // E121 needs every person, known only once every record is read: each
    // record keeps, as it is checked, what its texts hold of the names'
    // characters, asked once every record is read; only those that may
    // name someone are read again at the end (`name_scan`).
    let prefilter = OnceLock::new();
    // One for every record and the cross-file rules: the files are listed
    // before any record is read.
    let routes = OnceLock::new();
    let before = |content: &Content| {
        prefilter.get_or_init(|| name_scan::Prefilter::of(content));
        scanned();
    };
    let check_one = |content: &Content, incident: Incident, out: &mut Vec<Diagnostic>| {
        let ctx = Ctx {
            content,
            root,
            today: *date.get_or_init(|| today(content.site.timezone)),
            names: None,
            routes: &routes,
        };
        check_record(&ctx, &incident, out);
        // `load_with_before` calls `before` before it reads any record:
        // the prefilter is always there by now (a record it did not keep
        // would be missed by E121, never read again).
        debug_assert!(prefilter.get().is_some());
        if let Some(p) = prefilter.get() {
            p.keep(&content.sources, &incident);
        }
        Some(register_entry(incident))
    };
    let loaded = crate::load::load_with_before(root, &before, &check_one)?;
    crate::trace::mark("check: records read and checked");
    between();
    let today = *date.get_or_init(|| today(loaded.content.site.timezone));
    let mut diagnostics = loaded.diagnostics;
    let finished = prefilter
        .into_inner()
        .map(|p: name_scan::Prefilter| p.finish(&loaded.content));
    let may_name: &[String] = finished.as_ref().map_or(&[], |f| &f.may_name);
    crate::trace::mark(&format!(
        "check: records asked whether they may name someone ({} may)",
        may_name.len()
    ));
    // The register and its matcher are made only when some text may name
    // someone: nothing can be found otherwise.
    let needed = finished
        .as_ref()
        .is_none_or(|f| !may_name.is_empty() || f.may_name_in_pages(&loaded.content));
    let names = needed.then(|| names::NameCheck::of(&loaded.content));
    diagnostics.extend(register_rules(&Ctx {
        content: &loaded.content,
        root,
        today,
        names: names.as_ref(),
        routes: &routes,
    }));
    crate::trace::mark("check: cross-file rules run");
    if let Some(names) = &names {
        diagnostics.extend(names_in_records(
            root,
            &loaded.content,
            names,
            today,
            may_name,
        ));
    }
    Ok(Checked {
        diagnostics: level_names(&loaded.content, unread::without_follow_ons(diagnostics)).sorted(),
        content: loaded.content,
        documents: loaded.documents,
    })
}

pub use ids::windows_name_msgs;
pub use level_names::level_names;
pub use unread::without_follow_ons;

/// The name rule over the records in `files` (those whose text may name
/// someone), once the register knows every person (`content` holds each
/// record's [`register_entry`], which keeps the people): each is read
/// again, and none is kept.
fn names_in_records(
    root: &Path,
    content: &Content,
    names: &names::NameCheck,
    today: NaiveDate,
    files: &[String],
) -> Vec<Diagnostic> {
    if files.is_empty()
        || !content.policy.audiences.iter().any(|a| a.hides_people())
        || names.register.people.is_empty()
    {
        return Vec::new();
    }
    let routes = OnceLock::new();
    let ctx = Ctx {
        content,
        root,
        today,
        names: Some(names),
        routes: &routes,
    };
    let tz = content.site.timezone;
    // What the first reading of each record was (E016 otherwise).
    let first: std::collections::HashMap<&str, Option<u64>> = content
        .incidents
        .iter()
        .map(|i| (i.file.as_str(), i.read_as))
        .collect();
    files
        .par_iter()
        .flat_map_iter(|rel| {
            let mut out = Vec::new();
            let text = crate::load::files::read_fingerprinted(
                root,
                rel,
                crate::load::files::Origin::Listed,
            );
            let was = first.get(rel.as_str()).copied().flatten();
            match text {
                Ok((text, read_as)) if was == Some(read_as) => {
                    if let (Some(inc), _) = crate::load::incident_from_str(&text, rel, tz) {
                        names::check_incident(&ctx, &inc, &mut out);
                    }
                }
                // Read once but not again, or as another text.
                _ if was.is_some() => out.push(reread::changed(rel)),
                // Not loaded the first time (its error is reported).
                _ => {}
            }
            out
        })
        .collect()
}

/// The rules that look across files, for records each already checked with
/// [`check_record`] (`content.incidents` may then hold only their
/// [`register_entry`]). Sorted like [`validate`].
pub fn validate_register(content: &Content, root: &Path, today: NaiveDate) -> Diagnostics {
    validate_register_with(content, root, today, &names::NameCheck::of(content))
}

/// [`validate_register`] with the name register of `content` already made
/// (`serve` keeps it between rebuilds while no record names anyone new).
pub fn validate_register_with(
    content: &Content,
    root: &Path,
    today: NaiveDate,
    names: &names::NameCheck,
) -> Diagnostics {
    let routes = OnceLock::new();
    let ctx = Ctx {
        content,
        root,
        today,
        names: Some(names),
        routes: &routes,
    };
    register_rules(&ctx)
        .into_iter()
        .collect::<Diagnostics>()
        .sorted()
}

/// [`validate_register_with`], the id rules answered by `ids`, an index
/// brought up to `content` (`serve`: an edit checks only what it changed).
pub fn validate_register_indexed(
    content: &Content,
    root: &Path,
    today: NaiveDate,
    names: &names::NameCheck,
    ids: &id_index::IdIndex,
) -> Diagnostics {
    let routes = OnceLock::new();
    let ctx = Ctx {
        content,
        root,
        today,
        names: Some(names),
        routes: &routes,
    };
    let mut out = Vec::new();
    ids.check(&ctx, &mut out);
    out.extend(other_register_rules(&ctx));
    out.into_iter().collect::<Diagnostics>().sorted()
}

/// What the cross-file rules read of a record — file, id, level, status,
/// category, times, responsible role, the people named (`reporter`, each
/// timeline `by` and evidence `collected_by` once, first as written), each
/// action owner once (first as written, with its position), position — with
/// everything else dropped, and no spare capacity: about a sixth of its
/// memory.
pub fn register_entry(mut inc: Incident) -> Incident {
    inc.title = String::new();
    inc.location = None;
    inc.summary = String::new();
    inc.cause = None;
    inc.affected_systems = Vec::new();
    inc.system_configuration = None;
    inc.organization = None;
    inc.impact = Default::default();
    inc.assessment = None;
    // The name register reads each person once (a name seen again adds
    // nothing), in the order written.
    let mut seen: Vec<String> = Vec::new();
    inc.timeline.retain(|t| match &t.by {
        Some(by) if !seen.contains(by) => {
            seen.push(by.clone());
            true
        }
        _ => false,
    });
    for t in &mut inc.timeline {
        t.at = None;
        t.action = String::new();
    }
    inc.timeline.shrink_to_fit();
    inc.notifications = Vec::new();
    seen.clear();
    inc.evidence.retain(|e| match &e.collected_by {
        Some(by) if !seen.contains(&by.value) => {
            seen.push(by.value.clone());
            true
        }
        _ => false,
    });
    for e in &mut inc.evidence {
        e.path.value = String::new();
        e.description = None;
        e.sha256 = None;
    }
    inc.evidence.shrink_to_fit();
    inc.tags = Vec::new();
    inc.extra = Default::default();
    inc.audit = Default::default();
    // The owner rule reads where each role is first named as an owner.
    seen.clear();
    inc.actions.retain(|a| match &a.owner {
        Some(o) if !seen.contains(&o.value) => {
            seen.push(o.value.clone());
            true
        }
        _ => false,
    });
    for a in &mut inc.actions {
        a.action = String::new();
        a.evaluation = None;
        a.controls = Vec::new();
        a.late_reason = None;
        a.review = None;
    }
    inc.actions.shrink_to_fit();
    inc
}

/// Rules that look at several files at once (ids, roles in use, the flow,
/// drills, links in pages and drills, audiences).
fn register_rules(ctx: &Ctx) -> Vec<Diagnostic> {
    // The ids (hash sets of every record's id) beside the other rules: at
    // 100,000 records the longest of them, and nothing else waits on it.
    let (mut out, rest) = rayon::join(
        || {
            let mut out = Vec::new();
            ids::check(ctx, &mut out);
            out
        },
        || other_register_rules(ctx),
    );
    out.extend(rest);
    out
}

/// [`register_rules`] but the ids.
fn other_register_rules(ctx: &Ctx) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    refs::check_policy(ctx, &mut out);
    impacts::check_policy(ctx, &mut out);
    policy::check(ctx, &mut out);
    contacts::check(ctx, &mut out);
    flow::check(ctx, &mut out);
    drills::check(ctx, &mut out);
    links::check(ctx, &mut out);
    names::check(ctx, &mut out);
    search::check(ctx, &mut out);
    out.extend(audiences::check_policy(ctx.content));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_tree(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_tree(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn edit(root: &Path, rel: &str, from: &str, to: &str) {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    #[test]
    fn checking_record_by_record_reports_what_validating_the_whole_register_reports() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), root);
        // Problems for the cross-file rules and for the per-record ones.
        let inc = "incidents/2026/INC-2026-";
        edit(
            root,
            &format!("{inc}001.yaml"),
            "id: INC-2026-001",
            "id: INC-2026-002",
        );
        edit(
            root,
            &format!("{inc}002.yaml"),
            "summary: |\n",
            "summary: |\n  [a](../../etc/passwd) [b](javascript:x)\n",
        );
        edit(
            root,
            &format!("{inc}003.yaml"),
            "detected_at: 2026-",
            "detected_at: 2027-",
        );
        edit(
            root,
            &format!("{inc}004.yaml"),
            "owner: it_admin",
            "owner: nobody",
        );
        edit(root, &format!("{inc}005.yaml"), "level: 2", "level: 7");
        std::fs::rename(
            root.join("incidents/2025/INC-2025-001.yaml"),
            root.join("incidents/2026/INC-2025-001.yaml"),
        )
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();

        let loaded = crate::load::load(root).unwrap();
        let mut whole = loaded.diagnostics;
        whole.extend(validate(&loaded.content, root, today));
        let whole = whole.sorted().into_vec();

        let checked = load_and_check(root, |_| today).unwrap();
        assert_eq!(checked.diagnostics.into_vec(), whole);
        assert_eq!(checked.content.sources, loaded.content.sources);
        let codes: std::collections::BTreeSet<&str> = whole.iter().map(|d| d.code).collect();
        for code in ["E201", "E202", "E007", "E109", "E203", "W204"] {
            assert!(codes.contains(code), "{code} missing from {codes:?}");
        }
        // What is kept of a record is what the cross-file rules read.
        let kept = &checked.content.incidents[0];
        assert!(kept.summary.is_empty());
        // The timeline keeps who acted (the name register reads it), nothing else.
        assert!(kept
            .timeline
            .iter()
            .all(|t| t.by.is_some() && t.at.is_none() && t.action.is_empty()));
        assert!(!kept.id.value.is_empty() && kept.detected_at.is_some());
    }

    #[test]
    fn names_are_found_in_the_records_that_name_someone_only_another_record_knows() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), root);
        let inc = "incidents/2026/INC-2026-";
        // Reporters only these records know: one the raw scan reads, one
        // (an escape in quotes) it leaves to the parser.
        edit(
            root,
            &format!("{inc}006.yaml"),
            "summary: |\n",
            "summary: |\n  by: 見出し 行\n",
        );
        let set_reporter = |rel: &str, who: &str| {
            let path = root.join(rel);
            let text = std::fs::read_to_string(&path).unwrap();
            let text: String = text
                .lines()
                .filter(|l| !l.starts_with("reporter:"))
                .map(|l| format!("{l}\n"))
                .collect();
            std::fs::write(
                &path,
                text.replacen("summary:", &format!("reporter: {who}\nsummary:"), 1),
            )
            .unwrap();
        };
        set_reporter(&format!("{inc}006.yaml"), "\"藤田\\u3000亮\"");
        set_reporter(&format!("{inc}007.yaml"), "ｻｻｷ ﾏｺﾄ");
        // Named in the text of other records.
        edit(
            root,
            &format!("{inc}008.yaml"),
            "summary: |\n",
            "summary: |\n  藤田さんが気づいた。\n",
        );
        edit(
            root,
            &format!("{inc}001.yaml"),
            "summary: |\n",
            "summary: |\n  ササキ マコト氏に確認。\n",
        );
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let loaded = crate::load::load(root).unwrap();
        let mut whole = loaded.diagnostics;
        whole.extend(validate(&loaded.content, root, today));
        let whole = whole.sorted().into_vec();
        let checked = load_and_check(root, |_| today).unwrap();
        assert_eq!(checked.diagnostics.into_vec(), whole);
        let named: Vec<&str> = whole
            .iter()
            .filter(|d| d.code == "E121")
            .map(|d| d.file.as_str())
            .collect();
        for rel in ["001", "008"] {
            assert!(
                named.contains(&format!("{inc}{rel}.yaml").as_str()),
                "{named:?}"
            );
        }
    }
}
