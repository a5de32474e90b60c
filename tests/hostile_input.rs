//! Hostile and careless input: files that would make the same page, editors'
//! leftovers, output folders inside content/, a user's file in the way of a
//! generated one, and ids that collide. Each case once reproduced a bug.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// `check` on `root`: fails, and returns the error text.
fn check_fails(root: &Path) -> String {
    let ran = consult(root, &["check"]);
    assert!(!ran.ok, "check should fail:\n{}", ran.stderr);
    ran.stderr
}

/// Every `id="…"` of a page that is used more than once.
fn repeated_ids(html: &str) -> Vec<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for part in html.split(" id=\"").skip(1) {
        *seen.entry(part.split('"').next().unwrap_or("")).or_default() += 1;
    }
    seen.into_iter().filter(|(_, n)| *n > 1).map(|(id, _)| id.to_string()).collect()
}

// Sources.

#[test]
fn two_files_for_the_same_page_are_an_error_naming_both() {
    // `report.md.md` once silently replaced `report.md` in the site.
    let site = site("consultation", None);
    write(site.path(), "content/report.md.md", "---\ntitle: Stray copy\n---\n");
    write(site.path(), "content/Appendix-1.md", "---\ntitle: Stray copy\n---\n");
    write(site.path(), "content/meetings/2011-05-11-workshop.md.md", "---\ntitle: Stray\n---\n");
    let stderr = check_fails(site.path());
    insta::assert_snapshot!("same-page", stderr);
}

#[test]
fn editor_leftovers_and_dot_files_are_never_read_or_published() {
    // `report.md~`, `#report.md#`, `report.md.orig`, `site.yaml.bak` were published as they were.
    let site = site("minimal", None);
    let junk = "---\nnot: [valid\n";
    for name in [
        "report.md~",
        "#report.md#",
        ".#report.md",
        "report.md.orig",
        "site.yaml.bak",
        ".report.md.swp",
        ".report.md.swx",
        "notes.tmp",
        ".DS_Store",
        ".drafts/secret.md",
        "files/.hidden.pdf",
    ] {
        write(site.path(), &format!("content/{name}"), junk);
    }
    write(site.path(), "content/files/plan.pdf", "a plan");
    build_ok(site.path());
    let out = snapshot(&site.path().join("public"));
    let published: Vec<&String> = out.keys().filter(|p| !p.ends_with(".html") && !p.starts_with("assets/")).collect();
    assert_eq!(
        published,
        [".consult-output", "consultation.json", "consultation.schema.json", "files/plan.pdf", "search/index.js"]
    );
}

#[test]
fn an_extension_in_the_wrong_case_is_refused_not_copied_raw() {
    // `notes.MD` was copied into the site as it was, front matter and all.
    let site = site("consultation", None);
    write(site.path(), "content/notes.MD", "---\ntitle: Notes\n---\n");
    write(site.path(), "content/data/stakeholders.Yaml", "- id: x\n");
    let stderr = check_fails(site.path());
    insta::assert_snapshot!("miscased-extension", stderr);
}

#[test]
fn an_output_folder_inside_content_is_never_read_back() {
    // An output inside content/ was read by the next build: 32 → 64 → 96 files.
    let site = site("minimal", None);
    build_ok(site.path());
    let first = snapshot(&site.path().join("public"));
    copy_dir(&site.path().join("public"), &site.path().join("content/old-output"));
    write(site.path(), "content/old-output/.consult-output", "");
    build_ok(site.path());
    assert_eq!(snapshot(&site.path().join("public")).len(), first.len());
    assert!(!site.path().join("public/old-output").exists());
}

#[test]
fn a_users_file_in_the_way_of_a_generated_one_is_an_error() {
    // A user's own content/sitemap.xml was silently overwritten.
    let site = site("minimal", None);
    write(site.path(), "content/site.yaml", "title: Minimal\nbase_url: https://example.org/c/\n");
    for name in ["sitemap.xml", "404.html", "assets/style.css", "report/index.html", "appendix-1"] {
        write(site.path(), &format!("content/{name}"), "mine");
    }
    let stderr = check_fails(site.path());
    insta::assert_snapshot!("generated-file-in-the-way", stderr);
}

#[test]
fn symlinked_site_yaml_is_followed_inside_and_outside_the_site() {
    // A symlinked site.yaml was called "missing".
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "site.yaml", "title: Linked from outside\n");
    let site = site("minimal", None);
    std::fs::remove_file(site.path().join("content/site.yaml")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("site.yaml"), site.path().join("content/site.yaml")).unwrap();
    build_ok(site.path());
    assert!(page(site.path(), "index.html").contains("Linked from outside"));

    write(site.path(), "shared/site.yaml", "title: Linked from inside\n");
    std::fs::remove_file(site.path().join("content/site.yaml")).unwrap();
    std::os::unix::fs::symlink("../shared/site.yaml", site.path().join("content/site.yaml")).unwrap();
    build_ok(site.path());
    assert!(page(site.path(), "index.html").contains("Linked from inside"));
}

#[test]
fn a_data_file_that_is_a_folder_is_named_in_one_error() {
    let site = site("minimal", None);
    write(site.path(), "content/data/stakeholders.yaml/people.yaml", "- id: x\n");
    let stderr = check_fails(site.path());
    insta::assert_snapshot!("data-file-is-a-folder", stderr);
}

#[test]
fn a_site_folder_that_does_not_exist_is_called_so() {
    let dir = tempfile::tempdir().unwrap();
    let stderr = check_fails_args(dir.path(), &["check", "--root", "nonexistent"]);
    assert_eq!(stderr.lines().next().unwrap(), "error: the site folder nonexistent does not exist");
}

fn check_fails_args(cwd: &Path, args: &[&str]) -> String {
    let ran = consult(cwd, args);
    assert!(!ran.ok, "should fail:\n{}", ran.stderr);
    ran.stderr
}

// Ids.

#[test]
fn an_explicit_id_may_not_take_a_generated_one_or_repeat_another() {
    // `{#section-2}` took section 2's id, so citations landed on the wrong heading.
    let site = site("minimal", None);
    write(
        site.path(),
        "content/appendix-1.md",
        "---\ntitle: A work stream\nkind: appendix\n---\n\n## Notes {#section-2}\n\n## More {#para-1.1}\n\n\
         ## Background {#background}\n\n## Again {#background}\n\n## Notes {#fn-1}\n\n## Skip {#main}\n\n## Main\n\n1.1 One.\n",
    );
    let stderr = check_fails(site.path());
    insta::assert_snapshot!("explicit-ids", stderr);
    // A heading whose words give the id of the page's own `main` gives way.
    write(site.path(), "content/appendix-1.md", "---\ntitle: A work stream\n---\n\n## Main\n\n1.1 One.\n");
    build_ok(site.path());
    assert!(page(site.path(), "appendix-1/index.html").contains("<h2 id=\"main-2\">Main</h2>"));
}

#[test]
fn every_id_in_every_page_is_unique() {
    let site = site("minimal", None);
    write(
        site.path(),
        "content/appendix-1.md",
        "---\ntitle: A work stream\nkind: appendix\n---\n\n## Section 1\n\n## 1. Real section\n\n1.1 One[^13] and \
         again[^13], and a named note[^a note].\n\n## 13\n\n## Section 1\n\n[^13]: The note.\n\n[^a note]: Another.\n",
    );
    build_ok(site.path());
    let html = page(site.path(), "appendix-1/index.html");
    assert_eq!(repeated_ids(&html), Vec::<String>::new());
    assert!(html.contains("id=\"section-1\""), "{html}");
    assert!(html.contains("id=\"heading-section-1\""), "{html}");
    assert!(html.contains("id=\"heading-section-1-2\""), "{html}");
    assert!(html.contains("id=\"fnref-13\"><a href=\"#fn-13\""), "{html}");
    assert!(html.contains("id=\"fnref-13-2\""), "{html}");
    assert!(html.contains("id=\"fn-13\""), "{html}");
    assert!(html.contains("href=\"#fnref-13\""), "the note links back: {html}");
    assert!(html.contains("id=\"fn-a-note\""), "{html}");
    // A heading that is only a number numbers the paragraph after it; here none follows.
    assert!(!html.contains("id=\"13\""), "{html}");
}

#[test]
fn the_example_site_has_no_repeated_ids() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    build_ok(dir.path());
    for (path, bytes) in snapshot(&dir.path().join("public")) {
        if path.ends_with(".html") {
            let repeated = repeated_ids(&String::from_utf8(bytes).unwrap());
            assert!(repeated.is_empty(), "{path}: {repeated:?}");
        }
    }
}
