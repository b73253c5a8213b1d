//! The small SVG shown in place of a chart when there is nothing to show.

use super::draw::{text, Style, GRID, LABEL_FONT, MARGIN, MUTED};
use crate::svg::open_svg;
use crate::svg::text::{num, stable_hash, width_em};

/// A small SVG saying that there is nothing to show, with the caller's
/// (localised) message.
pub fn no_data_svg(title: &str, message: &str) -> String {
    let w = (width_em(message) * LABEL_FONT + 2.0 * MARGIN + 16.0).max(160.0);
    let h = 44.0;
    let id = format!("chart-{:08x}", stable_hash(&["none", title, message]));
    let mut out = String::new();
    open_svg(&mut out, &id, "chart chart-empty", w, h, title);
    out.push_str(&format!(
        "<rect x=\"1\" y=\"1\" width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#f7fafc\" stroke=\"{GRID}\"/>",
        num(w - 2.0),
        num(h - 2.0)
    ));
    text(
        &mut out,
        (w / 2.0, h / 2.0 + LABEL_FONT * 0.35),
        Style {
            class: "chart-empty-text",
            anchor: "middle",
            size: LABEL_FONT,
            fill: MUTED,
        },
        message,
    );
    out.push_str("</svg>");
    out
}
