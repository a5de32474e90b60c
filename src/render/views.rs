//! Template data for the consultation's own pages: recommendations,
//! meetings, stakeholders, outcomes, and the home page's digest of them.

use super::html::{body_to_html, target_href, Here};
use crate::load::raw::{MeetingStatus, RecStatus};
use crate::model::consultation::{Reason as Because, RecText, Recommendation};
use crate::model::dates::Date;
use crate::model::{Site, Target};
use serde::Serialize;

/// A link with its text.
#[derive(Serialize, Clone)]
pub struct Link {
    pub title: String,
    pub href: String,
    pub current: bool,
}

/// A date in words and in machine form, for `<time datetime>`.
#[derive(Serialize, Clone)]
pub struct When {
    pub text: String,
    pub iso: String,
}

impl From<&Date> for When {
    fn from(d: &Date) -> Self {
        When { text: d.long_with_time(), iso: d.iso() }
    }
}

fn link(title: String, href: String) -> Link {
    Link { title, href, current: false }
}

/// The words of a cited paragraph, when the target is one.
fn target_text(site: &Site, target: &Target) -> Option<String> {
    match target {
        Target::Paragraph(d, p) => Some(site.documents[*d].body.paragraph_text(*p)),
        _ => None,
    }
}

/// "Report, paragraph 4.2" for a paragraph target, the title for others.
pub fn target_label(site: &Site, target: &Target) -> String {
    match target {
        Target::Paragraph(d, p) => {
            let d = &site.documents[*d];
            format!("{}, paragraph {}", d.short_title, d.body.paragraphs[*p].number)
        }
        Target::Section(d, n) => format!("{}, section {n}", site.documents[*d].short_title),
        Target::Document(d) => site.documents[*d].title.clone(),
        Target::Stakeholder(i) => site.stakeholders[*i].name.clone(),
        Target::Meeting(i) => site.meetings[*i].title.clone(),
        Target::Recommendation(i) => format!("Recommendation {}", site.recommendations[*i].id),
        Target::Listed(d, anchor) => {
            format!(
                "{}, recommendation {}",
                site.documents[*d].short_title,
                anchor.trim_start_matches("recommendation-")
            )
        }
        Target::Person(i) => site.people[*i].label(),
        Target::MeetingItem(m, id) => {
            let item = id.trim_start_matches("para-").trim_start_matches("section-");
            format!("{}, item {item}", site.meetings[*m].title)
        }
    }
}

pub(super) fn target_link(site: &Site, target: &Target, here: Here) -> Link {
    link(target_label(site, target), target_href(site, target, here))
}

pub fn rec_status(s: RecStatus) -> (&'static str, &'static str) {
    match s {
        RecStatus::Proposed => ("Proposed", "proposed"),
        RecStatus::AgreedInPrinciple => ("Agreed in principle", "agreed-in-principle"),
        RecStatus::Agreed => ("Agreed", "agreed"),
        RecStatus::Rejected => ("Rejected", "rejected"),
        RecStatus::Superseded => ("Superseded", "superseded"),
    }
}

pub fn meeting_status(s: MeetingStatus) -> &'static str {
    match s {
        MeetingStatus::Held => "Held",
        MeetingStatus::Scheduled => "Scheduled",
        MeetingStatus::Cancelled => "Cancelled",
    }
}

/// A reason: a link to a paragraph of the site (with its words), or a
/// paragraph elsewhere named in plain words.
#[derive(Serialize)]
pub struct Reason {
    pub link: Option<Link>,
    pub label: String,
    pub text: Option<String>,
}

#[derive(Serialize)]
pub struct RecView {
    pub id: String,
    pub anchor: String,
    pub href: String,
    pub title: String,
    pub stated_in: Option<Link>,
    /// The recommendation in its own words, as HTML.
    pub text: Option<String>,
    /// Without its own words: the words of the paragraph that states it.
    pub quoted: Option<String>,
    pub reasons: Vec<Reason>,
    pub status: &'static str,
    pub status_class: &'static str,
    pub status_note: Option<String>,
    pub decided_at: Option<MeetingLink>,
    pub discussed_at: Vec<MeetingLink>,
    pub owners: Vec<Link>,
    pub work_stream: Option<Link>,
}

pub fn recommendation(site: &Site, i: usize, here: Here) -> RecView {
    let r: &Recommendation = &site.recommendations[i];
    let (status, status_class) = rec_status(r.status);
    RecView {
        id: r.id.clone(),
        anchor: format!("recommendation-{}", r.id),
        href: target_href(site, &Target::Recommendation(i), here),
        title: r.title.clone(),
        stated_in: r.stated_in.as_ref().map(|t| target_link(site, t, here)),
        text: r.text.as_ref().map(|t| rec_text(site, t, here)),
        quoted: r.stated_in.as_ref().filter(|_| r.text.is_none()).and_then(|t| target_text(site, t)),
        reasons: r
            .reasons
            .iter()
            .map(|b| match b {
                Because::Cited(t) => {
                    let link = target_link(site, t, here);
                    Reason { label: link.title.clone(), link: Some(link), text: target_text(site, t) }
                }
                Because::Elsewhere(words) => Reason { link: None, label: words.clone(), text: None },
            })
            .collect(),
        status,
        status_class,
        status_note: r.status_note.clone(),
        decided_at: r.decided_at.map(|m| meeting_link(site, m, here)),
        discussed_at: r.discussed_at.iter().map(|&m| meeting_link(site, m, here)).collect(),
        owners: r.owners.iter().map(|&o| stakeholder_link(site, o, here)).collect(),
        work_stream: r.work_stream.map(|d| target_link(site, &Target::Document(d), here)),
    }
}

/// A recommendation's own words as HTML: Markdown from the data, or the
/// events of its item in a document's register list.
fn rec_text(site: &Site, text: &RecText, here: Here) -> String {
    match text {
        RecText::Written(body) => body_to_html(site, body, here, &|_| String::new()),
        RecText::Listed { doc, events } => {
            body_to_html(site, &site.documents[*doc].body.part(events.clone()), here, &|_| String::new())
        }
    }
}

/// A meeting named somewhere else: its title, date and status.
#[derive(Serialize, Clone)]
pub struct MeetingLink {
    pub title: String,
    pub href: String,
    pub date: When,
    pub end_date: Option<When>,
    /// Times of day, with the place whose clock they are on ("London time").
    pub start: Option<When>,
    pub end: Option<When>,
    pub zone: Option<String>,
    pub status: &'static str,
    pub group: Option<String>,
}

pub fn meeting_link(site: &Site, i: usize, here: Here) -> MeetingLink {
    let m = &site.meetings[i];
    MeetingLink {
        title: m.title.clone(),
        href: target_href(site, &Target::Meeting(i), here),
        date: When::from(&m.date),
        end_date: m.end_date.as_ref().map(When::from),
        start: m.start.map(|t| time_when(site, &m.date, t)),
        end: m.end.map(|t| time_when(site, m.end_date.as_ref().unwrap_or(&m.date), t)),
        zone: site.period.zone.as_ref().filter(|_| m.start.is_some()).map(|z| z.place()),
        status: meeting_status(m.status),
        group: m.group.clone(),
    }
}

/// A time of day on `day`: "10:00", with the instant in the site's zone
/// for `<time datetime>` (or the local time, without one).
fn time_when(site: &Site, day: &Date, (h, m): (u8, u8)) -> When {
    let at = Date { time: Some((h, m)), ..*day };
    let iso = site.period.zone.as_ref().and_then(|z| z.instant(&at, false)).map(|i| i.rfc3339);
    When { text: format!("{h:02}:{m:02}"), iso: iso.unwrap_or_else(|| at.iso()) }
}

pub fn stakeholder_link(site: &Site, i: usize, here: Here) -> Link {
    target_link(site, &Target::Stakeholder(i), here)
}

pub use super::minutes::{meeting, ActionView};

#[derive(Serialize)]
pub struct StakeholderView {
    pub id: String,
    pub href: String,
    pub name: String,
    pub full_name: Option<String>,
    pub kind: String,
    pub role: Option<String>,
    pub joined: Option<String>,
    pub part_of: Option<Link>,
    pub parts: Vec<Link>,
    pub people: Vec<PersonLink>,
    pub meetings: Vec<MeetingLink>,
    pub recommendations: Vec<Link>,
    pub work_streams: Vec<Link>,
    pub actions: Vec<ActionView>,
}

/// One of a stakeholder's people, with their role.
#[derive(Serialize)]
pub struct PersonLink {
    pub link: Link,
    pub role: Option<String>,
}

pub fn stakeholder(site: &Site, i: usize, here: Here) -> StakeholderView {
    let s = &site.stakeholders[i];
    let named = &s.named_in;
    let mut work_streams: Vec<usize> =
        named.recommendations.iter().filter_map(|&r| site.recommendations[r].work_stream).collect();
    work_streams.sort_unstable();
    work_streams.dedup();
    let actions = named.actions.iter().map(|&(m, k)| super::minutes::action(site, m, k, true, here)).collect();
    StakeholderView {
        id: s.id.clone(),
        href: target_href(site, &Target::Stakeholder(i), here),
        name: s.name.clone(),
        full_name: s.full_name.clone(),
        kind: s.kind.clone(),
        role: s.role.clone(),
        joined: s.joined.clone(),
        part_of: s.part_of.map(|p| stakeholder_link(site, p, here)),
        parts: named.parts.iter().map(|&j| stakeholder_link(site, j, here)).collect(),
        people: s
            .people
            .iter()
            .map(|&p| PersonLink {
                link: target_link(site, &Target::Person(p), here),
                role: site.people[p].role.clone(),
            })
            .collect(),
        meetings: named.meetings.iter().map(|&m| meeting_link(site, m, here)).collect(),
        recommendations: named
            .recommendations
            .iter()
            .map(|&r| target_link(site, &Target::Recommendation(r), here))
            .collect(),
        work_streams: work_streams.into_iter().map(|d| target_link(site, &Target::Document(d), here)).collect(),
        actions,
    }
}

/// One row of the home page's timeline: a meeting or a key date.
#[derive(Serialize)]
pub struct TimelineEntry {
    pub date: When,
    pub title: String,
    pub href: Option<String>,
    pub kind: &'static str,
    pub note: Option<String>,
    pub source: Option<Link>,
}

pub fn timeline(site: &Site, here: Here) -> Vec<TimelineEntry> {
    let mut rows: Vec<(Date, usize, TimelineEntry)> = Vec::new();
    for (i, m) in site.meetings.iter().enumerate() {
        let entry = TimelineEntry {
            date: When::from(&m.date),
            title: m.title.clone(),
            href: Some(target_href(site, &Target::Meeting(i), here)),
            kind: if m.status == MeetingStatus::Held { "Meeting held" } else { meeting_status(m.status) },
            note: None,
            source: None,
        };
        rows.push((m.date, 0, entry));
    }
    for k in &site.key_dates {
        let entry = TimelineEntry {
            date: When::from(&k.date),
            title: k.title.clone(),
            href: None,
            kind: "Key date",
            note: k.note.clone(),
            source: k.source.as_ref().map(|t| target_link(site, t, here)),
        };
        rows.push((k.date, 1, entry));
    }
    rows.sort_by_key(|a| (a.0, a.1));
    rows.into_iter().map(|(_, _, e)| e).collect()
}

/// The response period and channels, as the home page states them.
#[derive(Serialize)]
pub struct ResponseView {
    pub opens: Option<When>,
    pub closes: Option<When>,
    pub status_note: Option<String>,
    pub email: Option<String>,
    pub email_href: Option<String>,
    pub web: Option<String>,
    pub post: Option<String>,
    pub note: Option<String>,
}

/// When responses open or close: in the consultation's time zone when it
/// has one (an instant with its offset, and words naming the zone), else
/// as written. `end` is true for a closing date: a day given without a time
/// closes at its end.
pub fn period_when(site: &Site, date: &Date, end: bool) -> When {
    match site.period.zone.as_ref().and_then(|z| z.instant(date, end).map(|i| (z, i))) {
        Some((_, i)) if date.time.is_some() => When { text: i.words, iso: i.rfc3339 },
        Some((z, i)) => When { text: format!("{} ({})", date.long(), z.place()), iso: i.rfc3339 },
        None => When::from(date),
    }
}

pub fn response(site: &Site) -> ResponseView {
    let r = &site.respond;
    ResponseView {
        opens: site.period.opens.as_ref().map(|d| period_when(site, d, false)),
        closes: site.period.closes.as_ref().map(|d| period_when(site, d, true)),
        status_note: site.period.status_note.clone(),
        email: r.email.clone(),
        email_href: r
            .email
            .as_ref()
            .map(|e| format!("mailto:{e}?subject={}", encode(&format!("Response to {}", site.title)))),
        web: r.web.clone(),
        post: r.post.clone(),
        note: r.note.clone(),
    }
}

/// Percent-encodes a URL query value (RFC 3986 unreserved characters kept).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => out.push(b as char),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
    }
    out
}
