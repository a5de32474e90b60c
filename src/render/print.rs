//! The whole consultation on one page for printing (`print/index.html`):
//! every document in reading order, then the recommendations and meetings.
//!
//! Each document's ids are prefixed with its slug (`report-para-2.1.3`),
//! since `para-1.1` exists in more than one document, and links between the
//! parts of the page are turned into links within it.

use super::html::{body_to_html, Here};
use super::pages::{page, Page};
use super::splice::{Placeholders, Spliced};
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

/// The print page as rendered, before [`finish`]: each document's body is
/// a placeholder in its context, so the template copies a line, not the
/// body, and the bodies (made on all cores with their links already local)
/// go into the page once, by [`finish`].
pub struct Print {
    pub page: Page,
    bodies: Vec<std::sync::Arc<str>>,
    marks: Placeholders,
}

impl Print {
    /// The page `localised` (what the template made of [`outline`], its
    /// links made local) with each document's body made by `body(i)` as
    /// the page is written, in order (see [`Spliced`]): a build makes each
    /// document's page there, and its body goes in as soon as it is made.
    pub fn streamed<'a>(
        self,
        site: &Site,
        localised: String,
        body: impl Fn(usize) -> Vec<u8> + Sync + Send + 'a,
    ) -> Spliced<'a> {
        Spliced::new(localised.into_bytes(), site.documents.len(), body, self.marks, "")
    }
}

/// Document `i`'s body as the print page shows it, from `plain`, the body
/// as its own page shows it without the respond links (see
/// `html::body_and_plain`): its ids prefixed, its links to the other
/// documents made links within the print page.
/// `slugs`: the documents' slugs ([`slugs`]).
pub fn body(site: &Site, i: usize, plain: &str, slugs: &Slugs) -> String {
    let prefixed = prefix_ids(plain, &site.documents[i].slug);
    let mut local = String::with_capacity(prefixed.len());
    localise_links(&mut local, &prefixed, slugs);
    local
}

/// The documents' slugs, to tell a link to one.
pub type Slugs<'a> = std::collections::HashSet<&'a str>;

/// The print page, before its links are made local (see [`finish`]), from
/// each document's body as [`body`] made it when its page was made (those
/// missing are made here).
pub fn print_page(site: &Site, made: &[Option<std::sync::Arc<str>>]) -> Print {
    let slugs = slugs(site);
    let root = super::pages::root_of(PATH);
    let bodies = (0..site.documents.len())
        .into_par_iter()
        .map(|i| match made.get(i).cloned().flatten() {
            Some(b) => b,
            None => {
                let here = Here { root: &root, document: Some(i) };
                let plain = body_to_html(site, &site.documents[i].body, here, &|_| String::new());
                body(site, i, &plain, &slugs).into()
            }
        })
        .collect();
    Print { bodies, ..outline(site) }
}

/// The print page with a placeholder for each document's body and none
/// of the bodies yet.
pub fn outline(site: &Site) -> Print {
    let mut hint = 64 * 1024;
    let marks = Placeholders::new("print");
    let mut page = page(site, PATH.into(), "print.html", "", "The whole consultation", |c, here| {
        let docs: Vec<PrintDoc> = (site.documents.iter().enumerate())
            .map(|(i, d)| PrintDoc {
                slug: &d.slug,
                title: &d.title,
                short_title: &d.short_title,
                body: marks.of(i),
                outcome: (site.lifecycle.outcome == Some(i)).then(|| super::outcome::view(site, here)).flatten(),
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
    Print { page, bodies: Vec::new(), marks }
}

/// The print page in its parts: `localised`, what its template made with
/// its links made local ([`localise`]), and each document's body at its
/// placeholder. The bodies are never copied into one page.
pub fn parts<'a>(print: &'a Print, localised: &'a str) -> Vec<&'a [u8]> {
    let bodies: Vec<&[u8]> = print.bodies.iter().map(|b| b.as_bytes()).collect();
    print.marks.parts(localised.as_bytes(), &bodies, "")
}

pub fn slugs(site: &Site) -> Slugs<'_> {
    site.documents.iter().map(|d| d.slug.as_str()).collect()
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
    let mut out = String::with_capacity(page.len());
    out.push_str(&page[..start]);
    localise_links(&mut out, &page[start..end], &slugs(site));
    out.push_str(&page[end..]);
    out
}

/// [`localise`] for `text`, all of it, written to `out`.
fn localise_links(out: &mut String, text: &str, slugs: &Slugs) {
    const LINK: &str = " href=\"../";
    let mut rest = text;
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
