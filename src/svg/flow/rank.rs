//! Stage 1, ranking: which edges close a cycle (drawn later as loops on the
//! right), the layer of every node, and the dummy waypoints that let an
//! edge spanning several layers run in its own column instead of through
//! boxes. Also the first order of each layer (depth-first discovery), which
//! `order` then improves.

use std::collections::VecDeque;

use super::graph::{Edge, FlowKind, LNode, Layout};

/// Marks edges that close a cycle (to a node still on the depth-first
/// stack) and returns the discovery order of every node. The search starts
/// at the start nodes so that the main path runs downwards.
pub(super) fn mark_back_edges(kinds: &[FlowKind], edges: &mut [Edge]) -> Vec<usize> {
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
pub(super) fn longest_path_layers(kinds: &[FlowKind], edges: &[Edge]) -> Vec<usize> {
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

impl Layout {
    /// edges) and the adjacency between consecutive layers.
    pub(super) fn build_layers(&mut self, layer: &[usize], order: &[usize]) {
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
}

#[cfg(test)]
mod tests {
    use super::super::tests::{cycle, diamond, disconnected, long_edge, node, single};
    use super::*;

    /// Layer of each real node, in input order.
    fn layers_of(l: &Layout) -> Vec<usize> {
        (0..l.shapes.len()).map(|i| l.lnodes[i].layer).collect()
    }

    fn backs(l: &Layout) -> Vec<(usize, usize)> {
        l.edges
            .iter()
            .filter(|e| e.back)
            .map(|e| (e.from, e.to))
            .collect()
    }

    #[test]
    fn a_diamond_takes_three_layers_in_depth_first_order() {
        let l = Layout::ranked(&diamond());
        assert_eq!(layers_of(&l), vec![0, 1, 1, 2]);
        assert!(backs(&l).is_empty());
        assert_eq!(l.lnodes.len(), 4, "no dummies");
        assert_eq!(l.layers, vec![vec![0], vec![1, 2], vec![3]]);
        assert_eq!(l.preds[3], vec![1, 2]);
    }

    #[test]
    fn a_long_edge_gets_one_dummy_per_layer_it_crosses() {
        let l = Layout::ranked(&long_edge());
        assert_eq!(layers_of(&l), vec![0, 1, 2, 3]);
        let skip = &l.edges[1];
        assert_eq!((skip.from, skip.to), (0, 3));
        assert_eq!(skip.chain, vec![0, 4, 5, 3]);
        for (d, layer) in [(4, 1), (5, 2)] {
            assert!(l.lnodes[d].real.is_none());
            assert_eq!((l.lnodes[d].layer, l.lnodes[d].edge), (layer, Some(1)));
            assert_eq!((l.lnodes[d].w, l.lnodes[d].h), (0.0, 0.0));
        }
        // Short edges pass no dummy.
        assert_eq!(l.edges[0].chain, vec![0, 1]);
    }

    #[test]
    fn the_edge_closing_a_cycle_is_set_aside() {
        let l = Layout::ranked(&cycle());
        assert_eq!(backs(&l), vec![(2, 1)]);
        assert_eq!(layers_of(&l), vec![0, 1, 2, 3]);
        let back = l.edges.iter().find(|e| e.back).map(|e| e.chain.len());
        assert_eq!(back, Some(0), "a loop gets no waypoints");
        assert_eq!(l.succs[2], vec![3], "nor adjacency");
    }

    #[test]
    fn a_self_loop_is_a_back_edge() {
        let l = Layout::ranked(&[node("a", "A", FlowKind::Start, &[("a", None)])]);
        assert_eq!(backs(&l), vec![(0, 0)]);
        assert_eq!(l.layers, vec![vec![0]]);
    }

    #[test]
    fn the_search_starts_at_the_start_node_wherever_it_is_listed() {
        let nodes = vec![
            node("b", "B", FlowKind::Step, &[("a", None)]),
            node("a", "A", FlowKind::Start, &[("b", None)]),
        ];
        let l = Layout::ranked(&nodes);
        assert_eq!(backs(&l), vec![(0, 1)]);
        assert_eq!(layers_of(&l), vec![1, 0]);
    }

    #[test]
    fn a_single_node_is_one_layer() {
        let l = Layout::ranked(&single());
        assert_eq!(l.layers, vec![vec![0]]);
        assert!(l.edges.is_empty());
    }

    #[test]
    fn separate_flows_start_at_the_top_side_by_side() {
        let l = Layout::ranked(&disconnected());
        assert_eq!(layers_of(&l), vec![0, 1, 0, 1, 0]);
        assert_eq!(l.layers, vec![vec![0, 2, 4], vec![1, 3]]);
    }

    #[test]
    fn an_unreached_node_sits_just_above_its_first_successor() {
        use FlowKind::*;
        let nodes = vec![
            node("a", "A", Start, &[("b", None)]),
            node("b", "B", Step, &[("c", None)]),
            node("c", "C", End, &[]),
            node("x", "X", Step, &[("c", None)]),
        ];
        let l = Layout::ranked(&nodes);
        assert_eq!(layers_of(&l), vec![0, 1, 2, 1]);
    }
}
