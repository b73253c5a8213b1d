use super::*;
use std::path::Path;

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
                let p = Prefilter::with_audiences(audiences);
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

/// An audience hiding people (`hide`: the fields it hides besides).
fn hiding(hide: &[&str]) -> Audience {
    use crate::model::AudienceRule;
    Audience {
        id: "public".into(),
        rule: AudienceRule {
            restricted: RestrictedMode::Omit,
            hide: ["reporter"]
                .iter()
                .chain(hide)
                .map(|h| h.to_string())
                .collect(),
        },
    }
}

/// A record of `file` naming `reporter`, whose summary is `summary`.
fn record(file: &str, reporter: &str, summary: &str) -> Incident {
    let mut inc = crate::validate::register_entry(Incident::sample());
    inc.file = file.into();
    inc.summary = summary.into();
    inc.timeline.clear();
    inc.evidence.clear();
    inc.extra = Default::default();
    inc.reporter = Some(reporter.into()).filter(|r: &String| !r.is_empty());
    inc
}

/// What [`Prefilter::finish`] answers of `records`, kept in that order
/// (the first `whole` of them whole), with the contacts of `content`.
fn asked(content: &Content, records: &[Incident], whole: usize) -> Vec<String> {
    let mut p = Prefilter::of(content);
    p.audiences = vec![hiding(&[])];
    p.shown = p.shown_table();
    p.whole = whole;
    let mut all = content.clone();
    all.sources = sources(records);
    for inc in records {
        p.keep(&all.sources, inc);
    }
    all.incidents = records.to_vec();
    p.finish(&all).may_name
}

/// The records' files, sorted (what the load lists).
fn sources(records: &[Incident]) -> Vec<String> {
    let mut files: Vec<String> = records.iter().map(|r| r.file.clone()).collect();
    files.sort();
    files
}

/// The runs `p` kept of the record of `file` among `sources`.
fn runs_of(p: &Prefilter, sources: &[String], file: &str) -> String {
    let store = p.kept.lock().unwrap();
    let at = store
        .kept
        .iter()
        .position(|k| sources[k.index as usize] == file)
        .unwrap();
    let start = at.checked_sub(1).map_or(0, |j| store.kept[j].end as usize);
    store.runs[start..store.kept[at].end as usize].to_string()
}

/// The general question: each record's shown texts, folded, against the
/// widest matcher of every name the records hold (what `check` asked
/// before the records were read once).
fn asked_of_the_texts(content: &Content, records: &[Incident]) -> Vec<String> {
    let p = Prefilter::with_audiences(vec![hiding(&[])]);
    let mut names = Vec::new();
    for inc in records {
        people(inc, &mut |n| names.push(n));
    }
    let matcher = Register::of(content).widest_matcher(names);
    let mut out: Vec<String> = records
        .iter()
        .filter(|inc| matcher.is_match_in(&mut |fold| p.shown_texts(inc, fold)))
        .map(|inc| inc.file.clone())
        .collect();
    out.sort();
    out
}

/// The runs kept of each record answer as its texts do, whether the
/// record was kept before the name it holds was known (a later record's
/// reporter: its characters are not yet in the alphabet, and the question
/// falls back on the characters seen) or after, whole or in runs, in every
/// order; a name written apart, or in no record, is not found.
#[test]
fn the_runs_kept_answer_as_the_texts_do_for_names_known_before_and_after() {
    let mut content = Content::default();
    content.contacts.internal = Vec::new();
    let records = vec![
        record("a.yaml", "", "鬼塚 凜さんから報告があった。"),
        record("b.yaml", "", "鬼塚と凜は別の語。𠮷野さんも見た。"),
        record("c.yaml", "", "JANE DOE was told. 檸様へ"),
        record("d.yaml", "中村 大輔", "ｵﾆﾂﾞｶ様の件"),
        record("e.yaml", "", "本社で停電が起きた。中村課長へ。"),
        record("f.yaml", "鬼塚 凜", "報告は以上。"),
        record("g.yaml", "𠮷野 蘭", "なし"),
        record("h.yaml", "Jane Doe", "none"),
        record("i.yaml", "蔀 檸", "なし"),
        record("j.yaml", "おにづか 凜", "なし"),
    ];
    let expected = asked_of_the_texts(&content, &records);
    // The reporters are hidden; each summary but the last five names
    // someone (`中村` alone is a family name).
    assert_eq!(expected, ["a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.yaml"]);
    let mut reversed = records.clone();
    reversed.reverse();
    for order in [&records, &reversed] {
        for whole in [0, 3, usize::MAX] {
            let got = asked(&content, order, whole);
            // Never fewer than the texts say.
            for f in &expected {
                assert!(got.contains(f), "whole {whole}: {f} {got:?}");
            }
        }
    }
    // Without the Latin name (a text folded before an ASCII character was
    // of the alphabet cannot tell whether it holds it: asked again), the
    // runs answer exactly as the texts do.
    let records: Vec<Incident> = records
        .into_iter()
        .filter(|r| r.file != "h.yaml" && r.file != "c.yaml")
        .collect();
    let expected = asked_of_the_texts(&content, &records);
    assert_eq!(expected, ["a.yaml", "b.yaml", "d.yaml", "e.yaml"]);
    let mut reversed = records.clone();
    reversed.reverse();
    for order in [&records, &reversed] {
        for whole in [0, 3, usize::MAX] {
            assert_eq!(asked(&content, order, whole), expected, "whole {whole}");
        }
    }
}

/// With every name known before the records are kept (contacts), the runs
/// alone answer, and a record holding none of the names' characters keeps
/// nothing at all.
#[test]
fn a_record_without_the_names_characters_keeps_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let loaded = crate::load::load(&root).unwrap();
    let mut content = loaded.content.clone();
    content.incidents.clear();
    let contact = content.contacts.internal[0].person.name.clone();
    let records = vec![
        record("a.yaml", "", &format!("{contact}さんが対応した。")),
        record("b.yaml", "", "ｘｙｚ"),
    ];
    let mut p = Prefilter::of(&content);
    p.audiences = vec![hiding(&[])];
    p.shown = p.shown_table();
    p.whole = 0;
    let files = sources(&records);
    for inc in &records {
        p.keep(&files, inc);
    }
    assert_eq!(runs_of(&p, &files, "b.yaml"), "");
    assert!(!runs_of(&p, &files, "a.yaml").is_empty());
    assert_eq!(asked_of_the_texts(&content, &records), ["a.yaml"]);
    assert_eq!(asked(&content, &records, 0), ["a.yaml"]);
}

/// A record whose file is not among the sources (nothing the load hands
/// over, but what the index of a kept record could not name) is read again
/// rather than passed over.
#[test]
fn a_record_not_among_the_sources_is_read_again() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let loaded = crate::load::load(&root).unwrap();
    let mut content = loaded.content.clone();
    content.incidents.clear();
    let records = vec![
        record("a.yaml", "", "ｘｙｚ"),
        record("b.yaml", "", "ｘｙｚ"),
    ];
    let mut p = Prefilter::of(&content);
    p.audiences = vec![hiding(&[])];
    p.shown = p.shown_table();
    p.whole = 0;
    let listed = vec!["a.yaml".to_string()];
    for inc in &records {
        p.keep(&listed, inc);
    }
    content.sources = listed;
    content.incidents = records;
    assert_eq!(p.finish(&content).may_name, ["b.yaml"]);
}

/// A Latin name learned only from the last record: the records kept
/// before it, folded sparse (no ASCII in the alphabet yet), are read again
/// only where the texts hold every letter of it; one in Japanese alone, or
/// whose ASCII lacks a letter of the name, is not (each was read again,
/// however many such records a register held).
#[test]
fn a_latin_name_learned_late_sends_back_only_the_records_holding_its_letters() {
    let mut content = Content::default();
    content.contacts.internal = Vec::new();
    let records = vec![
        record("a.yaml", "", "JANE DOE was told."),
        record("b.yaml", "", "VPN 装置の障害を確認した。"),
        record("c.yaml", "", "本社で停電が起きた。"),
        record("d.yaml", "鈴木 一郎", "USB メモリを紛失 (ext. 42)。"),
        record("z.yaml", "Jane Doe", "none"),
    ];
    let expected = asked_of_the_texts(&content, &records);
    assert_eq!(expected, ["a.yaml"]);
    for whole in [0, 2, usize::MAX] {
        assert_eq!(asked(&content, &records, whole), expected, "whole {whole}");
    }
}
