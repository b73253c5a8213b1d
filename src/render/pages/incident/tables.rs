//! The record page from section 8 of the report on, written by code:
//! notifications, corrective actions, non-conformities, the extra text
//! fields, evidence and history, the prepared/approved block, notification
//! drafts and tags. Each function names the template part it gives the same
//! bytes as.

use super::html::{some, W};
use super::{ActionRow, Page};
use crate::present::audit::{DeviationView, RecordAuditView, ReviewView};

/// `incident.html` from the notifications section to the end of the record.
pub(super) fn rest(w: &mut W, p: &Page) {
    let r = &p.r;
    notifications(w, p);
    w.raw("<section id=\"actions\">\n")
        .h2("incident.actions", "report.s9");
    if r.actions.is_empty() {
        w.raw("<p class=\"muted\">")
            .t("incident.no_actions")
            .raw("</p>\n");
    } else {
        let caption = w.env.t.get("incident.actions");
        actions_table(w, &r.actions, caption);
    }
    w.raw("</section>\n");
    let audit = &r.audit;
    if !r.deviations.is_empty()
        || !audit.not_applicable.is_empty()
        || some(&audit.predates_html).is_some()
    {
        w.raw("<section id=\"deviations\" class=\"deviations-section\">\n<h2>")
            .t("deviation.heading")
            .raw("</h2>\n");
        predates(w, audit);
        if !r.deviations.is_empty() {
            w.raw("<p class=\"muted\">")
                .t("deviation.lead")
                .raw("</p>\n");
            deviations_table(w, &r.deviations);
            w.raw("\n");
        }
        not_applicable(w, audit);
        w.raw("</section>\n");
    }
    for x in &r.extra {
        w.raw("<section>\n<h2");
        if x.name == "lessons" {
            w.raw(" data-p=\"").t("report.s10").raw("\"");
        }
        w.raw(">").text(x.label).raw("</h2>\n");
        match (some(&x.html), x.text) {
            (Some(html), _) => w.raw("<div class=\"prose\">").raw(html).raw("</div>\n"),
            (None, text) => w.raw("<p>").text(text.unwrap_or("")).raw("</p>\n"),
        };
        w.raw("</section>\n");
    }
    evidence(w, p);
    // The included template's last line ends in a newline.
    w.raw("\n");
    signoff(w, p);
    drafts(w, p);
    if !r.tags.is_empty() {
        w.raw("<p class=\"tags scr\"><span class=\"visually-hidden\">")
            .t("incident.tags")
            .raw(": </span>");
        for (tag, query) in &r.tags {
            w.raw("<a href=\"../search.html?q=")
                .text(query)
                .raw("\">")
                .text(tag)
                .raw("</a> ");
        }
        w.raw("</p>\n");
    }
}

fn notifications(w: &mut W, p: &Page) {
    let r = &p.r;
    w.raw("<section id=\"notifications\">\n")
        .h2("incident.notifications", "report.s8");
    if r.required.is_empty() {
        // Imported history: no rule was applied, which is not the same as
        // "none was required".
        let none = if some(&r.audit.predates_html).is_some() {
            "incident.notifications_not_applied"
        } else {
            "incident.no_notifications_required"
        };
        w.raw("<p class=\"muted\">").t(none).raw("</p>\n");
    } else {
        // As the actions table: named by `aria-label`, no implied end tags.
        w.raw("<div class=\"table-wrap\" tabindex=\"0\">\n<table class=\"data notifications\" aria-label=\"")
            .t("incident.notifications")
            .raw("\">\n<thead><tr>");
        for key in [
            "incident.notify_rule",
            "incident.notify_kind",
            "incident.notify_deadline",
            "incident.notify_made",
            "incident.notify_state",
        ] {
            w.raw("<th>").t(key);
        }
        w.raw("</thead>\n<tbody>\n");
        for n in &r.required {
            w.raw("<tr class=\"state-")
                .text(n.state)
                .raw("\"><td><a href=\"")
                .text(&n.href)
                .raw("\">")
                .text(n.name)
                .raw("</a><td>")
                .text(&n.kind_label)
                .raw("<td class=\"nowrap\">")
                .date(&n.deadline)
                .raw("<td>");
            match &n.made_at {
                Some(d) => w.date(d),
                None => w.raw("—"),
            };
            if let Some(x) = n.reference.filter(|s| !s.is_empty()) {
                w.raw("<br><span class=\"muted\">").text(x).raw("</span>");
            }
            w.raw("<td><span class=\"badge notify-")
                .text(n.state)
                .raw("\">")
                .t(&format!("notification_state.{}", n.state))
                .raw("</span>");
            if let Some(x) = n.reason.filter(|s| !s.is_empty()) {
                w.raw("<p class=\"notify-reason\"><span class=\"muted\">")
                    .t("deviation.reason")
                    .raw(":</span> ")
                    .text(x);
            }
            w.raw("\n");
        }
        w.raw("</tbody>\n</table>\n</div>\n");
    }
    if !r.other_notifications.is_empty() {
        w.raw("<h3>")
            .t("incident.other_notifications")
            .raw("</h3>\n<ul>\n");
        for n in &r.other_notifications {
            w.raw("<li>")
                .text(&n.name)
                .raw(" (")
                .text(&n.kind_label)
                .raw(")");
            if let Some(at) = &n.at {
                w.raw(" ").date(at);
            }
            if let Some(x) = n.reference.filter(|s| !s.is_empty()) {
                w.raw(" <span class=\"muted\">").text(x).raw("</span>");
            }
            w.raw("</li>\n");
        }
        w.raw("</ul>\n");
    }
    w.raw("</section>\n");
}

/// `macros.html`'s `actions_table`.
fn actions_table(w: &mut W, actions: &[ActionRow], caption: &str) {
    // Named by `aria-label`, not a visually hidden `<caption>`; the
    // header cells without the end tags the parser implies.
    w.raw(
        "\n<div class=\"table-wrap\" tabindex=\"0\">\n<table class=\"data actions\" aria-label=\"",
    )
    .text(caption)
    .raw("\">\n<thead><tr>");
    for key in [
        "action.action",
        "action.owner",
        "action.due",
        "action.status",
        "action.evaluation",
    ] {
        w.raw("<th>").t(key);
    }
    w.raw("</thead>\n<tbody>\n");
    for a in actions {
        w.raw("<tr")
            .raw(if a.overdue { " class=\"overdue\"" } else { "" })
            .raw("><td>")
            .text(a.action);
        if !a.controls.is_empty() {
            w.raw("<span class=\"controls\">");
            for c in &a.controls {
                w.raw("<span>").text(c).raw("</span>");
            }
            w.raw("</span>");
        }
        w.raw("<td>")
            .text(a.owner.as_deref().unwrap_or("—"))
            .raw("<td>");
        if let Some(d) = &a.due {
            w.date(d);
        }
        if a.overdue {
            overdue(w, a.days_overdue);
        }
        w.raw("<td>");
        if let Some(s) = a.status.filter(|s| !s.is_empty()) {
            w.raw("<span class=\"badge action-")
                .text(s)
                .raw("\">")
                .t(&format!("action_status.{s}"))
                .raw("</span>");
        }
        if let Some(d) = &a.done_at {
            w.raw(" <span class=\"muted\">")
                .t("action.done_at")
                .raw(" ")
                .date(d)
                .raw("</span>");
        }
        w.raw("<td>").text(a.evaluation.unwrap_or("—"));
        review_cell(w, a.late_reason, a.review.as_ref());
        w.raw("\n");
    }
    w.raw("</tbody>\n</table>\n</div>\n");
}

fn overdue(w: &mut W, days: i64) {
    w.raw(" <strong class=\"flag flag-overdue\">")
        .t_fmt("action.overdue", "n", &days.to_string())
        .raw("</strong>");
}

/// `deviation_macros.html`'s `review_cell`.
fn review_cell(w: &mut W, late_reason: Option<&str>, review: Option<&ReviewView>) {
    if let Some(x) = late_reason.filter(|s| !s.is_empty()) {
        w.raw("<p class=\"late-reason\"><span class=\"badge deviation-explained\">")
            .t("deviation.late_reason")
            .raw("</span> ")
            .text(x)
            .raw("</p>");
    }
    let Some(v) = review else { return };
    w.raw("<p class=\"review")
        .raw(if v.overdue { " review-overdue" } else { "" })
        .raw("\">")
        .t("review.heading")
        .raw(": ");
    if let Some(done) = &v.done_at {
        w.t("review.done").raw(" ").date(done);
        if let Some(by) = some(&v.by) {
            w.raw(" (").text(by).raw(")");
        }
        if let Some(x) = some(&v.result) {
            w.raw(" — ").text(x);
        }
        if let Some(x) = some(&v.evidence) {
            w.raw(" <span class=\"muted\">[").text(x).raw("]</span>");
        }
    } else if let Some(due) = &v.due {
        if v.overdue {
            w.raw("<strong class=\"flag flag-overdue\">")
                .t("review.overdue")
                .raw("</strong>");
        } else {
            w.t("review.awaiting");
        }
        w.raw(" ").date(due);
    }
    w.raw("</p>");
}

/// `deviation_macros.html`'s `deviations_table` without the record column.
fn deviations_table(w: &mut W, rows: &[DeviationView]) {
    w.raw("\n<div class=\"table-wrap\" tabindex=\"0\">\n<table class=\"data deviations\">\n<caption class=\"visually-hidden\">")
        .t("deviation.heading")
        .raw("</caption>\n<thead><tr>");
    for key in [
        "deviation.kind_h",
        "deviation.subject",
        "deviation.due",
        "deviation.late",
        "deviation.reason",
    ] {
        w.raw("<th scope=\"col\">").t(key).raw("</th>");
    }
    w.raw("</tr></thead>\n<tbody>\n");
    for d in rows {
        w.raw("<tr class=\"deviation deviation-")
            .text(d.kind)
            .raw(if d.explained {
                " explained"
            } else {
                " unexplained"
            })
            .raw("\" data-kind=\"")
            .text(d.kind)
            .raw("\">\n<td>")
            .text(&d.label)
            .raw("</td>\n<td>")
            .text(d.subject.as_deref().unwrap_or("—"))
            .raw("</td>\n<td class=\"nowrap\">");
        match &d.due {
            Some(due) => w.date(due),
            None => w.raw("—"),
        };
        w.raw("</td>\n<td class=\"nowrap\">")
            .text(d.late.as_deref().unwrap_or("—"))
            .raw("</td>\n<td class=\"deviation-reason\">");
        if d.explained {
            w.raw("<span class=\"badge deviation-explained\">")
                .t("deviation.explained")
                .raw("</span><div class=\"prose\">")
                .raw(d.reason_html.as_deref().unwrap_or(""))
                .raw("</div>");
        } else {
            w.raw("<strong class=\"flag flag-overdue\">")
                .t("deviation.unexplained")
                .raw("</strong>");
        }
        w.raw("</td>\n</tr>\n");
    }
    w.raw("</tbody>\n</table>\n</div>\n");
}

/// `deviation_macros.html`'s `predates`.
fn predates(w: &mut W, audit: &RecordAuditView) {
    let Some(html) = some(&audit.predates_html) else {
        return;
    };
    w.raw("<div class=\"notice predates-policy\" id=\"predates-policy\">\n<p><strong>")
        .t("deviation.predates_badge")
        .raw("</strong>");
    if let Some(v) = some(&audit.policy_version) {
        w.raw(" <span class=\"muted\">")
            .t_fmt("deviation.policy_version", "v", v)
            .raw("</span>");
    }
    w.raw(" — ")
        .t("deviation.predates_lead")
        .raw("</p>\n<div class=\"prose\">")
        .raw(html)
        .raw("</div>\n</div>\n");
}

/// `deviation_macros.html`'s `not_applicable`.
fn not_applicable(w: &mut W, audit: &RecordAuditView) {
    if audit.not_applicable.is_empty() {
        return;
    }
    w.raw("<h3 id=\"not-applicable\">")
        .t("deviation.not_applicable")
        .raw("</h3>\n<ul class=\"not-applicable\">\n");
    for n in &audit.not_applicable {
        w.raw("<li data-rule=\"")
            .text(&n.rule)
            .raw("\"><a href=\"")
            .text(&n.rule_href)
            .raw("\">")
            .text(&n.name)
            .raw("</a>");
        if let Some(by) = some(&n.decided_by) {
            w.raw(" <span class=\"muted\">(")
                .t("deviation.decided_by")
                .raw(": ")
                .text(by)
                .raw(")</span>");
        }
        w.raw("<div class=\"prose\">")
            .raw(&n.reason_html)
            .raw("</div></li>\n");
    }
    w.raw("</ul>\n");
}

/// `record_evidence.html`: evidence files and the record's history.
fn evidence(w: &mut W, p: &Page) {
    let panel = &p.panel;
    if panel.evidence_shown {
        w.raw("<section id=\"evidence\">\n<h2>")
            .t("incident.evidence")
            .raw("</h2>\n");
        if panel.evidence.is_empty() {
            w.raw("<p class=\"muted\">")
                .t("evidence.no_files_record")
                .raw("</p>\n");
        } else {
            w.raw("<div class=\"table-wrap\" tabindex=\"0\">\n<table class=\"data compact hashes\">\n<caption class=\"visually-hidden\">")
                .t("incident.evidence")
                .raw("</caption>\n<thead><tr><th scope=\"col\">")
                .t("evidence.file")
                .raw("</th><th scope=\"col\" class=\"num\">")
                .t("evidence.size")
                .raw("</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n");
            for e in &panel.evidence {
                w.raw("<tr><td>");
                match some(&e.href) {
                    Some(href) => w
                        .raw("<a href=\"")
                        .text(href)
                        .raw("\">")
                        .text(&e.source)
                        .raw("</a>"),
                    None => w
                        .text(&e.source)
                        .raw(" <span class=\"muted\">(")
                        .t("evidence.not_copied")
                        .raw(")</span>"),
                };
                if let Some(d) = some(&e.description) {
                    w.raw("<br><span class=\"muted small\">")
                        .text(d)
                        .raw("</span>");
                }
                if let Some(c) = some(&e.collected) {
                    w.raw("<br><span class=\"muted small evidence-collected\">")
                        .text(c)
                        .raw("</span>");
                }
                w.raw("</td><td class=\"num nowrap\">")
                    .text(&e.size)
                    .raw("</td><td><code class=\"hash\">")
                    .text(&e.sha256)
                    .raw("</code>");
                if e.recorded == Some(true) {
                    w.raw(" <span class=\"badge notify-made\">")
                        .t("evidence.recorded_match")
                        .raw("</span>");
                }
                w.raw("</td></tr>\n");
            }
            w.raw("</tbody>\n</table>\n</div>\n");
        }
        w.raw("</section>\n");
    }
    if let Some(h) = &panel.history {
        w.raw("<section id=\"history\">\n<h2>")
            .t("history.heading")
            .raw("</h2>\n");
        if !h.in_git {
            w.raw("<p class=\"muted\">")
                .t("history.not_in_git")
                .raw("</p>\n");
        } else if h.commits.is_empty() {
            w.raw("<p class=\"muted\">")
                .t("history.uncommitted")
                .raw("</p>\n");
        } else {
            let authors = some(&h.commits[0].author).is_some();
            w.raw("<div class=\"table-wrap\" tabindex=\"0\">\n<table class=\"data compact history\">\n<caption class=\"visually-hidden\">")
                .t("history.heading")
                .raw("</caption>\n<thead><tr><th scope=\"col\">")
                .t("history.date")
                .raw("</th>");
            if authors {
                w.raw("<th scope=\"col\">").t("history.author").raw("</th>");
            }
            w.raw("<th scope=\"col\">")
                .t("history.subject")
                .raw("</th><th scope=\"col\">")
                .t("history.commit")
                .raw("</th></tr></thead>\n<tbody>\n");
            for c in &h.commits {
                w.raw("<tr><td class=\"nowrap\">")
                    .date(&c.date)
                    .raw("</td>");
                if let Some(a) = some(&c.author) {
                    w.raw("<td>").text(a).raw("</td>");
                }
                w.raw("<td>")
                    .text(&c.subject)
                    .raw("</td><td><code class=\"hash\">")
                    .text(&c.hash)
                    .raw("</code></td></tr>\n");
            }
            w.raw("</tbody>\n</table>\n</div>\n");
        }
        w.raw("</section>\n");
    }
}

/// The prepared/approved block of the printed report.
fn signoff(w: &mut W, p: &Page) {
    w.raw("<section class=\"prn signoff\">\n<h2>")
        .t("report.signoff")
        .raw("</h2>\n<table class=\"data signoff-table\">\n<tr><th>");
    for key in [
        "report.signoff_role",
        "report.signoff_name",
        "report.signoff_date",
        "report.signoff_sign",
    ] {
        w.raw("<th>").t(key);
    }
    w.raw("\n<tr><th>")
        .t("report.prepared")
        .raw("<td>")
        .text(p.r.responsible.unwrap_or(""))
        .raw("<td><td><td>\n<tr><th>")
        .t("report.approved")
        .raw("<td><td><td><td>\n</table>\n</section>\n");
}

/// The notification drafts (`present::drafts`).
fn drafts(w: &mut W, p: &Page) {
    if p.r.drafts.is_empty() {
        return;
    }
    w.raw("<section id=\"drafts\" class=\"drafts\">\n<h2>")
        .t("drafts.title")
        .raw("</h2>\n<p class=\"muted\">")
        .t("drafts.lead")
        .raw("</p>\n");
    for d in &p.r.drafts {
        w.raw("<article class=\"draft\" id=\"")
            .text(&d.anchor)
            .raw("\" aria-label=\"")
            .text(&d.name)
            .raw("\">\n");
        if !d.deadlines.is_empty() {
            w.raw("<ul class=\"draft-deadlines\">\n");
            for x in &d.deadlines {
                w.raw("<li>")
                    .text(&x.kind)
                    .raw(": ")
                    .date(&x.due)
                    .raw(" — ")
                    .t(&format!("notification_state.{}", x.state))
                    .raw("</li>\n");
            }
            w.raw("</ul>\n");
        }
        if d.missing.is_empty() {
            w.raw("<p class=\"draft-complete\">")
                .t("drafts.complete")
                .raw("</p>\n");
        } else {
            w.raw("<p class=\"draft-missing-list\"><strong class=\"flag flag-overdue\">")
                .t_fmt("drafts.missing_count", "n", &d.missing_n.to_string())
                .raw("</strong> ");
            for (k, f) in d.missing.iter().enumerate() {
                w.raw("<code>").text(f).raw("</code>");
                if k + 1 < d.missing.len() {
                    w.t("common.list_sep");
                }
            }
            w.raw("</p>\n");
        }
        w.raw("<div class=\"prose draft-body\">")
            .raw(&d.html)
            .raw("</div>\n</article>\n");
    }
    w.raw("</section>\n");
}
