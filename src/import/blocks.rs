//! A Word file's blocks into documents: list items gathered into lists, and
//! an `Appendix 1` paragraph starting a new document of kind `appendix`,
//! titled by the short paragraphs after it (as in plain text).

use super::markdown::Doc;
use super::text::{appendix, title_like};
use super::Kind;

/// One block of a document, in reading order.
pub enum Block {
    Heading(usize, String),
    Para(Para),
    /// A bulleted list item at its Word list level.
    Item(usize, String),
}

/// A paragraph: its Markdown, its plain text, and whether the site will
/// read it as numbered (under `numbering: lists` if `lists`).
pub struct Para {
    pub md: String,
    pub plain: String,
    pub numbered: bool,
    pub lists: bool,
}

/// The documents `blocks` make: `first` (front matter already set), then one
/// per appendix, named `<stem>-appendix-1`.
pub fn into_docs(first: Doc, blocks: Vec<Block>, stem: &str) -> Vec<Doc> {
    let mut docs = vec![first];
    let mut items: Vec<(usize, String)> = Vec::new();
    let mut blocks = blocks.into_iter().peekable();
    while let Some(block) = blocks.next() {
        let doc = docs.last_mut().expect("the first document");
        if let Block::Item(level, text) = block {
            items.push((level, text));
            continue;
        }
        if !items.is_empty() {
            doc.blocks.push(list(&items));
            items.clear();
        }
        match block {
            Block::Heading(level, text) => doc.blocks.push(format!("{} {text}", "#".repeat(level))),
            Block::Para(p) => match appendix(&p.plain) {
                Some(label) if !p.numbered => {
                    let label = super::markdown::fold(label);
                    let mut title = Vec::new();
                    while let Some(Block::Para(next)) = blocks.peek() {
                        if title.len() == 4 || next.numbered || !title_like(&next.plain) {
                            break;
                        }
                        title.push(super::markdown::fold(&next.plain));
                        blocks.next();
                    }
                    let title = if title.is_empty() { label.clone() } else { title.join(" ") };
                    let slug = format!("{stem}-{}", super::slug(&label));
                    docs.push(Doc { slug, title, short_title: Some(label), kind: Kind::Appendix, ..Doc::default() });
                }
                _ => {
                    doc.numbered += usize::from(p.numbered);
                    doc.lists |= p.lists;
                    doc.blocks.push(p.md);
                }
            },
            Block::Item(..) => unreachable!("gathered above"),
        }
    }
    if !items.is_empty() {
        docs.last_mut().expect("the first document").blocks.push(list(&items));
    }
    docs
}

/// A Markdown list from items at Word list levels; levels are made
/// relative to the shallowest and never jump more than one deeper.
fn list(items: &[(usize, String)]) -> String {
    let base = items.iter().map(|(l, _)| *l).min().unwrap_or(0);
    let mut last = 0;
    let mut lines = Vec::new();
    for (level, text) in items {
        let depth = (level - base).min(last + 1);
        last = depth;
        lines.push(format!("{}- {text}", "  ".repeat(depth)));
    }
    lines.join("\n")
}
