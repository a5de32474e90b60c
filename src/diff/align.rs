//! Paragraph alignment: which block of the old version is which block of the
//! new one. Matched by content, never by number, so a paragraph keeps its
//! identity when an insertion renumbers it.
//!
//! 1. Blocks whose text occurs exactly once in each version are anchors; the
//!    longest run of anchors in the same order is "in place", the other
//!    anchors moved (patience diff, one level up).
//! 2. Between consecutive anchors, the remaining blocks are paired in order
//!    by word overlap (reworded), then by kind and number (rewritten whole).
//! 3. What is left is paired across the whole document by overlap (moved and
//!    reworded); the rest was removed or added.

use super::words::tokens;
use super::{Block, BlockKind};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Word overlap at or above which two blocks are the same block reworded.
const REWORDED: f64 = 0.5;
/// The same, for blocks that also moved: stricter, as a move is a bolder claim.
const MOVED: f64 = 0.6;

/// One row of the alignment, in the new version's reading order (removed
/// blocks where they stood).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub old: Option<usize>,
    pub new: Option<usize>,
    /// Matched out of order: the block moved.
    pub moved: bool,
}

/// Sorted hashes of a block's words (links included), for overlap.
fn bag(b: &Block) -> Vec<u64> {
    let mut v: Vec<u64> = tokens(&b.text)
        .iter()
        .map(|t| {
            let mut h = DefaultHasher::new();
            t.hash(&mut h);
            h.finish()
        })
        .collect();
    v.sort_unstable();
    v
}

/// Dice coefficient of two sorted bags: 1.0 for the same words.
fn overlap(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Longest increasing subsequence of `js` (indexes into it).
fn lis(js: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new(); // index into js of the smallest tail per length
    let mut prev = vec![usize::MAX; js.len()];
    for (k, &j) in js.iter().enumerate() {
        let pos = tails.partition_point(|&t| js[t] < j);
        if pos > 0 {
            prev[k] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut out = Vec::with_capacity(tails.len());
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        out.push(k);
        k = prev[k];
    }
    out.reverse();
    out
}

struct Work<'a> {
    old: &'a [Block],
    new: &'a [Block],
    old_to: Vec<Option<usize>>,
    new_from: Vec<Option<usize>>,
    moved: Vec<bool>,
    bags_old: Vec<Option<Vec<u64>>>,
    bags_new: Vec<Option<Vec<u64>>>,
}

impl Work<'_> {
    fn pair(&mut self, i: usize, j: usize, moved: bool) {
        self.old_to[i] = Some(j);
        self.new_from[j] = Some(i);
        self.moved[j] = moved;
    }

    fn sim(&mut self, i: usize, j: usize) -> f64 {
        if self.old[i].kind != self.new[j].kind {
            return 0.0;
        }
        if self.old[i].text == self.new[j].text {
            return 1.0;
        }
        let a = self.bags_old[i].get_or_insert_with(|| bag(&self.old[i])).clone();
        let b = self.bags_new[j].get_or_insert_with(|| bag(&self.new[j]));
        overlap(&a, b)
    }

    /// Pairs the free blocks of old[i0..i1] and new[j0..j1], keeping order.
    fn gap(&mut self, (i0, i1): (usize, usize), (j0, j1): (usize, usize)) {
        let mut from = i0;
        for j in j0..j1 {
            let mut best: Option<(usize, f64)> = None;
            for i in from..i1 {
                if self.old_to[i].is_some() {
                    continue;
                }
                let s = self.sim(i, j);
                if s >= REWORDED && best.is_none_or(|(_, b)| s > b) {
                    best = Some((i, s));
                }
            }
            if let Some((i, _)) = best {
                self.pair(i, j, false);
                from = i + 1;
            }
        }
        // Same kind and same number, still in order: the block rewritten whole.
        let mut from = i0;
        for j in j0..j1 {
            if self.new_from[j].is_some() || self.new[j].number.is_none() {
                continue;
            }
            let hit = (from..i1).find(|&i| {
                self.old_to[i].is_none()
                    && self.old[i].kind == self.new[j].kind
                    && self.old[i].number == self.new[j].number
            });
            if let Some(i) = hit {
                self.pair(i, j, false);
                from = i + 1;
            }
        }
    }
}

/// Aligns the blocks of two versions of a document.
pub fn align(old: &[Block], new: &[Block]) -> Vec<Row> {
    let mut w = Work {
        old,
        new,
        old_to: vec![None; old.len()],
        new_from: vec![None; new.len()],
        moved: vec![false; new.len()],
        bags_old: vec![None; old.len()],
        bags_new: vec![None; new.len()],
    };
    // 1. Unique exact matches, and which of them stay in order.
    let mut seen: HashMap<(BlockKind, &str), (usize, usize, usize, usize)> = HashMap::new();
    for (i, b) in old.iter().enumerate() {
        let e = seen.entry((b.kind, b.text.as_str())).or_insert((0, 0, i, 0));
        e.0 += 1;
    }
    for (j, b) in new.iter().enumerate() {
        if let Some(e) = seen.get_mut(&(b.kind, b.text.as_str())) {
            e.1 += 1;
            e.3 = j;
        }
    }
    let mut anchors: Vec<(usize, usize)> = seen.values().filter(|e| e.0 == 1 && e.1 == 1).map(|e| (e.2, e.3)).collect();
    anchors.sort_unstable();
    let js: Vec<usize> = anchors.iter().map(|a| a.1).collect();
    let keep = lis(&js);
    let mut in_place = vec![false; anchors.len()];
    for &k in &keep {
        in_place[k] = true;
    }
    for (k, &(i, j)) in anchors.iter().enumerate() {
        w.pair(i, j, !in_place[k]);
    }
    // 2. The gaps between anchors that stayed in place.
    let fixed: Vec<(usize, usize)> = keep.iter().map(|&k| anchors[k]).collect();
    let mut prev = (0, 0);
    for &(i, j) in fixed.iter().chain(std::iter::once(&(old.len(), new.len()))) {
        w.gap((prev.0, i), (prev.1, j));
        prev = (i + 1, j + 1);
    }
    // 3. Anything left: moved (and perhaps reworded), or gone and new.
    let free_old: Vec<usize> = (0..old.len()).filter(|&i| w.old_to[i].is_none()).collect();
    if !free_old.is_empty() {
        for j in 0..new.len() {
            if w.new_from[j].is_some() {
                continue;
            }
            let mut best: Option<(usize, f64)> = None;
            for &i in &free_old {
                if w.old_to[i].is_some() {
                    continue;
                }
                let s = w.sim(i, j);
                if s >= MOVED && best.is_none_or(|(_, b)| s > b) {
                    best = Some((i, s));
                }
            }
            if let Some((i, _)) = best {
                w.pair(i, j, true);
            }
        }
    }
    // A pair from a gap is in order; one from step 3 moved unless it happens
    // to sit between its neighbours anyway.
    rows(&w)
}

fn rows(w: &Work) -> Vec<Row> {
    let mut out = Vec::with_capacity(w.new.len() + 4);
    let mut next_old = 0; // old blocks before this were already placed
    let emit_removed = |upto: usize, next_old: &mut usize, out: &mut Vec<Row>| {
        while *next_old < upto {
            if w.old_to[*next_old].is_none() {
                out.push(Row { old: Some(*next_old), new: None, moved: false });
            }
            *next_old += 1;
        }
    };
    for j in 0..w.new.len() {
        match w.new_from[j] {
            Some(i) if !w.moved[j] => {
                if i >= next_old {
                    emit_removed(i, &mut next_old, &mut out);
                    next_old = i + 1;
                    out.push(Row { old: Some(i), new: Some(j), moved: false });
                } else {
                    out.push(Row { old: Some(i), new: Some(j), moved: true });
                }
            }
            Some(i) => out.push(Row { old: Some(i), new: Some(j), moved: true }),
            None => out.push(Row { old: None, new: Some(j), moved: false }),
        }
    }
    emit_removed(w.old.len(), &mut next_old, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(n: &str, text: &str) -> Block {
        Block {
            kind: BlockKind::Paragraph,
            key: Some(format!("para-{n}")),
            number: Some(n.to_string()),
            text: text.into(),
        }
    }

    fn shape(rows: &[Row]) -> Vec<(Option<usize>, Option<usize>, bool)> {
        rows.iter().map(|r| (r.old, r.new, r.moved)).collect()
    }

    #[test]
    fn an_insertion_pairs_every_following_paragraph_with_its_old_self() {
        let old = [para("1.1", "alpha beta"), para("1.2", "gamma delta"), para("1.3", "epsilon zeta")];
        let new = [
            para("1.1", "alpha beta"),
            para("1.2", "a wholly new paragraph"),
            para("1.3", "gamma delta"),
            para("1.4", "epsilon zeta"),
        ];
        let rows = align(&old, &new);
        assert_eq!(
            shape(&rows),
            [(Some(0), Some(0), false), (None, Some(1), false), (Some(1), Some(2), false), (Some(2), Some(3), false)]
        );
    }

    #[test]
    fn a_moved_paragraph_is_found_and_marked_moved() {
        let old = [para("1.1", "one one one"), para("1.2", "two two two"), para("1.3", "three three three")];
        let new = [para("1.1", "three three three"), para("1.2", "one one one"), para("1.3", "two two two")];
        let rows = align(&old, &new);
        assert_eq!(shape(&rows), [(Some(2), Some(0), true), (Some(0), Some(1), false), (Some(1), Some(2), false)]);
    }

    #[test]
    fn removed_paragraphs_stay_where_they_stood() {
        let old = [para("1.1", "keep this"), para("1.2", "drop this one"), para("1.3", "keep that")];
        let new = [para("1.1", "keep this"), para("1.2", "keep that")];
        assert_eq!(
            shape(&align(&old, &new)),
            [(Some(0), Some(0), false), (Some(1), None, false), (Some(2), Some(1), false)]
        );
    }

    #[test]
    fn a_reworded_paragraph_pairs_with_its_old_self_and_a_rewritten_one_by_number() {
        let old = [para("1.1", "the council will fund the work this year"), para("1.2", "x y z")];
        let new =
            [para("1.1", "the council will fund all the work next year"), para("1.2", "nothing alike here at all")];
        assert_eq!(shape(&align(&old, &new)), [(Some(0), Some(0), false), (Some(1), Some(1), false)]);
    }

    #[test]
    fn lis_finds_the_longest_increasing_run() {
        let js = [2, 0, 1, 5, 3, 4];
        let keep: Vec<usize> = lis(&js).iter().map(|&k| js[k]).collect();
        assert_eq!(keep, [0, 1, 3, 4]);
    }
}
