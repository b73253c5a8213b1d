//! Command-line interface: argument definitions and one module per command.
//! Exit codes: 0 success, 1 problems found (or the build refused), 2 usage or
//! I/O failure.

mod build;
mod check;
mod completions;
mod explain;
mod init;
mod new;
mod schema;
mod serve;
mod sign;
mod verify;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(name = "ismsbook", version, about = "ISMS incident handbook and register: check records, build the intranet site", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: Global,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Print only errors.
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what is being done.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// Colour output: auto (when a terminal), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl Global {
    /// Colour on stderr: honours --color, NO_COLOR and whether stderr is a terminal.
    pub fn color_stderr(&self) -> bool {
        use std::io::IsTerminal;
        match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
            }
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate the content directory and report every problem with file, line and column.
    Check(check::CheckArgs),
    /// Check, then build the static site into --out (atomically; the old site stays on failure).
    Build(build::BuildArgs),
    /// Build, serve on 127.0.0.1, rebuild on change and reload open pages.
    Serve(serve::ServeArgs),
    /// Create a record from the skeleton (`new incident`), prefilled so that it checks clean.
    New(new::NewArgs),
    /// Create a new content directory with a working policy, contacts and examples.
    Init(init::InitArgs),
    /// Explain a diagnostic code, with a wrong and a right example.
    Explain(explain::ExplainArgs),
    /// Print the JSON Schema of incident records for editors (YAML language server).
    Schema(schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish).
    Completions(completions::CompletionsArgs),
    /// Check a built site against its evidence/manifest.json: every file added, missing or changed.
    Verify(verify::VerifyArgs),
    /// Sign a built site's evidence/SHA256SUMS with an SSH key (ssh-keygen -Y sign).
    Sign(sign::SignArgs),
}

/// `YYYY-MM-DD` for `--today`.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date in the form YYYY-MM-DD"))
}

/// The check date: `--today`, else SOURCE_DATE_EPOCH (reproducible builds),
/// else the current date in the site's timezone.
pub fn resolve_today(arg: Option<NaiveDate>, tz: chrono::FixedOffset) -> NaiveDate {
    if let Some(d) = arg {
        return d;
    }
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        if let Some(t) = chrono::DateTime::from_timestamp(epoch, 0) {
            return t.with_timezone(&tz).date_naive();
        }
    }
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

/// Content directory argument shared by commands.
#[derive(Args, Debug, Clone)]
pub struct ContentArg {
    /// The content directory.
    #[arg(long, short = 'c', default_value = "content", value_name = "DIR")]
    pub content: PathBuf,
}

pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Check(args) => check::run(&args, &cli.global),
        Command::Build(args) => build::run(&args, &cli.global),
        Command::Serve(args) => serve::run(&args, &cli.global),
        Command::New(args) => new::run(&args, &cli.global),
        Command::Init(args) => init::run(&args, &cli.global),
        Command::Explain(args) => explain::run(&args, &cli.global),
        Command::Schema(args) => schema::run(&args, &cli.global),
        Command::Completions(args) => completions::run(&args, &cli.global),
        Command::Verify(args) => verify::run(&args, &cli.global),
        Command::Sign(args) => sign::run(&args, &cli.global),
    };
    ExitCode::from(code)
}
