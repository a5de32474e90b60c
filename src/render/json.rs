//! The consultation as open data: `consultation.json`, described by
//! `consultation.schema.json` (JSON Schema, written beside it; the same file
//! as `schema/consultation.schema.json` in the repository).
//!
//! Field names follow vocabularies others already use rather than our own:
//! GOV.UK's consultation content schema for the lifecycle (`opening_date`,
//! `closing_date`, `ways_to_respond`), Popolo for who is involved
//! (`organizations`, `persons`, `memberships`), schema.org's `Event` for
//! meetings (`name`, `startDate`, `endDate`, `eventStatus`, `attendee`), and
//! Akoma Ntoso's `eId` for a paragraph's id in its page.

use super::html::target_href;
use super::splice::Spliced;
use super::views;
use crate::load::raw::{ActionStatus, MeetingStatus};
use crate::model::consultation::Reason;
use crate::model::minutes;
use crate::model::people::{Mode, Role, Who};
use crate::model::{Site, Target};
use serde::Serialize;

/// Where the data and its schema are written.
pub const PATH: &str = "consultation.json";
/// Its schema, written beside it.
pub const SCHEMA_PATH: &str = "consultation.schema.json";

/// The JSON Schema, shipped in the repository and in every output.
pub const SCHEMA: &str = include_str!("../../schema/consultation.schema.json");

#[derive(Serialize)]
struct Consultation<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    title: &'a str,
    summary: Option<&'a str>,
    publisher: Option<&'a str>,
    language: &'a str,
    version: Version,
    opening_date: Option<String>,
    closing_date: Option<String>,
    timezone: Option<&'a str>,
    status_note: Option<&'a str>,
    ways_to_respond: Ways<'a>,
    /// Placeholders, each replaced by its document (see [`spliced`]).
    documents: Vec<String>,
    recommendations: Vec<Rec<'a>>,
    meetings: Vec<Event<'a>>,
    organizations: Vec<Organization<'a>>,
    persons: Vec<Person<'a>>,
    memberships: Vec<Membership<'a>>,
    key_dates: Vec<KeyDate<'a>>,
    lifecycle: super::json_lifecycle::Lifecycle<'a>,
}

#[derive(Serialize)]
struct Version {
    /// The published version this is, or the latest one before this draft.
    number: Option<String>,
    date: Option<String>,
    draft: bool,
}

#[derive(Serialize)]
struct Ways<'a> {
    email: Option<&'a str>,
    link_url: Option<&'a str>,
    postal_address: Option<&'a str>,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Doc<'a> {
    id: &'a str,
    title: &'a str,
    short_title: &'a str,
    kind: &'static str,
    url: String,
    sections: Vec<Section<'a>>,
    paragraphs: Vec<Para<'a>>,
}

#[derive(Serialize)]
struct Section<'a> {
    #[serde(rename = "eId")]
    eid: &'a str,
    number: Option<String>,
    heading: &'a str,
    level: u8,
}

#[derive(Serialize)]
struct Para<'a> {
    #[serde(rename = "eId")]
    eid: &'a str,
    /// The number a citation uses: `2.1.3`, `13(a)`.
    number: String,
    /// As the page shows it: `6.12.` keeps its dot, `01.1` its zero, `(a)`.
    shown: &'a str,
    text: String,
    url: String,
    /// Its identity across versions: the version it was first published in
    /// and its id there (null in a working draft's new paragraphs, and when
    /// nothing is published).
    since: Option<Since<'a>>,
}

#[derive(Serialize)]
struct Since<'a> {
    version: &'a str,
    #[serde(rename = "eId")]
    eid: &'a str,
}

#[derive(Serialize)]
struct Ref {
    label: String,
    /// None for a paragraph of a document that is not in the site.
    url: Option<String>,
}

#[derive(Serialize)]
struct Rec<'a> {
    id: &'a str,
    title: &'a str,
    /// Its own words, plain (null when only its paragraph states it).
    text: Option<&'a str>,
    status: &'static str,
    status_note: Option<&'a str>,
    stated_in: Option<Ref>,
    reasons: Vec<Ref>,
    decided_at: Option<&'a str>,
    discussed_at: Vec<&'a str>,
    owners: Vec<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct Event<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "startDate")]
    start_date: String,
    #[serde(rename = "endDate")]
    end_date: Option<String>,
    /// consult's own status: held, scheduled or cancelled.
    status: &'static str,
    #[serde(rename = "eventStatus")]
    event_status: &'static str,
    organizer: Option<&'a str>,
    description: Option<&'a str>,
    /// Ids of the organizations and persons who attended.
    attendee: Vec<&'a str>,
    /// Everyone the minutes name: attended, sent apologies, in attendance.
    attendance: Vec<Attendance<'a>>,
    declarations: Vec<Declared<'a>>,
    decisions: &'a [String],
    actions: Vec<MeetingAction<'a>>,
    recommendations: Vec<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct Attendance<'a> {
    id: &'a str,
    role: &'static str,
    mode: Option<&'static str>,
}

#[derive(Serialize)]
struct Declared<'a> {
    who: &'a str,
    interest: &'a str,
    /// The agenda item, as numbered in the notes.
    item: Option<String>,
}

#[derive(Serialize)]
struct MeetingAction<'a> {
    text: &'a str,
    owners: Vec<&'a str>,
    due: Option<String>,
    status: Option<&'static str>,
}

#[derive(Serialize)]
struct Organization<'a> {
    id: &'a str,
    name: &'a str,
    other_names: Vec<&'a str>,
    classification: &'a str,
    role: Option<&'a str>,
    parent_id: Option<&'a str>,
    founding_date: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct Person<'a> {
    id: &'a str,
    name: &'a str,
    initials: Option<&'a str>,
}

#[derive(Serialize)]
struct Membership<'a> {
    person_id: &'a str,
    organization_id: &'a str,
    role: Option<&'a str>,
}

#[derive(Serialize)]
struct KeyDate<'a> {
    date: String,
    title: &'a str,
    note: Option<&'a str>,
}

/// `consultation.json` for `site`, in its parts: the documents apart from
/// the rest. `since` gives each paragraph's identity across versions where
/// versions are published (see `archive::identity`).
pub fn spliced<'a>(site: &'a Site, since: Option<&'a crate::archive::identity::Since>) -> Spliced<'a> {
    let here = super::html::Here { root: "", document: None };
    let href = |t: &Target| target_href(site, t, here);
    let instant = |d: &crate::model::dates::Date, end: bool| views::period_when(site, d, end).iso;
    // A meeting's day, or its day and time: an instant when the site has a zone.
    let at = |d: &crate::model::dates::Date, t: Option<(u8, u8)>| match t {
        Some(t) => instant(&crate::model::dates::Date { time: Some(t), ..*d }, false),
        None => d.iso(),
    };
    let latest = site.versions.latest();
    // The documents are most of the file: each is written on its own, on
    // all cores, indented as it sits in the whole, and put in its place as
    // the file is written.
    let marks = super::splice::Placeholders::new("document");
    let document = move |i: usize| {
        let d = &site.documents[i];
        let url = target_href(site, &Target::Document(i), here);
        let doc = Doc {
            id: &d.slug,
            title: &d.title,
            short_title: &d.short_title,
            kind: super::pages::kind_name(d.kind),
            sections: d
                .body
                .headings
                .iter()
                .map(|h| Section {
                    eid: &h.id,
                    number: h.number.as_ref().map(|n| n.to_string()),
                    heading: &h.text,
                    level: h.level,
                })
                .collect(),
            paragraphs: d
                .body
                .paragraphs
                .iter()
                .enumerate()
                .map(|(k, p)| Para {
                    eid: &p.id,
                    number: p.number.to_string(),
                    shown: &p.number.shown,
                    text: d.body.paragraph_text(k),
                    url: format!("{url}#{}", p.id),
                    since: since
                        .and_then(|s| crate::archive::identity::of(s, &d.slug, &p.id))
                        .map(|(version, eid)| Since { version, eid }),
                })
                .collect(),
            url,
        };
        let size = doc.paragraphs.iter().map(|p| p.text.len() + 200).sum::<usize>() + 4096;
        pretty_at(&doc, DOCUMENT_INDENT, size + size / 16)
    };
    let documents: Vec<String> = (0..site.documents.len()).map(|i| marks.of(i)).collect();
    let reference = |t: &Target| Ref { label: views::target_label(site, t), url: Some(href(t)) };
    let who = |w: Who| match w {
        Who::Organisation(o) => site.stakeholders[o].id.as_str(),
        Who::Person(p) => site.people[p].id.as_str(),
    };
    let recommendations = site
        .recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| Rec {
            id: &r.id,
            title: &r.title,
            text: r.text.as_ref().map(|_| r.words.as_str()),
            // The status as the register's class names it: `agreed-in-principle`.
            status: views::rec_status(r.status).1,
            status_note: r.status_note.as_deref(),
            stated_in: r.stated_in.as_ref().map(reference),
            reasons: r
                .reasons
                .iter()
                .map(|b| match b {
                    Reason::Cited(t) => reference(t),
                    Reason::Elsewhere(words) => Ref { label: words.clone(), url: None },
                })
                .collect(),
            decided_at: r.decided_at.map(|m| site.meetings[m].slug.as_str()),
            discussed_at: r.discussed_at.iter().map(|&m| site.meetings[m].slug.as_str()).collect(),
            owners: r.owners.iter().map(|&o| site.stakeholders[o].id.as_str()).collect(),
            url: href(&Target::Recommendation(i)),
        })
        .collect();
    let meetings = site
        .meetings
        .iter()
        .enumerate()
        .map(|(i, m)| Event {
            id: &m.slug,
            name: &m.title,
            start_date: at(&m.date, m.start),
            end_date: match (m.end_date, m.end) {
                (Some(d), t) => Some(at(&d, t)),
                (None, Some(t)) => Some(at(&m.date, Some(t))),
                (None, None) => None,
            },
            status: match m.status {
                MeetingStatus::Held => "held",
                MeetingStatus::Scheduled => "scheduled",
                MeetingStatus::Cancelled => "cancelled",
            },
            event_status: match m.status {
                MeetingStatus::Cancelled => "https://schema.org/EventCancelled",
                _ => "https://schema.org/EventScheduled",
            },
            organizer: m.group.as_deref(),
            description: m.summary.as_deref(),
            attendee: m.attendees.iter().map(|p| who(p.who)).collect(),
            attendance: minutes::present(m)
                .map(|(p, role)| Attendance {
                    id: who(p.who),
                    role: match role {
                        Role::Attended => "attended",
                        Role::Apologies => "apologies",
                        Role::InAttendance => "in-attendance",
                    },
                    mode: p.mode.map(|x| if x == Mode::Remote { "remote" } else { "in-person" }),
                })
                .collect(),
            declarations: m
                .declarations
                .iter()
                .map(|d| Declared {
                    who: who(d.who),
                    interest: &d.interest,
                    item: d.item.as_ref().map(|n| n.to_string()),
                })
                .collect(),
            decisions: &m.decisions,
            actions: m
                .actions
                .iter()
                .map(|a| MeetingAction {
                    text: &a.what,
                    owners: a.owners.iter().map(|&w| who(w)).collect(),
                    due: a.due.map(|d| d.iso()),
                    status: a.status.map(|s| match s {
                        ActionStatus::Open => "open",
                        ActionStatus::Done => "done",
                        ActionStatus::Dropped => "dropped",
                    }),
                })
                .collect(),
            recommendations: m.recommendations.iter().map(|&r| site.recommendations[r].id.as_str()).collect(),
            url: href(&Target::Meeting(i)),
        })
        .collect();
    let organizations = site
        .stakeholders
        .iter()
        .enumerate()
        .map(|(i, s)| Organization {
            id: &s.id,
            name: &s.name,
            other_names: s.full_name.as_deref().into_iter().collect(),
            classification: &s.kind,
            role: s.role.as_deref(),
            parent_id: s.part_of.map(|p| site.stakeholders[p].id.as_str()),
            founding_date: s.joined.as_deref(),
            url: href(&Target::Stakeholder(i)),
        })
        .collect();
    let persons =
        site.people.iter().map(|p| Person { id: &p.id, name: &p.name, initials: p.initials.as_deref() }).collect();
    // A person's own organisation, then the organisations they are members of.
    let memberships = site
        .stakeholders
        .iter()
        .flat_map(|s| {
            s.people.iter().map(|&p| {
                let p = &site.people[p];
                Membership { person_id: &p.id, organization_id: &s.id, role: p.role.as_deref() }
            })
        })
        .collect();
    let data = Consultation {
        schema: SCHEMA_PATH,
        title: &site.title,
        summary: site.summary.as_deref(),
        publisher: site.publisher.as_deref(),
        language: &site.language,
        version: Version {
            number: latest.map(|r| r.version.text.clone()).or_else(|| site.version.clone()),
            date: latest.map(|r| r.date.iso()),
            draft: site.versions.draft,
        },
        opening_date: site.period.opens.as_ref().map(|d| instant(d, false)),
        closing_date: site.period.closes.as_ref().map(|d| instant(d, true)),
        timezone: site.period.zone.as_ref().map(|z| z.name.as_str()),
        status_note: site.period.status_note.as_deref(),
        ways_to_respond: Ways {
            email: site.respond.email.as_deref(),
            link_url: site.respond.web.as_deref(),
            postal_address: site.respond.post.as_deref(),
            note: site.respond.note.as_deref(),
        },
        documents,
        recommendations,
        meetings,
        organizations,
        persons,
        memberships,
        key_dates: site
            .key_dates
            .iter()
            .map(|k| KeyDate { date: k.date.iso(), title: &k.title, note: k.note.as_deref() })
            .collect(),
        lifecycle: super::json_lifecycle::lifecycle(site),
    };
    let mut outline = Vec::with_capacity(1 << 20);
    serde_json::to_writer_pretty(&mut outline, &data).expect("strings, numbers and lists always serialise");
    outline.push(b'\n');
    // Each placeholder is a JSON string: its quotes go with it.
    Spliced::new(outline, site.documents.len(), document, marks, "\"")
}

/// How deep a document sits in the file: the top object, then its list.
const DOCUMENT_INDENT: &str = "    ";

/// `value` pretty-printed as it sits `by` deep in a larger file (see
/// [`Nested`]), in a buffer of `capacity` bytes to start with.
fn pretty_at(value: &impl Serialize, by: &str, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(capacity);
    let mut json = serde_json::Serializer::with_formatter(&mut out, Nested::new(by));
    value.serialize(&mut json).expect("strings, numbers and lists always serialise");
    out
}

/// serde_json's pretty printing, two spaces a level, for a value that
/// starts `by` deep in a larger file: every line it breaks starts with
/// `by`. Each line break and its indent is one write of a slice of `line`.
struct Nested {
    /// A line break, `by`, then spaces enough for the levels so far.
    line: Vec<u8>,
    /// `by`'s length plus one: `line[..start]` breaks a line at level 0.
    start: usize,
    level: usize,
    has_value: bool,
}

impl Nested {
    fn new(by: &str) -> Nested {
        let mut line = Vec::with_capacity(1 + by.len() + 32);
        line.push(b'\n');
        line.extend_from_slice(by.as_bytes());
        Nested { start: line.len(), line, level: 0, has_value: false }
    }

    fn break_line<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        let end = self.start + 2 * self.level;
        if self.line.len() < end {
            self.line.resize(end, b' ');
        }
        writer.write_all(&self.line[..end])
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.break_line(writer)?;
        }
        writer.write_all(bracket)
    }

    fn item<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.break_line(writer)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.item(writer, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.item(writer, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Fills each paragraph's `"since": null` in a published version's
/// `consultation.json` with its identity as of that version (the file is
/// rendered from the frozen folder alone, before the versions around it
/// are known). The paragraph's `url` on the line before names it.
pub fn with_since(json: &str, since: &crate::archive::identity::Since) -> String {
    const NULL: &str = "\"since\": null";
    const URL: &str = "\"url\": \"";
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    let mut rest = json;
    while let Some(at) = rest.find(NULL) {
        let before = &rest[..at];
        let filled = (|| {
            let line = before.rfind('\n')?;
            let indent = &before[line + 1..];
            let url = &before[before[..line].rfind(URL)? + URL.len()..line];
            let url = url.strip_suffix("\",")?;
            let (page, id) = url.split_once('#')?;
            let (version, eid) = crate::archive::identity::of(since, page.strip_suffix("/index.html")?, id)?;
            let quoted = |s: &str| serde_json::to_string(s).expect("strings always serialise");
            Some(format!(
                "\"since\": {{\n{indent}  \"version\": {},\n{indent}  \"eId\": {}\n{indent}}}",
                quoted(version),
                quoted(eid)
            ))
        })();
        out.push_str(before);
        out.push_str(filled.as_deref().unwrap_or(NULL));
        rest = &rest[at + NULL.len()..];
    }
    out.push_str(rest);
    out
}

/// `json` (a `consultation.json`) stating that it is published version
/// `number` of `date`: an archived version is rendered from its frozen
/// folder, which does not know it was published.
pub fn as_published(json: &str, number: &str, date: &str) -> String {
    let version = Version { number: Some(number.to_string()), date: Some(date.to_string()), draft: false };
    let block = String::from_utf8(pretty_at(&version, "  ", 128)).expect("serde_json writes UTF-8");
    // `Version` is flat, so the first `}` after its key closes it.
    match json.find("\"version\": {").and_then(|at| json[at..].find('}').map(|end| (at, at + end + 1))) {
        Some((at, end)) => format!("{}\"version\": {block}{}", &json[..at], &json[end..]),
        None => json.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_value_nested_at_a_depth_reads_as_serde_json_pretty_prints_it_there() {
        let value = serde_json::json!({
            "empty list": [],
            "empty map": {},
            "list": [1, {"a": "line\nbreak", "b": [null, true]}, []],
            "text": "x",
        });
        for by in ["", "    ", "\t"] {
            let out = super::pretty_at(&value, by, 0);
            let expected = serde_json::to_string_pretty(&value).unwrap().replace('\n', &format!("\n{by}"));
            assert_eq!(String::from_utf8(out).unwrap(), expected, "indented by {by:?}");
        }
    }
}
