//! The consultation's own pages, built from tests/sites/consultation.

mod common;
use common::*;
use std::path::Path;

/// Follows a relative `href` found on page `from` and checks that the file
/// exists and has the element its fragment names.
fn assert_resolves(root: &Path, from: &str, href: &str) {
    let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
    let base = Path::new(from).parent().unwrap();
    let mut target = base.to_path_buf();
    for part in path.split('/') {
        match part {
            ".." => {
                target.pop();
            }
            "" | "." => {}
            p => target.push(p),
        }
    }
    let file = if path.is_empty() { from.to_string() } else { target.to_string_lossy().into_owned() };
    let html = page(root, &file);
    if !fragment.is_empty() {
        assert!(html.contains(&format!("id=\"{fragment}\"")), "{from}: {href}: no id `{fragment}` in {file}");
    }
}

fn hrefs_in(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).map(|p| p[..p.find('"').unwrap()].to_string()).collect()
}

fn built() -> tempfile::TempDir {
    let s = site("consultation", None);
    build_ok(s.path());
    s
}

#[test]
fn recommendation_reasons_link_to_existing_paragraphs() {
    let s = built();
    let html = page(s.path(), "recommendations/index.html");
    let section = text_of_id(&html, "recommendation-1").unwrap();
    assert!(section.contains("Agreed in principle"), "{section}");
    assert!(section.contains("Report, paragraph 2.1.1: A detail of the finding."), "{section}");
    assert!(section.contains("Appendix 1, paragraph 1.1"), "{section}");
    assert!(html.contains("href=\"../report/index.html#para-2.1.1\""));
    assert!(
        html.contains("href=\"../meetings/2011-04-14-committee/index.html\""),
        "where decided links to the meeting"
    );
    assert!(html.contains("<dt>Discussed at</dt><dd><a href=\"../meetings/2011-04-14-committee/index.html\">Committee meeting</a>, <time datetime=\"2011-04-14\">14 April 2011</time></dd>"), "the meetings that discussed it");
    for href in hrefs_in(&html).iter().filter(|h| h.contains("#para-")) {
        assert_resolves(s.path(), "recommendations/index.html", href);
    }
}

#[test]
fn a_meeting_page_lists_its_attendees_by_name() {
    let s = built();
    let html = page(s.path(), "meetings/2011-04-14-committee/index.html");
    assert!(html.contains("<a href=\"../../stakeholders/council/index.html\">The Council</a>"), "{html}");
    assert!(html.contains("<a href=\"../../stakeholders/macc/index.html\">MACC</a>"));
    assert!(plain(&html).contains("Form a sub-group Owner: MACC Due: 4 May 2011"), "{}", plain(&html));
    assert!(html
        .contains("<a class=\"cite\" href=\"../../recommendations/index.html#recommendation-1\">Recommendation 1</a>"));
    assert!(html.contains("<a class=\"cite\" href=\"../../report/index.html#para-2.1\">Report, paragraph 2.1</a>"));
    for href in hrefs_in(&html) {
        assert_resolves(s.path(), "meetings/2011-04-14-committee/index.html", &href);
    }
}

#[test]
fn a_stakeholder_page_lists_the_meetings_they_attended() {
    let s = built();
    let macc = page(s.path(), "stakeholders/macc/index.html");
    assert!(macc.contains("href=\"../../meetings/2011-04-14-committee/index.html\">Committee meeting</a>"), "{macc}");
    assert!(!macc.contains("Outcomes workshop"), "did not attend the workshop");
    assert!(plain(&macc).contains("Mike Wild: Chief Officer"));
    assert!(
        macc.contains("href=\"../../stakeholders/macc-sub-group/index.html\">MACC sub-group</a>"),
        "sub-groups listed"
    );
    assert!(macc.contains("href=\"../../appendix-1/index.html\">A work stream</a>"), "work stream of what it owns");
    let sub = page(s.path(), "stakeholders/macc-sub-group/index.html");
    assert!(plain(&sub).contains("No meetings recorded."));
    assert!(page(s.path(), "stakeholders/index.html").contains("1 meeting attended"));
}

#[test]
fn meetings_are_listed_held_and_scheduled_in_date_order() {
    let s = built();
    let html = page(s.path(), "meetings/index.html");
    let scheduled = text_of_id(&html, "scheduled-heading").unwrap();
    assert_eq!(scheduled, "Scheduled");
    let (held_at, workshop_at) = (html.find("Committee meeting").unwrap(), html.find("Outcomes workshop").unwrap());
    assert!(workshop_at < held_at, "scheduled first, then held");
    assert!(html.contains("<time datetime=\"2011-05-11\">11 May 2011</time>"));
}

#[test]
fn home_page_gives_status_dates_responding_and_a_timeline() {
    let s = built();
    let home = page(s.path(), "index.html");
    let text = plain(&home);
    assert!(
        text.contains("Open for responses from 7 March 2011 until 23:59 on 20 May 2011 (BST), London time."),
        "dates stated in words, right without JavaScript: {text}"
    );
    assert!(home.contains("<script src=\"assets/status.js\" defer></script>"));
    assert!(home.contains("data-closes=\"2011-05-20T23:59:00+01:00\""));
    assert!(home.contains("href=\"mailto:responses@example.org?subject=Response%20to%20Fixture%20consultation\""));
    assert!(text.contains("By post: Consultation team 1 Example Street"));
    assert!(text.contains("Recommendation 1: Use what exists Agreed in principle"));
    assert!(text.contains("Recommendation 2: Think again Proposed"));
    let timeline = &text[text.find("Key dates").unwrap()..];
    let order: Vec<usize> = ["14 April 2011", "11 May 2011", "September 2011", "September 2012"]
        .iter()
        .map(|d| timeline.find(d).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "timeline in date order: {timeline}");
    assert!(
        home.contains("href=\"report/index.html#para-2.1.1\">Report, paragraph 2.1.1</a>"),
        "key date links its source"
    );
    assert!(std::fs::read_to_string(s.path().join("public/assets/status.js")).unwrap().contains("live-status"));
}

#[test]
fn each_numbered_paragraph_offers_a_prefilled_response() {
    let s = built();
    let report = page(s.path(), "report/index.html");
    assert!(
        report.contains("<a href=\"mailto:responses@example.org?subject=Response%20to%20Fixture%20consultation%3A%20Report%2C%20paragraph%202.1.1%2C%20version%202\">Respond to paragraph 2.1.1</a>"),
        "{report}"
    );
    assert_eq!(
        text_of_id(&report, "para-2.1.1").as_deref(),
        Some("2.1.1 A detail of the finding."),
        "the link sits outside the paragraph"
    );
    assert_eq!(report.matches("Respond to paragraph").count(), 4);
}

#[test]
fn a_web_form_gets_the_paragraph_in_its_query() {
    let s = site("consultation", None);
    write(s.path(), "content/site.yaml", "title: T\nrespond:\n  web: https://example.org/form?c=1\n");
    build_ok(s.path());
    let report = page(s.path(), "report/index.html");
    assert!(
        report
            .contains("href=\"https://example.org/form?c=1&amp;consultation=T&amp;document=report&amp;paragraph=1.2\""),
        "{report}"
    );
}

#[test]
fn without_a_channel_there_are_no_respond_links_and_the_home_page_says_where_the_process_stands() {
    let s = site("consultation", None);
    write(s.path(), "content/site.yaml", "title: T\n");
    build_ok(s.path());
    assert!(!page(s.path(), "report/index.html").contains("Respond to paragraph"));
    let home = plain(&page(s.path(), "index.html"));
    // It does not lead with what it lacks ("No dates … have been published").
    assert!(!home.contains("No dates") && !home.contains("No way to respond"), "{home}");
    assert!(home.contains("Where the process stands"), "{home}");
    assert!(home.contains("1 meeting held, the latest on 14 April 2011: Committee meeting"), "{home}");
    assert!(home.contains("2 recommendations: 1 proposed, 1 agreed in principle."), "{home}");
    // The script stays for the scheduled meetings, whose day may pass.
    assert!(page(s.path(), "index.html").contains("status.js"));
    let minimal = site("minimal", None);
    build_ok(minimal.path());
    assert!(!page(minimal.path(), "index.html").contains("status.js"), "no script when there is nothing to compute");
}

#[test]
fn outcomes_framework_by_theme() {
    let s = built();
    let html = page(s.path(), "outcomes/index.html");
    assert!(html.contains("<td data-label=\"Outcome\">More people volunteer</td>"));
    assert!(html.contains("<li>Number of new volunteers</li>"));
    assert!(plain(&html).contains("No outcomes yet. They are to be developed at the workshop on 11 May 2011."));
}

#[test]
fn pages_without_data_are_not_made() {
    let s = site("minimal", None);
    build_ok(s.path());
    for absent in ["recommendations", "meetings", "stakeholders", "outcomes"] {
        assert!(!s.path().join("public").join(absent).exists(), "{absent}/ made without data");
    }
}
