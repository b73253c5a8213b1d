//! The optional free-text fields of a record that the field table declares
//! `extra` (`schema::fields::extra_text`), by name. A record holds a few of
//! them at most, so they are kept in a small vector in table order (one
//! allocation the size of what the record has) rather than a map whose
//! every node is sized for eleven entries: at 10,000 records that difference
//! is megabytes per copy of the model.

/// Text fields by name, in the order they were inserted (the loader inserts
/// them in table order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Texts(Vec<(&'static str, String)>);

impl Texts {
    /// The value of field `name`, if the record has one.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Set field `name` (replacing a value it had).
    pub fn insert(&mut self, name: &'static str, value: String) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// Keep only the fields `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &String) -> bool) {
        self.0.retain(|(n, v)| keep(n, v));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every value, to change in place.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut String> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    /// Every field with its value, to change in place.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&'static str, &mut String)> {
        self.0.iter_mut().map(|(n, v)| (*n, v))
    }

    /// Every field with its value, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &String)> {
        self.0.iter().map(|(n, v)| (*n, v))
    }
}

impl FromIterator<(&'static str, String)> for Texts {
    fn from_iter<I: IntoIterator<Item = (&'static str, String)>>(iter: I) -> Texts {
        let mut v: Vec<_> = iter.into_iter().collect();
        v.shrink_to_fit();
        Texts(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_insert_retain() {
        let mut t: Texts = [("lessons", "a".to_string())].into_iter().collect();
        assert_eq!(t.get("lessons").map(String::as_str), Some("a"));
        t.insert("lessons", "b".into());
        t.insert("remarks", "c".into());
        assert_eq!(
            t.iter().map(|(n, v)| (n, v.as_str())).collect::<Vec<_>>(),
            [("lessons", "b"), ("remarks", "c")]
        );
        t.retain(|n, _| n != "lessons");
        assert_eq!(t.get("lessons"), None);
        assert!(!t.is_empty());
    }
}
