//! Stage 2, crossing reduction: nodes are reordered within their layers by
//! the barycentre heuristic, sweeping down and up; the order with the
//! fewest crossings over a few sweeps wins.

use super::graph::Layout;

const ORDER_SWEEPS: usize = 8;

impl Layout {
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

    pub(super) fn order_layers(&mut self) {
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
}

#[cfg(test)]
mod tests {
    use super::super::tests::{node, random_flow, small_graphs, Lcg};
    use super::super::FlowKind;
    use super::*;

    /// a forks into two chains: a → b → d and a → c → e.
    fn two_chains() -> Layout {
        use FlowKind::*;
        Layout::ranked(&[
            node("a", "A", Start, &[("b", None), ("c", None)]),
            node("b", "B", Step, &[("d", None)]),
            node("c", "C", Step, &[("e", None)]),
            node("d", "D", End, &[]),
            node("e", "E", End, &[]),
        ])
    }

    #[test]
    fn crossings_are_counted_between_consecutive_layers() {
        let mut l = two_chains();
        assert_eq!(l.layers[2], vec![3, 4]);
        assert_eq!(l.crossings(), 0);
        l.layers[2] = vec![4, 3];
        assert_eq!(l.crossings(), 1);
        assert_eq!(l.positions()[4], 0);
    }

    #[test]
    fn a_crossing_is_sorted_out_by_the_sweeps() {
        let mut l = two_chains();
        l.layers[2] = vec![4, 3];
        l.order_layers();
        assert_eq!(l.crossings(), 0);
        assert_eq!(l.layers[2], vec![3, 4]);
    }

    #[test]
    fn small_graphs_start_without_crossings_and_keep_their_order() {
        for (name, nodes) in small_graphs() {
            let mut l = Layout::ranked(&nodes);
            let before = l.layers.clone();
            assert_eq!(l.crossings(), 0, "{name}");
            l.order_layers();
            assert_eq!(l.layers, before, "{name}");
        }
    }

    #[test]
    fn ordering_never_adds_crossings_and_keeps_every_node() {
        let mut rng = Lcg(5);
        for round in 0..100 {
            let mut l = Layout::ranked(&random_flow(&mut rng));
            let before = l.crossings();
            let mut members: Vec<Vec<usize>> = l.layers.clone();
            l.order_layers();
            assert!(l.crossings() <= before, "round {round}");
            for (old, new) in members.iter_mut().zip(&l.layers) {
                let mut new = new.clone();
                old.sort_unstable();
                new.sort_unstable();
                assert_eq!(*old, new, "round {round}");
            }
        }
    }
}
