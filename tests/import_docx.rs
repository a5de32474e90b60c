//! `consult import` of Word files: the numbers Word shows (computed from
//! numbering.xml), text, formatting, tables, notes and images; warnings for
//! what cannot be placed; errors, with nothing written, for bad files.

mod common;
use common::docx::*;
use common::*;

const MULTILEVEL: &[(&str, &str, u32, &str)] = &[
    ("decimal", "%1.", 1, r#"<w:pStyle w:val="Heading1"/>"#),
    ("decimal", "%1.%2", 1, ""),
    ("lowerLetter", "(%3)", 1, ""),
];

/// The issue's own case: 1, 1.1, 1.2, a table, 1.3, 2, 2.1, (a), 2.2, a list
/// restarting at 4, and a number typed by hand.
fn outline() -> Vec<u8> {
    let numbering = [
        abstract_num(0, MULTILEVEL),
        abstract_num(1, &[("decimal", "%1.", 1, "")]),
        num(1, 0, ""),
        num(2, 1, ""),
        num(3, 1, r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride>"#),
    ]
    .concat();
    let body = [
        p(Some("Title"), None, &t("Infrastructure support: a report")),
        p(Some("Heading1"), None, &t("Introduction")),
        p(None, Some((1, 1)), &t("This document builds on the Framework.")),
        p(None, Some((1, 1)), &t("The Council approached the facilitator.")),
        table(&[&["Group", "Members"], &["MACC", "3"]]),
        p(None, Some((1, 1)), &t("After the table the numbers go on.")),
        p(Some("Heading1"), None, &t("Initial Findings")),
        p(None, Some((1, 1)), &t("The meetings identified key issues:")),
        p(None, Some((1, 2)), &t("leadership was lacking;")),
        p(None, Some((1, 1)), &t("There was a lack of trust.")),
        p(None, None, &t("2.3 This number was typed by hand.")),
        p(None, Some((3, 0)), &t("A list that Word restarts at four, as the author set it to.")),
        p(None, Some((3, 0)), &t("And its next item, which Word shows as five.")),
    ]
    .concat();
    docx(&body, Some(&numbering), &styles(Some(1)), &[], &[])
}

#[test]
fn word_numbers_are_computed_as_word_shows_them_and_the_import_builds() {
    let site = empty_site();
    let ran = import(site.path(), "Outline Report.docx", &outline(), &[]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(
        ran.stderr.contains(
            "wrote content/outline-report.md (report: Infrastructure support: a report, 9 numbered paragraphs)"
        ),
        "{}",
        ran.stderr
    );
    assert_eq!(
        written(site.path(), "outline-report"),
        [
            "## 1. Introduction",
            "1.1 This document builds on the Framework.",
            "1.2 The Council approached the facilitator.",
            "| Group | Members |",
            "| --- | --- |",
            "| MACC | 3 |",
            "1.3 After the table the numbers go on.",
            "## 2. Initial Findings",
            "2.1 The meetings identified key issues:",
            "(a) leadership was lacking;",
            "2.2 There was a lack of trust.",
            "2.3 This number was typed by hand.",
            "4. A list that Word restarts at four, as the author set it to.",
            "5. And its next item, which Word shows as five.",
        ]
    );
    let md = std::fs::read_to_string(site.path().join("content/outline-report.md")).unwrap();
    assert!(md.contains("numbering: lists"), "{md}");
    let check = consult(site.path(), &["check"]);
    assert!(check.ok && !check.stderr.contains("warning"), "{}", check.stderr);
    build_ok(site.path());
    let html = page(site.path(), "outline-report/index.html");
    for id in ["para-1.1", "para-1.2", "para-1.3", "para-2.1", "para-2.1-a", "para-2.2", "para-2.3", "para-4", "para-5"]
    {
        assert!(text_of_id(&html, id).is_some(), "{id} in\n{html}");
    }
    assert_eq!(text_of_id(&html, "section-2").as_deref(), Some("2. Initial Findings"));
}

/// One list of `levels`, paragraphs at (numId, ilvl), the numbers shown.
fn numbers(levels: &[(&str, &str, u32, &str)], nums: &[String], paras: &[(u32, u32)]) -> Vec<String> {
    let site = empty_site();
    let mut numbering = abstract_num(0, levels);
    numbering.extend(nums.iter().map(String::as_str));
    let body: String = paras
        .iter()
        .enumerate()
        .map(|(i, &(n, l))| {
            p(None, Some((n, l)), &t(&format!("Paragraph number {i} of the test list, long enough to be a paragraph.")))
        })
        .collect();
    let ran = import(site.path(), "case.docx", &docx(&body, Some(&numbering), &styles(None), &[], &[]), &[]);
    assert!(ran.ok, "{}", ran.stderr);
    body_numbers(&written(site.path(), "case"))
}

fn body_numbers(lines: &[String]) -> Vec<String> {
    lines.iter().map(|l| l.split(' ').next().unwrap().to_string()).collect()
}

#[test]
fn each_numbering_case_shows_the_numbers_word_shows() {
    let one = |id| num(id, 0, "");
    // Formats: letters and roman numerals, lower and upper, with their start.
    let formats = [
        ("upperLetter", "%1.", 1, ""),
        ("lowerRoman", "(%2)", 1, ""),
        ("upperRoman", "%3.", 3, ""),
        ("lowerLetter", "(%4)", 1, ""),
    ];
    assert_eq!(
        numbers(&formats, &[one(1)], &[(1, 0), (1, 1), (1, 1), (1, 2), (1, 2), (1, 3), (1, 0), (1, 1)]),
        ["A.", "(i)", "(ii)", "III.", "IV.", "(a)", "B.", "(i)"]
    );
    // Legal numbering: a roman first level shown in decimal in the level below.
    let legal = [("upperRoman", "%1.", 1, ""), ("decimal", "%1.%2", 1, "<w:isLgl/>")];
    assert_eq!(numbers(&legal, &[one(1)], &[(1, 0), (1, 1), (1, 0), (1, 1)]), ["I.", "1.1", "II.", "2.1"]);
    // start and startOverride; a second instance without one continues the first.
    let starts = [("decimal", "%1.", 3, ""), ("decimal", "%1.%2.", 1, "")];
    let over = num(2, 0, r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride>"#);
    assert_eq!(
        numbers(&starts, &[one(1), over, num(3, 0, "")], &[(1, 0), (1, 1), (1, 0), (2, 0), (2, 1), (3, 0)]),
        ["3.", "3.1.", "4.", "10.", "10.1.", "11."]
    );
    // lvlRestart: the third level restarts only after the first.
    let restart = [
        ("decimal", "%1.", 1, ""),
        ("decimal", "%1.%2", 1, ""),
        ("decimal", "%1.%2.%3", 1, r#"<w:lvlRestart w:val="1"/>"#),
    ];
    assert_eq!(
        numbers(&restart, &[one(1)], &[(1, 0), (1, 1), (1, 2), (1, 1), (1, 2), (1, 0), (1, 1), (1, 2)]),
        ["1.", "1.1", "1.1.1", "1.2", "1.2.2", "2.", "2.1", "2.1.1"]
    );
}

#[test]
fn text_formatting_links_lists_notes_and_images_are_kept() {
    let site = empty_site();
    let png: &[u8] = b"\x89PNG\r\n\x1a\n0000";
    let image = r#"<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="A chart of funding by year"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId7"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"#;
    let numbering = [abstract_num(0, &[("bullet", "•", 1, ""), ("bullet", "o", 1, "")]), num(1, 0, "")].concat();
    let body = [
        p(Some("Title"), None, &t("Formatting")),
        p(Some("Heading2"), None, &t("Background")),
        p(
            None,
            None,
            &[
                t("Plain, "),
                r#"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">bold </w:t></w:r>"#.to_string(),
                r#"<w:r><w:rPr><w:rStyle w:val="Emphasis"/></w:rPr><w:t>italic</w:t></w:r>"#.to_string(),
                r#"<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve"> and </w:t></w:r>"#.to_string(),
                r#"<w:hyperlink r:id="rId5"><w:r><w:t>a link</w:t></w:r></w:hyperlink>"#.to_string(),
                t(" with a note"),
                r#"<w:r><w:footnoteReference w:id="2"/></w:r>"#.to_string(),
                t(" and 5 * 3 = 15."),
            ]
            .concat(),
        ),
        p(None, Some((1, 0)), &t("first")),
        p(None, Some((1, 1)), &t("nested")),
        p(None, Some((1, 0)), &t("second")),
        p(None, None, image),
    ]
    .concat();
    let notes = r#"<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>The note's text.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
    let file = docx(
        &body,
        Some(&numbering),
        &styles(None),
        &[("rId5", "hyperlink", "https://example.org/a", true), ("rId7", "image", "media/image1.png", false)],
        &[("word/footnotes.xml", notes.as_bytes()), ("word/media/image1.png", png)],
    );
    let ran = import(site.path(), "fmt.docx", &file, &["--kind", "page"]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);
    assert!(ran.stderr.contains("wrote content/files/fmt-image1.png"), "{}", ran.stderr);
    assert_eq!(
        written(site.path(), "fmt"),
        [
            "### Background",
            "Plain, **bold** *italic and* [a link](<https://example.org/a>) with a note[^1] and 5 \\* 3 = 15.",
            "- first",
            "  - nested",
            "- second",
            "![A chart of funding by year](../files/fmt-image1.png)",
            "[^1]: The note's text.",
        ]
    );
    assert_eq!(std::fs::read(site.path().join("content/files/fmt-image1.png")).unwrap(), png);
    let check = consult(site.path(), &["check"]);
    assert!(check.ok && !check.stderr.contains("warning"), "{}", check.stderr);
}

#[test]
fn what_cannot_be_placed_is_a_warning_naming_the_paragraph() {
    let site = empty_site();
    let numbering = [abstract_num(0, MULTILEVEL), num(1, 0, "")].concat();
    let text_box = r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Key facts at a glance</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice></mc:AlternateContent></w:r>"#;
    let body = [
        p(Some("Title"), None, &t("Warnings")),
        p(Some("Heading1"), None, &t("Scope")),
        p(None, Some((1, 1)), &[t("A paragraph with a text box."), text_box.to_string()].concat()),
        p(None, Some((1, 1)), &[t("Commented on."), r#"<w:r><w:commentReference w:id="0"/></w:r>"#.to_string()].concat()),
        p(
            None,
            None,
            &[
                t("The budget was "),
                r#"<w:del w:id="1" w:author="A"><w:r><w:delText>£700k</w:delText></w:r></w:del>"#.to_string(),
                r#"<w:ins w:id="2" w:author="A"><w:r><w:t>£730k</w:t></w:r></w:ins>"#.to_string(),
                t(" per annum, as agreed."),
            ]
            .concat(),
        ),
        p(
            None,
            None,
            &[
                t("Total: "),
                r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD Amount </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>£140k</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#.to_string(),
            ]
            .concat(),
        ),
        p(None, Some((9, 0)), &t("In a list the file does not define.")),
        p(None, None, &[r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>TOC \o "1-3"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#, &t("Scope 1")].concat()),
        p(None, None, &[t("Findings 2"), r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#.to_string()].concat()),
        p(None, None, &t("After the contents.")),
    ]
    .concat();
    let ran = import(site.path(), "warn.docx", &docx(&body, Some(&numbering), &styles(Some(1)), &[], &[]), &[]);
    assert!(ran.ok, "{}", ran.stderr);
    for expected in [
        "warn.docx: warning: paragraph 1.1: a text box (“Key facts at a glance…”) is left out",
        "warn.docx: warning: paragraph 1.2: a comment is left out",
        "warn.docx: warning: tracked changes were accepted: the text is as it prints with every change accepted (paragraph “The budget was £730k per annum,…”)",
        "warn.docx: warning: paragraph “Total: £140k”: a MERGEFIELD field is kept as the text it last showed",
        "warn.docx: warning: paragraph “In a list the file does…”: its list number cannot be computed: the file's numbering has no list 9",
        "warn.docx: warning: the table of contents is left out",
    ] {
        assert!(ran.stderr.contains(expected), "{expected}\n{}", ran.stderr);
    }
    assert!(ran.stderr.contains("6 warnings"), "{}", ran.stderr);
    let lines = written(site.path(), "warn");
    assert!(lines.contains(&"The budget was £730k per annum, as agreed.".to_string()), "{lines:?}");
    assert!(lines.contains(&"Total: £140k".to_string()), "{lines:?}");
    assert_eq!(lines.last().map(String::as_str), Some("After the contents."));
    assert!(!lines.iter().any(|l| l.contains("Scope 1") || l.contains("Findings 2")), "{lines:?}");
}

#[test]
fn bad_word_files_are_errors_and_write_nothing() {
    let site = empty_site();
    let before = snapshot(site.path());
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.extend(vec![0; 100]);
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let mut old_doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    old_doc.extend(vec![0; 100]);
    let broken = docx(
        &p(None, Some((1, 0)), &t("Text")),
        Some(r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="one"/></w:lvl></w:abstractNum>"#),
        &styles(None),
        &[],
        &[],
    );
    let unclosed = docx(&p(None, None, &t("Text")), Some("<w:abstractNum>"), &styles(None), &[], &[]);
    let mut spreadsheet = std::io::Cursor::new(Vec::new());
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(&mut spreadsheet);
        zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(b"<workbook/>").unwrap();
        zip.finish().unwrap();
    }
    for (bytes, message) in [
        (b"This is plain text, saved with the wrong extension.".to_vec(), "error: not a Word file"),
        (encrypted, "error: the Word file is password-protected: its text cannot be read"),
        (old_doc, "error: this is an old Word file (.doc, Word 97-2003), not a .docx"),
        (Vec::new(), "error: the file is empty: there is nothing to import"),
        (broken, "error: the list numbering (word/numbering.xml) is broken: line 1: val=\"one\" is not a number"),
        (unclosed, "error: the list numbering (word/numbering.xml) is broken:"),
        (spreadsheet.into_inner(), "error: not a Word document: the file is a zip archive without word/document.xml"),
    ] {
        let ran = import(site.path(), "bad.docx", &bytes, &[]);
        assert!(!ran.ok, "{message}");
        assert!(ran.stderr.contains(&format!("bad.docx: {message}")), "{message}\n{}", ran.stderr);
        assert!(ran.stderr.contains("nothing was written"), "{}", ran.stderr);
        assert_eq!(snapshot(site.path()), before, "{message}: nothing written");
    }
}

/// A file nested far deeper than Word writes (how a hostile file would
/// exhaust the stack) imports what it can, with a warning.
#[test]
fn nesting_deeper_than_word_writes_is_left_out_with_a_warning() {
    let site = empty_site();
    let deep = 100_000;
    let blocks = format!(
        "{}{}{}",
        "<w:sdt><w:sdtContent>".repeat(deep),
        p(None, None, &t("lost")),
        "</w:sdtContent></w:sdt>".repeat(deep)
    );
    let runs = format!("{}{}{}", "<w:smartTag>".repeat(deep), t("also lost"), "</w:smartTag>".repeat(deep));
    let body = [p(Some("Title"), None, &t("Deep")), p(None, None, &t("Kept.")), blocks, p(None, None, &runs)].concat();
    let ran = import(site.path(), "deep.docx", &docx(&body, None, &styles(None), &[], &[]), &[]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("warning: tables or content controls nested deeper than Word writes are left out"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("warning: a paragraph with no text left (deleted, or only a picture or box): text nested deeper than Word writes is left out"), "{}", ran.stderr);
    assert_eq!(written(site.path(), "deep"), ["Kept."]);
}

/// A note's text goes with the document that refers to it, when an
/// `Appendix 1` paragraph splits the file.
#[test]
fn notes_go_with_the_document_that_refers_to_them() {
    let site = empty_site();
    let note = |id: u32| format!(r#"<w:r><w:footnoteReference w:id="{id}"/></w:r>"#);
    let body = [
        p(Some("Title"), None, &t("Split")),
        p(None, None, &[t("The report's note"), note(5)].concat()),
        p(None, None, &t("Appendix 1")),
        p(None, None, &t("Work streams")),
        p(None, None, &[t("The appendix's own note is on this long first paragraph."), note(6)].concat()),
    ]
    .concat();
    let notes = r#"<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="5"><w:p><w:r><w:t>First.</w:t></w:r></w:p></w:footnote><w:footnote w:id="6"><w:p><w:r><w:t>Second.</w:t></w:r></w:p></w:footnote></w:footnotes>"#;
    let file = docx(&body, None, &styles(None), &[], &[("word/footnotes.xml", notes.as_bytes())]);
    let ran = import(site.path(), "split.docx", &file, &[]);
    assert!(ran.ok, "{}", ran.stderr);
    assert_eq!(written(site.path(), "split"), ["The report's note[^1]", "[^1]: First."]);
    assert_eq!(
        written(site.path(), "split-appendix-1"),
        ["The appendix's own note is on this long first paragraph.[^2]", "[^2]: Second."]
    );
    let front = std::fs::read_to_string(site.path().join("content/split-appendix-1.md")).unwrap();
    assert!(front.contains("title: \"Work streams\"\nshort_title: \"Appendix 1\"\nkind: appendix\n"), "{front}");
    let check = consult(site.path(), &["check"]);
    assert!(check.ok && !check.stderr.contains("warning"), "{}", check.stderr);
}

/// Every error of a run at once, as the user sees them: a site folder
/// without `content/` and a Word file whose numbering is broken.
#[test]
fn every_error_of_an_import_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let broken = docx(
        &p(None, Some((1, 0)), &t("Text")),
        Some(r#"<w:num w:numId="1"><w:abstractNumId w:val="x"/></w:num>"#),
        &styles(None),
        &[],
        &[],
    );
    std::fs::write(dir.path().join("report.docx"), broken).unwrap();
    let ran = consult(dir.path(), &["import", "report.docx", "--root", "site"]);
    assert!(!ran.ok);
    insta::assert_snapshot!("import-two-errors", ran.stderr);
    assert_eq!(snapshot(dir.path()).len(), 1, "nothing written beside the file");
}

#[test]
fn a_word_file_with_no_text_is_a_warning() {
    let site = empty_site();
    let ran = import(site.path(), "blank.docx", &docx("", None, &styles(None), &[], &[]), &[]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(ran.stderr.contains("blank.docx: warning: the Word file has no text in its body"), "{}", ran.stderr);
    assert!(ran.stderr.contains("blank.docx: warning: the document has no title"), "{}", ran.stderr);
    assert!(written(site.path(), "blank").is_empty());
}
