//! Authoring: what helps people write records. `new` writes a record skeleton
//! that already checks clean, `init` a whole working content directory,
//! `schema` a JSON Schema so that editors complete and check records while
//! typing, and `explain` the long story behind every diagnostic code.
//!
//! The skeleton and the schema are both generated from the field tables in
//! [`crate::schema::fields`], so they cannot drift from what `check` accepts.

pub mod explain;
pub mod import;
pub mod init;
pub mod jsonschema;
pub mod new;
pub mod skeleton;

use crate::model::{Content, Language};
use crate::schema::RefKind;
use std::path::{Path, PathBuf};

/// Where `schema --write`, `new` and `init` put the incident JSON Schema,
/// relative to the content directory. A dot folder: generated, not edited, and
/// never read by the loader.
pub const SCHEMA_REL_PATH: &str = ".ismsbook/incident.schema.json";

/// Write (or refresh) the incident schema of `content` at
/// `<root>/.ismsbook/incident.schema.json`. The output is deterministic, so
/// rewriting an unchanged policy leaves the file byte-for-byte the same.
pub fn write_schema(root: &Path, content: &Content) -> std::io::Result<PathBuf> {
    let path = root.join(SCHEMA_REL_PATH);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = jsonschema::incident_schema_text(content);
    // Skip the write when nothing changed: keeps mtimes (and file watchers) quiet.
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        std::fs::write(&path, text)?;
    }
    Ok(path)
}

/// The `$schema` modeline for a record at `record_rel` (relative to the
/// content directory, `/`-separated): a path relative to the record itself,
/// which is how yaml-language-server resolves it.
pub fn schema_modeline(record_rel: &str) -> String {
    let depth = record_rel.split('/').count().saturating_sub(1);
    format!(
        "# yaml-language-server: $schema={}{SCHEMA_REL_PATH}",
        "../".repeat(depth)
    )
}

/// Pick the Japanese or English variant of a text.
pub(crate) fn tr(lang: Language, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Ja => ja,
        Language::En => en,
    }
}

/// The ids (with display names) a reference of `kind` may name in this
/// content: the enum of the JSON Schema and the choices listed in the skeleton.
pub(crate) fn ref_ids(content: &Content, kind: RefKind) -> Vec<(String, String)> {
    let policy = &content.policy;
    match kind {
        RefKind::Role => policy
            .roles
            .iter()
            .map(|r| (r.id.value.clone(), r.name.clone()))
            .collect(),
        RefKind::Level => policy
            .levels
            .iter()
            .map(|l| (l.level.value.to_string(), l.name.clone()))
            .collect(),
        RefKind::Category => policy
            .categories
            .iter()
            .map(|c| (c.id.value.clone(), c.name.clone()))
            .collect(),
        RefKind::Notification => policy
            .notifications
            .iter()
            .map(|n| (n.id.value.clone(), n.name.clone()))
            .collect(),
        RefKind::Control => policy
            .controls
            .iter()
            .map(|c| (c.id.value.clone(), c.name.clone()))
            .collect(),
        RefKind::ExternalContact => content
            .contacts
            .external
            .iter()
            .map(|c| (c.id.value.clone(), c.name.clone()))
            .collect(),
        RefKind::FlowNode => policy
            .flow
            .iter()
            .map(|n| (n.id.value.clone(), n.label.clone()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modeline_climbs_to_the_content_root() {
        assert_eq!(
            schema_modeline("incidents/2026/INC-2026-001.yaml"),
            "# yaml-language-server: $schema=../../.ismsbook/incident.schema.json"
        );
        assert_eq!(
            schema_modeline("x.yaml"),
            "# yaml-language-server: $schema=.ismsbook/incident.schema.json"
        );
    }
}
