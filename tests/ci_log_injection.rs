//! What a hostile pull request can print into a CI log. GitHub's runner
//! reads every line a step prints, on standard output and standard error,
//! split at CR, LF and CRLF, and runs as a workflow command any line that
//! starts with `::` once leading whitespace is trimmed (`::error …`,
//! `::add-mask::`, `::stop-commands::`). A content file must not be able to
//! start such a line through `check` or `build`: not with a line break in a
//! mapping key, a value or a file name quoted by a message, nor with a bare
//! carriage return in a source line shown in a snippet.

mod common;

use common::*;

/// The lines of `text` as the Actions runner reads them.
fn runner_lines(text: &str) -> Vec<&str> {
    text.split("\r\n")
        .flat_map(|l| l.split(['\r', '\n']))
        .collect()
}

/// Lines of `text` the runner would take for a workflow command.
fn commands(text: &str) -> Vec<&str> {
    runner_lines(text)
        .into_iter()
        .filter(|l| l.trim_start().starts_with("::"))
        .collect()
}

/// The example with a line break and a carriage return planted, each
/// followed by a workflow command, wherever a finding quotes or shows text.
fn hostile() -> Fixture {
    let f = Fixture::example_one_warning();
    let rec = "incidents/2026/INC-2026-001.yaml";
    f.replace(
        rec,
        "level: 2\n",
        "level: 2\n\"k\\n::error file=x.yaml,line=1::key\\r::warning::cr\": 1\n",
    );
    f.replace(
        rec,
        "responsible: incident_manager",
        "responsible: \"x\\n::error::role\"",
    );
    f.write(
        "handbook/cr.md",
        "---\ntitle: t\n---\n\nsee [x](javascript:alert(1)) \r::error::snippet\n",
    );
    if cfg!(unix) {
        f.write(
            "incidents/2026/INC-2026-099\n::error::name.yaml",
            "id: INC-2026-099\ntitle: t\n",
        );
    }
    f
}

#[test]
fn no_content_starts_a_workflow_command_in_the_human_report() {
    let f = hostile();
    for args in [
        vec!["check", "--content", "content", "--today", TODAY],
        vec![
            "build",
            "--content",
            "content",
            "--today",
            TODAY,
            "--out",
            "site",
        ],
    ] {
        let run = f.run(&args);
        assert_eq!(run.status, 1, "{args:?}: {}", run.stderr);
        // The planted findings are reported (the test is not vacuous).
        for planted in ["W104", "E203", "E109"] {
            assert!(run.stderr.contains(planted), "{args:?}: no {planted}");
        }
        let found = commands(&run.stderr);
        assert!(
            found.is_empty(),
            "{args:?} printed workflow commands from the content:\n{found:#?}"
        );
        assert!(commands(&run.stdout).is_empty(), "{}", run.stdout);
    }
}

#[test]
fn the_github_format_prints_one_command_per_finding_and_nothing_else() {
    let f = hostile();
    let report = f.check();
    let out = f.path("report.txt");
    let out = out.to_string_lossy();
    let run = f.run(&[
        "check",
        "--content",
        "content",
        "--today",
        TODAY,
        "--format",
        "github",
        "--output",
        &out,
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let text = std::fs::read_to_string(&*out).unwrap_or_default();
    let found = commands(&text);
    assert_eq!(found.len(), report.diags.len(), "{text}");
    for line in found {
        assert!(
            line.starts_with("::error file=content/")
                || line.starts_with("::warning file=content/"),
            "{line}"
        );
    }
    // The human report printed beside it on standard error starts none.
    let found = commands(&run.stderr);
    assert!(found.is_empty(), "{found:#?}");
}
