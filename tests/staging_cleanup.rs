//! Builds killed at any moment — including just after the swap, while the
//! old site is being removed under the staging name — leave nothing that the
//! next build does not recognise and remove.

#[path = "../examples/gen_corpus.rs"]
#[allow(dead_code)]
mod gen_corpus;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn build(workdir: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_ismsbook"))
        .current_dir(workdir)
        .args([
            "build",
            "--content",
            "content",
            "--out",
            "public",
            "--today",
            "2026-11-22",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn build")
}

/// Our directories beside `public`: `.public.tmp-*` and `.public.old-*`.
fn leftovers(workdir: &Path) -> Vec<String> {
    std::fs::read_dir(workdir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

fn set_title(content: &Path, title: &str) {
    let site = content.join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    let text: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                format!("title: {title}")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&site, text.join("\n") + "\n").unwrap();
}

#[cfg(unix)]
#[test]
fn builds_killed_after_the_swap_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    let opts = gen_corpus::Options::new(400, &content);
    gen_corpus::generate(&opts).expect("corpus");
    let status = build(dir.path()).wait().unwrap();
    assert!(status.success());

    let mut after_swap = 0;
    for round in 0..10 {
        let title = format!("中断 {round}");
        set_title(&content, &title);
        let mut child = build(dir.path());
        let pid = child.id();
        let started = Instant::now();
        // Kill as soon as the new site is in place while the old one is
        // still being removed under the staging name.
        loop {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            let swapped = std::fs::read_to_string(dir.path().join("public/index.html"))
                .is_ok_and(|i| i.contains(&title));
            let removing = leftovers(dir.path())
                .iter()
                .any(|n| n.ends_with(&pid.to_string()));
            if swapped && removing {
                let _ = child.kill();
                after_swap += 1;
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "build hung");
            std::thread::sleep(Duration::from_micros(200));
        }
        let _ = child.wait();
    }
    eprintln!("{after_swap} of 10 builds were killed after the swap");
    let status = build(dir.path()).wait().unwrap();
    assert!(status.success());
    assert_eq!(
        leftovers(dir.path()),
        Vec::<String>::new(),
        "the last build removed every leftover"
    );
}
