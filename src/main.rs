//! The `ismsbook` command: a thin layer over the library.

use clap::Parser;
use std::process::ExitCode;

// Many small allocations from several threads (records, pages, search
// terms): mimalloc spends about half what glibc's malloc does on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = ismsbook::cli::Cli::parse();
    ismsbook::cli::run(cli)
}
