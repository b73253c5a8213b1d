use chrono::FixedOffset;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Ja,
    En,
}

impl Language {
    pub fn parse(s: &str) -> Option<Language> {
        match s {
            "ja" => Some(Language::Ja),
            "en" => Some(Language::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::Ja => "ja",
            Language::En => "en",
        }
    }
}

/// `site.yaml`.
#[derive(Clone, Debug)]
pub struct Site {
    pub title: String,
    pub organization: String,
    pub language: Language,
    pub timezone: FixedOffset,
    /// `calendar.reminders`: how long before each deadline the calendar
    /// files ask the reader's calendar to remind (`VALARM`), in minutes.
    pub reminders: Vec<i64>,
    /// `base_url`: where the site is published (`https://isms.example.co.jp/`),
    /// for the QR code of `card.html`; `None` when not given.
    pub base_url: Option<super::Spanned<String>>,
    /// `exports.headers: labels`: the CSV exports and `register.xlsx` head
    /// their columns with names in the site's language (件名, 発見日時)
    /// instead of the field names scripts rely on.
    pub export_labels: bool,
}

/// Reminders when `site.yaml` sets none: three days and one day before.
pub const DEFAULT_REMINDERS: &[i64] = &[3 * 24 * 60, 24 * 60];

impl Default for Site {
    fn default() -> Self {
        Site {
            title: String::new(),
            organization: String::new(),
            language: Language::Ja,
            timezone: FixedOffset::east_opt(9 * 3600)
                .unwrap_or(FixedOffset::east_opt(0).expect("UTC")),
            reminders: DEFAULT_REMINDERS.to_vec(),
            base_url: None,
            export_labels: false,
        }
    }
}

impl From<Language> for crate::diagnostics::Lang {
    fn from(l: Language) -> Self {
        match l {
            Language::Ja => crate::diagnostics::Lang::Ja,
            Language::En => crate::diagnostics::Lang::En,
        }
    }
}

impl From<crate::diagnostics::Lang> for Language {
    fn from(l: crate::diagnostics::Lang) -> Self {
        match l {
            crate::diagnostics::Lang::Ja => Language::Ja,
            crate::diagnostics::Lang::En => Language::En,
        }
    }
}
