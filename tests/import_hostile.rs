//! `import` of a workbook someone made to hurt: sizes in its zip directory
//! that lie about what its parts unpack to.

mod common;

use common::{read_tree, Fixture, TODAY};
use std::path::Path;

#[test]
fn a_workbook_whose_zip_directory_lies_about_sizes_is_refused_before_it_is_read() {
    // lying-size.xlsx (tests/fixtures/import/lying_size.py): a shared-strings
    // part that unpacks to 100 MB, listed as 1,000 bytes. Trusting the
    // directory, the reader held it whole (a 250 KB file, 258 MB of memory;
    // at the 64 MB file limit, tens of gigabytes).
    let f = Fixture::example();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/import");
    let before = read_tree(&f.root());
    let run = f.run(&[
        "import",
        fixtures.join("lying-size.xlsx").to_str().unwrap(),
        "--map",
        examples.join("jp-register.yaml").to_str().unwrap(),
        "--content",
        "content",
        "--today",
        TODAY,
        "--format",
        "json",
    ]);
    assert_eq!(run.status, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("\"E134\"") && run.stdout.contains("xl/sharedStrings.xml"),
        "not refused for its unpacked size:\n{}",
        run.stdout
    );
    assert_eq!(read_tree(&f.root()), before, "the content was changed");
}
