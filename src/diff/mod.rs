//! diff: what changed between two versions of a site. A [`Snapshot`] is the
//! part of a `Site` that a redline compares (each document's blocks, the
//! consultation's data); [`compare`] aligns two snapshots paragraph by
//! paragraph ([`align`]) and words each reworded block ([`words`]).
//! Snapshots are plain data, so an archived version's snapshot is cached
//! with its pages and its `Site` need not be built again.

pub mod align;
mod data;
pub mod text;
pub mod words;

pub use data::{DataChange, DataSnap};
pub use text::Text;

use crate::model::markdown::{Body, Mark};
use crate::model::numbers::section_prefix;
use crate::model::Site;
use pulldown_cmark::{Event, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use words::{Words, LINK_CLOSE, LINK_MID, LINK_OPEN};

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum BlockKind {
    Heading,
    /// A numbered paragraph.
    Paragraph,
    /// Any other top-level block: an unnumbered paragraph, a list, a table, a quote.
    Other,
}

/// One top-level block of a document, as the redline compares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    /// Its id in the page (`para-2.1.3`, `section-2`), when it has one.
    pub key: Option<String>,
    /// Its number as written, without the text.
    pub number: Option<String>,
    /// Its words, whitespace folded, number removed, links marked (see [`words`]).
    pub text: Text,
}

/// A document as the redline sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSnap {
    pub slug: String,
    pub title: String,
    pub short_title: String,
    pub blocks: Vec<Block>,
}

/// What a redline compares of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Snapshot {
    pub docs: Vec<Arc<DocSnap>>,
    pub data: DataSnap,
}

/// Takes the snapshot of a site.
pub fn snapshot(site: &Site) -> Snapshot {
    snapshot_with(site, &mut crate::memo::Memo::off())
}

/// [`snapshot`], reusing each document's from `memo` while its body is the same.
pub fn snapshot_with(site: &Site, memo: &mut crate::memo::Memo) -> Snapshot {
    use rayon::prelude::*;
    let known: Vec<Option<Arc<DocSnap>>> = site.documents.iter().map(|d| memo.doc_snap(d)).collect();
    let docs: Vec<Arc<DocSnap>> = site
        .documents
        .par_iter()
        .zip(known)
        .map(|(d, known)| {
            known.unwrap_or_else(|| {
                Arc::new(DocSnap {
                    slug: d.slug.clone(),
                    title: d.title.clone(),
                    short_title: d.short_title.clone(),
                    blocks: blocks(&d.body),
                })
            })
        })
        .collect();
    if memo.is_on() {
        let pairs: Vec<_> = site.documents.iter().zip(&docs).collect();
        memo.keep_doc_snaps(&pairs);
    }
    Snapshot { docs, data: DataSnap::of(site) }
}

/// The top-level blocks of a body, in order.
pub fn blocks(body: &Body) -> Vec<Block> {
    let numbers: HashMap<&str, String> =
        body.headings.iter().filter_map(|h| h.number.as_ref().map(|n| (h.id.as_str(), n.to_string()))).collect();
    let mut out = Vec::new();
    let mut depth = 0usize;
    // The block being read, with its words so far.
    let mut current: Option<(Block, String)> = None;
    for (i, e) in body.events.iter().enumerate() {
        match &e {
            Event::Start(tag) => {
                if depth == 0 {
                    let (kind, key, number) = match (tag, body.marks.get(&i)) {
                        (Tag::Heading { id, .. }, _) => {
                            let key = id.as_ref().map(|s| s.to_string());
                            let number = key.as_deref().and_then(|k| numbers.get(k).cloned());
                            (BlockKind::Heading, key, number)
                        }
                        (Tag::Paragraph, Some(Mark::Paragraph(p))) => {
                            let p = &body.paragraphs[*p];
                            (BlockKind::Paragraph, Some(p.id.clone()), Some(p.number.to_string()))
                        }
                        _ => (BlockKind::Other, None, None),
                    };
                    current = Some((Block { kind, key, number, text: Text::from("") }, String::new()));
                } else if let Some((_, b)) = current.as_mut() {
                    match tag {
                        Tag::Link { dest_url, .. } => {
                            b.push(LINK_OPEN);
                            b.push_str(dest_url);
                            b.push(LINK_MID);
                        }
                        Tag::Item | Tag::TableCell => b.push(' '),
                        _ => {}
                    }
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                if let (TagEnd::Link, Some((_, b))) = (end, current.as_mut()) {
                    b.push(LINK_CLOSE);
                }
                if depth == 0 {
                    if let Some((mut b, words)) = current.take() {
                        let mut words = fold(&words);
                        if b.kind == BlockKind::Heading && b.number.is_some() {
                            if let Some((_, len)) = section_prefix(&words) {
                                words = words[len..].trim_start().to_string();
                            }
                        }
                        if !words.is_empty() || b.kind != BlockKind::Other {
                            b.text = words.into();
                            out.push(b);
                        }
                    }
                }
            }
            Event::Text(s) | Event::Code(s) | Event::InlineHtml(s) | Event::Html(s) => {
                if let Some((_, b)) = current.as_mut() {
                    b.push_str(s);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, b)) = current.as_mut() {
                    b.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// Runs of whitespace as one space, ends trimmed: the same as
/// `markdown::fold_whitespace`, in one pass, as every block of every version goes through it.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// What happened to one block between two versions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Change {
    pub kind: BlockKind,
    pub old: Option<Block>,
    pub new: Option<Block>,
    pub moved: bool,
    /// The number changed (and the block stayed itself).
    pub renumbered: bool,
    /// The words changed: the word redline.
    pub words: Option<Words>,
}

impl Change {
    /// The block is new in this version.
    pub fn added(&self) -> bool {
        self.old.is_none()
    }
    /// The block is gone in this version.
    pub fn removed(&self) -> bool {
        self.new.is_none()
    }
}

/// How many blocks of each kind of change a document has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub reworded: usize,
    pub moved: usize,
    pub renumbered: usize,
}

impl Counts {
    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        *self == Counts::default()
    }
}

/// Whether a document is new, gone, or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocStatus {
    Added,
    Removed,
    Changed,
}

/// The changes of one document, in the new version's reading order.
#[derive(Debug, Clone)]
pub struct DocChanges {
    /// The document in the new version, or in the old one when removed.
    pub doc: Arc<DocSnap>,
    pub status: DocStatus,
    pub changes: Vec<Change>,
    pub counts: Counts,
    /// Every keyed block of the old version that is still there: old id → new id.
    pub kept: HashMap<String, String>,
}

/// Everything that changed between two versions.
#[derive(Debug, Clone, Default)]
pub struct Redline {
    /// Documents with changes, in the new version's order (removed ones last).
    pub docs: Vec<DocChanges>,
    pub data: Vec<DataChange>,
}

impl Redline {
    /// Nothing changed at all.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.data.is_empty()
    }
}

/// One document of a [`Redline`] as the archive cache keeps it: the document
/// named by its slug, found again in the snapshots the redline was made from.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredDoc {
    slug: String,
    status: DocStatus,
    changes: Vec<Change>,
    counts: Counts,
    kept: HashMap<String, String>,
}

impl Redline {
    /// Its documents' changes, for the cache (the data changes are cheap to make again).
    pub fn stored(&self) -> Vec<StoredDoc> {
        self.docs
            .iter()
            .map(|d| StoredDoc {
                slug: d.doc.slug.clone(),
                status: d.status,
                changes: d.changes.clone(),
                counts: d.counts,
                kept: d.kept.clone(),
            })
            .collect()
    }

    /// The redline of `old` → `new` from what [`Redline::stored`] kept, or
    /// `None` when a document it names is not in the snapshots.
    pub fn from_stored(docs: Vec<StoredDoc>, old: &Snapshot, new: &Snapshot) -> Option<Redline> {
        fn by_slug(snap: &Snapshot) -> HashMap<&str, &Arc<DocSnap>> {
            snap.docs.iter().map(|d| (d.slug.as_str(), d)).collect()
        }
        let (olds, news) = (by_slug(old), by_slug(new));
        let docs = docs
            .into_iter()
            .map(|s| {
                let side = if s.status == DocStatus::Removed { &olds } else { &news };
                let doc = Arc::clone(side.get(s.slug.as_str())?);
                Some(DocChanges { doc, status: s.status, changes: s.changes, counts: s.counts, kept: s.kept })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Redline { docs, data: data::compare(&old.data, &new.data) })
    }
}

/// Compares two versions, document by document (matched by file name).
pub fn compare(old: &Snapshot, new: &Snapshot) -> Redline {
    use rayon::prelude::*;
    let by_slug: HashMap<&str, &Arc<DocSnap>> = old.docs.iter().map(|d| (d.slug.as_str(), d)).collect();
    let mut docs: Vec<DocChanges> = new
        .docs
        .par_iter()
        .filter_map(|d| match by_slug.get(d.slug.as_str()) {
            None => {
                let counts = Counts { added: d.blocks.len(), ..Counts::default() };
                Some(DocChanges {
                    doc: d.clone(),
                    status: DocStatus::Added,
                    changes: Vec::new(),
                    counts,
                    kept: HashMap::new(),
                })
            }
            // Most documents do not change between versions: one comparison
            // (none when both versions share the snapshot), nothing built.
            Some(o) if Arc::ptr_eq(o, d) || (o.blocks == d.blocks && o.title == d.title) => None,
            Some(o) => {
                let dc = compare_doc(o, d);
                (!dc.changes.is_empty() || o.title != d.title).then_some(dc)
            }
        })
        .collect();
    let now: std::collections::HashSet<&str> = new.docs.iter().map(|d| d.slug.as_str()).collect();
    for d in old.docs.iter().filter(|d| !now.contains(d.slug.as_str())) {
        let counts = Counts { removed: d.blocks.len(), ..Counts::default() };
        docs.push(DocChanges {
            doc: d.clone(),
            status: DocStatus::Removed,
            changes: Vec::new(),
            counts,
            kept: HashMap::new(),
        });
    }
    Redline { docs, data: data::compare(&old.data, &new.data) }
}

fn compare_doc(old: &DocSnap, new: &Arc<DocSnap>) -> DocChanges {
    let mut out = DocChanges {
        doc: new.clone(),
        status: DocStatus::Changed,
        changes: Vec::new(),
        counts: Counts::default(),
        kept: HashMap::new(),
    };
    if old.blocks == new.blocks {
        out.kept = old.blocks.iter().filter_map(|b| b.key.clone().map(|k| (k.clone(), k))).collect();
        return out;
    }
    for row in align::align(&old.blocks, &new.blocks) {
        let o = row.old.map(|i| &old.blocks[i]);
        let n = row.new.map(|j| &new.blocks[j]);
        if let (Some(ob), Some(nb)) = (o, n) {
            if let (Some(ok), Some(nk)) = (&ob.key, &nb.key) {
                out.kept.insert(ok.clone(), nk.clone());
            }
        }
        let kind = n.or(o).map_or(BlockKind::Other, |b| b.kind);
        let change = match (o, n) {
            (Some(ob), Some(nb)) => {
                let renumbered = ob.number != nb.number;
                let reworded = ob.text != nb.text;
                if !renumbered && !reworded && !row.moved {
                    continue;
                }
                out.counts.renumbered += renumbered as usize;
                out.counts.reworded += reworded as usize;
                out.counts.moved += row.moved as usize;
                Change {
                    kind,
                    old: Some(ob.clone()),
                    new: Some(nb.clone()),
                    moved: row.moved,
                    renumbered,
                    words: reworded.then(|| words::redline(&ob.text, &nb.text)),
                }
            }
            (None, Some(nb)) => {
                out.counts.added += 1;
                Change { kind, old: None, new: Some(nb.clone()), moved: false, renumbered: false, words: None }
            }
            (Some(ob), None) => {
                out.counts.removed += 1;
                Change { kind, old: Some(ob.clone()), new: None, moved: false, renumbered: false, words: None }
            }
            (None, None) => continue,
        };
        out.changes.push(change);
    }
    out
}

#[cfg(test)]
mod tests;
