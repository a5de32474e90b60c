//! The example site (the repository root) against the seed consultation it reproduces.

mod common;
use common::*;
use std::path::Path;

fn build_example(out: &Path) {
    let ran = consult(&repo(), &["build", "--out", out.to_str().unwrap()]);
    assert!(ran.ok, "example site failed to build:\n{}", ran.stderr);
}

#[test]
fn every_numbered_paragraph_of_the_seed_is_in_the_report_word_for_word() {
    let out = tempfile::tempdir().unwrap();
    build_example(&out.path().join("site"));
    let html = std::fs::read_to_string(out.path().join("site/report/index.html")).unwrap();
    assert_seed_paragraphs(&html);
}

#[test]
fn report_sections_and_appendices_are_there() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_example(&site);
    let report = std::fs::read_to_string(site.join("report/index.html")).unwrap();
    for (n, title) in [
        (1, "Introduction"),
        (2, "Initial Findings"),
        (3, "Analysis"),
        (4, "Initial Recommendations"),
        (5, "MACC Executive Committee Meeting"),
        (6, "The Way Forward"),
    ] {
        assert_eq!(text_of_id(&report, &format!("section-{n}")).as_deref(), Some(format!("{n}. {title}").as_str()));
        assert!(report.contains(&format!("<a href=\"#section-{n}\">")), "contents list links to section {n}");
    }
    let a1 = std::fs::read_to_string(site.join("appendix-1/index.html")).unwrap();
    assert!(plain(&a1).contains("Propose legal status of new body for adoption at MACC AGM in September 2011"));
    let a2 = std::fs::read_to_string(site.join("appendix-2/index.html")).unwrap();
    assert!(
        plain(&a2).contains("forwarding the recommended outcomes framework to manchester City Council"),
        "typos kept as written"
    );
    let a3 = std::fs::read_to_string(site.join("appendix-3/index.html")).unwrap();
    assert!(plain(&a3).contains("the experience and expertise they posses in reaching diverse groups"));
    let home = std::fs::read_to_string(site.join("index.html")).unwrap();
    for n in 1..=3 {
        assert!(home.contains(&format!("href=\"appendix-{n}/index.html\"")), "home page lists appendix {n}");
    }
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let out = tempfile::tempdir().unwrap();
    build_example(&out.path().join("a"));
    build_example(&out.path().join("b"));
    let (a, b) = (snapshot(&out.path().join("a")), snapshot(&out.path().join("b")));
    assert!(a.len() > 5);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(bytes == &b[path], "{path} differs between two builds");
    }
}

#[test]
fn the_example_site_builds_without_warnings() {
    let ran = consult(&repo(), &["check"]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);
}

#[test]
fn the_example_consultation_data_follows_the_seed() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_example(&site);
    let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let recs = read("recommendations/index.html");
    for (rec, stated, reasons) in [
        ("1", "4.2", &["4.2.1", "4.2.2", "4.2.3", "4.2.4", "4.2.5"][..]),
        ("2", "4.3", &["4.3.1"][..]),
        ("3", "4.4", &["4.4.1", "4.4.2", "4.4.3"][..]),
    ] {
        let section = text_of_id(&recs, &format!("recommendation-{rec}")).unwrap();
        let stated_in = format!(
            "<dt>Stated in</dt><dd><a href=\"../report/index.html#para-{stated}\">Report, paragraph {stated}</a>"
        );
        assert!(recs.contains(&stated_in), "recommendation {rec} is stated in {stated}");
        for r in reasons {
            assert!(
                recs.contains(&format!("href=\"../report/index.html#para-{r}\"")),
                "recommendation {rec} reason {r}"
            );
        }
        assert!(section.contains("Agreed in principle"), "status from paragraph 4.5: {section}");
    }
    let meetings = read("meetings/index.html");
    for date in
        ["7 March 2011", "14 March 2011", "6 April 2011", "14 April 2011", "4 May 2011", "11 May 2011", "18 May 2011"]
    {
        assert!(meetings.contains(date), "meeting of {date}");
    }
    let stakeholders = plain(&read("stakeholders/index.html"));
    for name in [
        "Manchester City Council",
        "VSNW",
        "MACC",
        "Third Sector Essentials",
        "GMCVO",
        "4CT",
        "MCCR",
        "LGF",
        "CN4M",
        "GMYN",
        "MACC Executive Committee sub-group",
    ] {
        assert!(stakeholders.contains(name), "stakeholder {name}");
    }
    let sub = plain(&read("stakeholders/macc-sub-group/index.html"));
    for person in [
        "Sinead O’Connor: Co-Chair, MACC",
        "Dave Brown: Executive Committee member, MACC",
        "Mike Wild: Chief Officer (paragraph 5.4); Director, MACC (Appendix 1)",
        "Richard Caulfield (RC): facilitator",
    ] {
        assert!(sub.contains(person), "{person} in {sub}");
    }
    let outcomes = plain(&read("outcomes/index.html"));
    for theme in ["Capacity Building", "Commissioning", "Volunteering", "Community Engagement"] {
        assert!(outcomes.contains(theme));
    }
    let home = plain(&read("index.html"));
    assert!(home.contains("September 2011 Key date MACC AGM"), "{home}");
    assert!(home.contains("September 2012 Key date The Manchester Community Central contract"));
}
