//! `ismsbook new incident`: write the next incident record from the skeleton.
//! The one command that writes into the content directory: that is its job.

use super::{ContentArg, Global};
use crate::authoring::{self, new};
use chrono::{DateTime, FixedOffset};
use clap::{Args, Subcommand};

#[derive(Args, Debug)]
pub struct NewArgs {
    #[command(subcommand)]
    pub what: NewWhat,
}

#[derive(Subcommand, Debug)]
pub enum NewWhat {
    /// Create incidents/<year>/<next id>.yaml, prefilled so that it checks clean.
    Incident(NewIncidentArgs),
}

#[derive(Args, Debug)]
pub struct NewIncidentArgs {
    #[command(flatten)]
    pub content: ContentArg,
    /// Severity level (default: the lowest level in policy.yaml).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub level: Option<i64>,
    /// Category id from policy.yaml (default: the first category).
    #[arg(long, value_name = "ID")]
    pub category: Option<String>,
    /// Title of the record.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Who reported it.
    #[arg(long, value_name = "NAME")]
    pub reporter: Option<String>,
    /// Detection time, RFC 3339 (default: now). For tests and for recording later.
    #[arg(long, value_parser = parse_now, value_name = "RFC3339")]
    pub now: Option<DateTime<FixedOffset>>,
}

fn parse_now(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map_err(|_| format!("`{s}` is not an RFC 3339 time such as 2026-04-03T09:15:00+09:00"))
}

pub fn run(args: &NewArgs, global: &Global) -> u8 {
    match &args.what {
        NewWhat::Incident(a) => incident(a, global),
    }
}

fn incident(args: &NewIncidentArgs, global: &Global) -> u8 {
    let root = &args.content.content;
    let loaded = match crate::load::load(root) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let content = &loaded.content;
    let lang = content.site.language;
    let req = new::Request {
        level: args.level,
        category: args.category.clone(),
        title: args.title.clone(),
        reporter: args.reporter.clone(),
        now: args
            .now
            .unwrap_or_else(|| chrono::Utc::now().fixed_offset()),
    };
    let created = match new::create_incident(root, content, &req) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {}", e.message(lang));
            return 2;
        }
    };
    // Keep the schema the modeline points at in step with the policy.
    if let Err(e) = authoring::write_schema(root, content) {
        eprintln!(
            "warning: {}: {e}",
            root.join(authoring::SCHEMA_REL_PATH).display()
        );
    }
    let shown = created.path.to_string_lossy().replace('\\', "/");
    // The path alone on stdout, so that `$EDITOR "$(ismsbook new incident)"` works.
    println!("{shown}");
    if !global.quiet {
        eprint!("{}", new::next_steps(content, &created, &shown));
        if loaded.diagnostics.has_errors() {
            eprintln!(
                "{}",
                crate::authoring::tr(lang, "注意: このコンテンツには既にエラーがあります。ismsbook check で確認してください", "note: the content already has errors; run ismsbook check")
            );
        }
    }
    0
}
