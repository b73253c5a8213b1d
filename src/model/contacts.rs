use super::Spanned;
use crate::diagnostics::Pos;

/// `contacts.yaml`.
#[derive(Clone, Debug, Default)]
pub struct Contacts {
    pub internal: Vec<InternalContact>,
    pub external: Vec<ExternalContact>,
}

impl Contacts {
    /// Internal contacts holding `role`, in file order.
    pub fn for_role<'a>(&'a self, role: &'a str) -> impl Iterator<Item = &'a InternalContact> + 'a {
        self.internal.iter().filter(move |c| c.role.value == role)
    }

    pub fn external(&self, id: &str) -> Option<&ExternalContact> {
        self.external.iter().find(|c| c.id.value == id)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Clone, Debug)]
pub struct InternalContact {
    pub role: Spanned<String>,
    pub person: Person,
    pub first_report: bool,
    pub deputy: Option<Person>,
    pub pos: Pos,
}

#[derive(Clone, Debug)]
pub struct ExternalContact {
    pub id: Spanned<String>,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    pub purpose: String,
}
