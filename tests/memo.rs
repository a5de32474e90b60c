//! The memo `serve` keeps between builds never changes what a build makes:
//! after each edit of a series, `check` with the memo kept from the runs
//! before gives the same files and diagnostics as a fresh `check`.

mod common;
use common::*;
use consult::commands::{check, check_with, Run};
use consult::memo::Memo;
use std::path::Path;

fn same(memo_run: Run, fresh: Run, step: &str) {
    assert_eq!(memo_run.output.is_some(), fresh.output.is_some(), "{step}: one built and one did not");
    assert_eq!(memo_run.diagnostics.sorted(), fresh.diagnostics.sorted(), "{step}: diagnostics differ");
    if let (Some(a), Some(b)) = (memo_run.output, fresh.output) {
        let (a, b) = (a.all(), b.all());
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{step}: different files");
        for (path, bytes) in &b {
            assert!(a[path] == *bytes, "{step}: {path} differs from a fresh build");
        }
    }
}

/// Writes (or with `None` removes) `rel` and tells the memo, as the watcher does.
fn edit(root: &Path, memo: &mut Memo, rel: &str, text: Option<&str>) {
    match text {
        Some(t) => write(root, rel, t),
        None => std::fs::remove_file(root.join(rel)).unwrap(),
    }
    memo.forget(&root.join(rel));
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

#[test]
fn a_series_of_edits_builds_the_same_with_and_without_the_memo() {
    let site = site("consultation", None);
    let root = site.path().canonicalize().unwrap();
    let root = root.as_path();
    let mut memo = Memo::new();
    same(check_with(root, &mut memo), check(root), "first build");

    let report = read(root, "content/report.md");
    let appendix = read(root, "content/appendix-1.md");
    let stakeholders = read(root, "content/data/stakeholders.yaml");
    let site_yaml = read(root, "content/site.yaml");
    let committee = read(root, "content/meetings/2011-04-14-committee.md");
    let workshop = read(root, "content/meetings/2011-05-11-workshop.md");
    let recommendations = read(root, "content/data/recommendations.yaml");
    assert!(recommendations.contains("status: proposed"), "{recommendations}");
    let steps: Vec<(&str, &str, Option<String>)> = vec![
        ("a text edit", "content/report.md", Some(report.replace("The first paragraph.", "The first paragraph, edited."))),
        ("a short title others cite by", "content/report.md", Some(report.replace("short_title: Report", "short_title: Main"))),
        ("a new paragraph", "content/appendix-1.md", Some(format!("{appendix}\n1.2 A second paragraph.\n"))),
        ("a new document citing it", "content/appendix-2.md", Some(
            "---\ntitle: Second\nkind: appendix\norder: 0\n---\n\n1.1 See [[appendix-1#1.2]] and [[report#1.1]], and what \
             [[stakeholder:council]] said at the [[meeting:2011-04-14-committee]].\n"
                .into(),
        )),
        ("the documents reordered", "content/report.md", Some(report.replace("kind: report", "kind: report\norder: 5"))),
        ("a meeting's notes", "content/meetings/2011-04-14-committee.md", Some(committee.replace("The committee discussed", "The committee then discussed"))),
        ("a meeting's attendance and decisions", "content/meetings/2011-04-14-committee.md", Some(
            committee.replace("attendees: [council, macc]", "attendees: [council]").replace("should change", "must change"),
        )),
        ("a meeting renamed", "content/meetings/2011-04-14-committee.md", Some(committee.replace("title: Committee meeting", "title: Executive meeting"))),
        ("a meeting held", "content/meetings/2011-05-11-workshop.md", Some(workshop.replace("status: scheduled", "status: held"))),
        ("a meeting removed", "content/meetings/2011-05-11-workshop.md", None),
        ("a stakeholder's role", "content/data/stakeholders.yaml", Some(stakeholders.replace("Commissions the service.", "Pays for the service."))),
        ("a person's role", "content/data/stakeholders.yaml", Some(stakeholders.replace("Chief Officer", "Director"))),
        ("a recommendation's status", "content/data/recommendations.yaml", Some(recommendations.replacen("status: proposed", "status: agreed", 1))),
        ("a stakeholder renamed", "content/data/stakeholders.yaml", Some(stakeholders.replace("The Council", "The City Council"))),
        ("a broken citation", "content/appendix-2.md", Some("---\ntitle: Second\nkind: appendix\n---\n\n1.1 See [[report#9.9]].\n".into())),
        ("the citation fixed", "content/appendix-2.md", Some("---\ntitle: Second\nkind: appendix\n---\n\n1.1 See [[report#2.1]].\n".into())),
        ("a paragraph renumbered", "content/appendix-1.md", Some(appendix.replace("1.1 ", "1.3 "))),
        ("the respond address", "content/site.yaml", Some(site_yaml.replace("responses@example.org", "other@example.org"))),
        ("an own template", "themes/default/templates/document.html", Some(
            "{% extends \"base.html\" %}\n{% block content %}<h1>{{ doc.title }}</h1>{{ body | safe }}{% endblock content %}\n".into(),
        )),
        ("a document removed", "content/appendix-2.md", None),
        ("broken front matter", "content/report.md", Some(report.replace("kind: report", "kidn: report"))),
        ("front matter fixed", "content/report.md", Some(report.clone())),
    ];
    for (step, rel, text) in steps {
        edit(root, &mut memo, rel, text.as_deref());
        same(check_with(root, &mut memo), check(root), step);
    }
}

#[test]
fn an_edit_to_one_document_redoes_only_that_document() {
    let site = site("consultation", None);
    let root = site.path().canonicalize().unwrap();
    let root = root.as_path();
    let mut memo = Memo::new();
    same(check_with(root, &mut memo), check(root), "first build");
    let before = memo.reused();
    let report = read(root, "content/report.md");
    edit(root, &mut memo, "content/report.md", Some(&report.replace("A finding.", "A finding, reworded.")));
    same(check_with(root, &mut memo), check(root), "a text edit");
    let after = memo.reused();
    // Two documents and two meetings: all but the report are reused.
    assert_eq!(after.front_matter - before.front_matter, 3, "{after:?}");
    assert_eq!(after.parses - before.parses, 3, "{after:?}");
    assert_eq!(after.resolutions - before.resolutions, 1, "the appendix: {after:?}");
    assert_eq!(after.pages - before.pages, 1, "the appendix's page: {after:?}");
}

#[test]
fn a_save_of_a_meetings_notes_or_a_stakeholders_role_redoes_no_document_page() {
    let site = site("consultation", None);
    let root = site.path().canonicalize().unwrap();
    let root = root.as_path();
    let mut memo = Memo::new();
    same(check_with(root, &mut memo), check(root), "first build");
    let committee = read(root, "content/meetings/2011-04-14-committee.md");
    let stakeholders = read(root, "content/data/stakeholders.yaml");
    let steps = [
        (
            "content/meetings/2011-04-14-committee.md",
            committee.replace("The committee discussed", "The committee then discussed"),
        ),
        ("content/data/stakeholders.yaml", stakeholders.replace("Commissions the service.", "Pays for the service.")),
    ];
    for (rel, text) in steps {
        let before = memo.reused();
        edit(root, &mut memo, rel, Some(&text));
        same(check_with(root, &mut memo), check(root), rel);
        let after = memo.reused();
        assert_eq!(after.pages - before.pages, 2, "both documents' pages: {after:?}");
    }
    // What a document's page shows of a stakeholder, its name, re-renders them.
    let before = memo.reused();
    edit(
        root,
        &mut memo,
        "content/data/stakeholders.yaml",
        Some(&stakeholders.replace("The Council", "The City Council")),
    );
    same(check_with(root, &mut memo), check(root), "a stakeholder renamed");
    assert_eq!(memo.reused().pages - before.pages, 0, "{:?}", memo.reused());
}
