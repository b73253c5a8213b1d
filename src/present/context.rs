//! The data pages are rendered from: small serialisable views holding only
//! what templates show, already formatted (dates in the site's timezone,
//! `tel:`/`mailto:` links, durations in words), so templates stay free of
//! logic and no page serialises more than it needs.

use super::i18n::I18n;
use crate::model::{Duration, InternalContact, Person, Timestamp};
use chrono::{FixedOffset, NaiveDate};
use serde::Serialize;

/// A point in time for `<time datetime="{iso}">{text}</time>` (`<time>{text}</time>`
/// when the two are the same: a date alone, and a time of day in the site's
/// timezone (`2026-01-20 09:10`, a valid HTML local date and time), are their
/// own machine-readable form).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct DateView {
    pub text: String,
    pub iso: String,
}

impl DateView {
    /// Appends the `<time>` element, escaped, as the templates write it:
    /// for pages whose rows are written by compiled code.
    pub fn push_html(&self, out: &mut String) {
        out.push_str("<time");
        if self.iso != self.text {
            out.push_str(" datetime=\"");
            crate::markup::push_escaped(out, &self.iso);
            out.push('"');
        }
        out.push('>');
        crate::markup::push_escaped(out, &self.text);
        out.push_str("</time>");
    }
}

/// A timestamp in the site's timezone (`2026-01-20 09:10`, or the date alone
/// when the record gave only a date).
pub fn date_view(ts: &Timestamp, tz: FixedOffset) -> DateView {
    let local = ts.at.with_timezone(&tz).naive_local();
    if ts.is_month() {
        // `2023-05`: a valid HTML month string, and no day invented.
        let m = crate::model::time::ym(local.date());
        DateView {
            text: m.clone(),
            iso: m,
        }
    } else if !ts.has_time() {
        let d = crate::model::time::ymd(local.date());
        DateView {
            text: d.clone(),
            iso: d,
        }
    } else {
        // Every time on the site is shown in the site's one timezone: the
        // text is a valid local date and time, and a `datetime` attribute
        // repeating it with the offset cost 40 bytes a time (13 of them on
        // a typical record page).
        let text = crate::model::time::ymd_hm(local);
        DateView {
            iso: text.clone(),
            text,
        }
    }
}

/// [`date_view`] in the reader's language: a month whose day is unknown
/// reads `2023年5月（日は不明）` (`2023-05 (day unknown)`), its `iso` the
/// month.
pub fn date_view_in(ts: &Timestamp, env: &super::Env) -> DateView {
    use chrono::Datelike;
    let mut v = date_view(ts, env.tz);
    if ts.is_month() {
        let d = ts.at.with_timezone(&env.tz).date_naive();
        v.text = env.t.fmt(
            "dates.month_day_unknown",
            &[
                ("y", &d.year().to_string()),
                ("m", &d.month().to_string()),
                ("ym", &v.iso),
            ],
        );
    }
    v
}

/// A record's date field in the reader's language: the day, or a month
/// whose day is unknown as [`date_view_in`] shows one (`2023年5月（日は不明）`,
/// `iso` the month).
pub fn record_date_view(d: &crate::model::RecordDate, t: &super::i18n::I18n) -> DateView {
    use chrono::Datelike;
    match d.exact() {
        Some(day) => day_view(day),
        None => {
            let iso = d.iso();
            let first = d.first();
            DateView {
                text: t.fmt(
                    "dates.month_day_unknown",
                    &[
                        ("y", &first.year().to_string()),
                        ("m", &first.month().to_string()),
                        ("ym", &iso),
                    ],
                ),
                iso,
            }
        }
    }
}

pub fn day_view(d: NaiveDate) -> DateView {
    let s = crate::model::time::ymd(d);
    DateView {
        text: s.clone(),
        iso: s,
    }
}

/// `tel:` link for a phone number as people write it (`03-6712-4103`,
/// `+81 (0)3-6712-4102`, `0120-123-456 (24h)`, `03-6712-4102 内線 7`): the
/// number's digits alone, read by [`crate::model::phone::parse`]; `None`
/// (shown as text) for a value it refuses, which `check` reports as E113.
pub fn tel_href(phone: &str) -> Option<String> {
    crate::model::phone::parse(phone).ok().map(|p| p.tel_href())
}

/// `mailto:` link for a value that is exactly one plain address
/// ([`crate::model::contacts::check_email`]); `None` otherwise (E114).
pub fn mailto_href(email: &str) -> Option<String> {
    crate::model::contacts::mailto_href(email.trim())
}

/// A person with ready-made links.
#[derive(Clone, Debug, Serialize)]
pub struct PersonView {
    pub name: String,
    pub phone: Option<String>,
    pub tel: Option<String>,
    pub email: Option<String>,
    pub mailto: Option<String>,
    /// The night and weekend number, when the contact gives one.
    pub after_hours: Option<String>,
    pub after_hours_tel: Option<String>,
}

impl PersonView {
    pub fn new(p: &Person) -> PersonView {
        PersonView {
            name: p.name.clone(),
            phone: p.phone.as_ref().map(|s| s.value.clone()),
            tel: p.phone.as_deref().and_then(|s| tel_href(s)),
            email: p.email.as_ref().map(|s| s.value.clone()),
            mailto: p.email.as_deref().and_then(|s| mailto_href(s)),
            after_hours: p.after_hours.as_ref().map(|s| s.value.clone()),
            after_hours_tel: p.after_hours.as_deref().and_then(|s| tel_href(s)),
        }
    }
}

/// An internal contact: the role and who holds it.
#[derive(Clone, Debug, Serialize)]
pub struct ContactView {
    pub role: String,
    pub role_name: String,
    /// Anchor on contacts.html.
    pub anchor: String,
    pub person: PersonView,
    pub deputy: Option<PersonView>,
    pub first_report: bool,
}

impl ContactView {
    pub fn new(c: &InternalContact, role_name: &str) -> ContactView {
        ContactView {
            role: c.role.value.clone(),
            role_name: role_name.to_string(),
            anchor: format!("role-{}", c.role.value),
            person: PersonView::new(&c.person),
            deputy: c.deputy.as_ref().map(PersonView::new),
            first_report: c.first_report,
        }
    }
}

/// `2時間` / `2 hours`: the duration in the unit it was written in
/// (`24h` is 24時間, not 1日); a computed one in the largest unit that
/// divides it exactly.
pub fn duration_text(d: Duration, t: &I18n) -> String {
    let (n, u) = d.as_written();
    let unit = match u {
        'w' => "weeks",
        'd' => "days",
        'h' => "hours",
        _ => "minutes",
    };
    let key = if n == 1 {
        format!("units.{}", unit.trim_end_matches('s'))
    } else {
        format!("units.{unit}")
    };
    t.fmt(&key, &[("n", &n.to_string())])
}

/// An average span for the dashboard: hours below two days, days above.
pub fn span_text(minutes: f64, t: &I18n) -> String {
    let hours = minutes / 60.0;
    if hours < 48.0 {
        t.fmt("units.hours_approx", &[("n", &format!("{hours:.1}"))])
    } else {
        t.fmt(
            "units.days_approx",
            &[("n", &format!("{:.1}", hours / 24.0))],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;
    use crate::present::theme::Theme;

    #[test]
    fn tel_links_dial_the_number_shown() {
        assert_eq!(tel_href("03-6712-4103").as_deref(), Some("tel:0367124103"));
        assert_eq!(
            tel_href("+81 (3) 6712 4103").as_deref(),
            Some("tel:+81367124103")
        );
        assert_eq!(
            tel_href("０３－１２３４－５６７８").as_deref(),
            Some("tel:0312345678")
        );
        assert_eq!(tel_href("110").as_deref(), Some("tel:110"));
        assert_eq!(tel_href("内線なし"), None);
        // The finding: notes, extensions and trunk zeros were dialled, and
        // digits behind U+202E were dialled in the order stored.
        assert_eq!(
            tel_href("0120-123-456 (24h)").as_deref(),
            Some("tel:0120123456")
        );
        assert_eq!(
            tel_href("03-6712-4102 内線 7").as_deref(),
            Some("tel:0367124102")
        );
        assert_eq!(
            tel_href("+81 (0)3-6712-4102").as_deref(),
            Some("tel:+81367124102")
        );
        assert_eq!(tel_href("\u{202E}3014-2176-30"), None);
        assert_eq!(
            mailto_href(" a@example.jp ").as_deref(),
            Some("mailto:a@example.jp")
        );
        assert_eq!(mailto_href("not an address"), None);
        assert_eq!(mailto_href("a@example.jp?bcc=b@example.jp"), None);
        assert_eq!(mailto_href("a@example.jp,b@example.jp"), None);
    }

    #[test]
    fn dates_are_shown_in_the_site_timezone() {
        let jst = crate::model::time::parse_offset("+09:00").unwrap();
        let ts = Timestamp::parse("2026-01-20T00:10:00Z", jst).unwrap();
        assert_eq!(
            date_view(&ts, jst),
            DateView {
                text: "2026-01-20 09:10".into(),
                iso: "2026-01-20 09:10".into()
            }
        );
        let d = Timestamp::parse("2026-01-20", jst).unwrap();
        assert_eq!(date_view(&d, jst).text, "2026-01-20");
    }

    #[test]
    fn durations_read_naturally() {
        let ja = Theme::builtin().locale(Language::Ja).unwrap();
        let en = Theme::builtin().locale(Language::En).unwrap();
        let d = |s| Duration::parse(s).unwrap();
        assert_eq!(duration_text(d("2h"), &ja), "2時間");
        assert_eq!(duration_text(d("5d"), &ja), "5日");
        assert_eq!(duration_text(d("1h"), &en), "1 hour");
        assert_eq!(duration_text(d("90m"), &en), "90 minutes");
        assert_eq!(duration_text(d("26w"), &en), "26 weeks");
        // As written: 24h is not turned into a day, nor 14d into 2 weeks.
        assert_eq!(duration_text(d("24h"), &ja), "24時間");
        assert_eq!(duration_text(d("24h"), &en), "24 hours");
        assert_eq!(duration_text(d("14d"), &en), "14 days");
        assert_eq!(duration_text(Duration::of_minutes(60 * 24), &en), "1 day");
        assert_eq!(span_text(90.0, &ja), "1.5時間");
        assert_eq!(span_text(60.0 * 72.0, &en), "3.0 days");
    }
}
