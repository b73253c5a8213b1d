//! Every piece of free text a record or a drill holds, with the field path it
//! sits at (`summary`, `timeline.3.action`, `lessons`): what the name check
//! reads (`crate::validate::names`) and what masking rewrites
//! (`crate::redact`). One list, written once for reading and for changing.

use super::{Drill, Incident};

/// The field path without its list indices (`timeline.3.by` → `timeline.by`),
/// as `audiences.*.hide` names fields.
pub fn field_of(path: &str) -> String {
    path.split('.')
        .filter(|s| !s.bytes().all(|b| b.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(".")
}

macro_rules! incident_texts {
    ($inc:expr, $f:ident, $iter:ident; $($m:tt)*) => {{
        let inc = $inc;
        $f("title", & $($m)* inc.title);
        if let Some(v) = & $($m)* inc.reporter { $f("reporter", v); }
        if let Some(v) = & $($m)* inc.location { $f("location", v); }
        if let Some(v) = & $($m)* inc.organization { $f("organization", v); }
        $f("summary", & $($m)* inc.summary);
        if let Some(v) = & $($m)* inc.cause { $f("cause", v); }
        if let Some(v) = & $($m)* inc.system_configuration { $f("system_configuration", v); }
        for (k, v) in inc.affected_systems.$iter().enumerate() {
            $f(&format!("affected_systems.{k}"), v);
        }
        if let Some(v) = & $($m)* inc.impact.customers { $f("impact.customers", v); }
        if let Some(v) = & $($m)* inc.impact.business { $f("impact.business", v); }
        if let Some(a) = & $($m)* inc.assessment {
            if let Some(v) = & $($m)* a.rationale { $f("assessment.rationale", v); }
        }
        for (k, t) in inc.timeline.$iter().enumerate() {
            if let Some(v) = & $($m)* t.by { $f(&format!("timeline.{k}.by"), v); }
            $f(&format!("timeline.{k}.action"), & $($m)* t.action);
        }
        for (k, n) in inc.notifications.$iter().enumerate() {
            if let Some(v) = & $($m)* n.reference { $f(&format!("notifications.{k}.reference"), v); }
            if let Some(v) = & $($m)* n.late_reason { $f(&format!("notifications.{k}.late_reason"), v); }
        }
        for (k, a) in inc.actions.$iter().enumerate() {
            $f(&format!("actions.{k}.action"), & $($m)* a.action);
            if let Some(v) = & $($m)* a.evaluation { $f(&format!("actions.{k}.evaluation"), v); }
        }
        for (k, e) in inc.evidence.$iter().enumerate() {
            $f(&format!("evidence.{k}.path"), & $($m)* e.path.value);
            if let Some(v) = & $($m)* e.description { $f(&format!("evidence.{k}.description"), v); }
        }
        for (k, v) in inc.tags.$iter().enumerate() {
            $f(&format!("tags.{k}"), v);
        }
        for (name, v) in inc.extra.$iter() {
            $f(name, v);
        }
    }};
}

macro_rules! drill_texts {
    ($d:expr, $f:ident, $iter:ident; $($m:tt)*) => {{
        let d = $d;
        $f("title", & $($m)* d.title);
        $f("scenario", & $($m)* d.scenario);
        if let Some(v) = & $($m)* d.findings { $f("findings", v); }
        for (k, a) in d.actions.$iter().enumerate() {
            $f(&format!("actions.{k}.action"), & $($m)* a.action);
            if let Some(v) = & $($m)* a.evaluation { $f(&format!("actions.{k}.evaluation"), v); }
        }
    }};
}

/// Every text of `inc` with its field path.
pub fn incident(inc: &Incident, f: &mut dyn FnMut(&str, &str)) {
    incident_texts!(inc, f, iter;)
}

/// Every text of `inc`, to change in place (an evidence path is a file
/// name: changing it renames the published copy).
pub fn incident_mut(inc: &mut Incident, f: &mut dyn FnMut(&str, &mut String)) {
    incident_texts!(inc, f, iter_mut; mut)
}

/// Every text of `d` with its field path.
pub fn drill(d: &Drill, f: &mut dyn FnMut(&str, &str)) {
    drill_texts!(d, f, iter;)
}

/// Every text of `d`, to change in place.
pub fn drill_mut(d: &mut Drill, f: &mut dyn FnMut(&str, &mut String)) {
    drill_texts!(d, f, iter_mut; mut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_visited_with_its_path_and_can_be_changed() {
        let mut inc = Incident::sample();
        inc.summary = "S".into();
        inc.reporter = Some("R".into());
        let mut seen = Vec::new();
        incident(&inc, &mut |p, v| seen.push(format!("{p}={v}")));
        assert!(seen.contains(&"summary=S".to_string()), "{seen:?}");
        assert!(seen.contains(&"reporter=R".to_string()));
        incident_mut(&mut inc, &mut |_, v| v.make_ascii_lowercase());
        assert_eq!(inc.summary, "s");
        assert_eq!(field_of("timeline.12.by"), "timeline.by");
    }
}
