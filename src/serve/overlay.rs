//! The page `serve` shows instead of the site while the content has errors:
//! in the site's language (the diagnostics catalogue), errors before
//! warnings, each with its place, the source line, the message and the
//! hint, styled to be read at a glance. It reloads by itself once the
//! content is fixed.

use crate::diagnostics::catalogue::fmt as tr;
use crate::diagnostics::report::SourceMap;
use crate::diagnostics::{Diagnostic, Diagnostics, Lang};
use crate::markup::escape_html as esc;

const STYLE: &str = "body{margin:0;font:16px/1.6 system-ui,-apple-system,'Hiragino Sans','Noto Sans JP',sans-serif;background:#f6f7f9;color:#1d2330}\
main{max-width:60rem;margin:0 auto;padding:1.5rem}\
h1{font-size:1.4rem;margin:0 0 .25rem;color:#a61b1b}\
.lead{margin:0 0 1rem;color:#4a5263}\
.counts{display:flex;gap:.5rem;margin:0 0 1rem;padding:0;list-style:none}\
.counts li{padding:.1rem .6rem;border-radius:999px;font-weight:600}\
.counts .error,.sev.error{background:#fde2e2;color:#8a1111}\
.counts .warning,.sev.warning{background:#fff2cc;color:#6b4e00}\
ol.diags{list-style:none;margin:0;padding:0}\
.diag{background:#fff;border:1px solid #d8dce4;border-left:6px solid #c62828;border-radius:6px;margin:0 0 .75rem;padding:.75rem 1rem}\
.diag.warning{border-left-color:#d49b00}\
.head{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline;margin:0 0 .25rem}\
.sev{font-size:.8rem;font-weight:700;padding:0 .5rem;border-radius:4px}\
.code{font-family:ui-monospace,monospace;font-weight:700}\
.place{font-family:ui-monospace,monospace;color:#4a5263;word-break:break-all}\
.msg{margin:.25rem 0;font-weight:600}\
pre.src{margin:.25rem 0;padding:.4rem .6rem;background:#f1f3f6;border-radius:4px;overflow-x:auto;font-size:.9rem}\
.hint{margin:.25rem 0;color:#1f5130}\
.more{margin:.25rem 0 0;font-size:.85rem;color:#4a5263}\
code{font-family:ui-monospace,monospace}";

/// The page for a build that failed with `diags` (`sources` for the lines
/// they point at), in `lang`. `reload` is the live-reload tag.
pub fn diagnostics_page(
    diags: &Diagnostics,
    sources: &dyn SourceMap,
    lang: Lang,
    reload: &str,
) -> String {
    let mut items: Vec<&Diagnostic> = diags.iter().collect();
    // Errors first (they stop the build); then in the report's order.
    items.sort_by_key(|d| !d.is_error());
    let n = |k: usize| k.to_string();
    let mut body = String::new();
    body.push_str(&format!(
        "<ul class=\"counts\"><li class=\"error\">{}</li><li class=\"warning\">{}</li></ul><ol class=\"diags\">",
        esc(&count(lang, diags.errors(), "output.errors_one", "output.errors_many")),
        esc(&count(lang, diags.warnings(), "output.warnings_one", "output.warnings_many")),
    ));
    for d in items {
        let class = if d.is_error() { "error" } else { "warning" };
        let place = format!("{}:{}:{}", d.file, d.pos.line, d.pos.col);
        body.push_str(&format!(
            "<li class=\"diag {class}\"><p class=\"head\"><span class=\"sev {class}\">{}</span><span class=\"code\">{}</span><span class=\"place\">{}</span></p><p class=\"msg\">{}</p>",
            esc(&tr(lang, &format!("overlay.{class}"), &[])),
            esc(d.code),
            esc(&place),
            esc(&d.message_in(lang)),
        ));
        if let Some(line) = source_line(sources, d) {
            body.push_str(&format!("<pre class=\"src\">{}</pre>", esc(&line)));
        }
        if let Some(h) = d.hint_in(lang) {
            body.push_str(&format!(
                "<p class=\"hint\">{}</p>",
                esc(&tr(lang, "output.hint", &[("text", &h)]))
            ));
        }
        body.push_str(&format!(
            "<p class=\"more\">{}</p></li>",
            esc(&tr(lang, "output.more", &[("code", d.code)]))
        ));
    }
    body.push_str("</ol>");
    let _ = n;
    page(lang, &body, reload)
}

/// The page for a build that could not run at all (`message`).
pub fn message_page(message: &str, lang: Lang, reload: &str) -> String {
    page(
        lang,
        &format!("<pre class=\"src\">{}</pre>", esc(message)),
        reload,
    )
}

fn page(lang: Lang, body: &str, reload: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body><main><h1>{}</h1><p class=\"lead\">{}</p>{body}</main>{reload}</body></html>",
        lang.code(),
        esc(&tr(lang, "overlay.title", &[])),
        esc(&tr(lang, "overlay.heading", &[])),
        esc(&tr(lang, "overlay.lead", &[])),
    )
}

fn count(lang: Lang, n: usize, one: &str, many: &str) -> String {
    tr(
        lang,
        if n == 1 { one } else { many },
        &[("n", &n.to_string())],
    )
}

/// The line a diagnostic points at, with a caret under its column.
fn source_line(sources: &dyn SourceMap, d: &Diagnostic) -> Option<String> {
    if d.pos.line == 0 {
        return None;
    }
    let text = sources.text(&d.file)?;
    let line = text.lines().nth(d.pos.line as usize - 1)?;
    let line: String = line
        .chars()
        .take(200)
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect();
    let pad: String = line
        .chars()
        .take(d.pos.col.saturating_sub(1) as usize)
        .map(|c| {
            if c == '\t' {
                '\t'
            } else if is_wide(c) {
                '\u{3000}'
            } else {
                ' '
            }
        })
        .collect();
    Some(format!("{:>4} | {line}\n     | {pad}^", d.pos.line))
}

/// Characters shown two columns wide (CJK, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::msg;
    use crate::diagnostics::{codes, Pos};
    use std::collections::BTreeMap;

    #[test]
    fn errors_come_first_in_the_site_language() {
        let w = Diagnostic::new(
            codes::UNKNOWN_KEY,
            "a.yaml",
            Pos::new(1, 1),
            msg!("W104.unknown", path = "x"),
        );
        let e = Diagnostic::new(
            codes::FULLWIDTH_COLON,
            "b.yaml",
            Pos::new(1, 6),
            msg!("E011.colon", key = "title"),
        )
        .hint(msg!("E011.colon_hint", key = "title"));
        let diags: Diagnostics = vec![w, e].into_iter().collect();
        let mut sources = BTreeMap::new();
        sources.insert("b.yaml".to_string(), "title：<b>漏えい\n".to_string());
        let page = diagnostics_page(&diags, &sources, Lang::Ja, "");
        assert!(
            page.starts_with("<!DOCTYPE html><html lang=\"ja\">"),
            "{page}"
        );
        let (err, warn) = (page.find("E011").unwrap(), page.find("W104").unwrap());
        assert!(err < warn, "the error is listed before the warning");
        assert!(page.contains("全角コロン「：」"), "{page}");
        assert!(
            page.contains("title：&lt;b&gt;漏えい"),
            "source escaped: {page}"
        );
        assert!(page.contains("<style>"));
        let en = diagnostics_page(&diags, &sources, Lang::En, "");
        assert!(en.contains("<html lang=\"en\">") && en.contains("full-width colon"));
    }
}
