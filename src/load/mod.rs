//! load: the site folder on disk → [`Sources`], raw and positioned.
//! Reads every file once; gives no meaning to anything yet.

pub mod frontmatter;
pub mod ignore;
pub mod raw;
pub mod theme;
pub mod yaml;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::memo::Memo;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub use theme::ThemeFiles;

/// A Markdown file with its front matter parsed.
#[derive(Debug, Clone)]
pub struct Loaded<F> {
    /// Path relative to the site folder, e.g. `content/report.md`.
    pub path: PathBuf,
    /// The whole file.
    pub text: String,
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
    pub recommendations: DataFile<raw::Recommendation>,
    pub outcomes: DataFile<raw::OutcomeTheme>,
    pub key_dates: DataFile<raw::KeyDate>,
    /// Other files under `content/` (images, PDFs), copied as they are.
    pub assets: BTreeMap<String, Vec<u8>>,
    pub theme: ThemeFiles,
}

/// The data files `content/data/` may hold.
pub const DATA_FILES: [&str; 4] = ["key-dates.yaml", "outcomes.yaml", "recommendations.yaml", "stakeholders.yaml"];

/// Reads the site folder at `root`. Returns every problem found, not just the first.
pub fn load(root: &Path) -> Result<Sources, Diagnostics> {
    load_with(root, &mut Memo::off())
}

/// [`load`], reusing the files `memo` read last time and has not been told
/// changed, and the front matter of files whose text is unchanged.
pub fn load_with(root: &Path, memo: &mut Memo) -> Result<Sources, Diagnostics> {
    let mut diags = Diagnostics::new();
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::global(format!("no content/ folder in {}", root.display())).with_help(
                "a site folder holds content/site.yaml and Markdown documents; `consult new DIR` starts one",
            ),
        );
        return Err(diags);
    }

    let mut site: Option<(PathBuf, String, raw::SiteConfig)> = None;
    let mut documents = Vec::new();
    let mut meetings = Vec::new();
    let mut stakeholders = DataFile::default();
    let mut recommendations = DataFile::default();
    let mut outcomes = DataFile::default();
    let mut key_dates = DataFile::default();
    let mut assets = BTreeMap::new();

    for entry in WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !ignore::is_ignored(&e.file_name().to_string_lossy()))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::global(format!("cannot read {}: {e}", e.path().unwrap_or(&content).display())));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        let in_content = entry.path().strip_prefix(&content).unwrap_or(entry.path());
        let parts: Vec<String> = in_content.iter().map(|p| p.to_string_lossy().into_owned()).collect();
        let name = parts.last().cloned().unwrap_or_default();
        let bytes = match memo.read(entry.path()) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(&rel, 0, 0, format!("cannot read file: {e}")));
                continue;
            }
        };
        let ext = Path::new(&name).extension().and_then(|e| e.to_str()).unwrap_or("");
        let is_text = matches!(ext, "md" | "yaml" | "yml");
        if !is_text {
            assets.insert(parts.join("/"), bytes);
            continue;
        }
        let text = match utf8(&rel, bytes) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        match parts.as_slice() {
            ["site.yaml"] => match yaml::parse::<raw::SiteConfig>(&rel, &text) {
                Ok(cfg) => site = Some((rel, text, cfg)),
                Err(d) => diags.push(d),
            },
            [file] if ext == "md" => {
                if let Some(doc) = memo.loaded(&rel, text, &mut diags, |t, d| markdown(&rel, file, t, d)) {
                    documents.push(doc);
                }
            }
            ["meetings", file] if ext == "md" => {
                if let Some(m) = memo.loaded(&rel, text, &mut diags, |t, d| markdown(&rel, file, t, d)) {
                    meetings.push(m);
                }
            }
            ["data", "stakeholders.yaml"] => data(&rel, text, &mut stakeholders, &mut diags),
            ["data", "recommendations.yaml"] => data(&rel, text, &mut recommendations, &mut diags),
            ["data", "outcomes.yaml"] => data(&rel, text, &mut outcomes, &mut diags),
            ["data", "key-dates.yaml"] => data(&rel, text, &mut key_dates, &mut diags),
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
    let theme_name = site.as_ref().and_then(|(_, _, s)| s.theme.as_ref());
    let theme = match theme::load(root, theme_name, &site_path) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let (site_path, site_text, site) = site.expect("site.yaml was loaded when there are no errors");
    Ok(Sources {
        root: root.to_path_buf(),
        site_path,
        site_text,
        site,
        documents,
        meetings,
        stakeholders,
        recommendations,
        outcomes,
        key_dates,
        assets,
        theme: theme.expect("theme loaded when there are no errors"),
    })
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

fn markdown<F: DeserializeOwned>(rel: &Path, file: &str, text: String, diags: &mut Diagnostics) -> Option<Loaded<F>> {
    let slug = file.trim_end_matches(".md").to_string();
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err(frontmatter::SplitError::Missing) => {
            diags.push(
                Diagnostic::error(rel, 1, 1, "missing front matter")
                    .with_source(&text)
                    .with_help("start the file with a `---` line, then `title: …`, then another `---` line"),
            );
            return None;
        }
        Err(frontmatter::SplitError::Unclosed) => {
            diags.push(
                Diagnostic::error(rel, 1, 1, "front matter is not closed")
                    .with_source(&text)
                    .with_help("end the front matter with a line holding only `---`"),
            );
            return None;
        }
    };
    if !is_slug(&slug) {
        diags.push(
            Diagnostic::error(rel, 0, 0, format!("file name `{slug}` cannot be a stable web address"))
                .with_help("use lowercase letters, digits and hyphens only, e.g. `appendix-1.md`"),
        );
    }
    let body_offset = text.len() - split.body.len();
    let front = if split.yaml.trim().is_empty() {
        // An empty front matter is a mapping with no fields: say which are missing.
        yaml::parse::<F>(rel, &format!("{}{{}}", split.yaml))
    } else {
        yaml::parse::<F>(rel, &split.yaml)
    };
    match front {
        Ok(front) => Some(Loaded { path: rel.to_path_buf(), text, slug, front, body_offset }),
        Err(d) => {
            diags.push(d.with_source(&text));
            None
        }
    }
}

fn data<T: DeserializeOwned>(rel: &Path, text: String, into: &mut DataFile<T>, diags: &mut Diagnostics) {
    let parsed = if text.trim().is_empty() { Ok(Vec::new()) } else { yaml::parse::<Vec<T>>(rel, &text) };
    match parsed {
        Ok(items) => *into = DataFile { path: rel.to_path_buf(), text, items },
        Err(d) => diags.push(d),
    }
}

/// Lowercase letters, digits and inner hyphens: safe in a URL and on every disk.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
