//! Which pages the site has, and the data each template gets.

use super::html::{body_to_html, document_href, Here};
use crate::load::raw::DocKind;
use crate::model::Site;
use serde::Serialize;
use tera::Context;

/// One page to render.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: Context,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    publisher: Option<&'a str>,
    language: &'a str,
}

#[derive(Serialize)]
struct Link {
    title: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct DocSummary {
    title: String,
    short_title: String,
    kind: &'static str,
    summary: Option<String>,
    href: String,
}

#[derive(Serialize)]
struct TocEntry {
    level: u8,
    id: String,
    text: String,
}

/// "../" once per folder in `path`.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn kind_name(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Report => "report",
        DocKind::Appendix => "appendix",
        DocKind::Page => "page",
    }
}

/// Context every page shares: the site, the way back to the root, navigation.
fn base_context(site: &Site, path: &str, root: &str, current: Option<usize>, title: &str) -> Context {
    let mut c = Context::new();
    let here = Here { root, document: current };
    c.insert(
        "site",
        &SiteInfo {
            title: &site.title,
            summary: site.summary.as_deref(),
            publisher: site.publisher.as_deref(),
            language: &site.language,
        },
    );
    c.insert("root", root);
    c.insert("page_title", title);
    c.insert("is_home", &(path == "index.html"));
    c.insert(
        "canonical",
        &site.base_url.as_ref().map(|b| format!("{b}{}", path.strip_suffix("index.html").unwrap_or(path))),
    );
    let link = |i: usize| Link {
        title: site.documents[i].short_title.clone(),
        href: document_href(site, i, here),
        current: current == Some(i),
    };
    let (appendices, main): (Vec<usize>, Vec<usize>) =
        (0..site.documents.len()).partition(|&i| site.documents[i].kind == DocKind::Appendix);
    c.insert("nav", &main.into_iter().map(link).collect::<Vec<_>>());
    c.insert("nav_appendices", &appendices.into_iter().map(link).collect::<Vec<_>>());
    c.insert("home_href", &format!("{root}index.html"));
    c
}

fn summaries(site: &Site, here: Here, kind: DocKind) -> Vec<DocSummary> {
    site.documents
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == kind)
        .map(|(i, d)| DocSummary {
            title: d.title.clone(),
            short_title: d.short_title.clone(),
            kind: kind_name(d.kind),
            summary: d.summary.clone(),
            href: document_href(site, i, here),
        })
        .collect()
}

/// Every page of the site with its context.
pub fn plan(site: &Site) -> Vec<Page> {
    let mut pages = Vec::with_capacity(site.documents.len() + 8);

    let here = Here { root: "", document: None };
    let mut home = base_context(site, "index.html", "", None, &site.title);
    home.insert("reports", &summaries(site, here, DocKind::Report));
    home.insert("appendices", &summaries(site, here, DocKind::Appendix));
    home.insert("other_pages", &summaries(site, here, DocKind::Page));
    pages.push(Page { path: "index.html".into(), template: "index.html", context: home });

    for (i, doc) in site.documents.iter().enumerate() {
        let path = format!("{}/index.html", doc.slug);
        let root = root_of(&path);
        let here = Here { root: &root, document: Some(i) };
        let mut c = base_context(site, &path, &root, Some(i), &doc.title);
        let body = body_to_html(site, &doc.body, here, &|_| String::new());
        c.insert("body", &body);
        c.insert(
            "doc",
            &DocSummary {
                title: doc.title.clone(),
                short_title: doc.short_title.clone(),
                kind: kind_name(doc.kind),
                summary: doc.summary.clone(),
                href: document_href(site, i, here),
            },
        );
        let toc: Vec<TocEntry> = doc
            .body
            .headings
            .iter()
            .filter(|h| h.level == 2 || h.level == 3)
            .map(|h| TocEntry { level: h.level, id: h.id.clone(), text: h.text.clone() })
            .collect();
        c.insert("toc", &toc);
        let neighbour = |j: usize| Link {
            title: site.documents[j].short_title.clone(),
            href: document_href(site, j, here),
            current: false,
        };
        c.insert("previous", &i.checked_sub(1).map(neighbour));
        c.insert("next", &(i + 1 < site.documents.len()).then(|| neighbour(i + 1)));
        pages.push(Page { path, template: "document.html", context: c });
    }

    // A not-found page may be served at any depth: with a base URL its links
    // are absolute, without one they assume the site root.
    let root404 = site.base_url.clone().unwrap_or_default();
    let c = base_context(site, "404.html", &root404, None, "Page not found");
    pages.push(Page { path: "404.html".into(), template: "404.html", context: c });
    pages
}
