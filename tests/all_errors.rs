//! Every error of a run at once, in the user's words, and the small gaps
//! found when the tool was attacked: each test reproduces one.

mod common;
use common::*;

fn check_fails(root: &std::path::Path) -> String {
    let ran = consult(root, &["check"]);
    assert!(!ran.ok, "check should fail:\n{}", ran.stderr);
    ran.stderr
}

#[test]
fn six_errors_in_five_files_are_reported_in_one_run() {
    // A front matter reported only its first unknown field, and an error in
    // one file hid every model error in the others: four typos took three runs.
    // Here: two stray keys in report.md's front matter, a typo in site.yaml, a
    // broken stakeholders.yaml (load errors), an impossible meeting date and a
    // citation of a missing paragraph (model errors, found all the same).
    let site = site("consultation", Some(&repo().join("tests/invalid/six-errors")));
    let stderr = check_fails(site.path());
    let errors = stderr.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(errors, 6, "{stderr}");
    assert!(stderr.ends_with("error: 6 errors, 0 warnings; nothing was written\n"), "{stderr}");
    // What depends on the broken files is skipped, not reported again:
    // attendees name stakeholders, and other files cite the report.
    assert!(!stderr.contains("unknown stakeholder"), "{stderr}");
    assert!(!stderr.contains("citation of document `report`"), "{stderr}");
    assert!(!stderr.contains("not in `report`"), "{stderr}");
    insta::assert_snapshot!("six-errors", stderr);
}

#[test]
fn messages_speak_the_users_language_and_quote_long_lines_briefly() {
    // "use Option<String>", "DuplicateKeyPolicy", "invalid i64" reached users;
    // one error on a 1 MB line printed 2 MB.
    let site = site("minimal", None);
    write(site.path(), "content/empty-title.md", "---\ntitle:\n---\n");
    write(site.path(), "content/twice.md", "---\ntitle: A\ntitle: B\n---\n");
    write(site.path(), "content/tagged-twice.md", "---\ntitle: A\n!!str title: B\n---\n");
    write(site.path(), "content/order.md", "---\ntitle: A\norder: first\n---\n");
    let long = format!("---\ntitle: {}: y\n---\n", "x".repeat(1_000_000));
    write(site.path(), "content/long-line.md", &long);
    let stderr = check_fails(site.path());
    assert!(stderr.len() < 4_000, "{} bytes of errors", stderr.len());
    for jargon in ["Option<", "DuplicateKeyPolicy", "from_str", "i64", "Options"] {
        assert!(!stderr.contains(jargon), "`{jargon}` in:\n{stderr}");
    }
    insta::assert_snapshot!("plain-messages", stderr);
}

#[test]
fn automatic_numbering_gives_no_gap_warnings() {
    // `numbering: auto` warned "gap in paragraph numbers: 2.1 comes after 1.1" at every section.
    let site = site("minimal", None);
    write(
        site.path(),
        "content/appendix-1.md",
        "---\ntitle: A work stream\nkind: appendix\nnumbering: auto\n---\n\n## One\n\nA.\n\nB.\n\n## Two\n\nC.\n\n## Three\n\nD.\n",
    );
    let ran = build_ok(site.path());
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);
    assert!(page(site.path(), "appendix-1/index.html").contains("id=\"para-3.1\""));
}

#[test]
fn respond_addresses_are_refused_when_they_would_misbehave() {
    // A `#fragment` swallowed the paragraph query; `?cc=` slipped into every mailto link.
    let site = site("minimal", None);
    write(
        site.path(),
        "content/site.yaml",
        "title: Minimal\nrespond:\n  email: responses@example.org?cc=someone@example.org\n  \
         web: https://example.org/form#top\n",
    );
    let stderr = check_fails(site.path());
    insta::assert_snapshot!("respond-addresses", stderr);
}

#[test]
fn a_meeting_may_not_end_before_it_starts() {
    let site = site("consultation", None);
    write(
        site.path(),
        "content/meetings/2011-05-11-workshop.md",
        "---\ntitle: Outcomes workshop\ndate: 2011-05-11\nend_date: 2011-05-10\nstatus: scheduled\n---\n",
    );
    let stderr = check_fails(site.path());
    assert!(
        stderr.starts_with(
            "content/meetings/2011-05-11-workshop.md:4:11: error: the meeting ends (10 May 2011) before it starts (11 May 2011)"
        ),
        "{stderr}"
    );
    // Compared only as far as both are written: a day with a time ends on that day.
    write(
        site.path(),
        "content/meetings/2011-05-11-workshop.md",
        "---\ntitle: Outcomes workshop\ndate: 2011-05-11 10:00\nend_date: 2011-05-11\nstatus: scheduled\n---\n",
    );
    build_ok(site.path());
}

#[test]
fn sitemap_addresses_are_percent_encoded() {
    let site = site("minimal", None);
    write(site.path(), "content/site.yaml", "title: Minimal\nbase_url: https://example.org/c/\n");
    write(site.path(), "content/files/notes & plans é.html", "<p>notes</p>");
    build_ok(site.path());
    let map = page(site.path(), "sitemap.xml");
    assert!(map.contains("<loc>https://example.org/c/files/notes%20%26%20plans%20%C3%A9.html</loc>"), "{map}");
}

#[test]
fn a_template_inheritance_error_names_the_template() {
    // It named only the theme folder.
    let site = site("minimal", None);
    write(
        site.path(),
        "themes/default/templates/document.html",
        "{# a theme of my own #}\n{% extends \"nosuch.html\" %}\n",
    );
    let stderr = check_fails(site.path());
    assert!(stderr.starts_with("themes/default/templates/document.html:2: error:"), "{stderr}");
    assert!(stderr.contains("nosuch.html"), "{stderr}");
}

#[test]
fn every_missing_and_unknown_field_of_a_file_is_reported_at_once() {
    // serde stops at the first: a file with three problems took three runs.
    let site = site("consultation", None);
    write(
        site.path(),
        "content/meetings/2011-05-11-workshop.md",
        "---\ndate: 2011-05-11\nattendes: [macc]\nactions:\n  - owner: macc\n---\n",
    );
    write(site.path(), "content/data/key-dates.yaml", "- title: AGM\n  dat: 2011-09\n- date: 2011-10\n");
    let stderr = check_fails(site.path());
    insta::assert_snapshot!("missing-and-unknown-fields", stderr);
}
