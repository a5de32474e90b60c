//! The state every request reads: the last build, its number, and whether a
//! build is running. Requests for pages wait while a build runs, and the
//! reload endpoint waits for the next build number.

use crate::diagnostic::Diagnostic;
use crate::render::Output;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// What one build left to serve.
#[derive(Debug, Default)]
pub struct Built {
    /// The pages of the last build that succeeded, if any did.
    pub output: Option<Arc<Output>>,
    /// Its other files, once made (see `build`): None while they are made.
    pub rest: Option<Arc<Output>>,
    /// Whether the latest build failed; its errors are then in `diagnostics`.
    pub failed: bool,
    /// Errors and warnings of the latest build, sorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Two builds serve the same when they have the same output (the builder
/// hands the same allocation on when the pages are unchanged, so this
/// compares pointers, not 20 MB) and the same diagnostics.
impl PartialEq for Built {
    fn eq(&self, other: &Built) -> bool {
        let same = |a: &Option<Arc<Output>>, b: &Option<Arc<Output>>| match (a, b) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        same(&self.output, &other.output)
            && same(&self.rest, &other.rest)
            && self.failed == other.failed
            && self.diagnostics == other.diagnostics
    }
}

impl Built {
    /// The file at `path`, from the pages or the other files.
    pub fn get(&self, path: &str) -> Option<std::borrow::Cow<'_, [u8]>> {
        [&self.output, &self.rest].into_iter().flatten().find_map(|o| o.get(path))
    }

    /// Whether there is a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        [&self.output, &self.rest].into_iter().flatten().any(|o| o.contains(path))
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        [&self.output, &self.rest].into_iter().flatten().map(|o| o.len()).sum()
    }
}

struct Inner {
    /// Counts builds that changed what is served; a page reloads when it moves.
    number: u64,
    building: bool,
    /// The pages of the build are shown; its other files are being made.
    completing: bool,
    built: Arc<Built>,
}

/// Shared between the builder and the request threads.
pub struct Live {
    /// Set once per process, so a page from an earlier run of the server
    /// sees a new tag (and reloads) after a restart.
    instance: String,
    inner: Mutex<Inner>,
    changed: Condvar,
}

/// A build as a request sees it: its tag (for the reload script) and contents.
pub struct Current {
    pub tag: String,
    pub built: Arc<Built>,
}

impl Live {
    /// Starts with `built`, the first build.
    pub fn new(built: Built) -> Live {
        let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        Live {
            instance: format!("{:x}{:x}", since_epoch.as_millis(), std::process::id()),
            inner: Mutex::new(Inner { number: 1, building: false, completing: false, built: Arc::new(built) }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn tag(&self, number: u64) -> String {
        format!("{}-{number}", self.instance)
    }

    /// Marks a build as running: page requests wait until it ends.
    pub fn start_build(&self) {
        self.lock().building = true;
    }

    /// Publishes a finished build. The number moves only when what is served
    /// changed, so saving an unchanged file reloads nothing. Returns whether it moved.
    pub fn finish_build(&self, built: Built) -> bool {
        self.publish(built, false, true)
    }

    /// Publishes the pages of a build whose other files are still being
    /// made: pages are answered at once (and open pages reload), requests
    /// for the other files wait for [`Live::complete_build`].
    pub fn show_pages(&self, built: Built) -> bool {
        self.publish(built, true, true)
    }

    /// Publishes the whole of a build whose pages [`Live::show_pages`]
    /// published. Its pages are the ones shown, so open pages reload only
    /// when it failed (to show why).
    pub fn complete_build(&self, built: Built) -> bool {
        let failed = built.failed;
        self.publish(built, false, failed)
    }

    fn publish(&self, built: Built, completing: bool, reload: bool) -> bool {
        let mut inner = self.lock();
        let moved = *inner.built != built;
        if moved {
            if reload {
                inner.number += 1;
            }
            inner.built = Arc::new(built);
        }
        inner.building = false;
        inner.completing = completing;
        drop(inner);
        self.changed.notify_all();
        moved && reload
    }

    /// The current build, after waiting (at most `limit`) for a running one to end.
    pub fn current(&self, limit: Duration) -> Current {
        let deadline = Instant::now() + limit;
        let mut inner = self.lock();
        while inner.building {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            inner = self.changed.wait_timeout(inner, left).unwrap_or_else(|p| p.into_inner()).0;
        }
        Current { tag: self.tag(inner.number), built: inner.built.clone() }
    }

    /// The current build with all its files, after waiting (at most `limit`)
    /// for a running build and for the rest of a shown one.
    pub fn complete(&self, limit: Duration) -> Current {
        let deadline = Instant::now() + limit;
        let mut inner = self.lock();
        while inner.building || inner.completing {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            inner = self.changed.wait_timeout(inner, left).unwrap_or_else(|p| p.into_inner()).0;
        }
        Current { tag: self.tag(inner.number), built: inner.built.clone() }
    }

    /// Waits (at most `limit`) until the build tag is no longer `seen`, then
    /// returns the tag. A tag from another run of the server answers at once.
    pub fn wait_for_change(&self, seen: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        let mut inner = self.lock();
        loop {
            let tag = self.tag(inner.number);
            if (tag != seen && !inner.building) || Instant::now() >= deadline {
                return tag;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            inner = self.changed.wait_timeout(inner, left).unwrap_or_else(|p| p.into_inner()).0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn a_waiting_request_sees_the_next_build() {
        let live = Arc::new(Live::new(Built::default()));
        let first = live.current(Duration::ZERO).tag;
        let waiter = {
            let live = live.clone();
            let first = first.clone();
            thread::spawn(move || live.wait_for_change(&first, Duration::from_secs(10)))
        };
        live.start_build();
        let changed = Built { failed: true, ..Built::default() };
        assert!(live.finish_build(changed));
        let next = waiter.join().unwrap();
        assert_ne!(next, first);
        assert_eq!(live.current(Duration::ZERO).tag, next);
    }

    #[test]
    fn a_page_asked_for_during_a_build_waits_for_it() {
        let live = Arc::new(Live::new(Built::default()));
        live.start_build();
        let reader = {
            let live = live.clone();
            thread::spawn(move || live.current(Duration::from_secs(10)).built.failed)
        };
        thread::sleep(Duration::from_millis(50));
        assert!(!reader.is_finished(), "the request did not wait for the build");
        live.finish_build(Built { failed: true, ..Built::default() });
        assert!(reader.join().unwrap(), "the request got the build that was running");
    }

    #[test]
    fn an_unchanged_build_keeps_its_number() {
        let live = Live::new(Built::default());
        let first = live.current(Duration::ZERO).tag;
        live.start_build();
        assert!(!live.finish_build(Built::default()));
        assert_eq!(live.current(Duration::ZERO).tag, first);
        assert_eq!(live.wait_for_change(&first, Duration::from_millis(20)), first);
        assert_ne!(live.wait_for_change("other-run-1", Duration::from_secs(10)), "other-run-1");
    }

    #[test]
    fn pages_shown_first_reload_once_and_the_rest_is_waited_for() {
        let live = Arc::new(Live::new(Built::default()));
        let first = live.current(Duration::ZERO).tag;
        live.start_build();
        let pages = Arc::new(Output::default());
        assert!(live.show_pages(Built { output: Some(pages.clone()), ..Built::default() }));
        let shown = live.current(Duration::ZERO).tag;
        assert_ne!(shown, first, "showing the pages reloads open pages");
        let reader = {
            let live = live.clone();
            thread::spawn(move || live.complete(Duration::from_secs(10)).built.rest.is_some())
        };
        thread::sleep(Duration::from_millis(50));
        assert!(!reader.is_finished(), "a request for the rest did not wait for it");
        let rest = Arc::new(Output::default());
        assert!(!live.complete_build(Built { output: Some(pages.clone()), rest: Some(rest), ..Built::default() }));
        assert!(reader.join().unwrap(), "the request got the build without its rest");
        assert_eq!(live.current(Duration::ZERO).tag, shown, "completing a shown build reloaded the pages");
        // A rest that fails reloads, to show its errors.
        live.start_build();
        live.show_pages(Built { output: Some(pages.clone()), ..Built::default() });
        assert!(live.complete_build(Built { failed: true, ..Built::default() }));
    }
}
