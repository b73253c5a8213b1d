//! The name register: every person the content knows of, and the terms the
//! site masks, each with the ways it may be written in free text.
//!
//! People come from `contacts.yaml` (internal contacts and their deputies,
//! with their readings when given), from records' `reporter` and from
//! timeline entries' `by`. What counts as a person's name:
//!
//! - a value naming a role (its id or its name) is not a person;
//! - a value of two parts with a space between them (`中村 大輔`,
//!   `中村　大輔`, `Daisuke Nakamura`) is a family and a given name. A
//!   Japanese name is split only when neither part is longer than five
//!   characters (`総務部 全社員一斉連絡窓口` is a team); the family name
//!   is the first part, or the last when the name is in Latin letters;
//! - a value without a space is a person's name only in a contact or a
//!   `reporter`, and only when it is three or four kanji (`藤田亮`): two
//!   are a word (`reporter: 匿名`, `不明`), `by: 営業部` or `by:
//!   株式会社ソラノ制作` are teams and outside parties.
//!
//! A person is then found in text written (see [`super::fold`]) in any width
//! and case, with or without a space between the parts, as:
//! the full name (Latin: in either order), the full name, family or given
//! name followed by an honorific ([`HONORIFICS`]), the family name alone
//! when it has two characters or more, and the reading in full or either
//! part of it followed by an honorific.

use super::matcher::{Matcher, Variant};
use crate::model::Content;

/// Honorifics and suffixes that follow a name written in Japanese.
pub const HONORIFICS: &[&str] = &["さん", "様", "さま", "氏", "君", "くん", "殿", "ちゃん"];

/// The same after a name in Latin letters (`Sato-san`, `Sato san`).
pub const LATIN_HONORIFICS: &[&str] = &["-san", "san", "-sama", "-kun", "-chan"];

/// Characters that end the name of a team or a place rather than a person
/// (for a value written without a space).
const TEAM_ENDINGS: &[char] = &[
    '部', '課', '室', '係', '班', '所', '局', '社', '店', '署', '庁', '省', '会', '団', '院', '校',
    '者', '長', '当', '員', '門', '隊', '組', '場', '業', '先',
];

/// A person the content knows of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    /// As first written.
    pub name: String,
    pub family: Option<String>,
    pub given: Option<String>,
    /// The reading (`なかむら だいすけ`), when a contact gives one.
    pub reading: Option<String>,
    /// The role the person is a contact for (the contacts page shows them).
    pub contact_role: Option<String>,
}

/// A term the site replaces with a label (`site.yaml` `mask:`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mask {
    pub term: String,
    pub label: String,
}

/// Who and what is looked for.
#[derive(Clone, Debug, Default)]
pub struct Register {
    pub people: Vec<Person>,
    pub masks: Vec<Mask>,
    roles: Vec<String>,
    /// Each person's folded full name → their place in `people`.
    known: std::collections::HashMap<String, usize>,
}

/// What a hit's term is.
#[derive(Clone, Copy, Debug)]
pub enum Term<'a> {
    Person(&'a Person),
    Mask(&'a Mask),
}

/// Where a name was written (which rule admits it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// A contact or a `reporter`: always a person.
    Person,
    /// A timeline entry's `by`: a person, a team or an outside party.
    Actor,
}

/// Whether `text` is written in Latin letters (and spaces, dots, hyphens).
fn is_latin(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_ascii_alphabetic()
            || " .-'\u{3000}".contains(c)
            || c.is_alphabetic() && (c as u32) < 0x250
    })
}

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x4e00..=0x9fff | 0x3400..=0x4dbf | 0xf900..=0xfaff | 0x3005)
}

/// Family and given name of `name`, or why it is no person (`None`).
fn split(name: &str, field: Field) -> Option<(String, Option<String>, Option<String>)> {
    let parts: Vec<&str> = name
        .split(crate::analysis::names::fold::is_space)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [one] => {
            let n = one.chars().count();
            let person = field == Field::Person
                && (3..=4).contains(&n)
                && one.chars().all(is_han)
                && !one.ends_with(TEAM_ENDINGS);
            person.then(|| (one.to_string(), None, None))
        }
        [a, b] => {
            let full = format!("{a} {b}");
            if is_latin(name) {
                Some((full, Some(b.to_string()), Some(a.to_string())))
            } else if a.chars().count() <= 5 && b.chars().count() <= 5 {
                Some((full, Some(a.to_string()), Some(b.to_string())))
            } else {
                None
            }
        }
        _ => None,
    }
}

impl Register {
    /// The register of `content`: its people and its masks.
    pub fn of(content: &Content) -> Register {
        let mut r = Register {
            roles: content
                .policy
                .roles
                .iter()
                .flat_map(|x| [x.id.value.clone(), x.name.clone()])
                .collect(),
            ..Register::default()
        };
        for c in &content.contacts.internal {
            let role = Some(c.role.value.as_str());
            r.add(
                &c.person.name,
                c.person.reading.as_deref(),
                role,
                Field::Person,
            );
            if let Some(d) = &c.deputy {
                r.add(&d.name, d.reading.as_deref(), role, Field::Person);
            }
        }
        for inc in &content.incidents {
            r.add_record(inc);
        }
        r.masks = content
            .site
            .masks
            .iter()
            .map(|m| Mask {
                term: m.term.value.clone(),
                label: m.label.clone(),
            })
            .collect();
        r
    }

    /// Add the people a record names in its `reporter`, timeline and
    /// evidence (`collected_by`).
    pub fn add_record(&mut self, inc: &crate::model::Incident) {
        if let Some(p) = &inc.reporter {
            self.add(p, None, None, Field::Person);
        }
        for t in &inc.timeline {
            if let Some(by) = &t.by {
                self.add(by, None, None, Field::Actor);
            }
        }
        for e in &inc.evidence {
            if let Some(by) = &e.collected_by {
                self.add(by, None, None, Field::Actor);
            }
        }
    }

    /// Add `name` (read as [`split`] says) unless it names a role or is known.
    pub fn add(
        &mut self,
        name: &str,
        reading: Option<&str>,
        contact_role: Option<&str>,
        field: Field,
    ) {
        let name = name.trim();
        if name.is_empty() || self.roles.iter().any(|r| r == name) {
            return;
        }
        let Some((full, family, given)) = split(name, field) else {
            return;
        };
        let key = super::fold::fold(&full).text;
        if let Some(p) = self.known.get(&key).and_then(|&k| self.people.get_mut(k)) {
            if p.contact_role.is_none() {
                p.contact_role = contact_role.map(str::to_string);
            }
            if p.reading.is_none() {
                p.reading = reading.map(str::to_string);
            }
            return;
        }
        self.known.insert(key, self.people.len());
        self.people.push(Person {
            name: full,
            family,
            given,
            reading: reading
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty()),
            contact_role: contact_role.map(str::to_string),
        });
    }

    /// The term a hit's `term` index names.
    pub fn term(&self, term: usize) -> Option<Term<'_>> {
        match self.people.get(term) {
            Some(p) => Some(Term::Person(p)),
            None => self.masks.get(term - self.people.len()).map(Term::Mask),
        }
    }

    /// A matcher for the masked terms alone (term indices as in [`Register::term`]).
    pub fn mask_matcher(&self) -> Matcher {
        let n = self.people.len();
        Matcher::new(
            self.masks
                .iter()
                .enumerate()
                .map(|(k, m)| Variant::new(&m.term, n + k))
                .collect(),
        )
    }

    /// A matcher for the people (`contacts`: those on the contact list too)
    /// and, with `masks`, the masked terms.
    pub fn matcher(&self, contacts: bool, masks: bool) -> Matcher {
        self.matcher_of(|p| contacts || p.contact_role.is_none(), masks)
    }

    /// A matcher for the people `pick` selects and, with `masks`, the masked terms.
    pub fn matcher_of(&self, pick: impl Fn(&Person) -> bool, masks: bool) -> Matcher {
        let mut v = Vec::new();
        for (k, p) in self.people.iter().enumerate() {
            if pick(p) {
                person_variants(p, k, &mut v);
            }
        }
        if masks {
            for (k, m) in self.masks.iter().enumerate() {
                v.push(Variant::new(&m.term, self.people.len() + k));
            }
        }
        Matcher::new(v)
    }
}

impl Register {
    /// A matcher for the people here and for anyone `names` could add, for
    /// asking whether a text can name anyone at all
    /// ([`Matcher::is_match`]) before the register is complete: each name
    /// is read in the widest way (as a contact's or a `reporter` would be)
    /// and none is merged with another written alike, and every variant
    /// [`Register::matcher`] could look for holds one of its patterns
    /// ([`filter_patterns`]). Term indices mean nothing.
    pub fn widest_matcher<'n>(&self, names: impl IntoIterator<Item = &'n str>) -> Matcher {
        let mut patterns = std::collections::BTreeSet::new();
        for p in &self.people {
            filter_patterns(p, &mut patterns);
        }
        let mut seen = std::collections::HashSet::new();
        for name in names {
            let name = name.trim();
            if name.is_empty() || !seen.insert(name) || self.roles.iter().any(|r| r == name) {
                continue;
            }
            let Some((full, family, given)) = split(name, Field::Person) else {
                continue;
            };
            let p = Person {
                name: full,
                family,
                given,
                reading: None,
                contact_role: None,
            };
            filter_patterns(&p, &mut patterns);
        }
        Matcher::new_dfa(patterns.iter().map(|s| Variant::new(s, 0)).collect())
    }

    /// A matcher for asking whether a text can hold anyone here or, with
    /// `masks`, a masked term ([`Matcher::is_match`]): every variant
    /// [`Register::matcher`] looks for holds one of its patterns, which are
    /// far fewer. Term indices mean nothing.
    pub fn filter_matcher(&self, masks: bool) -> Matcher {
        let mut patterns = std::collections::BTreeSet::new();
        for p in &self.people {
            filter_patterns(p, &mut patterns);
        }
        if masks {
            patterns.extend(self.masks.iter().map(|m| m.term.clone()));
        }
        Matcher::new_dfa(patterns.iter().map(|s| Variant::new(s, 0)).collect())
    }
}

/// Patterns of which every variant of `p` ([`person_variants`]) holds one
/// (folded): its name, its reading, the Latin "family given", its family
/// and given name and the parts of its reading (a part of one character
/// would be found in too many words: it is taken with each honorific).
fn filter_patterns(p: &Person, out: &mut std::collections::BTreeSet<String>) {
    let part = |base: &str, out: &mut std::collections::BTreeSet<String>| {
        if base.chars().count() >= 2 {
            out.insert(base.to_string());
        } else {
            let list = if is_latin(base) {
                LATIN_HONORIFICS
            } else {
                HONORIFICS
            };
            for h in list {
                out.insert(format!("{base} {h}"));
            }
        }
    };
    // The name and the reading, alone or before an honorific; the Latin
    // "family given"; each part.
    out.insert(p.name.clone());
    if let (Some(f), Some(g)) = (&p.family, &p.given) {
        if is_latin(&p.name) {
            out.insert(format!("{f} {g}"));
        }
        part(f, out);
        part(g, out);
    }
    if let Some(r) = &p.reading {
        out.insert(r.clone());
        let parts: Vec<&str> = r
            .split(super::fold::is_space)
            .filter(|x| !x.is_empty())
            .collect();
        if let [a, b] = parts.as_slice() {
            part(a, out);
            part(b, out);
        }
    }
}

/// Every way of writing `p` that is looked for (see the module comment).
fn person_variants(p: &Person, term: usize, out: &mut Vec<Variant>) {
    let mut add = |s: String| out.push(Variant::new(&s, term));
    let honour = |add: &mut dyn FnMut(String), base: &str| {
        let list = if is_latin(base) {
            LATIN_HONORIFICS
        } else {
            HONORIFICS
        };
        for h in list {
            add(format!("{base} {h}"));
        }
    };
    add(p.name.clone());
    honour(&mut add, &p.name);
    if let (Some(f), Some(g)) = (&p.family, &p.given) {
        if is_latin(&p.name) {
            add(format!("{f} {g}"));
        }
        if f.chars().count() >= 2 {
            add(f.clone());
        }
        honour(&mut add, f);
        honour(&mut add, g);
    }
    if let Some(r) = &p.reading {
        add(r.clone());
        honour(&mut add, r);
        let parts: Vec<&str> = r
            .split(super::fold::is_space)
            .filter(|x| !x.is_empty())
            .collect();
        if let [a, b] = parts.as_slice() {
            honour(&mut add, a);
            honour(&mut add, b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register(names: &[(&str, Option<&str>, Field)]) -> Register {
        let mut r = Register {
            roles: vec!["it_admin".into(), "システム管理者".into()],
            ..Register::default()
        };
        for (n, reading, f) in names {
            r.add(n, *reading, None, *f);
        }
        r
    }

    fn hits(r: &Register, text: &str) -> Vec<String> {
        r.matcher(true, true)
            .find(text)
            .into_iter()
            .map(|h| text[h.start..h.end].to_string())
            .collect()
    }

    #[test]
    fn what_counts_as_a_person() {
        let r = register(&[
            ("中村 大輔", None, Field::Actor),
            ("it_admin", None, Field::Actor),
            ("システム管理者", None, Field::Actor),
            ("営業部", None, Field::Person),
            ("藤田亮", None, Field::Person),
            ("佐藤花子", None, Field::Actor),
            ("匿名", None, Field::Person),
            ("総務部 全社員一斉連絡窓口", None, Field::Person),
            ("株式会社ソラノ制作", None, Field::Person),
            ("Hanako Sato", None, Field::Actor),
            ("中村　大輔", None, Field::Person),
        ]);
        let names: Vec<&str> = r.people.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["中村 大輔", "藤田亮", "Hanako Sato"]);
        assert_eq!(r.people[2].family.as_deref(), Some("Sato"));
    }

    #[test]
    fn every_variant_of_a_name_is_found() {
        let r = register(&[
            ("中村 大輔", Some("なかむら だいすけ"), Field::Person),
            ("林 彩", None, Field::Person),
            ("Hanako Sato", None, Field::Person),
        ]);
        for text in [
            "中村大輔",
            "中村 大輔",
            "中村　大輔",
            "ＮａＫａＭＵＲＡ", // not a variant: no Latin reading was given
            "中村さん",
            "中村様",
            "中村",
            "大輔君",
            "ﾅｶﾑﾗ ﾀﾞｲｽｹ",
            "ナカムラさん",
            "だいすけくん",
            "林さん",
            "彩ちゃん",
            "Sato-san",
            "SATO",
            "Sato Hanako",
            "ｈａｎａｋｏ　ｓａｔｏ",
        ] {
            let found = hits(&r, &format!("前{text}後"));
            if text.starts_with('Ｎ') {
                assert!(found.is_empty(), "{text}: {found:?}");
            } else {
                assert_eq!(found.len(), 1, "{text}: {found:?}");
            }
        }
        // A one-character family name, or a given name, needs an honorific.
        assert!(hits(&r, "森林の林で彩りを").is_empty());
        // Latin names stand as words.
        assert!(hits(&r, "Satoshi and Asato").is_empty());
    }

    #[test]
    fn masks_are_terms_after_the_people() {
        let mut r = register(&[("中村 大輔", None, Field::Person)]);
        r.masks.push(Mask {
            term: "ソラノ制作".into(),
            label: "取引先A".into(),
        });
        let m = r.matcher(true, true);
        let h = m.find("ｿﾗﾉ制作と中村");
        assert!(matches!(r.term(h[0].term), Some(Term::Mask(_))));
        assert!(matches!(r.term(h[1].term), Some(Term::Person(_))));
        // Without the contacts: a contact is not looked for.
        let mut c = register(&[]);
        c.add("高橋 誠", None, Some("incident_manager"), Field::Person);
        assert!(c.matcher(false, false).find("高橋さん").is_empty());
        assert_eq!(c.matcher(true, false).find("高橋さん").len(), 1);
    }

    #[test]
    fn the_widest_matcher_finds_a_pattern_in_every_variant() {
        let names = [
            ("中村 大輔", Some("なかむら だいすけ"), Field::Person),
            ("林 彩", Some("はやし あ"), Field::Person),
            ("A B", None, Field::Actor),
            ("Hanako Sato", None, Field::Actor),
            ("Sato\u{a0}Hanako", None, Field::Actor),
            ("ｻﾄｳ ﾊﾅｺ", None, Field::Actor),
            ("藤田亮", None, Field::Person),
            ("森 ｶﾞ", None, Field::Person),
        ];
        let exact = register(&names);
        assert!(exact.people.len() >= 7);
        // Contacts first, then names as records write them.
        let mut contacts = register(&[]);
        contacts.add(
            "中村 大輔",
            Some("なかむら だいすけ"),
            Some("it_admin"),
            Field::Person,
        );
        contacts.add("林 彩", Some("はやし あ"), None, Field::Person);
        let widest = contacts.widest_matcher(names.iter().map(|(n, _, _)| *n));
        for (k, p) in exact.people.iter().enumerate() {
            let mut variants = Vec::new();
            person_variants(p, k, &mut variants);
            for v in variants {
                assert!(widest.is_match(&v.folded), "{}: {}", p.name, v.folded);
            }
        }
        assert!(!widest.is_match("森林の林で彩りを") && !widest.is_match("修正した"));
        let mut masked = exact.clone();
        masked.masks.push(Mask {
            term: "ソラノ制作".into(),
            label: "取引先A".into(),
        });
        let filter = masked.filter_matcher(true);
        for v in masked.matcher(true, true).variants() {
            assert!(filter.is_match(&v.folded), "{}", v.folded);
        }
    }
}
