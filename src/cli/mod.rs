//! Command-line interface: argument definitions and one module per command.
//! Exit codes: 0 success, 1 problems found (or the build refused), 2 usage or
//! I/O failure.

mod build;
mod check;
mod completions;
mod explain;
mod import;
mod init;
mod new;
mod schema;
mod serve;
mod verify;

use crate::diagnostics::catalogue::fmt as tr;
use crate::diagnostics::Lang;
use crate::model::Language;
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
    /// Language of messages (and of the starter content for `init`). Default: ISMSBOOK_LANG, else the site's `language`, else LC_ALL/LC_MESSAGES/LANG, else Japanese.
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<init::LangArg>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl Global {
    /// The language messages are shown in: `--lang`, else `ISMSBOOK_LANG`,
    /// else the site's language (`site`, when the content was read), else
    /// the environment's locale, else Japanese.
    pub fn lang(&self, site: Option<Language>) -> Lang {
        if let Some(l) = self.lang {
            return Language::from(l).into();
        }
        std::env::var("ISMSBOOK_LANG")
            .ok()
            .and_then(|v| Lang::from_locale(&v))
            .or(site.map(Lang::from))
            .or_else(Lang::from_env)
            .unwrap_or(Lang::Ja)
    }

    /// [`Global::lang`] for a content directory: its site.yaml's language
    /// when it can be read (only that file; the rest may be broken).
    pub fn lang_of(&self, content: &std::path::Path) -> Lang {
        self.lang(site_language(content))
    }

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
    /// Import an existing register (xlsx, xls, ods, csv) into records, one per row, with a mapping file.
    Import(import::ImportArgs),
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

/// The `language` of `content`'s site.yaml, if it says one.
pub fn site_language(content: &std::path::Path) -> Option<Language> {
    std::fs::read_to_string(content.join("site.yaml"))
        .ok()
        .and_then(|t| crate::yaml::parse(&t).ok())
        .and_then(|n| {
            n.get("language")
                .and_then(|l| l.as_str().and_then(Language::parse))
        })
}

/// Content directory argument shared by commands.
#[derive(Args, Debug, Clone)]
pub struct ContentArg {
    /// The content directory. Default: the current directory or the nearest parent holding site.yaml, or its `content/` folder.
    #[arg(long = "content", short = 'c', value_name = "DIR")]
    pub named: Option<PathBuf>,
    /// The directory used: `named`, or the one found (set before a command runs).
    #[arg(skip)]
    pub content: PathBuf,
}

impl ContentArg {
    /// Fill in the directory when none was named (see [`crate::load::discover`]),
    /// saying on standard error what was found. Without a find it stays
    /// `content`, and the error of the command says how to start.
    fn resolve(&mut self, global: &Global, announce: bool) {
        if let Some(named) = &self.named {
            self.content = named.clone();
            return;
        }
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        match crate::load::discover(&cwd) {
            Some(found) => {
                let lang = global.lang_of(&found.dir);
                if announce && !global.quiet {
                    let shown = found.dir.display().to_string();
                    eprintln!("{}", tr(lang, "cli.found_content", &[("dir", &shown)]));
                }
                self.content = found.dir;
            }
            None => self.content = PathBuf::from("content"),
        }
    }
}

/// The content argument of `command`, if it has one.
fn content_arg(command: &mut Command) -> Option<&mut ContentArg> {
    match command {
        Command::Check(a) => Some(&mut a.content),
        Command::Build(a) => Some(&mut a.content),
        Command::Serve(a) => Some(&mut a.content),
        Command::New(a) => match &mut a.what {
            new::NewWhat::Incident(i) => Some(&mut i.content),
        },
        Command::Explain(a) => Some(&mut a.content),
        Command::Schema(a) => Some(&mut a.content),
        Command::Import(a) => Some(&mut a.content),
        Command::Init(_) | Command::Completions(_) | Command::Verify(_) => None,
    }
}

/// Exit 2 with a message that says how to start, when the content directory
/// does not exist (`explain` works without one).
fn missing_content(command: &Command, content: &std::path::Path, global: &Global) -> bool {
    if matches!(command, Command::Explain(_)) || content.is_dir() {
        return false;
    }
    // `check --format json|sarif|...` still writes its failure document.
    if let Command::Check(a) = command {
        if a.format.is_machine() {
            return false;
        }
    }
    let lang = global.lang(None);
    let dir = content.display().to_string();
    eprintln!("{}", tr(lang, "cli.no_content", &[("dir", &dir)]));
    let hint = tr(lang, "cli.no_content_hint", &[("dir", &dir)]);
    eprintln!("{}", tr(lang, "output.hint", &[("text", &hint)]));
    true
}

pub fn run(mut cli: Cli) -> ExitCode {
    // `explain` only reads the site's language: nothing to announce.
    let announce = !matches!(cli.command, Command::Explain(_));
    if let Some(content) = content_arg(&mut cli.command) {
        content.resolve(&cli.global, announce);
        let dir = content.content.clone();
        if missing_content(&cli.command, &dir, &cli.global) {
            return ExitCode::from(2);
        }
    }
    let code = match cli.command {
        Command::Check(args) => check::run(&args, &cli.global),
        Command::Build(args) => build::run(&args, &cli.global),
        Command::Serve(args) => serve::run(&args, &cli.global),
        Command::New(args) => new::run(&args, &cli.global),
        Command::Import(args) => import::run(&args, &cli.global),
        Command::Init(args) => init::run(&args, &cli.global),
        Command::Explain(args) => explain::run(&args, &cli.global),
        Command::Schema(args) => schema::run(&args, &cli.global),
        Command::Completions(args) => completions::run(&args, &cli.global),
        Command::Verify(args) => verify::run(&args, &cli.global),
    };
    ExitCode::from(code)
}
