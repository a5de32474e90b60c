//! What filling a current page's markers reads, as one number per page, so
//! `serve` can keep a filled page while its unfilled bytes and its key are
//! unchanged (`archive::refill`). Beside [`History::fill`] on purpose: a new
//! input to the bar or the paragraph notes of the current pages must be
//! counted here too.

use super::History;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// The keys of the current pages, for one [`History`].
pub struct CurrentKeys<'a> {
    history: &'a History,
    /// The bar's inputs that are the same on every page.
    global: u64,
    /// Each document's paragraph notes ("was 1.2 in version 1"), by slug.
    notes: HashMap<&'a str, u64>,
}

impl History {
    /// The keys of the current pages' fillings ([`History::fill`] with `at` None).
    pub fn current_keys(&self) -> CurrentKeys<'_> {
        let mut h = DefaultHasher::new();
        (self.draft, &self.version, format!("{:?}", self.releases)).hash(&mut h);
        let latest = self.latest();
        // As `paragraph` picks them for the current pages.
        let was = match latest {
            Some(_) if self.draft => self.draft_was.as_ref(),
            Some(l) => self.was.get(l),
            None => None,
        };
        let mut by_slug: HashMap<&str, Vec<(&str, &str, &str)>> = HashMap::new();
        for ((slug, id), (number, old)) in was.into_iter().flatten() {
            by_slug.entry(slug).or_default().push((id, number, old));
        }
        let notes = by_slug
            .into_iter()
            .map(|(slug, mut entries)| {
                entries.sort_unstable();
                let mut h = DefaultHasher::new();
                entries.hash(&mut h);
                (slug, h.finish())
            })
            .collect();
        CurrentKeys { history: self, global: h.finish(), notes }
    }
}

impl CurrentKeys<'_> {
    /// The key of the current page at `path` in a site whose files are
    /// `site_files`: equal keys, equal fillings of the same unfilled page.
    pub fn of(&self, path: &str, site_files: &HashSet<String>) -> u64 {
        let mut h = DefaultHasher::new();
        self.global.hash(&mut h);
        // The version list links to this page where each version has it.
        site_files.contains(path).hash(&mut h);
        for a in &self.history.archives {
            a.paths.contains(path).hash(&mut h);
        }
        let slug = path.strip_suffix("/index.html").unwrap_or("");
        self.notes.get(slug).hash(&mut h);
        h.finish()
    }
}
