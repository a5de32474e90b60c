//! Which blocks of a document are numbered paragraphs, under the document's
//! form (`numbering:` in front matter): numbers written at the start of
//! paragraphs and list items, headings that are only a number, top-level
//! ordered list items (`numbering: lists`), and `(a)`/`(ii)` sub-paragraphs
//! under the numbered paragraph they belong to.

use super::numbers::{is_amount, lead, sub_label, LeadKind, Number, Sub};
use super::sequence::Numbered;
use crate::load::raw::Numbering;

/// An open container block, innermost last.
#[derive(Debug, Clone)]
pub enum Container {
    /// A list: whether it is ordered (and, at the top under `numbering:
    /// lists`, its items are paragraphs), and the next item's number.
    List { ordered: bool, next: u64 },
    /// A list item, with its number if it is a numbered paragraph, and the
    /// last sub-paragraph label under it.
    Item { number: Option<Number>, last_sub: Option<Sub> },
    /// A block quote, table or footnote: nothing inside is numbered.
    Other,
}

/// The kind of block a number was found for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    Paragraph,
    Item,
}

/// What the reader decided about the start of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A numbered paragraph: its number and how many bytes of text to cut.
    Number(Number, usize),
    /// Not a number under this form, but it looks like one: a warning.
    LooksLike {
        message: String,
        help: String,
    },
    Nothing,
}

/// The state of numbering as a document is read, block by block.
#[derive(Debug)]
pub struct Reader {
    pub form: Numbering,
    pub stack: Vec<Container>,
    /// The last numbered paragraph without a sub-paragraph label: the parent
    /// of `(a)` paragraphs that are not inside a numbered list item.
    last_main: Option<Number>,
    /// The `(a)(ii)` labels after `last_main`, one per level.
    chain: Vec<Sub>,
    /// A heading that was only a number, waiting for its paragraph.
    pub heading_number: Option<(Number, usize)>,
    /// Sequence warnings of sub-paragraphs (message, help), for the caller
    /// to place at the block's line.
    pub warnings: Vec<(String, String)>,
    /// Whether any numbered paragraph came before.
    any: bool,
    /// The last one-part number, which an escaped `14\.` must follow.
    last_top: Option<u32>,
    /// Every one-part number so far, to notice a list that starts again.
    used_top: std::collections::HashSet<u32>,
}

impl Reader {
    /// A reader for a document numbered as `form`.
    pub fn new(form: Numbering) -> Self {
        Reader {
            form,
            stack: Vec::new(),
            last_main: None,
            chain: Vec::new(),
            heading_number: None,
            warnings: Vec::new(),
            any: false,
            last_top: None,
            used_top: std::collections::HashSet::new(),
        }
    }

    /// Whether a block starting now may be a numbered paragraph: not inside
    /// a quote, table or footnote.
    pub fn may_number(&self) -> bool {
        !self.stack.iter().any(|c| matches!(c, Container::Other))
    }

    /// Opens a list; `first` is an ordered list's first number. Under
    /// `numbering: lists`, a top-level list that starts again at a number
    /// already used (a summary of recommendations numbered from 1) is an
    /// ordinary list: the warning to give comes back.
    pub fn open_list(&mut self, first: Option<u64>) -> Option<(String, String)> {
        let mut ordered = first.is_some();
        let mut warning = None;
        if let (Numbering::Lists, true, Some(n)) = (self.form, self.stack.is_empty(), first) {
            if u32::try_from(n).is_ok_and(|n| self.used_top.contains(&n)) {
                ordered = false;
                warning = Some((
                    format!("this list starts again at {n}., which is already a paragraph number, so its items are read as a list, not as paragraphs"),
                    "number the items on from the paragraphs before them if they are paragraphs too; as a list they are fine".to_string(),
                ));
            }
        }
        self.stack.push(Container::List { ordered, next: first.unwrap_or(1) });
        warning
    }

    /// Whether the innermost container is a top-level ordered list whose
    /// items are numbered paragraphs under `numbering: lists`.
    pub fn in_top_ordered_list(&self) -> bool {
        matches!(self.stack.as_slice(), [Container::List { ordered: true, .. }])
    }

    /// A heading other than a number-only one ends the run of sub-paragraphs.
    pub fn heading(&mut self) {
        self.last_main = None;
        self.chain.clear();
    }

    /// The number of a top-level ordered list item under `numbering: lists`:
    /// the number written in `source` (`13.` or `13)`), which CommonMark itself
    /// ignores after a list's first item.
    pub fn list_item(&mut self, source: &str) -> Option<Number> {
        let Some(Container::List { next, .. }) = self.stack.last_mut() else { return None };
        let digits = source.bytes().take_while(u8::is_ascii_digit).count();
        let value = source[..digits].parse().ok().or_else(|| u32::try_from(*next).ok())?;
        *next = u64::from(value) + 1;
        let mut n = Number::plain(&[value]);
        n.shown = source.get(..digits + 1).filter(|s| s.ends_with(['.', ')'])).unwrap_or(&n.shown).to_string();
        self.numbered(&n);
        Some(n)
    }

    /// Reads the start of a block: `source` is the source line where its
    /// text begins (escapes still in it), `text` the text event it begins with.
    pub fn read(&mut self, block: Block, source: &str, text: &str) -> Found {
        if self.form == Numbering::Lists && self.stack.is_empty() {
            if let Some(found) = self.escaped_one_part(source) {
                return found;
            }
        }
        let Some(l) = lead(source) else { return Found::Nothing };
        let cut = lead(text).map_or(0, |t| t.cut);
        match &l.kind {
            LeadKind::Sub(label) => {
                if l.blocked || self.form == Numbering::Auto {
                    return Found::Nothing;
                }
                match self.sub(label) {
                    Some(n) => Found::Number(n, cut),
                    // A page of lettered points with no numbered paragraphs is fine as it is.
                    None if !self.any => Found::Nothing,
                    None => Found::LooksLike {
                        message: format!("`({label})` starts a sub-paragraph, but no numbered paragraph is above it"),
                        help: format!(
                            "number the paragraph it belongs to, or write `\\({label})` to keep the brackets as text"
                        ),
                    },
                }
            }
            LeadKind::Main(n) if l.is_paragraph_number() => {
                let rest = &source[l.len..];
                if is_amount(rest) {
                    return Found::Nothing;
                }
                let escape = || escaped(&n.shown);
                if l.blocked {
                    let next = rest.chars().next().unwrap_or(' ');
                    return Found::LooksLike {
                        message: format!("`{}{next}` looks like a paragraph number, but is not read as one", n.shown),
                        help: format!(
                            "put a space after `{}` to make it the paragraph's number, or write `{}` to keep it as text",
                            n.shown,
                            escape()
                        ),
                    };
                }
                if self.form == Numbering::Auto {
                    let what = if block == Block::Item { "list item" } else { "paragraph" };
                    return Found::LooksLike {
                        message: format!(
                            "this {what} starts with `{}`, but the document is numbered automatically (`numbering: auto`)",
                            n.shown
                        ),
                        help: format!(
                            "remove the number, or write `{}` if it belongs to the sentence, or set `numbering: manual`",
                            escape()
                        ),
                    };
                }
                self.numbered(n);
                Found::Number(n.clone(), cut)
            }
            LeadKind::Main(_) => Found::Nothing,
        }
    }

    /// `13\. The Committee…` under `numbering: lists`: a one-part number
    /// escaped so that it is not a list (converters such as pandoc write them
    /// so). It is the paragraph's number when it follows the one before.
    fn escaped_one_part(&mut self, source: &str) -> Option<Found> {
        let digits = source.bytes().take_while(u8::is_ascii_digit).count();
        let rest = source[digits..].strip_prefix("\\.")?;
        let spaces = rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
        if digits == 0 || digits > 6 || spaces == 0 {
            return None;
        }
        let value: u32 = source[..digits].parse().ok()?;
        let fits = self.last_top.is_none_or(|last| value == last + 1);
        if !fits {
            // An escaped year or amount after the last paragraph number: text, as written.
            return Some(Found::Nothing);
        }
        let mut n = Number::plain(&[value]);
        n.shown = format!("{value}.");
        self.numbered(&n);
        Some(Found::Number(n, digits + 1 + spaces))
    }

    /// Records a main number as the parent of the sub-paragraphs after it.
    fn numbered(&mut self, n: &Number) {
        self.any = true;
        if n.parts.len() == 1 && n.prefix.is_empty() && n.subs.is_empty() {
            self.last_top = Some(n.parts[0].value);
            self.used_top.insert(n.parts[0].value);
        }
        if n.subs.is_empty() {
            self.last_main = Some(n.clone());
            self.chain.clear();
        }
    }

    /// The number of sub-paragraph `label`: under the numbered list item that
    /// holds it, else under the last numbered paragraph, at the level its
    /// style says (`(i)` under `(a)`, `(b)` back up beside `(a)`).
    fn sub(&mut self, label: &str) -> Option<Number> {
        let item = self.stack.iter_mut().rev().find_map(|c| match c {
            Container::Item { number: Some(n), last_sub } => Some((n.clone(), last_sub)),
            _ => None,
        });
        if let Some((parent, last)) = item {
            let sub = sub_label(label, last.as_ref())?;
            let prev = last.replace(sub.clone());
            let n = parent.with_sub(sub, &format!("({label})"));
            self.check_sub(&n, prev.as_ref());
            return Some(n);
        }
        let parent = self.last_main.clone()?;
        let letter_level = self.chain.iter().position(|p| {
            sub_label(label, Some(p)).is_some_and(|s| s.style == p.style && s.style == super::numbers::SubStyle::Letter)
        });
        let fresh = sub_label(label, None)?;
        let level = letter_level
            .or_else(|| self.chain.iter().rposition(|p| p.style == fresh.style))
            .unwrap_or(self.chain.len());
        let prev = self.chain.get(level).cloned();
        let sub = sub_label(label, prev.as_ref())?;
        self.chain.truncate(level);
        self.chain.push(sub);
        let mut n = parent;
        n.subs = self.chain.clone();
        n.shown = format!("({label})");
        self.check_sub(&n, prev.as_ref());
        Some(n)
    }

    /// Sub-paragraphs run `(a)`, `(b)`, … from the first under each parent.
    fn check_sub(&mut self, n: &Number, prev: Option<&Sub>) {
        let Some(last) = n.subs.last() else { return };
        let (ok, after) = match prev {
            Some(p) if p.style == last.style => (last.value == p.value + 1, format!("comes after ({})", p.label)),
            _ => (last.value == 1, "is the first under its paragraph".to_string()),
        };
        if !ok {
            self.warnings.push((
                format!("sub-paragraph {n} {after}"),
                format!("if `{}` is not a sub-paragraph label, write `{}`", n.shown, escaped(&n.shown)),
            ));
        }
    }
}

/// The number as it must be written to stay text: `3\.5`, `2016\.`, `\(a)`.
pub fn escaped(shown: &str) -> String {
    match shown.find('.') {
        Some(i) => format!("{}\\{}", &shown[..i], &shown[i..]),
        None if shown.starts_with('(') => format!("\\{shown}"),
        None => shown.to_string(),
    }
}

/// A heading that starts with what looks like a section number
/// (`### 2.1: Scope`) but is not read as one.
pub fn warn_unread_heading_number(st: &mut Numbered, htext: &str, line: usize) {
    let Some(l) = lead(htext) else { return };
    if l.is_paragraph_number() && l.blocked {
        let written = &htext[..l.len];
        let next = htext[l.len..].chars().next().unwrap_or(' ');
        st.warn(
            line,
            1,
            format!(
                "this heading starts with `{written}{next}`, which looks like a section number but is not read as one"
            ),
            format!(
                "put a space after `{written}` to number the section, or write `{}` to keep it as text",
                escaped(written)
            ),
        );
    }
}

/// A heading whose whole text is a number (`##### 13`, `### 2.1.3`).
pub fn number_only(htext: &str) -> Option<Number> {
    let l = lead(htext)?;
    let LeadKind::Main(n) = l.kind else { return None };
    (l.len == htext.len()).then_some(n)
}
