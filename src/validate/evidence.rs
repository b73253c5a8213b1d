//! Evidence files exist, stay inside the content directory, and match the
//! SHA-256 the record states.

use super::Ctx;
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic};
use crate::digest::sha256_file;
use crate::load::resolve_inside;
use crate::model::Incident;

pub fn check(ctx: &Ctx, inc: &Incident, out: &mut Vec<Diagnostic>) {
    let file = inc.file.as_str();
    // Copied under their own names: two that differ only in case or form
    // are one file where the auditor unpacks the site.
    let names = inc.evidence.iter().map(|ev| {
        let name = ev.path.value.as_str();
        (name.trim_start_matches("./"), file, ev.path.pos)
    });
    super::ids::same_files(names, out);
    for ev in &inc.evidence {
        // Published under its file name with trailing dots and spaces
        // dropped (`evidence::copy`), so only a device name there is one
        // the auditor's Windows cannot unpack.
        let path = ev.path.value.as_str();
        let name = path.rsplit('/').next().unwrap_or(path);
        let name = name.trim_end_matches(['.', ' ']);
        super::ids::windows_name(name, file, ev.path.pos, out);
        // Its copy in the site, or its own path in the content, whichever
        // is longer.
        let copy = crate::paths::evidence_copy(&inc.id.value, name);
        let own = path.trim_start_matches("./");
        let longer = if own.chars().count() > copy.chars().count() {
            own
        } else {
            &copy
        };
        super::ids::long_path(longer, file, ev.path.pos, out);
    }
    for ev in &inc.evidence {
        let path = match resolve_inside(ctx.root, &ev.path.value) {
            Ok(p) => p,
            Err(why) => {
                out.push(
                    Diagnostic::new(
                        codes::PATH_ESCAPE,
                        file,
                        ev.path.pos,
                        msg!(
                            "E007.evidence",
                            path = &ev.path.value,
                            why = crate::load::escape_reason(why)
                        ),
                    )
                    .hint(msg!("E007.evidence_hint")),
                );
                continue;
            }
        };
        if !path.is_file() {
            out.push(
                Diagnostic::new(
                    codes::EVIDENCE_MISSING,
                    file,
                    ev.path.pos,
                    msg!("E701.missing", path = &ev.path.value),
                )
                .hint(msg!("E701.missing_hint")),
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
                    msg!("E108.sha256"),
                )
                .hint(msg!("E108.sha256_hint", path = &ev.path.value)),
            );
            continue;
        }
        match sha256_file(&path) {
            Ok(actual) if actual == want => {}
            Ok(actual) => out.push(
                Diagnostic::new(
                    codes::EVIDENCE_HASH,
                    file,
                    expected.pos,
                    msg!(
                        "E703.differs",
                        path = &ev.path.value,
                        actual = actual,
                        want = &want
                    ),
                )
                .hint(msg!("E703.differs_hint")),
            ),
            Err(e) => out.push(Diagnostic::new(
                codes::IO_ERROR,
                file,
                ev.path.pos,
                msg!("E001.evidence", path = &ev.path.value, error = e),
            )),
        }
    }
}
