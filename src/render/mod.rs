//! Render: the pages of the site, each a pure function from the environment
//! ([`crate::present::Env`]) to HTML. Every kind of page is one entry of
//! [`pages::PAGES`]; `crate::site` runs them and writes what they return.
//!
//! Page URLs (documented in `docs/site.md`):
//!
//! | path | page |
//! |---|---|
//! | `index.html` | 見つけたら、まず: first actions, first-report contacts, entry points |
//! | `flow.html` | reporting flowchart (inline SVG) and its text version |
//! | `levels.html` | levels 0–3, responsible contacts, external notifications |
//! | `contacts.html` | internal contacts by role, external contacts |
//! | `handbook/<slug>.html` | handbook pages |
//! | `templates.html`, `templates/<slug>.html` | report templates, record skeleton |
//! | `register.html`, `register/<key>.html` | the register's entry (listings, newest records) and its listings by year, level, category and status, paged |
//! | `incidents/<id>.html` | one incident record; printed (A4), its incident report; evidence copies in `incidents/<id>/evidence/` |
//! | `dashboard.html` | counts, mean times, overdue actions |
//! | `drills.html`, `drills/<id>.html` | drills (exercises) |
//! | `search.html` | search (`?q=`) |
//! | `controls.html` | audit view: figures and evidence per control (`render::pages::controls`) |
//! | `actions.html`, `compliance.html`, `metrics.html` | corrective actions (paged: `actions/…`), notification compliance (paged: `compliance/…`), management review |
//! | `evidence/index.html`, `evidence/manifest.json` | build manifest (`crate::evidence`) |
//! | `register.csv`, `drills.csv`, `register.json` | exports (`crate::export`) |

//!
//! The search documents of the searchable pages are made beside the pages,
//! from the model (`documents`), never from their HTML.

pub mod documents;
pub mod pages;
