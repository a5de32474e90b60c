//! One build of the preview: the same pipeline that `consult check` and
//! `consult build` run, with a [`Memo`] so that an edit to one document
//! redoes that document's work only, kept in memory for requests to read.
//!
//! A build comes in two parts ([`commands::stage`]): the pages made from one
//! thing each, shown as soon as they are made, then the files made from the
//! whole site (search index, print page, archived versions …). A request for
//! one of those waits for the second part.

use super::live::Built;
use super::watch::Changes;
use crate::archive::Cache;
use crate::commands::{self, Staged};
use crate::diagnostic::{Diagnostic, Severity};
use crate::memo::Memo;
use crate::render::Output;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Builds a site again and again, remembering the last output that built.
pub struct Builder {
    root: PathBuf,
    memo: Memo,
    last_good: Option<(Arc<Output>, Arc<Output>)>,
}

/// A build whose pages are shown and whose other files are still to make.
pub struct Pending {
    // Boxed: it is handed back and forth whole.
    staged: Box<Staged>,
    pages: Arc<Output>,
}

/// Notes speak of hosting the built site (404.html at any depth), which the
/// preview does itself.
fn shown(diagnostics: crate::diagnostic::Diagnostics) -> Vec<Diagnostic> {
    diagnostics.sorted().into_iter().filter(|d| d.severity != Severity::Note).collect()
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
        let document = |p: &Path| {
            let parts: Vec<_> = p.components().collect();
            parts.len() == 2 && parts[0].as_os_str() == "content" && p.extension().is_some_and(|e| e == "md")
        };
        self.memo.documents_only(!changes.everything && changes.paths.iter().all(|p| document(p)));
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

    /// Builds the site as it is on disk now, both parts.
    pub fn build(&mut self) -> Built {
        match self.first() {
            (built, None) => built,
            (_, Some(pending)) => self.rest(pending),
        }
    }

    /// The first part: the pages to show now and, when it succeeded, what
    /// [`Builder::rest`] needs. A failed build keeps the last good output
    /// (for the warnings bar's sake) and says it failed.
    pub fn first(&mut self) -> (Built, Option<Pending>) {
        match commands::stage(&self.root, &mut self.memo, Cache::Read) {
            Ok((staged, pages)) => {
                let pages = Arc::new(pages);
                let diagnostics = shown(staged.diagnostics.clone());
                let built = Built { output: Some(pages.clone()), rest: None, failed: false, diagnostics };
                (built, Some(Pending { staged: Box::new(staged), pages }))
            }
            Err(run) => (self.failed(run.diagnostics), None),
        }
    }

    /// The second part: every other file, or the errors of making them.
    pub fn rest(&mut self, pending: Pending) -> Built {
        let rest = pending.staged.rest(&pending.pages);
        self.finish(pending, rest)
    }

    /// [`Builder::rest`], unless `stop()` says at one of its checkpoints
    /// that a change is waiting: then the build is handed back, to make
    /// again should the change turn out to change nothing.
    pub fn rest_unless(&mut self, pending: Pending, stop: &mut dyn FnMut() -> bool) -> Result<Built, Pending> {
        match pending.staged.rest_unless(&pending.pages, stop) {
            Ok(None) => Err(pending),
            Ok(Some(rest)) => Ok(self.finish(pending, Ok(rest))),
            Err(d) => Ok(self.finish(pending, Err(d))),
        }
    }

    fn finish(&mut self, pending: Pending, rest: Result<Output, crate::diagnostic::Diagnostics>) -> Built {
        let Pending { staged, pages } = pending;
        if rest.is_ok() {
            staged.warm(&mut self.memo);
        }
        let run = staged.finish(rest);
        match run.output {
            Some(rest) if !run.diagnostics.has_errors() => {
                let rest = Arc::new(rest);
                self.last_good = Some((pages.clone(), rest.clone()));
                Built { output: Some(pages), rest: Some(rest), failed: false, diagnostics: shown(run.diagnostics) }
            }
            _ => self.failed(run.diagnostics),
        }
    }

    fn failed(&self, diagnostics: crate::diagnostic::Diagnostics) -> Built {
        let (output, rest) = match &self.last_good {
            Some((p, r)) => (Some(p.clone()), Some(r.clone())),
            None => (None, None),
        };
        Built { output, rest, failed: true, diagnostics: shown(diagnostics) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn minimal() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/minimal/content");
        std::fs::create_dir(dir.path().join("content")).unwrap();
        for f in std::fs::read_dir(from).unwrap() {
            let f = f.unwrap();
            std::fs::copy(f.path(), dir.path().join("content").join(f.file_name())).unwrap();
        }
        dir
    }

    #[test]
    fn a_second_part_stopped_by_a_save_is_handed_back_and_can_be_made_again() {
        let site = minimal();
        let root = site.path().canonicalize().unwrap();
        let mut builder = Builder::new(&root);
        assert!(!builder.build().failed);
        let report = root.join("content/report.md");
        let text = std::fs::read_to_string(&report).unwrap();
        std::fs::write(&report, format!("{text}\nA new closing line.\n")).unwrap();
        let changes = Changes { paths: [PathBuf::from("content/report.md")].into(), everything: false };
        assert!(builder.needed(&changes));
        let (shown, pending) = builder.first();
        assert!(shown.rest.is_none() && !shown.failed);
        let mut asked = 0;
        let pending = match builder.rest_unless(pending.unwrap(), &mut || {
            asked += 1;
            true
        }) {
            Err(pending) => pending,
            Ok(_) => panic!("a stopped second part was finished"),
        };
        assert_eq!(asked, 1, "it did not stop at the first checkpoint");
        let built = builder.rest_unless(pending, &mut || false).unwrap_or_else(|_| panic!("not finished"));
        let fresh = crate::commands::check(&root).output.unwrap();
        let served: BTreeMap<String, Vec<u8>> =
            fresh.all().keys().filter_map(|p| built.get(p).map(|b| (p.clone(), b.to_vec()))).collect();
        assert_eq!(built.len(), fresh.len(), "the second part made again has other files than a fresh build");
        assert_eq!(served, fresh.all(), "the second part made again differs from a fresh build");
    }
}
