//! Query expansion for the search page: a small bilingual glossary of
//! incident words, so that staff who type an English word on a Japanese
//! site (`ransomware`, `laptop stolen`) also get the pages that say it in
//! Japanese, and the other way round on an English site; and the
//! organisation's own synonyms (`search.synonyms` in site.yaml), which
//! expand in every direction. `static/search.js` reads the result (a map
//! of a normalised word or phrase to what it also searches) and searches
//! the query as written first; what the other words find follows.

use super::normalize::normalize;
use std::collections::BTreeMap;

/// Groups of words that name the same thing: English first, then
/// Japanese. Written for this tool, kept small: the words staff type when
/// something has gone wrong.
const GLOSSARY: &[&[&str]] = &[
    &["ransomware", "ランサムウェア"],
    &[
        "phishing",
        "phishing mail",
        "phishing email",
        "フィッシング",
    ],
    &["suspicious email", "suspicious mail", "不審メール"],
    &[
        "virus",
        "malware",
        "infected",
        "infection",
        "ウイルス",
        "マルウェア",
        "感染",
    ],
    &["password", "passwords", "パスワード"],
    &[
        "usb",
        "usb stick",
        "usb drive",
        "usb memory",
        "flash drive",
        "thumb drive",
        "USBメモリ",
    ],
    &[
        "laptop",
        "notebook",
        "pc",
        "computer",
        "ノートPC",
        "パソコン",
    ],
    &["stolen", "theft", "steal", "盗難"],
    &["lost", "loss", "lose", "missing", "紛失"],
    &[
        "phone",
        "smartphone",
        "mobile",
        "mobile phone",
        "スマートフォン",
        "スマホ",
        "携帯電話",
    ],
    &[
        "wrong recipient",
        "misdirected",
        "sent by mistake",
        "missent",
        "誤送信",
    ],
    &["email", "e-mail", "mail", "メール"],
    &[
        "leak",
        "data leak",
        "breach",
        "data breach",
        "漏えい",
        "情報漏えい",
    ],
    &["personal data", "personal information", "pii", "個人情報"],
    &[
        "unauthorized access",
        "unauthorised access",
        "hacked",
        "intrusion",
        "不正アクセス",
    ],
    &[
        "account takeover",
        "hijacked account",
        "compromised account",
        "乗っ取り",
    ],
    &["ddos", "dos attack", "denial of service", "サービス妨害"],
    &["fraud", "scam", "詐欺"],
    &["vulnerability", "脆弱性"],
    &["backup", "backups", "バックアップ"],
    &["outage", "system failure", "down", "障害", "システム障害"],
    &["misconfiguration", "wrong setting", "設定ミス", "設定誤り"],
    &["encryption", "encrypted", "暗号化"],
    &["report", "reporting", "報告"],
    &["contact", "contacts", "連絡先"],
    &["police", "警察"],
    &["near miss", "ヒヤリハット"],
    &["incident", "インシデント"],
    &["cloud", "クラウド"],
    &["social media", "SNS", "ソーシャルメディア"],
    &["earthquake", "地震"],
    &["fire", "火災"],
];

/// Whether `s` holds a Japanese (or other CJK) letter.
fn is_japanese(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32,
            0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0xff66..=0xff9f)
    })
}

/// A word or phrase as the page compares it: normalised as the index is
/// (NFKC, lower case), spaces between words made one.
pub fn key(s: &str) -> String {
    normalize(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What each word or phrase also searches: on a Japanese site (`ja`) an
/// English word of the glossary searches the group's Japanese words, on
/// an English site a Japanese word the English ones; a word of one of the
/// organisation's `own` groups searches the others of its group. In the
/// order written, each once.
pub fn expansions(ja: bool, own: &[Vec<String>]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut add = |from: &str, to: &str| {
        let (from, to) = (key(from), to.trim().to_string());
        if from.is_empty() || to.is_empty() || key(&to) == from {
            return;
        }
        let also = out.entry(from).or_default();
        if also.len() < MAX_ALSO && !also.iter().any(|t| key(t) == key(&to)) {
            also.push(to);
        }
    };
    for group in GLOSSARY {
        for from in group.iter().filter(|w| is_japanese(w) != ja) {
            for to in group.iter().filter(|w| is_japanese(w) == ja) {
                add(from, to);
            }
        }
    }
    for group in own {
        // Each word with the first others of its group: a group of
        // thousands of words makes a map that grows as the group does.
        for (i, from) in group.iter().enumerate() {
            let others = group.iter().enumerate().filter(|(j, _)| *j != i);
            for (_, to) in others.take(MAX_ALSO + 1) {
                add(from, to);
            }
        }
    }
    out
}

/// The most words one word or phrase searches besides itself (the page
/// searches at most four of them).
const MAX_ALSO: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_search_the_japanese_ones_on_a_japanese_site() {
        let ja = expansions(true, &[]);
        assert_eq!(ja["ransomware"], ["ランサムウェア"]);
        assert_eq!(ja["laptop"], ["ノートPC", "パソコン"]);
        assert_eq!(ja["usb stick"], ["USBメモリ"]);
        assert!(
            !ja.contains_key("パスワード"),
            "a Japanese query on a Japanese site is searched as written"
        );
        let en = expansions(false, &[]);
        assert_eq!(en["パスワード"], ["password", "passwords"]);
        assert!(!en.contains_key("password"));
    }

    #[test]
    fn the_organisations_own_words_expand_every_way() {
        let own = vec![vec![
            "VPN".to_string(),
            "リモート接続".into(),
            " Remote Access ".into(),
        ]];
        let ja = expansions(true, &own);
        assert_eq!(ja["vpn"], ["リモート接続", "Remote Access"]);
        assert_eq!(ja["リモート接続"], ["VPN", "Remote Access"]);
        assert_eq!(ja["remote access"], ["VPN", "リモート接続"]);
        // A word of the glossary keeps its own and gains the organisation's.
        let own = vec![vec!["ransomware".to_string(), "身代金ウイルス".into()]];
        assert_eq!(
            expansions(true, &own)["ransomware"],
            ["ランサムウェア", "身代金ウイルス"]
        );
        // A very large group (a hostile site.yaml) gives a map that grows
        // with the group, not with its square.
        let big: Vec<String> = (0..20_000).map(|n| format!("w{n}")).collect();
        let map = expansions(true, &[big]);
        assert_eq!(map["w0"].len(), MAX_ALSO);
        assert!(map.values().all(|v| v.len() <= MAX_ALSO));
    }

    #[test]
    fn keys_are_normalised_as_the_page_normalises_a_query() {
        assert_eq!(key("  Laptop   STOLEN "), "laptop stolen");
        assert_eq!(key("ＵＳＢ"), "usb");
        for group in GLOSSARY {
            for w in *group {
                assert_eq!(key(w), w.to_lowercase(), "{w} is one spaced, NFKC form");
            }
        }
    }
}
