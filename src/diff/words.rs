//! The word redline of one reworded block: tokens, then `similar`'s
//! Patience diff with a deadline, shown as insertions and deletions.

use serde::{Deserialize, Serialize};
use similar::{capture_diff_slices_deadline, Algorithm, DiffOp};
use std::time::{Duration, Instant};

/// Opens a link in a block's canonical text: `\u{E000}href\u{E001}words\u{E002}`.
pub const LINK_OPEN: char = '\u{E000}';
/// Separates a link's address from its words.
pub const LINK_MID: char = '\u{E001}';
/// Closes a link.
pub const LINK_CLOSE: char = '\u{E002}';

/// Below this share of unchanged words a block is shown replaced whole:
/// a reader follows two versions of a rewritten paragraph better than a
/// confetti of one-word changes.
const WHOLE_BELOW: f32 = 0.5;

/// How long one block's word diff may take before `similar` settles for a
/// coarser answer.
const DEADLINE: Duration = Duration::from_millis(20);

/// A word as the diff compares it: its text and the link it sits in, so a
/// link put around words changes those words only. Punctuation is a token
/// of its own, so "finding." → "finding," changes the comma alone.
#[derive(Debug, Clone)]
pub struct Token<'a> {
    pub word: &'a str,
    pub link: Option<&'a str>,
    /// Whitespace came before it (for showing the words, not comparing them).
    pub space: bool,
}

impl PartialEq for Token<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.word == other.word && self.link == other.link
    }
}

impl Eq for Token<'_> {}

impl std::hash::Hash for Token<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.word.hash(state);
        self.link.hash(state);
    }
}

fn is_mark(c: char) -> bool {
    c == LINK_OPEN || c == LINK_CLOSE
}

/// Splits a block's canonical text into words and punctuation, each knowing its link.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut link: Option<&str> = None;
    let mut space = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == LINK_OPEN {
            let body = &rest[c.len_utf8()..];
            let end = body.find(LINK_MID).unwrap_or(body.len());
            link = Some(&body[..end]);
            rest = body.get(end + LINK_MID.len_utf8()..).unwrap_or("");
        } else if c == LINK_CLOSE {
            link = None;
            rest = &rest[c.len_utf8()..];
        } else if c.is_whitespace() {
            space = true;
            rest = &rest[c.len_utf8()..];
        } else {
            let end = if c.is_alphanumeric() {
                rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '\'' || ch == '’' || ch == '-'))
                    .unwrap_or(rest.len())
            } else {
                c.len_utf8()
            };
            let end = rest[..end].find(is_mark).unwrap_or(end).max(c.len_utf8());
            out.push(Token { word: &rest[..end], link, space: space && !out.is_empty() });
            space = false;
            rest = &rest[end..];
        }
    }
    out
}

/// Tokens back to words as written.
fn join(ts: &[Token]) -> String {
    let mut s = String::new();
    for (i, t) in ts.iter().enumerate() {
        if i > 0 && t.space {
            s.push(' ');
        }
        s.push_str(t.word);
    }
    s
}

/// The words of a block as a reader sees them (links' addresses removed).
pub fn plain(text: &str) -> String {
    join(&tokens(text))
}

/// What a run of words did between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Same,
    Inserted,
    Deleted,
    /// The same words, now inside (or out of, or in another) link.
    Relinked,
}

/// A run of words with what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub kind: Kind,
    pub text: String,
    /// Whitespace comes before it.
    pub space: bool,
}

/// The redline of one block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Words {
    pub pieces: Vec<Piece>,
    /// True when the block was rewritten so much that it is shown as the old
    /// text deleted and the new text inserted, whole.
    pub whole: bool,
}

fn push(pieces: &mut Vec<Piece>, kind: Kind, ts: &[Token]) {
    let Some(first) = ts.first() else { return };
    let text = join(ts);
    match pieces.last_mut() {
        Some(p) if p.kind == kind => {
            if first.space {
                p.text.push(' ');
            }
            p.text.push_str(&text);
        }
        _ => pieces.push(Piece { kind, text, space: first.space }),
    }
}

/// The word-by-word redline from `old` to `new` (canonical block texts).
pub fn redline(old: &str, new: &str) -> Words {
    let (a, b) = (tokens(old), tokens(new));
    let ops = capture_diff_slices_deadline(Algorithm::Patience, &a, &b, Some(Instant::now() + DEADLINE));
    let ratio = similar::diff_ratio(&ops, a.len(), b.len());
    if ratio < WHOLE_BELOW {
        let mut pieces = Vec::new();
        push(&mut pieces, Kind::Deleted, &a);
        push(&mut pieces, Kind::Inserted, &b);
        if let Some(p) = pieces.get_mut(1) {
            p.space = true;
        }
        return Words { pieces, whole: true };
    }
    let mut pieces = Vec::new();
    for op in ops {
        match op {
            DiffOp::Equal { new_index, len, .. } => push(&mut pieces, Kind::Same, &b[new_index..new_index + len]),
            DiffOp::Delete { old_index, old_len, .. } => {
                push(&mut pieces, Kind::Deleted, &a[old_index..old_index + old_len])
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                push(&mut pieces, Kind::Inserted, &b[new_index..new_index + new_len])
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let (was, now) = (&a[old_index..old_index + old_len], &b[new_index..new_index + new_len]);
                if join(was) == join(now) {
                    push(&mut pieces, Kind::Relinked, now);
                } else {
                    push(&mut pieces, Kind::Deleted, was);
                    push(&mut pieces, Kind::Inserted, now);
                }
            }
        }
    }
    Words { pieces, whole: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(w: &Words) -> Vec<(Kind, &str)> {
        w.pieces.iter().map(|p| (p.kind, p.text.as_str())).collect()
    }

    #[test]
    fn one_word_changed_shows_one_deletion_and_one_insertion() {
        let w = redline("The stakeholders agreed the plan", "The stakeholders rejected the plan");
        assert!(!w.whole);
        assert_eq!(
            kinds(&w),
            [
                (Kind::Same, "The stakeholders"),
                (Kind::Deleted, "agreed"),
                (Kind::Inserted, "rejected"),
                (Kind::Same, "the plan")
            ]
        );
    }

    #[test]
    fn a_rewritten_sentence_is_replaced_whole() {
        let w = redline(
            "There was a perceived lack of leadership for the sector",
            "Leadership will come from a new body with a clear remit for the sector",
        );
        assert!(w.whole);
        assert_eq!(w.pieces.len(), 2);
        assert_eq!(w.pieces[0].kind, Kind::Deleted);
        assert_eq!(w.pieces[1].kind, Kind::Inserted);
    }

    #[test]
    fn a_link_put_around_words_marks_only_those_words() {
        let linked = format!("see {LINK_OPEN}report#2.1{LINK_MID}the report{LINK_CLOSE} for the details");
        let w = redline("see the report for the details", &linked);
        assert_eq!(kinds(&w), [(Kind::Same, "see"), (Kind::Relinked, "the report"), (Kind::Same, "for the details")]);
    }

    #[test]
    fn tokens_know_their_link_and_plain_drops_it() {
        let t = format!("a {LINK_OPEN}x{LINK_MID}b c{LINK_CLOSE}d");
        let toks = tokens(&t);
        assert_eq!(
            toks.iter().map(|t| (t.word, t.link)).collect::<Vec<_>>(),
            [("a", None), ("b", Some("x")), ("c", Some("x")), ("d", None)]
        );
        assert_eq!(plain(&t), "a b cd");
        assert_eq!(plain("A finding, reworded (a little)."), "A finding, reworded (a little).");
    }
}
