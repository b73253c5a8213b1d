//! What the guard says at the end of a build: the leaks it found, sorted
//! by file, in one message.

use super::Guard;
use crate::diagnostics::{msg, Arg, Msg};

impl Guard<'_> {
    /// The leaks found, sorted by file; `Err` with a message naming them.
    pub fn finish(&self) -> Result<(), Msg> {
        let mut leaks = self.leaks.lock().map(|l| l.clone()).unwrap_or_default();
        if leaks.is_empty() {
            return Ok(());
        }
        leaks.sort_by(|a, b| a.path.cmp(&b.path).then(a.term.cmp(&b.term)));
        leaks.dedup();
        let shown: Vec<String> = leaks
            .iter()
            .take(20)
            .map(|l| format!("  {}: {}", l.path, l.term))
            .collect();
        let more = leaks.len().saturating_sub(20);
        let files = leaks
            .iter()
            .map(|l| &l.path)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let more = if more > 0 {
            Arg::Msg(msg!("guard.more", n = more))
        } else {
            Arg::Text(String::new())
        };
        Err(msg!(
            "guard.refused",
            files = files,
            list = shown.join("\n"),
            more = more,
        ))
    }
}
