//! Tests of the whole pipeline (`flow_svg` and `Layout`) on a realistic flow
//! and on random ones, plus the small graphs the stage tests share.

use super::graph::{Drawing, LABEL_FONT};
use super::route::simplify;
use super::*;

pub(super) fn node(
    id: &str,
    label: &str,
    kind: FlowKind,
    next: &[(&str, Option<&str>)],
) -> FlowNode {
    FlowNode {
        id: id.to_string(),
        label: label.to_string(),
        kind,
        actor: match kind {
            FlowKind::Step => Some("情報セキュリティ責任者".to_string()),
            _ => None,
        },
        next: next
            .iter()
            .map(|(to, label)| FlowEdge {
                to: to.to_string(),
                label: label.map(str::to_string),
            })
            .collect(),
    }
}

/// Twelve nodes, two decisions and a loop back (like a real reporting
/// flow: assess, escalate, and re-check until contained).
pub(crate) fn sample_flow() -> Vec<FlowNode> {
    use FlowKind::*;
    vec![
        node(
            "discover",
            "インシデントを発見",
            Start,
            &[("first_report", None)],
        ),
        node(
            "first_report",
            "上長と情報システム担当へ第一報",
            Step,
            &[("triage", None)],
        ),
        node(
            "triage",
            "事実確認と影響範囲の調査",
            Step,
            &[("is_serious", None)],
        ),
        node(
            "is_serious",
            "個人情報や顧客への影響がある？",
            Decision,
            &[("escalate", Some("はい")), ("record", Some("いいえ"))],
        ),
        node(
            "escalate",
            "CISOへ報告し対策本部を設置",
            Step,
            &[("notify", None)],
        ),
        node(
            "notify",
            "個人情報保護委員会・本人へ通知",
            Step,
            &[("contain", None)],
        ),
        node(
            "record",
            "インシデント記録を作成",
            Step,
            &[("contain", None)],
        ),
        node("contain", "封じ込めと復旧", Step, &[("contained", None)]),
        node(
            "contained",
            "封じ込めできた？",
            Decision,
            &[("review", Some("はい")), ("contain", Some("いいえ"))],
        ),
        node("review", "原因分析と再発防止策", Step, &[("close", None)]),
        node("close", "記録を完了して報告", Step, &[("end", None)]),
        node("end", "終了", End, &[]),
    ]
}

fn boxes(d: &Drawing) -> Vec<(f64, f64, f64, f64)> {
    d.nodes
        .iter()
        .map(|n| {
            (
                n.cx - n.w / 2.0,
                n.cy - n.h / 2.0,
                n.cx + n.w / 2.0,
                n.cy + n.h / 2.0,
            )
        })
        .collect()
}

#[test]
fn no_two_node_boxes_overlap() {
    let d = Layout::new(&sample_flow()).into_drawing();
    let b = boxes(&d);
    assert_eq!(b.len(), 12);
    for i in 0..b.len() {
        for j in i + 1..b.len() {
            let (p, q) = (b[i], b[j]);
            let overlap = p.0 < q.2 && q.0 < p.2 && p.1 < q.3 && q.1 < p.3;
            assert!(!overlap, "node {i} overlaps node {j}: {p:?} {q:?}");
        }
    }
}

#[test]
fn edge_labels_stay_clear_of_boxes() {
    let d = Layout::new(&sample_flow()).into_drawing();
    for l in d.edges.iter().filter_map(|e| e.label.as_ref()) {
        let (x0, x1) = l.x_range();
        let (y0, y1) = (l.y - LABEL_FONT * 0.8, l.y + 2.0);
        for (bx0, by0, bx1, by1) in boxes(&d) {
            let overlap = x0 < bx1 && bx0 < x1 && y0 < by1 && by0 < y1;
            assert!(!overlap, "label {} overlaps a node", l.text);
        }
    }
}

#[test]
fn edges_do_not_cross_other_boxes() {
    let d = Layout::new(&sample_flow()).into_drawing();
    let b = boxes(&d);
    for e in &d.edges {
        let pts = simplify(&e.points);
        for seg in pts.windows(2) {
            let (p, q) = (seg[0], seg[1]);
            for &(x0, y0, x1, y1) in &b {
                // Shrink boxes a little: edges start and end on them.
                let (x0, y0, x1, y1) = (x0 + 1.0, y0 + 1.0, x1 - 1.0, y1 - 1.0);
                let (sx0, sx1) = (p.0.min(q.0), p.0.max(q.0));
                let (sy0, sy1) = (p.1.min(q.1), p.1.max(q.1));
                let hits =
                    sx0 < x1 && x0 < sx1.max(sx0 + 0.01) && sy0 < y1 && y0 < sy1.max(sy0 + 0.01);
                assert!(
                    !hits,
                    "segment {p:?}-{q:?} crosses box {:?}",
                    (x0, y0, x1, y1)
                );
            }
        }
    }
}

#[test]
fn every_node_and_label_appears_and_decisions_are_labelled() {
    let flow = sample_flow();
    let svg = flow_svg(&flow, "報告フロー");
    for n in &flow {
        assert!(svg.contains(&format!("-{}\"", n.id)), "id {} missing", n.id);
        let plain: String = n.label.chars().filter(|c| !c.is_whitespace()).collect();
        let joined: String = strip_tags(&svg)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(joined.contains(&plain), "label {} missing", n.label);
    }
    assert_eq!(svg.matches("class=\"flow-label\"").count(), 4);
    assert_eq!(svg.matches(">はい<").count(), 2);
    assert_eq!(svg.matches(">いいえ<").count(), 2);
    assert_eq!(svg.matches("class=\"flow-node flow-decision\"").count(), 2);
    assert_eq!(svg.matches("flow-edge-back").count(), 1);
    assert!(svg.contains("role=\"img\"") && svg.contains("<title id=\""));
}

/// The text of the SVG with tags and line breaks between tspans removed,
/// so a wrapped label reads as one string again.
fn strip_tags(svg: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in svg.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn output_is_deterministic() {
    let flow = sample_flow();
    assert_eq!(flow_svg(&flow, "t"), flow_svg(&flow, "t"));
}

#[test]
fn text_is_escaped() {
    let flow = vec![node(
        "a",
        "<script>alert('x')</script> & \"q\"",
        FlowKind::Start,
        &[],
    )];
    let svg = flow_svg(&flow, "<b>");
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<b>"));
    assert!(svg.contains("&lt;script&gt;"));
    assert!(svg.contains("&amp;"));
}

#[test]
fn unknown_targets_self_loops_and_empty_input_do_not_panic() {
    assert_eq!(flow_svg(&[], "t"), "");
    let flow = vec![
        node("a", "A", FlowKind::Start, &[("nowhere", None), ("b", None)]),
        node(
            "b",
            "B",
            FlowKind::Step,
            &[("b", Some("again")), ("a", None)],
        ),
        node("orphan", "Orphan", FlowKind::End, &[]),
        node("b", "duplicate id", FlowKind::Step, &[("a", None)]),
    ];
    let svg = flow_svg(&flow, "t");
    assert!(svg.contains(">Orphan<") && svg.contains(">again<"));
    assert!(svg.contains("-b-2\""));
}

#[test]
fn is_sized_by_its_view_box_and_narrow() {
    let svg = flow_svg(&sample_flow(), "t");
    let vb = svg.split("viewBox=\"0 0 ").nth(1).unwrap_or_default();
    let width: f64 = vb.split(' ').next().unwrap_or("0").parse().unwrap_or(0.0);
    // Natural size for the stylesheet to shrink; no style attribute,
    // which the site's Content-Security-Policy would block.
    assert!(svg.contains(&format!(" width=\"{width}\" height=\"")));
    assert!(!svg.contains("style="));
    assert!(width > 100.0 && width < 720.0, "width {width}");
    assert!(!svg.contains("<script") && !svg.contains("href") && !svg.contains(" on"));
}

#[test]
fn long_edges_get_their_own_column() {
    use FlowKind::*;
    // a -> b -> c -> d and a -> d: the long edge must not pass b or c.
    let flow = vec![
        node("a", "A", Start, &[("b", None), ("d", Some("skip"))]),
        node("b", "B", Step, &[("c", None)]),
        node("c", "C", Step, &[("d", None)]),
        node("d", "D", End, &[]),
    ];
    let d = Layout::new(&flow).into_drawing();
    let b = boxes(&d);
    for e in &d.edges {
        for seg in simplify(&e.points).windows(2) {
            let (p, q) = (seg[0], seg[1]);
            for &(x0, y0, x1, y1) in &b[1..3] {
                let inside_x =
                    p.0.min(q.0) < x1 - 1.0 && x0 + 1.0 < p.0.max(q.0).max(p.0.min(q.0) + 0.01);
                let inside_y = p.1.min(q.1) < y1 - 1.0 && y0 + 1.0 < p.1.max(q.1);
                assert!(!(inside_x && inside_y));
            }
        }
    }
}

/// Small deterministic pseudo-random generator for the property test.
pub(crate) struct Lcg(pub(crate) u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

pub(crate) fn random_flow(rng: &mut Lcg) -> Vec<FlowNode> {
    let n = 2 + rng.below(14);
    let labels = [
        "確認",
        "上長へ報告する",
        "影響範囲と原因を調査する",
        "Notify the CISO",
        "終了",
        "個人情報保護委員会へ速報を提出する",
    ];
    (0..n)
        .map(|i| {
            let kind = match (i, rng.below(4)) {
                (0, _) => FlowKind::Start,
                (_, 0) => FlowKind::Decision,
                (_, 1) if i + 1 == n => FlowKind::End,
                _ => FlowKind::Step,
            };
            let fanout = if kind == FlowKind::Decision {
                2 + rng.below(2)
            } else {
                rng.below(2) + usize::from(i + 1 < n)
            };
            let next: Vec<(String, Option<&str>)> = (0..fanout)
                .map(|j| {
                    // Mostly forward, sometimes back, sometimes unknown.
                    let to = match rng.below(8) {
                        0 => "missing".to_string(),
                        1 => format!("n{}", rng.below(n)),
                        _ => format!("n{}", (i + 1 + rng.below(3)).min(n - 1)),
                    };
                    (
                        to,
                        (kind == FlowKind::Decision).then_some(["はい", "いいえ", "不明"][j % 3]),
                    )
                })
                .collect();
            let next: Vec<(&str, Option<&str>)> =
                next.iter().map(|(t, l)| (t.as_str(), *l)).collect();
            node(
                &format!("n{i}"),
                labels[rng.below(labels.len())],
                kind,
                &next,
            )
        })
        .collect()
}

#[test]
fn random_flows_never_overlap_boxes() {
    let mut rng = Lcg(7);
    for round in 0..300 {
        let flow = random_flow(&mut rng);
        let d = Layout::new(&flow).into_drawing();
        let b = boxes(&d);
        for i in 0..b.len() {
            for j in i + 1..b.len() {
                let (p, q) = (b[i], b[j]);
                let overlap = p.0 < q.2 && q.0 < p.2 && p.1 < q.3 && q.1 < p.3;
                assert!(!overlap, "round {round}: node {i} overlaps node {j}");
            }
        }
        for e in &d.edges {
            for seg in simplify(&e.points).windows(2) {
                let (p, q) = (seg[0], seg[1]);
                for (k, &(x0, y0, x1, y1)) in b.iter().enumerate() {
                    let (x0, y0, x1, y1) = (x0 + 1.0, y0 + 1.0, x1 - 1.0, y1 - 1.0);
                    let hits = p.0.min(q.0) < x1
                        && x0 < p.0.max(q.0).max(p.0.min(q.0) + 0.01)
                        && p.1.min(q.1) < y1
                        && y0 < p.1.max(q.1).max(p.1.min(q.1) + 0.01);
                    assert!(!hits, "round {round}: segment {p:?}-{q:?} crosses node {k}");
                }
            }
        }
        let svg = flow_svg(&flow, "t");
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        for l in d.edges.iter().filter_map(|e| e.label.as_ref()) {
            let (x0, x1) = l.x_range();
            let (y0, y1) = (l.y - LABEL_FONT * 0.8, l.y + 2.0);
            for (k, (bx0, by0, bx1, by1)) in b.iter().enumerate() {
                let overlap = x0 < *bx1 && *bx0 < x1 && y0 < *by1 && *by0 < y1;
                assert!(
                    !overlap,
                    "round {round}: label {} overlaps node {k}",
                    l.text
                );
            }
        }
    }
}

#[test]
fn large_flows_lay_out_quickly() {
    // 200 nodes with branches, skips and loops: a tenth of a second in a
    // debug build; the bound is loose for slow, busy CI machines.
    let mut rng = Lcg(3);
    let flow: Vec<FlowNode> = (0..200)
        .map(|i| {
            let kind = if i == 0 {
                FlowKind::Start
            } else if i % 5 == 0 {
                FlowKind::Decision
            } else {
                FlowKind::Step
            };
            let mut next = vec![format!("n{}", (i + 1).min(199))];
            if kind == FlowKind::Decision {
                next.push(format!("n{}", (i + 2 + rng.below(6)).min(199)));
                next.push(format!("n{}", i.saturating_sub(rng.below(8))));
            }
            let next: Vec<(&str, Option<&str>)> =
                next.iter().map(|t| (t.as_str(), Some("はい"))).collect();
            node(&format!("n{i}"), "影響範囲を確認する", kind, &next)
        })
        .collect();
    let started = std::time::Instant::now();
    let svg = flow_svg(&flow, "t");
    assert!(svg.contains("-n199\""));
    assert!(
        started.elapsed().as_secs_f64() < 5.0,
        "{:?}",
        started.elapsed()
    );
}

// Small graphs shared by the stage tests (`mod tests` of each stage).

/// A decision forking into two steps that merge again: a → b, a → c,
/// b → d, c → d.
pub(super) fn diamond() -> Vec<FlowNode> {
    use FlowKind::*;
    vec![
        node("a", "A", Decision, &[("b", Some("yes")), ("c", Some("no"))]),
        node("b", "B", Step, &[("d", None)]),
        node("c", "C", Step, &[("d", None)]),
        node("d", "D", End, &[]),
    ]
}

/// a → b → c → d and a → d, an edge spanning three layers.
pub(super) fn long_edge() -> Vec<FlowNode> {
    use FlowKind::*;
    vec![
        node("a", "A", Start, &[("b", None), ("d", Some("skip"))]),
        node("b", "B", Step, &[("c", None)]),
        node("c", "C", Step, &[("d", None)]),
        node("d", "D", End, &[]),
    ]
}

/// a → b → c → d, and c → b ("again") closing a cycle.
pub(super) fn cycle() -> Vec<FlowNode> {
    use FlowKind::*;
    vec![
        node("a", "A", Start, &[("b", None)]),
        node("b", "B", Step, &[("c", None)]),
        node(
            "c",
            "C",
            Decision,
            &[("d", Some("done")), ("b", Some("again"))],
        ),
        node("d", "D", End, &[]),
    ]
}

/// One node, no edges.
pub(super) fn single() -> Vec<FlowNode> {
    vec![node("a", "A", FlowKind::Start, &[])]
}

/// Two separate flows (a → b, c → d) and a step nobody reaches or leaves.
pub(super) fn disconnected() -> Vec<FlowNode> {
    use FlowKind::*;
    vec![
        node("a", "A", Start, &[("b", None)]),
        node("b", "B", End, &[]),
        node("c", "C", Start, &[("d", None)]),
        node("d", "D", End, &[]),
        node("e", "E", Step, &[]),
    ]
}

/// Every small graph, named, for checks that must hold on all of them.
pub(super) fn small_graphs() -> Vec<(&'static str, Vec<FlowNode>)> {
    vec![
        ("diamond", diamond()),
        ("long edge", long_edge()),
        ("cycle", cycle()),
        ("single", single()),
        ("disconnected", disconnected()),
    ]
}
