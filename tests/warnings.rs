//! Sources that will not come out as their writer thinks: each case in
//! tests/warnings/<case>/ is laid over tests/sites/minimal. The site still
//! builds, and the warning says where and what to do (exact text: insta).

mod common;
use common::*;

/// Builds `case` over the minimal site and returns what it printed.
fn warns(case: &str) -> String {
    let site = site("minimal", Some(&repo().join("tests/warnings").join(case)));
    let ran = build_ok(site.path());
    // The summary line's timing changes from run to run.
    ran.stderr.lines().map(|l| l.find(" files in ").map_or(l, |i| &l[..i + 6])).collect::<Vec<_>>().join("\n")
}

macro_rules! warning {
    ($($name:ident: $case:literal => $where:literal;)*) => {$(
        #[test]
        fn $name() {
            let stderr = warns($case);
            assert!(stderr.contains($where), "{}: expected `{}` in:\n{stderr}", $case, $where);
            insta::assert_snapshot!($case, stderr);
        }
    )*};
}

warning! {
    html_block_that_swallows_a_heading: "html-swallows-markdown" => "content/notes.md:7:1: warning: this Markdown is inside an HTML block";
    indented_html_that_becomes_code: "html-indented-code" => "content/notes.md:8:1: warning: these HTML tags are shown as code";
    a_second_h1: "second-h1" => "content/notes.md:6:1: warning: a second `<h1>`";
    kramdown_attribute_lists: "kramdown" => "content/notes.md:7:1: warning: a kramdown attribute list is printed as text: `{: .notice}`";
    liquid_tags: "liquid" => "content/notes.md:8:1: warning: a Liquid tag is printed as text: `{% include contact.html %}`";
    restructuredtext: "restructuredtext" => "content/notes.md:8:10: warning: a reStructuredText link is printed as text";
    an_anchor_that_names_no_id: "broken-anchor" => "content/notes.md:8:40: warning: `#questions` is not an id on this page";
    a_file_linked_from_the_wrong_folder: "file-in-the-wrong-folder" => "help: write `../files/easy-read.pdf`: this page is in the folder `notes/`";
    resources_from_another_host: "resource-from-another-host" => "content/notes.md:10:1: warning: this script is loaded from cdn.example.net";
    escaped_one_part_numbers_suggest_numbering_lists: "escaped-one-part-numbers" => "content/inquiry.md:8:1: warning: paragraphs 13. to 14. read like numbered paragraphs, but their numbers are escaped, so they are text";
    numbers_that_are_not_read_as_numbers: "number-not-read" => "content/notes.md:10:1: warning: `2.1.3:` looks like a paragraph number, but is not read as one";
    a_written_number_in_an_automatic_document: "number-in-an-automatic-document" => "warning: this paragraph starts with `2.1`, but the document is numbered automatically";
    an_ordered_list_of_paragraphs_suggests_numbering_lists: "ordered-list-of-paragraphs" => "help: add `numbering: lists` to the front matter";
    a_year_at_a_paragraph_start: "year-at-a-paragraph-start" => "write `2016\\.`";
    sub_paragraphs_run_into_their_paragraph: "sub-paragraphs-without-blank-lines" => "content/inquiry.md:8:1: warning: sub-paragraph (a) inside the paragraph above";
    a_heading_number_that_is_not_read: "heading-number-not-read" => "content/notes.md:6:1: warning: this heading starts with `2.1:`, which looks like a section number but is not read as one";
    a_list_that_starts_again_is_a_list: "list-starts-again" => "content/inquiry.md:15:1: warning: this list starts again at 1., which is already a paragraph number";
    sub_paragraphs_out_of_sequence: "sub-paragraph-out-of-sequence" => "content/notes.md:10:1: warning: sub-paragraph 1.1(c) comes after (a)";
    jekyll_front_matter_keys_in_one_message: "jekyll-front-matter" => "content/notes.md:3:1: warning: `layout`, `permalink`, `tags` are Jekyll front-matter keys; consult ignores them";
    a_number_heading_without_its_paragraph: "number-heading-without-paragraph" => "content/notes.md:6:1: warning: heading `1` is only a number, but no paragraph follows it";
}

#[test]
fn an_amount_or_a_number_in_running_text_is_not_a_paragraph_number_and_not_a_warning() {
    let site = site("minimal", None);
    write(
        site.path(),
        "content/notes.md",
        "---\ntitle: Notes\nkind: page\n---\n\n3.5 million people live in the region.\n\nIn 2016. The year of the review 2.1 was cited.\n\n10.30 am is when the meeting starts.\n\n(a) A lettered point on a page with no numbered paragraphs.\n",
    );
    let ran = build_ok(site.path());
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);
    assert!(!page(site.path(), "notes/index.html").contains("class=\"numbered\""));
}
