//! Reuse between builds of the same site, for `serve`: the work done for a
//! document is kept, keyed by what it was made from, and reused while that is
//! unchanged. `check` and `build` run the same code with the memo off, so the
//! preview can only differ from a build by a key that misses something, and
//! every key below compares the inputs themselves or pointers the memo holds.
//!
//! - A file under `content/` is read again only once `serve` says it changed
//!   (its watcher names every path that changes).
//! - A Markdown file's front matter is reused while its text is unchanged.
//! - A document's parse is reused while its file's text is unchanged.
//! - Its body as resolved is reused while that parse and its resolved
//!   citations are unchanged.
//! - Its page is reused while that body and everything else in the [`Site`]
//!   (the shell: [`shell_fingerprint`]) are unchanged. Other pages are
//!   rendered every time: they are few, and any of them may read any document.

mod draft;
mod filled;
mod sources;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::raw::Numbering;
use crate::load::Loaded;
use crate::model::markdown::{self, Body, Citation};
use crate::model::{Document, Site};
use crate::render::{Bytes, Templates};
use rayon::prelude::*;
use std::any::Any;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A Markdown body as parsed, before its citations are resolved.
#[derive(Debug)]
pub struct Parsed {
    pub body: Arc<Body>,
    pub citations: Vec<Citation>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One body to parse: the arguments of [`markdown::parse`].
pub struct ParseJob<'a> {
    pub path: &'a Path,
    pub text: &'a Arc<str>,
    pub body_offset: usize,
    pub numbering: Numbering,
    pub numbered: bool,
}

struct ParseEntry {
    text: Arc<str>,
    body_offset: usize,
    numbering: Numbering,
    numbered: bool,
    parsed: Arc<Parsed>,
}

/// A citation resolved: event index, target and label, as `model` applies it.
pub type Mark = (usize, crate::model::Target, Option<String>);

/// The citations of one document, resolved.
#[derive(Debug, PartialEq)]
pub struct Resolution {
    pub marks: Vec<Mark>,
    pub diagnostics: Vec<Diagnostic>,
}

struct ResolveEntry {
    parsed: Arc<Parsed>,
    environment: u64,
    index: usize,
    resolution: Arc<Resolution>,
}

struct BodyEntry {
    parsed: Arc<Body>,
    resolution: Arc<Resolution>,
    body: Arc<Body>,
}

struct PageEntry {
    shell: u64,
    body: Arc<Body>,
    bytes: Bytes,
    /// The body as the print page shows it, made with the page.
    print: Arc<str>,
}

struct SnapEntry {
    body: Arc<Body>,
    title: String,
    short_title: String,
    snap: Arc<crate::diff::DocSnap>,
}

/// A file that loaded without a diagnostic. The `Loaded` itself is lent to
/// each build (taken out, given back by `keep_loaded` at the end of `model`),
/// so tens of megabytes of text are not copied on every save.
struct LoadEntry {
    loaded: Option<Box<dyn Any + Send>>,
}

/// What the last build made, for the next one to reuse. Entries not used by
/// a build are dropped at its end, so the memo holds one build's worth.
#[derive(Default)]
pub struct Memo {
    on: bool,
    /// Files as the last load read them, until `forget` says they changed.
    files: HashMap<PathBuf, Vec<u8>>,
    loads: HashMap<PathBuf, LoadEntry>,
    parses: HashMap<PathBuf, ParseEntry>,
    resolutions: HashMap<PathBuf, ResolveEntry>,
    bodies: HashMap<PathBuf, BodyEntry>,
    pages: HashMap<String, PageEntry>,
    used_pages: Vec<String>,
    /// SHA-256 of files (sources and frozen versions), until `forget`.
    digests: HashMap<PathBuf, String>,
    /// Each document's snapshot for the redline, by file name.
    snaps: HashMap<String, SnapEntry>,
    /// The current pages with their markers filled.
    filled: filled::Filled,
    /// Each document's numbers hashed, by file.
    numbers: HashMap<PathBuf, sources::NumbersEntry>,
    /// Documents that compared equal in the last draft redline.
    equal: draft::Equal,
    /// Files whose `loads` entry was made from the bytes in `files`.
    settled: std::collections::HashSet<PathBuf>,
    /// YAML files as parsed, by path, with their text.
    data: HashMap<PathBuf, sources::DataEntry>,
    /// The published versions, until a path in `versions/` changes.
    frozen: sources::FrozenEntry,
    reused: Reused,
    /// The save being built changed documents only (see [`Memo::site_pages_later`]).
    documents_only: bool,
    /// The templates as last compiled, with the theme's name and templates they were compiled from.
    templates: Option<(String, std::collections::BTreeMap<String, crate::load::theme::Template>, Arc<Templates>)>,
}

/// How many pieces of work the memo has saved, by kind, since it was made.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reused {
    pub front_matter: usize,
    pub parses: usize,
    pub resolutions: usize,
    pub pages: usize,
}

impl Memo {
    /// A memo that keeps nothing: what `check` and `build` use.
    pub fn off() -> Memo {
        Memo::default()
    }

    /// Says whether the save about to be built changed documents (`content/*.md`) and nothing else.
    pub fn documents_only(&mut self, yes: bool) {
        self.documents_only = yes;
    }

    /// Whether this build leaves the pages made from the whole site's data
    /// (home, lists, meetings, stakeholders …) to its second part: the
    /// preview's, when a save changed documents only, so the saved
    /// document's page shows first. A meeting's or a data file's save
    /// makes them in the first part, as its pages are those.
    pub fn site_pages_later(&self) -> bool {
        self.on && self.documents_only
    }

    /// The theme's templates compiled, or last time's while the theme's
    /// name and templates are the same (a save rarely touches them).
    pub fn templates(&mut self, theme: &crate::load::ThemeFiles) -> Result<Arc<Templates>, Diagnostics> {
        if let Some((name, templates, compiled)) = &self.templates {
            if *name == theme.name && *templates == theme.templates {
                return Ok(compiled.clone());
            }
        }
        let compiled = Arc::new(Templates::compile(theme)?);
        if self.on {
            self.templates = Some((theme.name.clone(), theme.templates.clone(), compiled.clone()));
        }
        Ok(compiled)
    }

    /// A memo that keeps each build's work for the next.
    pub fn new() -> Memo {
        Memo { on: true, ..Memo::default() }
    }

    /// The bytes of the file at `path`: read from disk, or a copy of what was
    /// read last time when the file has not changed since (see [`Memo::forget`]).
    pub fn read(&mut self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.settled.remove(path);
        if let Some(bytes) = self.files.get(path) {
            return Ok(bytes.clone());
        }
        let bytes = std::fs::read(path)?;
        if self.on {
            self.files.insert(path.to_path_buf(), bytes.clone());
        }
        Ok(bytes)
    }

    /// Whether the file at `path` holds what the last load read from it.
    /// False for anything the last load did not read.
    pub fn unchanged(&self, path: &Path) -> bool {
        match self.files.get(path) {
            Some(old) => std::fs::read(path).is_ok_and(|now| now == *old),
            None => false,
        }
    }

    /// Says that `path` (a file, or a folder and everything in it) changed,
    /// so the next load reads it again.
    pub fn forget(&mut self, path: &Path) {
        self.files.retain(|p, _| !p.starts_with(path));
        self.digests.retain(|p, _| !p.starts_with(path));
        self.forget_frozen(path);
    }

    /// Says that anything may have changed (the watcher lost track).
    pub fn forget_all(&mut self) {
        self.files.clear();
        self.digests.clear();
        self.frozen = None;
    }

    /// The SHA-256 of the file at `path` as the last build found it, while
    /// it has not changed since.
    pub fn digest(&self, path: &Path) -> Option<String> {
        self.digests.get(path).cloned()
    }

    /// The redline's snapshot of `d`, as made for the same body and titles last time.
    pub fn doc_snap(&self, d: &Document) -> Option<Arc<crate::diff::DocSnap>> {
        let e = self.snaps.get(&d.slug)?;
        (Arc::ptr_eq(&e.body, &d.body) && e.title == d.title && e.short_title == d.short_title).then(|| e.snap.clone())
    }

    /// Keeps the snapshots of a site's documents (`docs`, the site's
    /// documents and their snapshots) for the next build; forgets the rest.
    pub fn keep_doc_snaps(&mut self, docs: &[(&Document, &Arc<crate::diff::DocSnap>)]) {
        if !self.on {
            return;
        }
        let now: std::collections::HashSet<&str> = docs.iter().map(|(d, _)| d.slug.as_str()).collect();
        self.snaps.retain(|slug, _| now.contains(slug.as_str()));
        for (d, snap) in docs {
            if self.doc_snap(d).is_none() {
                let entry = SnapEntry {
                    body: d.body.clone(),
                    title: d.title.clone(),
                    short_title: d.short_title.clone(),
                    snap: Arc::clone(snap),
                };
                self.snaps.insert(d.slug.clone(), entry);
            }
        }
    }

    /// Every digest [`Memo::digest`] would give.
    pub fn known_digests(&self) -> &HashMap<PathBuf, String> {
        &self.digests
    }

    /// Keeps the SHA-256 of the file at `path` for the next build.
    pub fn keep_digest(&mut self, path: &Path, hex: &str) {
        if self.on {
            self.digests.insert(path.to_path_buf(), hex.to_string());
        }
    }

    /// The Markdown file `rel` (at `path`, whose bytes `text` are) with its
    /// front matter read by `read`, or a copy of last time's when `text` is
    /// unchanged. Only files that read without a diagnostic are kept, so
    /// every diagnostic is reported every time.
    pub fn loaded<F: Clone + Send + 'static>(
        &mut self,
        path: &Path,
        rel: &Path,
        text: String,
        diags: &mut Diagnostics,
        read: impl FnOnce(String, &mut Diagnostics) -> Option<Loaded<F>>,
    ) -> Option<Loaded<F>> {
        let lent = self.loads.get_mut(rel).and_then(|e| e.loaded.take());
        if let Some(Ok(l)) = lent.map(|l| l.downcast::<Loaded<F>>()) {
            if *l.text == *text {
                self.reused.front_matter += 1;
                self.settled.insert(path.to_path_buf());
                return Some(*l);
            }
        }
        let before = diags.iter().count();
        let loaded = read(text, diags);
        match &loaded {
            Some(_) if self.on && diags.iter().count() == before => {
                self.loads.insert(rel.to_path_buf(), LoadEntry { loaded: None });
                self.settled.insert(path.to_path_buf());
            }
            _ => {
                self.loads.remove(rel);
            }
        }
        loaded
    }

    /// Takes back the files a build's `load` lent out ([`Memo::loaded`],
    /// [`Memo::unchanged_loaded`]), for the next build; files that did not
    /// load cleanly this time are not kept.
    pub fn keep_loaded<F: Send + 'static, G: Send + 'static>(
        &mut self,
        docs: Vec<Loaded<F>>,
        meetings: Vec<Loaded<G>>,
    ) {
        if !self.on {
            return;
        }
        for d in docs {
            if let Some(e) = self.loads.get_mut(&d.path) {
                e.loaded = Some(Box::new(d));
            }
        }
        for m in meetings {
            if let Some(e) = self.loads.get_mut(&m.path) {
                e.loaded = Some(Box::new(m));
            }
        }
    }

    /// Parses the bodies of `jobs` (in parallel), reusing the parse of every
    /// file whose text is unchanged.
    pub fn parse_all(&mut self, jobs: &[ParseJob]) -> Vec<Arc<Parsed>> {
        let known = &self.parses;
        let reused: Vec<Option<Arc<Parsed>>> = jobs
            .par_iter()
            .map(|j| {
                let e = known.get(j.path)?;
                let same = e.body_offset == j.body_offset
                    && e.numbering == j.numbering
                    && e.numbered == j.numbered
                    && e.text == *j.text;
                same.then(|| e.parsed.clone())
            })
            .collect();
        self.reused.parses += reused.iter().flatten().count();
        let parsed: Vec<Arc<Parsed>> = jobs
            .par_iter()
            .zip(reused)
            .map(|(j, r)| {
                r.unwrap_or_else(|| {
                    let (body, citations, diagnostics) =
                        markdown::parse(j.path, j.text, j.body_offset, j.numbering, j.numbered);
                    Arc::new(Parsed { body: Arc::new(body), citations, diagnostics })
                })
            })
            .collect();
        if self.on {
            for (j, p) in jobs.iter().zip(&parsed) {
                if self.parses.get(j.path).is_some_and(|e| Arc::ptr_eq(&e.parsed, p)) {
                    continue;
                }
                let entry = ParseEntry {
                    text: j.text.clone(),
                    body_offset: j.body_offset,
                    numbering: j.numbering,
                    numbered: j.numbered,
                    parsed: p.clone(),
                };
                self.parses.insert(j.path.to_path_buf(), entry);
            }
        }
        parsed
    }

    /// Resolves the citations of every document (in parallel) with
    /// `resolve(i)`, reusing the last result for a document whose parse and
    /// position are unchanged when `environment` (what resolving reads, see
    /// `Index::fingerprint`) is too.
    pub fn resolve_all(
        &mut self,
        parsed: &[Arc<Parsed>],
        documents: &[Document],
        environment: u64,
        resolve: impl Fn(usize) -> (Vec<Mark>, Vec<Diagnostic>) + Sync,
    ) -> Vec<Arc<Resolution>> {
        let reused: Vec<Option<Arc<Resolution>>> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let e = self.resolutions.get(&d.source)?;
                let same = e.environment == environment && e.index == i && Arc::ptr_eq(&e.parsed, &parsed[i]);
                same.then(|| e.resolution.clone())
            })
            .collect();
        self.reused.resolutions += reused.iter().flatten().count();
        let resolved: Vec<Arc<Resolution>> = reused
            .into_par_iter()
            .enumerate()
            .map(|(i, r)| {
                r.unwrap_or_else(|| {
                    let (marks, diagnostics) = resolve(i);
                    Arc::new(Resolution { marks, diagnostics })
                })
            })
            .collect();
        if self.on {
            for (i, (d, r)) in documents.iter().zip(&resolved).enumerate() {
                let entry = ResolveEntry { parsed: parsed[i].clone(), environment, index: i, resolution: r.clone() };
                self.resolutions.insert(d.source.clone(), entry);
            }
        }
        resolved
    }

    /// The body of the document at `path` with its citations resolved:
    /// `parsed` with `resolution` applied by `apply`, or the same body as
    /// last time when both are unchanged.
    pub fn resolved(
        &mut self,
        path: &Path,
        parsed: Arc<Body>,
        resolution: &Arc<Resolution>,
        apply: impl FnOnce(&mut Body, &[Mark]),
    ) -> Arc<Body> {
        if let Some(e) = self.bodies.get(path) {
            let same = Arc::ptr_eq(&e.resolution, resolution) || e.resolution == *resolution;
            if Arc::ptr_eq(&e.parsed, &parsed) && same {
                return e.body.clone();
            }
        }
        if !self.on {
            // Nothing else holds the parse: the marks go into it, no copy made.
            let mut body = Arc::try_unwrap(parsed).unwrap_or_else(|shared| Body::clone(&shared));
            apply(&mut body, &resolution.marks);
            return Arc::new(body);
        }
        let mut body = Body::clone(&parsed);
        apply(&mut body, &resolution.marks);
        let body = Arc::new(body);
        let entry = BodyEntry { parsed, resolution: resolution.clone(), body: body.clone() };
        self.bodies.insert(path.to_path_buf(), entry);
        body
    }

    /// Ends a model: forgets files not in `paths` (removed ones).
    pub fn keep_files<'a>(&mut self, paths: impl IntoIterator<Item = &'a Path>) {
        let keep: std::collections::HashSet<&Path> = paths.into_iter().collect();
        self.loads.retain(|p, _| keep.contains(p.as_path()));
        self.parses.retain(|p, _| keep.contains(p.as_path()));
        self.resolutions.retain(|p, _| keep.contains(p.as_path()));
        self.bodies.retain(|p, _| keep.contains(p.as_path()));
        self.numbers.retain(|p, _| keep.contains(p.as_path()));
    }

    /// The page made last time at `path` for `body` in a site whose shell
    /// fingerprint was `shell`, if both are unchanged, with the body as the
    /// print page shows it.
    pub fn page(&mut self, path: &str, shell: u64, body: &Arc<Body>) -> Option<(Bytes, Arc<str>)> {
        if !self.on {
            return None;
        }
        self.used_pages.push(path.to_string());
        let e = self.pages.get(path)?;
        let hit = e.shell == shell && Arc::ptr_eq(&e.body, body);
        self.reused.pages += usize::from(hit);
        hit.then(|| (e.bytes.clone(), e.print.clone()))
    }

    /// Keeps a page made for `body` in a site whose shell fingerprint is
    /// `shell`, and the body as the print page shows it.
    pub fn keep_page(&mut self, path: &str, shell: u64, body: &Arc<Body>, bytes: Bytes, print: Arc<str>) {
        if self.on {
            self.pages.insert(path.to_string(), PageEntry { shell, body: body.clone(), bytes, print });
        }
    }

    /// Ends a render: drops the pages it did not ask for.
    pub fn end_render(&mut self) {
        let used: std::collections::HashSet<String> = std::mem::take(&mut self.used_pages).into_iter().collect();
        self.pages.retain(|p, _| used.contains(p));
    }

    /// How much work the memo has saved so far.
    pub fn reused(&self) -> Reused {
        self.reused
    }

    /// Whether the memo keeps anything (false for `check` and `build`).
    pub fn is_on(&self) -> bool {
        self.on
    }
}

/// Feeds `Debug` text straight into a hasher, without building the string.
struct HashWriter(DefaultHasher);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// A fingerprint of everything in `site` that a document's page may read:
/// all but the documents' bodies, whether the content is a draft, and what
/// [`faces`] leaves out of meetings and the data. The destructuring names every field, so a field added
/// to [`Site`] or [`Document`] does not compile until it is counted here.
pub fn shell_fingerprint(site: &Site) -> u64 {
    let Site {
        title,
        summary,
        publisher,
        language,
        base_url,
        version,
        documents,
        stakeholders,
        people,
        recommendations,
        meetings,
        outcomes,
        key_dates,
        period,
        respond,
        lifecycle,
        questions,
        outcome,
        accessibility,
        assets,
        theme,
        versions,
    } = site;
    let mut h = HashWriter(DefaultHasher::new());
    let _ = write!(h, "{title:?}{summary:?}{publisher:?}{language:?}{base_url:?}{version:?}");
    for d in documents {
        let Document { slug, title, short_title, kind, summary, numbering, source, body: _ } = d;
        let _ = write!(h, "{slug:?}{title:?}{short_title:?}{kind:?}{summary:?}{numbering:?}{source:?}");
    }
    faces(&mut h, stakeholders, people, recommendations, meetings);
    let _ = write!(h, "{outcomes:?}{key_dates:?}{period:?}{respond:?}");
    let _ = write!(h, "{lifecycle:?}{questions:?}{outcome:?}");
    // Whether the content is a draft is read by the version bar, filled in
    // after rendering (`archive::notes`), and by pages rendered on every
    // build (home, changelog), never by a document's page: left out, the
    // save that makes the content a draft re-renders one page, not all.
    let crate::model::versions::Versions { releases, draft: _, frozen } = versions;
    let _ = write!(h, "{accessibility:?}{releases:?}{frozen:?}");
    let crate::load::ThemeFiles { name, templates, statics } = theme;
    let _ = write!(h, "{name:?}");
    for (n, t) in templates {
        let _ = write!(h, "{n:?}{:?}{:?}", t.path, t.text);
    }
    let mut h = h.0;
    statics.hash(&mut h);
    assets.hash(&mut h);
    h.finish()
}

/// What a document's page reads of the meetings and the data: a cited
/// one's name and address (`views::target_label`, `html::target_href`),
/// whether there are any, and a meeting's date and status (the stage, the
/// status script). Their notes, attendance, roles and the rest show on their
/// own pages, made every build, so saving a meeting's notes or a
/// stakeholder's role re-renders no document's page. The destructuring
/// names every field, so one added must be placed on a side.
fn faces(
    h: &mut HashWriter,
    stakeholders: &[crate::model::consultation::Stakeholder],
    people: &[crate::model::people::Person],
    recommendations: &[crate::model::consultation::Recommendation],
    meetings: &[crate::model::consultation::Meeting],
) {
    for s in stakeholders {
        let crate::model::consultation::Stakeholder {
            id,
            name,
            full_name: _,
            kind: _,
            role: _,
            joined: _,
            part_of: _,
            people: _,
            own_people: _,
            named_in: _,
        } = s;
        let _ = write!(h, "s{id:?}{name:?}");
    }
    for p in people {
        let crate::model::people::Person { id, name, initials, role: _, organisation: _, named_in: _ } = p;
        let _ = write!(h, "p{id:?}{name:?}{initials:?}");
    }
    for r in recommendations {
        let crate::model::consultation::Recommendation {
            id,
            title: _,
            text: _,
            words: _,
            titled: _,
            stated_in: _,
            reasons: _,
            status: _,
            status_note: _,
            decided_at: _,
            owners: _,
            work_stream: _,
            discussed_at: _,
        } = r;
        let _ = write!(h, "r{id:?}");
    }
    for m in meetings {
        let crate::model::consultation::Meeting {
            slug,
            title,
            date,
            end_date: _,
            start: _,
            end: _,
            group: _,
            status,
            summary: _,
            attendees: _,
            apologies: _,
            in_attendance: _,
            declarations: _,
            decisions: _,
            actions: _,
            carried: _,
            recommendations: _,
            source: _,
            body: _,
        } = m;
        let _ = write!(h, "m{slug:?}{title:?}{date:?}{status:?}");
    }
}
