//! What every chart shares: margins, font sizes and colours, the element id
//! derived from a chart's content, and writers for `<text>`, `<rect>` and
//! the link around a bar.

use super::Bar;
use crate::svg::text::{escape, num, stable_hash};

pub(super) const MARGIN: f64 = 8.0;
pub(super) const LABEL_FONT: f64 = 13.0;
pub(super) const VALUE_FONT: f64 = 12.0;
pub(super) const AXIS_FONT: f64 = 11.0;
pub(super) const INK: &str = "#1b2430";
pub(super) const MUTED: &str = "#4a5568";
pub(super) const GRID: &str = "#e2e8f0";
pub(super) const TRACK: &str = "#edf2f7";
pub(super) const BAR_FILL: &str = "#1f5fa8";
/// Segment colours: distinguishable, at least 3:1 against white (WCAG
/// non-text contrast) and dark enough for white text inside (4.5:1).
pub(super) const PALETTE: [&str; 7] = [
    "#1f5fa8", "#a84f00", "#2e7d32", "#7b3fa0", "#00757f", "#ad1457", "#5d6d7e",
];

/// Values below zero or not finite count as zero.
pub(super) fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

pub(super) fn chart_id(kind: &str, title: &str, bars: &[Bar]) -> String {
    let values: Vec<String> = bars.iter().map(|b| num(b.value)).collect();
    let mut parts: Vec<&str> = vec![kind, title];
    for (b, v) in bars.iter().zip(&values) {
        parts.push(&b.label);
        parts.push(v);
    }
    format!("chart-{:08x}", stable_hash(&parts))
}

/// Opens a link around a bar when it has an `href`; returns the closing tag.
pub(super) fn open_link(out: &mut String, href: Option<&str>) -> &'static str {
    match href {
        Some(h) if !h.trim().is_empty() => {
            out.push_str(&format!(
                "<a class=\"chart-link\" href=\"{}\">",
                escape(h.trim())
            ));
            "</a>"
        }
        _ => "",
    }
}

/// How a piece of chart text looks.
pub(super) struct Style<'a> {
    pub(super) class: &'a str,
    pub(super) anchor: &'a str,
    pub(super) size: f64,
    pub(super) fill: &'a str,
}

pub(super) fn text(out: &mut String, (x, y): (f64, f64), style: Style, body: &str) {
    let Style {
        class,
        anchor,
        size,
        fill,
    } = style;
    out.push_str(&format!(
        "<text class=\"{class}\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"{}\" fill=\"{fill}\">{}</text>",
        num(x),
        num(y),
        num(size),
        escape(body)
    ));
}

pub(super) fn rect(out: &mut String, class: &str, x: f64, y: f64, w: f64, h: f64, fill: &str) {
    out.push_str(&format!(
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
        num(x),
        num(y),
        num(w),
        num(h)
    ));
}
