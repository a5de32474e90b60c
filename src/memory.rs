//! Giving freed memory back to be used again, between a run's stages.
//!
//! mimalloc keeps what a thread frees in that thread's own pages, and what
//! one thread frees of another's waits until the owner looks. After a large
//! release (a build's Markdown events, made on every core and freed on one)
//! the allocations that follow would grow the process instead of reusing it:
//! so every thread collects first.

/// Has every thread of the pool, and this one, collect what was freed.
/// Under another global allocator it has nothing to collect.
pub fn give_back() {
    // SAFETY: `mi_collect` only walks the calling thread's own heap.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}
