//! Markdown pages with YAML front matter (handbook and templates).

use super::{extract, files, parse_checked};
use crate::diagnostics::msg;
use crate::diagnostics::{codes, Diagnostic, Pos};
use crate::model::{Page, PageKind};
use crate::schema::fields;
use chrono::FixedOffset;
use rayon::prelude::*;
use std::path::Path;

pub fn load_all(
    root: &Path,
    rels: &[String],
    kind: PageKind,
    tz: FixedOffset,
    read_as: &mut Vec<(String, Option<u64>)>,
) -> (Vec<Page>, Vec<Diagnostic>) {
    let results: Vec<_> = rels
        .par_iter()
        .map(|rel| load_one(root, rel, kind, tz))
        .collect();
    let mut pages = Vec::new();
    let mut diags = Vec::new();
    for ((p, d, f), rel) in results.into_iter().zip(rels) {
        pages.extend(p);
        diags.extend(d);
        read_as.push((rel.clone(), f));
    }
    pages.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.slug.cmp(&b.slug)));
    (pages, diags)
}

/// Split `---\n<yaml>\n---\n<body>`; returns (front matter, body, body's first line).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, u32)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let fm = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((fm, body, (i + 3) as u32));
        }
        offset += line.len();
    }
    None
}

fn load_one(
    root: &Path,
    rel: &str,
    kind: PageKind,
    tz: FixedOffset,
) -> (Option<Page>, Vec<Diagnostic>, Option<u64>) {
    // Pages are only ever loaded from what `files::list` returned.
    let (text, read_as) = match files::read_fingerprinted(root, rel, files::Origin::Listed) {
        Ok((t, f)) => (t, Some(f)),
        Err(d) => return (None, vec![*d], None),
    };
    let Some((fm, body, body_line)) = split_front_matter(&text) else {
        let d = Diagnostic::new(codes::FRONT_MATTER, rel, Pos::START, msg!("E010.none"))
            .hint(msg!("E010.none_hint"));
        return (None, vec![d], read_as);
    };
    let (node, diags) = parse_checked(fm, rel, fields::FRONT_MATTER, tz, 1);
    let Some(node) = node else {
        return (None, diags, read_as);
    };
    let slug = Path::new(rel)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let page = Page {
        kind,
        slug,
        file: rel.to_string(),
        title: extract::text(&node, "title").unwrap_or_default(),
        order: extract::int(&node, "order")
            .map(|o| o.value)
            .unwrap_or(i64::MAX),
        body: body.to_string(),
        body_line,
        control: super::documents::document_control(Some(&node)),
        pos: Pos::START,
    };
    (Some(page), diags, read_as)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let (fm, body, line) = split_front_matter("---\ntitle: x\norder: 1\n---\n# H\n").unwrap();
        assert_eq!(fm, "title: x\norder: 1\n");
        assert_eq!(body, "# H\n");
        assert_eq!(line, 5);
        assert!(split_front_matter("# no front matter").is_none());
        assert!(split_front_matter("---\ntitle: x\n").is_none());
    }
}
