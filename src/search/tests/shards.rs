//! The builder's shards as they fill, and a kept index updated in place.

use super::super::*;

#[test]
fn the_builder_writes_document_shards_as_they_fill() {
    let docs = synthetic::corpus(2300);
    let mut builder = IndexBuilder::new();
    let mut early = Vec::new();
    let mut files = Vec::new();
    for (k, d) in docs.iter().enumerate() {
        let out = builder.add(d.clone());
        if k > 2000 {
            assert!(
                out.len() <= 16,
                "a few shards (packed together) at a time past the first 2,000"
            );
        }
        early.extend(out.iter().map(|(p, _)| p.clone()));
        files.extend(out);
    }
    assert!(
        early.len() > 50 && early.iter().all(|p| p.starts_with("search/d-")),
        "{} early files",
        early.len()
    );
    files.extend(builder.finish().expect("in memory"));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(files == build_index(&docs));
    let index = IndexFiles::new(&files).unwrap();
    let (url, _, _) = index.doc(2299).unwrap();
    assert_eq!(url, docs[2299].url);
}

#[test]
fn a_small_site_keeps_its_document_shards_to_the_end() {
    let mut builder = IndexBuilder::new();
    for d in synthetic::corpus(100) {
        assert!(builder.add(d).is_empty());
    }
    assert!(builder
        .finish()
        .expect("in memory")
        .iter()
        .any(|(p, _)| p.starts_with("search/d-0")));
}

/// The files after `update`, from the files before it.
fn apply(before: &[(String, Vec<u8>)], update: IndexUpdate) -> Vec<(String, Vec<u8>)> {
    let mut files: std::collections::BTreeMap<String, Vec<u8>> = before
        .iter()
        .filter(|(p, _)| update.unchanged.contains(p))
        .cloned()
        .collect();
    files.extend(update.written);
    files.into_iter().collect()
}

/// A change to the documents.
type Edit = Box<dyn Fn(&mut Vec<SearchDoc>)>;

#[test]
fn a_kept_index_updated_equals_a_whole_build() {
    for n in [60, 2100] {
        let mut docs = synthetic::corpus(n);
        let (mut kept, mut files) = KeptIndex::build(docs.clone());
        assert!(files == build_index(&docs), "{n}: first build");
        let last = docs.len() - 1;
        let edits: Vec<Edit> = vec![
            Box::new(|d| d[3].body.push_str(" ランサムウェア 追記した。")),
            Box::new(|d| d[5].title = "新しい題名 VPN".into()),
            Box::new(move |d| d[last].facets.status = Some("closed".into())),
            Box::new(|d| {
                d[10].body = d[11].body.clone();
                let at = 2000.min(d.len() - 1);
                d[at].body.clear();
            }),
            Box::new(|d| d[0].body = d[0].body.repeat(3)),
            // An id of a new shape, then gone again: `idShapes` follows.
            Box::new(|d| d[4].body.push_str(" 関連 XYZ_12_345 を参照")),
            Box::new(|d| d[4].body = d[4].body.replace(" 関連 XYZ_12_345 を参照", "")),
            Box::new(|d| {
                // Enough new text that the term shards' count may change.
                for k in 20..400.min(d.len() - 1) {
                    d[k].body = format!("{} {}", d[k].body, d[k + 1].body);
                }
            }),
            Box::new(|d| {
                d.remove(7);
            }),
            Box::new(|d| {
                let extra = d[1].clone();
                d.push(SearchDoc {
                    url: "incidents/INC-2099-0001.html".into(),
                    ..extra
                });
            }),
        ];
        for (k, edit) in edits.iter().enumerate() {
            edit(&mut docs);
            let update = kept.update(docs.clone());
            let written = update.written.len();
            files = apply(&files, update);
            let whole = build_index(&docs);
            let differ: Vec<&String> = files
                .iter()
                .zip(&whole)
                .filter(|(a, b)| a != b)
                .map(|(a, _)| &a.0)
                .collect();
            assert!(
                files.len() == whole.len() && differ.is_empty(),
                "{n} pages, edit {k}: {} against {} files, differ: {differ:?}",
                files.len(),
                whole.len()
            );
            // An edit of one or two pages rewrites the term shards of their
            // words (about half of the term shards of this small index) and
            // their document shards, not the whole index.
            if n > 2000 && k < 4 {
                assert!(
                    written < files.len() * 3 / 5,
                    "edit {k}: {written} of {} files written",
                    files.len()
                );
            }
        }
        let unchanged = kept.update(docs.clone());
        assert!(
            unchanged.written.is_empty(),
            "nothing changed, nothing written"
        );
    }
}
