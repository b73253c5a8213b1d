//! Evidence files exist, stay inside the content directory, and match the
//! SHA-256 the record states.

use super::Ctx;
use crate::diagnostics::{codes, Diagnostic};
use crate::digest::sha256_file;
use crate::load::resolve_inside;
use crate::model::Incident;

pub fn check(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let file = inc.file.as_str();
    for ev in &inc.evidence {
        let path = match resolve_inside(ctx.root, &ev.path.value) {
            Ok(p) => p,
            Err(why) => {
                out.push(
                    Diagnostic::new(codes::PATH_ESCAPE, file, ev.path.pos, format!("evidence path `{}` leaves the content directory: {why}", ev.path.value))
                        .hint("copy the file into the content directory (e.g. `evidence/`) and refer to it relative to it"),
                );
                continue;
            }
        };
        if !path.is_file() {
            out.push(
                Diagnostic::new(codes::EVIDENCE_MISSING, file, ev.path.pos, format!("evidence file `{}` does not exist", ev.path.value))
                    .hint("check the spelling and that the path is relative to the content directory, e.g. `evidence/2026/mail-log.csv`"),
            );
            continue;
        }
        let Some(expected) = &ev.sha256 else { continue };
        let want = expected.value.trim().to_ascii_lowercase();
        if want.len() != 64 || !want.bytes().all(|b| b.is_ascii_hexdigit()) {
            out.push(
                Diagnostic::new(
                    codes::INVALID_VALUE,
                    file,
                    expected.pos,
                    "`sha256` must be 64 hexadecimal digits",
                )
                .hint(format!("compute it with `sha256sum {}`", ev.path.value)),
            );
            continue;
        }
        match sha256_file(&path) {
            Ok(actual) if actual == want => {}
            Ok(actual) => out.push(
                Diagnostic::new(codes::EVIDENCE_HASH, file, expected.pos, format!("evidence file `{}` has SHA-256 {actual}, not the recorded {want}", ev.path.value))
                    .hint("the file changed since it was recorded: restore the original, or if the record is wrong, correct `sha256` and note why in the timeline"),
            ),
            Err(e) => out.push(Diagnostic::new(codes::IO_ERROR, file, ev.path.pos, format!("cannot read evidence file `{}`: {e}", ev.path.value))),
        }
    }
}
