//! `ismsbook sign DIR --key KEY`: sign a built site's `evidence/SHA256SUMS`
//! with an SSH private key (`ssh-keygen -Y sign`), writing
//! `evidence/SHA256SUMS.sig`. Exit 0 when signed, 2 when it cannot be.

use super::Global;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug, Clone)]
pub struct SignArgs {
    /// The built site (the directory `build --out` wrote).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The SSH private key to sign with (e.g. ~/.ssh/id_ed25519; a key held
    /// by ssh-agent works with its public key file).
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
}

pub fn run(args: &SignArgs, global: &Global) -> u8 {
    match crate::evidence::sign::sign(&args.dir, &args.key) {
        Ok(path) => {
            if !global.quiet {
                eprintln!("signed: {}", path.display());
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
