//! Which pages built from the whole register an incremental render
//! (`serve`) need not render again: a page whose kind says what it is made
//! from ([`crate::render::pages::PageInputs`]) is skipped when the digest
//! of those inputs is the last render's. A record stands in the digest by
//! its stamp, a number that changes whenever the record may have changed
//! (its file changed, it was added, or its page is rendered again for any
//! reason), so a digest is cheap to make and never equal for pages that
//! differ.

use super::jobs::Job;
use crate::present::Env;
use crate::render::pages::PAGES;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A page's digest and the path it was written to.
pub(super) type Kept = HashMap<(usize, usize), ([u8; 32], String)>;

/// Every record's stamp, by its index in [`Env::incidents`]: the last
/// render's for a record not rendered again (`dirty`), found at its place
/// there (`places`, see [`super::memory::Order`]), else a new one. `next`
/// is the first number never given out.
pub(super) fn stamps(
    env: &Env,
    dirty: Option<&[bool]>,
    (kept, places): (&[u64], &[Option<usize>]),
    next: &mut u64,
) -> Vec<u64> {
    (0..env.incidents.len())
        .map(|k| {
            let clean = dirty.is_some_and(|d| !d[k]);
            match places.get(k).copied().flatten().and_then(|p| kept.get(p)) {
                Some(s) if clean => *s,
                _ => {
                    *next += 1;
                    *next
                }
            }
        })
        .collect()
}

/// A record's facts: the digest of its summary but its title, with its
/// presence (what a page with [`crate::render::pages::PageInputs::facts`]
/// reads of every record).
pub(super) type Facts = [u8; 16];

/// The facts kept for the next render, in register order, with the
/// stamp they were made for.
pub(super) type KeptFacts = Vec<(u64, Facts)>;

/// Every record's facts, by its index in [`Env::incidents`], given their
/// stamps (none without: a render that keeps nothing): the kept ones of
/// the records whose stamp is the same, the others made (from the
/// summary's `Debug` form, which names every field).
pub(super) fn facts(
    env: &Env,
    stamps: Option<&[u64]>,
    (kept, places): (KeptFacts, &[Option<usize>]),
) -> Vec<Facts> {
    let Some(stamps) = stamps else {
        return Vec::new();
    };
    env.incidents
        .par_iter()
        .zip(stamps)
        .enumerate()
        .map(|(k, ((inc, presence), stamp))| {
            match places.get(k).copied().flatten().and_then(|p| kept.get(p)) {
                Some((s, f)) if s == stamp => *f,
                _ => {
                    let without_title = crate::model::summary::Summary {
                        title: Box::from(""),
                        ..(*inc).clone()
                    };
                    crate::digest::sha256_16(format!("{presence:?} {without_title:?}").as_bytes())
                }
            }
        })
        .collect()
}

/// The facts to keep, in register order.
pub(super) fn keep_facts(stamps: Option<&[u64]>, facts: &[Facts]) -> KeptFacts {
    let Some(stamps) = stamps else {
        return KeptFacts::new();
    };
    stamps.iter().copied().zip(facts.iter().copied()).collect()
}

/// The digest of each job's inputs (`None`: the job is always run), given
/// every record's stamp and facts.
pub(super) fn digests(
    env: &Env,
    jobs: &[Job],
    stamps: &[u64],
    facts: &[Facts],
) -> Vec<Option<[u8; 32]>> {
    // Every record's facts in register order, hashed once for all pages.
    let register = std::sync::OnceLock::new();
    let register = || -> [u8; 32] {
        *register.get_or_init(|| {
            let mut h = Sha256::new();
            h.update((facts.len() as u64).to_le_bytes());
            for f in facts {
                h.update(f);
            }
            h.finalize().into()
        })
    };
    jobs.par_iter()
        .map(|job| {
            let Job::Page { kind, n } = *job else {
                return None;
            };
            let inputs = (PAGES[kind].inputs?)(env, n)?;
            let mut h = Sha256::new();
            h.update((inputs.frame.len() as u64).to_le_bytes());
            h.update(&inputs.frame);
            for k in inputs.records {
                h.update(stamps.get(k)?.to_le_bytes());
            }
            if inputs.facts {
                h.update(b"facts");
                h.update(register());
            }
            Some(h.finalize().into())
        })
        .collect()
}

/// The path a job with these inputs was written to last time, if its
/// digest is the same.
pub(super) fn unchanged(kept: &Kept, job: Job, digest: Option<[u8; 32]>) -> Option<&str> {
    let Job::Page { kind, n } = job else {
        return None;
    };
    let (was, path) = kept.get(&(kind, n))?;
    (Some(*was) == digest).then_some(path.as_str())
}
