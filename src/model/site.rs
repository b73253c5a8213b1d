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
    /// `mask`: terms (customers, partners, code names, places) that builds
    /// hiding people show as a label instead, in the order written.
    pub masks: Vec<SiteMask>,
    /// `base_url`: where the site is published (`https://isms.example.co.jp/`),
    /// for the QR code of `card.html`; `None` when not given.
    pub base_url: Option<super::Spanned<String>>,
    /// `exports.headers`: `Some(true)` (`labels`) heads the columns of the
    /// CSV exports and `register.xlsx` with names in the site's language
    /// (件名, 発見日時), `Some(false)` (`fields`) with the field names
    /// scripts rely on; `None` (not written): the CSV exports the field
    /// names, the workbook (the export people read) the names.
    pub export_labels: Option<bool>,
    /// `search.synonyms`: the organisation's groups of words that name
    /// the same thing (`[VPN, リモート接続]`); a search for one also
    /// shows what the others find. Each group where it is written, and
    /// its words (an empty one kept, for `check` to report).
    pub synonyms: Vec<SynonymGroup>,
}

/// One `search.synonyms` group of `site.yaml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SynonymGroup {
    pub pos: crate::diagnostics::Pos,
    /// Its words written as text (a list or mapping in place of a word is
    /// left out: the shape check reports it).
    pub words: Vec<super::Spanned<String>>,
    /// How many entries it has, words or not.
    pub entries: usize,
}

/// One `mask` entry of `site.yaml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteMask {
    pub term: super::Spanned<String>,
    pub label: String,
    /// Where the label is written.
    pub label_pos: crate::diagnostics::Pos,
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
            masks: Vec::new(),
            base_url: None,
            export_labels: None,
            synonyms: Vec::new(),
        }
    }
}

impl Site {
    /// Whether the CSV exports head their columns with names in the
    /// site's language (`exports.headers: labels`).
    pub fn csv_labels(&self) -> bool {
        self.export_labels == Some(true)
    }

    /// Whether `register.xlsx` heads its columns with names in the site's
    /// language: unless `exports.headers: fields`.
    pub fn workbook_labels(&self) -> bool {
        self.export_labels != Some(false)
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
