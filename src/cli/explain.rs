//! `ismsbook explain CODE` and `ismsbook explain --list`.

use super::init::LangArg;
use super::{ContentArg, Global};
use crate::authoring::explain;
use crate::model::Language;
use clap::Args;

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// A diagnostic code such as E301 (case does not matter).
    #[arg(required_unless_present_any = ["list", "markdown"])]
    pub code: Option<String>,
    /// List every code with a one-line summary.
    #[arg(long, conflicts_with = "markdown")]
    pub list: bool,
    /// Print the reference page docs/diagnostics.md (all codes, both languages).
    #[arg(long, hide = true)]
    pub markdown: bool,
    /// Language (default: the site language of --content, else Japanese).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub content: ContentArg,
}

/// `--lang`, else the language of the content directory's site.yaml when one
/// is there, else Japanese. Reads only site.yaml: explaining a code must work
/// even when the rest of the content is broken.
fn language(args: &ExplainArgs) -> Language {
    if let Some(l) = args.lang {
        return l.into();
    }
    std::fs::read_to_string(args.content.content.join("site.yaml"))
        .ok()
        .and_then(|t| crate::yaml::parse(&t).ok())
        .and_then(|n| {
            n.get("language")
                .and_then(|l| l.as_str().and_then(Language::parse))
        })
        .unwrap_or(Language::Ja)
}

pub fn run(args: &ExplainArgs, _global: &Global) -> u8 {
    let lang = language(args);
    if args.markdown {
        print!("{}", explain::reference_markdown());
        return 0;
    }
    if args.list {
        print!("{}", explain::list_text(lang));
        return 0;
    }
    let wanted = args.code.as_deref().unwrap_or("");
    match explain::explain(wanted, lang) {
        Some(e) => {
            print!("{}", explain::render_text(&e, lang));
            0
        }
        None => {
            let msg = match lang {
                Language::Ja => format!("`{wanted}` という診断コードはありません。コードの一覧:"),
                Language::En => format!("there is no diagnostic code `{wanted}`. The codes are:"),
            };
            eprintln!("error: {msg}");
            eprint!("{}", explain::list_text(lang));
            2
        }
    }
}
