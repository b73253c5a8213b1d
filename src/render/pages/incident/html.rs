//! The record page written by compiled code: the same bytes as the built-in
//! `base.html` + `incident.html` rendered by Tera and passed through
//! [`crate::markup::compact_html`] (a test holds them equal for every
//! record of the example in every audience), without building a
//! template context or interpreting the template for each of 100,000 pages.
//! A theme that overrides one of those templates gets Tera instead
//! (`present::theme::Theme::overrides_record_page`).
//!
//! [`W`] is the writer: `raw` for markup, `text` for escaped values, `t` for
//! an escaped string of the locale. Tables and the panels are in
//! [`super::tables`].

use super::{Page, Record};
use crate::markup::push_escaped;
use crate::present::context::DateView;
use crate::present::{Env, Frame};

/// The page being written.
pub(super) struct W<'e> {
    pub out: String,
    pub env: &'e Env<'e>,
}

impl W<'_> {
    pub fn raw(&mut self, s: &str) -> &mut Self {
        self.out.push_str(s);
        self
    }

    pub fn text(&mut self, s: &str) -> &mut Self {
        push_escaped(&mut self.out, s);
        self
    }

    /// A locale string, escaped.
    pub fn t(&mut self, key: &str) -> &mut Self {
        let env = self.env;
        match env.t.lookup_html(key) {
            // Escaped once, when the locale was read.
            Some(html) => self.out.push_str(html),
            None => push_escaped(&mut self.out, key),
        }
        self
    }

    /// A locale string with `{name}` replaced, escaped.
    pub fn t_fmt(&mut self, key: &str, name: &str, value: &str) -> &mut Self {
        let env = self.env;
        let s = env.t.get(key).replace(&format!("{{{name}}}"), value);
        push_escaped(&mut self.out, &s);
        self
    }

    /// `macros.html`'s `date`: a `datetime` attribute only when the text
    /// is not itself the machine-readable value (a date alone is).
    pub fn date(&mut self, d: &DateView) -> &mut Self {
        if d.iso.is_empty() {
            // Unknown (`occurred_at: unknown`): no machine-readable value.
            return self.text(&d.text);
        }
        if d.iso == d.text {
            return self.raw("<time>").text(&d.text).raw("</time>");
        }
        self.raw("<time datetime=\"")
            .text(&d.iso)
            .raw("\">")
            .text(&d.text)
            .raw("</time>")
    }

    /// `class="prn"` for a section the screen leaves out.
    fn prn_if(&mut self, hidden: bool) -> &mut Self {
        if hidden {
            self.raw(" class=\"prn\"");
        }
        self
    }

    /// A heading with the screen's text, printed as the report's (`data-p`).
    pub fn h2(&mut self, screen_key: &str, report_key: &str) -> &mut Self {
        self.raw("<h2 data-p=\"")
            .t(report_key)
            .raw("\">")
            .t(screen_key)
            .raw("</h2>\n")
    }
}

/// Tera's truthiness of an optional string: present and not empty.
pub(super) fn some(s: &Option<impl AsRef<str>>) -> Option<&str> {
    s.as_ref().map(AsRef::as_ref).filter(|s| !s.is_empty())
}

/// The whole page.
pub(super) fn page(frame: &Frame, env: &Env, page: &Page) -> String {
    let mut w = W {
        out: String::with_capacity(16 * 1024),
        env,
    };
    head(&mut w, frame);
    main(&mut w, page);
    foot(&mut w, frame);
    // Without the line breaks and quotes a browser ignores (0.3 KB a
    // page), sized to what the page needs: pages wait in memory for the
    // writer and the search index.
    crate::markup::compact_html(&w.out)
}

/// `base.html` up to its `main` block.
fn head(w: &mut W, f: &Frame) {
    let root = f.root.as_str();
    w.raw("<!DOCTYPE html>\n<html lang=\"")
        .text(f.lang)
        .raw("\" data-root=\"")
        .text(root)
        .raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    if f.page_title != f.site_title {
        w.text(f.page_title).raw(" | ");
    }
    w.text(f.site_title)
        .raw("</title>\n<link rel=\"icon\" href=\"")
        .text(root)
        .raw("static/favicon.svg\">\n<link rel=\"stylesheet\" href=\"")
        .text(root)
        .raw("static/style.css\">\n</head>\n<body class=\"page-incident\">\n<a class=\"skip-link\" href=\"#main\">")
        .t("common.skip_to_content")
        .raw("</a>\n<header class=\"site-header\">\n<div class=\"wrap header-inner\">\n<a class=\"brand\" href=\"")
        .text(root)
        .raw("index.html\"><span class=\"brand-org\">")
        .text(f.organization)
        .raw("</span><span class=\"brand-title\">")
        .text(f.site_title)
        .raw("</span></a>\n<form class=\"header-search\" action=\"")
        .text(root)
        .raw("search.html\" role=\"search\">\n<input name=\"q\" type=\"search\" aria-label=\"")
        .t("search.label")
        .raw("\" placeholder=\"")
        .t(if f.case_book {
            "cases.search_placeholder"
        } else {
            "search.placeholder"
        })
        .raw("\" autocomplete=\"off\" enterkeyhint=\"search\">\n<button>")
        .t("search.submit")
        .raw("</button>\n</form>\n</div>\n<nav class=\"site-nav\" id=\"site-nav\" aria-label=\"")
        .t("nav.label")
        .raw("\">\n<ul class=\"wrap\">\n");
    for item in &f.nav {
        w.raw("<li><a href=\"").text(&item.href).raw("\"");
        if item.key == "report" {
            w.raw(" class=\"nav-report\"");
        }
        if item.current {
            w.raw(" aria-current=\"page\"");
        }
        w.raw(">").text(item.label).raw("</a>\n");
    }
    w.raw("</ul>\n</nav>\n</header>\n<main id=\"main\" class=\"wrap\" tabindex=\"-1\">\n");
}

/// `base.html` after its `main` block.
fn foot(w: &mut W, f: &Frame) {
    w.raw("\n</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n<p>")
        .text(f.organization)
        .raw(" · ")
        .t("footer.audience")
        .raw(": ")
        .text(f.audience)
        .raw(" · ")
        .t("footer.as_of")
        .raw(": ")
        .date(&f.today)
        .raw("</p>\n<p>")
        .t("footer.generated_by")
        .raw(" ismsbook ")
        .text(crate::VERSION);
    if !f.case_book {
        w.raw(" · <a href=\"")
            .text(&f.root)
            .raw("drills.html\">")
            .t("nav.drills")
            .raw("</a>");
    }
    w.raw(" · <a href=\"")
        .text(&f.root)
        .raw("search.html\">")
        .t("nav.search")
        .raw("</a></p>\n</div>\n</footer>\n\n</body>\n</html>\n");
}

/// `incident.html`'s `main` block.
fn main(w: &mut W, p: &Page) {
    let r = &p.r;
    w.raw("<p class=\"print-running\">").text(r.id);
    if !r.stub {
        w.raw(" ").text(r.title);
    }
    w.raw("</p>\n<nav class=\"breadcrumb\" aria-label=\"")
        .t("common.breadcrumb")
        .raw("\"><a href=\"../register.html\">")
        .t("nav.register")
        .raw("</a> › <span>")
        .text(r.id)
        .raw("</span></nav>\n<article class=\"record")
        .raw(if r.stub { " record-stub" } else { "" })
        .raw("\">\n<header class=\"record-head\">\n");
    record_head(w, p);
    if r.stub {
        w.raw("<p class=\"notice\">")
            .t("incident.restricted_notice")
            .raw("</p>\n<dl class=\"facts\">\n");
        for ms in &r.milestones {
            w.raw("<dt>")
                .t(&format!("incident.dates.{}", ms.key))
                .raw("<dd>")
                .date(&ms.date)
                .raw("\n");
        }
        w.raw("</dl>\n");
    } else {
        sections(w, r);
        super::tables::rest(w, p);
    }
    w.raw("</article>\n");
    if p.prev.is_some() || p.next.is_some() {
        w.raw("<nav class=\"prev-next\" aria-label=\"")
            .t("incident.prev_next")
            .raw("\">\n");
        for (n, rel, key) in [
            (&p.prev, "prev", "incident.prev"),
            (&p.next, "next", "incident.next"),
        ] {
            let Some(n) = n else { continue };
            // Both pages are in incidents/: the link is `./` and the file's
            // name (`./`, as `paths::site_href` gives it, so that no id is
            // read as a scheme).
            w.raw("<a href=\"");
            match n.href.strip_prefix("../incidents/") {
                Some(name) => w.raw("./").text(name),
                None => w.text(&n.href),
            };
            w.raw("\" rel=\"")
                .raw(rel)
                .raw("\"><span>")
                .t(key)
                .raw("</span><span>")
                .text(n.id);
            if let Some(t) = n.title.filter(|t| !t.is_empty()) {
                w.raw(" ").text(t);
            }
            w.raw("</span></a>\n");
        }
        w.raw("</nav>\n");
    }
}

/// The record's header: report kicker (printed), id, title, badges, links.
fn record_head(w: &mut W, p: &Page) {
    let r = &p.r;
    if !r.stub {
        w.raw("<p class=\"prn report-kind\">")
            .t("report.title")
            .raw("</p>\n<p class=\"prn report-meta\">");
        let today = crate::present::context::day_view(w.env.today);
        w.t_fmt("report.as_of", "date", &today.text);
        if let Some(c) = some(&p.source_commit) {
            w.raw(" · ")
                .t("report.source_commit")
                .raw(" <code>")
                .text(c)
                .raw("</code>");
        }
        w.raw("</p>\n");
    }
    w.raw("<p class=\"record-id\">")
        .text(r.id)
        .raw("</p>\n<h1>");
    if r.stub {
        w.t("incident.restricted_title");
    } else {
        w.text(r.title);
    }
    w.raw("</h1>\n<p class=\"record-badges\">\n");
    if let Some(level) = r.level {
        let n = level.to_string();
        w.raw("<a href=\"../levels.html#level-")
            .raw(&n)
            .raw("\"><span class=\"badge level-")
            .raw(&n)
            .raw("\">")
            .t_fmt("common.level_n", "n", &n)
            .raw("</span></a>");
        if let Some(name) = r.level_name.filter(|s| !s.is_empty()) {
            w.raw(" <span class=\"muted\">").text(name).raw("</span>");
        }
        w.raw("\n");
    }
    if let Some(status) = r.status {
        w.raw("<span class=\"badge status-")
            .text(status)
            .raw("\">")
            .t(&format!("status.{status}"))
            .raw("</span>\n");
    }
    if let Some(c) = r.category_name.filter(|s| !s.is_empty()) {
        w.raw("<span class=\"badge category-badge\">")
            .text(c)
            .raw("</span>\n");
    }
    if some(&r.audit.predates_html).is_some() {
        w.raw("<a href=\"#predates-policy\" class=\"badge predates-badge\">")
            .t("deviation.predates_badge")
            .raw("</a>\n");
    }
    if !r.deviations.is_empty() {
        w.raw("<a href=\"#deviations\" class=\"badge deviations-badge\">")
            .t_fmt("deviation.badge", "n", &r.deviations.len().to_string())
            .raw("</a>\n");
    }
    w.raw("</p>\n");
    if !r.stub {
        w.raw("<p class=\"record-report scr\">")
            .t("incident.print_hint")
            .raw("</p>\n");
    }
    if let Some(href) = some(&p.calendar_href) {
        w.raw("<p class=\"record-calendar\"><a href=\"")
            .text(href)
            .raw("\" type=\"text/calendar\" download>")
            .t("incident.calendar")
            .raw("</a></p>\n");
    }
    w.raw("</header>\n");
}

/// Sections 1 to 7 of the report: overview, assessment, dates, what
/// happened, impact, timeline, cause, affected systems, configuration.
fn sections(w: &mut W, r: &Record) {
    w.raw("<section class=\"record-overview\">\n<h2 class=\"visually-hidden\" data-p=\"")
        .t("report.s1")
        .raw("\">")
        .t("incident.overview")
        .raw("</h2>\n<dl class=\"facts\">\n");
    if let Some(x) = r.responsible.filter(|s| !s.is_empty()) {
        w.raw("<dt>")
            .t("incident.responsible")
            .raw("<dd><a href=\"../contacts.html#")
            .text(r.responsible_anchor.as_deref().unwrap_or(""))
            .raw("\">")
            .text(x)
            .raw("</a>\n");
    }
    for (value, key) in [
        (r.reporter, "incident.reporter"),
        (r.location, "incident.location"),
        (r.organization, "incident.organization"),
    ] {
        if let Some(x) = value.filter(|s| !s.is_empty()) {
            w.raw("<dt>").t(key).raw("<dd>").text(x).raw("\n");
        }
    }
    if !r.affected_systems.is_empty() {
        w.raw("<dt>")
            .t("incident.affected_systems")
            .raw("<dd><ul class=\"inline-list\">");
        for s in &r.affected_systems {
            w.raw("<li>").text(s);
        }
        w.raw("</ul>\n");
    }
    w.raw("</dl>\n</section>\n");
    if let Some(a) = &r.assessment {
        w.raw("<section>\n<h2>")
            .t("incident.assessment")
            .raw("</h2>\n<dl class=\"facts\">\n");
        if let Some(stage) = a.stage.filter(|s| !s.is_empty()) {
            w.raw("<dt>")
                .t("incident.stage")
                .raw("<dd>")
                .t(&format!("stage.{stage}"))
                .raw("\n");
        }
        if let Some(by) = some(&a.decided_by) {
            w.raw("<dt>")
                .t("incident.decided_by")
                .raw("<dd>")
                .text(by)
                .raw("\n");
        }
        if let Some(at) = &a.decided_at {
            w.raw("<dt>")
                .t("incident.decided_at")
                .raw("<dd>")
                .date(at)
                .raw("\n");
        }
        w.raw("</dl>\n");
        if let Some(html) = some(&a.rationale) {
            w.raw("<div class=\"prose\">").raw(html).raw("</div>\n");
        }
        w.raw("</section>\n");
    }
    w.raw("<section")
        .prn_if(r.milestones.is_empty())
        .raw(">\n")
        .h2("incident.dates_heading", "report.s2");
    if r.milestones.is_empty() {
        w.raw("<p>—</p>\n");
    } else {
        w.raw("<ol class=\"milestones\">\n");
        for ms in &r.milestones {
            w.raw("<li><span>")
                .t(&format!("incident.dates.{}", ms.key))
                .raw("</span> ")
                .date(&ms.date)
                .raw("\n");
        }
        w.raw("</ol>\n");
    }
    w.raw("</section>\n");
    prose(w, "incident.summary", "report.s3", some(&r.summary), None);
    if !r.impact.is_empty() {
        w.raw("<section>\n<h2>")
            .t("incident.impact")
            .raw("</h2>\n<dl class=\"facts\">\n");
        for i in &r.impact {
            w.raw("<dt>")
                .text(&i.key)
                .raw("<dd>")
                .text(&i.value)
                .raw("\n");
        }
        w.raw("</dl>\n</section>\n");
    }
    w.raw("<section")
        .prn_if(r.timeline.is_empty())
        .raw(">\n")
        .h2("incident.timeline", "report.s4");
    if r.timeline.is_empty() {
        w.raw("<p>—</p>\n");
    } else {
        w.raw("<ol class=\"timeline\">\n");
        for e in &r.timeline {
            w.raw("<li>");
            if let Some(at) = &e.at {
                w.date(at);
            }
            // End tags the parser implies (`</p>`, `</li>`) are left out.
            w.raw("<p>").text(e.action);
            if let Some(by) = e.by.filter(|s| !s.is_empty()) {
                w.raw("<p class=\"tl-by\">").text(by);
            }
            w.raw("\n");
        }
        w.raw("</ol>\n");
    }
    w.raw("</section>\n");
    prose(
        w,
        "incident.cause",
        "report.s5",
        some(&r.cause),
        Some("report.under_investigation"),
    );
    w.raw("<section class=\"prn\">\n<h2>")
        .t("report.s6")
        .raw("</h2>\n");
    if !r.affected_systems.is_empty() {
        w.raw("<ul>");
        for s in &r.affected_systems {
            w.raw("<li>").text(s);
        }
        w.raw("</ul>\n");
    }
    let business = r.business_impact.filter(|s| !s.is_empty());
    if let Some(b) = business {
        w.raw("<p>").text(b).raw("</p>\n");
    }
    if r.affected_systems.is_empty() && business.is_none() {
        w.raw("<p>—</p>\n");
    }
    w.raw("</section>\n");
    prose(
        w,
        "incident.system_configuration",
        "report.s7",
        some(&r.system_configuration),
        None,
    );
}

/// A section of Markdown text, printed as the report's section `report_key`
/// with `—` (or the string `empty_key`) when the record has none.
fn prose(
    w: &mut W,
    screen_key: &str,
    report_key: &str,
    html: Option<&str>,
    empty_key: Option<&str>,
) {
    w.raw("<section")
        .prn_if(html.is_none())
        .raw(">\n")
        .h2(screen_key, report_key);
    // Only text of the record is in a `.prose` block; the line a printed
    // report shows for none is a plain paragraph.
    match (html, empty_key) {
        (Some(h), _) => w.raw("<div class=\"prose\">").raw(h).raw("</div>"),
        (None, Some(k)) => w.raw("<p>").t(k).raw("</p>"),
        (None, None) => w.raw("<p>—</p>"),
    };
    w.raw("\n</section>\n");
}
