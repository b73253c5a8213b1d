//! Markup: text → safe HTML and back. The foundation every layer that reads
//! or writes HTML shares — `check` judges links with the same rules the
//! renderer applies, and the search index reads pages with the same scanner.
//! Nothing here knows the model: strings in, strings out.
//!
//! | file | owns |
//! |---|---|
//! | `compact.rs` | line breaks and quotes a browser does not need, left out of the pages the built-in theme writes |
//! | `escape.rs` | the HTML escaper and the stand-ins for controls and invisible characters |
//! | `markdown/` | Markdown → sanitised HTML, the URL rules, heading ids |
//! | `text/` | the visible text of a page (search index, link checks) |
//! | `links.rs` | checking the links of a built site |

pub mod compact;
pub mod escape;
pub mod links;
pub mod markdown;
pub mod text;

pub use compact::compact_html;
pub use escape::{escape_html, push_escaped, show_controls, shown_as, Shown};
