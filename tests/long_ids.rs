//! Very long ids. A record id names its page, its calendar file and the
//! folder of its evidence copies; a contributor can make it as long as the
//! file system allows (250 characters plus `.yaml`). Such a site builds, but
//! its paths pass Windows' 260-character limit once the auditor's zip is
//! unpacked (the record's files are not unpacked), and `serve` cannot write
//! the page beside itself under a temporary name (over 255 bytes).

mod common;

use common::{locate, Fixture};

const OLD: &str = "INC-2026-001";
const RECORD: &str = "incidents/2026/INC-2026-001.yaml";

/// The example with INC-2026-001 renamed (id and file) to `id`; the text.
fn renamed(f: &Fixture, id: &str) -> String {
    let text = f
        .read(RECORD)
        .replacen(&format!("id: {OLD}"), &format!("id: {id}"), 1);
    f.remove(RECORD);
    f.write(&format!("incidents/2026/{id}.yaml"), &text);
    text
}

#[test]
fn an_id_longer_than_64_characters_is_e110_at_the_id() {
    let f = Fixture::example();
    let id = format!("INC-2026-{}", "A".repeat(56));
    assert_eq!(id.len(), 65);
    let text = renamed(&f, &id);
    let problems = f.problems();
    let at = locate(&text, &format!("id: {id}"), &id);
    let hit = problems
        .iter()
        .find(|d| d.code == "E110" && d.at() == at)
        .unwrap_or_else(|| panic!("no E110 at {at}: {}", common::list(&problems)));
    assert!(hit.message.contains("64"), "{}", hit.message);
}

#[test]
fn an_id_of_64_characters_is_fine() {
    let f = Fixture::example();
    let id = format!("INC-2026-{}", "A".repeat(55));
    assert_eq!(id.len(), 64);
    renamed(&f, &id);
    let problems = f.problems();
    assert!(
        !problems.iter().any(|d| d.code == "E110"),
        "{}",
        common::list(&problems)
    );
}
