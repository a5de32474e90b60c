//! `consult import` of plain text: the seed becomes a report and three
//! appendices that build clean, and a failed import writes nothing.

mod common;
use common::*;
use std::path::Path;

fn import(root: &Path, args: &[&str]) -> Ran {
    let mut all = vec!["import"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", root.to_str().unwrap()]);
    consult(root, &all)
}

#[test]
fn the_seed_imports_to_a_report_and_three_appendices_that_build_clean() {
    let site = empty_site();
    let seed = repo().join("tests/seed.txt");
    let ran = import(site.path(), &[seed.to_str().unwrap()]);
    assert!(ran.ok, "{}", ran.stderr);
    for line in [
        "wrote content/seed.md (report: seed, 58 numbered paragraphs)",
        "wrote content/seed-appendix-1.md (appendix: The Restructuring of Manchester Alliance for Community Care (MACC))",
        "wrote content/seed-appendix-2.md (appendix: The Development of the Outcomes Framework)",
        "wrote content/seed-appendix-3.md (appendix: A Strategic Partners Approach to Equalities)",
    ] {
        assert!(ran.stderr.contains(line), "{line}\n{}", ran.stderr);
    }
    assert!(ran.stderr.contains("warning: the text has no title line"), "{}", ran.stderr);

    let check = consult(site.path(), &["check"]);
    assert!(check.ok, "{}", check.stderr);
    assert!(!check.stderr.contains("warning"), "the imported site checks clean:\n{}", check.stderr);
    build_ok(site.path());

    let report = page(site.path(), "seed/index.html");
    assert_seed_paragraphs(&report);
    for (n, title) in [(1, "Introduction"), (2, "Initial Findings"), (6, "The Way Forward")] {
        assert_eq!(text_of_id(&report, &format!("section-{n}")).as_deref(), Some(format!("{n}. {title}").as_str()));
    }
    let a1 = page(site.path(), "seed-appendix-1/index.html");
    assert!(
        a1.contains("<li>Propose legal status of new body for adoption at MACC AGM in September 2011</li>"),
        "bullets become a list"
    );
    assert!(plain(&a1).contains("Sinead O’Connor (Co-Chair, MACC)"));
    let a2 = plain(&page(site.path(), "seed-appendix-2/index.html"));
    assert!(a2.contains("forwarding the recommended outcomes framework to manchester City Council"), "typos kept");
    let a3 = page(site.path(), "seed-appendix-3/index.html");
    let url = "http://www.northwest.nhs.uk/document_uploads/Equality_and_Diversity/An_Equal_Partnership.pdf";
    assert!(a3.contains(&format!("<a href=\"{url}\">{url}</a>")), "the address is a link");
    assert!(plain(&a3).contains("the experience and expertise they posses in reaching diverse groups"));
    let front = std::fs::read_to_string(site.path().join("content/seed-appendix-3.md")).unwrap();
    assert!(front.starts_with("---\ntitle: \"A Strategic Partners Approach to Equalities\"\nshort_title: \"Appendix 3\"\nkind: appendix\n---\n"));
}

#[test]
fn an_import_never_overwrites_a_file_without_force() {
    let site = empty_site();
    let seed = repo().join("tests/seed.txt");
    write(site.path(), "content/seed-appendix-2.md", "---\ntitle: Mine\n---\n\nMy own text.\n");
    let before = snapshot(site.path());
    let ran = import(site.path(), &[seed.to_str().unwrap()]);
    assert!(!ran.ok);
    assert!(
        ran.stderr.contains("error: content/seed-appendix-2.md exists already; the import never overwrites a file"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("help: move it away, or import with --force to replace it"), "{}", ran.stderr);
    assert!(ran.stderr.contains("nothing was written"), "{}", ran.stderr);
    assert_eq!(snapshot(site.path()), before, "no file written or changed");

    let forced = import(site.path(), &[seed.to_str().unwrap(), "--force"]);
    assert!(forced.ok, "{}", forced.stderr);
    let text = std::fs::read_to_string(site.path().join("content/seed-appendix-2.md")).unwrap();
    assert!(text.contains("title: \"The Development of the Outcomes Framework\""));
    let names: Vec<String> = snapshot(site.path()).into_keys().collect();
    assert_eq!(
        names,
        [
            "content/seed-appendix-1.md",
            "content/seed-appendix-2.md",
            "content/seed-appendix-3.md",
            "content/seed.md",
            "content/site.yaml"
        ],
        "no temporary file left"
    );
}

#[test]
fn bad_text_input_is_an_error_and_writes_nothing() {
    let site = empty_site();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), " \n\n").unwrap();
    std::fs::write(dir.path().join("bom-only.txt"), [0xFF, 0xFE, b' ', 0]).unwrap();
    std::fs::write(dir.path().join("binary.txt"), b"1.1 Text\n\x00\x01\x02").unwrap();
    std::fs::write(dir.path().join("holes.txt"), b"1.1 Text\n2.1 \x81\n").unwrap();
    std::fs::write(dir.path().join("report.rtf"), "{\\rtf1}").unwrap();
    let before = snapshot(site.path());
    for (file, message) in [
        ("empty.txt", "empty.txt: error: the file is empty: there is nothing to import"),
        ("bom-only.txt", "bom-only.txt: error: the file is empty: there is nothing to import"),
        ("binary.txt", "binary.txt:2: error: this is not plain text: it holds binary data"),
        ("holes.txt", "holes.txt:2: error: the text is neither UTF-8 nor Windows-1252"),
        ("report.rtf", "error: cannot import"),
        ("missing.txt", "error: cannot read"),
    ] {
        let path = dir.path().join(file);
        let ran = import(site.path(), &[path.to_str().unwrap()]);
        assert!(!ran.ok, "{file}");
        assert!(ran.stderr.contains(message), "{file}: {}", ran.stderr);
        assert!(ran.stderr.contains("nothing was written"), "{}", ran.stderr);
    }
    assert_eq!(snapshot(site.path()), before);

    let no_site = tempfile::tempdir().unwrap();
    let ran = import(no_site.path(), &[repo().join("tests/seed.txt").to_str().unwrap()]);
    assert!(!ran.ok);
    assert!(ran.stderr.contains("has no content/ folder"), "{}", ran.stderr);
    assert!(snapshot(no_site.path()).is_empty());
}

#[test]
fn text_with_a_title_and_markdown_characters_prints_as_written() {
    let site = empty_site();
    let file = site.path().join("notes.txt");
    std::fs::write(
        &file,
        "Notes of the *first* meeting\n\n1. Matters arising\n\n1.1 The cost was £3_000 [approx] <net> & rising.\n\n2016. The year it began.\n\n- first\n- second\n",
    )
    .unwrap();
    let ran = import(site.path(), &[file.to_str().unwrap(), "--kind", "page"]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);
    let check = consult(site.path(), &["check"]);
    assert!(check.ok && !check.stderr.contains("warning"), "{}", check.stderr);
    build_ok(site.path());
    let html = page(site.path(), "notes/index.html");
    assert!(
        html.contains("<h1>Notes of the *first* meeting</h1>") || plain(&html).contains("Notes of the *first* meeting")
    );
    assert_eq!(text_of_id(&html, "para-1.1").as_deref(), Some("1.1 The cost was £3_000 [approx] <net> & rising."));
    assert!(plain(&html).contains("2016. The year it began."), "not an ordered list");
    assert!(!html.contains("<ol"), "{html}");
    let md = std::fs::read_to_string(site.path().join("content/notes.md")).unwrap();
    assert!(md.contains("kind: page"), "{md}");
}

/// Markdown converted by another tool keeps its text; it gains front matter,
/// and its escaped one-part numbers (as pandoc writes them) are read.
#[test]
fn markdown_from_another_tool_gains_front_matter_and_its_numbers_are_read() {
    let site = empty_site();
    let file = site.path().join("Committee Report.md");
    std::fs::write(
        &file,
        "# Committee report\n\n13\\. The Committee considered the evidence it was given.\n\n14\\. It found that the *evidence* was clear.\n",
    )
    .unwrap();
    let ran = import(site.path(), &[file.to_str().unwrap()]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("wrote content/committee-report.md (report: Committee report, 2 numbered paragraphs)"),
        "{}",
        ran.stderr
    );
    let md = std::fs::read_to_string(site.path().join("content/committee-report.md")).unwrap();
    assert!(
        md.starts_with("---\ntitle: \"Committee report\"\nkind: report\nnumbering: lists\n---\n\n13\\. The Committee"),
        "{md}"
    );
    let check = consult(site.path(), &["check"]);
    assert!(check.ok && !check.stderr.contains("warning"), "{}", check.stderr);
    build_ok(site.path());
    let html = page(site.path(), "committee-report/index.html");
    assert_eq!(text_of_id(&html, "para-14").as_deref(), Some("14. It found that the evidence was clear."));

    let again = import(site.path(), &[site.path().join("content/committee-report.md").to_str().unwrap()]);
    assert!(!again.ok);
    assert!(again.stderr.contains("error: the file has front matter already"), "{}", again.stderr);
}

/// Word's "Plain Text" is Windows-1252 by default, or UTF-16 when "Unicode"
/// is chosen: both read, the first with a warning that it was a guess.
#[test]
fn text_saved_as_windows_1252_or_utf16_is_read() {
    let site = empty_site();
    let cp1252 = site.path().join("cp1252.txt");
    std::fs::write(&cp1252, b"Title\n\n1.1 Caf\xe9 \x93quoted\x94 \x96 \x80730k\n").unwrap();
    let ran = import(site.path(), &[cp1252.to_str().unwrap()]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("cp1252.txt:3: warning: the text is not UTF-8: it was read as Windows-1252"),
        "{}",
        ran.stderr
    );
    let md = std::fs::read_to_string(site.path().join("content/cp1252.md")).unwrap();
    assert!(md.ends_with("\n1.1 Café “quoted” – €730k\n"), "{md}");

    let utf16 = site.path().join("utf16.txt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("Title\r\n\r\n2.1 Ünïcode ‘text’\r\n".encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&utf16, bytes).unwrap();
    let ran = import(site.path(), &[utf16.to_str().unwrap()]);
    assert!(ran.ok && !ran.stderr.contains("warning"), "{}", ran.stderr);
    let md = std::fs::read_to_string(site.path().join("content/utf16.md")).unwrap();
    assert!(md.ends_with("\n2.1 Ünïcode ‘text’\n"), "{md}");
}
