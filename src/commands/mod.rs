//! The commands: each a thin wrapper over load → model → render → write.

mod new;
mod publish;
pub mod serve;

pub use new::new_site;
pub use publish::{publish, Publish, FAIL_AT_ENV};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::memo::Memo;
use crate::render::Output;
use crate::timings;
use crate::{archive, load, model, render, write};
use std::path::Path;

/// What a run produced: the output when it succeeded, and every diagnostic.
pub struct Run {
    pub output: Option<Output>,
    pub diagnostics: Diagnostics,
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
    let (sources, mut diags) = timings::time("load", || load::read_with(root, memo));
    let Some(sources) = sources else {
        return Run { output: None, diagnostics: diags };
    };
    let loaded = !diags.has_errors();
    let site = match timings::time("model", || model::build_with(sources, memo)) {
        Ok((site, warnings)) => {
            diags.extend(warnings);
            site
        }
        Err(d) => {
            diags.extend(d);
            return Run { output: None, diagnostics: diags };
        }
    };
    if !loaded {
        return Run { output: None, diagnostics: diags };
    }
    match timings::time("render", || render::render_with(&site, memo))
        .and_then(|mut out| timings::time("versions", || archive::add(root, &site, &mut out, cache)).map(|()| out))
    {
        Ok(out) => {
            if site.base_url.is_none() {
                diags.push(
                    Diagnostic::note(
                        "404.html links to the rest of the site as if it were served from the root of its host",
                    )
                    .with_help(
                        "serve the site at the root of its host, or set base_url in site.yaml so the not-found page works at any depth",
                    ),
                );
            }
            Run { output: Some(out), diagnostics: diags }
        }
        Err(d) => {
            diags.extend(d);
            Run { output: None, diagnostics: diags }
        }
    }
}

/// `check`, then write the output to `out` if there were no errors. The
/// folder is checked first: see [`write::target::check`] for what may be
/// replaced, and what `force` allows.
pub fn build(root: &Path, out: &Path, force: bool) -> Run {
    let target = write::target::check(root, out, force);
    let mut run = pipeline(root, &mut Memo::off(), archive::Cache::Fill);
    match target {
        Err(problem) => {
            run.diagnostics.push(problem);
            run.output = None;
        }
        Ok(target) => {
            if let Some(output) = &run.output {
                if let Err(problem) = timings::time("write", || write::write(output, &target)) {
                    run.diagnostics.push(problem);
                    run.output = None;
                }
            }
        }
    }
    run
}
