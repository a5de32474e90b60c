//! Filling the version bar and the paragraph notes into the current site's
//! pages. With the memo on (`serve`), a page whose unfilled bytes and whose
//! filling key ([`notes::History::current_keys`]) are last build's gets last
//! build's filled bytes back, shared: after an edit to one document, only
//! its page (and any page whose notes or links changed) is filled again.

use super::notes;
use crate::memo::Memo;
use crate::render::Bytes;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};

/// Fills the markers of the current site's pages in `files` (every file of
/// the current site so far), reusing what `memo` kept.
pub fn fill_current(history: &notes::History, files: &mut BTreeMap<String, Bytes>, memo: &mut Memo) {
    if !memo.is_on() {
        return fill(history, files);
    }
    // What the memo's keys read: which pages the site has.
    let site_files: HashSet<String> = files.keys().cloned().collect();
    let site_files = &site_files;
    let keys = history.current_keys();
    let mut kept = Vec::new();
    let mut todo = Vec::new();
    for (path, bytes) in files.iter_mut().filter(|(p, _)| p.ends_with(".html")) {
        let key = keys.of(path, site_files);
        match memo.filled(path, bytes, key) {
            Some(filled) => {
                kept.push((path.clone(), bytes.clone(), key, filled.clone()));
                *bytes = filled;
            }
            None => todo.push((path, bytes, key)),
        }
    }
    let made: Vec<_> = todo
        .into_par_iter()
        .map(|(path, bytes, key)| {
            let unfilled = bytes.clone();
            if let Some(b) = history.fill(None, path, bytes, site_files) {
                *bytes = b.into();
            }
            (path.clone(), unfilled, key, bytes.clone())
        })
        .collect();
    kept.extend(made);
    memo.keep_filled(kept);
}

/// Fills the markers of the pages in `files`, all of them.
pub fn fill(history: &notes::History, files: &mut BTreeMap<String, Bytes>) {
    files.par_iter_mut().filter(|(p, _)| p.ends_with(".html")).for_each(|(path, bytes)| {
        if let Some(b) = history.fill_current(path, bytes) {
            *bytes = b.into();
        }
    });
}
