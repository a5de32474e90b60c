//! The current pages with their version bar and paragraph notes filled in,
//! kept between builds: a page whose unfilled bytes are the same allocation
//! as last time (the render memo handed them on) and whose filling key is
//! unchanged is not scanned and copied again.

use super::Memo;
use crate::render::Bytes;
use std::collections::HashMap;

pub(super) struct FilledEntry {
    unfilled: Bytes,
    key: u64,
    filled: Bytes,
}

/// The filled pages of one build, by path.
pub(super) type Filled = HashMap<String, FilledEntry>;

impl Memo {
    /// The page at `path` as filled last time, if it was filled from these
    /// same `unfilled` bytes with the same `key` (what filling read).
    pub fn filled(&self, path: &str, unfilled: &Bytes, key: u64) -> Option<Bytes> {
        let e = self.filled.get(path)?;
        (e.key == key && e.unfilled.same(unfilled)).then(|| e.filled.clone())
    }

    /// Keeps this build's filled pages (path, unfilled, key, filled) for
    /// the next; forgets the others.
    pub fn keep_filled(&mut self, pages: Vec<(String, Bytes, u64, Bytes)>) {
        if !self.on {
            return;
        }
        self.filled = pages
            .into_iter()
            .map(|(path, unfilled, key, filled)| (path, FilledEntry { unfilled, key, filled }))
            .collect();
    }
}
