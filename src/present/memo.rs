//! What several pages of one build need and should work out only once: a
//! register listing is paged into hundreds of files at scale, and each page
//! working the listing out again from the whole register would make the
//! build quadratic in the number of records.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Values made once per render, by name, shared across the worker threads.
#[derive(Default)]
pub struct Memo {
    made: Mutex<HashMap<&'static str, Arc<dyn Any + Send + Sync>>>,
}

impl Memo {
    /// The value named `key`, made by `make` the first time it is asked for.
    /// Two threads asking at once may both make it; the first one stored is
    /// kept, so every page sees the same value. A key must always name
    /// values of one type (a value of another type is made afresh).
    pub fn get<T: Any + Send + Sync>(&self, key: &'static str, make: impl FnOnce() -> T) -> Arc<T> {
        if let Some(v) = self.lookup::<T>(key) {
            return v;
        }
        let made: Arc<T> = Arc::new(make());
        let Ok(mut all) = self.made.lock() else {
            return made;
        };
        let stored = all.entry(key).or_insert_with(|| made.clone()).clone();
        stored.downcast::<T>().unwrap_or(made)
    }

    fn lookup<T: Any + Send + Sync>(&self, key: &str) -> Option<Arc<T>> {
        let all = self.made.lock().ok()?;
        all.get(key)?.clone().downcast::<T>().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_value_is_made_once_and_shared() {
        let memo = Memo::default();
        let calls = AtomicUsize::new(0);
        let make = || {
            calls.fetch_add(1, Ordering::SeqCst);
            vec![1, 2, 3]
        };
        let a = memo.get("list", make);
        let b = memo.get("list", || {
            calls.fetch_add(1, Ordering::SeqCst);
            vec![9]
        });
        assert_eq!(*a, vec![1, 2, 3]);
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // Another name is another value.
        assert_eq!(*memo.get("other", || 7u8), 7);
    }
}
