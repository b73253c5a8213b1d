//! Auditor evidence (issues 7 and 10): the manifest and `verify`, the CSV
//! and JSON exports, notification compliance, management review metrics,
//! the audit view `controls.html`, evidence copies and record history, and
//! what a staff build must not contain.
//!
//! Builds go through the library (`build::build`, or `render::render_site`
//! into memory for content `check` would refuse, such as a late report);
//! `verify` also through the binary, for its exit code and output.

mod common;

use ismsbook::evidence::verify::{verify, Change};
use ismsbook::evidence::Provenance;
use ismsbook::present::{theme::Theme, RenderOptions};
use ismsbook::site::render_site;
use ismsbook::site::{build, BuildOptions};
use ismsbook::write::MemorySink;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

const TODAY: &str = "2026-11-22";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
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

/// A private copy of the example content (outside any git repository).
fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&example(), &content);
    (dir, content)
}

fn build_into(content: &Path, out: &Path, audience: &str) {
    let opts = BuildOptions {
        content: content.to_path_buf(),
        out: out.to_path_buf(),
        theme: None,
        today: today(),
        audience: Some(audience.into()),
    };
    if let Err(e) = build(&opts) {
        panic!("build failed: {e}");
    }
}

/// Render `content` (loaded, not checked) into memory, as `build` would.
fn render_unchecked(content: &Path, audience: &str) -> BTreeMap<String, Vec<u8>> {
    let loaded = ismsbook::load::load(content).unwrap();
    let opts = RenderOptions {
        today: today(),
        audience: Some(audience.into()),
        provenance: Some(Arc::new(Provenance::collect(content))),
    };
    let sink = MemorySink::default();
    render_site(&loaded.content, &Theme::builtin(), &opts, &sink).unwrap();
    sink.into_files()
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .unwrap()
}

/// The part of `html` from the element with `id` to the next element of the
/// same kind of section (good enough for the flat pages tested here).
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start..];
    let end = rest[1..]
        .find("<section")
        .map(|e| e + 1)
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The text of the first element with class `class` after `from`.
fn text_of_class<'a>(html: &'a str, class: &str) -> &'a str {
    let at = html
        .find(&format!("class=\"{class}\""))
        .unwrap_or_else(|| panic!("no .{class}"));
    let open = at + html[at..].find('>').unwrap() + 1;
    let close = open + html[open..].find('<').unwrap();
    html[open..close].trim()
}

/// The figure `key` of the control `control` on controls.html: its value.
fn figure(controls_html: &str, control: &str, key: &str) -> String {
    let sec = section(controls_html, &format!("control-{control}"));
    let at = sec
        .find(&format!("data-figure=\"{key}\""))
        .unwrap_or_else(|| panic!("no figure {key} in {control}"));
    text_of_class(&sec[at..], "figure-value").to_string()
}

fn verify_bin(dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .arg("verify")
        .arg(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn verify_passes_on_a_fresh_build_and_names_every_file_changed_by_one_byte() {
    let (dir, content) = example_copy();
    let out = dir.path().join("site");
    build_into(&content, &out, "auditor");
    let (code, stdout, stderr) = verify_bin(&out);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stderr.contains("ok: all"), "{stderr}");

    // One byte of any output file changed: verify fails and names that file.
    let files = common::read_tree(&out);
    let listed = files.keys().filter(|p| {
        ![
            ".ismsbook-output",
            "evidence/manifest.json",
            "evidence/SHA256SUMS",
        ]
        .contains(&p.as_str())
    });
    let mut checked = 0;
    for path in listed {
        let full = out.join(path);
        let original = &files[path];
        let mut changed = original.clone();
        match changed.first_mut() {
            Some(b) => *b ^= 0x01,
            None => changed.push(b'x'),
        }
        std::fs::write(&full, &changed).unwrap();
        let v = verify(&out).unwrap();
        assert_eq!(v.differences.len(), 1, "{path}: {:?}", v.differences);
        assert_eq!(
            (v.differences[0].path.as_str(), v.differences[0].change),
            (path.as_str(), Change::Changed)
        );
        std::fs::write(&full, original).unwrap();
        checked += 1;
    }
    assert!(checked > 60, "only {checked} files");
    // SHA256SUMS itself changed: the file whose line no longer matches is named.
    let sums = out.join("evidence/SHA256SUMS");
    let original = std::fs::read(&sums).unwrap();
    let mut changed = original.clone();
    changed[0] = if changed[0] == b'0' { b'1' } else { b'0' };
    std::fs::write(&sums, &changed).unwrap();
    assert!(!verify(&out).unwrap().ok());
    std::fs::write(&sums, &original).unwrap();

    // Through the binary: exit 1 and each file named, added and missing too.
    let page = out.join("incidents/INC-2025-006.html");
    let original = std::fs::read(&page).unwrap();
    let mut changed = original.clone();
    let last = changed.len() - 2;
    changed[last] ^= 0x20;
    std::fs::write(&page, &changed).unwrap();
    std::fs::remove_file(out.join("register.csv")).unwrap();
    std::fs::write(out.join("extra.html"), "<p>planted</p>").unwrap();
    let (code, stdout, stderr) = verify_bin(&out);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert_eq!(
        stdout,
        "added: extra.html\nchanged: incidents/INC-2025-006.html\nmissing: register.csv\n"
    );

    // A planted file whose name holds a line break and an escape sequence
    // cannot forge a line of the report or reach the terminal raw.
    std::fs::write(&page, &original).unwrap();
    std::fs::remove_file(out.join("extra.html")).unwrap();
    std::fs::write(out.join("register.csv"), b"").unwrap();
    let forged = "x\nmissing: index.html\u{1b}[2J";
    std::fs::write(out.join(forged), "planted").unwrap();
    let (code, stdout, stderr) = verify_bin(&out);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let added: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("added: "))
        .collect();
    assert_eq!(
        added,
        ["added: x<U+000A>missing: index.html<U+001B>[2J"],
        "{stdout}"
    );
    assert!(
        !stdout.contains("\nmissing: index.html") && !stdout.contains('\u{1b}'),
        "{stdout}"
    );
    std::fs::remove_file(out.join(forged)).unwrap();

    // A site without a manifest cannot be verified at all.
    std::fs::remove_file(out.join("evidence/manifest.json")).unwrap();
    assert_eq!(verify_bin(&out).0, 2);
}

#[test]
fn the_manifest_hashes_every_source_and_output_file_and_builds_are_byte_identical() {
    let (dir, content) = example_copy();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_into(&content, &a, "auditor");
    build_into(&content, &b, "auditor");
    let (fa, fb) = (common::read_tree(&a), common::read_tree(&b));
    assert!(fa == fb, "two builds of the same content differ");

    let m =
        ismsbook::evidence::manifest::Manifest::from_bytes(&fa["evidence/manifest.json"]).unwrap();
    assert_eq!(
        m.build_date, TODAY,
        "the build date is --today, not the clock"
    );
    assert_eq!(m.audience, "auditor");
    assert_eq!(m.source_control, None, "a copy outside git has no commit");
    let listed: BTreeSet<&str> = m.files.iter().map(|f| f.path.as_str()).collect();
    let on_disk: BTreeSet<&str> = fa
        .keys()
        .map(String::as_str)
        .filter(|p| {
            // Not in the manifest: the marker, the manifest, the evidence page
            // that shows the manifest's hash, and SHA256SUMS (which lists them).
            ![
                ".ismsbook-output",
                "evidence/manifest.json",
                "evidence/index.html",
                "evidence/SHA256SUMS",
            ]
            .contains(p)
        })
        .collect();
    assert_eq!(listed, on_disk);
    for f in &m.files {
        assert_eq!(
            f.sha256,
            ismsbook::digest::sha256_hex(&fa[&f.path]),
            "{}",
            f.path
        );
    }
    // Sources: every content file read, and the evidence files copied.
    let sources: BTreeSet<&str> = m.sources.iter().map(|f| f.path.as_str()).collect();
    for s in [
        "site.yaml",
        "policy.yaml",
        "contacts.yaml",
        "incidents/2025/INC-2025-006.yaml",
        "drills/2026/DRL-2026-01.yaml",
        "handbook/start.md",
        "evidence/INC-2025-006/edr-alert.txt",
    ] {
        assert!(sources.contains(s), "{s} not in the manifest's sources");
    }
    for f in &m.sources {
        assert_eq!(
            f.sha256,
            ismsbook::digest::sha256_hex(&std::fs::read(content.join(&f.path)).unwrap())
        );
    }
    // The readable manifest lists the same.
    let index = text(&fa, "evidence/index.html");
    assert!(index.contains(&m.sources[0].sha256));
    assert!(index.contains("register.csv"));
}

#[test]
fn evidence_files_are_copied_next_to_the_record_with_size_and_hash() {
    let (dir, content) = example_copy();
    let out = dir.path().join("site");
    build_into(&content, &out, "auditor");
    let files = common::read_tree(&out);
    let copy = "incidents/INC-2025-006/evidence/edr-alert.txt";
    let original = std::fs::read(content.join("evidence/INC-2025-006/edr-alert.txt")).unwrap();
    assert_eq!(files[copy], original);
    let page = text(&files, "incidents/INC-2025-006.html");
    assert!(
        page.contains("href=\"../incidents/INC-2025-006/evidence/edr-alert.txt\""),
        "the record links its copy"
    );
    assert!(page.contains("e003a4fd93eb4817a23b8d7f90e7c53918ce679700ce9bb511ac3fcbccfda82e"));
    let size = original.len().to_string();
    assert!(
        page.contains(&format!("{size} バイト"))
            || page.contains(&format!(
                "{},{} バイト",
                &size[..size.len() - 3],
                &size[size.len() - 3..]
            )),
        "size shown"
    );
    // Without git, the page says so.
    assert!(page.contains("git リポジトリにない"), "history sentence");
    // Printed, the record page is its report, in the template's sections;
    // there is no separate report page.
    assert!(!files.keys().any(|p| p.starts_with("reports/")));
    let report = &page;
    for heading in [
        "1. 概要",
        "2. 日時",
        "3. 発生事象",
        "4. 対応経過",
        "5. 想定される原因",
        "6. 被害を受けたシステムの状況",
        "7. システム構成・運用状況",
        "8. 社外への届出",
        "9. 再発防止策",
    ] {
        assert!(report.contains(heading), "report lacks {heading}");
    }
}

#[test]
fn record_history_comes_from_git() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&example(), &content);
    let git = |args: &[&str]| {
        Command::new("git")
            .args([
                "-c",
                "user.name=監査 太郎",
                "-c",
                "user.email=audit@example.jp",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .current_dir(dir.path())
            // Committed before the build date: later revisions are not shown.
            .env("GIT_AUTHOR_DATE", "2026-11-20T10:00:00+09:00")
            .env("GIT_COMMITTER_DATE", "2026-11-20T10:00:00+09:00")
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    if !git(&["init", "-q"]) {
        eprintln!("git is not installed; skipping");
        return;
    }
    assert!(git(&["add", "content"]));
    assert!(git(&["commit", "-q", "-m", "記録を登録"]));
    let rec = content.join("incidents/2025/INC-2025-006.yaml");
    let yaml = std::fs::read_to_string(&rec)
        .unwrap()
        .replace("tags: [", "tags: [監査, ");
    std::fs::write(&rec, yaml).unwrap();
    assert!(git(&["commit", "-q", "-am", "タグを追加"]));

    let out = dir.path().join("site");
    build_into(&content, &out, "auditor");
    let files = common::read_tree(&out);
    let page = text(&files, "incidents/INC-2025-006.html");
    let history = section(&page, "history");
    let (newer, older) = (
        history.find("タグを追加").expect("second commit"),
        history.find("記録を登録").expect("first commit"),
    );
    assert!(newer < older, "newest first");
    assert!(history.contains("監査 太郎"), "author shown to auditors");
    let m = ismsbook::evidence::manifest::Manifest::from_bytes(&files["evidence/manifest.json"])
        .unwrap();
    let sc = m.source_control.expect("in git");
    assert_eq!((sc.commit.map(|c| c.len()), sc.dirty), (Some(40), false));

    // Staff see the history without authors; an uncommitted change makes the manifest say dirty.
    std::fs::write(
        content.join("handbook/start.md"),
        std::fs::read_to_string(content.join("handbook/start.md")).unwrap() + "\n追記\n",
    )
    .unwrap();
    let staff = dir.path().join("staff");
    build_into(&content, &staff, "staff");
    let files = common::read_tree(&staff);
    let page = text(&files, "incidents/INC-2025-006.html");
    assert!(page.contains("タグを追加") && !page.contains("監査 太郎"));
    let m = ismsbook::evidence::manifest::Manifest::from_bytes(&files["evidence/manifest.json"])
        .unwrap();
    assert!(m.source_control.unwrap().dirty);
}

#[test]
fn register_csv_has_a_bom_and_round_trips_to_the_same_records() {
    let (dir, content) = example_copy();
    let out = dir.path().join("site");
    build_into(&content, &out, "auditor");
    let bytes = std::fs::read(out.join("register.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let body = &bytes[3..];
    assert!(
        std::str::from_utf8(body).unwrap().contains("\r\n"),
        "CRLF line ends"
    );
    let mut reader = csv::Reader::from_reader(body);
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let (id, title, level) = (col("id"), col("title"), col("level"));
    let rows: Vec<(String, String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| {
            (
                r[id].to_string(),
                r[title].to_string(),
                r[level].to_string(),
            )
        })
        .collect();
    let loaded = ismsbook::load::load(&content).unwrap().content;
    let expected: Vec<(String, String, String)> = loaded
        .incidents
        .iter()
        .map(|i| {
            (
                i.id.value.clone(),
                i.title.clone(),
                i.level().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(rows, expected);
    assert!(
        headers.iter().any(|h| h == "reporter"),
        "auditors get every column"
    );

    // Staff: hidden columns are gone, the restricted record is a stub row.
    let staff = dir.path().join("staff");
    build_into(&content, &staff, "staff");
    let bytes = std::fs::read(staff.join("register.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    for hidden in [
        "reporter",
        "organization",
        "records_affected",
        "evidence_files",
    ] {
        assert!(
            !headers.iter().any(|h| h == hidden),
            "staff CSV has {hidden}"
        );
    }
    let title = headers.iter().position(|h| h == "title").unwrap();
    let stub = reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == "INC-2025-009")
        .expect("stub row");
    assert_eq!(&stub[title], "");

    // Drills are exported too, and the JSON register holds the same records.
    let drills = std::fs::read(out.join("drills.csv")).unwrap();
    assert!(
        drills.starts_with(b"\xEF\xBB\xBF")
            && String::from_utf8_lossy(&drills).contains("DRL-2026-01")
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("register.json")).unwrap()).unwrap();
    assert_eq!(json["format"], "ismsbook-register/1");
    let ids: Vec<&str> = json["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        expected.iter().map(|e| e.0.as_str()).collect::<Vec<_>>()
    );
    assert_eq!(
        json["drills"].as_array().unwrap().len(),
        loaded.drills.len()
    );
}

/// Replace `from` (which must occur once) in a content file.
fn edit(content: &Path, rel: &str, from: &str, to: &str) {
    let path = content.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{rel}: `{from}`");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

#[test]
fn compliance_shows_made_late_missing_and_not_yet_due() {
    let (_dir, content) = example_copy();
    let rec = "incidents/2025/INC-2025-006.yaml";
    // Detected 2025-09-01 07:50. Police within 3 days: report it on the 10th (late).
    edit(
        &content,
        rec,
        "    at: 2025-09-02T10:00:00+09:00\n    reference: 警視庁",
        "    at: 2025-09-10T10:00:00+09:00\n    reference: 警視庁",
    );
    // IPA within 30 days: never reported (missing).
    edit(&content, rec, "  - to: ipa\n    kind: report\n    at: 2025-09-19T11:00:00+09:00\n    reference: IPA 届出受付番号 R2025-0457（架空）\n", "");
    // Malware at level 2, detected the day before the build date: the police
    // (3 days) and IPA (30 days) reports are not yet due.
    std::fs::write(
        content.join("incidents/2026/FX-2026-009.yaml"),
        "id: FX-2026-009\ntitle: 検知したばかりの記録\nlevel: 2\ncategory: malware\nstatus: open\nresponsible: incident_manager\n\
reporter: 検証\ndetected_at: 2026-11-21T09:00:00+09:00\nreported_at: 2026-11-21T10:00:00+09:00\nsummary: 要約\n",
    )
    .unwrap();
    let files = render_unchecked(&content, "auditor");
    let html = text_of(&files, "compliance.html");
    let row = |rule: &str, id: &str, kind: &str| -> String {
        let sec = section(&html, &format!("rule-{rule}"));
        let key = format!("data-record=\"{id}\" data-kind=\"{kind}\"");
        let at = sec
            .find(&key)
            .unwrap_or_else(|| panic!("no row {rule} {id} {kind}"));
        let start = sec[..at].rfind("<tr").unwrap();
        let class = &sec[start..at];
        class
            .split("state-")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap()
            .to_string()
    };
    assert_eq!(row("ppc_leak", "INC-2025-006", "preliminary"), "made");
    assert_eq!(row("ppc_leak", "INC-2025-006", "final"), "made");
    assert_eq!(row("police", "INC-2025-006", "report"), "late");
    assert_eq!(row("ipa", "INC-2025-006", "report"), "missing");
    assert_eq!(row("police", "FX-2026-009", "report"), "not_yet_due");
    assert_eq!(row("ipa", "FX-2026-009", "report"), "not_yet_due");
    // The export says the same.
    let json: serde_json::Value = serde_json::from_slice(&files["register.json"]).unwrap();
    let inc = json["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "INC-2025-006")
        .unwrap();
    let states: BTreeMap<String, String> = inc["required_notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                format!(
                    "{}/{}",
                    r["rule"].as_str().unwrap(),
                    r["kind"].as_str().unwrap()
                ),
                r["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(states["police/report"], "late");
    assert_eq!(states["ipa/report"], "missing");
    assert_eq!(states["ppc_leak/final"], "made");
}

fn text_of(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    text(files, path)
}

/// A content directory with the example's policy, contacts and handbook, and
/// only the records below: every figure on metrics.html and controls.html is
/// known by hand.
fn fixture() -> (tempfile::TempDir, PathBuf) {
    let (dir, content) = example_copy();
    std::fs::remove_dir_all(content.join("incidents")).unwrap();
    std::fs::remove_dir_all(content.join("drills")).unwrap();
    std::fs::create_dir_all(content.join("incidents/2025")).unwrap();
    std::fs::create_dir_all(content.join("incidents/2026")).unwrap();
    std::fs::create_dir_all(content.join("drills/2026")).unwrap();
    let write = |rel: &str, text: &str| std::fs::write(content.join(rel), text).unwrap();
    // A: level 1, closed, complete, lessons, reported 60 min after detection,
    // decided after 30 min; two actions due in Q1 2026: one on time, one late.
    write(
        "incidents/2026/FX-2026-001.yaml",
        "id: FX-2026-001\ntitle: 検証用の記録A\nlevel: 1\ncategory: malware\nstatus: closed\nresponsible: incident_manager\nreporter: 検証\n\
occurred_at: 2026-01-10T07:00:00+09:00\ndetected_at: 2026-01-10T09:00:00+09:00\nreported_at: 2026-01-10T10:00:00+09:00\n\
contained_at: 2026-01-10T13:00:00+09:00\nrecovered_at: 2026-01-11T13:00:00+09:00\nclosed_at: 2026-01-12T13:00:00+09:00\n\
summary: 要約\ncause: 原因\nassessment: {stage: incident, decided_by: incident_manager, decided_at: 2026-01-10T09:30:00+09:00, rationale: 理由}\n\
timeline:\n  - {at: 2026-01-10T09:00:00+09:00, action: 発見}\n\
actions:\n  - {action: 対策1, owner: it_admin, due: 2026-02-10, status: done, done_at: 2026-02-09, evaluation: 確認, controls: [A.5.27]}\n  \
- {action: 対策2, owner: it_admin, due: 2026-02-20, status: verified, done_at: 2026-03-01, evaluation: 確認, controls: [A.5.27]}\n\
lessons: 教訓\n",
    );
    // B: level 1, open, no timeline, reported after 180 min, decided after 150 min;
    // an action due in Q1 2026 still open (overdue).
    write(
        "incidents/2026/FX-2026-002.yaml",
        "id: FX-2026-002\ntitle: 検証用の記録B\nlevel: 1\ncategory: malware\nstatus: open\nresponsible: incident_manager\nreporter: 検証\n\
detected_at: 2026-02-01T09:00:00+09:00\nreported_at: 2026-02-01T12:00:00+09:00\nsummary: 要約\n\
assessment: {stage: event, decided_by: incident_manager, decided_at: 2026-02-01T11:30:00+09:00, rationale: 理由}\n\
actions:\n  - {action: 対策3, owner: it_admin, due: 2026-03-31, status: in_progress, evaluation: 確認}\n",
    );
    // C: a level-0 near miss without an assessment, in Q2 2025.
    write(
        "incidents/2025/FX-2025-001.yaml",
        "id: FX-2025-001\ntitle: 検証用の記録C\nlevel: 0\ncategory: misdelivery\nstatus: open\nresponsible: it_admin\nreporter: 検証\n\
detected_at: 2025-04-02T10:00:00+09:00\nsummary: 要約\n",
    );
    write(
        "drills/2026/FX-D-01.yaml",
        "id: FX-D-01\ntitle: 検証用の訓練\ndate: 2026-03-17\nkind: tabletop\nscenario: 想定\nparticipants: [incident_manager]\n",
    );
    // The fixture is valid content: `check` finds no error in it.
    let loaded = ismsbook::load::load(&content).unwrap();
    let mut diags = loaded.diagnostics;
    diags.extend(ismsbook::validate::validate(
        &loaded.content,
        &content,
        today(),
    ));
    let errors: Vec<String> = diags
        .iter()
        .filter(|d| d.code.starts_with('E'))
        .map(|d| format!("{} {} {}", d.code, d.file, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    (dir, content)
}

#[test]
fn metrics_on_a_fixture_with_known_answers() {
    let (_dir, content) = fixture();
    let files = render_unchecked(&content, "auditor");
    let html = text_of(&files, "metrics.html");
    let row = |sec: &str, period: &str| -> Vec<String> {
        let s = section(&html, sec);
        let at = s
            .find(&format!("data-period=\"{period}\""))
            .unwrap_or_else(|| panic!("no {period} in {sec}"));
        let tr = &s[at..s[at..].find("</tr>").unwrap() + at];
        tr.split("<td class=\"num\">")
            .skip(1)
            .map(|c| c.split('<').next().unwrap().to_string())
            .collect()
    };
    // Columns: total, levels 0–3, weakness, event, incident, unassessed.
    assert_eq!(
        row("years", "2026"),
        ["2", "0", "2", "0", "0", "0", "1", "1", "0"]
    );
    assert_eq!(
        row("years", "2025"),
        ["1", "1", "0", "0", "0", "1", "0", "0", "0"]
    );
    assert_eq!(
        row("quarters", "2026-Q1"),
        ["2", "0", "2", "0", "0", "0", "1", "1", "0"]
    );
    // Actions due in 2026-Q1: 3 — on time 1, late 1, undated 0, overdue 1, not due 0, 33%.
    let actions = section(&html, "actions-on-time");
    let at = actions.find("data-period=\"2026-Q1\"").unwrap();
    let tr = &actions[at..at + actions[at..].find("</tr>").unwrap()];
    let cells: Vec<&str> = tr
        .split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.split('<').next().unwrap())
        .collect();
    assert_eq!(cells, ["3", "1", "1", "0", "1", "0", "33%"]);
    // Detection → report at level 1: 60 and 180 minutes: mean 2.0 h, median 2.0 h.
    let times = section(&html, "times");
    assert!(
        times.contains("2.0時間"),
        "mean/median of detection → report"
    );
}

#[test]
fn controls_figures_on_a_fixture_with_known_answers_and_every_link_resolves() {
    let (_dir, content) = fixture();
    let files = render_unchecked(&content, "auditor");
    let html = text_of(&files, "controls.html");
    // A.5.25: 2 of 3 records decided; median of 30 and 150 minutes.
    assert_eq!(figure(&html, "A.5.25", "assessed"), "2 / 3（67%）");
    assert_eq!(figure(&html, "A.5.25", "decision_time"), "1.5時間");
    // A.5.26: A complete, B has no timeline (C is a near miss, not counted).
    assert_eq!(figure(&html, "A.5.26", "timeline"), "1 / 2（50%）");
    // A.5.27: the one closed record has lessons; 2 of 3 actions done.
    assert_eq!(figure(&html, "A.5.27", "lessons"), "1 / 1（100%）");
    assert_eq!(figure(&html, "A.5.27", "actions"), "2 / 3（67%）");
    // A.6.8 and A.5.24: one drill held.
    assert_eq!(figure(&html, "A.6.8", "drills"), "1 件");
    assert_eq!(figure(&html, "A.6.8", "near_misses"), "1 件");
    assert!(
        section(&html, "control-A.5.26").contains("href=\"./incidents/FX-2026-002.html\""),
        "the incomplete record is linked"
    );

    let problems: Vec<String> = ismsbook::markup::links::check_site(&files)
        .into_iter()
        .filter(|p| p.page == "controls.html")
        .map(|p| p.to_string())
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// `href`s of a piece of HTML, resolved against the page at `page`.
fn links(page: &str, html: &str) -> Vec<String> {
    let base: Vec<&str> = page.split('/').collect();
    html.split("href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .filter(|h| !h.starts_with('#') && !h.contains(':'))
        .map(|h| {
            let mut parts: Vec<&str> = base[..base.len() - 1].to_vec();
            for seg in h.split('#').next().unwrap().split('/') {
                match seg {
                    ".." => {
                        parts.pop();
                    }
                    "." | "" => {}
                    s => parts.push(s),
                }
            }
            parts.join("/")
        })
        .collect()
}

#[test]
fn from_controls_html_every_controls_evidence_is_two_clicks_away() {
    let (dir, content) = example_copy();
    let out = dir.path().join("site");
    build_into(&content, &out, "auditor");
    let files = common::read_tree(&out);
    let html = text(&files, "controls.html");
    let loaded = ismsbook::load::load(&content).unwrap().content;
    for control in &loaded.policy.controls {
        let sec = section(&html, &format!("control-{}", control.id.value));
        let one: BTreeSet<String> = links("controls.html", sec)
            .into_iter()
            .filter(|l| files.contains_key(l))
            .collect();
        let mut two = one.clone();
        for p in one.iter().filter(|p| p.ends_with(".html")) {
            two.extend(
                links(p, &text(&files, p))
                    .into_iter()
                    .filter(|l| files.contains_key(l)),
            );
        }
        assert!(
            two.iter().any(|p| p.starts_with("incidents/INC-")),
            "{}: no record within two clicks",
            control.id.value
        );
        if control.id.value == "A.5.28" {
            assert!(
                one.iter()
                    .any(|p| p.contains("/evidence/") && !p.ends_with(".html")),
                "evidence files one click away"
            );
            assert!(one.contains("evidence/index.html"));
        }
    }
}

#[test]
fn staff_builds_leak_no_canary_into_any_output_while_auditors_see_them() {
    let (dir, content) = example_copy();
    // The restricted record (a stub for staff): canaries in every detail.
    let restricted = "incidents/2025/INC-2025-009.yaml";
    edit(
        &content,
        restricted,
        "title: 退職予定の",
        "title: zqxrestrictedtitle 退職予定の",
    );
    edit(
        &content,
        restricted,
        "reporter: 中村 大輔",
        "reporter: zqxrestrictedreporter",
    );
    edit(
        &content,
        restricted,
        "organization: 営業部",
        "organization: zqxrestrictedorg",
    );
    edit(
        &content,
        restricted,
        "records_affected: 2100",
        "records_affected: 987654321",
    );
    edit(
        &content,
        restricted,
        "cause: |\n",
        "cause: |\n  zqxrestrictedcause\n",
    );
    // A normal record: canaries in the fields the policy hides from staff.
    let normal = "incidents/2025/INC-2025-006.yaml";
    edit(
        &content,
        normal,
        "reporter: 岡田 健",
        "reporter: zqxnormalreporter",
    );
    edit(
        &content,
        normal,
        "organization: 株式会社ベイテック",
        "organization: zqxnormalorg 株式会社ベイテック",
    );
    edit(
        &content,
        normal,
        "records_affected: 3450",
        "records_affected: 918273645",
    );
    edit(
        &content,
        normal,
        "    by: 中村 大輔\n    action: 生産管理サーバのネットワークケーブル",
        "    by: zqxnormaltimelineby\n    action: 生産管理サーバのネットワークケーブル",
    );
    edit(
        &content,
        normal,
        "description: EDR が出した検知アラートの抜粋",
        "description: zqxnormalevidence",
    );
    let canaries = [
        "zqxrestrictedtitle",
        "zqxrestrictedreporter",
        "zqxrestrictedorg",
        "987654321",
        "987,654,321",
        "zqxrestrictedcause",
        "zqxnormalreporter",
        "zqxnormalorg",
        "918273645",
        "918,273,645",
        "zqxnormaltimelineby",
        "zqxnormalevidence",
        "edr-alert",
    ];
    let staff = dir.path().join("staff");
    build_into(&content, &staff, "staff");
    for (path, bytes) in common::read_tree(&staff) {
        // A document shard's texts are packed: read them unpacked.
        let bytes = ismsbook::search::doc_shard_json(&bytes).unwrap_or(bytes);
        let lower = String::from_utf8_lossy(&bytes).to_lowercase();
        for c in canaries {
            assert!(!lower.contains(c), "staff build: `{c}` in {path}");
            assert!(
                !path.to_lowercase().contains(c),
                "staff build: `{c}` in the file name {path}"
            );
        }
    }
    let auditor = dir.path().join("auditor");
    build_into(&content, &auditor, "auditor");
    let all: String = common::read_tree(&auditor)
        .into_values()
        .map(|b| ismsbook::search::doc_shard_json(&b).unwrap_or(b))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .collect();
    for c in [
        "zqxrestrictedtitle",
        "zqxrestrictedreporter",
        "zqxnormalreporter",
        "zqxnormaltimelineby",
        "918273645",
        "zqxnormalevidence",
        "edr-alert",
    ] {
        assert!(all.contains(c), "auditor build lacks `{c}`");
    }
    let csv = String::from_utf8(std::fs::read(auditor.join("register.csv")).unwrap()).unwrap();
    assert!(csv.contains("zqxrestrictedreporter") && csv.contains("918273645"));
}
