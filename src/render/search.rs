//! The search index: every numbered paragraph and heading of every document,
//! plus the titles of meetings and recommendations, written as a script
//! (`search/index.js`) rather than JSON, because a page opened from disk may
//! not `fetch` a file but may load a script.
//!
//! Kept compact on purpose: documents are named once in `d`, and each entry
//! of `i` is `[document, id, number, text]`, so the index stays close to the
//! size of the text it holds.

use super::html::target_href;
use crate::model::{Site, Target};
use serde::Serialize;

/// Where the index is written, beside the search page.
pub const PATH: &str = "search/index.js";

#[derive(Serialize)]
struct Index<'a> {
    /// Places entries belong to: [title, href from the site root].
    d: Vec<(&'a str, String)>,
    /// Entries: [place, fragment id (or ""), paragraph number (or ""), text].
    i: Vec<(usize, String, String, std::borrow::Cow<'a, str>)>,
}

/// The search index of `site` as a script that sets `window.consultSearch`.
pub fn index_js(site: &Site) -> String {
    let here = super::html::Here { root: "", document: None };
    let mut index = Index { d: Vec::new(), i: Vec::new() };
    for (di, doc) in site.documents.iter().enumerate() {
        index.d.push((&doc.short_title, target_href(site, &Target::Document(di), here)));
        let place = index.d.len() - 1;
        // Headings and paragraphs in reading order, as a reader meets them.
        let mut entries = Vec::new();
        for h in &doc.body.headings {
            entries.push((h.line, (place, h.id.clone(), String::new(), h.text.as_str().into())));
        }
        for p in &doc.body.paragraphs {
            entries.push((p.line, (place, p.id.clone(), p.number.to_string(), p.text.as_str().into())));
        }
        entries.sort_by_key(|(line, _): &(usize, _)| *line);
        index.i.extend(entries.into_iter().map(|(_, e)| e));
    }
    if !site.meetings.is_empty() {
        index.d.push(("Meetings", "meetings/index.html".into()));
        for (mi, m) in site.meetings.iter().enumerate() {
            index.d.push((&m.title, target_href(site, &Target::Meeting(mi), here)));
            index.i.push((index.d.len() - 1, String::new(), String::new(), m.title.as_str().into()));
        }
    }
    if !site.recommendations.is_empty() {
        index.d.push(("Recommendations", "recommendations/index.html".into()));
        let place = index.d.len() - 1;
        for r in &site.recommendations {
            let text = format!("Recommendation {}: {}", r.id, r.title);
            index.i.push((place, format!("recommendation-{}", r.id), String::new(), text.into()));
        }
    }
    let json = serde_json::to_string(&index).expect("strings and numbers always serialise");
    format!("window.consultSearch={json};\n")
}
