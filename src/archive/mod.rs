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
mod draft;
pub mod identity;
mod notes;
mod outcome;
mod refill;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::diff::{self, Redline, Snapshot};
use crate::model::versions::Release;
use crate::model::Site;
use crate::render::changes::{self, Step};
use crate::render::{json, Output};
use crate::{load, model, render, timings};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// One published version, rendered: its pages (with markers) and its snapshot.
#[derive(Debug)]
pub struct Archive {
    /// Its files' paths inside the version (`report/index.html`).
    pub paths: BTreeSet<String>,
    pub snapshot: Snapshot,
    /// Its pages; from the cache, found only when first needed, since a
    /// build whose output already holds this version never needs them.
    pages: OnceLock<Result<Pages, String>>,
    /// The cache file they are in, when they are not in memory.
    cached: Option<PathBuf>,
}

/// An archived version's pages: in memory (rendered by this run, and not
/// cached), or where each is in its cache file, read one at a time, so
/// writing ten versions never holds more than a page of them.
#[derive(Debug)]
pub enum Pages {
    Held(BTreeMap<String, Vec<u8>>),
    InFile(cache::PagesFile),
}

impl Archive {
    fn rendered(pages: BTreeMap<String, Vec<u8>>, snapshot: Snapshot) -> Archive {
        let paths = pages.keys().cloned().collect();
        Archive { paths, snapshot, pages: OnceLock::from(Ok(Pages::Held(pages))), cached: None }
    }

    fn cached(paths: BTreeSet<String>, snapshot: Snapshot, file: PathBuf) -> Archive {
        Archive { paths, snapshot, pages: OnceLock::new(), cached: Some(file) }
    }

    /// The same version, its pages left in the cache `file` it was stored in.
    fn into_cached(self, file: PathBuf) -> Archive {
        Archive::cached(self.paths, self.snapshot, file)
    }

    /// The pages, when this run rendered them and holds them.
    fn held(&self) -> Option<&BTreeMap<String, Vec<u8>>> {
        match self.pages.get() {
            Some(Ok(Pages::Held(pages))) => Some(pages),
            _ => None,
        }
    }

    /// The page at `path` (inside the version), its markers unfilled; None
    /// when the version has no such page.
    pub fn page(&self, path: &str) -> Result<Option<std::borrow::Cow<'_, [u8]>>, String> {
        let pages = self.pages.get_or_init(|| {
            let file = self.cached.as_deref().ok_or("no pages")?;
            cache::PagesFile::open(file).map(Pages::InFile).map_err(|e| unreadable(file, &e))
        });
        match pages.as_ref().map_err(Clone::clone)? {
            Pages::Held(pages) => Ok(pages.get(path).map(|b| b.as_slice().into())),
            Pages::InFile(file) => {
                file.read(path).map(|b| b.map(std::borrow::Cow::Owned)).map_err(|e| unreadable(file.path(), &e))
            }
        }
    }
}

fn unreadable(file: &Path, e: &std::io::Error) -> String {
    format!("cannot read {}: {e}; build again (the cache is rebuilt when it cannot be read)", file.display())
}

/// How this run uses the cache of rendered versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// Use what is cached; write nothing (`check`).
    Read,
    /// Use what is cached and store what had to be rendered (`build`).
    Fill,
    /// Neither read nor write it: render every version afresh (`--no-cache`).
    Off,
}

/// Where the banner and the version list go in every page.
pub const VERSIONS_MARKER: &str = "<!--consult:versions-->";

/// Where notes about a numbered paragraph's other versions go.
pub fn paragraph_marker(id: &str) -> String {
    format!("<!--consult:para:{id}-->")
}

/// What [`prepare`] found, for [`complete`].
pub struct Prepared {
    archives: Vec<Arc<Archive>>,
    /// `redlines[k]`: version k against the one before.
    redlines: Vec<Arc<Redline>>,
    /// The current content's snapshot, when it is a draft after a published version.
    current: Option<Snapshot>,
    /// The current content against the latest version, when it differs.
    draft: Option<Redline>,
    /// What fills the markers, from all of the above.
    history: Arc<notes::History>,
    /// Each version's cache key ([`cache::key`]).
    keys: Vec<String>,
}

/// The redline's snapshot of the current site, when it is a draft of a
/// published version ([`prepare`] compares it with the latest); content
/// that is the latest version needs none of its own.
pub fn current_snapshot(site: &Site, memo: &mut crate::memo::Memo) -> Option<Snapshot> {
    (!site.versions.releases.is_empty() && site.versions.draft)
        .then(|| timings::time("versions: snapshot", || diff::snapshot_with(site, memo)))
}

/// The first part of adding the versions: every published version read (or
/// rendered), the redlines between them, and the history that fills the
/// current pages' version bar and notes. Errors if a version no longer builds.
pub fn prepare(
    root: &Path,
    site: &Site,
    current: Option<Snapshot>,
    cache: Cache,
    memo: &mut crate::memo::Memo,
) -> Result<Prepared, Diagnostics> {
    let releases = &site.versions.releases;
    let built: Vec<Result<Arc<Archive>, Diagnostics>> = timings::time("versions: read or render", || {
        // Those cached on all cores; the others one after another, each
        // rendered on all cores: two sites' models at once would only
        // double the memory.
        let cached: Vec<Option<Arc<Archive>>> = releases.par_iter().map(|r| cached(root, r, cache)).collect();
        releases.iter().zip(cached).map(|(r, a)| a.map_or_else(|| rendered(root, r, cache), Ok)).collect()
    });
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
    let keys: Vec<String> = releases.iter().map(|r| cache::key(&r.digest)).collect();
    let redlines: Vec<Arc<Redline>> = timings::time("versions: compare", || {
        (0..archives.len())
            .into_par_iter()
            .map(|k| {
                let previous = k.checked_sub(1).map(|p| (keys[p].as_str(), &archives[p].snapshot));
                redline_between(root, cache, previous, (&keys[k], &archives[k].snapshot))
            })
            .collect()
    });
    let draft = match (archives.last(), &current) {
        (Some(latest), Some(current)) => {
            Some(timings::time("versions: draft", || draft::compare(&latest.snapshot, current, memo)))
        }
        _ => None,
    };
    let checked = outcome::check(site, &redlines, draft.as_ref());
    if checked.has_errors() {
        return Err(checked);
    }
    let history = timings::time("versions: history", || {
        Arc::new(notes::History::new(site, archives.clone(), &redlines, draft.as_ref()))
    });
    Ok(Prepared { archives, redlines, current, draft, history, keys })
}

/// Fills the version bar and notes of the pages the render held in `pages`
/// (see [`crate::render::Stream`] for those it did not).
pub fn fill_first(prepared: &Prepared, pages: &mut Output, memo: &mut crate::memo::Memo) {
    let history = &prepared.history;
    timings::time("versions: fill current", || refill::fill_current(history, &mut pages.files, memo));
}

/// Makes, while nothing waits, what the next build would otherwise make
/// first should a save turn the content into a draft ([`draft::warm`]).
pub fn warm(site: &Site, prepared: &Prepared, memo: &mut crate::memo::Memo) {
    draft::warm(site, prepared.archives.last().map(|a| &a.snapshot), memo);
}

/// The redline of one published version against the one before (`None`:
/// the first version), each given by its cache key and snapshot. Both are
/// immutable, so the redline is made once and kept: in memory for the
/// process (`serve` asks on every save) and, for a build, in the cache.
fn redline_between(
    root: &Path,
    cache: Cache,
    previous: Option<(&str, &Snapshot)>,
    this: (&str, &Snapshot),
) -> Arc<Redline> {
    type Known = std::sync::Mutex<std::collections::HashMap<String, Arc<Redline>>>;
    static KNOWN: OnceLock<Known> = OnceLock::new();
    let known = KNOWN.get_or_init(Default::default);
    let Some((previous_key, previous)) = previous else {
        // Against nothing: every document added, nothing to align.
        return Arc::new(diff::compare(&Snapshot::default(), this.1));
    };
    let pair = cache::pair_key(previous_key, this.0);
    if let Some(r) = known.lock().ok().and_then(|m| m.get(&pair).cloned()) {
        return r;
    }
    let stored = (cache != Cache::Off).then(|| cache::read_redline(root, &pair, previous, this.1)).flatten();
    let redline = Arc::new(stored.unwrap_or_else(|| {
        let made = diff::compare(previous, this.1);
        if cache == Cache::Fill {
            let _ = cache::store_redline(root, &pair, &made);
        }
        made
    }));
    if let Ok(mut m) = known.lock() {
        m.insert(pair, redline.clone());
    }
    redline
}

/// Fills the version bar and notes into a current page made after
/// [`prepare`] (None when it has no markers): `render_rest`'s filler.
pub fn fill(prepared: &Prepared, path: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    prepared.history.fill_current(path, bytes)
}

/// The second part: adds to `rest` (the files made after `pages`) the open
/// data with each paragraph's identity, the redlines' pages, and every
/// archived version (filled as it is written or served), and fills the
/// markers of `rest`'s own pages. `put`: where the open data goes as soon
/// as it is made (see [`crate::render::put_parts`]).
pub fn complete(
    root: &Path,
    site: &Site,
    prepared: &Prepared,
    pages: &Output,
    rest: &mut Output,
    cache: Cache,
    put: Option<&crate::render::PutFile<'_>>,
) -> Result<(), Diagnostics> {
    let releases = &site.versions.releases;
    let Prepared { archives, redlines, current, draft, history, keys } = prepared;
    let draft = draft.as_ref();
    // The open data names each paragraph's identity across versions, each
    // version's as of that version.
    let mut identities = Vec::new();
    if !releases.is_empty() {
        let steps: Vec<_> = (0..archives.len())
            .map(|k| (releases[k].version.text.as_str(), &archives[k].snapshot, &*redlines[k]))
            .collect();
        identities = timings::time("versions: identities", || identity::each(&steps));
        let latest = identities.last().expect("a version");
        let since = match (current, draft) {
            (Some(c), Some(d)) => identity::in_draft(latest, c, d),
            _ => latest.clone(),
        };
        let json = timings::time("versions: json", || json::spliced(site, Some(&since)));
        crate::render::put_parts(rest, put, json::PATH, &json)?;
    }
    let mut identities = identities.into_iter().map(Arc::new);
    let pairs: Vec<String> = keys.windows(2).map(|w| cache::pair_key(&w[0], &w[1])).collect();
    let steps: Vec<Step> = releases
        .iter()
        .enumerate()
        .map(|(k, r)| Step {
            release: r,
            previous: k.checked_sub(1).map(|p| &releases[p]),
            redline: &redlines[k],
            lasting: k.checked_sub(1).map(|p| pairs[p].as_str()),
        })
        .collect();
    let kept = cache::Pages::new(root, cache);
    let mut made = BTreeMap::new();
    for (path, bytes) in timings::time("versions: redlines", || changes::pages(site, &steps, draft, &kept))? {
        made.insert(path, bytes.into());
    }
    // The rest's own pages were filled as they were made ([`fill`]).
    refill::fill(history, &mut made);
    rest.files.extend(made);
    let site_files: Arc<HashSet<String>> = Arc::new(pages.paths().chain(rest.paths()).cloned().collect());
    // The archived pages are filled as they are written or served.
    for (k, archive) in archives.iter().cloned().enumerate() {
        let release = &releases[k];
        rest.deferred.push(Arc::new(Version {
            k,
            prefix: format!("versions/{}/", release.version.text),
            key: crate::load::versions::sha256(format!("{}\n{}", keys[k], history.key(k, &site_files)).as_bytes()),
            version: release.version.text.clone(),
            date: release.date.iso(),
            archive,
            since: identities.next().unwrap_or_default(),
            history: history.clone(),
            site_files: site_files.clone(),
        }));
    }
    if cache == Cache::Fill {
        let keep = pairs.into_iter().chain(keys.iter().cloned()).chain(kept.used()).collect();
        cache::prune(root, &keep);
    }
    Ok(())
}

/// An archived version's pages as the output holds them: filled on demand.
struct Version {
    k: usize,
    prefix: String,
    key: String,
    version: String,
    date: String,
    archive: Arc<Archive>,
    /// Its paragraphs' identities, as of this version.
    since: Arc<identity::Since>,
    history: Arc<notes::History>,
    /// The current site's files, which its version list links to.
    site_files: Arc<HashSet<String>>,
}

impl render::Deferred for Version {
    fn prefix(&self) -> &str {
        &self.prefix
    }

    fn key(&self) -> &str {
        &self.key
    }

    fn paths(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        Box::new(self.archive.paths.iter().map(String::as_str))
    }

    fn has(&self, path: &str) -> bool {
        self.archive.paths.contains(path)
    }

    fn file(&self, path: &str) -> Result<Vec<u8>, String> {
        let bytes = self.archive.page(path)?.ok_or_else(|| format!("{}{path} is not in the archive", self.prefix))?;
        let filled = if path.ends_with(".html") {
            self.history.fill(Some(self.k), path, &bytes, &self.site_files)
        } else if path == json::PATH {
            let published = json::as_published(&String::from_utf8_lossy(&bytes), &self.version, &self.date);
            Some(json::with_since(&published, &self.since).into_bytes())
        } else {
            None
        };
        Ok(filled.unwrap_or_else(|| bytes.into_owned()))
    }
}

/// The rendered version `r` from the cache, when the run uses it and it
/// holds the version.
fn cached(root: &Path, r: &Release, cache: Cache) -> Option<Arc<Archive>> {
    (cache != Cache::Off).then(|| cache::get(root, &cache::key(&r.digest))).flatten()
}

/// The version `r` rendered from its frozen folder ([`render_version`]),
/// kept in the cache when the run fills it.
fn rendered(root: &Path, r: &Release, cache: Cache) -> Result<Arc<Archive>, Diagnostics> {
    let mut archive = render_version(r)?;
    if cache == Cache::Off {
        return Ok(Arc::new(archive));
    }
    let key = cache::key(&r.digest);
    if cache == Cache::Fill {
        // The cache only saves time: a folder we cannot write costs a re-render next time.
        if let Ok(file) = cache::store(root, &key, &archive) {
            // Stored, its pages are read back one by one as they are written.
            archive = archive.into_cached(file);
        }
    }
    // A version's render freed as much as the site holds, on every core.
    crate::memory::give_back();
    let archive = Arc::new(archive);
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
    let pages = out.files.into_iter().map(|(p, b)| (p, Vec::from(b))).collect();
    Ok(Archive::rendered(pages, diff::snapshot(&site)))
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
