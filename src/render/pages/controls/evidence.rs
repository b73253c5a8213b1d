//! A.5.28, evidence: the hash manifest (sources hashed, commit, working
//! tree state) and, where this audience sees them, the evidence files.

use super::figure::{Ctx, FigRow, FigureView, MAX_LINKS};
use super::PATH;
use crate::evidence::manifest::{INDEX_PATH, MANIFEST_PATH};
use crate::paths::site_href;
use crate::render::pages::evidence::EvidenceFileView;
use crate::render::pages::LinkView;

pub(super) fn evidence(c: &Ctx) -> Vec<FigureView> {
    let env = c.env;
    let t = &env.t;
    let index = site_href(PATH, INDEX_PATH);
    let manifest_row = |key: &str, value: String, alert: bool| FigRow {
        label: c.t(key),
        href: None,
        value,
        alert,
    };
    let mut rows = vec![manifest_row(
        "controls.sources_hashed",
        t.fmt(
            "common.count",
            &[(
                "n",
                &(env.content.sources.len()
                    + env.audit.evidence.values().map(Vec::len).sum::<usize>())
                .to_string(),
            )],
        ),
        false,
    )];
    match env.audit.git() {
        Some(repo) => {
            rows.push(manifest_row(
                "controls.commit",
                repo.commit
                    .as_deref()
                    .map(|h| h.chars().take(10).collect())
                    .unwrap_or_else(|| c.t("controls.uncommitted")),
                repo.commit.is_none(),
            ));
            rows.push(manifest_row(
                "controls.dirty",
                c.t(if repo.dirty {
                    "common.yes"
                } else {
                    "common.no"
                }),
                repo.dirty,
            ));
        }
        None => rows.push(manifest_row(
            "controls.commit",
            c.t("controls.not_in_git"),
            false,
        )),
    }
    let files: Vec<EvidenceFileView> = env
        .audit
        .evidence
        .iter()
        .flat_map(|(id, fs)| fs.iter().map(move |f| (id, f)))
        .map(|(id, f)| EvidenceFileView::new(env, id, f, "controls.html"))
        .collect();
    let records_with = env.audit.evidence.len();
    let matched = files.iter().filter(|f| f.recorded == Some(true)).count();
    let links: Vec<LinkView> = files
        .iter()
        .take(MAX_LINKS)
        .map(|f| LinkView {
            href: f.href.clone().unwrap_or_else(|| f.record_href.clone()),
            title: format!(
                "{} {} (SHA-256 {}…)",
                f.record,
                f.source,
                &f.sha256[..f.sha256.len().min(12)]
            ),
        })
        .collect();
    let mut out = vec![FigureView {
        key: "manifest",
        value: c.t("controls.manifest_value"),
        rows,
        detail: Some(c.t("controls.verify_hint")),
        basis: vec![
            c.link(&index, "controls.basis_manifest"),
            c.link(MANIFEST_PATH, "controls.basis_manifest_json"),
        ],
        ..Default::default()
    }];
    if env.view.shows("evidence") {
        out.push(FigureView {
            key: "evidence_files",
            value: t.fmt(
                "controls.files_in_records",
                &[
                    ("files", &files.len().to_string()),
                    ("records", &records_with.to_string()),
                ],
            ),
            detail: Some(t.fmt("controls.recorded_hashes", &[("n", &matched.to_string())])),
            records_key: (!links.is_empty()).then_some("evidence_files"),
            more: files.len().saturating_sub(MAX_LINKS),
            records: links,
            basis: vec![c.link(
                &format!("{index}#evidence-files"),
                "controls.basis_manifest",
            )],
            ..Default::default()
        });
    }
    out
}
