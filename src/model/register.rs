//! The recommendations register, from `recommendations.yaml` and from
//! documents: the numbered list right after a heading marked `{.register}`
//! is a register, each item a recommendation in its own words (its id the
//! item's number, an anchor in the document). A data entry with the same id
//! adds what a list cannot say: status, reasons, owners, where decided.

use super::consultation::{FileCheck, Reason, Recommendation};
use super::markdown::Body;
use super::refs::Index;
use super::{Document, Target};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::raw::{self, RecStatus};
use crate::load::DataFile;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// The class that marks a heading whose list is a register.
pub const CLASS: &str = "register";

/// One item of a register list in a document.
#[derive(Debug, Clone)]
pub struct Listed {
    /// The item's number: the recommendation's id.
    pub number: String,
    /// Its id in the document's page.
    pub anchor: String,
    /// The item's events, without its own start and end.
    pub events: Range<usize>,
    /// Its words as plain text.
    pub plain: String,
    pub line: usize,
    pub column: usize,
}

/// Finds register lists as the parse goes by, event by event.
#[derive(Default)]
pub struct Finder {
    /// A `{.register}` heading was seen at this level; its list is next.
    armed: Option<u8>,
    /// Depth of lists inside the register list (1 = its own items).
    depth: usize,
    next: u64,
    open: Option<Listed>,
    pub found: Vec<Listed>,
}

impl Finder {
    /// Sees `event`, about to become event `index` of the body.
    pub fn event(&mut self, event: &Event, index: usize, line: usize, column: usize) {
        match event {
            Event::Start(Tag::Heading { level, classes, .. }) if self.depth == 0 => {
                let level = *level as u8;
                self.armed = match self.armed {
                    _ if classes.iter().any(|c| c.as_ref() == CLASS) => Some(level),
                    Some(l) if level > l => Some(l),
                    _ => None,
                };
            }
            Event::Start(Tag::List(first)) => {
                if self.depth > 0 {
                    self.depth += 1;
                } else if let (Some(_), Some(first)) = (self.armed, first) {
                    self.depth = 1;
                    self.next = *first;
                }
            }
            Event::End(TagEnd::List(_)) if self.depth > 0 => {
                self.depth -= 1;
                if self.depth == 0 {
                    self.armed = None;
                }
            }
            Event::Start(Tag::Item) if self.depth == 1 => {
                let number = self.next.to_string();
                self.next += 1;
                self.open = Some(Listed {
                    anchor: format!("recommendation-{number}"),
                    number,
                    events: index + 1..index + 1,
                    plain: String::new(),
                    line,
                    column,
                });
            }
            Event::End(TagEnd::Item) if self.depth == 1 => {
                if let Some(mut item) = self.open.take() {
                    item.events.end = index;
                    item.plain = super::markdown::fold_whitespace(&item.plain);
                    self.found.push(item);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(item) = self.open.as_mut() {
                    item.plain.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                if let Some(item) = self.open.as_mut() {
                    item.plain.push(' ');
                }
            }
            _ => {}
        }
    }

    /// The register items found; each item whose start holds a numbered
    /// paragraph keeps that paragraph's id as its anchor, the others get a mark.
    pub fn finish(self, body: &mut Body) {
        for mut item in self.found {
            let start = item.events.start - 1;
            match body.marks.get(&start) {
                Some(super::markdown::Mark::Paragraph(p)) => item.anchor = body.paragraphs[*p].id.clone(),
                _ => {
                    body.marks.insert(start, super::markdown::Mark::Anchor(item.anchor.clone()));
                    body.anchors.push(item.anchor.clone());
                }
            }
            body.register.push(item);
        }
    }
}

/// Where a recommendation comes from: a document's register list (with its
/// data entry, if any), or the data alone.
pub enum Entry<'a> {
    Listed { doc: usize, item: &'a Listed, data: Option<&'a raw::Recommendation> },
    Data(&'a raw::Recommendation),
}

/// Every recommendation's id, in register order: the documents' lists in
/// reading order, then the data's own entries. Checks ids are unique and
/// usable in a web address.
pub fn entries<'a>(
    documents: &'a [Document],
    texts: &HashMap<&str, &str>,
    file: &'a DataFile<raw::Recommendation>,
    diags: &mut Diagnostics,
) -> (Vec<Entry<'a>>, HashMap<&'a str, usize>) {
    let data_ids = super::consultation::index_ids(
        file.items.iter().map(|r| &r.id),
        "recommendation",
        &mut FileCheck { path: &file.path, text: &file.text, diags },
    );
    let mut entries = Vec::new();
    let mut ids: HashMap<&'a str, usize> = HashMap::new();
    let mut first: HashMap<&str, (usize, usize)> = HashMap::new();
    for (d, doc) in documents.iter().enumerate() {
        for item in &doc.body.register {
            if let Some((fd, line)) = first.get(item.number.as_str()) {
                diags.push(
                    Diagnostic::error(
                        &doc.source,
                        item.line,
                        item.column,
                        format!("recommendation {} is listed twice", item.number),
                    )
                    .with_source(texts.get(doc.slug.as_str()).copied().unwrap_or(""))
                    .with_help(format!(
                        "it is already item {} of the register at {}:{line}; number each register's list on from the last",
                        item.number,
                        documents[*fd].source.display()
                    )),
                );
                continue;
            }
            first.insert(&item.number, (d, item.line));
            let data = data_ids.get(item.number.as_str()).map(|&i| &file.items[i]);
            ids.insert(&item.number, entries.len());
            entries.push(Entry::Listed { doc: d, item, data });
        }
    }
    for r in &file.items {
        let id = r.id.value.as_str();
        if !ids.contains_key(id) && data_ids.contains_key(id) {
            ids.insert(id, entries.len());
            entries.push(Entry::Data(r));
        }
    }
    (entries, ids)
}

/// The recommendations, with their paragraphs, meetings and owners resolved.
pub fn recommendations(
    entries: &[Entry],
    file: &DataFile<raw::Recommendation>,
    index: &Index,
    documents: &[Document],
    diags: &mut Diagnostics,
) -> Vec<Recommendation> {
    let mut check = FileCheck { path: &file.path, text: &file.text, diags };
    let mut out = Vec::new();
    for entry in entries {
        let (data, listed) = match entry {
            Entry::Listed { doc, item, data } => (*data, Some((*doc, *item))),
            Entry::Data(r) => (Some(*r), None),
        };
        let id = listed.map(|(_, i)| i.number.clone()).or_else(|| data.map(|r| r.id.value.clone())).unwrap_or_default();
        let mut text = None;
        let mut plain = String::new();
        let mut stated_in = None;
        if let Some((doc, item)) = listed {
            text = Some(super::consultation::RecText::Listed { doc, events: item.events.clone() });
            plain = item.plain.clone();
            stated_in = Some(Target::Listed(doc, item.number.clone()));
        }
        let Some(r) = data else {
            out.push(recommendation(id, None, text, &plain, stated_in));
            continue;
        };
        if let (Some(written), Some((doc, _))) = (r.text.as_ref(), listed) {
            check.error(
                written,
                format!("recommendation {id} is in its own words in {} already", documents[doc].source.display()),
                Some("leave `text` out here, or take the item out of the register list".into()),
            );
        }
        if let (Some(written), Some((doc, _))) = (r.stated_in.as_ref(), listed) {
            check.error(
                written,
                format!("recommendation {id} is stated in the register list of {}", documents[doc].source.display()),
                Some("leave `stated_in` out: the list item is where it is stated".into()),
            );
        }
        if listed.is_none() {
            if let Some(t) = &r.text {
                let (body, words) = written_text(&t.value);
                text = Some(super::consultation::RecText::Written(Box::new(body)));
                plain = words;
            }
            stated_in = r.stated_in.as_ref().and_then(|s| check.reference(s, index, documents));
            if r.title.is_none() && r.text.is_none() {
                check.error(
                    &r.id,
                    format!("recommendation {id} has neither a title nor a text"),
                    Some("give `text:` (its own words) or `title:`, or both".into()),
                );
            }
        }
        let reasons = r
            .reasons
            .iter()
            .filter_map(|p| {
                let written = p.value.trim();
                if written.contains(char::is_whitespace) {
                    Some(Reason::Elsewhere(written.to_string()))
                } else {
                    check.reference(p, index, documents).map(Reason::Cited)
                }
            })
            .collect();
        let mut rec = recommendation(id, r.title.clone(), text, &plain, stated_in);
        rec.reasons = reasons;
        rec.status = r.status.unwrap_or(RecStatus::Proposed);
        rec.status_note = r.status_note.clone();
        rec.decided_at = r.decided_at.as_ref().and_then(|m| check.lookup(m, "meeting", &index.meetings));
        rec.owners = r.owners.iter().filter_map(|o| check.lookup(o, "stakeholder", &index.stakeholders)).collect();
        rec.work_stream = r.work_stream.as_ref().and_then(|w| match check.reference(w, index, documents) {
            Some(Target::Document(d)) => Some(d),
            Some(_) => {
                check.error(w, "a work stream is a whole document, such as `appendix-1`".into(), None);
                None
            }
            None => None,
        });
        out.push(rec);
    }
    out
}

fn recommendation(
    id: String,
    title: Option<String>,
    text: Option<super::consultation::RecText>,
    plain: &str,
    stated_in: Option<Target>,
) -> Recommendation {
    Recommendation {
        id,
        titled: title.is_some(),
        title: title.unwrap_or_else(|| first_sentence(plain)),
        text,
        words: plain.to_string(),
        stated_in,
        reasons: Vec::new(),
        status: RecStatus::Proposed,
        status_note: None,
        decided_at: None,
        owners: Vec::new(),
        work_stream: None,
        discussed_at: Vec::new(),
    }
}

/// The words of register items again, now that their citations have the
/// labels readers see ("see paragraph 1.2", not the `1.2` written), and the
/// titles taken from them.
pub fn reword(recommendations: &mut [Recommendation], documents: &[Document]) {
    for r in recommendations {
        let Some(super::consultation::RecText::Listed { doc, events }) = &r.text else { continue };
        let mut plain = String::new();
        for e in documents[*doc].body.events.range(events.clone()) {
            match e {
                Event::Text(t) | Event::Code(t) => plain.push_str(&t),
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => plain.push(' '),
                _ => {}
            }
        }
        r.words = super::markdown::fold_whitespace(&plain);
        if !r.titled {
            r.title = first_sentence(&r.words);
        }
    }
}

/// Markdown written in the data, as events (raw HTML kept as text: the
/// data is no place for markup that could break the page) and plain words.
fn written_text(markdown: &str) -> (Body, String) {
    let source: std::sync::Arc<str> = std::sync::Arc::from(markdown);
    let mut body = Body::default();
    body.events = super::events::Events::new(source.clone(), 0);
    let mut plain = String::new();
    for event in pulldown_cmark::Parser::new_ext(&source, super::markdown::options()) {
        let event = match event {
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            e => e,
        };
        match &event {
            Event::Text(t) | Event::Code(t) => plain.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => plain.push(' '),
            _ => {}
        }
        body.events.push(event);
    }
    (body, super::markdown::fold_whitespace(&plain))
}

/// The first sentence of `text`: up to the first full stop, question or
/// exclamation mark followed by a space (or the end).
pub fn first_sentence(text: &str) -> String {
    let mut end = text.len();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '?' | '!') && chars.peek().is_none_or(|(_, n)| n.is_whitespace()) {
            end = i + c.len_utf8();
            break;
        }
    }
    text[..end].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn the_first_sentence_ends_at_a_full_stop_before_a_space() {
        assert_eq!(first_sentence("Fund 3.5 posts. Review in 2020."), "Fund 3.5 posts.");
        assert_eq!(first_sentence("No stop at all"), "No stop at all");
        assert_eq!(first_sentence("Why not? Because."), "Why not?");
    }
}
