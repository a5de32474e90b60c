//! `consult import`: a front door before `load`. A plain-text or Word report
//! becomes Markdown documents with front matter in the site's `content/`,
//! written in the forms `load` and `model` read back (numbers as written).
//!
//! Reading never touches the site; writing happens only when reading found
//! no error and no file would be overwritten (unless `force`), so a failed
//! import leaves the disk as it was.

mod blocks;
mod docx;
mod docx_body;
mod docx_inline;
mod markdown;
mod md;
pub mod numbering;
mod text;
mod write;

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::PathBuf;

pub use markdown::Doc;

/// The kind of the first document written (appendices found in the text
/// are always `appendix`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Kind {
    #[default]
    Report,
    Appendix,
    Page,
}

impl Kind {
    /// The front matter's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Appendix => "appendix",
            Kind::Page => "page",
        }
    }
}

/// What to import and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The `.txt` or `.docx` file.
    pub file: PathBuf,
    pub kind: Kind,
    /// The site folder (holding `content/`).
    pub root: PathBuf,
    /// Replace files that exist already.
    pub force: bool,
}

/// What an importer read: documents, files they refer to (images, by path
/// under `content/`), and warnings about what it could not place.
#[derive(Debug, Default)]
pub struct Imported {
    pub docs: Vec<Doc>,
    pub files: Vec<(String, Vec<u8>)>,
    pub warnings: Diagnostics,
}

/// What a finished import reports: a line per file written, and the warnings.
#[derive(Debug)]
pub struct Done {
    pub made: Vec<String>,
    pub warnings: Diagnostics,
}

/// Reads `options.file` and writes its documents into the site. On any error
/// nothing is written, and every error found is returned with the warnings.
pub fn import(options: &Options) -> Result<Done, Diagnostics> {
    let mut diags = Diagnostics::new();
    let content = options.root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::global(format!("{} has no content/ folder", options.root.display()))
                .with_help("import into a site folder: give it with --root, or start one with `consult new DIR`"),
        );
    }
    let read = read(options);
    let mut imported = match read {
        Ok(imported) => imported,
        Err(errors) => {
            diags.extend(errors);
            return Err(diags);
        }
    };
    if diags.has_errors() {
        diags.extend(imported.warnings);
        return Err(diags);
    }
    unique_slugs(&mut imported.docs);
    let files: Vec<(String, Vec<u8>)> = imported
        .docs
        .iter()
        .map(|d| (format!("{}.md", d.slug), d.to_markdown().into_bytes()))
        .chain(imported.files.iter().cloned())
        .collect();
    if let Err(errors) = write::all(&content, &files, options.force) {
        diags.extend(errors);
        diags.extend(imported.warnings);
        return Err(diags);
    }
    let mut made: Vec<String> = imported
        .docs
        .iter()
        .map(|d| {
            let numbered = match d.numbered {
                0 => String::new(),
                1 => ", 1 numbered paragraph".to_string(),
                n => format!(", {n} numbered paragraphs"),
            };
            format!("wrote content/{}.md ({}: {}{numbered})", d.slug, d.kind.as_str(), d.title)
        })
        .collect();
    made.extend(imported.files.iter().map(|(rel, _)| format!("wrote content/{rel}")));
    Ok(Done { made, warnings: imported.warnings })
}

/// The importer for the file's extension.
fn read(options: &Options) -> Result<Imported, Diagnostics> {
    let file = &options.file;
    let one = |d: Diagnostic| {
        let mut all = Diagnostics::new();
        all.push(d);
        all
    };
    let ext = file.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if !matches!(ext.as_str(), "txt" | "docx" | "md" | "markdown") {
        return Err(one(Diagnostic::global(format!("cannot import {}: not a .txt, .docx or .md file", file.display()))
            .with_help("import plain text (.txt), a Word document (.docx) or Markdown from another tool (.md); save other formats as one of these first")));
    }
    let bytes =
        std::fs::read(file).map_err(|e| one(Diagnostic::global(format!("cannot read {}: {e}", file.display()))))?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(one(Diagnostic::error(file, 0, 0, "the file is empty: there is nothing to import")));
    }
    let stem = slug(&file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    let stem = if stem.is_empty() { "imported".to_string() } else { stem };
    match ext.as_str() {
        "txt" => text::read(file, &bytes, &stem, options.kind),
        "md" | "markdown" => md::read(file, &bytes, &stem, options.kind),
        _ => docx::read(file, &bytes, &stem, options.kind),
    }
}

/// A file name from a title: lower-case letters and digits joined by hyphens.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect::<String>().trim_end_matches('-').to_string()
}

/// Two documents never share a file name: later ones take `-2`, `-3`.
fn unique_slugs(docs: &mut [Doc]) {
    let mut seen = std::collections::BTreeSet::new();
    for doc in docs.iter_mut() {
        let base = doc.slug.clone();
        let mut n = 2;
        while !seen.insert(doc.slug.clone()) {
            doc.slug = format!("{base}-{n}");
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lower_case_words_joined_by_hyphens() {
        assert_eq!(slug("000_777d8344a7a41032"), "000-777d8344a7a41032");
        assert_eq!(slug("  The Report (final)!"), "the-report-final");
        assert_eq!(slug("Équipe"), "quipe");
    }

    #[test]
    fn documents_with_the_same_slug_are_told_apart() {
        let doc = |s: &str| Doc { slug: s.into(), ..Doc::default() };
        let mut docs = vec![doc("a"), doc("a"), doc("a-2"), doc("b")];
        unique_slugs(&mut docs);
        let slugs: Vec<_> = docs.iter().map(|d| d.slug.as_str()).collect();
        assert_eq!(slugs, ["a", "a-2", "a-2-2", "b"]);
    }
}
