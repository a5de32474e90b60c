//! The numbers Word shows for list paragraphs, computed from `numbering.xml`
//! as Word computes them: a counter per level of each abstract list shared
//! by every `w:num` that uses it, `lvlText` patterns (`%1.%2`), `start`,
//! `lvlRestart`, `startOverride` on a list instance's first use, number
//! formats and legal numbering (`isLgl`). Word stores none of these numbers;
//! converters that do not compute them lose them.

use std::collections::{BTreeMap, BTreeSet};

/// How a level's counter is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    Decimal,
    /// `01`, `02` … `10`.
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    /// A bullet: `lvlText` is the glyph, not a number.
    Bullet,
    /// No number shown for this level.
    None,
    /// A format this reader does not write (`ordinal`, `chineseCounting`…):
    /// shown as decimal.
    Other(String),
}

impl Format {
    fn parse(val: &str) -> Format {
        match val {
            "decimal" => Format::Decimal,
            "decimalZero" => Format::DecimalZero,
            "lowerLetter" => Format::LowerLetter,
            "upperLetter" => Format::UpperLetter,
            "lowerRoman" => Format::LowerRoman,
            "upperRoman" => Format::UpperRoman,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            other => Format::Other(other.to_string()),
        }
    }

    /// `n` written in this format.
    pub fn write(&self, n: u32) -> String {
        match self {
            Format::Decimal | Format::Other(_) => n.to_string(),
            Format::DecimalZero => format!("{n:02}"),
            // Past what a real list reaches, a hostile file's numbers stay
            // short: decimal.
            Format::LowerLetter | Format::UpperLetter | Format::LowerRoman | Format::UpperRoman if n > 3999 => {
                n.to_string()
            }
            Format::LowerLetter => letters(n),
            Format::UpperLetter => letters(n).to_uppercase(),
            Format::LowerRoman => roman(n).to_lowercase(),
            Format::UpperRoman => roman(n),
            Format::Bullet | Format::None => String::new(),
        }
    }
}

/// Word's letters: a … z, then aa … zz, then aaa (the letter repeated).
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, text) in TABLE {
        while n >= value {
            out.push_str(text);
            n -= value;
        }
    }
    out
}

/// One level of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub start: u32,
    pub format: Format,
    /// `%1.%2.`: `%N` is level N's number.
    pub text: String,
    /// `lvlRestart`: `None` restarts after any higher level; `Some(0)` never;
    /// `Some(n)` only after levels 1 … n (1-based).
    pub restart: Option<u32>,
    /// Legal numbering: every `%N` written as decimal.
    pub legal: bool,
    /// The paragraph style tied to this level (`w:pStyle`).
    pub style: Option<String>,
}

impl Default for Level {
    fn default() -> Self {
        Level { start: 0, format: Format::Decimal, text: String::new(), restart: None, legal: false, style: None }
    }
}

/// A list instance (`w:num`): its abstract list and its overrides.
#[derive(Debug, Clone, Default)]
pub struct Num {
    pub abstract_id: u32,
    /// `startOverride` per level.
    pub starts: BTreeMap<usize, u32>,
    /// Whole levels replaced (`w:lvlOverride/w:lvl`).
    pub levels: BTreeMap<usize, Level>,
}

/// `numbering.xml`, read.
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    pub abstracts: BTreeMap<u32, Vec<Level>>,
    pub nums: BTreeMap<u32, Num>,
}

/// What a list paragraph shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The number as Word shows it (`2.1`, `(a)`, `4.`), or a bullet's glyph.
    pub text: String,
    pub bullet: bool,
    pub level: usize,
}

impl Definitions {
    /// Reads `numbering.xml`. A part that is not XML, or a level or list
    /// whose number attributes are not numbers, is an error.
    pub fn parse(xml: &str) -> Result<Definitions, String> {
        let doc = roxmltree::Document::parse(xml).map_err(|e| e.to_string())?;
        let mut defs = Definitions::default();
        for node in doc.root_element().children().filter(|n| n.is_element()) {
            match node.tag_name().name() {
                "abstractNum" => {
                    let id = number_attr(node, "abstractNumId")?;
                    let mut levels = vec![Level::default(); 9];
                    for lvl in children(node, "lvl") {
                        let i = number_attr(lvl, "ilvl")? as usize;
                        if i < 9 {
                            levels[i] = level(lvl)?;
                        }
                    }
                    defs.abstracts.insert(id, levels);
                }
                "num" => {
                    let id = number_attr(node, "numId")?;
                    let abstract_id = children(node, "abstractNumId")
                        .next()
                        .ok_or_else(|| format!("list {id} (w:num) names no abstract list"))
                        .and_then(|a| number_attr(a, "val"))?;
                    let mut num = Num { abstract_id, ..Num::default() };
                    for o in children(node, "lvlOverride") {
                        let i = number_attr(o, "ilvl")? as usize;
                        if let Some(s) = children(o, "startOverride").next() {
                            num.starts.insert(i, number_attr(s, "val")?);
                        }
                        if let Some(l) = children(o, "lvl").next() {
                            num.levels.insert(i, level(l)?);
                        }
                    }
                    defs.nums.insert(id, num);
                }
                _ => {}
            }
        }
        Ok(defs)
    }

    /// The level `ilvl` of list `num_id` is tied to a style: the level whose
    /// `pStyle` names it, for paragraphs numbered through their style.
    pub fn level_of_style(&self, num_id: u32, style: &str) -> Option<usize> {
        let num = self.nums.get(&num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        levels.iter().position(|l| l.style.as_deref() == Some(style))
    }
}

fn children<'a, 'i>(
    node: roxmltree::Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'i>> {
    node.children().filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The `w:` attribute `name` of `node`, whatever its namespace prefix.
pub(crate) fn attr<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == name).map(|a| a.value())
}

fn number_attr(node: roxmltree::Node, name: &str) -> Result<u32, String> {
    let pos = node.document().text_pos_at(node.range().start);
    let value =
        attr(node, name).ok_or_else(|| format!("line {}: <{}> has no {name}", pos.row, node.tag_name().name()))?;
    value.trim().parse().map_err(|_| format!("line {}: {name}=\"{value}\" is not a number", pos.row))
}

fn level(lvl: roxmltree::Node) -> Result<Level, String> {
    let mut level = Level::default();
    for c in lvl.children().filter(|c| c.is_element()) {
        match c.tag_name().name() {
            "start" => level.start = number_attr(c, "val")?,
            "numFmt" => level.format = Format::parse(attr(c, "val").unwrap_or("decimal")),
            "lvlText" => level.text = attr(c, "val").unwrap_or("").to_string(),
            "lvlRestart" => level.restart = Some(number_attr(c, "val")?),
            "isLgl" => level.legal = !matches!(attr(c, "val"), Some("0" | "false" | "off")),
            "pStyle" => level.style = attr(c, "val").map(str::to_string),
            _ => {}
        }
    }
    Ok(level)
}

/// The counters as a document is read, paragraph by paragraph.
#[derive(Debug, Default)]
pub struct Counter {
    /// Per abstract list, each level's last number (`None`: not yet used
    /// since it last restarted).
    counts: BTreeMap<u32, [Option<u32>; 9]>,
    /// List instances already used: a `startOverride` applies on first use.
    used: BTreeSet<u32>,
}

impl Counter {
    /// The number the next paragraph of list `num_id` at level `ilvl` shows,
    /// or `None` when the list or level is not defined (Word shows none).
    pub fn next(&mut self, defs: &Definitions, num_id: u32, ilvl: usize) -> Option<Shown> {
        let num = defs.nums.get(&num_id)?;
        let base = defs.abstracts.get(&num.abstract_id)?;
        if ilvl >= 9 {
            return None;
        }
        let level_at = |i: usize| num.levels.get(&i).or_else(|| base.get(i)).cloned().unwrap_or_default();
        let counts = self.counts.entry(num.abstract_id).or_insert([None; 9]);
        if self.used.insert(num_id) {
            for (&i, _) in num.starts.iter().filter(|(&i, _)| i < 9) {
                counts[i] = None;
            }
        }
        let start_of = |i: usize| num.starts.get(&i).copied().unwrap_or_else(|| level_at(i).start);
        counts[ilvl] = Some(match counts[ilvl] {
            Some(n) => n.saturating_add(1),
            None => start_of(ilvl),
        });
        for (deeper, count) in counts.iter_mut().enumerate().skip(ilvl + 1) {
            let restarts = match level_at(deeper).restart {
                None => true,
                Some(0) => false,
                Some(after) => (ilvl as u32) < after,
            };
            if restarts {
                *count = None;
            }
        }
        let level = level_at(ilvl);
        if level.format == Format::Bullet {
            return Some(Shown { text: level.text.clone(), bullet: true, level: ilvl });
        }
        let mut text = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10)).filter(|d| (1..=9).contains(d));
            match (c, digit) {
                ('%', Some(d)) => {
                    chars.next();
                    let i = d as usize - 1;
                    // A level not reached since it (re)started shows one below
                    // its start: Word's "0.1" under no heading 1, "1.0.1".
                    let n = counts[i].unwrap_or_else(|| start_of(i).saturating_sub(1));
                    let format = level_at(i).format;
                    let legal = level.legal && format != Format::None;
                    text.push_str(&if legal { n.to_string() } else { format.write(n) });
                }
                _ => text.push(c),
            }
        }
        Some(Shown { text, bullet: false, level: ilvl })
    }
}

#[cfg(test)]
#[path = "numbering_tests.rs"]
mod tests;
