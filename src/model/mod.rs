//! model: [`Sources`] → the checked, cross-linked [`Site`]. Every reference
//! is resolved here; a `Site` exists only when there are no errors.

pub mod accessibility;
pub mod consultation;
pub mod dates;
pub mod events;
pub mod forms;
pub mod lifecycle;
pub mod links;
pub mod lint;
pub mod markdown;
pub mod minutes;
pub mod numbers;
pub mod outcome;
pub mod people;
pub mod questions;
mod refs;
pub use refs::numbers_hash;
pub mod register;
mod sequence;
pub mod versions;
pub mod zone;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::raw::{self, DocKind, Numbering};
use crate::load::{Sources, ThemeFiles};
use crate::memo::{Memo, ParseJob, Parsed};
use consultation::{FileCheck, KeyDate, Meeting, Period, Recommendation, Respond, Stakeholder};
use markdown::Body;
use numbers::Number;
use refs::{Index, Named};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

/// What a citation or reference points at, resolved to indexes into the [`Site`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A numbered paragraph: document index and the paragraph's index in its
    /// body (not its number: a citation is one of the most common things a
    /// site holds, and a number is four allocations).
    Paragraph(usize, usize),
    /// A numbered section heading: document index and number (boxed: a
    /// number is most of a target's size, and a body holds one per mark).
    Section(usize, Box<Number>),
    /// A whole document.
    Document(usize),
    Stakeholder(usize),
    Meeting(usize),
    Recommendation(usize),
    /// An item of a register list in a document: document index and the item's number.
    Listed(usize, String),
    Person(usize),
    /// A numbered agenda item or paragraph of a meeting's notes: meeting index and its id.
    MeetingItem(usize, String),
}

/// A document of the consultation: the report, an appendix, a page.
#[derive(Debug, Clone)]
pub struct Document {
    pub slug: String,
    pub title: String,
    /// A short name for navigation and citations ("Appendix 1").
    pub short_title: String,
    pub kind: DocKind,
    pub summary: Option<String>,
    pub numbering: Numbering,
    pub source: PathBuf,
    /// Shared with the memo that `serve` keeps between builds.
    pub body: Arc<Body>,
}

/// A service theme of the outcomes framework.
#[derive(Debug, Clone)]
pub struct OutcomeTheme {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub status: String,
    pub to_be_developed: Option<String>,
    pub outcomes: Vec<raw::Outcome>,
}

/// The site, checked and ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub summary: Option<String>,
    pub publisher: Option<String>,
    pub language: String,
    pub base_url: Option<String>,
    pub version: Option<String>,
    /// Documents in reading order: reports, appendices, pages.
    pub documents: Vec<Document>,
    pub stakeholders: Vec<Stakeholder>,
    /// Everyone named as a person: stakeholders' people, then `people.yaml`'s.
    pub people: Vec<people::Person>,
    pub recommendations: Vec<Recommendation>,
    /// Meetings in date order.
    pub meetings: Vec<Meeting>,
    pub outcomes: Vec<OutcomeTheme>,
    /// Key dates in date order.
    pub key_dates: Vec<KeyDate>,
    pub period: Period,
    pub respond: Respond,
    /// Extension, outcome due and published, the outcome document.
    pub lifecycle: lifecycle::Lifecycle,
    /// Consultation questions, in their order.
    pub questions: Vec<questions::Question>,
    /// The outcome's data: responses received, you said → we did.
    pub outcome: Option<outcome::Outcome>,
    pub accessibility: accessibility::Accessibility,
    pub assets: BTreeMap<String, Vec<u8>>,
    pub theme: ThemeFiles,
    /// The published versions, and whether the content is a draft after the latest.
    pub versions: versions::Versions,
}

/// Slugs the generator uses for its own pages; a document may not take them.
pub const RESERVED: [&str; 16] = [
    "404",
    "assets",
    "changelog",
    "changes",
    "feed",
    "index",
    "meetings",
    "outcomes",
    "people",
    "print",
    "recommendations",
    "respond",
    "search",
    "sitemap",
    "stakeholders",
    "versions",
];

/// Builds the [`Site`] from what was loaded. Warnings come back beside the
/// site; errors instead of it.
pub fn build(sources: Sources) -> Result<(Site, Diagnostics), Diagnostics> {
    build_with(sources, &mut Memo::off())
}

/// [`build`], reusing what `memo` kept from the last build of the same site.
pub fn build_with(sources: Sources, memo: &mut Memo) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let cfg = &sources.site;
    let base_url = base_url(&sources, &mut diags);
    let versions = versions::build(&sources.published, &mut diags);

    // Parse every Markdown body in parallel; each is independent.
    let jobs: Vec<ParseJob> = sources
        .documents
        .iter()
        .map(|d| ParseJob {
            path: &d.path,
            text: &d.text,
            body_offset: d.body_offset,
            numbering: d.front.numbering,
            numbered: true,
        })
        .collect();
    let parsed: Vec<(Document, Arc<Parsed>)> = sources
        .documents
        .iter()
        .zip(crate::timings::time("model: parse", || memo.parse_all(&jobs)))
        .map(|(d, p)| {
            let short_title = d.front.short_title.clone().unwrap_or_else(|| d.front.title.clone());
            let doc = Document {
                slug: d.slug.clone(),
                title: d.front.title.clone(),
                short_title,
                kind: d.front.kind,
                summary: d.front.summary.clone(),
                numbering: d.front.numbering,
                source: d.path.clone(),
                body: p.body.clone(),
            };
            (doc, p)
        })
        .collect();
    let mut raw_meetings: Vec<&crate::load::Loaded<raw::MeetingFront>> = sources.meetings.iter().collect();
    raw_meetings.sort_by(|a, b| (a.front.date.value.trim(), &a.slug).cmp(&(b.front.date.value.trim(), &b.slug)));
    let jobs: Vec<ParseJob> = raw_meetings
        .iter()
        .map(|m| ParseJob {
            path: &m.path,
            text: &m.text,
            body_offset: m.body_offset,
            numbering: Numbering::Manual,
            numbered: true,
        })
        .collect();
    let meeting_bodies = memo.parse_all(&jobs);

    let order: HashMap<&str, Option<i64>> =
        sources.documents.iter().map(|d| (d.slug.as_str(), d.front.order)).collect();
    let mut parsed = parsed;
    parsed.sort_by(|a, b| {
        let key = |d: &Document| (order[d.slug.as_str()].unwrap_or(i64::MAX), kind_rank(d.kind), d.slug.clone());
        key(&a.0).cmp(&key(&b.0))
    });
    let mut documents = Vec::with_capacity(parsed.len());
    let mut citations = Vec::with_capacity(parsed.len());
    for (doc, p) in parsed {
        if RESERVED.contains(&doc.slug.as_str()) {
            diags.push(
                Diagnostic::error(
                    &doc.source,
                    0,
                    0,
                    format!("`{}` is the name of a page the site makes itself", doc.slug),
                )
                .with_help("rename the file"),
            );
        }
        diags.extend(p.diagnostics.iter().cloned());
        documents.push(doc);
        citations.push(p);
    }
    if documents.is_empty() && sources.failed.documents.is_empty() {
        diags.push(
            Diagnostic::error("content", 0, 0, "no documents")
                .with_help("add a Markdown file such as content/report.md"),
        );
    }

    // Ids first, so everything can name everything else.
    let sh = &sources.stakeholders;
    let stakeholder_ids = consultation::index_ids(
        sh.items.iter().map(|s| &s.id),
        "stakeholder",
        &mut FileCheck { path: &sh.path, text: &sh.text, diags: &mut diags },
    );
    let rc = &sources.recommendations;
    let texts: HashMap<&str, &str> = sources.documents.iter().map(|d| (d.slug.as_str(), &*d.text)).collect();
    let (register, recommendation_ids) = register::entries(&documents, &texts, rc, &mut diags);
    let recommendation_labels = {
        let mut labels = vec![String::new(); recommendation_ids.len()];
        recommendation_ids.iter().for_each(|(id, &i)| labels[i] = format!("Recommendation {id}"));
        labels
    };
    let meeting_ids: HashMap<&str, usize> =
        raw_meetings.iter().enumerate().map(|(i, m)| (m.slug.as_str(), i)).collect();
    let failed = &sources.failed;
    let mut index = Index::new(
        &documents,
        Named {
            all_failed: failed.data.contains("stakeholders"),
            ..Named::new(stakeholder_ids, sh.items.iter().map(|s| s.name.clone()).collect())
        },
        Named {
            failed: failed.meetings.clone(),
            ..Named::new(meeting_ids, raw_meetings.iter().map(|m| m.front.title.clone()).collect())
        },
        Named {
            all_failed: failed.data.contains("recommendations"),
            ..Named::new(recommendation_ids, recommendation_labels)
        },
    );
    index.failed_documents = failed.documents.clone();
    index.meeting_notes = meeting_bodies.iter().map(|p| &*p.body).collect();
    let (mut people, people_ids) = people::people(sh, &sources.people, &index.stakeholders, &mut diags);
    index.people = Named {
        all_failed: failed.data.contains("people") || failed.data.contains("stakeholders"),
        ..Named::new(people_ids, people.iter().map(people::Person::label).collect())
    };

    let mut stakeholders = consultation::stakeholders(sh, &index.stakeholders, &index.people, &mut diags);
    let mut recommendations = register::recommendations(&register, rc, &index, &documents, &mut diags);
    let key_dates = consultation::key_dates(&sources.key_dates, &index, &documents, &mut diags);
    let outcomes = outcome_themes(&sources, &mut diags);
    let (mut period, respond) = consultation::response(cfg, &sources.site_path, &sources.site_text, &mut diags);
    let lifecycle =
        lifecycle::lifecycle(cfg, &sources.site_path, &sources.site_text, &mut period, &documents, &mut diags);
    let (questions, question_ids) = questions::questions(&sources.questions, &index, &documents, &mut diags);
    let question_ids = (!failed.data.contains("questions")).then_some(&question_ids);
    let outcome = outcome::outcome(&sources.responses, lifecycle.outcome, question_ids, &index, &documents, &mut diags);
    let accessibility = accessibility::accessibility(cfg, &sources.site_path, &sources.site_text, &mut diags);
    let mut meetings = Vec::with_capacity(raw_meetings.len());
    let mut meeting_cites = Vec::with_capacity(raw_meetings.len());
    for (m, p) in raw_meetings.iter().zip(&meeting_bodies) {
        diags.extend(p.diagnostics.iter().cloned());
        if let Some(meeting) = minutes::meeting(m, Body::clone(&p.body), &index, &mut diags) {
            meetings.push(meeting);
            meeting_cites.push((&p.citations, &*m.text));
        }
    }

    let environment = if memo.is_on() {
        crate::timings::time("model: fingerprint", || index.fingerprint(&documents, &mut |d| memo.numbers(d)))
    } else {
        0
    };
    let doc_marks = crate::timings::time("model: resolve", || {
        memo.resolve_all(&citations, &documents, environment, |i| {
            let d = &documents[i];
            refs::resolve_all(&index, &documents, Some(i), &d.source, &citations[i].citations, texts[d.slug.as_str()])
        })
    });
    let meeting_marks: Vec<_> = meetings
        .iter()
        .zip(&meeting_cites)
        .map(|(m, (cites, text))| refs::resolve_all(&index, &documents, None, &m.source, cites, text))
        .collect();
    drop(index);
    // The parses' own hold on each body goes first, so that without a memo
    // the marks go into the body in place instead of into a copy.
    drop(citations);
    for (d, resolution) in documents.iter_mut().zip(doc_marks) {
        diags.extend(resolution.diagnostics.iter().cloned());
        let parsed = std::mem::take(&mut d.body);
        d.body = memo.resolved(&d.source, parsed, &resolution, apply_marks);
    }
    memo.keep_files(
        sources.documents.iter().map(|d| d.path.as_path()).chain(raw_meetings.iter().map(|m| m.path.as_path())),
    );
    for (m, (marks, ds)) in meetings.iter_mut().zip(meeting_marks) {
        diags.extend(ds);
        apply_marks(&mut m.body, &marks);
    }
    register::reword(&mut recommendations, &documents);

    // With a file missing, the lists need not agree with each other, and
    // links to what it would have made would only be follow-on warnings.
    if !sources.failed.any {
        diags.extend(crate::timings::time("model: links", || check_links(&documents, &meetings, &texts, &sources)));
    }
    // The files as loaded go back to the memo, for the next build to take.
    memo.keep_loaded(sources.documents, sources.meetings);
    if diags.has_errors() || sources.failed.any {
        return Err(diags);
    }
    consultation::link_back(&mut stakeholders, &mut people, &mut meetings, &mut recommendations);
    let site = Site {
        title: cfg.title.clone(),
        summary: cfg.summary.clone(),
        publisher: cfg.publisher.clone(),
        language: cfg.language.clone().unwrap_or_else(|| "en".into()),
        base_url,
        version: cfg.version.clone(),
        documents,
        stakeholders,
        people,
        recommendations,
        meetings,
        outcomes,
        key_dates,
        period,
        respond,
        lifecycle,
        questions,
        outcome,
        accessibility,
        assets: sources.assets,
        theme: sources.theme,
        versions,
    };
    Ok((site, diags))
}

/// Puts resolved citations into a body: their targets, and their labels
/// where the author gave none.
fn apply_marks(body: &mut Body, marks: &[refs::Resolved]) {
    for (event, _, label) in marks {
        if let Some(label) = label {
            refs::set_label(&mut body.events, *event, label);
        }
    }
    body.marks.merge(marks.iter().map(|(event, target, _)| (*event, markdown::Mark::Link(target.clone()))));
}

fn base_url(sources: &Sources, diags: &mut Diagnostics) -> Option<String> {
    let u = sources.site.base_url.as_ref()?;
    let url = u.value.trim();
    if url.starts_with("https://") || url.starts_with("http://") {
        return Some(format!("{}/", url.trim_end_matches('/')));
    }
    let (line, column) = crate::load::yaml::position(u);
    diags.push(
        Diagnostic::error(&sources.site_path, line, column, format!("base_url `{url}` is not a web address"))
            .with_source(&sources.site_text)
            .with_help("write it in full, e.g. `https://example.org/consultation/`"),
    );
    None
}

fn outcome_themes(sources: &Sources, diags: &mut Diagnostics) -> Vec<OutcomeTheme> {
    let oc = &sources.outcomes;
    consultation::index_ids(
        oc.items.iter().map(|t| &t.id),
        "theme",
        &mut FileCheck { path: &oc.path, text: &oc.text, diags },
    );
    oc.items
        .iter()
        .map(|t| OutcomeTheme {
            id: t.id.value.clone(),
            name: t.name.clone(),
            description: t.description.clone(),
            status: t.status.clone(),
            to_be_developed: t.to_be_developed.clone(),
            outcomes: t.outcomes.clone(),
        })
        .collect()
}

/// Local links of every document and meeting note, against the site's pages and files.
fn check_links(
    documents: &[Document],
    meetings: &[Meeting],
    texts: &HashMap<&str, &str>,
    sources: &Sources,
) -> Vec<Diagnostic> {
    let meeting_texts: HashMap<&std::path::Path, &str> =
        sources.meetings.iter().map(|m| (m.path.as_path(), &*m.text)).collect();
    let docs = documents.iter().map(|d| links::Page {
        file: &d.source,
        text: texts[d.slug.as_str()],
        dir: format!("{}/", d.slug),
        body: &d.body,
    });
    let notes = meetings.iter().map(|m| links::Page {
        file: &m.source,
        text: meeting_texts.get(m.source.as_path()).copied().unwrap_or(""),
        dir: format!("meetings/{}/", m.slug),
        body: &m.body,
    });
    let pages: Vec<links::Page> = docs.chain(notes).collect();
    let bodies = documents.iter().map(|d| (d.slug.as_str(), &*d.body)).collect();
    links::check(&pages, &bodies, &sources.assets, &RESERVED)
}

fn kind_rank(kind: DocKind) -> u8 {
    match kind {
        DocKind::Report => 0,
        DocKind::Appendix => 1,
        DocKind::Page => 2,
        DocKind::Outcome => 3,
    }
}
