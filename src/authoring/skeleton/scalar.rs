//! YAML scalars as the skeleton writes them: timestamps in RFC 3339 and text
//! plain when that reads back the same, double-quoted otherwise.

use chrono::{DateTime, FixedOffset};

/// RFC 3339 with seconds and offset, as the format and chrono both read it.
pub fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A YAML scalar for arbitrary text: plain when that reads back as the same
/// text, otherwise double-quoted (JSON string syntax is valid YAML).
pub fn yaml_str(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
    }
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s || s.chars().any(|c| c.is_control()) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || first.is_ascii_digit()
        || first == '+'
        || first == '.'
    {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    // Words YAML 1.1 or 1.2 would read as booleans or null.
    let lower = s.to_ascii_lowercase();
    !matches!(
        lower.as_str(),
        "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_str_quotes_only_when_needed() {
        assert_eq!(yaml_str("顧客へのメール誤送信"), "顧客へのメール誤送信");
        assert_eq!(yaml_str("a: b"), "\"a: b\"");
        assert_eq!(yaml_str("yes"), "\"yes\"");
        assert_eq!(yaml_str("2026"), "\"2026\"");
        assert_eq!(yaml_str("- x"), "\"- x\"");
        assert_eq!(yaml_str(""), "\"\"");
        assert_eq!(yaml_str("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
    }
}
