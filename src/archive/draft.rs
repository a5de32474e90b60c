//! The draft's redline: the current content against the latest published
//! version. With the memo on (`serve`), a document whose snapshot and whose
//! latest version's snapshot are the very ones that compared equal last
//! time is left out of both sides: it would compare equal again, and
//! [`diff::compare`] lists only documents with changes, so the redline is
//! the same without comparing a thousand unchanged documents on each save.

use crate::diff::{self, Redline, Snapshot};
use crate::memo::Memo;
use std::collections::{HashMap, HashSet};

/// `current` against `latest`, as [`diff::compare`] makes it.
pub fn compare(latest: &Snapshot, current: &Snapshot, memo: &mut Memo) -> Redline {
    if !memo.is_on() {
        return diff::compare(latest, current);
    }
    let old: HashMap<&str, _> = latest.docs.iter().map(|d| (d.slug.as_str(), d)).collect();
    let same: HashSet<&str> = current
        .docs
        .iter()
        .filter(|d| old.get(d.slug.as_str()).is_some_and(|o| memo.compared_equal(o, d)))
        .map(|d| d.slug.as_str())
        .collect();
    let without_same = |s: &Snapshot| Snapshot {
        docs: s.docs.iter().filter(|d| !same.contains(d.slug.as_str())).cloned().collect(),
        data: s.data.clone(),
    };
    let redline = diff::compare(&without_same(latest), &without_same(current));
    let changed: HashSet<&str> = redline.docs.iter().map(|d| d.doc.slug.as_str()).collect();
    let equal = current
        .docs
        .iter()
        .filter(|d| !changed.contains(d.slug.as_str()))
        .filter_map(|d| old.get(d.slug.as_str()).map(|&o| (o.clone(), d.clone())))
        .collect();
    memo.keep_compared_equal(equal);
    redline
}

/// Readies `memo` for the save that makes content equal to the latest
/// version (`latest`) a draft: that build needs the snapshot of every
/// document and the redline against the latest version, which the builds
/// before it did not make. Nothing to do for a draft or without versions.
pub fn warm(site: &crate::model::Site, latest: Option<&Snapshot>, memo: &mut Memo) {
    if let (Some(latest), false, true) = (latest, site.versions.draft, memo.is_on()) {
        let current = diff::snapshot_with(site, memo);
        compare(latest, &current, memo);
    }
}
