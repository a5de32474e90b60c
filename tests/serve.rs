//! `consult serve` as a user runs it: the real binary on an ephemeral port on
//! 127.0.0.1, fetched over HTTP while the site's files are edited.

mod common;
use common::preview::{Got, Preview, LIMIT};
use common::*;
use std::time::{Duration, Instant};

/// A document with a marker, in the minimal fixture's report shape.
fn report(marker: &str) -> String {
    format!(
        "---\ntitle: The report\nshort_title: Report\nkind: report\n---\n\n## 1. Introduction\n\n1.1 {marker}.\n\n\
         1.2 The second paragraph cites [[1.1]] and [[appendix-1#1.1]].\n\n## 2. Findings\n\n2.1 A finding.\n\n\
         2.1.1 A detail of the finding.\n"
    )
}

/// Waits until `/report/` shows `marker`, then a little longer, and returns
/// how many rebuilds the server ran.
fn served_and_settled(preview: &Preview, marker: &str) -> usize {
    preview.until("/report/", marker, |g| g.status == 200 && g.body.contains(marker));
    std::thread::sleep(Duration::from_millis(300));
    preview.rebuilds()
}

#[test]
fn pages_are_served_with_the_reload_script_which_built_sites_do_not_have() {
    let site = site("minimal", None);
    let preview = Preview::start(site.path(), &[]);
    let home = preview.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(home.header("content-type").as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("cache-control").as_deref(), Some("no-store"));
    assert!(home.build_tag().is_some(), "{}", home.body);
    let script = home.body.find("<script src=\"/__consult/reload.js\"").unwrap();
    assert!(script < home.body.find("</head>").unwrap());
    let report = preview.get("/report/");
    assert!(report.body.contains("The first paragraph."));

    let js = preview.get("/__consult/reload.js");
    assert_eq!((js.status, js.header("content-type").as_deref()), (200, Some("text/javascript; charset=utf-8")));
    assert!(js.body.contains("/__consult/wait?build="));

    let head = preview.raw(b"HEAD /report/ HTTP/1.1");
    assert_eq!(head.status, 200);
    assert!(head.bytes.is_empty());
    assert_eq!(head.header("content-length"), report.header("content-length"));

    build_ok(site.path());
    for (path, bytes) in snapshot(&site.path().join("public")) {
        assert!(!String::from_utf8_lossy(&bytes).contains("__consult"), "{path} has the preview's script");
    }
}

#[test]
fn an_edit_answers_the_reload_endpoint_in_every_tab_and_serves_the_new_text() {
    let site = site("minimal", None);
    let preview = std::sync::Arc::new(Preview::start(site.path(), &[]));
    let tag = preview.get("/report/").build_tag().unwrap();
    assert_eq!(preview.wait_after("another-run-1"), tag, "a tag from another run answers at once");
    let tabs: Vec<_> = (0..3)
        .map(|_| {
            let (preview, tag) = (preview.clone(), tag.clone());
            std::thread::spawn(move || preview.wait_after(&tag))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    write(site.path(), "content/report.md", &report("Edited in place"));
    for tab in tabs {
        let next = tab.join().unwrap();
        assert_ne!(next, tag);
        assert!(started.elapsed() < LIMIT);
    }
    let page = preview.get("/report/");
    assert!(page.body.contains("Edited in place"), "{}", page.body);
    assert_ne!(page.build_tag().unwrap(), tag);
}

#[test]
fn every_save_style_is_seen_and_is_one_rebuild() {
    let site = site("minimal", None);
    let root = site.path();
    let file = root.join("content/report.md");
    let preview = Preview::start(root, &[]);
    let mut rebuilds = preview.rebuilds();

    // In place (VS Code, most editors): truncate and write.
    std::fs::write(&file, report("Saved in place")).unwrap();
    let now = served_and_settled(&preview, "Saved in place");
    assert_eq!(now, rebuilds + 1, "in place:\n{}", preview.stderr());
    rebuilds = now;

    // Write a temporary file, rename it over (gedit, many editors' "atomic save").
    let tmp = root.join("content/.goutputstream-A1B2C3");
    std::fs::write(&tmp, report("Saved by rename")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let now = served_and_settled(&preview, "Saved by rename");
    assert_eq!(now, rebuilds + 1, "rename:\n{}", preview.stderr());
    rebuilds = now;

    // Delete, then create.
    std::fs::remove_file(&file).unwrap();
    std::fs::write(&file, report("Saved by delete and create")).unwrap();
    let now = served_and_settled(&preview, "Saved by delete and create");
    assert_eq!(now, rebuilds + 1, "delete and create:\n{}", preview.stderr());
    rebuilds = now;

    // vim: its writability probe, the original renamed to a backup, a new file.
    std::fs::write(root.join("content/4913"), "").unwrap();
    std::fs::remove_file(root.join("content/4913")).unwrap();
    std::fs::rename(&file, root.join("content/report.md~")).unwrap();
    std::fs::write(&file, report("Saved as vim does")).unwrap();
    std::fs::remove_file(root.join("content/report.md~")).unwrap();
    let now = served_and_settled(&preview, "Saved as vim does");
    assert_eq!(now, rebuilds + 1, "vim:\n{}", preview.stderr());
    rebuilds = now;

    // sed -i: a temporary sedXXXXXX beside the file, renamed over it.
    let sed = std::process::Command::new("sed").args(["-i", "s/Saved as vim does/Saved by sed/"]).arg(&file).status();
    if sed.is_ok_and(|s| s.success()) {
        let now = served_and_settled(&preview, "Saved by sed");
        assert_eq!(now, rebuilds + 1, "sed -i:\n{}", preview.stderr());
        rebuilds = now;
    }

    // A swap file alone changes nothing.
    std::fs::write(root.join("content/.report.md.swp"), "swap").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(preview.rebuilds(), rebuilds, "{}", preview.stderr());
}

#[test]
fn a_broken_yaml_file_shows_the_error_page_until_it_is_fixed() {
    let site = site("consultation", None);
    let root = site.path();
    let preview = Preview::start(root, &[]);
    assert_eq!(preview.get("/stakeholders/").status, 200);
    let good = std::fs::read_to_string(root.join("content/data/stakeholders.yaml")).unwrap();
    write(root, "content/data/stakeholders.yaml", &good.replace("  kind: commissioner", "  kidn: commissioner"));

    let broken = preview.until("/report/", "the error page", |g| g.status == 500);
    assert!(
        broken
            .body
            .contains("<title>2 errors, the first in content/data/stakeholders.yaml:1:3 — consult preview</title>"),
        "{}",
        broken.body
    );
    assert!(broken.body.contains("content/data/stakeholders.yaml:3:3: error: unknown field &#39;kidn&#39;"));
    assert!(broken.body.contains("3 |   kidn: commissioner"), "the source line: {}", broken.body);
    assert!(broken.body.contains("= help: did you mean `kind`?"));
    assert!(broken.body.contains("<html lang=\"en\">"));
    assert!(broken.build_tag().is_some(), "the error page reloads itself");
    assert_eq!(preview.get("/stakeholders/macc/").status, 500, "every page is the error page");
    assert!(preview.said("content/data/stakeholders.yaml:3:3: error: unknown field 'kidn'"));

    write(root, "content/data/stakeholders.yaml", &good);
    let back = preview.until("/report/", "the page again", |g| g.status == 200);
    assert!(back.body.contains("The first paragraph."));
}

#[test]
fn warnings_show_in_a_bar_on_the_page() {
    let site = site("minimal", None);
    let preview = Preview::start(site.path(), &[]);
    assert!(!preview.get("/report/").body.contains("consult-serve-warnings"));
    write(site.path(), "content/report.md", &report("Gap ahead").replace("2.1 A finding.", "2.3 A finding."));
    let page = preview.until("/report/", "the warnings bar", |g| g.body.contains("consult-serve-warnings"));
    assert!(page.body.contains("content/report.md:"), "{}", page.body);
    assert!(page.body.contains(": warning: "));
    assert!(page.body.find("consult-serve-warnings").unwrap() < page.body.find("<main").unwrap());
}

#[test]
fn documents_added_and_deleted_appear_and_go() {
    let site = site("minimal", None);
    let root = site.path();
    let preview = Preview::start(root, &[]);
    assert_eq!(preview.get("/appendix-2/").status, 404);
    write(root, "content/appendix-2.md", "---\ntitle: A second work stream\nkind: appendix\n---\n\n1.1 New.\n");
    preview.until("/appendix-2/", "the new document", |g| g.status == 200 && g.body.contains("A second work stream"));
    assert!(preview.get("/").body.contains("A second work stream"));
    std::fs::remove_file(root.join("content/appendix-2.md")).unwrap();
    let gone = preview.until("/appendix-2/", "a 404", |g| g.status == 404);
    assert!(gone.body.contains("Page not found"), "the site's 404.html: {}", gone.body);
    assert!(!preview.get("/").body.contains("A second work stream"));
}

#[test]
fn no_traversal_form_reaches_a_file_outside_the_site() {
    let site = site("minimal", None);
    let root = site.path();
    write(root, "secret.txt", "TOP SECRET beside content");
    write(root, "content/files/doc.txt", "a site file");
    let preview = Preview::start(root, &[]);
    assert_eq!(preview.get("/files/doc.txt").status, 200);
    let forms: [&[u8]; 16] = [
        b"GET /../secret.txt HTTP/1.1",
        b"GET /files/../../secret.txt HTTP/1.1",
        b"GET /%2e%2e/secret.txt HTTP/1.1",
        b"GET /%2E%2E%2Fsecret.txt HTTP/1.1",
        b"GET /files%2f..%2f..%2fsecret.txt HTTP/1.1",
        b"GET /..%5csecret.txt HTTP/1.1",
        b"GET /files\\..\\..\\secret.txt HTTP/1.1",
        b"GET /secret.txt%00.html HTTP/1.1",
        b"GET /%c0%ae%c0%ae/secret.txt HTTP/1.1",
        b"GET /%c0%af..%c0%afsecret.txt HTTP/1.1",
        b"GET //secret.txt HTTP/1.1",
        b"GET /secret.txt HTTP/1.1",
        b"GET /content/files/doc.txt HTTP/1.1",
        b"GET /etc/passwd HTTP/1.1",
        b"GET C:\\secret.txt HTTP/1.1",
        b"GET /..%2f..%2f..%2f..%2fetc%2fpasswd HTTP/1.1",
    ];
    for form in forms {
        let got = preview.raw(form);
        let shown = String::from_utf8_lossy(form);
        assert!(got.status == 400 || got.status == 404, "{shown}: {}", got.status);
        assert!(!got.body.contains("TOP SECRET") && !got.body.contains("root:"), "{shown}");
        assert!(!got.body.contains("a site file") || form.starts_with(b"GET /files/"), "{shown}");
    }
    let absolute = format!("GET {} HTTP/1.1", root.join("secret.txt").display());
    assert!(matches!(preview.raw(absolute.as_bytes()).status, 400 | 404));
}

#[test]
fn missing_paths_folders_and_content_types() {
    let site = site("minimal", None);
    let root = site.path();
    for (name, bytes) in [
        ("plan.pdf", &b"%PDF-1.4"[..]),
        ("logo.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("photo.png", b"\x89PNG\r\n"),
        ("photo.jpg", b"\xff\xd8\xff"),
        ("anim.gif", b"GIF89a"),
        ("pic.webp", b"RIFF"),
        ("data.json", b"{}"),
        ("feed.xml", b"<feed/>"),
        ("font.woff2", b"wOF2"),
    ] {
        let p = root.join("content/files").join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    let preview = Preview::start(root, &[]);
    for (path, wanted) in [
        ("/files/plan.pdf", "application/pdf"),
        ("/files/logo.svg", "image/svg+xml"),
        ("/files/photo.png", "image/png"),
        ("/files/photo.jpg", "image/jpeg"),
        ("/files/anim.gif", "image/gif"),
        ("/files/pic.webp", "image/webp"),
        ("/files/data.json", "application/json"),
        ("/files/feed.xml", "application/xml; charset=utf-8"),
        ("/files/font.woff2", "font/woff2"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/assets/status.js", "text/javascript; charset=utf-8"),
        ("/report/index.html", "text/html; charset=utf-8"),
    ] {
        let got = preview.get(path);
        assert_eq!((got.status, got.header("content-type").as_deref()), (200, Some(wanted)), "{path}");
    }
    assert_eq!(preview.get("/files/photo.png").bytes, b"\x89PNG\r\n");
    let missing = preview.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));
    assert!(missing.body.contains("<head>\n<base href=\"/\">"), "links resolve from the root at any depth");
    assert!(missing.build_tag().is_some());
    let folder = preview.get("/report");
    assert_eq!((folder.status, folder.header("location").as_deref()), (301, Some("/report/")));
    assert_eq!(preview.raw(b"POST /report/ HTTP/1.1").status, 405);
}

/// The served copy of a page, without what the preview adds.
fn without_overlay(got: &Got) -> Vec<u8> {
    let body = &got.body;
    let Some(start) = body.find("<link rel=\"stylesheet\" href=\"/__consult/serve.css\">\n") else {
        return got.bytes.clone();
    };
    let end = body[start..].find("</script>\n").unwrap() + start + "</script>\n".len();
    format!("{}{}", &body[..start], &body[end..]).into_bytes()
}

#[test]
fn after_a_series_of_edits_every_served_file_is_what_a_fresh_build_makes() {
    let site = site("consultation", None);
    let root = site.path();
    let preview = Preview::start(root, &[]);
    let edits: [(&str, Option<String>); 8] = [
        ("content/report.md", Some(report("An edited first paragraph"))),
        ("content/appendix-2.md", Some("---\ntitle: Second\nkind: appendix\n---\n\n1.1 See [[report#1.1]].\n".into())),
        ("content/data/stakeholders.yaml", Some(
            std::fs::read_to_string(root.join("content/data/stakeholders.yaml")).unwrap().replace("The Council", "The City Council"),
        )),
        ("content/meetings/2011-05-11-workshop.md", None),
        ("content/site.yaml", Some(std::fs::read_to_string(root.join("content/site.yaml")).unwrap().replace("title:", "title: Renamed"))),
        ("themes/default/templates/404.html", Some(
            "{% extends \"base.html\" %}\n{% block content %}<h1>Nothing here (own theme)</h1>{% endblock content %}\n".into(),
        )),
        // Other documents cite it by its short title: their pages must change too.
        ("content/report.md", Some(report("An edited first paragraph").replace("short_title: Report", "short_title: Main report"))),
        ("content/appendix-1.md", Some(
            std::fs::read_to_string(root.join("content/appendix-1.md")).unwrap() + "\n1.2 Added at the end.\n",
        )),
    ];
    for (path, text) in &edits {
        let before = preview.get("/").build_tag().unwrap();
        match text {
            Some(t) => write(root, path, t),
            None => std::fs::remove_file(root.join(path)).unwrap(),
        }
        let after = preview.wait_after(&before);
        assert_ne!(after, before, "{path} changed nothing:\n{}", preview.stderr());
    }
    let home = preview.get("/");
    assert_eq!(home.status, 200, "{}\n{}", home.body, preview.stderr());

    let out = tempfile::tempdir().unwrap();
    let fresh = out.path().join("site");
    let ran = consult(root, &["build", "--out", fresh.to_str().unwrap()]);
    assert!(ran.ok, "{}", ran.stderr);
    let mut built = snapshot(&fresh);
    // The marker that tells `build` the folder is its own is a file on disk only.
    assert!(built.remove(".consult-output").is_some());
    assert!(built.len() > 10);
    for (path, bytes) in &built {
        let got = preview.get(&format!("/{path}"));
        assert_eq!(got.status, 200, "{path}");
        assert!(without_overlay(&got) == *bytes, "/{path} differs from the fresh build:\n{}", got.body);
    }
    assert!(!root.join("public").exists(), "serve wrote to disk");
}

#[test]
fn a_busy_port_is_said_and_the_next_one_taken() {
    let site = site("minimal", None);
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let preview = Preview::start(site.path(), &["--port", &port]);
    assert_ne!(preview.addr, format!("127.0.0.1:{port}"));
    assert!(preview.said(&format!("port {port} is in use")), "{}", preview.stderr());
    assert_eq!(preview.get("/").status, 200);
}

#[test]
fn another_bind_address_warns_that_others_can_reach_the_preview() {
    let site = site("minimal", None);
    let preview = Preview::start(site.path(), &["--bind", "0.0.0.0"]);
    assert!(preview.said("can be reached by other computers"), "{}", preview.stderr());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_it_cleanly() {
    let site = site("minimal", None);
    let mut preview = Preview::start(site.path(), &[]);
    let pid = preview.pid().to_string();
    assert!(std::process::Command::new("kill").args(["-INT", &pid]).status().unwrap().success());
    let status = preview.wait_exit(LIMIT).expect("stopped within the limit");
    assert!(status.success(), "{status:?}\n{}", preview.stderr());
    assert!(!site.path().join("public").exists());
}

#[cfg(target_os = "linux")]
#[test]
fn open_hands_the_address_to_the_browser() {
    use std::os::unix::fs::PermissionsExt;
    let site = site("minimal", None);
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let script = bin.path().join("xdg-open");
    std::fs::write(&script, format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let preview = Preview::start_with(site.path(), &["--open"], &[("PATH", path)]);
    let start = Instant::now();
    let read = || std::fs::read_to_string(&opened).unwrap_or_default();
    while !read().ends_with('\n') && start.elapsed() < LIMIT {
        std::thread::sleep(Duration::from_millis(20));
    }
    let url = read();
    assert_eq!(url.trim(), format!("http://{}/", preview.addr));
}

#[test]
fn a_folder_without_content_shows_the_error_until_content_appears() {
    let empty = tempfile::tempdir().unwrap();
    let preview = Preview::start(empty.path(), &[]);
    let page = preview.get("/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("no content/ folder"), "{}", page.body);
    // `content/` made after the start, with its files a moment later.
    std::fs::create_dir(empty.path().join("content")).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    copy_dir(&repo().join("tests/sites/minimal/content"), &empty.path().join("content"));
    preview.until("/report/", "the new site", |g| g.status == 200 && g.body.contains("The first paragraph."));
    // And edits inside it are seen too.
    write(empty.path(), "content/report.md", &report("Seen in the new folder"));
    preview.until("/report/", "the edit", |g| g.body.contains("Seen in the new folder"));
}

#[test]
fn a_missing_site_folder_is_an_error_at_once() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_consult"))
        .args(["serve", "--root", "/no/such/folder", "--port", "0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("consult serve kept running without a site folder");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(!status.success());
    assert!(stderr.contains("error: cannot open the site folder /no/such/folder"), "{stderr}");
}
