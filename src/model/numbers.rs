//! The paragraph number grammar, in one place: what a number at the start of
//! a block may look like, how it is shown, its id, and which may follow which.
//!
//! ```text
//! number  = [prefix "."] part ("." part)* ["."] sub*      2.1.3  6.12.  A.2.5  S1.2  3.1A
//! prefix  = 1-3 capitals [digits]                         A  S1  AB
//! part    = digits [1-2 capitals]                         01  12  1A (an inserted paragraph)
//! sub     = "(" letter | roman ")"                        (a)  (ii)
//! ```
//!
//! Ids: `para-` + the number with leading zeros and the trailing dot dropped, each
//! sub-paragraph after a hyphen: `2.1.3` → `para-2.1.3`, `01.1` → `para-1.1`,
//! `A.2.5` → `para-A.2.5`, `3.1A` → `para-3.1A`, `13(a)(ii)` → `para-13-a-ii`.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// One dotted part: its value and the capitals of an inserted number (`1A`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Part {
    pub value: u32,
    pub insert: String,
}

/// How a sub-paragraph is labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SubStyle {
    /// `(a)` … `(z)`
    Letter,
    /// `(i)`, `(ii)`, … `(xxxix)`
    Roman,
    /// `(1)`, `(2)`, as legislation numbers subsections
    Digit,
    /// `(A)` … `(Z)`
    Upper,
}

/// A sub-paragraph label: `(a)` is letter 1, `(ii)` roman 2, `(3)` digit 3.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sub {
    /// The label as written, without brackets: "a", "ii", "3", "B".
    pub label: String,
    pub style: SubStyle,
    pub value: u32,
}

/// A paragraph or section number. Equal numbers are the same paragraph
/// however written (`01.1` = `1.1`, `6.12.` = `6.12`).
#[derive(Debug, Clone)]
pub struct Number {
    /// Capitals (and digits) before the first dot: `A` in `A.2.5`, `S1` in `S1.2`.
    pub prefix: String,
    pub parts: Vec<Part>,
    pub subs: Vec<Sub>,
    /// What the page shows, exactly as written: "6.12.", "01.1", "13.", "(a)".
    pub shown: String,
}

impl Number {
    /// A plain number such as `2.1` (automatic numbering).
    pub fn plain(values: &[u32]) -> Number {
        let parts: Vec<Part> = values.iter().map(|&value| Part { value, insert: String::new() }).collect();
        let mut n = Number { prefix: String::new(), parts, subs: Vec::new(), shown: String::new() };
        n.shown = n.to_string();
        n
    }

    /// Parses a whole number as a citation writes it: `2.1.3`, `6.12.`,
    /// `A.2.5`, `3.1A`, `13(a)(ii)`; also an id's form, `13-a-ii`.
    pub fn parse(s: &str) -> Option<Number> {
        let s = s.trim();
        let (main, subs_text) = match s.find(['(', '-']) {
            Some(i) => s.split_at(i),
            None => (s, ""),
        };
        let lead = lead(main.trim_end_matches('.'))?;
        let LeadKind::Main(mut n) = lead.kind else { return None };
        if lead.len != main.trim_end_matches('.').len() {
            return None;
        }
        let mut rest = subs_text;
        while !rest.is_empty() {
            let (label, after) = if let Some(r) = rest.strip_prefix('(') {
                r.split_once(')')?
            } else {
                let r = rest.strip_prefix('-')?;
                r.split_at(r.find(['-', '(']).unwrap_or(r.len()))
            };
            let prev = n.subs.last();
            n.subs.push(sub_label(label, prev)?);
            rest = after;
        }
        n.shown = n.to_string();
        Some(n)
    }

    /// The number of the sub-paragraph `sub` under `self`, shown as `shown`.
    pub fn with_sub(&self, sub: Sub, shown: &str) -> Number {
        let mut n = self.clone();
        n.subs.push(sub);
        n.shown = shown.to_string();
        n
    }

    /// The id fragment after `para-` or `section-`.
    pub fn slug(&self) -> String {
        let mut s = String::with_capacity(self.prefix.len() + 4 * self.parts.len() + 2);
        self.push_slug(&mut s);
        s
    }

    /// [`Number::slug`], written at the end of `out` (a citation's address).
    pub fn push_slug(&self, out: &mut String) {
        self.push_main(out);
        for sub in &self.subs {
            out.push('-');
            out.push_str(&sub.label);
        }
    }

    /// How deep the number sits below a top-level paragraph: 0 for `13`
    /// and `2.1.3`, 1 for `13(a)`, 2 for `13(a)(ii)`.
    pub fn sub_depth(&self) -> usize {
        self.subs.len()
    }

    fn main(&self) -> String {
        // Made for every paragraph's id and citation: one allocation, no `format!`.
        let mut s = String::with_capacity(self.prefix.len() + 4 * self.parts.len() + 2);
        self.push_main(&mut s);
        s
    }

    fn push_main(&self, s: &mut String) {
        if !self.prefix.is_empty() {
            s.push_str(&self.prefix);
            s.push('.');
        }
        for (k, p) in self.parts.iter().enumerate() {
            if k > 0 {
                s.push('.');
            }
            push_u32(s, p.value);
            s.push_str(&p.insert);
        }
    }

    /// The labels of the sub-paragraphs: with the prefix and the parts, what
    /// makes two numbers the same paragraph (not how they were written).
    fn labels(&self) -> impl Iterator<Item = &str> {
        self.subs.iter().map(|s| s.label.as_str())
    }

    /// Whether `self` may directly follow `prev` in a document: the next
    /// sibling at some level (`3.2` or the inserted `3.1A` after `3.1`), the
    /// first child, or the first number of a new prefix (an appendix restarts).
    pub fn follows(&self, prev: &Number) -> bool {
        if self.prefix != prev.prefix {
            return true;
        }
        let (n, p) = (&self.parts, &prev.parts);
        let first = Part { value: 1, insert: String::new() };
        if n.len() == p.len() + 1 && n[..p.len()] == p[..] && n[p.len()] == first {
            return true;
        }
        if n.len() > p.len() || n[..n.len() - 1] != p[..n.len() - 1] {
            return false;
        }
        let (last, was) = (&n[n.len() - 1], &p[n.len() - 1]);
        (last.value == was.value + 1 && last.insert.is_empty())
            || (last.value == was.value && last.insert == next_insert(&was.insert))
    }
}

/// Writes `n` in decimal without the formatting machinery.
fn push_u32(s: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.extend(digits[at..].iter().map(|&d| d as char));
}

/// "" → "A", "A" → "B", "Z" → "ZA": the letters of the next inserted number.
fn next_insert(s: &str) -> String {
    match s.chars().last() {
        None => "A".into(),
        Some('Z') => format!("{s}A"),
        Some(c) => format!("{}{}", &s[..s.len() - 1], (c as u8 + 1) as char),
    }
}

impl PartialEq for Number {
    // Values first: most comparisons (a citation looking for its paragraph)
    // differ there, and empty strings need no byte comparison.
    fn eq(&self, other: &Self) -> bool {
        let same = |a: &str, b: &str| a.len() == b.len() && (a.is_empty() || a == b);
        self.parts.len() == other.parts.len()
            && self.parts.iter().zip(&other.parts).all(|(a, b)| a.value == b.value && same(&a.insert, &b.insert))
            && same(&self.prefix, &other.prefix)
            && self.subs.len() == other.subs.len()
            && self.labels().zip(other.labels()).all(|(a, b)| a == b)
    }
}
impl Eq for Number {}
impl Hash for Number {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.prefix.hash(state);
        self.parts.hash(state);
        self.labels().for_each(|l| l.hash(state));
    }
}
impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Number {
    /// By prefix, then parts; sub-paragraph labels only to agree with `Eq`.
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.prefix, &self.parts).cmp(&(&other.prefix, &other.parts)).then_with(|| self.labels().cmp(other.labels()))
    }
}

/// The citation form: `2.1.3`, `A.2.5`, `3.1A`, `13(a)(ii)`.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.main())?;
        for sub in &self.subs {
            f.write_str("(")?;
            f.write_str(&sub.label)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// What a block starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadKind {
    /// A dotted number, `13` or `2.1.3` or `A.2.5` (subs empty).
    Main(Number),
    /// A bracketed sub-paragraph label, `(a)` or `(ii)`; which one `(i)` is
    /// depends on what came before, so the label is kept as written.
    Sub(String),
}

/// A number found at the start of a block of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub kind: LeadKind,
    /// Bytes of the number as written, without what follows it.
    pub len: usize,
    /// Bytes to cut from the text: the number and the spaces after it.
    pub cut: usize,
    /// The number is glued to the word after it (`2.1.3Text`).
    pub glued: bool,
    /// What follows is not a space or a word (`2.1.3:`), so it is not a number of a paragraph.
    pub blocked: bool,
}

impl Lead {
    /// A dotted number of two or more parts, or a prefixed one: a number
    /// that stands for a paragraph wherever it starts a block.
    pub fn is_paragraph_number(&self) -> bool {
        matches!(&self.kind, LeadKind::Main(n) if n.parts.len() >= 2 || !n.prefix.is_empty())
    }
}

/// Reads the number at the start of `text`, if any: a dotted number
/// followed by spaces or glued to a capitalised word, or a bracketed label
/// followed by spaces. `blocked` says the number is followed by something else.
pub fn lead(text: &str) -> Option<Lead> {
    let b = text.as_bytes();
    if b.first() == Some(&b'(') {
        let close = text.find(')')?;
        let label = &text[1..close];
        sub_label(label, None)?;
        let (cut, _, blocked) = after(text, close + 1);
        return Some(Lead { kind: LeadKind::Sub(label.into()), len: close + 1, cut, glued: false, blocked });
    }
    let mut i = 0;
    let caps = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    let mut prefix = String::new();
    if (1..=3).contains(&caps) {
        let digits = b[caps..].iter().take_while(|c| c.is_ascii_digit()).count();
        if b.get(caps + digits) == Some(&b'.') && b.get(caps + digits + 1).is_some_and(u8::is_ascii_digit) {
            prefix = text[..caps + digits].to_string();
            i = caps + digits + 1;
        } else {
            return None;
        }
    }
    let mut parts = Vec::new();
    loop {
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 6 {
            return None;
        }
        let value: u32 = text[i..i + digits].parse().ok()?;
        i += digits;
        // Capitals right after the digits are an inserted number (`3.1A `)
        // only when a space, a dot or the end follows them.
        let caps = b[i..].iter().take_while(|c| c.is_ascii_uppercase()).count();
        let mut insert = String::new();
        if (1..=2).contains(&caps) && b.get(i + caps).is_none_or(|c| c.is_ascii_whitespace() || *c == b'.') {
            insert = text[i..i + caps].to_string();
            i += caps;
        }
        parts.push(Part { value, insert });
        if b.get(i) == Some(&b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
            continue;
        }
        break;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
    }
    let n = Number { prefix, parts, subs: Vec::new(), shown: text[..i].to_string() };
    let (cut, glued, blocked) = after(text, i);
    Some(Lead { kind: LeadKind::Main(n), len: i, cut, glued, blocked })
}

/// What follows a number ending at byte `i`: (bytes to cut, glued, blocked).
fn after(text: &str, i: usize) -> (usize, bool, bool) {
    let rest = &text[i..];
    // `&nbsp;` after a number is common in documents converted from HTML.
    let nbsp = ["&nbsp;", "&#160;", "&#xa0;"].iter().find(|e| rest.starts_with(*e)).map_or(0, |e| e.len());
    let rest = &rest[nbsp..];
    let spaces = nbsp + rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
    if spaces > 0 || rest.is_empty() || rest.starts_with('\n') {
        return (i + spaces, false, false);
    }
    let mut chars = rest.chars();
    let glued = match (chars.next(), chars.next()) {
        (Some(a), Some(b)) => a.is_uppercase() && (b.is_lowercase() || b.is_whitespace()),
        _ => false,
    };
    (i, glued, !glued)
}

/// Reads a sub-paragraph label; `prev` is the label before it at the same
/// level, which decides whether `(i)`, `(v)` and `(x)` are letters or roman.
pub fn sub_label(label: &str, prev: Option<&Sub>) -> Option<Sub> {
    let b = label.as_bytes();
    if !b.is_empty() && b.len() <= 3 && b.iter().all(u8::is_ascii_digit) {
        let value = label.parse().ok().filter(|v| *v > 0)?;
        return Some(Sub { label: label.into(), style: SubStyle::Digit, value });
    }
    if let [c @ b'A'..=b'Z'] = b {
        return Some(Sub { label: label.into(), style: SubStyle::Upper, value: u32::from(c - b'A') + 1 });
    }
    if !b.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    let letter = match b {
        [c] => Some(u32::from(c - b'a') + 1),
        _ => None,
    };
    let roman = roman(label);
    let style = match (letter, roman, prev) {
        (Some(l), Some(_), Some(p)) if p.style == SubStyle::Letter && p.value + 1 == l => SubStyle::Letter,
        (_, Some(_), _) => SubStyle::Roman,
        (Some(_), None, _) => SubStyle::Letter,
        (None, None, _) => return None,
    };
    let value = if style == SubStyle::Letter { letter? } else { roman? };
    Some(Sub { label: label.into(), style, value })
}

/// The value of a lower-case roman numeral up to 39, if `s` is one.
fn roman(s: &str) -> Option<u32> {
    const TENS: [&str; 4] = ["", "x", "xx", "xxx"];
    const ONES: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    for (t, tens) in TENS.iter().enumerate().rev() {
        if let Some(rest) = s.strip_prefix(tens) {
            if let Some(o) = ONES.iter().position(|o| *o == rest) {
                let v = (t * 10 + o) as u32;
                return (v > 0).then_some(v);
            }
        }
    }
    None
}

/// Whether the words after a number make it an amount or a measure
/// (`3.5 million`, `2.5 per cent`, `10.30 am`) rather than the number of a paragraph.
pub fn is_amount(rest: &str) -> bool {
    const UNITS: [&str; 24] = [
        "million", "billion", "bn", "m", "k", "thousand", "trillion", "per", "percent", "%", "times", "am", "pm",
        "a.m.", "p.m.", "hours", "hrs", "days", "weeks", "months", "years", "km", "miles", "kg",
    ];
    let rest = rest.trim_start_matches([' ', '\t', '\u{a0}']).to_lowercase();
    let word = rest.split(|c: char| c.is_whitespace() || c == ',' || c == ';').next().unwrap_or("");
    rest.starts_with('%') || UNITS.contains(&word)
}

/// If `text` starts with a paragraph number (two or more parts, or a
/// prefix) followed by a space or glued to a capitalised word, returns the
/// number and how many bytes to cut.
pub fn paragraph_prefix(text: &str) -> Option<(Number, usize)> {
    let l = lead(text)?;
    if l.blocked || !l.is_paragraph_number() {
        return None;
    }
    let LeadKind::Main(n) = l.kind else { return None };
    Some((n, l.cut))
}

/// If `text` starts with a section number (`2.` or `2.1`) followed by a
/// space, or glued to a capitalised word (`2.1Background`).
pub fn section_prefix(text: &str) -> Option<(Number, usize)> {
    let l = lead(text)?;
    let LeadKind::Main(n) = l.kind else { return None };
    // A bare "2 Title" is not a section number: the dot is what says so.
    let dotted = n.parts.len() >= 2 || !n.prefix.is_empty() || n.shown.ends_with('.');
    (dotted && !l.blocked && (l.glued || l.cut > l.len)).then_some((n, l.cut))
}

#[cfg(test)]
mod tests;
