//! `ismsbook serve`: preview with rebuild on change and live reload.

use super::build::BuildArgs;
use super::{parse_date, ContentArg, Global};
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub content: ContentArg,
    /// Also publish every successful rebuild here, replaced as a whole like `build --out` (default: nothing is published; the preview lives in a private temporary folder removed on exit).
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
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
}

pub fn run(args: &ServeArgs, global: &Global) -> u8 {
    // A refused --out is refused before anything is built or bound.
    if let Some(out) = &args.out {
        if let Err(e) = crate::write::check_target(out, &args.content.content) {
            eprintln!("error: {e}");
            return 2;
        }
    }
    // The preview is always private: `serve` serves a folder only it writes,
    // and publishes to --out only whole, finished builds.
    let preview = match tempfile::Builder::new().prefix("ismsbook-serve-").tempdir() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot create a preview directory: {e}");
            return 2;
        }
    };
    let build = BuildArgs {
        content: args.content.clone(),
        out: Some(preview.path().join("site")),
        theme: args.theme.clone(),
        today: args.today,
        audience: args.audience.clone(),
    };
    let opts = crate::serve::ServeOptions {
        build: build.options(),
        publish: args.out.clone(),
        port: args.port,
        quiet: global.quiet,
        lang: global.lang_of(&args.content.content),
    };
    crate::serve::serve(opts)
}
