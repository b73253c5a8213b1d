use super::*;
use crate::chars::IdSyntax;
use crate::schema::fields::INCIDENT;
use crate::yaml::parse;

pub(super) fn run(src: &str) -> Vec<(String, u32, u32)> {
    let node = parse(src).unwrap();
    let mut out = Diagnostics::new();
    check_shape(
        &node,
        INCIDENT,
        "x.yaml",
        FixedOffset::east_opt(9 * 3600).unwrap(),
        &mut out,
    );
    out.into_iter()
        .map(|d| (d.code.to_string(), d.pos.line, d.pos.col))
        .collect()
}

pub(super) const OK: &str = "id: A\ntitle: t\nlevel: 1\ncategory: c\nstatus: open\nresponsible: r\nreporter: x\ndetected_at: 2026-01-01\nsummary: s\n";

#[test]
fn valid_minimal_record_has_no_problems() {
    assert_eq!(run(OK), vec![]);
}

#[test]
fn reports_unknown_key_with_position() {
    let d = run(&format!("{OK}responsable: r\n"));
    assert_eq!(d, vec![("W104".into(), 10, 1)]);
}

#[test]
fn duplicate_keys_are_found_past_the_list_of_seen_keys() {
    // Past 64 keys the seen keys are a set: a repeat is still E107, a
    // required field written last still counts.
    let mut src = String::from("id: A\n");
    for i in 0..200 {
        src.push_str(&format!("k{i}: v\n"));
    }
    src.push_str("k7: again\nk150: again\n");
    src.push_str(&OK["id: A\n".len()..]);
    let d = run(&src);
    let twice: Vec<u32> = d.iter().filter(|x| x.0 == "E107").map(|x| x.1).collect();
    assert_eq!(twice, vec![202, 203]);
    assert_eq!(d.iter().filter(|x| x.0 == "W104").count(), 200);
    assert!(!d.iter().any(|x| x.0 == "E101"), "{d:?}");
}

#[test]
fn reports_bad_enum_date_and_type_at_the_value() {
    let src = OK
        .replace("status: open", "status: opne")
        .replace("detected_at: 2026-01-01", "detected_at: 2026-02-30")
        .replace("level: 1", "level: high");
    let d = run(&src);
    assert!(d.contains(&("E103".into(), 5, 9)), "{d:?}");
    assert!(d.contains(&("E105".into(), 8, 14)), "{d:?}");
    assert!(d.contains(&("E102".into(), 3, 8)), "{d:?}");
}

#[test]
fn reports_missing_and_nested_problems() {
    let src = format!(
        "{}actions:\n  - action: a\n    owner: r\n    due: tomorrow\n",
        OK.replace("title: t\n", "")
    );
    let d = run(&src);
    assert!(d.iter().any(|x| x.0 == "E101" && x.1 == 1), "{d:?}");
    assert!(d.contains(&("E105".into(), 12, 10)), "{d:?}");
    assert_eq!(
        d.iter().filter(|x| x.0 == "E101").count(),
        2,
        "title and actions[0].status: {d:?}"
    );
}

/// Every table, walked into its objects.
fn all_fields(table: &'static [Field], path: &str, out: &mut Vec<(String, &'static Field)>) {
    fn walk(ty: &Ty, path: &str, out: &mut Vec<(String, &'static Field)>) {
        match ty {
            Ty::Object(t) => all_fields(t, path, out),
            Ty::List(inner) | Ty::MapOf(inner) => walk(inner, path, out),
            Ty::FlowNext => all_fields(FLOW_EDGE, path, out),
            Ty::Criterion => all_fields(CRITERION, path, out),
            _ => {}
        }
    }
    for f in table {
        let here = if path.is_empty() {
            f.name.to_string()
        } else {
            format!("{path}.{}", f.name)
        };
        walk(&f.ty, &here, out);
        out.push((here, f));
    }
}

#[test]
fn every_id_title_and_path_has_its_character_class() {
    use crate::schema::fields::{CONTACTS, DRILL, FRONT_MATTER, POLICY, SITE};
    let mut fields = Vec::new();
    for (name, table) in [
        ("site", SITE),
        ("policy", POLICY),
        ("contacts", CONTACTS),
        ("page", FRONT_MATTER),
        ("incident", INCIDENT),
        ("drill", DRILL),
    ] {
        all_fields(table, name, &mut fields);
    }
    let ids: Vec<&str> = fields
        .iter()
        .filter(|(_, f)| f.name == "id")
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(ids.len(), 9, "{ids:?}");
    for (path, f) in &fields {
        let want = match f.name {
            "id" if path.starts_with("incident.")
                || path.starts_with("drill.")
                || path.contains("controls.") =>
            {
                Chars::Id(IdSyntax::Record)
            }
            "id" => Chars::Id(IdSyntax::Name),
            "title" | "path" => Chars::Visible,
            "name" | "name_en" | "label" if !path.starts_with("contacts.") => Chars::Line,
            _ => continue,
        };
        assert_eq!(f.chars, want, "{path}");
    }
}

#[test]
fn duplicate_keys_are_errors() {
    let d = run(&format!("{OK}title: again\n"));
    assert_eq!(d, vec![("E107".into(), 10, 1)]);
}

/// The path a diagnostic names, as it was made for every value before it
/// was made only when a diagnostic needs it: `parent.name`, `parent[i]`.
#[test]
fn a_path_written_out_is_the_path_joined_as_before() {
    fn joined(parent: &str, name: &str) -> String {
        if parent.is_empty() {
            name.to_string()
        } else {
            format!("{parent}.{name}")
        }
    }
    let root = At::Root;
    let actions = At::Key(&root, "actions");
    let first = At::Index(&actions, 0);
    let review = At::Key(&first, "review");
    let due = At::Key(&review, "due");
    assert_eq!(due.to_string(), "actions[0].review.due");
    assert_eq!(
        due.to_string(),
        joined(
            &joined(&format!("{}[0]", joined("", "actions")), "review"),
            "due"
        )
    );
    // Keys written as nothing (`"": x`) join as the written paths did.
    let blank = At::Key(&root, "");
    let under = At::Key(&blank, "x");
    assert_eq!(under.to_string(), joined(&joined("", ""), "x"));
    assert!(blank.is_empty() && !At::Index(&blank, 0).is_empty());
    assert_eq!(At::Index(&blank, 2).to_string(), "[2]");
    // `impact` of the document itself, and nothing else, is `impact`.
    assert!(At::Key(&root, "impact").is("impact"));
    assert!(At::Key(&blank, "impact").is("impact"));
    assert!(!At::Key(&actions, "impact").is("impact"));
    assert!(!At::Index(&At::Key(&root, "impact"), 0).is("impact"));
}

#[test]
fn diagnostics_name_the_nested_path_of_the_value() {
    let src = format!(
        "{OK}actions:\n  - action: a\n    owner: r\n    status: done\n    due: tomorrow\n    review:\n      due: 2026-02-30\nimpact:\n  personal_data: maybe\n"
    );
    let node = parse(&src).unwrap();
    let mut out = Diagnostics::new();
    check_shape(
        &node,
        INCIDENT,
        "x.yaml",
        FixedOffset::east_opt(9 * 3600).unwrap(),
        &mut out,
    );
    let texts: Vec<String> = out.into_iter().map(|d| d.message).collect();
    for path in [
        "actions[0].due",
        "actions[0].review.due",
        "impact.personal_data",
    ] {
        assert!(
            texts.iter().any(|t| t.contains(&format!("`{path}`"))),
            "{path}: {texts:?}"
        );
    }
}
