//! Extra guidance written after the comment of fields whose description
//! alone is not enough.

use crate::authoring::tr;
use crate::model::Language;

/// Extra guidance for fields where the description alone is not enough.
pub(super) fn note(lang: Language, path: &str) -> Option<&'static str> {
    let (ja, en) = match path {
        "level" => (
            "変えたら responsible と assessment も合わせる",
            "when you change it, change responsible and assessment to match",
        ),
        "responsible" => (
            "レベルごとに方針で決まっている（上のレベル一覧を参照）",
            "fixed by the policy for each level (see the levels above)",
        ),
        "detected_at" => (
            "報告期限や届出期限はここから数える",
            "reporting and notification deadlines count from here",
        ),
        "reported_at" => (
            "仮に発見日時を入れてある。実際に報告した日時に直す",
            "prefilled with the detection time: correct it to when the report was made",
        ),
        "status" => (
            "対応が進んだら contained_at などの日時と合わせて変える",
            "update it together with contained_at and the other dates as the response progresses",
        ),
        "impact" => (
            "当てはまるものを true にする（届出が必要かどうかが変わる）",
            "set what applies to true (it decides which notifications are required)",
        ),
        "assessment" => (
            "誰が、いつ、どの段階と判断したか",
            "who decided the stage, and when",
        ),
        "notifications" => (
            "個人情報保護委員会・警察・IPA などへ届け出たら追加する",
            "add each report made to the authorities",
        ),
        "actions" => (
            "完了（closed）にするには1件以上必要",
            "at least one is needed before the record can be closed",
        ),
        "timeline" => ("古い順に書く", "oldest first"),
        _ => return None,
    };
    Some(tr(lang, ja, en))
}
