//! `calendar.ics`: every open deadline of the records this audience sees in
//! full, and the next drill, as an iCalendar file to subscribe to (the
//! format and its guarantees: `crate::present::calendar`).

use super::Export;
use crate::present::Env;

pub const CALENDAR: Export = Export {
    path: "calendar.ics",
    make: calendar,
};

pub fn calendar(env: &Env) -> Vec<u8> {
    crate::present::calendar::site_calendar(env).into_bytes()
}
