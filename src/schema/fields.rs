//! The tables. Descriptions come in Japanese and English because the record
//! skeleton that `new` writes comments each field in the site's language.

pub use crate::chars::IdSyntax;
use crate::model::incident::{ActionStatus, Stage, Status, Visibility};
use crate::model::Drill;

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
    Bool,
    /// RFC 3339 with offset, or a date.
    DateTime,
    /// `YYYY-MM-DD`.
    Date,
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

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    pub ja: &'static str,
    pub en: &'static str,
    pub chars: Chars,
}

const fn req(name: &'static str, ty: Ty, ja: &'static str, en: &'static str) -> Field {
    Field {
        name,
        ty,
        required: true,
        ja,
        en,
        chars: Chars::Text,
    }
}
const fn opt(name: &'static str, ty: Ty, ja: &'static str, en: &'static str) -> Field {
    Field {
        name,
        ty,
        required: false,
        ja,
        en,
        chars: Chars::Text,
    }
}

impl Field {
    /// The same field with a stricter character class.
    const fn chars(self, chars: Chars) -> Field {
        Field { chars, ..self }
    }
    /// One line, shown as a name or label.
    const fn line(self) -> Field {
        self.chars(Chars::Line)
    }
    /// One line that identifies something: a title, a path.
    const fn visible(self) -> Field {
        self.chars(Chars::Visible)
    }
    /// Declares an id of `syntax`.
    const fn id(self, syntax: IdSyntax) -> Field {
        self.chars(Chars::Id(syntax))
    }
}

/// Boolean impact flags that policies may test (`applies_when`, `when.impact`).
pub const IMPACT_FLAGS: &[&str] = &["personal_data", "malicious", "crime_suspected"];

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
];

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

const LEVEL: &[Field] = &[
    req("level", Ty::Int, "レベル（整数）", "Level (integer)"),
    req("name", Ty::Str, "レベル名", "Level name").line(),
    req("criteria", Ty::List(&Ty::Str), "判断基準", "Criteria"),
    req(
        "responsible",
        Ty::Ref(RefKind::Role),
        "責任者の役割",
        "Responsible role",
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

const CATEGORY: &[Field] = &[
    req("id", Ty::Str, "分類の ID", "Category id").id(IdSyntax::Name),
    req("name", Ty::Str, "分類名", "Category name").line(),
];

const WHEN: &[Field] = &[
    opt(
        "categories",
        Ty::List(&Ty::Ref(RefKind::Category)),
        "対象の分類",
        "Categories it applies to",
    ),
    opt("min_level", Ty::Int, "対象の最低レベル", "Minimum level"),
    opt("impact", Ty::Flags, "影響の条件", "Impact conditions"),
];

const NOTIFICATION_RULE: &[Field] = &[
    req("id", Ty::Str, "届出の ID", "Notification id").id(IdSyntax::Name),
    req("name", Ty::Str, "届出の名称", "Notification name").line(),
    opt(
        "contact",
        Ty::Ref(RefKind::ExternalContact),
        "届出先（外部連絡先 ID）",
        "External contact id",
    ),
    req(
        "when",
        Ty::Object(WHEN),
        "届出が必要となる条件",
        "When the notification is required",
    ),
    req(
        "deadlines",
        Ty::MapOf(&Ty::Duration),
        "種類ごとの期限（検知から）",
        "Deadline per kind (from detection)",
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
];

const DRILLS_POLICY: &[Field] = &[req(
    "every",
    Ty::Duration,
    "訓練の実施間隔",
    "How often drills are due",
)];

pub const POLICY: &[Field] = &[
    req("roles", Ty::List(&Ty::Object(ROLE)), "役割", "Roles"),
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
];

const PERSON: &[Field] = &[
    req("name", Ty::Str, "氏名", "Name").line(),
    opt("phone", Ty::Str, "電話番号", "Phone").line(),
    opt("email", Ty::Str, "メールアドレス", "E-mail").line(),
];

const INTERNAL_CONTACT: &[Field] = &[
    req("role", Ty::Ref(RefKind::Role), "役割", "Role"),
    req("name", Ty::Str, "氏名", "Name").line(),
    req("phone", Ty::Str, "電話番号", "Phone").line(),
    req("email", Ty::Str, "メールアドレス", "E-mail").line(),
    opt(
        "first_report",
        Ty::Bool,
        "第一報の連絡先としてトップに表示",
        "Shown on the home page as a first-report contact",
    ),
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
];

pub const FRONT_MATTER: &[Field] = &[
    req("title", Ty::Str, "題名", "Title").visible(),
    opt("order", Ty::Int, "並び順", "Order"),
];

const IMPACT: &[Field] = &[
    opt(
        "personal_data",
        Ty::Bool,
        "個人情報が関係するか",
        "Personal data involved",
    ),
    opt(
        "malicious",
        Ty::Bool,
        "不正な目的（不正アクセス等）が疑われるか",
        "Improper purpose (e.g. unauthorised access) suspected",
    ),
    opt(
        "crime_suspected",
        Ty::Bool,
        "犯罪の疑いがあるか",
        "Crime suspected",
    ),
    opt(
        "records_affected",
        Ty::Int,
        "影響を受けた件数",
        "Records affected",
    ),
    opt("customers", Ty::Str, "顧客への影響", "Impact on customers"),
    opt("business", Ty::Str, "業務への影響", "Impact on business"),
];

const ASSESSMENT: &[Field] = &[
    req(
        "stage",
        Ty::Enum(Stage::ALL),
        "段階（weakness / event / incident）",
        "Stage (weakness / event / incident)",
    ),
    req(
        "decided_by",
        Ty::Ref(RefKind::Role),
        "判断した役割",
        "Deciding role",
    ),
    req("decided_at", Ty::DateTime, "判断日時", "Decided at"),
    opt("rationale", Ty::Markdown, "判断理由", "Rationale"),
];

const TIMELINE_ENTRY: &[Field] = &[
    req("at", Ty::DateTime, "日時", "When"),
    opt("by", Ty::Str, "実施者", "Who").line(),
    req("action", Ty::Str, "内容", "What was done"),
];

const NOTIFICATION_MADE: &[Field] = &[
    req(
        "to",
        Ty::Ref(RefKind::Notification),
        "届出の ID",
        "Notification id",
    ),
    req(
        "kind",
        Ty::Enum(NOTIFICATION_KINDS),
        "種類（preliminary / final / report）",
        "Kind (preliminary / final / report)",
    ),
    req("at", Ty::DateTime, "届出日時", "When it was made"),
    opt("reference", Ty::Str, "受付番号など", "Reference number").line(),
    opt(
        "late_reason",
        Ty::Markdown,
        "期限に遅れた場合、その理由",
        "If it was late: why",
    ),
];

pub const ACTION: &[Field] = &[
    req("action", Ty::Str, "是正処置の内容", "Corrective action"),
    opt(
        "owner",
        Ty::Ref(RefKind::Role),
        "担当の役割（完了記録では必須）",
        "Owner role (required once the record is closed)",
    ),
    opt(
        "due",
        Ty::Date,
        "期限（完了記録では必須）",
        "Due date (required once the record is closed)",
    ),
    opt(
        "evaluation",
        Ty::Str,
        "有効性の確認方法（完了記録では必須）",
        "How effectiveness will be checked (required once the record is closed)",
    ),
    req(
        "status",
        Ty::Enum(ActionStatus::ALL),
        "状況（planned / in_progress / done / verified）",
        "Status (planned / in_progress / done / verified)",
    ),
    opt("done_at", Ty::Date, "完了日", "Date done"),
    opt(
        "controls",
        Ty::List(&Ty::Ref(RefKind::Control)),
        "強化する管理策",
        "Controls strengthened",
    ),
];

const EVIDENCE: &[Field] = &[
    req(
        "path",
        Ty::Str,
        "ファイルのパス（content からの相対）",
        "File path (relative to the content directory)",
    )
    .visible(),
    opt("description", Ty::Str, "説明", "Description").line(),
    opt(
        "sha256",
        Ty::Str,
        "SHA-256（64桁の16進）",
        "SHA-256 (64 hex digits)",
    )
    .line(),
];

/// An incident record. Order here is the order of the skeleton and the docs.
pub const INCIDENT: &[Field] = &[
    req(
        "id",
        Ty::Str,
        "記録の ID（ファイル名と同じ）",
        "Record id (same as the file name)",
    )
    .id(IdSyntax::Record),
    req("title", Ty::Str, "件名", "Title").visible(),
    req(
        "level",
        Ty::Ref(RefKind::Level),
        "レベル（0〜3）",
        "Level (0-3)",
    ),
    req("category", Ty::Ref(RefKind::Category), "分類", "Category"),
    req(
        "status",
        Ty::Enum(Status::ALL),
        "状況（open / contained / recovered / closed）",
        "Status (open / contained / recovered / closed)",
    ),
    opt(
        "visibility",
        Ty::Enum(Visibility::ALL),
        "公開範囲（normal / restricted）",
        "Visibility (normal / restricted)",
    ),
    req(
        "responsible",
        Ty::Ref(RefKind::Role),
        "責任者の役割（レベルで決まる）",
        "Responsible role (set by the level)",
    ),
    req("reporter", Ty::Str, "報告者", "Reporter").line(),
    opt("location", Ty::Str, "発生場所", "Where it happened").line(),
    opt("occurred_at", Ty::DateTime, "発生日時", "Occurred at"),
    req("detected_at", Ty::DateTime, "発見日時", "Detected at"),
    opt(
        "reported_at",
        Ty::DateTime,
        "責任者へ報告した日時",
        "Reported to the responsible role at",
    ),
    opt("contained_at", Ty::DateTime, "封じ込め日時", "Contained at"),
    opt("recovered_at", Ty::DateTime, "復旧日時", "Recovered at"),
    opt("closed_at", Ty::DateTime, "完了日時", "Closed at"),
    req("summary", Ty::Markdown, "何が起きたか", "What happened"),
    opt("cause", Ty::Markdown, "原因", "Cause"),
    opt(
        "affected_systems",
        Ty::List(&Ty::Str),
        "影響を受けたシステム",
        "Affected systems",
    )
    .line(),
    opt(
        "system_configuration",
        Ty::Markdown,
        "システム構成",
        "System configuration",
    ),
    opt(
        "organization",
        Ty::Str,
        "影響を受けた部署・委託先",
        "Affected business unit or outsourcer",
    )
    .line(),
    opt("impact", Ty::Object(IMPACT), "影響", "Impact"),
    opt(
        "assessment",
        Ty::Object(ASSESSMENT),
        "評価判断（レベル1以上は必須）",
        "Assessment decision (required from level 1)",
    ),
    opt(
        "timeline",
        Ty::List(&Ty::Object(TIMELINE_ENTRY)),
        "経過",
        "Timeline",
    ),
    opt(
        "notifications",
        Ty::List(&Ty::Object(NOTIFICATION_MADE)),
        "外部への届出",
        "External notifications made",
    ),
    opt(
        "actions",
        Ty::List(&Ty::Object(ACTION)),
        "是正処置",
        "Corrective actions",
    ),
    opt("lessons", Ty::Markdown, "教訓", "Lessons learned"),
    opt(
        "evidence",
        Ty::List(&Ty::Object(EVIDENCE)),
        "証拠ファイル",
        "Evidence files",
    ),
    opt("tags", Ty::List(&Ty::Str), "タグ", "Tags").line(),
];

pub const DRILL: &[Field] = &[
    req(
        "id",
        Ty::Str,
        "訓練の ID（ファイル名と同じ）",
        "Drill id (same as the file name)",
    )
    .id(IdSyntax::Record),
    req("title", Ty::Str, "件名", "Title").visible(),
    req("date", Ty::Date, "実施日", "Date"),
    req("kind", Ty::Enum(Drill::KINDS), "種類", "Kind"),
    req("scenario", Ty::Markdown, "想定シナリオ", "Scenario"),
    req(
        "participants",
        Ty::List(&Ty::Ref(RefKind::Role)),
        "参加した役割",
        "Participating roles",
    ),
    opt("findings", Ty::Markdown, "気づき", "Findings"),
    opt(
        "actions",
        Ty::List(&Ty::Object(ACTION)),
        "是正処置",
        "Corrective actions",
    ),
];

/// Find a field by name in a table.
pub fn field(table: &'static [Field], name: &str) -> Option<&'static Field> {
    table.iter().find(|f| f.name == name)
}
