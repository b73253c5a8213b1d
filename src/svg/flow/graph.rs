//! The shared types of the pipeline: the input (`FlowNode`, public), the
//! resolved edges, the layered graph that the stages fill in one after the
//! other (`Layout`), and the finished geometry (`Drawing`) that
//! `draw` writes out. Kept apart so that every stage depends only on this
//! module and on the stages before it.

use std::collections::BTreeMap;

use crate::svg::text::width_em;

/// What a flowchart node is; decides its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    /// A rounded pill where the flow begins.
    Start,
    /// A rectangle: something someone does.
    Step,
    /// A diamond with labelled branches.
    Decision,
    /// A rounded pill where the flow ends.
    End,
}

/// One node of the flow, as the renderer maps it from `policy.yaml`.
#[derive(Debug, Clone)]
pub struct FlowNode {
    pub id: String,
    pub label: String,
    pub kind: FlowKind,
    /// Display name of the role doing this step, shown with the node.
    pub actor: Option<String>,
    pub next: Vec<FlowEdge>,
}

/// An arrow to the node with id `to`, optionally labelled (e.g. はい/いいえ).
#[derive(Debug, Clone)]
pub struct FlowEdge {
    pub to: String,
    pub label: Option<String>,
}

// Text sizes, in viewBox units (px at natural size); shared by measuring
// (`shape`), label placement and drawing, which must agree on them.
pub(super) const FONT: f64 = 14.0;
pub(super) const LINE: f64 = 19.0;
pub(super) const ACTOR_FONT: f64 = 11.5;
pub(super) const ACTOR_LINE: f64 = 15.0;
pub(super) const ACTOR_BAND: f64 = 20.0;
pub(super) const LABEL_FONT: f64 = 12.0;

/// A node's text, already wrapped, and the size of its shape.
pub(super) struct Shape {
    pub(super) lines: Vec<String>,
    pub(super) actor: Option<String>,
    pub(super) w: f64,
    pub(super) h: f64,
}

/// A resolved edge between real nodes (indices into the input slice).
pub(super) struct Edge {
    pub(super) from: usize,
    pub(super) to: usize,
    pub(super) label: Option<String>,
    /// Closes a cycle; drawn as a loop on the right.
    pub(super) back: bool,
    /// For forward edges: the layout nodes it passes, source to target.
    pub(super) chain: Vec<usize>,
    /// For a side exit from a decision: x of the diamond's vertex.
    pub(super) side_exit: Option<f64>,
    /// For back edges: leaves on the right (true) or from the bottom.
    pub(super) exit_right: bool,
    /// For back edges: enters on the right (true) or from the top.
    pub(super) enter_right: bool,
    /// For back edges: x of the vertical lane.
    pub(super) lane_x: f64,
}

impl Edge {
    pub(super) fn label_w(&self) -> f64 {
        self.label.as_deref().map_or(0.0, width_em) * LABEL_FONT
    }
}

/// A node of the layered layout: a real node or a dummy waypoint.
pub(super) struct LNode {
    pub(super) real: Option<usize>,
    pub(super) layer: usize,
    pub(super) w: f64,
    pub(super) h: f64,
    pub(super) x: f64,
    /// Extra room beside a decision for the labels of its side exits.
    pub(super) label_room: f64,
    /// Ordering key before the first sweep (depth-first discovery order).
    pub(super) seed: (usize, usize),
    /// For a dummy: the edge it belongs to.
    pub(super) edge: Option<usize>,
}

/// A horizontal run in the gap between two layers, shared by the branches
/// leaving one source (a fork) or owned by one loop entering a node.
#[derive(Clone)]
pub(super) struct Group {
    /// x where a line comes down into the gap from above.
    pub(super) top_x: Option<f64>,
    /// x where lines leave the gap downwards.
    pub(super) drops: Vec<f64>,
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) track: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum GroupKey {
    /// Branches leaving this layout node.
    Source(usize),
    /// The loop (back edge) with this index entering its target from above.
    Entry(usize),
}

/// The working state of the layout. Each stage fills in its part:
/// `rank` the layout nodes, layers and adjacency; `order` reorders
/// `layers`; `coords` sets every `LNode::x`; `route` sets the ports and
/// lanes of the edges, `entry`, `gaps` and the y of layers and gaps.
pub(super) struct Layout {
    /// One per input node (same index): its wrapped text and box size.
    pub(super) shapes: Vec<Shape>,
    pub(super) kinds: Vec<FlowKind>,
    pub(super) edges: Vec<Edge>,
    /// Real nodes first (same index as the input), then dummy waypoints.
    pub(super) lnodes: Vec<LNode>,
    /// The layout nodes of each layer, left to right.
    pub(super) layers: Vec<Vec<usize>>,
    /// Neighbours in the layer above / below, over forward edges only.
    pub(super) preds: Vec<Vec<usize>>,
    pub(super) succs: Vec<Vec<usize>>,
    /// The horizontal runs of each gap (gap `l` lies above layer `l`).
    pub(super) gaps: Vec<BTreeMap<GroupKey, Group>>,
    /// x where edges come into each layout node from above.
    pub(super) entry: Vec<f64>,
    /// Top, height of each layer band; top of each gap.
    pub(super) layer_y: Vec<(f64, f64)>,
    pub(super) gap_y: Vec<f64>,
}

impl Layout {
    /// A layout of the measured nodes and resolved edges, before any stage
    /// has run.
    pub(super) fn empty(shapes: Vec<Shape>, kinds: Vec<FlowKind>, edges: Vec<Edge>) -> Layout {
        Layout {
            shapes,
            kinds,
            edges,
            lnodes: Vec::new(),
            layers: Vec::new(),
            preds: Vec::new(),
            succs: Vec::new(),
            gaps: Vec::new(),
            entry: Vec::new(),
            layer_y: Vec::new(),
            gap_y: Vec::new(),
        }
    }

    pub(super) fn is_decision(&self, ln: usize) -> bool {
        self.lnodes[ln]
            .real
            .is_some_and(|r| self.kinds[r] == FlowKind::Decision)
    }
}

/// Finished geometry, ready to be written out.
pub(super) struct Drawing {
    pub(super) nodes: Vec<NodeGeom>,
    pub(super) edges: Vec<EdgeGeom>,
    pub(super) width: f64,
    pub(super) height: f64,
}

pub(super) struct NodeGeom {
    pub(super) cx: f64,
    pub(super) cy: f64,
    pub(super) w: f64,
    pub(super) h: f64,
    pub(super) kind: FlowKind,
    pub(super) lines: Vec<String>,
    pub(super) actor: Option<String>,
}

pub(super) struct EdgeGeom {
    pub(super) points: Vec<(f64, f64)>,
    pub(super) back: bool,
    pub(super) label: Option<EdgeLabel>,
}

pub(super) struct EdgeLabel {
    pub(super) x: f64,
    pub(super) y: f64,
    /// Text runs leftwards from x (text-anchor end).
    pub(super) leftwards: bool,
    pub(super) text: String,
}

impl EdgeLabel {
    pub(super) fn x_range(&self) -> (f64, f64) {
        let w = width_em(&self.text) * LABEL_FONT;
        if self.leftwards {
            (self.x - w, self.x)
        } else {
            (self.x, self.x + w)
        }
    }
}

/// A candidate place for an edge label: the text's anchor point. `route`
/// proposes them, best first; `labels` picks one.
pub(super) struct Spot {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) leftwards: bool,
}

impl Spot {
    pub(super) fn new(x: f64, y: f64, leftwards: bool) -> Spot {
        Spot { x, y, leftwards }
    }
}

/// Resolves `next` ids to node indices: the first node with an id wins,
/// unknown targets are dropped, repeated edges are merged.
pub(super) fn resolve_edges(nodes: &[FlowNode]) -> Vec<Edge> {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        index.entry(n.id.as_str()).or_insert(i);
    }
    let mut seen: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut edges: Vec<Edge> = Vec::new();
    for (from, n) in nodes.iter().enumerate() {
        for e in &n.next {
            let Some(&to) = index.get(e.to.as_str()) else {
                continue;
            };
            let label = e
                .label
                .as_deref()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string);
            if let Some(&k) = seen.get(&(from, to)) {
                // Two branches to the same node share one arrow and both
                // labels ("はい / いいえ").
                let existing: &mut Edge = &mut edges[k];
                existing.label = match (existing.label.take(), label) {
                    (Some(a), Some(b)) if a != b => Some(format!("{a} / {b}")),
                    (a, b) => a.or(b),
                };
                continue;
            }
            seen.insert((from, to), edges.len());
            edges.push(Edge {
                from,
                to,
                label,
                back: false,
                chain: Vec::new(),
                side_exit: None,
                exit_right: false,
                enter_right: false,
                lane_x: 0.0,
            });
        }
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::super::tests::node;
    use super::*;

    fn pairs(edges: &[Edge]) -> Vec<(usize, usize)> {
        edges.iter().map(|e| (e.from, e.to)).collect()
    }

    #[test]
    fn ids_resolve_to_the_first_node_and_unknown_targets_are_dropped() {
        let nodes = vec![
            node("a", "A", FlowKind::Start, &[("b", None), ("nowhere", None)]),
            node("b", "B", FlowKind::Step, &[]),
            node("b", "B again", FlowKind::Step, &[("a", None)]),
        ];
        assert_eq!(pairs(&resolve_edges(&nodes)), vec![(0, 1), (2, 0)]);
    }

    #[test]
    fn repeated_edges_merge_into_one_arrow_with_both_labels() {
        let nodes = vec![
            node(
                "q",
                "Q",
                FlowKind::Decision,
                &[
                    ("x", Some("はい")),
                    ("x", Some("いいえ")),
                    ("y", Some("  ")),
                    ("y", Some(" yes ")),
                    ("z", Some("same")),
                    ("z", Some("same")),
                ],
            ),
            node("x", "X", FlowKind::End, &[]),
            node("y", "Y", FlowKind::End, &[]),
            node("z", "Z", FlowKind::End, &[]),
        ];
        let edges = resolve_edges(&nodes);
        assert_eq!(pairs(&edges), vec![(0, 1), (0, 2), (0, 3)]);
        let labels: Vec<Option<&str>> = edges.iter().map(|e| e.label.as_deref()).collect();
        assert_eq!(
            labels,
            vec![Some("はい / いいえ"), Some("yes"), Some("same")]
        );
    }

    #[test]
    fn resolved_edges_are_not_yet_ranked_or_routed() {
        for e in resolve_edges(&super::super::tests::cycle()) {
            assert!(!e.back && e.chain.is_empty() && e.side_exit.is_none());
        }
    }

    #[test]
    fn only_labelled_edges_need_label_room() {
        let edges = resolve_edges(&super::super::tests::diamond());
        assert!(edges[0].label_w() > 0.0);
        assert_eq!(edges[2].label_w(), 0.0);
    }
}
