//! The tables. Descriptions come in Japanese and English because the record
//! skeleton that `new` writes comments each field in the site's language.

use super::notification_rules::NOTIFICATION_RULE;
pub use crate::chars::IdSyntax;
use crate::model::incident::Stage;

/// What a field refers to when its value is an id declared elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefKind {
    Role,
    Level,
    Category,
    Notification,
    ExternalContact,
    FlowNode,
    Control,
}

#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// Text (any scalar is accepted and read as text); the field's
    /// [`Chars`] says whether it is one line.
    Str,
    /// Markdown text.
    Markdown,
    Int,
    /// A whole number that counts something, so never negative
    /// (`records_affected`).
    Count,
    /// A level number: levels count up from 0 (a weakness), so never
    /// negative (a level of the policy, a rule's `min_level`).
    LevelNumber,
    Bool,
    /// RFC 3339 with offset, or a date.
    DateTime,
    /// A [`Ty::DateTime`], or `unknown` (`不明`) when nobody knows it (a
    /// record's `occurred_at`).
    DateTimeOrUnknown,
    /// `YYYY-MM-DD`, or `YYYY-MM` when only the month is known (the date
    /// fields of records and drills: `due`, `done_at`, a drill's `date`).
    Date,
    /// `YYYY-MM-DD` only (a document's `approved_at`).
    Day,
    /// `30m`, `1h`, `5d`, `26w`.
    Duration,
    Enum(&'static [&'static str]),
    Ref(RefKind),
    List(&'static Ty),
    Object(&'static [Field]),
    /// A mapping of names to booleans (impact flags).
    Flags,
    /// A mapping of names (free) to values of one type.
    MapOf(&'static Ty),
    /// A flow `next` entry: a node id, or `{to, label}`.
    FlowNext,
    /// A level's criterion: a text, or `{text, question}` ([`CRITERION`]).
    Criterion,
}

/// Which characters a text value may hold (classes in `crate::chars`).
/// Applies to the text of `Str` and `Markdown` fields and of lists of them;
/// references are ids and always [`Chars::Visible`], enumerations, dates and
/// durations always [`Chars::Line`]; other values are not text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chars {
    /// Text that may span lines: no control character but newline and tab (E112).
    Text,
    /// One line (names, labels): no control character at all (E112).
    Line,
    /// One line that identifies something (a title, a file path): also no
    /// bidi control or zero-width character (E111).
    Visible,
    /// An id declared by this field: [`Chars::Visible`] and the id's character
    /// set (E110).
    Id(IdSyntax),
}

/// Whether an audience may hide a record field (`policy.yaml`
/// `audiences.*.hide`). Every field of [`INCIDENT`], at every depth, is one
/// of [`Hide::Never`], [`Hide::Yes`] or [`Hide::Listed`] (a unit test in
/// `schema::hide` says so); [`crate::schema::hideable`] lists the hideable ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hide {
    /// Not a record field (policy, contacts, front matter tables).
    Unclassified,
    /// Never hidden on its own (it may go with a hidden parent: `impact`
    /// hides `impact.personal_data`).
    Never,
    /// Hideable; listed after the [`Hide::Listed`] ones, in table order.
    Yes,
    /// Hideable, at this place in the list `check` prints (the order the
    /// list had before it was derived from the tables).
    Listed(u8),
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub ja: &'static str,
    pub en: &'static str,
    pub chars: Chars,
    pub hide: Hide,
    /// An optional free-text record field (`Ty::Str` or `Ty::Markdown`)
    /// handled from this table alone: read into `Incident::extra`, shown in
    /// its own section of the record page (label: locale key
    /// `incident.<name>`), exported as a `register.csv` column and a
    /// `register.json` key, hidden by name. See [`extra_text`].
    pub extra: bool,
}

pub(super) const fn req(name: &'static str, ty: Ty, ja: &'static str, en: &'static str) -> Field {
    Field {
        name,
        ty,
        required: true,
        ja,
        en,
        chars: Chars::Text,
        hide: Hide::Unclassified,
        extra: false,
    }
}
pub(super) const fn opt(name: &'static str, ty: Ty, ja: &'static str, en: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        ja,
        en,
        chars: Chars::Text,
        hide: Hide::Unclassified,
        extra: false,
    }
}

impl Field {
    /// The same field with a stricter character class.
    const fn chars(self, chars: Chars) -> Field {
        Field { chars, ..self }
    }
    /// One line, shown as a name or label.
    pub(super) const fn line(self) -> Field {
        self.chars(Chars::Line)
    }
    /// One line that identifies something: a title, a path.
    pub(super) const fn visible(self) -> Field {
        self.chars(Chars::Visible)
    }
    /// Declares an id of `syntax`.
    pub(super) const fn id(self, syntax: IdSyntax) -> Field {
        self.chars(Chars::Id(syntax))
    }
    /// A record field an audience may hide.
    pub const fn hideable(self) -> Field {
        Field {
            hide: Hide::Yes,
            ..self
        }
    }
    /// A record field an audience may hide, `n`-th in the list `check` prints.
    pub const fn hideable_at(self, n: u8) -> Field {
        Field {
            hide: Hide::Listed(n),
            ..self
        }
    }
    /// A record field no audience may hide on its own.
    pub const fn never_hidden(self) -> Field {
        Field {
            hide: Hide::Never,
            ..self
        }
    }
    /// An optional free-text record field handled generically (see
    /// [`Field::extra`]); hideable unless marked [`Field::never_hidden`].
    pub const fn extra(self) -> Field {
        Field {
            extra: true,
            hide: Hide::Yes,
            ..self
        }
    }
}

pub use super::record::{ACTION, DRILL, INCIDENT};

/// The free-text fields of [`INCIDENT`] handled generically ([`Field::extra`]),
/// in table order: what the loader reads into `Incident::extra`, the record
/// page shows, the exports write and redaction hides.
pub fn extra_text() -> impl Iterator<Item = &'static Field> {
    INCIDENT.iter().filter(|f| f.extra)
}

/// Boolean impact flags that policies may test (`applies_when`, `when.impact`).
pub const IMPACT_FLAGS: &[&str] = &[
    "personal_data",
    "malicious",
    "crime_suspected",
    "sensitive_data",
    "financial_damage",
];

/// The numeric impact fields a rule's `when.more_than` may compare.
pub const IMPACT_FIGURES: &[&str] = &["records_affected"];

/// Every figure kind of the audit view, in the order a control shows them:
/// what a control's `evidence:` list may name. The figures themselves are
/// computed in `analysis::controls`.
pub const FIGURE_KINDS: &[&str] = &[
    "procedure",
    "assessment",
    "response",
    "notifications",
    "lessons",
    "actions",
    "evidence",
    "reporting",
    "drills",
];

pub const NOTIFICATION_KINDS: &[&str] = &["preliminary", "final", "report"];

pub const SITE: &[Field] = &[
    req("title", Ty::Str, "サイトの題名", "Site title").visible(),
    req("organization", Ty::Str, "組織名", "Organisation name").line(),
    opt(
        "language",
        Ty::Enum(&["ja", "en"]),
        "表示言語（ja または en）",
        "UI language (ja or en)",
    ),
    opt(
        "timezone",
        Ty::Str,
        "タイムゾーン（例: +09:00）",
        "Timezone offset (e.g. +09:00)",
    ),
    opt(
        "base_url",
        Ty::Str,
        "公開先の URL（印刷用カードの QR コードに使う）",
        "Where the site is published (for the QR code of the printable card)",
    )
    .visible(),
    opt(
        "calendar",
        Ty::Object(CALENDAR),
        "カレンダー（.ics）の設定",
        "Calendar (.ics) settings",
    ),
    opt(
        "mask",
        Ty::MapOf(&Ty::Str),
        "人を伏せる公開先で置き換える語と、その置き換え（例: 株式会社ソラノ制作: 取引先A）",
        "Terms replaced in builds that hide people, each with its label (e.g. Sorano Design: customer A)",
    ),
    opt(
        "exports",
        Ty::Object(EXPORTS),
        "ダウンロード用ファイル（CSV・Excel）の設定",
        "Settings of the downloadable files (CSV, Excel)",
    ),
    opt(
        "search",
        Ty::Object(SEARCH),
        "サイト内検索の設定",
        "Site search settings",
    ),
];

const SEARCH: &[Field] = &[opt(
    "synonyms",
    Ty::List(&Ty::List(&Ty::Str)),
    "同じものを指す語のまとまり。どれかで検索すると、ほかの語の結果も表示する（例: [[VPN, リモート接続]]）",
    "Groups of words that name the same thing: a search for one also shows what the others find (e.g. [[VPN, remote access]])",
)];

const EXPORTS: &[Field] = &[opt(
    "headers",
    Ty::Enum(&["fields", "labels"]),
    "列見出し: fields（項目名）または labels（サイトの言語の名前）。省略すると CSV は項目名、register.xlsx は名前",
    "Column headers: fields (field names) or labels (names in the site's language); by default the CSV files use field names and register.xlsx the names",
)];

const CALENDAR: &[Field] = &[opt(
    "reminders",
    Ty::List(&Ty::Duration),
    "期限の何日前に通知するか（例: [3d, 1d]）",
    "Reminders before each deadline (e.g. [3d, 1d])",
)];

const ROLE: &[Field] = &[
    req("id", Ty::Str, "役割の ID", "Role id").id(IdSyntax::Name),
    req("name", Ty::Str, "役割名", "Role name").line(),
    opt(
        "can_assess",
        Ty::Bool,
        "評価判断を下せるか",
        "May take assessment decisions",
    ),
];

const IMPACT_FLAG: &[Field] = &[
    req("id", Ty::Str, "影響の ID", "Impact flag id").id(IdSyntax::Name),
    req("name", Ty::Str, "影響の名前", "Impact flag name").line(),
    opt(
        "name_en",
        Ty::Str,
        "英語の名前（英語のページで使う）",
        "English name (for English pages)",
    )
    .line(),
];

const LEVEL: &[Field] = &[
    req(
        "level",
        Ty::LevelNumber,
        "レベル（0 以上の整数）",
        "Level (a whole number, 0 or more)",
    ),
    req("name", Ty::Str, "レベル名", "Level name").line(),
    req("criteria", Ty::List(&Ty::Criterion), "判断基準", "Criteria"),
    req(
        "responsible",
        Ty::Ref(RefKind::Role),
        "責任者の役割",
        "Responsible role",
    ),
    opt(
        "approval",
        Ty::Ref(RefKind::Role),
        "対応を承認する（エスカレーション先の）役割",
        "Role that approves the response (or to which it is escalated)",
    ),
    req(
        "report_within",
        Ty::Duration,
        "責任者への報告期限（検知から）",
        "Report to the responsible role within (from detection)",
    ),
    opt(
        "stages",
        Ty::List(&Ty::Enum(Stage::ALL)),
        "このレベルで認める評価段階",
        "Assessment stages allowed at this level",
    ),
    opt(
        "applies_when",
        Ty::Flags,
        "この影響があれば最低このレベル",
        "Impact that requires at least this level",
    ),
];

/// A criterion written as a mapping: its text and the yes/no question the
/// report page asks for it.
pub const CRITERION: &[Field] = &[
    req("text", Ty::Str, "判断基準", "Criterion"),
    opt(
        "question",
        Ty::Str,
        "報告ページで聞く、はい・いいえで答えられる短い質問",
        "The short yes/no question the report page asks",
    )
    .line(),
    opt(
        "impact",
        Ty::Enum(IMPACT_FLAGS),
        "「はい」がこの影響（例: personal_data）に当たる",
        "The impact flag a yes answer means (e.g. personal_data)",
    ),
];

const CATEGORY: &[Field] = &[
    req("id", Ty::Str, "分類の ID", "Category id").id(IdSyntax::Name),
    req("name", Ty::Str, "分類名", "Category name").line(),
    opt(
        "do",
        Ty::List(&Ty::Str),
        "見つけた人がまずすること（報告ページに出す）",
        "What the finder does first (shown on the report page)",
    ),
    opt(
        "dont",
        Ty::List(&Ty::Str),
        "見つけた人がしてはいけないこと",
        "What the finder must not do",
    ),
    opt(
        "tell",
        Ty::List(&Ty::Str),
        "第一報で伝えること",
        "What to tell in the first report",
    ),
];

const CONTROL: &[Field] = &[
    req("id", Ty::Str, "管理策の ID", "Control id").id(IdSyntax::Record),
    req("name", Ty::Str, "管理策の名称", "Control name").line(),
    opt("name_en", Ty::Str, "英語名", "English name").line(),
    opt("description", Ty::Markdown, "説明", "Description"),
    opt(
        "evidence",
        Ty::List(&Ty::Enum(FIGURE_KINDS)),
        "監査で示す根拠の種類",
        "Kinds of evidence shown for it in the audit view",
    ),
];

const FLOW_NODE: &[Field] = &[
    req("id", Ty::Str, "ノードの ID", "Node id").id(IdSyntax::Name),
    req("label", Ty::Str, "表示する文", "Label").line(),
    req(
        "kind",
        Ty::Enum(&["start", "step", "decision", "end"]),
        "種類",
        "Kind",
    ),
    opt(
        "actor",
        Ty::Ref(RefKind::Role),
        "担当する役割",
        "Role that acts",
    ),
    opt("next", Ty::List(&Ty::FlowNext), "次のノード", "Next nodes"),
];

const AUDIENCE_RULE: &[Field] = &[
    opt(
        "restricted",
        Ty::Enum(&["omit", "stub", "show"]),
        "制限付き記録の扱い",
        "How restricted records appear",
    ),
    opt(
        "hide",
        Ty::List(&Ty::Str),
        "隠す項目",
        "Fields hidden from this audience",
    )
    .line(),
];

const AUDIENCES: &[Field] = &[
    opt("default", Ty::Str, "既定の閲覧者", "Default audience").line(),
    opt(
        "staff",
        Ty::Object(AUDIENCE_RULE),
        "従業員向けの規則",
        "Rules for staff",
    ),
    opt(
        "auditor",
        Ty::Object(AUDIENCE_RULE),
        "監査人向けの規則",
        "Rules for auditors",
    ),
    opt(
        "training",
        Ty::Object(AUDIENCE_RULE),
        "研修用の事例集の規則",
        "Rules for the training case book",
    ),
];

const DRILLS_POLICY: &[Field] = &[req(
    "every",
    Ty::Duration,
    "訓練の実施間隔",
    "How often drills are due",
)];

pub const POLICY: &[Field] = &[
    req("roles", Ty::List(&Ty::Object(ROLE)), "役割", "Roles"),
    opt(
        "impacts",
        Ty::List(&Ty::Object(IMPACT_FLAG)),
        "組織が独自に定める影響（記録の impact と届出の条件で使う）",
        "The organisation's own impact flags (set in records, tested by rules)",
    ),
    req("levels", Ty::List(&Ty::Object(LEVEL)), "レベル", "Levels"),
    req(
        "categories",
        Ty::List(&Ty::Object(CATEGORY)),
        "分類",
        "Categories",
    ),
    opt(
        "notifications",
        Ty::List(&Ty::Object(NOTIFICATION_RULE)),
        "外部への届出",
        "External notifications",
    ),
    opt(
        "controls",
        Ty::List(&Ty::Object(CONTROL)),
        "管理策",
        "Controls",
    ),
    opt(
        "drills",
        Ty::Object(DRILLS_POLICY),
        "訓練の方針",
        "Drill policy",
    ),
    opt(
        "audiences",
        Ty::Object(AUDIENCES),
        "閲覧者ごとの公開範囲",
        "What each audience may see",
    ),
    req(
        "flow",
        Ty::List(&Ty::Object(FLOW_NODE)),
        "報告フロー",
        "Reporting flow",
    ),
    opt(
        "document",
        Ty::Object(DOCUMENT),
        "文書管理（版、承認した役割、承認日）",
        "Document control (version, approving role, date approved)",
    ),
];

const PERSON: &[Field] = &[
    req("name", Ty::Str, "氏名", "Name").line(),
    opt(
        "reading",
        Ty::Str,
        "氏名の読み（かな）",
        "Reading of the name (kana)",
    )
    .line(),
    opt("phone", Ty::Str, "電話番号", "Phone").line(),
    opt("email", Ty::Str, "メールアドレス", "E-mail").line(),
    opt(
        "after_hours",
        Ty::Str,
        "夜間・休日の電話番号",
        "Phone at night and at weekends",
    )
    .line(),
];

const INTERNAL_CONTACT: &[Field] = &[
    req("role", Ty::Ref(RefKind::Role), "役割", "Role"),
    req("name", Ty::Str, "氏名", "Name").line(),
    opt(
        "reading",
        Ty::Str,
        "氏名の読み（かな）",
        "Reading of the name (kana)",
    )
    .line(),
    req("phone", Ty::Str, "電話番号", "Phone").line(),
    req("email", Ty::Str, "メールアドレス", "E-mail").line(),
    opt(
        "first_report",
        Ty::Bool,
        "第一報の連絡先としてトップに表示",
        "Shown on the home page as a first-report contact",
    ),
    opt(
        "after_hours",
        Ty::Str,
        "夜間・休日の電話番号",
        "Phone at night and at weekends",
    )
    .line(),
    opt("deputy", Ty::Object(PERSON), "代理者", "Deputy"),
];

const EXTERNAL_CONTACT: &[Field] = &[
    req("id", Ty::Str, "連絡先の ID", "Contact id").id(IdSyntax::Name),
    req("name", Ty::Str, "名称", "Name").line(),
    opt("phone", Ty::Str, "電話番号", "Phone").line(),
    opt("email", Ty::Str, "メールアドレス", "E-mail").line(),
    opt("url", Ty::Str, "ウェブサイト", "Web site").line(),
    req("purpose", Ty::Str, "用件", "Purpose"),
];

pub const CONTACTS: &[Field] = &[
    req(
        "internal",
        Ty::List(&Ty::Object(INTERNAL_CONTACT)),
        "社内の連絡先",
        "Internal contacts",
    ),
    opt(
        "external",
        Ty::List(&Ty::Object(EXTERNAL_CONTACT)),
        "社外の連絡先",
        "External contacts",
    ),
    opt(
        "document",
        Ty::Object(DOCUMENT),
        "文書管理（版、承認した役割、承認日）",
        "Document control (version, approving role, date approved)",
    ),
];

pub const FRONT_MATTER: &[Field] = &[
    req("title", Ty::Str, "題名", "Title").visible(),
    opt("order", Ty::Int, "並び順", "Order"),
    opt("version", Ty::Str, "版", "Version").line(),
    opt(
        "approved_by",
        Ty::Ref(RefKind::Role),
        "承認した役割",
        "Approving role",
    ),
    opt("approved_at", Ty::Day, "承認日", "Date approved"),
];

/// `document:` of `policy.yaml` and `contacts.yaml`: document control.
const DOCUMENT: &[Field] = &[
    opt("version", Ty::Str, "版", "Version").line(),
    opt(
        "approved_by",
        Ty::Ref(RefKind::Role),
        "承認した役割",
        "Approving role",
    ),
    opt("approved_at", Ty::Day, "承認日", "Date approved"),
];

/// Find a field by name in a table.
pub fn field(table: &'static [Field], name: &str) -> Option<&'static Field> {
    table.iter().find(|f| f.name == name)
}
