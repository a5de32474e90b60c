//! Markdown bodies: one pass over pulldown-cmark's events that finds numbered
//! paragraphs, sections, headings and citations, and keeps the events for render.

use super::forms::{number_only, warn_unread_heading_number, Block, Container, Found, Reader};
use super::lint::{Link, Lint};
use super::numbers::{lead, section_prefix, Lead, Number};
use super::sequence::{warn_inner_numbers, ListHint, Numbered};
use crate::diagnostic::Diagnostic;
use crate::load::raw::Numbering;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The Markdown extensions every body is read with.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// A numbered paragraph.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub number: Number,
    /// Its id in the page: `para-2.1.3`.
    pub id: String,
    /// The events from its start to the last of its words (see
    /// [`Body::paragraph_text`]): its text is made when asked for, not
    /// kept, since at a council's scale the texts were a third of the model.
    pub events: std::ops::Range<u32>,
    pub line: usize,
}

/// A heading, for the contents list and for citations of sections.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
    pub number: Option<Number>,
    pub line: usize,
}

/// What render must do at an event besides printing it.
#[derive(Debug, Clone)]
pub enum Mark {
    /// Start of a numbered paragraph: index into `Body::paragraphs`.
    Paragraph(usize),
    /// Start of a citation link, resolved by the model.
    Link(super::Target),
    /// Start of a list item that is an entry of a register: its id.
    Anchor(String),
}

/// The marks of a body by event index, in order, one at an index: a list
/// rather than a tree, since they come in order and are read in order
/// (a map held twice their size; a citation is one of them).
#[derive(Debug, Clone, Default)]
pub struct Marks(Vec<(usize, Mark)>);

impl Marks {
    pub fn get(&self, at: &usize) -> Option<&Mark> {
        let i = self.0.binary_search_by_key(at, |(a, _)| *a).ok()?;
        Some(&self.0[i].1)
    }

    /// Puts `mark` at `at`, in place of the mark there.
    pub fn insert(&mut self, at: usize, mark: Mark) {
        match self.0.last() {
            Some((last, _)) if *last >= at => match self.0.binary_search_by_key(&at, |(a, _)| *a) {
                Ok(i) => self.0[i].1 = mark,
                Err(i) => self.0.insert(i, (at, mark)),
            },
            _ => self.0.push((at, mark)),
        }
    }

    /// [`Marks::insert`] of each of `marks`: one sort, of two runs already
    /// in order, instead of a shift of the list for each.
    pub fn merge(&mut self, marks: impl IntoIterator<Item = (usize, Mark)>) {
        self.0.extend(marks);
        // Stable, so of two marks at one index the later stands, as `insert` has it.
        self.0.sort_by_key(|(at, _)| *at);
        self.0.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
    }

    pub fn iter(&self) -> impl Iterator<Item = (&usize, &Mark)> {
        self.0.iter().map(|(at, m)| (at, m))
    }

    /// The marks at indexes in `range`.
    pub fn range(&self, range: std::ops::Range<usize>) -> impl Iterator<Item = (&usize, &Mark)> {
        let from = self.0.partition_point(|(at, _)| *at < range.start);
        self.0[from..].iter().take_while(move |(at, _)| *at < range.end).map(|(at, m)| (at, m))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A citation not yet resolved: `[[target]]` or `[[target|label]]`.
#[derive(Debug, Clone)]
pub struct Citation {
    pub event: usize,
    pub target: String,
    pub has_label: bool,
    pub line: usize,
    pub column: usize,
}

/// A parsed Markdown body.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub events: super::events::Events,
    pub marks: Marks,
    pub paragraphs: Vec<Paragraph>,
    pub headings: Vec<Heading>,
    /// Local links and resource addresses, checked once the site is known.
    pub links: Vec<Link>,
    /// Ids besides headings' and paragraphs': raw HTML ids, footnote labels.
    pub anchors: Vec<String>,
    /// The items of a `{.register}` list: recommendations in their own words.
    pub register: Vec<super::register::Listed>,
    /// Paragraphs by the hash of their number, made on first use: a
    /// citation is one lookup, however long the document (a hash, not the
    /// number: a copy of every number was a sixteenth of the model).
    numbers: OnceLock<HashMap<u64, usize, Fast>>,
    /// Paragraphs by the number they are under, made on first use: only a
    /// "did you mean" asks, so a build without errors never makes it.
    parents: OnceLock<Parents>,
}

/// The hash of a body's own maps: they hold the author's numbers, never
/// anything an attacker chooses, so a fast hash and a fixed seed will do.
type Fast = foldhash::fast::FixedState;

fn number_hash(n: &Number) -> u64 {
    use std::hash::BuildHasher;
    Fast::default().hash_one(n)
}

/// Paragraphs (their indexes) by the prefix and values of the number they are under.
type Parents = HashMap<(String, Vec<u32>), Vec<usize>>;

fn parent_key(n: &Number) -> (String, Vec<u32>) {
    let parts = &n.parts[..n.parts.len().saturating_sub(1)];
    (n.prefix.clone(), parts.iter().map(|p| p.value).collect())
}

impl Body {
    /// The events `range` as a body of their own, with the citations among
    /// them (a register item's words, say).
    pub fn part(&self, range: std::ops::Range<usize>) -> Body {
        let mut part = Body { events: self.events.part(range.clone()), ..Body::default() };
        for (&at, mark) in self.marks.range(range.clone()) {
            if let Mark::Link(_) = mark {
                part.marks.insert(at - range.start, mark.clone());
            }
        }
        part
    }

    fn numbers(&self) -> &HashMap<u64, usize, Fast> {
        self.numbers.get_or_init(|| {
            let mut index = HashMap::with_capacity_and_hasher(self.paragraphs.len(), Fast::default());
            for (i, p) in self.paragraphs.iter().enumerate() {
                // The first of two equal numbers is the one a citation reaches.
                index.entry(number_hash(&p.number)).or_insert(i);
            }
            index
        })
    }

    fn parents(&self) -> &Parents {
        self.parents.get_or_init(|| {
            let mut index = Parents::new();
            for (i, p) in self.paragraphs.iter().enumerate() {
                index.entry(parent_key(&p.number)).or_default().push(i);
            }
            index
        })
    }

    /// The paragraph numbered `n`, if any.
    pub fn paragraph(&self, n: &Number) -> Option<&Paragraph> {
        self.paragraph_index(n).map(|i| &self.paragraphs[i])
    }

    /// The index in [`Body::paragraphs`] of the paragraph numbered `n`, if any.
    pub fn paragraph_index(&self, n: &Number) -> Option<usize> {
        let &i = self.numbers().get(&number_hash(n))?;
        if self.paragraphs[i].number == *n {
            return Some(i);
        }
        // Two numbers with one hash: never seen, but never wrong either.
        self.paragraphs.iter().position(|p| p.number == *n)
    }

    /// Paragraph `p`'s words, without its number, as plain text: the text
    /// of its events (a citation's as resolved), whitespace folded.
    pub fn paragraph_text(&self, p: usize) -> String {
        let r = &self.paragraphs[p].events;
        let mut text = String::new();
        for event in self.events.range(r.start as usize..r.end as usize) {
            match event {
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                // A loose list item's paragraphs end in a space.
                Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => text.push(' '),
                _ => {}
            }
        }
        if is_folded(&text) {
            text
        } else {
            fold_whitespace(&text)
        }
    }

    /// The heading numbered `n`, if any.
    pub fn heading(&self, n: &Number) -> Option<&Heading> {
        self.headings.iter().find(|h| h.number.as_ref() == Some(n))
    }

    /// Every number of the body as shown, headings' then paragraphs', for a
    /// "did you mean" about an item (of meeting notes, say).
    pub fn item_numbers(&self) -> Vec<String> {
        let headings = self.headings.iter().filter_map(|h| h.number.as_ref());
        headings.chain(self.paragraphs.iter().map(|p| &p.number)).map(Number::to_string).collect()
    }

    /// The paragraphs numbered near `n`, for a "did you mean": its siblings
    /// and children, found through the index rather than a scan.
    pub fn near(&self, n: &Number) -> Vec<&Paragraph> {
        let index = self.parents();
        let own = (n.prefix.clone(), n.parts.iter().map(|p| p.value).collect::<Vec<_>>());
        [parent_key(n), own].iter().filter_map(|k| index.get(k)).flatten().map(|&i| &self.paragraphs[i]).collect()
    }
}

/// Maps byte offsets of a file to 1-based lines and columns.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last position asked for: (offset, line, column). The next is
    /// mostly near it on the same line, and a paragraph is one long line,
    /// so columns are counted from there rather than from the line's start.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        Lines { text, starts, last: std::cell::Cell::new((0, 1, 1)) }
    }

    /// (line, column) of byte `offset`, the column counted in characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let chars = |from: usize, to: usize| self.text.get(from..to).map(|s| s.chars().count());
        let (last, last_line, last_column) = self.last.get();
        let near = match () {
            _ if last_line != line => None,
            _ if offset >= last => chars(last, offset).map(|n| last_column + n),
            _ => chars(offset, last).map(|n| last_column - n),
        };
        let column = near.unwrap_or_else(|| chars(start, offset).map_or(1, |n| n + 1));
        if self.text.is_char_boundary(offset.min(self.text.len())) {
            self.last.set((offset, line, column));
        }
        (line, column)
    }
}

/// The source from byte `at` to the end of its line.
fn line_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

/// Parses the body of `text` (starting at byte `body_offset`) from `file`.
/// `numbered` false reads no paragraph numbers at all (documents and meeting
/// notes, whose agenda items are numbered, are both read with it true).
pub fn parse(
    file: &Path,
    source: &Arc<str>,
    body_offset: usize,
    numbering: Numbering,
    numbered: bool,
) -> (Body, Vec<Citation>, Vec<Diagnostic>) {
    let text: &str = source;
    let lines = Lines::new(text);
    let body_text = &text[body_offset..];
    let mut st = Numbered::new(file, text);
    // About one event for every 32 bytes of a council's Markdown.
    st.body.events = super::events::Events::new(source.clone(), body_text.len() / 32 + 8);
    st.check_order = numbering != Numbering::Auto;
    let mut citations = Vec::new();
    let mut reader = Reader::new(numbering);
    // A block whose first text decides whether it is numbered: event index, kind, line, column.
    let mut pending: Option<(usize, Block, usize, usize)> = None;
    let mut pending_range = 0..0; // the source of a pending paragraph
    let mut wrapped: Option<usize> = None; // a pending block's text is in bold or italics from this event
    let mut unwrap_end = false; // the bold around a number was dropped: drop its end too
    let mut strip_next: Option<usize> = None; // bytes of number to cut from the next text
    let mut in_para: Option<(usize, Block)> = None; // index into paragraphs, and what holds it
    let mut heading: Option<(usize, u8, usize, String, Option<CowStr>)> = None;
    let mut auto_section = 0u32;
    let mut auto_para = 0u32;
    // id → (uses, first line); line 0 for the ids of the page around the body.
    let mut ids: HashMap<String, (usize, usize)> = PAGE_IDS.iter().map(|id| (id.to_string(), (1, 0))).collect();
    let mut lists = ListHint::default();
    let mut lint = Lint::new(file, text);
    let mut register = super::register::Finder::default();

    for (mut event, range) in Parser::new_ext(body_text, options()).into_offset_iter() {
        let at = body_offset + range.start;
        let (line, column) = lines.position(at);
        let index = st.body.events.len();
        lint.event(&event, line, column);
        if let Some((start, block, pline, pcolumn)) = pending {
            match &event {
                Event::Text(t) => {
                    pending = None;
                    // A number in bold (`**13.** The…`): when it is all the bold text, the bold goes with it.
                    let whole = |l: Lead| l.cut == t.len();
                    let source = if wrapped.is_some() {
                        if !lead(t).is_some_and(whole) {
                            wrapped = None;
                        }
                        t.as_ref()
                    } else {
                        line_at(body_text, range.start)
                    };
                    match reader.read(block, source, t) {
                        Found::Number(n, cut) => {
                            let p = st.add(start, n.clone(), pline, pcolumn);
                            if block == Block::Item {
                                if let Some(Container::Item { number, .. }) = reader.stack.last_mut() {
                                    *number = Some(n);
                                }
                            }
                            if numbering != Numbering::Auto {
                                let source = &body_text[pending_range.clone()];
                                warn_inner_numbers(&mut st, &lines, body_offset + pending_range.start, source);
                            }
                            in_para = Some((p, block));
                            strip_next = Some(cut);
                            if let Some(w) = wrapped {
                                st.body.events.truncate(w); // the bold goes with the number
                                unwrap_end = true;
                            }
                        }
                        Found::LooksLike { message, help } => st.warn(line, column, message, help),
                        Found::Nothing => {}
                    }
                    wrapped = None;
                    for (message, help) in reader.warnings.drain(..) {
                        st.warn(pline, pcolumn, message, help);
                    }
                }
                // A loose item's text is in a paragraph: the item is still the block.
                Event::Start(Tag::Paragraph) if block == Block::Item => {}
                Event::Start(Tag::Strong | Tag::Emphasis) if wrapped.is_none() => wrapped = Some(index),
                _ => {
                    pending = None;
                    wrapped = None;
                }
            }
        }
        if unwrap_end && matches!(event, Event::End(TagEnd::Strong | TagEnd::Emphasis)) {
            unwrap_end = false;
            continue;
        }
        let item_paragraph = matches!(pending, Some((_, Block::Item, ..)));
        match &mut event {
            Event::Start(Tag::List(first)) => {
                lists.start(reader.stack.is_empty().then_some(*first).flatten(), line);
                if matches!(in_para, Some((_, Block::Item))) {
                    in_para = None;
                }
                if let Some((message, help)) = reader.open_list(*first) {
                    st.warn(line, column, message, help);
                }
            }
            Event::Start(Tag::Item) => {
                lists.item(reader.stack.len() == 1);
                let listed = (numbered && numbering == Numbering::Lists && reader.in_top_ordered_list())
                    .then(|| reader.list_item(&body_text[range.clone()]))
                    .flatten();
                if let Some(n) = listed.clone() {
                    let p = st.add(index, n, line, column);
                    in_para = Some((p, Block::Item));
                    warn_inner_numbers(&mut st, &lines, at, &body_text[range.clone()]);
                } else if numbered && reader.may_number() {
                    if let Some((n, _)) = reader.heading_number.take() {
                        let p = st.add(index, n.clone(), line, column);
                        in_para = Some((p, Block::Item));
                        reader.stack.push(Container::Item { number: Some(n), last_sub: None });
                        st.body.events.push(event);
                        continue;
                    }
                    pending = Some((index, Block::Item, line, column));
                    pending_range = range.clone();
                }
                reader.stack.push(Container::Item { number: listed, last_sub: None });
            }
            Event::Start(Tag::BlockQuote(_) | Tag::Table(_) | Tag::FootnoteDefinition(_)) => {
                reader.stack.push(Container::Other)
            }
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Table | TagEnd::FootnoteDefinition) => {
                reader.stack.pop();
                lists.end(reader.stack.is_empty());
            }
            Event::End(TagEnd::Item) => {
                reader.stack.pop();
                if matches!(in_para, Some((_, Block::Item))) {
                    in_para = None;
                }
            }
            Event::Start(Tag::Paragraph) if numbered && reader.may_number() && !item_paragraph => {
                pending_range = range.clone();
                if reader.stack.is_empty() {
                    lists.paragraph(&body_text[range.clone()], line);
                }
                if numbering == Numbering::Auto && reader.stack.is_empty() && auto_section > 0 {
                    auto_para += 1;
                    let p = st.add(index, Number::plain(&[auto_section, auto_para]), line, column);
                    in_para = Some((p, Block::Paragraph));
                    pending = Some((index, Block::Paragraph, line, column));
                } else if let Some((n, _)) = reader.heading_number.take() {
                    let p = st.add(index, n, line, column);
                    in_para = Some((p, Block::Paragraph));
                } else {
                    pending = Some((index, Block::Paragraph, line, column));
                }
            }
            Event::End(TagEnd::Paragraph) => match in_para {
                Some((_, Block::Paragraph)) => in_para = None,
                Some((p, Block::Item)) => st.body.paragraphs[p].events.end = next_event(&st.body),
                None => {}
            },
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((index, heading_level(*level), line, String::new(), id.take()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, level, hline, htext, explicit)) = heading.take() {
                    let htext = htext.trim().to_string();
                    if let Some((n, nline)) = reader.heading_number.take() {
                        st.warn(
                            nline,
                            1,
                            format!("heading `{}` is only a number, but no paragraph follows it", n.shown),
                            "put the paragraph's text right after the heading".into(),
                        );
                    }
                    if numbered && numbering != Numbering::Auto && explicit.is_none() {
                        if let Some(n) = number_only(&htext) {
                            // The heading is the number of the paragraph after it, not a section.
                            st.body.events.truncate(start);
                            reader.heading_number = Some((n, hline));
                            continue;
                        }
                    }
                    reader.heading();
                    let mut number = None;
                    let mut shown = htext.clone();
                    if numbered && numbering == Numbering::Auto && level == 2 {
                        auto_section += 1;
                        auto_para = 0;
                        let n = Number::plain(&[auto_section]);
                        shown = format!("{n}. {htext}");
                        prepend_text(&mut st.body.events, start + 1, &format!("{n}. "));
                        number = Some(n);
                    } else if numbered {
                        number = section_prefix(&htext).map(|(n, _)| n);
                        if number.is_none() {
                            warn_unread_heading_number(&mut st, &htext, hline);
                        }
                    }
                    let explicit = explicit.filter(|id| explicit_id_ok(id, &ids, file, text, hline, &mut st.diags));
                    let base = match (&explicit, &number) {
                        (Some(id), _) => id.to_string(),
                        (None, Some(n)) => format!("section-{}", n.slug()),
                        // Words such as "Section 2" must not take section 2's id.
                        (None, None) => match slugify(&htext) {
                            s if GENERATED_ID_PREFIXES.iter().any(|p| s.starts_with(p)) => format!("heading-{s}"),
                            s => s,
                        },
                    };
                    let id = unique_id(&mut ids, base, hline);
                    if let Some(n) = &number {
                        if let Some(first) = st.seen.insert(n.clone(), hline) {
                            st.diags.push(
                                Diagnostic::error(file, hline, 1, format!("duplicate section number {n}"))
                                    .with_source(text)
                                    .with_help(format!("{n} is already used at line {first}")),
                            );
                        } else if numbering != Numbering::Auto {
                            st.sequence.push((n.clone(), hline, 1));
                        }
                    }
                    st.body.events.set_heading_id(start, &id);
                    st.body.headings.push(Heading { level, id, text: shown, number, line: hline });
                }
            }
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { has_pothole }, dest_url, .. }) => {
                citations.push(Citation {
                    event: index,
                    target: dest_url.trim().to_string(),
                    has_label: *has_pothole,
                    line,
                    column,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(len) = strip_next.take() {
                    // An escaped number (`13\.`) comes as more than one text event.
                    if len > t.len() {
                        strip_next = Some(len - t.len());
                    }
                    // Borrowed still when it was: the rest is in the source.
                    *t = match std::mem::replace(t, CowStr::Borrowed("")) {
                        CowStr::Borrowed(s) => CowStr::Borrowed(s.get(len.min(s.len())..).unwrap_or("")),
                        owned => CowStr::from(owned.get(len.min(owned.len())..).unwrap_or("").to_string()),
                    };
                }
                lists.text(t.len());
                if let Some(h) = heading.as_mut() {
                    h.3.push_str(t);
                }
                if let Some((p, _)) = in_para {
                    st.body.paragraphs[p].events.end = next_event(&st.body);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((p, _)) = in_para {
                    st.body.paragraphs[p].events.end = next_event(&st.body);
                }
                if let Some(h) = heading.as_mut() {
                    h.3.push(' ');
                }
            }
            _ => {}
        }
        register.event(&event, st.body.events.len(), line, column);
        st.body.events.push(event);
    }
    if let Some((n, line)) = reader.heading_number.take() {
        st.warn(
            line,
            1,
            format!("heading `{}` is only a number, but no paragraph follows it", n.shown),
            "put the paragraph's text right after the heading".into(),
        );
    }
    if numbered && numbering == Numbering::Manual && st.body.paragraphs.is_empty() {
        if let Some((line, first, last, escaped)) = lists.suggestion() {
            let what = if escaped { "escaped, so they are text" } else { "a list to Markdown" };
            st.warn(
                line,
                1,
                format!("paragraphs {first}. to {last}. read like numbered paragraphs, but their numbers are {what}"),
                "add `numbering: lists` to the front matter: then top-level ordered list items (`13. …`) and paragraphs starting `13\\. …` are numbered paragraphs".into(),
            );
        }
    }
    st.body.paragraphs.shrink_to_fit();
    st.body.events.fit();
    let (mut body, mut diags) = st.finish();
    diags.extend(lint.diags);
    body.links = lint.links;
    body.anchors = lint.anchors;
    register.finish(&mut body);
    (body, citations, diags)
}

/// The index the event being read will have: what a paragraph's words
/// run up to once it is one of them.
fn next_event(body: &Body) -> u32 {
    (body.events.len() + 1) as u32
}

fn prepend_text(events: &mut super::events::Events, at: usize, prefix: &str) {
    if at < events.len() {
        if let Event::Text(t) = events.get(at) {
            let text = format!("{prefix}{t}");
            events.set_text(at, &text);
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

/// Ids the page around a body has (the theme's skip link target, title and
/// contents heading): a heading may not take them.
pub const PAGE_IDS: [&str; 3] = ["main", "doc-title", "toc-heading"];

/// Id prefixes the generator gives out itself: numbered sections and
/// paragraphs, footnotes and the places that cite them.
pub const GENERATED_ID_PREFIXES: [&str; 4] = ["section-", "para-", "fn-", "fnref-"];

/// Whether `id`, written as `{#id}` on the heading at `line`, may be used:
/// not an id the generator gives to something else, and not one used
/// already on the page. Says why not.
fn explicit_id_ok(
    id: &str,
    ids: &HashMap<String, (usize, usize)>,
    file: &Path,
    text: &str,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let source = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let column = source.find("{#").map_or(1, |i| source[..i].chars().count() + 1);
    let problem = if let Some(prefix) = GENERATED_ID_PREFIXES.iter().find(|p| id.starts_with(*p)) {
        Some((
            format!("the id `{id}` is of the kind the site gives itself (`{prefix}…`)"),
            "choose an id that does not start with section-, para-, fn- or fnref-, or leave `{#…}` out".to_string(),
        ))
    } else {
        ids.get(id).map(|(_, first)| match first {
            0 => (format!("the id `{id}` is used by the page itself"), "choose another id".to_string()),
            _ => (format!("the id `{id}` is used twice on this page"), format!("it is already the id of line {first}")),
        })
    };
    match problem {
        Some((message, help)) => {
            diags.push(Diagnostic::error(file, line, column, message).with_source(text).with_help(help));
            false
        }
        None => true,
    }
}

/// `base`, or `base-2`, `base-3`… when the page has it already.
fn unique_id(ids: &mut HashMap<String, (usize, usize)>, base: String, line: usize) -> String {
    let entry = ids.entry(base.clone()).or_insert((0, line));
    entry.0 += 1;
    if entry.0 == 1 {
        return base;
    }
    let id = format!("{base}-{}", entry.0);
    ids.entry(id.clone()).or_insert((1, line));
    id
}

/// "2. Initial Findings" → "2-initial-findings": an id made of the words.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "heading".into()
    } else {
        out
    }
}

/// Whether [`fold_whitespace`] would give `s` back as it is: most
/// paragraphs' text, found so by searches that look at many bytes at once.
fn is_folded(s: &str) -> bool {
    let b = s.as_bytes();
    s.is_ascii()
        && b.first() != Some(&b' ')
        && b.last() != Some(&b' ')
        && memchr::memchr3(b'\t', b'\n', b'\r', b).is_none()
        && memchr::memchr2(0x0B, 0x0C, b).is_none()
        && memchr::memmem::find(b, b"  ").is_none()
}

/// Runs of whitespace become one space; ends are trimmed.
pub fn fold_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if s.is_ascii() {
        // Every paragraph's text comes here: words copied whole for the usual case.
        let b = s.as_bytes();
        let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && space(b[i]) {
                i += 1;
            }
            let start = i;
            while i < b.len() && !space(b[i]) {
                i += 1;
            }
            if start < i {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&s[start..i]);
            }
        }
        return out;
    }
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod lines_tests {
    use super::Lines;

    #[test]
    fn positions_asked_in_any_order_match_counting_from_the_line_start() {
        let text = "1.1 A ünïcode — paragraph, long enough.\n\n2.1 Second [[x]] line é.\nlast";
        let lines = Lines::new(text);
        let naive = |offset: usize| {
            let line = text[..offset].matches('\n').count() + 1;
            let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            (line, text[start..offset].chars().count() + 1)
        };
        let offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        // Forwards, backwards and jumping about, as a parser's events do.
        let order = offsets
            .iter()
            .chain(offsets.iter().rev())
            .chain(offsets.iter().step_by(7))
            .chain(offsets.iter().rev().step_by(3));
        for &o in order {
            assert_eq!(lines.position(o), naive(o), "offset {o}");
        }
    }

    #[test]
    fn text_said_to_be_folded_folds_to_itself() {
        let cases = ["", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\rb", "a\x0bb", "a\x0cb", "é b", "a\u{a0}b"];
        for s in cases {
            if super::is_folded(s) {
                assert_eq!(super::fold_whitespace(s), s, "{s:?}");
            }
        }
        assert!(super::is_folded("1.1 A plain paragraph."));
        assert!(!super::is_folded("two  spaces"));
    }
}

#[cfg(test)]
mod marks_tests {
    use super::{Mark, Marks};
    use std::collections::BTreeMap;

    fn shown(m: &Mark) -> String {
        match m {
            Mark::Paragraph(p) => format!("p{p}"),
            Mark::Anchor(a) => format!("a{a}"),
            Mark::Link(_) => "link".into(),
        }
    }

    #[test]
    fn marks_keep_the_order_and_the_last_word_a_map_would() {
        let mut marks = Marks::default();
        let mut map = BTreeMap::new();
        // In order, out of order, at an index already marked; then a batch.
        for (at, p) in [(3, 0), (9, 1), (5, 2), (9, 3), (0, 4), (12, 5)] {
            marks.insert(at, Mark::Paragraph(p));
            map.insert(at, Mark::Paragraph(p));
        }
        let batch = [(7, "x"), (3, "y"), (20, "z"), (7, "w"), (1, "v")];
        marks.merge(batch.iter().map(|(at, a)| (*at, Mark::Anchor(a.to_string()))));
        for (at, a) in batch {
            map.insert(at, Mark::Anchor(a.to_string()));
        }
        let list: Vec<(usize, String)> = marks.iter().map(|(at, m)| (*at, shown(m))).collect();
        let want: Vec<(usize, String)> = map.iter().map(|(at, m)| (*at, shown(m))).collect();
        assert_eq!(list, want);
        assert_eq!(marks.get(&7).map(shown), Some("aw".to_string()));
        assert!(marks.get(&8).is_none());
        let range: Vec<usize> = marks.range(3..12).map(|(at, _)| *at).collect();
        assert_eq!(range, [3, 5, 7, 9]);
        assert_eq!(marks.len(), map.len());
    }
}
