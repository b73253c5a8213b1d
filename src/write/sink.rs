//! Where a build's files go: paths and bytes, nothing else.

/// Where a build's files go (the build's staging directory, or memory in
/// tests). Called from several threads at once.
pub trait Sink: Sync {
    /// Store `bytes` at `path` (relative to the site root, `/`-separated).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String>;

    /// Store at `path` what `fill` writes, as it writes it (large exports
    /// stream to disk this way instead of being built whole in memory).
    /// By default the bytes are gathered and passed to [`Sink::put`]; a
    /// sink writing files overrides it to write straight to the file.
    fn put_with(&self, path: &str, fill: Fill) -> Result<(), String> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| format!("cannot make `{path}`: {e}"))?;
        self.put(path, &bytes)
    }

    /// [`Sink::put`] of a file the build made as text (a page): the same
    /// bytes; a sink that reads what passes (the name guard) need not check
    /// them as UTF-8 again.
    fn put_text(&self, path: &str, text: &str) -> Result<(), String> {
        self.put(path, text.as_bytes())
    }

    /// [`Sink::put`] of a file whose reader sees other bytes than those
    /// stored: a packed search shard, unpacked in the browser, whose
    /// unpacked bytes are `readable`. Stores `bytes`; only a sink that
    /// reads what passes (the name guard) looks at `readable`.
    fn put_packed(&self, path: &str, bytes: &[u8], readable: &[u8]) -> Result<(), String> {
        let _ = readable;
        self.put(path, bytes)
    }

    /// Replace part of the file at `path`, which this sink wrote before,
    /// as [`Splice`] says, leaving its other bytes as they are. `Ok(false)`
    /// when this sink cannot (the default), or the file is not the size
    /// the caller knew: the caller then writes the whole file.
    fn splice(&self, path: &str, splice: &Splice) -> Result<bool, String> {
        let _ = (path, splice);
        Ok(false)
    }
}

/// A change to a file a sink holds: the `removed` bytes at offset `at`
/// give way to the pieces of `with`, in order. `before` and `after` are
/// the file's bytes just around the change (a few hundred at most), for a
/// sink that searches what it is given to read the new bytes in context.
pub struct Splice<'a> {
    /// The file's size before the change.
    pub old_size: u64,
    pub at: u64,
    pub removed: u64,
    pub with: &'a [&'a [u8]],
    pub before: &'a [u8],
    pub after: &'a [u8],
    /// The file as it stands and as it stood the version before, for a
    /// sink that keeps the replaced file aside to make the next one in
    /// place (`serve`'s live folder); `None` when the caller knows neither.
    pub spare: Option<Spare<'a>>,
}

/// What a sink needs to make the new file from a copy of an earlier one
/// (see [`Splice::spare`]): the replaced file's hash, under which it may
/// keep it aside, and (`older`) how the new file differs from the version
/// before that one.
pub struct Spare<'a> {
    pub old: crate::digest::Sha256Digest,
    pub older: Option<Older<'a>>,
}

/// The version before the replaced file, by its hash and size, and the new
/// file as a change to it: its bytes from `at` to `at + removed` give way
/// to `with` (when the length changed, `removed` runs to its end and
/// `with` holds the new file's every byte from `at`).
pub struct Older<'a> {
    pub digest: crate::digest::Sha256Digest,
    pub size: u64,
    pub at: u64,
    pub removed: u64,
    pub with: Vec<&'a [u8]>,
}

/// What writes a streamed file's bytes (see [`Sink::put_with`]).
pub type Fill<'f> = &'f mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>;

/// A sink that keeps files in memory (tests, previews).
#[derive(Default)]
pub struct MemorySink {
    pub files: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| "sink lock poisoned".to_string())?;
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }

    fn splice(&self, path: &str, splice: &Splice) -> Result<bool, String> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| "sink lock poisoned".to_string())?;
        let Some(file) = files.get_mut(path) else {
            return Ok(false);
        };
        let (at, end) = (splice.at as usize, (splice.at + splice.removed) as usize);
        if file.len() as u64 != splice.old_size || end > file.len() {
            return Ok(false);
        }
        let with: Vec<u8> = splice.with.concat();
        file.splice(at..end, with);
        Ok(true)
    }
}

impl MemorySink {
    pub fn into_files(self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_default()
    }
}
