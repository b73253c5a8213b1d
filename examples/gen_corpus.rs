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

// ---------------------------------------------------------------------------
// One record

struct Record {
    yaml: String,
    evidence: Option<(String, Vec<u8>)>,
    stats: Stats,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Open,
    Contained,
    Recovered,
    Closed,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Contained => "contained",
            Status::Recovered => "recovered",
            Status::Closed => "closed",
        }
    }
}

struct Made {
    rule: usize,
    kind: String,
    at: DateTime<FixedOffset>,
}

struct Step {
    at: DateTime<FixedOffset>,
    by: String,
    action: String,
}

impl World {
    fn record(&self, p: &Planned, rng: &mut Rng) -> Record {
        let detected = p.detected;
        let cut = self.cut;
        let cat_idx = match p.forced {
            Some((_, c)) => c,
            None => rng.below(self.categories.len() as u64) as usize,
        };
        let category = self.categories[cat_idx].as_str();
        let sc = scenario(category);
        let variant = rng.pick(sc.variants);

        // Level first (more near misses than emergencies), then the impact,
        // then raise the level if the impact demands it (E304).
        let weights: Vec<u64> = (0..self.levels.len())
            .map(|i| (self.levels.len() - i) as u64)
            .collect();
        let mut level_idx = match p.forced {
            Some((l, _)) => l,
            None => rng.weighted(&weights),
        };
        let mut flags = Flags::default();
        if p.forced.is_none() {
            let serious = level_idx + 1 >= self.levels.len();
            let personal_pct = if serious {
                sc.personal_pct
            } else {
                sc.personal_pct / 4
            };
            flags.0.insert("personal_data", rng.chance(personal_pct));
            let malicious = rng.chance(sc.malicious_pct);
            flags.0.insert("malicious", malicious);
            if malicious && level_idx >= 2 && rng.chance(50) {
                flags.0.insert("crime_suspected", true);
            }
        } else {
            flags.0.insert("personal_data", false);
            flags.0.insert("malicious", sc.malicious_pct >= 90);
        }
        if let Some(min) = self.min_level(&flags) {
            if let Some(i) = self
                .levels
                .iter()
                .position(|l| l.level == min)
                .filter(|i| *i > level_idx)
            {
                level_idx = i;
            }
        }
        let lv = &self.levels[level_idx];
        let level = lv.level;
        let serious = level >= 1;

        let dept = *rng.pick(DEPARTMENTS);
        let site = *rng.pick(SITES);
        let system = *rng.pick(sc.systems);
        let fill = |s: &str, rng: &mut Rng| {
            s.replace("{dept}", dept)
                .replace("{site}", site)
                .replace("{system}", system)
                .replace("{n}", &rng.range(3, 120).to_string())
                .replace("{m}", &rng.range(1, 9).to_string())
                .replace("{h}", &rng.range(2, 30).to_string())
        };
        let reporter = person_name(rng);

        // --- Key dates. Anything at or after `cut` has not happened yet.
        let before = |t: DateTime<FixedOffset>| (t < cut).then_some(t);
        let occurred_date_only = rng.chance(5);
        let occurred = if occurred_date_only {
            Some(local_midnight(
                detected.date_naive() - Duration::days(rng.range(0, 2)),
                self.tz,
            ))
        } else if rng.chance(75) {
            let back = if rng.chance(50) {
                rng.range(0, 60)
            } else {
                rng.range(0, 3 * 24 * 60)
            };
            Some(detected - Duration::minutes(back))
        } else {
            None
        };
        let reported = if serious || rng.chance(60) {
            let w = lv.report_within;
            let after = if rng.chance(70) {
                rng.range(1, w.min(30))
            } else {
                rng.range(1, w)
            };
            Some(detected + Duration::minutes(after.min(w)))
        } else {
            None
        };
        let told = reported.unwrap_or(detected);
        let assessed =
            (serious || rng.chance(50)).then(|| told + Duration::minutes(rng.range(5, 180)));
        let contained = (serious || rng.chance(30))
            .then(|| told + Duration::minutes(rng.range(10, 2 * 24 * 60)))
            .and_then(before);
        let recovered = contained
            .filter(|_| serious || rng.chance(50))
            .map(|c| c + Duration::minutes(rng.range(60, 14 * 24 * 60)))
            .and_then(before);

        // External reports: each one the policy requires, made before its
        // deadline; those not yet made are not yet due.
        let mut made = Vec::new();
        for (ri, rule) in self.rules.iter().enumerate() {
            if !rule.applies(category, level, &flags) {
                continue;
            }
            for (kind, minutes) in &rule.deadlines {
                let at = detected + Duration::minutes(rng.range(minutes / 5, minutes * 9 / 10));
                if at < cut {
                    made.push(Made {
                        rule: ri,
                        kind: kind.clone(),
                        at,
                    });
                }
            }
        }
        made.sort_by_key(|m| m.at);
        let all_due_made = self.rules.iter().enumerate().all(|(ri, r)| {
            !r.applies(category, level, &flags)
                || r.deadlines
                    .iter()
                    .all(|(k, _)| made.iter().any(|m| m.rule == ri && &m.kind == k))
        });

        // --- Assessment
        let stage = if lv.stages.is_empty() {
            (*rng.pick(&["weakness", "event", "incident"])).to_string()
        } else {
            rng.pick(&lv.stages).clone()
        };
        let assessor = if self.assessors.contains(&lv.responsible) && rng.chance(50) {
            lv.responsible.clone()
        } else {
            rng.pick(&self.assessors).clone()
        };

        // --- Timeline
        let mut steps = Vec::new();
        if let Some(o) = occurred.filter(|_| !occurred_date_only) {
            steps.push(Step {
                at: o,
                by: reporter.clone(),
                action: fill(variant.occurred, rng),
            });
        }
        steps.push(Step {
            at: detected,
            by: reporter.clone(),
            action: fill(variant.detected, rng),
        });
        if let Some(r) = reported {
            let to = self.role_name(&lv.responsible).to_string();
            steps.push(Step {
                at: r,
                by: reporter.clone(),
                action: format!("{to}へ電話とメールで報告"),
            });
        }
        if let Some(a) = assessed {
            let what = format!("{}と判断", stage_ja(&stage));
            let action = if serious {
                format!("レベル{level}（{what}）")
            } else {
                format!("ヒヤリハット（{what}）として記録")
            };
            steps.push(Step {
                at: a,
                by: self.person(&assessor, rng),
                action,
            });
        }
        if let Some(c) = contained {
            steps.push(Step {
                at: c,
                by: self.person("it_admin", rng),
                action: fill(variant.contain, rng),
            });
        }
        if let (Some(c), Some(r)) = (contained, recovered) {
            let k = if level >= 2 {
                rng.range(1, 3)
            } else {
                rng.range(0, 1)
            } as usize;
            for (i, s) in rng.sample(sc.steps, k).into_iter().enumerate() {
                let span = (r - c).num_minutes().max(1);
                let at = c + Duration::minutes(span * (i as i64 + 1) / (k as i64 + 2));
                steps.push(Step {
                    at,
                    by: self.person(rng.pick(&self.owners).as_str(), rng),
                    action: fill(s, rng),
                });
            }
            steps.push(Step {
                at: r,
                by: self.person("it_admin", rng),
                action: fill(variant.recover, rng),
            });
        }
        let notifier = if self.role_people.contains_key("privacy_officer") {
            "privacy_officer"
        } else {
            lv.responsible.as_str()
        };
        for m in &made {
            let rule = &self.rules[m.rule];
            steps.push(Step {
                at: m.at,
                by: self.person(notifier, rng),
                action: format!("{}（{}）", rule.name, kind_ja(&m.kind)),
            });
        }
        // Closed after recovery, after the last external report and after
        // every other step, so the timeline ends at the closing.
        let settled = if serious {
            recovered
        } else {
            Some(recovered.or(contained).unwrap_or(told))
        };
        let latest = steps.iter().map(|s| s.at).max().unwrap_or(detected);
        let closed = settled
            .filter(|_| all_due_made)
            .map(|s| latest.max(s) + Duration::minutes(rng.range(60, 45 * 24 * 60)))
            .and_then(before);
        let status = match (closed, recovered, contained) {
            (Some(_), ..) => Status::Closed,
            (None, Some(_), _) => Status::Recovered,
            (None, None, Some(_)) => Status::Contained,
            _ => Status::Open,
        };
        if let Some(c) = closed {
            steps.push(Step {
                at: c,
                by: self.person(&lv.responsible, rng),
                action: "再発防止策を確認し、記録をクローズ".into(),
            });
        }
        steps.sort_by_key(|s| s.at); // stable: same-minute steps keep their causal order

        // --- Corrective actions
        let n_actions = match status {
            Status::Closed => rng.range(1, 3),
            Status::Recovered => rng.range(0, 2),
            _ => rng.range(0, 1),
        } as usize;
        let actions: Vec<String> = rng
            .sample(sc.actions, n_actions)
            .into_iter()
            .map(|(a, e)| self.action(a, e, detected.date_naive(), &fill, rng))
            .collect();

        // --- Evidence: a few serious records keep a log excerpt with its hash.
        let evidence = (serious && rng.chance(4)).then(|| {
            let rel = format!("evidence/{}/{}", p.id, sc.evidence_name);
            let mut body = String::new();
            let mut t = occurred.unwrap_or(detected);
            for _ in 0..rng.range(3, 12) {
                let _ = writeln!(
                    body,
                    "{} {} {}",
                    t.format("%Y-%m-%dT%H:%M:%S%:z"),
                    system,
                    rng.pick(LOG_LINES)
                );
                t += Duration::seconds(rng.range(1, 900));
            }
            (rel, body.into_bytes())
        });

        // --- Write YAML
        let mut y = String::with_capacity(4096);
        let _ = writeln!(y, "id: {}", p.id);
        let title = fill(variant.title, rng);
        line(&mut y, 0, "title", &title);
        let _ = writeln!(y, "level: {level}");
        let _ = writeln!(y, "category: {category}");
        let _ = writeln!(y, "status: {}", status.as_str());
        if rng.chance(sc.restricted_pct) {
            let _ = writeln!(y, "visibility: restricted");
        }
        let _ = writeln!(y, "responsible: {}", lv.responsible);
        line(&mut y, 0, "reporter", &reporter);
        line(&mut y, 0, "location", &format!("{site} {dept}"));
        if let Some(o) = occurred {
            if occurred_date_only {
                let _ = writeln!(y, "occurred_at: {}", o.format("%Y-%m-%d"));
            } else {
                let _ = writeln!(y, "occurred_at: {}", ts(o));
            }
        }
        let _ = writeln!(y, "detected_at: {}", ts(detected));
        for (k, v) in [
            ("reported_at", reported),
            ("contained_at", contained),
            ("recovered_at", recovered),
            ("closed_at", closed),
        ] {
            if let Some(v) = v {
                let _ = writeln!(y, "{k}: {}", ts(v));
            }
        }
        let mut summary: Vec<String> = variant
            .summary
            .iter()
            .take(if serious { 3 } else { 1 })
            .map(|s| fill(s, rng))
            .collect();
        if !serious {
            summary.push("実害は出ていないが、放置すると同じ原因で事故につながるおそれがあるため、ヒヤリハットとして記録した。".into());
        }
        if level >= 2 {
            let facts: Vec<String> = rng
                .sample(sc.facts, 2)
                .into_iter()
                .map(|f| format!("- {}", fill(f, rng)))
                .collect();
            summary.push(facts.join("\n"));
        }
        block(&mut y, 0, "summary", &summary.join("\n\n"));
        if matches!(status, Status::Closed | Status::Recovered) {
            let causes: Vec<String> = rng
                .sample(sc.causes, if serious { 2 } else { 1 })
                .into_iter()
                .map(|c| format!("- {c}"))
                .collect();
            block(&mut y, 0, "cause", &causes.join("\n"));
        }
        let systems: Vec<&str> = rng
            .sample(sc.systems, if level >= 2 { 2 } else { 1 })
            .into_iter()
            .copied()
            .collect();
        let _ = writeln!(y, "affected_systems: [{}]", systems.join(", "));
        if rng.chance(70) {
            line(&mut y, 0, "organization", dept);
        }
        y.push_str("impact:\n");
        for f in ["personal_data", "malicious", "crime_suspected"] {
            if f != "crime_suspected" || flags.get(f) {
                let _ = writeln!(y, "  {f}: {}", flags.get(f));
            }
        }
        if flags.get("personal_data") {
            let _ = writeln!(y, "  records_affected: {}", rng.range(1, 5000));
        }
        if level >= 3 {
            line(
                &mut y,
                2,
                "customers",
                &fill(rng.pick::<&str>(CUSTOMER_IMPACT), rng),
            );
        }
        if serious {
            line(
                &mut y,
                2,
                "business",
                &fill(rng.pick::<&str>(BUSINESS_IMPACT), rng),
            );
        }
        if let Some(a) = assessed {
            y.push_str("assessment:\n");
            let _ = writeln!(y, "  stage: {stage}");
            let _ = writeln!(y, "  decided_by: {assessor}");
            let _ = writeln!(y, "  decided_at: {}", ts(a));
            let rationale = format!(
                "{}。{}にあたるため、レベル{level}とした。",
                rng.pick(RATIONALE_FACTS),
                lv.name
            );
            block(&mut y, 2, "rationale", &rationale);
        }
        y.push_str("timeline:\n");
        for s in &steps {
            let _ = writeln!(y, "  - at: {}", ts(s.at));
            line(&mut y, 4, "by", &s.by);
            line(&mut y, 4, "action", &s.action);
        }
        if !made.is_empty() {
            y.push_str("notifications:\n");
            for m in &made {
                let _ = writeln!(y, "  - to: {}", self.rules[m.rule].id);
                let _ = writeln!(y, "    kind: {}", m.kind);
                let _ = writeln!(y, "    at: {}", ts(m.at));
                line(
                    &mut y,
                    4,
                    "reference",
                    &format!("受付番号 {}-{:06}", m.at.year(), rng.below(1_000_000)),
                );
            }
        }
        if !actions.is_empty() {
            y.push_str("actions:\n");
            for a in &actions {
                y.push_str(a);
            }
        }
        if status == Status::Closed && rng.chance(70) {
            block(
                &mut y,
                0,
                "lessons",
                &fill(rng.pick::<&str>(sc.lessons), rng),
            );
        }
        if let Some((rel, bytes)) = &evidence {
            y.push_str("evidence:\n");
            let _ = writeln!(y, "  - path: {rel}");
            line(&mut y, 4, "description", &format!("{system}のログの抜粋"));
            let _ = writeln!(y, "    sha256: {}", sha256_hex(bytes));
        }
        let n_tags = rng.range(1, 3) as usize;
        let tags: Vec<&str> = rng.sample(sc.tags, n_tags).into_iter().copied().collect();
        let _ = writeln!(y, "tags: [{}]", tags.join(", "));

        let mut stats = Stats {
            records: 1,
            bytes: y.len() as u64,
            notifications: made.len(),
            ..Stats::default()
        };
        stats.per_level.insert(level, 1);
        stats.per_category.insert(category.to_string(), 1);
        stats.per_status.insert(status.as_str(), 1);
        stats.evidence_files = usize::from(evidence.is_some());
        Record {
            yaml: y,
            evidence,
            stats,
        }
    }

    /// One `actions` entry. Never overdue at `today`: an action whose due
    /// date has passed is done (with `done_at` no later than yesterday).
    fn action(
        &self,
        action: &str,
        evaluation: &str,
        detected: NaiveDate,
        fill: &dyn Fn(&str, &mut Rng) -> String,
        rng: &mut Rng,
    ) -> String {
        let yesterday = self.today.pred_opt().unwrap_or(self.today);
        let due = detected + Duration::days(rng.range(7, 120));
        let status = if due < self.today {
            *rng.pick(&["done", "done", "verified"])
        } else {
            *rng.pick(&["planned", "in_progress", "in_progress", "done"])
        };
        let done_at = matches!(status, "done" | "verified").then(|| {
            let d = if due < self.today {
                due - Duration::days(rng.range(0, 10))
            } else {
                detected + Duration::days(rng.range(1, 30))
            };
            d.clamp(detected, yesterday)
        });
        let mut s = String::new();
        line(&mut s, 2, "- action", &fill(action, rng));
        let _ = writeln!(s, "    owner: {}", rng.pick(&self.owners));
        let _ = writeln!(s, "    due: {due}");
        let _ = writeln!(s, "    status: {status}");
        if let Some(d) = done_at {
            let _ = writeln!(s, "    done_at: {d}");
        }
        line(&mut s, 4, "evaluation", evaluation);
        if !self.controls.is_empty() {
            let k = if rng.chance(80) { 1 } else { 2 };
            let cs: Vec<&str> = rng
                .sample(&self.controls, k)
                .into_iter()
                .map(String::as_str)
                .collect();
            let _ = writeln!(s, "    controls: [{}]", cs.join(", "));
        }
        s
    }
}

// ---------------------------------------------------------------------------
// YAML writing helpers

fn ts(t: DateTime<FixedOffset>) -> String {
    debug_assert_eq!(t.second(), 0);
    t.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// `key: value` with the value plain when YAML reads it back as the same
/// text, double-quoted otherwise.
fn line(out: &mut String, indent: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{:indent$}{key}: {}", "", scalar(value));
}

fn scalar(s: &str) -> String {
    let first = s.chars().next().unwrap_or(' ');
    let risky = s.is_empty()
        || "-?:,[]{}#&*!|>'\"%@` ".contains(first)
        || s.ends_with(' ')
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.parse::<f64>().is_ok()
        || matches!(s, "true" | "false" | "null" | "~" | "yes" | "no");
    if !risky {
        return s.to_string();
    }
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// `key: |` and the text indented below it.
fn block(out: &mut String, indent: usize, key: &str, text: &str) {
    let _ = writeln!(out, "{:indent$}{key}: |", "");
    for l in text.lines() {
        if l.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{:w$}{l}", "", w = indent + 2);
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(bytes))
}

fn stage_ja(stage: &str) -> &'static str {
    match stage {
        "weakness" => "セキュリティ弱点",
        "event" => "セキュリティ事象",
        _ => "セキュリティインシデント",
    }
}

fn kind_ja(kind: &str) -> &'static str {
    match kind {
        "preliminary" => "速報",
        "final" => "確報",
        _ => "届出",
    }
}

fn person_name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(SURNAMES), rng.pick(GIVEN_NAMES))
}

// ---------------------------------------------------------------------------
// Text. Invented names and situations; the kinds of events, first responses
// and corrective actions follow common Japanese SME practice (IPA guides).

const SURNAMES: &[&str] = &[
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
    "山崎",
    "森",
    "池田",
    "橋本",
    "阿部",
    "石川",
    "前田",
    "藤田",
    "小川",
    "岡田",
    "後藤",
    "長谷川",
    "村上",
    "近藤",
    "石井",
    "坂本",
    "遠藤",
    "青木",
    "藤井",
    "西村",
];
const GIVEN_NAMES: &[&str] = &[
    "翔太",
    "美穂",
    "大輔",
    "彩",
    "誠",
    "由美",
    "健一",
    "浩二",
    "里美",
    "拓也",
    "陽子",
    "直樹",
    "恵",
    "亮",
    "裕子",
    "和也",
    "真由美",
    "健太",
    "明美",
    "達也",
    "愛",
    "修",
    "千尋",
    "哲也",
    "さくら",
    "悠斗",
    "結衣",
    "蓮",
    "陽菜",
    "大翔",
];
const DEPARTMENTS: &[&str] = &[
    "営業部",
    "設計部",
    "製造部",
    "品質保証部",
    "総務部",
    "経理部",
    "人事部",
    "購買部",
    "生産管理部",
    "情報システム部",
    "技術開発部",
    "物流部",
    "カスタマーサポート部",
];
const SITES: &[&str] = &[
    "本社2階",
    "本社3階",
    "第一工場",
    "第二工場",
    "大阪営業所",
    "名古屋営業所",
    "福岡営業所",
    "物流センター",
    "技術センター",
    "在宅勤務先",
];

const RATIONALE_FACTS: &[&str] = &[
    "事実関係を確認し、影響の範囲を特定した",
    "ログと関係者への聞き取りから、被害の有無と広がりを確かめた",
    "影響を受けた情報と人数を確認した",
    "業務への影響と、社外への影響の有無を確認した",
    "システム管理者の調査結果をもとに判断した",
];
const CUSTOMER_IMPACT: &[&str] = &[
    "取引先{n}社へ経緯の説明とおわびを行った",
    "顧客{n}名へおわびと注意喚起を連絡した",
    "納期の遅れについて取引先{m}社と調整した",
];
const BUSINESS_IMPACT: &[&str] = &[
    "{dept}の業務が約{h}時間止まった",
    "対応のため{dept}の{m}名が数日間対応にあたった",
    "代替手段で業務を続け、大きな遅れはなかった",
    "業務への影響はほとんどなかった",
];
const LOG_LINES: &[&str] = &[
    "auth failure user=svc-account src=203.0.113.24",
    "auth success user=k.sato src=198.51.100.7",
    "blocked outbound connection dst=192.0.2.50:443",
    "file quarantined path=C:\\Users\\Public\\invoice.xlsm",
    "mail sent rcpt_domain=example.com attachments=1",
    "share link created scope=anyone",
    "disk error sector=0x3f2a1c retry=3",
    "usb storage mounted vendor=generic",
];

struct Variant {
    title: &'static str,
    occurred: &'static str,
    detected: &'static str,
    summary: &'static [&'static str],
    contain: &'static str,
    recover: &'static str,
}

struct Scenario {
    variants: &'static [Variant],
    steps: &'static [&'static str],
    facts: &'static [&'static str],
    causes: &'static [&'static str],
    actions: &'static [(&'static str, &'static str)],
    lessons: &'static [&'static str],
    systems: &'static [&'static str],
    tags: &'static [&'static str],
    evidence_name: &'static str,
    personal_pct: u32,
    malicious_pct: u32,
    restricted_pct: u32,
}

fn scenario(category: &str) -> &'static Scenario {
    match category {
        "leak" => &LEAK,
        "malware" => &MALWARE,
        "outage" => &OUTAGE,
        "unauthorized_access" => &UNAUTHORIZED,
        "misdelivery" => &MISDELIVERY,
        "loss_theft" => &LOSS,
        "insider" => &INSIDER,
        "phishing" => &PHISHING,
        _ => &GENERIC,
    }
}

static LEAK: Scenario = Scenario {
    variants: &[
        Variant {
            title: "{dept}の共有フォルダが社外から閲覧できる設定になっていた",
            occurred: "共有フォルダのアクセス権を変更",
            detected: "定期点検でアクセス権の誤りに気づく",
            summary: &[
                "{site}の{dept}で、{system}に置いていたファイル{n}件が、社外からも閲覧できる状態になっていたことがわかった。",
                "システム管理者が定期点検の際に設定の誤りに気づいた。アクセス記録を確認したところ、社外からのアクセスは{m}件だった。",
                "すぐに公開範囲を社内に限り、閲覧した可能性のある相手を特定した。",
            ],
            contain: "公開範囲を社内のみに変更する",
            recover: "正しいアクセス権で共有し直す",
        },
        Variant {
            title: "クラウドストレージの共有リンクが「リンクを知っている全員」になっていた",
            occurred: "共有リンクを作成して取引先へ送付",
            detected: "共有範囲の誤りに気づく",
            summary: &[
                "{dept}の社員が取引先に資料を渡すため、共有リンクを「リンクを知っている全員」の設定で作成していた。",
                "翌日、同じ部署の社員が設定に気づいた。リンクを開いたのは取引先の担当者{m}名だけで、第三者による閲覧は確認されていない。",
                "共有を止め、取引先の担当者を指定して共有し直した。",
            ],
            contain: "共有リンクを無効にする",
            recover: "取引先の担当者を指定して共有し直す",
        },
    ],
    steps: &["アクセス記録を調べ、閲覧者を特定する", "関係先へ経緯を説明する", "全部署の共有設定を点検する"],
    facts: &["公開されていたファイル: {n}件", "社外からのアクセス: {m}件", "公開されていた期間: 約{h}日"],
    causes: &["共有設定の初期値が「全員」になっていた", "共有範囲を確かめる手順がなかった", "異動者のアクセス権が見直されていなかった"],
    actions: &[
        ("共有設定の初期値を「組織内のみ」に変える", "全共有リンクを一覧で出し、「全員」設定が0件であることを確認する"),
        ("社外共有の手順書を作り、{dept}で説明会を開く", "3か月後に共有設定を抜き取りで確認する"),
        ("共有フォルダのアクセス権を四半期ごとに棚卸しする", "棚卸しの記録が四半期ごとに残っていることを確認する"),
    ],
    lessons: &["初期値のままの設定が事故の原因になる。設定の棚卸しを定期的に行うことが大切だと分かった。"],
    systems: &["クラウドストレージ", "ファイルサーバ", "Webサイト", "顧客管理システム"],
    tags: &["誤公開", "共有設定", "アクセス権", "クラウドストレージ"],
    evidence_name: "access-log.txt",
    personal_pct: 40,
    malicious_pct: 5,
    restricted_pct: 3,
};

static MALWARE: Scenario = Scenario {
    variants: &[
        Variant {
            title: "{dept}のパソコンがメールの添付ファイルからマルウェアに感染した",
            occurred: "取引先を装ったメールの添付ファイルを開く",
            detected: "ウイルス対策ソフトの警告に気づく",
            summary: &[
                "{site}の{dept}の端末で、ウイルス対策ソフト（EDR）が不審なプログラムの動きを検知し、警告を出した。",
                "利用者が取引先を装ったメールの添付ファイル（マクロ付き）を開いたことが原因とみられる。",
                "端末をネットワークから切り離し、電源は切らずに調べた。同じネットワーク上の{n}台を調べ、感染の広がりはなかった。",
            ],
            contain: "端末のLANケーブルを抜いてネットワークから切り離す（電源は切らない）",
            recover: "端末を初期化し、バックアップからデータを戻す",
        },
        Variant {
            title: "{site}のファイルサーバでランサムウェアによる暗号化が発生した",
            occurred: "ファイルサーバへの不審な書き込みが始まる",
            detected: "ファイルが開けないとの問い合わせが相次ぐ",
            summary: &[
                "{site}のファイルサーバで、ファイルの拡張子が書き換えられて開けなくなり、脅迫文のファイルが置かれていた。",
                "調べたところ、{dept}の端末を起点にランサムウェアが共有フォルダを暗号化していた。",
                "サーバと起点の端末をネットワークから切り離し、オフラインで保管していたバックアップから復元した。身代金は支払っていない。",
            ],
            contain: "ファイルサーバと起点の端末をネットワークから切り離す",
            recover: "オフラインのバックアップからファイルサーバを復元し、業務を再開",
        },
    ],
    steps: &[
        "同じネットワークの端末をウイルス対策ソフトで全件検査",
        "外部の専門事業者へ調査を依頼",
        "通信記録から不審な通信先を調べ、遮断する",
        "JPCERT/CC へ相談する",
    ],
    facts: &["感染を確認した端末: {m}台", "検査した端末: {n}台", "業務が止まった時間: 約{h}時間"],
    causes: &[
        "ウイルス対策ソフトの定義ファイルが古かった",
        "OS の更新プログラムが適用されていなかった",
        "マクロ付きファイルを開かないという決まりが周知されていなかった",
        "バックアップが常時接続のディスクにしかなかった",
    ],
    actions: &[
        ("全端末の OS 更新を自動適用にする", "毎月、未適用の端末が0台であることを管理画面で確認する"),
        ("マクロの実行を既定で無効にする設定を配布する", "配布後、全端末の設定を一覧で確認する"),
        ("不審なメールを開いたときの連絡手順を全社員に再周知する", "次回の標的型メール訓練で報告率を測る"),
        ("バックアップをオフラインでも保管する", "半年ごとの復元訓練で復元できることを確かめる"),
    ],
    lessons: &["電源を切らずにネットワークから切り離したことで、調査に必要な記録を残せた。", "オフラインのバックアップがあったため、身代金を払わずに復旧できた。"],
    systems: &["業務用パソコン", "ファイルサーバ", "生産管理システム", "メールシステム"],
    tags: &["マルウェア", "ランサムウェア", "EDR", "バックアップ"],
    evidence_name: "edr-alert.txt",
    personal_pct: 20,
    malicious_pct: 95,
    restricted_pct: 3,
};

static OUTAGE: Scenario = Scenario {
    variants: &[
        Variant {
            title: "{system}が停止し、{dept}の業務が約{h}時間止まった",
            occurred: "{system}が応答しなくなる",
            detected: "{dept}から「システムが使えない」と連絡を受ける",
            summary: &[
                "{system}が応答しなくなり、{dept}で受注や出荷の入力ができなくなった。",
                "システム管理者が状況を確かめ、保守業者へ連絡した。原因はストレージの故障だった。",
                "復旧までの間、紙の伝票と電話で業務を続けた。",
            ],
            contain: "影響の範囲を確かめ、関係部署へ停止を知らせる",
            recover: "{system}を再起動し、業務を再開",
        },
        Variant {
            title: "{site}で停電が発生し、サーバが停止した",
            occurred: "落雷による停電が発生",
            detected: "サーバ室の監視装置が停電を通知",
            summary: &[
                "落雷による停電で、{site}のサーバ室の機器が停止した。無停電電源装置が想定より早く止まった。",
                "電源の復旧後、サーバを順に起動し、データに欠けがないことを確かめた。",
                "停止中は{dept}の業務を手作業で続けた。",
            ],
            contain: "予備の電源へ切り替える",
            recover: "サーバを順に起動し、データの整合性を確認",
        },
    ],
    steps: &["保守業者が現地で故障部品を交換", "データの整合性を確かめる", "関係部署へ復旧の見込みを知らせる"],
    facts: &["業務が止まった時間: 約{h}時間", "影響を受けた部署: {m}部署"],
    causes: &["ディスクの故障に気づく監視がなかった", "無停電電源装置のバッテリーが劣化していた", "保守契約に休日の対応が含まれていなかった"],
    actions: &[
        ("ディスクの故障を知らせる監視を設定する", "擬似障害を起こして通知が届くことを確かめる"),
        ("無停電電源装置のバッテリーを交換し、点検を年間計画に入れる", "年次点検の記録を確認する"),
        ("障害時の代替手順（紙の伝票）を整える", "年1回の訓練で代替手順が使えるか確かめる"),
    ],
    lessons: &["代替手順があったため、停止中も出荷を続けられた。監視の通知先を複数にしておくべきだった。"],
    systems: &["生産管理システム", "受発注システム", "基幹ネットワーク", "勤怠管理システム", "社内無線LAN"],
    tags: &["障害", "可用性", "停電"],
    evidence_name: "syslog.txt",
    personal_pct: 0,
    malicious_pct: 2,
    restricted_pct: 0,
};

static UNAUTHORIZED: Scenario = Scenario {
    variants: &[
        Variant {
            title: "VPN 装置に海外から不正にログインされた",
            occurred: "海外の IP アドレスからのログインが成功",
            detected: "VPN 装置のログに不審なログインを見つける",
            summary: &[
                "VPN 装置のログに、深夜に海外の IP アドレスからのログイン成功が{m}件記録されていた。",
                "VPN 装置の既知の脆弱性を突かれたとみられる。ログインに使われたのは{dept}の社員のアカウントだった。",
                "該当アカウントを止め、装置を最新の版に更新した。ログを保全し、外部の専門事業者に調査を依頼した。",
            ],
            contain: "該当アカウントを止め、攻撃元からの通信を遮断",
            recover: "VPN 装置を更新し、多要素認証を有効にして利用を再開",
        },
        Variant {
            title: "退職者のアカウントで社内システムにログインされた",
            occurred: "退職者のアカウントでログイン",
            detected: "ログイン記録の点検で退職者のアカウントの利用に気づく",
            summary: &[
                "{system}のログイン記録を点検したところ、{m}か月前に退職した社員のアカウントでログインされていた。",
                "アカウントが削除されておらず、パスワードも変わっていなかった。",
                "アカウントを止め、閲覧された情報を調べた。",
            ],
            contain: "該当アカウントを停止",
            recover: "全アカウントを人事の在籍者一覧と突き合わせ、不要なものを削除",
        },
    ],
    steps: &["ログを保全し、ハッシュ値を記録", "外部の専門事業者へ調査を依頼", "他のアカウントに同じようなログインがないか調べる"],
    facts: &["不審なログイン: {m}件", "調べたアカウント: {n}件"],
    causes: &["VPN 装置の脆弱性に対する更新が適用されていなかった", "多要素認証が導入されていなかった", "退職者のアカウントが削除されていなかった"],
    actions: &[
        ("VPN とクラウドサービスの全アカウントで多要素認証を必須にする", "未設定のアカウントが0件であることを管理画面で確認する"),
        ("退職時のアカウント削除をチェックリストに入れる", "四半期ごとに人事の退職者一覧とアカウント一覧を突き合わせる"),
        ("ネットワーク機器の脆弱性情報を週ごとに確かめる", "確認の記録が毎週残っていることを確かめる"),
    ],
    lessons: &["ログを残していたため、侵入の時期と範囲を特定できた。機器の更新を後回しにしないこと。"],
    systems: &["VPN 装置", "クラウドメール", "Webサーバ", "人事システム"],
    tags: &["不正アクセス", "VPN", "多要素認証"],
    evidence_name: "vpn-auth.log",
    personal_pct: 30,
    malicious_pct: 95,
    restricted_pct: 10,
};

static MISDELIVERY: Scenario = Scenario {
    variants: &[
        Variant {
            title: "{dept}の案内メールを宛先が互いに見える状態で{n}件へ送信した",
            occurred: "宛先を CC に入れて案内メールを送信",
            detected: "受信者からの指摘で誤りに気づく",
            summary: &[
                "{dept}の社員が、{n}件の宛先へ案内メールを送る際、宛先を「BCC」ではなく「CC」に入れて送信した。",
                "受信者からの指摘で気づいた。メールアドレスが受信者どうしで見える状態になった。",
                "受信者全員へおわびし、メールの削除を依頼した。",
            ],
            contain: "受信者へ連絡し、メールの削除を依頼",
            recover: "全受信者から削除の確認を得る",
        },
        Variant {
            title: "見積書を別の取引先へ誤って送付した",
            occurred: "見積書を誤った宛先へ送付",
            detected: "送付先の取引先から連絡を受ける",
            summary: &[
                "{dept}の社員が、見積書を宛先の自動補完で表示された別の取引先へ送付した。",
                "受け取った取引先から連絡があり気づいた。見積書には単価と担当者の連絡先が載っていた。",
                "誤って届いた取引先に削除を依頼し、本来の宛先の取引先へ経緯を説明した。",
            ],
            contain: "誤送付先へ連絡し、削除を依頼",
            recover: "削除の確認を得て、本来の宛先へ送り直す",
        },
    ],
    steps: &["削除の確認を受信者ごとに記録", "名簿に載っていた方へおわびを連絡", "同じ送り方をしている部署がないか確かめる"],
    facts: &["誤って送った宛先: {n}件", "削除を確認した宛先: {n}件"],
    causes: &["送信前に宛先を確かめる手順がなかった", "宛先の自動補完で似た名前のアドレスが選ばれた", "一斉送信に通常のメールソフトを使っていた"],
    actions: &[
        ("社外宛てメールを一時保留し、宛先を確かめる仕組みを入れる", "導入の前後3か月で誤送信の件数を比べる"),
        ("一斉送信は配信サービスを使うことを規程に定める", "半年後に一斉送信の方法を抜き取りで確かめる"),
        ("個人情報を含む添付ファイルは上長の確認後に送る", "確認の記録を抜き取りで調べる"),
    ],
    lessons: &["受信者が知らせてくれたことで、早く動けた。削除の確認を全件で取りきるまで対応を終えないこと。"],
    systems: &["メールシステム", "複合機（FAX）"],
    tags: &["誤送信", "メール", "個人情報"],
    evidence_name: "mail-log.csv",
    personal_pct: 60,
    malicious_pct: 0,
    restricted_pct: 0,
};

static LOSS: Scenario = Scenario {
    variants: &[
        Variant {
            title: "{dept}の社員が業務用ノートパソコンを電車内に置き忘れた",
            occurred: "電車内にノートパソコンを置き忘れる",
            detected: "帰宅後に置き忘れに気づく",
            summary: &[
                "{dept}の社員が、帰宅途中の電車内に業務用のノートパソコンを置き忘れた。",
                "パソコンはディスクを暗号化しており、起動にはパスワードが必要だった。",
                "鉄道会社に届け出るとともに、最寄りの警察署へ遺失届を出した。遠隔でのロックとデータ消去を指示した。",
            ],
            contain: "遠隔ロックを実行し、アカウントのパスワードを変更",
            recover: "代わりの端末を用意し、業務を再開",
        },
        Variant {
            title: "顧客の資料を入れた鞄を{site}の近くで盗まれた",
            occurred: "車上荒らしで鞄を盗まれる",
            detected: "車に戻り鞄がないことに気づく",
            summary: &[
                "{dept}の社員が営業先へ向かう途中、車上荒らしにあい、顧客の資料を入れた鞄を盗まれた。",
                "鞄には紙の資料と業務用スマートフォンが入っていた。",
                "警察へ被害届を出し、スマートフォンを遠隔でロックした。",
            ],
            contain: "業務用スマートフォンを遠隔でロック",
            recover: "資料に載っていた顧客へ経緯を説明",
        },
    ],
    steps: &["鉄道会社と警察署へ届け出る", "端末に保存されていたデータを洗い出す", "端末の管理台帳を更新する"],
    facts: &["紛失した機器: {m}台", "含まれていた顧客情報: {n}件"],
    causes: &["持ち出した端末の管理台帳が更新されていなかった", "移動中に端末を鞄から出して使っていた", "USB メモリの暗号化が義務になっていなかった"],
    actions: &[
        ("持ち出し端末のディスク暗号化と遠隔消去の設定を全台で確かめる", "管理画面で未設定の端末が0台であることを確認する"),
        ("USB メモリは暗号化機能付きのものに限る", "半年ごとに利用中の USB メモリを棚卸しする"),
        ("持ち出しのルールを研修で再周知する", "研修後の理解度テストで8割以上の正答を確かめる"),
    ],
    lessons: &["暗号化と遠隔ロックの設定があったため、情報の流出を防げた。"],
    systems: &["業務用ノートパソコン", "業務用スマートフォン", "USB メモリ"],
    tags: &["紛失", "盗難", "持ち出し"],
    evidence_name: "mdm-report.txt",
    personal_pct: 40,
    malicious_pct: 10,
    restricted_pct: 5,
};

static INSIDER: Scenario = Scenario {
    variants: &[
        Variant {
            title: "退職予定の社員が顧客データを私用のメールアドレスへ送信していた",
            occurred: "顧客データを私用のアドレスへ送信",
            detected: "持ち出し監視ツールの警告を確認",
            summary: &[
                "情報持ち出しの監視ツールが、{dept}の社員による私用アドレスへの大量送信を検知した。",
                "聞き取りの結果、転職先で使う目的で顧客データ{n}件を持ち出していたことがわかった。",
                "該当アカウントを止め、弁護士と相談のうえ、持ち出したデータの削除を求めた。",
            ],
            contain: "該当アカウントを止め、持ち出しの経路を遮断",
            recover: "持ち出したデータを削除した旨の誓約書を受け取る",
        },
        Variant {
            title: "{dept}の社員が権限の範囲を超えて人事情報を閲覧していた",
            occurred: "権限外の人事情報を閲覧",
            detected: "アクセス記録の定期点検で不審な閲覧に気づく",
            summary: &[
                "アクセス記録の定期点検で、{dept}の社員が業務に関係のない人事情報を{m}回閲覧していたことがわかった。",
                "異動前の権限が残っていた。閲覧した情報を社外へ持ち出した形跡はなかった。",
                "権限を外し、本人から事情を聞いた。",
            ],
            contain: "不要な権限を外す",
            recover: "全社員のアクセス権を職務に合わせて見直す",
        },
    ],
    steps: &["操作ログを保全し、持ち出したファイルを特定", "弁護士へ相談", "本人から事情を聞く"],
    facts: &["持ち出された件数: {n}件", "関わった社員: {m}名"],
    causes: &["退職予定者のアクセス権を見直す手順がなかった", "USB メモリへの書き込みが制限されていなかった", "アクセス権が業務に必要な範囲を超えていた"],
    actions: &[
        ("退職予定者のアクセス権を退職日の1か月前に見直す", "退職者ごとの見直しの記録を人事と確かめる"),
        ("私物の USB メモリへの書き込みを禁止する設定を配布する", "全端末の設定状況を一覧で確認する"),
        ("アクセス権を職務に必要な範囲に絞る", "半年ごとの棚卸しで過剰な権限が0件であることを確かめる"),
    ],
    lessons: &["監視ツールの警告を毎日確かめていたことで、早く気づけた。"],
    systems: &["顧客管理システム", "ファイルサーバ", "人事システム"],
    tags: &["内部不正", "持ち出し", "アクセス権"],
    evidence_name: "dlp-alert.txt",
    personal_pct: 50,
    malicious_pct: 90,
    restricted_pct: 40,
};

static PHISHING: Scenario = Scenario {
    variants: &[
        Variant {
            title: "{dept}の社員が偽のログイン画面に ID とパスワードを入力した",
            occurred: "取引先を装ったメールのリンクを開く",
            detected: "ログイン後の画面が不自然なことに気づく",
            summary: &[
                "{dept}の社員{n}名に、取引先を装って請求書の確認を求めるメールが届いた。",
                "うち1名がリンクを開き、偽のログイン画面に ID とパスワードを入力した。",
                "すぐにパスワードを変え、ログインの記録を調べた。全社員へ注意を呼びかけた。",
            ],
            contain: "入力したアカウントのパスワードを変え、ログイン記録を確かめる",
            recover: "不審なログインがないことを確かめ、通常の運用に戻す",
        },
        Variant {
            title: "経営者を装った送金指示のメールが経理部に届いた",
            occurred: "経営者を装ったメールが届く",
            detected: "送金前の電話確認で偽のメールと気づく",
            summary: &[
                "経理部に、代表取締役を装って至急の送金を求めるメールが届いた（ビジネスメール詐欺）。",
                "担当者が規程どおり電話で本人に確かめ、偽のメールだとわかった。送金はしていない。",
                "送信元を受信拒否に登録し、全社員へ同じ手口への注意を呼びかけた。",
            ],
            contain: "送信元のアドレスと URL を受信拒否に登録",
            recover: "同じメールを受け取った社員がいないことを確かめる",
        },
    ],
    steps: &["全社員へ注意喚起のメールを送る", "同じメールを受け取った社員を洗い出す", "IPA の相談窓口へ情報を提供する"],
    facts: &["メールを受け取った社員: {n}名", "リンクを開いた社員: {m}名"],
    causes: &["メールの送信元を確かめる習慣がなかった", "多要素認証が導入されていなかった", "不審なメールの報告窓口が知られていなかった"],
    actions: &[
        ("標的型メール訓練を年2回行う", "訓練ごとの開封率と報告率を記録し、前回と比べる"),
        ("クラウドメールに多要素認証を導入する", "未設定のアカウントが0件であることを確認する"),
        ("送金先の変更は電話で確かめる手順を経理規程に加える", "半年後に手順どおり確かめた記録を抜き取りで調べる"),
    ],
    lessons: &["すぐに報告があったため、不正なログインの前にパスワードを変えられた。"],
    systems: &["メールシステム", "クラウドメール", "業務用スマートフォン"],
    tags: &["標的型メール", "フィッシング", "ビジネスメール詐欺", "訓練"],
    evidence_name: "mail-header.txt",
    personal_pct: 10,
    malicious_pct: 100,
    restricted_pct: 0,
};

/// For categories a custom policy adds: plain, neutral wording.
static GENERIC: Scenario = Scenario {
    variants: &[Variant {
        title: "{dept}で情報セキュリティ上の問題が見つかった",
        occurred: "問題が発生",
        detected: "{dept}の社員が問題に気づく",
        summary: &[
            "{site}の{dept}で、{system}に関する情報セキュリティ上の問題が見つかった。",
            "システム管理者が状況を確かめ、影響の範囲を調べた。",
            "手順に従って対応し、関係者へ経緯を説明した。",
        ],
        contain: "影響が広がらないよう、関係する設定を止める",
        recover: "設定を見直し、通常の運用に戻す",
    }],
    steps: &["関係者から事情を聞く", "記録を保全する"],
    facts: &["関係した件数: {n}件"],
    causes: &["手順が決まっていなかった", "点検の仕組みがなかった"],
    actions: &[(
        "手順書を整え、関係部署で説明会を開く",
        "3か月後に手順どおり行われているか確かめる",
    )],
    lessons: &["早めに報告があったことで、影響を小さくできた。"],
    systems: &["業務システム"],
    tags: &["その他"],
    evidence_name: "notes.txt",
    personal_pct: 10,
    malicious_pct: 10,
    restricted_pct: 0,
};

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
