//! Paragraph numbering in the forms real documents use, one fixture site per
//! form in tests/sites/forms-*: the ids, the numbers shown and the citations.

mod common;
use common::*;

/// Builds fixture `name`, asserting it builds without a warning, and returns its page `rel`.
fn built(name: &str, rel: &str) -> String {
    let site = site(name, None);
    let ran = build_ok(site.path());
    assert!(!ran.stderr.contains("warning"), "{name} builds without warnings:\n{}", ran.stderr);
    page(site.path(), rel)
}

/// The number shown in the self-link of the element with `id`.
fn shown(html: &str, id: &str) -> String {
    let marker = format!("<a class=\"pnum\" href=\"#{id}\"");
    let at = html.find(&marker).unwrap_or_else(|| panic!("no self-link to {id}"));
    let start = at + html[at..].find('>').unwrap() + 1;
    html[start..start + html[start..].find('<').unwrap()].to_string()
}

#[test]
fn numbers_with_a_tab_or_glued_to_the_text_are_paragraph_numbers() {
    let html = built("forms-glued", "draft/index.html");
    assert_eq!(shown(&html, "para-2.1.1"), "2.1.1");
    assert_eq!(
        text_of_id(&html, "para-2.1.2").as_deref(),
        Some("2.1.2 Where a route crosses a main road, a signal-controlled crossing will be the default.")
    );
    assert!(html.contains("<a class=\"cite\" href=\"#para-2.1.1\">paragraph 2.1.1</a> explains"));
    assert_eq!(html.matches("class=\"numbered\"").count(), 5, "an amount in a sentence is not a number");
}

#[test]
fn top_level_ordered_list_items_are_paragraphs_under_numbering_lists() {
    let html = built("forms-parliamentary", "report/index.html");
    assert!(html.contains("<li class=\"numbered\" id=\"para-13\"><p><a class=\"pnum\" href=\"#para-13\""));
    assert_eq!(shown(&html, "para-14"), "14.");
    assert_eq!(shown(&html, "para-14-b"), "(b)");
    assert!(html.contains("<p class=\"numbered sub1\" id=\"para-14-a\">"), "the sub-paragraph is indented");
    assert!(html.contains("<a class=\"cite\" href=\"#para-14-b\">paragraph 14(b)</a>"));
    assert!(text_of_id(&html, "para-15").unwrap().starts_with("15. The Government should respond"));
    assert_eq!(text_of_id(&html, "section-3").as_deref(), Some("3. Conclusions and recommendations"));
    assert_eq!(shown(&html, "para-11"), "11.", "section numbers and one-part paragraph numbers do not collide");
}

#[test]
fn a_heading_that_is_only_a_number_numbers_the_paragraph_after_it() {
    let html = built("forms-number-headings", "policy/index.html");
    assert_eq!(text_of_id(&html, "para-3").as_deref(), Some("3 Existing allotments are protected from development."));
    assert!(!html.contains("<h5"), "the number is not a heading");
    assert!(html.contains("<a class=\"cite\" href=\"#para-1\">paragraph 1</a>"));
    assert!(html.contains("id=\"housing\""), "headings with words stay headings");
}

#[test]
fn numbers_in_nested_list_items_are_paragraphs_at_every_depth() {
    let html = built("forms-directive", "directive/index.html");
    assert!(html.contains("<li class=\"numbered\" id=\"para-1.1.2.1\">"), "four deep");
    assert_eq!(
        text_of_id(&html, "para-1.1.2").unwrap(),
        "1.1.2 It covers records held by volunteers on behalf of an organisation. \
         1.1.2.1 Volunteers must be told in writing which records they hold.",
        "glued number cut from its words; the nested item inside"
    );
    assert!(html.contains("<a class=\"cite\" href=\"#para-1.1.2.1\">paragraph 1.1.2.1</a>"));
    assert_eq!(html.matches("class=\"numbered\"").count(), 6);
}

#[test]
fn prefixed_numbers_restart_in_schedules_and_appendices_without_collisions() {
    let html = built("forms-appendix", "agreement/index.html");
    for id in ["para-1.1", "para-S1.1", "para-S1.2", "para-A.1", "para-A.2.5.4.3"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert_eq!(shown(&html, "para-A.2.5.4.3"), "A.2.5.4.3");
    assert!(html.contains("<a class=\"cite\" href=\"#para-A.2.5.4.3\">paragraph A.2.5.4.3</a>"));
    assert!(html.contains("<a class=\"cite\" href=\"#para-S1.1\">paragraph S1.1</a>"));
}

#[test]
fn lettered_and_roman_sub_paragraphs_are_citable_under_their_parent() {
    let html = built("forms-subparagraphs", "report/index.html");
    assert!(html.contains("<p class=\"numbered sub1\" id=\"para-4.2.1-b\">"));
    assert!(html.contains("<p class=\"numbered sub2\" id=\"para-4.2.1-b-ii\">"), "(ii) under (b)");
    assert!(html.contains("<p class=\"numbered sub1\" id=\"para-4.2.1-c\">"), "(c) back beside (b)");
    assert!(html.contains("<li class=\"numbered sub1\" id=\"para-4.2.2-a\">"), "as list items too");
    assert_eq!(shown(&html, "para-4.2.1-b-ii"), "(ii)");
    assert!(html.contains("aria-label=\"Paragraph 4.2.1(b)(ii)\""));
    assert!(html.contains("<a class=\"cite\" href=\"#para-4.2.1-b-ii\">paragraph 4.2.1(b)(ii)</a>"));
    assert!(html.contains("<a class=\"cite\" href=\"#para-4.2.2-a\">paragraph 4.2.2(a)</a>"));
    assert!(html.contains("<p class=\"numbered sub1\" id=\"para-4.3-2\">"), "(1), (2) as legislation writes them");
    assert!(html.contains("<a class=\"cite\" href=\"#para-4.3-2-b\">paragraph 4.3(2)(b)</a>"));
}

#[test]
fn leading_zeros_trailing_dots_and_inserted_numbers_are_shown_as_written() {
    let html = built("forms-styles", "policy/index.html");
    assert_eq!(shown(&html, "para-1.1"), "01.1");
    assert_eq!(shown(&html, "para-2.1"), "02.1.");
    assert_eq!(shown(&html, "para-2.2A"), "02.2A.");
    assert!(html.contains("<a class=\"cite\" href=\"#para-2.2A\">paragraph 2.2A</a>"));
    assert!(html.contains("id=\"section-2\""), "section 02. is section 2");
}

#[test]
fn a_citation_of_a_sub_paragraph_that_does_not_exist_fails_the_build() {
    let site = site("forms-parliamentary", None);
    write(site.path(), "content/note.md", "---\ntitle: Note\n---\n\n1.1 See [[report#14(c)]].\n");
    let ran = consult(site.path(), &["build"]);
    assert!(!ran.ok);
    assert!(
        ran.stderr.contains("content/note.md:5:9: error: citation of paragraph 14(c), which is not in `report`"),
        "{}",
        ran.stderr
    );
}

#[test]
fn wide_tables_and_code_scroll_inside_a_labelled_focusable_region() {
    let html = built("wide-content", "budget/index.html");
    assert!(html.contains("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Table 1\"><table>"));
    assert!(html.contains("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Code 2\">\n<pre>"));
    assert!(html.contains("<a class=\"cite\" href=\"#section-1\">the principles agreed"));
}

#[test]
fn footnotes_labelled_with_numbers_show_their_label() {
    let site = site("minimal", None);
    write(
        site.path(),
        "content/notes.md",
        "---\ntitle: Notes\nkind: page\n---\n\nAs the inquiry found[^13] and the council agreed[^council].\n\n[^13]: Report of the inquiry, page 4.\n[^council]: Minutes of 6 April.\n",
    );
    build_ok(site.path());
    let html = page(site.path(), "notes/index.html");
    assert!(html.contains("<a href=\"#fn-13\" aria-label=\"Footnote 13\">13</a></sup>"), "{html}");
    assert!(html.contains("<sup class=\"footnote-definition-label\">13</sup>"));
    assert!(
        html.contains("<a href=\"#fn-council\" aria-label=\"Footnote 1\">1</a>"),
        "other labels are counted in order"
    );
}

#[test]
fn numbers_as_converters_write_them_bold_after_a_non_breaking_space_or_escaped() {
    let site = site("minimal", None);
    write(
        site.path(),
        "content/converted.md",
        "---\ntitle: Converted\nkind: page\n---\n\n## 2. Findings\n\n**2.1** In bold, as Word exports it.\n\n*2.2.* In italics with a dot.\n\n2.3&nbsp;After a non-breaking space.\n\n**2.5 million** people is an amount.\n",
    );
    write(
        site.path(),
        "content/inquiry.md",
        "---\ntitle: Inquiry\nkind: page\nnumbering: lists\n---\n\n13\\. The Committee heard evidence.\n\n14\\. We recommend a plan.\n\n2016\\. The year of the last settlement.\n\n15\\. The Government should respond.\n",
    );
    let ran = build_ok(site.path());
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);
    let html = page(site.path(), "converted/index.html");
    assert_eq!(text_of_id(&html, "para-2.1").as_deref(), Some("2.1 In bold, as Word exports it."));
    assert!(!html.contains("<strong></strong>") && !html.contains("<em></em>"), "{html}");
    assert_eq!(shown(&html, "para-2.2"), "2.2.");
    assert_eq!(text_of_id(&html, "para-2.3").as_deref(), Some("2.3 After a non-breaking space."));
    assert!(html.contains("<p><strong>2.5 million</strong> people is an amount.</p>"));
    let html = page(site.path(), "inquiry/index.html");
    assert_eq!(shown(&html, "para-14"), "14.");
    assert_eq!(text_of_id(&html, "para-15").as_deref(), Some("15. The Government should respond."));
    assert!(html.contains("<p>2016. The year of the last settlement.</p>"), "an escaped year out of sequence is text");
}

#[test]
fn a_numbered_list_item_holds_its_respond_link_so_the_list_stays_valid() {
    let site = site("forms-directive", None);
    write(site.path(), "content/site.yaml", "title: Directive\nrespond:\n  email: consult@example.org\n");
    build_ok(site.path());
    let html = page(site.path(), "directive/index.html");
    let item = text_of_id(&html, "para-1.1.1").unwrap();
    assert!(item.ends_with("Respond to paragraph 1.1.1"), "{item}");
    assert!(html.contains("Respond to paragraph 1.1.1</a></p>\n</li>"), "{html}");
    assert!(html.contains("Respond to paragraph 1.1</a></p>\n<ul>"), "after the item's words, before its sub-list");
}

#[test]
fn an_unknown_numbering_form_is_an_error_naming_the_forms() {
    let site = site("minimal", None);
    write(site.path(), "content/notes.md", "---\ntitle: Notes\nnumbering: list\n---\n\nText.\n");
    let ran = consult(site.path(), &["check"]);
    assert!(!ran.ok);
    assert!(
        ran.stderr
            .contains("content/notes.md:3:12: error: unknown variant 'list', expected one of manual, auto, lists")
            && ran.stderr.contains("help: did you mean `lists`?"),
        "{}",
        ran.stderr
    );
}
