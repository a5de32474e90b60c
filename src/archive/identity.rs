//! A paragraph's identity across versions, in the manner of Akoma Ntoso's
//! wId beside its eId: the version a paragraph was first published in and
//! its id there. `para-2.1.4` today may be `para-2.1.3` of version 1; the
//! redlines' `kept` maps (old id → new id) carry it from version to version.

use crate::diff::{DocStatus, Redline, Snapshot};
use std::collections::HashMap;
use std::sync::Arc;

/// Document → (id now → (version first published in, id then)). A
/// document unchanged by a version keeps its map as it was (shared), so a
/// version costs only what it changed.
pub type Since = HashMap<String, Arc<HashMap<String, (String, String)>>>;

/// The identity of every numbered paragraph of the working draft `current`
/// (its redline `draft` against the latest version, whose identities are
/// `latest`). A paragraph new in the draft has none yet.
pub fn in_draft(latest: &Since, current: &Snapshot, draft: &Redline) -> Since {
    step(latest, current, draft, None)
}

/// The identities of each published version's paragraphs, as of that
/// version (what its own `consultation.json` names), oldest first.
pub fn each(versions: &[(&str, &Snapshot, &Redline)]) -> Vec<Since> {
    let mut all: Vec<Since> = Vec::with_capacity(versions.len());
    for (label, snap, redline) in versions {
        let known = step(all.last().unwrap_or(&Since::new()), snap, redline, Some(label));
        all.push(known);
    }
    all
}

/// The identity of paragraph `id` of document `slug`, if it has one.
pub fn of<'a>(since: &'a Since, slug: &str, id: &str) -> Option<&'a (String, String)> {
    since.get(slug)?.get(id)
}

/// The identities after one version (`label`, or `None` for the draft).
fn step(before: &Since, snap: &Snapshot, redline: &Redline, label: Option<&str>) -> Since {
    use rayon::prelude::*;
    let changed: HashMap<&str, _> = redline.docs.iter().map(|d| (d.doc.slug.as_str(), d)).collect();
    // Each document on its own, on all cores: a version names every one.
    let docs: Vec<_> = snap
        .docs
        .par_iter()
        .map(|doc| {
            let slug = doc.slug.as_str();
            if !changed.contains_key(slug) {
                // Unchanged since the version before: every id, and so every identity, as it was.
                if let Some(kept) = before.get(slug) {
                    return (slug.to_string(), kept.clone());
                }
            }
            let was: HashMap<&str, &str> = match changed.get(slug) {
                Some(d) if d.status == DocStatus::Changed => {
                    d.kept.iter().map(|(o, n)| (n.as_str(), o.as_str())).collect()
                }
                Some(_) => HashMap::new(),
                // Unchanged but unknown before (cannot happen after a first version): its own ids.
                None => doc.blocks.iter().filter_map(|b| b.key.as_deref()).map(|k| (k, k)).collect(),
            };
            let earlier = before.get(slug);
            let mut ids = HashMap::with_capacity(doc.blocks.len());
            for id in doc.blocks.iter().filter_map(|b| b.key.as_deref()).filter(|k| k.starts_with("para-")) {
                let identity = match was.get(id).and_then(|o| earlier.and_then(|e| e.get(*o))) {
                    Some(i) => Some(i.clone()),
                    None => label.map(|l| (l.to_string(), id.to_string())),
                };
                if let Some(i) = identity {
                    ids.insert(id.to_string(), i);
                }
            }
            (slug.to_string(), Arc::new(ids))
        })
        .collect();
    let mut out = Since::with_capacity(docs.len());
    out.extend(docs);
    out
}
