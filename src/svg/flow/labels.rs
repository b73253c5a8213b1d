//! Stage 5, label placement: each edge label takes the first of the places
//! `route` proposed for it that overlaps no node, no line and no label
//! placed before it.

use super::graph::{EdgeGeom, EdgeLabel, Layout, NodeGeom, Spot, LABEL_FONT};
use super::route::simplify;
use crate::svg::text::width_em;

impl Spot {
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

impl Layout {
    /// Gives each edge label the first of its places that overlaps no node,
    /// no line and no label placed before it (or its first place if none
    /// is free, which a readable flow never needs).
    pub(super) fn place_labels(
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
}

#[cfg(test)]
mod tests {
    use super::super::tests::{diamond, long_edge};
    use super::super::FlowKind;
    use super::*;

    fn routed(l: &Layout) -> Vec<(EdgeGeom, Vec<Spot>)> {
        (0..l.edges.len())
            .map(|k| {
                if l.edges[k].back {
                    l.back_geometry(k)
                } else {
                    l.forward_geometry(&l.edges[k])
                }
            })
            .collect()
    }

    fn node_box(cx: f64, cy: f64, w: f64, h: f64) -> NodeGeom {
        NodeGeom {
            cx,
            cy,
            w,
            h,
            kind: FlowKind::Step,
            lines: Vec::new(),
            actor: None,
        }
    }

    #[test]
    fn rects_that_only_touch_do_not_overlap() {
        let a = Rect::around((0.0, 0.0), (0.0, 10.0));
        assert!(a.overlaps(&Rect::around((0.5, 5.0), (10.0, 5.0))));
        assert!(!a.overlaps(&Rect::around((2.0, 0.0), (2.0, 10.0))));
    }

    #[test]
    fn a_spot_covers_its_text_on_the_side_it_reads() {
        let right = Spot::new(100.0, 50.0, false).rect("yes");
        let left = Spot::new(100.0, 50.0, true).rect("yes");
        assert_eq!((right.x0, left.x1), (99.0, 101.0));
        assert_eq!(right.x1 - right.x0, left.x1 - left.x0);
        assert!(right.y0 < 50.0 && right.y1 > 50.0);
    }

    #[test]
    fn labels_avoid_nodes_lines_and_each_other() {
        for nodes in [diamond(), long_edge()] {
            let l = Layout::new(&nodes);
            let boxes: Vec<NodeGeom> = (0..l.shapes.len())
                .map(|i| node_box(l.lnodes[i].x, l.center_y(i), l.shapes[i].w, l.shapes[i].h))
                .collect();
            let placed = l.place_labels(routed(&l), &boxes);
            let rects: Vec<Rect> = placed
                .iter()
                .filter_map(|g| g.label.as_ref())
                .map(|lb| Spot::new(lb.x, lb.y, lb.leftwards).rect(&lb.text))
                .collect();
            let labelled = l.edges.iter().filter(|e| e.label.is_some()).count();
            assert_eq!(rects.len(), labelled);
            for (i, r) in rects.iter().enumerate() {
                for other in &rects[i + 1..] {
                    assert!(!r.overlaps(other));
                }
                for b in &boxes {
                    let nb = Rect {
                        x0: b.cx - b.w / 2.0,
                        y0: b.cy - b.h / 2.0,
                        x1: b.cx + b.w / 2.0,
                        y1: b.cy + b.h / 2.0,
                    };
                    assert!(!r.overlaps(&nb));
                }
            }
        }
    }

    #[test]
    fn a_label_with_no_free_place_takes_its_first_one() {
        let l = Layout::new(&diamond());
        let routes = routed(&l);
        let first = (routes[0].1[0].x, routes[0].1[0].y);
        // One node covering everything leaves no place free.
        let placed = l.place_labels(routes, &[node_box(0.0, 0.0, 1e6, 1e6)]);
        let label = placed[0].label.as_ref().map(|lb| (lb.x, lb.y));
        assert_eq!(label, Some(first));
    }
}
