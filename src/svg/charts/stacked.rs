//! One horizontal bar split into parts (open vs closed), with a legend.

use super::draw::{
    chart_id, clean, open_link, rect, text, Style, INK, LABEL_FONT, MARGIN, PALETTE, TRACK,
    VALUE_FONT,
};
use super::Bar;
use crate::svg::open_svg;
use crate::svg::text::{escape, num, width_em};

/// One horizontal bar split into parts (e.g. open vs closed), with a legend
/// below giving each part's value and share. Returns "" when `parts` is
/// empty.
pub fn stacked_bar(title: &str, parts: &[Bar]) -> String {
    if parts.is_empty() {
        return String::new();
    }
    const BAR_W: f64 = 300.0;
    const BAR_H: f64 = 26.0;
    const ROW: f64 = 22.0;
    const SWATCH: f64 = 12.0;
    let total: f64 = parts.iter().map(|p| clean(p.value)).sum();
    let share = |v: f64| if total > 0.0 { v / total } else { 0.0 };
    let legend: Vec<String> = parts
        .iter()
        .map(|p| {
            let v = clean(p.value);
            format!("{} {} ({}%)", p.label.trim(), num(v), num(share(v) * 100.0))
        })
        .collect();
    let legend_w =
        legend.iter().map(|l| width_em(l)).fold(0.0, f64::max) * LABEL_FONT + SWATCH + 8.0;
    let width = 2.0 * MARGIN + BAR_W.max(legend_w);
    let legend_top = MARGIN + BAR_H + 12.0;
    let height = legend_top + ROW * parts.len() as f64 + MARGIN;
    let mut out = String::new();
    open_svg(
        &mut out,
        &chart_id("stacked", title, parts),
        "chart chart-stacked",
        width,
        height,
        title,
    );
    rect(&mut out, "chart-track", MARGIN, MARGIN, BAR_W, BAR_H, TRACK);
    let mut x = MARGIN;
    for (i, part) in parts.iter().enumerate() {
        let v = clean(part.value);
        let w = share(v) * BAR_W;
        let color = PALETTE[i % PALETTE.len()];
        out.push_str("<g class=\"chart-part\">");
        let close = open_link(&mut out, part.href.as_deref());
        out.push_str(&format!("<title>{}</title>", escape(&legend[i])));
        rect(&mut out, "chart-bar", x, MARGIN, w, BAR_H, color);
        let inside = num(v);
        if v > 0.0 && width_em(&inside) * VALUE_FONT + 8.0 <= w {
            text(
                &mut out,
                (x + w / 2.0, MARGIN + BAR_H / 2.0 + VALUE_FONT * 0.35),
                Style {
                    class: "chart-value",
                    anchor: "middle",
                    size: VALUE_FONT,
                    fill: "#fff",
                },
                &inside,
            );
        }
        let ly = legend_top + ROW * i as f64;
        rect(
            &mut out,
            "chart-swatch",
            MARGIN,
            ly + (ROW - SWATCH) / 2.0,
            SWATCH,
            SWATCH,
            color,
        );
        text(
            &mut out,
            (MARGIN + SWATCH + 6.0, ly + ROW / 2.0 + LABEL_FONT * 0.35),
            Style {
                class: "chart-label",
                anchor: "start",
                size: LABEL_FONT,
                fill: INK,
            },
            &legend[i],
        );
        out.push_str(close);
        out.push_str("</g>");
        x += w;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::charts::tests::{bar_sizes, bars};

    #[test]
    fn stacked_bar_splits_by_share() {
        let svg = stacked_bar("対応状況", &bars(&[3.0, 1.0]));
        assert_eq!(bar_sizes(&svg, "width"), vec![225.0, 75.0]);
        assert!(svg.contains("カテゴリ0 3 (75%)"));
    }
}
