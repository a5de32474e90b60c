//! Markdown events → HTML, with numbered paragraphs and citations turned
//! into links as the events go by.

use crate::model::markdown::{Body, Mark};
use crate::model::{Site, Target};
use pulldown_cmark::{html, CowStr, Event, Tag, TagEnd};

/// Where a page sits, so links from it can be relative.
#[derive(Debug, Clone, Copy)]
pub struct Here<'a> {
    /// "../" repeated once per folder between the page and the site root.
    pub root: &'a str,
    /// The document being rendered, if the page is a document.
    pub document: Option<usize>,
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The relative address of a document page from `here`.
pub fn document_href(site: &Site, doc: usize, here: Here) -> String {
    let slug = &site.documents[doc].slug;
    // Made for every citation on every page: one allocation, no `format!`.
    let mut s = String::with_capacity(here.root.len() + slug.len() + 40);
    s.push_str(here.root);
    s.push_str(slug);
    s.push_str("/index.html");
    s
}

/// The relative address of a citation target from `here`.
pub fn target_href(site: &Site, target: &Target, here: Here) -> String {
    let page = |doc: usize| {
        if here.document == Some(doc) {
            String::with_capacity(24)
        } else {
            document_href(site, doc, here)
        }
    };
    let numbered = |doc: usize, kind: &str, n: &crate::model::numbers::Number| {
        let mut s = page(doc);
        s.push('#');
        s.push_str(kind);
        n.push_slug(&mut s);
        s
    };
    match target {
        Target::Paragraph(doc, p) => {
            // The paragraph's id is `para-` and its number's slug: made once, when it was read.
            let mut s = page(*doc);
            s.push('#');
            s.push_str(&site.documents[*doc].body.paragraphs[*p].id);
            s
        }
        Target::Section(doc, n) => numbered(*doc, "section-", n),
        Target::Document(doc) => document_href(site, *doc, here),
        Target::Stakeholder(i) => format!("{}stakeholders/{}/index.html", here.root, site.stakeholders[*i].id),
        Target::Meeting(i) => format!("{}meetings/{}/index.html", here.root, site.meetings[*i].slug),
        Target::Recommendation(i) => {
            format!("{}recommendations/index.html#recommendation-{}", here.root, site.recommendations[*i].id)
        }
        Target::Listed(doc, number) => {
            let register = &site.documents[*doc].body.register;
            let item = register.iter().find(|i| &i.number == number);
            format!("{}#{}", page(*doc), item.map_or("", |i| i.anchor.as_str()))
        }
        Target::Person(i) => format!("{}people/index.html#person-{}", here.root, site.people[*i].id),
        Target::MeetingItem(i, id) => format!("{}meetings/{}/index.html#{id}", here.root, site.meetings[*i].slug),
    }
}

/// Where what `after_paragraph` adds starts and ends in [`body_and_plain`]'s
/// one rendering: characters for private use, which no page of consult's
/// writes (a body that holds them is rendered twice instead).
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// The body as a document's page shows it, and as the print page does,
/// without what `after_paragraph` adds: one rendering for both, the second
/// cut out of the first.
pub fn body_and_plain(
    site: &Site,
    body: &Body,
    here: Here,
    after_paragraph: &dyn Fn(usize) -> String,
) -> (String, String) {
    let added = std::cell::Cell::new(0usize);
    let wrapped = |p: usize| {
        let html = after_paragraph(p);
        if html.is_empty() {
            return html;
        }
        added.set(added.get() + 1);
        // A line break after the mark too, so the writer goes on as it
        // would have after `html` (it starts a block on a new line).
        let newline = if html.ends_with('\n') { "\n" } else { "" };
        format!("{OPEN}{html}{CLOSE}{newline}")
    };
    let html = body_to_html(site, body, here, &wrapped);
    match split_added(&html, added.get()) {
        Some(both) => both,
        None => (body_to_html(site, body, here, after_paragraph), body_to_html(site, body, here, &|_| String::new())),
    }
}

/// `html` without the marks (what a document's page shows) and without
/// what they enclose (the print page's); `None` unless it holds exactly
/// `added` pairs of marks, one after the other.
fn split_added(html: &str, added: usize) -> Option<(String, String)> {
    let mut page = String::with_capacity(html.len());
    let mut plain = String::with_capacity(html.len());
    let mut rest = html;
    let mut found = 0;
    while let Some(open) = rest.find(OPEN) {
        page.push_str(&rest[..open]);
        plain.push_str(&rest[..open]);
        let inside = &rest[open + OPEN.len_utf8()..];
        let close = inside.find(CLOSE)?;
        let added_html = &inside[..close];
        if added_html.contains(OPEN) {
            return None;
        }
        page.push_str(added_html);
        rest = &inside[close + CLOSE.len_utf8()..];
        if added_html.ends_with('\n') {
            rest = rest.strip_prefix('\n')?;
        }
        found += 1;
    }
    if found != added || rest.contains(CLOSE) {
        return None;
    }
    page.push_str(rest);
    plain.push_str(rest);
    Some((page, plain))
}

/// Renders a body to HTML. `after_paragraph` may add markup after each
/// numbered paragraph (the "respond" link), given the paragraph's index.
pub fn body_to_html(site: &Site, body: &Body, here: Here, after_paragraph: &dyn Fn(usize) -> String) -> String {
    let source = &body.events;
    let mut out = String::with_capacity(source.len() * 24);
    let mut events: Vec<Event> = Vec::with_capacity(source.len() + body.marks.len() * 2);
    let mut open_para: Option<usize> = None;
    let mut notes = super::footnotes::Footnotes::default();
    let mut open_notes: Vec<String> = Vec::new();
    let mut scrolls = 0; // tables and code blocks so far, to label each
    let mut items: Vec<Option<usize>> = Vec::new(); // open list items, numbered or not
    let mut marks = body.marks.iter().peekable(); // walked beside the events: no lookup per event
    let mut pnum_next = String::new(); // a loose item's number goes inside its first paragraph
    for (i, e) in source.iter().enumerate() {
        let e = &e;
        while marks.next_if(|(&at, _)| at < i).is_some() {}
        let mark = marks.next_if(|(&at, _)| at == i).map(|(_, m)| m);
        if !pnum_next.is_empty() {
            let pnum = std::mem::take(&mut pnum_next);
            if let Event::Start(Tag::Paragraph) = e {
                events.push(Event::Html(CowStr::from(format!("<p>{pnum}"))));
                continue;
            }
            events.push(Event::Html(CowStr::from(pnum)));
        }
        match (mark, e) {
            (Some(Mark::Paragraph(p)), Event::Start(tag @ (Tag::Paragraph | Tag::Item))) => {
                let para = &body.paragraphs[*p];
                let n = escape(&para.number.shown);
                let id = escape(&para.id);
                // The name a screen reader hears holds the number as shown (WCAG 2.5.3).
                let label = match para.number.sub_depth() {
                    0 => escape(para.number.shown.trim_end_matches(['.', ')'])),
                    _ => escape(&para.number.to_string()),
                };
                let pnum = format!("<a class=\"pnum\" href=\"#{id}\" aria-label=\"Paragraph {label}\">{n}</a> ");
                let class = match para.number.sub_depth() {
                    0 => "numbered".to_string(),
                    d => format!("numbered sub{}", d.min(3)),
                };
                if let Tag::Item = tag {
                    items.push(Some(*p));
                    events.push(Event::Html(CowStr::from(format!("<li class=\"{class}\" id=\"{id}\">"))));
                    pnum_next = pnum;
                } else {
                    open_para = Some(*p);
                    events.push(Event::Html(CowStr::from(format!("<p class=\"{class}\" id=\"{id}\">{pnum}"))));
                }
            }
            (Some(Mark::Anchor(id)), Event::Start(Tag::Item)) => {
                items.push(None);
                events.push(Event::Html(CowStr::from(format!("<li id=\"{}\">", escape(id)))));
            }
            (Some(Mark::Link(target)), Event::Start(Tag::Link { .. })) => {
                let href = escape(&target_href(site, target, here));
                events.push(Event::Html(CowStr::from(format!("<a class=\"cite\" href=\"{href}\">"))));
            }
            (_, Event::Start(Tag::Item)) => {
                items.push(None);
                events.push(e.clone());
            }
            (_, Event::End(TagEnd::Item)) => {
                if let Some(p) = items.pop().flatten() {
                    // Inside the item, so the list holds only items.
                    events.push(Event::Html(CowStr::from(after_paragraph(p))));
                }
                events.push(e.clone());
            }
            (_, Event::Start(Tag::List(_))) => {
                // An item's own words end where its sub-list starts: its link goes there.
                if let Some(p) = items.last_mut().and_then(Option::take) {
                    events.push(Event::Html(CowStr::from(after_paragraph(p))));
                }
                events.push(e.clone());
            }
            (_, Event::End(TagEnd::Paragraph)) if open_para.is_some() => {
                events.push(e.clone());
                let after = after_paragraph(open_para.take().unwrap_or_default());
                if !after.is_empty() {
                    events.push(Event::Html(CowStr::from(after)));
                }
            }
            (_, Event::Start(Tag::Table(_) | Tag::CodeBlock(_))) => {
                // A region of its own, so a keyboard can scroll it (WCAG 2.1.1, 1.4.10).
                scrolls += 1;
                let what = if matches!(e, Event::Start(Tag::Table(_))) { "Table" } else { "Code" };
                let open =
                    format!("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{what} {scrolls}\">");
                events.push(Event::Html(CowStr::from(open)));
                events.push(e.clone());
            }
            (_, Event::End(TagEnd::Table | TagEnd::CodeBlock)) => {
                events.push(e.clone());
                events.push(Event::Html(CowStr::from("</div>\n")));
            }
            (_, Event::FootnoteReference(label)) => events.push(Event::Html(notes.reference(label).into())),
            (_, Event::Start(Tag::FootnoteDefinition(label))) => {
                open_notes.push(label.to_string());
                events.push(Event::Html(notes.definition_start(label).into()));
            }
            (_, Event::End(TagEnd::FootnoteDefinition)) => {
                let label = open_notes.pop().unwrap_or_default();
                events.push(Event::Html(notes.definition_end(&label).into()));
            }
            _ => events.push(e.clone()),
        }
    }
    html::push_html(&mut out, events.into_iter());
    out
}
