//! Horizontal bars (counts by level or category): one row per input.

use super::draw::{
    chart_id, clean, open_link, rect, text, Style, BAR_FILL, INK, LABEL_FONT, MARGIN, VALUE_FONT,
};
use super::Bar;
use crate::svg::open_svg;
use crate::svg::text::{escape, truncate, value_with_unit, width_em};

/// Horizontal bars, one row per input: the label on the left, the bar
/// scaled so that the largest value spans the full width, the value (with
/// `unit`, e.g. "件") to its right. Returns "" when `bars` is empty.
pub fn bar_chart(title: &str, bars: &[Bar], unit: &str) -> String {
    if bars.is_empty() {
        return String::new();
    }
    const ROW: f64 = 30.0;
    const BAR_H: f64 = 18.0;
    const BAR_W: f64 = 160.0;
    const LABEL_MAX_EM: f64 = 10.0;
    let labels: Vec<String> = bars
        .iter()
        .map(|b| truncate(&b.label, LABEL_MAX_EM))
        .collect();
    let values: Vec<String> = bars
        .iter()
        .map(|b| value_with_unit(clean(b.value), unit))
        .collect();
    let label_w = labels.iter().map(|l| width_em(l)).fold(0.0, f64::max) * LABEL_FONT;
    let value_w = values.iter().map(|v| width_em(v)).fold(0.0, f64::max) * VALUE_FONT;
    let max = bars.iter().map(|b| clean(b.value)).fold(0.0, f64::max);
    let bar_x = MARGIN + label_w + 10.0;
    let width = bar_x + BAR_W + 8.0 + value_w + MARGIN;
    let height = 2.0 * MARGIN + ROW * bars.len() as f64;
    let mut out = String::new();
    open_svg(
        &mut out,
        &chart_id("bar", title, bars),
        "chart chart-bars",
        width,
        height,
        title,
    );
    for (i, bar) in bars.iter().enumerate() {
        let top = MARGIN + ROW * i as f64;
        let bar_y = top + (ROW - BAR_H) / 2.0;
        let baseline = top + ROW / 2.0 + LABEL_FONT * 0.35;
        let v = clean(bar.value);
        let len = if max > 0.0 { v / max * BAR_W } else { 0.0 };
        // A non-zero value stays visible even next to a huge one.
        let len = if v > 0.0 { len.max(2.0) } else { 0.0 };
        out.push_str("<g class=\"chart-row\">");
        let close = open_link(&mut out, bar.href.as_deref());
        out.push_str(&format!(
            "<title>{}: {}</title>",
            escape(bar.label.trim()),
            escape(&values[i])
        ));
        text(
            &mut out,
            (bar_x - 8.0, baseline),
            Style {
                class: "chart-label",
                anchor: "end",
                size: LABEL_FONT,
                fill: INK,
            },
            &labels[i],
        );
        rect(&mut out, "chart-bar", bar_x, bar_y, len, BAR_H, BAR_FILL);
        text(
            &mut out,
            (bar_x + len + 6.0, baseline),
            Style {
                class: "chart-value",
                anchor: "start",
                size: VALUE_FONT,
                fill: INK,
            },
            &values[i],
        );
        out.push_str(close);
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::charts::tests::{bar_sizes, bars};

    #[test]
    fn bar_chart_draws_one_bar_per_input_scaled_to_the_maximum() {
        let svg = bar_chart("レベル別件数", &bars(&[2.0, 8.0, 4.0, 0.0]), "件");
        let widths = bar_sizes(&svg, "width");
        assert_eq!(widths.len(), 4);
        assert_eq!(widths[1], 160.0);
        assert_eq!(widths[0], 40.0);
        assert_eq!(widths[2], 80.0);
        assert_eq!(widths[3], 0.0);
        assert!(svg.contains("<title>カテゴリ1: 8件</title>"));
        assert!(svg.contains(">8件<"));
        assert!(svg.contains("role=\"img\"") && svg.contains("aria-labelledby="));
    }
}
