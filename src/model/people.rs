//! People (Popolo's persons and memberships): the `people` of a stakeholder
//! and `content/data/people.yaml`, in one list with one set of ids. Minutes
//! name "who" (an attendee, an owner, a declarer) as either an organisation
//! or a person; [`who`] resolves that one name against both.

use super::consultation::FileCheck;
use super::refs::Named;
use crate::diagnostic::{suggest, Diagnostics};
use crate::load::raw;
use crate::load::yaml::{position, Spanned};
use crate::load::DataFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A person named in the consultation.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// As minutes write them ("RC"): what readers of the notes see.
    pub initials: Option<String>,
    pub role: Option<String>,
    /// The stakeholder they belong to.
    pub organisation: Option<usize>,
    /// What names them, gathered once.
    pub named_in: Presence,
}

impl Person {
    /// "Richard Caulfield (RC)": the name with the initials the notes use.
    pub fn label(&self) -> String {
        match &self.initials {
            Some(i) => format!("{} ({i})", self.name),
            None => self.name.clone(),
        }
    }
}

/// Where a person (or an organisation) is named in meetings.
#[derive(Debug, Clone, Default)]
pub struct Presence {
    /// Meetings, in date order, with how they were there.
    pub meetings: Vec<(usize, Role)>,
    /// Actions owned: (meeting, action within it).
    pub actions: Vec<(usize, usize)>,
    /// Declarations of interest: (meeting, declaration within it).
    pub declarations: Vec<(usize, usize)>,
}

/// An organisation or a person: who attends, owns an action, declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Who {
    Organisation(usize),
    Person(usize),
}

/// In what capacity someone was at a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Attended,
    Apologies,
    InAttendance,
}

/// How someone attended, when the minutes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    InPerson,
    Remote,
}

impl Mode {
    /// As the page says it.
    pub fn words(self) -> &'static str {
        match self {
            Mode::InPerson => "in person",
            Mode::Remote => "remote",
        }
    }
}

/// One entry of a meeting's attendees, apologies or in-attendance list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Present {
    pub who: Who,
    pub mode: Option<Mode>,
}

/// Where a person's id was written, for the duplicate message.
struct Written<'a> {
    id: &'a Spanned<String>,
    file: &'a Path,
    text: &'a str,
}

/// Everyone, from the stakeholders' `people` then `people.yaml`; ids are
/// checked to be unique among people and apart from the stakeholders' ids
/// (an attendee names either, so one name must mean one thing).
pub fn people<'a>(
    stakeholders: &'a DataFile<raw::Stakeholder>,
    file: &'a DataFile<raw::PersonEntry>,
    organisations: &Named,
    diags: &mut Diagnostics,
) -> (Vec<Person>, HashMap<&'a str, usize>) {
    let mut people = Vec::new();
    let mut written = Vec::new();
    for (s, entry) in stakeholders.items.iter().enumerate() {
        for (k, p) in entry.people.iter().enumerate() {
            let id = match &p.id {
                Some(id) => {
                    written.push((people.len(), Written { id, file: &stakeholders.path, text: &stakeholders.text }));
                    id.value.trim().to_string()
                }
                // Versions published before people had ids.
                None => format!("{}-{}", entry.id.value.trim(), k + 1),
            };
            people.push(Person {
                id,
                name: p.name.clone(),
                initials: p.initials.clone(),
                role: p.role.clone(),
                organisation: Some(s),
                named_in: Presence::default(),
            });
        }
    }
    let mut check = FileCheck { path: &file.path, text: &file.text, diags };
    for p in &file.items {
        written.push((people.len(), Written { id: &p.id, file: &file.path, text: &file.text }));
        people.push(Person {
            id: p.id.value.trim().to_string(),
            name: p.name.clone(),
            initials: p.initials.clone(),
            role: p.role.clone(),
            organisation: p.organisation.as_ref().and_then(|o| check.lookup(o, "stakeholder", organisations)),
            named_in: Presence::default(),
        });
    }
    let mut ids: HashMap<&'a str, usize> = HashMap::new();
    let mut first: HashMap<&str, (PathBuf, usize)> = HashMap::new();
    for (i, w) in &written {
        let (i, id): (usize, &'a str) = (*i, w.id.value.trim());
        let mut check = FileCheck { path: w.file, text: w.text, diags };
        if !crate::load::is_slug(id) {
            check.error(
                w.id,
                format!("person id `{id}` cannot be part of a web address"),
                Some("use lowercase letters, digits and hyphens, e.g. `rcaulfield`".into()),
            );
        }
        if let Some((path, line)) = first.get(id) {
            let help = format!("`{id}` is already a person at {}:{line}", path.display());
            check.error(w.id, format!("duplicate person id `{id}`"), Some(help));
            continue;
        }
        if organisations.get(id).is_some() {
            check.error(
                w.id,
                format!("`{id}` is already the id of a stakeholder"),
                Some("an attendee or owner names either, so give the person an id of their own".into()),
            );
        }
        first.insert(id, (w.file.to_path_buf(), position(w.id).0));
        ids.insert(id, i);
    }
    (people, ids)
}

/// Resolves a name written as an attendee, owner or declarer: a stakeholder
/// or a person.
pub fn who(check: &mut FileCheck, value: &Spanned<String>, organisations: &Named, people: &Named) -> Option<Who> {
    let id = value.value.trim();
    who_id(check, value, id, organisations, people)
}

fn who_id(
    check: &mut FileCheck,
    value: &Spanned<String>,
    id: &str,
    organisations: &Named,
    people: &Named,
) -> Option<Who> {
    if let Some(i) = organisations.get(id) {
        return Some(Who::Organisation(i));
    }
    if let Some(i) = people.get(id) {
        return Some(Who::Person(i));
    }
    if organisations.failed(id) || people.failed(id) {
        return None;
    }
    let mut known: Vec<&str> = organisations.ids.keys().chain(people.ids.keys()).copied().collect();
    known.sort_unstable();
    known.dedup();
    let help = suggest(id, known.iter().copied()).or_else(|| {
        Some("name a stakeholder (content/data/stakeholders.yaml) or a person (their `people`, or content/data/people.yaml)".into())
    });
    check.error(value, format!("unknown stakeholder or person `{id}`"), help);
    None
}

/// An attendee as written: `rc`, `rc (remote)`, `macc (in person)`.
pub fn present(
    check: &mut FileCheck,
    value: &Spanned<String>,
    organisations: &Named,
    people: &Named,
) -> Option<Present> {
    let written = value.value.trim();
    let (id, mode) = match written.strip_suffix(')').and_then(|s| s.split_once('(')) {
        Some((id, how)) => {
            let mode = match how.trim() {
                "remote" | "remotely" | "online" => Mode::Remote,
                "in person" => Mode::InPerson,
                other => {
                    check.error(
                        value,
                        format!("`{other}` is not a way of attending"),
                        Some("write `(remote)` or `(in person)` after the id, or nothing".into()),
                    );
                    return None;
                }
            };
            (id.trim(), Some(mode))
        }
        None => (written, None),
    };
    who_id(check, value, id, organisations, people).map(|who| Present { who, mode })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml::parse;

    fn named(ids: &[&'static str]) -> Named<'static> {
        let map = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        Named::new(map, ids.iter().map(|s| s.to_string()).collect())
    }

    /// Each written attendee read against stakeholders `macc` and person `rc`.
    fn read(list: &str) -> (Vec<Option<Present>>, Vec<String>) {
        let path = Path::new("content/meetings/m.md");
        let values: Vec<Spanned<String>> = parse(path, list).unwrap();
        let mut diags = Diagnostics::new();
        let mut check = FileCheck { path, text: list, diags: &mut diags };
        let (orgs, people) = (named(&["macc"]), named(&["rc"]));
        let out = values.iter().map(|v| present(&mut check, v, &orgs, &people)).collect();
        (out, diags.iter().map(|d| d.to_string().lines().next().unwrap_or("").to_string()).collect())
    }

    #[test]
    fn an_attendee_may_say_how_they_attended() {
        let (read, errors) = read("[macc, rc (remote), 'rc ( in person )']");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(read[0], Some(Present { who: Who::Organisation(0), mode: None }));
        assert_eq!(read[1], Some(Present { who: Who::Person(0), mode: Some(Mode::Remote) }));
        assert_eq!(read[2], Some(Present { who: Who::Person(0), mode: Some(Mode::InPerson) }));
    }

    #[test]
    fn an_unknown_way_of_attending_or_name_is_an_error_where_it_is_written() {
        let (read, errors) = read("[rc (by phone), mac]");
        assert_eq!(read, [None, None]);
        assert_eq!(
            errors,
            [
                "content/meetings/m.md:1:2: error: `by phone` is not a way of attending",
                "content/meetings/m.md:1:17: error: unknown stakeholder or person `mac`"
            ]
        );
    }
}
