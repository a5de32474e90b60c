//! Fixture sites built in temporary folders: what the pages hold.

mod common;
use common::*;

#[test]
fn numbered_paragraphs_get_ids_and_self_links() {
    let site = site("minimal", None);
    build_ok(site.path());
    let report = page(site.path(), "report/index.html");
    assert!(report.contains("<p class=\"numbered\" id=\"para-2.1.1\"><a class=\"pnum\" href=\"#para-2.1.1\""));
    assert_eq!(text_of_id(&report, "para-2.1.1").as_deref(), Some("2.1.1 A detail of the finding."));
    assert_eq!(text_of_id(&report, "section-2").as_deref(), Some("2. Findings"));
}

#[test]
fn citations_link_to_paragraphs_in_the_same_and_other_documents() {
    let site = site("minimal", None);
    build_ok(site.path());
    let report = page(site.path(), "report/index.html");
    assert!(report.contains("<a class=\"cite\" href=\"#para-1.1\">paragraph 1.1</a>"), "{report}");
    assert!(
        report.contains("<a class=\"cite\" href=\"../appendix-1/index.html#para-1.1\">Appendix 1, paragraph 1.1</a>")
    );
    let appendix = page(site.path(), "appendix-1/index.html");
    assert!(appendix.contains("href=\"../report/index.html#para-2.1.1\">Report, paragraph 2.1.1</a>"));
    assert!(appendix.contains("href=\"../report/index.html\">The report</a>"));
}

#[test]
fn a_citation_may_carry_its_own_words_and_cite_a_section() {
    let site = site("minimal", None);
    write(
        site.path(),
        "content/appendix-1.md",
        "---\ntitle: A work stream\nkind: appendix\n---\n\n1.1 As [[report#2|the findings]] and [[report#section-1]] say.\n",
    );
    build_ok(site.path());
    let appendix = page(site.path(), "appendix-1/index.html");
    assert!(
        appendix.contains("<a class=\"cite\" href=\"../report/index.html#section-2\">the findings</a>"),
        "{appendix}"
    );
    assert!(appendix.contains("href=\"../report/index.html#section-1\">Report, section 1</a>"));
}

#[test]
fn automatic_numbering_numbers_sections_and_paragraphs() {
    let site = site("minimal", None);
    write(
        site.path(),
        "content/guide.md",
        "---\ntitle: Guide\nnumbering: auto\n---\n\nAn unnumbered opening.\n\n## Background\n\nFirst.\n\nSecond, citing [[1.1]].\n\n## Next\n\nThird.\n",
    );
    build_ok(site.path());
    let guide = page(site.path(), "guide/index.html");
    assert_eq!(text_of_id(&guide, "section-2").as_deref(), Some("2. Next"));
    assert_eq!(text_of_id(&guide, "para-1.2").as_deref(), Some("1.2 Second, citing paragraph 1.1."));
    assert_eq!(text_of_id(&guide, "para-2.1").as_deref(), Some("2.1 Third."));
    assert!(guide.contains("<p>An unnumbered opening.</p>"));
}

#[test]
fn markdown_extensions_and_raw_html_pass_through() {
    let site = site("minimal", None);
    write(
        site.path(),
        "content/notes.md",
        "---\ntitle: Notes\n---\n\n## Table {#the-table}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ and a note[^1].\n\n- [x] done\n\n<div class=\"callout\">Raw <em>HTML</em></div>\n\n[^1]: The note.\n",
    );
    build_ok(site.path());
    let notes = page(site.path(), "notes/index.html");
    for wanted in [
        "<h2 id=\"the-table\">",
        "<table>",
        "<del>gone</del>",
        "footnote-reference",
        "type=\"checkbox\"",
        "<div class=\"callout\">Raw <em>HTML</em></div>",
    ] {
        assert!(notes.contains(wanted), "missing {wanted} in:\n{notes}");
    }
}

#[test]
fn data_reaching_templates_is_escaped() {
    let site = site("minimal", None);
    write(site.path(), "content/site.yaml", "title: Fish & <Chips>\n");
    build_ok(site.path());
    let home = page(site.path(), "index.html");
    assert!(home.contains("Fish &amp; &lt;Chips&gt;"), "{home}");
    assert!(!home.contains("<Chips>"));
}

#[test]
fn every_link_is_relative_and_names_a_file() {
    let site = site("minimal", None);
    build_ok(site.path());
    for rel in ["index.html", "report/index.html", "appendix-1/index.html", "404.html"] {
        let html = page(site.path(), rel);
        for part in html.split("href=\"").skip(1) {
            let href = &part[..part.find('"').unwrap()];
            assert!(!href.starts_with('/') && !href.contains("://"), "{rel}: {href} is not relative");
            let path = href.split('#').next().unwrap();
            assert!(
                path.is_empty() || path.ends_with(".html") || path.ends_with(".css"),
                "{rel}: {href} names no file"
            );
        }
    }
    assert!(!site.path().join("public/sitemap.xml").exists(), "no sitemap without a base URL");
}

#[test]
fn sitemap_and_canonical_links_come_with_a_base_url() {
    let site = site("minimal", None);
    write(site.path(), "content/site.yaml", "title: Minimal\nbase_url: https://example.org/consult\n");
    build_ok(site.path());
    let sitemap = page(site.path(), "sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/consult/report/</loc>"), "{sitemap}");
    // Written before the sitemap is made, so it is known by its path alone.
    assert!(sitemap.contains("<loc>https://example.org/consult/print/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("404"));
    assert!(page(site.path(), "report/index.html")
        .contains("<link rel=\"canonical\" href=\"https://example.org/consult/report/\">"));
}

#[test]
fn a_theme_on_disk_replaces_the_built_in_templates() {
    let site = site("minimal", None);
    write(
        site.path(),
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Lost: {{ site.title }}</p>{% endblock content %}",
    );
    write(site.path(), "themes/default/static/extra.css", "p { color: black }");
    build_ok(site.path());
    assert!(page(site.path(), "404.html").contains("<p>Lost: Minimal consultation</p>"));
    assert!(site.path().join("public/assets/extra.css").exists());
    assert!(site.path().join("public/assets/style.css").exists(), "built-in files the site does not replace stay");
}

#[test]
fn a_named_theme_must_exist() {
    let site = site("minimal", None);
    write(site.path(), "content/site.yaml", "title: Minimal\ntheme: fancy\n");
    let ran = consult(site.path(), &["check"]);
    assert!(!ran.ok);
    assert!(ran.stderr.contains("content/site.yaml:2:8: error: no theme `fancy`"), "{}", ran.stderr);
}

#[test]
fn documents_have_contents_and_previous_next_links() {
    let site = site("minimal", None);
    build_ok(site.path());
    let report = page(site.path(), "report/index.html");
    assert!(report.contains("<a href=\"#section-1\">1. Introduction</a>"));
    assert!(report.contains("rel=\"next\""));
    assert!(!report.contains("rel=\"prev\""));
    let appendix = page(site.path(), "appendix-1/index.html");
    assert!(appendix.contains("href=\"../report/index.html\" rel=\"prev\""));
    let home = page(site.path(), "index.html");
    assert!(home.contains("<h3>Appendices</h3>"));
}

#[test]
fn other_files_in_content_are_copied() {
    let site = site("minimal", None);
    write(site.path(), "content/files/plan.pdf", "%PDF-1.4");
    build_ok(site.path());
    assert_eq!(std::fs::read(site.path().join("public/files/plan.pdf")).unwrap(), b"%PDF-1.4");
}

#[test]
fn new_makes_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let made = consult(dir.path(), &["new", "x"]);
    assert!(made.ok, "{}", made.stderr);
    let built = consult(dir.path(), &["build", "--root", "x"]);
    assert!(built.ok, "{}", built.stderr);
    assert!(!built.stderr.contains("warning"), "{}", built.stderr);
    let report = std::fs::read_to_string(dir.path().join("x/public/report/index.html")).unwrap();
    assert!(report.contains("id=\"para-1.1\""));
    let again = consult(dir.path(), &["new", "x"]);
    assert!(!again.ok, "new refuses a folder that is not empty");
}

#[test]
fn navigation_stays_small_when_there_are_many_documents() {
    // Regression: every page listed every document, so output grew with the
    // square of the number of documents (97 MB for 1,000 in the benchmark).
    let site = site("minimal", None);
    for i in 0..20 {
        write(site.path(), &format!("content/page-{i:02}.md"), &format!("---\ntitle: Page {i}\n---\n\nText.\n"));
    }
    build_ok(site.path());
    let page5 = page(site.path(), "page-05/index.html");
    let nav = &page5[page5.find("<nav class=\"site-nav\"").unwrap()..page5.find("</nav>").unwrap()];
    assert!(nav.contains("href=\"../index.html#documents-heading\">Documents</a>"), "{nav}");
    assert!(nav.contains("href=\"../page-05/index.html\" aria-current=\"page\">Page 5</a>"));
    assert!(!nav.contains("Page 6"), "{nav}");
    assert!(
        page(site.path(), "index.html").contains("href=\"page-19/index.html\""),
        "the home page still lists them all"
    );
}
