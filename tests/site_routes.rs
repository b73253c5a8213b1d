//! `model::routes` knows, from the content alone, every page a build writes:
//! `check`'s dead-link rule (E208) answers from it, so it must not miss a
//! page (a false E208) nor hold one the site lacks (a dead link let through).

mod common;

use common::*;
use ismsbook::model::routes::Routes;

#[test]
fn routes_know_every_page_the_example_site_has() {
    let f = Fixture::example();
    let run = f.build_site("site", "2026-11-22", &[]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let site = read_tree(&f.workdir().join("site"));
    let loaded = ismsbook::load::load(&f.root()).expect("the example loads");
    let routes = Routes::of(&loaded.content);
    for fixed in ismsbook::paths::FIXED_FILES {
        assert!(site.contains_key(*fixed), "`{fixed}` is not in the site");
    }
    for path in site.keys().filter(|p| p.ends_with(".html")) {
        assert!(
            routes.has(&loaded.content.sources, path),
            "routes miss `{path}`"
        );
    }
    for missing in [
        "handbook/nothere.html",
        "incidents/INC-2026-999.html",
        "img/x.png",
    ] {
        assert!(
            !site.contains_key(missing) && !routes.has(&loaded.content.sources, missing),
            "{missing}"
        );
    }
}
