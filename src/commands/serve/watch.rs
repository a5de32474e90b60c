//! Watching the site folder with `notify`, debounced so that an editor's save
//! (write a temporary file, rename it over; or delete and create) is one change.

use crate::load::ignore::is_ignored;
use notify::event::EventKind;
use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

/// The folders of a site that a build reads.
pub const WATCHED: [&str; 3] = ["content", "themes", "versions"];

/// How old an event must be before the debouncer hands it over. Editors
/// finish a save within a millisecond or two; this is most of the latency
/// the watcher adds to a save. A save that straddles it comes in two
/// batches, and the second finds nothing new to build (see [`Watch::next`]).
pub const QUIET: Duration = Duration::from_millis(5);

/// How often the debouncer looks for events old enough to hand over.
const TICK: Duration = Duration::from_millis(2);

/// How long a file that went away may take to come back before the build
/// runs without it: editors that save by delete-and-create (or vim, by
/// renaming the file to a backup first) would otherwise show a build with
/// the file missing. A real deletion is shown this much later.
const REAPPEAR: Duration = Duration::from_millis(60);

/// What changed: paths relative to the site folder, or everything when the
/// watcher lost track (an overflowing event queue).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub paths: BTreeSet<PathBuf>,
    pub everything: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.everything
    }
}

/// The watcher of one site folder.
pub struct Watch {
    root: PathBuf,
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    /// Changes [`Watch::poll`] saw, for the next [`Watch::next`].
    waiting: Changes,
}

impl Watch {
    /// Starts watching `root` (already absolute): its `content/`, `themes/`
    /// and `versions/`, and the folder itself for those appearing later.
    pub fn start(root: &Path) -> notify::Result<Watch> {
        let (tx, events) = std::sync::mpsc::channel();
        let debouncer = new_debouncer(QUIET, Some(TICK), tx)?;
        let mut watch = Watch { root: root.to_path_buf(), debouncer, events, waiting: Changes::default() };
        watch.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED {
            watch.follow(&root.join(dir))?;
        }
        Ok(watch)
    }

    fn follow(&mut self, dir: &Path) -> notify::Result<()> {
        if dir.is_dir() {
            self.debouncer.watch(dir, RecursiveMode::Recursive)?;
        }
        Ok(())
    }

    /// Waits for the next change that matters to a build. `None` when no
    /// change came within `limit` (or the watcher stopped).
    pub fn next(&mut self, limit: Duration) -> Option<Changes> {
        let mut changes = std::mem::take(&mut self.waiting);
        if changes.is_empty() {
            let first = match self.events.recv_timeout(limit) {
                Ok(batch) => batch,
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            };
            self.add(first, &mut changes);
        }
        // Batches that came in while the last build ran. A save whose events
        // straddle the debouncer's tick comes in two batches; the first build
        // reads the saved file, and the builder skips the second (see
        // `Builder::needed`), so it is still one rebuild.
        while let Ok(more) = self.events.try_recv() {
            self.add(more, &mut changes);
        }
        let root = self.root.clone();
        let gone = |c: &Changes| c.paths.iter().any(|p| !root.join(p).exists());
        let deadline = std::time::Instant::now() + REAPPEAR;
        while gone(&changes) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.events.recv_timeout(left) {
                Ok(more) => self.add(more, &mut changes),
                Err(_) => break,
            }
        }
        Some(changes)
    }

    /// Whether a change that matters has come in, without waiting: the
    /// builder asks between the steps of a build's second part. What came
    /// in is kept for [`Watch::next`].
    pub fn poll(&mut self) -> bool {
        while let Ok(batch) = self.events.try_recv() {
            let mut waiting = std::mem::take(&mut self.waiting);
            self.add(batch, &mut waiting);
            self.waiting = waiting;
        }
        !self.waiting.is_empty()
    }

    fn add(&mut self, batch: DebounceEventResult, changes: &mut Changes) {
        let events = match batch {
            Ok(events) => events,
            Err(errors) => {
                for e in errors {
                    say!("warning: watching the site folder: {e}");
                }
                changes.everything = true;
                return;
            }
        };
        for e in events {
            if e.event.need_rescan() {
                changes.everything = true;
            }
            // Reading a file (as every build does) is not a change.
            if matches!(e.event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in &e.event.paths {
                let Ok(rel) = path.strip_prefix(&self.root) else { continue };
                if !matters(rel) {
                    continue;
                }
                // A watched folder made after the start (a first `versions/`).
                if rel.components().count() == 1 && path.is_dir() {
                    if let Err(err) = self.follow(path) {
                        say!("warning: cannot watch {}: {err}", path.display());
                    }
                }
                changes.paths.insert(rel.to_path_buf());
            }
        }
    }
}

/// Whether a change at `rel` (relative to the site folder) can change a build.
pub fn matters(rel: &Path) -> bool {
    let mut parts = rel.iter().map(|p| p.to_string_lossy());
    let Some(top) = parts.next() else { return false };
    WATCHED.contains(&top.as_ref()) && !rel.iter().any(|p| is_ignored(&p.to_string_lossy()))
}

#[cfg(test)]
mod tests {
    use super::matters;
    use std::path::Path;

    #[test]
    fn only_site_files_matter() {
        assert!(matters(Path::new("content/report.md")));
        assert!(matters(Path::new("content")));
        assert!(matters(Path::new("themes/default/templates/base.html")));
        assert!(matters(Path::new("versions/1/content/report.md")));
        assert!(!matters(Path::new("content/.report.md.swp")));
        assert!(!matters(Path::new("content/report.md~")));
        assert!(!matters(Path::new("content/4913")));
        assert!(!matters(Path::new("public/index.html")));
        assert!(!matters(Path::new("README.md")));
    }
}
