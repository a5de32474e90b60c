//! Giving freed memory back to be used again, between a run's stages.
//!
//! mimalloc keeps what a thread frees in that thread's own pages, and what
//! one thread frees of another's waits until the owner looks. After a large
//! release (a build's Markdown events, made on every core and freed on one)
//! the allocations that follow would grow the process instead of reusing it:
//! so every thread collects first.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set once by the preview, which builds again on every save.
static SERVING: AtomicBool = AtomicBool::new(false);

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (3.x; 2.x's
/// `reset_delay` has the same place), in milliseconds.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For the preview: each save's build takes about the memory the last one
/// freed. mimalloc gives freed memory back to the system after a second,
/// and a forced collection at once; the next save then takes it back page
/// by page, a fifth of a save's time on a 1,000-document site (`cargo bench
/// --bench serve`: a meeting's save 47 → 37 ms, with about 230 MiB more
/// kept, no more after twenty saves). So freed memory is kept for a minute,
/// and [`give_back`] hands blocks back to their pages without returning them.
pub fn keep_while_serving() {
    SERVING.store(true, Ordering::Relaxed);
    // SAFETY: sets an option mimalloc reads whenever it purges; any value is valid.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 60_000) }
}

/// Has every thread of the pool, and this one, collect what was freed;
/// a build also returns it to the system (its peak), the preview keeps it.
/// Under another global allocator it has nothing to collect.
pub fn give_back() {
    let force = !SERVING.load(Ordering::Relaxed);
    // SAFETY: `mi_collect` only walks the calling thread's own heap.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(force) });
    unsafe { libmimalloc_sys::mi_collect(force) };
}
