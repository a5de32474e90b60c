//! Which documents compared equal in the last draft redline (see
//! `archive::draft`), by the snapshots compared.

use super::Memo;
use crate::diff::DocSnap;
use std::collections::HashMap;
use std::sync::Arc;

/// Slug → (latest version's snapshot, current snapshot) that compared equal.
pub(super) type Equal = HashMap<String, (Arc<DocSnap>, Arc<DocSnap>)>;

impl Memo {
    /// Whether `old` and `new` (the same document in the latest version and
    /// now) are the very snapshots that compared equal last time.
    pub fn compared_equal(&self, old: &Arc<DocSnap>, new: &Arc<DocSnap>) -> bool {
        self.equal.get(&new.slug).is_some_and(|(o, n)| Arc::ptr_eq(o, old) && Arc::ptr_eq(n, new))
    }

    /// Keeps the pairs that compared equal in this draft redline; forgets the others.
    pub fn keep_compared_equal(&mut self, pairs: Vec<(Arc<DocSnap>, Arc<DocSnap>)>) {
        if self.on {
            self.equal = pairs.into_iter().map(|(o, n)| (n.slug.clone(), (o, n))).collect();
        }
    }
}
