//! One build of the preview: the same `check` that `consult check` and
//! `consult build` run, with a [`Memo`] so that an edit to one document
//! redoes that document's work only, kept in memory for requests to read.

use super::live::Built;
use super::watch::Changes;
use crate::commands;
use crate::memo::Memo;
use crate::render::Output;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a changed path held when a build last looked at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    Missing,
    /// A file, by a hash of its bytes.
    File(u64),
    /// A folder or anything else: always treated as changed.
    Other,
}

/// Builds a site again and again, remembering the last output that built.
pub struct Builder {
    root: PathBuf,
    memo: Memo,
    last_good: Option<Arc<Output>>,
    /// Every path a change named, as it was when the last build began.
    seen: HashMap<PathBuf, Seen>,
}

impl Builder {
    pub fn new(root: &Path) -> Builder {
        Builder { root: root.to_path_buf(), memo: Memo::new(), last_good: None, seen: HashMap::new() }
    }

    /// Whether `changes` can change the build: false when every path named
    /// holds what it held when the last build began. An editor's save can
    /// reach the watcher as two batches; the first build already read the
    /// saved file, so the second batch needs no build.
    pub fn needed(&mut self, changes: &Changes) -> bool {
        if changes.everything {
            self.seen.clear();
            return true;
        }
        let now: Vec<(PathBuf, Seen)> = changes.paths.iter().map(|p| (p.clone(), look(&self.root.join(p)))).collect();
        let needed = now.iter().any(|(p, s)| *s == Seen::Other || self.seen.get(p) != Some(s));
        self.seen.extend(now);
        needed
    }

    /// Builds the site as it is on disk now.
    pub fn build(&mut self) -> Built {
        let run = commands::check_with(&self.root, &mut self.memo);
        let failed = run.output.is_none() || run.diagnostics.has_errors();
        let diagnostics = run.diagnostics.sorted();
        if let (Some(output), false) = (run.output, failed) {
            // Keep the same allocation when nothing changed, so comparing is cheap.
            if self.last_good.as_deref() != Some(&output) {
                self.last_good = Some(Arc::new(output));
            }
        }
        Built { output: self.last_good.clone(), failed, diagnostics }
    }
}

fn look(path: &Path) -> Seen {
    match std::fs::symlink_metadata(path) {
        Err(_) => Seen::Missing,
        Ok(m) if m.is_file() => match std::fs::read(path) {
            Ok(bytes) => {
                let mut h = DefaultHasher::new();
                bytes.hash(&mut h);
                Seen::File(h.finish())
            }
            Err(_) => Seen::Other,
        },
        Ok(_) => Seen::Other,
    }
}
