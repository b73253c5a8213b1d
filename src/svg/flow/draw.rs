//! Stage 6, drawing: the finished geometry is collected and moved inside a
//! margin (`Layout::into_drawing`), then written out as SVG: edges first,
//! then nodes over them, then edge labels over everything.

use std::collections::BTreeSet;

use super::graph::{
    Drawing, EdgeGeom, FlowKind, FlowNode, Layout, NodeGeom, Spot, ACTOR_BAND, ACTOR_FONT,
    ACTOR_LINE, FONT, LABEL_FONT, LINE,
};
use super::route::simplify;
use crate::svg::open_svg;
use crate::svg::text::{escape, num, stable_hash};

/// Empty border around the drawing.
const MARGIN: f64 = 8.0;
/// Largest radius of a rounded corner in an edge.
const CORNER: f64 = 6.0;

// Colours: text reaches WCAG AA contrast against its fill.
const INK: &str = "#1b2430";
const EDGE: &str = "#4a5568";
const START_FILL: &str = "#1f5fa8";
const START_STROKE: &str = "#174a85";
const START_SUB: &str = "#dce8f7";
const END_FILL: &str = "#37474f";
const END_STROKE: &str = "#263238";
const END_SUB: &str = "#e3e8eb";
const STEP_STROKE: &str = "#7a8899";
const BAND_FILL: &str = "#e6eef8";
const BAND_INK: &str = "#1d4f8c";
const DECISION_FILL: &str = "#fff6dc";
const DECISION_STROKE: &str = "#b7791f";
const DECISION_SUB: &str = "#6b4a00";

impl Layout {
    pub(super) fn into_drawing(self) -> Drawing {
        let routed: Vec<(EdgeGeom, Vec<Spot>)> = (0..self.edges.len())
            .map(|k| {
                if self.edges[k].back {
                    self.back_geometry(k)
                } else {
                    self.forward_geometry(&self.edges[k])
                }
            })
            .collect();
        let mut nodes: Vec<NodeGeom> = self
            .shapes
            .iter()
            .enumerate()
            .map(|(i, s)| NodeGeom {
                cx: self.lnodes[i].x,
                cy: {
                    let (top, h) = self.layer_y[self.lnodes[i].layer];
                    top + h / 2.0
                },
                w: s.w,
                h: s.h,
                kind: self.kinds[i],
                lines: s.lines.clone(),
                actor: s.actor.clone(),
            })
            .collect();
        let edges = self.place_labels(routed, &nodes);
        // Bounding box of everything, then shift it to the margin.
        let mut bx = (f64::MAX, f64::MIN);
        let mut by = (f64::MAX, f64::MIN);
        let mut add = |x: f64, y: f64| {
            bx = (bx.0.min(x), bx.1.max(x));
            by = (by.0.min(y), by.1.max(y));
        };
        for n in &nodes {
            add(n.cx - n.w / 2.0, n.cy - n.h / 2.0);
            add(n.cx + n.w / 2.0, n.cy + n.h / 2.0);
        }
        for e in &edges {
            for &(x, y) in &e.points {
                add(x, y);
            }
            if let Some(l) = &e.label {
                let (x0, x1) = l.x_range();
                add(x0, l.y - LABEL_FONT);
                add(x1, l.y + 3.0);
            }
        }
        let (dx, dy) = (MARGIN - bx.0, MARGIN - by.0);
        let mut edges = edges;
        for n in &mut nodes {
            n.cx += dx;
            n.cy += dy;
        }
        for e in &mut edges {
            for p in &mut e.points {
                p.0 += dx;
                p.1 += dy;
            }
            if let Some(l) = &mut e.label {
                l.x += dx;
                l.y += dy;
            }
        }
        Drawing {
            nodes,
            edges,
            width: bx.1 - bx.0 + 2.0 * MARGIN,
            height: by.1 - by.0 + 2.0 * MARGIN,
        }
    }
}

/// Path data for an orthogonal polyline with slightly rounded corners.
fn path_data(points: &[(f64, f64)]) -> String {
    let pts = simplify(points);
    let mut d = String::new();
    let Some(&(x0, y0)) = pts.first() else {
        return d;
    };
    d.push_str(&format!("M{} {}", num(x0), num(y0)));
    for i in 1..pts.len() {
        let (x, y) = pts[i];
        if i + 1 < pts.len() {
            let (px, py) = pts[i - 1];
            let (nx, ny) = pts[i + 1];
            let before = ((x - px).powi(2) + (y - py).powi(2)).sqrt();
            let after = ((nx - x).powi(2) + (ny - y).powi(2)).sqrt();
            let r = CORNER.min(before / 2.0).min(after / 2.0);
            if r > 0.5 {
                let a = (x - (x - px) / before * r, y - (y - py) / before * r);
                let b = (x + (nx - x) / after * r, y + (ny - y) / after * r);
                d.push_str(&format!(
                    "L{} {}Q{} {} {} {}",
                    num(a.0),
                    num(a.1),
                    num(x),
                    num(y),
                    num(b.0),
                    num(b.1)
                ));
                continue;
            }
        }
        d.push_str(&format!("L{} {}", num(x), num(y)));
    }
    d
}

/// Element id safe for HTML and unique within the SVG.
fn node_element_id(prefix: &str, id: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut candidate = format!("{prefix}-{clean}");
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{prefix}-{clean}-{n}");
        n += 1;
    }
    candidate
}

pub(super) fn render(nodes: &[FlowNode], title: &str, d: &Drawing) -> String {
    let mut parts: Vec<&str> = vec![title];
    for n in nodes {
        parts.push(&n.id);
        parts.push(&n.label);
    }
    let prefix = format!("flow-{:08x}", stable_hash(&parts));
    let arrow = format!("{prefix}-arrow");
    let mut out = String::new();
    open_svg(&mut out, &prefix, "flow", d.width, d.height, title);
    out.push_str(&format!(
        "<defs><marker id=\"{arrow}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
         markerWidth=\"8\" markerHeight=\"8\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
         <path d=\"M0 0L10 5L0 10z\" fill=\"{EDGE}\"/></marker></defs>"
    ));
    out.push_str("<g class=\"flow-edges\">");
    for e in &d.edges {
        let class = if e.back {
            "flow-edge flow-edge-back"
        } else {
            "flow-edge"
        };
        out.push_str(&format!(
            "<path class=\"{class}\" d=\"{}\" fill=\"none\" stroke=\"{EDGE}\" stroke-width=\"1.6\" \
             stroke-linejoin=\"round\" marker-end=\"url(#{arrow})\"/>",
            path_data(&e.points)
        ));
    }
    out.push_str("</g><g class=\"flow-nodes\">");
    let mut used = BTreeSet::new();
    for (node, geom) in nodes.iter().zip(&d.nodes) {
        let id = node_element_id(&prefix, &node.id, &mut used);
        render_node(&mut out, &id, geom);
    }
    out.push_str("</g><g class=\"flow-labels\">");
    for l in d.edges.iter().filter_map(|e| e.label.as_ref()) {
        out.push_str(&format!(
            "<text class=\"flow-label\" x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\" \
             font-weight=\"700\" fill=\"{INK}\" stroke=\"#fff\" stroke-width=\"3\" \
             stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
            num(l.x),
            num(l.y),
            if l.leftwards { "end" } else { "start" },
            num(LABEL_FONT),
            escape(&l.text)
        ));
    }
    out.push_str("</g></svg>");
    out
}

/// One line of text inside a node.
struct Row<'a> {
    text: &'a str,
    size: f64,
    height: f64,
    fill: &'a str,
    class: &'a str,
}

/// Writes rows of text centred horizontally at `cx` and vertically around
/// `cy`, each row as a `<text>` with one `<tspan>` per line.
fn write_rows(out: &mut String, cx: f64, cy: f64, rows: &[Row]) {
    let total: f64 = rows.iter().map(|r| r.height).sum();
    let mut top = cy - total / 2.0;
    let mut i = 0;
    while i < rows.len() {
        // Consecutive rows of one class form one <text> element.
        let class = rows[i].class;
        let (size, fill) = (rows[i].size, rows[i].fill);
        let weight = if class == "flow-actor" {
            " font-weight=\"700\""
        } else {
            ""
        };
        out.push_str(&format!(
            "<text class=\"{class}\" text-anchor=\"middle\" font-size=\"{}\" fill=\"{fill}\"{weight}>",
            num(size)
        ));
        while i < rows.len() && rows[i].class == class {
            let r = &rows[i];
            let baseline = top + r.height / 2.0 + r.size * 0.35;
            out.push_str(&format!(
                "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
                num(cx),
                num(baseline),
                escape(r.text)
            ));
            top += r.height;
            i += 1;
        }
        out.push_str("</text>");
    }
}

fn label_rows<'a>(g: &'a NodeGeom, fill: &'a str) -> Vec<Row<'a>> {
    g.lines
        .iter()
        .map(|l| Row {
            text: l,
            size: FONT,
            height: LINE,
            fill,
            class: "flow-text",
        })
        .collect()
}

fn render_node(out: &mut String, id: &str, g: &NodeGeom) {
    let (x0, y0) = (g.cx - g.w / 2.0, g.cy - g.h / 2.0);
    let (kind_class, fill, stroke, ink, sub) = match g.kind {
        FlowKind::Start => ("flow-start", START_FILL, START_STROKE, "#fff", START_SUB),
        FlowKind::End => ("flow-end", END_FILL, END_STROKE, "#fff", END_SUB),
        FlowKind::Step => ("flow-step", "#fff", STEP_STROKE, INK, BAND_INK),
        FlowKind::Decision => (
            "flow-decision",
            DECISION_FILL,
            DECISION_STROKE,
            INK,
            DECISION_SUB,
        ),
    };
    out.push_str(&format!("<g class=\"flow-node {kind_class}\" id=\"{id}\">"));
    match g.kind {
        FlowKind::Start | FlowKind::End => {
            out.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
                num(x0),
                num(y0),
                num(g.w),
                num(g.h),
                num(g.h / 2.0)
            ));
            let mut rows = label_rows(g, ink);
            if let Some(a) = &g.actor {
                rows.push(Row {
                    text: a,
                    size: ACTOR_FONT,
                    height: ACTOR_LINE,
                    fill: sub,
                    class: "flow-actor",
                });
            }
            write_rows(out, g.cx, g.cy, &rows);
        }
        FlowKind::Decision => {
            out.push_str(&format!(
                "<path d=\"M{} {}L{} {}L{} {}L{} {}z\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\" stroke-linejoin=\"round\"/>",
                num(g.cx),
                num(y0),
                num(x0 + g.w),
                num(g.cy),
                num(g.cx),
                num(y0 + g.h),
                num(x0),
                num(g.cy)
            ));
            let mut rows = label_rows(g, ink);
            if let Some(a) = &g.actor {
                rows.push(Row {
                    text: a,
                    size: ACTOR_FONT,
                    height: ACTOR_LINE,
                    fill: sub,
                    class: "flow-actor",
                });
            }
            write_rows(out, g.cx, g.cy, &rows);
        }
        FlowKind::Step => {
            let rect = format!(
                "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\"",
                num(x0),
                num(y0),
                num(g.w),
                num(g.h)
            );
            out.push_str(&format!("<rect {rect} fill=\"{fill}\"/>"));
            let mut body_top = y0;
            if let Some(a) = &g.actor {
                // A tinted header band names who does the step.
                let (x1, yb, r) = (x0 + g.w, y0 + ACTOR_BAND, 6.0);
                out.push_str(&format!(
                    "<path class=\"flow-actor-band\" d=\"M{} {}Q{} {} {} {}L{} {}Q{} {} {} {}L{} {}L{} {}z\" fill=\"{BAND_FILL}\"/>",
                    num(x0), num(y0 + r), num(x0), num(y0), num(x0 + r), num(y0),
                    num(x1 - r), num(y0), num(x1), num(y0), num(x1), num(y0 + r),
                    num(x1), num(yb), num(x0), num(yb)
                ));
                write_rows(
                    out,
                    g.cx,
                    y0 + ACTOR_BAND / 2.0,
                    &[Row {
                        text: a,
                        size: ACTOR_FONT,
                        height: ACTOR_BAND,
                        fill: sub,
                        class: "flow-actor",
                    }],
                );
                body_top = yb;
            }
            out.push_str(&format!(
                "<rect {rect} fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>"
            ));
            write_rows(out, g.cx, (body_top + y0 + g.h) / 2.0, &label_rows(g, ink));
        }
    }
    out.push_str("</g>");
}

#[cfg(test)]
mod tests {
    use super::super::flow_svg;
    use super::super::tests::{cycle, disconnected, single};
    use super::*;

    #[test]
    fn paths_round_their_corners_and_skip_straight_points() {
        assert_eq!(path_data(&[]), "");
        assert_eq!(
            path_data(&[(0.0, 0.0), (0.0, 5.0), (0.0, 10.0)]),
            "M0 0L0 10"
        );
        assert_eq!(
            path_data(&[(0.0, 0.0), (0.0, 10.0), (20.0, 10.0)]),
            "M0 0L0 5Q0 10 5 10L20 10"
        );
    }

    #[test]
    fn element_ids_are_cleaned_and_made_unique() {
        let mut used = BTreeSet::new();
        assert_eq!(node_element_id("p", "a b/c", &mut used), "p-a_b_c");
        assert_eq!(node_element_id("p", "a_b_c", &mut used), "p-a_b_c-2");
        assert_eq!(node_element_id("p", "a b c", &mut used), "p-a_b_c-3");
    }

    #[test]
    fn a_single_node_is_framed_by_the_margin() {
        let d = Layout::new(&single()).into_drawing();
        let n = &d.nodes[0];
        assert_eq!((n.cx - n.w / 2.0, n.cy - n.h / 2.0), (MARGIN, MARGIN));
        assert_eq!(
            (d.width, d.height),
            (n.w + 2.0 * MARGIN, n.h + 2.0 * MARGIN)
        );
        assert!(d.edges.is_empty());
    }

    #[test]
    fn everything_lies_inside_the_frame() {
        for nodes in [cycle(), disconnected()] {
            let d = Layout::new(&nodes).into_drawing();
            for n in &d.nodes {
                assert!(n.cx - n.w / 2.0 >= MARGIN - 0.01);
                assert!(n.cx + n.w / 2.0 <= d.width - MARGIN + 0.01);
                assert!(n.cy + n.h / 2.0 <= d.height - MARGIN + 0.01);
            }
            for &(x, y) in d.edges.iter().flat_map(|e| &e.points) {
                assert!((MARGIN - 0.01..=d.width - MARGIN + 0.01).contains(&x));
                assert!((MARGIN - 0.01..=d.height - MARGIN + 0.01).contains(&y));
            }
        }
    }

    #[test]
    fn edges_nodes_and_labels_come_in_three_groups() {
        let svg = flow_svg(&cycle(), "t");
        let (edges, rest) = svg
            .split_once("<g class=\"flow-nodes\">")
            .unwrap_or_default();
        let (nodes, labels) = rest
            .split_once("<g class=\"flow-labels\">")
            .unwrap_or_default();
        assert_eq!(edges.matches("<path class=\"flow-edge").count(), 4);
        assert_eq!(edges.matches("flow-edge-back").count(), 1);
        assert_eq!(nodes.matches("<g class=\"flow-node ").count(), 4);
        assert_eq!(labels.matches("class=\"flow-label\"").count(), 2);
    }

    #[test]
    fn separate_flows_and_lone_nodes_are_all_drawn() {
        let svg = flow_svg(&disconnected(), "t");
        assert_eq!(svg.matches("<g class=\"flow-node ").count(), 5);
        assert_eq!(svg.matches("<path class=\"flow-edge\"").count(), 2);
        let lone = flow_svg(&single(), "t");
        assert_eq!(lone.matches("<g class=\"flow-node flow-start\"").count(), 1);
        assert!(!lone.contains("<path class=\"flow-edge"));
    }

    #[test]
    fn element_ids_depend_on_the_content() {
        let id = |svg: &str| svg.split("id=\"").nth(1).unwrap_or_default().to_string();
        let a = flow_svg(&single(), "t");
        assert_eq!(id(&a), id(&flow_svg(&single(), "t")));
        assert_ne!(id(&a), id(&flow_svg(&single(), "other title")));
    }
}
