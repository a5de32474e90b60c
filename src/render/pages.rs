//! Which pages the site has, and the data each template gets.

use super::html::{document_href, Here};
use super::views::{self, Link};
use crate::load::raw::{DocKind, MeetingStatus};
use crate::model::Site;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

/// One page to render.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: Context,
    /// Bytes the page will have, about: its buffer is made that size at
    /// once rather than doubled over and over for a long document.
    pub hint: usize,
}

#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    publisher: Option<&'a str>,
    language: &'a str,
    version: Option<&'a str>,
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
pub(super) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A document's kind as pages and the open data name it.
pub(super) fn kind_name(kind: DocKind) -> &'static str {
    match kind {
        DocKind::Report => "report",
        DocKind::Appendix => "appendix",
        DocKind::Page => "page",
        DocKind::Outcome => "outcome",
    }
}

/// The consultation's own pages that this site has, as (title, path).
fn section_pages(site: &Site) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if !site.recommendations.is_empty() {
        out.push(("Recommendations", "recommendations/index.html"));
    }
    if !site.meetings.is_empty() {
        out.push(("Meetings", "meetings/index.html"));
    }
    if !site.stakeholders.is_empty() {
        out.push(("Stakeholders", "stakeholders/index.html"));
    }
    if !site.people.is_empty() {
        out.push(("People", super::minutes::PEOPLE));
    }
    if !site.outcomes.is_empty() {
        out.push(("Outcomes", "outcomes/index.html"));
    }
    if !site.versions.releases.is_empty() {
        out.push(("Changelog", "changelog/index.html"));
    }
    if super::respond::has_page(site) {
        out.push(("Respond", super::respond::PATH));
    }
    out
}

/// Past this many documents the navigation names only the current one and
/// links to the list on the home page, so a page's size does not grow with
/// the number of documents (which would make a build quadratic).
const NAV_DOCUMENTS: usize = 12;

/// Context every page shares: the site, the way back to the root, navigation.
/// `section` is the path of the navigation entry this page belongs under.
pub(super) fn base_context(
    site: &Site,
    path: &str,
    root: &str,
    current: Option<usize>,
    section: &str,
    title: &str,
) -> Context {
    let mut c = Context::new();
    let here = Here { root, document: current };
    c.insert(
        "site",
        &SiteInfo {
            title: &site.title,
            summary: site.summary.as_deref(),
            publisher: site.publisher.as_deref(),
            language: &site.language,
            version: site.version.as_deref(),
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
    let (mut nav, nav_appendices): (Vec<Link>, Vec<Link>) = if site.documents.len() <= NAV_DOCUMENTS {
        let (appendices, main): (Vec<usize>, Vec<usize>) =
            (0..site.documents.len()).partition(|&i| site.documents[i].kind == DocKind::Appendix);
        (main.into_iter().map(link).collect(), appendices.into_iter().map(link).collect())
    } else {
        let all =
            Link { title: "Documents".into(), href: format!("{root}index.html#documents-heading"), current: false };
        (std::iter::once(all).chain(current.map(link)).collect(), Vec::new())
    };
    let extra = [("Print", super::print::PATH), ("Search", "search/index.html")];
    for (title, p) in section_pages(site).into_iter().chain(extra) {
        nav.push(Link { title: title.into(), href: format!("{root}{p}"), current: section == p });
    }
    c.insert("nav", &nav);
    c.insert("nav_appendices", &nav_appendices);
    c.insert("home_href", &format!("{root}index.html"));
    // The dates go on every page, for the script that marks what has
    // passed (respond links after the close, meetings whose day has gone).
    let period = views::response(site);
    // Once the outcome is published no script decides the stage.
    let dated = (period.opens.is_some() || period.closes.is_some()) && !site.lifecycle.concluded();
    let lifecycle = dated.then(|| Lifecycle {
        opens: period.opens.as_ref().map(|w| w.iso.clone()).unwrap_or_default(),
        closes: period.closes.as_ref().map(|w| w.iso.clone()).unwrap_or_default(),
        closes_words: period.closes.map(|w| w.text).unwrap_or_default(),
    });
    c.insert("lifecycle", &lifecycle);
    c.insert("scripts", &base_scripts(site));
    let staged = !super::lifecycle::events(site).is_empty();
    c.insert("has_feed", &(!site.versions.releases.is_empty() || !site.meetings.is_empty() || staged));
    c
}

/// The scripts every page loads: the one that states what has passed since
/// the site was built, when there are dates for it to watch.
fn base_scripts(site: &Site) -> Vec<&'static str> {
    let dated = (site.period.opens.is_some() || site.period.closes.is_some()) && !site.lifecycle.concluded();
    let scheduled = site.meetings.iter().any(|m| m.status == MeetingStatus::Scheduled);
    if dated || scheduled {
        vec!["assets/status.js"]
    } else {
        vec![]
    }
}

#[derive(Serialize)]
struct Lifecycle {
    opens: String,
    closes: String,
    closes_words: String,
}

fn doc_summary(site: &Site, i: usize, here: Here) -> DocSummary {
    let d = &site.documents[i];
    DocSummary {
        title: d.title.clone(),
        short_title: d.short_title.clone(),
        kind: kind_name(d.kind),
        summary: d.summary.clone(),
        href: document_href(site, i, here),
    }
}

fn summaries(site: &Site, here: Here, kind: DocKind) -> Vec<DocSummary> {
    site.documents.iter().enumerate().filter(|(_, d)| d.kind == kind).map(|(i, _)| doc_summary(site, i, here)).collect()
}

/// A page at `path` that belongs under the navigation entry `section`;
/// `fill` adds the page's own data, given where the page sits.
pub(super) fn page(
    site: &Site,
    path: String,
    template: &'static str,
    section: &str,
    title: &str,
    fill: impl FnOnce(&mut Context, Here),
) -> Page {
    let root = root_of(&path);
    let mut context = base_context(site, &path, &root, None, section, title);
    fill(&mut context, Here { root: &root, document: None });
    Page { path, template, context, hint: 0 }
}

/// Every page of the site with its context, but the documents' own pages
/// ([`document`]), which `render` may reuse from the last build. The groups
/// of pages are made in parallel (the home page and the lists are the
/// largest, and each stands alone), in a fixed order.
pub fn plan(site: &Site) -> Vec<Page> {
    type Group<'a> = Box<dyn Fn() -> Vec<Page> + Send + Sync + 'a>;
    let groups: Vec<Group> = vec![
        Box::new(|| vec![home(site)]),
        Box::new(|| recommendation_pages(site)),
        Box::new(|| meeting_pages(site)),
        Box::new(|| stakeholder_pages(site)),
        Box::new(|| (!site.people.is_empty()).then(|| super::minutes::people_page(site)).into_iter().collect()),
        Box::new(|| outcome_pages(site)),
        Box::new(|| vec![search_page(site)]),
        Box::new(|| super::changes::changelog(site).into_iter().chain(super::respond::respond_page(site)).collect()),
        Box::new(|| {
            // A not-found page may be served at any depth: with a base URL its links
            // are absolute, without one they assume the site root.
            let root404 = site.base_url.clone().unwrap_or_default();
            let c = base_context(site, "404.html", &root404, None, "", "Page not found");
            vec![Page { path: "404.html".into(), template: "404.html", context: c, hint: 0 }]
        }),
    ];
    groups.par_iter().flat_map_iter(|g| g()).collect()
}

fn recommendation_pages(site: &Site) -> Vec<Page> {
    if site.recommendations.is_empty() {
        return Vec::new();
    }
    let path = "recommendations/index.html";
    vec![page(site, path.into(), "recommendations.html", path, "Recommendations", |c, here| {
        let recs: Vec<_> = (0..site.recommendations.len()).map(|i| views::recommendation(site, i, here)).collect();
        c.insert("recommendations", &recs);
    })]
}

fn meeting_pages(site: &Site) -> Vec<Page> {
    if site.meetings.is_empty() {
        return Vec::new();
    }
    let list = "meetings/index.html";
    let mut pages = vec![page(site, list.into(), "meetings.html", list, "Meetings", |c, here| {
        let (held, scheduled): (Vec<usize>, Vec<usize>) =
            (0..site.meetings.len()).partition(|&i| site.meetings[i].status != MeetingStatus::Scheduled);
        let links = |ids: Vec<usize>| ids.into_iter().map(|i| views::meeting_link(site, i, here)).collect::<Vec<_>>();
        c.insert("held", &links(held));
        c.insert("scheduled", &links(scheduled));
    })];
    let each: Vec<Page> = (site.meetings.par_iter().enumerate())
        .map(|(i, m)| {
            let path = format!("meetings/{}/index.html", m.slug);
            page(site, path, "meeting.html", list, &m.title, |c, here| c.insert("m", &views::meeting(site, i, here)))
        })
        .collect();
    pages.extend(each);
    pages
}

fn stakeholder_pages(site: &Site) -> Vec<Page> {
    if site.stakeholders.is_empty() {
        return Vec::new();
    }
    let list = "stakeholders/index.html";
    let mut pages = vec![page(site, list.into(), "stakeholders.html", list, "Stakeholders", |c, here| {
        let all: Vec<_> = (0..site.stakeholders.len()).map(|i| views::stakeholder(site, i, here)).collect();
        c.insert("stakeholders", &all);
    })];
    let each: Vec<Page> = (site.stakeholders.par_iter().enumerate())
        .map(|(i, s)| {
            let path = format!("stakeholders/{}/index.html", s.id);
            page(site, path, "stakeholder.html", list, &s.name, |c, here| {
                c.insert("s", &views::stakeholder(site, i, here))
            })
        })
        .collect();
    pages.extend(each);
    pages
}

fn outcome_pages(site: &Site) -> Vec<Page> {
    if site.outcomes.is_empty() {
        return Vec::new();
    }
    let path = "outcomes/index.html";
    vec![page(site, path.into(), "outcomes.html", path, "Outcomes framework", |c, _| {
        let themes: Vec<ThemeView> = site
            .outcomes
            .iter()
            .map(|t| ThemeView {
                id: &t.id,
                name: &t.name,
                description: t.description.as_deref(),
                status: &t.status,
                to_be_developed: t.to_be_developed.as_deref(),
                outcomes: &t.outcomes,
            })
            .collect();
        c.insert("themes", &themes);
    })]
}

fn search_page(site: &Site) -> Page {
    page(site, "search/index.html".into(), "search.html", "search/index.html", "Search", |c, here| {
        let all: Vec<_> = (0..site.documents.len()).map(|i| doc_summary(site, i, here)).collect();
        c.insert("documents", &all);
        let example = site.documents.iter().find_map(|d| d.body.paragraphs.first()).map(|p| p.number.to_string());
        c.insert("example_number", &example.unwrap_or_else(|| "2.1".into()));
        c.insert("print_href", &format!("{}{}", here.root, super::print::PATH));
        let mut scripts = base_scripts(site);
        scripts.extend([super::search::PATH, "assets/search.js"]);
        c.insert("scripts", &scripts);
    })
}

#[derive(Serialize)]
struct ThemeView<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    status: &'a str,
    to_be_developed: Option<&'a str>,
    outcomes: &'a [crate::load::raw::Outcome],
}

fn home(site: &Site) -> Page {
    let here = Here { root: "", document: None };
    let mut c = base_context(site, "index.html", "", None, "", &site.title);
    c.insert("reports", &summaries(site, here, DocKind::Report));
    c.insert("appendices", &summaries(site, here, DocKind::Appendix));
    c.insert("other_pages", &summaries(site, here, DocKind::Page));
    c.insert("outcome_docs", &summaries(site, here, DocKind::Outcome));
    let recs: Vec<_> = (0..site.recommendations.len()).map(|i| views::recommendation(site, i, here)).collect();
    c.insert("recommendations", &recs);
    let scheduled: Vec<_> = (0..site.meetings.len())
        .filter(|&i| site.meetings[i].status == MeetingStatus::Scheduled)
        .map(|i| views::meeting_link(site, i, here))
        .collect();
    c.insert("scheduled_meetings", &scheduled);
    c.insert("timeline", &views::timeline(site, here));
    c.insert("response", &views::response(site));
    c.insert("stage", &super::lifecycle::stage(site, here));
    c.insert("questions", &super::respond::questions(site, here));
    c.insert("outcome_lead", &super::outcome::lead(site, here));
    c.insert("standing", &super::lifecycle::standing(site, here));
    c.insert("has_meetings", &!site.meetings.is_empty());
    c.insert("version_line", &super::changes::version_line(site));
    Page { path: "index.html".into(), template: "index.html", context: c, hint: 0 }
}

/// The path of document `i`'s page.
pub fn document_path(site: &Site, i: usize) -> String {
    format!("{}/index.html", site.documents[i].slug)
}

/// The page of document `i`: it reads the document's body and, like every
/// page, the rest of the site, but no other document's body. With it, the
/// body as the print page shows it (see [`super::print::body`]).
/// `asked`: the questions about each document's paragraphs ([`super::respond::asked`]).
pub fn document<'a>(site: &'a Site, i: usize, asked: &'a super::respond::Asked<'a>) -> (Page, String) {
    let doc = &site.documents[i];
    let path = document_path(site, i);
    let root = root_of(&path);
    let here = Here { root: &root, document: Some(i) };
    let mut c = base_context(site, &path, &root, Some(i), "", &doc.title);
    // The marker is where a later pass says "was 2.1.3 in version 1" (crate::archive).
    let after = super::respond::AfterParagraphs::new(site, i, asked);
    let (body, plain) = super::html::body_and_plain(site, &doc.body, here, &|p| {
        let marker = crate::archive::paragraph_marker(&doc.body.paragraphs[p].id);
        let notes = after.question_notes(p, here);
        format!("{marker}{}{notes}", after.respond(p))
    });
    // The print page is as deep as a document's: the same links serve both.
    debug_assert_eq!(root, root_of(super::print::PATH));
    let outcome = (doc.kind == DocKind::Outcome).then(|| super::outcome::view(site, here)).flatten();
    c.insert("outcome", &outcome);
    let hint = body.len() + 16 * 1024;
    c.insert("body", &body);
    c.insert("doc", &doc_summary(site, i, here));
    let toc: Vec<TocEntry> = doc
        .body
        .headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .map(|h| TocEntry { level: h.level, id: h.id.clone(), text: h.text.clone() })
        .collect();
    let mut toc = toc;
    if let Some(o) = &outcome {
        toc.extend(super::outcome::toc(o).map(|(id, text)| TocEntry { level: 2, id: id.into(), text: text.into() }));
    }
    c.insert("toc", &toc);
    let neighbour = |j: usize| Link {
        title: site.documents[j].short_title.clone(),
        href: document_href(site, j, here),
        current: false,
    };
    c.insert("previous", &i.checked_sub(1).map(neighbour));
    c.insert("next", &(i + 1 < site.documents.len()).then(|| neighbour(i + 1)));
    (Page { path, template: "document.html", context: c, hint }, plain)
}
