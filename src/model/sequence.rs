//! Gathering a document's numbered paragraphs, and the checks on their
//! sequence: duplicates, gaps and order, numbers run into the paragraph
//! above, and the hint that a document's one-part numbers need `numbering: lists`.

use super::forms::escaped;
use super::markdown::{Body, Lines, Mark, Paragraph};
use super::numbers::{lead, paragraph_prefix, Lead, LeadKind, Number};
use crate::diagnostic::Diagnostic;
use std::collections::HashMap;
use std::path::Path;

/// Where numbered paragraphs are gathered as a body is read.
pub struct Numbered<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub body: Body,
    pub diags: Vec<Diagnostic>,
    pub seen: HashMap<Number, usize>,
    /// Main numbers in order, for the gap and order checks: number, line, column.
    pub sequence: Vec<(Number, usize, usize)>,
    /// One-part paragraph numbers (`13.`, `##### 13`) run on their own,
    /// apart from section numbers (`## 2. Findings`): their own duplicates and sequence.
    seen_top: HashMap<Number, usize>,
    top: Vec<(Number, usize, usize)>,
    /// False under `numbering: auto`, whose numbers run in order by construction
    /// (sections restart the paragraph count, which is no gap).
    pub check_order: bool,
}

impl<'a> Numbered<'a> {
    /// Gathers the numbered paragraphs of `file`, whose whole text is `text`.
    pub fn new(file: &'a Path, text: &'a str) -> Self {
        Numbered {
            file,
            text,
            body: Body::default(),
            diags: Vec::new(),
            seen: HashMap::new(),
            sequence: Vec::new(),
            seen_top: HashMap::new(),
            top: Vec::new(),
            check_order: true,
        }
    }

    /// Makes the block starting at event `index` numbered paragraph `number`.
    pub fn add(&mut self, index: usize, number: Number, line: usize, column: usize) -> usize {
        let one_part = number.parts.len() == 1 && number.prefix.is_empty() && number.subs.is_empty();
        let (seen, sequence) =
            if one_part { (&mut self.seen_top, &mut self.top) } else { (&mut self.seen, &mut self.sequence) };
        if let Some(first) = seen.insert(number.clone(), line) {
            self.diags.push(
                Diagnostic::error(self.file, line, column, format!("duplicate paragraph number {number}"))
                    .with_source(self.text)
                    .with_help(format!("{number} is already used at line {first}")),
            );
        } else if number.subs.is_empty() && self.check_order {
            sequence.push((number.clone(), line, column));
        }
        let p = self.body.paragraphs.len();
        self.body.marks.insert(index, Mark::Paragraph(p));
        let id = format!("para-{}", number.slug());
        let at = index as u32;
        self.body.paragraphs.push(Paragraph { number, id, events: at..at, line });
        p
    }

    /// Runs the gap and order checks; the body and every diagnostic.
    pub fn finish(mut self) -> (Body, Vec<Diagnostic>) {
        check_sequence(self.file, self.text, &self.sequence, &mut self.diags);
        check_sequence(self.file, self.text, &self.top, &mut self.diags);
        (self.body, self.diags)
    }

    /// A warning at `line`:`column` of this file.
    pub fn warn(&mut self, line: usize, column: usize, message: String, help: String) {
        self.diags.push(Diagnostic::warning(self.file, line, column, message).with_source(self.text).with_help(help));
    }
}

/// Top-level ordered lists of long items, for suggesting `numbering: lists`
/// in a document that has no numbered paragraphs.
#[derive(Default)]
pub struct ListHint {
    /// line, first number, items, characters of text
    lists: Vec<(usize, u64, u64, usize)>,
    open: bool,
    /// Paragraphs starting with an escaped one-part number (`13\. The…`,
    /// as converters write them): line and number.
    escaped: Vec<(usize, u64)>,
}

impl ListHint {
    /// A list starts; `top_ordered` is its first number if it is a top-level ordered list.
    pub fn start(&mut self, top_ordered: Option<u64>, line: usize) {
        if let Some(first) = top_ordered {
            self.lists.push((line, first, 0, 0));
            self.open = true;
        }
    }
    /// A top-level paragraph starts with the source `source`.
    pub fn paragraph(&mut self, source: &str, line: usize) {
        let digits = source.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && source[digits..].starts_with("\\. ") {
            if let Ok(n) = source[..digits].parse() {
                self.escaped.push((line, n));
            }
        }
    }
    /// A list item starts; `top` when it is an item of a top-level list.
    pub fn item(&mut self, top: bool) {
        if let (true, true, Some(l)) = (self.open, top, self.lists.last_mut()) {
            l.2 += 1;
        }
    }
    /// Text of `len` bytes.
    pub fn text(&mut self, len: usize) {
        if let (true, Some(l)) = (self.open, self.lists.last_mut()) {
            l.3 += len;
        }
    }
    /// A container ends; `top` when no container is open any more.
    pub fn end(&mut self, top: bool) {
        if top {
            self.open = false;
        }
    }
    /// Where the lists start, and their first and last numbers, when there
    /// are two or more items averaging 80 characters or more.
    /// The last item says whether the numbers were escaped paragraphs.
    pub fn suggestion(&self) -> Option<(usize, u64, u64, bool)> {
        if let [(line, first), .., (_, last)] = self.escaped.as_slice() {
            return Some((*line, *first, *last, true));
        }
        let long: Vec<_> = self.lists.iter().filter(|l| l.2 >= 1 && l.3 as u64 / l.2 >= 80).collect();
        let items: u64 = long.iter().map(|l| l.2).sum();
        let (first, last) = (long.first()?, long.last()?);
        (items >= 2).then_some((first.0, first.1, last.1 + last.2 - 1, false))
    }
}

/// A line inside a numbered paragraph that starts with a number was
/// almost always meant as a paragraph of its own.
pub fn warn_inner_numbers(st: &mut Numbered, lines: &Lines, at: usize, source: &str) {
    let mut offset = 0;
    let mut after_blank = false;
    for (i, l) in source.split_inclusive('\n').enumerate() {
        let start = l.trim_start();
        let found = match lead(start) {
            _ if i == 0 || after_blank => None,
            Some(Lead { kind: LeadKind::Sub(label), blocked: false, .. }) => {
                Some((format!("sub-paragraph ({label})"), "a sub-paragraph"))
            }
            _ => paragraph_prefix(start).map(|(n, _)| (format!("paragraph number {n}"), "a numbered paragraph")),
        };
        if let Some((what, kind)) = found {
            let (line, _) = lines.position(at + offset);
            st.warn(
                line,
                1,
                format!("{what} inside the paragraph above"),
                format!("leave a blank line before it to make it {kind} of its own"),
            );
        }
        after_blank = start.trim().is_empty();
        offset += l.len();
    }
}

/// Gaps and numbers out of order, with how to escape a number that is text.
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
        let help = format!(
            "if `{}` is not a paragraph number but part of the sentence (a year, an amount), write `{}`",
            n.shown,
            escaped(&n.shown)
        );
        diags.push(Diagnostic::warning(file, *line, *column, message).with_source(text).with_help(help));
    }
}
