//! The case book (`training` audience): which records become cases, in what
//! order, and how their text is made anonymous beyond what redaction
//! removed. Case numbers follow a digest of the record id, so neither the
//! id nor the order the incidents happened in can be read from them; dates
//! are kept to the month, in fields and in free text; record ids written in
//! text become case numbers.

use crate::model::{Incident, Status};
use sha2::{Digest, Sha256};

/// The audience whose build is the case book.
pub const AUDIENCE: &str = "training";

/// Whether a record is shared as a case: closed (what was learned is known).
/// Restricted records follow the audience's rule (`restricted: omit` by
/// default) before this is asked.
pub fn shareable(inc: &Incident) -> bool {
    inc.status() == Some(Status::Closed)
}

/// Indices into `incidents` of the shareable ones, in case-number order
/// (case `k + 1` is entry `k`): sorted by a digest of the id.
pub fn order(incidents: &[(&Incident, super::view::Presence)]) -> Vec<usize> {
    let mut keyed: Vec<([u8; 32], usize)> = incidents
        .iter()
        .map(|(i, _)| *i)
        .enumerate()
        .filter(|(k, i)| incidents[*k].1 == super::view::Presence::Full && shareable(i))
        .map(|(k, i)| (Sha256::digest(i.id.value.as_bytes()).into(), k))
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, k)| k).collect()
}

/// The printable booklet of every case.
pub const BOOKLET: &str = "cases/booklet.html";

/// The site path of case `number`.
pub fn case_path(number: usize) -> String {
    format!("cases/case-{number:03}.html")
}

/// Dates in free text kept to the month: `6月5日` → `6月`,
/// `2026-06-05` → `2026-06`, `2026/6/5` → `2026/6` (full-width digits too).
pub fn month_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let run = |from: usize| (from..chars.len()).take_while(|&k| digit(chars[k])).count();
    let mut out = String::with_capacity(text.len());
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        if digit(c) && (k == 0 || !digit(chars[k - 1])) {
            let n = run(k);
            let after = k + n;
            // M月D日
            if (1..=2).contains(&n) && chars.get(after) == Some(&'月') {
                let d = run(after + 1);
                if (1..=2).contains(&d) && chars.get(after + 1 + d) == Some(&'日') {
                    out.extend(&chars[k..=after]);
                    k = after + d + 2;
                    continue;
                }
            }
            // YYYY-MM-DD and YYYY/M/D
            if n == 4 && matches!(chars.get(after), Some('-' | '/' | '－' | '／')) {
                let sep = chars[after];
                let m = run(after + 1);
                let m_end = after + 1 + m;
                if (1..=2).contains(&m) && chars.get(m_end) == Some(&sep) {
                    let d = run(m_end + 1);
                    if (1..=2).contains(&d) {
                        out.extend(&chars[k..m_end]);
                        k = m_end + 1 + d;
                        continue;
                    }
                }
            }
            out.extend(&chars[k..after]);
            k = after;
            continue;
        }
        out.push(c);
        k += 1;
    }
    out
}

/// Record ids in text replaced: `ids` are (id, what to write instead).
pub struct IdReplacer {
    ac: Option<aho_corasick::AhoCorasick>,
    labels: Vec<String>,
}

impl IdReplacer {
    pub fn new(ids: Vec<(String, String)>) -> IdReplacer {
        let ac = aho_corasick::AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(ids.iter().map(|(id, _)| id.as_str()))
            .ok();
        IdReplacer {
            ac,
            labels: ids.into_iter().map(|(_, l)| l).collect(),
        }
    }

    pub fn replace(&self, text: &str) -> String {
        match &self.ac {
            Some(ac) => ac.replace_all(text, &self.labels),
            None => text.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_text_keep_the_month() {
        assert_eq!(month_only("6月5日、部員は"), "6月、部員は");
        assert_eq!(month_only("１２月２４日に"), "１２月に");
        assert_eq!(month_only("2026-06-05 と 2026/6/5"), "2026-06 と 2026/6");
        assert_eq!(
            month_only("取引先8社、14通、9時40分"),
            "取引先8社、14通、9時40分"
        );
        assert_eq!(month_only("3か月"), "3か月");
    }

    #[test]
    fn case_numbers_do_not_follow_the_ids() {
        let mut a = Incident::sample();
        a.status = Some(crate::model::Spanned::new(Status::Closed, a.pos));
        let mut recs = Vec::new();
        for k in 0..6 {
            let mut r = a.clone();
            r.id.value = format!("INC-2026-00{k}");
            recs.push(r);
        }
        recs[5].status = None;
        let refs: Vec<_> = recs
            .iter()
            .map(|r| (r, crate::present::view::Presence::Full))
            .collect();
        let o = order(&refs);
        assert_eq!(o.len(), 5);
        assert_ne!(o, vec![0, 1, 2, 3, 4]);
        let r = IdReplacer::new(vec![("INC-2026-001".into(), "事例 3".into())]);
        assert_eq!(r.replace("inc-2026-001 と同じ"), "事例 3 と同じ");
    }
}
