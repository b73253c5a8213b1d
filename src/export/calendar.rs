//! `calendar.ics`: every open deadline of the records this audience sees in
//! full, and the next drill, as an iCalendar file to subscribe to (the
//! format and its guarantees: `crate::present::calendar`).

use super::Export;
use crate::present::Env;

pub const CALENDAR: Export = Export {
    path: "calendar.ics",
    write: calendar,
    rows: None,
};

fn calendar(env: &Env, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(crate::present::calendar::site_calendar(env).as_bytes())
}
