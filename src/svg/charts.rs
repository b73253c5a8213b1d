//! Dashboard charts as inline SVG: horizontal bars (counts by level or
//! category), columns (counts per month) and a single stacked bar (open vs
//! closed).
//!
//! Every chart has `role="img"` and a `<title>`; every bar carries its own
//! `<title>` with label and value (a tooltip, and the accessible name of its
//! link), and is wrapped in a link when it has an `href`. Empty input gives
//! an empty string: the caller then shows its own localised "no data" text,
//! for example with [`no_data_svg`].

use super::open_svg;
use super::text::{escape, num, stable_hash, truncate, value_with_unit, width_em};

/// One bar: its label, its value and, optionally, where clicking it leads
/// (e.g. the register filtered to that category). `href` is written as
/// given (escaped), so it should be relative.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub href: Option<String>,
}

const MARGIN: f64 = 8.0;
const LABEL_FONT: f64 = 13.0;
const VALUE_FONT: f64 = 12.0;
const AXIS_FONT: f64 = 11.0;
const INK: &str = "#1b2430";
const MUTED: &str = "#4a5568";
const GRID: &str = "#e2e8f0";
const TRACK: &str = "#edf2f7";
const BAR_FILL: &str = "#1f5fa8";
/// Segment colours: distinguishable, at least 3:1 against white (WCAG
/// non-text contrast) and dark enough for white text inside (4.5:1).
const PALETTE: [&str; 7] = [
    "#1f5fa8", "#a84f00", "#2e7d32", "#7b3fa0", "#00757f", "#ad1457", "#5d6d7e",
];

/// Values below zero or not finite count as zero.
fn clean(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 {
        v
    } else {
        0.0
    }
}

fn chart_id(kind: &str, title: &str, bars: &[Bar]) -> String {
    let values: Vec<String> = bars.iter().map(|b| num(b.value)).collect();
    let mut parts: Vec<&str> = vec![kind, title];
    for (b, v) in bars.iter().zip(&values) {
        parts.push(&b.label);
        parts.push(v);
    }
    format!("chart-{:08x}", stable_hash(&parts))
}

/// Opens a link around a bar when it has an `href`; returns the closing tag.
fn open_link(out: &mut String, href: Option<&str>) -> &'static str {
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
struct Style<'a> {
    class: &'a str,
    anchor: &'a str,
    size: f64,
    fill: &'a str,
}

fn text(out: &mut String, (x, y): (f64, f64), style: Style, body: &str) {
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

fn rect(out: &mut String, class: &str, x: f64, y: f64, w: f64, h: f64, fill: &str) {
    out.push_str(&format!(
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
        num(x),
        num(y),
        num(w),
        num(h)
    ));
}

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

    fn bars(values: &[f64]) -> Vec<Bar> {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| Bar {
                label: format!("カテゴリ{i}"),
                value: v,
                href: None,
            })
            .collect()
    }

    /// The `width` (or `height`) attribute of every `chart-bar` rect.
    fn bar_sizes(svg: &str, attr: &str) -> Vec<f64> {
        svg.split("<rect class=\"chart-bar\"")
            .skip(1)
            .map(|rest| {
                let key = format!("{attr}=\"");
                let v = rest
                    .split(&key)
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .unwrap_or("");
                v.parse().unwrap_or(-1.0)
            })
            .collect()
    }

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
    fn links_and_text_are_escaped() {
        let b = vec![Bar {
            label: "<script>x</script>".to_string(),
            value: 1.0,
            href: Some("register.html?c=a&b=\"c\"".to_string()),
        }];
        for svg in [
            bar_chart("t", &b, "件"),
            column_chart("t", &b, "件"),
            stacked_bar("t", &b),
        ] {
            assert!(!svg.contains("<script"));
            assert!(svg.contains("href=\"register.html?c=a&amp;b=&quot;c&quot;\""));
        }
    }

    #[test]
    fn empty_input_gives_empty_string_and_no_data_svg_has_the_message() {
        assert_eq!(bar_chart("t", &[], "件"), "");
        assert_eq!(column_chart("t", &[], "件"), "");
        assert_eq!(stacked_bar("t", &[]), "");
        let svg = no_data_svg("月別件数", "データがありません");
        assert!(svg.contains(">データがありません<") && svg.contains("role=\"img\""));
    }

    #[test]
    fn zero_negative_and_nan_values_do_not_break_scaling() {
        let svg = bar_chart("t", &bars(&[0.0, -3.0, f64::NAN]), "");
        assert_eq!(bar_sizes(&svg, "width"), vec![0.0, 0.0, 0.0]);
        let svg = column_chart("t", &bars(&[0.0, 0.0]), "");
        assert_eq!(bar_sizes(&svg, "height"), vec![0.0, 0.0]);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn stacked_bar_splits_by_share() {
        let svg = stacked_bar("対応状況", &bars(&[3.0, 1.0]));
        assert_eq!(bar_sizes(&svg, "width"), vec![225.0, 75.0]);
        assert!(svg.contains("カテゴリ0 3 (75%)"));
    }

    #[test]
    fn charts_are_deterministic_and_ids_differ_between_charts() {
        let b = bars(&[1.0, 2.0]);
        assert_eq!(bar_chart("a", &b, "件"), bar_chart("a", &b, "件"));
        assert_ne!(chart_id("bar", "a", &b), chart_id("bar", "b", &b));
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(6.0, true), 2.0);
        assert_eq!(nice_step(3.0, true), 1.0);
        assert_eq!(nice_step(100.0, true), 50.0);
        assert_eq!(nice_step(0.8, false), 0.2);
    }
}
