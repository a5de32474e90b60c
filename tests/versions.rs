//! Published versions as readers see them: archived copies at their own
//! addresses, the redline between versions (the four guidelines of
//! laws-africa/indigo#870 among them), the changelog, the feed and the cache.

mod common;

use common::{build_ok, consult, page, plain, site, snapshot, text_of_id, write};
use std::path::Path;

fn publish(root: &Path, version: &str, summary: &str, date: &str) {
    let ran = consult(root, &["publish", version, "--summary", summary, "--note", "A note", "--date", date]);
    assert!(ran.ok, "publish {version} failed:\n{}", ran.stderr);
}

fn report(root: &Path, body: &str) {
    write(
        root,
        "content/report.md",
        &format!("---\ntitle: The report\nshort_title: Report\nkind: report\n---\n\n{body}"),
    );
}

/// The appendix of the fixture cites report#2.1.1; keep it citing what stays.
fn appendix(root: &Path) {
    write(root, "content/appendix-1.md", "---\ntitle: A work stream\nshort_title: Appendix 1\nkind: appendix\n---\n\n1.1 The appendix paragraph, citing [[report]].\n");
}

const V1: &str = "## 1. Introduction

1.1 The council asked the facilitator to design a service with the named stakeholders.

1.2 The stakeholders met on the 7th March and agreed the initial document was a positive starting point.

1.3 The facilitator met every organisation in the week commencing 14th March.

## 2. Findings

2.1 There was a perceived lack of leadership for the sector.

2.1.1 A detail of the finding.

2.1.2 Another detail of the finding.

2.2 The history of infrastructure in Manchester is chequered and trust is low.

2.3 Some organisations have a strong track record of delivery.
";

/// Version 2: 1.2 inserted (renumbering 1.2 and 1.3), 2.1 reworded, 2.2
/// removed, 2.4 added at the end, a recommendation agreed.
const V2: &str = "## 1. Introduction

1.1 The council asked the facilitator to design a service with the named stakeholders.

1.2 An inserted paragraph about the Framework published in February.

1.3 The stakeholders met on the 7th March and agreed the initial document was a positive starting point.

1.4 The facilitator met every organisation in the week commencing 14th March.

## 2. Findings

2.1 There was a clear lack of leadership for the sector.

2.1.1 A detail of the finding.

2.1.2 Another detail of the finding.

2.3 Some organisations have a strong track record of delivery.

2.4 A paragraph added at the end of the findings.
";

/// Version 3: 2.3 moved to the top of section 2 (past 2.1, 2.1.1, 2.1.2), 2.1 rewritten whole, a link
/// put around words of 1.1, and 1.4 rewrapped with no change of words.
const V3: &str = "## 1. Introduction

1.1 The council asked [the facilitator](https://example.org/vsnw) to design a service with the named stakeholders.

1.2 An inserted paragraph about the Framework published in February.

1.3 The stakeholders met on the 7th March and agreed the initial document was a positive starting point.

1.4 The facilitator met every organisation
in the week   commencing 14th March.

## 2. Findings

2.3 Some organisations have a strong track record of delivery.

2.1 Leadership will come from a new body whose board the sector elects each year.

2.1.1 A detail of the finding.

2.1.2 Another detail of the finding.

2.4 A paragraph added at the end of the findings.
";

fn three_versions() -> tempfile::TempDir {
    let dir = site("consultation", None);
    appendix(dir.path());
    report(dir.path(), V1);
    publish(dir.path(), "1", "First draft", "2011-04-14");
    report(dir.path(), V2);
    let recs = std::fs::read_to_string(dir.path().join("content/data/recommendations.yaml")).unwrap();
    write(dir.path(), "content/data/recommendations.yaml", &recs.replace("status: proposed", "status: agreed"));
    publish(dir.path(), "2", "Second draft", "2011-05-04");
    report(dir.path(), V3);
    publish(dir.path(), "3", "Third draft", "2011-05-18");
    dir
}

fn change(html: &str, id: &str) -> String {
    text_of_id(html, id).unwrap_or_else(|| panic!("no change {id} in\n{html}"))
}

/// The raw HTML of the element with `id`, for asserting on marks.
fn raw_li<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no {id}"));
    let end = html[at..].find("</li>").unwrap() + at;
    &html[at..end]
}

#[test]
fn the_redline_of_version_2_names_each_change() {
    let dir = three_versions();
    build_ok(dir.path());
    let html = page(dir.path(), "changes/2/index.html");
    // An inserted paragraph is one insertion...
    assert_eq!(
        change(&html, "change-report-para-1.2"),
        "Paragraph 1.2: Added [inserted:] An inserted paragraph about the Framework published in February. Paragraph 1.2 in version 2"
    );
    // ...and the paragraphs after it, renumbered, show no text change.
    for (id, was, now) in [("change-report-para-1.3", "1.2", "1.3"), ("change-report-para-1.4", "1.3", "1.4")] {
        let li = raw_li(&html, id);
        assert!(li.contains(&format!("Renumbered <span class=\"renumber\">({was} → {now})</span>")), "{li}");
        assert!(!li.contains("<ins") && !li.contains("<del"), "renumbering shown as a text change: {li}");
        assert!(li.contains(&format!("../../versions/1/report/index.html#para-{was}\">Paragraph {was} in version 1")));
        assert!(li.contains(&format!("../../versions/2/report/index.html#para-{now}\">Paragraph {now} in version 2")));
    }
    // A reworded paragraph: one word out, one word in.
    let li = raw_li(&html, "change-report-para-2.1");
    assert!(li.contains("Reworded"), "{li}");
    assert!(li.contains("There was a <del><span class=\"visually-hidden\">[deleted:] </span>perceived</del> <ins><span class=\"visually-hidden\">[inserted:] </span>clear</ins> lack of leadership"), "{li}");
    // A removed paragraph leaves a tombstone linking to where it was.
    assert_eq!(
        change(&html, "change-report-was-para-2.2"),
        "Paragraph 2.2: Removed [deleted:] The history of infrastructure in Manchester is chequered and trust is low. Paragraph 2.2 in version 1"
    );
    // A paragraph added at the end renumbers nothing.
    assert_eq!(
        change(&html, "change-report-para-2.4"),
        "Paragraph 2.4: Added [inserted:] A paragraph added at the end of the findings. Paragraph 2.4 in version 2"
    );
    // Counts at the top, and the recommendation's status change.
    assert!(html.contains("<th scope=\"row\"><a href=\"#doc-1\">The report</a></th><td>2</td><td>1</td><td>1</td><td>0</td><td>2</td>"), "{html}");
    assert!(plain(&html).contains("Recommendation 2: Think again: status changed from proposed to agreed"));
}

#[test]
fn the_redline_of_version_3_shows_moves_rewrites_links_and_ignores_wrapping() {
    let dir = three_versions();
    build_ok(dir.path());
    let html = page(dir.path(), "changes/3/index.html");
    // Moved, with no change of words.
    let li = raw_li(&html, "change-report-para-2.3");
    assert!(li.contains("Moved"), "{li}");
    assert!(!li.contains("<ins") && !li.contains("<del"), "{li}");
    // Heavily rewritten: replaced whole, not confetti.
    let li = raw_li(&html, "change-report-para-2.1");
    assert!(li.contains("Rewritten whole."), "{li}");
    assert_eq!(li.matches("<del>").count(), 1, "{li}");
    assert_eq!(li.matches("<ins>").count(), 1, "{li}");
    // A link put into a sentence marks the linked words only.
    let li = raw_li(&html, "change-report-para-1.1");
    assert!(li.contains("The council asked <ins class=\"relinked\"><span class=\"visually-hidden\">[link added or changed:] </span>the facilitator</ins> to design a service with the named stakeholders."), "{li}");
    // Re-wrapping and extra spaces are no change at all.
    assert!(!html.contains("change-report-para-1.4"), "whitespace shown as a change");
}

#[test]
fn old_citations_work_in_the_archived_copies_and_the_current_page_says_what_was_renumbered() {
    let dir = three_versions();
    build_ok(dir.path());
    let v1 = page(dir.path(), "versions/1/report/index.html");
    assert!(text_of_id(&v1, "para-1.2").unwrap().contains("The stakeholders met on the 7th March"));
    assert!(text_of_id(&v1, "para-2.2").unwrap().contains("The history of infrastructure"));
    // The banner: which version, its date, that a newer one exists, where to go.
    let bar = plain(&v1[v1.find("<aside class=\"version-bar\"").unwrap()..v1.find("</aside>").unwrap()]);
    assert!(bar.contains("You are reading version 1, published 14 April 2011. A newer version exists: version 3, published 18 May 2011. This page in the latest version · What changed in version 2"), "{bar}");
    assert!(v1.contains("<a href=\"../../../report/index.html\">This page in the latest version</a>"));
    // Beside a paragraph that moved on: where it is now.
    assert!(
        v1.contains("In the latest version (3): <a href=\"../../../report/index.html#para-1.3\">paragraph 1.3</a></p>"),
        "{v1}"
    );
    assert!(v1.contains("Not in the latest version (3).</p>"));
    // The version list keeps the reader on the same document.
    for (href, label) in
        [("../../../report/index.html", "Current"), ("../../../versions/2/report/index.html", "Version 2")]
    {
        assert!(v1.contains(&format!("<li><a href=\"{href}\">{label}</a></li>")), "{label}: {v1}");
    }
    assert!(
        v1.contains("<li><a href=\"../../../versions/1/report/index.html\" aria-current=\"page\">Version 1</a></li>")
    );
    // The current page is version 3, and says what version 2 numbered differently.
    let now = page(dir.path(), "report/index.html");
    assert!(now.contains("Version 3</strong>, published 18 May 2011: the latest version."));
    let v2 = page(dir.path(), "versions/2/report/index.html");
    assert!(v2.contains("<p class=\"para-note\">1.3, was <a href=\"../../../versions/1/report/index.html#para-1.2\">1.2 in version 1</a></p>"), "{v2}");
}

#[test]
fn a_draft_is_labelled_and_has_its_own_redline() {
    let dir = three_versions();
    report(dir.path(), &V3.replace("## 2. Findings\n", "## 2. Findings\n\n2.0 A paragraph only the draft has.\n"));
    let ran = build_ok(dir.path());
    assert!(ran.stderr.contains("built"));
    let home = page(dir.path(), "index.html");
    assert!(
        plain(&home).contains("Working draft, changed since version 3, published 18 May 2011: what changed"),
        "{home}"
    );
    let draft = page(dir.path(), "changes/draft/index.html");
    assert!(change(&draft, "change-report-para-2.0").contains("A paragraph only the draft has."));
    // Without the draft's change, the root is version 3 and there is no draft redline.
    report(dir.path(), V3);
    build_ok(dir.path());
    assert!(plain(&page(dir.path(), "index.html")).contains("Version 3, published 18 May 2011: what changed"));
    assert!(!dir.path().join("public/changes/draft").exists());
}

#[test]
fn the_changelog_lists_every_version_newest_first() {
    let dir = three_versions();
    build_ok(dir.path());
    let html = page(dir.path(), "changelog/index.html");
    let text = plain(&html);
    let (v3, v2, v1) =
        (text.find("Version 3").unwrap(), text.find("Version 2").unwrap(), text.find("Version 1").unwrap());
    assert!(v3 < v2 && v2 < v1, "{text}");
    assert!(text.contains(
        "Version 2 Published 4 May 2011 Second draft A note Read version 2 as published · What changed in version 2"
    ));
    assert!(html.contains("href=\"../versions/2/index.html\"") && html.contains("href=\"../changes/2/index.html\""));
    assert!(page(dir.path(), "index.html").contains("<a href=\"changelog/index.html\">Changelog</a>"));
}

#[test]
fn the_feed_is_atom_that_a_feed_reader_parses() {
    let dir = three_versions();
    build_ok(dir.path());
    let parse =
        |root: &Path| feed_rs::parser::parse(std::fs::read(root.join("public/feed.xml")).unwrap().as_slice()).unwrap();
    let feed = parse(dir.path());
    assert_eq!(feed.title.unwrap().content, "Fixture consultation");
    let titles: Vec<String> = feed.entries.iter().map(|e| e.title.clone().unwrap().content).collect();
    assert_eq!(titles.iter().filter(|t| t.starts_with("Version ")).count(), 3, "{titles:?}");
    assert!(titles.contains(&"Version 2: Second draft".to_string()));
    let ids: Vec<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
    assert!(ids.iter().all(|i| i.starts_with("urn:uuid:")), "{ids:?}");
    // With base_url the links are absolute and the ids are the addresses.
    let yaml = std::fs::read_to_string(dir.path().join("content/site.yaml")).unwrap();
    write(dir.path(), "content/site.yaml", &format!("{yaml}base_url: https://example.org/c/\n"));
    build_ok(dir.path());
    let feed = parse(dir.path());
    let v2 = feed.entries.iter().find(|e| e.title.as_ref().unwrap().content == "Version 2: Second draft").unwrap();
    assert_eq!(v2.id, "https://example.org/c/changelog/index.html#version-2");
    assert_eq!(v2.links[0].href, "https://example.org/c/changes/2/index.html");
    assert_eq!(v2.updated.unwrap().to_rfc3339(), "2011-05-04T00:00:00+00:00");
}

/// The cache entries (one per version) in `cache`.
fn entries(cache: &Path) -> usize {
    std::fs::read_dir(cache).unwrap().filter(|e| e.as_ref().unwrap().path().extension().unwrap() == "snap").count()
}

/// Replaces `from` by `to` (of the same length) in every file of `dir`.
fn tamper(dir: &Path, from: &[u8], to: &[u8]) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        let mut bytes = std::fs::read(&p).unwrap();
        while let Some(at) = bytes.windows(from.len()).position(|w| w == from) {
            bytes[at..at + to.len()].copy_from_slice(to);
        }
        std::fs::write(&p, bytes).unwrap();
    }
}

#[test]
fn a_reused_archive_is_byte_identical_to_a_fresh_one() {
    let dir = three_versions();
    let cache = dir.path().join(".consult/cache");
    // Publishing keeps what its check rendered (versions 1 and 2 for version 3).
    assert_eq!(entries(&cache), 2);
    std::fs::remove_dir_all(dir.path().join(".consult")).unwrap();
    assert!(consult(dir.path(), &["check"]).ok);
    assert!(!cache.exists(), "check wrote a cache");
    build_ok(dir.path());
    let fresh = snapshot(&dir.path().join("public"));
    assert_eq!(entries(&cache), 3, "one cached archive per version");
    build_ok(dir.path());
    assert_eq!(snapshot(&dir.path().join("public")), fresh, "a build from the cache differs");
    // The cache is really used: what it holds is what is written (same length, so it still reads),
    // once the output no longer has the pages to keep.
    tamper(&cache, b"The stakeholders met on", b"The STAKEHOLDERS met on");
    std::fs::remove_dir_all(dir.path().join("public")).unwrap();
    build_ok(dir.path());
    assert!(page(dir.path(), "versions/1/report/index.html").contains("The STAKEHOLDERS met on"));
    // --no-cache renders every version afresh, and writes every file.
    assert!(consult(dir.path(), &["build", "--no-cache"]).ok);
    assert_eq!(snapshot(&dir.path().join("public")), fresh, "--no-cache used the cache");
    // Deleting the cache is safe: the same bytes again.
    std::fs::remove_dir_all(dir.path().join(".consult")).unwrap();
    build_ok(dir.path());
    assert_eq!(snapshot(&dir.path().join("public")), fresh);
}

#[test]
fn the_cache_keeps_only_the_entries_a_build_uses() {
    let dir = three_versions();
    let cache = dir.path().join(".consult/cache");
    build_ok(dir.path());
    // An entry an older consult left (any 64-hex name) goes; other files stay.
    let stale = cache.join(format!("{}.pages", "ab".repeat(32)));
    std::fs::write(&stale, "old").unwrap();
    std::fs::write(cache.join(format!("{}.snap", "ab".repeat(32))), "old").unwrap();
    std::fs::write(cache.join("notes.txt"), "mine").unwrap();
    build_ok(dir.path());
    assert!(!stale.exists(), "a stale cache entry was kept");
    assert_eq!(entries(&cache), 3);
    assert!(cache.join("notes.txt").exists(), "a file consult did not make was removed");
}

#[test]
fn an_unchanged_archived_version_is_kept_from_the_last_output_not_written_again() {
    use std::os::unix::fs::MetadataExt;
    let dir = three_versions();
    build_ok(dir.path());
    let out = dir.path().join("public");
    let inode = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
    let (v1, current) = (inode("versions/1/report/index.html"), inode("report/index.html"));
    let marker = std::fs::read_to_string(out.join(".consult-output")).unwrap();
    assert!(marker.contains("versions/1/ ") && marker.contains("versions/3/ "), "{marker}");
    let before = snapshot(&out);
    build_ok(dir.path());
    assert_eq!(inode("versions/1/report/index.html"), v1, "an unchanged archived page was written again");
    assert_eq!(inode("report/index.html"), current, "an unchanged current page was written again");
    assert_eq!(snapshot(&out), before);
    // A page changed by hand in the output is written again, not kept.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let edited = out.join("versions/1/report/index.html");
    std::fs::write(&edited, "edited by hand").unwrap();
    build_ok(dir.path());
    assert_eq!(snapshot(&out), before, "a page edited by hand in the output was kept");
    // So is a file added by hand to an archived folder of the output: it goes.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(out.join("versions/1/report/notes.html"), "mine").unwrap();
    build_ok(dir.path());
    assert_eq!(snapshot(&out), before, "a file added by hand to the output was kept");
    // A change of what an archived page shows (a new draft: its banner says so) writes it again.
    let report = std::fs::read_to_string(dir.path().join("content/report.md")).unwrap();
    write(dir.path(), "content/report.md", &format!("{report}\nA closing paragraph of the draft.\n"));
    let v1 = inode("versions/1/report/index.html");
    build_ok(dir.path());
    assert_ne!(inode("versions/1/report/index.html"), v1);
    assert!(page(dir.path(), "versions/3/report/index.html").contains("a working draft has changed since"));
}

#[test]
fn a_site_without_versions_has_no_version_marks() {
    let dir = site("consultation", None);
    build_ok(dir.path());
    let out = snapshot(&dir.path().join("public"));
    for (path, bytes) in &out {
        assert!(!String::from_utf8_lossy(bytes).contains("<!--consult:"), "{path} keeps a marker");
    }
    assert!(!out.contains_key("changelog/index.html"));
}

#[test]
fn a_kept_redline_page_follows_the_site_it_is_built_in() {
    let dir = three_versions();
    build_ok(dir.path());
    let cache = dir.path().join(".consult/cache");
    let kept = |ext: &str| {
        std::fs::read_dir(&cache).unwrap().filter(|e| e.as_ref().unwrap().path().extension().unwrap() == ext).count()
    };
    // Versions 2 and 3 against the one before: their redlines and their pages.
    assert_eq!((kept("redline"), kept("changes")), (2, 2));
    let site_yaml = std::fs::read_to_string(dir.path().join("content/site.yaml")).unwrap();
    write(dir.path(), "content/site.yaml", &site_yaml.replace("Fixture consultation", "Renamed consultation"));
    build_ok(dir.path());
    let html = page(dir.path(), "changes/2/index.html");
    assert!(html.contains("Renamed consultation") && !html.contains("Fixture consultation"), "a stale page was kept");
    let built = snapshot(&dir.path().join("public"));
    assert!(consult(dir.path(), &["build", "--no-cache"]).ok);
    assert_eq!(snapshot(&dir.path().join("public")), built, "a kept page differs from a fresh one");
    assert_eq!((kept("redline"), kept("changes")), (2, 2), "entries of the old title were kept");
}
