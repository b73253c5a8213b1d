//! Inline SVG generated at build time: the reporting flowchart (`flow.html`)
//! the dashboard charts (`dashboard.html`) and the QR code of `card.html`.
//!
//! Everything here is plain string building with no fonts, scripts or
//! external references, so the site works offline and two builds are
//! byte-identical. Every SVG has a `viewBox` and its natural size as
//! `width`/`height` (no `style` attribute, which the site's
//! Content-Security-Policy blocks): the stylesheet's `svg { max-width: 100%;
//! height: auto }` shrinks it on a phone while a desktop shows it at the size
//! it was drawn for. Each has `role="img"` and a `<title>` referenced by
//! `aria-labelledby`, and carries CSS classes so the theme can restyle it;
//! presentation attributes make it look right without any CSS.
//!
//! Element ids are derived from a hash of the content, so several SVGs can
//! share one page without clashing and the output stays deterministic.

mod charts;
mod flow;
mod qr;
mod text;

pub use charts::{bar_chart, column_chart, no_data_svg, stacked_bar, Bar};
pub use flow::{flow_svg, FlowEdge, FlowKind, FlowNode};
pub use qr::qr_svg;

use text::{escape, num};

/// Font stack used by presentation attributes; the theme's CSS may override
/// it (presentation attributes lose against any CSS rule).
const FONT_FAMILY: &str =
    "'Hiragino Sans','Hiragino Kaku Gothic ProN','Noto Sans CJK JP','Noto Sans JP',Meiryo,sans-serif";

/// Opens an `<svg>` element with the accessibility and sizing attributes
/// shared by every generated graphic, followed by its `<title>`. `id` must
/// be unique on the page; the title gets the id `{id}-title`.
fn open_svg(out: &mut String, id: &str, class: &str, width: f64, height: f64, title: &str) {
    let (w, h) = (num(width.ceil()), num(height.ceil()));
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" id=\"{id}\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"img\" aria-labelledby=\"{id}-title\" font-family=\"{FONT_FAMILY}\">\
         <title id=\"{id}-title\">{}</title>",
        escape(title)
    ));
}

/// Writes sample SVGs to `$TMPDIR/ismsbook-svg/` so that people can look
/// at them (e.g. `rsvg-convert -z 2 flow.svg > flow.png`). Run with
/// `cargo test --lib svg::samples -- --ignored`.
#[cfg(test)]
mod samples {
    use super::*;

    fn bar(label: &str, value: f64, href: Option<&str>) -> Bar {
        Bar {
            label: label.to_string(),
            value,
            href: href.map(str::to_string),
        }
    }

    fn n(
        id: &str,
        label: &str,
        kind: FlowKind,
        actor: Option<&str>,
        next: &[(&str, Option<&str>)],
    ) -> FlowNode {
        FlowNode {
            id: id.to_string(),
            label: label.to_string(),
            kind,
            actor: actor.map(str::to_string),
            next: next
                .iter()
                .map(|(to, label)| FlowEdge {
                    to: to.to_string(),
                    label: label.map(str::to_string),
                })
                .collect(),
        }
    }

    /// A harder flow: a three-way decision, an edge skipping layers, two
    /// loops and English labels.
    fn complex_flow() -> Vec<FlowNode> {
        use FlowKind::*;
        vec![
            n(
                "start",
                "Incident discovered",
                Start,
                Some("Any staff member"),
                &[("report", None)],
            ),
            n(
                "report",
                "First report to the help desk by phone",
                Step,
                Some("Discoverer"),
                &[("level", None)],
            ),
            n(
                "level",
                "Which level?",
                Decision,
                Some("Incident lead"),
                &[("l0", Some("0")), ("l12", Some("1-2")), ("l3", Some("3"))],
            ),
            n(
                "l0",
                "Log as a weakness",
                Step,
                Some("IT admin"),
                &[("done", None)],
            ),
            n(
                "l12",
                "Contain and investigate",
                Step,
                Some("IT admin"),
                &[("ok", None)],
            ),
            n(
                "l3",
                "Call the CISO and convene the response team immediately",
                Step,
                Some("CISO"),
                &[("ppc", None), ("police", None)],
            ),
            n(
                "ppc",
                "Report to the PPC within 3-5 days",
                Step,
                Some("Legal"),
                &[("ok", None)],
            ),
            n(
                "police",
                "Contact the police if a crime is suspected",
                Step,
                None,
                &[("ok", None)],
            ),
            n(
                "ok",
                "Resolved?",
                Decision,
                None,
                &[
                    ("lessons", Some("yes")),
                    ("l12", Some("no")),
                    ("report", Some("re-assess")),
                ],
            ),
            n(
                "lessons",
                "Lessons learned",
                Step,
                Some("Incident lead"),
                &[("done", None)],
            ),
            n("done", "Close the record", End, None, &[]),
        ]
    }

    /// The example content's flow (content/policy.yaml), with role names.
    fn example_flow() -> Vec<FlowNode> {
        use FlowKind::*;
        let (staff, it, im, po) = (
            Some("従業員（発見者）"),
            Some("システム管理者"),
            Some("インシデント対応責任者"),
            Some("個人情報保護管理者"),
        );
        vec![
            n(
                "discover",
                "異常やインシデントの疑いに気づく",
                Start,
                staff,
                &[("first_report", None)],
            ),
            n(
                "first_report",
                "システム管理者へすぐに第一報（電話とメール）",
                Step,
                staff,
                &[("is_spreading", None)],
            ),
            n(
                "is_spreading",
                "被害が広がるおそれがある？",
                Decision,
                it,
                &[("isolate", Some("はい")), ("assess", Some("いいえ"))],
            ),
            n(
                "isolate",
                "ネットワークから切り離す・アカウントを止める（電源は切らない）",
                Step,
                it,
                &[("assess", None)],
            ),
            n(
                "assess",
                "事実を確認し、段階とレベルを判断して記録する",
                Step,
                im,
                &[("is_incident", None)],
            ),
            n(
                "is_incident",
                "レベル1以上か？",
                Decision,
                im,
                &[("escalate", Some("はい")), ("prevent", Some("いいえ"))],
            ),
            n(
                "escalate",
                "レベルの責任者へ報告し、対応体制を立ち上げる",
                Step,
                im,
                &[("needs_external", None)],
            ),
            n(
                "needs_external",
                "個人情報の漏えい・犯罪の疑い・ウイルスや不正アクセスに当たる？",
                Decision,
                im,
                &[
                    ("notify_external", Some("はい")),
                    ("recover", Some("いいえ")),
                ],
            ),
            n(
                "notify_external",
                "個人情報保護委員会・警察・IPA へ届け出て、関係者へ連絡する",
                Step,
                po,
                &[("recover", None)],
            ),
            n(
                "recover",
                "証拠を保全し、原因を調べて復旧する",
                Step,
                it,
                &[("prevent", None)],
            ),
            n(
                "prevent",
                "再発防止策を決めて実施し、教訓を共有する",
                Step,
                im,
                &[("done", None)],
            ),
            n("done", "記録を完了（クローズ）する", End, im, &[]),
        ]
    }

    #[test]
    #[ignore]
    fn write_samples() -> std::io::Result<()> {
        let dir = std::env::temp_dir().join("ismsbook-svg");
        std::fs::create_dir_all(&dir)?;
        let flow = flow::tests::sample_flow();
        std::fs::write(dir.join("flow.svg"), flow_svg(&flow, "報告フロー"))?;
        std::fs::write(
            dir.join("flow-complex.svg"),
            flow_svg(&complex_flow(), "Complex"),
        )?;
        std::fs::write(
            dir.join("flow-example.svg"),
            flow_svg(&example_flow(), "報告フロー"),
        )?;
        let mut rng = flow::tests::Lcg(11);
        for i in 0..4 {
            let random = flow::tests::random_flow(&mut rng);
            std::fs::write(
                dir.join(format!("flow-random-{i}.svg")),
                flow_svg(&random, "Random"),
            )?;
        }
        let levels = [
            bar("レベル0 ヒヤリハット", 4.0, Some("register.html?level=0")),
            bar("レベル1 軽微", 7.0, Some("register.html?level=1")),
            bar("レベル2 重大", 2.0, None),
            bar("レベル3 緊急", 1.0, None),
        ];
        std::fs::write(
            dir.join("bars.svg"),
            bar_chart("レベル別件数", &levels, "件"),
        )?;
        let months: Vec<Bar> = (1..=12)
            .map(|m| bar(&format!("2025-{m:02}"), f64::from((m * 7 % 5) as u8), None))
            .collect();
        std::fs::write(
            dir.join("columns.svg"),
            column_chart("月別件数", &months, "件"),
        )?;
        let short: Vec<Bar> = (1..=6)
            .map(|m| bar(&format!("{m}月"), f64::from(m as u8), None))
            .collect();
        std::fs::write(
            dir.join("columns-short.svg"),
            column_chart("月別件数", &short, "件"),
        )?;
        let status = [bar("対応中", 3.0, None), bar("完了", 9.0, None)];
        std::fs::write(dir.join("stacked.svg"), stacked_bar("対応状況", &status))?;
        std::fs::write(
            dir.join("nodata.svg"),
            no_data_svg("月別件数", "データがありません"),
        )?;
        Ok(())
    }
}
