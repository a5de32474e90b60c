//! A fuzz harness over the whole pipeline: the example site's real files,
//! mutated (bytes flipped, lines deleted or doubled, files cut short, YAML and
//! Markdown metacharacters inserted), and extra files with careless or hostile
//! names, go through load → model → render in process. No input may panic; a
//! run that fails must say why, in plain words of reasonable length; a run
//! that succeeds must give every page unique ids.
//!
//! `cargo test --test fuzz` runs a hundred cases of each; for a long run:
//! `CONSULT_FUZZ_CASES=100000 cargo test --release --test fuzz -- --nocapture`.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Strings that mean something to YAML or to Markdown, and a few that mean
/// something to us (citations, heading ids, paragraph numbers).
const METACHARACTERS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "---\n",
    "...\n",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "? ",
    "|\n",
    ">\n",
    "{",
    "}",
    "[",
    "]",
    "'",
    "\"",
    "\t",
    "\n",
    "\r\n",
    "  ",
    "~",
    "null",
    "<<: *a",
    "%YAML 1.2\n",
    "\u{feff}",
    "\u{0}",
    "[[",
    "]]",
    "[[report#2.1]]",
    "[[stakeholder:nosuch]]",
    "{#para-2.1}",
    "{#section-2}",
    "[^1]",
    "[^1]: x\n",
    "2.1 ",
    "13. ",
    "# ",
    "## ",
    "```\n",
    "<div>",
    "</p>",
    "<!--",
    "\\",
    "|a|b|\n|-|-|\n",
    "é",
    "\u{202e}",
    "9999999999999999999999",
    "-1",
    "0.5",
    "2011-02-30",
    "2011-13-01",
];

/// One change to a file's bytes.
#[derive(Debug, Clone)]
enum Mutation {
    FlipByte { at: usize, bit: u8 },
    DeleteLine { line: usize },
    DuplicateLine { line: usize },
    Truncate { at: usize },
    Insert { at: usize, what: &'static str },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipByte { at, bit }),
        any::<usize>().prop_map(|line| Mutation::DeleteLine { line }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), proptest::sample::select(METACHARACTERS)).prop_map(|(at, what)| Mutation::Insert { at, what }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let lines = |b: &[u8]| {
        let mut starts = vec![0];
        starts.extend(b.iter().enumerate().filter(|(_, &c)| c == b'\n').map(|(i, _)| i + 1));
        starts
    };
    let n = bytes.len();
    match *m {
        Mutation::FlipByte { at, bit } if n > 0 => bytes[at % n] ^= 1 << bit,
        Mutation::DeleteLine { line } | Mutation::DuplicateLine { line } if n > 0 => {
            let starts = lines(bytes);
            let i = line % starts.len();
            let (start, end) = (starts[i], starts.get(i + 1).copied().unwrap_or(n));
            if matches!(m, Mutation::DeleteLine { .. }) {
                bytes.drain(start..end);
            } else {
                let copy = bytes[start..end].to_vec();
                bytes.splice(start..start, copy);
            }
        }
        Mutation::Truncate { at } => bytes.truncate(at % (n + 1)),
        Mutation::Insert { at, what } => {
            let at = at % (n + 1);
            bytes.splice(at..at, what.bytes());
        }
        _ => {}
    }
}

/// The example site's text files, relative to its root.
fn site_files(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = common::snapshot(&root.join("content"))
        .into_keys()
        .filter(|p| p.ends_with(".md") || p.ends_with(".yaml"))
        .map(|p| Path::new("content").join(p))
        .collect();
    out.sort();
    out
}

fn cases() -> u32 {
    std::env::var("CONSULT_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(100)
}

/// The example site's content/ in a temporary folder, its files, and the
/// tally of a run.
struct Harness {
    dir: tempfile::TempDir,
    files: Vec<PathBuf>,
    originals: Vec<Vec<u8>>,
    runs: AtomicUsize,
    failed: AtomicUsize,
    /// Findings are gathered, not thrown, so a long run reports every kind of
    /// problem it met (the first input of each) instead of stopping at one.
    findings: Mutex<BTreeMap<String, String>>,
}

impl Harness {
    fn new() -> Self {
        // Only content/ is copied: the built-in theme is the one to fuzz against.
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&common::repo().join("content"), &dir.path().join("content"));
        let files = site_files(dir.path());
        let originals = files.iter().map(|f| std::fs::read(dir.path().join(f)).unwrap()).collect();
        Harness {
            dir,
            files,
            originals,
            runs: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
            findings: Mutex::default(),
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs load → model → render on the site as it is now and judges the run.
    fn check(&self, input: &dyn Fn() -> String) {
        let run = std::panic::catch_unwind(|| consult::commands::check(self.root()));
        let done = self.runs.fetch_add(1, Ordering::Relaxed) + 1;
        if done.is_multiple_of(1000) {
            eprintln!("fuzz: {done} inputs, {} failed with errors", self.failed.load(Ordering::Relaxed));
        }
        // Keyed by the kind of problem, keeping the first example of each.
        let found = |kind: String, example: String| {
            self.findings.lock().unwrap().entry(kind.clone()).or_insert_with(|| {
                // Said at once, so a long run that is stopped still tells.
                eprintln!("fuzz: new finding: {kind}");
                format!("{example}\n    from {}", input())
            });
        };
        let run = match run {
            Ok(run) => run,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
                let what = what.unwrap_or_default();
                found(format!("panic: {}", cut(&what, 60)), what);
                return;
            }
        };
        match &run.output {
            None => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                if !run.diagnostics.has_errors() {
                    found("a failed run reported no error".into(), String::new());
                }
            }
            Some(out) => {
                for (path, bytes) in out.all().iter().filter(|(p, _)| p.ends_with(".html")) {
                    if let Some(id) = repeated_id(&String::from_utf8_lossy(bytes)) {
                        found("an id used twice in a page".into(), format!("{path}: `{id}`"));
                    }
                }
            }
        }
        for d in run.diagnostics.iter() {
            if d.message.trim().is_empty() {
                found("an empty message".into(), format!("{d:?}"));
            }
            let shown = d.to_string();
            if shown.len() > 4096 {
                found("a message over 4 KB".into(), cut(&shown, 300));
            }
            for word in JARGON {
                if d.message.contains(word) || d.help.as_deref().unwrap_or("").contains(word) {
                    found(format!("`{word}` in a message"), cut(&d.message, 300));
                }
            }
        }
    }

    /// Prints the tally and fails if anything was found.
    fn finish(self, what: &str) {
        let findings = self.findings.into_inner().unwrap();
        eprintln!(
            "fuzz ({what}): {} inputs, {} failed with errors, {} findings",
            self.runs.load(Ordering::Relaxed),
            self.failed.load(Ordering::Relaxed),
            findings.len()
        );
        let list: Vec<String> = findings.iter().map(|(k, input)| format!("{k}: {input}")).collect();
        assert!(findings.is_empty(), "{}", list.join("\n"));
    }
}

fn config() -> Config {
    Config { cases: cases(), failure_persistence: None, ..Config::default() }
}

#[test]
fn mutated_example_site_never_panics_and_every_error_says_why() {
    let h = Harness::new();
    let strategy = (0..h.files.len(), proptest::collection::vec(mutation(), 1..5));
    TestRunner::new(config())
        .run(&strategy, |(file, mutations)| {
            let mut bytes = h.originals[file].clone();
            for m in &mutations {
                apply(&mut bytes, m);
            }
            let path = h.root().join(&h.files[file]);
            std::fs::write(&path, &bytes).unwrap();
            h.check(&|| format!("{} with {mutations:?}", h.files[file].display()));
            std::fs::write(&path, &h.originals[file]).unwrap();
            Ok::<(), TestCaseError>(())
        })
        .unwrap();
    h.finish("file contents");
}

/// Names a careless or hostile site folder has: copies, leftovers, wrong
/// cases, files where the site writes its own, odd characters, a link loop.
const HOSTILE_NAMES: &[&str] = &[
    "report.md.md",
    "Report.md",
    "REPORT.MD",
    "report.MD",
    "report.Md",
    "meetings/2011-05-04-stakeholder-group.md.md",
    "meetings/Notes.md",
    "meetings/sub/x.md",
    "data/Stakeholders.yaml",
    "data/extra.yaml",
    "data/stakeholders.yml",
    "data/stakeholders.yaml.bak",
    "#site.yaml#",
    ".#report.md",
    "report.md~",
    "site.yml",
    "Site.yaml",
    "sitemap.xml",
    "404.html",
    "index.html",
    "feed.xml",
    "assets/style.css",
    "assets",
    "report",
    "report/index.html",
    "meetings/index.html",
    "meetings",
    "nested/deep/file.md",
    "é.md",
    "a b.md",
    "-.md",
    ".md",
    "md",
    "x.yaml",
    "out/.consult-output",
    "out/index.html",
    "LOOP",
];

#[test]
fn hostile_file_names_never_panic_and_every_error_says_why() {
    let h = Harness::new();
    let strategy =
        (proptest::sample::select(HOSTILE_NAMES), 0..h.files.len(), proptest::collection::vec(mutation(), 0..3));
    TestRunner::new(config())
        .run(&strategy, |(name, file, mutations)| {
            let content = h.root().join("content");
            let path = content.join(if name == "LOOP" { "loop" } else { name });
            // Remember which folders are new, to remove them afterwards.
            let new_dirs: Vec<PathBuf> =
                path.ancestors().skip(1).take_while(|d| !d.exists()).map(Path::to_path_buf).collect();
            if path.exists() {
                return Ok(()); // a folder of the site itself (`meetings`)
            }
            if name == "LOOP" {
                std::os::unix::fs::symlink("..", &path).unwrap();
            } else {
                let mut bytes = h.originals[file].clone();
                for m in &mutations {
                    apply(&mut bytes, m);
                }
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &bytes).unwrap();
            }
            h.check(&|| format!("content/{name} holding {} with {mutations:?}", h.files[file].display()));
            std::fs::remove_file(&path).unwrap();
            for d in new_dirs {
                std::fs::remove_dir(d).unwrap();
            }
            Ok::<(), TestCaseError>(())
        })
        .unwrap();
    h.finish("file names");
}

/// Words of Rust or of the YAML library that must never reach a user.
const JARGON: &[&str] =
    &["Option<", "Vec<", "String", "i64", "u32", "usize", "DuplicateKeyPolicy", "from_str", "serde", "Options"];

fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// The first `id="…"` a page uses twice, if any.
fn repeated_id(html: &str) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    html.split(" id=\"")
        .skip(1)
        .map(|p| p.split('"').next().unwrap_or(""))
        .find(|id| !seen.insert(*id))
        .map(String::from)
}
