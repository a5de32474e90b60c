//! Helpers shared by the integration tests: build a fixture site in a
//! temporary folder with the real binary, and read back what it left on disk.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

pub mod docx;
pub mod preview;

/// The repository root: the example site.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of `consult` did.
pub struct Ran {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the `consult` binary with `args` in `cwd`.
pub fn consult(cwd: &Path, args: &[&str]) -> Ran {
    let out = Command::new(env!("CARGO_BIN_EXE_consult")).args(args).current_dir(cwd).output().expect("run consult");
    Ran {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The example site (the repository root) built into a temporary folder,
/// leaving the repository untouched: the folder, and the built site in it.
pub fn example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let ran = consult(&repo(), &["build", "--out", out.to_str().unwrap()]);
    assert!(ran.ok, "example site failed to build:\n{}", ran.stderr);
    (tmp, out)
}

/// Copies the folder `from` into `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &dest).unwrap();
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A site in a temporary folder: `tests/sites/<base>` with `overlay` (a folder
/// of files that replace or add to it) copied on top.
pub fn site(base: &str, overlay: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/sites").join(base), dir.path());
    if let Some(o) = overlay {
        copy_dir(o, dir.path());
    }
    dir
}

/// Writes `text` to `rel` inside `root`, creating folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(&p).unwrap()))
        .collect()
}

/// Builds `root` into `root/public` and returns the run; panics with the
/// errors when the build was expected to succeed but did not.
pub fn build_ok(root: &Path) -> Ran {
    let ran = consult(root, &["build"]);
    assert!(ran.ok, "build failed:\n{}", ran.stderr);
    ran
}

/// Reads an output page as text.
pub fn page(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The inner text of the element with `id="…"` in `html` (tags removed,
/// entities decoded, whitespace folded). Enough for the pages we generate.
pub fn text_of_id(html: &str, id: &str) -> Option<String> {
    let marker = format!("id=\"{id}\"");
    let at = html.find(&marker)?;
    let open_start = html[..at].rfind('<')?;
    let tag: String = html[open_start + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let content_start = at + html[at..].find('>')? + 1;
    // Find the matching close tag, counting nested tags of the same name.
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut depth = 1;
    let mut i = content_start;
    while depth > 0 {
        let next_close = html[i..].find(&close)? + i;
        match html[i..next_close].find(&open) {
            Some(o) => {
                depth += 1;
                i = i + o + open.len();
            }
            None => {
                depth -= 1;
                i = next_close + close.len();
                if depth == 0 {
                    return Some(plain(&html[content_start..next_close]));
                }
            }
        }
    }
    None
}

/// Tags removed, the common entities decoded, whitespace folded.
pub fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Numbered paragraphs of the seed (`tests/seed.txt`, the consultation the
/// example site reproduces): (number, words), read straight from the text.
pub fn seed_paragraphs() -> Vec<(String, String)> {
    let seed = std::fs::read_to_string(repo().join("tests/seed.txt")).expect("the seed text");
    seed.lines()
        .filter_map(|l| {
            let l = l.trim();
            let (num, rest) = l.split_once(char::is_whitespace)?;
            let is_number = num.contains('.')
                && !num.ends_with('.')
                && num.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            is_number.then(|| (num.to_string(), rest.split_whitespace().collect::<Vec<_>>().join(" ")))
        })
        .collect()
}

/// Asserts that the page `html` numbers exactly the seed's 58 paragraphs,
/// each with its number, its words exact and a self-link.
pub fn assert_seed_paragraphs(html: &str) {
    let paragraphs = seed_paragraphs();
    assert_eq!(paragraphs.len(), 58, "the seed has 58 numbered paragraphs");
    for (number, words) in &paragraphs {
        let id = format!("para-{number}");
        let text = text_of_id(html, &id).unwrap_or_else(|| panic!("no element with id=\"{id}\""));
        let without_number =
            text.strip_prefix(number.as_str()).unwrap_or_else(|| panic!("{id} does not start with its number: {text}"));
        assert_eq!(without_number.trim(), words, "words of paragraph {number}");
        assert!(html.contains(&format!("href=\"#{id}\"")), "{id} has a self-link");
    }
    assert_eq!(html.matches("class=\"numbered\"").count(), 58, "no other paragraph is numbered");
}

/// A site folder holding only `content/site.yaml`, to import into.
pub fn empty_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "content/site.yaml", "title: Imported consultation\nlanguage: en-GB\n");
    dir
}

/// The body lines of `content/<slug>.md` (after its front matter), blank lines left out.
pub fn written(site: &Path, slug: &str) -> Vec<String> {
    let md = std::fs::read_to_string(site.join(format!("content/{slug}.md"))).unwrap();
    let after = md.splitn(3, "---\n").nth(2).unwrap();
    after.lines().filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// The lifecycle fixture as it stood before the outcome: version 1 published,
/// the closing time extended, no outcome yet (a draft after version 1).
pub fn lifecycle_before_the_outcome() -> tempfile::TempDir {
    let s = site("lifecycle", None);
    std::fs::remove_dir_all(s.path().join("versions/2")).unwrap();
    std::fs::remove_file(s.path().join("content/outcome.md")).unwrap();
    std::fs::remove_file(s.path().join("content/data/responses.yaml")).unwrap();
    let yaml = std::fs::read_to_string(s.path().join("content/site.yaml")).unwrap();
    assert!(yaml.contains("  outcome_published: 2011-07-29\n"));
    write(s.path(), "content/site.yaml", &yaml.replace("  outcome_published: 2011-07-29\n", ""));
    s
}
