//! The memo `serve` keeps, on a site with published versions: the version
//! bar and paragraph notes it keeps filled, the draft redline it keeps for
//! unchanged documents, the published folders it checks only when they
//! change and the files it does not read again all give what a fresh
//! `check` gives, through the save that makes the content a draft and the
//! one that makes it the latest version again.

mod common;
use common::*;
use consult::archive::Cache;
use consult::commands::{check, stage, Run};
use consult::memo::Memo;
use std::path::Path;

/// One build as `serve` runs it: both parts, then the warm-up for the next.
fn serve_build(root: &Path, memo: &mut Memo) -> Run {
    match stage(root, memo, Cache::Read) {
        Ok((staged, mut pages)) => {
            let rest = staged.rest(&pages);
            if rest.is_ok() {
                staged.warm(memo);
            }
            let all = rest.map(|rest| {
                pages.files.extend(rest.files);
                pages.deferred.extend(rest.deferred);
                pages
            });
            staged.finish(all)
        }
        Err(run) => run,
    }
}

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

/// Writes `bytes` to `rel` and tells the memo, as the watcher does: a
/// document's save leaves the pages made from the site's data to the second part.
fn edit(root: &Path, memo: &mut Memo, rel: &str, bytes: &[u8]) {
    std::fs::write(root.join(rel), bytes).unwrap();
    memo.forget(&root.join(rel));
    let parts: Vec<&str> = rel.split('/').collect();
    memo.documents_only(parts.len() == 2 && parts[0] == "content" && rel.ends_with(".md"));
}

#[test]
fn edits_to_a_published_site_build_the_same_with_and_without_the_memo() {
    let site = site("lifecycle", None);
    let root = site.path().canonicalize().unwrap();
    let root = root.as_path();
    let mut memo = Memo::new();
    same(serve_build(root, &mut memo), check(root), "first build");

    let proposals = std::fs::read_to_string(root.join("content/proposals.md")).unwrap();
    let forum = std::fs::read_to_string(root.join("content/meetings/2011-04-12-forum.md")).unwrap();
    let frozen = std::fs::read_to_string(root.join("versions/2/content/proposals.md")).unwrap();
    let renumbered = proposals.replace("2.4 Fares", "2.4 A new paragraph.\n\n2.5 Fares");
    let linked =
        proposals.replace("1.2 The present", "1.2 See [the fares](../outcome/index.html#para-9.9). The present");
    let not_utf8 = [proposals.as_bytes(), b"\xff\xfe"].concat();
    let steps: Vec<(&str, &str, Vec<u8>)> = vec![
        ("a reworded paragraph makes a draft", "content/proposals.md", proposals.replace("41,000", "42,000").into()),
        ("a paragraph inserted renumbers the next", "content/proposals.md", renumbered.clone().into()),
        ("another document edited", "content/outcome.md", {
            let outcome = std::fs::read_to_string(root.join("content/outcome.md")).unwrap();
            format!("{outcome}\nA closing line.\n").into()
        }),
        ("the renumbering undone", "content/proposals.md", proposals.replace("41,000", "42,000").into()),
        ("a link to a missing id", "content/proposals.md", linked.into()),
        ("back to the latest version", "content/proposals.md", proposals.clone().into()),
        ("back to the latest version, other file", "content/outcome.md", {
            std::fs::read(site.path().join("versions/2/content/outcome.md")).unwrap()
        }),
        ("a file that is not UTF-8", "content/proposals.md", not_utf8),
        (
            "another file saved while it is broken",
            "content/meetings/2011-04-12-forum.md",
            format!("{forum}\nMore.\n").into(),
        ),
        ("the broken file fixed", "content/proposals.md", renumbered.into()),
        ("a published file changed", "versions/2/content/proposals.md", frozen.replace("41,000", "40,000").into()),
        ("the published file restored", "versions/2/content/proposals.md", frozen.into()),
        ("the meeting restored", "content/meetings/2011-04-12-forum.md", forum.into()),
    ];
    for (step, rel, bytes) in steps {
        edit(root, &mut memo, rel, &bytes);
        same(serve_build(root, &mut memo), check(root), step);
    }
}

#[test]
fn a_save_that_makes_a_draft_reuses_every_other_document_page() {
    let site = site("lifecycle", None);
    let root = site.path().canonicalize().unwrap();
    let root = root.as_path();
    let mut memo = Memo::new();
    serve_build(root, &mut memo);
    let before = memo.reused();
    let proposals = std::fs::read_to_string(root.join("content/proposals.md")).unwrap();
    edit(root, &mut memo, "content/proposals.md", proposals.replace("41,000", "42,000").as_bytes());
    let run = serve_build(root, &mut memo);
    assert!(!run.diagnostics.has_errors(), "{:?}", run.diagnostics.sorted());
    let draft = run.output.unwrap();
    assert!(draft.contains("changes/draft/index.html"), "the edit did not make a draft");
    // Two documents: the outcome's page is the one not made again.
    assert_eq!(memo.reused().pages - before.pages, 1, "{:?}", memo.reused());
}
