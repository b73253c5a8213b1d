//! Pieces of HTML kept between the renders of `serve`, by the stamp of the
//! record they show (`crate::site`'s stamps: a number that changes
//! whenever the record may have changed): a page that lists records, such
//! as a listing of the register, is its frame with every row's kept HTML
//! spliced in, so that a rebuild makes the changed records' rows only,
//! not every row of every page that shows one of them.
//!
//! A fragment must depend only on its record, on what its `variant` names
//! (say, the short or the full row, and the folder of the page it links
//! from) and on what an incremental rebuild never changes (the content
//! other than the records, the theme, the build's date).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// Fragments by stamp and variant.
pub type Kept = HashMap<(u64, String), Arc<str>>;

/// The fragments a render may reuse and those it makes.
pub struct Fragments {
    /// Every record's stamp, by its index in [`super::Env::incidents`].
    stamps: Vec<u64>,
    kept: Mutex<Kept>,
}

impl Fragments {
    /// Given every record's stamp and the fragments the last render kept.
    pub fn new(stamps: Vec<u64>, kept: Kept) -> Fragments {
        Fragments {
            stamps,
            kept: Mutex::new(kept),
        }
    }

    /// Record `k`'s fragment of `variant`: the kept one if its stamp is
    /// the same, else made by `make` and kept.
    pub fn get_or_make<E>(
        &self,
        k: usize,
        variant: &str,
        make: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<str>, E> {
        let key = self.stamps.get(k).map(|s| (*s, variant.to_string()));
        if let Some(key) = &key {
            if let Some(html) = self.kept.lock().ok().and_then(|m| m.get(key).cloned()) {
                return Ok(html);
            }
        }
        let html: Arc<str> = Arc::from(make()?);
        if let (Some(key), Ok(mut m)) = (key, self.kept.lock()) {
            m.insert(key, html.clone());
        }
        Ok(html)
    }

    /// The fragments to keep for the next render: those of the records'
    /// present stamps.
    pub fn into_kept(self) -> Kept {
        let current: HashSet<u64> = self.stamps.into_iter().collect();
        let mut kept = self.kept.into_inner().unwrap_or_default();
        kept.retain(|(stamp, _), _| current.contains(stamp));
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fragment is made once per stamp and variant, and a record's
    /// fragments of an old stamp are not kept.
    #[test]
    fn fragments_are_made_once_per_stamp_and_variant() {
        let made = std::cell::Cell::new(0);
        let make = |s: &str| {
            made.set(made.get() + 1);
            Ok::<_, ()>(s.to_string())
        };
        let f = Fragments::new(vec![1, 2], Kept::new());
        assert_eq!(&*f.get_or_make(0, "a", || make("x")).unwrap(), "x");
        assert_eq!(&*f.get_or_make(0, "a", || make("y")).unwrap(), "x");
        assert_eq!(&*f.get_or_make(0, "b", || make("z")).unwrap(), "z");
        f.get_or_make(1, "a", || make("w")).unwrap();
        assert_eq!(made.get(), 3);
        // Record 0 changed: its stamp is new, record 1's is kept.
        let f = Fragments::new(vec![3, 2], f.into_kept());
        assert_eq!(&*f.get_or_make(0, "a", || make("v")).unwrap(), "v");
        assert_eq!(&*f.get_or_make(1, "a", || make("u")).unwrap(), "w");
        assert_eq!(made.get(), 4);
        assert_eq!(f.into_kept().len(), 2);
    }
}
