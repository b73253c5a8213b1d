//! `evidence/SHA256SUMS`: the SHA-256 of every file of the site in the
//! format of GNU `sha256sum` (`<hash>  <path>`, paths relative to the site
//! root), so a recipient can check the site without ismsbook:
//! `cd site && sha256sum -c evidence/SHA256SUMS`. It lists everything the
//! manifest lists plus the manifest itself and the readable evidence page
//! (which shows the manifest's hash and so cannot be in the manifest); not
//! itself, its signature or the output marker.

use crate::digest::{push_hex, sha256_hex};
use crate::write::{FileHash, Files};

/// Where the list is written, relative to the site root.
pub const SUMS_PATH: &str = "evidence/SHA256SUMS";
/// Its SSH signature (`ismsbook sign`, `ssh-keygen -Y sign`).
pub const SIGNATURE_PATH: &str = "evidence/SHA256SUMS.sig";

/// The list for `files` (any order) and the manifest's bytes.
pub fn sums(files: &[FileHash], manifest_path: &str, manifest: &[u8]) -> Vec<u8> {
    // Borrowed, not copied: the site's every path and hash (157,541 of
    // them at 100,000 records) are already held once.
    let manifest_sha256 = sha256_hex(manifest);
    let mut lines: Vec<(&str, &str)> = files
        .iter()
        .filter(|f| f.path != SUMS_PATH && f.path != SIGNATURE_PATH)
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    lines.push((manifest_path, &manifest_sha256));
    lines.sort();
    lines.dedup_by(|a, b| a.0 == b.0);
    let mut out = String::with_capacity(lines.len() * 112);
    for (path, hash) in lines {
        push_line(&mut out, hash, path);
    }
    out.into_bytes()
}

/// [`sums`] for the files of `files` (a recorder's map, in path order),
/// each line written from the map as it is: the same bytes, without a
/// list of every path and hash in hex made first and sorted.
pub fn sums_of(files: &Files, manifest_path: &str, manifest: &[u8]) -> Vec<u8> {
    let manifest_sha256 = sha256_hex(manifest);
    let mut out = String::with_capacity((files.len() + 1) * 112);
    let mut hex = String::with_capacity(64);
    let mut manifest_listed = false;
    for (path, (_, digest)) in files {
        let path: &str = path;
        if path == SUMS_PATH || path == SIGNATURE_PATH {
            continue;
        }
        hex.clear();
        push_hex(&mut hex, &digest.0);
        if !manifest_listed && path >= manifest_path {
            manifest_listed = true;
            if path == manifest_path {
                // Listed once, with the lesser hash (as a sort of the
                // lines and a dedup by path keep it).
                let least = hex.as_str().min(manifest_sha256.as_str());
                push_line(&mut out, least, path);
                continue;
            }
            push_line(&mut out, &manifest_sha256, manifest_path);
        }
        push_line(&mut out, &hex, path);
    }
    if !manifest_listed {
        push_line(&mut out, &manifest_sha256, manifest_path);
    }
    out.into_bytes()
}

/// One line. A path holding a backslash or a line break is escaped the way
/// GNU coreutils does (a leading `\` on the line, `\\` and `\n` in the name).
fn push_line(out: &mut String, hash: &str, path: &str) {
    if path.contains(['\\', '\n', '\r']) {
        let escaped = path
            .replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('\r', "\\r");
        out.push('\\');
        out.push_str(hash);
        out.push_str("  ");
        out.push_str(&escaped);
    } else {
        out.push_str(hash);
        out.push_str("  ");
        out.push_str(path);
    }
    out.push('\n');
}

/// Read a list back: `(path, hash)` pairs, or the line that cannot be read.
pub fn parse(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (n, l) in text.lines().enumerate() {
        if l.is_empty() {
            continue;
        }
        let (escaped, l) = match l.strip_prefix('\\') {
            Some(rest) => (true, rest),
            None => (false, l),
        };
        let (hash, path) = l
            .split_once("  ")
            .or_else(|| l.split_once(" *"))
            .ok_or_else(|| format!("line {} is not `<sha256>  <path>`", n + 1))?;
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("line {} has no SHA-256", n + 1));
        }
        let path = if escaped {
            unescape(path)
        } else {
            path.to_string()
        };
        out.push((path, hash.to_ascii_lowercase()));
    }
    Ok(out)
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_sorted_escaped_and_read_back() {
        let f = |p: &str| FileHash {
            path: p.into(),
            size: 1,
            sha256: "a".repeat(64),
        };
        let text = sums(
            &[f("z.html"), f("a\\b\nc.txt")],
            "evidence/manifest.json",
            b"{}",
        );
        let text = String::from_utf8(text).unwrap();
        assert!(text.starts_with(&format!("\\{}  a\\\\b\\nc.txt\n", "a".repeat(64))));
        assert!(text.contains(&format!("{}  evidence/manifest.json\n", sha256_hex(b"{}"))));
        let back = parse(&text).unwrap();
        assert_eq!(back[0].0, "a\\b\nc.txt");
        assert_eq!(back.len(), 3);
        assert!(parse("nothing here").is_err());
    }

    #[test]
    fn the_list_from_a_recorders_map_is_the_list_from_its_snapshot() {
        use crate::digest::Sha256Digest;
        let manifest = b"{\"files\": []}";
        for paths in [
            vec!["a.html", "evidence/index.html", "z\\b.txt", SUMS_PATH],
            vec!["a.html", "evidence/manifest.json", "zz.html"],
            vec!["evidence/n.html", "evidence/manifest.json"],
            vec![],
            vec!["a.html"],
        ] {
            let files: Files = paths
                .iter()
                .enumerate()
                .map(|(k, p)| {
                    let digest = Sha256Digest::of(format!("{k}").as_bytes());
                    (Box::from(*p), (k as u64, digest))
                })
                .collect();
            let snapshot: Vec<FileHash> = files
                .iter()
                .map(|(p, (size, d))| FileHash {
                    path: p.to_string(),
                    size: *size,
                    sha256: d.to_hex(),
                })
                .collect();
            let path = "evidence/manifest.json";
            assert_eq!(
                String::from_utf8(sums_of(&files, path, manifest)).unwrap(),
                String::from_utf8(sums(&snapshot, path, manifest)).unwrap(),
                "{paths:?}"
            );
        }
    }
}
