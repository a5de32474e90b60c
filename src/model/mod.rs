//! model: [`Sources`] → the checked, cross-linked [`Site`]. Every reference
//! is resolved here; a `Site` exists only when there are no errors.

pub mod markdown;
pub mod numbers;
mod refs;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::raw::{DocKind, Numbering};
use crate::load::{Sources, ThemeFiles};
use markdown::{Body, Citation};
use numbers::Number;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// What a citation points at, resolved to indexes into the [`Site`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A numbered paragraph: document index and number.
    Paragraph(usize, Number),
    /// A numbered section heading: document index and number.
    Section(usize, Number),
    /// A whole document.
    Document(usize),
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
    pub body: Body,
}

/// The site, checked and ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub summary: Option<String>,
    pub publisher: Option<String>,
    pub language: String,
    pub base_url: Option<String>,
    /// Documents in reading order: reports, appendices, pages.
    pub documents: Vec<Document>,
    pub assets: BTreeMap<String, Vec<u8>>,
    pub theme: ThemeFiles,
}

impl Site {
    /// The document with this slug.
    pub fn document(&self, slug: &str) -> Option<usize> {
        self.documents.iter().position(|d| d.slug == slug)
    }
}

/// Slugs the generator uses for its own pages; a document may not take them.
pub const RESERVED: [&str; 14] = [
    "404",
    "assets",
    "changelog",
    "changes",
    "feed",
    "index",
    "meetings",
    "outcomes",
    "print",
    "recommendations",
    "search",
    "sitemap",
    "stakeholders",
    "versions",
];

/// Builds the [`Site`] from what was loaded. Warnings come back beside the
/// site; errors instead of it.
pub fn build(sources: Sources) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let cfg = &sources.site;
    let base_url = cfg.base_url.as_ref().and_then(|u| {
        let url = u.value.trim();
        if url.starts_with("https://") || url.starts_with("http://") {
            Some(format!("{}/", url.trim_end_matches('/')))
        } else {
            let (line, column) = crate::load::yaml::position(u);
            diags.push(
                Diagnostic::error(&sources.site_path, line, column, format!("base_url `{url}` is not a web address"))
                    .with_source(&sources.site_text)
                    .with_help("write it in full, e.g. `https://example.org/consultation/`"),
            );
            None
        }
    });

    // Parse every document's Markdown in parallel; each is independent.
    let parsed: Vec<(Document, Vec<Citation>, Vec<Diagnostic>)> = sources
        .documents
        .par_iter()
        .map(|d| {
            let (body, cites, ds) = markdown::parse(&d.path, &d.text, d.body_offset, d.front.numbering, true);
            let short_title = d.front.short_title.clone().unwrap_or_else(|| d.front.title.clone());
            let doc = Document {
                slug: d.slug.clone(),
                title: d.front.title.clone(),
                short_title,
                kind: d.front.kind,
                summary: d.front.summary.clone(),
                numbering: d.front.numbering,
                source: d.path.clone(),
                body,
            };
            (doc, cites, ds)
        })
        .collect();

    let order: HashMap<&str, Option<i64>> =
        sources.documents.iter().map(|d| (d.slug.as_str(), d.front.order)).collect();
    let mut parsed = parsed;
    parsed.sort_by(|a, b| {
        let key = |d: &Document| (order[d.slug.as_str()].unwrap_or(i64::MAX), kind_rank(d.kind), d.slug.clone());
        key(&a.0).cmp(&key(&b.0))
    });
    let mut documents = Vec::with_capacity(parsed.len());
    let mut citations = Vec::with_capacity(parsed.len());
    for (doc, cites, ds) in parsed {
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
        diags.extend(ds);
        documents.push(doc);
        citations.push(cites);
    }
    if documents.is_empty() {
        diags.push(
            Diagnostic::error("content", 0, 0, "no documents")
                .with_help("add a Markdown file such as content/report.md"),
        );
    }

    let texts: HashMap<&str, &str> = sources.documents.iter().map(|d| (d.slug.as_str(), d.text.as_str())).collect();
    let index = refs::Index::new(&documents);
    let resolved: Vec<_> = citations
        .iter()
        .enumerate()
        .map(|(i, cites)| refs::resolve_all(&index, &documents, i, cites, texts[documents[i].slug.as_str()]))
        .collect();
    for (doc, (marks, ds)) in documents.iter_mut().zip(resolved) {
        diags.extend(ds);
        for (event, target, label) in marks {
            if let Some(label) = label {
                refs::set_label(&mut doc.body.events, event, label);
            }
            doc.body.marks.insert(event, markdown::Mark::Link(target));
        }
    }

    if diags.has_errors() {
        return Err(diags);
    }
    let site = Site {
        title: cfg.title.clone(),
        summary: cfg.summary.clone(),
        publisher: cfg.publisher.clone(),
        language: cfg.language.clone().unwrap_or_else(|| "en".into()),
        base_url,
        documents,
        assets: sources.assets,
        theme: sources.theme,
    };
    Ok((site, diags))
}

fn kind_rank(kind: DocKind) -> u8 {
    match kind {
        DocKind::Report => 0,
        DocKind::Appendix => 1,
        DocKind::Page => 2,
    }
}
