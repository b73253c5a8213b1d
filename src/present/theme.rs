//! The theme: Tera templates, static files (CSS, JS) and locale files.
//!
//! The default theme (`themes/default/`) is embedded in the binary so that the
//! binary works alone. `--theme DIR` overlays a directory on it: a file in DIR
//! replaces the embedded file with the same relative path, new files are
//! added, and everything else stays as embedded.

use super::i18n::I18n;
use crate::model::Language;
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::Path;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Largest theme file accepted from an override directory; a theme is text,
/// CSS and small scripts.
const MAX_THEME_FILE: u64 = 8 * 1024 * 1024;

/// A theme's files by relative path (`templates/base.html`, `static/style.css`).
#[derive(Clone, Debug)]
pub struct Theme {
    files: BTreeMap<String, Vec<u8>>,
    /// The templates compiled, once (a theme is loaded once per build or
    /// `serve` session).
    compiled: std::sync::OnceLock<Result<tera::Tera, super::RenderError>>,
}

impl Theme {
    /// The embedded default theme.
    pub fn builtin() -> Theme {
        let mut files = BTreeMap::new();
        collect_embedded(&DEFAULT_THEME, &mut files);
        Theme {
            files,
            compiled: Default::default(),
        }
    }

    /// The templates, compiled on first use.
    pub fn compiled(&self) -> Result<&tera::Tera, super::RenderError> {
        self.compiled
            .get_or_init(|| super::compile_templates(self))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The default theme with `dir` (if any) laid over it.
    pub fn load(dir: Option<&Path>) -> Result<Theme, String> {
        let mut theme = Theme::builtin();
        if let Some(dir) = dir {
            theme.overlay(dir)?;
        }
        Ok(theme)
    }

    fn overlay(&mut self, dir: &Path) -> Result<(), String> {
        if !dir.is_dir() {
            return Err(format!(
                "theme directory `{}` does not exist",
                dir.display()
            ));
        }
        // Symlinks are not followed: a theme is a plain directory, and this
        // keeps a loop or a link to elsewhere from being read.
        for entry in walkdir::WalkDir::new(dir)
            .follow_links(false)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|e| format!("reading theme `{}`: {e}", dir.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(dir).map_err(|e| e.to_string())?;
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if rel.iter().any(|c| c.starts_with('.')) {
                continue;
            }
            let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
            if size > MAX_THEME_FILE {
                return Err(format!(
                    "theme file `{}` is larger than {} bytes",
                    entry.path().display(),
                    MAX_THEME_FILE
                ));
            }
            let bytes = std::fs::read(entry.path())
                .map_err(|e| format!("reading `{}`: {e}", entry.path().display()))?;
            self.files.insert(rel.join("/"), bytes);
        }
        Ok(())
    }

    /// Templates (`templates/*.html`) by template name (`base.html`).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().filter_map(|(path, bytes)| {
            let name = path.strip_prefix("templates/")?;
            let text = std::str::from_utf8(bytes).ok()?;
            Some((name, text))
        })
    }

    /// Notification draft templates (`drafts/<lang>/<name>.md`) of one
    /// language, by name.
    pub fn drafts(&self, lang: Language) -> BTreeMap<String, String> {
        let prefix = format!("drafts/{}/", lang.code());
        self.files
            .iter()
            .filter_map(|(path, bytes)| {
                let name = path.strip_prefix(&prefix)?.strip_suffix(".md")?;
                let text = std::str::from_utf8(bytes).ok()?;
                Some((name.to_string(), text.to_string()))
            })
            .collect()
    }

    /// Static files, by their path in the output (`static/style.css`).
    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter(|(path, _)| path.starts_with("static/"))
            .map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
    }

    /// The locale strings for `lang`.
    pub fn locale(&self, lang: Language) -> Result<I18n, String> {
        let path = format!("locales/{}.yaml", lang.code());
        let bytes = self
            .files
            .get(&path)
            .ok_or_else(|| format!("the theme has no `{path}`"))?;
        let text = std::str::from_utf8(bytes).map_err(|_| format!("`{path}` is not UTF-8"))?;
        I18n::from_yaml(text, lang).map_err(|e| format!("`{path}`: {e}"))
    }

    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Whether the record page's template (`incident.html`) or one it
    /// extends, imports or includes differs from the built-in one. If not,
    /// record pages are written by compiled code that gives the same bytes
    /// (`render::pages::incident`); if so, Tera renders the theme's template.
    pub fn overrides_record_page(&self) -> bool {
        self.overrides(RECORD_TEMPLATE)
    }

    /// Whether the register's pages may be their frame with the rows'
    /// HTML, each rendered alone from [`REGISTER_ROW_TEMPLATE`], spliced in
    /// (`render::pages::register`): the theme leaves both that template
    /// and the page's (`register.html`) as built in. The row's template
    /// may use what it imports (a macro sees only its arguments), so a
    /// theme's `macros.html` does not matter.
    pub fn splices_register_rows(&self) -> bool {
        ["register.html", REGISTER_ROW_TEMPLATE].iter().all(|name| {
            let path = format!("templates/{name}");
            self.files.get(&path).map(Vec::as_slice)
                == DEFAULT_THEME.get_file(&path).map(|f| f.contents())
        })
    }

    /// Whether the register's rows may be written by compiled code
    /// (`render::pages::register_rows`, the same bytes as the built-in
    /// row): [`Theme::splices_register_rows`], and the badges' macros
    /// (`macros.html`) are built in too.
    pub fn compiles_register_rows(&self) -> bool {
        self.splices_register_rows() && !self.overrides("macros.html")
    }

    /// Whether `template` or one it extends, imports or includes differs
    /// from the built-in one.
    fn overrides(&self, template: &str) -> bool {
        let mut todo = vec![template.to_string()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(name) = todo.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let path = format!("templates/{name}");
            let ours = self.files.get(&path).map(Vec::as_slice);
            if ours != DEFAULT_THEME.get_file(&path).map(|f| f.contents()) {
                return true;
            }
            if let Some(src) = ours.and_then(|b| std::str::from_utf8(b).ok()) {
                todo.extend(super::locales::template_dependencies(src));
            }
        }
        false
    }
}

/// The template of a record page.
pub const RECORD_TEMPLATE: &str = "incident.html";

/// The template of one row of the register's tables (`register.html`
/// includes it for each row).
pub const REGISTER_ROW_TEMPLATE: &str = "register_row.html";

fn collect_embedded(dir: &Dir<'static>, out: &mut BTreeMap<String, Vec<u8>>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        out.insert(path, file.contents().to_vec());
    }
    for sub in dir.dirs() {
        collect_embedded(sub, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_has_templates_styles_and_locales() {
        let t = Theme::builtin();
        assert!(t.templates().any(|(n, _)| n == "base.html"));
        assert!(t.statics().any(|(p, _)| p == "static/style.css"));
        assert!(t.locale(Language::Ja).is_ok());
        assert!(t.locale(Language::En).is_ok());
    }

    #[test]
    fn override_replaces_by_name_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        std::fs::write(dir.path().join("static/style.css"), "body{}").unwrap();
        std::fs::write(dir.path().join("static/extra.css"), "x{}").unwrap();
        let t = Theme::load(Some(dir.path())).unwrap();
        assert_eq!(t.file("static/style.css"), Some(&b"body{}"[..]));
        assert!(t.file("static/extra.css").is_some());
        assert!(t.templates().any(|(n, _)| n == "base.html"));
        assert!(Theme::load(Some(&dir.path().join("nope"))).is_err());
        // Only a template of the record page makes it fall back to Tera.
        assert!(!t.overrides_record_page());
        assert!(!Theme::builtin().overrides_record_page());
        for name in [
            "incident.html",
            "base.html",
            "record_evidence.html",
            "deviation_macros.html",
        ] {
            let d = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(d.path().join("templates")).unwrap();
            let builtin = Theme::builtin();
            let mut text =
                String::from_utf8(builtin.file(&format!("templates/{name}")).unwrap().to_vec())
                    .unwrap();
            text.push_str("{# changed #}");
            std::fs::write(d.path().join("templates").join(name), text).unwrap();
            assert!(
                Theme::load(Some(d.path())).unwrap().overrides_record_page(),
                "{name}"
            );
        }
    }
}
