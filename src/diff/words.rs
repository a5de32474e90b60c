//! The word redline of one reworded block: tokens, then `similar`'s
//! Patience diff with a deadline, shown as insertions and deletions.

use serde::Serialize;
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
/// link put around words changes those words only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Token<'a> {
    pub word: &'a str,
    pub link: Option<&'a str>,
}

/// Splits a block's canonical text into words, each knowing its link.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut link: Option<&str> = None;
    let mut rest = text;
    while !rest.is_empty() {
        let c = rest.chars().next().unwrap_or(' ');
        if c == LINK_OPEN {
            let body = &rest[c.len_utf8()..];
            let end = body.find(LINK_MID).unwrap_or(body.len());
            link = Some(&body[..end]);
            rest = body.get(end + LINK_MID.len_utf8()..).unwrap_or("");
        } else if c == LINK_CLOSE {
            link = None;
            rest = &rest[c.len_utf8()..];
        } else if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else {
            let end = rest.find(|ch: char| ch.is_whitespace() || ch == LINK_OPEN || ch == LINK_CLOSE).unwrap_or(rest.len());
            out.push(Token { word: &rest[..end], link });
            rest = &rest[end..];
        }
    }
    out
}

/// The words of a block as a reader sees them (links' addresses removed).
pub fn plain(text: &str) -> String {
    tokens(text).iter().map(|t| t.word).collect::<Vec<_>>().join(" ")
}

/// What a run of words did between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Same,
    Inserted,
    Deleted,
    /// The same words, now inside (or out of, or in another) link.
    Relinked,
}

/// A run of words with what happened to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub kind: Kind,
    pub text: String,
}

/// The redline of one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub pieces: Vec<Piece>,
    /// True when the block was rewritten so much that it is shown as the old
    /// text deleted and the new text inserted, whole.
    pub whole: bool,
}

fn join(ts: &[Token]) -> String {
    ts.iter().map(|t| t.word).collect::<Vec<_>>().join(" ")
}

fn push(pieces: &mut Vec<Piece>, kind: Kind, text: String) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some(p) if p.kind == kind => {
            p.text.push(' ');
            p.text.push_str(&text);
        }
        _ => pieces.push(Piece { kind, text }),
    }
}

/// The word-by-word redline from `old` to `new` (canonical block texts).
pub fn redline(old: &str, new: &str) -> Words {
    let (a, b) = (tokens(old), tokens(new));
    let ops = capture_diff_slices_deadline(Algorithm::Patience, &a, &b, Some(Instant::now() + DEADLINE));
    let ratio = similar::diff_ratio(&ops, a.len(), b.len());
    if ratio < WHOLE_BELOW {
        let mut pieces = Vec::new();
        push(&mut pieces, Kind::Deleted, join(&a));
        push(&mut pieces, Kind::Inserted, join(&b));
        return Words { pieces, whole: true };
    }
    let mut pieces = Vec::new();
    for op in ops {
        match op {
            DiffOp::Equal { old_index, len, .. } => push(&mut pieces, Kind::Same, join(&a[old_index..old_index + len])),
            DiffOp::Delete { old_index, old_len, .. } => {
                push(&mut pieces, Kind::Deleted, join(&a[old_index..old_index + old_len]))
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                push(&mut pieces, Kind::Inserted, join(&b[new_index..new_index + new_len]))
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let (was, now) = (join(&a[old_index..old_index + old_len]), join(&b[new_index..new_index + new_len]));
                if was == now {
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
        assert_eq!(
            kinds(&w),
            [(Kind::Same, "see"), (Kind::Relinked, "the report"), (Kind::Same, "for the details")]
        );
    }

    #[test]
    fn tokens_know_their_link_and_plain_drops_it() {
        let t = format!("a {LINK_OPEN}x{LINK_MID}b c{LINK_CLOSE}d");
        let toks = tokens(&t);
        assert_eq!(toks.iter().map(|t| (t.word, t.link)).collect::<Vec<_>>(), [
            ("a", None),
            ("b", Some("x")),
            ("c", Some("x")),
            ("d", None)
        ]);
        assert_eq!(plain(&t), "a b c d");
    }
}
