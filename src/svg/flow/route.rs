//! Stage 4, edge routing: where edges enter and leave nodes (entries, a
//! decision's side vertices, loops on a node's right), a vertical lane on
//! the right for every loop, and a track for every horizontal run in the
//! gap between two layers, so that lines never hide each other. Knowing the
//! tracks, the y of every layer and gap follows; then each edge becomes an
//! orthogonal polyline with candidate places for its label.

use std::collections::BTreeMap;

use super::graph::{Edge, EdgeGeom, FlowKind, Group, GroupKey, Layout, Spot};

/// Least height of a gap between two layers.
const MIN_GAP: f64 = 40.0;
/// Room in a gap above its first track and below its last.
const GAP_TOP: f64 = 18.0;
const GAP_BOTTOM: f64 = 24.0;
/// Between two tracks of a gap.
const TRACK_SEP: f64 = 12.0;
/// The first loop lane's distance from the drawing, then between lanes.
const LANE_OFFSET: f64 = 20.0;
const LANE_SEP: f64 = 14.0;

fn intervals_overlap(a: (f64, f64), b: (f64, f64), pad: f64) -> bool {
    a.0 < b.1 + pad && b.0 < a.1 + pad
}

impl Layout {
    /// Picks one point on each node's top where incoming edges arrive: a
    /// source standing right above the box (not only above its centre)
    /// drops straight in, and the other edges join it there, so no edge
    /// makes a tiny kink or runs a few pixels beside another.
    pub(super) fn choose_entries(&mut self) {
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
    pub(super) fn choose_ports(&mut self) {
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
    pub(super) fn assign_lanes(&mut self) {
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
    pub(super) fn assign_tracks(&mut self) {
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

    pub(super) fn place_y(&mut self) {
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

    pub(super) fn center_y(&self, ln: usize) -> f64 {
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
    pub(super) fn forward_geometry(&self, e: &Edge) -> (EdgeGeom, Vec<Spot>) {
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
    pub(super) fn back_geometry(&self, k: usize) -> (EdgeGeom, Vec<Spot>) {
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

/// Drops repeated points and points in the middle of a straight run.
pub(super) fn simplify(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::{cycle, diamond, long_edge, node, single, small_graphs};
    use super::*;

    fn group(top_x: Option<f64>, drops: &[f64], lo: f64, hi: f64) -> Group {
        Group {
            top_x,
            drops: drops.to_vec(),
            lo,
            hi,
            track: 0,
        }
    }

    #[test]
    fn simplify_drops_repeats_and_straight_through_points() {
        let pts = [(0.0, 0.0), (0.0, 0.0), (0.0, 5.0), (0.0, 10.0), (8.0, 10.0)];
        assert_eq!(simplify(&pts), vec![(0.0, 0.0), (0.0, 10.0), (8.0, 10.0)]);
        // Turning back is a corner, not a straight run.
        let back = [(0.0, 0.0), (0.0, 10.0), (0.0, 5.0)];
        assert_eq!(simplify(&back), back.to_vec());
        assert!(simplify(&[]).is_empty());
    }

    #[test]
    fn intervals_overlap_within_the_padding() {
        assert!(intervals_overlap((0.0, 10.0), (12.0, 20.0), 4.0));
        assert!(!intervals_overlap((0.0, 10.0), (12.0, 20.0), 1.0));
    }

    #[test]
    fn overlapping_runs_get_their_own_tracks_and_separate_ones_share() {
        let mut gap = BTreeMap::new();
        gap.insert(GroupKey::Source(0), group(None, &[], 0.0, 100.0));
        gap.insert(GroupKey::Source(1), group(None, &[], 50.0, 150.0));
        gap.insert(GroupKey::Source(2), group(None, &[], 300.0, 400.0));
        stack_tracks(&mut gap);
        let tracks: Vec<usize> = gap.values().map(|g| g.track).collect();
        assert_eq!(tracks, vec![0, 1, 0]);
    }

    #[test]
    fn a_run_coming_down_where_another_leaves_lies_above_it() {
        // Source(5) comes down at x 50, where Source(1) drops: 5 goes
        // first although 1 starts further left.
        let mut gap = BTreeMap::new();
        gap.insert(GroupKey::Source(1), group(Some(0.0), &[50.0], 0.0, 50.0));
        gap.insert(
            GroupKey::Source(5),
            group(Some(50.0), &[200.0], 50.0, 200.0),
        );
        stack_tracks(&mut gap);
        assert_eq!(gap[&GroupKey::Source(5)].track, 0);
        assert_eq!(gap[&GroupKey::Source(1)].track, 1);
    }

    #[test]
    fn a_decision_branch_that_goes_aside_leaves_from_the_vertex() {
        let l = Layout::new(&diamond());
        let (x, half) = (l.lnodes[0].x, l.lnodes[0].w / 2.0);
        assert_eq!(l.edges[0].side_exit, None);
        assert_eq!(l.edges[1].side_exit, Some(x + half));
        let (geom, spots) = l.forward_geometry(&l.edges[1]);
        assert_eq!(geom.points[0], (x + half, l.center_y(0)));
        assert!(!geom.back && !spots.is_empty());
    }

    #[test]
    fn edges_enter_where_a_node_above_stands_over_the_box() {
        // d is not centred under c (see coords' long-edge test), but the
        // arrow from c still drops straight in; the long edge joins it.
        let l = Layout::new(&long_edge());
        assert_eq!(l.entry[3], l.lnodes[2].x);
        assert_eq!(l.entry[1], l.lnodes[0].x);
    }

    #[test]
    fn a_loop_runs_in_a_lane_right_of_everything() {
        let l = Layout::new(&cycle());
        let k = l.edges.iter().position(|e| e.back).unwrap_or(usize::MAX);
        let lane = l.edges[k].lane_x;
        assert!(lane >= l.right_extent() + LANE_OFFSET - 0.01);
        let (geom, _) = l.back_geometry(k);
        assert!(geom.back);
        assert!(geom.points.iter().any(|p| p.0 == lane));
        let end = geom.points[geom.points.len() - 1];
        let (b, c) = (l.edges[k].to, l.edges[k].from);
        assert!(end == (l.entry[b], l.top_y(b)) || end == (l.right_x(b), l.center_y(b)));
        assert!(geom.points[0].1 >= l.center_y(c));
    }

    #[test]
    fn overlapping_loops_get_separate_lanes() {
        use FlowKind::*;
        let nodes = vec![
            node("a", "A", Start, &[("b", None)]),
            node("b", "B", Step, &[("c", None)]),
            node("c", "C", Step, &[("d", None), ("a", None)]),
            node(
                "d",
                "D",
                Decision,
                &[("e", Some("ok")), ("b", Some("again"))],
            ),
            node("e", "E", End, &[]),
        ];
        let l = Layout::new(&nodes);
        let mut lanes: Vec<f64> = l
            .edges
            .iter()
            .filter(|e| e.back)
            .map(|e| e.lane_x)
            .collect();
        assert_eq!(lanes.len(), 2);
        lanes.sort_by(f64::total_cmp);
        assert_eq!(lanes[1] - lanes[0], LANE_SEP);
    }

    #[test]
    fn layers_stack_downwards_with_room_for_their_tracks() {
        for (name, nodes) in small_graphs() {
            let l = Layout::new(&nodes);
            assert_eq!(l.gap_y.len(), l.layers.len() + 1, "{name}");
            assert_eq!(l.layer_y.len(), l.layers.len(), "{name}");
            for pair in l.layer_y.windows(2) {
                let ((top, h), (next, _)) = (pair[0], pair[1]);
                assert!(next - (top + h) >= MIN_GAP, "{name}");
            }
            for gap in 1..l.layers.len() {
                let tracks = l.track_count(gap) as f64;
                let room = l.layer_y[gap].0 - l.gap_y[gap];
                assert!(tracks == 0.0 || room >= GAP_TOP + GAP_BOTTOM, "{name}");
            }
        }
    }

    #[test]
    fn a_single_node_needs_no_gaps() {
        let l = Layout::new(&single());
        let h = l.lnodes[0].h;
        assert_eq!(l.layer_y, vec![(0.0, h)]);
        assert_eq!(l.gap_y, vec![0.0, h]);
        assert!(l.gaps.iter().all(BTreeMap::is_empty));
    }
}
