//! `ismsbook verify DIR`: check a built site against its
//! `evidence/manifest.json`. Prints every file added, missing or changed;
//! exit 0 when everything matches, 1 on any difference (or, with
//! `--signature`, a missing or bad signature), 2 when the site or its
//! manifest cannot be read.

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
    /// Also check the SSH signature of evidence/SHA256SUMS (`ismsbook sign`)
    /// against the keys in --allowed-signers; fails when it is missing or
    /// does not match.
    #[arg(long, requires = "allowed_signers")]
    pub signature: bool,
    /// OpenSSH allowed_signers file: one `<principal> <key type> <public key>` a line.
    #[arg(long, value_name = "FILE")]
    pub allowed_signers: Option<PathBuf>,
    /// The principal expected to have signed (default: any the file gives the key).
    #[arg(long, value_name = "NAME", requires = "signature")]
    pub identity: Option<String>,
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
        if let Some(n) = v.sums_listed {
            eprintln!("SHA256SUMS: {n} files listed");
        }
    }
    let mut signature_ok = true;
    if args.signature {
        let allowed = args
            .allowed_signers
            .as_deref()
            .unwrap_or(std::path::Path::new(""));
        match crate::evidence::sign::verify_signature(&args.dir, allowed, args.identity.as_deref())
        {
            Ok(who) => {
                if !global.quiet {
                    eprintln!("signature: good, signed by {}", shown(&who));
                }
            }
            Err(e) => {
                eprintln!("error: signature: {e}");
                signature_ok = false;
            }
        }
    }
    if v.ok() && !signature_ok {
        return 1;
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
