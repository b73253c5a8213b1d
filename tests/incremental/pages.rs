//! Which pages a rebuild renders at all (not only which it writes: a page
//! rendered again to the same bytes is not written, so `changed` cannot
//! tell), read from [`Session::rendered`].

use super::*;

/// The pages made from no record: the start page, the report assistant,
/// the card, the flow, the levels, the contacts, the search page, the
/// handbook, the templates and the drills.
fn reads_no_record(path: &str) -> bool {
    [
        "index.html",
        "report.html",
        "card.html",
        "flow.html",
        "levels.html",
        "contacts.html",
        "search.html",
        "templates.html",
        "drills.html",
    ]
    .contains(&path)
        || ["handbook/", "templates/", "drills/"]
            .iter()
            .any(|d| path.starts_with(d))
}

/// A record-only rebuild leaves the pages that read no record as written
/// (they are not rendered), and the served folder is still a whole
/// build's, for a title edit and a record added and removed.
#[test]
fn pages_that_read_no_record_are_not_rendered_again_after_a_record_edit() {
    let f = Fixture::example();
    let opts = options(&f, "site", None);
    let mut session = Session::new(opts.clone());
    assert!(matches!(session.build_whole(), Ok(Rebuilt::Whole(_))));
    let whole_build: Vec<String> = session
        .rendered()
        .iter()
        .filter(|p| reads_no_record(p))
        .cloned()
        .collect();
    for page in ["index.html", "card.html", "search.html", "levels.html"] {
        assert!(whole_build.iter().any(|p| p == page), "{whole_build:?}");
    }
    assert!(
        whole_build.iter().any(|p| p.starts_with("handbook/")),
        "{whole_build:?}"
    );

    f.replace(RECORD, TITLE, &format!("{TITLE}（第二報）"));
    session.rebuild(&[f.path(RECORD)], &noop).expect("rebuild");
    let rendered = session.rendered().to_vec();
    assert!(
        rendered.iter().any(|p| p == "incidents/INC-2026-003.html"),
        "{rendered:?}"
    );
    let again: Vec<&String> = rendered.iter().filter(|p| reads_no_record(p)).collect();
    assert!(again.is_empty(), "rendered again: {again:?}");
    assert_same_as_whole_build(&f, &opts, &mut session);

    // A record added, then removed: the register's pages change, these not.
    let added = "incidents/2026/INC-2026-900.yaml";
    f.write(
        added,
        f.read(RECORD)
            .replace("id: INC-2026-003", "id: INC-2026-900"),
    );
    session.rebuild(&[f.path(added)], &noop).expect("add");
    assert!(session.rendered().iter().any(|p| p == "register.html"));
    assert!(!session.rendered().iter().any(|p| reads_no_record(p)));
    assert_same_as_whole_build(&f, &opts, &mut session);
    f.remove(added);
    session.rebuild(&[f.path(added)], &noop).expect("remove");
    assert!(!session.rendered().iter().any(|p| reads_no_record(p)));
    assert_same_as_whole_build(&f, &opts, &mut session);
}

/// A theme that overrides the register's row (here with what only the
/// page knows, its path) or the register page itself (its own loop over
/// `rows`) keeps Tera's walk of the rows: a rebuild gives a whole build's
/// bytes, with the theme's markup in them.
#[test]
fn a_theme_that_overrides_the_register_row_or_page_keeps_tera() {
    let builtin = |name: &str| {
        std::fs::read_to_string(
            common::repo_root()
                .join("themes/default/templates")
                .join(name),
        )
        .unwrap()
    };
    let row = builtin("register_row.html").replace(
        "{% else %}<tr>",
        r#"{% else %}<tr data-from="{{ page_path }}">"#,
    );
    let page = builtin("register.html").replace(
        r#"{% if rows_html is defined %}{{ rows_html | safe }}{% else %}{% for r in rows %}{% include "register_row.html" %}{% endfor %}{% endif %}"#,
        r#"{% for r in rows %}<tr class="theirs"><td>{{ r.id }}<td>{{ r.title }}
{% endfor %}"#,
    );
    for (name, text, marker) in [
        (
            "register_row.html",
            row,
            r#"<tr data-from="register.html">"#,
        ),
        ("register.html", page, r#"<tr class="theirs">"#),
    ] {
        let f = Fixture::example();
        let theme = f.workdir().join("theme");
        std::fs::create_dir_all(theme.join("templates")).unwrap();
        std::fs::write(theme.join("templates").join(name), &text).unwrap();
        let mut opts = options(&f, "site", None);
        opts.theme = Some(theme);
        let mut session = Session::new(opts.clone());
        assert!(matches!(session.build_whole(), Ok(Rebuilt::Whole(_))));
        f.replace(RECORD, TITLE, &format!("{TITLE}（第二報）"));
        let rebuilt = session.rebuild(&[f.path(RECORD)], &noop);
        assert!(
            matches!(rebuilt, Ok(Rebuilt::Incremental { .. })),
            "{name}: {rebuilt:?}"
        );
        let register = std::fs::read_to_string(opts.out.join("register.html")).unwrap();
        assert!(register.contains(marker), "{name}: {register}");
        assert!(register.contains("（第二報）"), "{name}");
        assert_same_as_whole_build(&f, &opts, &mut session);
    }
}
