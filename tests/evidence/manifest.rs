//! The manifest and `verify`, evidence copies, record history and the register
//! CSV.

use super::*;

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
        common::has_attr(
            &page,
            "href",
            "../incidents/INC-2025-006/evidence/edr-alert.txt"
        ),
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
