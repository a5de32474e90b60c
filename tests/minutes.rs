//! Minutes and registers as real ones are, built from tests/sites/minutes:
//! three board meetings with people, apologies, declarations, two-owner
//! actions carried over and numbered agenda items, and an inquiry's register
//! of recommendations stated in a numbered list.

mod common;
use common::*;
use std::path::Path;

fn built() -> tempfile::TempDir {
    let s = site("minutes", None);
    build_ok(s.path());
    s
}

/// Replaces `from` with `to` in the fixture file `rel`; the text must be there.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const MAY: &str = "content/meetings/2017-05-16-board.md";
const JUNE: &str = "content/meetings/2017-06-20-board.md";

#[test]
fn a_meeting_page_states_its_times_who_was_there_and_how() {
    let s = built();
    let html = page(s.path(), "meetings/2017-05-16-board/index.html");
    assert!(html.contains(
        "<dt>Time</dt><dd><time datetime=\"2017-05-16T18:30:00+01:00\">18:30</time> to <time datetime=\"2017-05-16T20:45:00+01:00\">20:45</time> (London time)</dd>"
    ), "{html}");
    let text = plain(&html);
    assert!(
        text.contains(
            "Attendees Jane Smith (JS), Trust Board Amir Khan (AK), Trust Board (remote) Riverside Volunteer Drivers"
        ),
        "{text}"
    );
    assert!(text.contains("Apologies Beth Jones (BJ), Trust Board"), "{text}");
    assert!(text.contains("In attendance Ravi Patel (RP) Lin Cho (LC), Riverside Council (in person)"), "{text}");
    assert!(html.contains("<a href=\"../../people/index.html#person-akhan\">Amir Khan (AK)</a>: Volunteer driver for Riverside Volunteer Drivers <span class=\"meta\">(<a href=\"#section-2\">item 2</a>)</span>"), "{html}");
    assert!(text.contains(
        "Draft a three-year funding agreement for community transport Owners: Jane Smith (JS) and Amir Khan (AK) Due: 20 June 2017 Open"
    ));
    assert!(text.contains("Send the inquiry report to the council Owner: Ravi Patel (RP) Done"));
    assert!(!text.contains("Actions from earlier meetings"), "the first of the series carries nothing over");
}

#[test]
fn agenda_items_are_numbered_with_anchors_and_citable() {
    let s = built();
    let june = page(s.path(), "meetings/2017-06-20-board/index.html");
    assert!(june.contains("<h2 id=\"section-2\">2. Community transport</h2>"), "{june}");
    assert!(june.contains("<p class=\"numbered\" id=\"para-2.3\"><a class=\"pnum\" href=\"#para-2.3\""));
    let july = page(s.path(), "meetings/2017-07-18-board/index.html");
    assert!(july.contains(
        "<a class=\"cite\" href=\"../../meetings/2017-06-20-board/index.html#para-2.3\">Board meeting, item 2.3</a>"
    ));
}

#[test]
fn a_person_is_cited_by_id_and_read_by_their_initials() {
    let s = built();
    let may = page(s.path(), "meetings/2017-05-16-board/index.html");
    assert!(
        may.contains("<a class=\"cite\" href=\"../../people/index.html#person-jsmith\">JS</a> welcomed everyone"),
        "{may}"
    );
}

#[test]
fn a_register_list_numbered_as_paragraphs_keeps_the_paragraph_ids() {
    let s = site("minutes", None);
    write(
        s.path(),
        "content/inquiry.md",
        "---\ntitle: Inquiry\nnumbering: lists\n---\n\n## Recommendations {.register}\n\n1. Fund transport for three years.\n2. Recruit younger drivers.\n3. Book online too.\n",
    );
    edit(s.path(), "content/data/recommendations.yaml", "reasons: [inquiry#1.1, ", "reasons: [");
    edit(s.path(), "content/data/recommendations.yaml", "reasons: [inquiry#1.3]", "reasons: []");
    edit(s.path(), "content/meetings/2017-05-16-board.md", "2.2 The board", "2.2 The board");
    build_ok(s.path());
    let register = page(s.path(), "recommendations/index.html");
    assert!(register.contains("<a href=\"../inquiry/index.html#para-2\">Inquiry, recommendation 2</a>"), "{register}");
    let inquiry = page(s.path(), "inquiry/index.html");
    assert!(inquiry.contains("id=\"para-2\""), "{inquiry}");
    assert!(!inquiry.contains("id=\"recommendation-2\""), "one id per item");
}

#[test]
fn actions_are_carried_over_to_the_next_meetings_of_the_group() {
    let s = built();
    let carried = |slug: &str| {
        let html = page(s.path(), &format!("meetings/{slug}/index.html"));
        let at = html.find("Actions from earlier meetings").unwrap_or_else(|| panic!("{slug}: nothing carried"));
        plain(&html[at..html[at..].find("</ul>").unwrap() + at])
    };
    // The next meeting shows every action of the one before, done or not.
    let june = carried("2017-06-20-board");
    assert!(june.contains("Draft a three-year funding agreement for community transport (Board meeting, 16 May 2017; Jane Smith (JS) and Amir Khan (AK)) Open"), "{june}");
    assert!(june.contains("Send the inquiry report to the council (Board meeting, 16 May 2017; Ravi Patel (RP)) Done"));
    // Later ones: what is still open, and everything of the meeting before.
    let july = carried("2017-07-18-board");
    assert!(july.contains("Draft a three-year funding agreement"), "{july}");
    assert!(july.contains("Ask the colleges about driver recruitment (Board meeting, 20 June 2017; Beth Jones (BJ) and Riverside Volunteer Drivers) Dropped"), "{july}");
    assert!(!july.contains("Send the inquiry report"), "done two meetings ago: {july}");
}

#[test]
fn a_meeting_still_scheduled_says_for_when_not_upcoming() {
    let s = built();
    let html = page(s.path(), "meetings/2017-07-18-board/index.html");
    assert!(html.contains(
        "<dd class=\"scheduled\" data-date=\"2017-07-18\">Scheduled for 18 July 2017; its notes are published here once it has been held</dd>"
    ), "{html}");
    assert!(!plain(&html).to_lowercase().contains("upcoming"));
}

#[test]
fn each_person_has_an_entry_with_their_meetings_actions_and_declarations() {
    let s = built();
    let html = page(s.path(), "people/index.html");
    let amir = text_of_id(&html, "person-akhan").unwrap();
    assert!(amir.starts_with("Amir Khan (AK) Treasurer, Trust Board Meetings"), "{amir}");
    assert!(amir.contains("Board meeting 16 May 2017: attended Board meeting 20 June 2017: attended"));
    assert!(amir.contains("Declarations of interest Volunteer driver for Riverside Volunteer Drivers (Board meeting, 16 May 2017, item 2)"));
    let beth = text_of_id(&html, "person-bjones").unwrap();
    assert!(beth.contains("Board meeting 16 May 2017: sent apologies"), "{beth}");
    let lin = text_of_id(&html, "person-lcho").unwrap();
    assert!(lin.contains("Grants officer, Riverside Council"), "people.yaml's organisation: {lin}");
    assert!(lin.contains("16 May 2017: in attendance"));
    assert!(html.contains("href=\"../meetings/2017-05-16-board/index.html#section-2\">item 2</a>"));
    let board = page(s.path(), "stakeholders/trust-board/index.html");
    assert!(board.contains("<a href=\"../../people/index.html#person-jsmith\">Jane Smith (JS)</a>: Chair"), "{board}");
    let council = page(s.path(), "stakeholders/council/index.html");
    assert!(council.contains("<a href=\"../../people/index.html#person-lcho\">Lin Cho (LC)</a>: Grants officer"));
    let drivers = plain(&page(s.path(), "stakeholders/riverside-drivers/index.html"));
    assert!(drivers.contains("Ask the colleges about driver recruitment (Board meeting; dropped)"), "{drivers}");
    assert!(page(s.path(), "index.html").contains("href=\"people/index.html\">People</a>"), "in the navigation");
}

#[test]
fn the_register_shows_each_recommendation_in_its_own_words() {
    let s = built();
    let html = page(s.path(), "recommendations/index.html");
    let one = text_of_id(&html, "recommendation-1").unwrap();
    assert!(
        one.starts_with("Recommendation 1: The Trust should fund community transport for at least three years at a time. StatusAgreed"),
        "the first sentence is the title: {one}"
    );
    assert!(one.contains("Stated inInquiry report, recommendation 1"));
    assert!(one.contains("Annual grants make it impossible to plan."), "the whole text: {one}");
    assert!(one.contains("Reasons Inquiry report, paragraph 1.1: Demand for community transport"));
    assert!(one.ends_with("Audit Commission, Fair Funding (2012), paragraph 4.7"), "a reason outside the site: {one}");
    assert!(html.contains("<li>Audit Commission, Fair Funding (2012), paragraph 4.7</li>"), "as plain text");
    assert!(html.contains("<a href=\"../inquiry/index.html#recommendation-1\">Inquiry report, recommendation 1</a>"));
    let two = text_of_id(&html, "recommendation-2").unwrap();
    assert!(two.contains("StatusProposed"), "a listed item without data: {two}");
    assert!(
        two.starts_with("Recommendation 2: The Trust should recruit younger volunteer drivers, working with the colleges (see paragraph 1.2)."),
        "the citation as readers see it: {two}"
    );
    assert!(html.contains(
        "working with the colleges (see <a class=\"cite\" href=\"../inquiry/index.html#para-1.2\">paragraph 1.2</a>)"
    ));
    let three = text_of_id(&html, "recommendation-3").unwrap();
    assert!(
        three.starts_with("Recommendation 3: Book by more than the telephone StatusAgreed in principle"),
        "{three}"
    );
    let four = text_of_id(&html, "recommendation-4").unwrap();
    assert!(four.starts_with("Recommendation 4: Publish the number of journeys each year. StatusProposed"), "{four}");
    assert!(!four.contains("Stated in"), "stated only in the data");
    assert!(html.contains("<p>Publish the <strong>number of journeys</strong> each year."), "Markdown");
    let inquiry = page(s.path(), "inquiry/index.html");
    assert!(inquiry.contains("<li id=\"recommendation-1\">The Trust should fund"), "each item has an anchor");
    assert!(inquiry.contains("<li id=\"recommendation-3\">"));
}

#[test]
fn consultation_json_names_people_attendance_and_owners() {
    let s = built();
    let json: serde_json::Value = serde_json::from_str(&page(s.path(), "consultation.json")).unwrap();
    let may = &json["meetings"][0];
    assert_eq!(may["startDate"], "2017-05-16T18:30:00+01:00");
    assert_eq!(may["endDate"], "2017-05-16T20:45:00+01:00");
    assert_eq!(may["attendee"], serde_json::json!(["jsmith", "akhan", "riverside-drivers"]));
    assert_eq!(may["attendance"][1], serde_json::json!({"id": "akhan", "role": "attended", "mode": "remote"}));
    assert_eq!(may["attendance"][3], serde_json::json!({"id": "bjones", "role": "apologies", "mode": null}));
    assert_eq!(may["declarations"][0]["item"], "2");
    assert_eq!(may["actions"][0]["owners"], serde_json::json!(["jsmith", "akhan"]));
    assert_eq!(may["actions"][0]["status"], "open");
    let persons = json["persons"].as_array().unwrap();
    assert!(persons.contains(&serde_json::json!({"id": "lcho", "name": "Lin Cho", "initials": "LC"})));
    let memberships = json["memberships"].as_array().unwrap();
    assert!(memberships
        .contains(&serde_json::json!({"person_id": "lcho", "organization_id": "council", "role": "Grants officer"})));
    let one = &json["recommendations"][0];
    assert_eq!(
        one["reasons"][1],
        serde_json::json!({"label": "Audit Commission, Fair Funding (2012), paragraph 4.7", "url": null})
    );
    assert_eq!(one["stated_in"]["url"], "inquiry/index.html#recommendation-1");
    assert!(json["recommendations"][3]["stated_in"].is_null());
    let schema: serde_json::Value = serde_json::from_str(&page(s.path(), "consultation.schema.json")).unwrap();
    let errors: Vec<String> =
        jsonschema::validator_for(&schema).unwrap().iter_errors(&json).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// Every bad input of minutes and registers in one run: each reported with
/// its file, line and column, and nothing written.
#[test]
fn every_bad_input_of_minutes_and_registers_is_reported_at_once() {
    let s = built();
    let root = s.path();
    let before = snapshot(&root.join("public"));
    edit(root, MAY, "start: \"18:30\"\nend: \"20:45\"", "start: \"18:30\"\nend: \"17:00\"");
    edit(root, MAY, "attendees: [jsmith, akhan (remote),", "attendees: [jsmyth, akhan (by phone),");
    edit(root, MAY, "    item: \"2\"", "    item: \"7\"");
    edit(root, MAY, "  - who: akhan", "  - who: akhn");
    edit(root, MAY, "apologies: [bjones]", "apologies: [bjones, riverside-drivers]");
    edit(root, MAY, "    due: 2017-06-20", "    due: 2017-06-31");
    edit(root, MAY, "    owner: rpatel", "    owner: rpatel\n    owners: [akhan]");
    edit(root, JUNE, "start: \"18:30\"", "start: \"25:00\"");
    edit(root, JUNE, "owners: [bjones, riverside-drivers]", "owners: [bjones, riverside-driver]");
    let people = std::fs::read_to_string(root.join("content/data/people.yaml")).unwrap();
    let more = "- id: jsmith\n  name: Another Jane Smith\n- id: council\n  name: A person named as the council\n";
    write(root, "content/data/people.yaml", &(people + more));
    edit(
        root,
        "content/data/recommendations.yaml",
        "- id: \"3\"\n",
        "- id: \"3\"\n  stated_in: inquiry#2.1\n  text: Said again.\n",
    );
    edit(root, "content/data/recommendations.yaml", "  text: >-\n    Publish", "  status_note: >-\n    Publish");
    edit(root, "content/meetings/2017-07-18-board.md", "#2.3]]", "#2.4]]");
    write(
        root,
        "content/annex.md",
        "---\ntitle: Annex\n---\n\n## More recommendations {.register}\n\n3. A third recommendation again.\n",
    );
    let ran = consult(root, &["build"]);
    assert!(!ran.ok);
    insta::assert_snapshot!("minutes-bad-input", ran.stderr);
    assert_eq!(snapshot(&root.join("public")), before, "nothing written");
}

#[test]
fn a_misspelt_field_of_people_yaml_is_named() {
    let s = site("minutes", None);
    edit(s.path(), "content/data/people.yaml", "  organisation: council", "  organization: council");
    let ran = consult(s.path(), &["check"]);
    assert!(!ran.ok);
    assert!(ran.stderr.contains("content/data/people.yaml:9:3: error: unknown field 'organization', expected one of id, name, initials, role, organisation"), "{}", ran.stderr);
    assert!(ran.stderr.contains("help: did you mean `organisation`?"));
    assert!(!ran.stderr.contains("unknown stakeholder or person `lcho`"), "no knock-on errors: {}", ran.stderr);
}

#[test]
fn an_unknown_person_in_people_yaml_names_the_nearest_stakeholder() {
    let s = site("minutes", None);
    edit(s.path(), "content/data/people.yaml", "organisation: council", "organisation: councl");
    let ran = consult(s.path(), &["check"]);
    assert!(!ran.ok);
    assert!(
        ran.stderr.contains("content/data/people.yaml:9:17: error: unknown stakeholder `councl`"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("help: did you mean `council`?"), "{}", ran.stderr);
}
