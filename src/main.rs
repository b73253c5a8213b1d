//! The `ismsbook` command: a thin layer over the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = ismsbook::cli::Cli::parse();
    ismsbook::cli::run(cli)
}
