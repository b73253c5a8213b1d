//! `ismsbook check`: validate everything, print diagnostics, exit 0/1/2.

use super::{parse_date, resolve_today, ContentArg, Global};
use crate::diagnostics::report::{self, locate, Context, Format};
use crate::load::SourceFiles;
use chrono::NaiveDate;
use clap::Args;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub content: ContentArg,
    /// Output format: human (with source snippets), json (stable schema), github (workflow commands), sarif (SARIF 2.1.0, code scanning) or gitlab (Code Quality).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of standard output; the human report still goes to standard error.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Report only findings in these files (everything is still loaded for cross-file rules).
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub only: Vec<PathBuf>,
    /// Paths in reports are relative to DIR. Default: the repository root (the folder holding .git), else the working directory.
    #[arg(long, value_name = "DIR")]
    pub path_base: Option<PathBuf>,
    /// The check date (YYYY-MM-DD); deadlines and "not in the future" are judged against it. Default: today, or SOURCE_DATE_EPOCH.
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
    /// Exit with 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(args: &CheckArgs, global: &Global) -> u8 {
    let root = &args.content.content;
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let base = args
        .path_base
        .clone()
        .or_else(|| locate::repository_root(&cwd))
        .unwrap_or_else(|| cwd.clone());
    let shown = report::shown_dir(root, &base, &cwd);
    let sources = SourceFiles::new(root);
    let mut ctx = Context {
        shown_dir: &shown,
        sources: &sources,
        color: false,
        files_checked: 0,
        failed: false,
        lang: global.lang(None),
    };
    // `check` needs no rendering, so it need not keep the register whole:
    // each record is checked as it is loaded (see `load_and_check`).
    let checked = match crate::site::check(root, |tz| resolve_today(args.today, tz)) {
        Ok(c) => c,
        Err(e) => {
            let message = e.to_string();
            eprintln!("error: {message}");
            if args.format.is_machine() {
                let doc = report::failure(args.format, &message, &ctx);
                // Exit 2 either way; a report that cannot be written is said too.
                let _ = emit(args, &doc);
            }
            return 2;
        }
    };
    ctx.lang = global.lang(Some(checked.content.site.language));
    let mut diags = checked.diagnostics;
    // The register entries are not freed one by one at exit (100,000
    // records: a serial tail of the run); the process's end frees them.
    let content = std::mem::ManuallyDrop::new(checked.content);
    if !args.only.is_empty() {
        let only = locate::content_relative(root, &cwd, &args.only);
        diags.retain(|d| d.file.is_empty() || only.contains(&d.file));
    }
    ctx.files_checked = content.sources.len();
    ctx.failed = diags.has_errors() || (args.deny_warnings && diags.warnings() > 0);
    // The report for programs (or a file): never coloured.
    if args.format.is_machine() || args.output.is_some() {
        let text = report::render_report(&diags, &ctx, args.format);
        if let Err(code) = emit(args, &text) {
            return code;
        }
    }
    // People read standard error: the human report whenever it is the
    // format or the report went to a file.
    let human = args.format == Format::Human || args.output.is_some();
    if human && !(global.quiet && diags.is_empty()) {
        ctx.color = global.color_stderr();
        eprint!("{}", report::render_report(&diags, &ctx, Format::Human));
    }
    u8::from(ctx.failed)
}

/// The report to `--output` or standard output. A file that cannot be
/// written is a usage or I/O failure: exit 2.
fn emit(args: &CheckArgs, text: &str) -> Result<(), u8> {
    match &args.output {
        Some(path) => write_report(path, text).map_err(|e| {
            eprintln!("error: cannot write the report to {}: {e}", path.display());
            2
        }),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn write_report(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}
