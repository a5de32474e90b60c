//! What every build writes into the markers of the current and archived
//! pages: the version banner, the version list, and the notes beside a
//! paragraph ("2.1.4, was 2.1.3 in version 1"; "now 2.1.4 in the latest
//! version"). Computed from the redlines, never cached, so an archived
//! page's bytes need not change when a new version is published.

mod key;

use super::{Archive, VERSIONS_MARKER};
use crate::diff::{DocStatus, Redline};
use crate::model::versions::Release;
use crate::model::Site;
use crate::render::html::escape;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// How a document's paragraph ids carried over from one version to the next.
enum Kept {
    /// Old id → new id (a document that changed).
    Map(HashMap<String, String>),
    /// The document is gone.
    Gone,
}

/// A renumbered paragraph's earlier number and id, by (document, id now).
type Was = HashMap<(String, String), (String, String)>;

/// The versions of a site, ready to fill markers. It owns what it needs, so
/// the pages of archived versions can be filled later, as they are written
/// or served.
pub struct History {
    draft: bool,
    /// `site.yaml`'s version, for the bar before anything is published.
    version: Option<String>,
    releases: Vec<Release>,
    archives: Vec<Arc<Archive>>,
    /// `kept[k]`: from version k-1 to version k, by document (absent: unchanged).
    kept: Vec<HashMap<String, Kept>>,
    /// `was[k]`: renumbered paragraphs of version k against version k-1.
    was: Vec<Was>,
    /// Renumbered paragraphs of the draft against the latest version.
    draft_was: Option<Was>,
    /// Each version's documents by file name: index into its snapshot.
    docs: Vec<HashMap<String, usize>>,
}

fn was_of(r: &Redline) -> Was {
    let mut out = HashMap::new();
    for d in r.docs.iter().filter(|d| d.status == DocStatus::Changed) {
        for c in d.changes.iter().filter(|c| c.renumbered) {
            if let (Some(o), Some(n)) = (&c.old, &c.new) {
                if let (Some(ok), Some(nk), Some(on)) = (&o.key, &n.key, &o.number) {
                    out.insert((d.doc.slug.clone(), nk.clone()), (on.clone(), ok.clone()));
                }
            }
        }
    }
    out
}

fn kept_of(r: &Redline) -> HashMap<String, Kept> {
    r.docs
        .iter()
        .filter_map(|d| match d.status {
            DocStatus::Changed => Some((d.doc.slug.clone(), Kept::Map(d.kept.clone()))),
            DocStatus::Removed => Some((d.doc.slug.clone(), Kept::Gone)),
            DocStatus::Added => None,
        })
        .collect()
}

/// `../` once per folder of `path` inside its version, plus the version's own folder.
fn up(at: Option<usize>, path: &str) -> String {
    "../".repeat(path.matches('/').count() + if at.is_some() { 2 } else { 0 })
}

impl History {
    /// Gathers what the markers need from the versions' redlines (`redlines[k]`:
    /// version k against the one before) and the draft's.
    pub fn new(site: &Site, archives: Vec<Arc<Archive>>, redlines: &[Arc<Redline>], draft: Option<&Redline>) -> Self {
        History {
            draft: site.versions.draft,
            version: site.version.clone(),
            releases: site.versions.releases.clone(),
            docs: archives
                .iter()
                .map(|a| a.snapshot.docs.iter().enumerate().map(|(i, d)| (d.slug.clone(), i)).collect())
                .collect(),
            archives,
            kept: redlines.iter().map(|r| kept_of(r)).collect(),
            was: redlines.iter().map(|r| was_of(r)).collect(),
            draft_was: draft.map(was_of),
        }
    }

    /// What the filled pages of version `k` depend on besides their own
    /// bytes: the releases, whether there is a draft, and which of its pages
    /// the current site (`site_files`) has. Equal keys, equal filled pages.
    pub fn key(&self, k: usize, site_files: &HashSet<String>) -> String {
        let mut s = format!("draft {}\n", self.draft);
        for r in &self.releases {
            s.push_str(&format!("{} {} {}\n", r.version.text, r.date.iso(), r.digest));
        }
        for p in &self.archives[k].paths {
            s.push(if site_files.contains(p) { '1' } else { '0' });
        }
        s
    }

    /// The page at `path` of version `at` (None: the current pages) with its
    /// markers filled; None when it has none. `site_files`: the current
    /// site's files, which the version list links to where they exist.
    pub fn fill(&self, at: Option<usize>, path: &str, bytes: &[u8], site_files: &HashSet<String>) -> Option<Vec<u8>> {
        let html = std::str::from_utf8(bytes).ok()?;
        // One searcher for the whole page: a page has a marker per paragraph.
        let mut markers = memchr::memmem::find_iter(bytes, b"<!--consult:").peekable();
        markers.peek()?;
        let mut out = String::with_capacity(html.len() + 2048);
        let mut from = 0;
        for i in markers {
            if i < from {
                continue;
            }
            out.push_str(&html[from..i]);
            let after = &html[i..];
            let end = memchr::memmem::find(after.as_bytes(), b"-->").map_or(after.len(), |e| e + 3);
            let marker = &after[..end];
            if marker == VERSIONS_MARKER {
                out.push_str(&self.bar(at, path, site_files));
            } else if let Some(id) = marker.strip_prefix("<!--consult:para:").and_then(|m| m.strip_suffix("-->")) {
                out.push_str(&self.paragraph(at, path, id));
            }
            from = i + end;
        }
        out.push_str(&html[from..]);
        Some(out.into_bytes())
    }

    /// A current page with its markers filled (None when it has none): a
    /// current page's version list names no other current page, so no list
    /// of the site's files is needed.
    pub fn fill_current(&self, path: &str, bytes: &[u8]) -> Option<Vec<u8>> {
        self.fill(None, path, bytes, &HashSet::new())
    }

    /// Before anything is published every page still says what it is, so a
    /// printed page is never taken for a published version.
    fn unpublished_bar(&self) -> String {
        let label = match &self.version {
            Some(v) => format!("<strong>Working draft of version {}</strong>", escape(v)),
            None => "<strong>Working draft</strong>".to_string(),
        };
        format!(
            "<aside class=\"version-bar\" aria-label=\"Versions\">\n<div class=\"wrap\">\n<p class=\"version-status\">{label}: no version has been published yet.</p>\n</div>\n</aside>"
        )
    }

    fn latest(&self) -> Option<usize> {
        self.releases.len().checked_sub(1)
    }

    fn exists(&self, at: Option<usize>, path: &str, site_files: &HashSet<String>) -> bool {
        match at {
            None => site_files.contains(path),
            Some(k) => self.archives[k].paths.contains(path),
        }
    }

    /// From a page at `path` in `from`, the link to the same page in `to`
    /// (or to that version's home page when it has no such page).
    fn same_page(&self, from: Option<usize>, path: &str, to: Option<usize>, site_files: &HashSet<String>) -> String {
        // A page's link to itself needs no looking up.
        let target = if from == to || self.exists(to, path, site_files) { path } else { "index.html" };
        match to {
            None => format!("{}{target}", up(from, path)),
            Some(k) => format!("{}versions/{}/{target}", up(from, path), self.releases[k].version.text),
        }
    }

    fn bar(&self, at: Option<usize>, path: &str, site_files: &HashSet<String>) -> String {
        let Some(latest) = self.latest() else { return self.unpublished_bar() };
        let r = &self.releases;
        let u = up(at, path);
        let draft = self.draft;
        let status = match at {
            None if draft => format!(
                "<strong>Working draft</strong>, changed since version {}, published {}. <a href=\"{u}changes/draft/index.html\">What the draft changes</a>",
                escape(&r[latest].version.text),
                r[latest].date.long()
            ),
            None => format!(
                "<strong>Version {v}</strong>, published {}: the latest version. <a href=\"{u}changes/{v}/index.html\">What changed in version {v}</a>",
                r[latest].date.long(),
                v = escape(&r[latest].version.text)
            ),
            Some(k) => {
                let mut s = format!(
                    "<strong>You are reading version {}</strong>, published {}.",
                    escape(&r[k].version.text),
                    r[k].date.long()
                );
                if k < latest {
                    let now = if draft { Some(latest) } else { None };
                    s.push_str(&format!(
                        " A newer version exists: version {}, published {}. <a href=\"{}\">This page in the latest version</a> · <a href=\"{u}changes/{next}/index.html\">What changed in version {next}</a>",
                        escape(&r[latest].version.text),
                        r[latest].date.long(),
                        self.same_page(at, path, now, site_files),
                        next = escape(&r[k + 1].version.text),
                    ));
                } else if draft {
                    s.push_str(&format!(
                        " It is the latest published version; a working draft has changed since. <a href=\"{u}changes/draft/index.html\">What the draft changes</a>"
                    ));
                } else {
                    s.push_str(&format!(
                        " It is the latest version. <a href=\"{}\">This page at its usual address</a>",
                        self.same_page(at, path, None, site_files)
                    ));
                }
                s
            }
        };
        let mut list = String::new();
        let current_label = if draft { "Working draft".to_string() } else { "Current".to_string() };
        let mut items: Vec<(Option<usize>, String)> = vec![(None, current_label)];
        items.extend((0..r.len()).rev().map(|k| (Some(k), format!("Version {}", r[k].version.text))));
        for (to, label) in items {
            let current = if to == at { " aria-current=\"page\"" } else { "" };
            list.push_str(&format!(
                "<li><a href=\"{}\"{current}>{}</a></li>",
                escape(&self.same_page(at, path, to, site_files)),
                escape(&label)
            ));
        }
        format!(
            "<aside class=\"version-bar\" aria-label=\"Versions\">\n<div class=\"wrap\">\n<p class=\"version-status\">{status} · <a href=\"{u}changelog/index.html\">All versions</a></p>\n<nav aria-label=\"Versions of this page\"><p class=\"version-list-label\">Versions of this page:</p><ul class=\"version-list\">{list}</ul></nav>\n</div>\n</aside>"
        )
    }

    fn paragraph(&self, at: Option<usize>, path: &str, id: &str) -> String {
        let Some(latest) = self.latest() else { return String::new() };
        let Some(slug) = path.strip_suffix("/index.html") else { return String::new() };
        let u = up(at, path);
        let mut out = String::new();
        // Renumbered since the version before this one.
        let (was, before) = match at {
            None if self.draft => (self.draft_was.as_ref(), Some(latest)),
            None => (self.was.get(latest), latest.checked_sub(1)),
            Some(k) => (self.was.get(k), k.checked_sub(1)),
        };
        if let (Some(was), Some(b)) = (was, before) {
            if let Some((number, old_id)) = was.get(&(slug.to_string(), id.to_string())) {
                let v = &self.releases[b].version.text;
                let now = id.strip_prefix("para-").unwrap_or(id);
                out.push_str(&format!(
                    "<p class=\"para-note\">{}, was <a href=\"{u}versions/{v}/{slug}/index.html#{}\">{} in version {v}</a></p>\n",
                    escape(now),
                    escape(old_id),
                    escape(number),
                    v = escape(v)
                ));
            }
        }
        // In an older version: where this paragraph is in the latest one.
        if let Some(k) = at.filter(|&k| k < latest) {
            out.push_str(&self.in_latest(k, slug, id, &u));
        }
        out
    }

    fn in_latest(&self, k: usize, slug: &str, id: &str, u: &str) -> String {
        let mut key = id.to_string();
        let mut changed = false;
        for step in &self.kept[k + 1..] {
            match step.get(slug) {
                None => {}
                Some(Kept::Gone) => return self.gone(),
                Some(Kept::Map(m)) => {
                    changed = true;
                    match m.get(key.as_str()) {
                        Some(next) => key = next.clone(),
                        None => return self.gone(),
                    }
                }
            }
        }
        if !changed {
            return String::new();
        }
        let latest = self.releases.len() - 1;
        let doc_of = |v: usize| self.docs[v].get(slug).map(|&i| &self.archives[v].snapshot.docs[i]);
        let (Some(doc), Some(mine)) = (doc_of(latest), doc_of(k)) else {
            return String::new();
        };
        let (Some(now), Some(then)) = (
            doc.blocks.iter().find(|b| b.key.as_deref() == Some(&key)),
            mine.blocks.iter().find(|b| b.key.as_deref() == Some(id)),
        ) else {
            return String::new();
        };
        let reworded = now.text != then.text;
        if key == id && !reworded {
            return String::new();
        }
        let v = escape(&self.releases[latest].version.text);
        let target = if self.draft { format!("{u}versions/{v}/") } else { u.to_string() };
        let number = escape(now.number.as_deref().unwrap_or(&key));
        format!(
            "<p class=\"para-note\">In the latest version ({v}): <a href=\"{target}{slug}/index.html#{}\">paragraph {number}</a>{}</p>\n",
            escape(&key),
            if reworded { ", reworded" } else { "" }
        )
    }

    fn gone(&self) -> String {
        let latest = &self.releases[self.releases.len() - 1];
        format!("<p class=\"para-note\">Not in the latest version ({}).</p>\n", escape(&latest.version.text))
    }
}
