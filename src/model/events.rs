//! A body's Markdown events, kept small. pulldown-cmark's `Event` is 80
//! bytes and owns a copy of its text once made `'static`; a council's
//! documents hold about a million events, so the model kept 160 MB of them.
//! Here an event is 12 bytes: its text a range of the document's source
//! (shared, never copied) or of the few words the parse made itself, and a
//! tag with data an index into a side list: a link's, its addresses ranges
//! like a text's; another's (a heading, a table), the tag itself.
//! Readers get pulldown-cmark's events back, borrowing from the body.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;
use std::sync::Arc;

/// Bytes `at..at + len` of the source followed by `own`.
#[derive(Debug, Clone, Copy)]
struct Span {
    at: u32,
    len: u32,
}

#[derive(Debug, Clone, Copy)]
enum Item {
    Text(Span),
    Code(Span),
    InlineMath(Span),
    DisplayMath(Span),
    Html(Span),
    InlineHtml(Span),
    FootnoteReference(Span),
    SoftBreak,
    HardBreak,
    Rule,
    TaskListMarker(bool),
    Start(Open),
    End(TagEnd),
}

/// A tag without data, or the index of one with data in `Events::tags`.
#[derive(Debug, Clone, Copy)]
enum Open {
    Paragraph,
    Item,
    Emphasis,
    Strong,
    Strikethrough,
    Superscript,
    Subscript,
    TableHead,
    TableRow,
    TableCell,
    HtmlBlock,
    DefinitionList,
    DefinitionListTitle,
    DefinitionListDefinition,
    /// A link or an image, by its address's index in `Events::links`.
    Link(u32),
    Image(u32),
    Other(u32),
}

/// A link's or an image's address, its strings spans like a text's: a
/// citation is a link, and a council's documents hold one in most
/// paragraphs (as a `Tag` with its strings copied, each was 80 bytes and up
/// to three allocations).
#[derive(Debug, Clone, Copy)]
struct Link {
    link_type: pulldown_cmark::LinkType,
    dest_url: Span,
    title: Span,
    id: Span,
}

/// The events of one body (see the module's comment).
#[derive(Debug, Clone, Default)]
pub struct Events {
    /// The whole file the events were parsed from.
    source: Arc<str>,
    /// Text the parse made (a citation's label, an entity or escape
    /// decoded, an automatic section number), addressed after the source's bytes.
    own: String,
    items: Vec<Item>,
    links: Vec<Link>,
    tags: Vec<Tag<'static>>,
}

/// The largest Markdown file `load` reads: offsets into it, and into the
/// little text the parse adds after it, must fit 32 bits.
pub const MAX_SOURCE: usize = (u32::MAX / 2) as usize;

fn small(n: usize) -> u32 {
    u32::try_from(n).expect("load refuses a Markdown file over MAX_SOURCE")
}

impl Events {
    /// No events yet, for text taken from `source` (the whole file) with
    /// room for about `hint` events.
    pub fn new(source: Arc<str>, hint: usize) -> Self {
        Events { source, own: String::new(), items: Vec::with_capacity(hint), links: Vec::new(), tags: Vec::new() }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Where `s` is: in the source when it borrows from it (most text
    /// does), else copied to `own`.
    fn span(&mut self, s: &str) -> Span {
        let base = self.source.as_ptr() as usize;
        let at = s.as_ptr() as usize;
        if at >= base && at + s.len() <= base + self.source.len() {
            return Span { at: small(at - base), len: small(s.len()) };
        }
        if s.is_empty() {
            return Span { at: 0, len: 0 };
        }
        let at = self.source.len() + self.own.len();
        self.own.push_str(s);
        Span { at: small(at), len: small(s.len()) }
    }

    fn text(&self, s: Span) -> &str {
        let (at, len) = (s.at as usize, s.len as usize);
        match at.checked_sub(self.source.len()) {
            Some(own) => &self.own[own..own + len],
            None => &self.source[at..at + len],
        }
    }

    pub fn push(&mut self, event: Event<'_>) {
        let item = match event {
            Event::Text(s) => Item::Text(self.span(&s)),
            Event::Code(s) => Item::Code(self.span(&s)),
            Event::InlineMath(s) => Item::InlineMath(self.span(&s)),
            Event::DisplayMath(s) => Item::DisplayMath(self.span(&s)),
            Event::Html(s) => Item::Html(self.span(&s)),
            Event::InlineHtml(s) => Item::InlineHtml(self.span(&s)),
            Event::FootnoteReference(s) => Item::FootnoteReference(self.span(&s)),
            Event::SoftBreak => Item::SoftBreak,
            Event::HardBreak => Item::HardBreak,
            Event::Rule => Item::Rule,
            Event::TaskListMarker(done) => Item::TaskListMarker(done),
            Event::End(end) => Item::End(end),
            Event::Start(tag) => Item::Start(self.open(tag)),
        };
        self.items.push(item);
    }

    fn open(&mut self, tag: Tag<'_>) -> Open {
        match tag {
            Tag::Paragraph => Open::Paragraph,
            Tag::Item => Open::Item,
            Tag::Emphasis => Open::Emphasis,
            Tag::Strong => Open::Strong,
            Tag::Strikethrough => Open::Strikethrough,
            Tag::Superscript => Open::Superscript,
            Tag::Subscript => Open::Subscript,
            Tag::TableHead => Open::TableHead,
            Tag::TableRow => Open::TableRow,
            Tag::TableCell => Open::TableCell,
            Tag::HtmlBlock => Open::HtmlBlock,
            Tag::DefinitionList => Open::DefinitionList,
            Tag::DefinitionListTitle => Open::DefinitionListTitle,
            Tag::DefinitionListDefinition => Open::DefinitionListDefinition,
            Tag::Link { link_type, dest_url, title, id } => Open::Link(self.address(link_type, &dest_url, &title, &id)),
            Tag::Image { link_type, dest_url, title, id } => {
                Open::Image(self.address(link_type, &dest_url, &title, &id))
            }
            other => {
                self.tags.push(other.into_static());
                Open::Other(small(self.tags.len() - 1))
            }
        }
    }

    /// Event `i`, its text borrowed from the body.
    pub fn get(&self, i: usize) -> Event<'_> {
        let b = |s: Span| CowStr::Borrowed(self.text(s));
        match self.items[i] {
            Item::Text(s) => Event::Text(b(s)),
            Item::Code(s) => Event::Code(b(s)),
            Item::InlineMath(s) => Event::InlineMath(b(s)),
            Item::DisplayMath(s) => Event::DisplayMath(b(s)),
            Item::Html(s) => Event::Html(b(s)),
            Item::InlineHtml(s) => Event::InlineHtml(b(s)),
            Item::FootnoteReference(s) => Event::FootnoteReference(b(s)),
            Item::SoftBreak => Event::SoftBreak,
            Item::HardBreak => Event::HardBreak,
            Item::Rule => Event::Rule,
            Item::TaskListMarker(done) => Event::TaskListMarker(done),
            Item::End(end) => Event::End(end),
            Item::Start(open) => Event::Start(self.tag(open)),
        }
    }

    fn tag(&self, open: Open) -> Tag<'_> {
        match open {
            Open::Paragraph => Tag::Paragraph,
            Open::Item => Tag::Item,
            Open::Emphasis => Tag::Emphasis,
            Open::Strong => Tag::Strong,
            Open::Strikethrough => Tag::Strikethrough,
            Open::Superscript => Tag::Superscript,
            Open::Subscript => Tag::Subscript,
            Open::TableHead => Tag::TableHead,
            Open::TableRow => Tag::TableRow,
            Open::TableCell => Tag::TableCell,
            Open::HtmlBlock => Tag::HtmlBlock,
            Open::DefinitionList => Tag::DefinitionList,
            Open::DefinitionListTitle => Tag::DefinitionListTitle,
            Open::DefinitionListDefinition => Tag::DefinitionListDefinition,
            Open::Link(k) => {
                let (link_type, [dest_url, title, id]) = self.address_of(k);
                Tag::Link { link_type, dest_url, title, id }
            }
            Open::Image(k) => {
                let (link_type, [dest_url, title, id]) = self.address_of(k);
                Tag::Image { link_type, dest_url, title, id }
            }
            Open::Other(k) => borrow_tag(&self.tags[k as usize]),
        }
    }

    /// Keeps a link's or an image's address; its index in `links`.
    fn address(&mut self, link_type: pulldown_cmark::LinkType, dest_url: &str, title: &str, id: &str) -> u32 {
        let link = Link { link_type, dest_url: self.span(dest_url), title: self.span(title), id: self.span(id) };
        self.links.push(link);
        small(self.links.len() - 1)
    }

    /// Address `k`'s kind and its strings, borrowed.
    fn address_of(&self, k: u32) -> (pulldown_cmark::LinkType, [CowStr<'_>; 3]) {
        let l = self.links[k as usize];
        let b = |s: Span| CowStr::Borrowed(self.text(s));
        (l.link_type, [b(l.dest_url), b(l.title), b(l.id)])
    }

    /// Every event in order.
    pub fn iter(&self) -> impl Iterator<Item = Event<'_>> + '_ {
        self.range(0..self.len())
    }

    /// The events in `range`.
    pub fn range(&self, range: Range<usize>) -> impl Iterator<Item = Event<'_>> + '_ {
        range.map(|i| self.get(i))
    }

    /// Drops the events from `len` on.
    pub fn truncate(&mut self, len: usize) {
        self.items.truncate(len);
    }

    /// Makes event `i` the text `text`.
    pub fn set_text(&mut self, i: usize, text: &str) {
        self.items[i] = Item::Text(self.span(text));
    }

    /// Gives the heading starting at event `i` the id `id`.
    pub fn set_heading_id(&mut self, i: usize, id: &str) {
        if let Item::Start(Open::Other(k)) = self.items[i] {
            if let Tag::Heading { id: slot, .. } = &mut self.tags[k as usize] {
                *slot = Some(CowStr::from(id.to_string()));
            }
        }
    }

    /// The events in `range` on their own, sharing the source.
    pub fn part(&self, range: Range<usize>) -> Events {
        let mut part = Events::new(self.source.clone(), range.len());
        for e in self.range(range) {
            part.push(e);
        }
        part
    }

    /// Gives back the room the lists grew beyond their events.
    pub fn fit(&mut self) {
        fit_list(&mut self.items);
        fit_list(&mut self.links);
        fit_list(&mut self.tags);
    }
}

/// Gives back the room `list` grew beyond an eighth more than it holds.
fn fit_list<T>(list: &mut Vec<T>) {
    if list.capacity() > list.len() + list.len() / 8 {
        list.shrink_to_fit();
    }
}

/// `t` with its strings borrowed.
fn borrow_tag<'a>(t: &'a Tag<'static>) -> Tag<'a> {
    let b = |s: &'a CowStr<'static>| CowStr::Borrowed(s.as_ref());
    match t {
        Tag::Heading { level, id, classes, attrs } => Tag::Heading {
            level: *level,
            id: id.as_ref().map(b),
            classes: classes.iter().map(b).collect(),
            attrs: attrs.iter().map(|(k, v)| (b(k), v.as_ref().map(b))).collect(),
        },
        Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)) => {
            Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(b(info)))
        }
        Tag::FootnoteDefinition(label) => Tag::FootnoteDefinition(b(label)),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn events(markdown: &str) -> (Vec<Event<'static>>, Events) {
        let source: Arc<str> = Arc::from(markdown);
        let mut kept = Events::new(source.clone(), 0);
        let mut all = Vec::new();
        for e in Parser::new_ext(&source, crate::model::markdown::options()) {
            all.push(e.clone().into_static());
            kept.push(e);
        }
        (all, kept)
    }

    #[test]
    fn every_kind_of_event_comes_back_as_parsed() {
        let md = "# Title {#t .c}\n\nText *em* **strong** ~~del~~ `code` &amp; [a](b \"t\") ![i](j)\\\nnext\n\n\
                  - [x] done\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```rust\ncode\n```\n\n<div>\nhtml\n</div>\n\n\
                  Note[^1] <b>inline</b>\n\n[^1]: The note.\n\n---\n\n> quote\n\n3. three\n";
        let (all, kept) = events(md);
        assert_eq!(kept.len(), all.len());
        assert_eq!(kept.iter().collect::<Vec<_>>(), all);
        // Only text the parser made itself (the decoded `&amp;`) is copied.
        assert!(kept.own.len() <= 2, "{:?}", kept.own);
    }

    #[test]
    fn an_event_takes_sixteen_bytes_at_most() {
        assert!(std::mem::size_of::<Item>() <= 16, "{}", std::mem::size_of::<Item>());
    }

    #[test]
    fn edits_and_parts_keep_the_rest() {
        let (_, mut kept) = events("# Head\n\nOne [[1.2]] two\n");
        kept.set_heading_id(0, "section-1");
        assert!(matches!(kept.get(0), Event::Start(Tag::Heading { id: Some(id), .. }) if id.as_ref() == "section-1"));
        let text = (0..kept.len()).find(|&i| kept.get(i) == Event::Text("One ".into())).unwrap();
        kept.set_text(text, "1. One ");
        assert_eq!(kept.get(text), Event::Text("1. One ".into()));
        let part = kept.part(text..kept.len());
        assert_eq!(part.iter().collect::<Vec<_>>(), kept.range(text..kept.len()).collect::<Vec<_>>());
        kept.truncate(1);
        assert_eq!(kept.len(), 1);
    }
}
