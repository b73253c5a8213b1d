//! The reporting flowchart (`policy.yaml`'s `flow`) as inline SVG.
//!
//! The drawing is a layered ("Sugiyama") layout running top to bottom, which
//! keeps it narrow enough to read on a phone. `flow_svg` runs the stages
//! below in this order (see `Layout::new`); each lives in its own module and
//! uses only `graph` (the shared types) and the stages before it:
//!
//! 0. `shape`: each node's text is wrapped and its box sized; `graph`
//!    resolves the `next` ids into edges.
//! 1. `rank`: edges closing a cycle (found by depth-first search from the
//!    start) are set aside and later drawn as loops along the right-hand
//!    side; every node goes to the layer of its longest path from a source,
//!    and edges spanning several layers get invisible "dummy" waypoints so
//!    that they run in their own column instead of through boxes;
//! 2. `order`: nodes are ordered within layers by the barycentre heuristic
//!    (the order with the fewest crossings over a few sweeps wins);
//! 3. `coords`: x positions follow the neighbours in alternating sweeps;
//!    each layer is packed with a weighted isotonic regression, which keeps
//!    the order and the minimum gaps (so boxes can never overlap) while
//!    staying as close as possible to the wished positions;
//! 4. `route`: edges are routed orthogonally: horizontal runs get their own
//!    track in the gap between two layers, so lines never hide each other,
//!    and loops their own lane on the right; the y of every layer follows
//!    from how many tracks its gaps need;
//! 5. `labels`: each edge label goes to the first of its candidate places
//!    that hides no node, line or other label;
//! 6. `draw`: the geometry is moved inside a margin and written as SVG.
//!
//! # Why not a layout crate
//!
//! Checked before this code was split into stages (crates.io and docs.rs,
//! December 2026). A crate would have to give a layered layout with labelled
//! edges and back edges, deterministic output and few dependencies:
//!
//! - `rust-sugiyama` (0.4; petgraph, log): ranks, orders and places vertices
//!   (Brandes–Köpf), one layout per connected component, cycles broken by
//!   reversing a greedy feedback arc set. No edge routing and no edge
//!   labels: ports, loop lanes, tracks and labels would all stay here.
//! - `layout-rs` (0.1.x): a Graphviz-DOT renderer with its own SVG writer;
//!   labels yes, but the flow would go through DOT text and come out in its
//!   style, without the actor bands, CSS classes, stable ids and `role="img"`
//!   title this site relies on; few releases.
//! - `dagre` / `dagre-dgl-rs` (0.1; ports of dagre.js, only `log`/`serde`):
//!   the closest fit (network-simplex ranks, edge labels, self-loops, bend
//!   points), but first releases only; back edges are reversed and routed
//!   in line through dummies instead of as loops in lanes on the right, and
//!   edges come back as bend points, not orthogonal runs stacked on tracks.
//! - `gen-sugiyama`: no cycle removal yet.
//!
//! None would give the same bytes (every flow page would change) and none
//! removes the routing, label placement and drawing, which are most of this
//! code, so the hand-written layout stays: no dependency, and its output is
//! pinned by `tests/site_snapshot.rs`.

// The shared types, then the stages in the order they run.
mod graph;

mod shape;

mod rank;

mod order;

mod coords;

mod route;

mod labels;

mod draw;

pub use graph::{FlowEdge, FlowKind, FlowNode};

use graph::Layout;

/// Renders the flow as an inline SVG. Returns an empty string when there
/// are no nodes (the page then shows only its text version). Edges to
/// unknown ids are skipped; nodes nobody reaches are still drawn.
pub fn flow_svg(nodes: &[FlowNode], title: &str) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let drawing = Layout::new(nodes).into_drawing();
    draw::render(nodes, title, &drawing)
}

impl Layout {
    /// The layout pipeline: every stage in order, each reading what the
    /// ones before it produced. `into_drawing` (in `draw`) then collects the
    /// result.
    fn new(nodes: &[FlowNode]) -> Layout {
        let mut layout = Layout::ranked(nodes);
        // 2. Order the layers.
        layout.order_layers();
        // 3. x coordinates.
        layout.place_x();
        // 4. Route: entries, ports, loop lanes, tracks; then y coordinates.
        layout.choose_entries();
        layout.choose_ports();
        layout.assign_lanes();
        layout.assign_tracks();
        layout.place_y();
        layout
    }

    /// Stages 0 and 1: the nodes measured, the edges read, cycles set aside,
    /// every node on its layer and long edges split by dummies.
    fn ranked(nodes: &[FlowNode]) -> Layout {
        let shapes: Vec<_> = nodes.iter().map(shape::shape_for).collect();
        let kinds: Vec<FlowKind> = nodes.iter().map(|n| n.kind).collect();
        let mut edges = graph::resolve_edges(nodes);
        let order = rank::mark_back_edges(&kinds, &mut edges);
        let layer = rank::longest_path_layers(&kinds, &edges);
        let mut layout = Layout::empty(shapes, kinds, edges);
        layout.build_layers(&layer, &order);
        layout
    }
}

#[cfg(test)]
pub(super) mod tests;
