//! The redline against the four guidelines of laws-africa/indigo#870.

use super::*;

fn para(n: &str, text: &str) -> Block {
    Block { kind: BlockKind::Paragraph, key: Some(format!("para-{n}")), number: Some(n.into()), text: text.into() }
}

fn doc(blocks: Vec<Block>) -> Snapshot {
    Snapshot {
        docs: vec![std::sync::Arc::new(DocSnap {
            slug: "report".into(),
            title: "R".into(),
            short_title: "R".into(),
            blocks,
        })],
        data: DataSnap::default(),
    }
}

#[test]
fn an_inserted_paragraph_is_one_insertion_and_the_renumbered_rest_no_text_change() {
    let old = doc(vec![para("1.1", "first words"), para("1.2", "second words here"), para("1.3", "third words too")]);
    let new = doc(vec![
        para("1.1", "first words"),
        para("1.2", "an inserted paragraph"),
        para("1.3", "second words here"),
        para("1.4", "third words too"),
    ]);
    let r = compare(&old, &new);
    let d = &r.docs[0];
    assert_eq!(d.counts, Counts { added: 1, renumbered: 2, ..Counts::default() });
    assert!(d.changes.iter().all(|c| c.words.is_none()), "no text change: {:?}", d.changes);
    assert_eq!(d.kept.get("para-1.2").map(String::as_str), Some("para-1.3"));
}

#[test]
fn whitespace_and_line_wrapping_show_as_nothing() {
    // Blocks are folded when taken from a body; a snapshot of the same words
    // wrapped differently is equal.
    let a = crate::model::markdown::fold_whitespace("the  council\n   will   fund it");
    let b = crate::model::markdown::fold_whitespace("the council will\nfund it ");
    let r = compare(&doc(vec![para("1.1", &a)]), &doc(vec![para("1.1", &b)]));
    assert!(r.is_empty());
}

#[test]
fn removed_and_status_changes_are_listed() {
    let mut old = doc(vec![para("1.1", "keep"), para("1.2", "gone soon")]);
    old.data.recommendations.insert("1".into(), ("Change MACC".into(), "proposed".into()));
    let mut new = doc(vec![para("1.1", "keep")]);
    new.data.recommendations.insert("1".into(), ("Change MACC".into(), "agreed".into()));
    let r = compare(&old, &new);
    assert_eq!(r.docs[0].counts.removed, 1);
    assert_eq!(r.data[0].change, "status changed from proposed to agreed");
}

#[test]
fn fold_is_fold_whitespace() {
    for s in ["", "  a  b\n c ", "a", " \t\n", "x\u{a0}y  z", "a\x0bb\x0c c\r\nd\x1fe ", "é  \u{3000}ü\n"] {
        assert_eq!(fold(s), crate::model::markdown::fold_whitespace(s), "{s:?}");
        let words: Vec<&str> = s.split_whitespace().collect();
        assert_eq!(crate::model::markdown::fold_whitespace(s), words.join(" "), "{s:?}");
    }
}
