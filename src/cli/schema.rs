//! `ismsbook schema`: the JSON Schema of incident records for this content
//! directory (levels, categories, roles, notification and control ids as enums).

use super::{ContentArg, Global};
use crate::authoring::{self, jsonschema};
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub content: ContentArg,
    /// Write the schema to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE", conflicts_with = "write")]
    pub out: Option<PathBuf>,
    /// Write it to <content>/.ismsbook/incident.schema.json, where the
    /// `# yaml-language-server: $schema=...` line of records made by `new` points.
    #[arg(long)]
    pub write: bool,
    /// Print the JSON Schema of an `import` mapping file instead (it needs no content directory).
    #[arg(long, conflicts_with = "write")]
    pub mapping: bool,
}

pub fn run(args: &SchemaArgs, global: &Global) -> u8 {
    if args.mapping {
        let text = crate::authoring::import::schema::mapping_schema_text();
        return match &args.out {
            Some(out) => match std::fs::write(out, text) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("error: {}: {e}", out.display());
                    2
                }
            },
            None => {
                print!("{text}");
                0
            }
        };
    }
    let root = &args.content.content;
    let loaded = match crate::load::load(root) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if loaded.diagnostics.has_errors() && !global.quiet {
        eprintln!("warning: the content has errors (run ismsbook check); the schema uses what could be read");
    }
    let result = if args.write {
        authoring::write_schema(root, &loaded.content).map(Some)
    } else if let Some(out) = &args.out {
        std::fs::write(out, jsonschema::incident_schema_text(&loaded.content))
            .map(|_| Some(out.clone()))
    } else {
        print!("{}", jsonschema::incident_schema_text(&loaded.content));
        Ok(None)
    };
    match result {
        Ok(Some(path)) => {
            if global.verbose {
                eprintln!("wrote {}", path.display());
            }
            0
        }
        Ok(None) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
