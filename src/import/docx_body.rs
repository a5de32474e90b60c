//! A Word document's body, paragraph by paragraph, into Markdown blocks:
//! headings from heading styles, list numbers as Word shows them, bold,
//! italic, links, lists, tables, footnotes and images; and a warning, naming
//! the paragraph, for each thing that cannot be placed.

use super::blocks::{into_docs, Block, Para as ParaBlock};
use super::docx::{Package, Rel, Style};
use super::docx_inline::{Para, Span, MAX_DEPTH};
use super::markdown::{block_safe, escaped, fold, inline, Doc};
use super::numbering::{attr, Counter, Definitions, Shown};
use super::text::{classify, Line};
use super::Kind;
use crate::diagnostic::{Diagnostic, Diagnostics};
use roxmltree::Node;
use std::collections::BTreeMap;
use std::path::Path;

/// Reading state for one Word document.
pub struct Body<'a> {
    pub(super) file: &'a Path,
    pub(super) stem: &'a str,
    pub(super) package: &'a Package,
    pub(super) rels: &'a BTreeMap<String, Rel>,
    styles: &'a BTreeMap<String, Style>,
    numbering: &'a Definitions,
    counter: Counter,
    /// Footnotes and endnotes by (kind, id), as Markdown.
    pub(super) notes: BTreeMap<(&'static str, String), String>,
    /// Labels given to notes as they are referred to, and their definitions.
    pub(super) note_labels: BTreeMap<(&'static str, String), usize>,
    pub(super) footnotes: Vec<String>,
    /// Images to write under `content/files/`, by path there.
    pub files: Vec<(String, Vec<u8>)>,
    pub warnings: Diagnostics,
    /// Paragraphs holding tracked changes, by name.
    pub(super) tracked: Vec<String>,
    /// Inside a table of contents' field result (left out).
    pub(super) in_toc: bool,
    /// Open complex fields: their instruction, and whether it was read.
    pub(super) fields: Vec<(String, bool)>,
}

impl<'a> Body<'a> {
    /// A reader of `package`'s body.
    pub fn new(
        file: &'a Path,
        stem: &'a str,
        package: &'a Package,
        rels: &'a BTreeMap<String, Rel>,
        styles: &'a BTreeMap<String, Style>,
        numbering: &'a Definitions,
    ) -> Self {
        Body {
            file,
            stem,
            package,
            rels,
            styles,
            numbering,
            counter: Counter::default(),
            notes: BTreeMap::new(),
            note_labels: BTreeMap::new(),
            footnotes: Vec::new(),
            files: Vec::new(),
            warnings: Diagnostics::new(),
            tracked: Vec::new(),
            in_toc: false,
            fields: Vec::new(),
        }
    }

    /// Reads the notes part `part` (`word/footnotes.xml`), each note's
    /// paragraphs as one Markdown line.
    pub fn notes(&mut self, part: &str, kind: &'static str) {
        let Some(xml) = self.package.text(part) else { return };
        let Ok(doc) = roxmltree::Document::parse(&xml) else {
            self.warn(format!("the {kind}s"), format!("{part} is broken XML"), format!("its {kind}s are left out"));
            return;
        };
        for note in doc.root_element().children().filter(|n| n.is_element() && n.tag_name().name() == kind) {
            if attr(note, "type").is_some_and(|t| t != "normal") {
                continue;
            }
            let Some(id) = attr(note, "id") else { continue };
            let text: Vec<String> =
                note.children().filter(|c| c.tag_name().name() == "p").map(|p| self.paragraph_text(p).1).collect();
            self.notes.insert((kind, id.to_string()), fold(&text.join(" ")));
        }
    }

    /// The documents: the first of kind `kind`, then any appendices.
    pub fn documents(&mut self, doc: &roxmltree::Document, kind: Kind) -> Vec<Doc> {
        let mut out = Doc { slug: self.stem.to_string(), kind, ..Doc::default() };
        let mut blocks = Vec::new();
        if let Some(body) = doc.root_element().children().find(|c| c.tag_name().name() == "body") {
            self.blocks(body, &mut blocks, &mut out, 0);
        }
        let mut docs = into_docs(out, blocks, self.stem);
        // Notes are numbered through the whole file, as Word shows them; each
        // definition goes with the document that refers to it.
        let notes = std::mem::take(&mut self.footnotes);
        for doc in &mut docs {
            doc.footnotes = notes
                .iter()
                .filter(|def| {
                    let label = def.split_once(':').map_or(def.as_str(), |(l, _)| l);
                    doc.blocks.iter().any(|b| b.contains(label))
                })
                .cloned()
                .collect();
        }
        if !self.tracked.is_empty() {
            let names = self.tracked.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
            let more =
                if self.tracked.len() > 5 { format!(" and {} more", self.tracked.len() - 5) } else { String::new() };
            self.warnings.push(
                Diagnostic::warning(
                    self.file,
                    0,
                    0,
                    format!("tracked changes were accepted: the text is as it prints with every change accepted ({names}{more})"),
                )
                .with_help("check these paragraphs read as intended; reject a change in Word and import again to keep the old text"),
            );
        }
        docs
    }

    fn blocks(&mut self, parent: Node, blocks: &mut Vec<Block>, doc: &mut Doc, depth: usize) {
        if depth >= MAX_DEPTH {
            self.too_deep();
            return;
        }
        for node in parent.children().filter(|n| n.is_element()) {
            match node.tag_name().name() {
                "p" => {
                    if let Some(block) = self.paragraph(node, doc) {
                        blocks.push(block);
                    }
                }
                "tbl" => {
                    if let Some(table) = self.table(node, depth + 1) {
                        blocks.push(Block::Para(ParaBlock {
                            md: table,
                            plain: String::new(),
                            numbered: false,
                            lists: false,
                        }));
                    }
                }
                "sdt" | "sdtContent" | "customXml" => self.blocks(node, blocks, doc, depth + 1),
                _ => {}
            }
        }
    }

    /// The style `id` and those it is based on, nearest first.
    fn style_chain(&self, id: Option<&str>) -> Vec<(&'a str, &'a Style)> {
        let mut chain = Vec::new();
        let mut next = id.map(str::to_string);
        while let Some(id) = next.take() {
            let Some((key, style)) = self.styles.get_key_value(&id) else { break };
            if chain.len() > 10 || chain.iter().any(|(k, _)| *k == key.as_str()) {
                break;
            }
            chain.push((key.as_str(), style));
            next = style.based_on.clone();
        }
        chain
    }

    /// The list number the paragraph `p` shows, advancing the counters.
    /// `Err(numId)` when the paragraph names a list `numbering.xml` lacks.
    fn number(&mut self, p: Node) -> Result<Option<Shown>, u32> {
        let ppr = p.children().find(|c| c.tag_name().name() == "pPr");
        let style =
            ppr.and_then(|ppr| ppr.children().find(|c| c.tag_name().name() == "pStyle")).and_then(|s| attr(s, "val"));
        let own = ppr.and_then(|ppr| ppr.children().find(|c| c.tag_name().name() == "numPr"));
        let value = |name: &str| {
            own.and_then(|n| n.children().find(|c| c.tag_name().name() == name))
                .and_then(|c| attr(c, "val"))
                .and_then(|v| v.parse::<u32>().ok())
        };
        let (num_id, ilvl) = match value("numId") {
            Some(0) => return Ok(None),
            Some(id) => (id, value("ilvl").unwrap_or(0) as usize),
            None => {
                let Some((style_id, Some((id, ilvl)))) =
                    self.style_chain(style).into_iter().map(|(k, s)| (k, s.num)).find(|(_, n)| n.is_some())
                else {
                    return Ok(None);
                };
                if id == 0 {
                    return Ok(None);
                }
                let ilvl =
                    value("ilvl").map(|v| v as usize).or(ilvl).or_else(|| self.numbering.level_of_style(id, style_id));
                (id, ilvl.unwrap_or(0))
            }
        };
        self.counter.next(self.numbering, num_id, ilvl).map(Some).ok_or(num_id)
    }

    /// A paragraph's number (if any), its text as one Markdown line, and its
    /// plain text (without notes' and images' markup).
    pub(super) fn paragraph_text(&mut self, p: Node) -> (Option<Shown>, String, String) {
        let mut para = Para::default();
        let shown = self.number(p).unwrap_or_else(|num_id| {
            para.warn(
                format!("its list number cannot be computed: the file's numbering has no list {num_id}"),
                "write the number into the Markdown file as Word shows it",
            );
            None
        });
        self.inline(p, &mut para);
        let text = para.markdown();
        let name = match (&shown, para.plain().trim()) {
            (Some(s), _) if !s.bullet && !s.text.is_empty() => format!("paragraph {}", s.text.trim_end_matches('.')),
            (_, "") => "a paragraph with no text left (deleted, or only a picture or box)".to_string(),
            (_, plain) => {
                let words: Vec<&str> = plain.split_whitespace().take(6).collect();
                let more = if plain.split_whitespace().count() > 6 { "…" } else { "" };
                format!("paragraph “{}{more}”", words.join(" "))
            }
        };
        if para.tracked {
            self.tracked.push(name.clone());
        }
        let plain = fold(&para.plain());
        for (message, help) in para.warnings {
            self.warn(name.clone(), message, help);
        }
        (shown, text, plain)
    }

    pub(super) fn warn(&mut self, name: String, message: String, help: String) {
        self.warnings.push(Diagnostic::warning(self.file, 0, 0, format!("{name}: {message}")).with_help(help));
    }

    fn paragraph(&mut self, p: Node, doc: &mut Doc) -> Option<Block> {
        let style = p
            .children()
            .find(|c| c.tag_name().name() == "pPr")
            .and_then(|ppr| ppr.children().find(|c| c.tag_name().name() == "pStyle"))
            .and_then(|s| attr(s, "val"));
        let heading = self.style_chain(style).into_iter().find_map(|(_, s)| s.heading);
        let (shown, text, plain) = self.paragraph_text(p);
        if text.trim().is_empty() {
            return None;
        }
        let number =
            shown.as_ref().filter(|s| !s.bullet && !s.text.trim().is_empty()).map(|s| s.text.trim().to_string());
        match heading {
            Some(0) if doc.title.is_empty() && number.is_none() => {
                doc.title = plain;
                return None;
            }
            Some(level) => {
                let level = (level + 1).clamp(2, 6);
                return Some(Block::Heading(
                    level,
                    match number {
                        Some(n) => format!("{} {text}", escaped(&n)),
                        None => text,
                    },
                ));
            }
            None => {}
        }
        if let Some(s) = shown.as_ref().filter(|s| s.bullet) {
            return Some(Block::Item(s.level, text));
        }
        let para = |md: String, numbered: bool, lists: bool| {
            Some(Block::Para(ParaBlock { md, plain: plain.clone(), numbered, lists }))
        };
        let Some(number) = number else {
            // Numbers typed by hand, read as in plain text.
            return match classify(&plain) {
                Line::Section(n, title) => Some(Block::Heading(2, format!("{n} {}", inline(title)))),
                Line::Numbered(n, _) => para(text, true, !n.trim_end_matches('.').contains('.')),
                Line::Bullet(_) => {
                    let md = text.strip_prefix("\\*").unwrap_or(&text).trim_start_matches(['·', '•', '-', '▪', '◦']);
                    Some(Block::Item(0, md.trim_start().to_string()))
                }
                _ => para(block_safe(text), false, false),
            };
        };
        let form = super::text::number(&format!("{number} x")).map(|(n, _)| n.trim_end_matches('.').contains('.'));
        match form {
            Some(true) => para(format!("{number} {text}"), true, false),
            Some(false) => para(format!("{number} {text}"), true, true),
            None if is_sub_label(&number) => para(format!("{number} {text}"), true, false),
            None if number.bytes().all(|b| b.is_ascii_digit()) => para(format!("{number}. {text}"), true, true),
            None => para(block_safe(format!("{} {text}", escaped(&number))), false, false),
        }
    }

    /// A table as a Markdown table: the first row its header, each cell's
    /// paragraphs on one line.
    fn table(&mut self, tbl: Node, depth: usize) -> Option<String> {
        if depth >= MAX_DEPTH {
            self.too_deep();
            return None;
        }
        let mut rows: Vec<Vec<String>> = Vec::new();
        for tr in tbl.children().filter(|c| c.tag_name().name() == "tr") {
            let mut row = Vec::new();
            for tc in tr.children().filter(|c| c.tag_name().name() == "tc") {
                let span = tc
                    .descendants()
                    .find(|d| d.tag_name().name() == "gridSpan")
                    .and_then(|g| attr(g, "val"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1);
                let mut parts = Vec::new();
                for child in tc.children().filter(|c| c.is_element()) {
                    match child.tag_name().name() {
                        "p" => {
                            let (shown, text, _) = self.paragraph_text(child);
                            let number =
                                shown.filter(|s| !s.bullet).map(|s| escaped(s.text.trim())).filter(|n| !n.is_empty());
                            parts.extend(number.into_iter().chain([text]).filter(|t| !t.trim().is_empty()));
                        }
                        "tbl" => {
                            let inner = self.table(child, depth + 1).unwrap_or_default();
                            self.warn(
                                "a table in a table".into(),
                                "Markdown tables cannot nest; its cells are kept as text in the outer cell".into(),
                                "check the table reads as intended".into(),
                            );
                            parts.push(inner.replace(['\n', '|'], " "));
                        }
                        _ => {}
                    }
                }
                row.push(fold(&parts.join(" ")));
                row.extend(std::iter::repeat_n(String::new(), span.saturating_sub(1)));
            }
            rows.push(row);
        }
        let width = rows.iter().map(Vec::len).max().filter(|&w| w > 0)?;
        let line = |row: &[String]| {
            let cells: Vec<&str> = (0..width).map(|i| row.get(i).map_or("", String::as_str)).collect();
            format!("| {} |", cells.join(" | "))
        };
        let mut out = vec![line(&rows[0]), format!("|{}", " --- |".repeat(width))];
        out.extend(rows[1..].iter().map(|r| line(r)));
        Some(out.join("\n"))
    }

    fn too_deep(&mut self) {
        let message = "tables or content controls nested deeper than Word writes are left out";
        if !self.warnings.iter().any(|w| w.message.ends_with(message)) {
            self.warnings.push(
                Diagnostic::warning(self.file, 0, 0, message)
                    .with_help("open the file in Word, save it again and import that"),
            );
        }
    }

    /// Walks a paragraph's (or hyperlink's, or change's) children into `para`.
    fn inline(&mut self, node: Node, para: &mut Para) {
        super::docx_inline::walk(self, node, para);
    }
}

/// `(a)`, `(ii)`, `(1)`, `(A)`: the site's sub-paragraph labels.
fn is_sub_label(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) else { return false };
    let letters = inner.len() <= 2 && inner.chars().all(|c| c.is_ascii_lowercase());
    let roman = !inner.is_empty() && inner.chars().all(|c| "ivxlc".contains(c));
    let digits = (1..=2).contains(&inner.len()) && inner.bytes().all(|b| b.is_ascii_digit());
    let upper = inner.len() == 1 && inner.chars().all(|c| c.is_ascii_uppercase());
    letters || roman || digits || upper
}

/// A span of text as it goes into a paragraph.
pub(super) fn span(text: &str, para: &Para) -> Span {
    Span { text: text.to_string(), bold: para.bold, italic: para.italic, link: para.link.clone(), raw: false }
}
