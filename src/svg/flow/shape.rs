//! Stage 0, measuring: each node's label (and actor) wrapped into lines and
//! the size of the box, pill or diamond that holds them. Sizes come first
//! because every later stage spaces nodes by them.

use super::graph::{FlowKind, FlowNode, Shape, ACTOR_BAND, ACTOR_FONT, ACTOR_LINE, FONT, LINE};
use crate::svg::text::{lines_width_em, truncate, width_em, wrap, wrap_scored};

// Sizes in viewBox units (px at natural size), as everywhere in the flow.

/// Role names are short; only an absurdly long one is cut (with …).
const ACTOR_MAX_EM: f64 = 18.0;
const PAD_X: f64 = 12.0;
const PAD_Y: f64 = 9.0;
const STEP_WRAP_EM: f64 = 10.0;
const DECISION_WRAP_EMS: [f64; 7] = [7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0];
const MAX_DECISION_W: f64 = 250.0;
const MIN_NODE_W: f64 = 120.0;

pub(super) fn shape_for(node: &FlowNode) -> Shape {
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

#[cfg(test)]
mod tests {
    use super::super::tests::node;
    use super::*;

    #[test]
    fn every_shape_is_at_least_the_minimum_width_in_whole_pixels() {
        use FlowKind::*;
        for kind in [Start, Step, Decision, End] {
            for label in ["", "A", "影響範囲と原因を調査し、記録する"] {
                let s = shape_for(&node("n", label, kind, &[]));
                assert!(s.w >= MIN_NODE_W, "{kind:?} {label:?}: {}", s.w);
                assert_eq!((s.w.fract(), s.h.fract()), (0.0, 0.0));
            }
        }
    }

    #[test]
    fn a_step_with_an_actor_gets_the_band_and_a_blank_actor_is_dropped() {
        let with = shape_for(&node("n", "A", FlowKind::Step, &[]));
        let mut plain = node("n", "A", FlowKind::Step, &[]);
        plain.actor = Some("   ".to_string());
        let without = shape_for(&plain);
        assert!(with.actor.is_some() && without.actor.is_none());
        assert_eq!(with.h, without.h + ACTOR_BAND);
    }

    #[test]
    fn long_labels_wrap_and_make_the_shape_taller() {
        for kind in [FlowKind::Step, FlowKind::Decision] {
            let short = shape_for(&node("n", "確認", kind, &[]));
            let long = shape_for(&node(
                "n",
                "個人情報保護委員会へ速報を提出し、本人への通知の要否を判断する",
                kind,
                &[],
            ));
            assert_eq!(short.lines.len(), 1);
            assert!(long.lines.len() > 1, "{kind:?}: {:?}", long.lines);
            assert!(long.h > short.h);
        }
    }
}
