//! Shared helpers for the `check` integration tests: private copies of the
//! example content, small text edits, running the real binary with a deadline,
//! reading its JSON report, and finding expected positions in edited text.
//!
//! Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

pub mod deadline;
pub mod serve;

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

/// The fixed check date every test uses (the example content is written for it).
pub const TODAY: &str = "2026-11-22";

/// The repository's own directory.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether `tool` is on PATH (tests of outside tools skip without it).
pub fn have_tool(tool: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The example content shipped in the repository.
pub fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// Whether `page` has the attribute `name="value"`, spelled either way: as
/// a Tera template writes it, or as the record page does
/// (`markup::compact_html` leaves the quotes out of a plain value).
pub fn has_attr(page: &str, name: &str, value: &str) -> bool {
    let bare = format!(" {name}={value}");
    page.contains(&format!(" {name}=\"{value}\""))
        || page
            .match_indices(&bare)
            .any(|(at, _)| matches!(page.as_bytes().get(at + bare.len()), Some(b' ' | b'>')))
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes
/// (a built site, compared whole).
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside the tree")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("a readable file"))
        })
        .collect()
}

/// The example content with its records replaced by one personal-data leak,
/// `incidents/2026/INC-2026-090.yaml`, detected 2026-11-20 18:00 +09:00:
/// `impact` lines are added under `impact:` (after `personal_data: true`),
/// `rest` lines at the end of the record.
pub fn leak_fixture(impact: &str, rest: &str) -> Fixture {
    let f = Fixture::example();
    std::fs::remove_dir_all(f.path("incidents")).expect("remove the example's records");
    f.write(
        "incidents/2026/INC-2026-090.yaml",
        format!(
            "id: INC-2026-090
title: 顧客名簿の入った USB メモリの紛失
level: 3
category: leak
status: open
responsible: ceo
reporter: 山田 花子
detected_at: 2026-11-20T18:00:00+09:00
reported_at: 2026-11-20T18:30:00+09:00
summary: 顧客名簿を保存した USB メモリを紛失した。
impact:
  personal_data: true
{impact}assessment:
  stage: incident
  decided_by: ceo
  decided_at: 2026-11-20T20:00:00+09:00
  rationale: 個人データを含むためレベル3と判断した。
{rest}"
        ),
    );
    f
}

/// Copy a directory tree (files and directories; the example has no links).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

// ---------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------

/// What one run of the binary produced.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Run `ismsbook` in `workdir` with `args`. Fails the test when the run takes
/// longer than its deadline ([`deadline::deadline`]: 10 s, more on a loaded
/// machine; the process is killed), ends by a signal, or panics: no input
/// may crash or hang the tool.
pub fn run_bin(workdir: &Path, args: &[&str]) -> Run {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .args(args)
        .current_dir(workdir)
        .env("NO_COLOR", "1")
        // What these tests read is the English text; tests of the Japanese
        // output pass `--lang ja`, which comes first.
        .env("ISMSBOOK_LANG", "en")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ismsbook");
    // Drain both pipes on their own threads so a chatty child never blocks.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let mut limit = deadline::deadline();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for ismsbook") {
            break s;
        }
        if start.elapsed() > limit {
            // The load may have risen since the run started.
            limit = limit.max(deadline::deadline());
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "ismsbook {args:?} did not finish within {limit:?}; killed \
                 (set {}=SECONDS on a slow machine)",
                deadline::VARIABLE
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.join().expect("stdout reader")).into_owned();
    let stderr = String::from_utf8_lossy(&err.join().expect("stderr reader")).into_owned();
    let Some(code) = status.code() else {
        panic!("ismsbook {args:?} was terminated by a signal ({status:?})\nstderr:\n{stderr}");
    };
    assert!(
        code != 101 && !stderr.contains("panicked at"),
        "ismsbook {args:?} panicked (exit {code})\nstderr:\n{stderr}"
    );
    Run {
        status: code,
        stdout,
        stderr,
        elapsed,
    }
}

// ---------------------------------------------------------------------------
// The JSON report
// ---------------------------------------------------------------------------

/// One diagnostic as the JSON output states it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diag {
    pub code: String,
    pub severity: String,
    pub file: String,
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub message: String,
    pub hint: Option<String>,
}

impl Diag {
    fn from_json(v: &Value) -> Diag {
        let s = |k: &str| {
            v[k].as_str()
                .unwrap_or_else(|| panic!("`{k}` is not a string in {v}"))
                .to_string()
        };
        let n = |k: &str| {
            v[k].as_u64()
                .unwrap_or_else(|| panic!("`{k}` is not a number in {v}"))
        };
        Diag {
            code: s("code"),
            severity: s("severity"),
            file: s("file"),
            path: s("path"),
            line: n("line"),
            column: n("column"),
            message: s("message"),
            hint: v["hint"].as_str().map(str::to_string),
        }
    }

    pub fn at(&self) -> At {
        At {
            line: self.line,
            col: self.column,
        }
    }

    /// What identifies a diagnostic across edits that shift lines.
    fn identity(&self) -> (&str, &str, &str) {
        (&self.code, &self.file, &self.message)
    }
}

impl std::fmt::Display for Diag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}:{}:{} {}",
            self.code, self.file, self.line, self.column, self.message
        )?;
        if let Some(h) = &self.hint {
            write!(f, " (hint: {h})")?;
        }
        Ok(())
    }
}

/// A parsed `check --format json` run.
#[derive(Debug)]
pub struct Report {
    pub status: i32,
    pub json: Value,
    pub diags: Vec<Diag>,
    pub stdout: String,
    pub stderr: String,
}

impl Report {
    pub fn from_run(run: Run) -> Report {
        let json: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
            panic!(
                "check did not print JSON ({e}); exit {}\nstdout:\n{}\nstderr:\n{}",
                run.status, run.stdout, run.stderr
            )
        });
        let diags = json["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("no `diagnostics` array in {json}"))
            .iter()
            .map(Diag::from_json)
            .collect();
        Report {
            status: run.status,
            json,
            diags,
            stdout: run.stdout,
            stderr: run.stderr,
        }
    }

    pub fn codes(&self) -> Vec<&str> {
        self.diags.iter().map(|d| d.code.as_str()).collect()
    }

    /// The diagnostics that the unedited example does not have.
    pub fn new_problems(&self) -> Vec<Diag> {
        let base = baseline();
        self.diags
            .iter()
            .filter(|d| !base.iter().any(|b| b.identity() == d.identity()))
            .cloned()
            .collect()
    }
}

/// The diagnostics of the unedited example (one intended W605), computed once
/// per test binary.
pub fn baseline() -> &'static [Diag] {
    static BASE: OnceLock<Vec<Diag>> = OnceLock::new();
    BASE.get_or_init(|| Fixture::example().check().diags)
}

/// Render a list of diagnostics for assertion messages.
pub fn list(diags: &[Diag]) -> String {
    if diags.is_empty() {
        return "  (none)".into();
    }
    diags
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/// A private content directory at `<tmp>/content`. Runs use the working
/// directory `<tmp>` and `--content content`, as a user in a repository would,
/// so reported paths read `content/...`.
pub struct Fixture {
    tmp: tempfile::TempDir,
}

impl Fixture {
    /// A copy of the example content.
    pub fn example() -> Fixture {
        let f = Fixture::empty();
        copy_tree(&example_dir(), &f.root());
        f
    }

    /// A copy of the example whose only finding is its overdue action
    /// (W605): the explained late report and containment of INC-2025-008,
    /// the overdue effectiveness reviews and the explained late drill are
    /// resolved, for tests that count what one edit adds to one warning.
    pub fn example_one_warning() -> Fixture {
        let f = Fixture::example();
        let rec = "incidents/2025/INC-2025-008.yaml";
        f.replace(
            rec,
            "reported_at: 2025-11-19T08:40:00+09:00",
            "reported_at: 2025-11-18T23:10:00+09:00",
        );
        let text = f.read(rec);
        let (start, end) = (
            text.find("deviations:\n")
                .expect("deviations of INC-2025-008"),
            text.find("not_applicable:\n")
                .expect("not_applicable of INC-2025-008"),
        );
        f.write(rec, format!("{}{}", &text[..start], &text[end..]));
        f.replace(rec, "      due: 2026-06-30\n", "      due: 2026-12-30\n");
        f.replace(
            "incidents/2026/INC-2026-006.yaml",
            "      due: 2026-10-31\n",
            "      due: 2026-12-31\n",
        );
        // Drills every 52 weeks: the 42-week gap before DRL-2026-01 is no longer late.
        f.replace("policy.yaml", "  every: 26w\n", "  every: 52w\n");
        f
    }

    /// An empty content directory.
    pub fn empty() -> Fixture {
        let tmp = tempfile::Builder::new()
            .prefix("ismsbook-test")
            .tempdir()
            .expect("temp dir");
        std::fs::create_dir(tmp.path().join("content")).unwrap();
        Fixture { tmp }
    }

    /// The directory runs start in (the parent of `content`).
    pub fn workdir(&self) -> &Path {
        self.tmp.path()
    }

    /// The content directory.
    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("content")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Write a file, creating its directory.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.path(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(&p, bytes).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap_or_else(|e| panic!("remove {rel}: {e}"));
    }

    /// Replace the one occurrence of `from` in `rel` by `to`; returns the new text.
    /// Fails when `from` is absent or ambiguous, so edits never hit the wrong spot.
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> String {
        let text = self.read(rel);
        let n = text.matches(from).count();
        assert_eq!(
            n, 1,
            "`{from}` occurs {n} times in {rel}; the edit needs exactly one"
        );
        let new = text.replacen(from, to, 1);
        self.write(rel, &new);
        new
    }

    /// Replace the lines from the one starting with `first` up to (not
    /// including) the next line starting with `until` by `with`.
    pub fn replace_lines(&self, rel: &str, first: &str, until: &str, with: &str) -> String {
        let text = self.read(rel);
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let starts: Vec<usize> = (0..lines.len())
            .filter(|&i| lines[i].starts_with(first))
            .collect();
        assert_eq!(
            starts.len(),
            1,
            "lines starting with `{first}` in {rel}: {}",
            starts.len()
        );
        let s = starts[0];
        let e = (s + 1..lines.len())
            .find(|&i| lines[i].starts_with(until))
            .unwrap_or_else(|| panic!("no line starting with `{until}` after `{first}` in {rel}"));
        let new = format!("{}{}{}", lines[..s].concat(), with, lines[e..].concat());
        self.write(rel, &new);
        new
    }

    /// Run the binary in the work directory.
    pub fn run(&self, args: &[&str]) -> Run {
        run_bin(self.workdir(), args)
    }

    /// `import FILE --map MAP --content content --today TODAY` with extra
    /// `args` (e.g. `&["--format", "json"]`), run as `run` does.
    pub fn import(&self, file: &Path, map: &Path, args: &[&str]) -> Run {
        let (file, map) = (file.to_string_lossy(), map.to_string_lossy());
        let mut all = vec![
            "import",
            &*file,
            "--map",
            &*map,
            "--content",
            "content",
            "--today",
            TODAY,
        ];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `build --content content --out OUT --today TODAY` with extra `args`
    /// (e.g. `&["--audience", "auditor"]`), run as `run` does.
    pub fn build_site(&self, out: &str, today: &str, args: &[&str]) -> Run {
        let mut all = vec![
            "build",
            "--content",
            "content",
            "--out",
            out,
            "--today",
            today,
        ];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `check --format json --today 2026-11-22` with extra `args`.
    pub fn check_with(&self, args: &[&str]) -> Report {
        let mut all = vec![
            "check",
            "--content",
            "content",
            "--format",
            "json",
            "--today",
            TODAY,
        ];
        all.extend_from_slice(args);
        Report::from_run(self.run(&all))
    }

    /// `check --format json` as of `today` (instead of [`TODAY`]).
    pub fn check_on(&self, today: &str) -> Report {
        Report::from_run(self.run(&[
            "check",
            "--content",
            "content",
            "--format",
            "json",
            "--today",
            today,
        ]))
    }

    /// `check` in the human format people read, in `lang` (`ja`, `en`).
    pub fn check_human(&self, lang: &str) -> Run {
        self.run(&[
            "check",
            "--content",
            "content",
            "--today",
            TODAY,
            "--lang",
            lang,
        ])
    }

    pub fn check(&self) -> Report {
        self.check_with(&[])
    }

    /// The diagnostics this fixture has beyond the example's own.
    pub fn problems(&self) -> Vec<Diag> {
        self.check().new_problems()
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot::of(&self.root())
    }
}

// ---------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------

/// A 1-based line and column (in characters), as the JSON reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct At {
    pub line: u64,
    pub col: u64,
}

impl std::fmt::Display for At {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// Position of `token` on the one line of `text` that contains `line_has`
/// (searching for `token` from where `line_has` starts). Tests find positions
/// this way instead of hard-coding numbers that every content edit would break.
pub fn locate(text: &str, line_has: &str, token: &str) -> At {
    let hits: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(line_has))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "`{line_has}` is on {} lines; positions need exactly one",
        hits.len()
    );
    let (idx, line) = hits[0];
    let from = line.find(line_has).unwrap_or(0);
    let byte = from
        + line[from..]
            .find(token)
            .unwrap_or_else(|| panic!("`{token}` not in line `{line}`"));
    At {
        line: idx as u64 + 1,
        col: line[..byte].chars().count() as u64 + 1,
    }
}

/// Position of the value in a `key: value` line (the text after the first `: `).
pub fn value_at(text: &str, line_has: &str) -> At {
    let (_, value) = line_has
        .split_once(": ")
        .unwrap_or_else(|| panic!("`{line_has}` has no `: `"));
    let key_len = line_has.len() - value.len();
    let at = locate(text, line_has, line_has);
    At {
        col: at.col + line_has[..key_len].chars().count() as u64,
        ..at
    }
}

/// Position of the key in a `key: value` line (leading `- ` skipped).
pub fn key_at(text: &str, line_has: &str) -> At {
    let key = line_has.trim_start().trim_start_matches("- ");
    let key = key.split(':').next().unwrap_or(key);
    locate(text, line_has, key)
}

/// Position of the first non-blank character of the line, after a `- ` list
/// marker (where a mapping in a list starts).
pub fn item_at(text: &str, line_has: &str) -> At {
    let at = locate(text, line_has, line_has);
    let line = text.lines().nth(at.line as usize - 1).unwrap_or("");
    let lead = line.chars().take_while(|c| *c == ' ' || *c == '-').count();
    At {
        line: at.line,
        col: lead as u64 + 1,
    }
}

/// Assert that `problems` is exactly one diagnostic with `code` in `file` at `at`.
pub fn assert_only<'a>(problems: &'a [Diag], code: &str, file: &str, at: At) -> &'a Diag {
    assert!(
        problems.len() == 1
            && problems[0].code == code
            && problems[0].file == file
            && problems[0].at() == at,
        "expected exactly {code} at {file}:{at}, got:\n{}",
        list(problems)
    );
    &problems[0]
}

/// Like [`assert_only`], but checks the line alone. Used where the column is
/// known to be wrong (see the ignored `..._column` tests) so the rule itself
/// stays covered meanwhile.
pub fn assert_only_line<'a>(problems: &'a [Diag], code: &str, file: &str, line: u64) -> &'a Diag {
    assert!(
        problems.len() == 1
            && problems[0].code == code
            && problems[0].file == file
            && problems[0].line == line,
        "expected exactly {code} on {file}:{line}, got:\n{}",
        list(problems)
    );
    &problems[0]
}

/// Assert that `problems` holds a diagnostic with `code` in `file` at `at`.
pub fn assert_has<'a>(problems: &'a [Diag], code: &str, file: &str, at: At) -> &'a Diag {
    problems
        .iter()
        .find(|d| d.code == code && d.file == file && d.at() == at)
        .unwrap_or_else(|| panic!("expected {code} at {file}:{at}, got:\n{}", list(problems)))
}

/// Assert that every diagnostic has one of `codes`, and each code appears.
pub fn assert_codes(problems: &[Diag], codes: &[&str]) {
    let got: std::collections::BTreeSet<&str> = problems.iter().map(|d| d.code.as_str()).collect();
    let want: std::collections::BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(got, want, "diagnostics:\n{}", list(problems));
}

// ---------------------------------------------------------------------------
// Snapshots: proof that a run changed nothing
// ---------------------------------------------------------------------------

#[derive(Debug, PartialEq, Eq)]
pub enum Entry {
    Dir,
    File {
        bytes: Vec<u8>,
        modified: Option<SystemTime>,
    },
    Link(PathBuf),
    Other,
}

/// Every path under a directory with its content, modification time or link
/// target. Links are recorded, never followed, so loops are safe to snapshot.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot(pub BTreeMap<PathBuf, Entry>);

impl Snapshot {
    pub fn of(root: &Path) -> Snapshot {
        let mut map = BTreeMap::new();
        walk(root, root, &mut map);
        Snapshot(map)
    }

    /// Panics naming the first difference (cheaper to read than a 20 MB diff).
    pub fn assert_same(&self, after: &Snapshot) {
        for (p, e) in &self.0 {
            match after.0.get(p) {
                None => panic!("{} was removed", p.display()),
                Some(a) if a != e => panic!("{} was changed", p.display()),
                _ => {}
            }
        }
        for p in after.0.keys() {
            assert!(self.0.contains_key(p), "{} was created", p.display());
        }
    }
}

fn walk(root: &Path, dir: &Path, map: &mut BTreeMap<PathBuf, Entry>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            map.insert(
                rel,
                Entry::Link(std::fs::read_link(&path).unwrap_or_default()),
            );
        } else if kind.is_dir() {
            map.insert(rel, Entry::Dir);
            walk(root, &path, map);
        } else if kind.is_file() {
            let bytes = std::fs::read(&path).unwrap_or_default();
            map.insert(
                rel,
                Entry::File {
                    bytes,
                    modified: meta.modified().ok(),
                },
            );
        } else {
            map.insert(rel, Entry::Other);
        }
    }
}
