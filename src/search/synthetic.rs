//! A deterministic synthetic register for size and speed measurements:
//! incident pages in Japanese, built from phrase pools, plus a few handbook
//! sections. Not realistic prose, but with realistic vocabulary spread.

use super::{Facets, SearchDoc};

/// Small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const CATEGORIES: &[(&str, &str, &[&str], &[&str])] = &[
    (
        "malware",
        "マルウェア・ランサムウェア",
        &[
            "ファイルサーバがランサムウェアに感染",
            "業務端末でマルウェアを検知",
            "ランサムウェアによるファイル暗号化",
        ],
        &[
            "ウイルス対策ソフトが不審なプログラムを検知した。",
            "共有フォルダのファイルが暗号化され、身代金を要求する画面が表示された。",
            "感染した端末をネットワークから切り離した。",
            "バックアップからの復旧手順を確認した。",
        ],
    ),
    (
        "phishing",
        "標的型攻撃・フィッシング",
        &[
            "標的型攻撃メールの受信",
            "フィッシングサイトへのアカウント情報入力",
            "取引先を装った不審なメール",
        ],
        &[
            "取引先を装った標的型攻撃メールを受信し、添付ファイルを開封した。",
            "偽のログイン画面にIDとパスワードを入力した。",
            "同じ件名のメールが複数の部署に届いていた。",
            "パスワードを変更し、多要素認証を有効にした。",
        ],
    ),
    (
        "misdelivery",
        "誤送信・誤配送",
        &["顧客宛メールの誤送信", "FAXの誤送信", "郵送物の誤配送"],
        &[
            "宛先を取り違えて顧客情報を含むメールを送信した。",
            "BCCで送るべきメールをTOで一斉送信した。",
            "誤送信先に削除を依頼し、削除の報告を受けた。",
            "送信前の宛先確認を二人で行う運用とした。",
        ],
    ),
    (
        "loss",
        "紛失・盗難",
        &[
            "ノートPCの紛失",
            "USBメモリの紛失",
            "業務用スマートフォンの盗難",
        ],
        &[
            "出張中に電車内でノートPCを紛失した。",
            "暗号化されていないUSBメモリを持ち出していた。",
            "遠隔ロックとデータ消去を実施した。",
            "警察に遺失届を提出した。",
        ],
    ),
    (
        "unauthorized_access",
        "不正アクセス",
        &[
            "VPN機器への不正アクセス",
            "管理画面への不正ログイン",
            "クラウドストレージへの不正アクセス",
        ],
        &[
            "VPN装置の脆弱性を悪用した不正アクセスの痕跡を確認した。",
            "海外のIPアドレスから管理者アカウントへのログインが繰り返された。",
            "ファームウェアを更新し、認証情報を変更した。",
            "アクセスログを保全し、外部の専門家に調査を依頼した。",
        ],
    ),
    (
        "leak",
        "情報漏えい",
        &[
            "個人情報の漏えい",
            "顧客名簿の持ち出し",
            "設定ミスによる情報公開",
        ],
        &[
            "個人情報を含むファイルが外部から閲覧可能な状態になっていた。",
            "個人情報保護委員会への速報を行った。",
            "本人への通知とお詫びを実施した。",
            "アクセス権限の設定を見直した。",
        ],
    ),
    (
        "web",
        "Webサイト改ざん",
        &["Webサイトの改ざん", "問い合わせフォームへの攻撃"],
        &[
            "公開Webサイトのトップページが改ざんされた。",
            "CMSのプラグインに既知の脆弱性があった。",
            "サイトを一時公開停止し、改ざん箇所を復元した。",
        ],
    ),
    (
        "outage",
        "システム障害",
        &["基幹システムの停止", "ネットワーク機器の故障による障害"],
        &[
            "基幹システムが停止し、受注業務が止まった。",
            "冗長構成の切り替えが動作しなかった。",
            "保守業者と連携して復旧した。",
        ],
    ),
];

const DEPARTMENTS: &[&str] = &[
    "営業部",
    "経理部",
    "人事部",
    "総務部",
    "開発部",
    "情報システム部",
    "カスタマーサポート",
    "製造部",
];
const SYSTEMS: &[&str] = &[
    "ファイルサーバ",
    "会計システム",
    "顧客管理システム",
    "メールサーバ",
    "勤怠システム",
    "社内ポータル",
    "VPN装置",
    "クラウドストレージ",
];
const ROLES: &[&str] = &[
    "情報セキュリティ責任者",
    "情報システム管理者",
    "部門長",
    "CSIRT担当者",
    "総務部長",
];
const STATUSES: &[(&str, &str)] = &[
    ("open", "対応中"),
    ("contained", "封じ込め済み"),
    ("recovered", "復旧済み"),
    ("closed", "完了"),
];
const GENERIC: &[&str] = &[
    "発見者は直ちに上長へ報告した。",
    "影響範囲を調査した。",
    "関係部署と対応方針を協議した。",
    "証拠となるログを保全した。",
    "再発防止策を検討した。",
    "経営層へ報告した。",
    "利用者への注意喚起を行った。",
    "対応手順書に沿って初動対応を行った。",
];
const ACTIONS: &[&str] = &[
    "全従業員向けに標的型攻撃メール訓練を実施する",
    "送信前の宛先確認ルールを周知する",
    "ノートPCのディスク暗号化を徹底する",
    "VPN装置の脆弱性情報を定期的に確認する",
    "バックアップの復旧テストを四半期ごとに行う",
    "アクセス権限の棚卸しを実施する",
    "インシデント対応手順書を改訂する",
    "多要素認証を全システムに導入する",
];

/// `n` incident pages followed by `n / 200 + 8` handbook sections.
pub(crate) fn corpus(n: usize) -> Vec<SearchDoc> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut docs: Vec<SearchDoc> = (0..n).map(|i| incident(i, n, &mut rng)).collect();
    for k in 0..n / 200 + 8 {
        docs.push(handbook(k, &mut rng));
    }
    docs
}

fn incident(i: usize, n: usize, rng: &mut Rng) -> SearchDoc {
    let (cat_id, cat_name, titles, facts) = CATEGORIES[rng.below(CATEGORIES.len())];
    let year = 2018 + (i * 9 / n.max(1)) as i32;
    let id = format!("INC-{year}-{:04}", i % 10_000 + 1);
    let level = rng.below(4) as i64;
    let (status, status_name) = STATUSES[rng.below(STATUSES.len())];
    let dept = rng.pick(DEPARTMENTS);
    let title = format!("{}（{}）", rng.pick(titles), dept);
    let mut body = format!(
        "インシデント報告 {id} {title} レベル{level} {cat_name} {status_name} 検知日時 {year}-{:02}-{:02} {:02}:{:02} 責任者 {} 発生場所 {dept} 影響システム {} ",
        rng.below(12) + 1, rng.below(28) + 1, rng.below(24), rng.below(60), rng.pick(ROLES), rng.pick(SYSTEMS),
    );
    body.push_str("概要 ");
    for _ in 0..3 {
        body.push_str(rng.pick(facts));
    }
    body.push_str(" 経緯 ");
    for step in 0..rng.below(4) + 3 {
        body.push_str(&format!(
            "{:02}:{:02} {} {}",
            9 + step,
            rng.below(60),
            rng.pick(ROLES),
            rng.pick(GENERIC)
        ));
        if rng.below(2) == 0 {
            body.push_str(rng.pick(facts));
        }
    }
    body.push_str(&format!(
        " 影響 {}件の記録が影響を受けた可能性がある。",
        rng.below(5000)
    ));
    body.push_str(" 原因 ");
    body.push_str(rng.pick(facts));
    body.push_str(" 是正処置 ");
    for _ in 0..rng.below(3) + 1 {
        body.push_str(&format!(
            "{}（担当 {}、期限 {year}-{:02}-{:02}）。",
            rng.pick(ACTIONS),
            rng.pick(ROLES),
            rng.below(12) + 1,
            rng.below(28) + 1
        ));
    }
    body.push_str(" 教訓 ");
    body.push_str(rng.pick(GENERIC));
    SearchDoc {
        url: format!("incidents/{id}.html"),
        kind: "incident".into(),
        title,
        body,
        facets: Facets {
            level: Some(level),
            category: Some(cat_id.into()),
            status: Some(status.into()),
            year: Some(year),
        },
    }
}

fn handbook(k: usize, rng: &mut Rng) -> SearchDoc {
    let (_, cat_name, _, facts) = CATEGORIES[k % CATEGORIES.len()];
    let mut body = String::new();
    for _ in 0..20 {
        body.push_str(rng.pick(GENERIC));
        body.push_str(rng.pick(facts));
    }
    SearchDoc {
        url: format!("handbook/page-{k}.html#section"),
        kind: "handbook".into(),
        title: format!("{cat_name}への対応 {k}"),
        body,
        facets: Facets::default(),
    }
}
