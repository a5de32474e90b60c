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
use super::views;
use crate::load::raw::MeetingStatus;
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
    documents: Vec<Doc<'a>>,
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
    text: &'a str,
    url: String,
    /// Its identity across versions: the version it was first published in
    /// and its id there (null in a working draft's new paragraphs, and when
    /// nothing is published).
    since: Option<Since>,
}

#[derive(Serialize)]
struct Since {
    version: String,
    #[serde(rename = "eId")]
    eid: String,
}

#[derive(Serialize)]
struct Ref {
    label: String,
    url: String,
}

#[derive(Serialize)]
struct Rec<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    status_note: Option<&'a str>,
    stated_in: Ref,
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
    attendee: Vec<&'a str>,
    decisions: &'a [String],
    actions: Vec<MeetingAction<'a>>,
    recommendations: Vec<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct MeetingAction<'a> {
    text: &'a str,
    owner: Option<&'a str>,
    due: Option<String>,
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
    id: String,
    name: &'a str,
}

#[derive(Serialize)]
struct Membership<'a> {
    person_id: String,
    organization_id: &'a str,
    role: Option<&'a str>,
}

#[derive(Serialize)]
struct KeyDate<'a> {
    date: String,
    title: &'a str,
    note: Option<&'a str>,
}

/// `consultation.json` for `site`; `since` gives each paragraph's identity
/// across versions where versions are published (see `archive::identity`).
pub fn consultation_json(site: &Site, since: Option<&crate::archive::identity::Since>) -> String {
    let here = super::html::Here { root: "", document: None };
    let href = |t: &Target| target_href(site, t, here);
    let instant = |d: &crate::model::dates::Date, end: bool| views::period_when(site, d, end).iso;
    let latest = site.versions.latest();
    let documents = site
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| Doc {
            id: &d.slug,
            title: &d.title,
            short_title: &d.short_title,
            kind: super::pages::kind_name(d.kind),
            url: href(&Target::Document(i)),
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
                .map(|p| Para {
                    eid: &p.id,
                    number: p.number.to_string(),
                    shown: &p.number.shown,
                    text: &p.text,
                    url: format!("{}#{}", href(&Target::Document(i)), p.id),
                    since: since
                        .and_then(|s| s.get(&(d.slug.clone(), p.id.clone())))
                        .map(|(version, eid)| Since { version: version.clone(), eid: eid.clone() }),
                })
                .collect(),
        })
        .collect();
    let reference = |t: &Target| Ref { label: views::target_label(site, t), url: href(t) };
    let recommendations = site
        .recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| Rec {
            id: &r.id,
            title: &r.title,
            // The status as the register's class names it: `agreed-in-principle`.
            status: views::rec_status(r.status).1,
            status_note: r.status_note.as_deref(),
            stated_in: reference(&r.stated_in),
            reasons: r.reasons.iter().map(reference).collect(),
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
            start_date: m.date.iso(),
            end_date: m.end_date.map(|d| d.iso()),
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
            attendee: m.attendees.iter().map(|&a| site.stakeholders[a].id.as_str()).collect(),
            decisions: &m.decisions,
            actions: m
                .actions
                .iter()
                .map(|a| MeetingAction {
                    text: &a.what,
                    owner: a.owner.map(|o| site.stakeholders[o].id.as_str()),
                    due: a.due.map(|d| d.iso()),
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
    // People have no ids of their own in the data: theirs is the
    // organisation's and their place in its list.
    let mut persons = Vec::new();
    let mut memberships = Vec::new();
    for s in &site.stakeholders {
        for (k, p) in s.people.iter().enumerate() {
            let id = format!("{}-{}", s.id, k + 1);
            persons.push(Person { id: id.clone(), name: &p.name });
            memberships.push(Membership { person_id: id, organization_id: &s.id, role: p.role.as_deref() });
        }
    }
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
    let mut json = serde_json::to_string_pretty(&data).expect("strings, numbers and lists always serialise");
    json.push('\n');
    json
}

/// `json` (a `consultation.json`) stating that it is published version
/// `number` of `date`: an archived version is rendered from its frozen
/// folder, which does not know it was published.
pub fn as_published(json: &str, number: &str, date: &str) -> String {
    let version = Version { number: Some(number.to_string()), date: Some(date.to_string()), draft: false };
    let block = serde_json::to_string_pretty(&version).expect("strings always serialise").replace('\n', "\n  ");
    // `Version` is flat, so the first `}` after its key closes it.
    match json.find("\"version\": {").and_then(|at| json[at..].find('}').map(|end| (at, at + end + 1))) {
        Some((at, end)) => format!("{}\"version\": {block}{}", &json[..at], &json[end..]),
        None => json.to_string(),
    }
}
