//! One failing fixture per diagnostic code: each test copies the example
//! content, breaks exactly one thing (usually one line of one record), runs the
//! real `ismsbook check --format json --today 2026-11-22`, and asserts the code,
//! the file and the line and column of the offending key or value. Expected
//! positions are found by searching the edited text, never hard-coded.
//!
//! The example itself has intended warnings (W605 in INC-2026-007, the
//! explained deviations of INC-2025-008, overdue reviews, an explained late
//! drill); `Fixture::problems` leaves them out, so each test sees only what
//! its edit caused.

mod common;

// The fixtures, by group of codes (each file under tests/check_rules/).
#[path = "check_rules/chronology.rs"]
mod chronology;
#[path = "check_rules/closing.rs"]
mod closing;
#[path = "check_rules/files.rs"]
mod files;
#[path = "check_rules/links.rs"]
mod links;
#[path = "check_rules/references.rs"]
mod references;
#[path = "check_rules/shape_required.rs"]
mod shape_required;
#[path = "check_rules/shape_values.rs"]
mod shape_values;
#[path = "check_rules/together.rs"]
mod together;

/// The text of every fixture file, where `every_code_in_the_catalogue_has_a_fixture`
/// looks for each code.
const FIXTURES: &[&str] = &[
    include_str!("check_rules/files.rs"),
    include_str!("check_rules/shape_required.rs"),
    include_str!("check_rules/shape_values.rs"),
    include_str!("check_rules/references.rs"),
    include_str!("check_rules/chronology.rs"),
    include_str!("check_rules/closing.rs"),
    include_str!("check_rules/together.rs"),
    include_str!("check_rules/links.rs"),
    // A deadline that a date known only to its month cannot decide.
    include_str!("partial_dates.rs"),
];

use common::*;
use ismsbook::diagnostics::codes;

/// A closed level-3 record: personal data, PPC notifications, evidence with a hash.
const LEAK: &str = "incidents/2025/INC-2025-007.yaml";
/// An open level-1 record with an assessment, a timeline and two actions.
const OPEN: &str = "incidents/2026/INC-2026-007.yaml";
const POLICY: &str = "policy.yaml";
const CONTACTS: &str = "contacts.yaml";
const SITE: &str = "site.yaml";

/// Every code that has a test in this file. `every_code_in_the_catalogue_has_a_fixture`
/// keeps it equal to `codes::ALL`, so a new code cannot ship without a fixture.
const COVERED: &[&str] = &[
    "E001", "E002", "E003", "E004", "E005", "E006", "E007", "E008", "E009",
    "E010", // files and YAML
    "E011", "E012", "E013", "W014", "E015", // typing mistakes
    "E016", // a content file changed while it was checked or built
    "E017", // raw HTML nested too deeply for the sanitiser
    "E018", // a content file with an upper-case extension is not read
    "E101", "E102", "E103", "W104", "E105", "E106", "E107", "E108", "E109", // shape
    "E110", "E111", "E112", "E113", "E114", "E115", "E116",
    "W117", // ids, text, contacts, hosts, blanks, depth
    "E118", // impact flags the policy does not declare
    "E120", // notification rules
    "E121", "E122", // people's names, masks
    "E130", "E131", "E132", "E133", "E134", "E135", "E136", "E137", // import
    "E201", "E202", "E203", "W204", "E205", "E206", "W207", "E208", // identity and references
    "E301", "E303", "E304", "W305", "E306", "W307", // policy
    "E401", "E402", "E403", "E404", "W405", "W406", "W409", // chronology
    "E501", "E502", "E503", "W504", "W506", "W507", "W508", "W509", "W510", // deadlines
    "E602", "E603", "E604", "W605", "W606", "W607", "W608", // closing
    "E701", "E703", // evidence
    "E803", "E804", "E805", // flow
    "E901", "E902", "E903", "E904", "W905", "W906", "W907", // audit
    "W908", // document control
];

#[test]
fn every_code_in_the_catalogue_has_a_fixture() {
    let all: Vec<&str> = codes::ALL.iter().map(|c| c.id).collect();
    assert_eq!(
        COVERED,
        all.as_slice(),
        "COVERED must list codes::ALL in catalogue order"
    );
    // And each listed code is really asserted somewhere in the fixtures.
    for code in COVERED {
        assert!(
            FIXTURES
                .iter()
                .any(|tests| tests.contains(&format!("\"{code}\","))),
            "no test asserts {code}"
        );
    }
}

/// Append YAML to a file of the fixture; returns the new text.
fn append(f: &Fixture, rel: &str, yaml: &str) -> String {
    let text = format!("{}{yaml}", f.read(rel));
    f.write(rel, &text);
    text
}

/// The severity in the JSON is the one the catalogue gives the code.
fn assert_severity(d: &Diag) {
    let code = codes::find(&d.code).unwrap_or_else(|| panic!("{} is not in the catalogue", d.code));
    let want = match code.severity {
        ismsbook::diagnostics::Severity::Error => "error",
        ismsbook::diagnostics::Severity::Warning => "warning",
    };
    assert_eq!(d.severity, want, "{d}");
    assert!(!d.message.trim().is_empty(), "{d} has no message");
    assert!(
        d.hint.as_deref().is_some_and(|h| !h.trim().is_empty()),
        "{d} has no hint"
    );
}
