//! The notification rules of policy.yaml (`notifications:`): their
//! conditions (`when`, `when.any`), deadlines and overrides.

use super::fields::{opt, req, Field, IdSyntax, RefKind, Ty};

const MORE_THAN: &[Field] = &[opt(
    "records_affected",
    Ty::Count,
    "影響を受けた件数（本人の数）がこれを超えるとき",
    "When more records (persons) than this are affected",
)];

/// The conditions a notification rule's `when` and each of its `when.any`
/// alternatives may hold (one list, written once).
macro_rules! when_conditions {
    ($($more:expr),* $(,)?) => {
        &[
            opt(
                "categories",
                Ty::List(&Ty::Ref(RefKind::Category)),
                "対象の分類",
                "Categories it applies to",
            ),
            opt("min_level", Ty::LevelNumber, "対象の最低レベル", "Minimum level"),
            opt("impact", Ty::Flags, "影響の条件", "Impact conditions"),
            opt(
                "more_than",
                Ty::Object(MORE_THAN),
                "件数の下限（これを超えるとき）",
                "Figures that must be exceeded",
            ),
            $($more,)*
        ]
    };
}

/// One alternative of `when.any`: the conditions of [`WHEN`] but `any`.
const WHEN_ANY: &[Field] = when_conditions![];

const WHEN: &[Field] = when_conditions![opt(
    "any",
    Ty::List(&Ty::Object(WHEN_ANY)),
    "いずれか一つを満たせばよい条件",
    "Alternatives, at least one of which must hold",
),];

/// `overrides` of a notification rule: other deadlines when a condition holds.
const DEADLINE_OVERRIDE: &[Field] = &[
    req(
        "when",
        Ty::Object(WHEN_ANY),
        "この条件のとき",
        "When this holds",
    ),
    req(
        "deadlines",
        Ty::MapOf(&Ty::Duration),
        "代わりの期限",
        "Deadlines that replace the rule's",
    ),
];

pub(super) const NOTIFICATION_RULE: &[Field] = &[
    req("id", Ty::Str, "届出の ID", "Notification id").id(IdSyntax::Name),
    req("name", Ty::Str, "届出の名称", "Notification name").line(),
    opt(
        "label",
        Ty::Str,
        "ページで「届出」の代わりに使う呼び方（例: お知らせ）",
        "What the pages call it instead of the generic word for a report (e.g. notice)",
    )
    .line(),
    opt(
        "label_en",
        Ty::Str,
        "英語のページでの呼び方",
        "What English pages call it",
    )
    .line(),
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
    opt(
        "draft",
        Ty::Str,
        "届出の下書きのひな形（テーマの drafts/<言語>/<名前>.md）",
        "Draft template (the theme's drafts/<language>/<name>.md)",
    )
    .id(IdSyntax::Name),
    opt(
        "overrides",
        Ty::List(&Ty::Object(DEADLINE_OVERRIDE)),
        "条件によって変わる期限（最初に当てはまるもの）",
        "Other deadlines under a condition (the first that holds)",
    ),
];
