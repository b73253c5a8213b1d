//! The reporting flowchart (`policy.yaml`'s `flow`) as inline SVG.
//!
//! The drawing is a layered ("Sugiyama") layout running top to bottom, which
//! keeps it narrow enough to read on a phone:
//! 1. edges closing a cycle (found by depth-first search from the start) are
//!    set aside and later drawn as loops along the right-hand side;
//! 2. every node goes to the layer of its longest path from a source, and
//!    edges spanning several layers get invisible "dummy" waypoints so that
//!    they run in their own column instead of through boxes;
//! 3. nodes are ordered within layers by the barycentre heuristic (the order
//!    with the fewest crossings over a few sweeps wins);
//! 4. x positions follow the neighbours in alternating sweeps; each layer
//!    is packed with a weighted isotonic regression, which keeps the order
//!    and the minimum gaps (so boxes can never overlap) while staying as
//!    close as possible to the wished positions;
//! 5. edges are routed orthogonally: horizontal runs get their own track in
//!    the gap between two layers, so lines never hide each other.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::open_svg;
use super::text::{
    escape, lines_width_em, num, stable_hash, truncate, width_em, wrap, wrap_scored,
};

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

// Geometry, in viewBox units (px at natural size).
const FONT: f64 = 14.0;
const LINE: f64 = 19.0;
const ACTOR_FONT: f64 = 11.5;
const ACTOR_LINE: f64 = 15.0;
const ACTOR_BAND: f64 = 20.0;
/// Role names are short; only an absurdly long one is cut (with …).
const ACTOR_MAX_EM: f64 = 18.0;
const LABEL_FONT: f64 = 12.0;
const PAD_X: f64 = 12.0;
const PAD_Y: f64 = 9.0;
const STEP_WRAP_EM: f64 = 10.0;
const DECISION_WRAP_EMS: [f64; 7] = [7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0];
const MAX_DECISION_W: f64 = 250.0;
const MIN_NODE_W: f64 = 120.0;
const NODE_SEP: f64 = 28.0;
const DUMMY_SEP: f64 = 14.0;
const MIN_GAP: f64 = 40.0;
const GAP_TOP: f64 = 18.0;
const GAP_BOTTOM: f64 = 24.0;
const TRACK_SEP: f64 = 12.0;
const LANE_OFFSET: f64 = 20.0;
const LANE_SEP: f64 = 14.0;
const MARGIN: f64 = 8.0;
const CORNER: f64 = 6.0;
const ORDER_SWEEPS: usize = 8;
const PLACE_ROUNDS: usize = 4;

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

/// Renders the flow as an inline SVG. Returns an empty string when there
/// are no nodes (the page then shows only its text version). Edges to
/// unknown ids are skipped; nodes nobody reaches are still drawn.
pub fn flow_svg(nodes: &[FlowNode], title: &str) -> String {
    if nodes.is_empty() {
        return String::new();
    }
    let drawing = Layout::new(nodes).into_drawing();
    render(nodes, title, &drawing)
}

/// A node's text, already wrapped, and the size of its shape.
struct Shape {
    lines: Vec<String>,
    actor: Option<String>,
    w: f64,
    h: f64,
}

fn shape_for(node: &FlowNode) -> Shape {
    let actor = node
        .actor
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| truncate(a, ACTOR_MAX_EM));
    let actor_w = actor.as_deref().map_or(0.0, width_em) * ACTOR_FONT;
    let actor_h = if actor.is_some() { ACTOR_LINE } else { 0.0 };
    let label = node.label.trim();
    let (lines, w, h) = match node.kind {
        FlowKind::Decision => {
            // A diamond grows in both directions with its text, so try a
            // few widths and keep the most compact that still breaks well.
            let mut best: Option<(f64, Vec<String>, f64, f64)> = None;
            for em in DECISION_WRAP_EMS {
                let (lines, cost) = wrap_scored(label, em);
                let (w, h) = diamond_size(&lines, actor_w, actor_h);
                let too_wide = (w - MAX_DECISION_W).max(0.0) * 4.0;
                let score = cost + w * h / 500.0 + too_wide;
                if best.as_ref().is_none_or(|b| score < b.0) {
                    best = Some((score, lines, w, h));
                }
            }
            let (_, lines, w, h) = best.unwrap_or_default();
            (lines, w, h)
        }
        kind => {
            // A box made wide by its actor lets the label use that width too.
            let lines = wrap(label, STEP_WRAP_EM.max(actor_w / FONT));
            let content_w = (lines_width_em(&lines) * FONT).max(actor_w);
            let text_h = lines.len() as f64 * LINE;
            if kind == FlowKind::Step {
                let band = if actor.is_some() { ACTOR_BAND } else { 0.0 };
                (lines, content_w + 2.0 * PAD_X, text_h + 2.0 * PAD_Y + band)
            } else {
                let h = text_h + actor_h + 2.0 * PAD_Y;
                // The rounded ends take room from the text.
                (lines, content_w + 2.0 * PAD_X + h * 0.4, h)
            }
        }
    };
    Shape {
        lines,
        actor,
        w: w.max(MIN_NODE_W).ceil(),
        h: h.ceil(),
    }
}

/// Size of a diamond holding the text: a w×h block fits a diamond with
/// half-diagonals a, b when (w/2)/a + (h/2)/b <= 1; the factors 1.6 and 8/3
/// satisfy it exactly.
fn diamond_size(lines: &[String], actor_w: f64, actor_h: f64) -> (f64, f64) {
    let cw = (lines_width_em(lines) * FONT).max(actor_w) + 12.0;
    let ch = lines.len() as f64 * LINE + actor_h + 6.0;
    ((cw * 1.6).max(MIN_NODE_W), (ch * 8.0 / 3.0).max(64.0))
}

/// A resolved edge between real nodes (indices into the input slice).
struct Edge {
    from: usize,
    to: usize,
    label: Option<String>,
    /// Closes a cycle; drawn as a loop on the right.
    back: bool,
    /// For forward edges: the layout nodes it passes, source to target.
    chain: Vec<usize>,
    /// For a side exit from a decision: x of the diamond's vertex.
    side_exit: Option<f64>,
    /// For back edges: leaves on the right (true) or from the bottom.
    exit_right: bool,
    /// For back edges: enters on the right (true) or from the top.
    enter_right: bool,
    /// For back edges: x of the vertical lane.
    lane_x: f64,
}

impl Edge {
    fn label_w(&self) -> f64 {
        self.label.as_deref().map_or(0.0, width_em) * LABEL_FONT
    }
}

/// A node of the layered layout: a real node or a dummy waypoint.
struct LNode {
    real: Option<usize>,
    layer: usize,
    w: f64,
    h: f64,
    x: f64,
    /// Extra room beside a decision for the labels of its side exits.
    label_room: f64,
    /// Ordering key before the first sweep (depth-first discovery order).
    seed: (usize, usize),
    /// For a dummy: the edge it belongs to.
    edge: Option<usize>,
}

/// A horizontal run in the gap between two layers, shared by the branches
/// leaving one source (a fork) or owned by one loop entering a node.
#[derive(Clone)]
struct Group {
    /// x where a line comes down into the gap from above.
    top_x: Option<f64>,
    /// x where lines leave the gap downwards.
    drops: Vec<f64>,
    lo: f64,
    hi: f64,
    track: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum GroupKey {
    /// Branches leaving this layout node.
    Source(usize),
    /// The loop (back edge) with this index entering its target from above.
    Entry(usize),
}

struct Layout {
    shapes: Vec<Shape>,
    kinds: Vec<FlowKind>,
    edges: Vec<Edge>,
    lnodes: Vec<LNode>,
    layers: Vec<Vec<usize>>,
    preds: Vec<Vec<usize>>,
    succs: Vec<Vec<usize>>,
    gaps: Vec<BTreeMap<GroupKey, Group>>,
    /// x where edges come into each layout node from above.
    entry: Vec<f64>,
    /// Top, height of each layer band; top of each gap.
    layer_y: Vec<(f64, f64)>,
    gap_y: Vec<f64>,
}

/// Finished geometry, ready to be written out.
struct Drawing {
    nodes: Vec<NodeGeom>,
    edges: Vec<EdgeGeom>,
    width: f64,
    height: f64,
}

struct NodeGeom {
    cx: f64,
    cy: f64,
    w: f64,
    h: f64,
    kind: FlowKind,
    lines: Vec<String>,
    actor: Option<String>,
}

struct EdgeGeom {
    points: Vec<(f64, f64)>,
    back: bool,
    label: Option<EdgeLabel>,
}

struct EdgeLabel {
    x: f64,
    y: f64,
    /// Text runs leftwards from x (text-anchor end).
    leftwards: bool,
    text: String,
}

impl EdgeLabel {
    fn x_range(&self) -> (f64, f64) {
        let w = width_em(&self.text) * LABEL_FONT;
        if self.leftwards {
            (self.x - w, self.x)
        } else {
            (self.x, self.x + w)
        }
    }
}

/// A candidate place for an edge label: the text's anchor point.
struct Spot {
    x: f64,
    y: f64,
    leftwards: bool,
}

impl Spot {
    fn new(x: f64, y: f64, leftwards: bool) -> Spot {
        Spot { x, y, leftwards }
    }

    /// The box the label's text covers, with a little air around it.
    fn rect(&self, text: &str) -> Rect {
        let w = width_em(text) * LABEL_FONT;
        let (x0, x1) = if self.leftwards {
            (self.x - w, self.x)
        } else {
            (self.x, self.x + w)
        };
        Rect {
            x0: x0 - 1.0,
            y0: self.y - LABEL_FONT * 0.85 - 2.0,
            x1: x1 + 1.0,
            y1: self.y + 4.0,
        }
    }
}

/// An axis-aligned rectangle.
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    /// The box of a horizontal or vertical line segment.
    fn around(a: (f64, f64), b: (f64, f64)) -> Rect {
        Rect {
            x0: a.0.min(b.0) - 1.0,
            y0: a.1.min(b.1) - 1.0,
            x1: a.0.max(b.0) + 1.0,
            y1: a.1.max(b.1) + 1.0,
        }
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Resolves `next` ids to node indices: the first node with an id wins,
/// unknown targets are dropped, repeated edges are merged.
fn resolve_edges(nodes: &[FlowNode]) -> Vec<Edge> {
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

/// Marks edges that close a cycle (to a node still on the depth-first
/// stack) and returns the discovery order of every node. The search starts
/// at the start nodes so that the main path runs downwards.
fn mark_back_edges(kinds: &[FlowKind], edges: &mut [Edge]) -> Vec<usize> {
    let n = kinds.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, e) in edges.iter().enumerate() {
        out[e.from].push(k);
    }
    let roots = (0..n).filter(|&i| kinds[i] == FlowKind::Start).chain(0..n);
    let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
    let mut order = vec![0; n];
    let mut counter = 0;
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        state[root] = 1;
        order[root] = counter;
        counter += 1;
        let mut stack = vec![(root, 0usize)];
        while let Some(top) = stack.last_mut() {
            let (v, pos) = *top;
            if pos == out[v].len() {
                state[v] = 2;
                stack.pop();
                continue;
            }
            top.1 += 1;
            let k = out[v][pos];
            let w = edges[k].to;
            match state[w] {
                0 => {
                    state[w] = 1;
                    order[w] = counter;
                    counter += 1;
                    stack.push((w, 0));
                }
                1 => edges[k].back = true,
                _ => {}
            }
        }
    }
    order
}

/// Layer of every node: its longest distance from a node without
/// predecessors, over the forward edges (which form a DAG). A node without
/// predecessors that is not a start (nobody reaches it) sits just above its
/// first successor rather than at the top, so its edges stay short.
fn longest_path_layers(kinds: &[FlowKind], edges: &[Edge]) -> Vec<usize> {
    let n = kinds.len();
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges.iter().filter(|e| !e.back) {
        indegree[e.to] += 1;
        out[e.from].push(e.to);
    }
    let mut layer = vec![0usize; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let sources: Vec<usize> = queue.iter().copied().collect();
    while let Some(v) = queue.pop_front() {
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    for v in sources {
        if kinds[v] != FlowKind::Start {
            if let Some(first) = out[v].iter().map(|&w| layer[w]).min() {
                layer[v] = first.saturating_sub(1);
            }
        }
    }
    layer
}

/// Weighted isotonic regression (pool adjacent violators): the
/// non-decreasing sequence closest to `targets` in weighted least squares.
fn isotonic(targets: &[f64], weights: &[f64]) -> Vec<f64> {
    // Blocks of (weighted sum, total weight, count).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for (&t, &w) in targets.iter().zip(weights) {
        blocks.push((t * w, w, 1));
        while blocks.len() >= 2 {
            let (s2, w2, c2) = blocks[blocks.len() - 1];
            let (s1, w1, c1) = blocks[blocks.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            let last = blocks.len() - 1;
            blocks[last] = (s1 + s2, w1 + w2, c1 + c2);
        }
    }
    blocks
        .iter()
        .flat_map(|&(s, w, c)| std::iter::repeat_n(s / w, c))
        .collect()
}

fn intervals_overlap(a: (f64, f64), b: (f64, f64), pad: f64) -> bool {
    a.0 < b.1 + pad && b.0 < a.1 + pad
}

impl Layout {
    fn new(nodes: &[FlowNode]) -> Layout {
        let shapes: Vec<Shape> = nodes.iter().map(shape_for).collect();
        let kinds: Vec<FlowKind> = nodes.iter().map(|n| n.kind).collect();
        let mut edges = resolve_edges(nodes);
        let order = mark_back_edges(&kinds, &mut edges);
        let layer = longest_path_layers(&kinds, &edges);
        let mut layout = Layout {
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
        };
        layout.build_layers(&layer, &order);
        layout.order_layers();
        layout.place_x();
        layout.choose_entries();
        layout.choose_ports();
        layout.assign_lanes();
        layout.assign_tracks();
        layout.place_y();
        layout
    }

    fn is_decision(&self, ln: usize) -> bool {
        self.lnodes[ln]
            .real
            .is_some_and(|r| self.kinds[r] == FlowKind::Decision)
    }

    /// Creates the layout nodes (real nodes first, then dummies for long
    /// edges) and the adjacency between consecutive layers.
    fn build_layers(&mut self, layer: &[usize], order: &[usize]) {
        for (i, shape) in self.shapes.iter().enumerate() {
            let label_room = if self.kinds[i] == FlowKind::Decision {
                let widest = self
                    .edges
                    .iter()
                    .filter(|e| e.from == i)
                    .map(Edge::label_w)
                    .fold(0.0, f64::max);
                if widest > 0.0 {
                    widest + 10.0
                } else {
                    0.0
                }
            } else {
                0.0
            };
            self.lnodes.push(LNode {
                real: Some(i),
                layer: layer[i],
                w: shape.w,
                h: shape.h,
                x: 0.0,
                label_room,
                seed: (order[i], 0),
                edge: None,
            });
        }
        for k in 0..self.edges.len() {
            if self.edges[k].back {
                continue;
            }
            let (from, to) = (self.edges[k].from, self.edges[k].to);
            let mut chain = vec![from];
            for l in layer[from] + 1..layer[to] {
                chain.push(self.lnodes.len());
                self.lnodes.push(LNode {
                    real: None,
                    layer: l,
                    w: 0.0,
                    h: 0.0,
                    x: 0.0,
                    label_room: 0.0,
                    // Between the source's earlier and later branches.
                    seed: (order[to], k + 1),
                    edge: Some(k),
                });
            }
            chain.push(to);
            self.edges[k].chain = chain;
        }
        let count = self.lnodes.len();
        self.preds = vec![Vec::new(); count];
        self.succs = vec![Vec::new(); count];
        for e in &self.edges {
            for pair in e.chain.windows(2) {
                self.succs[pair[0]].push(pair[1]);
                self.preds[pair[1]].push(pair[0]);
            }
        }
        let depth = layer.iter().copied().max().unwrap_or(0) + 1;
        self.layers = vec![Vec::new(); depth];
        for (i, ln) in self.lnodes.iter().enumerate() {
            self.layers[ln.layer].push(i);
        }
        for members in &mut self.layers {
            members.sort_by_key(|&i| (self.lnodes[i].seed, i));
        }
    }

    fn positions(&self) -> Vec<usize> {
        let mut pos = vec![0; self.lnodes.len()];
        for members in &self.layers {
            for (p, &i) in members.iter().enumerate() {
                pos[i] = p;
            }
        }
        pos
    }

    fn crossings(&self) -> usize {
        let pos = self.positions();
        let mut total = 0;
        for members in &self.layers {
            let segs: Vec<(usize, usize)> = members
                .iter()
                .flat_map(|&a| self.succs[a].iter().map(move |&b| (a, b)))
                .map(|(a, b)| (pos[a], pos[b]))
                .collect();
            for (i, s) in segs.iter().enumerate() {
                for t in &segs[i + 1..] {
                    if (s.0 < t.0 && s.1 > t.1) || (s.0 > t.0 && s.1 < t.1) {
                        total += 1;
                    }
                }
            }
        }
        total
    }

    /// Reorders one layer by the mean position of each node's neighbours
    /// in the adjacent layer; nodes without neighbours keep their place.
    fn reorder_layer(&mut self, l: usize, downwards: bool) {
        let pos = self.positions();
        let mut keyed: Vec<(f64, usize, usize)> = self.layers[l]
            .iter()
            .map(|&v| {
                let nbrs = if downwards {
                    &self.preds[v]
                } else {
                    &self.succs[v]
                };
                let key = if nbrs.is_empty() {
                    pos[v] as f64
                } else {
                    nbrs.iter().map(|&u| pos[u] as f64).sum::<f64>() / nbrs.len() as f64
                };
                (key, pos[v], v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        self.layers[l] = keyed.into_iter().map(|(_, _, v)| v).collect();
    }

    fn order_layers(&mut self) {
        let mut best = self.layers.clone();
        let mut best_crossings = self.crossings();
        for sweep in 0..ORDER_SWEEPS {
            if best_crossings == 0 {
                break;
            }
            if sweep % 2 == 0 {
                for l in 1..self.layers.len() {
                    self.reorder_layer(l, true);
                }
            } else {
                for l in (0..self.layers.len().saturating_sub(1)).rev() {
                    self.reorder_layer(l, false);
                }
            }
            let c = self.crossings();
            if c < best_crossings {
                best_crossings = c;
                best = self.layers.clone();
            }
        }
        self.layers = best;
    }

    /// Minimum distance between the centres of two neighbours in a layer.
    fn min_distance(&self, a: usize, b: usize) -> f64 {
        let (la, lb) = (&self.lnodes[a], &self.lnodes[b]);
        let sep = match (la.real.is_some(), lb.real.is_some()) {
            (true, true) => NODE_SEP,
            (false, false) => DUMMY_SEP,
            _ => (NODE_SEP + DUMMY_SEP) / 2.0,
        };
        la.w / 2.0 + la.label_room + sep + lb.label_room + lb.w / 2.0
    }

    /// Where a decision wants a child relative to its own centre: its
    /// branches packed side by side (the middle one straight below), the
    /// outer ones at least as far out as the diamond's vertices so that
    /// they can leave from the sides.
    fn branch_offset(&self, u: usize, v: usize) -> f64 {
        if !self.is_decision(u) || self.succs[u].len() < 2 {
            return 0.0;
        }
        let layer = &self.layers[self.lnodes[v].layer];
        let mut kids: Vec<(usize, usize)> = self.succs[u]
            .iter()
            .filter_map(|&k| layer.iter().position(|&x| x == k).map(|p| (p, k)))
            .collect();
        kids.sort_unstable();
        let Some(rank) = kids.iter().position(|&(_, k)| k == v) else {
            return 0.0;
        };
        // Packed positions of the branches, relative to the first one.
        let mut packed = vec![0.0];
        for pair in kids.windows(2) {
            let gap: f64 = layer[pair[0].0..=pair[1].0]
                .windows(2)
                .map(|w| self.min_distance(w[0], w[1]))
                .sum();
            packed.push(packed[packed.len() - 1] + gap);
        }
        let m = kids.len();
        // Two branches: the first continues straight down (the main path
        // stays one vertical line) and the other leaves to the side. Odd
        // counts centre the middle branch; even counts centre the group.
        let centre = if m == 2 {
            packed[0]
        } else if m % 2 == 1 {
            packed[m / 2]
        } else {
            (packed[0] + packed[m - 1]) / 2.0
        };
        let offset = packed[rank] - centre;
        let half = self.lnodes[u].w / 2.0;
        if rank == 0 && m > 2 {
            offset.min(-half)
        } else if rank == m - 1 {
            offset.max(half)
        } else {
            offset
        }
    }

    /// Packs one layer as close to the wished x positions as the minimum
    /// distances allow, keeping the order.
    fn pack_layer(&mut self, l: usize, wished: &[f64], weights: &[f64]) {
        let members = self.layers[l].clone();
        let mut offsets = Vec::with_capacity(members.len());
        let mut acc = 0.0;
        for (i, &v) in members.iter().enumerate() {
            if i > 0 {
                acc += self.min_distance(members[i - 1], v);
            }
            offsets.push(acc);
        }
        let targets: Vec<f64> = wished.iter().zip(&offsets).map(|(w, o)| w - o).collect();
        let fitted = isotonic(&targets, weights);
        for ((&v, f), o) in members.iter().zip(fitted).zip(offsets) {
            self.lnodes[v].x = f + o;
        }
    }

    /// The neighbours a node lines up with: where branches merge, the one
    /// plain step that leads only here (the main path) if there is exactly
    /// one, otherwise all of them (the node centres between them).
    fn main_neighbours(&self, v: usize, downwards: bool) -> Vec<usize> {
        let (nbrs, back) = if downwards {
            (&self.preds[v], &self.succs)
        } else {
            (&self.succs[v], &self.preds)
        };
        if nbrs.len() < 2 {
            return nbrs.clone();
        }
        let plain: Vec<usize> = nbrs
            .iter()
            .copied()
            .filter(|&u| self.lnodes[u].real.is_some() && back[u].len() == 1)
            .collect();
        if plain.len() == 1 {
            plain
        } else {
            nbrs.clone()
        }
    }

    fn sweep_x(&mut self, l: usize, downwards: bool) {
        let members = self.layers[l].clone();
        let mut wished = Vec::with_capacity(members.len());
        let mut weights = Vec::with_capacity(members.len());
        for &v in &members {
            let nbrs = self.main_neighbours(v, downwards);
            if nbrs.is_empty() {
                wished.push(self.lnodes[v].x);
                weights.push(0.5);
                continue;
            }
            let sum: f64 = nbrs
                .iter()
                .map(|&u| {
                    if downwards {
                        self.lnodes[u].x + self.branch_offset(u, v)
                    } else {
                        self.lnodes[u].x - self.branch_offset(v, u)
                    }
                })
                .sum();
            wished.push(sum / nbrs.len() as f64);
            // Dummies and plain continuations pull harder: long edges and
            // the main path should run straight.
            let single_straight = nbrs.len() == 1 && {
                let (a, b) = if downwards {
                    (nbrs[0], v)
                } else {
                    (v, nbrs[0])
                };
                self.branch_offset(a, b).abs() < 0.5
            };
            weights.push(if self.lnodes[v].real.is_none() {
                2.0
            } else if single_straight {
                3.0
            } else {
                1.0
            });
        }
        self.pack_layer(l, &wished, &weights);
    }

    fn place_x(&mut self) {
        for l in 0..self.layers.len() {
            let n = self.layers[l].len();
            self.pack_layer(l, &vec![0.0; n], &vec![1.0; n]);
        }
        for _ in 0..PLACE_ROUNDS {
            for l in 1..self.layers.len() {
                self.sweep_x(l, true);
            }
            for l in (0..self.layers.len().saturating_sub(1)).rev() {
                self.sweep_x(l, false);
            }
        }
        for l in 1..self.layers.len() {
            self.sweep_x(l, true);
        }
        // Twice: moving waypoints in the second half can make room for a
        // node in the first.
        self.straighten();
        self.straighten();
    }

    /// Removes kinks: a node with one predecessor moves to exactly where
    /// that predecessor wants it if its neighbours leave room; then, from
    /// the bottom up, a waypoint of a long edge moves over to the next one
    /// below it, so that long edges run as one straight line.
    fn straighten(&mut self) {
        for l in 1..self.layers.len() {
            for i in 0..self.layers[l].len() {
                let v = self.layers[l][i];
                let [u] = self.preds[v][..] else { continue };
                let wanted = self.lnodes[u].x + self.branch_offset(u, v);
                if (wanted - self.lnodes[v].x).abs() <= 80.0 && !self.try_move(l, i, wanted) {
                    self.make_room(l, i, wanted);
                }
            }
        }
        for l in (0..self.layers.len()).rev() {
            for i in 0..self.layers[l].len() {
                let v = self.layers[l][i];
                if self.lnodes[v].real.is_some() {
                    continue;
                }
                if let [w] = self.succs[v][..] {
                    let wanted = self.lnodes[w].x;
                    self.try_move(l, i, wanted);
                }
            }
        }
    }

    /// When a node cannot move to `x` because a long edge runs right beside
    /// it, moves that whole edge aside (if nothing is in its way) and then
    /// the node: a straight main path is worth a slightly wider drawing.
    fn make_room(&mut self, l: usize, i: usize, x: f64) {
        let v = self.layers[l][i];
        let rightwards = x > self.lnodes[v].x;
        let neighbour = if rightwards {
            self.layers[l].get(i + 1)
        } else {
            i.checked_sub(1).and_then(|j| self.layers[l].get(j))
        };
        let Some(&d) = neighbour else { return };
        let Some(k) = self.lnodes[d].edge else { return };
        let shift = if rightwards {
            x + self.min_distance(v, d) - self.lnodes[d].x
        } else {
            x - self.min_distance(d, v) - self.lnodes[d].x
        };
        let chain: Vec<usize> = self.edges[k]
            .chain
            .iter()
            .copied()
            .filter(|&c| self.lnodes[c].real.is_none())
            .collect();
        if chain
            .iter()
            .all(|&c| self.has_room(c, self.lnodes[c].x + shift, rightwards))
        {
            for &c in &chain {
                self.lnodes[c].x += shift;
            }
            self.try_move(l, i, x);
        }
    }

    /// Whether node `c` could move to `x` without coming too close to its
    /// neighbour on the side it moves towards.
    fn has_room(&self, c: usize, x: f64, rightwards: bool) -> bool {
        let layer = &self.layers[self.lnodes[c].layer];
        let Some(p) = layer.iter().position(|&o| o == c) else {
            return false;
        };
        if rightwards {
            layer
                .get(p + 1)
                .is_none_or(|&r| self.lnodes[r].x - x >= self.min_distance(c, r) - 0.01)
        } else {
            p.checked_sub(1).is_none_or(|q| {
                x - self.lnodes[layer[q]].x >= self.min_distance(layer[q], c) - 0.01
            })
        }
    }

    /// Moves the `i`-th node of layer `l` to `x` if that keeps the minimum
    /// distances to its neighbours; tells whether it moved.
    fn try_move(&mut self, l: usize, i: usize, x: f64) -> bool {
        let members = &self.layers[l];
        let v = members[i];
        let left_ok = i == 0 || {
            let left = members[i - 1];
            x - self.lnodes[left].x >= self.min_distance(left, v) - 0.01
        };
        let right_ok = i + 1 == members.len() || {
            let right = members[i + 1];
            self.lnodes[right].x - x >= self.min_distance(v, right) - 0.01
        };
        if left_ok && right_ok {
            self.lnodes[v].x = x;
        }
        left_ok && right_ok
    }

    /// Picks one point on each node's top where incoming edges arrive: a
    /// source standing right above the box (not only above its centre)
    /// drops straight in, and the other edges join it there, so no edge
    /// makes a tiny kink or runs a few pixels beside another.
    fn choose_entries(&mut self) {
        self.entry = (0..self.lnodes.len())
            .map(|b| {
                let n = &self.lnodes[b];
                let Some(r) = n.real else { return n.x };
                let inset = match self.kinds[r] {
                    FlowKind::Decision => return n.x,
                    FlowKind::Start | FlowKind::End => n.h / 2.0,
                    FlowKind::Step => 14.0,
                };
                let reach = n.w / 2.0 - inset;
                self.preds[b]
                    .iter()
                    .map(|&a| self.lnodes[a].x)
                    .filter(|xa| (xa - n.x).abs() <= reach)
                    .min_by(|p, q| {
                        (p - n.x)
                            .abs()
                            .total_cmp(&(q - n.x).abs())
                            .then(p.total_cmp(q))
                    })
                    .unwrap_or(n.x)
            })
            .collect();
    }

    /// Whether the horizontal span is free of other nodes of the layer.
    fn span_is_clear(&self, layer: usize, except: usize, span: (f64, f64)) -> bool {
        self.layers[layer].iter().all(|&o| {
            let n = &self.lnodes[o];
            o == except || !intervals_overlap(span, (n.x - n.w / 2.0, n.x + n.w / 2.0), 4.0)
        })
    }

    fn is_rightmost(&self, ln: usize) -> bool {
        self.layers[self.lnodes[ln].layer].last() == Some(&ln)
    }

    /// Decides where edges leave and enter nodes: decision branches leave
    /// from the diamond's side vertices when the way (and room for the
    /// label) is clear; loops use a node's right side when it is the
    /// rightmost of its layer, else its bottom or top.
    fn choose_ports(&mut self) {
        let n = self.shapes.len();
        let mut right_used = vec![false; n];
        let mut left_used = vec![false; n];
        for k in 0..self.edges.len() {
            let e = &self.edges[k];
            if e.back || self.kinds[e.from] != FlowKind::Decision {
                continue;
            }
            let u = e.from;
            let (cx, half) = (self.lnodes[u].x, self.lnodes[u].w / 2.0);
            let nx = self.entry[e.chain[1]];
            let room = e.label_w() + 8.0;
            let layer = self.lnodes[u].layer;
            if nx >= cx + half - 1.0 && !right_used[u] {
                let v = cx + half;
                if self.span_is_clear(layer, u, (v, nx.max(v + room))) {
                    right_used[u] = true;
                    self.edges[k].side_exit = Some(v);
                }
            } else if nx <= cx - half + 1.0 && !left_used[u] {
                let v = cx - half;
                if self.span_is_clear(layer, u, (nx.min(v - room), v)) {
                    left_used[u] = true;
                    self.edges[k].side_exit = Some(v);
                }
            }
        }
        for k in 0..self.edges.len() {
            let (from, to, back) = (self.edges[k].from, self.edges[k].to, self.edges[k].back);
            if !back {
                continue;
            }
            // A self-loop leaves from the bottom so that it can come back in
            // on the right.
            if from != to && self.is_rightmost(from) && !right_used[from] {
                right_used[from] = true;
                self.edges[k].exit_right = true;
            }
            if self.is_rightmost(to) && !right_used[to] {
                right_used[to] = true;
                self.edges[k].enter_right = true;
            }
        }
    }

    /// Right edge of everything drawn so far (nodes and branch labels), so
    /// that loops run outside it.
    fn right_extent(&self) -> f64 {
        let mut right = self
            .lnodes
            .iter()
            .map(|n| n.x + n.w / 2.0 + n.label_room)
            .fold(f64::MIN, f64::max);
        for e in &self.edges {
            if e.back {
                continue;
            }
            let next = self.entry[e.chain[1]];
            right = right.max(next + 5.0 + e.label_w());
        }
        right
    }

    /// Gives each loop its own vertical lane on the right; shorter loops
    /// run inside longer ones that overlap them.
    fn assign_lanes(&mut self) {
        let base = self.right_extent() + LANE_OFFSET;
        let mut loops: Vec<usize> = (0..self.edges.len())
            .filter(|&k| self.edges[k].back)
            .collect();
        let span = |e: &Edge| (self.lnodes[e.to].layer, self.lnodes[e.from].layer);
        loops.sort_by_key(|&k| {
            let (a, b) = span(&self.edges[k]);
            (b - a, a, k)
        });
        let mut taken: Vec<(usize, usize, usize)> = Vec::new(); // (lane, top, bottom)
        let mut lanes = Vec::new();
        for &k in &loops {
            let (a, b) = span(&self.edges[k]);
            let lane = (0..)
                .find(|&lane| {
                    !taken
                        .iter()
                        .any(|&(l, ta, tb)| l == lane && a <= tb + 1 && ta <= b + 1)
                })
                .unwrap_or(0);
            taken.push((lane, a, b));
            lanes.push((k, lane));
        }
        for (k, lane) in lanes {
            self.edges[k].lane_x = base + LANE_SEP * lane as f64;
        }
    }

    fn add_to_group(
        &mut self,
        gap: usize,
        key: GroupKey,
        top_x: Option<f64>,
        drop: Option<f64>,
        reach: f64,
    ) {
        let group = self.gaps[gap].entry(key).or_insert(Group {
            top_x,
            drops: Vec::new(),
            lo: reach,
            hi: reach,
            track: 0,
        });
        for x in top_x.iter().chain(drop.iter()) {
            group.lo = group.lo.min(*x);
            group.hi = group.hi.max(*x);
        }
        group.lo = group.lo.min(reach);
        group.hi = group.hi.max(reach);
        if let Some(d) = drop {
            group.drops.push(d);
        }
    }

    /// Collects the horizontal runs of every gap and stacks them on tracks.
    fn assign_tracks(&mut self) {
        self.gaps = vec![BTreeMap::new(); self.layers.len() + 1];
        for k in 0..self.edges.len() {
            let e = &self.edges[k];
            if e.back {
                let (u, v, lane) = (e.from, e.to, e.lane_x);
                let (exit_right, enter_right) = (e.exit_right, e.enter_right);
                if !exit_right {
                    let x = self.lnodes[u].x;
                    self.add_to_group(
                        self.lnodes[u].layer + 1,
                        GroupKey::Source(u),
                        Some(x),
                        None,
                        lane,
                    );
                }
                if !enter_right {
                    let x = self.entry[v];
                    self.add_to_group(
                        self.lnodes[v].layer,
                        GroupKey::Entry(k),
                        None,
                        Some(x),
                        lane,
                    );
                }
                continue;
            }
            let skip_first = e.side_exit.is_some();
            let chain = e.chain.clone();
            for (s, pair) in chain.windows(2).enumerate() {
                let (a, b) = (pair[0], pair[1]);
                let (xa, xb) = (self.lnodes[a].x, self.entry[b]);
                if (s == 0 && skip_first) || (xa - xb).abs() <= 0.5 {
                    continue;
                }
                self.add_to_group(
                    self.lnodes[b].layer,
                    GroupKey::Source(a),
                    Some(xa),
                    Some(xb),
                    xb,
                );
            }
        }
        for gap in &mut self.gaps {
            stack_tracks(gap);
        }
    }

    fn track_count(&self, gap: usize) -> usize {
        self.gaps[gap]
            .values()
            .map(|g| g.track + 1)
            .max()
            .unwrap_or(0)
    }

    fn place_y(&mut self) {
        let mut y = 0.0;
        let last = self.layers.len();
        for gap in 0..=last {
            self.gap_y.push(y);
            let tracks = self.track_count(gap);
            let inner = gap > 0 && gap < last;
            y += if tracks > 0 {
                (GAP_TOP + (tracks - 1) as f64 * TRACK_SEP + GAP_BOTTOM).max(if inner {
                    MIN_GAP
                } else {
                    0.0
                })
            } else if inner {
                MIN_GAP
            } else {
                0.0
            };
            if gap < last {
                let h = self.layers[gap]
                    .iter()
                    .map(|&i| self.lnodes[i].h)
                    .fold(0.0, f64::max);
                self.layer_y.push((y, h));
                y += h;
            }
        }
    }

    fn track_y(&self, gap: usize, key: GroupKey) -> f64 {
        let track = self.gaps[gap].get(&key).map_or(0, |g| g.track);
        self.gap_y[gap] + GAP_TOP + track as f64 * TRACK_SEP
    }

    fn center_y(&self, ln: usize) -> f64 {
        let (top, h) = self.layer_y[self.lnodes[ln].layer];
        top + h / 2.0
    }

    fn top_y(&self, ln: usize) -> f64 {
        self.center_y(ln) - self.lnodes[ln].h / 2.0
    }

    fn bottom_y(&self, ln: usize) -> f64 {
        self.center_y(ln) + self.lnodes[ln].h / 2.0
    }

    fn right_x(&self, ln: usize) -> f64 {
        self.lnodes[ln].x + self.lnodes[ln].w / 2.0
    }

    fn band_top(&self, ln: usize) -> f64 {
        self.layer_y[self.lnodes[ln].layer].0
    }

    /// Route of a forward edge, and the places its label may go, best first.
    fn forward_geometry(&self, e: &Edge) -> (EdgeGeom, Vec<Spot>) {
        let u = e.from;
        let (xu, first, v) = (self.lnodes[u].x, e.chain[1], e.to);
        let mut points = Vec::new();
        let mut spots = Vec::new();
        if let Some(vx) = e.side_exit {
            let cy = self.center_y(u);
            points.push((vx, cy));
            points.push((self.entry[first], cy));
            let dir = if vx < xu { -1.0 } else { 1.0 };
            spots.push(Spot::new(vx + 4.0 * dir, cy - 5.0, dir < 0.0));
            spots.push(Spot::new(vx + 4.0 * dir, cy + 14.0, dir < 0.0));
        } else {
            points.push((xu, self.bottom_y(u)));
            spots.push(Spot::new(xu + 5.0, self.bottom_y(u) + 13.0, false));
            spots.push(Spot::new(xu - 5.0, self.bottom_y(u) + 13.0, true));
        }
        for (s, pair) in e.chain.windows(2).enumerate() {
            let (a, b) = (pair[0], pair[1]);
            let (xa, xb) = (self.lnodes[a].x, self.entry[b]);
            if (s == 0 && e.side_exit.is_some()) || (xa - xb).abs() <= 0.5 {
                continue;
            }
            let ty = self.track_y(self.lnodes[b].layer, GroupKey::Source(a));
            points.push((xa, ty));
            points.push((xb, ty));
            if s == 0 {
                // The branch is told apart where it drops from the fork.
                let y = self.band_top(b) - 7.0;
                spots.insert(0, Spot::new(xb - 5.0, y, true));
                spots.insert(0, Spot::new(xb + 5.0, y, false));
                spots.push(Spot::new(xb + 5.0, ty + 15.0, false));
            }
        }
        points.push((self.entry[v], self.top_y(v)));
        (
            EdgeGeom {
                points,
                back: false,
                label: None,
            },
            spots,
        )
    }

    /// Route of a loop along its lane on the right, and its label places.
    fn back_geometry(&self, k: usize) -> (EdgeGeom, Vec<Spot>) {
        let e = &self.edges[k];
        let (u, v, lane) = (e.from, e.to, e.lane_x);
        let mut points = Vec::new();
        let mut spots = Vec::new();
        if e.exit_right {
            let (x, y) = (self.right_x(u), self.center_y(u));
            points.push((x, y));
            points.push((lane, y));
            spots.push(Spot::new(x + 4.0, y - 5.0, false));
            spots.push(Spot::new(x + 4.0, y + 14.0, false));
        } else {
            let gap = self.lnodes[u].layer + 1;
            let ty = self.track_y(gap, GroupKey::Source(u));
            let (x, bottom) = (self.lnodes[u].x, self.bottom_y(u));
            points.push((x, bottom));
            points.push((x, ty));
            points.push((lane, ty));
            spots.push(Spot::new(lane - 4.0, ty + 14.0, true));
            spots.push(Spot::new(lane - 4.0, ty - 4.0, true));
            spots.push(Spot::new(x + 5.0, bottom + 13.0, false));
            spots.push(Spot::new(x - 5.0, bottom + 13.0, true));
        }
        if e.enter_right {
            let y = self.center_y(v);
            points.push((lane, y));
            points.push((self.right_x(v), y));
        } else {
            let ty = self.track_y(self.lnodes[v].layer, GroupKey::Entry(k));
            let x = self.entry[v];
            points.push((lane, ty));
            points.push((x, ty));
            points.push((x, self.top_y(v)));
        }
        (
            EdgeGeom {
                points,
                back: true,
                label: None,
            },
            spots,
        )
    }

    /// Gives each edge label the first of its places that overlaps no node,
    /// no line and no label placed before it (or its first place if none
    /// is free, which a readable flow never needs).
    fn place_labels(
        &self,
        routed: Vec<(EdgeGeom, Vec<Spot>)>,
        nodes: &[NodeGeom],
    ) -> Vec<EdgeGeom> {
        let mut obstacles: Vec<Rect> = nodes
            .iter()
            .map(|n| Rect {
                x0: n.cx - n.w / 2.0,
                y0: n.cy - n.h / 2.0,
                x1: n.cx + n.w / 2.0,
                y1: n.cy + n.h / 2.0,
            })
            .collect();
        for (geom, _) in &routed {
            for seg in simplify(&geom.points).windows(2) {
                obstacles.push(Rect::around(seg[0], seg[1]));
            }
        }
        let mut placed = Vec::with_capacity(routed.len());
        for (k, (mut geom, spots)) in routed.into_iter().enumerate() {
            if let Some(text) = &self.edges[k].label {
                let fits = |spot: &Spot| {
                    let r = spot.rect(text);
                    !obstacles.iter().any(|o| o.overlaps(&r))
                };
                if let Some(spot) = spots.iter().find(|s| fits(s)).or(spots.first()) {
                    obstacles.push(spot.rect(text));
                    geom.label = Some(EdgeLabel {
                        x: spot.x,
                        y: spot.y,
                        leftwards: spot.leftwards,
                        text: text.clone(),
                    });
                }
            }
            placed.push(geom);
        }
        placed
    }

    fn into_drawing(self) -> Drawing {
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

/// Stacks the horizontal runs of one gap on tracks: a run whose line comes
/// down where another run's line leaves downwards must lie above it (or the
/// two vertical lines would run together), and runs on one track must not
/// overlap. Greedy left-edge order keeps it deterministic.
fn stack_tracks(gap: &mut BTreeMap<GroupKey, Group>) {
    let keys: Vec<GroupKey> = gap.keys().copied().collect();
    let above = |a: &Group, b: &Group| {
        a.top_x
            .is_some_and(|t| b.drops.iter().any(|d| (d - t).abs() < 0.5))
    };
    let mut done: BTreeMap<GroupKey, usize> = BTreeMap::new();
    while done.len() < keys.len() {
        let pending: Vec<GroupKey> = keys
            .iter()
            .copied()
            .filter(|k| !done.contains_key(k))
            .collect();
        let ready: Vec<GroupKey> = pending
            .iter()
            .copied()
            .filter(|k| pending.iter().all(|o| o == k || !above(&gap[o], &gap[k])))
            .collect();
        let choose_from = if ready.is_empty() { &pending } else { &ready };
        let Some(&key) = choose_from.iter().min_by(|a, b| {
            let (ga, gb) = (&gap[*a], &gap[*b]);
            ga.lo
                .total_cmp(&gb.lo)
                .then(ga.hi.total_cmp(&gb.hi))
                .then(a.cmp(b))
        }) else {
            break;
        };
        let group = gap[&key].clone();
        let floor = done
            .iter()
            .filter(|(o, _)| above(&gap[*o], &group))
            .map(|(_, &t)| t + 1)
            .max()
            .unwrap_or(0);
        let track = (floor..)
            .find(|&t| {
                !done.iter().any(|(o, &ot)| {
                    ot == t && intervals_overlap((gap[o].lo, gap[o].hi), (group.lo, group.hi), 8.0)
                })
            })
            .unwrap_or(floor);
        done.insert(key, track);
    }
    for (key, track) in done {
        if let Some(g) = gap.get_mut(&key) {
            g.track = track;
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

/// Drops repeated points and points in the middle of a straight run.
fn simplify(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::new();
    for &p in points {
        if let Some(&last) = out.last() {
            if (last.0 - p.0).abs() < 0.05 && (last.1 - p.1).abs() < 0.05 {
                continue;
            }
        }
        if out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let cross = (b.0 - a.0) * (p.1 - b.1) - (b.1 - a.1) * (p.0 - b.0);
            let forward = (b.0 - a.0) * (p.0 - b.0) + (b.1 - a.1) * (p.1 - b.1);
            if cross.abs() < 0.01 && forward > 0.0 {
                out.pop();
            }
        }
        out.push(p);
    }
    out
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

fn render(nodes: &[FlowNode], title: &str, d: &Drawing) -> String {
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
pub(super) mod tests {
    use super::*;

    fn node(id: &str, label: &str, kind: FlowKind, next: &[(&str, Option<&str>)]) -> FlowNode {
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
                    let hits = sx0 < x1
                        && x0 < sx1.max(sx0 + 0.01)
                        && sy0 < y1
                        && y0 < sy1.max(sy0 + 0.01);
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
                            (kind == FlowKind::Decision)
                                .then_some(["はい", "いいえ", "不明"][j % 3]),
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

    #[test]
    fn isotonic_keeps_order() {
        assert_eq!(
            isotonic(&[3.0, 1.0, 2.0], &[1.0, 1.0, 1.0]),
            vec![2.0, 2.0, 2.0]
        );
        assert_eq!(isotonic(&[1.0, 2.0], &[1.0, 1.0]), vec![1.0, 2.0]);
    }
}
