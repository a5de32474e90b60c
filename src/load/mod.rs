//! load: the site folder on disk → [`Sources`], raw and positioned.
//! Reads every file once; gives no meaning to anything yet.

pub mod fields;
mod foreign;
pub mod frontmatter;
pub mod ignore;
pub mod raw;
pub mod raw_lifecycle;
pub mod stamps;
pub mod theme;
pub mod versions;
pub mod walk;
pub mod yaml;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::memo::Memo;
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

pub use theme::ThemeFiles;

/// A Markdown file with its front matter parsed.
#[derive(Debug, Clone)]
pub struct Loaded<F> {
    /// Path relative to the site folder, e.g. `content/report.md`.
    pub path: PathBuf,
    /// The whole file (shared with the events parsed from it).
    pub text: Arc<str>,
    /// The file name without `.md`: the page's address.
    pub slug: String,
    pub front: F,
    /// Byte offset of the Markdown body in `text`.
    pub body_offset: usize,
}

impl<F> Loaded<F> {
    /// The Markdown body, after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// A YAML data file with its entries.
#[derive(Debug)]
pub struct DataFile<T> {
    pub path: PathBuf,
    pub text: String,
    pub items: Vec<T>,
}

impl<T> Default for DataFile<T> {
    fn default() -> Self {
        DataFile { path: PathBuf::new(), text: String::new(), items: Vec::new() }
    }
}

/// Everything read from the site folder.
#[derive(Debug)]
pub struct Sources {
    pub root: PathBuf,
    pub site_path: PathBuf,
    pub site_text: String,
    pub site: raw::SiteConfig,
    pub documents: Vec<Loaded<raw::DocFront>>,
    pub meetings: Vec<Loaded<raw::MeetingFront>>,
    pub stakeholders: DataFile<raw::Stakeholder>,
    pub people: DataFile<raw::PersonEntry>,
    pub recommendations: DataFile<raw::Recommendation>,
    pub outcomes: DataFile<raw::OutcomeTheme>,
    pub key_dates: DataFile<raw::KeyDate>,
    pub questions: DataFile<raw_lifecycle::Question>,
    /// `data/responses.yaml`: one mapping, so `items` holds at most one.
    pub responses: DataFile<raw_lifecycle::Responses>,
    /// Other files under `content/` (images, PDFs), copied as they are.
    pub assets: BTreeMap<String, Vec<u8>>,
    pub theme: ThemeFiles,
    /// What could not be read, so the model can skip what depends on it.
    pub failed: Failed,
    /// The published versions under `versions/`, checked against their digests.
    pub published: versions::Published,
}

impl Sources {
    /// Every data file as read (path, text): one of each of [`DATA_FILES`],
    /// so that `publish` freezes each one. A new data file goes here too.
    pub fn data_files(&self) -> [(&Path, &str); DATA_FILES.len()] {
        [
            (&self.key_dates.path, &self.key_dates.text),
            (&self.outcomes.path, &self.outcomes.text),
            (&self.people.path, &self.people.text),
            (&self.questions.path, &self.questions.text),
            (&self.recommendations.path, &self.recommendations.text),
            (&self.responses.path, &self.responses.text),
            (&self.stakeholders.path, &self.stakeholders.text),
        ]
        .map(|(p, t)| (p.as_path(), t.as_str()))
    }
}

/// The files that failed to load. The model still checks everything else,
/// but an id it cannot find because its file failed is not a second error.
#[derive(Debug, Default, Clone)]
pub struct Failed {
    /// site.yaml (missing or broken): its settings are left out.
    pub site: bool,
    /// Slugs of documents whose front matter failed.
    pub documents: BTreeSet<String>,
    /// Slugs of meetings whose front matter failed.
    pub meetings: BTreeSet<String>,
    /// Data files that failed, by name: `stakeholders`, `recommendations`, …
    pub data: BTreeSet<&'static str>,
    /// Whether load reported any error at all: then no `Site` may be made.
    pub any: bool,
}

/// The data files `content/data/` may hold.
pub const DATA_FILES: [&str; 7] = [
    "key-dates.yaml",
    "outcomes.yaml",
    "people.yaml",
    "questions.yaml",
    "recommendations.yaml",
    "responses.yaml",
    "stakeholders.yaml",
];

/// Reads the site folder at `root`, stopping at nothing: what fails is
/// reported and recorded in [`Sources::failed`]. `None` only when there is no
/// site to read at all.
pub fn read(root: &Path) -> (Option<Sources>, Diagnostics) {
    read_with(root, &mut Memo::off())
}

/// [`read`], reusing the files `memo` read last time and has not been told
/// changed, and the front matter of files whose text is unchanged.
pub fn read_with(root: &Path, memo: &mut Memo) -> (Option<Sources>, Diagnostics) {
    // Before any file is read: a file changed since is never taken as known by its stamp.
    let started = std::time::SystemTime::now();
    let mut diags = Diagnostics::new();
    let content = root.join("content");
    if !root.is_dir() {
        let what = if root.exists() { "is not a folder" } else { "does not exist" };
        diags.push(
            Diagnostic::global(format!("the site folder {} {what}", root.display()))
                .with_help("give the folder that holds content/ with --root, or run consult inside it"),
        );
        return (None, diags);
    }
    if !content.is_dir() {
        diags.push(
            Diagnostic::global(format!("no content/ folder in {}", root.display())).with_help(
                "a site folder holds content/site.yaml and Markdown documents; `consult new DIR` starts one",
            ),
        );
        return (None, diags);
    }

    let mut site: Option<(PathBuf, String, raw::SiteConfig)> = None;
    let mut failed = Failed::default();
    let mut documents = Vec::new();
    let mut meetings = Vec::new();
    let mut stakeholders = DataFile::default();
    let mut people = DataFile::default();
    let mut recommendations = DataFile::default();
    let mut outcomes = DataFile::default();
    let mut key_dates = DataFile::default();
    let mut questions = DataFile::default();
    let mut responses = DataFile::default();
    let mut assets = BTreeMap::new();

    // First which files there are, then which to read: of two files for the
    // same page, the one named as the page is read.
    let mut files: Vec<(PathBuf, Vec<String>)> = Vec::new();
    let entries = WalkDir::new(&content).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_string_lossy();
        e.depth() == 0 || !(ignore::is_ignored(&name) || (e.file_type().is_dir() && walk::is_output_folder(e.path())))
    });
    let mut entries = entries.into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().unwrap_or(&content);
                let rel = at.strip_prefix(root).unwrap_or(at);
                diags.push(Diagnostic::error(rel, 0, 0, format!("cannot read: {}", io_words(&e))));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        let in_content = entry.path().strip_prefix(&content).unwrap_or(entry.path());
        let parts: Vec<String> = in_content.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let name = parts.last().cloned().unwrap_or_default();
        if entry.file_type().is_dir() {
            if let Some(d) = walk::folder_named_like_a_file(&rel, &name) {
                diags.push(d);
                entries.skip_current_dir();
            }
        } else if entry.file_type().is_file() {
            match walk::miscased_extension(&rel, &name) {
                Some(d) => diags.push(d),
                None => files.push((rel, parts)),
            }
        }
    }
    let mut refused = walk::same_page(&files);
    // A file costs a few system calls, which add up over a thousand files:
    // read them on all cores (the preview's memo reads only what changed).
    let mut read: HashMap<PathBuf, std::io::Result<Vec<u8>>> = if memo.is_on() {
        HashMap::new()
    } else {
        use rayon::prelude::*;
        files.par_iter().map(|(rel, _)| (rel.clone(), std::fs::read(root.join(rel)))).collect()
    };

    for (rel, parts) in files {
        if let Some(d) = refused.remove(&rel) {
            diags.push(d);
            continue;
        }
        let name = parts.last().cloned().unwrap_or_default();
        // A document or meeting nobody said changed is taken as loaded last time.
        match parts.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            [_] if name.ends_with(".md") => {
                if let Some(doc) = memo.unchanged_loaded(&rel, &root.join(&rel)) {
                    documents.push(doc);
                    continue;
                }
            }
            ["meetings", _] if name.ends_with(".md") => {
                if let Some(m) = memo.unchanged_loaded(&rel, &root.join(&rel)) {
                    meetings.push(m);
                    continue;
                }
            }
            _ => {}
        }
        let bytes = match read.remove(&rel).unwrap_or_else(|| memo.read(&root.join(&rel))) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(&rel, 0, 0, format!("cannot read file: {e}")));
                continue;
            }
        };
        let ext = Path::new(&name).extension().and_then(|e| e.to_str()).unwrap_or("");
        if !walk::TEXT_EXTENSIONS.contains(&ext) {
            assets.insert(parts.join("/"), bytes);
            continue;
        }
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let text = match utf8(&rel, bytes) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                mark_failed(&parts, &mut failed);
                continue;
            }
        };
        match parts.as_slice() {
            ["site.yaml"] => match memo.parsed(&rel, &text, || yaml::parse::<raw::SiteConfig>(&rel, &text)) {
                Ok(cfg) => site = Some((rel, text, cfg)),
                Err(d) => {
                    diags.extend(d);
                    failed.site = true;
                }
            },
            [file] if ext == "md" => {
                let mut broken = None;
                let read = |t, d: &mut Diagnostics| markdown(&rel, file, t, d).map_err(|slug| broken = Some(slug)).ok();
                match memo.loaded(&root.join(&rel), &rel, text, &mut diags, read) {
                    Some(doc) => documents.push(doc),
                    None => failed.documents.extend(broken),
                }
            }
            ["meetings", file] if ext == "md" => {
                let mut broken = None;
                let read = |t, d: &mut Diagnostics| markdown(&rel, file, t, d).map_err(|slug| broken = Some(slug)).ok();
                match memo.loaded(&root.join(&rel), &rel, text, &mut diags, read) {
                    Some(m) => meetings.push(m),
                    None => failed.meetings.extend(broken),
                }
            }
            ["data", "stakeholders.yaml"] => data(&rel, text, &mut stakeholders, &mut diags, &mut failed, memo),
            ["data", "people.yaml"] => data(&rel, text, &mut people, &mut diags, &mut failed, memo),
            ["data", "recommendations.yaml"] => data(&rel, text, &mut recommendations, &mut diags, &mut failed, memo),
            ["data", "outcomes.yaml"] => data(&rel, text, &mut outcomes, &mut diags, &mut failed, memo),
            ["data", "key-dates.yaml"] => data(&rel, text, &mut key_dates, &mut diags, &mut failed, memo),
            ["data", "questions.yaml"] => data(&rel, text, &mut questions, &mut diags, &mut failed, memo),
            ["data", "responses.yaml"] => one(&rel, text, &mut responses, &mut diags, &mut failed, memo),
            ["data", _] => diags.push(
                Diagnostic::error(&rel, 0, 0, "unknown data file")
                    .with_help(format!("content/data/ holds {}", DATA_FILES.join(", "))),
            ),
            _ => diags.push(Diagnostic::error(&rel, 0, 0, "unexpected file").with_help(
                "documents are content/*.md, meetings content/meetings/*.md, data content/data/*.yaml; \
                 other files (images, PDFs) are copied as they are",
            )),
        }
    }

    let site_path = Path::new("content").join("site.yaml");
    if site.is_none() && !diags.iter().any(|d| d.file.as_deref() == Some(site_path.as_path())) {
        diags.push(Diagnostic::error(&site_path, 0, 0, "missing site.yaml").with_help("it needs at least `title: …`"));
    }
    failed.site |= site.is_none();
    let theme_name = site.as_ref().and_then(|(_, _, s)| s.theme.as_ref());
    let theme = crate::timings::time("load: theme", || theme::load(root, theme_name, &site_path)).unwrap_or_else(|d| {
        diags.extend(d);
        theme::builtin()
    });
    failed.any = diags.has_errors();
    let (site_path, site_text, site) = site.unwrap_or_else(|| (site_path, String::new(), raw::SiteConfig::default()));
    let mut sources = Sources {
        root: root.to_path_buf(),
        site_path,
        site_text,
        site,
        documents,
        meetings,
        stakeholders,
        people,
        recommendations,
        outcomes,
        key_dates,
        questions,
        responses,
        assets,
        theme,
        failed,
        published: versions::Published::default(),
    };
    // Frozen versions are checked even when the sources have errors, so a
    // run reports everything at once.
    sources.published = crate::timings::time("load: versions", || memo.published(root, &sources, started, &mut diags));
    sources.failed.any = diags.has_errors();
    (Some(sources), diags)
}

/// Reads the site folder at `root`; any error fails it. Returns every problem
/// found, not just the first.
pub fn load(root: &Path) -> Result<Sources, Diagnostics> {
    load_with(root, &mut Memo::off())
}

/// [`load`], reusing what `memo` kept (see [`read_with`]).
pub fn load_with(root: &Path, memo: &mut Memo) -> Result<Sources, Diagnostics> {
    match read_with(root, memo) {
        (Some(sources), diags) if !diags.has_errors() => Ok(sources),
        (_, diags) => Err(diags),
    }
}

/// Records the file at `parts` (under content/) as failed.
fn mark_failed(parts: &[&str], failed: &mut Failed) {
    let slug = |f: &str| f.strip_suffix(".md").unwrap_or(f).to_string();
    match parts {
        ["site.yaml"] => failed.site = true,
        [file] => {
            failed.documents.insert(slug(file));
        }
        ["meetings", file] => {
            failed.meetings.insert(slug(file));
        }
        ["data", file] => {
            if let Some(name) = DATA_FILES.iter().find(|d| *d == file) {
                failed.data.insert(name.trim_end_matches(".yaml"));
            }
        }
        _ => {}
    }
}

/// walkdir's error in words: a loop of links, or the system's reason.
fn io_words(e: &walkdir::Error) -> String {
    if let Some(ancestor) = e.loop_ancestor() {
        return format!("a link loops back to {}", ancestor.display());
    }
    match e.io_error() {
        Some(io) => io.to_string(),
        None => e.to_string(),
    }
}

/// Checks UTF-8 and names the line and column of the first bad byte.
pub fn utf8(rel: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        Diagnostic::error(rel, line, column, "file is not valid UTF-8")
            .with_help("save the file as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")")
    })
}

/// A Markdown file with its front matter; on failure, its slug.
fn markdown<F: DeserializeOwned + 'static>(
    rel: &Path,
    file: &str,
    text: String,
    diags: &mut Diagnostics,
) -> Result<Loaded<F>, String> {
    let slug = file.strip_suffix(".md").unwrap_or(file).to_string();
    if text.len() > crate::model::events::MAX_SOURCE {
        diags.push(
            Diagnostic::error(rel, 0, 0, "file is larger than 2 GiB, the most a Markdown file may be")
                .with_help("split it into several documents"),
        );
        return Err(slug);
    }
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(frontmatter::SplitError::Missing) => {
            diags.push(
                Diagnostic::error(rel, 1, 1, "missing front matter")
                    .with_source(&text)
                    .with_help("start the file with a `---` line, then `title: …`, then another `---` line"),
            );
            return Err(slug);
        }
        Err(frontmatter::SplitError::Unclosed) => {
            diags.push(
                Diagnostic::error(rel, 1, 1, "front matter is not closed")
                    .with_source(&text)
                    .with_help("end the front matter with a line holding only `---`"),
            );
            return Err(slug);
        }
    };
    if !is_slug(&slug) {
        diags.push(
            Diagnostic::error(rel, 0, 0, format!("file name `{slug}` cannot be a stable web address"))
                .with_help("use lowercase letters, digits and hyphens only, e.g. `appendix-1.md`"),
        );
    }
    let body_offset = text.len() - split.body.len();
    let (yaml, jekyll) = foreign::without_jekyll_keys(&split.yaml);
    diags.extend(foreign::jekyll_warning(rel, &text, &jekyll));
    let split = frontmatter::Split { yaml, ..split };
    let front = if split.yaml.trim().is_empty() {
        // An empty front matter is a mapping with no fields: say which are missing.
        yaml::parse::<F>(rel, &format!("{}{{}}", split.yaml))
    } else {
        yaml::parse::<F>(rel, &split.yaml)
    };
    match front {
        Ok(front) => Ok(Loaded { path: rel.to_path_buf(), text: Arc::from(text), slug, front, body_offset }),
        Err(ds) => {
            diags.extend(ds.into_iter().map(|d| d.with_source(&text)));
            Err(slug)
        }
    }
}

fn data<T: DeserializeOwned + Clone + Send + 'static>(
    rel: &Path,
    text: String,
    into: &mut DataFile<T>,
    diags: &mut Diagnostics,
    failed: &mut Failed,
    memo: &mut Memo,
) {
    let parsed = if text.trim().is_empty() {
        Ok(Vec::new())
    } else {
        memo.parsed(rel, &text, || yaml::parse::<Vec<T>>(rel, &text))
    };
    match parsed {
        Ok(items) => *into = DataFile { path: rel.to_path_buf(), text, items },
        Err(d) => {
            diags.extend(d);
            let parts: Vec<&str> = rel.iter().skip(1).filter_map(|p| p.to_str()).collect();
            mark_failed(&parts, failed);
        }
    }
}

/// A data file that is one mapping, not a list.
fn one<T: DeserializeOwned + Clone + Send + 'static>(
    rel: &Path,
    text: String,
    into: &mut DataFile<T>,
    diags: &mut Diagnostics,
    failed: &mut Failed,
    memo: &mut Memo,
) {
    match memo.parsed(rel, &text, || yaml::parse::<T>(rel, &text)) {
        Ok(item) => *into = DataFile { path: rel.to_path_buf(), text, items: vec![item] },
        Err(d) => {
            diags.extend(d);
            let parts: Vec<&str> = rel.iter().skip(1).filter_map(|p| p.to_str()).collect();
            mark_failed(&parts, failed);
        }
    }
}

/// Lowercase letters, digits and inner hyphens: safe in a URL and on every disk.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
