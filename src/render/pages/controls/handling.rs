//! A.5.25–A.5.27, the handling of each record: assessment decisions and
//! their speed, documented responses, notifications made on time, lessons.

use super::figure::{Ctx, FigureView};
use crate::present::context::span_text;

pub(super) fn assessment(c: &Ctx) -> Vec<FigureView> {
    let a = &c.f.assessment;
    let (records, more) = c.records(&a.undecided, |_| None);
    let slow: Vec<&str> = a.slowest.iter().map(|(id, _)| *id).collect();
    let minutes = |id: &str| {
        a.slowest
            .iter()
            .find(|(x, _)| *x == id)
            .map(|(_, m)| span_text(*m as f64, &c.env.t))
    };
    let (slow_links, slow_more) = c.records(&slow[..slow.len().min(5)], minutes);
    vec![
        FigureView {
            key: "assessed",
            value: c.ratio(a.decided, a.records),
            alert: a.decided < a.records,
            records_key: (!records.is_empty()).then_some("undecided"),
            records,
            more,
            basis: vec![c.link("register.html", "controls.basis_register")],
            ..Default::default()
        },
        FigureView {
            key: "decision_time",
            value: a
                .decision_time
                .median()
                .map(|m| span_text(m, &c.env.t))
                .unwrap_or_else(|| c.t("controls.no_data")),
            detail: Some(c.env.t.fmt(
                "controls.samples",
                &[("n", &a.decision_time.len().to_string())],
            )),
            records_key: (!slow_links.is_empty()).then_some("slowest"),
            records: slow_links,
            more: slow_more,
            basis: vec![c.link("register.html", "controls.basis_register")],
            ..Default::default()
        },
    ]
}

pub(super) fn response(c: &Ctx) -> Vec<FigureView> {
    let r = &c.f.response;
    let (records, more) = c.records(&r.incomplete, |_| None);
    vec![FigureView {
        key: "timeline",
        value: c.ratio(r.complete, r.records),
        alert: r.complete < r.records,
        records_key: (!records.is_empty()).then_some("incomplete"),
        records,
        more,
        basis: vec![c.link("register.html", "controls.basis_register")],
        ..Default::default()
    }]
}

pub(super) fn notifications(c: &Ctx) -> Vec<FigureView> {
    let n = &c.f.notifications;
    let ids: Vec<&str> = n.late_or_missing.iter().map(|s| s.record).collect();
    let state = |id: &str| {
        n.late_or_missing.iter().find(|s| s.record == id).map(|s| {
            let kind = c.env.notification_kind(s.rule, s.kind);
            format!(
                "{} {kind}: {}",
                s.rule,
                c.env
                    .t
                    .get(&format!("notification_state.{}", s.state.as_str()))
            )
        })
    };
    let mut seen = std::collections::BTreeSet::new();
    let ids: Vec<&str> = ids.into_iter().filter(|id| seen.insert(*id)).collect();
    let (records, more) = c.records(&ids, state);
    vec![FigureView {
        key: "notified",
        value: c.ratio(n.on_time, n.due),
        alert: !n.late_or_missing.is_empty(),
        detail: Some(
            c.env
                .t
                .fmt("controls.not_yet_due", &[("n", &n.not_yet_due.to_string())]),
        ),
        records_key: (!records.is_empty()).then_some("late_or_missing"),
        records,
        more,
        basis: vec![c.link("compliance.html", "controls.basis_compliance")],
        ..Default::default()
    }]
}

pub(super) fn lessons(c: &Ctx) -> Vec<FigureView> {
    let l = &c.f.lessons;
    let (missing, missing_more) = c.records(&l.closed_without, |_| None);
    let (with, with_more) = c.records(&l.with_lessons, |_| None);
    let (records, more, records_key) = if missing.is_empty() {
        (with, with_more, "with_lessons")
    } else {
        (missing, missing_more, "without_lessons")
    };
    vec![FigureView {
        key: "lessons",
        value: c.ratio(l.closed_with_lessons, l.closed),
        alert: l.closed_with_lessons < l.closed,
        detail: Some(c.env.t.fmt(
            "controls.with_lessons_total",
            &[("n", &l.with_lessons.len().to_string())],
        )),
        records_key: (!records.is_empty()).then_some(records_key),
        records,
        more,
        basis: vec![c.link("register.html", "controls.basis_register")],
        ..Default::default()
    }]
}
