use super::*;

fn scan(text: &str) -> Option<Vec<String>> {
    people_in(text)
}

#[test]
fn person_fields_written_plainly_are_read_from_the_raw_text() {
    let text = "id: A\nreporter: 青木 陽子\nsummary: |\n  本文\ntimeline:\n  - at: 2024-01-01T00:00:00+09:00\n    by: \"中村 大輔\"\n    action: 確認\n  - by: '林 彩'\n    action: 報告\nevidence:\n  - path: a.log\n    collected_by:  Hanako Sato  \n";
    assert_eq!(
        scan(text).unwrap(),
        ["青木 陽子", "中村 大輔", "林 彩", "Hanako Sato"]
    );
    // A line in a text block that looks like one only adds a name.
    let text = "summary: |\n  by: 藤田 亮\n  reporter: x\nlessons: y\n";
    assert_eq!(scan(text).unwrap(), ["藤田 亮", "x"]);
    // Other keys are not people.
    assert_eq!(
        scan("bypass: a\nby_x: b\ndecided_by: c\nby:x\n").unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn a_value_the_scan_cannot_read_exactly_sends_the_file_to_the_parser() {
    for text in [
        "reporter: |\n  中村 大輔\n",
        "reporter:\n  中村 大輔\n",
        "reporter: 中村\n  大輔\n",
        "reporter: \"中村\\u3000大輔\"\n",
        "reporter: \"中村\n  大輔\"\n",
        "reporter: '中村 ''大輔'''\n",
        "reporter: &r 中村 大輔\n",
        "reporter: *r\n",
        "reporter: !!str 中村 大輔\n",
        "reporter: 中村 大輔 # 代理\n",
        "timeline:\n  - {by: 中村 大輔}\n",
        "\"reporter\": 中村 大輔\n",
        "? reporter\n: 中村 大輔\n",
        "reporter:\t中村 大輔\n",
        "reporter: 中村 大輔\r\n",
        "--- \nreporter: 中村 大輔\n",
        "x: a\u{2028}reporter: 中村 大輔\n",
        "- by: 中村\n  大輔\n",
    ] {
        assert_eq!(scan(text), None, "{text:?}");
    }
    // A BOM, a bullet list and a sibling key after the value are fine.
    assert_eq!(
        scan("\u{feff}reporter: 中村 大輔\nlessons: |\n  * 一つ目\n").unwrap(),
        ["中村 大輔"]
    );
}

/// The generated corpus and the example content: every person field the
/// loader reads is among what the scan (or, for a file it cannot read, the
/// parser) finds.
#[test]
fn the_scan_finds_every_person_the_loader_reads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut diags = Vec::new();
    let rels = files::list(&root, "incidents", &["yaml", "yml"], &mut diags);
    assert!(rels.len() > 5);
    let tz = chrono::FixedOffset::east_opt(9 * 3600).unwrap();
    let mut scanned = 0;
    for rel in &rels {
        let text = files::read(&root, rel, files::Origin::Listed).unwrap();
        let exact = parsed_people(&text, rel, tz);
        if let Some(found) = people_in(&text) {
            scanned += 1;
            for p in &exact {
                assert!(found.iter().any(|f| f.trim() == p.trim()), "{rel}: {p}");
            }
        }
    }
    assert!(scanned * 2 > rels.len(), "{scanned} of {}", rels.len());
}

/// The texts the first question walks are the ones the name rule walks,
/// under the same field paths: for every record of the example content and
/// for one with every text there is.
#[test]
fn the_texts_asked_are_the_texts_the_name_rule_reads() {
    use crate::model::incident::*;
    let walked = |inc: &Incident| {
        let mut ours = Vec::new();
        texts(inc, &mut |Field(field, _), text| {
            ours.push(format!("{field}={text}"))
        });
        let mut theirs = Vec::new();
        prose::incident(inc, &mut |path, text| {
            theirs.push(format!("{}={text}", prose::field_of(path)))
        });
        (ours, theirs)
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let loaded = crate::load::load(&root).unwrap();
    assert!(loaded.content.incidents.len() > 5);
    for inc in &loaded.content.incidents {
        let (ours, theirs) = walked(inc);
        assert_eq!(ours, theirs, "{}", inc.file);
    }
    let (ours, theirs) = walked(&every_text());
    assert_eq!(ours, theirs);
    assert!(ours.len() >= 24, "{ours:?}");
}

/// A record with every text there is, each its own.
fn every_text() -> Incident {
    use crate::model::incident::*;
    use crate::model::texts::Texts;
    use crate::model::Spanned;
    let mut inc = Incident::sample();
    let s = |v: &str| Some(v.to_string());
    let at = Spanned::new(String::from("a.log"), crate::diagnostics::Pos::START);
    inc.reporter = s("reporter");
    inc.location = s("location");
    inc.organization = s("organization");
    inc.summary = "summary".into();
    inc.cause = s("cause");
    inc.system_configuration = s("configuration");
    inc.affected_systems = vec!["sys1".into(), "sys2".into()];
    inc.impact.customers = s("customers");
    inc.impact.business = s("business");
    inc.assessment = Some(Assessment {
        stage: None,
        decided_by: None,
        decided_at: None,
        rationale: s("rationale"),
        pos: crate::diagnostics::Pos::START,
    });
    inc.timeline = (0..2)
        .map(|k| TimelineEntry {
            at: None,
            by: s(&format!("by{k}")),
            action: format!("action{k}"),
            pos: crate::diagnostics::Pos::START,
        })
        .collect();
    inc.notifications = vec![NotificationMade {
        to: at.clone(),
        kind: at.clone(),
        at: None,
        reference: s("reference"),
        late_reason: s("late"),
        pos: crate::diagnostics::Pos::START,
    }];
    inc.actions = vec![Action {
        action: "action".into(),
        owner: None,
        due: None,
        evaluation: s("evaluation"),
        status: None,
        done_at: None,
        controls: Vec::new(),
        late_reason: s("late"),
        review: None,
        pos: crate::diagnostics::Pos::START,
    }];
    inc.evidence = vec![Evidence {
        path: at.clone(),
        description: s("description"),
        sha256: None,
        collected_by: None,
        collected_at: None,
    }];
    inc.tags = vec!["tag".into()];
    inc.extra = Texts::from_iter([("lessons", "lessons".to_string())]);
    inc
}

/// The texts shown, by the table of the named fields, are the texts each
/// field's own question shows (`Audience::hides` of its path), for records
/// restricted and not, under audiences that hide a field, a whole part, an
/// extra field, or nothing, and that show restricted records or not.
#[test]
fn the_texts_shown_by_the_table_are_the_texts_each_field_question_shows() {
    use crate::model::{AudienceRule, RestrictedMode};
    let audience = |restricted, hide: &[&str]| Audience {
        id: "a".into(),
        rule: AudienceRule {
            restricted,
            hide: hide.iter().map(|h| h.to_string()).collect(),
        },
    };
    let hides = [
        &["reporter"][..],
        &["reporter", "timeline.by", "evidence", "organization"],
        &[
            "reporter",
            "timeline",
            "impact",
            "lessons",
            "actions.evaluation",
        ],
        &[
            "reporter",
            "notifications.reference",
            "tags",
            "title",
            "summary",
        ],
        &[
            "reporter",
            "assessment",
            "affected_systems",
            "evidence.path",
        ],
    ];
    let modes = [
        RestrictedMode::Show,
        RestrictedMode::Stub,
        RestrictedMode::Omit,
    ];
    let mut compared = 0;
    for (k, hide) in hides.iter().enumerate() {
        for mode in modes {
            // One audience, and two that differ (either showing a field shows it).
            let other = audience(RestrictedMode::Show, hides[(k + 1) % hides.len()]);
            for audiences in [
                vec![audience(mode, hide)],
                vec![audience(mode, hide), other],
            ] {
                let mut p = Prefilter {
                    matcher: Matcher::new(Vec::new()),
                    audiences,
                    scanned: Default::default(),
                    shown: Default::default(),
                };
                p.shown = p.shown_table();
                for restricted in [false, true] {
                    let mut inc = every_text();
                    if restricted {
                        inc.visibility = crate::model::incident::Visibility::Restricted;
                    }
                    assert_eq!(inc.is_restricted(), restricted);
                    let mut ours = Vec::new();
                    p.shown_texts(&inc, &mut |t| ours.push(t.to_string()));
                    let mut theirs = Vec::new();
                    texts(&inc, &mut |Field(field, _), t| {
                        let shown = p.audiences.iter().any(|a| {
                            (!restricted || a.rule.restricted == RestrictedMode::Show)
                                && !a.hides(field)
                        });
                        if shown {
                            theirs.push(t.to_string());
                        }
                    });
                    assert_eq!(ours, theirs, "{hide:?} {mode:?} restricted {restricted}");
                    compared += usize::from(!theirs.is_empty());
                }
            }
        }
    }
    assert!(compared > 20, "{compared}");
}

/// Every field [`texts`] names stands at its place in [`FIELDS`], and
/// extra fields have none.
#[test]
fn each_named_field_is_looked_up_at_its_own_place() {
    let mut seen = Vec::new();
    texts(&every_text(), &mut |Field(field, at), _| {
        match at {
            Some(k) => assert_eq!(FIELDS[k], field),
            None => assert_eq!(field, "lessons"),
        }
        seen.push(field);
    });
    for f in FIELDS {
        assert!(seen.contains(&f), "{f} never visited");
    }
}

/// The odd characters are found wherever they fall (the bytes are asked
/// 32 at a time), and the characters that share their first byte are not
/// taken for them.
#[test]
fn odd_line_breaks_are_found_at_every_offset() {
    for k in 0..70 {
        let pad = "a".repeat(k);
        for odd in ["\u{85}", "\u{2028}", "\u{2029}", "\t", "\r", "{"] {
            let text = format!("x: {pad}{odd}\nreporter: 中村 大輔\n");
            assert_eq!(scan(&text), None, "{k} {odd:?}");
        }
        for fine in ["…", "\u{a0}", "※", "—"] {
            let text = format!("x: {pad}{fine}\nreporter: 中村 大輔\n");
            assert_eq!(scan(&text).unwrap(), ["中村 大輔"], "{k} {fine:?}");
        }
    }
}
