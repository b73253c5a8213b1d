//! The `ismsbook` command: a thin layer over the library.

use clap::Parser;
use std::process::ExitCode;

// Many small allocations from several threads (records, pages, search
// terms): mimalloc spends about half what glibc's malloc does on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

extern "C" {
    /// mimalloc's own: the calling thread's freed pages go back to the
    /// system (`force`: now, not after its delay).
    fn mi_collect(force: bool);
}

/// What a build calls between its phases (`ismsbook::site::trim`).
fn give_back() {
    // SAFETY: mimalloc is this program's allocator (above) and
    // `mi_collect` may be called from any thread at any time.
    unsafe { mi_collect(true) }
}

fn main() -> ExitCode {
    ismsbook::site::trim::set_hook(give_back);
    let cli = ismsbook::cli::Cli::parse();
    ismsbook::cli::run(cli)
}
