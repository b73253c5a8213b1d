//! Notification compliance, management review metrics, the audit view
//! `controls.html`, and what a staff build must not contain.

use super::*;

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
