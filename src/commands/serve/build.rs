//! One build of the preview: the same `check` that `consult check` and
//! `consult build` run, with a [`Memo`] so that an edit to one document
//! redoes that document's work only, kept in memory for requests to read.

use super::live::Built;
use super::watch::Changes;
use crate::commands;
use crate::memo::Memo;
use crate::render::Output;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Builds a site again and again, remembering the last output that built.
pub struct Builder {
    root: PathBuf,
    memo: Memo,
    last_good: Option<Arc<Output>>,
}

impl Builder {
    pub fn new(root: &Path) -> Builder {
        Builder { root: root.to_path_buf(), memo: Memo::new(), last_good: None }
    }

    /// Whether `changes` can change the build: false when every path named
    /// holds what the last build read from it. An editor's save can reach
    /// the watcher as two batches; the first build already read the saved
    /// file, so the second needs no build. Otherwise the paths are forgotten
    /// by the memo, so the build reads them again.
    pub fn needed(&mut self, changes: &Changes) -> bool {
        if changes.everything {
            self.memo.forget_all();
            return true;
        }
        let paths: Vec<PathBuf> = changes.paths.iter().map(|p| self.root.join(p)).collect();
        if paths.iter().all(|p| self.memo.unchanged(p)) {
            return false;
        }
        for p in &paths {
            self.memo.forget(p);
        }
        true
    }

    /// Builds the site as it is on disk now.
    pub fn build(&mut self) -> Built {
        let run = commands::check_with(&self.root, &mut self.memo);
        let failed = run.output.is_none() || run.diagnostics.has_errors();
        // Notes speak of hosting the built site (404.html at any depth), which
        // the preview does itself.
        let diagnostics: Vec<_> =
            run.diagnostics.sorted().into_iter().filter(|d| d.severity != crate::diagnostic::Severity::Note).collect();
        if let (Some(output), false) = (run.output, failed) {
            // Keep the same allocation when nothing changed, so comparing is cheap.
            if self.last_good.as_deref() != Some(&output) {
                self.last_good = Some(Arc::new(output));
            }
        }
        Built { output: self.last_good.clone(), failed, diagnostics }
    }
}
