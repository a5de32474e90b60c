//! archive: every published version rendered as it was, under
//! `versions/<version>/`, with the redlines between versions and what ties
//! the versions together on every page (banner, version list, "was 2.1.3 in
//! version 1").
//!
//! A frozen version is a complete site folder, so it goes through the same
//! load → model → render as the current content. Its pages and its
//! [`Snapshot`] never change for a given binary, so they are cached
//! ([`cache`]). What does change as versions are published (the banner, the
//! version list, the notes that point to the latest version) is kept out of
//! the cached bytes: pages carry markers, and [`notes`] fills them on every
//! build, which is cheap.

pub mod cache;
pub mod identity;
mod notes;
mod outcome;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::diff::{self, Redline, Snapshot};
use crate::model::versions::Release;
use crate::model::Site;
use crate::render::changes::{self, Step};
use crate::render::{json, Output};
use crate::{load, model, render};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// One published version, rendered: its pages (with markers) and its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archive {
    /// Path inside the version (`report/index.html`) → bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    pub snapshot: Snapshot,
}

/// Whether this run may add rendered versions to the disk cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// Use what is cached; write nothing (`check`).
    Read,
    /// Use what is cached and store what had to be rendered (`build`).
    Fill,
}

/// Where the banner and the version list go in every page.
pub const VERSIONS_MARKER: &str = "<!--consult:versions-->";

/// Where notes about a numbered paragraph's other versions go.
pub fn paragraph_marker(id: &str) -> String {
    format!("<!--consult:para:{id}-->")
}

/// Adds every published version, the redlines and the version notes to
/// `out` (the current site, rendered). Errors if a version no longer builds.
pub fn add(root: &Path, site: &Site, out: &mut Output, cache: Cache) -> Result<(), Diagnostics> {
    let releases = &site.versions.releases;
    let built: Vec<Result<Arc<Archive>, Diagnostics>> = releases.par_iter().map(|r| archive(root, r, cache)).collect();
    let mut diags = Diagnostics::new();
    let mut archives = Vec::with_capacity(built.len());
    for b in built {
        match b {
            Ok(a) => archives.push(a),
            Err(d) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let empty = Snapshot::default();
    let redlines: Vec<Redline> = (0..archives.len())
        .into_par_iter()
        .map(|k| diff::compare(if k == 0 { &empty } else { &archives[k - 1].snapshot }, &archives[k].snapshot))
        .collect();
    let current = diff::snapshot(site);
    let draft = match archives.last() {
        Some(latest) if site.versions.draft => Some(diff::compare(&latest.snapshot, &current)),
        _ => None,
    };
    let checked = outcome::check(site, &redlines, draft.as_ref());
    if checked.has_errors() {
        return Err(checked);
    }
    // The open data names each paragraph's identity across versions.
    if !releases.is_empty() {
        let steps: Vec<_> = (0..archives.len())
            .map(|k| (releases[k].version.text.as_str(), &archives[k].snapshot, &redlines[k]))
            .collect();
        let since = identity::since(&steps, &current, draft.as_ref());
        out.files.insert(json::PATH.into(), json::consultation_json(site, Some(&since)).into_bytes());
    }
    let steps: Vec<Step> = releases
        .iter()
        .enumerate()
        .map(|(k, r)| Step { release: r, previous: k.checked_sub(1).map(|p| &releases[p]), redline: &redlines[k] })
        .collect();
    for (path, bytes) in changes::pages(site, &steps, draft.as_ref())? {
        out.files.insert(path, bytes);
    }
    let root_paths: HashSet<String> = out.files.keys().cloned().collect();
    let history = notes::History::new(site, &archives, &redlines, draft.as_ref(), &root_paths);
    out.files.par_iter_mut().filter(|(p, _)| p.ends_with(".html")).for_each(|(path, bytes)| {
        if let Some(b) = history.fill(None, path, bytes) {
            *bytes = b;
        }
    });
    let archived: Vec<(String, Vec<u8>)> = archives
        .par_iter()
        .enumerate()
        .flat_map_iter(|(k, a)| {
            let history = &history;
            let prefix = format!("versions/{}/", releases[k].version.text);
            let release = &releases[k];
            a.files.iter().map(move |(path, bytes)| {
                let filled = if path.ends_with(".html") {
                    history.fill(Some(k), path, bytes)
                } else if path == crate::render::json::PATH {
                    let json = String::from_utf8_lossy(bytes);
                    Some(
                        crate::render::json::as_published(&json, &release.version.text, &release.date.iso())
                            .into_bytes(),
                    )
                } else {
                    None
                };
                (format!("{prefix}{path}"), filled.unwrap_or_else(|| bytes.clone()))
            })
        })
        .collect();
    out.files.extend(archived);
    Ok(())
}

/// The rendered version `r`: from the cache, or built from its frozen folder.
fn archive(root: &Path, r: &Release, cache: Cache) -> Result<Arc<Archive>, Diagnostics> {
    let key = cache::key(&r.digest);
    if let Some(a) = cache::get(root, &key) {
        return Ok(a);
    }
    let archive = Arc::new(render_version(r)?);
    if cache == Cache::Fill {
        // The cache only saves time: a folder we cannot write costs a re-render next time.
        let _ = cache::store(root, &key, &archive);
    }
    cache::remember(&key, archive.clone());
    Ok(archive)
}

/// load → model → render on a frozen folder, without the cache.
pub fn render_version(r: &Release) -> Result<Archive, Diagnostics> {
    let v = &r.version.text;
    let sources = load::load(&r.dir).map_err(|d| in_version(d, v))?;
    let (mut site, _) = model::build(sources).map_err(|d| in_version(d, v))?;
    // An archived page is not the canonical address of anything, and the
    // sitemap lists the current pages only.
    site.base_url = None;
    // Its "respond to this paragraph" links name the version the reader is reading.
    site.version = Some(v.clone());
    site.versions.frozen = true;
    let out = render::render(&site).map_err(|d| in_version(d, v))?;
    Ok(Archive { files: out.files, snapshot: diff::snapshot(&site) })
}

/// Names the version in each diagnostic of building it.
fn in_version(diags: Diagnostics, version: &str) -> Diagnostics {
    let mut out = Diagnostics::new();
    for mut d in diags.into_iter().filter(Diagnostic::is_error) {
        d.file = d.file.map(|f| Path::new("versions").join(version).join(f));
        d.message = format!("version {version} no longer builds: {}", d.message);
        if d.help.is_none() {
            d.help = Some(format!(
                "versions/{version}/ is frozen; build it with the consult release that published it, or report this"
            ));
        }
        out.push(d);
    }
    out
}
