//! Corpus generator for benchmarks and smoke tests.
//!
//! ```text
//! cargo run --release --example gen_corpus -- N DIR [--seed S] [--today YYYY-MM-DD]
//!                                                  [--years Y] [--source DIR] [--force]
//! ```
//!
//! Writes N realistic, valid incident records (Japanese text; every level and
//! category; timelines, assessments, corrective actions, external
//! notifications made on time) into `DIR/incidents/<year>/`, beside copies of
//! the example's `site.yaml`, `policy.yaml`, `contacts.yaml`, `handbook/`,
//! `templates/`, `drills/` and `evidence/` (from `--source`, default the
//! repository's `content/`).
//!
//! The records are derived from the *typed* policy loaded from the source
//! directory, so they satisfy whatever that policy says (levels, responsible
//! roles, `report_within`, stages, assessors, notification rules and their
//! deadlines). `ismsbook check --content DIR --today <the same --today>` reports
//! nothing. The output is a pure function of (N, seed, today, years, source):
//! every record has its own PRNG stream, so generating in parallel still gives
//! the same bytes.
//!
//! This file is also compiled into `tests/bench_smoke.rs` and the benches
//! (`#[path]` module), which call [`generate`] directly.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Timelike};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

// One record, and the text it is made of (each file under examples/gen_corpus/).
#[path = "gen_corpus/record.rs"]
mod record;
#[path = "gen_corpus/text.rs"]
mod text;

use record::*;
use text::*;

// ---------------------------------------------------------------------------
// Options and entry points

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Number of incident records.
    pub records: usize,
    /// Output content directory.
    pub out: PathBuf,
    /// PRNG seed: same seed, same bytes.
    pub seed: u64,
    /// The check date the corpus must be clean at; every date lies before it
    /// and no open action is due before it.
    pub today: NaiveDate,
    /// Years of history the records are spread over (default: by size).
    pub years: Option<u32>,
    /// Content directory whose site, policy, contacts, handbook, templates,
    /// drills and evidence are copied and whose policy the records obey.
    pub source: PathBuf,
    /// Replace `incidents/` and `evidence/` of a non-empty output directory.
    pub force: bool,
}

impl Options {
    /// Defaults: seed 1, today 2026-11-22, source `<crate>/content`.
    pub fn new(records: usize, out: impl Into<PathBuf>) -> Options {
        Options {
            records,
            out: out.into(),
            seed: 1,
            today: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default(),
            years: None,
            source: Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
            force: false,
        }
    }
}

/// What was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub records: usize,
    /// Bytes of incident YAML written.
    pub bytes: u64,
    /// Records per level.
    pub per_level: BTreeMap<i64, usize>,
    /// Records per category id.
    pub per_category: BTreeMap<String, usize>,
    /// Records per status.
    pub per_status: BTreeMap<&'static str, usize>,
    /// External notifications recorded.
    pub notifications: usize,
    /// Evidence files written.
    pub evidence_files: usize,
}

impl Stats {
    fn merge(mut self, other: Stats) -> Stats {
        self.records += other.records;
        self.bytes += other.bytes;
        for (k, v) in other.per_level {
            *self.per_level.entry(k).or_default() += v;
        }
        for (k, v) in other.per_category {
            *self.per_category.entry(k).or_default() += v;
        }
        for (k, v) in other.per_status {
            *self.per_status.entry(k).or_default() += v;
        }
        self.notifications += other.notifications;
        self.evidence_files += other.evidence_files;
        self
    }
}

/// Generate a corpus as `opts` says.
pub fn generate(opts: &Options) -> Result<Stats, String> {
    let loaded = ismsbook::load::load(&opts.source).map_err(|e| e.to_string())?;
    let broken: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| {
            d.is_error()
                && matches!(
                    d.file.as_str(),
                    "site.yaml" | "policy.yaml" | "contacts.yaml"
                )
        })
        .map(|d| format!("{}:{}: {}", d.file, d.pos.line, d.message))
        .collect();
    if !broken.is_empty() {
        return Err(format!(
            "the source policy has errors; fix them first:\n{}",
            broken.join("\n")
        ));
    }
    let world = World::from_content(&loaded.content, opts)?;
    prepare_out(opts)?;
    copy_fixed_files(&opts.source, &opts.out)?;

    let plan = plan(opts, &world);
    let years: std::collections::BTreeSet<i32> = plan.iter().map(|p| p.detected.year()).collect();
    for y in years {
        mkdir(&opts.out.join("incidents").join(y.to_string()))?;
    }
    plan.par_iter()
        .map(|p| {
            let mut rng =
                Rng::new(opts.seed ^ (p.index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
            let rec = world.record(p, &mut rng);
            write_record(&opts.out, p, &rec)?;
            Ok(rec.stats)
        })
        .try_reduce(Stats::default, |a, b| Ok(a.merge(b)))
}

#[allow(dead_code)] // unused when this file is a module of the tests
fn main() -> std::process::ExitCode {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\nusage: gen_corpus N DIR [--seed S] [--today YYYY-MM-DD] [--years Y] [--source DIR] [--force]");
            return std::process::ExitCode::from(2);
        }
    };
    let started = std::time::Instant::now();
    match generate(&opts) {
        Ok(s) => {
            eprintln!(
                "wrote {} records ({:.1} MB, {} B/record avg) to {} in {:.2?}",
                s.records,
                s.bytes as f64 / 1e6,
                s.bytes / (s.records.max(1) as u64),
                opts.out.display(),
                started.elapsed()
            );
            eprintln!("  levels: {:?}", s.per_level);
            eprintln!("  categories: {:?}", s.per_category);
            eprintln!("  status: {:?}", s.per_status);
            eprintln!(
                "  notifications: {}, evidence files: {}",
                s.notifications, s.evidence_files
            );
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut positional = Vec::new();
    let mut opts = Options::new(0, "");
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--seed" => {
                opts.seed = value("--seed")?
                    .parse()
                    .map_err(|_| "--seed takes an integer")?
            }
            "--today" => {
                opts.today = NaiveDate::parse_from_str(&value("--today")?, "%Y-%m-%d")
                    .map_err(|_| "--today takes YYYY-MM-DD")?
            }
            "--years" => {
                opts.years = Some(
                    value("--years")?
                        .parse()
                        .map_err(|_| "--years takes an integer")?,
                )
            }
            "--source" => opts.source = PathBuf::from(value("--source")?),
            "--force" => opts.force = true,
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => positional.push(a),
        }
    }
    let [n, dir] =
        <[String; 2]>::try_from(positional).map_err(|_| "expected N and DIR".to_string())?;
    opts.records = n
        .replace('_', "")
        .parse()
        .map_err(|_| format!("N must be a number, not `{n}`"))?;
    opts.out = PathBuf::from(dir);
    Ok(opts)
}

// ---------------------------------------------------------------------------
// Files

fn mkdir(p: &Path) -> Result<(), String> {
    std::fs::create_dir_all(p).map_err(|e| format!("cannot create {}: {e}", p.display()))
}

/// The output must be new or empty, unless `--force` (then only the generated
/// parts are replaced, never anything else the user put there).
fn prepare_out(opts: &Options) -> Result<(), String> {
    let out = &opts.out;
    let non_empty = out
        .read_dir()
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty {
        if !opts.force {
            return Err(format!(
                "{} is not empty; pass --force to replace its incidents/ and evidence/",
                out.display()
            ));
        }
        for sub in ["incidents", "evidence", "handbook", "templates", "drills"] {
            let p = out.join(sub);
            if p.is_dir() {
                std::fs::remove_dir_all(&p)
                    .map_err(|e| format!("cannot remove {}: {e}", p.display()))?;
            }
        }
    }
    mkdir(out)
}

fn copy_fixed_files(src: &Path, out: &Path) -> Result<(), String> {
    for f in ["site.yaml", "policy.yaml", "contacts.yaml"] {
        std::fs::copy(src.join(f), out.join(f)).map_err(|e| format!("cannot copy {f}: {e}"))?;
    }
    for d in ["handbook", "templates", "drills", "evidence"] {
        if src.join(d).is_dir() {
            copy_dir(&src.join(d), &out.join(d))?;
        }
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    mkdir(to)?;
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .map_err(|e| format!("cannot read {}: {e}", from.display()))?
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst)
                .map_err(|err| format!("cannot copy {}: {err}", src.display()))?;
        }
    }
    Ok(())
}

fn write_record(out: &Path, p: &Planned, rec: &Record) -> Result<(), String> {
    let path = out
        .join("incidents")
        .join(p.detected.year().to_string())
        .join(format!("{}.yaml", p.id));
    std::fs::write(&path, &rec.yaml)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    if let Some((rel, bytes)) = &rec.evidence {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            mkdir(parent)?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// PRNG: SplitMix64. Tiny, fast, and good enough to vary text; not crypto.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut r = Rng(seed);
        r.next_u64(); // decorrelate neighbouring seeds
        r
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
        }
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below((hi - lo) as u64 + 1) as i64
        }
    }
    /// True with probability `pct`%.
    pub fn chance(&mut self, pct: u32) -> bool {
        self.below(100) < u64::from(pct)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    /// Index by integer weights.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len().saturating_sub(1)
    }
    /// `k` distinct items, in their original order.
    fn sample<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut idx: Vec<usize> = (0..items.len()).collect();
        for i in 0..k.min(idx.len()) {
            let j = i + self.below((idx.len() - i) as u64) as usize;
            idx.swap(i, j);
        }
        let mut chosen: Vec<usize> = idx.into_iter().take(k).collect();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &items[i]).collect()
    }
}

// ---------------------------------------------------------------------------
// The policy, reduced to what generation needs

struct LevelInfo {
    level: i64,
    name: String,
    responsible: String,
    report_within: i64, // minutes
    stages: Vec<String>,
    applies_when: BTreeMap<String, bool>,
}

struct RuleInfo {
    id: String,
    name: String,
    categories: Vec<String>,
    min_level: Option<i64>,
    impact: BTreeMap<String, bool>,
    deadlines: Vec<(String, i64)>, // kind, minutes
}

impl RuleInfo {
    /// Same meaning as `analysis::notifications::applies`.
    fn applies(&self, category: &str, level: i64, flags: &Flags) -> bool {
        if self.categories.is_empty() && self.min_level.is_none() && self.impact.is_empty() {
            return false;
        }
        (self.categories.is_empty() || self.categories.iter().any(|c| c == category))
            && self.min_level.is_none_or(|m| level >= m)
            && self.impact.iter().all(|(f, want)| flags.get(f) == *want)
    }
}

/// Impact flags; an unset flag is false.
#[derive(Default)]
struct Flags(BTreeMap<&'static str, bool>);

impl Flags {
    fn get(&self, name: &str) -> bool {
        self.0.get(name).copied().unwrap_or(false)
    }
}

/// Everything records are made from: the policy, people, timezone, window.
struct World {
    tz: FixedOffset,
    levels: Vec<LevelInfo>,
    categories: Vec<String>,
    assessors: Vec<String>,
    owners: Vec<String>,
    role_names: BTreeMap<String, String>,
    /// First internal contact per role: who acts for it in timelines.
    role_people: BTreeMap<String, String>,
    rules: Vec<RuleInfo>,
    controls: Vec<String>,
    /// Records are detected in `[start, end)`; everything happens before `cut`.
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    cut: DateTime<FixedOffset>,
    today: NaiveDate,
}

impl World {
    fn from_content(c: &ismsbook::model::Content, opts: &Options) -> Result<World, String> {
        let p = &c.policy;
        let tz = c.site.timezone;
        let levels: Vec<LevelInfo> = p
            .levels
            .iter()
            .map(|l| LevelInfo {
                level: l.level.value,
                name: l.name.clone(),
                responsible: l.responsible.value.clone(),
                report_within: l
                    .report_within
                    .as_ref()
                    .map(|d| d.value.minutes)
                    .unwrap_or(24 * 60),
                stages: l.stages.iter().map(|s| s.value.clone()).collect(),
                applies_when: l.applies_when.clone(),
            })
            .collect();
        if levels.is_empty() || p.categories.is_empty() {
            return Err("the policy declares no levels or no categories".into());
        }
        let assessors: Vec<String> = p
            .roles
            .iter()
            .filter(|r| r.can_assess)
            .map(|r| r.id.value.clone())
            .collect();
        if assessors.is_empty() {
            return Err(
                "no role has `can_assess: true`; records from level 1 need an assessor".into(),
            );
        }
        // Corrective actions are owned by the roles that run the ISMS, not by
        // "all staff" (the role with no direct contact person would be odd).
        let mut owners: Vec<String> = p
            .roles
            .iter()
            .map(|r| r.id.value.clone())
            .filter(|r| r != "staff")
            .collect();
        if owners.is_empty() {
            owners = p.roles.iter().map(|r| r.id.value.clone()).collect();
        }
        let mut role_people = BTreeMap::new();
        for ic in &c.contacts.internal {
            role_people
                .entry(ic.role.value.clone())
                .or_insert_with(|| ic.person.name.clone());
        }
        let cut = local_midnight(opts.today, tz);
        // Leave room after the last detection for the report, the assessment
        // and a first response, so required dates never fall after `today`.
        let longest_report = levels.iter().map(|l| l.report_within).max().unwrap_or(0);
        let end = cut - Duration::minutes(longest_report) - Duration::days(1);
        let years = opts
            .years
            .unwrap_or_else(|| (opts.records / 1000).clamp(1, 10) as u32)
            .max(1);
        let start = end - Duration::days(365 * i64::from(years));
        Ok(World {
            tz,
            levels,
            categories: p.categories.iter().map(|c| c.id.value.clone()).collect(),
            assessors,
            owners,
            role_names: p
                .roles
                .iter()
                .map(|r| (r.id.value.clone(), r.name.clone()))
                .collect(),
            role_people,
            rules: p
                .notifications
                .iter()
                .map(|n| RuleInfo {
                    id: n.id.value.clone(),
                    name: n.name.clone(),
                    categories: n.when.categories.iter().map(|c| c.value.clone()).collect(),
                    min_level: n.when.min_level,
                    impact: n.when.impact.clone(),
                    deadlines: n
                        .deadlines
                        .iter()
                        .map(|(k, d)| (k.clone(), d.value.minutes))
                        .collect(),
                })
                .collect(),
            controls: p.controls.iter().map(|c| c.id.value.clone()).collect(),
            start,
            end,
            cut,
            today: opts.today,
        })
    }

    /// The lowest level the impact allows (same rule as E304).
    fn min_level(&self, flags: &Flags) -> Option<i64> {
        self.levels
            .iter()
            .filter(|l| {
                !l.applies_when.is_empty() && l.applies_when.iter().all(|(f, w)| flags.get(f) == *w)
            })
            .map(|l| l.level)
            .max()
    }

    fn person(&self, role: &str, rng: &mut Rng) -> String {
        self.role_people
            .get(role)
            .cloned()
            .unwrap_or_else(|| person_name(rng))
    }

    fn role_name<'a>(&'a self, role: &'a str) -> &'a str {
        self.role_names
            .get(role)
            .map(String::as_str)
            .unwrap_or(role)
    }
}

fn local_midnight(d: NaiveDate, tz: FixedOffset) -> DateTime<FixedOffset> {
    let naive = d.and_time(NaiveTime::MIN);
    tz.from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| tz.from_utc_datetime(&naive))
}

// ---------------------------------------------------------------------------
// Plan: detection times and ids, decided up front so ids follow detection
// order within each year (INC-2026-0001 is the first of 2026).

struct Planned {
    index: usize,
    id: String,
    detected: DateTime<FixedOffset>,
    /// The first levels × categories records force one of each combination,
    /// so even a small corpus has every level and category.
    forced: Option<(usize, usize)>,
}

fn plan(opts: &Options, w: &World) -> Vec<Planned> {
    let mut rng = Rng::new(opts.seed);
    let span_minutes = (w.end - w.start).num_minutes().max(1);
    let mut times: Vec<DateTime<FixedOffset>> = (0..opts.records)
        .map(|_| {
            let day = w.start + Duration::minutes(rng.range(0, span_minutes - 1));
            // Most events are noticed during working hours.
            let hour = if rng.chance(80) {
                rng.range(8, 18)
            } else {
                rng.range(0, 23)
            };
            let t = day
                .date_naive()
                .and_hms_opt(hour as u32, rng.range(0, 59) as u32, 0)
                .unwrap_or(day.naive_local());
            let t = w.tz.from_local_datetime(&t).single().unwrap_or(day);
            t.clamp(w.start, w.end)
        })
        .collect();
    times.sort();
    let per_year = times
        .iter()
        .fold(BTreeMap::<i32, usize>::new(), |mut m, t| {
            *m.entry(t.year()).or_default() += 1;
            m
        });
    let width = per_year
        .values()
        .max()
        .map(|n| n.to_string().len())
        .unwrap_or(3)
        .max(3);
    let combos = w.levels.len() * w.categories.len();
    let mut seq: BTreeMap<i32, usize> = BTreeMap::new();
    times
        .into_iter()
        .enumerate()
        .map(|(index, detected)| {
            let n = seq.entry(detected.year()).or_default();
            *n += 1;
            Planned {
                index,
                id: format!("INC-{}-{:0width$}", detected.year(), n),
                detected,
                forced: (index < combos).then(|| {
                    (
                        index % w.levels.len(),
                        (index / w.levels.len()) % w.categories.len(),
                    )
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    // No `use`: in the benches (harness = false) the tests are compiled out.

    #[test]
    fn rng_is_deterministic_and_in_range() {
        let (mut a, mut b) = (super::Rng::new(7), super::Rng::new(7));
        for _ in 0..1000 {
            let x = a.range(3, 9);
            assert_eq!(x, b.range(3, 9));
            assert!((3..=9).contains(&x));
        }
        assert_ne!(super::Rng::new(1).next_u64(), super::Rng::new(2).next_u64());
    }

    #[test]
    fn risky_scalars_are_quoted() {
        assert_eq!(super::scalar("営業部"), "営業部");
        assert_eq!(super::scalar("- 箇条"), "\"- 箇条\"");
        assert_eq!(super::scalar("a: b"), "\"a: b\"");
        assert_eq!(super::scalar("123"), "\"123\"");
        assert_eq!(super::scalar("C:\\x"), "C:\\x");
    }
}
