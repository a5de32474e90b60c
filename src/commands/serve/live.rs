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
        let same_output = match (&self.output, &other.output) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        same_output && self.failed == other.failed && self.diagnostics == other.diagnostics
    }
}

struct Inner {
    /// Counts builds that changed what is served; a page reloads when it moves.
    number: u64,
    building: bool,
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
            inner: Mutex::new(Inner { number: 1, building: false, built: Arc::new(built) }),
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
        let mut inner = self.lock();
        let moved = *inner.built != built;
        if moved {
            inner.number += 1;
            inner.built = Arc::new(built);
        }
        inner.building = false;
        drop(inner);
        self.changed.notify_all();
        moved
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
}
