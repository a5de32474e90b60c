//! Which files under `content/` are the site's: editors' leftovers and
//! consult's own output are never read, and two files that would make the
//! same page are caught before either is read.

use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file `write` puts in every output folder; a folder holding it is
/// output, never input, even when it sits inside `content/`.
pub const OUTPUT_MARKER: &str = ".consult-output";

/// The file extensions load reads as text; anything else is an asset.
pub const TEXT_EXTENSIONS: [&str; 3] = ["md", "yaml", "yml"];

/// Whether the folder at `path` is an output folder of consult's.
pub fn is_output_folder(path: &Path) -> bool {
    path.join(OUTPUT_MARKER).exists()
}

/// An extension that is ours but not in lowercase (`notes.MD`, `data.Yaml`):
/// such a file would otherwise be published raw, so it is refused.
pub fn miscased_extension(rel: &Path, name: &str) -> Option<Diagnostic> {
    let ext = Path::new(name).extension()?.to_str()?;
    let lower = ext.to_ascii_lowercase();
    if ext == lower || !TEXT_EXTENSIONS.contains(&lower.as_str()) {
        return None;
    }
    let stem = &name[..name.len() - ext.len()];
    Some(
        Diagnostic::error(rel, 0, 0, format!("the extension `.{ext}` is not read: only `.{lower}` in lowercase is"))
            .with_help(format!("rename the file to `{stem}{lower}`")),
    )
}

/// A folder named like a file consult reads (`data/stakeholders.yaml/`).
pub fn folder_named_like_a_file(rel: &Path, name: &str) -> Option<Diagnostic> {
    let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
    TEXT_EXTENSIONS.contains(&ext.as_str()).then(|| {
        Diagnostic::error(rel, 0, 0, format!("`{name}` is a folder, not a file"))
            .with_help(format!("consult reads `{name}` as a file; move what the folder holds and make it one"))
    })
}

/// The page a Markdown file makes, as far as telling two apart goes: the
/// folder, and the name in lowercase without any `.md` endings.
fn page_key(parts: &[String]) -> Option<String> {
    let name = parts.last()?.to_ascii_lowercase();
    if !name.ends_with(".md") {
        return None;
    }
    let mut stem = name.as_str();
    while let Some(s) = stem.strip_suffix(".md") {
        stem = s;
    }
    let folder = parts[..parts.len() - 1].join("/");
    Some(format!("{folder}/{stem}"))
}

/// Among Markdown files that would make the same page (`report.md` and
/// `report.md.md`, or `Report.md`), the ones to refuse, each with an error
/// naming both. The file named as the page is (`report.md`) is kept, so what
/// cites it still finds it; otherwise the first in name order.
pub fn same_page(files: &[(PathBuf, Vec<String>)]) -> BTreeMap<PathBuf, Diagnostic> {
    let mut groups: BTreeMap<String, Vec<&PathBuf>> = BTreeMap::new();
    for (rel, parts) in files {
        if let Some(key) = page_key(parts) {
            groups.entry(key).or_default().push(rel);
        }
    }
    let mut refused = BTreeMap::new();
    for (key, rels) in groups.into_iter().filter(|(_, r)| r.len() > 1) {
        let canonical = |r: &PathBuf| {
            r.file_name().and_then(|n| n.to_str()) == key.rsplit('/').next().map(|s| format!("{s}.md")).as_deref()
        };
        let kept = rels.iter().copied().find(|r| canonical(r)).unwrap_or(rels[0]);
        for rel in rels.into_iter().filter(|r| *r != kept) {
            let d = Diagnostic::error(
                rel,
                0,
                0,
                format!("`{}` and `{}` would make the same page", kept.display(), rel.display()),
            )
            .with_help("keep one of them; rename or remove the other");
            refused.insert(rel.clone(), d);
        }
    }
    refused
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_page_keys() {
        let p = |s: &[&str]| page_key(&s.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_eq!(p(&["report.md"]), p(&["report.md.md"]));
        assert_eq!(p(&["report.md"]), p(&["Report.md"]));
        assert_ne!(p(&["report.md"]), p(&["meetings", "report.md"]));
        assert_eq!(p(&["plan.pdf"]), None);
    }
}
