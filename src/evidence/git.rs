//! Where the content came from, read from git with the `git` command line
//! (no library: the tool already needs nothing else, and `git` is wherever
//! the content is versioned).
//!
//! Two invocations per build, whatever the number of records:
//! - `git status --porcelain=v2 --branch` limited to the content directory:
//!   the commit checked out and whether the content has uncommitted changes
//!   (the output directory may lie in the same repository; its files do not
//!   make the content dirty);
//! - one `git log --name-status -M` over the content directory, from which
//!   the history of every file is assembled, following renames the way
//!   `git log --follow` does for one file.
//!
//! Without git, or outside a repository, [`Git::NotInRepository`] — pages say
//! so. Nothing here writes to the repository (`--no-optional-locks`).

use chrono::{DateTime, FixedOffset};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Command, Stdio};

/// One commit that touched a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    /// Author date.
    pub at: DateTime<FixedOffset>,
    pub author: String,
    pub subject: String,
}

/// The content's repository state and file histories.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repository {
    /// The commit checked out; `None` before the first commit.
    pub commit: Option<String>,
    /// The content directory has uncommitted or untracked changes.
    pub dirty: bool,
    /// Every commit that touched the content, newest first.
    commits: Vec<Commit>,
    /// Content-relative path → indices into `commits`, newest first.
    files: HashMap<String, Vec<usize>>,
}

impl Repository {
    /// Commits that touched `rel` (relative to the content directory),
    /// newest first, following renames; empty for a file never committed.
    pub fn history(&self, rel: &str) -> Vec<&Commit> {
        self.files
            .get(rel)
            .map(|ix| ix.iter().filter_map(|&i| self.commits.get(i)).collect())
            .unwrap_or_default()
    }

    /// [`Repository::history`] up to the end of `until` in `tz`: a build
    /// for an earlier `--today` does not show later revisions.
    pub fn history_until(
        &self,
        rel: &str,
        until: chrono::NaiveDate,
        tz: FixedOffset,
    ) -> Vec<&Commit> {
        self.history(rel)
            .into_iter()
            .filter(|c| c.at.with_timezone(&tz).date_naive() <= until)
            .collect()
    }

    /// The newest commit that touched `rel`.
    pub fn last_change(&self, rel: &str) -> Option<&Commit> {
        self.files
            .get(rel)
            .and_then(|ix| ix.first())
            .and_then(|&i| self.commits.get(i))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Git {
    /// The content directory is not inside a git work tree (or git is not installed).
    #[default]
    NotInRepository,
    Repository(Repository),
}

impl Git {
    /// Read the state and histories of the repository holding `root`.
    pub fn read(root: &Path) -> Git {
        // Both commands are started before either is waited for, so they run
        // side by side; each reads only.
        let status = spawn(
            root,
            &[
                "status",
                "--porcelain=v2",
                "--branch",
                "-z",
                "--untracked-files=normal",
                "--",
                ".",
            ],
        );
        let marks = Marks::new();
        let format = marks.format();
        let log = spawn(
            root,
            &[
                "log",
                "--relative",
                "-M",
                "--name-status",
                "-z",
                &format,
                "--",
                ".",
            ],
        );
        let (Some(status), Some(log)) = (status.and_then(finish), log.and_then(finish)) else {
            return Git::NotInRepository;
        };
        let (commit, dirty) = parse_status(&status);
        let (commits, files) = parse_log(&log, &marks);
        Git::Repository(Repository {
            commit,
            dirty,
            commits,
            files,
        })
    }

    pub fn repository(&self) -> Option<&Repository> {
        match self {
            Git::Repository(r) => Some(r),
            Git::NotInRepository => None,
        }
    }
}

/// Configuration given on every command line, which the repository's own
/// cannot override. A pull request can commit the files of a whole bare
/// repository (`HEAD`, `config`, `objects/`, `refs/`) into the content
/// directory, which git would take for the repository when started there
/// and whose `config` could name programs to run: such a repository is not
/// used (`safe.bareRepository`), and neither a file-system monitor nor a
/// signature-checking program is started whatever a configuration says.
const SAFE_CONFIG: [&str; 6] = [
    "-c",
    "safe.bareRepository=explicit",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "log.showSignature=false",
];

pub(super) fn spawn(root: &Path, args: &[&str]) -> Option<std::process::Child> {
    Command::new("git")
        .args(SAFE_CONFIG)
        .arg("--no-optional-locks")
        .arg("-C")
        .arg(root)
        .args(args)
        // A user's pager, colours or locale must not change what is parsed.
        .env("GIT_PAGER", "cat")
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()
}

/// The command's output, if it succeeded.
pub(super) fn finish(child: std::process::Child) -> Option<Vec<u8>> {
    let out = child.wait_with_output().ok()?;
    out.status.success().then_some(out.stdout)
}

/// `(commit, dirty)` from `git status --porcelain=v2 --branch -z`.
fn parse_status(out: &[u8]) -> (Option<String>, bool) {
    let mut commit = None;
    let mut dirty = false;
    for entry in out.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        if let Some(oid) = entry.strip_prefix("# branch.oid ") {
            let oid = oid.trim();
            if oid.len() >= 40 && oid.bytes().all(|b| b.is_ascii_hexdigit()) {
                commit = Some(oid.to_string());
            }
        } else if !entry.starts_with("# ") {
            // A changed, unmerged or untracked entry (or a rename's old path).
            dirty = true;
        }
    }
    (commit, dirty)
}

/// The separators of the log's output. A subject or an author's name can
/// hold any byte but NUL and a line break (`\x1e`, `\x1f` too), so fixed
/// separators would let a commit's subject read as further commits, with
/// an id, a date and an author of its writer's choosing: each separator
/// carries a number drawn afresh for every build, which no commit made
/// before it can hold.
struct Marks {
    commit: String,
    field: String,
    end: String,
}

impl Marks {
    fn new() -> Marks {
        use std::hash::{BuildHasher, Hasher};
        let draw = |salt: u64| {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(salt);
            h.write_u32(std::process::id());
            if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
                h.write_u128(t.as_nanos());
            }
            h.finish()
        };
        let n = format!("{:016x}{:016x}", draw(1), draw(2));
        Marks {
            commit: format!("\u{1e}{n}c"),
            field: format!("{n}f"),
            end: format!("{n}e"),
        }
    }

    /// The `--format` argument (the separators are ASCII letters and digits).
    fn format(&self) -> String {
        let Marks { commit, field, end } = self;
        format!("--format={commit}%H{field}%aI{field}%an{field}%s{end}")
    }
}

/// Commits and per-file histories from
/// `git log --relative -M --name-status -z` with the format of [`Marks::format`].
///
/// Renames are followed backwards: once a commit shows `R old → new` for a
/// file being tracked as `new`, older commits touching `old` belong to the
/// same file, and older commits touching `new` (another file that once had
/// that name) do not.
fn parse_log(out: &[u8], marks: &Marks) -> (Vec<Commit>, HashMap<String, Vec<usize>>) {
    let mut commits = Vec::new();
    let mut files: HashMap<String, Vec<usize>> = HashMap::new();
    // Path in older history → the path the file has today.
    let mut alias: HashMap<String, String> = HashMap::new();
    // Names that, further back, belonged to some other file.
    let mut retired: HashSet<String> = HashSet::new();
    let resolve =
        |p: &str, alias: &HashMap<String, String>, retired: &HashSet<String>| -> Option<String> {
            match alias.get(p) {
                Some(k) => Some(k.clone()),
                None if retired.contains(p) => None,
                None => Some(p.to_string()),
            }
        };

    let out = String::from_utf8_lossy(out);
    for chunk in out.split(marks.commit.as_str()).filter(|c| !c.is_empty()) {
        let Some((header, changes)) = chunk.split_once(marks.end.as_str()) else {
            continue;
        };
        let Some(commit) = parse_header(header, &marks.field) else {
            continue;
        };
        let index = commits.len();
        commits.push(commit);
        let tokens: Vec<String> = changes
            .split('\0')
            .map(|t| t.trim_start_matches('\n').to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let mut i = 0;
        while i < tokens.len() {
            let status = tokens[i].as_str();
            let two_paths = status.starts_with('R') || status.starts_with('C');
            if two_paths {
                let (Some(old), Some(new)) = (tokens.get(i + 1), tokens.get(i + 2)) else {
                    break;
                };
                if let Some(key) = resolve(new, &alias, &retired) {
                    push_once(files.entry(key.clone()).or_default(), index);
                    if status.starts_with('R') {
                        alias.remove(new.as_str());
                        retired.insert(new.clone());
                        retired.remove(old.as_str());
                        alias.insert(old.clone(), key);
                    }
                }
                i += 3;
            } else {
                let Some(path) = tokens.get(i + 1) else { break };
                if let Some(key) = resolve(path, &alias, &retired) {
                    push_once(files.entry(key).or_default(), index);
                }
                i += 2;
            }
        }
    }
    (commits, files)
}

fn push_once(v: &mut Vec<usize>, index: usize) {
    if v.last() != Some(&index) {
        v.push(index);
    }
}

fn parse_header(header: &str, field: &str) -> Option<Commit> {
    let mut parts = header.trim_matches(['\n', '\0']).splitn(4, field);
    let hash = parts.next()?.trim().to_string();
    // A commit id, and nothing that could be read as an option of `git show`
    // (`approval`): SHA-1 or SHA-256 in hexadecimal.
    if !matches!(hash.len(), 40 | 64) || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let at = DateTime::parse_from_rfc3339(parts.next()?.trim()).ok()?;
    let author = parts.next()?.to_string();
    let subject = parts.next().unwrap_or("").to_string();
    Some(Commit {
        hash,
        at,
        author,
        subject,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(marks: &Marks, entries: &[(&str, &str, &[&str])]) -> Vec<u8> {
        let mut out = Vec::new();
        let Marks { commit, field, end } = marks;
        for (hash, subject, changes) in entries {
            let hash = hash.repeat(40);
            out.extend_from_slice(
                format!("{commit}{hash}{field}2026-01-02T03:04:05+09:00{field}Author{field}{subject}{end}")
                    .as_bytes(),
            );
            out.extend_from_slice(b"\0\n");
            for c in *changes {
                out.extend_from_slice(c.as_bytes());
                out.push(0);
            }
        }
        out
    }

    #[test]
    fn histories_follow_renames_backwards() {
        // Newest first: rename b.yaml → c.yaml, edit b.yaml, add a.yaml and b.yaml.
        // An older, unrelated c.yaml was deleted before the rename.
        let marks = Marks::new();
        let out = log(
            &marks,
            &[
                ("3", "rename", &["R097", "b.yaml", "c.yaml"]),
                ("2", "edit b", &["M", "b.yaml", "D", "c.yaml"]),
                ("1", "add", &["A", "a.yaml", "A", "b.yaml", "A", "c.yaml"]),
            ],
        );
        let (commits, files) = parse_log(&out, &marks);
        let repo = Repository {
            commit: None,
            dirty: false,
            commits,
            files,
        };
        let subjects = |p: &str| {
            repo.history(p)
                .iter()
                .map(|c| c.subject.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(subjects("c.yaml"), ["rename", "edit b", "add"]);
        assert_eq!(subjects("a.yaml"), ["add"]);
        assert!(
            subjects("b.yaml").is_empty(),
            "b.yaml no longer exists under that name"
        );
        assert_eq!(
            repo.last_change("c.yaml").map(|c| c.hash.as_str()),
            Some("3".repeat(40).as_str())
        );
        assert!(repo.history("never.yaml").is_empty());
    }

    #[test]
    fn status_gives_commit_and_dirtiness() {
        let clean = b"# branch.oid 77a3c08b0c5f8e74397eb1184f544e3b7fc5257f\0# branch.head main\0";
        assert_eq!(
            parse_status(clean),
            (
                Some("77a3c08b0c5f8e74397eb1184f544e3b7fc5257f".into()),
                false
            )
        );
        let dirty = b"# branch.oid (initial)\0# branch.head main\0? incidents/new.yaml\0";
        assert_eq!(parse_status(dirty), (None, true));
    }

    #[test]
    fn reads_a_real_repository_or_says_there_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Git::read(dir.path()), Git::NotInRepository);
        let git = |args: &[&str]| {
            Command::new("git")
                .args([
                    "-c",
                    "user.name=Tester",
                    "-c",
                    "user.email=t@example.jp",
                    "-c",
                    "commit.gpgsign=false",
                ])
                .args(args)
                .current_dir(dir.path())
                .output()
                .map(|o| o.status.success())
                .unwrap_or(false)
        };
        if !git(&["init", "-q"]) {
            return; // no git on this machine: nothing more to check
        }
        std::fs::create_dir_all(dir.path().join("content/incidents")).unwrap();
        std::fs::write(dir.path().join("content/incidents/記録.yaml"), "a: 1\n").unwrap();
        assert!(git(&["add", "."]));
        assert!(git(&["commit", "-q", "-m", "最初の記録"]));
        std::fs::write(dir.path().join("outside.txt"), "not content").unwrap();
        let Git::Repository(repo) = Git::read(&dir.path().join("content")) else {
            panic!("expected a repository")
        };
        assert!(
            !repo.dirty,
            "files outside the content directory do not count"
        );
        assert_eq!(repo.commit.as_deref().map(str::len), Some(40));
        let h = repo.history("incidents/記録.yaml");
        assert_eq!(h.len(), 1);
        assert_eq!(
            (h[0].author.as_str(), h[0].subject.as_str()),
            ("Tester", "最初の記録")
        );
        std::fs::write(dir.path().join("content/incidents/記録.yaml"), "a: 2\n").unwrap();
        assert!(
            Git::read(&dir.path().join("content"))
                .repository()
                .unwrap()
                .dirty
        );
    }
}
