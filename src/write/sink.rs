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
}

impl MemorySink {
    pub fn into_files(self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_default()
    }
}
