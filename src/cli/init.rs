//! `ismsbook init DIR`: a new content directory that checks clean and builds.

use super::{parse_date, resolve_today, Global};
use crate::authoring::init;
use crate::model::Language;
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The directory to create (must not exist, or be empty).
    pub dir: PathBuf,
    /// Date of the first drill and the example record (default: today, or SOURCE_DATE_EPOCH).
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    pub today: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

impl From<LangArg> for Language {
    fn from(l: LangArg) -> Language {
        match l {
            LangArg::Ja => Language::Ja,
            LangArg::En => Language::En,
        }
    }
}

pub fn run(args: &InitArgs, global: &Global) -> u8 {
    // `--lang` sets the language of the starter content and of the site
    // (Japanese unless asked).
    let lang: Language = global.lang.map(Language::from).unwrap_or(Language::Ja);
    // The starter content's timezone is +09:00; "today" is taken there too.
    let tz = chrono::FixedOffset::east_opt(9 * 3600)
        .unwrap_or(chrono::FixedOffset::east_opt(0).expect("UTC offset"));
    let today = resolve_today(args.today, tz);
    match init::init(&args.dir, lang, today) {
        Ok(files) => {
            if !global.quiet {
                eprint!(
                    "{}",
                    init::next_steps(lang, &args.dir.to_string_lossy(), files.len())
                );
            }
            0
        }
        Err(e) => {
            eprintln!("error: {}", e.message(lang));
            2
        }
    }
}
