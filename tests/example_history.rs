//! The example site's published history: version 1 the report alone, version
//! 2 adding the three appendices, both dated 14 April 2011 (the report was
//! written after the MACC Executive Committee of that day, which it reports,
//! and before the 4 May meeting it announces).

mod common;
use common::*;

fn release(version: &str) -> String {
    std::fs::read_to_string(repo().join("versions").join(version).join("release.yaml")).unwrap()
}

#[test]
fn version_1_is_the_report_alone_and_version_2_adds_the_appendices() {
    let (one, two) = (release("1"), release("2"));
    assert!(one.contains("version: \"1\"\ndate: 2011-04-14\n"), "{one}");
    assert!(two.contains("version: \"2\"\ndate: 2011-04-14\n"), "{two}");
    assert!(one.contains("\"content/report.md\"") && !one.contains("appendix"), "{one}");
    for n in 1..=3 {
        assert!(two.contains(&format!("\"content/appendix-{n}.md\"")), "{two}");
    }
    // The frozen report is the same in both: version 2 only adds.
    let report = |v: &str| std::fs::read(repo().join("versions").join(v).join("content/report.md")).unwrap();
    assert_eq!(report("1"), report("2"));
}

#[test]
fn the_example_sites_redline_of_version_2_lists_the_three_new_appendices() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let ran = consult(&repo(), &["build", "--out", site.to_str().unwrap()]);
    assert!(ran.ok, "{}", ran.stderr);
    let html = std::fs::read_to_string(site.join("changes/2/index.html")).unwrap();
    for title in [
        "The Restructuring of Manchester Alliance for Community Care (MACC)",
        "The Development of the Outcomes Framework",
        "A Strategic Partners Approach to Equalities",
    ] {
        assert!(html.contains(&format!("{title}</a> (New document)")), "{title} missing:\n{html}");
    }
    assert!(plain(&html).contains("Meeting Outcomes framework workshop: added: 11 May 2011, scheduled"));
    // Version 1 at its own address: the report, and no appendix.
    assert!(site.join("versions/1/report/index.html").exists());
    assert!(!site.join("versions/1/appendix-1").exists());
    let v1 = std::fs::read_to_string(site.join("versions/1/report/index.html")).unwrap();
    assert!(text_of_id(&v1, "para-6.1")
        .unwrap()
        .contains("Each area has its own work plan identified in the appendices"));
    let log = plain(&std::fs::read_to_string(site.join("changelog/index.html")).unwrap());
    assert!(log.contains("Version 2 (latest) Published 14 April 2011 Adds the three appendices"), "{log}");
}
