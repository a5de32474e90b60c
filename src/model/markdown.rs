//! Markdown bodies: one pass over pulldown-cmark's events that finds numbered
//! paragraphs, sections, headings and citations, and keeps the events for render.

use super::numbers::{paragraph_prefix, section_prefix, Number};
use crate::diagnostic::Diagnostic;
use crate::load::raw::Numbering;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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
    /// The words, without the number, as plain text.
    pub text: String,
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
    pub events: Vec<Event<'static>>,
    pub marks: BTreeMap<usize, Mark>,
    pub paragraphs: Vec<Paragraph>,
    pub headings: Vec<Heading>,
}

impl Body {
    /// The paragraph numbered `n`, if any.
    pub fn paragraph(&self, n: &Number) -> Option<&Paragraph> {
        self.paragraphs.iter().find(|p| &p.number == n)
    }
}

/// Maps byte offsets of a file to 1-based lines and columns.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { text, starts }
    }

    /// (line, column) of byte `offset`, the column counted in characters.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

/// Parses the body of `text` (starting at byte `body_offset`) from `file`.
/// `numbered` is false for meeting notes, whose paragraphs carry no numbers.
pub fn parse(
    file: &Path,
    text: &str,
    body_offset: usize,
    numbering: Numbering,
    numbered: bool,
) -> (Body, Vec<Citation>, Vec<Diagnostic>) {
    let lines = Lines::new(text);
    let body_text = &text[body_offset..];
    let mut body = Body::default();
    let mut citations = Vec::new();
    let mut diags = Vec::new();
    let mut depth = 0usize; // container depth: lists, quotes, tables
    let mut strip_next: Option<usize> = None; // bytes of number to cut from the next text
    let mut in_para: Option<usize> = None; // index into body.paragraphs
    let mut heading: Option<(usize, u8, usize, String, Option<CowStr<'static>>)> = None;
    let mut auto_section = 0u32;
    let mut auto_para = 0u32;
    let mut seen: HashMap<Number, usize> = HashMap::new();
    // id → (uses, first line); line 0 for the ids of the page around the body.
    let mut ids: HashMap<String, (usize, usize)> = PAGE_IDS.iter().map(|id| (id.to_string(), (1, 0))).collect();
    let mut sequence: Vec<(Number, usize, usize)> = Vec::new(); // number, line, column

    for (event, range) in Parser::new_ext(body_text, options()).into_offset_iter() {
        let at = body_offset + range.start;
        let (line, column) = lines.position(at);
        let index = body.events.len();
        let mut event = event.into_static();
        match &mut event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::Table(_) | Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Table | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            Event::Start(Tag::Paragraph) if numbered && depth == 0 => {
                let source = &body_text[range.clone()];
                let found = match numbering {
                    Numbering::Manual => paragraph_prefix(source).map(|(n, len)| (n, Some(len))),
                    Numbering::Auto if auto_section > 0 => {
                        auto_para += 1;
                        Some((Number(vec![auto_section, auto_para]), None))
                    }
                    Numbering::Auto => None,
                };
                if let Some((number, strip)) = found {
                    if numbering == Numbering::Manual {
                        warn_inner_numbers(file, text, &lines, at, source, &mut diags);
                    }
                    strip_next = strip;
                    let id = format!("para-{number}");
                    if let Some(first) = seen.insert(number.clone(), line) {
                        diags.push(
                            Diagnostic::error(file, line, column, format!("duplicate paragraph number {number}"))
                                .with_source(text)
                                .with_help(format!("{number} is already used at line {first}")),
                        );
                    } else if numbering == Numbering::Manual {
                        // Automatic numbers run in order by construction.
                        sequence.push((number.clone(), line, column));
                    }
                    body.marks.insert(index, Mark::Paragraph(body.paragraphs.len()));
                    in_para = Some(body.paragraphs.len());
                    body.paragraphs.push(Paragraph { number, id, text: String::new(), line });
                }
            }
            Event::End(TagEnd::Paragraph) => in_para = None,
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((index, heading_level(*level), line, String::new(), id.take()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, level, hline, htext, explicit)) = heading.take() {
                    let htext = htext.trim().to_string();
                    let mut number = None;
                    let mut shown = htext.clone();
                    if numbered && numbering == Numbering::Auto && level == 2 {
                        auto_section += 1;
                        auto_para = 0;
                        let n = Number(vec![auto_section]);
                        shown = format!("{n}. {htext}");
                        prepend_text(&mut body.events[start + 1..], &format!("{n}. "));
                        number = Some(n);
                    } else if numbered && numbering == Numbering::Manual {
                        number = section_prefix(&htext).map(|(n, _)| n);
                    }
                    let explicit = explicit.filter(|id| explicit_id_ok(id, &ids, file, text, hline, &mut diags));
                    let base = match (&explicit, &number) {
                        (Some(id), _) => id.to_string(),
                        (None, Some(n)) => format!("section-{n}"),
                        // Words such as "Section 2" must not take section 2's id.
                        (None, None) => match slugify(&htext) {
                            s if GENERATED_ID_PREFIXES.iter().any(|p| s.starts_with(p)) => format!("heading-{s}"),
                            s => s,
                        },
                    };
                    let id = unique_id(&mut ids, base, hline);
                    if let Some(n) = &number {
                        if let Some(first) = seen.insert(n.clone(), hline) {
                            let (l, c) = (hline, 1);
                            diags.push(
                                Diagnostic::error(file, l, c, format!("duplicate section number {n}"))
                                    .with_source(text)
                                    .with_help(format!("{n} is already used at line {first}")),
                            );
                        } else if numbering == Numbering::Manual {
                            sequence.push((n.clone(), hline, 1));
                        }
                    }
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut body.events[start] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    body.headings.push(Heading { level, id, text: shown, number, line: hline });
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
                    let rest = t.get(len..).unwrap_or("").to_string();
                    *t = CowStr::from(rest);
                }
                if let Some(h) = heading.as_mut() {
                    h.3.push_str(t);
                }
                if let Some(p) = in_para {
                    body.paragraphs[p].text.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = in_para {
                    body.paragraphs[p].text.push(' ');
                }
                if let Some(h) = heading.as_mut() {
                    h.3.push(' ');
                }
            }
            _ => {}
        }
        body.events.push(event);
    }
    for p in &mut body.paragraphs {
        p.text = fold_whitespace(&p.text);
    }
    check_sequence(file, text, &sequence, &mut diags);
    (body, citations, diags)
}

/// A line inside a paragraph that starts with a number was almost always
/// meant as a paragraph of its own.
fn warn_inner_numbers(file: &Path, text: &str, lines: &Lines, at: usize, source: &str, diags: &mut Vec<Diagnostic>) {
    let mut offset = 0;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        if i > 0 {
            if let Some((n, _)) = paragraph_prefix(l.trim_start()) {
                let (line, _) = lines.position(at + offset);
                diags.push(
                    Diagnostic::warning(file, line, 1, format!("paragraph number {n} inside the paragraph above"))
                        .with_source(text)
                        .with_help("leave a blank line before it to make it a numbered paragraph of its own"),
                );
            }
        }
        offset += l.len();
    }
}

fn check_sequence(file: &Path, text: &str, seq: &[(Number, usize, usize)], diags: &mut Vec<Diagnostic>) {
    for pair in seq.windows(2) {
        let ((prev, _, _), (n, line, column)) = (&pair[0], &pair[1]);
        if n.follows(prev) {
            continue;
        }
        let message = if n < prev {
            format!("paragraph {n} is out of order: it comes after {prev}")
        } else {
            format!("gap in paragraph numbers: {n} comes after {prev}")
        };
        diags.push(Diagnostic::warning(file, *line, *column, message).with_source(text));
    }
}

fn prepend_text(events: &mut [Event<'static>], prefix: &str) {
    if let Some(Event::Text(t)) = events.first_mut() {
        *t = CowStr::from(format!("{prefix}{t}"));
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

/// Runs of whitespace become one space; ends are trimmed.
pub fn fold_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
