//! `ismsbook explain CODE` and `ismsbook explain --list`.

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
    #[command(flatten)]
    pub content: ContentArg,
}

/// `--lang`, else the language of the content directory's site.yaml when one
/// is there, else the environment's, else Japanese. Reads only site.yaml:
/// explaining a code must work even when the rest of the content is broken.
fn language(args: &ExplainArgs, global: &Global) -> Language {
    global.lang_of(&args.content.content).into()
}

pub fn run(args: &ExplainArgs, global: &Global) -> u8 {
    let lang = language(args, global);
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
            let msg = crate::diagnostics::catalogue::fmt(
                lang.into(),
                "explain.no_code",
                &[("code", wanted)],
            );
            eprintln!("error: {msg}");
            eprint!("{}", explain::list_text(lang));
            2
        }
    }
}
