//! Stage 3, coordinate assignment: the x of every layout node. Positions
//! follow the neighbours in alternating sweeps; each layer is packed with a
//! weighted isotonic regression, which keeps the order and the minimum gaps
//! (so boxes can never overlap) while staying as close as possible to the
//! wished positions. Then kinks are straightened where there is room. (The
//! y of each layer waits for `route`: gaps grow with their tracks.)

use super::graph::Layout;

/// Air between two boxes of a layer, and between two long edges (a box
/// and an edge get the mean).
const NODE_SEP: f64 = 28.0;
const DUMMY_SEP: f64 = 14.0;
/// Down-and-up sweeps before the final downward one.
const PLACE_ROUNDS: usize = 4;

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

impl Layout {
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

    pub(super) fn place_x(&mut self) {
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
}

#[cfg(test)]
mod tests {
    use super::super::tests::{diamond, long_edge, random_flow, single, small_graphs, Lcg};
    use super::*;

    /// The layout after stage 3.
    fn placed(nodes: &[super::super::FlowNode]) -> Layout {
        let mut l = Layout::ranked(nodes);
        l.order_layers();
        l.place_x();
        l
    }

    /// Neighbours in every layer keep at least their minimum distance.
    fn assert_spaced(l: &Layout, what: &str) {
        for members in &l.layers {
            for pair in members.windows(2) {
                let gap = l.lnodes[pair[1]].x - l.lnodes[pair[0]].x;
                let min = l.min_distance(pair[0], pair[1]);
                assert!(gap >= min - 0.01, "{what}: {pair:?} {gap} < {min}");
            }
        }
    }

    #[test]
    fn isotonic_keeps_order() {
        assert_eq!(
            isotonic(&[3.0, 1.0, 2.0], &[1.0, 1.0, 1.0]),
            vec![2.0, 2.0, 2.0]
        );
        assert_eq!(isotonic(&[1.0, 2.0], &[1.0, 1.0]), vec![1.0, 2.0]);
    }

    #[test]
    fn isotonic_pools_by_weight() {
        assert_eq!(isotonic(&[2.0, 0.0], &[3.0, 1.0]), vec![1.5, 1.5]);
        assert!(isotonic(&[], &[]).is_empty());
    }

    #[test]
    fn a_single_node_stays_at_zero() {
        assert_eq!(placed(&single()).lnodes[0].x, 0.0);
    }

    #[test]
    fn a_decision_sends_its_first_branch_straight_down_and_the_other_aside() {
        let l = placed(&diamond());
        let (a, b, c) = (&l.lnodes[0], &l.lnodes[1], &l.lnodes[2]);
        assert!((b.x - a.x).abs() < 0.5, "{} {}", a.x, b.x);
        assert!(c.x - a.x >= a.w / 2.0, "{} {}", a.x, c.x);
    }

    #[test]
    fn a_long_edge_runs_in_one_straight_column_beside_the_chain() {
        let l = placed(&long_edge());
        let (d1, d2) = (l.lnodes[4].x, l.lnodes[5].x);
        assert_eq!(d1, d2);
        for real in [1, 2] {
            let n = &l.lnodes[real];
            assert!((d1 - n.x).abs() > n.w / 2.0, "dummy inside node {real}");
        }
        // The main path down to the merge stays one vertical line. (The
        // merge node d itself, with two predecessors, is left where the
        // sweeps put it: `straighten` moves only single-predecessor nodes.)
        assert!((0..3).all(|i| (l.lnodes[i].x - l.lnodes[0].x).abs() < 0.5));
    }

    #[test]
    fn no_two_neighbours_come_closer_than_their_minimum_distance() {
        for (name, nodes) in small_graphs() {
            assert_spaced(&placed(&nodes), name);
        }
        let mut rng = Lcg(9);
        for round in 0..100 {
            assert_spaced(&placed(&random_flow(&mut rng)), &format!("round {round}"));
        }
    }
}
