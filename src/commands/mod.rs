//! The commands: each a thin wrapper over load → model → render → write.

mod new;
mod publish;
pub mod serve;

pub use new::new_site;
pub use publish::{publish, Publish, FAIL_AT_ENV};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::memo::Memo;
use crate::model::Site;
use crate::render::{Bytes, Output};
use crate::timings;
use crate::{archive, load, model, render, write};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What a run produced: the output when it succeeded, and every diagnostic.
pub struct Run {
    pub output: Option<Output>,
    pub diagnostics: Diagnostics,
    /// The site a run without a memo built, left to its caller: a command
    /// that ends the process with it need not free it.
    pub site: Option<Box<Site>>,
}

impl Run {
    /// A run that made nothing, for these reasons.
    pub fn failed(diagnostics: Diagnostics) -> Run {
        Run { output: None, diagnostics, site: None }
    }
}

/// load → model → render, writing nothing: what `check` does, and the first
/// half of `build`.
///
/// A file that fails to load does not stop the model's checks of the others;
/// the model skips what depends on it, and nothing is rendered.
pub fn check(root: &Path) -> Run {
    pipeline(root, &mut Memo::off(), archive::Cache::Read)
}

/// [`check`], reusing what `memo` kept from the last run on the same site
/// (`serve` keeps one; the output is the same as without it).
pub fn check_with(root: &Path, memo: &mut Memo) -> Run {
    pipeline(root, memo, archive::Cache::Read)
}

/// load → model → render, with `memo`, and with `cache` saying whether
/// archived versions rendered now may be stored for the next run.
fn pipeline(root: &Path, memo: &mut Memo, cache: archive::Cache) -> Run {
    pipeline_into(root, memo, cache, Sink::Memory).0
}

/// `consult check`: [`check`], letting each file go once it is made and
/// checked (the output holds the paths of the files, not their bytes);
/// `fresh` renders every version afresh, without the cache (`--no-cache`).
pub fn check_only(root: &Path, fresh: bool) -> Run {
    let cache = if fresh { archive::Cache::Off } else { archive::Cache::Read };
    pipeline_into(root, &mut Memo::off(), cache, Sink::Nowhere).0
}

/// Where a run's files go as they are made.
enum Sink<'t> {
    /// Kept in the output (`check`, `serve`, tests).
    Memory,
    /// Let go: only their paths are kept (`consult check`).
    Nowhere,
    /// Written into the new site for this target (reusing its files or not).
    Folder(&'t write::Target, bool),
}

/// [`pipeline`], the files going `into` as they are final: the pages made
/// first once their version bar is filled, then what the render makes of
/// the rest, so neither takes memory while the rest is made. Into a folder,
/// the writing starts then (see [`write::begin`]), and is returned to be
/// finished with the run's output (or dropped, which removes what it wrote).
fn pipeline_into(root: &Path, memo: &mut Memo, cache: archive::Cache, into: Sink) -> (Run, Option<write::Writing>) {
    let modelled = match model_stage(root, memo, cache) {
        Ok(modelled) => modelled,
        Err(run) => return (run, None),
    };
    let writing = match into {
        Sink::Folder(target, reuse) => timings::time("write: begin", || write::begin(target, reuse)),
        _ => None,
    };
    let put: Option<&dyn Put> = match (&into, &writing) {
        (_, Some(writing)) => Some(writing),
        (Sink::Nowhere, _) => Some(&LetGo),
        _ => None,
    };
    // Dropped on an error, the writing removes what it wrote.
    let (mut staged, mut pages) = match render_stage(modelled, memo, put) {
        Ok(staged) => staged,
        Err(run) => return (run, None),
    };
    if let Some(put) = put {
        if let Err(problem) = staged.spill(&mut pages, put) {
            // Dropped, the writing removes what it wrote.
            return (staged.finish(Err(problem.into())), None);
        }
    }
    let rest = staged.rest_into(&pages, put, &mut || false).map(Option::unwrap_or_default);
    let run = match rest {
        Ok(rest) => {
            pages.extend(rest);
            staged.finish(Ok(pages))
        }
        Err(d) => staged.finish(Err(d)),
    };
    (run, writing)
}

/// Where files made so far go: their paths move from `files` to `written`
/// (see [`write::Writing::put`]).
trait Put: Sync {
    fn put(&self, files: &mut BTreeMap<String, Bytes>, written: &mut BTreeSet<String>) -> Result<(), Diagnostic>;
    /// One file, given in its parts, from any thread: its path is the caller's to keep.
    fn put_one(&self, path: &str, parts: &dyn render::Parts) -> Result<(), Diagnostic>;
}

impl Put for write::Writing {
    fn put(&self, files: &mut BTreeMap<String, Bytes>, written: &mut BTreeSet<String>) -> Result<(), Diagnostic> {
        write::Writing::put(self, files, written)
    }

    fn put_one(&self, path: &str, parts: &dyn render::Parts) -> Result<(), Diagnostic> {
        write::Writing::put_one(self, path, parts)
    }
}

/// [`Put::put_one`] of `put`, as the render sends a file made.
fn sender(put: &dyn Put) -> impl Fn(&str, &dyn render::Parts) -> Result<(), Diagnostic> + Sync + '_ {
    move |path, parts| put.put_one(path, parts)
}

/// Nowhere: the files are let go.
struct LetGo;

impl Put for LetGo {
    fn put(&self, files: &mut BTreeMap<String, Bytes>, written: &mut BTreeSet<String>) -> Result<(), Diagnostic> {
        written.extend(std::mem::take(files).into_keys());
        Ok(())
    }

    fn put_one(&self, _: &str, _: &dyn render::Parts) -> Result<(), Diagnostic> {
        Ok(())
    }
}

/// A run after its first part ([`stage`]): the site, and what the rest needs.
pub struct Staged {
    root: PathBuf,
    site: Site,
    first: render::FirstPart,
    prepared: archive::Prepared,
    cache: archive::Cache,
    /// The pages not made from one document are left to the rest (`serve`).
    planned_later: bool,
    /// The run keeps a memo: the process goes on after it (`serve`).
    lasting: bool,
    /// Errors and warnings so far (warnings only: it would not exist otherwise).
    pub diagnostics: Diagnostics,
}

/// The first part of a run: load, model, and the pages made from one thing
/// each, version bar filled; complete in themselves, so `serve` shows them
/// at once. [`Staged::rest`] makes the files made from the whole site.
pub fn stage(root: &Path, memo: &mut Memo, cache: archive::Cache) -> Result<(Staged, Output), Run> {
    render_stage(model_stage(root, memo, cache)?, memo, None)
}

/// A run's site, checked, before anything is rendered.
struct Modelled {
    root: PathBuf,
    site: Site,
    cache: archive::Cache,
    diagnostics: Diagnostics,
}

/// load and model: the start of [`stage`].
fn model_stage(root: &Path, memo: &mut Memo, cache: archive::Cache) -> Result<Modelled, Run> {
    let (sources, mut diags) = timings::time("load", || load::read_with(root, memo));
    let Some(mut sources) = sources else {
        return Err(Run::failed(diags));
    };
    // The frozen files' digests, for the next build's tamper check (a build
    // keeps them like the versions it renders; `check` writes nothing).
    let (before, stamped) = std::mem::take(&mut sources.published.stamps);
    if cache == archive::Cache::Fill {
        load::stamps::write(root, &before, &stamped);
    }
    let loaded = !diags.has_errors();
    let site = timings::time("model", || model::build_with(sources, memo));
    // The parse's scratch, freed on every core, reused by the render.
    timings::time("model: give back", crate::memory::give_back);
    let site = match site {
        Ok((site, warnings)) => {
            diags.extend(warnings);
            site
        }
        Err(d) => {
            diags.extend(d);
            return Err(Run::failed(diags));
        }
    };
    if !loaded {
        return Err(Run::failed(diags));
    }
    Ok(Modelled { root: root.to_path_buf(), site, cache, diagnostics: diags })
}

/// The versions read and the first pages made: the rest of [`stage`]. With
/// `put`, each page goes there once made and filled (see [`render::Stream`]).
fn render_stage(modelled: Modelled, memo: &mut Memo, put: Option<&dyn Put>) -> Result<(Staged, Output), Run> {
    let Modelled { root, site, cache, diagnostics: mut diags } = modelled;
    let planned_later = memo.site_pages_later();
    let lasting = memo.is_on();
    // Read from the documents' events, so before their pages are made.
    let current = archive::current_snapshot(&site, memo);
    let prepared = timings::time("versions", || archive::prepare(&root, &site, current, cache, memo));
    let staged = prepared.and_then(|prepared| {
        let fill = |path: &str, bytes: &[u8]| archive::fill(&prepared, path, bytes);
        let send = put.map(sender);
        let stream = send.as_ref().map(|send| render::Stream { fill: &fill, put: send });
        let (mut pages, first) = timings::time("render", || render::render_pages(&site, memo, stream))?;
        crate::memory::give_back();
        archive::fill_first(&prepared, &mut pages, memo);
        Ok((pages, first, prepared))
    });
    match staged {
        Ok((pages, first, prepared)) => {
            let staged = Staged { root, site, first, prepared, cache, planned_later, lasting, diagnostics: diags };
            Ok((staged, pages))
        }
        Err(d) => {
            diags.extend(d);
            Err(Run::failed(diags))
        }
    }
}

impl Staged {
    /// Writes `pages` (the first part's, version bar filled: final) into the
    /// new site and lets them go, keeping what the accessibility statement
    /// needs of them.
    fn spill(&mut self, pages: &mut Output, put: &dyn Put) -> Result<(), Diagnostic> {
        self.first.scan(&pages.files);
        timings::time("write: first part", || put.put(&mut pages.files, &mut pages.written))?;
        crate::memory::give_back();
        Ok(())
    }

    /// The files made from the whole site or from the other `pages` (search,
    /// print, open data, redlines, archived versions …), without `pages`.
    pub fn rest(&self, pages: &Output) -> Result<Output, Diagnostics> {
        self.rest_unless(pages, &mut || false).map(Option::unwrap_or_default)
    }

    /// [`Staged::rest`], giving up (`Ok(None)`) at the first checkpoint
    /// where `stop()` says so; it can be asked for again.
    pub fn rest_unless(&self, pages: &Output, stop: &mut dyn FnMut() -> bool) -> Result<Option<Output>, Diagnostics> {
        self.rest_into(pages, None, stop)
    }

    /// [`Staged::rest_unless`], handing what the render made to `put` (the
    /// new site, or nowhere) before the versions add theirs: the open data is
    /// made without the print page and the search index still in memory.
    fn rest_into(
        &self,
        pages: &Output,
        put: Option<&dyn Put>,
        stop: &mut dyn FnMut() -> bool,
    ) -> Result<Option<Output>, Diagnostics> {
        let send = put.map(sender);
        let send = send.as_ref().map(|send| send as &render::PutFile);
        let rest = timings::time("render rest", || {
            let fill = |path: &str, bytes: &[u8]| archive::fill(&self.prepared, path, bytes);
            render::render_rest_unless(&self.site, &self.first, pages, self.planned_later, &fill, send, stop)
        })?;
        let Some(mut rest) = rest.filter(|_| !stop()) else { return Ok(None) };
        if let Some(put) = put {
            let done = timings::time("write: rest", || put.put(&mut rest.files, &mut rest.written));
            done.map_err(Diagnostics::from)?;
        }
        timings::time("versions rest", || {
            archive::complete(&self.root, &self.site, &self.prepared, pages, &mut rest, self.cache, send)
        })?;
        Ok(Some(rest))
    }

    /// Prepares `memo` for a likely next build (see [`archive::warm`]):
    /// for `serve`, once the rest is made.
    pub fn warm(&self, memo: &mut Memo) {
        timings::time("warm", || archive::warm(&self.site, &self.prepared, memo));
    }

    /// The run's result: `output` (all of it) or the errors of making it.
    pub fn finish(self, output: Result<Output, Diagnostics>) -> Run {
        let Staged { site, diagnostics: mut diags, lasting, .. } = self;
        let base_url = site.base_url.is_some();
        // A large site is millions of small allocations: freeing them is
        // nobody's wait. The preview goes on serving while a thread frees
        // them; a command ends, and is handed the site to end with.
        let site = if lasting {
            std::thread::spawn(move || drop(site));
            None
        } else {
            Some(Box::new(site))
        };
        match output {
            Ok(out) => {
                if !base_url {
                    diags.push(
                        Diagnostic::note(
                            "404.html links to the rest of the site as if it were served from the root of its host",
                        )
                        .with_help(
                            "serve the site at the root of its host, or set base_url in site.yaml so the not-found page works at any depth",
                        ),
                    );
                }
                Run { output: Some(out), diagnostics: diags, site }
            }
            Err(d) => {
                diags.extend(d);
                Run { output: None, diagnostics: diags, site }
            }
        }
    }
}

/// How `build` may go about it.
#[derive(Debug, Clone, Copy)]
pub struct Build {
    /// Replace an output folder consult did not write (see [`write::target::check`]).
    pub force: bool,
    /// Use and fill the cache of rendered versions, and keep the files of the
    /// last output that would be written again unchanged; false renders and
    /// writes everything afresh.
    pub cache: bool,
}

impl Default for Build {
    fn default() -> Self {
        Build { force: false, cache: true }
    }
}

/// `check`, then write the output to `out` if there were no errors. The
/// folder is checked first: see [`write::target::check`] for what may be
/// replaced, and what `how.force` allows.
pub fn build(root: &Path, out: &Path, how: Build) -> Run {
    let target = write::target::check(root, out, how.force);
    let cache = if how.cache { archive::Cache::Fill } else { archive::Cache::Off };
    let into = target.as_ref().map_or(Sink::Memory, |t| Sink::Folder(t, how.cache));
    let (mut run, writing) = pipeline_into(root, &mut Memo::off(), cache, into);
    match target {
        Err(problem) => {
            run.diagnostics.push(problem);
            run.output = None;
        }
        Ok(target) => {
            if let Some(output) = &run.output {
                let written = timings::time("write", || match writing {
                    Some(writing) => writing.finish(output),
                    None => write::write(output, &target, how.cache),
                });
                if let Err(problem) = written {
                    run.diagnostics.push(problem);
                    run.output = None;
                }
            }
        }
    }
    run
}
