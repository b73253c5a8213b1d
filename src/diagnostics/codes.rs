//! The catalogue of diagnostic codes. Codes are stable: once published, a code
//! keeps its meaning (CI configurations and `explain` rely on it).

use super::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    pub id: &'static str,
    pub severity: Severity,
    /// One line: what kind of problem this is.
    pub summary: &'static str,
}

const fn error(id: &'static str, summary: &'static str) -> Code {
    Code {
        id,
        severity: Severity::Error,
        summary,
    }
}
const fn warning(id: &'static str, summary: &'static str) -> Code {
    Code {
        id,
        severity: Severity::Warning,
        summary,
    }
}

// Files and YAML (E0xx)
pub const IO_ERROR: Code = error("E001", "a file or directory could not be read");
pub const INVALID_UTF8: Code = error("E002", "a file is not valid UTF-8");
pub const EMPTY_FILE: Code = error("E003", "a file is empty");
pub const YAML_SYNTAX: Code = error("E004", "YAML syntax error");
pub const FILE_TOO_LARGE: Code = error("E005", "a file exceeds the size limit");
pub const YAML_LIMIT: Code = error("E006", "YAML nesting or alias expansion exceeds the limit");
pub const PATH_ESCAPE: Code = error("E007", "a path leaves the content directory");
pub const SYMLINK_LOOP: Code = error("E008", "a symbolic link loop in the content directory");
pub const MISSING_FILE: Code = error("E009", "a required file is missing");
pub const FRONT_MATTER: Code = error("E010", "Markdown front matter is missing or malformed");
pub const FULLWIDTH_COLON: Code = error("E011", "a key is followed by a full-width colon");
pub const FULLWIDTH_SPACE: Code = error(
    "E012",
    "a full-width space is used as indentation or after a colon or dash",
);
pub const TAB_INDENT: Code = error("E013", "a tab is used for indentation");
pub const SMART_QUOTES: Code = warning(
    "W014",
    "a value is enclosed in curly quotation marks, which YAML keeps as text",
);
pub const FULLWIDTH_DIGITS: Code = error(
    "E015",
    "a number, date or duration is written with full-width characters",
);
pub const CHANGED_DURING_BUILD: Code = error(
    "E016",
    "a content file changed while it was being checked or built",
);
pub const HTML_TOO_DEEP: Code = error(
    "E017",
    "raw HTML in Markdown nests too many elements inside one another",
);
pub const EXTENSION_CASE: Code = error(
    "E018",
    "a content file is not read because its extension is not in lower case",
);

// Shape of the data (E1xx)
pub const MISSING_FIELD: Code = error("E101", "a required field is missing");
pub const WRONG_TYPE: Code = error("E102", "a value has the wrong type");
pub const INVALID_ENUM: Code = error("E103", "a value is not one of the allowed values");
pub const UNKNOWN_KEY: Code = warning("W104", "a key is not part of the format");
pub const INVALID_DATE: Code = error("E105", "a date or time cannot be read");
pub const INVALID_DURATION: Code = error("E106", "a duration cannot be read");
pub const DUPLICATE_KEY: Code = error("E107", "a key appears twice in one mapping");
pub const INVALID_VALUE: Code = error("E108", "a value is out of range or malformed");
pub const UNSAFE_URL: Code = error(
    "E109",
    "a link uses a scheme that could run code (javascript:, data:, ...)",
);
pub const INVALID_ID: Code = error("E110", "an id uses characters outside its documented set");
pub const INVISIBLE_CHARACTER: Code = error(
    "E111",
    "a bidi control or invisible character in an id, file name, title or evidence name",
);
pub const CONTROL_CHARACTER: Code = error("E112", "a control character in a text field");
pub const INVALID_PHONE: Code = error("E113", "a phone number cannot be read");
pub const INVALID_EMAIL: Code = error("E114", "an e-mail value is not exactly one address");
pub const REMOTE_RESOURCE: Code = error(
    "E115",
    "a link or image names another host without a scheme (//host, \\\\host)",
);
pub const BLANK_REQUIRED: Code = error("E116", "a required text field is empty or only whitespace");
pub const TOO_DEEP: Code = warning(
    "W117",
    "a folder is nested deeper than the folder limit; its files are not read",
);
pub const UNDECLARED_IMPACT: Code = error(
    "E118",
    "an impact flag is neither built in nor declared under `impacts` in policy.yaml",
);
pub const OVERRIDE_UNKNOWN_KIND: Code = error(
    "E120",
    "a deadline override names a kind its notification rule has no deadline for",
);
pub const PERSON_NAME: Code = error(
    "E121",
    "a person's name in text that an audience hiding people would see",
);
pub const INVALID_MASK: Code = error("E122", "a `mask` entry of site.yaml is empty or too short");

// Import from a spreadsheet (E13x): positions are the sheet's cells.
pub const IMPORT_UNREADABLE: Code =
    error("E130", "the file to import cannot be read as a spreadsheet");
pub const IMPORT_MAPPING: Code = error("E131", "the import mapping file is malformed");
pub const IMPORT_CELL_TYPE: Code = error(
    "E132",
    "a cell cannot be read as the date, number or yes/no its field needs",
);
pub const IMPORT_CELL_VALUE: Code = error(
    "E133",
    "a cell holds a value its field does not accept, and the mapping has no translation for it",
);
pub const IMPORT_LIMIT: Code = error("E134", "a sheet, cell or file exceeds the import limits");
pub const IMPORT_EXISTS: Code = error(
    "E135",
    "an imported record's id is already in the content (import never overwrites)",
);
pub const IMPORT_DUPLICATE: Code = error("E136", "two rows of the import give the same record id");
pub const IMPORT_MISSING: Code = error("E137", "a row has no value for a field every record needs");

// Identity and references (E2xx)
pub const DUPLICATE_ID: Code = error("E201", "an id is used twice");
pub const ID_FILE_MISMATCH: Code = error("E202", "a record id differs from its file name");
pub const UNKNOWN_REFERENCE: Code =
    error("E203", "a reference names something that does not exist");
pub const WRONG_YEAR_DIR: Code = warning("W204", "a record is filed under the wrong year");
pub const LOOKALIKE_ID: Code = error(
    "E205",
    "two ids differ only in case, character width or Unicode form",
);
pub const WINDOWS_NAME: Code = error(
    "E206",
    "a file name that Windows cannot create: a device name, or ending in a dot or space",
);
pub const WINDOWS_LONG_PATH: Code = warning(
    "W207",
    "a file's path is too long for Windows once the site or checkout is unpacked under a usual folder",
);
pub const DEAD_LINK: Code = error(
    "E208",
    "a link or image points at a page or file the site will not have",
);

// Policy: levels, roles and contacts (E3xx)
pub const WRONG_RESPONSIBLE: Code = error(
    "E301",
    "the responsible role differs from the one the policy assigns to the level",
);
pub const ROLE_WITHOUT_CONTACT: Code = error(
    "E303",
    "a role in use has no internal contact with phone and e-mail",
);
pub const LEVEL_TOO_LOW: Code = error("E304", "the level is below the minimum the impact requires");
pub const CRITERION_WITHOUT_QUESTION: Code = warning(
    "W305",
    "a level's criterion has no question for the report page",
);
pub const NEGATIVE_LEVEL: Code = error(
    "E306",
    "a level number (a level of the policy, a rule's `min_level`) is negative",
);
pub const MIN_LEVEL_ABOVE_LEVELS: Code = warning(
    "W307",
    "a notification rule's `min_level` is above every level of the policy, so the rule applies to no record",
);

// Chronology (E4xx)
pub const DATES_OUT_OF_ORDER: Code = error("E401", "the incident dates are out of order");
pub const TIMELINE_ORDER: Code = error(
    "E402",
    "a timeline entry is out of order or outside the incident",
);
pub const DATE_IN_FUTURE: Code = error("E403", "a date lies after the check date");
pub const MISSING_DATE: Code = error("E404", "a date required at this stage is missing");
pub const DATE_IMPLAUSIBLY_OLD: Code = warning(
    "W406",
    "a key date lies more than a century before the check date",
);
pub const NOT_RECORDED: Code = warning(
    "W409",
    "a fact required at this stage was never recorded in the source; the record says why",
);
pub const CONTAINED_BEFORE_REPORT_EXPLAINED: Code = warning(
    "W405",
    "containment came before the report to the responsible role; the record says why",
);

// Deadlines and notifications (E5xx)
pub const REPORT_LATE: Code = error("E501", "the report to the responsible role was late");
pub const NOTIFICATION_MISSING: Code = error("E502", "a required external notification is missing");
pub const NOTIFICATION_LATE_EXPLAINED: Code = warning(
    "W506",
    "an external notification was late; the record says why",
);
pub const NOTIFICATION_LATE: Code = error(
    "E503",
    "an external notification was made after its deadline",
);
pub const REPORT_LATE_EXPLAINED: Code = warning(
    "W504",
    "the report to the responsible role was late; the record says why",
);
pub const NOTIFICATION_NOT_MADE_EXPLAINED: Code = warning(
    "W507",
    "a required external notification was not made; the record says why",
);
pub const EXPLANATION_WITHOUT_DEVIATION: Code = warning(
    "W508",
    "a deviation is explained that the record's dates do not show",
);
pub const DEADLINE_UNJUDGED: Code = warning(
    "W510",
    "a deadline cannot be judged: a date it depends on is known only to its month",
);
pub const NOT_APPLICABLE_UNNEEDED: Code = warning(
    "W509",
    "a notification rule is marked not applicable although its conditions do not hold",
);

// Closing and corrective actions (E6xx)
pub const CLOSED_WITHOUT_CAUSE: Code = error("E602", "a closed record has no cause");
pub const CLOSED_WITHOUT_ACTION: Code = error("E603", "a closed record has no corrective action");
pub const ACTION_INCOMPLETE: Code =
    error("E604", "an action lacks an owner, due date or evaluation");
pub const ACTION_OVERDUE: Code = warning("W605", "an action is past its due date and not done");
pub const ACTION_OVERDUE_EXPLAINED: Code = warning(
    "W606",
    "an action is past its due date and not done; the record says why",
);
pub const REVIEW_OVERDUE: Code = warning(
    "W607",
    "the effectiveness review of an action is past its due date",
);
pub const REVIEW_INCOMPLETE: Code = warning(
    "W608",
    "an effectiveness review is recorded as done without its reviewer or result",
);

// Evidence (E7xx)
pub const EVIDENCE_MISSING: Code = error("E701", "an evidence file does not exist");
pub const EVIDENCE_HASH: Code = error("E703", "an evidence file does not match its SHA-256");

// Flow (E8xx)
pub const FLOW_UNREACHABLE: Code = error("E803", "a flow node cannot be reached from the start");
pub const FLOW_NO_END: Code = error("E804", "the flow has no end node");
pub const FLOW_START: Code = error("E805", "the flow must have exactly one start node");

// Audit: assessment, drills (E9xx)
pub const ASSESSMENT_MISSING: Code = error("E901", "an assessment decision is missing");
pub const ASSESSMENT_BEFORE_DETECTION: Code =
    error("E902", "the assessment was decided before detection");
pub const ASSESSOR_NOT_ALLOWED: Code = error(
    "E903",
    "the deciding role may not take assessment decisions",
);
pub const STAGE_INCONSISTENT: Code = error("E904", "the assessment stage does not fit the level");
pub const DRILL_OVERDUE: Code = warning("W905", "the latest drill is older than the policy allows");
pub const DRILL_LATE: Code = warning(
    "W906",
    "a drill was held later than the policy's interval after the one before",
);
pub const DRILL_LATE_EXPLAINED: Code = warning(
    "W907",
    "a drill was held later than the policy's interval; the record says why",
);
pub const CHANGED_AFTER_APPROVAL: Code = warning(
    "W908",
    "a controlled document was changed after its recorded approval",
);

/// Every code, in catalogue order (used by `explain` and its tests).
pub const ALL: &[Code] = &[
    IO_ERROR,
    INVALID_UTF8,
    EMPTY_FILE,
    YAML_SYNTAX,
    FILE_TOO_LARGE,
    YAML_LIMIT,
    PATH_ESCAPE,
    SYMLINK_LOOP,
    MISSING_FILE,
    FRONT_MATTER,
    FULLWIDTH_COLON,
    FULLWIDTH_SPACE,
    TAB_INDENT,
    SMART_QUOTES,
    FULLWIDTH_DIGITS,
    CHANGED_DURING_BUILD,
    HTML_TOO_DEEP,
    EXTENSION_CASE,
    MISSING_FIELD,
    WRONG_TYPE,
    INVALID_ENUM,
    UNKNOWN_KEY,
    INVALID_DATE,
    INVALID_DURATION,
    DUPLICATE_KEY,
    INVALID_VALUE,
    UNSAFE_URL,
    INVALID_ID,
    INVISIBLE_CHARACTER,
    CONTROL_CHARACTER,
    INVALID_PHONE,
    INVALID_EMAIL,
    REMOTE_RESOURCE,
    BLANK_REQUIRED,
    TOO_DEEP,
    UNDECLARED_IMPACT,
    OVERRIDE_UNKNOWN_KIND,
    PERSON_NAME,
    INVALID_MASK,
    IMPORT_UNREADABLE,
    IMPORT_MAPPING,
    IMPORT_CELL_TYPE,
    IMPORT_CELL_VALUE,
    IMPORT_LIMIT,
    IMPORT_EXISTS,
    IMPORT_DUPLICATE,
    IMPORT_MISSING,
    DUPLICATE_ID,
    ID_FILE_MISMATCH,
    UNKNOWN_REFERENCE,
    WRONG_YEAR_DIR,
    LOOKALIKE_ID,
    WINDOWS_NAME,
    WINDOWS_LONG_PATH,
    DEAD_LINK,
    WRONG_RESPONSIBLE,
    ROLE_WITHOUT_CONTACT,
    LEVEL_TOO_LOW,
    CRITERION_WITHOUT_QUESTION,
    NEGATIVE_LEVEL,
    MIN_LEVEL_ABOVE_LEVELS,
    DATES_OUT_OF_ORDER,
    TIMELINE_ORDER,
    DATE_IN_FUTURE,
    MISSING_DATE,
    CONTAINED_BEFORE_REPORT_EXPLAINED,
    DATE_IMPLAUSIBLY_OLD,
    NOT_RECORDED,
    REPORT_LATE,
    NOTIFICATION_MISSING,
    NOTIFICATION_LATE,
    REPORT_LATE_EXPLAINED,
    NOTIFICATION_LATE_EXPLAINED,
    NOTIFICATION_NOT_MADE_EXPLAINED,
    EXPLANATION_WITHOUT_DEVIATION,
    NOT_APPLICABLE_UNNEEDED,
    DEADLINE_UNJUDGED,
    CLOSED_WITHOUT_CAUSE,
    CLOSED_WITHOUT_ACTION,
    ACTION_INCOMPLETE,
    ACTION_OVERDUE,
    ACTION_OVERDUE_EXPLAINED,
    REVIEW_OVERDUE,
    REVIEW_INCOMPLETE,
    EVIDENCE_MISSING,
    EVIDENCE_HASH,
    FLOW_UNREACHABLE,
    FLOW_NO_END,
    FLOW_START,
    ASSESSMENT_MISSING,
    ASSESSMENT_BEFORE_DETECTION,
    ASSESSOR_NOT_ALLOWED,
    STAGE_INCONSISTENT,
    DRILL_OVERDUE,
    DRILL_LATE,
    DRILL_LATE_EXPLAINED,
    CHANGED_AFTER_APPROVAL,
];

/// Look a code up by its id, case-insensitively (`e101` works too).
pub fn find(id: &str) -> Option<Code> {
    ALL.iter()
        .copied()
        .find(|c| c.id.eq_ignore_ascii_case(id.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_and_prefix_matches_severity() {
        let mut seen = BTreeSet::new();
        for c in ALL {
            assert!(seen.insert(c.id), "duplicate code {}", c.id);
            let expected = if c.id.starts_with('E') {
                Severity::Error
            } else {
                Severity::Warning
            };
            assert_eq!(c.severity, expected, "{}", c.id);
        }
    }

    #[test]
    fn find_is_case_insensitive() {
        assert_eq!(find("e101"), Some(MISSING_FIELD));
        assert_eq!(find("X999"), None);
    }
}
