//! The commands: each a thin wrapper over load → model → render → write.

mod new;
pub mod serve;

pub use new::new_site;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::memo::Memo;
use crate::render::Output;
use crate::{load, model, render, write};
use std::path::Path;

/// What a run produced: the output when it succeeded, and every diagnostic.
pub struct Run {
    pub output: Option<Output>,
    pub diagnostics: Diagnostics,
}

/// load → model → render, writing nothing: what `check` does, and the first
/// half of `build`.
pub fn check(root: &Path) -> Run {
    check_with(root, &mut Memo::off())
}

/// [`check`], reusing what `memo` kept from the last run on the same site
/// (`serve` keeps one; the output is the same as without it).
pub fn check_with(root: &Path, memo: &mut Memo) -> Run {
    let sources = match load::load_with(root, memo) {
        Ok(s) => s,
        Err(d) => return Run { output: None, diagnostics: d },
    };
    let (site, mut diags) = match model::build_with(sources, memo) {
        Ok(r) => r,
        Err(d) => return Run { output: None, diagnostics: d },
    };
    match render::render_with(&site, memo) {
        Ok(out) => Run { output: Some(out), diagnostics: diags },
        Err(d) => {
            diags.extend(d);
            Run { output: None, diagnostics: diags }
        }
    }
}

/// `check`, then write the output to `out` if there were no errors.
pub fn build(root: &Path, out: &Path) -> Run {
    let mut run = check(root);
    if let Some(output) = &run.output {
        if let Some(problem) = unsafe_target(root, out) {
            run.diagnostics.push(problem);
            run.output = None;
        } else if let Err(e) = write::write(output, out) {
            run.diagnostics.push(Diagnostic::global(format!("cannot write {}: {e}", out.display())));
            run.output = None;
        }
    }
    run
}

/// The output folder is replaced whole, so it must not hold the site itself.
fn unsafe_target(root: &Path, out: &Path) -> Option<Diagnostic> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, out_abs) = (abs(root), abs(out));
    if root.starts_with(&out_abs) || out_abs.join("content").exists() || out_abs.parent().is_none() {
        return Some(Diagnostic::global(format!(
            "refusing to replace {}: it holds the site folder, and the output folder is replaced whole",
            out.display()
        )));
    }
    None
}
