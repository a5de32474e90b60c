//! Time zones: a consultation closes at a time *somewhere*. With an IANA
//! zone (`Europe/London`) in `site.yaml`, a closing time becomes an instant
//! the reader's browser can compare with its own clock, and the words say
//! whose time it is. The zone data is bundled, so the same input gives the
//! same output on every machine.

use super::dates::Date;
use jiff::civil;
use jiff::tz::TimeZone;

/// A named time zone.
#[derive(Debug, Clone)]
pub struct Zone {
    /// The IANA name, as written: `Europe/London`.
    pub name: String,
    tz: TimeZone,
}

/// A moment stated in a zone: for `<time datetime>` and for scripts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instant {
    /// RFC 3339 with the offset in force then: `2011-05-20T23:59:00+01:00`.
    pub rfc3339: String,
    /// "23:59 on 20 May 2011, London time (BST)".
    pub words: String,
    /// "BST", when the zone data has a name for the offset.
    pub abbreviation: Option<String>,
}

impl Zone {
    /// The zone named `name`, or the nearest names when there is none.
    pub fn get(name: &str) -> Result<Zone, Vec<String>> {
        match jiff::tz::db().get(name) {
            Ok(tz) => Ok(Zone { name: name.to_string(), tz }),
            Err(_) => {
                let names: Vec<String> = jiff::tz::db().available().map(|n| n.to_string()).collect();
                Err(crate::diagnostic::nearest(name, names.iter().map(String::as_str))
                    .into_iter()
                    .map(str::to_string)
                    .collect())
            }
        }
    }

    /// "London time": the place in the zone's name.
    pub fn place(&self) -> String {
        let city = self.name.rsplit('/').next().unwrap_or(&self.name).replace('_', " ");
        if city.eq_ignore_ascii_case("UTC") {
            "UTC".into()
        } else {
            format!("{city} time")
        }
    }

    /// `date` in this zone: at its time, or at the start (or, with
    /// `end_of_day`, the last minute) of a day given without one. `None` for
    /// a date that names only a month.
    pub fn instant(&self, date: &Date, end_of_day: bool) -> Option<Instant> {
        let day = date.day?;
        let (h, m) = date.time.unwrap_or(if end_of_day { (23, 59) } else { (0, 0) });
        let civil = civil::date(date.year as i16, date.month as i8, day as i8).at(h as i8, m as i8, 0, 0);
        let zoned = self.tz.to_ambiguous_zoned_datetime(civil).compatible().ok()?;
        let info = self.tz.to_offset_info(zoned.timestamp());
        let abbreviation = info.abbreviation().to_string();
        let offset = zoned.offset();
        let rfc3339 = format!("{}{}", civil.strftime("%Y-%m-%dT%H:%M:%S"), offset_text(offset.seconds()));
        let when = Date { time: Some((h, m)), ..*date }.long_with_time();
        let named = !(abbreviation.starts_with(['+', '-']) || abbreviation.is_empty());
        let zone_words = if named { format!("{} ({abbreviation})", self.place()) } else { self.place() };
        Some(Instant { rfc3339, words: format!("{when}, {zone_words}"), abbreviation: named.then_some(abbreviation) })
    }
}

fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    format!("{sign}{:02}:{:02}", s / 3600, (s % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_times_are_instants_in_the_zone_in_force_then() {
        let london = Zone::get("Europe/London").unwrap();
        let summer = london.instant(&Date::parse("2011-05-20 23:59").unwrap(), true).unwrap();
        assert_eq!(summer.rfc3339, "2011-05-20T23:59:00+01:00");
        assert_eq!(summer.words, "23:59 on 20 May 2011, London time (BST)");
        let winter = london.instant(&Date::parse("2011-01-20").unwrap(), true).unwrap();
        assert_eq!(winter.rfc3339, "2011-01-20T23:59:00+00:00");
        assert_eq!(winter.words, "23:59 on 20 January 2011, London time (GMT)");
        let start = london.instant(&Date::parse("2011-03-07").unwrap(), false).unwrap();
        assert_eq!(start.rfc3339, "2011-03-07T00:00:00+00:00");
        let kolkata = Zone::get("Asia/Kolkata").unwrap().instant(&Date::parse("2020-01-01 09:00").unwrap(), false);
        assert_eq!(kolkata.unwrap().rfc3339, "2020-01-01T09:00:00+05:30");
    }

    #[test]
    fn an_unknown_zone_suggests_the_nearest() {
        let near = Zone::get("Europe/Londn").unwrap_err();
        assert!(near.contains(&"Europe/London".to_string()), "{near:?}");
    }
}
