//! One unreadable policy or contacts file is one problem, not two hundred.
//!
//! When `policy.yaml` cannot be read (missing, not a regular file, not
//! UTF-8, empty, broken YAML, over a limit), the model holds an empty policy
//! and every reference to a role, level or category elsewhere would be
//! reported as unknown (E203). Likewise an unreadable `contacts.yaml` makes
//! every role look uncontactable (E303) and every contact the policy names
//! unknown. Those findings say nothing about the files they are in, so they
//! are left out, and the error on the unreadable file says so in its hint.

use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic, Diagnostics};

/// Codes that mean "the file could not be read as YAML at all" (E007: it
/// is a link out of the content directory, which is never followed).
const UNREADABLE: [&str; 9] = [
    codes::PATH_ESCAPE.id,
    codes::IO_ERROR.id,
    codes::INVALID_UTF8.id,
    codes::EMPTY_FILE.id,
    codes::YAML_SYNTAX.id,
    codes::FILE_TOO_LARGE.id,
    codes::YAML_LIMIT.id,
    codes::SYMLINK_LOOP.id,
    codes::MISSING_FILE.id,
];

/// For each shared document: the findings elsewhere that only follow from
/// its absence, as (code, in which file: `None` for every file, the
/// unreadable one included: an empty policy declares no audience either).
struct Source {
    file: &'static str,
    follow_ons: &'static [(&'static str, Option<&'static str>)],
    /// What was not checked (a catalogue key).
    what: &'static str,
}

const SOURCES: [Source; 2] = [
    Source {
        file: "policy.yaml",
        follow_ons: &[
            (codes::UNKNOWN_REFERENCE.id, None),
            // A record's own impact flag, declared by the unread policy.
            (codes::UNDECLARED_IMPACT.id, None),
        ],
        what: "unread.policy",
    },
    Source {
        file: "contacts.yaml",
        follow_ons: &[
            (codes::ROLE_WITHOUT_CONTACT.id, Some("policy.yaml")),
            (codes::UNKNOWN_REFERENCE.id, Some("policy.yaml")),
        ],
        what: "unread.contacts",
    },
];

/// `diags` without the follow-ons of an unreadable policy or contacts file;
/// the error on that file says how many were left out.
pub fn without_follow_ons(diags: Diagnostics) -> Diagnostics {
    let unreadable: Vec<&Source> = SOURCES
        .iter()
        .filter(|s| {
            diags
                .iter()
                .any(|d| d.file == s.file && UNREADABLE.contains(&d.code))
        })
        .collect();
    if unreadable.is_empty() {
        return diags;
    }
    // Follow-on codes are never "unreadable" codes, so the error on the
    // file itself is always kept.
    let is_follow_on = |s: &Source, d: &Diagnostic| {
        s.follow_ons
            .iter()
            .any(|(code, only_in)| d.code == *code && only_in.is_none_or(|f| d.file == f))
    };
    let mut left_out = vec![0usize; unreadable.len()];
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diags.len());
    for d in diags {
        match unreadable.iter().position(|s| is_follow_on(s, &d)) {
            Some(i) => left_out[i] += 1,
            None => kept.push(d),
        }
    }
    for (s, n) in unreadable.iter().zip(left_out) {
        // Nothing was left out: a note saying so would only be noise.
        if n == 0 {
            continue;
        }
        if let Some(d) = kept
            .iter_mut()
            .find(|d| d.file == s.file && UNREADABLE.contains(&d.code))
        {
            let key = if n == 1 {
                "unread.left_out_one"
            } else {
                "unread.left_out_many"
            };
            let note = msg!(key, what = crate::diagnostics::Msg::new(s.what), n = n);
            let joined = match (d.hint.take(), d.hint_msg.take()) {
                (_, Some(m)) => msg!("unread.joined", first = *m, note = note),
                (Some(h), None) => msg!("unread.joined", first = h, note = note),
                (None, None) => note,
            };
            *d = d.clone().hint(joined);
        }
    }
    kept.into_iter().collect()
}
