//! The elements the extractor treats specially (skipped, inline, void),
//! looked up by name without allocating.

/// What the extractor needs to know about an element, by (lower-case) name.
#[derive(Clone, Copy, Default)]
pub(super) struct ElementKind {
    /// Content never counts as page text.
    pub(super) skipped: bool,
    /// Does not break a line of text.
    pub(super) inline: bool,
    /// Has no end tag.
    pub(super) void: bool,
}

/// A tag name of up to eight bytes as one integer (lower-cased, byte `i`
/// in bits `8 i ..`), so that the look-up below compares integers.
const fn key_of(name: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < name.len() && i < 8 {
        key |= (name[i].to_ascii_lowercase() as u64) << (8 * i);
        i += 1;
    }
    key
}

const SKIPPED: ElementKind = ElementKind {
    skipped: true,
    inline: false,
    void: false,
};
const INLINE: ElementKind = ElementKind {
    skipped: false,
    inline: true,
    void: false,
};
const VOID: ElementKind = ElementKind {
    skipped: false,
    inline: false,
    void: true,
};

/// The elements the extractor treats specially. `wbr` is inline and void.
const ELEMENTS: &[(&[u8], ElementKind)] = &[
    (b"script", SKIPPED),
    (b"style", SKIPPED),
    (b"svg", SKIPPED),
    (b"template", SKIPPED),
    (b"noscript", SKIPPED),
    (b"head", SKIPPED),
    (b"select", SKIPPED),
    (b"button", SKIPPED),
    (b"a", INLINE),
    (b"abbr", INLINE),
    (b"b", INLINE),
    (b"bdi", INLINE),
    (b"bdo", INLINE),
    (b"cite", INLINE),
    (b"code", INLINE),
    (b"data", INLINE),
    (b"del", INLINE),
    (b"dfn", INLINE),
    (b"em", INLINE),
    (b"i", INLINE),
    (b"ins", INLINE),
    (b"kbd", INLINE),
    (b"mark", INLINE),
    (b"q", INLINE),
    (b"s", INLINE),
    (b"samp", INLINE),
    (b"small", INLINE),
    (b"span", INLINE),
    (b"strong", INLINE),
    (b"sub", INLINE),
    (b"sup", INLINE),
    (b"time", INLINE),
    (b"u", INLINE),
    (b"var", INLINE),
    (
        b"wbr",
        ElementKind {
            skipped: false,
            inline: true,
            void: true,
        },
    ),
    (b"area", VOID),
    (b"base", VOID),
    (b"br", VOID),
    (b"col", VOID),
    (b"embed", VOID),
    (b"hr", VOID),
    (b"img", VOID),
    (b"input", VOID),
    (b"link", VOID),
    (b"meta", VOID),
    (b"source", VOID),
    (b"track", VOID),
    (b"param", VOID),
];

/// [`ELEMENTS`] by key, sorted at compile time for a binary search.
const SORTED: [(u64, ElementKind); ELEMENTS.len()] = {
    let mut table = [(0u64, SKIPPED); ELEMENTS.len()];
    let mut i = 0;
    while i < ELEMENTS.len() {
        table[i] = (key_of(ELEMENTS[i].0), ELEMENTS[i].1);
        // Insertion sort.
        let mut j = i;
        while j > 0 && table[j - 1].0 > table[j].0 {
            let t = table[j];
            table[j] = table[j - 1];
            table[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    table
};

/// Kind of the element `name` (any ASCII case); no allocation, as it runs
/// for every tag of every page.
pub(super) fn element_kind(name: &str) -> ElementKind {
    if name.len() > 8 {
        return ElementKind::default();
    }
    let key = key_of(name.as_bytes());
    match SORTED.binary_search_by_key(&key, |e| e.0) {
        Ok(i) => SORTED[i].1,
        Err(_) => ElementKind::default(),
    }
}
