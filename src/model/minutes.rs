//! A meeting's front matter as minutes are written: times, who attended (and
//! how), apologies, who else was in attendance, declarations of interest,
//! actions with several owners and a status, and agenda items numbered in the
//! notes. Actions still open are carried over to the next meetings of the
//! same group ([`carry_over`]).

use super::consultation::{FileCheck, Meeting};
use super::dates::Date;
use super::markdown::Body;
use super::numbers::Number;
use super::people::{self, Present, Role, Who};
use super::refs::Index;
use crate::diagnostic::{suggest, Diagnostics};
use crate::load::raw::{self, ActionStatus};
use crate::load::yaml::Spanned;
use crate::load::Loaded;
use std::collections::HashMap;

/// An action agreed at a meeting.
#[derive(Debug, Clone)]
pub struct Action {
    pub what: String,
    pub owners: Vec<Who>,
    pub due: Option<Date>,
    pub status: Option<ActionStatus>,
}

/// A declaration of interest.
#[derive(Debug, Clone)]
pub struct Declaration {
    pub who: Who,
    pub interest: String,
    /// The agenda item, as numbered in the notes.
    pub item: Option<Number>,
}

/// A time of day, hours and minutes.
pub type Time = (u8, u8);

/// A meeting's front matter checked; its body (the notes) is parsed by the caller.
pub fn meeting(m: &Loaded<raw::MeetingFront>, body: Body, index: &Index, diags: &mut Diagnostics) -> Option<Meeting> {
    let mut check = FileCheck { path: &m.path, text: &m.text, diags };
    let f = &m.front;
    let date = check.date(&f.date);
    let end_date = f.end_date.as_ref().and_then(|d| check.date(d));
    if let (Some(start), Some(end), Some(written)) = (date, end_date, f.end_date.as_ref()) {
        if end.is_before(&start) {
            check.error(
                written,
                format!("the meeting ends ({}) before it starts ({})", end.long(), start.long()),
                Some("`end_date` is the last day of the meeting; `date` the first".into()),
            );
        }
    }
    let start = f.start.as_ref().and_then(|t| time(&mut check, t));
    let end = f.end.as_ref().and_then(|t| time(&mut check, t));
    if let (Some(s), Some(e), Some(written), None) = (start, end, f.end.as_ref(), end_date) {
        if e <= s {
            check.error(
                written,
                format!("the meeting ends ({:02}:{:02}) before it starts ({:02}:{:02})", e.0, e.1, s.0, s.1),
                Some("`start` and `end` are times on the meeting's day, such as `10:00` and `12:30`".into()),
            );
        }
    }
    if let (Some(d), Some(t)) = (date, f.start.as_ref()) {
        if d.time.is_some() {
            check.error(t, "the date has a time already".into(), Some("give the time in `start` only".into()));
        }
    }
    let (orgs, persons) = (&index.stakeholders, &index.people);
    // Someone is in one list once: attended, sent apologies, or in attendance.
    let mut seen: HashMap<Who, &str> = HashMap::new();
    let mut list = |list: &[Spanned<String>], name: &'static str, check: &mut FileCheck| -> Vec<Present> {
        let mut out = Vec::new();
        for a in list {
            let Some(p) = people::present(check, a, orgs, persons) else { continue };
            if let Some(first) = seen.insert(p.who, name) {
                let id = a.value.trim();
                check.error(a, format!("`{id}` is listed twice"), Some(format!("it is in `{first}` already")));
                continue;
            }
            out.push(p);
        }
        out
    };
    let attendees = list(&f.attendees, "attendees", &mut check);
    let apologies = list(&f.apologies, "apologies", &mut check);
    let in_attendance = list(&f.in_attendance, "in_attendance", &mut check);
    let recommendations =
        f.recommendations.iter().filter_map(|r| check.lookup(r, "recommendation", &index.recommendations)).collect();
    let actions = f.actions.iter().map(|a| action(&mut check, a, index)).collect();
    let declarations = f
        .declarations
        .iter()
        .filter_map(|d| {
            let who = people::who(&mut check, &d.who, orgs, persons);
            let item = d.item.as_ref().and_then(|i| agenda_item(&mut check, i, &body));
            Some(Declaration { who: who?, interest: d.interest.clone(), item })
        })
        .collect();
    Some(Meeting {
        slug: m.slug.clone(),
        title: f.title.clone(),
        date: date?,
        end_date,
        start,
        end,
        group: f.group.clone(),
        status: f.status,
        summary: f.summary.clone(),
        attendees,
        apologies,
        in_attendance,
        declarations,
        decisions: f.decisions.clone(),
        actions,
        carried: Vec::new(),
        recommendations,
        source: m.path.clone(),
        body,
    })
}

fn action(check: &mut FileCheck, a: &raw::Action, index: &Index) -> Action {
    if let (Some(one), false) = (&a.owner, a.owners.is_empty()) {
        check.error(one, "both `owner` and `owners`".into(), Some("list every owner under `owners`".into()));
    }
    let owners = a
        .owner
        .iter()
        .chain(&a.owners)
        .filter_map(|o| people::who(check, o, &index.stakeholders, &index.people))
        .collect();
    Action { what: a.what.clone(), owners, due: a.due.as_ref().and_then(|d| check.date(d)), status: a.status }
}

/// `10:00`, `9:30`: a time of day.
fn time(check: &mut FileCheck, value: &Spanned<String>) -> Option<Time> {
    let t = value.value.trim();
    let parsed = t.split_once([':', '.']).and_then(|(h, m)| {
        let ok = |s: &str, n: usize| (1..=n).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        (ok(h, 2) && m.len() == 2 && ok(m, 2)).then(|| (h.parse::<u8>().ok(), m.parse::<u8>().ok()))
    });
    match parsed {
        Some((Some(h), Some(m))) if h < 24 && m < 60 => Some((h, m)),
        _ => {
            check.error(
                value,
                format!("`{t}` is not a time of day"),
                Some("write it as HH:MM on the 24-hour clock, such as `14:30`".into()),
            );
            None
        }
    }
}

/// An agenda item named by a declaration: a numbered heading or paragraph of the notes.
fn agenda_item(check: &mut FileCheck, value: &Spanned<String>, notes: &Body) -> Option<Number> {
    let written = value.value.trim().trim_end_matches('.');
    let n = Number::parse(written);
    let found = n.as_ref().filter(|n| notes.paragraph(n).is_some() || notes.heading(n).is_some());
    if found.is_none() {
        let known = notes.item_numbers();
        let help = suggest(written, known.iter().map(String::as_str)).or_else(|| {
            Some("number the items in the notes (`## 3. Finance`, `3.1 …`) and give the number here".into())
        });
        check.error(value, format!("agenda item {written} is not in this meeting's notes"), help);
    }
    found.cloned()
}

/// A group's last meeting so far, and the open actions of those before it.
type Series = (usize, Vec<(usize, usize)>);

/// Fills each meeting's `carried`: every action of the previous meeting of
/// its group (whatever its status, so the minutes record what became of it),
/// and the actions of earlier ones still open. Meetings are in date order;
/// one pass, so the work grows with what is shown, not meetings × meetings.
pub fn carry_over(meetings: &mut [Meeting]) {
    let mut groups: HashMap<Option<String>, Series> = HashMap::new();
    for m in 0..meetings.len() {
        let key = meetings[m].group.clone();
        if let Some((last, open)) = groups.get_mut(&key) {
            let previous = (0..meetings[*last].actions.len()).map(|a| (*last, a));
            let mut carried: Vec<(usize, usize)> = open.iter().copied().chain(previous).collect();
            carried.sort_unstable();
            let still_open = meetings[*last].actions.iter().enumerate();
            open.extend(still_open.filter(|(_, a)| a.status == Some(ActionStatus::Open)).map(|(a, _)| (*last, a)));
            *last = m;
            meetings[m].carried = carried;
        } else {
            groups.insert(key, (m, Vec::new()));
        }
    }
}

/// Everyone a meeting names, with their capacity, in the order of the lists.
pub fn present(meeting: &Meeting) -> impl Iterator<Item = (Present, Role)> + '_ {
    meeting
        .attendees
        .iter()
        .map(|p| (*p, Role::Attended))
        .chain(meeting.apologies.iter().map(|p| (*p, Role::Apologies)))
        .chain(meeting.in_attendance.iter().map(|p| (*p, Role::InAttendance)))
}
