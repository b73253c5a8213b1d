//! Hostile and broken input: every case gets its diagnostic (code and
//! position), the run ends within the deadline of `run_bin` (killed and failed
//! otherwise), nothing panics, and the content directory is byte-for-byte the
//! same afterwards.

mod common;

// The tests, by theme (each file under tests/check_hostile/).
#[path = "check_hostile/garbage.rs"]
mod garbage;
#[path = "check_hostile/paths.rs"]
mod paths;
#[path = "check_hostile/yaml.rs"]
mod yaml;

use common::*;
use ismsbook::yaml::MAX_DEPTH;
use std::time::Duration;

const NEW: &str = "incidents/2026/INC-2026-099.yaml";
const LEAK: &str = "incidents/2025/INC-2025-007.yaml";

/// `check` on `f`, asserting that the content directory (and its parent, where
/// nothing may be created either) is unchanged by the run.
fn check_unchanged(f: &Fixture) -> Report {
    let before = Snapshot::of(f.workdir());
    let r = f.check();
    before.assert_same(&Snapshot::of(f.workdir()));
    r
}

/// All formats, for inputs whose rendering (snippets of odd files) could break.
fn all_formats_unchanged(f: &Fixture) {
    let before = Snapshot::of(f.workdir());
    for format in ["human", "github", "json"] {
        let run = f.run(&[
            "check",
            "--content",
            "content",
            "--today",
            TODAY,
            "--format",
            format,
        ]);
        assert!(
            run.status == 1,
            "--format {format}: exit {}\n{}",
            run.status,
            run.stderr
        );
    }
    before.assert_same(&Snapshot::of(f.workdir()));
}

/// Small deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    /// Text made of the characters YAML gives meaning to, plus Japanese.
    fn yamlish(&mut self, n: usize) -> String {
        const ALPHABET: &[&str] = &[
            "[",
            "]",
            "{",
            "}",
            ":",
            ": ",
            "-",
            "- ",
            ",",
            "&a",
            "*a",
            "!",
            "|",
            ">",
            "'",
            "\"",
            "#",
            "%",
            "@",
            "`",
            "?",
            " ",
            "  ",
            "\t",
            "\n",
            "\n  ",
            "\r\n",
            "id",
            "title",
            "level",
            "1",
            "2026-01-01",
            "true",
            "null",
            "~",
            "障害",
            "報告",
            "\\",
            "---",
            "...",
            "<<",
            "\u{feff}",
            "\u{0}",
        ];
        (0..n)
            .map(|_| ALPHABET[self.below(ALPHABET.len())])
            .collect()
    }
}
