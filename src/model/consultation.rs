//! The consultation's own data: stakeholders, recommendations, meetings,
//! the outcomes framework, key dates, and how to respond. Every id that one
//! of them names is checked here.

use super::dates::Date;
use super::markdown::Body;
pub use super::minutes::{Action, Declaration, Time};
use super::people::{Person, Present, Role, Who};
use super::refs::{self, Index, Named};
use super::{Document, Target};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::raw::{self, MeetingStatus, RecStatus};
use crate::load::yaml::{position, Spanned};
use crate::load::DataFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Someone involved in the consultation: an organisation or a group.
#[derive(Debug, Clone)]
pub struct Stakeholder {
    pub id: String,
    pub name: String,
    pub full_name: Option<String>,
    pub kind: String,
    pub role: Option<String>,
    pub joined: Option<String>,
    /// The stakeholder this one is part of (a sub-group of an organisation).
    pub part_of: Option<usize>,
    /// Its people, then its members from other organisations: indexes into `Site::people`.
    pub people: Vec<usize>,
    /// How many of `people` are its own (the rest are `members`).
    pub own_people: usize,
    /// What points at this stakeholder, gathered once so pages need not search.
    pub named_in: NamedIn,
}

/// Where a stakeholder is named: indexes into the site's lists.
#[derive(Debug, Clone, Default)]
pub struct NamedIn {
    /// Meetings attended, in date order.
    pub meetings: Vec<usize>,
    /// Recommendations owned.
    pub recommendations: Vec<usize>,
    /// Actions owned: (meeting, action within it).
    pub actions: Vec<(usize, usize)>,
    /// Stakeholders that are part of this one.
    pub parts: Vec<usize>,
}

/// Fills each stakeholder's [`NamedIn`], each person's presence, each
/// recommendation's `discussed_at` and each meeting's carried-over actions.
pub fn link_back(
    stakeholders: &mut [Stakeholder],
    people: &mut [Person],
    meetings: &mut [Meeting],
    recommendations: &mut [Recommendation],
) {
    super::minutes::carry_over(meetings);
    for (m, meeting) in meetings.iter().enumerate() {
        for &r in &meeting.recommendations {
            recommendations[r].discussed_at.push(m);
        }
        for (p, role) in super::minutes::present(meeting) {
            // An organisation attends through its own people too.
            let attending = match p.who {
                Who::Organisation(o) => Some(o),
                Who::Person(i) => {
                    people[i].named_in.meetings.push((m, role));
                    people[i].organisation
                }
            };
            if let Some(o) = attending.filter(|_| role != Role::Apologies) {
                if stakeholders[o].named_in.meetings.last() != Some(&m) {
                    stakeholders[o].named_in.meetings.push(m);
                }
            }
        }
        for (k, action) in meeting.actions.iter().enumerate() {
            for who in &action.owners {
                match *who {
                    Who::Organisation(o) => stakeholders[o].named_in.actions.push((m, k)),
                    Who::Person(i) => people[i].named_in.actions.push((m, k)),
                }
            }
        }
        for (k, d) in meeting.declarations.iter().enumerate() {
            if let Who::Person(i) = d.who {
                people[i].named_in.declarations.push((m, k));
            }
        }
    }
    for (r, rec) in recommendations.iter().enumerate() {
        for &o in &rec.owners {
            stakeholders[o].named_in.recommendations.push(r);
        }
    }
    for s in 0..stakeholders.len() {
        if let Some(p) = stakeholders[s].part_of {
            stakeholders[p].named_in.parts.push(s);
        }
    }
    for (i, person) in people.iter().enumerate().rev() {
        if let Some(o) = person.organisation {
            stakeholders[o].people.insert(0, i);
            stakeholders[o].own_people += 1;
        }
    }
}

/// A recommendation, its reasons and where it stands.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub id: String,
    /// As written, or else the first sentence of the text.
    pub title: String,
    /// In its own words, when given (in the data, or in a document's register list).
    pub text: Option<RecText>,
    /// The text's words, plain (empty without a text).
    pub words: String,
    /// Whether `title` was written, rather than taken from the text.
    pub titled: bool,
    pub stated_in: Option<Target>,
    pub reasons: Vec<Reason>,
    pub status: RecStatus,
    pub status_note: Option<String>,
    pub decided_at: Option<usize>,
    pub owners: Vec<usize>,
    pub work_stream: Option<usize>,
    /// Meetings whose notes list it as discussed, in date order (gathered by [`link_back`]).
    pub discussed_at: Vec<usize>,
}

/// A recommendation in its own words.
#[derive(Debug, Clone)]
pub enum RecText {
    /// Markdown written in the data.
    Written(Box<Body>),
    /// An item of a register list: these events of a document's body (whose
    /// citations are resolved with the document's).
    Listed { doc: usize, events: std::ops::Range<usize> },
}

/// A reason given for a recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A paragraph (or section, document) of this site.
    Cited(Target),
    /// A paragraph of a document that is not in the site, in plain words.
    Elsewhere(String),
}

/// A meeting, held or to come, with its notes.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub slug: String,
    pub title: String,
    pub date: Date,
    pub end_date: Option<Date>,
    /// Times of day on its day, in the site's time zone.
    pub start: Option<Time>,
    pub end: Option<Time>,
    pub group: Option<String>,
    pub status: MeetingStatus,
    pub summary: Option<String>,
    pub attendees: Vec<Present>,
    pub apologies: Vec<Present>,
    pub in_attendance: Vec<Present>,
    pub declarations: Vec<Declaration>,
    pub decisions: Vec<String>,
    pub actions: Vec<Action>,
    /// Actions of earlier meetings of the group shown on this one: (meeting, action).
    pub carried: Vec<(usize, usize)>,
    pub recommendations: Vec<usize>,
    pub source: PathBuf,
    pub body: Body,
}

/// A date that is not a meeting: a contract ending, an AGM, a launch.
#[derive(Debug, Clone)]
pub struct KeyDate {
    pub date: Date,
    pub title: String,
    pub note: Option<String>,
    pub source: Option<Target>,
}

/// When responses are taken.
#[derive(Debug, Clone, Default)]
pub struct Period {
    pub opens: Option<Date>,
    pub closes: Option<Date>,
    pub status_note: Option<String>,
    /// The zone the dates are in; without one, a reader's own clock decides.
    pub zone: Option<super::zone::Zone>,
}

/// How to respond: any of email, a web form, a postal address.
#[derive(Debug, Clone, Default)]
pub struct Respond {
    pub email: Option<String>,
    pub web: Option<String>,
    pub post: Option<String>,
    pub note: Option<String>,
    /// A web address with `{document}` `{paragraph}` `{question}` `{version}` in it.
    pub url_template: Option<String>,
    pub url_label: Option<String>,
}

/// A checker for one file: turns positioned values into diagnostics.
pub struct FileCheck<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub diags: &'a mut Diagnostics,
}

impl FileCheck<'_> {
    /// An error at the position of `value`.
    pub fn error<T>(&mut self, value: &Spanned<T>, message: String, help: Option<String>) {
        let (line, column) = position(value);
        let mut d = Diagnostic::error(self.path, line, column, message).with_source(self.text);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        self.diags.push(d);
    }

    /// Parses a date, reporting a bad one.
    pub fn date(&mut self, value: &Spanned<String>) -> Option<Date> {
        Date::parse(&value.value).map_err(|m| self.error(value, m, None)).ok()
    }

    /// Looks `value` up in `named`, reporting an unknown id with the nearest known ones.
    pub fn lookup(&mut self, value: &Spanned<String>, what: &str, named: &Named) -> Option<usize> {
        let id = value.value.trim();
        named.get(id).or_else(|| {
            if !named.failed(id) {
                self.error(value, format!("unknown {what} `{id}`"), named.suggest(id));
            }
            None
        })
    }

    /// Resolves a paragraph or document reference such as `report#4.2`.
    pub fn reference(&mut self, value: &Spanned<String>, index: &Index, documents: &[Document]) -> Option<Target> {
        match refs::resolve(index, documents, None, value.value.trim()) {
            Ok((target, _)) => Some(target),
            Err(Some((message, help))) => {
                self.error(value, message, help);
                None
            }
            Err(None) => None,
        }
    }
}

/// Checks ids are unique and safe in a web address; returns id → position in the list.
pub fn index_ids<'a>(
    ids: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    check: &mut FileCheck,
) -> HashMap<&'a str, usize> {
    let mut map: HashMap<&str, usize> = HashMap::new();
    let mut lines: HashMap<&str, usize> = HashMap::new();
    for (i, id) in ids.enumerate() {
        let key = id.value.as_str();
        if !crate::load::is_slug(key) {
            check.error(
                id,
                format!("{what} id `{key}` cannot be part of a web address"),
                Some("use lowercase letters, digits and hyphens, e.g. `macc`".into()),
            );
        }
        if let Some(first) = lines.get(key) {
            check.error(
                id,
                format!("duplicate {what} id `{key}`"),
                Some(format!("`{key}` is already used at line {first}")),
            );
            continue;
        }
        lines.insert(key, position(id).0);
        map.insert(key, i);
    }
    map
}

/// Stakeholders, with `part_of` resolved.
pub fn stakeholders(
    file: &DataFile<raw::Stakeholder>,
    ids: &Named,
    people: &Named,
    diags: &mut Diagnostics,
) -> Vec<Stakeholder> {
    let mut check = FileCheck { path: &file.path, text: &file.text, diags };
    file.items
        .iter()
        .map(|s| Stakeholder {
            id: s.id.value.clone(),
            name: s.name.clone(),
            full_name: s.full_name.clone(),
            kind: s.kind.clone(),
            role: s.role.clone(),
            joined: s.joined.clone(),
            part_of: s.part_of.as_ref().and_then(|p| check.lookup(p, "stakeholder", ids)),
            people: s.members.iter().filter_map(|m| check.lookup(m, "person", people)).collect(),
            own_people: 0,
            named_in: NamedIn::default(),
        })
        .collect()
}

/// Key dates, in date order.
pub fn key_dates(
    file: &DataFile<raw::KeyDate>,
    index: &Index,
    documents: &[Document],
    diags: &mut Diagnostics,
) -> Vec<KeyDate> {
    let mut check = FileCheck { path: &file.path, text: &file.text, diags };
    let mut out: Vec<KeyDate> = file
        .items
        .iter()
        .filter_map(|k| {
            let date = check.date(&k.date)?;
            let source = k.source.as_ref().and_then(|s| check.reference(s, index, documents));
            Some(KeyDate { date, title: k.title.clone(), note: k.note.clone(), source })
        })
        .collect();
    out.sort_by_key(|a| a.date);
    out
}

/// The response period and channels from site.yaml.
pub fn response(cfg: &raw::SiteConfig, path: &Path, text: &str, diags: &mut Diagnostics) -> (Period, Respond) {
    let mut check = FileCheck { path, text, diags };
    let period = cfg
        .consultation
        .as_ref()
        .map(|c| Period {
            opens: c.opens.as_ref().and_then(|d| check.date(d)),
            closes: c.closes.as_ref().and_then(|d| check.date(d)),
            status_note: c.status_note.clone(),
            zone: c.timezone.as_ref().and_then(|z| match super::zone::Zone::get(z.value.trim()) {
                Ok(zone) => Some(zone),
                Err(near) => {
                    let help = match near.as_slice() {
                        [] => "write an IANA time zone name such as `Europe/London`".to_string(),
                        n => format!(
                            "did you mean {}?",
                            n.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(" or ")
                        ),
                    };
                    check.error(z, format!("unknown time zone `{}`", z.value.trim()), Some(help));
                    None
                }
            }),
        })
        .unwrap_or_default();
    if let (Some(c), None) = (cfg.consultation.as_ref(), &period.zone) {
        if let Some(closes) = c.closes.as_ref().filter(|_| period.closes.is_some_and(|d| d.time.is_some())) {
            let (line, column) = position(closes);
            check.diags.push(
                Diagnostic::warning(
                    check.path,
                    line,
                    column,
                    "the closing time has no time zone, so readers elsewhere see the wrong hour",
                )
                .with_source(check.text)
                .with_help("add `timezone: Europe/London` (or the zone you mean) under `consultation:`"),
            );
        }
    }
    if let (Some(o), Some(c)) = (period.opens, period.closes) {
        if c < o {
            if let Some(closes) = cfg.consultation.as_ref().and_then(|c| c.closes.as_ref()) {
                check.error(
                    closes,
                    format!("the consultation closes ({}) before it opens ({})", c.long(), o.long()),
                    None,
                );
            }
        }
    }
    let respond = cfg
        .respond
        .as_ref()
        .map(|r| {
            if let Some(e) = &r.email {
                let v = e.value.trim();
                if !is_email(v) {
                    check.error(
                        e,
                        format!("`{v}` is not an email address"),
                        Some("write it plainly: `responses@example.org`".into()),
                    );
                }
            }
            if let Some(w) = &r.web {
                let v = w.value.trim();
                if !(v.starts_with("https://") || v.starts_with("http://")) {
                    check.error(
                        w,
                        format!("`{v}` is not a web address"),
                        Some("write it in full, starting with https://".into()),
                    );
                } else if v.contains('#') {
                    // The paragraph links add a query, which a fragment would swallow.
                    check.error(
                        w,
                        format!("`{v}` has a `#` part, which would hide the paragraph a reader responds to"),
                        Some("give the address of the response form without `#…`".into()),
                    );
                }
            }
            Respond {
                email: r.email.as_ref().map(|e| e.value.trim().to_string()),
                web: r.web.as_ref().map(|w| w.value.trim().to_string()),
                post: r.post.clone(),
                note: r.note.clone(),
                url_template: r.url_template.as_ref().and_then(|t| super::lifecycle::url_template(t, &mut check)),
                url_label: r.url_label.clone(),
            }
        })
        .unwrap_or_default();
    (period, respond)
}

/// A plain address, `name@example.org`: one `@`, something either side, and
/// nothing a `mailto:` link would read as more (`?cc=`, `,`, spaces).
fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else { return false };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && !v.starts_with("mailto:")
        && !v.chars().any(|c| c.is_whitespace() || c.is_control() || "?&,;:<>\"()[]\\#%/".contains(c))
}
