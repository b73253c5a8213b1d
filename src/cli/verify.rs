//! `ismsbook verify DIR`: check a built site against its
//! `evidence/manifest.json`. Prints every file added, missing or changed;
//! exit 0 when everything matches, 1 on any difference, 2 when the site or
//! its manifest cannot be read.

use super::Global;
use crate::chars::shown;
use crate::site::verify;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct VerifyArgs {
    /// The built site (the directory `build --out` wrote).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

pub fn run(args: &VerifyArgs, global: &Global) -> u8 {
    let v = match verify(&args.dir) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    for d in &v.differences {
        // A file name may hold line breaks or escape sequences (anyone who
        // can write into the site can plant one): shown as <U+XXXX>, so it
        // cannot forge a line of this report or reach the terminal raw.
        println!("{}: {}", d.change.as_str(), shown(&d.path));
    }
    if !global.quiet {
        let m = &v.manifest;
        let commit = match &m.source_control {
            Some(s) => format!(
                "{}{}",
                s.commit.as_deref().unwrap_or("(no commit)"),
                if s.dirty { " (dirty)" } else { "" }
            ),
            None => "not in git".to_string(),
        };
        eprintln!(
            "manifest: {} {} built {} for {}, source {commit}",
            m.generator, m.version, m.build_date, m.audience
        );
        eprintln!("manifest sha256: {}", v.manifest_sha256);
    }
    if v.ok() {
        if !global.quiet {
            eprintln!("ok: all {} files match the manifest", v.checked);
        }
        0
    } else {
        eprintln!(
            "error: {} difference(s) from the manifest in {}",
            v.differences.len(),
            shown(&args.dir.display().to_string())
        );
        1
    }
}
