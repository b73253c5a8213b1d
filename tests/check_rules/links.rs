//! E208: a link or image in Markdown that points at a page or file the
//! built site will not have.

use super::*;

const START: &str = "handbook/start.md";

fn dead_links(p: &[Diag]) -> Vec<(&str, At, &str)> {
    p.iter()
        .filter(|d| d.code == "E208")
        .map(|d| (d.file.as_str(), d.at(), d.message.as_str()))
        .collect()
}

#[test]
fn e208_dead_links_in_a_handbook_page() {
    let f = Fixture::example();
    let added = "\n[他の頁](other.md)、[消えた頁](../handbook/missing.html)、![図](img/x.png)、\
                 [綴り違い](first-responce.md)、[初動](first-response.md#top)、[連絡先](../contacts.html)、\
                 [記録](../incidents/INC-2026-007.html)、[外](https://example.com/x.md)、\
                 [トップ](../)、[台帳](../register.html?level=2)、[証拠](../incidents/INC-2026-007/evidence/a.log)\n";
    let text = append(&f, START, added);
    let p = f.problems();
    let dead = dead_links(&p);
    let line = "[他の頁](other.md)";
    assert_eq!(
        dead.iter()
            .map(|(file, at, _)| (*file, *at))
            .collect::<Vec<_>>(),
        vec![
            (START, locate(&text, line, "[他の頁]")),
            (START, locate(&text, line, "[消えた頁]")),
            (START, locate(&text, line, "![図]")),
            (START, locate(&text, line, "[綴り違い]")),
        ],
        "{}",
        list(&p)
    );
    assert_eq!(p.len(), 4, "only the four dead links: {}", list(&p));
    for (d, target) in p.iter().zip([
        "other.md",
        "../handbook/missing.html",
        "img/x.png",
        "first-responce.md",
    ]) {
        assert_severity(d);
        assert!(d.message.contains(target), "{d}");
    }
    // The hint names the page meant, in the form the link was written.
    let typo = &p[3];
    assert!(
        typo.hint
            .as_deref()
            .unwrap_or("")
            .contains("first-response.md"),
        "{typo}"
    );
}

#[test]
fn e208_record_links_are_read_from_the_records_page() {
    let f = Fixture::example();
    let from = "  JPCERT/CC から";
    let to = "  [初動](../handbook/first-response.md)、[無い頁](../handbook/nothere.md)、\
              [前の記録](INC-2026-001.md)、[無い記録](INC-2026-999.md)、[手引き](handbook/start.md)。\n  JPCERT/CC から";
    let text = f.replace(OPEN, from, to);
    let p = f.problems();
    let line = "[初動](../handbook/first-response.md)";
    assert_eq!(
        p.iter()
            .map(|d| (d.code.as_str(), d.at()))
            .collect::<Vec<_>>(),
        vec![
            ("E208", locate(&text, line, "[無い頁]")),
            ("E208", locate(&text, line, "[無い記録]")),
            ("E208", locate(&text, line, "[手引き]")),
        ],
        "{}",
        list(&p)
    );
    assert!(p[1].message.contains("INC-2026-999.md"), "{}", p[1]);
    // `handbook/start.md` from `incidents/INC-2026-007.html` is
    // `incidents/handbook/start.html`: the hint gives the way up.
    assert!(
        p[2].hint
            .as_deref()
            .unwrap_or("")
            .contains("../handbook/start.md"),
        "{}",
        p[2]
    );
}
