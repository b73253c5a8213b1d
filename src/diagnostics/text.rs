//! Messages by key: what a diagnostic says, in any language of the
//! catalogue ([`super::catalogue`]). A call site names a key and its
//! arguments with [`msg!`](crate::msg); the English text becomes the
//! diagnostic's stable `message`, and a report renders the same key again in
//! the reader's language.

use super::catalogue;
use std::fmt;

/// A language diagnostics can be shown in. (`model::Language` converts
/// into it; this layer sits below the model.)
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// `ja`, `ja_JP.UTF-8`, `en-GB` …: the language a locale name or an
    /// environment variable such as `LANG` names, if it is one of ours.
    pub fn from_locale(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("ja") {
            Some(Lang::Ja)
        } else if s.starts_with("en") || s == "c" || s.starts_with("c.") || s == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language the environment asks for (`LC_ALL`, `LC_MESSAGES`,
    /// `LANG`, the first one set), if any.
    pub fn from_env() -> Option<Lang> {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.trim().is_empty())
            .and_then(|v| Lang::from_locale(&v))
    }
}

/// An argument of a message: plain text (an id, a number, a value from the
/// file) or another message, rendered in the same language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Msg(Msg),
    /// A text the content gives in both languages (a field's label, a
    /// role's name): (Japanese, English).
    Both(String, String),
}

/// A text in both languages as an argument: `label = Both(ja, en)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Both(pub String, pub String);

impl IntoArg for Both {
    fn into_arg(self) -> Arg {
        Arg::Both(self.0, self.1)
    }
}

/// A message of the catalogue with its arguments (`{name}` placeholders).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl IntoArg) -> Msg {
        self.args.push((name, value.into_arg()));
        self
    }

    /// The text in `lang`: the catalogue's entry for it, else the English
    /// one, else the key (a gap shows, nothing crashes).
    pub fn render(&self, lang: Lang) -> String {
        let template = catalogue::get(lang, self.key)
            .or_else(|| catalogue::get(Lang::En, self.key))
            .unwrap_or(self.key);
        fill(template, |name| {
            self.args
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, a)| match a {
                    Arg::Text(t) => t.clone(),
                    Arg::Msg(m) => m.render(lang),
                    Arg::Both(ja, en) => match lang {
                        Lang::Ja => ja.clone(),
                        Lang::En => en.clone(),
                    },
                })
        })
    }
}

/// Replace every `{name}` in `template` that `value` knows; other braces
/// stay as they are.
pub fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if name_len > 0 && after[name_len..].starts_with('}') {
            if let Some(v) = value(&after[..name_len]) {
                out.push_str(&v);
                rest = &after[name_len + 1..];
                continue;
            }
        }
        out.push('{');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The `{name}` placeholders of a template, in order.
pub fn placeholders(template: &str) -> Vec<String> {
    let seen = std::cell::RefCell::new(Vec::new());
    fill(template, |n| {
        seen.borrow_mut().push(n.to_string());
        None
    });
    seen.into_inner()
}

/// What can be a message argument: anything printable, or a message.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl<T: fmt::Display> IntoArg for T {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}

impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

impl IntoArg for Msg {
    fn into_arg(self) -> Arg {
        Arg::Msg(self)
    }
}

/// What a diagnostic's message or hint is given as: a catalogue message, or
/// (code not yet moved to the catalogue) an English string, shown as it is
/// in every language. `tests/diagnostic_texts.rs` lists the latter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    Msg(Msg),
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::Plain(s)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::Plain(s.to_string())
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Text {
        Text::Plain(s.into_owned())
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text::Plain(s.clone())
    }
}

impl From<Msg> for Text {
    fn from(m: Msg) -> Text {
        Text::Msg(m)
    }
}

impl Text {
    /// The English text and the message it came from, if any.
    pub(super) fn split(self) -> (String, Option<Msg>) {
        match self {
            Text::Plain(s) => (s, None),
            Text::Msg(m) => (m.render(Lang::En), Some(m)),
        }
    }
}

/// A catalogue message: `msg!("E101.missing", field = name)`. The key is
/// relative to the `diagnostics` section of the locale files; each
/// `name = value` fills `{name}` (any `Display` value, or another `Msg`).
#[macro_export]
macro_rules! msg {
    ($key:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::diagnostics::Msg::new($key)
            $(.arg(stringify!($name), $value))*
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_placeholders_only() {
        let v = |n: &str| (n == "a").then(|| "X".to_string());
        assert_eq!(fill("{a} {b} {{ to: {a} }}", v), "X {b} {{ to: X }}");
        assert_eq!(fill("no braces", v), "no braces");
        assert_eq!(fill("{", v), "{");
    }

    #[test]
    fn locale_names() {
        assert_eq!(Lang::from_locale("ja_JP.UTF-8"), Some(Lang::Ja));
        assert_eq!(Lang::from_locale("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_locale("de_DE"), None);
    }
}
