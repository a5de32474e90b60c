//! Citations: `[[2.1.8]]`, `[[report#2.1.8]]`, `[[appendix-1]]`, resolved
//! against every document, with "did you mean" help when they miss.

use super::markdown::Citation;
use super::numbers::Number;
use super::{Document, Target};
use crate::diagnostic::{suggest, Diagnostic};
use pulldown_cmark::{CowStr, Event, TagEnd};
use std::collections::HashMap;

/// Lookup tables built once, so resolving is linear in the citations.
pub struct Index<'a> {
    slugs: HashMap<&'a str, usize>,
}

impl<'a> Index<'a> {
    pub fn new(documents: &'a [Document]) -> Self {
        Index { slugs: documents.iter().enumerate().map(|(i, d)| (d.slug.as_str(), i)).collect() }
    }
}

/// A resolved citation: event index, target, and the label to show when the
/// author gave none.
pub type Resolved = (usize, Target, Option<String>);

/// Resolves the citations of document `from`.
pub fn resolve_all(
    index: &Index,
    documents: &[Document],
    from: usize,
    cites: &[Citation],
    text: &str,
) -> (Vec<Resolved>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for c in cites {
        match resolve(index, documents, from, &c.target) {
            Ok((target, label)) => out.push((c.event, target, (!c.has_label).then_some(label))),
            Err((message, help)) => {
                let mut d = Diagnostic::error(&documents[from].source, c.line, c.column, message).with_source(text);
                if let Some(h) = help {
                    d = d.with_help(h);
                }
                diags.push(d);
            }
        }
    }
    (out, diags)
}

type Miss = (String, Option<String>);

fn resolve(index: &Index, documents: &[Document], from: usize, target: &str) -> Result<(Target, String), Miss> {
    let (doc, number) = match target.split_once('#') {
        Some((slug, n)) => (find_doc(index, documents, slug)?, Some(n.trim())),
        None if target.starts_with(|c: char| c.is_ascii_digit()) => (from, Some(target)),
        None => (find_doc(index, documents, target)?, None),
    };
    let d = &documents[doc];
    let Some(written) = number else {
        return Ok((Target::Document(doc), d.title.clone()));
    };
    let prefix = if doc == from { String::new() } else { format!("{}, ", d.short_title) };
    let written = written.strip_prefix("section-").or_else(|| written.strip_prefix("para-")).unwrap_or(written);
    let parsed = Number::parse(written.trim_end_matches('.'));
    if let Some(n) = &parsed {
        if d.body.paragraph(n).is_some() {
            return Ok((Target::Paragraph(doc, n.clone()), format!("{prefix}paragraph {n}")));
        }
        if d.body.headings.iter().any(|h| h.number.as_ref() == Some(n)) {
            return Ok((Target::Section(doc, n.clone()), format!("{prefix}section {n}")));
        }
    }
    let known: Vec<String> = d.body.paragraphs.iter().map(|p| p.number.to_string()).collect();
    let help = suggest(written, known.iter().map(String::as_str));
    let whose = if doc == from { "this document".to_string() } else { format!("`{}`", d.slug) };
    Err((format!("citation of paragraph {written}, which is not in {whose}"), help))
}

fn find_doc(index: &Index, documents: &[Document], slug: &str) -> Result<usize, Miss> {
    let slug = slug.trim();
    index.slugs.get(slug).copied().ok_or_else(|| {
        let help = suggest(slug, documents.iter().map(|d| d.slug.as_str()));
        (format!("citation of document `{slug}`, which does not exist"), help)
    })
}

/// Replaces the text inside the link starting at `start` with `label`.
pub fn set_label(events: &mut [Event<'static>], start: usize, label: String) {
    let mut label = Some(label);
    for e in events[start + 1..].iter_mut() {
        match e {
            Event::End(TagEnd::Link) => break,
            _ => {
                *e = Event::Text(CowStr::from(label.take().unwrap_or_default()));
            }
        }
    }
}
