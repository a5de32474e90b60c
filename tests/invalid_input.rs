//! Bad input: each case in tests/invalid/<case>/ is laid over a fixture
//! site (tests/sites/minimal or tests/sites/consultation) after a good build. The build must fail, say where, and leave the
//! last good output exactly as it was.

mod common;
use common::*;

/// Lays `case` over a freshly built minimal site, builds again and returns
/// the error text. Asserts the failure and the untouched output.
fn fails(base: &str, case: &str) -> String {
    let site = site(base, None);
    build_ok(site.path());
    let before = snapshot(&site.path().join("public"));
    copy_dir(&repo().join("tests/invalid").join(case), site.path());
    let ran = consult(site.path(), &["build"]);
    assert!(!ran.ok, "{case}: the build should fail");
    assert_eq!(snapshot(&site.path().join("public")), before, "{case}: the output folder changed");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("consult-"))
        .collect();
    assert!(leftovers.is_empty(), "{case}: temporary folders left behind: {leftovers:?}");
    // `check` finds the same problems and writes nothing.
    let checked = consult(site.path(), &["check"]);
    assert!(!checked.ok);
    assert_eq!(checked.stderr, ran.stderr, "{case}: check and build disagree");
    ran.stderr
}

macro_rules! invalid {
    ($base:literal: $($name:ident: $case:literal => $where:literal;)*) => {$(
        #[test]
        fn $name() {
            let stderr = fails($base, $case);
            assert!(stderr.contains($where), "{}: expected `{}` in:\n{stderr}", $case, $where);
            insta::assert_snapshot!($case, stderr);
        }
    )*};
}

invalid! { "minimal":
    malformed_front_matter: "malformed-front-matter" => "content/report.md:2:8: error:";
    unclosed_front_matter: "unclosed-front-matter" => "content/report.md:1:1: error: front matter is not closed";
    malformed_yaml_in_a_data_file: "malformed-data-yaml" => "content/data/stakeholders.yaml:5:";
    unknown_field_in_front_matter: "unknown-field" => "content/report.md:3:1: error: unknown field 'kidn', expected one of title,";
    unknown_field_in_site_yaml: "site-yaml-unknown-field" => "content/site.yaml:2:1: error: unknown field 'langauge'";
    missing_title: "missing-title" => "content/appendix-1.md:3:1: error: missing field 'title'";
    duplicate_paragraph_number: "duplicate-paragraph-number" => "content/appendix-1.md:10:1: error: duplicate paragraph number 1.2";
    citation_of_a_missing_paragraph: "missing-citation" => "content/appendix-1.md:6:9: error: citation of paragraph 2.1.2, which is not in `report`";
    template_syntax_error: "template-syntax-error" => "themes/default/templates/document.html:3:";
    template_undefined_variable: "template-undefined-variable" => "themes/default/templates/404.html:3:7: error: Variable `nosuch` is not defined";
    file_that_is_not_utf8: "not-utf8" => "content/appendix-1.md:6:8: error: file is not valid UTF-8";
}

invalid! { "consultation":
    unknown_attendee_id: "unknown-attendee" => "content/meetings/2011-04-14-committee.md:6:22: error: unknown stakeholder or person `mac`";
    recommendation_citing_a_missing_paragraph: "recommendation-missing-paragraph" => "content/data/recommendations.yaml:4:27: error: citation of paragraph 2.1.5, which is not in `report`";
    decided_at_naming_no_meeting: "decided-at-no-meeting" => "content/data/recommendations.yaml:6:15: error: unknown meeting `2011-04-14-comittee`";
    invalid_date: "invalid-date" => "content/meetings/2011-05-11-workshop.md:3:7: error: `2011-02-30` is not a date";
    unknown_status: "unknown-status" => "content/data/recommendations.yaml:12:11: error: unknown variant 'agreed-in-part'";
    duplicate_stakeholder_id: "duplicate-id" => "content/data/stakeholders.yaml:16:7: error: duplicate stakeholder id `macc`";
    unknown_citation_targets_in_markdown: "unknown-citation-target" => "content/meetings/2011-04-14-committee.md:16:50: error: citation of stakeholder `counsel`";
}

#[test]
fn unknown_ids_come_with_the_nearest_known_ones() {
    for (case, hint) in [
        ("unknown-attendee", "did you mean `macc` or `macc-sub-group`?"),
        ("decided-at-no-meeting", "did you mean `2011-04-14-committee`"),
        ("unknown-citation-target", "did you mean `council`?"),
        ("unknown-status", "did you mean `agreed-in-principle`?"),
    ] {
        let stderr = fails("consultation", case);
        assert!(stderr.contains(hint), "{case}: expected `{hint}` in:\n{stderr}");
    }
}

#[test]
fn site_folder_without_content() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "public/index.html", "last good output");
    let ran = consult(dir.path(), &["build"]);
    assert!(!ran.ok);
    assert!(ran.stderr.contains("error: no content/ folder in ."), "{}", ran.stderr);
    assert_eq!(std::fs::read_to_string(dir.path().join("public/index.html")).unwrap(), "last good output");
}

#[test]
fn every_error_of_a_run_is_reported_not_just_the_first() {
    let site = site("minimal", None);
    copy_dir(&repo().join("tests/invalid/unknown-field"), site.path());
    copy_dir(&repo().join("tests/invalid/malformed-data-yaml"), site.path());
    copy_dir(&repo().join("tests/invalid/site-yaml-unknown-field"), site.path());
    let ran = consult(site.path(), &["check"]);
    assert!(!ran.ok);
    for wanted in ["content/report.md:3:1", "content/data/stakeholders.yaml:5:", "content/site.yaml:2:1", "3 errors"] {
        assert!(ran.stderr.contains(wanted), "expected `{wanted}` in:\n{}", ran.stderr);
    }
}

#[test]
fn gaps_and_out_of_order_numbers_are_warnings_with_file_and_line() {
    let site = site("minimal", None);
    write(
        site.path(),
        "content/appendix-1.md",
        "---\ntitle: A work stream\nkind: appendix\n---\n\n1.1 One.\n\n1.3 Three.\n\n1.2 Two.\n",
    );
    let ran = build_ok(site.path());
    assert!(
        ran.stderr.contains("content/appendix-1.md:8:1: warning: gap in paragraph numbers: 1.3 comes after 1.1"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("content/appendix-1.md:10:1: warning: paragraph 1.2 is out of order: it comes after 1.3"),
        "{}",
        ran.stderr
    );
    assert!(page(site.path(), "appendix-1/index.html").contains("id=\"para-1.2\""));
}
