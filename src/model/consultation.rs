//! The consultation's own data: stakeholders, recommendations, meetings,
//! the outcomes framework, key dates, and how to respond. Every id that one
//! of them names is checked here.

use super::dates::Date;
use super::markdown::Body;
use super::refs::{self, Index, Named};
use super::{Document, Target};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::raw::{self, MeetingStatus, RecStatus};
use crate::load::yaml::{position, Spanned};
use crate::load::{DataFile, Loaded};
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
    pub people: Vec<raw::Person>,
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

/// Fills each stakeholder's [`NamedIn`] and each recommendation's
/// `discussed_at` from the meetings and recommendations.
pub fn link_back(stakeholders: &mut [Stakeholder], meetings: &[Meeting], recommendations: &mut [Recommendation]) {
    for (m, meeting) in meetings.iter().enumerate() {
        for &r in &meeting.recommendations {
            recommendations[r].discussed_at.push(m);
        }
        for &a in &meeting.attendees {
            stakeholders[a].named_in.meetings.push(m);
        }
        for (k, action) in meeting.actions.iter().enumerate() {
            if let Some(o) = action.owner {
                stakeholders[o].named_in.actions.push((m, k));
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
}

/// A recommendation, its reasons and where it stands.
#[derive(Debug, Clone)]
pub struct Recommendation {
    pub id: String,
    pub title: String,
    pub stated_in: Target,
    pub reasons: Vec<Target>,
    pub status: RecStatus,
    pub status_note: Option<String>,
    pub decided_at: Option<usize>,
    pub owners: Vec<usize>,
    pub work_stream: Option<usize>,
    /// Meetings whose notes list it as discussed, in date order (gathered by [`link_back`]).
    pub discussed_at: Vec<usize>,
}

/// An action agreed at a meeting.
#[derive(Debug, Clone)]
pub struct Action {
    pub what: String,
    pub owner: Option<usize>,
    pub due: Option<Date>,
}

/// A meeting, held or to come, with its notes.
#[derive(Debug, Clone)]
pub struct Meeting {
    pub slug: String,
    pub title: String,
    pub date: Date,
    pub end_date: Option<Date>,
    pub group: Option<String>,
    pub status: MeetingStatus,
    pub summary: Option<String>,
    pub attendees: Vec<usize>,
    pub decisions: Vec<String>,
    pub actions: Vec<Action>,
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
pub fn stakeholders(file: &DataFile<raw::Stakeholder>, ids: &Named, diags: &mut Diagnostics) -> Vec<Stakeholder> {
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
            people: s.people.clone(),
            named_in: NamedIn::default(),
        })
        .collect()
}

/// Recommendations, with their paragraphs, meeting and owners resolved.
pub fn recommendations(
    file: &DataFile<raw::Recommendation>,
    index: &Index,
    documents: &[Document],
    diags: &mut Diagnostics,
) -> Vec<Recommendation> {
    let mut check = FileCheck { path: &file.path, text: &file.text, diags };
    let mut out = Vec::new();
    for r in &file.items {
        let stated_in = check.reference(&r.stated_in, index, documents);
        let reasons: Vec<Target> = r.reasons.iter().filter_map(|p| check.reference(p, index, documents)).collect();
        let decided_at = r.decided_at.as_ref().and_then(|m| check.lookup(m, "meeting", &index.meetings));
        let owners = r.owners.iter().filter_map(|o| check.lookup(o, "stakeholder", &index.stakeholders)).collect();
        let work_stream = r.work_stream.as_ref().and_then(|w| match check.reference(w, index, documents) {
            Some(Target::Document(d)) => Some(d),
            Some(_) => {
                check.error(w, "a work stream is a whole document, such as `appendix-1`".into(), None);
                None
            }
            None => None,
        });
        if let Some(stated_in) = stated_in {
            out.push(Recommendation {
                id: r.id.value.clone(),
                title: r.title.clone(),
                stated_in,
                reasons,
                status: r.status,
                status_note: r.status_note.clone(),
                decided_at,
                owners,
                work_stream,
                discussed_at: Vec::new(),
            });
        }
    }
    out
}

/// A meeting's front matter checked; its body is parsed by the caller.
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
    let attendees = f.attendees.iter().filter_map(|a| check.lookup(a, "stakeholder", &index.stakeholders)).collect();
    let recommendations =
        f.recommendations.iter().filter_map(|r| check.lookup(r, "recommendation", &index.recommendations)).collect();
    let actions = f
        .actions
        .iter()
        .map(|a| Action {
            what: a.what.clone(),
            owner: a.owner.as_ref().and_then(|o| check.lookup(o, "stakeholder", &index.stakeholders)),
            due: a.due.as_ref().and_then(|d| check.date(d)),
        })
        .collect();
    Some(Meeting {
        slug: m.slug.clone(),
        title: f.title.clone(),
        date: date?,
        end_date,
        group: f.group.clone(),
        status: f.status,
        summary: f.summary.clone(),
        attendees,
        decisions: f.decisions.clone(),
        actions,
        recommendations,
        source: m.path.clone(),
        body,
    })
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
