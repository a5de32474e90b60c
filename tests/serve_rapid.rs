//! Saves that come faster than `consult serve` makes a build's second part
//! (search index, print page, archived versions): the second part of the
//! out-of-date build is dropped, the new save is built at once, and what is
//! finally served is what `consult build` makes.

mod common;
#[path = "../benches/site/mod.rs"]
mod generated;
use common::preview::{Got, Preview, LIMIT};
use common::*;
use std::time::Instant;

#[test]
fn a_save_during_the_second_part_is_built_at_once_and_served_right() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    generated::generate_with_versions(root, generated::Size::of(120, 20), 1);
    let preview = Preview::start(root, &[]);
    let file = root.join("content/doc-60.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let sentence = "1.1 Paragraph 1 of section 1";
    assert!(original.contains(sentence));

    // Each save comes as soon as the one before is shown, before the rest of its build is made.
    let started = Instant::now();
    for i in 0..4 {
        let tag = preview.get("/doc-60/").build_tag().expect("a served page");
        std::fs::write(&file, original.replacen(sentence, &format!("{sentence} rapid save {i}"), 1)).unwrap();
        let marker = format!("rapid save {i}");
        let mut seen = tag;
        while !preview.get("/doc-60/").body.contains(&marker) {
            seen = preview.wait_after(&seen);
            assert!(started.elapsed() < LIMIT, "save {i} was never served:\n{}", preview.stderr());
        }
    }
    assert!(
        preview.said("a save came before the search index"),
        "no second part was stopped by a save:\n{}",
        preview.stderr()
    );
    // The search index waits for the last build's second part, and has the last save.
    let search = preview.get("/search/index.js");
    assert_eq!(search.status, 200);
    assert!(search.body.contains("rapid save 3"), "the search index is not the last save's");

    let out = tempfile::tempdir().unwrap();
    let fresh = out.path().join("site");
    let ran = consult(root, &["build", "--out", fresh.to_str().unwrap()]);
    assert!(ran.ok, "{}", ran.stderr);
    let mut built = snapshot(&fresh);
    assert!(built.remove(".consult-output").is_some());
    for (path, bytes) in &built {
        let got = preview.get(&format!("/{path}"));
        assert_eq!(got.status, 200, "{path}");
        assert!(without_overlay(&dechunked(got)) == *bytes, "/{path} differs from the fresh build");
    }
}

/// A response sent in chunks (large pages), with its body put together.
fn dechunked(got: Got) -> Got {
    if !got.header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        return got;
    }
    let (mut rest, mut bytes) = (&got.bytes[..], Vec::new());
    loop {
        let line = rest.iter().position(|&b| b == b'\n').expect("a chunk size line");
        let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..line]).trim(), 16).expect("a chunk size");
        if size == 0 {
            break;
        }
        bytes.extend_from_slice(&rest[line + 1..line + 1 + size]);
        rest = &rest[line + 1 + size + 2..];
    }
    let body = String::from_utf8_lossy(&bytes).into_owned();
    Got { bytes, body, ..got }
}

/// The served copy of a page, without what the preview adds (as in `serve.rs`).
fn without_overlay(got: &Got) -> Vec<u8> {
    let body = &got.body;
    let Some(start) = body.find("<link rel=\"stylesheet\" href=\"/__consult/serve.css\">\n") else {
        return got.bytes.clone();
    };
    let end = body[start..].find("</script>\n").unwrap() + start + "</script>\n".len();
    format!("{}{}", &body[..start], &body[end..]).into_bytes()
}
