//! One build of the preview: the same `check` that `consult check` and
//! `consult build` run, kept in memory and turned into what requests read.

use super::live::Built;
use super::watch::Changes;
use crate::commands;
use crate::render::Output;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Builds a site again and again, remembering the last output that built.
pub struct Builder {
    root: PathBuf,
    last_good: Option<Arc<Output>>,
}

impl Builder {
    pub fn new(root: &Path) -> Builder {
        Builder { root: root.to_path_buf(), last_good: None }
    }

    /// Builds the site as it is on disk now. `changes` says what moved since
    /// the last build.
    pub fn build(&mut self, _changes: &Changes) -> Built {
        let run = commands::check(&self.root);
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
