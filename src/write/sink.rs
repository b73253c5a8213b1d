//! Where a build's files go: paths and bytes, nothing else.

/// Where a build's files go (the build's staging directory, or memory in
/// tests). Called from several threads at once.
pub trait Sink: Sync {
    /// Store `bytes` at `path` (relative to the site root, `/`-separated).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), String>;
}

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
