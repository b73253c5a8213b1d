//! The register's rows written by compiled code: the same bytes as the
//! built-in `register_row.html` (with `macros.html`'s badges) rendered by
//! Tera for each row, without making a template value of every row and
//! walking them in the template. At 100,000 records the listings hold
//! about 400,000 rows (each record's full row in its year, a short one in
//! its level, category and status), and Tera walking them was about a
//! tenth of the build's CPU. A test holds the bytes equal to Tera's for
//! every record of the example in every audience, short and full.
//!
//! Used where the theme leaves those templates as built in
//! (`present::theme::Theme::compiles_register_rows`); a theme that
//! overrides one gets Tera, as before.

use crate::markup::push_escaped;
use crate::model::summary::Summary;
use crate::model::Status;
use crate::paths::{record_page, site_href};
use crate::present::context::date_view_in;
use crate::present::view::Presence;
use crate::present::Env;

/// The rows at `indices` of [`Env::incidents`] (in that order), short
/// (`compact`) or full, as the page at `from` shows them.
pub(super) fn rows_html(env: &Env, from: &str, indices: &[usize], compact: bool) -> String {
    let mut out = String::with_capacity(indices.len() * if compact { 200 } else { 600 });
    for &k in indices {
        let (i, p) = &env.incidents[k];
        push_row(&mut out, env, from, i, *p, compact);
    }
    out
}

/// A locale string, escaped (Tera fails on a missing key; the built-in
/// locales have every key these rows use, which a test checks).
fn t(out: &mut String, env: &Env, key: &str) {
    match env.t.lookup_html(key) {
        Some(html) => out.push_str(html),
        None => push_escaped(out, key),
    }
}

/// A locale string with `{n}` replaced by `n`, escaped (Tera's
/// `t.x | replace(from="{n}", to=n ~ "")`).
fn t_n(out: &mut String, env: &Env, key: &str, n: &str) {
    push_escaped(out, &env.t.get(key).replace("{n}", n));
}

/// One row, as `register_row.html` writes it.
fn push_row(
    out: &mut String,
    env: &Env,
    from: &str,
    i: &Summary,
    presence: Presence,
    compact: bool,
) {
    let stub = presence == Presence::Stub;
    let href = site_href(from, &record_page(&i.id));
    out.push_str("<tr><td><a href=\"");
    push_escaped(out, &href);
    out.push_str("\">");
    push_escaped(out, &i.id);
    out.push_str("</a><td>");
    if stub {
        out.push_str("<span class=\"muted\">");
        t(out, env, "incident.restricted_title");
        out.push_str("</span>");
    } else if compact {
        push_escaped(out, &i.title);
    } else {
        out.push_str("<a href=\"");
        push_escaped(out, &href);
        out.push_str("\">");
        push_escaped(out, &i.title);
        out.push_str("</a>");
    }
    if compact {
        out.push_str("<td>");
        detected(out, env, i);
        out.push('\n');
        return;
    }
    out.push_str("<td>");
    if let Some(level) = i.level() {
        let n = level.to_string();
        out.push_str("<span class=\"badge level-");
        push_escaped(out, &n);
        out.push_str("\">");
        t_n(out, env, "common.level_n", &n);
        out.push_str("</span>");
    }
    out.push_str("<td>");
    if let Some(c) = i.category.as_deref() {
        push_escaped(out, env.category_name(c));
    }
    out.push_str("<td>");
    if let Some(status) = i.status().map(Status::as_str) {
        out.push_str("<span class=\"badge status-");
        push_escaped(out, status);
        out.push_str("\">");
        t(out, env, &format!("status.{status}"));
        out.push_str("</span>");
    }
    out.push_str("<td>");
    if let Some(stage) = crate::analysis::metrics::stage_of(i, &env.content.policy) {
        t(out, env, &format!("stage.{}", stage.as_str()));
    }
    out.push_str("<td>");
    detected(out, env, i);
    out.push_str("<td>");
    if !stub {
        if let Some(r) = i.responsible.as_deref() {
            push_escaped(out, env.role_name(r));
        }
    }
    out.push_str("<td>");
    let (open, overdue) = if stub {
        (0, 0)
    } else {
        (
            i.actions.iter().filter(|a| !a.is_done()).count(),
            i.actions.iter().filter(|a| a.is_overdue(env.today)).count(),
        )
    };
    out.push_str(&open.to_string());
    if overdue > 0 {
        out.push_str(" <span class=\"flag flag-overdue\" title=\"");
        t(out, env, "register.overdue_title");
        out.push_str("\">");
        t_n(out, env, "register.overdue_short", &overdue.to_string());
        out.push_str("</span>");
    }
    out.push('\n');
}

/// The detection time: `<time>` with a `datetime` only where its text is
/// not the machine-readable value itself.
fn detected(out: &mut String, env: &Env, i: &Summary) {
    if let Some(d) = i.detected_at.as_ref().map(|d| date_view_in(d, env)) {
        d.push_html(out);
    }
}

#[cfg(test)]
mod tests {
    use crate::present::theme::{Theme, REGISTER_ROW_TEMPLATE};
    use crate::present::{Env, RenderOptions};

    /// Every record of the example, short and full, in every audience,
    /// from a page at the site's root and one in a folder: the compiled
    /// rows are Tera's bytes.
    #[test]
    fn the_compiled_rows_are_teras() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let loaded = crate::load::load(&root).unwrap();
        let theme = Theme::builtin();
        let summaries = crate::model::summary::all(&loaded.content.incidents);
        let audiences: Vec<String> = loaded
            .content
            .policy
            .audiences
            .iter()
            .map(|a| a.id.clone())
            .collect();
        assert!(audiences.len() >= 2, "{audiences:?}");
        let (mut stubs, mut overdue, mut stages) = (0, false, false);
        for audience in audiences {
            let opts = RenderOptions {
                today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
                audience: Some(audience.clone()),
                provenance: None,
            };
            let env = Env::new(&loaded.content, &summaries, &theme, &opts).unwrap();
            assert!(env.compiled_register_rows);
            let all: Vec<usize> = (0..env.incidents.len()).collect();
            assert!(all.len() > 3);
            stubs += env
                .incidents
                .iter()
                .filter(|(_, p)| *p == crate::present::view::Presence::Stub)
                .count();
            for from in ["register.html", "register/2024.html"] {
                for compact in [false, true] {
                    let mut one = env.fragment_context(REGISTER_ROW_TEMPLATE);
                    one.insert("compact", &compact);
                    let mut tera = String::new();
                    for &k in &all {
                        let (i, p) = &env.incidents[k];
                        one.insert("r", &super::super::register::row(&env, from, i, *p));
                        tera.push_str(&env.render_lean(REGISTER_ROW_TEMPLATE, &mut one).unwrap());
                    }
                    let ours = super::rows_html(&env, from, &all, compact);
                    assert_eq!(ours, tera, "{audience} {from} compact: {compact}");
                    overdue |= ours.contains("flag-overdue");
                    stages |= !compact && ours.contains("<td>インシデント<td>");
                }
            }
        }
        assert!(stubs > 0, "some audience sees a restricted record");
        assert!(overdue && stages, "rows with overdue actions and a stage");
    }

    /// A theme that overrides the row's template, the page's or the
    /// badges' macros gets Tera's rows.
    #[test]
    fn a_theme_with_its_own_row_or_badges_gets_tera() {
        assert!(Theme::builtin().compiles_register_rows());
        for name in ["register_row.html", "register.html", "macros.html"] {
            let dir = tempfile::tempdir().unwrap();
            let templates = dir.path().join("templates");
            std::fs::create_dir_all(&templates).unwrap();
            let builtin = Theme::builtin();
            let path = format!("templates/{name}");
            let mut text = builtin.file(&path).unwrap().to_vec();
            text.extend_from_slice(b"{# a theme's own #}");
            std::fs::write(templates.join(name), text).unwrap();
            let theme = Theme::load(Some(dir.path())).unwrap();
            assert!(!theme.compiles_register_rows(), "{name}");
        }
    }
}
