//! `ismsbook build`: validate, then render the site atomically.

use super::{parse_date, resolve_today, ContentArg, Global};
use crate::diagnostics::catalogue::fmt as tr;
use crate::diagnostics::report::{self, Format};
use crate::load::SourceFiles;
use crate::site::{build_with_progress, BuildError, BuildOptions, Phase};
use chrono::NaiveDate;
use clap::Args;
use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub content: ContentArg,
    /// Where the site is written (replaced atomically; only a directory ismsbook created is ever replaced). Default: `public` beside the content directory.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A theme directory laid over the built-in theme (templates, static files, locales).
    #[arg(long, value_name = "DIR")]
    pub theme: Option<PathBuf>,
    /// The date deadlines and overdue actions are judged against (default: today, or SOURCE_DATE_EPOCH).
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Who the site is for (`staff`, `auditor`, ...): hidden fields and restricted records follow the policy.
    #[arg(long, value_name = "AUDIENCE")]
    pub audience: Option<String>,
}

impl BuildArgs {
    /// Build options, with the check date resolved in the site's timezone.
    pub fn options(&self) -> BuildOptions {
        let tz = crate::load::load_site_timezone(&self.content.content);
        BuildOptions {
            content: self.content.content.clone(),
            out: self
                .out
                .clone()
                .unwrap_or_else(|| beside(&self.content.content, "public")),
            theme: self.theme.clone(),
            today: resolve_today(self.today, tz),
            audience: self.audience.clone(),
        }
    }
}

/// `name` in the folder that holds `dir` (`content` → `public`, `.` →
/// `../public`), so that a run from inside the content directory never
/// writes into it.
fn beside(dir: &Path, name: &str) -> PathBuf {
    let climbs = dir
        .components()
        .all(|c| matches!(c, Component::CurDir | Component::ParentDir));
    let parent = if climbs {
        let ups = dir
            .components()
            .filter(|c| matches!(c, Component::ParentDir))
            .count();
        (0..=ups).map(|_| "..").collect::<PathBuf>()
    } else {
        dir.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    parent.join(name)
}

/// A one-line progress display on a terminal, shown only when a build takes
/// long enough to wonder about (and never when stderr is not a terminal).
struct Progress {
    phase: Arc<AtomicUsize>,
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

const PHASES: [Phase; 4] = [Phase::Load, Phase::Validate, Phase::Render, Phase::Commit];

impl Progress {
    fn start(enabled: bool) -> Progress {
        let phase = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicBool::new(false));
        let thread = enabled.then(|| {
            let (phase, done) = (phase.clone(), done.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut shown = false;
                while !done.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(100));
                    if started.elapsed() < Duration::from_millis(700) {
                        continue;
                    }
                    let name = PHASES[phase.load(Ordering::SeqCst).min(3)].name();
                    eprint!("\r\x1b[2K{name}… {:.1} s", started.elapsed().as_secs_f64());
                    shown = true;
                }
                if shown {
                    eprint!("\r\x1b[2K");
                }
            })
        });
        Progress {
            phase,
            done,
            thread,
        }
    }

    fn set(&self, p: Phase) {
        let i = PHASES.iter().position(|x| *x == p).unwrap_or(0);
        self.phase.store(i, Ordering::SeqCst);
    }

    fn finish(mut self) {
        self.done.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub fn run(args: &BuildArgs, global: &Global) -> u8 {
    let opts = args.options();
    let color = global.color_stderr();
    let lang = global.lang_of(&opts.content);
    let progress = Progress::start(!global.quiet && std::io::stderr().is_terminal());
    let result = build_with_progress(&opts, &|p| progress.set(p));
    progress.finish();
    match result {
        Ok(report) => {
            if !report.warnings.is_empty() && !global.quiet {
                eprint!(
                    "{}",
                    report::render(
                        &report.warnings,
                        &opts.content,
                        &SourceFiles::new(&opts.content),
                        Format::Human,
                        color,
                        0,
                        lang,
                    )
                    .lines()
                    .filter(|l| !l.starts_with("ok:"))
                    .collect::<Vec<_>>()
                    .join("\n")
                        + "\n"
                );
            }
            if !global.quiet {
                eprintln!("{}", report.summary(lang));
                if global.verbose {
                    for (phase, took) in &report.phases {
                        eprintln!(
                            "  {:<10} {:>8.1} ms",
                            phase.name(),
                            took.as_secs_f64() * 1000.0
                        );
                    }
                    eprintln!("output: {}", opts.out.display());
                }
            }
            0
        }
        Err(BuildError::Diagnostics(diags)) => {
            eprint!(
                "{}",
                report::render(
                    &diags,
                    &opts.content,
                    &SourceFiles::new(&opts.content),
                    Format::Human,
                    color,
                    0,
                    lang,
                )
            );
            let out = opts.out.display().to_string();
            eprintln!("{}", tr(lang, "cli.build_refused", &[("out", &out)]));
            1
        }
        Err(BuildError::Leak(m)) => {
            eprintln!("{}", tr(lang, "guard.error", &[("text", &m.render(lang))]));
            let out = opts.out.display().to_string();
            eprintln!("{}", tr(lang, "guard.unchanged", &[("out", &out)]));
            1
        }
        Err(e @ BuildError::Usage(_)) => {
            eprintln!("error: {e}");
            2
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_site_goes_beside_the_content_directory() {
        use std::path::{Path, PathBuf};
        let at = |d: &str| super::beside(Path::new(d), "public");
        assert_eq!(at("content"), PathBuf::from("public"));
        assert_eq!(at("."), PathBuf::from("../public"));
        assert_eq!(at("../.."), PathBuf::from("../../../public"));
        assert_eq!(at("/srv/isms/content"), PathBuf::from("/srv/isms/public"));
    }
}
