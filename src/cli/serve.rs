//! `ismsbook serve`: preview with rebuild on change and live reload.

use super::build::BuildArgs;
use super::Global;
use clap::Args;

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, short, default_value_t = 3000)]
    pub port: u16,
}

pub fn run(args: &ServeArgs, global: &Global) -> u8 {
    let mut build = args.build.clone();
    // Preview into a private directory unless the user named one: `serve` must
    // not replace the `public/` a real build wrote.
    let temp;
    if build.out.as_os_str() == "public" {
        temp = match tempfile::Builder::new().prefix("ismsbook-serve-").tempdir() {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot create a preview directory: {e}");
                return 2;
            }
        };
        build.out = temp.path().join("site");
    }
    let opts = crate::serve::ServeOptions {
        build: build.options(),
        port: args.port,
        quiet: global.quiet,
    };
    crate::serve::serve(opts)
}
