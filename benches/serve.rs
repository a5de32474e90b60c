//! Save-to-served latency of `consult serve`: `cargo bench --bench serve`.
//! Starts the real binary on the example site and on a generated site of
//! 1,000 documents × 50 numbered paragraphs with one published version
//! (`examples/generate.rs`), saves a document 20 times (alternately in place and by
//! renaming a temporary file over it, as editors do), and times each save
//! from the write to the new text being served: the reload endpoint answers,
//! then the page is fetched, as the browser does. Prints the median and the
//! worst, and how many rebuilds the saves caused; asserts nothing about time.

#[path = "../tests/common/mod.rs"]
mod common;
use common::preview::Preview;
mod site;
use std::path::Path;
use std::time::{Duration, Instant};

const SAVES: usize = 20;

fn main() {
    let example = tempfile::tempdir().unwrap();
    common::copy_dir(&common::repo().join("content"), &example.path().join("content"));
    let root = example.path();
    measure("example site", root, "content/report.md", "/report/", after("1.1 This document seeks"));

    let large = tempfile::tempdir().unwrap();
    site::generate_with_versions(large.path(), site::Size::of(1000, 50), 1);
    let root = large.path();
    measure("1,000 documents", root, "content/doc-500.md", "/doc-500/", after("1.1 Paragraph 1 of section 1"));
    measure("a meeting", root, "content/meetings/m-10.md", "/meetings/m-10/", after("\n\n"));
    let org = "name: Organisation 3\n  kind: named stakeholder";
    measure("a data file", root, "content/data/stakeholders.yaml", "/stakeholders/org-3/", move |text, marker| {
        assert!(text.contains(org), "the stakeholders lack {org:?}");
        text.replacen(org, &format!("{org}\n  role: {marker}"), 1)
    });
}

/// An edit that writes the marker after the first `sentence`.
fn after(sentence: &'static str) -> impl Fn(&str, &str) -> String {
    move |text, marker| {
        assert!(text.contains(sentence), "the file lacks {sentence:?}");
        text.replacen(sentence, &format!("{sentence} {marker}"), 1)
    }
}

/// Saves `file` 20 times, each with `edit(original, marker)`, and times
/// each save until `page` shows the marker.
fn measure(name: &str, root: &Path, file: &str, page: &str, edit: impl Fn(&str, &str) -> String) {
    let original = std::fs::read_to_string(root.join(file)).unwrap();
    let preview = Preview::start(root, &[]);
    let before = preview.rebuilds();
    let mut times = Vec::with_capacity(SAVES);
    for i in 0..SAVES {
        let tag = preview.get(page).build_tag().expect("a served page");
        let marker = format!("Save number {i} of the benchmark");
        let text = edit(&original, &marker);
        let started = Instant::now();
        if i % 2 == 0 {
            std::fs::write(root.join(file), &text).unwrap();
        } else {
            let tmp = root.join("content/.consult-bench.tmp");
            std::fs::write(&tmp, &text).unwrap();
            std::fs::rename(&tmp, root.join(file)).unwrap();
        }
        let mut seen = tag;
        loop {
            seen = preview.wait_after(&seen);
            if preview.get(page).body.contains(&marker) {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "save {i} was never served");
        }
        times.push(started.elapsed());
        // The next save comes a second later, as a person's would; the preview
        // makes the search index, print page and archives meanwhile.
        std::thread::sleep(Duration::from_millis(1000));
    }
    let rebuilds = preview.rebuilds() - before;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut sorted = times.clone();
    sorted.sort();
    println!(
        "{name:>16}: save to served median {:.1} ms, worst {:.1} ms, best {:.1} ms over {SAVES} saves ({rebuilds} rebuilds)",
        ms(sorted[SAVES / 2]),
        ms(sorted[SAVES - 1]),
        ms(sorted[0]),
    );
    println!("{:>16}  each: {:?}", "", times.iter().map(|t| ms(*t).round() as u64).collect::<Vec<_>>());
}
