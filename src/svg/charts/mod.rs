//! Dashboard charts as inline SVG: horizontal bars (counts by level or
//! category), columns (counts per month) and a single stacked bar (open vs
//! closed).
//!
//! Every chart has `role="img"` and a `<title>`; every bar carries its own
//! `<title>` with label and value (a tooltip, and the accessible name of its
//! link), and is wrapped in a link when it has an `href`. Empty input gives
//! an empty string: the caller then shows its own localised "no data" text,
//! for example with [`no_data_svg`].
//!
//! One module per kind of chart (`bars`, `columns`, `stacked`, and
//! `no_data` for the empty case); `draw` holds what they share: sizes,
//! colours, element ids and the `<text>`, `<rect>` and link writers.

mod bars;
mod columns;
mod draw;
mod no_data;
mod stacked;

pub use bars::bar_chart;
pub use columns::column_chart;
pub use no_data::no_data_svg;
pub use stacked::stacked_bar;

/// One bar: its label, its value and, optionally, where clicking it leads
/// (e.g. the register filtered to that category). `href` is written as
/// given (escaped), so it should be relative.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub href: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::draw::chart_id;
    use super::*;

    pub(super) fn bars(values: &[f64]) -> Vec<Bar> {
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
    pub(super) fn bar_sizes(svg: &str, attr: &str) -> Vec<f64> {
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
    fn charts_are_deterministic_and_ids_differ_between_charts() {
        let b = bars(&[1.0, 2.0]);
        assert_eq!(bar_chart("a", &b, "件"), bar_chart("a", &b, "件"));
        assert_ne!(chart_id("bar", "a", &b), chart_id("bar", "b", &b));
    }
}
