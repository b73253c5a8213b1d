//! The id rules ([`super::ids`]) kept by `serve` between edits: an edit
//! changes a few record files, and of the rules over the whole register
//! only what those files read can change. The index keeps, by content
//! file, what the rules of its path alone found (E111, E112, E206, W207),
//! by record file what the rules of its id and folder found (E206, W204),
//! and the record files by folded id ([`crate::chars::fold_id`]): two
//! records can only be E201 or E205 of each other when their ids fold
//! the same, so [`IdIndex::check`] compares the records of each folded id
//! held by more than one, in register order, with the very functions
//! [`super::ids::check`] runs over the whole register. Its findings are
//! that check's (the unit tests compare them after adds, removals,
//! renames and duplicates).

use super::ids;
use super::Ctx;
use crate::chars::fold_id;
use crate::diagnostics::{Diagnostic, Pos};
use crate::model::{Content, Incident, Timestamp};
use std::collections::{BTreeSet, HashMap};

/// What the id rules read of one record.
#[derive(Debug)]
struct Entry {
    /// Its place in the register ([`crate::load::sort_incidents`]'s key
    /// but the file, which breaks ties).
    detected: Option<Timestamp>,
    id: String,
    pos: Pos,
    folded: String,
}

/// See the module's documentation.
#[derive(Debug)]
pub struct IdIndex {
    /// The site's time zone (a record's year folder is judged in it).
    tz: chrono::FixedOffset,
    /// By content file, the findings of its path's and (a record) its id's
    /// rules, kept only when there are some.
    found: HashMap<String, Vec<Diagnostic>>,
    /// By record file.
    records: HashMap<String, Entry>,
    /// By folded id, the record files whose ids fold to it.
    groups: HashMap<String, BTreeSet<String>>,
}

impl IdIndex {
    /// The index of `content`'s records and files.
    pub fn of(content: &Content) -> IdIndex {
        let mut index = IdIndex {
            tz: content.site.timezone,
            found: HashMap::new(),
            records: HashMap::new(),
            groups: HashMap::new(),
        };
        for rel in &content.sources {
            index.path_again(rel, true);
        }
        for inc in &content.incidents {
            index.add(inc);
        }
        index
    }

    /// Bring the index up to `content` after the content files `changed`
    /// were changed, added or removed (only record files change between
    /// `serve`'s incremental rebuilds: anything else is a whole build and
    /// a new index). Naming a file again that did not change is harmless.
    pub fn update(&mut self, content: &Content, changed: &BTreeSet<String>) {
        if changed.is_empty() {
            return;
        }
        for rel in changed {
            let listed = content.sources.binary_search(rel).is_ok();
            self.path_again(rel, listed);
            if let Some(old) = self.records.remove(rel) {
                if let Some(files) = self.groups.get_mut(&old.folded) {
                    files.remove(rel);
                    if files.is_empty() {
                        self.groups.remove(&old.folded);
                    }
                }
            }
        }
        for inc in content
            .incidents
            .iter()
            .filter(|i| changed.contains(&i.file))
        {
            self.add(inc);
        }
    }

    /// What [`super::ids::check`] finds in `ctx`'s content, which must be
    /// the content the index was last brought up to.
    pub fn check(&self, ctx: &Ctx, out: &mut Vec<Diagnostic>) {
        out.extend(self.found.values().flatten().cloned());
        ids::but_records(ctx, out);
        for files in self.groups.values().filter(|files| files.len() > 1) {
            let mut group: Vec<(&str, &Entry)> = files
                .iter()
                .filter_map(|f| Some((f.as_str(), self.records.get(f)?)))
                .collect();
            group.sort_by(|(fa, a), (fb, b)| (a.detected, &a.id, fa).cmp(&(b.detected, &b.id, fb)));
            let file_of = |i: usize| group[i].0;
            let ids = || group.iter().map(|(_, e)| (e.id.as_str(), e.pos));
            ids::unique("record", file_of, ids(), out);
            ids::lookalikes("record", file_of, ids(), out);
        }
    }

    /// The findings of `rel`'s path rules made again (dropped when it is
    /// no longer `listed` among the sources); a record's id rules are
    /// added by [`IdIndex::add`].
    fn path_again(&mut self, rel: &str, listed: bool) {
        self.found.remove(rel);
        if listed {
            let mut out = Vec::new();
            ids::source_path(rel, &mut out);
            if !out.is_empty() {
                self.found.insert(rel.to_string(), out);
            }
        }
    }

    fn add(&mut self, inc: &Incident) {
        let mut out = Vec::new();
        ids::record_alone(inc, self.tz, &mut out);
        if !out.is_empty() {
            self.found.entry(inc.file.clone()).or_default().extend(out);
        }
        let id = inc.id.value.as_str();
        // As `ids::lookalikes` folds: ASCII to its lower case.
        let folded = if id.is_ascii() {
            id.to_ascii_lowercase()
        } else {
            fold_id(id)
        };
        self.groups
            .entry(folded.clone())
            .or_default()
            .insert(inc.file.clone());
        self.records.insert(
            inc.file.clone(),
            Entry {
                detected: inc.detected_at.as_ref().map(|t| t.value),
                id: id.to_string(),
                pos: inc.id.pos,
                folded,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::model::Spanned;

    fn record(file: &str, id: &str, line: u32, detected: &str) -> Incident {
        let tz = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
        let pos = Pos { line, col: 5 };
        let mut inc = Incident::sample();
        inc.file = file.to_string();
        inc.id = Spanned::new(id.to_string(), pos);
        inc.detected_at = Timestamp::parse(detected, tz).map(|t| Spanned::new(t, pos));
        inc
    }

    fn content(records: Vec<Incident>) -> Content {
        let mut c = Content::default();
        c.site.timezone = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
        c.incidents = records;
        crate::load::sort_incidents(&mut c.incidents);
        c.sources = c.incidents.iter().map(|i| i.file.clone()).collect();
        c.sources.push("handbook/start.md".into());
        c.sources.sort();
        c
    }

    /// Both checks' findings, as `check` reports them (sorted).
    fn both(c: &Content, index: &IdIndex) -> (Vec<String>, Vec<String>) {
        let routes = std::sync::OnceLock::new();
        let ctx = Ctx {
            content: c,
            root: std::path::Path::new("."),
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            names: None,
            routes: &routes,
        };
        let shown = |out: Vec<Diagnostic>| -> Vec<String> {
            out.into_iter()
                .collect::<Diagnostics>()
                .sorted()
                .iter()
                .map(|d| {
                    format!(
                        "{} {}:{}:{} {}",
                        d.code, d.file, d.pos.line, d.pos.col, d.message
                    )
                })
                .collect()
        };
        let mut whole = Vec::new();
        ids::check(&ctx, &mut whole);
        let mut indexed = Vec::new();
        index.check(&ctx, &mut indexed);
        (shown(whole), shown(indexed))
    }

    /// Edit the register, bring the index up to it and compare.
    fn step(
        c: &mut Content,
        index: &mut IdIndex,
        changed: &[&str],
        edit: impl FnOnce(&mut Vec<Incident>),
    ) -> Vec<String> {
        edit(&mut c.incidents);
        crate::load::sort_incidents(&mut c.incidents);
        let mut sources: Vec<String> = c.incidents.iter().map(|i| i.file.clone()).collect();
        sources.push("handbook/start.md".into());
        sources.sort();
        c.sources = sources;
        let changed: BTreeSet<String> = changed.iter().map(|s| s.to_string()).collect();
        index.update(c, &changed);
        let (whole, indexed) = both(c, index);
        assert_eq!(indexed, whole);
        whole
    }

    #[test]
    fn the_index_finds_what_the_whole_register_rules_find() {
        let a = "incidents/2026/INC-1.yaml";
        let b = "incidents/2026/INC-2.yaml";
        let c3 = "incidents/2026/INC-3.yaml";
        let d = "incidents/2025/INC-4.yaml";
        let mut c = content(vec![
            record(a, "INC-1", 2, "2026-04-01T09:00:00+09:00"),
            record(b, "INC-2", 3, "2026-04-02T09:00:00+09:00"),
            record(c3, "INC-3", 4, "2026-04-03T09:00:00+09:00"),
        ]);
        let mut index = IdIndex::of(&c);
        let (whole, indexed) = both(&c, &index);
        assert_eq!(indexed, whole);
        assert!(whole.is_empty(), "{whole:?}");

        // A duplicate made (E201 at the later record), then a third use.
        let found = step(&mut c, &mut index, &[b], |r| r[1].id.value = "INC-1".into());
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("E201 incidents/2026/INC-2.yaml:3:5")),
            "{found:?}"
        );
        let found = step(&mut c, &mut index, &[c3], |r| {
            r[2].id.value = "inc-1".into()
        });
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("E205 incidents/2026/INC-3.yaml:4:5")),
            "{found:?}"
        );

        // The first use moved after the others in the register: the
        // finding moves to it.
        let found = step(&mut c, &mut index, &[a], |r| {
            let first = r.iter_mut().find(|i| i.file == a).unwrap();
            first.detected_at = Timestamp::parse("2026-05-01T09:00:00+09:00", index_tz())
                .map(|t| Spanned::new(t, Pos { line: 2, col: 5 }));
        });
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("E201 incidents/2026/INC-1.yaml:2:5")),
            "{found:?}"
        );

        // A record added in another year's folder, under a lookalike id
        // written in full width, and in the wrong folder (W204).
        let found = step(&mut c, &mut index, &[d], |r| {
            r.push(record(d, "ＩＮＣ－２", 6, "2026-04-04T09:00:00+09:00"));
        });
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("W204 incidents/2025/INC-4.yaml")),
            "{found:?}"
        );

        // Renamed (the old file gone, a new one with a device name: E206).
        let e = "incidents/2026/con.yaml";
        let found = step(&mut c, &mut index, &[d, e], |r| {
            r.retain(|i| i.file != d);
            r.push(record(e, "con", 7, "2026-04-05T09:00:00+09:00"));
        });
        assert!(
            found
                .iter()
                .any(|f| f.starts_with("E206 incidents/2026/con.yaml")),
            "{found:?}"
        );
        assert!(!found.iter().any(|f| f.contains("INC-4")), "{found:?}");

        // The duplicates removed: a record deleted, the other renamed back.
        let found = step(&mut c, &mut index, &[b, c3], |r| {
            r.retain(|i| i.file != b);
            r.iter_mut().find(|i| i.file == c3).unwrap().id.value = "INC-3".into();
        });
        assert!(
            !found
                .iter()
                .any(|f| f.starts_with("E201") || f.starts_with("E205")),
            "{found:?}"
        );

        // Naming files again that did not change changes nothing.
        let again = step(
            &mut c,
            &mut index,
            &[a, c3, e, "incidents/2026/none.yaml"],
            |_| {},
        );
        assert_eq!(again, found);
    }

    fn index_tz() -> chrono::FixedOffset {
        chrono::FixedOffset::east_opt(9 * 3600).unwrap()
    }
}
