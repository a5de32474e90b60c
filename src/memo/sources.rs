//! Reuse in `load` and at the start of `model` for files the watcher has
//! not named since the last build: their front matter is taken as it was
//! without reading, decoding or comparing the file again, and the numbers
//! of each body (what resolving citations reads) are hashed once per parse.
//! The published versions' folders are checked again only once a path in
//! them changes, and a YAML file is parsed again only when its text does.

use super::Memo;
use crate::diagnostic::Diagnostics;
use crate::load::versions::{self, Frozen, Published};
use crate::load::{Loaded, Sources};
use crate::model::markdown::Body;
use crate::model::Document;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A body's numbers hashed ([`crate::model::numbers_hash`]), for the body it was made from.
pub(super) struct NumbersEntry {
    body: Arc<Body>,
    hash: u64,
}

impl Memo {
    /// The Markdown file `rel` (at `path` on disk) as loaded last time (lent
    /// until [`Memo::keep_loaded`]), when
    /// nothing has said it changed since ([`Memo::forget`]) and it loaded
    /// from those bytes without a diagnostic. None: read it.
    pub fn unchanged_loaded<F: Clone + Send + 'static>(&mut self, rel: &Path, path: &Path) -> Option<Loaded<F>> {
        // The bytes last read may not be the ones last loaded (not UTF-8, say).
        if !self.files.contains_key(path) || !self.settled.contains(path) {
            return None;
        }
        let loaded = self.loads.get_mut(rel)?.loaded.take()?.downcast::<Loaded<F>>().ok()?;
        self.reused.front_matter += 1;
        Some(*loaded)
    }

    /// [`crate::model::numbers_hash`] of `d`'s body, as last time for the same body.
    pub fn numbers(&mut self, d: &Document) -> u64 {
        if let Some(e) = self.numbers.get(&d.source) {
            if Arc::ptr_eq(&e.body, &d.body) {
                return e.hash;
            }
        }
        let hash = crate::model::numbers_hash(&d.body);
        if self.on {
            self.numbers.insert(d.source.clone(), NumbersEntry { body: d.body.clone(), hash });
        }
        hash
    }
}

/// The published versions as last checked, and the folder they are in.
pub(super) type FrozenEntry = Option<(PathBuf, Vec<Frozen>)>;

impl Memo {
    /// [`versions::load`] for the site at `root`: the frozen folders are
    /// read and checked again only when a path in `versions/` changed since
    /// they last checked without a diagnostic; once a version is published,
    /// the current digests are computed every time (from the memo's own,
    /// for unchanged files).
    pub fn published(
        &mut self,
        root: &Path,
        sources: &Sources,
        started: std::time::SystemTime,
        diags: &mut Diagnostics,
    ) -> Published {
        if let Some((_, frozen)) = &self.frozen {
            let frozen = frozen.clone();
            let (current, _) = versions::current(root, sources, &frozen, self, None);
            return Published { frozen, current, stamps: Default::default() };
        }
        let before = diags.iter().count();
        let published = versions::load(root, sources, started, diags, self);
        if self.on && diags.iter().count() == before {
            self.frozen = Some((root.join("versions"), published.frozen.clone()));
        }
        published
    }

    /// Forgets the published versions if `path` is in their folder (or holds it).
    pub(super) fn forget_frozen(&mut self, path: &Path) {
        if self.frozen.as_ref().is_some_and(|(dir, _)| path.starts_with(dir) || dir.starts_with(path)) {
            self.frozen = None;
        }
    }
}

/// A YAML file's text and what it parsed into (a `T` of its own type).
pub(super) type DataEntry = (String, Box<dyn std::any::Any + Send>);

impl Memo {
    /// `parse()` of the YAML file `rel` whose text is `text`, or a copy of
    /// what it gave last time for the same text. Only files that parsed
    /// are kept, so every error is reported every time.
    pub fn parsed<T: Clone + Send + 'static>(
        &mut self,
        rel: &Path,
        text: &str,
        parse: impl FnOnce() -> Result<T, Vec<crate::diagnostic::Diagnostic>>,
    ) -> Result<T, Vec<crate::diagnostic::Diagnostic>> {
        if let Some((known, value)) = self.data.get(rel) {
            if known == text {
                if let Some(v) = value.downcast_ref::<T>() {
                    return Ok(v.clone());
                }
            }
        }
        let parsed = parse();
        match &parsed {
            Ok(v) if self.on => {
                self.data.insert(rel.to_path_buf(), (text.to_string(), Box::new(v.clone())));
            }
            _ => {
                self.data.remove(rel);
            }
        }
        parsed
    }
}
