//! The lifecycle in `consultation.json`: the extension, when the outcome is
//! due and was published (GOV.UK's `final_outcome_publication_date`), the
//! questions, and the outcome's data, theme by theme. Links are relative to
//! the file, like the rest of it.

use super::html::{target_href, Here};
use super::views::target_label;
use crate::model::{Site, Target};
use serde::Serialize;

/// The `lifecycle` object.
#[derive(Serialize)]
pub struct Lifecycle<'a> {
    /// Whether the outcome is published; before it, the stage is the
    /// reader's clock against the dates.
    concluded: bool,
    extension: Option<Extension<'a>>,
    outcome_due_date: Option<String>,
    final_outcome_publication_date: Option<String>,
    questions: Vec<Question<'a>>,
    outcome: Option<Outcome<'a>>,
}

#[derive(Serialize)]
struct Extension<'a> {
    /// The closing date before the extension; `closing_date` is the new one.
    original_closing_date: String,
    reason: &'a str,
}

#[derive(Serialize)]
struct Link {
    label: String,
    url: String,
}

#[derive(Serialize)]
struct Question<'a> {
    id: &'a str,
    number: usize,
    text: &'a str,
    note: Option<&'a str>,
    about: Vec<Link>,
    url: String,
}

#[derive(Serialize)]
struct ByType<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    count: u64,
}

#[derive(Serialize)]
struct Change<'a> {
    version: &'a str,
    paragraph: Link,
    redline_url: String,
}

#[derive(Serialize)]
struct Theme<'a> {
    id: &'a str,
    title: &'a str,
    you_said: &'a str,
    questions: Vec<&'a str>,
    paragraphs: Vec<Link>,
    we_did: Option<&'a str>,
    changes: Vec<Change<'a>>,
    no_change: Option<&'a str>,
}

#[derive(Serialize)]
struct Outcome<'a> {
    /// The outcome document, when there is one.
    url: Option<String>,
    responses_received: u64,
    responses_by_type: Vec<ByType<'a>>,
    themes: Vec<Theme<'a>>,
}

/// The lifecycle of `site`, for `consultation.json` at the site root.
pub fn lifecycle(site: &Site) -> Lifecycle<'_> {
    let here = Here { root: "", document: None };
    let link = |t: &Target| Link { label: target_label(site, t), url: target_href(site, t, here) };
    let l = &site.lifecycle;
    let instant = |d: &crate::model::dates::Date| super::views::period_when(site, d, true).iso;
    let questions = site
        .questions
        .iter()
        .map(|q| Question {
            id: &q.id,
            number: q.number,
            text: &q.text,
            note: q.note.as_deref(),
            about: q.about.iter().map(link).collect(),
            url: format!("{}#question-{}", super::respond::PATH, q.id),
        })
        .collect();
    let outcome = site.outcome.as_ref().map(|o| Outcome {
        url: l.outcome.map(|d| target_href(site, &Target::Document(d), here)),
        responses_received: o.total,
        responses_by_type: o.by_type.iter().map(|(kind, count)| ByType { kind, count: *count }).collect(),
        themes: o
            .themes
            .iter()
            .map(|t| {
                let (we_did, changes, no_change) = t.action.parts();
                let changes = changes
                    .iter()
                    .map(|c| Change {
                        version: &c.version,
                        paragraph: link(&c.paragraph),
                        redline_url: super::outcome::change_href(site, c, here),
                    })
                    .collect();
                Theme {
                    id: &t.id,
                    title: &t.title,
                    you_said: &t.you_said,
                    questions: t.questions.iter().map(|&q| site.questions[q].id.as_str()).collect(),
                    paragraphs: t.paragraphs.iter().map(link).collect(),
                    we_did,
                    changes,
                    no_change,
                }
            })
            .collect(),
    });
    Lifecycle {
        concluded: l.concluded(),
        extension: l
            .extension
            .as_ref()
            .map(|e| Extension { original_closing_date: instant(&e.was), reason: &e.reason }),
        outcome_due_date: l.outcome_due.as_ref().map(|d| d.iso()),
        final_outcome_publication_date: l.outcome_published.as_ref().map(|d| d.iso()),
        questions,
        outcome,
    }
}
