//! The output folder: what `--out` may replace, and that nothing of the
//! user's is ever changed, moved or hidden. Each refusal compares the bytes
//! of every file in the whole temporary folder before and after the run.

mod common;
use common::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A minimal site at `<tmp>/grand/site`, with a `.git` of its own, so a
/// wrong `--out` has something to eat at every level.
fn world() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("grand/site");
    copy_dir(&repo().join("tests/sites/minimal"), &site);
    write(&site, ".git/HEAD", "ref: refs/heads/main\n");
    write(&site, "themes/default/templates/footer.html", "<p>mine</p>\n");
    write(tmp.path(), "grand/notes.txt", "the user's notes\n");
    (tmp, site)
}

/// Runs `consult args` in `cwd`, asserts it failed and that no file under
/// `tmp` changed; returns the error text.
fn refused(tmp: &Path, cwd: &Path, args: &[&str]) -> String {
    let before = snapshot(tmp);
    let ran = consult(cwd, args);
    assert!(!ran.ok, "{args:?} should be refused:\n{}", ran.stderr);
    assert_eq!(snapshot(tmp), before, "{args:?} changed files");
    ran.stderr
}

macro_rules! refuses {
    ($($name:ident: $args:expr;)*) => {$(
        #[test]
        fn $name() {
            let (tmp, site) = world();
            let stderr = refused(tmp.path(), &site, &$args);
            insta::assert_snapshot!(stringify!($name), stderr);
        }
    )*};
}

refuses! {
    out_content: ["build", "--out", "content"];
    out_themes: ["build", "--out", "themes"];
    out_inside_content: ["build", "--out", "content/data"];
    out_git: ["build", "--out", ".git"];
    out_versions: ["build", "--out", "versions"];
    out_site_itself: ["build", "--out", "."];
    out_grandparent: ["build", "--out", "../.."];
    out_parent_by_dots: ["build", "--out", "content/../.."];
    out_foreign_folder: ["build", "--out", ".."];
    force_never_takes_content: ["build", "--force", "--out", "content"];
    force_never_takes_the_site: ["build", "--force", "--out", "../site"];
}

#[test]
fn a_folder_that_is_not_consults_is_refused_unless_forced() {
    let (tmp, site) = world();
    write(tmp.path(), "docs/letter.txt", "dear all\n");
    let stderr = refused(tmp.path(), &site, &["build", "--out", "../../docs"]);
    insta::assert_snapshot!("foreign_folder", stderr);
    let ran = consult(&site, &["build", "--force", "--out", "../../docs"]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(!tmp.path().join("docs/letter.txt").exists());
    assert!(tmp.path().join("docs/report/index.html").exists());
    assert!(tmp.path().join("docs/.consult-output").exists());
}

#[test]
fn a_symlinked_site_folder_is_still_the_site() {
    let (tmp, site) = world();
    std::os::unix::fs::symlink(&site, tmp.path().join("link")).unwrap();
    for out in ["link", "grand/site", "link/..", "grand", "link/content"] {
        let stderr = refused(tmp.path(), tmp.path(), &["build", "--root", "link", "--out", out]);
        assert!(stderr.contains("refusing to write the site to"), "{out}: {stderr}");
    }
    // And the other way round: the real folder as root, the link as output.
    let stderr = refused(tmp.path(), tmp.path(), &["build", "--root", "grand/site", "--out", "link"]);
    assert!(stderr.contains("it is the site folder itself"), "{stderr}");
}

#[test]
fn a_file_is_refused_and_left_alone() {
    let (tmp, site) = world();
    write(&site, "notes.txt", "notes\n");
    let stderr = refused(tmp.path(), &site, &["build", "--out", "notes.txt"]);
    insta::assert_snapshot!("out_file", stderr);
    let stderr = refused(tmp.path(), &site, &["build", "--force", "--out", "notes.txt"]);
    assert!(stderr.contains("it is a file"), "{stderr}");
}

#[test]
fn a_missing_or_empty_folder_is_filled_and_consults_own_is_replaced() {
    let (tmp, site) = world();
    fs::create_dir(tmp.path().join("empty")).unwrap();
    for out in ["../../empty", "../../new/deep/out"] {
        let ran = consult(&site, &["build", "--out", out]);
        assert!(ran.ok, "{out}: {}", ran.stderr);
        assert!(site.join(out).join("report/index.html").exists());
        assert!(site.join(out).join(".consult-output").exists());
    }
    // consult's own output is replaced whole: a stray file in it goes.
    write(&tmp.path().join("empty"), "stale.html", "old");
    let ran = consult(&site, &["build", "--out", "../../empty"]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(!tmp.path().join("empty/stale.html").exists());
    assert_eq!(leftovers(tmp.path()), Vec::<String>::new());
}

#[test]
fn unchanged_files_are_taken_from_the_last_output_and_every_other_file_is_written() {
    use std::os::unix::fs::MetadataExt;
    let (tmp, site) = world();
    assert!(consult(&site, &["build"]).ok);
    let out = site.join("public");
    let inode = |rel: &str| fs::metadata(out.join(rel)).unwrap().ino();
    let (report, appendix, not_found) = (inode("report/index.html"), inode("appendix-1/index.html"), inode("404.html"));
    let report_bytes = fs::read(out.join("report/index.html")).unwrap();
    // A file changed by hand in the output, and one linked from outside it.
    fs::write(out.join("404.html"), "edited by hand").unwrap();
    let outside = tmp.path().join("grand/linked.html");
    fs::hard_link(out.join("report/index.html"), &outside).unwrap();
    let linked = fs::read(&outside).unwrap();
    let appendix_md = fs::read_to_string(site.join("content/appendix-1.md")).unwrap();
    write(&site, "content/appendix-1.md", &appendix_md.replace("The appendix paragraph", "The reworded paragraph"));

    let ran = consult(&site, &["build"]);
    assert!(ran.ok, "{}", ran.stderr);
    assert!(consult(&site, &["build", "--out", "fresh"]).ok);
    assert_eq!(snapshot(&out), snapshot(&site.join("fresh")), "the output differs from a fresh build");
    assert!(page(&site, "appendix-1/index.html").contains("The reworded paragraph"));
    assert_ne!(inode("appendix-1/index.html"), appendix, "a changed page was not written");
    assert_ne!(inode("404.html"), not_found, "a file edited by hand was kept");
    // The report's page did not change, but a file linked from outside is never shared.
    assert_eq!(fs::read(out.join("report/index.html")).unwrap(), report_bytes);
    assert_ne!(inode("report/index.html"), report);
    assert_eq!(fs::read(&outside).unwrap(), linked);
    assert_eq!(fs::metadata(&outside).unwrap().nlink(), 1);
    // Unlinked, the unchanged page is taken as it is the next time.
    let report = inode("report/index.html");
    let css = inode("assets/style.css");
    assert!(consult(&site, &["build"]).ok);
    assert_eq!((inode("report/index.html"), inode("assets/style.css")), (report, css));
    assert_eq!(snapshot(&out), snapshot(&site.join("fresh")));
}

#[test]
fn a_symlinked_output_keeps_its_link_and_the_site_goes_where_it_points() {
    let (tmp, site) = world();
    let www = tmp.path().join("www");
    write(&www, "other-site.txt", "not ours\n");
    fs::create_dir(www.join("html")).unwrap();
    std::os::unix::fs::symlink(www.join("html"), site.join("public")).unwrap();
    for _ in 0..2 {
        build_ok(&site);
        assert!(fs::symlink_metadata(site.join("public")).unwrap().file_type().is_symlink());
        assert!(www.join("html/report/index.html").exists());
        assert_eq!(fs::read_to_string(www.join("other-site.txt")).unwrap(), "not ours\n");
    }
    assert_eq!(leftovers(&www), Vec::<String>::new());
    // A link to somewhere that does not exist yet: the folder is made there.
    fs::remove_file(site.join("public")).unwrap();
    std::os::unix::fs::symlink(www.join("later"), site.join("public")).unwrap();
    build_ok(&site);
    assert!(www.join("later/index.html").exists());
}

#[test]
fn a_folder_whose_parent_is_not_writable_is_built_in_place() {
    let (tmp, site) = world();
    let var = tmp.path().join("var");
    fs::create_dir_all(var.join("html")).unwrap();
    let _guard = ReadOnly::new(&var);
    for round in 0..2 {
        let ran = consult(&site, &["build", "--out", var.join("html").to_str().unwrap()]);
        assert!(ran.ok, "round {round}: {}", ran.stderr);
        assert!(var.join("html/report/index.html").exists());
        let mut names: Vec<_> = fs::read_dir(var.join("html")).unwrap().map(|e| e.unwrap().file_name()).collect();
        names.sort();
        assert!(names.iter().all(|n| !n.to_string_lossy().starts_with(".consult-new")), "{names:?}");
        assert!(names.iter().all(|n| !n.to_string_lossy().starts_with(".consult-old")), "{names:?}");
    }
    // A folder that is not there yet cannot be made: the message names the
    // folder that needs the permission.
    let ran = consult(&site, &["build", "--out", var.join("new").to_str().unwrap()]);
    assert!(!ran.ok);
    assert!(ran.stderr.contains(&format!("give this user write permission on {}", var.display())), "{}", ran.stderr);
}

#[test]
fn leftovers_of_interrupted_runs_are_removed_and_nothing_else() {
    let (tmp, site) = world();
    build_ok(&site);
    write(&site, ".public.consult-new-999999/.consult-output", "");
    write(&site, ".public.consult-new-999999/index.html", "half");
    write(&site, ".public.consult-old-12/.consult-output", "");
    write(&site, ".public.consult-new-7/mine.txt", "not consult's: no marker");
    build_ok(&site);
    assert_eq!(leftovers(&site), vec![".public.consult-new-7".to_string()]);
    drop(tmp);
}

#[test]
fn a_second_build_waits_for_the_lock() {
    let (_tmp, site) = world();
    // `flock` (util-linux) holds the same lock a build takes: the folder the output lives in.
    let mut holder = Command::new("flock")
        .args(["--exclusive", site.to_str().unwrap(), "-c", "echo held; sleep 1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("flock from util-linux");
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(holder.stdout.take().unwrap()), &mut line).unwrap();
    assert_eq!(line, "held\n");
    let started = Instant::now();
    let ran = build_ok(&site);
    assert!(ran.stderr.contains("waiting: another consult run is writing into"), "{}", ran.stderr);
    assert!(started.elapsed() >= Duration::from_millis(500), "the build did not wait");
    holder.wait().unwrap();
}

#[test]
fn an_error_found_after_the_first_pages_were_written_leaves_the_old_output_and_no_temporary_folder() {
    // A build writes the documents' pages before it makes the print page;
    // a file of the user's where the print page goes is found only then.
    let (tmp, site) = world();
    build_ok(&site);
    write(&site, "content/print/index.html", "<p>my own print page</p>\n");
    let before = snapshot(tmp.path());
    let ran = consult(&site, &["build"]);
    assert!(!ran.ok, "the clash was not found:\n{}", ran.stderr);
    assert!(ran.stderr.contains("`print/index.html` is a file the site makes itself"), "{}", ran.stderr);
    assert_eq!(snapshot(tmp.path()), before, "a failed build changed files");
    assert_eq!(leftovers(&site), Vec::<String>::new());
    // Into a folder that is not there yet, nothing is made at all.
    let ran = consult(&site, &["build", "--out", "../new/out"]);
    assert!(!ran.ok);
    assert_eq!(snapshot(tmp.path()), before);
    assert!(!tmp.path().join("grand/new").exists(), "a failed build made a folder");
}

#[test]
fn a_killed_build_leaves_the_old_output_and_the_next_run_cleans_up() {
    let (tmp, site) = big_site();
    build_ok(&site);
    let before = snapshot(&site.join("public"));
    write(&site, "content/doc-0001.md", "---\ntitle: Changed\n---\n\n1.1 Changed.\n");
    let mut caught = 0;
    for _ in 0..20 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_consult"))
            .arg("build")
            .current_dir(&site)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if wait_for_staging(&site, &mut child) {
            child.kill().unwrap(); // SIGKILL
            caught += 1;
        }
        child.wait().unwrap();
        assert_eq!(snapshot(&site.join("public")), before, "the old output changed");
        if caught >= 3 {
            break;
        }
    }
    assert!(caught > 0, "no build was caught while writing");
    assert!(!leftovers(&site).is_empty(), "the killed build left nothing to clean up?");
    build_ok(&site);
    assert_eq!(leftovers(&site), Vec::<String>::new());
    assert!(page(&site, "doc-0001/index.html").contains("Changed."));
    drop(tmp);
}

#[test]
fn ctrl_c_while_writing_leaves_the_old_output_and_no_temporary_folder() {
    let (tmp, site) = big_site();
    build_ok(&site);
    let before = snapshot(&site.join("public"));
    write(&site, "content/doc-0001.md", "---\ntitle: Changed\n---\n\n1.1 Changed.\n");
    let mut caught = false;
    for _ in 0..20 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_consult"))
            .arg("build")
            .current_dir(&site)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        if wait_for_staging(&site, &mut child) {
            Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if out.status.code() == Some(130) {
                assert!(stderr.contains("interrupted before the new site was complete"), "{stderr}");
                caught = true;
                assert_eq!(snapshot(&site.join("public")), before, "the old output changed");
                assert_eq!(leftovers(&site), Vec::<String>::new());
                break;
            }
        } else {
            child.wait().unwrap();
        }
        build_ok(&site);
        write(&site, "content/doc-0001.md", "---\ntitle: Changed\n---\n\n1.1 Changed again.\n");
    }
    assert!(caught, "no build was interrupted while writing");
    drop(tmp);
}

#[test]
fn a_closed_or_full_stderr_is_not_a_panic() {
    let site = site("minimal", None);
    // A pipe whose reader has gone, as with `consult check 2>&1 | head -1`.
    write(site.path(), "content/report.md", "---\ntitle: R\nbad: 1\nworse: 2\n---\n\n1.1 Text.\n");
    let mut child = Command::new(env!("CARGO_BIN_EXE_consult"))
        .arg("check")
        .current_dir(site.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
    let site = common::site("minimal", None);
    let full = fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_consult"))
        .arg("build")
        .current_dir(site.path())
        .stderr(full)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_site_folder_without_root_gets_a_hint() {
    let site = site("minimal", None);
    let ran = consult(site.path(), &["build", "my-site"]);
    assert!(!ran.ok);
    insta::assert_snapshot!("positional_folder", ran.stderr);
}

/// Names in `dir` that look like consult's temporary folders.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("consult-new") || n.contains("consult-old"))
        .collect();
    v.sort();
    v
}

/// A site big enough that writing it takes long enough to be caught.
fn big_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("tests/sites/minimal"), &site);
    let para = "Voluntary sector organisations were asked what support they need. ".repeat(6);
    for d in 0..600 {
        let mut text = format!("---\ntitle: Document {d}\n---\n\n");
        for p in 1..=20 {
            text.push_str(&format!("1.{p} {para}\n\n"));
        }
        write(&site, &format!("content/doc-{d:04}.md"), &text);
    }
    (tmp, site)
}

/// Waits (bounded) until `child`'s temporary output folder appears beside
/// `public/`; false when the build ended first.
fn wait_for_staging(site: &Path, child: &mut std::process::Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let staging = site.join(format!(".public.consult-new-{}", child.id()));
        if staging.join("index.html").exists() || staging.join("doc-0000").exists() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    false
}

/// Makes a folder unwritable for the test's length: `chattr +i` when the
/// test runs as root (root ignores permission bits), `chmod 555` otherwise.
struct ReadOnly(PathBuf, bool);

impl ReadOnly {
    fn new(dir: &Path) -> ReadOnly {
        let root = Command::new("id").arg("-u").output().map(|o| o.stdout == b"0\n").unwrap_or(false);
        let ok = if root {
            Command::new("chattr").arg("+i").arg(dir).status().map(|s| s.success()).unwrap_or(false)
        } else {
            Command::new("chmod").arg("555").arg(dir).status().map(|s| s.success()).unwrap_or(false)
        };
        assert!(ok, "cannot make {} read-only", dir.display());
        assert!(fs::write(dir.join("probe"), "").is_err(), "{} is still writable", dir.display());
        ReadOnly(dir.to_path_buf(), root)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        let _ = if self.1 {
            Command::new("chattr").arg("-i").arg(&self.0).status()
        } else {
            Command::new("chmod").arg("755").arg(&self.0).status()
        };
    }
}
