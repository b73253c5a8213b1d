//! `ismsbook build`: validate, then render the site atomically.

use super::{parse_date, resolve_today, ContentArg, Global};
use crate::build::{build, BuildError, BuildOptions};
use crate::diagnostics::report::{self, Format};
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub content: ContentArg,
    /// Where the site is written (replaced atomically; only a directory ismsbook created is ever replaced).
    #[arg(long, short, default_value = "public", value_name = "DIR")]
    pub out: PathBuf,
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
            out: self.out.clone(),
            theme: self.theme.clone(),
            today: resolve_today(self.today, tz),
            audience: self.audience.clone(),
        }
    }
}

pub fn run(args: &BuildArgs, global: &Global) -> u8 {
    let opts = args.options();
    let color = global.color_stderr();
    match build(&opts) {
        Ok(report) => {
            if !report.warnings.is_empty() && !global.quiet {
                eprint!(
                    "{}",
                    report::render(&report.warnings, &opts.content, Format::Human, color, 0)
                        .lines()
                        .filter(|l| !l.starts_with("ok:"))
                        .collect::<Vec<_>>()
                        .join("\n")
                        + "\n"
                );
            }
            if !global.quiet {
                eprintln!("{}", report.summary());
                if global.verbose {
                    eprintln!("output: {}", opts.out.display());
                }
            }
            0
        }
        Err(BuildError::Diagnostics(diags)) => {
            eprint!(
                "{}",
                report::render(&diags, &opts.content, Format::Human, color, 0)
            );
            eprintln!(
                "error: the content has errors; {} was left unchanged",
                opts.out.display()
            );
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
