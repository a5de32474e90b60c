//! `consult publish`: what it freezes, every refusal, an interrupted
//! publish, and the tamper check on every build.

mod common;

use common::{build_ok, consult, page, site, snapshot, write};
use std::path::Path;

fn publish(root: &Path, args: &[&str]) -> common::Ran {
    let mut all = vec!["publish"];
    all.extend_from_slice(args);
    consult(root, &all)
}

fn publish_ok(root: &Path, args: &[&str]) {
    let ran = publish(root, args);
    assert!(ran.ok, "publish failed:\n{}", ran.stderr);
}

#[test]
fn publish_freezes_the_sources_with_a_release_file() {
    let dir = site("consultation", None);
    publish_ok(dir.path(), &["1", "--summary", "First draft", "--note", "The report", "--date", "2011-04-14"]);
    let v = dir.path().join("versions/1");
    let release = std::fs::read_to_string(v.join("release.yaml")).unwrap();
    assert!(
        release.contains("version: \"1\"\ndate: 2011-04-14\nsummary: \"First draft\"\nnotes:\n  - \"The report\"\n")
    );
    let report = std::fs::read(dir.path().join("content/report.md")).unwrap();
    assert_eq!(std::fs::read(v.join("content/report.md")).unwrap(), report);
    let digest = consult_digest(&report);
    assert!(release.contains(&format!("\"content/report.md\": {digest}")), "{release}");
    // Every frozen file is listed, and nothing else is in the folder.
    let frozen = snapshot(&v);
    assert_eq!(frozen.len() - 1, release.lines().filter(|l| l.starts_with("  \"")).count());
}

fn consult_digest(bytes: &[u8]) -> String {
    consult::load::versions::sha256(bytes)
}

#[test]
fn publish_refuses_bad_requests_and_changes_nothing() {
    let dir = site("consultation", None);
    publish_ok(dir.path(), &["1.9", "--summary", "First", "--date", "2011-04-14"]);
    let before = snapshot(dir.path());
    let cases: [(&[&str], &str); 6] = [
        (&["1.9", "--summary", "Again", "--allow-empty"], "version 1.9 is already published"),
        (&["1.8", "--summary", "Lower", "--allow-empty"], "version 1.8 is not greater than the latest version, 1.9"),
        (&["v2", "--summary", "Bad", "--allow-empty"], "`v2` is not a version number"),
        (&["2", "--summary", "  ", "--allow-empty"], "the summary is empty"),
        (&["2", "--summary", "Date", "--date", "2011-02-29", "--allow-empty"], "February 2011 has 28 days"),
        (&["2", "--summary", "Same"], "nothing changed since version 1.9"),
    ];
    for (args, message) in cases {
        let ran = publish(dir.path(), args);
        assert!(!ran.ok, "{args:?} was published");
        assert!(ran.stderr.contains(message), "{args:?}: expected {message:?} in\n{}", ran.stderr);
        assert!(ran.stderr.contains("nothing was published"), "{}", ran.stderr);
        assert_eq!(snapshot(dir.path()), before, "{args:?} changed the site folder");
    }
    // 1.10 is greater than 1.9: parts compare as numbers.
    publish_ok(dir.path(), &["1.10", "--summary", "Same again", "--allow-empty", "--date", "2011-04-15"]);
}

#[test]
fn publish_refuses_a_site_with_errors() {
    let dir = site("consultation", None);
    write(dir.path(), "content/report.md", "---\ntitle: R\n---\n\n1.1 See [[9.9]].\n");
    let ran = publish(dir.path(), &["1", "--summary", "Broken"]);
    assert!(!ran.ok);
    assert!(ran.stderr.contains("content/report.md:5:"), "{}", ran.stderr);
    assert!(!dir.path().join("versions").exists());
}

#[test]
fn a_publish_stopped_at_its_last_step_leaves_versions_as_it_was() {
    let dir = site("consultation", None);
    // Without versions/ at all: it must not be left behind.
    let before = snapshot(dir.path());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_consult"))
        .args(["publish", "1", "--summary", "Stopped", "--date", "2011-04-14"])
        .env(consult::commands::FAIL_AT_ENV, "rename")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("versions/ is as it was"));
    assert_eq!(snapshot(dir.path()), before);
    assert!(!dir.path().join("versions").exists());
    // With a version already there: versions/ stays byte-identical.
    publish_ok(dir.path(), &["1", "--summary", "First", "--date", "2011-04-14"]);
    write(dir.path(), "content/report.md", "---\ntitle: R\nkind: report\n---\n\n## 1. One\n\n1.1 Changed.\n");
    let versions = snapshot(&dir.path().join("versions"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_consult"))
        .args(["publish", "2", "--summary", "Stopped", "--date", "2011-04-15"])
        .env(consult::commands::FAIL_AT_ENV, "rename")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(snapshot(&dir.path().join("versions")), versions);
    assert_eq!(std::fs::read_dir(dir.path().join("versions")).unwrap().count(), 1, "a temporary folder was left");
}

fn tampered(change: impl FnOnce(&Path), message: &str) {
    let dir = site("consultation", None);
    publish_ok(dir.path(), &["1", "--summary", "First", "--date", "2011-04-14"]);
    build_ok(dir.path());
    let public = snapshot(&dir.path().join("public"));
    change(&dir.path().join("versions/1"));
    let ran = consult(dir.path(), &["build"]);
    assert!(!ran.ok, "a tampered version built");
    assert!(ran.stderr.contains(message), "expected {message:?} in\n{}", ran.stderr);
    assert!(ran.stderr.contains("nothing was written"));
    assert_eq!(snapshot(&dir.path().join("public")), public, "the output changed");
}

#[test]
fn a_changed_frozen_file_fails_the_build() {
    tampered(
        |v| write(v, "content/report.md", "---\ntitle: Quietly edited\n---\n"),
        "versions/1/content/report.md: error: version 1: this file was changed after the version was published",
    );
}

#[test]
fn a_frozen_files_digest_is_kept_only_while_the_file_is_untouched() {
    let dir = site("consultation", None);
    publish_ok(dir.path(), &["1", "--summary", "First", "--date", "2011-04-14"]);
    let stamps = dir.path().join(".consult/cache/digests");
    // `check` writes nothing; a file changed within two seconds is not recorded.
    assert!(consult(dir.path(), &["check"]).ok);
    assert!(!stamps.exists(), "check wrote the digests");
    build_ok(dir.path());
    assert!(!std::fs::read_to_string(&stamps).unwrap_or_default().contains("report.md"), "a fresh file was recorded");
    std::thread::sleep(std::time::Duration::from_millis(2200));
    build_ok(dir.path());
    let kept = std::fs::read_to_string(&stamps).unwrap();
    assert!(kept.contains("\tversions/1/content/report.md\n"), "{kept}");
    // The same length, the modified time set back: the change time still moved.
    let report = dir.path().join("versions/1/content/report.md");
    let (text, modified) = (std::fs::read_to_string(&report).unwrap(), std::fs::metadata(&report).unwrap().modified());
    let edited: String = text.chars().map(|c| if c == 'a' { 'e' } else { c }).collect();
    assert_eq!(edited.len(), text.len());
    std::fs::write(&report, edited).unwrap();
    std::fs::File::options().write(true).open(&report).unwrap().set_modified(modified.unwrap()).unwrap();
    let ran = consult(dir.path(), &["build"]);
    assert!(!ran.ok, "a tampered version built");
    let message =
        "versions/1/content/report.md: error: version 1: this file was changed after the version was published";
    assert!(ran.stderr.contains(message), "{}", ran.stderr);
}

#[test]
fn a_current_files_digest_is_kept_only_while_it_is_untouched_so_an_edit_always_makes_a_draft() {
    let dir = site("consultation", None);
    publish_ok(dir.path(), &["1", "--summary", "First", "--date", "2011-04-14"]);
    let stamps = dir.path().join(".consult/cache/digests");
    let published = "Version 1, published";
    let draft = "Working draft, changed since version 1";
    build_ok(dir.path());
    assert!(!std::fs::read_to_string(&stamps).unwrap_or_default().contains("\tcontent/"), "a fresh file was recorded");
    std::thread::sleep(std::time::Duration::from_millis(2200));
    build_ok(dir.path());
    assert!(std::fs::read_to_string(&stamps).unwrap().contains("\tcontent/report.md\n"));
    assert!(page(dir.path(), "index.html").contains(published));
    // The same length, the modified time set back: the change time still moved.
    let report = dir.path().join("content/report.md");
    let (text, modified) = (std::fs::read_to_string(&report).unwrap(), std::fs::metadata(&report).unwrap().modified());
    let edited = text.replace("The first paragraph.", "The final paragraph.");
    assert_ne!(edited, text);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&report, &edited).unwrap();
    std::fs::File::options().write(true).open(&report).unwrap().set_modified(modified.unwrap()).unwrap();
    build_ok(dir.path());
    assert!(page(dir.path(), "index.html").contains(draft));
    // Put back as published, it is the version again.
    std::fs::write(&report, &text).unwrap();
    build_ok(dir.path());
    assert!(page(dir.path(), "index.html").contains(published));
}

#[test]
fn an_added_frozen_file_fails_the_build() {
    tampered(
        |v| write(v, "content/appendix-9.md", "---\ntitle: Slipped in\n---\n"),
        "versions/1/content/appendix-9.md: error: version 1: this file was added after the version was published",
    );
}

#[test]
fn a_removed_frozen_file_fails_the_build() {
    tampered(
        |v| std::fs::remove_file(v.join("content/data/stakeholders.yaml")).unwrap(),
        "versions/1/content/data/stakeholders.yaml: error: version 1: this file was removed after the version was published",
    );
}

#[test]
fn a_file_a_version_leaves_unchanged_is_one_file_on_disk_and_a_change_to_it_names_both_versions() {
    use std::os::unix::fs::MetadataExt;
    let dir = site("consultation", None);
    publish_ok(dir.path(), &["1", "--summary", "First", "--date", "2011-04-14"]);
    let report = std::fs::read_to_string(dir.path().join("content/report.md")).unwrap();
    write(dir.path(), "content/report.md", &format!("{report}\nA paragraph added for the second version.\n"));
    publish_ok(dir.path(), &["2", "--summary", "Second", "--date", "2011-04-20"]);
    let ino = |rel: &str| std::fs::metadata(dir.path().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")).ino();
    let same = "content/data/stakeholders.yaml";
    let working = dir.path().join(same);
    assert_eq!(ino(&format!("versions/1/{same}")), ino(&format!("versions/2/{same}")), "not linked");
    assert_ne!(ino("versions/1/content/report.md"), ino("versions/2/content/report.md"));
    // Never linked to the working copy, which the facilitator edits in place.
    assert_ne!(ino(same), ino(&format!("versions/2/{same}")));
    assert_eq!(std::fs::metadata(working).unwrap().nlink(), 1);
    build_ok(dir.path());
    // An edit through either name changes both versions, and the build says so for each.
    let path = dir.path().join(format!("versions/2/{same}"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("name:", "name: ", 1)).unwrap();
    let ran = consult(dir.path(), &["build"]);
    assert!(!ran.ok, "a tampered version built");
    for v in ["1", "2"] {
        let message =
            format!("versions/{v}/{same}: error: version {v}: this file was changed after the version was published");
        assert!(ran.stderr.contains(&message), "expected {message:?} in\n{}", ran.stderr);
    }
}
