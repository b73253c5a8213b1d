//! `ismsbook check`: validate everything, print diagnostics, exit 0/1/2.

use super::{parse_date, resolve_today, ContentArg, Global};
use crate::diagnostics::report::{self, Format};
use crate::load::SourceFiles;
use chrono::NaiveDate;
use clap::Args;

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub content: ContentArg,
    /// Output format: human (with source snippets), json (stable schema) or github (workflow commands).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The check date (YYYY-MM-DD); deadlines and "not in the future" are judged against it. Default: today.
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Exit with 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(args: &CheckArgs, global: &Global) -> u8 {
    let root = &args.content.content;
    // `check` needs no rendering, so it need not keep the register whole:
    // each record is checked as it is loaded (see `load_and_check`).
    let checked = match crate::site::check(root, |tz| resolve_today(args.today, tz)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let diags = checked.diagnostics;
    let files = checked.content.sources.len();
    let color = args.format == Format::Human && global.color_stderr();
    let text = report::render(
        &diags,
        root,
        &SourceFiles::new(root),
        args.format,
        color,
        files,
    );
    match args.format {
        // Machine formats go to stdout so they can be piped; people read stderr.
        Format::Json | Format::Github => print!("{text}"),
        Format::Human => {
            if !(global.quiet && diags.is_empty()) {
                eprint!("{text}");
            }
        }
    }
    if diags.has_errors() || (args.deny_warnings && diags.warnings() > 0) {
        1
    } else {
        0
    }
}
