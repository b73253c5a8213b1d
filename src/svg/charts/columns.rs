//! Vertical columns (counts per month): y-axis ticks at "nice" steps, a
//! light grid, and x labels that turn or thin out when they do not fit.

use super::draw::{
    chart_id, clean, open_link, rect, text, Style, AXIS_FONT, BAR_FILL, GRID, INK, MARGIN, MUTED,
};
use super::Bar;
use crate::svg::open_svg;
use crate::svg::text::{escape, num, truncate, value_with_unit, width_em};

/// A "nice" tick step (1, 2 or 5 times a power of ten) giving at most about
/// four intervals up to `max`; whole steps only when all values are whole.
fn nice_step(max: f64, whole: bool) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let raw = max / 4.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let norm = raw / magnitude;
    let factor = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    let step = factor * magnitude;
    if whole {
        step.max(1.0)
    } else {
        step
    }
}

/// Vertical columns, one per input in the given order (e.g. per month),
/// with a light grid and y-axis ticks. X labels are rotated when they do
/// not fit under their column; with many columns they narrow (the chart
/// stays about a phone's width) and only every n-th x label is written
/// (each column's `<title>` still names it). Returns "" when `bars` is
/// empty.
pub fn column_chart(title: &str, bars: &[Bar], unit: &str) -> String {
    if bars.is_empty() {
        return String::new();
    }
    const PLOT_H: f64 = 150.0;
    const MAX_LABELS: usize = 12;
    let slot = if bars.len() <= 12 {
        30.0
    } else {
        (360.0 / bars.len() as f64).max(12.0)
    };
    let col_w = (slot * 0.66).round();
    let label_every = bars.len().div_ceil(MAX_LABELS);
    const LABEL_MAX_EM: f64 = 8.0;
    let max = bars.iter().map(|b| clean(b.value)).fold(0.0, f64::max);
    let whole = bars.iter().all(|b| clean(b.value).fract() == 0.0);
    let step = nice_step(max, whole);
    let top_value = ((max / step).ceil() * step).max(step);
    let ticks: Vec<f64> = (0..)
        .map(|i| i as f64 * step)
        .take_while(|t| *t <= top_value + step / 1000.0)
        .collect();
    let tick_w = ticks.iter().map(|t| width_em(&num(*t))).fold(0.0, f64::max) * AXIS_FONT;
    let unit = unit.trim();
    let plot_x = MARGIN + tick_w.max(width_em(unit) * AXIS_FONT) + 6.0;
    let labels: Vec<String> = bars
        .iter()
        .map(|b| truncate(&b.label, LABEL_MAX_EM))
        .collect();
    let label_w = labels.iter().map(|l| width_em(l)).fold(0.0, f64::max) * AXIS_FONT;
    let rotate = label_w > slot * label_every as f64 - 4.0;
    let label_h = if rotate {
        label_w * 0.71 + AXIS_FONT
    } else {
        AXIS_FONT + 4.0
    };
    let value_texts: Vec<String> = bars.iter().map(|b| num(clean(b.value))).collect();
    let show_values = value_texts
        .iter()
        .all(|v| width_em(v) * (AXIS_FONT - 1.0) <= slot - 2.0);
    let plot_top = MARGIN
        + if unit.is_empty() {
            6.0
        } else {
            AXIS_FONT + 8.0
        };
    let plot_bottom = plot_top + PLOT_H;
    let width = plot_x + slot * bars.len() as f64 + MARGIN;
    let height = plot_bottom + 6.0 + label_h + MARGIN;
    let scale = PLOT_H / top_value;
    let mut out = String::new();
    open_svg(
        &mut out,
        &chart_id("column", title, bars),
        "chart chart-columns",
        width,
        height,
        title,
    );
    out.push_str("<g class=\"chart-axis\">");
    if !unit.is_empty() {
        text(
            &mut out,
            (MARGIN, MARGIN + AXIS_FONT),
            Style {
                class: "chart-unit",
                anchor: "start",
                size: AXIS_FONT,
                fill: MUTED,
            },
            unit,
        );
    }
    for t in &ticks {
        let y = plot_bottom - t * scale;
        out.push_str(&format!(
            "<line class=\"chart-grid\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{GRID}\"/>",
            num(plot_x),
            num(width - MARGIN),
            y = num(y)
        ));
        text(
            &mut out,
            (plot_x - 5.0, y + AXIS_FONT * 0.35),
            Style {
                class: "chart-tick",
                anchor: "end",
                size: AXIS_FONT,
                fill: MUTED,
            },
            &num(*t),
        );
    }
    out.push_str(&format!(
        "<line class=\"chart-baseline\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"{MUTED}\"/>",
        num(plot_x),
        num(width - MARGIN),
        y = num(plot_bottom)
    ));
    out.push_str("</g>");
    for (i, bar) in bars.iter().enumerate() {
        let v = clean(bar.value);
        let cx = plot_x + slot * (i as f64 + 0.5);
        let h = if v > 0.0 { (v * scale).max(2.0) } else { 0.0 };
        out.push_str("<g class=\"chart-col\">");
        let close = open_link(&mut out, bar.href.as_deref());
        out.push_str(&format!(
            "<title>{}: {}</title>",
            escape(bar.label.trim()),
            escape(&value_with_unit(v, unit))
        ));
        rect(
            &mut out,
            "chart-bar",
            cx - col_w / 2.0,
            plot_bottom - h,
            col_w,
            h,
            BAR_FILL,
        );
        if show_values && v > 0.0 {
            text(
                &mut out,
                (cx, plot_bottom - h - 4.0),
                Style {
                    class: "chart-value",
                    anchor: "middle",
                    size: AXIS_FONT - 1.0,
                    fill: INK,
                },
                &value_texts[i],
            );
        }
        // With many columns only every n-th is labelled; each column's
        // title still names it.
        if i % label_every == 0 {
            column_label(
                &mut out,
                (cx, plot_bottom + 6.0 + AXIS_FONT),
                rotate,
                &labels[i],
            );
        }
        out.push_str(close);
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// An x-axis label under a column, turned 45° when it is too wide to sit
/// level under its column.
fn column_label(out: &mut String, (x, y): (f64, f64), rotate: bool, label: &str) {
    if rotate {
        out.push_str(&format!(
            "<text class=\"chart-label\" x=\"{x}\" y=\"{y}\" text-anchor=\"end\" font-size=\"{}\" fill=\"{INK}\" transform=\"rotate(-45 {x} {y})\">{}</text>",
            num(AXIS_FONT),
            escape(label),
            x = num(x + 4.0),
            y = num(y - 4.0),
        ));
    } else {
        text(
            out,
            (x, y),
            Style {
                class: "chart-label",
                anchor: "middle",
                size: AXIS_FONT,
                fill: INK,
            },
            label,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::charts::tests::{bar_sizes, bars};

    #[test]
    fn column_chart_draws_one_column_per_input_and_scales_to_the_maximum() {
        let svg = column_chart("月別件数", &bars(&[1.0, 3.0, 0.0, 6.0]), "件");
        let heights = bar_sizes(&svg, "height");
        assert_eq!(heights.len(), 4);
        let tallest = heights.iter().copied().fold(0.0, f64::max);
        assert_eq!(tallest, heights[3]);
        assert!((heights[1] / heights[3] - 0.5).abs() < 0.01);
        assert!((heights[0] / heights[3] - 1.0 / 6.0).abs() < 0.01);
        assert!(heights[3] <= 150.0);
        assert_eq!(svg.matches("<title").count(), 5);
    }

    #[test]
    fn long_column_labels_are_rotated() {
        let mut b = bars(&[1.0, 2.0]);
        b[0].label = "2026年04月".to_string();
        let svg = column_chart("t", &b, "");
        assert!(svg.contains("rotate(-45"));
        let month = Bar {
            label: "4".to_string(),
            value: 1.0,
            href: None,
        };
        let short = column_chart("t", &[month], "");
        assert!(!short.contains("rotate("));
    }

    #[test]
    fn many_columns_stay_narrow_and_thin_out_labels() {
        let months: Vec<Bar> = (0..36)
            .map(|i| Bar {
                label: format!("M{i}"),
                value: f64::from(i as u8),
                href: None,
            })
            .collect();
        let svg = column_chart("t", &months, "");
        assert_eq!(bar_sizes(&svg, "height").len(), 36);
        assert_eq!(svg.matches("class=\"chart-label\"").count(), 12);
        let vb = svg.split("viewBox=\"0 0 ").nth(1).unwrap_or_default();
        let width: f64 = vb.split(' ').next().unwrap_or("0").parse().unwrap_or(0.0);
        assert!(width < 480.0, "{width}");
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(6.0, true), 2.0);
        assert_eq!(nice_step(3.0, true), 1.0);
        assert_eq!(nice_step(100.0, true), 50.0);
        assert_eq!(nice_step(0.8, false), 0.2);
    }
}
