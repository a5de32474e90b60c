//! `consult import` of Word files saved by LibreOffice, kept in
//! `tests/fixtures/import/`: the numbers LibreOffice shows, and the seed
//! imported from Word as from its text.

mod common;
use common::docx::import;
use common::*;

/// `tests/fixtures/import/outline-libreoffice.docx` is `outline.fodt` beside
/// it, saved by LibreOffice 7.4 (`soffice --headless --convert-to docx
/// outline.fodt`): a multilevel list tied to Heading 1, interrupted by a
/// table, with (a) sub-items, a number typed by hand and a list from 4.
/// The numbers expected are those LibreOffice itself shows (its text export).
#[test]
fn a_word_file_saved_by_libreoffice_imports_with_the_numbers_it_shows() {
    let site = empty_site();
    let bytes = std::fs::read(repo().join("tests/fixtures/import/outline-libreoffice.docx")).unwrap();
    let ran = import(site.path(), "outline.docx", &bytes, &[]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);
    let numbers: Vec<String> = written(site.path(), "outline")
        .iter()
        .filter(|l| !l.starts_with('|'))
        .map(|l| l.trim_start_matches("## ").split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(numbers, ["1.", "1.1", "1.2", "1.3", "2.", "2.1", "(a)", "(b)", "2.2", "2.3", "4.", "5."]);
    let check = consult(site.path(), &["check"]);
    assert!(check.ok && !check.stderr.contains("warning"), "{}", check.stderr);
    build_ok(site.path());
    let html = page(site.path(), "outline/index.html");
    assert_eq!(text_of_id(&html, "para-2.1-b").as_deref(), Some("(b) a lack of trust between a number of partners."));
    assert_eq!(text_of_id(&html, "section-1").as_deref(), Some("1. Introduction"));
}

/// `tests/fixtures/import/seed-libreoffice.docx` is `tests/seed.txt` opened
/// and saved by LibreOffice (`soffice --headless --infilter="Text
/// (encoded):UTF8" --convert-to docx seed.txt`): numbers typed by hand, `·`
/// bullets and `Appendix N` paragraphs. It imports to the same documents as
/// the text itself, and so to the seed's 58 numbered paragraphs.
#[test]
fn the_seed_saved_as_a_word_file_imports_as_the_text_does() {
    let from_word = empty_site();
    let bytes = std::fs::read(repo().join("tests/fixtures/import/seed-libreoffice.docx")).unwrap();
    let ran = import(from_word.path(), "seed.docx", &bytes, &[]);
    assert!(ran.ok, "{}", ran.stderr);
    let from_text = empty_site();
    let seed = repo().join("tests/seed.txt");
    let text =
        consult(from_text.path(), &["import", seed.to_str().unwrap(), "--root", from_text.path().to_str().unwrap()]);
    assert!(text.ok, "{}", text.stderr);
    let (a, b) = (snapshot(from_word.path()), snapshot(from_text.path()));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{path} differs:\n{}\n---\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&b[path])
        );
    }
    let check = consult(from_word.path(), &["check"]);
    assert!(check.ok && !check.stderr.contains("warning"), "{}", check.stderr);
    build_ok(from_word.path());
    assert_seed_paragraphs(&page(from_word.path(), "seed/index.html"));
}
