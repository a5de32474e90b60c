//! The lifecycle to the outcome, on the fixture `tests/sites/lifecycle`: a
//! consultation published as version 1, its closing time extended, then
//! version 2 with revised proposals and the outcome (you said → we did).
//! The pages state every stage in words that never depend on the build date.

mod common;
use common::*;
use std::path::Path;

fn built() -> tempfile::TempDir {
    let s = site("lifecycle", None);
    build_ok(s.path());
    s
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// Replaces `from` with `to` in the file `rel` of `root`, which must hold it.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let text = read(root, rel);
    assert!(text.contains(from), "{rel} has no {from:?}");
    write(root, rel, &text.replace(from, to));
}

#[test]
fn once_the_outcome_is_published_the_home_page_leads_with_it_and_needs_no_script() {
    let s = built();
    let home = page(s.path(), "index.html");
    let text = plain(&home);
    let (outcome, status) =
        (text.find("Outcome The outcome of this consultation is published").unwrap(), text.find("Status").unwrap());
    assert!(outcome < status, "the outcome leads: {text}");
    assert!(text.contains(
        "The outcome of this consultation is published (29 July 2011): Community transport: the council's response."
    ));
    assert!(text.contains("64 responses received; 3 themes in what they said, 2 of which changed the text."), "{text}");
    assert!(text.contains(
        "Responses were taken from 09:00 on 7 March 2011 (GMT) until 23:59 on 20 May 2011 (BST), London time."
    ));
    assert!(home.contains("data-stage=\"outcome\" aria-current=\"step\""), "the last stage is marked without a script");
    assert!(!text.contains("After the close"), "no outcome is due once it is published: {text}");
    assert!(!home.contains("live-status"), "no script decides the stage");
    assert!(!home.contains("status.js"), "{home}");
    assert!(!home.contains("data-closes"), "{home}");
    // Respond links say the consultation closed, with no script.
    let proposals = page(s.path(), "proposals/index.html");
    assert!(proposals.contains(
        "<span class=\"respond-closed\">Responses to paragraph 2.2 closed at 23:59 on 20 May 2011, London time (BST).</span>"
    ));
    assert!(!proposals.contains("mailto:"), "no way to respond is offered after the outcome");
    let respond = plain(&page(s.path(), "respond/index.html"));
    assert!(
        respond.contains(
            "This consultation closed at 23:59 on 20 May 2011, London time (BST). These were the ways to respond:"
        ),
        "the same words the script uses before the outcome: {respond}"
    );
}

#[test]
fn each_stage_is_stated_in_words_from_fixed_dates() {
    let s = lifecycle_before_the_outcome();
    build_ok(s.path());
    let home = page(s.path(), "index.html");
    let text = plain(&home);
    assert!(text.contains("Status and how to respond Open for responses from 09:00 on 7 March 2011 (GMT) until 23:59 on 20 May 2011 (BST), London time."), "{text}");
    assert!(text.contains("The closing time was extended from 23:59 on 6 May 2011 (BST) to 23:59 on 20 May 2011 (BST). Two weeks more, asked for by the disability forum so that its members could meet first."), "{text}");
    assert!(
        text.contains("After the close, responses are analysed and the outcome is published, due by 12 August 2011.")
    );
    let stages = text_of_id(&home, "live-status");
    assert_eq!(stages.as_deref(), Some(""), "the script fills the stage of the day");
    for (stage, words) in [
        ("upcoming", "Upcoming until 09:00 on 7 March 2011 (GMT)"),
        ("open", "Open for responses from 09:00 on 7 March 2011 (GMT) until 23:59 on 20 May 2011 (BST)"),
        ("closed", "Closed, responses being analysed from 23:59 on 20 May 2011 (BST); outcome due by 12 August 2011"),
        ("outcome", "Outcome published due by 12 August 2011"),
    ] {
        let at = home.find(&format!("data-stage=\"{stage}\">")).unwrap_or_else(|| panic!("stage {stage}: {home}"));
        let li = &home[at..at + home[at..].find("</li>").unwrap()];
        assert_eq!(plain(&format!("<li {li}</li>")), words);
    }
    assert!(!home.contains("aria-current=\"step\""), "no stage is today's at build time");
    assert!(home.contains("data-opens=\"2011-03-07T09:00:00+00:00\""));
    assert!(home.contains("data-closes=\"2011-05-20T23:59:00+01:00\""), "the extension's closing time holds");
    assert!(home.contains("data-due-words=\"12 August 2011\""));
    assert!(home.contains("<script src=\"assets/status.js\" defer></script>"));
    let proposals = page(s.path(), "proposals/index.html");
    assert!(
        proposals.contains("(open until 23:59 on 20 May 2011, London time (BST))"),
        "links close at the extended time"
    );
}

#[test]
fn the_words_do_not_depend_on_the_build_date() {
    let (a, b) = (built(), built());
    let (a, b) = (snapshot(&a.path().join("public")), snapshot(&b.path().join("public")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs between two builds");
    }
    // The fixture's dates are all in 2011: a page that names this year read the clock.
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let year = 1970 + secs / 31_556_952;
    for (path, bytes) in a.iter().filter(|(p, _)| p.ends_with(".html") || p.ends_with(".xml")) {
        let text = String::from_utf8_lossy(bytes);
        for y in [year - 1, year, year + 1] {
            assert!(!text.contains(&y.to_string()), "{path} names {y}");
        }
    }
    // The stage words are the same on any day; the snapshot is checked on whatever day the tests run.
    let home = plain(&page(built().path(), "index.html"));
    let status = &home[home.find("Status Responses").unwrap()..home.find("Questions Question 1").unwrap()];
    insta::assert_snapshot!("lifecycle_status_after_the_outcome", status);
}

#[test]
fn questions_are_on_the_home_page_beside_their_paragraphs_and_on_the_respond_page() {
    let s = lifecycle_before_the_outcome();
    build_ok(s.path());
    let home = page(s.path(), "index.html");
    assert!(home.contains("<li><a href=\"respond/index.html#question-contract-length\">Question 2</a>: Is two years long enough for a provider to plan its service? <span class=\"question-about\">(about <a href=\"proposals/index.html#para-2.2\">Proposals, paragraph 2.2</a>)</span></li>"), "{home}");
    let proposals = page(s.path(), "proposals/index.html");
    let after = &proposals[proposals.find("id=\"para-2.2\"").unwrap()..proposals.find("id=\"para-2.3\"").unwrap()];
    assert!(after.contains("<p class=\"question-note\"><a href=\"../respond/index.html#question-contract-length\">Question 2</a> asks about this paragraph: Is two years long enough for a provider to plan its service?</p>"), "{after}");
    let respond = page(s.path(), "respond/index.html");
    let q2 = text_of_id(&respond, "question-contract-length").unwrap();
    assert!(q2.starts_with("Question 2 Is two years long enough for a provider to plan its service? About: Proposals, paragraph 2.2 Respond to question 2 or online or as an issue on our forge"), "{q2}");
    assert!(respond.contains("By post: <span class=\"address\">Community transport consultation\nRiverside Council, 1 Town Hall Square\n</span>"), "{respond}");
    assert!(respond.contains("Tell us about any needs that make booking hard for you."));
    // Every page links to it.
    assert!(page(s.path(), "meetings/index.html").contains("<a href=\"../respond/index.html\">Respond</a>"));
}

#[test]
fn respond_links_carry_the_consultation_the_question_or_paragraph_and_the_version() {
    let s = built();
    // Version 1, as published, was open for responses: its links name version 1.
    let v1 = page(s.path(), "versions/1/proposals/index.html");
    assert!(v1.contains("href=\"mailto:transport@example.org?subject=Response%20to%20Community%20transport%20in%20Riverside%3A%20Proposals%2C%20paragraph%202.2%2C%20version%201\">Respond to paragraph 2.2</a>"), "{v1}");
    assert!(v1.contains("href=\"https://example.org/respond?consultation=Community%20transport%20in%20Riverside&amp;document=proposals&amp;paragraph=2.2&amp;version=1\">online</a>"));
    assert!(v1.contains("href=\"https://forge.example.org/riverside/transport/issues/new?title=proposals%202.2&amp;version=1\">as an issue on our forge</a>"));
    let respond = page(s.path(), "versions/1/respond/index.html");
    assert!(respond.contains("href=\"mailto:transport@example.org?subject=Response%20to%20Community%20transport%20in%20Riverside%3A%20question%202%2C%20version%201\">Respond to question 2</a>"), "{respond}");
    assert!(respond.contains("href=\"https://example.org/respond?consultation=Community%20transport%20in%20Riverside&amp;question=contract-length&amp;version=1\">online</a>"));
    assert!(respond.contains("href=\"https://forge.example.org/riverside/transport/issues/new?title=%20contract-length&amp;version=1\">as an issue on our forge</a>"));
}

#[test]
fn the_outcome_links_each_change_to_the_redline_at_the_paragraph() {
    let s = built();
    let outcome = page(s.path(), "outcome/index.html");
    let theme = text_of_id(&outcome, "theme-contract-length").unwrap();
    assert_eq!(theme, "Two years is too short You said Most providers and several organisations said two years is too short to buy vehicles or train volunteer drivers. About: Question 2, Proposals, paragraph 2.2 We did The contract will run for three years, with a review after the first. Proposals, paragraph 2.2, changed in version 2: what changed in Proposals, paragraph 2.2");
    assert!(outcome.contains("<a href=\"../changes/2/index.html#change-proposals-para-2.2\">"), "{outcome}");
    assert!(page(s.path(), "changes/2/index.html").contains("id=\"change-proposals-para-2.2\""));
    let fares = text_of_id(&outcome, "theme-fares").unwrap();
    assert!(fares.ends_with("We did No change. Fares stay as they are: the budget for 2012 is fixed, and cutting fares would mean fewer journeys."), "{fares}");
    assert!(outcome.contains("<tr><th scope=\"row\">Voluntary and community organisations</th><td>17</td></tr>"));
    // The archived outcome reaches the same redline from its own folder.
    let archived = page(s.path(), "versions/2/outcome/index.html");
    assert!(archived.contains("<a href=\"../../../changes/2/index.html#change-proposals-para-2.2\">"), "{archived}");
    // The print page carries the outcome's data too, its links made local.
    let print = page(s.path(), "print/index.html");
    assert!(print.contains("<h2 id=\"themes-heading\">You said, we did</h2>"), "{print}");
    assert!(print.contains("<a href=\"#proposals-para-2.2\">Proposals, paragraph 2.2</a>, changed in version 2"));
    // The consulted text stays readable as it was.
    assert!(
        page(s.path(), "versions/1/proposals/index.html").contains("2.2</a> The contract will run for two years.</p>")
    );
}

#[test]
fn a_change_in_the_version_not_yet_published_links_the_drafts_redline() {
    let s = site("lifecycle", None);
    std::fs::remove_dir_all(s.path().join("versions/2")).unwrap();
    build_ok(s.path());
    let outcome = page(s.path(), "outcome/index.html");
    assert!(outcome.contains("<a href=\"../changes/draft/index.html#change-proposals-para-2.3\">"), "{outcome}");
    assert!(page(s.path(), "changes/draft/index.html").contains("id=\"change-proposals-para-2.3\""));
}

#[test]
fn a_theme_naming_a_paragraph_that_did_not_change_fails_and_lists_what_did() {
    let s = site("lifecycle", None);
    edit(
        s.path(),
        "content/data/responses.yaml",
        "      - version: \"2\"\n        paragraph: proposals#2.3",
        "      - version: \"2\"\n        paragraph: proposals#2.4",
    );
    let ran = consult(s.path(), &["build"]);
    assert!(!ran.ok);
    assert!(
        ran.stderr.contains(
            "content/data/responses.yaml:32:20: error: paragraph 2.4 of `proposals` did not change in version 2"
        ),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("help: in version 2, these paragraphs changed: proposals#2.2, proposals#2.3"),
        "{}",
        ran.stderr
    );
    assert!(!s.path().join("public").exists(), "nothing written");
    // A version that is neither published nor the draft.
    edit(s.path(), "content/data/responses.yaml", "paragraph: proposals#2.4", "paragraph: proposals#2.3");
    edit(
        s.path(),
        "content/data/responses.yaml",
        "      - version: \"2\"\n        paragraph: proposals#2.3",
        "      - version: \"1.5\"\n        paragraph: proposals#2.3",
    );
    let ran = consult(s.path(), &["check"]);
    assert!(
        ran.stderr.contains(
            "content/data/responses.yaml:32:20: error: version 1.5 is not published, and the working draft is not it"
        ),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("published versions: 1, 2"), "{}", ran.stderr);
}

#[test]
fn a_question_citing_a_missing_paragraph_fails_with_its_file_and_line() {
    let s = site("lifecycle", None);
    edit(s.path(), "content/data/questions.yaml", "about: [proposals#2.2]", "about: [proposals#2.7]");
    let ran = consult(s.path(), &["check"]);
    assert!(!ran.ok);
    assert!(
        ran.stderr.contains(
            "content/data/questions.yaml:6:11: error: citation of paragraph 2.7, which is not in `proposals`"
        ),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("2.7"), "{}", ran.stderr);
    assert!(ran.stderr.contains("help:"), "{}", ran.stderr);
}

#[test]
fn every_mistake_in_the_lifecycle_is_reported_in_one_run() {
    let s = site("lifecycle", None);
    let root = s.path();
    edit(root, "content/site.yaml", "{question}&version", "{qestion}&version");
    edit(root, "content/site.yaml", "    closes: 2011-05-20 23:59", "    closes: 2011-05-01 23:59");
    edit(root, "content/data/responses.yaml", "  total: 64", "  total: 50");
    edit(
        root,
        "content/data/responses.yaml",
        "    paragraphs: [proposals#2.4]\n",
        "    paragraphs: [proposals#2.4]\n    we_did: Nothing.\n",
    );
    edit(root, "content/data/responses.yaml", "questions: [booking]", "questions: [boking]");
    let ran = consult(root, &["check"]);
    assert!(!ran.ok);
    let e = &ran.stderr;
    for expected in [
        "content/site.yaml:19:17: error: unknown placeholder `{qestion}` in the URL template",
        "content/site.yaml:12:13: error: the extension closes (23:59 on 1 May 2011) no later than the first closing time (23:59 on 6 May 2011)",
        "content/data/responses.yaml:2:10: error: 50 responses in all, but the types add up to 64",
        "content/data/responses.yaml:27:17: error: unknown question `boking`",
        "content/data/responses.yaml:39:7: error: a theme says what changed (`we_did`, `changed`) or why nothing did (`no_change`), not both",
    ] {
        assert!(e.contains(expected), "missing {expected:?} in:\n{e}");
    }
    assert!(e.contains("error: 5 errors"), "{e}");
}

#[test]
fn an_outcome_needs_its_date_and_its_data_needs_an_outcome() {
    let s = site("lifecycle", None);
    edit(s.path(), "content/site.yaml", "  outcome_published: 2011-07-29\n", "");
    let ran = consult(s.path(), &["check"]);
    assert!(ran.stderr.contains("content/site.yaml:7:1: error: the outcome is published (content/outcome.md), but site.yaml does not say when"), "{}", ran.stderr);
    let s = site("lifecycle", None);
    std::fs::remove_file(s.path().join("content/outcome.md")).unwrap();
    let ran = consult(s.path(), &["check"]);
    assert!(ran.stderr.contains("content/data/responses.yaml:1:1: error: responses.yaml describes an outcome, but no document has `kind: outcome`"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("error: `outcome_published` is given, but no document has `kind: outcome`"),
        "{}",
        ran.stderr
    );
}

#[test]
fn the_changelog_and_the_feed_have_each_stage_change_and_the_outcome() {
    let s = built();
    let changelog = plain(&page(s.path(), "changelog/index.html"));
    let stages = &changelog[changelog.find("Stages of the consultation").unwrap()..];
    let order: Vec<usize> = [
        "29 July 2011: Outcome published: Community transport: the council's response",
        "20 May 2011: Closes for responses at 23:59 on 20 May 2011 (BST), London time",
        "7 March 2011: Open for responses from 09:00 on 7 March 2011 (GMT), London time",
    ]
    .iter()
    .map(|t| stages.find(t).unwrap_or_else(|| panic!("{t} not in {stages}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first: {stages}");
    assert!(
        stages.contains("The closing time was extended from 23:59 on 6 May 2011 (BST): Two weeks more"),
        "{stages}"
    );
    let feed = feed_rs::parser::parse(std::fs::read(s.path().join("public/feed.xml")).unwrap().as_slice()).unwrap();
    let titles: Vec<String> = feed.entries.iter().map(|e| e.title.as_ref().unwrap().content.clone()).collect();
    for t in [
        "Outcome published: Community transport: the council's response",
        "Closes for responses at 23:59 on 20 May 2011 (BST), London time",
        "Open for responses from 09:00 on 7 March 2011 (GMT), London time",
        "Version 2: Revised proposals and the outcome of the consultation",
    ] {
        assert!(titles.iter().any(|x| x == t), "{t} not in {titles:?}");
    }
    let outcome = feed.entries.iter().find(|e| e.title.as_ref().unwrap().content.starts_with("Outcome")).unwrap();
    assert_eq!(outcome.links[0].href, "outcome/index.html");
    assert_eq!(outcome.updated.unwrap().to_rfc3339(), "2011-07-29T00:00:00+00:00");
}

#[test]
fn publishing_freezes_the_questions_and_the_outcome_data() {
    let s = site("lifecycle", None);
    edit(s.path(), "content/outcome.md", "go to the Executive", "go to the Council's Executive");
    let ran = consult(s.path(), &["publish", "3", "--summary", "Typo", "--date", "2011-08-01"]);
    assert!(ran.ok, "{}", ran.stderr);
    for f in ["questions.yaml", "responses.yaml"] {
        assert_eq!(
            read(s.path(), &format!("versions/3/content/data/{f}")),
            read(s.path(), &format!("content/data/{f}")),
            "{f} is part of the version"
        );
    }
}

#[test]
fn the_open_data_holds_the_lifecycle_the_questions_and_the_outcome_and_follows_its_schema() {
    let s = built();
    let schema: serde_json::Value = serde_json::from_str(&read(&repo(), "schema/consultation.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for rel in ["consultation.json", "versions/1/consultation.json", "versions/2/consultation.json"] {
        let data: serde_json::Value = serde_json::from_str(&page(s.path(), rel)).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&data).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{rel}: {errors:#?}");
    }
    let data: serde_json::Value = serde_json::from_str(&page(s.path(), "consultation.json")).unwrap();
    let l = &data["lifecycle"];
    assert_eq!(data["closing_date"], "2011-05-20T23:59:00+01:00", "the extended closing time");
    assert_eq!(l["extension"]["original_closing_date"], "2011-05-06T23:59:00+01:00");
    assert_eq!(l["concluded"], true);
    assert_eq!(l["outcome_due_date"], "2011-08-12");
    assert_eq!(l["final_outcome_publication_date"], "2011-07-29");
    assert_eq!(l["questions"][1]["id"], "contract-length");
    assert_eq!(l["questions"][1]["about"][0]["url"], "proposals/index.html#para-2.2");
    let theme = &l["outcome"]["themes"][0];
    assert_eq!(theme["questions"][0], "contract-length");
    assert_eq!(theme["changes"][0]["redline_url"], "changes/2/index.html#change-proposals-para-2.2");
    assert_eq!(l["outcome"]["responses_received"], 64);
    let v1: serde_json::Value = serde_json::from_str(&page(s.path(), "versions/1/consultation.json")).unwrap();
    assert_eq!(v1["lifecycle"]["outcome"], serde_json::Value::Null);
    assert_eq!(v1["lifecycle"]["concluded"], false);
}

#[test]
fn an_outcome_due_more_than_twelve_weeks_after_the_close_is_a_warning() {
    let s = site("lifecycle", None);
    let ran = build_ok(s.path());
    assert!(!ran.stderr.contains("warning"), "12 August is 12 weeks after 20 May: {}", ran.stderr);
    edit(s.path(), "content/site.yaml", "outcome_due: 2011-08-12", "outcome_due: 2011-08-13");
    let ran = consult(s.path(), &["check"]);
    assert!(ran.ok, "a warning, not an error: {}", ran.stderr);
    assert!(
        ran.stderr.contains(
            "content/site.yaml:14:16: warning: the outcome is due more than 12 weeks after the close (20 May 2011)"
        ),
        "{}",
        ran.stderr
    );
}
