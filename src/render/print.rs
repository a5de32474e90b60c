//! The whole consultation on one page for printing (`print/index.html`):
//! every document in reading order, then the recommendations and meetings.
//!
//! Each document's ids are prefixed with its slug (`report-para-2.1.3`),
//! since `para-1.1` exists in more than one document, and links between the
//! parts of the page are turned into links within it.

use super::html::{body_to_html, Here};
use super::pages::{page, Page};
use super::views;
use crate::model::Site;
use rayon::prelude::*;
use serde::Serialize;

/// Where the print page is.
pub const PATH: &str = "print/index.html";

#[derive(Serialize)]
struct PrintDoc<'a> {
    slug: &'a str,
    title: &'a str,
    short_title: &'a str,
    body: String,
    /// The outcome's data, for the document of kind `outcome`.
    outcome: Option<super::outcome::OutcomeView>,
}

/// The print page, before its links are made local (see [`localise`]).
pub fn print_page(site: &Site) -> Page {
    let mut hint = 64 * 1024;
    let mut page = page(site, PATH.into(), "print.html", "", "The whole consultation", |c, here| {
        // Every body rendered again, with ids of its own: on all cores.
        let docs: Vec<PrintDoc> = site
            .documents
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let here = Here { document: Some(i), ..here };
                let body = body_to_html(site, &d.body, here, &|_| String::new());
                PrintDoc {
                    slug: &d.slug,
                    title: &d.title,
                    short_title: &d.short_title,
                    body: prefix_ids(&body, &d.slug),
                    outcome: (site.lifecycle.outcome == Some(i)).then(|| super::outcome::view(site, here)).flatten(),
                }
            })
            .collect();
        hint += docs.iter().map(|d| d.body.len() + 1024).sum::<usize>();
        c.insert("documents", &docs);
        let recs: Vec<_> = (0..site.recommendations.len()).map(|i| views::recommendation(site, i, here)).collect();
        c.insert("recommendations", &recs);
        let meetings: Vec<_> = (0..site.meetings.len())
            .map(|i| {
                let mut m = views::meeting(site, i, here);
                m.notes = prefix_ids(&m.notes, &format!("meeting-{}", site.meetings[i].slug));
                m
            })
            .collect();
        hint += meetings.iter().map(|m| m.notes.len() + 1024).sum::<usize>();
        c.insert("meetings", &meetings);
    });
    page.hint = hint;
    page
}

/// Prefixes every id in `html`, and every link to one of them, with `prefix-`.
fn prefix_ids(html: &str, prefix: &str) -> String {
    // Where each pattern ends, both found in one linear pass each, then merged.
    let mut ends: Vec<usize> = [" id=\"", " href=\"#"]
        .iter()
        .flat_map(|p| memchr::memmem::find_iter(html.as_bytes(), p).map(move |at| at + p.len()))
        .collect();
    ends.sort_unstable();
    let mut out = String::with_capacity(html.len() + ends.len() * (prefix.len() + 1));
    let mut from = 0;
    for end in ends {
        out.push_str(&html[from..end]);
        out.push_str(prefix);
        out.push('-');
        from = end;
    }
    out.push_str(&html[from..]);
    out
}

/// Turns links from the print page's main content to the documents it
/// holds into links within the page: `../report/index.html#para-2.1` →
/// `#report-para-2.1`, `../report/index.html` → `#report`. One pass over the
/// page, so the work grows with the page, not with pages × documents.
pub fn localise(site: &Site, page: &str) -> String {
    let (Some(start), Some(end)) = (page.find("<main"), page.rfind("</main>")) else { return page.to_string() };
    let slugs: std::collections::HashSet<&str> = site.documents.iter().map(|d| d.slug.as_str()).collect();
    const LINK: &str = " href=\"../";
    let main = &page[start..end];
    let mut out = String::with_capacity(page.len());
    out.push_str(&page[..start]);
    let mut rest = main;
    let finder = memchr::memmem::Finder::new(LINK);
    while let Some(at) = finder.find(rest.as_bytes()) {
        out.push_str(&rest[..at]);
        let after = &rest[at + LINK.len()..];
        let local =
            after.split_once("/index.html").filter(|(slug, _)| slugs.contains(slug)).and_then(|(slug, tail)| {
                if let Some(t) = tail.strip_prefix('#') {
                    Some((format!(" href=\"#{slug}-"), t))
                } else if tail.starts_with('"') {
                    Some((format!(" href=\"#{slug}"), tail))
                } else {
                    None
                }
            });
        match local {
            Some((head, tail)) => {
                out.push_str(&head);
                rest = tail;
            }
            None => {
                out.push_str(LINK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.push_str(&page[end..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefixes_ids_and_their_links() {
        let html = r##"<p id="para-1.1"><a href="#para-1.1">1.1</a> <a href="../other/index.html#x">x</a></p>"##;
        assert_eq!(
            super::prefix_ids(html, "report"),
            r##"<p id="report-para-1.1"><a href="#report-para-1.1">1.1</a> <a href="../other/index.html#x">x</a></p>"##
        );
    }
}
