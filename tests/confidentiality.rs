//! Confidentiality: what an audience may not see is in no byte and no file
//! name of its build (pages, search index shards, CSV/JSON exports, manifest,
//! scripts, evidence copies), while the auditor build does show it, so these
//! tests can fail.
//!
//! Every free-text field of a restricted record, and of a normal record, gets
//! its own canary: a lower-case ASCII word that occurs nowhere else, survives
//! the search index's normalisation whole, and is looked for case-blind in
//! every output file. Evidence files get canary names and canary bytes.

use ismsbook::site::{build, BuildOptions};
use serde_yaml::{Mapping, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-11-22";
/// The example's restricted record and a normal one with evidence.
const RESTRICTED: &str = "incidents/2025/INC-2025-009.yaml";
const RESTRICTED_ID: &str = "INC-2025-009";
const NORMAL: &str = "incidents/2026/INC-2026-001.yaml";

/// `impact.records_affected` values: distinctive numbers.
const RESTRICTED_RECORDS: u64 = 987_654_321;
const NORMAL_RECORDS: u64 = 918_273_645;

/// A value planted in one field.
#[derive(Clone, Debug)]
struct Canary {
    /// The field's path as the policy's `hide` names it (`timeline.by`).
    field: String,
    /// Spellings to look for (a number may be written with separators).
    forms: Vec<String>,
    /// Found in file names rather than file bytes (evidence copies).
    in_name: bool,
}

impl Canary {
    fn text(field: &str, word: String) -> Canary {
        Canary {
            field: field.into(),
            forms: vec![word],
            in_name: false,
        }
    }

    fn number(field: &str, n: u64) -> Canary {
        let digits = n.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        Canary {
            field: field.into(),
            forms: vec![digits, grouped],
            in_name: false,
        }
    }
}

/// A letters-only canary word: `qz` + record prefix + field + list index + `qz`.
fn word(prefix: &str, field: &str, index: Option<usize>) -> String {
    let field: String = field.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    let idx = index
        .map(|i| ((b'a' + i as u8) as char).to_string())
        .unwrap_or_default();
    format!("qz{prefix}{field}{idx}qz")
}

fn key(k: &str) -> Value {
    Value::String(k.into())
}

fn map_mut<'a>(v: &'a mut Value, k: &str) -> &'a mut Mapping {
    v.as_mapping_mut()
        .unwrap_or_else(|| panic!("not a mapping around `{k}`"))
}

/// Plant canaries in every free-text field of the record at `rel` (fields it
/// lacks are added), give it one evidence file with a canary name and body,
/// and return the canaries.
fn plant(root: &Path, rel: &str, prefix: &str, records_affected: u64) -> Vec<Canary> {
    let path = root.join(rel);
    let mut doc: Value = serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let id = doc["id"].as_str().expect("record id").to_string();
    let mut canaries = Vec::new();

    let top = map_mut(&mut doc, "record");
    let mut text_fields = vec![
        "title",
        "reporter",
        "location",
        "organization",
        "summary",
        "cause",
        "system_configuration",
        "lessons",
    ];
    // The extra text fields of the field table, whatever they are.
    for f in ismsbook::schema::fields::extra_text() {
        if !text_fields.contains(&f.name) {
            text_fields.push(f.name);
        }
    }
    for field in text_fields {
        let w = word(prefix, field, None);
        top.insert(key(field), Value::String(w.clone()));
        canaries.push(Canary::text(field, w));
    }
    for field in ["affected_systems", "tags"] {
        let words: Vec<String> = (0..2).map(|i| word(prefix, field, Some(i))).collect();
        top.insert(
            key(field),
            Value::Sequence(words.iter().cloned().map(Value::String).collect()),
        );
        canaries.extend(words.into_iter().map(|w| Canary::text(field, w)));
    }

    let impact = map_mut(
        top.entry(key("impact"))
            .or_insert_with(|| Value::Mapping(Mapping::new())),
        "impact",
    );
    for field in ["customers", "business"] {
        let path = format!("impact.{field}");
        let w = word(prefix, &path, None);
        impact.insert(key(field), Value::String(w.clone()));
        canaries.push(Canary::text(&path, w));
    }
    impact.insert(
        key("records_affected"),
        Value::Number(records_affected.into()),
    );
    canaries.push(Canary::number("impact.records_affected", records_affected));

    if let Some(a) = top
        .get_mut(key("assessment"))
        .and_then(Value::as_mapping_mut)
    {
        let w = word(prefix, "assessment.rationale", None);
        a.insert(key("rationale"), Value::String(w.clone()));
        canaries.push(Canary::text("assessment.rationale", w));
    }

    // Lists of mappings: every text field of every entry.
    for (list, fields) in [
        ("timeline", &["by", "action"][..]),
        ("notifications", &["reference"][..]),
        ("actions", &["action", "evaluation"][..]),
    ] {
        let Some(items) = top.get_mut(key(list)).and_then(Value::as_sequence_mut) else {
            continue;
        };
        for (i, item) in items.iter_mut().enumerate() {
            let item = map_mut(item, list);
            for f in fields {
                let path = format!("{list}.{f}");
                let w = word(prefix, &path, Some(i));
                item.insert(key(f), Value::String(w.clone()));
                canaries.push(Canary::text(&path, w));
            }
        }
    }

    // Evidence: a file whose name and bytes are canaries.
    let name = format!("{}.log", word(prefix, "evidencename", None));
    let body = format!("{}\n", word(prefix, "evidencebody", None));
    let ev_rel = format!("evidence/{id}/{name}");
    let ev_path = root.join(&ev_rel);
    std::fs::create_dir_all(ev_path.parent().unwrap()).unwrap();
    std::fs::write(&ev_path, &body).unwrap();
    let description = word(prefix, "evidence.description", None);
    let mut entry = Mapping::new();
    entry.insert(key("path"), Value::String(ev_rel));
    entry.insert(key("description"), Value::String(description.clone()));
    entry.insert(
        key("sha256"),
        Value::String(format!("{:x}", Sha256::digest(body.as_bytes()))),
    );
    top.insert(
        key("evidence"),
        Value::Sequence(vec![Value::Mapping(entry)]),
    );
    canaries.push(Canary::text("evidence", description));
    canaries.push(Canary::text("evidence", body.trim().to_string()));
    canaries.push(Canary {
        in_name: true,
        ..Canary::text("evidence", name.trim_end_matches(".log").to_string())
    });

    std::fs::write(&path, serde_yaml::to_string(&doc).unwrap()).unwrap();
    canaries
}

/// Whether `hide` (a policy's hide list) hides `field`: the path itself or a
/// parent of it (`impact` hides `impact.records_affected`).
fn hidden(hide: &[&str], field: &str) -> bool {
    hide.iter().any(|h| {
        field == *h || (field.starts_with(h) && field.as_bytes().get(h.len()) == Some(&b'.'))
    })
}

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

/// A private copy of the example content with canaries in both records.
struct Planted {
    dir: tempfile::TempDir,
    restricted: Vec<Canary>,
    normal: Vec<Canary>,
}

impl Planted {
    fn new() -> Planted {
        let dir = tempfile::Builder::new()
            .prefix("ismsbook-canary")
            .tempdir()
            .unwrap();
        let content = dir.path().join("content");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            &content,
        );
        let restricted = plant(&content, RESTRICTED, "r", RESTRICTED_RECORDS);
        let normal = plant(&content, NORMAL, "n", NORMAL_RECORDS);
        Planted {
            dir,
            restricted,
            normal,
        }
    }

    fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    /// Replace the one occurrence of `from` in the policy.
    fn edit_policy(&self, from: &str, to: &str) {
        let p = self.content().join("policy.yaml");
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text.matches(from).count(), 1, "`{from}` in policy.yaml");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }

    /// Build for `audience` into `<tmp>/<out>` and read every file back.
    fn build(&self, audience: &str, out: &str) -> Site {
        self.build_for(Some(audience), out)
    }

    /// Build for `audience` (the policy's default when `None`).
    fn build_for(&self, audience: Option<&str>, out: &str) -> Site {
        let out = self.dir.path().join(out);
        let opts = BuildOptions {
            content: self.content(),
            out: out.clone(),
            theme: None,
            today: chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap(),
            audience: audience.map(str::to_string),
        };
        build(&opts).unwrap_or_else(|e| panic!("{audience:?} build failed: {e}\n{e:?}"));
        Site::read(&out)
    }
}

/// Every output file: its relative path (lower case) and its bytes as lower-case text.
struct Site(BTreeMap<String, String>);

impl Site {
    fn read(dir: &Path) -> Site {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .to_ascii_lowercase();
                let mut bytes = std::fs::read(entry.path()).unwrap();
                // A document shard's texts are packed: read them unpacked.
                if let Some(json) = ismsbook::search::doc_shard_json(&bytes) {
                    bytes = json;
                }
                files.insert(rel, String::from_utf8_lossy(&bytes).to_ascii_lowercase());
            }
        }
        assert!(
            files.len() > 50,
            "the build wrote only {} files",
            files.len()
        );
        Site(files)
    }

    /// Files whose bytes (or, for `in_name`, whose path) contain any spelling of `c`.
    fn where_is(&self, c: &Canary) -> Vec<String> {
        self.find(&c.forms, c.in_name)
    }

    fn find(&self, forms: &[String], in_name: bool) -> Vec<String> {
        let forms: Vec<String> = forms.iter().map(|f| f.to_ascii_lowercase()).collect();
        self.0
            .iter()
            .filter(|(path, text)| {
                forms
                    .iter()
                    .any(|f| path.contains(f.as_str()) || (!in_name && text.contains(f.as_str())))
            })
            .map(|(path, _)| path.clone())
            .collect()
    }

    /// Fail listing every canary that reached the output, and where.
    fn assert_absent<'a>(&self, what: &str, canaries: impl IntoIterator<Item = &'a Canary>) {
        let leaks: Vec<String> = canaries
            .into_iter()
            .filter_map(|c| {
                let at = self.where_is(c);
                (!at.is_empty()).then(|| format!("  {} `{}` in {at:?}", c.field, c.forms[0]))
            })
            .collect();
        assert!(
            leaks.is_empty(),
            "{what}: hidden values leaked:\n{}",
            leaks.join("\n")
        );
    }

    /// Fail listing every canary that is missing from the output.
    fn assert_present<'a>(&self, what: &str, canaries: impl IntoIterator<Item = &'a Canary>) {
        let missing: Vec<String> = canaries
            .into_iter()
            .filter(|c| self.where_is(c).is_empty())
            .map(|c| format!("  {} `{}`", c.field, c.forms[0]))
            .collect();
        assert!(
            missing.is_empty(),
            "{what}: values that should be shown are missing (the test would prove nothing):\n{}",
            missing.join("\n")
        );
    }
}

/// The example policy's staff rule.
const STAFF_HIDE: &[&str] = &[
    "reporter",
    "timeline.by",
    "impact.records_affected",
    "evidence",
    "organization",
];

#[test]
fn the_example_policy_still_hides_what_these_tests_assume() {
    let policy =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/policy.yaml"))
            .unwrap();
    assert!(policy.contains(&format!("hide: [{}]", STAFF_HIDE.join(", "))));
    assert!(policy.contains("restricted: stub"));
}

#[test]
fn staff_build_holds_no_hidden_value_and_the_auditor_build_holds_all() {
    let p = Planted::new();
    let staff = p.build("staff", "staff");

    // The restricted record is a stub: none of its details, anywhere.
    staff.assert_absent("staff, restricted record (stub)", &p.restricted);
    assert!(
        !staff.find(&[RESTRICTED_ID.into()], false).is_empty(),
        "a stub still lists the record's id"
    );
    // The normal record: exactly the fields the policy hides are gone.
    let (gone, kept): (Vec<&Canary>, Vec<&Canary>) =
        p.normal.iter().partition(|c| hidden(STAFF_HIDE, &c.field));
    assert!(gone.len() >= 6, "canaries in hidden fields: {gone:?}");
    staff.assert_absent("staff, normal record", gone);
    staff.assert_present("staff, normal record", kept);

    let auditor = p.build("auditor", "auditor");
    auditor.assert_present("auditor, restricted record", &p.restricted);
    auditor.assert_present("auditor, normal record", &p.normal);
    // The evidence is copied under its own name with its own bytes.
    let body = p
        .normal
        .iter()
        .find(|c| c.forms[0] == "qznevidencebodyqz")
        .unwrap();
    assert!(auditor
        .where_is(body)
        .iter()
        .any(|f| f.ends_with("qznevidencenameqz.log.txt")));
}

#[test]
fn a_build_without_audience_is_the_policys_default_and_hides_the_same() {
    let p = Planted::new();
    let default = p.build_for(None, "default");
    default.assert_absent("default audience, restricted record", &p.restricted);
    let staff = p.build("staff", "staff");
    assert!(
        default.0 == staff.0,
        "the default build differs from the staff build"
    );
}

#[test]
fn omitted_restricted_records_leave_not_even_their_id() {
    let p = Planted::new();
    p.edit_policy("restricted: stub", "restricted: omit");
    let staff = p.build("staff", "staff");
    staff.assert_absent("staff, restricted record (omit)", &p.restricted);
    let id = [RESTRICTED_ID.to_string()];
    assert_eq!(
        staff.find(&id, false),
        Vec::<String>::new(),
        "an omitted record's id is in no page, index shard, export, manifest or file name"
    );
    let auditor = p.build("auditor", "auditor");
    assert!(auditor
        .find(&id, false)
        .iter()
        .any(|f| f.starts_with("search/")));
    auditor.assert_present("auditor, restricted record", &p.restricted);
}

#[test]
fn every_hideable_field_can_be_hidden() {
    let p = Planted::new();
    let all = ismsbook::redact::hideable().join(", ");
    p.edit_policy(
        &format!("hide: [{}]", STAFF_HIDE.join(", ")),
        &format!("hide: [{all}]"),
    );
    let staff = p.build("staff", "staff");
    let (gone, kept): (Vec<&Canary>, Vec<&Canary>) = p
        .normal
        .iter()
        .partition(|c| hidden(ismsbook::redact::hideable(), &c.field));
    // Every hideable path that names a text field got a canary.
    for h in ismsbook::redact::hideable() {
        assert!(
            gone.iter().any(|c| hidden(&[*h], &c.field)),
            "no canary planted for `{h}`"
        );
    }
    staff.assert_absent("staff hiding everything", gone);
    // Title and corrective actions cannot be hidden; they stay.
    staff.assert_present("staff hiding everything", kept);
}

/// A notification rule keyed on an impact flag tells the flag when it
/// applies: for an audience that hides `impact`, neither the rule's
/// application to a record nor a report made under it may be in its build.
/// The rule's name and id are canaries; the policy pages (`levels.html`, the
/// record skeleton for authors on `templates.html`, and the search index of
/// their text) list every rule, as policy, so they may hold them, and nothing
/// else may. The report made under the rule carries a
/// canary reference, a field staff otherwise see.
#[test]
fn rules_keyed_on_hidden_flags_tell_staff_nothing() {
    let p = Planted::new();
    p.edit_policy(
        "hide: [reporter, timeline.by, impact.records_affected,",
        "hide: [reporter, timeline.by, impact,",
    );
    p.edit_policy(
        "notifications:\n",
        "notifications:\n  - id: qzflagruleqz\n    name: qzflagrulenameqz\n    contact: police\n    when:\n      impact: { crime_suspected: true }\n    deadlines:\n      report: 3d\n",
    );
    let path = p.content().join(NORMAL);
    let mut doc: Value = serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let top = map_mut(&mut doc, "record");
    map_mut(
        top.entry(key("impact"))
            .or_insert_with(|| Value::Mapping(Mapping::new())),
        "impact",
    )
    .insert(key("crime_suspected"), Value::Bool(true));
    let mut report = Mapping::new();
    for (k, v) in [
        ("to", "qzflagruleqz"),
        ("kind", "report"),
        ("at", "2026-01-21T15:00:00+09:00"),
        ("reference", "qzflagreportqz"),
    ] {
        report.insert(key(k), Value::String(v.into()));
    }
    top.get_mut(key("notifications"))
        .and_then(Value::as_sequence_mut)
        .expect("the normal record lists its reports")
        .push(Value::Mapping(report));
    std::fs::write(&path, serde_yaml::to_string(&doc).unwrap()).unwrap();

    let rule = Canary::text("notification rule", "qzflagrule".into());
    let reference = Canary::text("report under the rule", "qzflagreportqz".into());
    let staff = p.build("staff", "staff");
    staff.assert_absent("staff, report made under a withheld rule", [&reference]);
    let policy_pages = |f: &String| {
        // report.html lists the rules as levels.html does (the policy, no record).
        ["levels.html", "report.html", "templates.html"].contains(&f.as_str())
            || f.starts_with("templates/")
            || f.starts_with("search/")
    };
    let beyond: Vec<String> = staff
        .where_is(&rule)
        .into_iter()
        .filter(|f| !policy_pages(f))
        .collect();
    assert!(
        beyond.is_empty(),
        "staff: a rule keyed on a hidden flag is shown beyond the policy pages: {beyond:?}"
    );
    assert!(
        staff.0["levels.html"].contains("qzflagrulenameqz"),
        "the policy page lists every rule"
    );
    for export in ["register.csv", "register.json"] {
        assert!(
            !staff.0[export].contains("crime_suspected"),
            "staff {export} names the hidden flag"
        );
    }

    // The auditor sees the rule on the record's page and the report made.
    let auditor = p.build("auditor", "auditor");
    auditor.assert_present("auditor, report made", [&reference]);
    for page in ["incidents/inc-2026-001.html", "compliance.html"] {
        assert!(
            auditor.0[page].contains("qzflagrulenameqz"),
            "auditor {page} lacks the rule"
        );
    }
}

/// Run git in `dir` with a fixed identity and no user configuration.
fn git(dir: &Path, args: &[&str], author: &str) -> bool {
    std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "qzgitmailqz@example.invalid")
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "qzgitmailqz@example.invalid")
        .env("GIT_AUTHOR_DATE", "2026-11-01T10:00:00+09:00")
        .env("GIT_COMMITTER_DATE", "2026-11-01T10:00:00+09:00")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

#[test]
fn record_history_from_git_hides_authors_and_restricted_commit_subjects() {
    let p = Planted::new();
    let root = p.dir.path();
    if !git(root, &["--version"], "x") {
        eprintln!("git is not installed; skipping");
        return;
    }
    // Everything but the restricted record, then the restricted record with a
    // subject that describes it.
    let author = "qzgitauthorqz";
    assert!(git(root, &["init", "-q"], author));
    assert!(git(root, &["add", "-A"], author));
    assert!(git(
        root,
        &["rm", "-q", "--cached", &format!("content/{RESTRICTED}")],
        author
    ));
    assert!(git(
        root,
        &["commit", "-q", "-m", "qzcommonsubjectqz"],
        author
    ));
    assert!(git(root, &["add", "-A"], author));
    assert!(git(
        root,
        &["commit", "-q", "-m", "qzrgitsubjectqz"],
        author
    ));
    let author_c = Canary::text("git author", author.into());
    let mail_c = Canary::text("git email", "qzgitmailqz".into());
    let subject_c = Canary::text("restricted commit subject", "qzrgitsubjectqz".into());

    let staff = p.build("staff", "staff");
    staff.assert_absent("staff, git", [&author_c, &mail_c, &subject_c]);
    staff.assert_absent("staff, restricted record", &p.restricted);
    // Subjects of normal records' commits are not confidential.
    staff.assert_present(
        "staff, git",
        [&Canary::text("subject", "qzcommonsubjectqz".into())],
    );

    let auditor = p.build("auditor", "auditor");
    auditor.assert_present("auditor, git", [&author_c, &subject_c]);
}
