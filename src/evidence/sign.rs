//! Signing the hand-over with an existing standard: an SSH signature
//! (`ssh-keygen -Y sign`, the format OpenSSH has had since 8.1) of
//! `evidence/SHA256SUMS`, which holds the hash of every file of the site,
//! the manifest included. `ismsbook sign DIR --key KEY` writes
//! `evidence/SHA256SUMS.sig`; `ismsbook verify DIR --signature
//! --allowed-signers FILE` checks it with `ssh-keygen -Y verify` against the
//! keys the recipient trusts. Anyone can recompute every hash after editing
//! a page; nobody without the private key can sign the new list.
//!
//! The signature is made over the list's bytes in the namespace
//! [`NAMESPACE`], so a signature made for another purpose does not verify.
//! `ssh-keygen` must be installed (`openssh-client`).

use super::sums::{SIGNATURE_PATH, SUMS_PATH};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// The signature namespace (`ssh-keygen -n`).
pub const NAMESPACE: &str = "ismsbook-handover";

fn ssh_keygen(args: &[&std::ffi::OsStr], input: &[u8]) -> Result<std::process::Output, String> {
    let mut child = Command::new("ssh-keygen")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run ssh-keygen (install OpenSSH): {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input)
            .map_err(|e| format!("cannot pass the list to ssh-keygen: {e}"))?;
    }
    child
        .wait_with_output()
        .map_err(|e| format!("ssh-keygen failed: {e}"))
}

fn read_sums(dir: &Path) -> Result<Vec<u8>, String> {
    let path = super::verify::site_file(dir, SUMS_PATH)?.unwrap_or_else(|| dir.join(SUMS_PATH));
    std::fs::read(&path).map_err(|e| {
        format!(
            "cannot read `{}` (was the site built by this ismsbook?): {e}",
            path.display()
        )
    })
}

/// Sign `dir`'s `evidence/SHA256SUMS` with the SSH private key `key`;
/// writes `evidence/SHA256SUMS.sig` and returns its path.
pub fn sign(dir: &Path, key: &Path) -> Result<std::path::PathBuf, String> {
    if !dir.join(crate::write::MARKER).is_file() {
        return Err(format!(
            "`{}` is not a site built by ismsbook (no {})",
            dir.display(),
            crate::write::MARKER
        ));
    }
    let list = read_sums(dir)?;
    let out = ssh_keygen(
        &[
            "-Y".as_ref(),
            "sign".as_ref(),
            "-f".as_ref(),
            key.as_os_str(),
            "-n".as_ref(),
            NAMESPACE.as_ref(),
        ],
        &list,
    )?;
    if !out.status.success() || out.stdout.is_empty() {
        return Err(format!(
            "ssh-keygen could not sign: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    // Never written through a link to a file elsewhere.
    let target =
        super::verify::site_file(dir, SIGNATURE_PATH)?.unwrap_or_else(|| dir.join(SIGNATURE_PATH));
    std::fs::write(&target, &out.stdout)
        .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
    Ok(target)
}

/// Check `dir`'s signature against `allowed_signers` (the OpenSSH
/// `allowed_signers` format: `<principal> <key type> <public key>`),
/// for `identity`, or for any principal the file gives the signing key.
/// Returns the principal whose key made it.
pub fn verify_signature(
    dir: &Path,
    allowed_signers: &Path,
    identity: Option<&str>,
) -> Result<String, String> {
    let list = read_sums(dir)?;
    // Read only as a plain file of the site (not through a link to one
    // elsewhere), like the list.
    let Some(sig) = super::verify::site_file(dir, SIGNATURE_PATH)? else {
        return Err(format!(
            "the site is not signed (no `{}`)",
            dir.join(SIGNATURE_PATH).display()
        ));
    };
    let principals: Vec<String> = match identity {
        Some(id) => vec![id.to_string()],
        None => {
            let out = ssh_keygen(
                &[
                    "-Y".as_ref(),
                    "find-principals".as_ref(),
                    "-s".as_ref(),
                    sig.as_os_str(),
                    "-f".as_ref(),
                    allowed_signers.as_os_str(),
                ],
                b"",
            )?;
            if !out.status.success() {
                // A damaged or cut signature is not a key the recipient
                // does not trust: say which, in ssh-keygen's words.
                let why = String::from_utf8_lossy(&out.stderr);
                let unreadable = why
                    .lines()
                    .find(|l| l.starts_with("Couldn't parse signature"))
                    .map(|l| crate::chars::shown(l.trim()));
                return Err(match unreadable {
                    Some(why) => format!(
                        "`{}` cannot be read ({why}): the signature was cut short or changed",
                        sig.display()
                    ),
                    None => format!("the signing key is not in `{}`", allowed_signers.display()),
                });
            }
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        }
    };
    for p in &principals {
        let out = ssh_keygen(
            &[
                "-Y".as_ref(),
                "verify".as_ref(),
                "-f".as_ref(),
                allowed_signers.as_os_str(),
                "-I".as_ref(),
                p.as_ref(),
                "-n".as_ref(),
                NAMESPACE.as_ref(),
                "-s".as_ref(),
                sig.as_os_str(),
            ],
            &list,
        )?;
        if out.status.success() {
            return Ok(p.clone());
        }
    }
    Err(format!(
        "the signature does not match evidence/SHA256SUMS for any trusted key in `{}`: the list was changed after signing, or signed by another key",
        allowed_signers.display()
    ))
}
