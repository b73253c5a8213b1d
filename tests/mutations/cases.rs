//! The mutation cases of `tests/mutations.rs`: each a name, the changes it
//! makes to a copy of the example content, and whether the result is
//! certainly invalid (then `check` must report an error). Random choices
//! come from one fixed seed, so the list is the same on every run.

use std::collections::BTreeMap;

pub enum Op {
    Write(String, Vec<u8>),
    Remove(String),
    #[cfg_attr(not(unix), allow(dead_code))]
    Symlink(String, String),
}

pub struct Case {
    pub name: String,
    pub ops: Vec<Op>,
    pub invalid: bool,
    /// Run only with `ISMSBOOK_MUTATION_ALL=1` (or when named): the default
    /// run takes a seeded sample of the truncations, byte changes and wrong
    /// types, and each payload once in a combined case, to stay well under
    /// a minute in a debug build.
    pub extended: bool,
}

/// splitmix64: small, fixed, good enough to pick positions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const SEED: u64 = 0x1515_2026_1122_0016;
const RECORD: &str = "incidents/2026/INC-2026-007.yaml";
const EVIDENCE_RECORD: &str = "incidents/2026/INC-2026-001.yaml";
const PAGE: &str = "handbook/start.md";

fn case(name: impl Into<String>, invalid: bool, ops: Vec<Op>) -> Case {
    Case {
        name: name.into(),
        ops,
        invalid,
        extended: false,
    }
}

fn extended(mut c: Case) -> Case {
    c.extended = true;
    c
}

fn write(rel: &str, bytes: impl Into<Vec<u8>>) -> Op {
    Op::Write(rel.to_string(), bytes.into())
}

fn text(base: &BTreeMap<String, Vec<u8>>, rel: &str) -> String {
    String::from_utf8(base[rel].clone()).expect("example files are UTF-8")
}

/// `rel` with its top-level `key:` (and the indented lines under it)
/// replaced by `key: value` (value may span lines).
fn set_key(base: &BTreeMap<String, Vec<u8>>, rel: &str, key: &str, value: &str) -> Op {
    write(rel, replace_key(&text(base, rel), key, value))
}

/// `src` with its top-level `key:` replaced (see [`set_key`]).
fn replace_key(src: &str, key: &str, value: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    let mut done = false;
    for line in src.split_inclusive('\n') {
        if skipping && (line.starts_with(' ') || line.starts_with('-') || line.trim().is_empty()) {
            continue;
        }
        skipping = false;
        if !done && line.starts_with(&format!("{key}:")) {
            out.push_str(&format!("{key}: {value}\n"));
            skipping = true;
            done = true;
            continue;
        }
        out.push_str(line);
    }
    if !done {
        out.push_str(&format!("{key}: {value}\n"));
    }
    out
}

/// The top-level keys of a YAML document of the example.
fn top_keys(src: &str) -> Vec<String> {
    src.lines()
        .filter(|l| !l.starts_with([' ', '-', '#']) && l.contains(':'))
        .filter_map(|l| l.split(':').next())
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .map(str::to_string)
        .collect()
}

/// A page with `body` appended (Markdown).
fn page_with(base: &BTreeMap<String, Vec<u8>>, body: &str) -> Op {
    write(PAGE, format!("{}\n\n{body}\n", text(base, PAGE)))
}

pub fn all(base: &BTreeMap<String, Vec<u8>>) -> Vec<Case> {
    let mut rng = Rng(SEED);
    let mut cases = Vec::new();
    let documents: Vec<&String> = base
        .keys()
        .filter(|k| k.ends_with(".yaml") || k.ends_with(".md"))
        .collect();

    // Truncations at structural points of every document.
    for rel in &documents {
        let bytes = &base[rel.as_str()];
        let points: Vec<usize> = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| b"\n:-[{\"|>#".contains(b))
            .map(|(i, _)| i)
            .collect();
        // YAML: two points by default. Markdown stays valid, so each case
        // is a whole build (seconds in a debug build): by default only for
        // the page every payload case uses.
        let default = if rel.ends_with(".yaml") {
            2
        } else if rel.as_str() == PAGE {
            1
        } else {
            0
        };
        for n in 0..3 {
            let at = points[rng.below(points.len())];
            for cut in [at, at + 1] {
                let c = case(
                    format!("truncate {rel} at {cut}"),
                    false,
                    vec![write(rel, bytes[..cut.min(bytes.len())].to_vec())],
                );
                cases.push(if n < default { c } else { extended(c) });
            }
        }
    }
    // A required document removed or emptied.
    for rel in ["site.yaml", "policy.yaml", "contacts.yaml", RECORD] {
        cases.push(case(format!("empty {rel}"), true, vec![write(rel, "")]));
    }
    for rel in ["policy.yaml", "contacts.yaml"] {
        cases.push(case(
            format!("remove {rel}"),
            true,
            vec![Op::Remove(rel.into())],
        ));
    }

    // Bytes: NUL, invalid UTF-8, BOMs, tabs, line endings, bit flips.
    let yaml: Vec<&String> = documents
        .iter()
        .copied()
        .filter(|k| k.ends_with(".yaml"))
        .collect();
    for rel in &documents {
        let first = cases.len();
        let bytes = &base[rel.as_str()];
        let at = {
            // A position at a character boundary.
            let s = std::str::from_utf8(bytes).expect("utf-8");
            let mut i = rng.below(s.len());
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let spliced = |insert: &[u8]| {
            let mut v = bytes[..at].to_vec();
            v.extend_from_slice(insert);
            v.extend_from_slice(&bytes[at..]);
            v
        };
        cases.push(case(
            format!("NUL in {rel} at {at}"),
            rel.ends_with(".yaml"),
            vec![write(rel, spliced(b"\0"))],
        ));
        cases.push(case(
            format!("0xFF in {rel} at {at}"),
            true,
            vec![write(rel, spliced(b"\xff"))],
        ));
        cases.push(case(
            format!("lone surrogate in {rel} at {at}"),
            true,
            vec![write(rel, spliced(b"\xed\xa0\x80"))],
        ));
        cases.push(case(
            format!("BOM in the middle of {rel} at {at}"),
            false,
            vec![write(rel, spliced("\u{feff}".as_bytes()))],
        ));
        let mut bom = "\u{feff}".as_bytes().to_vec();
        bom.extend_from_slice(bytes);
        cases.push(case(
            format!("BOM before {rel}"),
            false,
            vec![write(rel, bom)],
        ));
        let s = text(base, rel);
        cases.push(case(
            format!("CRLF line ends in {rel}"),
            false,
            vec![write(rel, s.replace('\n', "\r\n"))],
        ));
        cases.push(case(
            format!("CR line ends in {rel}"),
            false,
            vec![write(rel, s.replace('\n', "\r"))],
        ));
        let mut flipped = bytes.clone();
        for _ in 0..4 {
            let i = rng.below(flipped.len());
            flipped[i] ^= 1 << rng.below(8);
        }
        cases.push(case(
            format!("bit flips in {rel}"),
            false,
            vec![write(rel, flipped)],
        ));
        // By default the four that make an error (NUL, 0xFF, a lone
        // surrogate, bit flips; NUL is text in Markdown) for each YAML file
        // and 0xFF for Markdown; the BOMs and line ends, which build a whole
        // site, for the site settings and the record only.
        let whole = rel.as_str() == "site.yaml" || rel.as_str() == RECORD;
        let kinds: Vec<usize> = (first..cases.len())
            .filter(|&i| {
                let n = &cases[i].name;
                let error = n.starts_with("0xFF")
                    || (rel.ends_with(".yaml")
                        && (n.starts_with("NUL")
                            || n.starts_with("lone")
                            || n.starts_with("bit flips")));
                !(error || whole)
            })
            .collect();
        for i in kinds {
            cases[i].extended = true;
        }
    }
    for rel in &yaml {
        let s = text(base, rel);
        let tabbed: String = s
            .lines()
            .map(|l| match l.strip_prefix("  ") {
                Some(rest) => format!("\t{rest}\n"),
                None => format!("{l}\n"),
            })
            .collect();
        if tabbed != s {
            cases.push(case(
                format!("tab indentation in {rel}"),
                true,
                vec![write(rel, tabbed)],
            ));
        }
    }

    // YAML bombs, depth and size.
    let deep = |open: &str, n: usize| format!("title: {}\n", open.repeat(n));
    for (name, body) in [
        ("deep flow sequence", deep("[", 100_000)),
        ("deep flow mapping", deep("{a: ", 20_000)),
        ("deep block sequence", {
            let mut s = String::from("title:\n");
            for i in 0..2_000 {
                s.push_str(&" ".repeat(i * 2));
                s.push_str("-\n");
            }
            s
        }),
        ("billion laughs", {
            let mut s = String::from("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            for i in 1..12 {
                let p = i - 1;
                s.push_str(&format!(
                    "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
                ));
            }
            s
        }),
        ("alias loop attempt", "a: &x [*x]\n".to_string()),
        ("undefined alias", "title: *nowhere\n".to_string()),
        (
            "merge key bomb",
            "base: &b {x: 1}\nm: {<<: [*b, *b, *b, *b]}\n".to_string(),
        ),
        (
            "one line of 3 MB",
            format!("title: {}\n", "長".repeat(1_000_000)),
        ),
        (
            "a file of 5 MB",
            format!("summary: |\n{}", "  あいうえお\n".repeat(300_000)),
        ),
        (
            "20k keys",
            (0..20_000).map(|i| format!("k{i}: v\n")).collect(),
        ),
        ("duplicate keys", "id: A\nid: B\n".to_string()),
        (
            "tags and directives",
            "%YAML 1.2\n---\n!!binary id: !custom x\n".to_string(),
        ),
        ("many documents", "id: a\n---\nid: b\n---\n".to_string()),
    ] {
        let src = text(base, RECORD);
        // Unknown keys are warnings (W104): those two cases are not errors.
        let invalid = !matches!(name, "merge key bomb" | "20k keys");
        cases.push(case(
            format!("record: {name}"),
            invalid,
            vec![write(RECORD, format!("{src}{body}"))],
        ));
    }
    let anchors = text(base, RECORD).replacen("title: ", "title: &t ", 1) + "location: *t\n";
    cases.push(case(
        "record: anchor reused as a value",
        false,
        vec![write(RECORD, anchors)],
    ));

    // Numbers, dates and wrong types in every field.
    for value in [
        "99999999999999999999999999",
        "1e400",
        "-1",
        "0x10",
        "0o7",
        ".inf",
        ".nan",
        "-0",
        "1_000",
        "18446744073709551616",
        "2.5",
    ] {
        cases.push(case(
            format!("level {value}"),
            true,
            vec![set_key(base, RECORD, "level", value)],
        ));
    }
    for value in [
        "+10000-01-01T00:00:00+09:00",
        "0000-01-01T00:00:00+09:00",
        "2026-02-30T00:00:00+09:00",
        "2026-10-05T25:00:00+09:00",
        "2026-10-05T14:00:00+99:00",
        "2026-10-05",
        "1e9",
        "-9999-01-01T00:00:00Z",
    ] {
        cases.push(case(
            format!("detected_at {value}"),
            value != "2026-10-05",
            vec![set_key(base, RECORD, "detected_at", value)],
        ));
    }
    let wrong = [
        ("a list", "[a, [b], {c: d}]"),
        ("a map", "{a: b, c: [d]}"),
        ("a number", "12345678901234567890"),
        ("a bool", "true"),
        ("null", "null"),
        ("a date", "2026-01-01"),
        ("a block", "|\n  </script><script>alert(1)</script>\n  line"),
    ];
    for rel in [
        RECORD,
        "drills/2026/DRL-2026-01.yaml",
        "site.yaml",
        "policy.yaml",
        "contacts.yaml",
    ] {
        for key in top_keys(&text(base, rel)) {
            // By default a mapping, which no field of these takes as it is
            // written (an error: no whole build); the rest on demand.
            let chosen = 1;
            for (i, (what, value)) in wrong.iter().enumerate() {
                let c = case(
                    format!("{rel}: {key} is {what}"),
                    false,
                    vec![set_key(base, rel, &key, value)],
                );
                cases.push(if i == chosen { c } else { extended(c) });
            }
        }
    }

    // Invisible characters in ids and titles; CR and LF in titles.
    for (what, ch) in [
        ("RLO", '\u{202e}'),
        ("LRI", '\u{2066}'),
        ("ZWSP", '\u{200b}'),
        ("ZWJ", '\u{200d}'),
        ("BOM", '\u{feff}'),
        ("ESC", '\u{1b}'),
        ("DEL", '\u{7f}'),
        ("NEL", '\u{85}'),
    ] {
        let id = format!("\"INC-2026-{ch}007\"");
        cases.push(case(
            format!("{what} in the id"),
            true,
            vec![set_key(base, RECORD, "id", &id)],
        ));
        let title = format!("\"見える{ch}状態\"");
        cases.push(case(
            format!("{what} in the title"),
            true,
            vec![set_key(base, RECORD, "title", &title)],
        ));
    }
    for (what, title) in [
        ("CRLF", "\"a\\r\\nSUMMARY:injected\\r\\nEND:VEVENT\""),
        ("LF", "\"a\\nDTSTART:19700101\""),
        ("U+2028", "\"a\\u2028b\\u2029c\""),
        ("a calendar's special characters", "\"a,b;c\\\\d:e\""),
        (
            "a formula",
            "\"=HYPERLINK(\\\"https://x.invalid\\\",\\\"x\\\")\"",
        ),
    ] {
        cases.push(case(
            format!("{what} in the title"),
            what.contains("LF"),
            vec![set_key(base, RECORD, "title", title)],
        ));
    }

    // `</script>` and markup in text that lands in JSON inside HTML and in
    // the search index.
    let payloads = [
        "</script><script>alert(1)</script>",
        "</SCRIPT ><img src=x onerror=alert(1)>",
        "<!--<script>alert(1)//-->",
        "<svg onload=alert(1)><script>alert(2)</script></svg>",
        "\"><iframe src=javascript:alert(1)>",
        "{{ 7*7 }}{% raw %}",
        "]]><![CDATA[<script>x</script>",
    ];
    let quote = |p: &str| format!("'{}'", p.replace('\'', "''"));
    let keys = ["title", "summary", "location", "reporter", "tags"];
    for (i, p) in payloads.iter().enumerate() {
        let quoted = quote(p);
        for key in keys {
            let value = if key == "tags" {
                format!("[{quoted}]")
            } else {
                quoted.clone()
            };
            cases.push(extended(case(
                format!("payload {i} in the record's {key}"),
                false,
                vec![set_key(base, RECORD, key, &value)],
            )));
        }
        cases.push(extended(case(
            format!("payload {i} in the site title"),
            false,
            vec![set_key(base, "site.yaml", "title", &quoted)],
        )));
        cases.push(extended(case(
            format!("payload {i} in a page"),
            false,
            vec![page_with(base, p)],
        )));
    }
    // By default, every payload in one build: each record field a different
    // one, every one in the tags, the page and the site title.
    let mut record = text(base, RECORD);
    for (key, p) in keys.iter().zip(payloads.iter().cycle()) {
        record = replace_key(&record, key, &quote(p));
    }
    let all_tags: Vec<String> = payloads.iter().map(|p| quote(p)).collect();
    record = replace_key(&record, "tags", &format!("[{}]", all_tags.join(", ")));
    cases.push(case(
        "every payload in the record, the site title and a page",
        false,
        vec![
            write(RECORD, record),
            set_key(base, "site.yaml", "title", &quote(&payloads.concat())),
            page_with(base, &payloads.join("\n\n")),
        ],
    ));

    // Raw HTML, SVG and code-running URLs in Markdown.
    let mut markup = Vec::new();
    for (i, md) in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg><script>alert(1)</script><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<iframe src=\"https://x.invalid\"></iframe><object data=x></object><embed src=x>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><base href=\"javascript:/\">",
        "<form action=\"javascript:alert(1)\"><button formaction=javascript:alert(1)>x</button></form>",
        "<style>@import 'javascript:alert(1)';</style><div style=\"background:url(javascript:alert(1))\">x</div>",
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](  javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "![x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
        "[x](java\\\nscript:alert(1))",
        "<details open ontoggle=alert(1)>x</details>",
    ]
    .iter()
    .enumerate()
    {
        cases.push(extended(case(format!("markup {i} in a page"), false, vec![page_with(base, md)])));
        let block = format!("|\n  {}", md.replace('\n', "\n  "));
        cases.push(extended(case(format!("markup {i} in the record's summary"), false, vec![set_key(base, RECORD, "summary", &block)])));
        markup.push(*md);
    }
    // By default, all of it in two builds: the raw HTML (which `check`
    // passes, sanitised) in one page and one summary, the built site
    // scanned; the Markdown links with code-running schemes (E109) in
    // another.
    let (html, links): (Vec<&str>, Vec<&str>) = markup
        .iter()
        .partition(|m| m.starts_with('<') && !m.starts_with("<javascript:"));
    for (name, items, invalid) in [
        ("raw HTML", html, false),
        ("code-running links", links, true),
    ] {
        let joined = items.join("\n\n");
        cases.push(case(
            format!("all {name} in a page and in the record's summary"),
            invalid,
            vec![
                page_with(base, &joined),
                set_key(
                    base,
                    RECORD,
                    "summary",
                    &format!("|\n  {}", joined.replace('\n', "\n  ")),
                ),
            ],
        ));
    }
    for url in [
        "javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        " JAVASCRIPT:alert(1)",
    ] {
        let contacts =
            text(base, "contacts.yaml").replacen("https://www.ipa.go.jp/security/anshin/", url, 1);
        cases.push(case(
            format!("contact url {url}"),
            true,
            vec![write("contacts.yaml", contacts)],
        ));
        let site = text(base, "site.yaml").replacen("https://isms.example.co.jp/", url, 1);
        cases.push(case(
            format!("base_url {url}"),
            true,
            vec![write("site.yaml", site)],
        ));
    }

    // Paths: traversal, absolute paths, odd names, symbolic links.
    let evidence = text(base, EVIDENCE_RECORD);
    for path in [
        "../../../../../../etc/passwd",
        "/etc/passwd",
        "evidence/INC-2026-001/../../site.yaml",
        "evidence/../../outside.txt",
        "C:\\Windows\\win.ini",
        "\\\\server\\share\\x",
        "evidence/INC-2026-001/",
        "evidence/INC-2026-001/vpn-auth.log\\u0000.html",
        "file:///etc/passwd",
        "evidence/INC-2026-001/%2e%2e/%2e%2e/site.yaml",
    ] {
        let changed = evidence.replacen(
            "path: evidence/INC-2026-001/vpn-auth.log",
            &format!("path: \"{path}\""),
            1,
        );
        cases.push(case(
            format!("evidence path {path}"),
            true,
            vec![write(EVIDENCE_RECORD, changed)],
        ));
    }
    let page = text(base, PAGE);
    for name in [
        "handbook/<script>alert(1)<%2Fscript>.md",
        "handbook/..md",
        "handbook/.hidden.md",
        "handbook/a\"b'c.md",
        "handbook/javascript:alert(1).md",
        "handbook/con.md",
        "handbook/ページ 名前.md",
        "handbook/a\u{202e}dm.exe.md",
        "incidents/2026/INC-2026-099.yaml.md",
        "evidence/INC-2026-001/<img src=x onerror=alert(1)>.log",
    ] {
        cases.push(case(
            format!("file named {name}"),
            false,
            vec![write(name, page.clone())],
        ));
    }
    for (link, target, invalid) in [
        ("handbook/passwd.md", "/etc/passwd", true),
        ("handbook/up.md", "../../outside.md", true),
        ("handbook/loop.md", "loop.md", true),
        ("handbook/dir", "..", false),
        ("incidents/2026/loop", ".", false),
        ("incidents/2026/INC-2026-099.yaml", "/etc/hostname", true),
        ("evidence/INC-2026-001/vpn-auth.log", "/etc/passwd", true),
        ("evidence/INC-2026-001/up", "../../..", false),
    ] {
        let mut ops = Vec::new();
        if base.contains_key(link) {
            ops.push(Op::Remove(link.to_string()));
        }
        ops.push(Op::Symlink(link.to_string(), target.to_string()));
        cases.push(case(format!("symlink {link} -> {target}"), invalid, ops));
    }
    cases
}
