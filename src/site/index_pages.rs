//! The further pages of the evidence index (`evidence/sources/N.html`,
//! `evidence/outputs/N.html`: the lists of every source and output file
//! with its hash, 500 rows a page) that a render of `serve` may leave as
//! the last one wrote them. Such a page shows its rows of the list, the
//! list's length and its own place in it, and nothing else that a record
//! edit changes; an edit changes a few files' hashes, so most of the
//! pages are the same. The index page itself (the manifest's hash, the
//! evidence) is always made again.

use super::guard::Lookup;
use crate::evidence::manifest::Manifest;
use crate::render::pages::evidence::list_page;
use crate::render::pages::paging::{page_count, page_range};
use crate::write::Recorder;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// What the last render wrote of the further pages: each page's digest by
/// path, and the guard's lookup it was searched with.
#[derive(Debug, Default)]
pub(super) struct KeptIndexPages {
    digests: HashMap<String, [u8; 32]>,
    searched_by: Option<Arc<Lookup>>,
}

/// Every further page's path, in the order they are rendered, with the
/// digest of what it shows.
fn digests(manifest: &Manifest) -> Vec<(String, [u8; 32])> {
    use rayon::prelude::*;
    let pages: Vec<(&str, &[crate::evidence::manifest::FileHash], usize)> =
        [("sources", &manifest.sources), ("outputs", &manifest.files)]
            .into_iter()
            .flat_map(|(list, files)| {
                (1..page_count(files.len())).map(move |k| (list, &files[..], k))
            })
            .collect();
    // Each page hashed on its own (every file of the site in all), in
    // parallel, listed in order.
    pages
        .into_par_iter()
        .map(|(list, files, k)| {
            let mut h = Sha256::new();
            h.update(list.as_bytes());
            h.update((k as u64).to_le_bytes());
            h.update((files.len() as u64).to_le_bytes());
            for f in &files[page_range(files.len(), k)] {
                h.update((f.path.len() as u64).to_le_bytes());
                h.update(f.path.as_bytes());
                h.update(f.size.to_le_bytes());
                h.update(f.sha256.as_bytes());
            }
            (list_page(list, k), h.finalize().into())
        })
        .collect()
}

/// The further pages this render may leave as written (`kept` says what
/// the last one wrote, for the same guard lookup `lookup`): recorded from
/// what `recorder`'s destination holds. `kept` becomes this render's.
pub(super) fn unchanged(
    manifest: &Manifest,
    recorder: &Recorder,
    kept: &mut Option<KeptIndexPages>,
    lookup: Option<Arc<Lookup>>,
) -> HashSet<String> {
    let now = digests(manifest);
    let same_guard = |k: &KeptIndexPages| match (&k.searched_by, &lookup) {
        (None, None) => true,
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        _ => false,
    };
    let same: HashSet<String> = match kept.take().filter(same_guard) {
        Some(old) => now
            .iter()
            .filter(|(p, d)| old.digests.get(p) == Some(d))
            .map(|(p, _)| p.clone())
            .collect(),
        None => HashSet::new(),
    };
    recorder.keep_held(|p| same.contains(p));
    // Only a page the destination held is left as it is.
    let same = same
        .into_iter()
        .filter(|p| recorder.entry(p).is_some())
        .collect();
    *kept = Some(KeptIndexPages {
        digests: now.into_iter().collect(),
        searched_by: lookup,
    });
    same
}
