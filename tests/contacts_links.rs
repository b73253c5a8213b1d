//! Contact links do what the page shows: a `tel:` link dials the number
//! shown (not the digits of a note, an extension, a trunk 0 or of text
//! reordered by a bidi control), a `mailto:` link writes to the one address
//! shown (no `?cc=`, `&bcc=`, `&body=` or second address), and a contact URL
//! is `http(s)`. Values that cannot be such a link are E113, E114 and E109 in
//! `check`, where they are written, instead of silently losing their link.

mod common;

use common::*;
use ismsbook::site::{build, BuildOptions};
use std::path::Path;

const CONTACTS: &str = "contacts.yaml";

fn build_site(f: &Fixture) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    build(&BuildOptions {
        content: f.root(),
        out: out.path().join("public"),
        theme: None,
        today,
        audience: None,
    })
    .unwrap_or_else(|e| panic!("build failed: {e:?}"));
    out
}

fn page(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join("public").join(rel)).unwrap()
}

/// Every `href="tel:…"` and `href="mailto:…"` value in `html`.
fn hrefs<'a>(html: &'a str, scheme: &str) -> Vec<&'a str> {
    let needle = format!("href=\"{scheme}:");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + 6..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

#[test]
fn hostile_contact_values_are_reported_where_they_are_written() {
    let f = Fixture::example();
    let edits: &[(&str, &str)] = &[
        // Shows 03-6712-4103 in a browser; the digits are stored (and were
        // dialled) as 3014217630.
        ("    phone: 03-6712-4103", "    phone: \u{202E}3014-2176-30"),
        (
            "      phone: 03-6712-4104",
            "      phone: 03-6712-4104 / 03-6712-4105",
        ),
        // A bare number: YAML drops the leading 0.
        ("      phone: 03-6712-4102", "      phone: 0367124102"),
        ("    phone: 03-5978-7509", "    phone: 03-5978-7509 内線"),
        (
            "    email: president@example.co.jp",
            "    email: president@example.co.jp?cc=outsider@example.com",
        ),
        (
            "    email: privacy@example.co.jp",
            "    email: privacy@example.co.jp,outsider@example.com",
        ),
        (
            "      email: y.ito@example.co.jp",
            "      email: \"y.ito@example.co.jp\\nbcc: outsider@example.com\"",
        ),
        (
            "    email: cs-support@ipa.go.jp",
            "    email: cs-support@ipa.go.jp&body=%0D%0Ahello",
        ),
        (
            "    url: https://www.jpcert.or.jp/form/",
            "    url: javascript:alert(1)",
        ),
        (
            "    url: https://www.ppc.go.jp/personalinfo/legal/leakAction/",
            "    url: ftp://www.ppc.go.jp/",
        ),
    ];
    let mut text = f.read(CONTACTS);
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} not in contacts.yaml");
        text = text.replacen(from, to, 1);
    }
    f.write(CONTACTS, &text);
    let p = f.problems();
    let expect = [
        ("E113", "phone: \u{202E}3014"),
        ("E113", "phone: 03-6712-4104 / "),
        ("E113", "phone: 0367124102"),
        ("E113", "phone: 03-5978-7509 内線"),
        ("E114", "email: president@"),
        ("E114", "email: privacy@"),
        // A line break in an address is a control character: E112 (the
        // one diagnostic for that value).
        ("E112", "email: \"y.ito@"),
        ("E114", "email: cs-support@"),
        ("E109", "url: javascript:"),
        ("E109", "url: ftp:"),
    ];
    for (code, line) in expect {
        let (key, _) = line.split_once(": ").unwrap();
        let value = text
            .lines()
            .find(|l| l.contains(line))
            .and_then(|l| l.split_once(": "))
            .map(|(_, v)| v)
            .unwrap();
        let at = value_at(&text, &format!("{key}: {value}"));
        let d = assert_has(&p, code, CONTACTS, at);
        assert!(d.hint.is_some(), "{d}");
    }
    assert_eq!(p.len(), expect.len(), "{}", list(&p));
}

#[test]
fn tel_links_dial_the_number_shown_and_mailto_links_the_address_alone() {
    let f = Fixture::example();
    f.replace(CONTACTS, "phone: 03-6712-4103", "phone: 0120-123-456 (24h)");
    f.replace(
        CONTACTS,
        "phone: 03-6712-4102",
        "phone: 03-6712-4102 内線 7",
    );
    f.replace(CONTACTS, "phone: 03-6712-4101", "phone: +81 (0)3-6712-4101");
    f.replace(
        CONTACTS,
        "phone: 03-6712-4001",
        "phone: ０３－６７１２－４００１",
    );
    f.replace(
        CONTACTS,
        "phone: 03-6712-4210",
        "phone: 03-6712-4210（平日 9〜17時）",
    );
    let p = f.problems();
    assert!(p.is_empty(), "{}", list(&p));
    let out = build_site(&f);
    let contacts = page(out.path(), "contacts.html");
    let tel = hrefs(&contacts, "tel");
    for want in [
        "tel:0120123456",
        "tel:0367124102",
        "tel:+81367124101",
        "tel:0367124001",
        "tel:0367124210",
        "tel:0367124104",
        "tel:0359787509",
    ] {
        assert!(tel.contains(&want), "no {want} in {tel:?}");
    }
    for page_name in ["contacts.html", "index.html", "levels.html", "flow.html"] {
        let html = page(out.path(), page_name);
        for t in hrefs(&html, "tel") {
            let number = &t["tel:".len()..];
            assert!(
                number.len() >= 3
                    && number
                        .trim_start_matches('+')
                        .bytes()
                        .all(|b| b.is_ascii_digit()),
                "{page_name}: {t}"
            );
            assert!(
                !["012012345624", "03671241027", "+810367124101"].contains(&number),
                "{page_name}: {t} dials digits that are not the number"
            );
        }
        for m in hrefs(&html, "mailto") {
            let addr = &m["mailto:".len()..];
            assert!(
                addr.bytes().filter(|&b| b == b'@').count() == 1
                    && addr
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"@._+-".contains(&b)),
                "{page_name}: {m}"
            );
        }
    }
    let mail = hrefs(&contacts, "mailto");
    assert!(mail.contains(&"mailto:incident@example.co.jp"), "{mail:?}");
}

#[test]
fn the_example_contacts_link_their_numbers() {
    let f = Fixture::example();
    let out = build_site(&f);
    let contacts = page(out.path(), "contacts.html");
    let tel = hrefs(&contacts, "tel");
    let text = f.read(CONTACTS);
    let mut phones = 0;
    for line in text.lines() {
        if let Some(v) = line.trim().strip_prefix("phone: ") {
            let digits: String = v.chars().filter(char::is_ascii_digit).collect();
            let want = format!("tel:{digits}");
            assert!(tel.contains(&want.as_str()), "no {want} in {tel:?}");
            phones += 1;
        }
    }
    assert!(phones >= 8, "{phones}");
}

/// The detail of E113 (and E114, E109) names the character in the
/// report's language: a Japanese report says it in Japanese.
#[test]
fn forbidden_character_detail_is_in_the_reports_language() {
    let f = Fixture::example();
    f.replace(
        CONTACTS,
        "phone: 03-6712-4103",
        "phone: \u{202E}03-6712-4103",
    );
    let ja = f.check_human("ja");
    let out = format!("{}{}", ja.stdout, ja.stderr);
    let line = out
        .lines()
        .find(|l| l.contains("E113"))
        .unwrap_or_else(|| panic!("no E113 in:\n{out}"));
    assert!(line.contains("U+202E"), "{line}");
    assert!(
        !line.contains("invisible") && !line.contains("character"),
        "English in a Japanese report: {line}"
    );
    let en = f.check_human("en");
    let out = format!("{}{}", en.stdout, en.stderr);
    assert!(
        out.contains("the invisible or direction-changing character U+202E"),
        "{out}"
    );
}
