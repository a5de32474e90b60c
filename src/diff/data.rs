//! Changes to the consultation's data between two versions: recommendations'
//! status, meetings added or changing status, stakeholders and outcomes themes
//! added or removed, key dates moved.

use crate::load::raw::{MeetingStatus, RecStatus};
use crate::model::Site;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The data a redline compares, keyed by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DataSnap {
    /// Recommendation id → (title, status in words).
    pub recommendations: BTreeMap<String, (String, String)>,
    /// Meeting id → (title, date in words, status in words).
    pub meetings: BTreeMap<String, (String, String, String)>,
    /// Stakeholder id → name.
    pub stakeholders: BTreeMap<String, String>,
    /// Key date title → date in words.
    pub key_dates: BTreeMap<String, String>,
    /// Outcomes theme id → name.
    #[serde(default)]
    pub outcomes: BTreeMap<String, String>,
}

fn rec_status(s: RecStatus) -> &'static str {
    match s {
        RecStatus::Proposed => "proposed",
        RecStatus::AgreedInPrinciple => "agreed in principle",
        RecStatus::Agreed => "agreed",
        RecStatus::Rejected => "rejected",
        RecStatus::Superseded => "superseded",
    }
}

fn meeting_status(s: MeetingStatus) -> &'static str {
    match s {
        MeetingStatus::Held => "held",
        MeetingStatus::Scheduled => "scheduled",
        MeetingStatus::Cancelled => "cancelled",
    }
}

impl DataSnap {
    /// The data of `site`.
    pub fn of(site: &Site) -> DataSnap {
        DataSnap {
            recommendations: site
                .recommendations
                .iter()
                .map(|r| (r.id.clone(), (r.title.clone(), rec_status(r.status).to_string())))
                .collect(),
            meetings: site
                .meetings
                .iter()
                .map(|m| (m.slug.clone(), (m.title.clone(), m.date.long_with_time(), meeting_status(m.status).into())))
                .collect(),
            stakeholders: site.stakeholders.iter().map(|s| (s.id.clone(), s.name.clone())).collect(),
            key_dates: site.key_dates.iter().map(|k| (k.title.clone(), k.date.long_with_time())).collect(),
            outcomes: site.outcomes.iter().map(|t| (t.id.clone(), t.name.clone())).collect(),
        }
    }
}

/// One change to the data, with the words a reader needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataChange {
    /// What it is about: `recommendation`, `meeting`, `stakeholder`, `key date`, `outcomes theme`.
    pub what: &'static str,
    /// Its id, for links (empty for key dates).
    pub id: String,
    /// Its name or title.
    pub title: String,
    /// What happened, in words: "status changed from proposed to agreed".
    pub change: String,
}

fn change(what: &'static str, id: &str, title: &str, change: String) -> DataChange {
    DataChange { what, id: id.to_string(), title: title.to_string(), change }
}

/// The data changes from `old` to `new`, sorted by kind then id.
pub fn compare(old: &DataSnap, new: &DataSnap) -> Vec<DataChange> {
    let mut out = Vec::new();
    for (id, (title, status)) in &new.recommendations {
        match old.recommendations.get(id) {
            None => out.push(change("recommendation", id, title, format!("added, {status}"))),
            Some((_, was)) if was != status => {
                out.push(change("recommendation", id, title, format!("status changed from {was} to {status}")))
            }
            _ => {}
        }
    }
    for (id, (title, _)) in old.recommendations.iter().filter(|(id, _)| !new.recommendations.contains_key(*id)) {
        out.push(change("recommendation", id, title, "removed".into()));
    }
    for (id, (title, date, status)) in &new.meetings {
        match old.meetings.get(id) {
            None => out.push(change("meeting", id, title, format!("added: {date}, {status}"))),
            Some((_, was_date, was)) => {
                if was != status {
                    out.push(change("meeting", id, title, format!("status changed from {was} to {status}")));
                }
                if was_date != date {
                    out.push(change("meeting", id, title, format!("date changed from {was_date} to {date}")));
                }
            }
        }
    }
    for (id, (title, _, _)) in old.meetings.iter().filter(|(id, _)| !new.meetings.contains_key(*id)) {
        out.push(change("meeting", id, title, "removed".into()));
    }
    for (id, name) in &new.stakeholders {
        if !old.stakeholders.contains_key(id) {
            out.push(change("stakeholder", id, name, "added".into()));
        }
    }
    for (id, name) in old.stakeholders.iter().filter(|(id, _)| !new.stakeholders.contains_key(*id)) {
        out.push(change("stakeholder", id, name, "removed".into()));
    }
    for (title, date) in &new.key_dates {
        match old.key_dates.get(title) {
            None => out.push(change("key date", "", title, format!("added: {date}"))),
            Some(was) if was != date => {
                out.push(change("key date", "", title, format!("date changed from {was} to {date}")))
            }
            _ => {}
        }
    }
    for (title, _) in old.key_dates.iter().filter(|(t, _)| !new.key_dates.contains_key(*t)) {
        out.push(change("key date", "", title, "removed".into()));
    }
    for (id, name) in &new.outcomes {
        if !old.outcomes.contains_key(id) {
            out.push(change("outcomes theme", id, name, "added".into()));
        }
    }
    for (id, name) in old.outcomes.iter().filter(|(id, _)| !new.outcomes.contains_key(*id)) {
        out.push(change("outcomes theme", id, name, "removed".into()));
    }
    out
}
