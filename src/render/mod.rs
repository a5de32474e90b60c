//! render: `&Site` → [`Output`], every page in memory. Pure: reads no disk,
//! writes no disk, so `check`, `build` and tests share it as it is.

mod accessibility;
mod bytes;
pub mod changes;
mod feed;
mod footnotes;
pub mod html;
pub mod json;
mod json_lifecycle;
mod lifecycle;
mod minutes;
mod outcome;
mod pages;
mod print;
mod respond;
mod search;
mod sitemap;
mod splice;
pub mod templates;
mod views;

use crate::diagnostic::Diagnostics;
use crate::memo::Memo;
use crate::model::Site;
pub use bytes::Bytes;
use rayon::prelude::*;
pub use splice::Parts;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
pub use templates::Templates;

/// The built site: output path (with `/`) → bytes, sorted so writes are
/// stable, the files made on demand ([`Deferred`]), and the paths of files
/// a build has written already (`written`, see `write::Writing::put`).
#[derive(Default, Clone)]
pub struct Output {
    pub files: BTreeMap<String, Bytes>,
    pub deferred: Vec<Arc<dyn Deferred>>,
    /// Files in the new site on disk, no longer held here: only a build
    /// that writes as it goes has any, and nothing reads them back.
    pub written: BTreeSet<String>,
}

/// Files the output holds without holding their bytes: an archived version's
/// pages, read from the cache and filled as they are written or served. A
/// build whose last output holds the same `key` under the same `prefix` may
/// keep those files instead of writing them again.
pub trait Deferred: Send + Sync {
    /// The folder they are in: `versions/2/`.
    fn prefix(&self) -> &str;
    /// Everything their bytes depend on: equal keys, equal bytes.
    fn key(&self) -> &str;
    /// Their paths inside the prefix, sorted.
    fn paths(&self) -> Box<dyn Iterator<Item = &str> + '_>;
    /// Whether `path` (inside the prefix) is one of them.
    fn has(&self, path: &str) -> bool;
    /// The bytes of `path` (inside the prefix).
    fn file(&self, path: &str) -> Result<Vec<u8>, String>;
}

impl Output {
    /// How many files the site has.
    pub fn len(&self) -> usize {
        self.files.len() + self.written.len() + self.deferred.iter().map(|d| d.paths().count()).sum::<usize>()
    }

    /// Whether it has no files at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn find(&self, path: &str) -> Option<(&dyn Deferred, usize)> {
        self.deferred.iter().find_map(|d| {
            let rest = path.strip_prefix(d.prefix())?;
            d.has(rest).then_some((d.as_ref(), d.prefix().len()))
        })
    }

    /// Whether the site has a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.written.contains(path) || self.find(path).is_some()
    }

    /// Adds the files of `other`.
    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
        self.deferred.extend(other.deferred);
        self.written.extend(other.written);
    }

    /// Every path of the files made so far, held or written.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.files.keys().chain(&self.written)
    }

    /// The bytes of the file at `path`, made now if it is deferred (None
    /// for one already written).
    pub fn get(&self, path: &str) -> Option<std::borrow::Cow<'_, [u8]>> {
        if let Some(b) = self.files.get(path) {
            return Some(std::borrow::Cow::Borrowed(b));
        }
        let (d, at) = self.find(path)?;
        d.file(&path[at..]).ok().map(std::borrow::Cow::Owned)
    }

    /// Every file with its bytes, deferred ones made now: for tests and
    /// comparisons, not for large sites.
    pub fn all(&self) -> BTreeMap<String, Vec<u8>> {
        let mut all: BTreeMap<String, Vec<u8>> = self.files.iter().map(|(p, b)| (p.clone(), b.to_vec())).collect();
        for d in &self.deferred {
            for p in d.paths() {
                if let Ok(b) = d.file(p) {
                    all.insert(format!("{}{p}", d.prefix()), b);
                }
            }
        }
        all
    }
}

/// Two outputs are the same when their files are, and their deferred files
/// have the same keys (which say everything their bytes depend on).
impl PartialEq for Output {
    fn eq(&self, other: &Output) -> bool {
        let keys =
            |o: &Output| o.deferred.iter().map(|d| (d.prefix().to_string(), d.key().to_string())).collect::<Vec<_>>();
        self.files == other.files && self.written == other.written && keys(self) == keys(other)
    }
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let deferred: Vec<_> = self.deferred.iter().map(|d| (d.prefix(), d.key())).collect();
        f.debug_struct("Output").field("files", &self.files.keys()).field("deferred", &deferred).finish()
    }
}

/// Renders every page of `site` (both parts below, without a memo);
/// reports every template error at once.
pub fn render(site: &Site) -> Result<Output, Diagnostics> {
    let (mut out, first) = render_pages(site, &mut Memo::off(), None)?;
    let rest = render_rest(site, &first, &out, &|_, _| None)?;
    out.extend(rest);
    Ok(out)
}

/// What the first part of a render hands the second, besides its pages.
pub struct FirstPart {
    pub templates: Arc<Templates>,
    /// Each document's body as the print page shows it, made with its page;
    /// taken by the print page, which makes those missing (when asked again).
    print: std::sync::Mutex<Vec<Option<Arc<str>>>>,
    /// What the pages no longer held hold, for the accessibility statement.
    scanned: accessibility::Scanned,
    /// Whether the print page went with the documents' pages ([`send_documents`]).
    print_sent: bool,
}

impl FirstPart {
    /// Records what the pages of `files` hold, for the accessibility
    /// statement: a build writes them before the rest is made, and lets
    /// them go.
    pub fn scan(&mut self, files: &BTreeMap<String, Bytes>) {
        crate::timings::time("render: scan pages", || self.scanned.add(files));
    }
}

/// Where a run that need not keep its pages sends each once it is made:
/// `fill` fills its version bar and notes, `put` writes it into the new
/// site (or lets it go), so no page waits in memory for the others.
pub struct Stream<'a> {
    pub fill: &'a Fill<'a>,
    pub put: &'a PutFile<'a>,
}

/// Writes a file, given by its path and its parts in order, where a run
/// sends its files as they are made.
pub type PutFile<'a> = dyn Fn(&str, &dyn Parts) -> Result<(), crate::diagnostic::Diagnostic> + Sync + 'a;

/// A page made by [`render_pages`]: held in the output, or sent on (with
/// what the accessibility statement needs of it).
enum Made {
    Held(Bytes),
    Sent(accessibility::Found),
}

/// The first part of [`render`], reusing the documents' pages that `memo`
/// kept from the last build when nothing they read has changed: every page made from one thing (a
/// document, a meeting, a stakeholder, the home page …) and the theme's
/// files. What `serve` shows first; the rest is for [`render_rest`].
/// `stream`: where each page goes once made instead of the output (never
/// with a memo, which keeps them).
pub fn render_pages(
    site: &Site,
    memo: &mut Memo,
    stream: Option<Stream<'_>>,
) -> Result<(Output, FirstPart), Diagnostics> {
    debug_assert!(stream.is_none() || !memo.is_on(), "a memo keeps the pages it is given");
    let templates = crate::timings::time("render: compile", || memo.templates(&site.theme))?;
    let shell =
        crate::timings::time("render: shell", || if memo.is_on() { crate::memo::shell_fingerprint(site) } else { 0 });
    let mut out = Output::default();
    let mut fresh = Vec::new();
    let mut print = vec![None; site.documents.len()];
    for (i, d) in site.documents.iter().enumerate() {
        let path = pages::document_path(site, i);
        match memo.page(&path, shell, &d.body) {
            Some((bytes, body)) => {
                out.files.insert(path, bytes);
                print[i] = Some(body);
            }
            None => fresh.push(i),
        }
    }
    let slugs = print::slugs(site);
    let asked = respond::asked(site);
    // The preview shows a saved document first: the pages made from the
    // whole site's data then come with the second part, and a request for
    // one waits for it (see `render_rest_unless`).
    let later = memo.site_pages_later();
    let planned = if later { Vec::new() } else { crate::timings::time("render: plan", || pages::plan(site)) };
    let mut diags = Diagnostics::new();
    let mut scanned = accessibility::Scanned::default();
    // A build that keeps no page writes the print page with the documents' pages.
    let print_sent = stream.is_some() && !memo.is_on();
    let rendered: Vec<_> = match stream.as_ref().filter(|_| print_sent) {
        Some(stream) => {
            let (pages, print_page) = crate::timings::time("render: pages", || {
                send_documents(site, &templates, stream, planned, &asked, &slugs)
            });
            match print_page {
                Ok(Some(found)) => {
                    scanned.keep(print::PATH.to_string(), found);
                    out.written.insert(print::PATH.to_string());
                }
                Ok(None) => {}
                Err(d) => diags.push(d),
            }
            pages.into_iter().map(|page| (None, page)).collect()
        }
        None => crate::timings::time("render: pages", || {
            fresh
                .into_par_iter()
                .map(|i| {
                    let (page, plain) = pages::document(site, i, &asked);
                    (Some((i, Arc::<str>::from(print::body(site, i, &plain, &slugs)))), page)
                })
                .chain(planned.into_par_iter().map(|p| (None, p)))
                .map(|(doc, p)| (doc, templates.render_page(&p).and_then(|html| made(p.path, html, stream.as_ref()))))
                .collect()
        }),
    };
    for (doc, r) in rendered {
        match r {
            Ok((path, Made::Held(bytes))) => {
                if let Some((i, body)) = doc {
                    memo.keep_page(&path, shell, &site.documents[i].body, bytes.clone(), body.clone());
                    print[i] = Some(body);
                }
                out.files.insert(path, bytes);
            }
            Ok((path, Made::Sent(found))) => {
                if let Some((i, body)) = doc {
                    print[i] = Some(body);
                }
                scanned.keep(path.clone(), found);
                out.written.insert(path);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        // Every page shares the templates: one broken expression fails them all
        // the same way, and `sorted` folds the repeats.
        return Err(diags);
    }
    for (name, bytes) in &site.theme.statics {
        out.files.insert(format!("assets/{name}"), bytes.clone().into());
    }
    memo.end_render();
    Ok((out, FirstPart { templates, print: print.into(), scanned, print_sent }))
}

/// A page made and held or sent on, or why it could not be made.
type MadePage = Result<(String, Made), crate::diagnostic::Diagnostic>;

/// [`render_pages`] for a build that sends every page on and keeps none:
/// the pages made from one thing on all cores, then each document's page
/// made as the print page is written, in order, a batch on all cores at a
/// time (see [`splice::Spliced`]), its body going into the print page at
/// once, so the bodies (as large as the documents) are never all held.
/// Returns the pages made, and what the print page holds (None: the sink
/// wrote nothing, and every document's page was made all the same).
fn send_documents(
    site: &Site,
    templates: &Templates,
    stream: &Stream<'_>,
    planned: Vec<pages::Page>,
    asked: &respond::Asked<'_>,
    slugs: &print::Slugs<'_>,
) -> (Vec<MadePage>, Result<Option<accessibility::Found>, crate::diagnostic::Diagnostic>) {
    use std::sync::{Mutex, PoisonError};
    let send = |p: pages::Page| templates.render_page(&p).and_then(|html| made(p.path, html, Some(stream)));
    let mut sent: Vec<MadePage> = planned.into_par_iter().map(send).collect();
    let documents = Mutex::new(Vec::with_capacity(site.documents.len()));
    let document = |i: usize| -> Vec<u8> {
        let (page, plain) = pages::document(site, i, asked);
        let body = print::body(site, i, &plain, slugs);
        drop(plain);
        let made = send(page);
        documents.lock().unwrap_or_else(PoisonError::into_inner).push((i, made));
        body.into_bytes()
    };
    let outline = print::outline(site);
    let print = print_text(site, templates, stream.fill, &outline).and_then(|text| {
        let whole = outline.streamed(site, text, document);
        let watched = Watched { path: print::PATH, parts: &whole, found: Mutex::new(None) };
        (stream.put)(print::PATH, &watched)?;
        Ok(watched.found.into_inner().unwrap_or_else(PoisonError::into_inner))
    });
    // Those the print page did not make: a sink that writes nothing, or a
    // print page that could not be made.
    let mut done = vec![false; site.documents.len()];
    for (i, _) in documents.lock().unwrap_or_else(PoisonError::into_inner).iter() {
        done[*i] = true;
    }
    (0..site.documents.len()).into_par_iter().filter(|&i| !done[i]).for_each(|i| drop(document(i)));
    let mut documents = documents.into_inner().unwrap_or_else(PoisonError::into_inner);
    documents.sort_unstable_by_key(|(i, _)| *i);
    sent.extend(documents.into_iter().map(|(_, made)| made));
    (sent, print)
}

/// A file's `parts`, checked for the accessibility statement as they are written.
struct Watched<'a> {
    path: &'a str,
    parts: &'a dyn Parts,
    found: std::sync::Mutex<Option<accessibility::Found>>,
}

impl Parts for Watched<'_> {
    fn each(&self, f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut checking = accessibility::Checking::new(self.path);
        self.parts.each(&mut |part| {
            checking.part(part);
            f(part)
        })?;
        *self.found.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(checking.done());
        Ok(())
    }
}

/// Page `path` once made: held, or filled and sent on by `stream`.
fn made(
    path: String,
    html: Vec<u8>,
    stream: Option<&Stream<'_>>,
) -> Result<(String, Made), crate::diagnostic::Diagnostic> {
    let Some(stream) = stream else { return Ok((path, Made::Held(Bytes::from(html)))) };
    let html = filled(stream.fill, &path, html);
    (stream.put)(&path, &&html[..])?;
    let found = accessibility::Scanned::check(&path, &[&html]);
    Ok((path, Made::Sent(found)))
}

/// The second part of [`render`]: the files made from the whole site
/// or from the other pages (`pages`, made by [`render_pages`]): search
/// index, open data, print page, accessibility statement, feed, sitemap,
/// and the site's own files. Returns them alone. `fill` fills the version
/// bar and notes into a page (None: it has no markers; see
/// [`crate::archive::notes::History::fill_current`]), before a page is
/// made from it.
pub fn render_rest(site: &Site, first: &FirstPart, pages: &Output, fill: &Fill<'_>) -> Result<Output, Diagnostics> {
    render_rest_unless(site, first, pages, false, fill, None, &mut || false).map(Option::unwrap_or_default)
}

/// Fills a page's markers: its path and bytes → the filled bytes, or None
/// when there is nothing to fill.
pub type Fill<'a> = dyn Fn(&str, &[u8]) -> Option<Vec<u8>> + Sync + 'a;

/// The file at `path`, made of `parts`: sent to `put` (its path kept in the
/// output) or, without one, joined into the output.
pub fn put_parts(
    out: &mut Output,
    put: Option<&PutFile<'_>>,
    path: &str,
    parts: &dyn Parts,
) -> Result<(), Diagnostics> {
    match put {
        Some(put) => {
            put(path, parts)?;
            out.written.insert(path.to_string());
        }
        None => {
            out.files.insert(path.to_string(), Bytes::from(parts.joined()));
        }
    }
    Ok(())
}

/// `html` with its markers filled by `fill`.
fn filled(fill: &Fill<'_>, path: &str, html: Vec<u8>) -> Vec<u8> {
    fill(path, &html).unwrap_or(html)
}

/// What the print page's template makes of `print`, filled and its links
/// made local: the page but for the documents' bodies. Filled before the
/// bodies go in: they hold no markers, and the page is 40 MB at scale.
fn print_text(
    site: &Site,
    templates: &Templates,
    fill: &Fill<'_>,
    print: &print::Print,
) -> Result<String, crate::diagnostic::Diagnostic> {
    let html = templates.render_page(&print.page).map(|html| filled(fill, &print.page.path, html))?;
    let html = String::from_utf8(html).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Ok(print::localise(site, &html))
}

/// [`render_rest`], giving up (`Ok(None)`) at the first checkpoint where
/// `stop()` says so: `serve` drops the second part of a build that a new
/// save has made out of date. `put`: where the large files (search index,
/// open data, print page) go as soon as each is made, in their parts,
/// instead of the output (see [`Stream`]).
pub fn render_rest_unless(
    site: &Site,
    first: &FirstPart,
    pages: &Output,
    planned: bool,
    fill: &Fill<'_>,
    put: Option<&PutFile<'_>>,
    stop: &mut dyn FnMut() -> bool,
) -> Result<Option<Output>, Diagnostics> {
    let templates = &first.templates;
    let mut diags = Diagnostics::new();
    let mut out = Output::default();
    // What the pages sent on hold, for the accessibility statement.
    let mut sent = accessibility::Scanned::default();
    if planned {
        // The pages [`render_pages`] left for later (the preview's).
        let made: Vec<_> = crate::timings::time("render: planned", || {
            pages::plan(site)
                .into_par_iter()
                .map(|p| {
                    let html = templates.render_page(&p)?;
                    let bytes = Bytes::from(filled(fill, &p.path, html));
                    Ok((p.path, bytes))
                })
                .collect()
        });
        for r in made {
            match r {
                Ok((path, bytes)) => {
                    out.files.insert(path, bytes);
                }
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if stop() {
            return Ok(None);
        }
    }
    let index = crate::timings::time("render: search", || search::spliced(site));
    put_parts(&mut out, put, search::PATH, &index)?;
    drop(index);
    if stop() {
        return Ok(None);
    }
    // With published versions, `archive::add` writes it with each paragraph's identity.
    if site.versions.releases.is_empty() {
        let json = crate::timings::time("render: json", || json::spliced(site, None));
        put_parts(&mut out, put, json::PATH, &json)?;
    }
    out.files.insert(json::SCHEMA_PATH.into(), json::SCHEMA.as_bytes().into());
    // Pages made from other pages: the print page's links point within it,
    // and the accessibility statement reports what the pages hold.
    // Unless written already, with the documents' pages ([`send_documents`]).
    let print = (!first.print_sent).then(|| {
        // Taken, so 40 MB of bodies are not held to the end of a large build.
        let made = std::mem::take(&mut *first.print.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        crate::timings::time("render: print context", || print::print_page(site, &made))
    });
    if stop() {
        return Ok(None);
    }
    if let Some(print) = print {
        match crate::timings::time("render: print template", || print_text(site, templates, fill, &print)) {
            Ok(localised) => {
                let parts = print::parts(&print, &localised);
                let path = &print.page.path;
                if put.is_some() {
                    sent.keep(path.clone(), accessibility::Scanned::check(path, &parts));
                }
                crate::timings::time("render: print finish", || put_parts(&mut out, put, path, &parts))?;
            }
            Err(d) => diags.push(d),
        }
    }
    if stop() {
        return Ok(None);
    }
    let statement = crate::timings::time("render: accessibility", || {
        let all: Vec<(&String, &[u8])> = pages.files.iter().chain(&out.files).map(|(p, b)| (p, &b[..])).collect();
        accessibility::statement(site, &all, &[&first.scanned, &sent])
    });
    match templates.render(statement.template, &statement.context) {
        Ok(html) => {
            let html = filled(fill, &statement.path, html.into_bytes());
            out.files.insert(statement.path, html.into());
        }
        Err(d) => diags.push(d),
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if let Some(feed) = feed::feed(site) {
        out.files.insert("feed.xml".into(), feed.into());
    }
    if let Some(base) = &site.base_url {
        let all: BTreeSet<&String> = pages.paths().chain(out.paths()).chain(site.assets.keys()).collect();
        let map = sitemap::sitemap(base, all.into_iter());
        out.files.insert("sitemap.xml".into(), map.into());
    }
    // A user's file never replaces a generated one, nor stands where a
    // generated file needs a folder (or the other way round).
    let folders = |paths: &mut dyn Iterator<Item = &String>| -> BTreeSet<String> {
        paths.flat_map(|p| p.match_indices('/').map(|(i, _)| p[..i].to_string()).collect::<Vec<_>>()).collect()
    };
    let has = |p: &str| pages.contains(p) || out.contains(p);
    let generated_folders = folders(&mut pages.paths().chain(out.paths()));
    let asset_folders = folders(&mut site.assets.keys());
    let mut assets = Vec::new();
    for (name, bytes) in &site.assets {
        let clash = if has(name) {
            Some(format!("`{name}` is a file the site makes itself"))
        } else if generated_folders.contains(name) {
            Some(format!("`{name}` is a folder of pages the site makes"))
        } else {
            asset_folders
                .iter()
                .find(|f| name.starts_with(&format!("{f}/")) && has(f.as_str()))
                .map(|f| format!("`{f}` is a file the site makes, so it cannot be a folder"))
        };
        match clash {
            Some(message) => diags.push(
                crate::diagnostic::Diagnostic::error(format!("content/{name}"), 0, 0, message)
                    .with_help("rename or move your file: the generated one would overwrite it"),
            ),
            None => assets.push((name.clone(), Bytes::from(bytes.as_slice()))),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    out.files.extend(assets);
    Ok(Some(out))
}
