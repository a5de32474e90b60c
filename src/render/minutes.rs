//! Template data for minutes: a meeting's page (times, who was there and
//! how, apologies, declarations, actions and those carried over), and the
//! people page, where each person's meetings and actions are listed.

use super::html::{body_to_html, target_href, Here};
use super::pages::{page, Page};
use super::views::{meeting_link, stakeholder_link, Link, MeetingLink, When};
use crate::load::raw::ActionStatus;
use crate::model::minutes::Action;
use crate::model::people::{Present, Role, Who};
use crate::model::{Site, Target};
use serde::Serialize;

/// A link to an organisation or a person.
pub fn who_link(site: &Site, who: Who, here: Here) -> Link {
    match who {
        Who::Organisation(o) => stakeholder_link(site, o, here),
        Who::Person(p) => {
            Link { title: site.people[p].label(), href: target_href(site, &Target::Person(p), here), current: false }
        }
    }
}

/// Someone at a meeting: who, how they attended, and (for a person) for whom.
#[derive(Serialize)]
pub struct PresentView {
    pub link: Link,
    pub mode: Option<&'static str>,
    pub of: Option<Link>,
}

fn present(site: &Site, p: &Present, here: Here) -> PresentView {
    let of = match p.who {
        Who::Person(i) => site.people[i].organisation.map(|o| stakeholder_link(site, o, here)),
        Who::Organisation(_) => None,
    };
    PresentView { link: who_link(site, p.who, here), mode: p.mode.map(|m| m.words()), of }
}

/// An action, where it was agreed, and where it stands.
#[derive(Serialize)]
pub struct ActionView {
    pub what: String,
    pub owners: Vec<Link>,
    pub due: Option<When>,
    pub status: Option<&'static str>,
    /// The meeting that agreed it, when shown elsewhere.
    pub meeting: Option<MeetingLink>,
}

/// The words of an action's status.
pub fn action_status(s: ActionStatus) -> &'static str {
    match s {
        ActionStatus::Open => "Open",
        ActionStatus::Done => "Done",
        ActionStatus::Dropped => "Dropped",
    }
}

/// Action `k` of meeting `m`; `from` says whether to name the meeting.
pub fn action(site: &Site, m: usize, k: usize, from: bool, here: Here) -> ActionView {
    let a: &Action = &site.meetings[m].actions[k];
    ActionView {
        what: a.what.clone(),
        owners: a.owners.iter().map(|&w| who_link(site, w, here)).collect(),
        due: a.due.as_ref().map(When::from),
        status: a.status.map(action_status),
        meeting: from.then(|| meeting_link(site, m, here)),
    }
}

/// A declaration of interest.
#[derive(Serialize)]
pub struct DeclarationView {
    pub who: Link,
    pub interest: String,
    pub item: Option<Link>,
    pub meeting: Option<MeetingLink>,
}

fn declaration(site: &Site, m: usize, k: usize, from: bool, here: Here) -> DeclarationView {
    let d = &site.meetings[m].declarations[k];
    let notes = &site.meetings[m].body;
    let item = d.item.as_ref().and_then(|n| {
        let id = notes.paragraph(n).map(|p| p.id.clone()).or_else(|| notes.heading(n).map(|h| h.id.clone()))?;
        let href = if from { target_href(site, &Target::MeetingItem(m, id.clone()), here) } else { format!("#{id}") };
        Some(Link { title: format!("item {n}"), href, current: false })
    });
    DeclarationView {
        who: who_link(site, d.who, here),
        interest: d.interest.clone(),
        item,
        meeting: from.then(|| meeting_link(site, m, here)),
    }
}

/// A meeting's page.
#[derive(Serialize)]
pub struct MeetingView {
    pub meeting: MeetingLink,
    pub summary: Option<String>,
    pub attendees: Vec<PresentView>,
    pub apologies: Vec<PresentView>,
    pub in_attendance: Vec<PresentView>,
    pub declarations: Vec<DeclarationView>,
    pub decisions: Vec<String>,
    pub actions: Vec<ActionView>,
    /// Actions of earlier meetings of the group: what became of them.
    pub carried: Vec<ActionView>,
    pub recommendations: Vec<Link>,
    pub notes: String,
}

pub fn meeting(site: &Site, i: usize, here: Here) -> MeetingView {
    let m = &site.meetings[i];
    let list = |l: &[Present]| l.iter().map(|p| present(site, p, here)).collect();
    MeetingView {
        meeting: meeting_link(site, i, here),
        summary: m.summary.clone(),
        attendees: list(&m.attendees),
        apologies: list(&m.apologies),
        in_attendance: list(&m.in_attendance),
        declarations: (0..m.declarations.len()).map(|k| declaration(site, i, k, false, here)).collect(),
        decisions: m.decisions.clone(),
        actions: (0..m.actions.len()).map(|k| action(site, i, k, false, here)).collect(),
        carried: m.carried.iter().map(|&(from, k)| action(site, from, k, true, here)).collect(),
        recommendations: m
            .recommendations
            .iter()
            .map(|&r| Link {
                title: super::views::target_label(site, &Target::Recommendation(r)),
                href: target_href(site, &Target::Recommendation(r), here),
                current: false,
            })
            .collect(),
        notes: body_to_html(site, &m.body, here, &|_| String::new()),
    }
}

/// A meeting in a person's list, with the capacity they were there in.
#[derive(Serialize)]
pub struct PersonMeeting {
    pub meeting: MeetingLink,
    pub role: &'static str,
}

/// A person's entry on the people page.
#[derive(Serialize)]
pub struct PersonView {
    pub id: String,
    pub anchor: String,
    pub name: String,
    pub initials: Option<String>,
    pub role: Option<String>,
    pub organisation: Option<Link>,
    pub meetings: Vec<PersonMeeting>,
    pub actions: Vec<ActionView>,
    pub declarations: Vec<DeclarationView>,
}

pub fn person(site: &Site, i: usize, here: Here) -> PersonView {
    let p = &site.people[i];
    PersonView {
        id: p.id.clone(),
        anchor: format!("person-{}", p.id),
        name: p.name.clone(),
        initials: p.initials.clone(),
        role: p.role.clone(),
        organisation: p.organisation.map(|o| stakeholder_link(site, o, here)),
        meetings: p
            .named_in
            .meetings
            .iter()
            .map(|&(m, role)| PersonMeeting {
                meeting: meeting_link(site, m, here),
                role: match role {
                    Role::Attended => "attended",
                    Role::Apologies => "sent apologies",
                    Role::InAttendance => "in attendance",
                },
            })
            .collect(),
        actions: p.named_in.actions.iter().map(|&(m, k)| action(site, m, k, true, here)).collect(),
        declarations: p.named_in.declarations.iter().map(|&(m, k)| declaration(site, m, k, true, here)).collect(),
    }
}

/// Where the people page is.
pub const PEOPLE: &str = "people/index.html";

/// Everyone named as a person, each with their meetings and actions.
pub fn people_page(site: &Site) -> Page {
    page(site, PEOPLE.into(), "people.html", PEOPLE, "People", |c, here| {
        let all: Vec<PersonView> = (0..site.people.len()).map(|i| person(site, i, here)).collect();
        c.insert("people", &all);
    })
}
