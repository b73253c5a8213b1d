//! Ids written by their display name: `status: 完了` means `closed`,
//! `responsible: 情報システム課長` means the role with that name. One
//! engine for enumerations (names from the locale files) and references
//! (names from the policy): an exact name in any language, else the
//! closest name by the "did you mean" measure, compared after folding
//! width, case and katakana to hiragana.

use crate::diagnostics::msg;
use crate::diagnostics::{catalogue, suggest, Both, Msg};
use unicode_normalization::UnicodeNormalization;

/// `s` folded for comparing names: NFKC (full-width → half-width), lower
/// case, katakana → hiragana, spaces removed.
pub fn fold(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// The id `written` stands for among `named` (id, names…): the one with a
/// name equal to it once folded, else the one with the closest name.
/// `Some((id, exact))`.
pub fn id_for_name<'a>(
    written: &str,
    named: &'a [(String, Vec<String>)],
) -> Option<(&'a str, bool)> {
    let w = fold(written);
    if w.is_empty() {
        return None;
    }
    for (id, names) in named {
        if names.iter().any(|n| fold(n) == w) {
            return Some((id.as_str(), true));
        }
    }
    let folded: Vec<(String, &str)> = named
        .iter()
        .flat_map(|(id, names)| names.iter().map(move |n| (fold(n), id.as_str())))
        .filter(|(n, _)| !n.is_empty())
        .collect();
    let best = suggest(&w, folded.iter().map(|(n, _)| n.as_str()))?;
    folded
        .iter()
        .find(|(n, _)| n == best)
        .map(|(_, id)| (*id, false))
}

/// The hint for `written`, a value of an enumeration of `allowed`
/// values: a close id ("did you mean"), the id whose display name was
/// written, or the values with their meaning.
pub fn enum_hint(written: &str, allowed: &[&str]) -> Msg {
    if let Some(s) = suggest(written, allowed.iter().copied()) {
        return msg!("suggest.did_you_mean", id = s);
    }
    let shown = catalogue::display_names(allowed);
    let named: Vec<(String, Vec<String>)> = shown
        .iter()
        .map(|(id, ja, en)| (id.clone(), vec![ja.clone(), en.clone()]))
        .collect();
    if let Some((id, exact)) = id_for_name(written, &named) {
        let key = if exact {
            "suggest.name_of_id"
        } else {
            "suggest.near_name_of_id"
        };
        return msg!(key, value = written, id = id);
    }
    if shown.is_empty() {
        return msg!("suggest.use_one_of", list = allowed.join(", "));
    }
    let list = |pick: fn(&(String, String, String)) -> &String| {
        shown
            .iter()
            .map(|e| format!("{} ({})", e.0, pick(e)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    msg!(
        "suggest.use_one_of",
        list = Both(list(|e| &e.1), list(|e| &e.2))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Lang;

    #[test]
    fn display_names_map_to_ids() {
        let allowed = ["open", "contained", "recovered", "closed"];
        let h = enum_hint("完了", &allowed);
        assert!(
            h.render(Lang::Ja).contains("`closed`"),
            "{}",
            h.render(Lang::Ja)
        );
        let h = enum_hint("Closed", &allowed);
        assert!(h.render(Lang::En).contains("`closed`"));
        let h = enum_hint("zzz", &allowed);
        assert!(
            h.render(Lang::Ja).contains("closed (完了)"),
            "{}",
            h.render(Lang::Ja)
        );
    }

    #[test]
    fn names_fold_width_case_and_kana() {
        let named = vec![
            (
                "isys_manager".to_string(),
                vec!["情報システム課長".to_string()],
            ),
            (
                "ciso".to_string(),
                vec!["CISO".to_string(), "情報セキュリティ責任者".to_string()],
            ),
        ];
        assert_eq!(
            id_for_name("情報システム課長", &named),
            Some(("isys_manager", true))
        );
        assert_eq!(id_for_name("ｃｉｓｏ", &named), Some(("ciso", true)));
        assert_eq!(
            id_for_name("情報しすてむ課長", &named),
            Some(("isys_manager", true))
        );
        assert_eq!(
            id_for_name("情報システム課", &named),
            Some(("isys_manager", false))
        );
        assert_eq!(id_for_name("経理部", &named), None);
    }
}
