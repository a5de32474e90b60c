//! The outcome's data (`content/data/responses.yaml`): how many responses
//! came in, and theme by theme what they said and what was done. Questions
//! and paragraphs are checked here; that a changed paragraph really changed
//! in the version named is checked against that version's redline, once the
//! versions are compared (`crate::archive::outcome`).

use super::consultation::{self, FileCheck};
use super::refs::Index;
use super::versions::VersionNumber;
use super::{Document, Target};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::raw_lifecycle as raw;
use crate::load::yaml::{position, Spanned};
use crate::load::DataFile;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The responses received and what came of them.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub total: u64,
    /// (type of respondent, count), as written.
    pub by_type: Vec<(String, u64)>,
    pub themes: Vec<Theme>,
    /// The data file and its text, for diagnostics found later.
    pub file: PathBuf,
    pub text: Arc<str>,
}

/// A theme of the responses: you said → we did.
#[derive(Debug, Clone)]
pub struct Theme {
    pub id: String,
    pub title: String,
    pub you_said: String,
    /// Indexes into `Site::questions`.
    pub questions: Vec<usize>,
    pub paragraphs: Vec<Target>,
    pub action: Action,
}

/// What was done about a theme.
#[derive(Debug, Clone)]
pub enum Action {
    Changed { we_did: String, changes: Vec<Change> },
    NoChange { reason: String },
}

impl Action {
    /// What was done, the paragraphs changed, and why nothing was: the
    /// shape every view of a theme takes.
    pub fn parts(&self) -> (Option<&str>, &[Change], Option<&str>) {
        match self {
            Action::Changed { we_did, changes } => (Some(we_did), changes, None),
            Action::NoChange { reason } => (None, &[], Some(reason)),
        }
    }
}

/// A paragraph changed in a version because of a theme.
#[derive(Debug, Clone)]
pub struct Change {
    pub version: String,
    /// Always a `Target::Paragraph`.
    pub paragraph: Target,
    /// Where the `paragraph:` value is written: line and column.
    pub at: (usize, usize),
}

/// Reads the outcome's data; `outcome` is the document of kind `outcome`.
pub fn outcome(
    file: &DataFile<raw::Responses>,
    outcome: Option<usize>,
    questions: Option<&BTreeMap<String, usize>>,
    index: &Index,
    documents: &[Document],
    diags: &mut Diagnostics,
) -> Option<Outcome> {
    let r = file.items.first()?;
    if outcome.is_none() {
        diags.push(
            Diagnostic::error(
                &file.path,
                1,
                1,
                "responses.yaml describes an outcome, but no document has `kind: outcome`",
            )
            .with_help("publish the outcome as a Markdown document with `kind: outcome` in its front matter"),
        );
    }
    let mut check = FileCheck { path: &file.path, text: &file.text, diags };
    consultation::index_ids(r.themes.iter().map(|t| &t.id), "theme", &mut check);
    let total = r.received.total.value;
    let by_type: Vec<(String, u64)> = r.received.by_type.iter().map(|b| (b.kind.trim().to_string(), b.count)).collect();
    let sum: u64 = by_type.iter().map(|b| b.1).sum();
    if sum > total {
        check.error(
            &r.received.total,
            format!("{total} responses in all, but the types add up to {sum}"),
            Some("`total` counts every response; the types may leave some out, not add more".into()),
        );
    }
    let themes = r.themes.iter().filter_map(|t| theme(t, questions, index, documents, &mut check)).collect();
    Some(Outcome { total, by_type, themes, file: file.path.clone(), text: file.text.as_str().into() })
}

fn theme(
    t: &raw::Theme,
    questions: Option<&BTreeMap<String, usize>>,
    index: &Index,
    documents: &[Document],
    check: &mut FileCheck,
) -> Option<Theme> {
    let qs = t
        .questions
        .iter()
        .filter_map(|q| {
            let id = q.value.trim();
            // Without questions.yaml (it failed to load) an id is no second error.
            let questions = questions?;
            questions.get(id).copied().or_else(|| {
                let help = crate::diagnostic::suggest(id, questions.keys().map(String::as_str));
                check.error(q, format!("unknown question `{id}`"), help);
                None
            })
        })
        .collect();
    let paragraphs = t.paragraphs.iter().filter_map(|p| check.reference(p, index, documents)).collect();
    let text = |s: &Option<Spanned<String>>| s.as_ref().map(|v| v.value.trim().to_string()).filter(|v| !v.is_empty());
    let action = match (text(&t.we_did), t.changed.is_empty(), &t.no_change) {
        (Some(we_did), false, None) => {
            let changes = t.changed.iter().filter_map(|c| change(c, index, documents, check)).collect();
            Action::Changed { we_did, changes }
        }
        (None, true, Some(reason)) if !reason.value.trim().is_empty() => {
            Action::NoChange { reason: reason.value.trim().to_string() }
        }
        (_, _, Some(n)) if text(&t.we_did).is_some() || !t.changed.is_empty() => {
            check.error(
                n,
                "a theme says what changed (`we_did`, `changed`) or why nothing did (`no_change`), not both".into(),
                None,
            );
            return None;
        }
        (_, _, Some(n)) => {
            check.error(n, "`no_change` needs the reason nothing changed".into(), None);
            return None;
        }
        (Some(_), true, None) => {
            let at = t.we_did.as_ref().unwrap_or(&t.id);
            check.error(
                at,
                "say which paragraphs changed: `changed:` with a `version` and a `paragraph` each".into(),
                Some("or, if the text did not change, write `no_change:` with the reason".into()),
            );
            return None;
        }
        (None, false, None) => {
            check.error(&t.id, format!("theme `{}` has `changed` but no `we_did`", t.id.value), None);
            return None;
        }
        (None, true, None) => {
            check.error(
                &t.id,
                format!("theme `{}` says neither what was done nor why nothing changed", t.id.value),
                Some("add `we_did:` and `changed:`, or `no_change:` with the reason".into()),
            );
            return None;
        }
    };
    Some(Theme {
        id: t.id.value.clone(),
        title: t.title.trim().to_string(),
        you_said: t.you_said.trim().to_string(),
        questions: qs,
        paragraphs,
        action,
    })
}

fn change(c: &raw::Changed, index: &Index, documents: &[Document], check: &mut FileCheck) -> Option<Change> {
    let version = match VersionNumber::parse(c.version.value.trim()) {
        Ok(v) => Some(v.text),
        Err(e) => {
            check.error(&c.version, e, None);
            None
        }
    };
    let paragraph = match check.reference(&c.paragraph, index, documents) {
        Some(t @ Target::Paragraph(..)) => Some(t),
        Some(_) => {
            check.error(
                &c.paragraph,
                format!("`{}` is not a numbered paragraph", c.paragraph.value.trim()),
                Some("name the paragraph that changed, such as `report#2.1.3`".into()),
            );
            None
        }
        None => None,
    };
    Some(Change { version: version?, paragraph: paragraph?, at: position(&c.paragraph) })
}
