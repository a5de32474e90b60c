//! Citations: `[[2.1.8]]`, `[[report#2.1.8]]`, `[[appendix-1]]`,
//! `[[stakeholder:macc]]`, `[[recommendation:1]]`, `[[meeting:2011-04-06]]`,
//! resolved against the whole site, with "did you mean" help when they miss.

use super::markdown::Citation;
use super::numbers::Number;
use super::{Document, Target};
use crate::diagnostic::{suggest, Diagnostic};
use pulldown_cmark::{Event, TagEnd};
use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

/// Ids of one kind of thing, with the label a citation of each shows.
#[derive(Default)]
pub struct Named<'a> {
    pub ids: HashMap<&'a str, usize>,
    pub labels: Vec<String>,
    /// Ids whose file failed to load (or all, when `all_failed`): not finding
    /// them is that file's error, already reported, not a second one.
    pub failed: BTreeSet<String>,
    pub all_failed: bool,
}

impl<'a> Named<'a> {
    /// From the id → position map and the labels, in position order.
    pub fn new(ids: HashMap<&'a str, usize>, labels: Vec<String>) -> Self {
        Named { ids, labels, ..Named::default() }
    }

    /// Whether a miss of `id` may be because its file failed to load.
    pub fn failed(&self, id: &str) -> bool {
        self.all_failed || self.failed.contains(id)
    }

    /// The position of `id`, if it is known.
    pub fn get(&self, id: &str) -> Option<usize> {
        self.ids.get(id).copied()
    }

    /// "did you mean …" for an unknown `id`.
    pub fn suggest(&self, id: &str) -> Option<String> {
        let mut known: Vec<&str> = self.ids.keys().copied().collect();
        known.sort_unstable();
        suggest(id, known.iter().copied())
    }
}

/// Lookup tables built once, so resolving is linear in the citations.
pub struct Index<'a> {
    slugs: HashMap<&'a str, usize>,
    /// Documents that failed to load: citing them is no second error.
    pub failed_documents: BTreeSet<String>,
    pub stakeholders: Named<'a>,
    pub meetings: Named<'a>,
    pub recommendations: Named<'a>,
    pub people: Named<'a>,
    /// Each meeting's notes, in the order of `meetings`, for citations of agenda items.
    pub meeting_notes: Vec<&'a super::markdown::Body>,
}

impl<'a> Index<'a> {
    pub fn new(
        documents: &'a [Document],
        stakeholders: Named<'a>,
        meetings: Named<'a>,
        recommendations: Named<'a>,
    ) -> Self {
        Index {
            slugs: documents.iter().enumerate().map(|(i, d)| (d.slug.as_str(), i)).collect(),
            failed_documents: BTreeSet::new(),
            stakeholders,
            meetings,
            recommendations,
            people: Named::default(),
            meeting_notes: Vec::new(),
        }
    }
}

impl Index<'_> {
    /// A fingerprint of everything resolving a citation can read: the
    /// documents' names, titles and numbers, and the ids and labels of
    /// stakeholders, meetings and recommendations. Equal fingerprints (and
    /// the same citing text) resolve the same, so `serve` reuses the result.
    /// `numbers(body)` is [`numbers_hash`], or what it gave last time for the same body.
    pub fn fingerprint(&self, documents: &[Document], numbers: &mut dyn FnMut(&Document) -> u64) -> u64 {
        let mut h = DefaultHasher::new();
        for d in documents {
            (&d.slug, &d.title, &d.short_title, numbers(d)).hash(&mut h);
        }
        for notes in &self.meeting_notes {
            numbers_hash(notes).hash(&mut h);
        }
        for named in [&self.stakeholders, &self.meetings, &self.recommendations, &self.people] {
            let mut ids: Vec<(&str, usize)> = named.ids.iter().map(|(k, v)| (*k, *v)).collect();
            ids.sort_unstable();
            (ids, &named.labels).hash(&mut h);
        }
        h.finish()
    }
}

/// The numbers of a body's paragraphs and headings, hashed: what
/// resolving a citation reads of a body (besides its document's names).
pub fn numbers_hash(body: &super::markdown::Body) -> u64 {
    let mut h = DefaultHasher::new();
    body.paragraphs.iter().for_each(|p| p.number.hash(&mut h));
    body.headings.iter().for_each(|x| x.number.hash(&mut h));
    h.finish()
}

/// A resolved citation: event index, target, and the label to show when the
/// author gave none.
pub type Resolved = (usize, Target, Option<String>);

/// Resolves the citations of the Markdown in `file`; `from` is its document,
/// if it is one (bare paragraph numbers need one).
pub fn resolve_all(
    index: &Index,
    documents: &[Document],
    from: Option<usize>,
    file: &Path,
    cites: &[Citation],
    text: &str,
) -> (Vec<Resolved>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    let lines = crate::diagnostic::SourceLines::new(text);
    for c in cites {
        match resolve(index, documents, from, &c.target) {
            Ok((target, label)) => out.push((c.event, target, (!c.has_label).then_some(label))),
            Err(None) => {}
            Err(Some((message, help))) => {
                let mut d = Diagnostic::error(file, c.line, c.column, message).with_lines(&lines);
                if let Some(h) = help {
                    d = d.with_help(h);
                }
                diags.push(d);
            }
        }
    }
    (out, diags)
}

/// Why a target did not resolve, and a hint; `None` when its file failed to
/// load, which was reported already.
pub type Miss = Option<(String, Option<String>)>;

/// Resolves one target, giving the label a citation of it shows.
pub fn resolve(
    index: &Index,
    documents: &[Document],
    from: Option<usize>,
    target: &str,
) -> Result<(Target, String), Miss> {
    if let Some((kind, id)) = target.split_once(':') {
        let id = id.trim();
        let (id, item) = match id.split_once('#') {
            Some((id, item)) if kind.trim() == "meeting" => (id.trim(), Some(item.trim())),
            _ => (id, None),
        };
        let (named, make): (&Named, fn(usize) -> Target) = match kind.trim() {
            "stakeholder" => (&index.stakeholders, Target::Stakeholder),
            "meeting" => (&index.meetings, Target::Meeting),
            "recommendation" => (&index.recommendations, Target::Recommendation),
            "person" => (&index.people, Target::Person),
            other => {
                return Err(Some((
                    format!("`{other}:` is not a kind of citation"),
                    Some("use `stakeholder:`, `person:`, `meeting:` or `recommendation:`, or a document name".into()),
                )))
            }
        };
        return match named.get(id) {
            Some(i) if item.is_some() => agenda_item(index, i, item.unwrap_or_default(), id, &named.labels[i]),
            Some(i) => Ok((make(i), named.labels[i].clone())),
            None if named.failed(id) => Err(None),
            None => Err(Some((format!("citation of {} `{id}`, which does not exist", kind.trim()), named.suggest(id)))),
        };
    }
    // A bare number cites the same document: `2.1.8`, `13(a)`, `A.2.5`.
    let bare = target.starts_with(|c: char| c.is_ascii_digit())
        || (Number::parse(target).is_some() && !index.slugs.contains_key(target.trim()));
    let (doc, number) = match (target.split_once('#'), from) {
        (Some((slug, n)), _) => (find_doc(index, documents, slug)?, Some(n.trim())),
        (None, Some(from)) if bare => (from, Some(target)),
        (None, None) if bare => {
            return Err(Some((
                format!("`{target}` does not say which document"),
                Some(format!("write `report#{target}`")),
            )))
        }
        (None, _) => (find_doc(index, documents, target)?, None),
    };
    let d = &documents[doc];
    let Some(written) = number else {
        return Ok((Target::Document(doc), d.title.clone()));
    };
    let prefix = if Some(doc) == from { String::new() } else { format!("{}, ", d.short_title) };
    let written = written.strip_prefix("section-").or_else(|| written.strip_prefix("para-")).unwrap_or(written);
    let parsed = Number::parse(written.trim_end_matches('.'));
    if let Some(n) = &parsed {
        if let Some(p) = d.body.paragraph_index(n) {
            return Ok((Target::Paragraph(doc, p), format!("{prefix}paragraph {n}")));
        }
        if d.body.heading(n).is_some() {
            return Ok((Target::Section(doc, Box::new(n.clone())), format!("{prefix}section {n}")));
        }
    }
    // In a long document only the numbers near the one written are weighed,
    // so many broken citations stay linear in the citations.
    let known: Vec<String> = match &parsed {
        Some(n) if d.body.paragraphs.len() > NEAR_ONLY => d.body.near(n),
        _ if d.body.paragraphs.len() > NEAR_ONLY => d.body.paragraphs.iter().take(8).collect(),
        _ => d.body.paragraphs.iter().collect(),
    }
    .into_iter()
    .map(|p| p.number.to_string())
    .collect();
    let help = suggest(written, known.iter().map(String::as_str));
    let whose = if Some(doc) == from { "this document".to_string() } else { format!("`{}`", d.slug) };
    Err(Some((format!("citation of paragraph {written}, which is not in {whose}"), help)))
}

/// Beyond this many paragraphs, a broken citation's help weighs only nearby numbers.
const NEAR_ONLY: usize = 2000;

/// A numbered agenda item (`## 2. Finance`) or paragraph (`2.3`) of meeting `m`'s notes.
fn agenda_item(index: &Index, m: usize, written: &str, slug: &str, title: &str) -> Result<(Target, String), Miss> {
    let Some(notes) = index.meeting_notes.get(m) else { return Err(None) };
    let written = written.strip_prefix("section-").or_else(|| written.strip_prefix("para-")).unwrap_or(written);
    if let Some(n) = Number::parse(written.trim_end_matches('.')) {
        if let Some(p) = notes.paragraph(&n) {
            return Ok((Target::MeetingItem(m, p.id.clone()), format!("{title}, item {n}")));
        }
        if let Some(h) = notes.heading(&n) {
            return Ok((Target::MeetingItem(m, h.id.clone()), format!("{title}, item {n}")));
        }
    }
    let known = notes.item_numbers();
    let help = suggest(written, known.iter().map(String::as_str));
    Err(Some((format!("citation of item {written}, which is not in the notes of meeting `{slug}`"), help)))
}

fn find_doc(index: &Index, documents: &[Document], slug: &str) -> Result<usize, Miss> {
    let slug = slug.trim();
    index.slugs.get(slug).copied().ok_or_else(|| {
        if index.failed_documents.contains(slug) {
            return None;
        }
        let help = suggest(slug, documents.iter().map(|d| d.slug.as_str()));
        Some((format!("citation of document `{slug}`, which does not exist"), help))
    })
}

/// Replaces the text inside the link starting at `start` with `label`.
pub fn set_label(events: &mut super::events::Events, start: usize, label: &str) {
    let mut label = label;
    for i in start + 1..events.len() {
        if let Event::End(TagEnd::Link) = events.get(i) {
            break;
        }
        events.set_text(i, std::mem::take(&mut label));
    }
}
