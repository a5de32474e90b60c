//! Calendar dates as consultations write them: a day (`2011-04-06`), a month
//! (`2011-09`, "September 2011"), or a day and time (`2011-05-20 23:59`).

use serde::Serialize;
use std::fmt;

/// A date, to the day or only to the month, with an optional time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    /// None for a month ("September 2011").
    pub day: Option<u8>,
    /// Hours and minutes, when a time was given.
    pub time: Option<(u8, u8)>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Whether `self` is before `other`, compared only as far as both are
    /// written: a month against a day, or a day against a day and time, is
    /// neither before nor after.
    pub fn is_before(&self, other: &Date) -> bool {
        if (self.year, self.month) != (other.year, other.month) {
            return (self.year, self.month) < (other.year, other.month);
        }
        match (self.day, other.day) {
            (Some(a), Some(b)) if a != b => a < b,
            (Some(_), Some(_)) => matches!((self.time, other.time), (Some(a), Some(b)) if a < b),
            _ => false,
        }
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY-MM-DD HH:MM`; says what is wrong otherwise.
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let (date, time) = match s.split_once([' ', 'T']) {
            Some((d, t)) => (d, Some(t.trim())),
            None => (s, None),
        };
        let bad =
            || format!("`{s}` is not a date: write YYYY-MM-DD (or YYYY-MM for a month, YYYY-MM-DD HH:MM with a time)");
        let parts: Vec<&str> = date.split('-').collect();
        let num = |p: &str, len: usize| {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse::<u16>().ok()
            } else {
                None
            }
        };
        let (year, month, day) = match parts.as_slice() {
            [y, m] => (num(y, 4).ok_or_else(bad)?, num(m, 2).ok_or_else(bad)?, None),
            [y, m, d] => (num(y, 4).ok_or_else(bad)?, num(m, 2).ok_or_else(bad)?, Some(num(d, 2).ok_or_else(bad)?)),
            _ => return Err(bad()),
        };
        if !(1..=12).contains(&month) {
            return Err(format!("`{s}` is not a date: there is no month {month}"));
        }
        if let Some(d) = day {
            let last = days_in_month(year, month as u8);
            if d == 0 || d > last as u16 {
                return Err(format!("`{s}` is not a date: {} {year} has {last} days", MONTHS[month as usize - 1]));
            }
        }
        let time = match time {
            None => None,
            Some(t) => {
                let (h, m) = t.split_once(':').ok_or_else(bad)?;
                let (h, m) = (num(h, 2).ok_or_else(bad)?, num(m, 2).ok_or_else(bad)?);
                if h > 23 || m > 59 {
                    return Err(format!("`{s}` is not a time of day"));
                }
                if day.is_none() {
                    return Err(format!("`{s}`: a time needs a day"));
                }
                Some((h as u8, m as u8))
            }
        };
        Ok(Date { year, month: month as u8, day: day.map(|d| d as u8), time })
    }

    /// "6 April 2011", "September 2011".
    pub fn long(&self) -> String {
        let month = MONTHS[self.month as usize - 1];
        match self.day {
            Some(d) => format!("{d} {month} {}", self.year),
            None => format!("{month} {}", self.year),
        }
    }

    /// "23:59 on 20 May 2011", or the date alone when there is no time.
    pub fn long_with_time(&self) -> String {
        match self.time {
            Some((h, m)) => format!("{h:02}:{m:02} on {}", self.long()),
            None => self.long(),
        }
    }

    /// Machine-readable form for `<time datetime>`: `2011-04-06`, `2011-09`, `2011-05-20T23:59`.
    pub fn iso(&self) -> String {
        let mut s = format!("{:04}-{:02}", self.year, self.month);
        if let Some(d) = self.day {
            s.push_str(&format!("-{d:02}"));
        }
        if let Some((h, m)) = self.time {
            s.push_str(&format!("T{h:02}:{m:02}"));
        }
        s
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.long_with_time())
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_months_and_times() {
        assert_eq!(Date::parse("2011-04-06").unwrap().long(), "6 April 2011");
        assert_eq!(Date::parse("2011-09").unwrap().long(), "September 2011");
        assert_eq!(Date::parse("2011-05-20 23:59").unwrap().long_with_time(), "23:59 on 20 May 2011");
        assert_eq!(Date::parse("2011-05-20 23:59").unwrap().iso(), "2011-05-20T23:59");
        assert!(Date::parse("2012-02-29").is_ok());
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(Date::parse("2011-02-29").unwrap_err().contains("February 2011 has 28 days"));
        assert!(Date::parse("2011-13-01").unwrap_err().contains("no month 13"));
        assert!(Date::parse("6 April 2011").is_err());
        assert!(Date::parse("2011-04-06 25:00").is_err());
    }

    #[test]
    fn months_sort_before_their_days() {
        assert!(Date::parse("2011-09").unwrap() < Date::parse("2011-09-01").unwrap());
    }
}
