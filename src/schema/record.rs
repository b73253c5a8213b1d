//! The record tables: incident records (with their nested objects) and
//! drills. Beyond a field's type, each incident field says whether an
//! audience may hide it ([`Hide`](super::fields::Hide)) and whether it is an optional free-text
//! field handled generically ([`Field::extra`]): such a field is declared
//! here once, and reading, checking, the JSON Schema, the skeleton, the
//! record page, the exports and hiding all follow from this entry.

use super::fields::{opt, req, Field, IdSyntax, RefKind, Ty, NOTIFICATION_KINDS};
use crate::model::incident::{ActionStatus, Stage, Status, Visibility};
use crate::model::Drill;
use crate::model::{About, NOT_RECORDABLE};

const IMPACT: &[Field] = &[
    opt(
        "personal_data",
        Ty::Bool,
        "個人情報が関係するか",
        "Personal data involved",
    )
    .never_hidden(),
    opt(
        "malicious",
        Ty::Bool,
        "不正な目的（不正アクセス等）が疑われるか",
        "Improper purpose (e.g. unauthorised access) suspected",
    )
    .never_hidden(),
    opt(
        "sensitive_data",
        Ty::Bool,
        "要配慮個人情報（病歴・犯罪歴など）が含まれるか",
        "Sensitive personal data (medical history, criminal record …) involved",
    )
    .never_hidden(),
    opt(
        "financial_damage",
        Ty::Bool,
        "不正利用により財産的被害が生じるおそれがあるか（クレジットカード番号など）",
        "Risk of financial damage through misuse (e.g. card numbers)",
    )
    .never_hidden(),
    opt(
        "crime_suspected",
        Ty::Bool,
        "犯罪の疑いがあるか",
        "Crime suspected",
    )
    .never_hidden(),
    opt(
        "records_affected",
        Ty::Count,
        "影響を受けた件数（個人データでは本人の数）",
        "Records affected (for personal data: persons affected)",
    )
    .hideable_at(13),
    opt("customers", Ty::Str, "顧客への影響", "Impact on customers").hideable_at(14),
    opt("business", Ty::Str, "業務への影響", "Impact on business").hideable_at(15),
];

const ASSESSMENT: &[Field] = &[
    req(
        "stage",
        Ty::Enum(Stage::ALL),
        "段階（weakness / event / incident）",
        "Stage (weakness / event / incident)",
    )
    .never_hidden(),
    req(
        "decided_by",
        Ty::Ref(RefKind::Role),
        "判断した役割",
        "Deciding role",
    )
    .never_hidden(),
    req("decided_at", Ty::DateTime, "判断日時", "Decided at").never_hidden(),
    opt("rationale", Ty::Markdown, "判断理由", "Rationale").hideable_at(16),
];

const TIMELINE_ENTRY: &[Field] = &[
    req("at", Ty::DateTime, "日時", "When").never_hidden(),
    opt("by", Ty::Str, "実施者", "Who").line().hideable_at(10),
    req("action", Ty::Str, "内容", "What was done").hideable_at(11),
];

const NOTIFICATION_MADE: &[Field] = &[
    req(
        "to",
        Ty::Ref(RefKind::Notification),
        "届出の ID",
        "Notification id",
    )
    .never_hidden(),
    req(
        "kind",
        Ty::Enum(NOTIFICATION_KINDS),
        "種類（preliminary / final / report）",
        "Kind (preliminary / final / report)",
    )
    .never_hidden(),
    req("at", Ty::DateTime, "届出日時", "When it was made").never_hidden(),
    opt("reference", Ty::Str, "受付番号など", "Reference number")
        .line()
        .hideable_at(17),
    opt(
        "late_reason",
        Ty::Markdown,
        "期限に遅れた場合、その理由",
        "If it was late: why",
    )
    .never_hidden(),
];

const REVIEW: &[Field] = &[
    opt("due", Ty::Date, "有効性レビューの期限", "Review due by").never_hidden(),
    opt("done_at", Ty::Date, "レビューした日", "Date reviewed").never_hidden(),
    opt(
        "by",
        Ty::Ref(RefKind::Role),
        "レビューした役割",
        "Reviewing role",
    )
    .never_hidden(),
    opt(
        "result",
        Ty::Markdown,
        "結果（効果があったか）",
        "Result (was it effective?)",
    )
    .never_hidden(),
    opt(
        "evidence",
        Ty::Str,
        "結果を示すもの（ファイル、チケットなど）",
        "What shows the result (file, ticket …)",
    )
    .line()
    .never_hidden(),
];

const DEVIATION: &[Field] = &[
    req(
        "about",
        Ty::Enum(About::ALL),
        "何の逸脱か（report_late / contained_before_report / notification_not_made / not_recorded）",
        "What deviates (report_late / contained_before_report / notification_not_made / not_recorded)",
    )
    .never_hidden(),
    req("reason", Ty::Markdown, "理由", "Reason").never_hidden(),
    opt(
        "to",
        Ty::Ref(RefKind::Notification),
        "notification_not_made: 届出の ID",
        "notification_not_made: the notification id",
    )
    .never_hidden(),
    opt(
        "kind",
        Ty::Enum(NOTIFICATION_KINDS),
        "notification_not_made: 種類（省略時はすべて）",
        "notification_not_made: the kind (all when left out)",
    )
    .never_hidden(),
    opt(
        "fields",
        Ty::List(&Ty::Enum(NOT_RECORDABLE)),
        "not_recorded: 元の台帳に記録がなかった事実（reported_at / contained_at / recovered_at / closed_at / cause / actions / assessment）",
        "not_recorded: the facts the source never recorded (reported_at / contained_at / recovered_at / closed_at / cause / actions / assessment)",
    )
    .never_hidden(),
];

const NOT_APPLICABLE: &[Field] = &[
    req(
        "rule",
        Ty::Ref(RefKind::Notification),
        "適用しない届出の ID",
        "Notification id that does not apply",
    )
    .never_hidden(),
    req(
        "reason",
        Ty::Markdown,
        "適用しない理由",
        "Why it does not apply",
    )
    .never_hidden(),
    req(
        "decided_by",
        Ty::Ref(RefKind::Role),
        "判断した役割",
        "Deciding role",
    )
    .never_hidden(),
];

const PREDATES_POLICY: &[Field] = &[
    req(
        "reason",
        Ty::Markdown,
        "現行の規程より前の記録である理由（移行元など）",
        "Why the record predates the current policy (where it was imported from)",
    )
    .never_hidden(),
    opt(
        "policy_version",
        Ty::Str,
        "当時の規程の版",
        "Policy version in force at the time",
    )
    .line()
    .never_hidden(),
];

pub const ACTION: &[Field] = &[
    req("action", Ty::Str, "是正処置の内容", "Corrective action").never_hidden(),
    opt(
        "owner",
        Ty::Ref(RefKind::Role),
        "担当の役割（完了記録では必須）",
        "Owner role (required once the record is closed)",
    )
    .never_hidden(),
    opt(
        "due",
        Ty::Date,
        "期限（完了記録では必須）",
        "Due date (required once the record is closed)",
    )
    .never_hidden(),
    opt(
        "evaluation",
        Ty::Str,
        "有効性の確認方法（完了記録では必須）",
        "How effectiveness will be checked (required once the record is closed)",
    )
    .never_hidden(),
    req(
        "status",
        Ty::Enum(ActionStatus::ALL),
        "状況（planned / in_progress / done / verified）",
        "Status (planned / in_progress / done / verified)",
    )
    .never_hidden(),
    opt("done_at", Ty::Date, "完了日", "Date done").never_hidden(),
    opt(
        "controls",
        Ty::List(&Ty::Ref(RefKind::Control)),
        "強化する管理策",
        "Controls strengthened",
    )
    .never_hidden(),
    opt(
        "late_reason",
        Ty::Markdown,
        "期限を過ぎている場合、その理由",
        "If past its due date: why",
    )
    .never_hidden(),
    opt(
        "review",
        Ty::Object(REVIEW),
        "有効性のレビュー（due, done_at, by, result, evidence）",
        "Effectiveness review (due, done_at, by, result, evidence)",
    )
    .never_hidden(),
];

const EVIDENCE: &[Field] = &[
    req(
        "path",
        Ty::Str,
        "ファイルのパス（content からの相対）",
        "File path (relative to the content directory)",
    )
    .visible()
    .never_hidden(),
    opt("description", Ty::Str, "説明", "Description")
        .line()
        .never_hidden(),
    opt(
        "sha256",
        Ty::Str,
        "SHA-256（64桁の16進）",
        "SHA-256 (64 hex digits)",
    )
    .line()
    .never_hidden(),
    opt(
        "collected_by",
        Ty::Str,
        "収集した役割（役割の ID）または人",
        "Who collected it: a role id, or a person",
    )
    .line()
    .never_hidden(),
    opt(
        "collected_at",
        Ty::DateTime,
        "収集した日時",
        "When it was collected",
    )
    .never_hidden(),
];

/// An incident record. Order here is the order of the skeleton and the docs.
pub const INCIDENT: &[Field] = &[
    req(
        "id",
        Ty::Str,
        "記録の ID（ファイル名と同じ）",
        "Record id (same as the file name)",
    )
    .id(IdSyntax::Record)
    .never_hidden(),
    req("title", Ty::Str, "件名", "Title")
        .visible()
        .never_hidden(),
    req(
        "level",
        Ty::Ref(RefKind::Level),
        "レベル（0〜3）",
        "Level (0-3)",
    )
    .never_hidden(),
    req("category", Ty::Ref(RefKind::Category), "分類", "Category").never_hidden(),
    req(
        "status",
        Ty::Enum(Status::ALL),
        "状況（open / contained / recovered / closed）",
        "Status (open / contained / recovered / closed)",
    )
    .never_hidden(),
    opt(
        "visibility",
        Ty::Enum(Visibility::ALL),
        "公開範囲（normal / restricted）",
        "Visibility (normal / restricted)",
    )
    .never_hidden(),
    req(
        "responsible",
        Ty::Ref(RefKind::Role),
        "責任者の役割（レベルで決まる）",
        "Responsible role (set by the level)",
    )
    .never_hidden(),
    req("reporter", Ty::Str, "報告者", "Reporter")
        .line()
        .hideable_at(0),
    opt("location", Ty::Str, "発生場所", "Where it happened")
        .line()
        .hideable_at(1),
    opt(
        "occurred_at",
        Ty::DateTimeOrUnknown,
        "発生日時",
        "Occurred at",
    )
    .never_hidden(),
    req("detected_at", Ty::DateTime, "発見日時", "Detected at").never_hidden(),
    opt(
        "reported_at",
        Ty::DateTime,
        "責任者へ報告した日時",
        "Reported to the responsible role at",
    )
    .never_hidden(),
    opt("contained_at", Ty::DateTime, "封じ込め日時", "Contained at").never_hidden(),
    opt("recovered_at", Ty::DateTime, "復旧日時", "Recovered at").never_hidden(),
    opt("closed_at", Ty::DateTime, "完了日時", "Closed at").never_hidden(),
    req("summary", Ty::Markdown, "何が起きたか", "What happened").hideable_at(3),
    opt("cause", Ty::Markdown, "原因", "Cause").hideable_at(4),
    opt(
        "affected_systems",
        Ty::List(&Ty::Str),
        "影響を受けたシステム",
        "Affected systems",
    )
    .line()
    .hideable_at(6),
    opt(
        "system_configuration",
        Ty::Markdown,
        "システム構成",
        "System configuration",
    )
    .hideable_at(5),
    opt(
        "organization",
        Ty::Str,
        "影響を受けた部署・委託先",
        "Affected business unit or outsourcer",
    )
    .line()
    .hideable_at(2),
    opt("impact", Ty::Object(IMPACT), "影響", "Impact").hideable_at(12),
    opt(
        "assessment",
        Ty::Object(ASSESSMENT),
        "評価判断（レベル1以上は必須）",
        "Assessment decision (required from level 1)",
    )
    .never_hidden(),
    opt(
        "timeline",
        Ty::List(&Ty::Object(TIMELINE_ENTRY)),
        "経過",
        "Timeline",
    )
    .hideable_at(9),
    opt(
        "notifications",
        Ty::List(&Ty::Object(NOTIFICATION_MADE)),
        "外部への届出",
        "External notifications made",
    )
    .never_hidden(),
    opt(
        "actions",
        Ty::List(&Ty::Object(ACTION)),
        "是正処置",
        "Corrective actions",
    )
    .never_hidden(),
    opt(
        "deviations",
        Ty::List(&Ty::Object(DEVIATION)),
        "方針からの逸脱とその理由（遅れた報告など）",
        "Deviations from the policy and why (a late report …)",
    )
    .never_hidden(),
    opt(
        "not_applicable",
        Ty::List(&Ty::Object(NOT_APPLICABLE)),
        "この記録に適用しない届出（理由と判断した役割）",
        "Notification rules that do not apply to this record (why, who decided)",
    )
    .never_hidden(),
    opt(
        "predates_policy",
        Ty::Object(PREDATES_POLICY),
        "現行の規程より前の記録（移行した過去の記録）",
        "The record predates the current policy (imported history)",
    )
    .never_hidden(),
    opt("lessons", Ty::Markdown, "教訓", "Lessons learned")
        .extra()
        .hideable_at(7),
    // What external reports ask beyond the fields above (the PPC's items),
    // filled into the notification drafts (`present::drafts`).
    opt(
        "data_items",
        Ty::Str,
        "漏えい等した（おそれのある）個人データの項目",
        "Personal-data items involved",
    )
    .line()
    .extra()
    .hideable(),
    opt(
        "secondary_harm",
        Ty::Markdown,
        "二次被害またはそのおそれの有無と内容",
        "Secondary harm or its risk",
    )
    .extra()
    .hideable(),
    opt(
        "response_to_persons",
        Ty::Markdown,
        "本人への対応の状況",
        "Response to the persons affected",
    )
    .extra()
    .hideable(),
    opt(
        "publication",
        Ty::Markdown,
        "公表の状況",
        "Public announcement",
    )
    .extra()
    .hideable(),
    opt(
        "remarks",
        Ty::Markdown,
        "その他参考となる事項",
        "Other remarks",
    )
    .extra()
    .hideable(),
    opt(
        "evidence",
        Ty::List(&Ty::Object(EVIDENCE)),
        "証拠ファイル",
        "Evidence files",
    )
    .hideable_at(18),
    opt("tags", Ty::List(&Ty::Str), "タグ", "Tags")
        .line()
        .hideable_at(8),
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
        "late_reason",
        Ty::Markdown,
        "前回の訓練から方針の間隔を超えた場合、その理由",
        "If held later than the policy's interval after the one before: why",
    ),
    opt(
        "actions",
        Ty::List(&Ty::Object(ACTION)),
        "是正処置",
        "Corrective actions",
    ),
];
