//! The search index: every numbered paragraph and heading of every document,
//! plus the titles of meetings and recommendations, written as a script
//! (`search/index.js`) rather than JSON, because a page opened from disk may
//! not `fetch` a file but may load a script.
//!
//! Kept compact on purpose, so the index stays close to the size of the text
//! it holds: places are named once in `d`, and each entry of `i` is
//! `[place, ref, text]`, where `ref` is a paragraph's number when its id is
//! `para-<number>`, `§2` for the id `section-2`, `#id` for any other id
//! (then a paragraph's number follows the text), or empty.

use super::html::target_href;
use super::splice::{Placeholders, Spliced};
use crate::model::{Site, Target};
use serde::Serialize;
use std::borrow::Cow;

/// Where the index is written, beside the search page.
pub const PATH: &str = "search/index.js";

/// The index as the script writes it: `{"d": …, "i": …}`, put together by
/// hand in [`spliced`] so each document's entries are written on its own.
struct Index<'a> {
    /// Places entries belong to: [title, href from the site root].
    d: Vec<(&'a str, String)>,
    /// Entries: [place, ref, text] or [place, "#id", text, number]; here
    /// those of meetings and recommendations, the documents' apart.
    i: Vec<Entry<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Entry<'a> {
    Short(usize, String, Cow<'a, str>),
    Long(usize, String, Cow<'a, str>, String),
}

/// The entry for text at `id` (empty for none), numbered `number` when it
/// is a numbered paragraph.
fn entry<'a>(place: usize, id: &str, number: Option<String>, text: Cow<'a, str>) -> Entry<'a> {
    match number {
        Some(n) if id.strip_prefix("para-") == Some(n.as_str()) => Entry::Short(place, n, text),
        Some(n) => Entry::Long(place, format!("#{id}"), text, n),
        None if id.is_empty() => Entry::Short(place, String::new(), text),
        None => match id.strip_prefix("section-") {
            Some(s) => Entry::Short(place, format!("§{s}"), text),
            None => Entry::Short(place, format!("#{id}"), text),
        },
    }
}

/// The search index of `site` as a script that sets `window.consultSearch`,
/// in its parts: each document's entries apart from the rest.
pub fn spliced(site: &Site) -> Spliced<'_> {
    let here = super::html::Here { root: "", document: None };
    // Each document's entries, made as the file is written (the
    // paragraphs' text is most of the index); document `place` is place `place`.
    let document = move |place: usize| {
        let doc = &site.documents[place];
        // Headings and paragraphs in reading order, as a reader meets them.
        let mut entries = Vec::with_capacity(doc.body.headings.len() + doc.body.paragraphs.len());
        for h in &doc.body.headings {
            entries.push((h.line, entry(place, &h.id, None, h.text.as_str().into())));
        }
        let mut text = 0;
        for (k, p) in doc.body.paragraphs.iter().enumerate() {
            let words = doc.body.paragraph_text(k);
            text += words.len() + 24;
            entries.push((p.line, entry(place, &p.id, Some(p.number.to_string()), words.into())));
        }
        entries.sort_by_key(|(line, _): &(usize, _)| *line);
        let mut out = Vec::with_capacity(text + 1024);
        for (k, (_, e)) in entries.iter().enumerate() {
            if k > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut out, e).expect("strings and numbers always serialise");
        }
        out
    };
    let mut index = Index { d: Vec::new(), i: Vec::new() };
    for (di, doc) in site.documents.iter().enumerate() {
        index.d.push((&doc.short_title, target_href(site, &Target::Document(di), here)));
    }
    if !site.meetings.is_empty() {
        index.d.push(("Meetings", "meetings/index.html".into()));
        for (mi, m) in site.meetings.iter().enumerate() {
            index.d.push((&m.title, target_href(site, &Target::Meeting(mi), here)));
            index.i.push(entry(index.d.len() - 1, "", None, m.title.as_str().into()));
        }
    }
    if !site.recommendations.is_empty() {
        index.d.push(("Recommendations", "recommendations/index.html".into()));
        let place = index.d.len() - 1;
        for r in &site.recommendations {
            let text = format!("Recommendation {}: {}", r.id, r.title);
            index.i.push(entry(place, &format!("recommendation-{}", r.id), None, text.into()));
        }
    }
    // The object `Index` would serialise to, its list `i` put together from
    // the documents' pieces, each at its placeholder.
    let marks = Placeholders::new("search");
    let mut js = Vec::with_capacity(1 << 16);
    js.extend_from_slice(b"window.consultSearch={\"d\":");
    serde_json::to_writer(&mut js, &index.d).expect("strings and numbers always serialise");
    js.extend_from_slice(b",\"i\":[");
    let rest: Vec<u8> = serde_json::to_vec(&index.i).expect("strings and numbers always serialise");
    let rest = &rest[1..rest.len() - 1];
    let mut first = true;
    let mut comma = |js: &mut Vec<u8>| {
        if !std::mem::take(&mut first) {
            js.push(b',');
        }
    };
    let has_entries = |d: &crate::model::Document| !(d.body.headings.is_empty() && d.body.paragraphs.is_empty());
    for (k, _) in site.documents.iter().enumerate().filter(|(_, d)| has_entries(d)) {
        comma(&mut js);
        js.extend_from_slice(marks.of(k).as_bytes());
    }
    if !rest.is_empty() {
        comma(&mut js);
        js.extend_from_slice(rest);
    }
    js.extend_from_slice(b"]};\n");
    Spliced::new(js, site.documents.len(), document, marks, "")
}
