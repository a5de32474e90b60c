//! write: [`Output`] → a folder on disk, swapped in only once complete.
//!
//! The only stage that writes. The new site is written in full to a hidden
//! folder beside the target, then the two are exchanged in one step
//! (`renameat2(RENAME_EXCHANGE)` on Linux), so a reader never sees a missing
//! or half-written site, and a failed or interrupted build leaves the last
//! good output as it was. [`target::check`] decides beforehand whether the
//! folder may be replaced at all.

mod fill;
pub mod interrupt;
mod swap;
pub mod target;

use crate::diagnostic::Diagnostic;
use crate::render::{Bytes, Output};
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
pub use target::Target;

/// The file consult puts in every output folder: its mark that the folder
/// is consult's to replace. A folder without it is never replaced unasked.
pub const MARKER: &str = ".consult-output";

pub(crate) const MARKER_TEXT: &str = "This folder was written by consult. `consult build` replaces it whole:\n\
                           keep nothing of your own in it.\n";

/// Writes `output` to `target`, all or nothing. With `reuse`, files of the
/// output being replaced that the new one would write identically are kept
/// (hard-linked) instead of written again: see [`fill`].
pub fn write(output: &Output, target: &Target, reuse: bool) -> Result<(), Diagnostic> {
    match start(target, reuse)? {
        Started::Beside(writing) => writing.finish(output),
        Started::InPlace(_guards, e) => {
            in_place(output, &target.real, reuse).map_err(|e2| in_place_failed(target, &e, &e2))
        }
    }
}

/// Starts writing the new site beside `target` before the whole of it is
/// made, so files can go to disk as they are final ([`Writing::put`]) and
/// leave memory. None where that would change anything on disk before the
/// build is known to succeed (the folder the output goes in is missing), or
/// cannot be done beside it: [`write`] then writes it all at the end, and
/// reports what is wrong.
pub fn begin(target: &Target, reuse: bool) -> Option<Writing> {
    if !target.real.parent().is_some_and(Path::is_dir) {
        return None;
    }
    match start(target, reuse) {
        Ok(Started::Beside(writing)) => Some(writing),
        _ => None,
    }
}

/// A new site being written into a hidden folder beside the target. Dropped
/// before [`Writing::finish`] (the build failed), the folder is removed and
/// the target is as it was.
pub struct Writing {
    target: Target,
    parent: PathBuf,
    prefix: String,
    staging: PathBuf,
    /// The output being replaced, whose unchanged files are kept.
    previous: Option<PathBuf>,
    finished: bool,
    _guards: Guards,
}

/// Held while writing: signals only raise a flag, and no other run writes
/// into the same folder.
struct Guards {
    _writing: interrupt::Critical,
    _lock: Option<fs::File>,
}

enum Started {
    Beside(Writing),
    /// The parent cannot be written (why): the site is built inside the folder.
    InPlace(Guards, io::Error),
}

fn fail(target: &Target, what: &str, path: &Path, e: io::Error) -> Diagnostic {
    let shown = target.shown.display();
    if e.kind() == io::ErrorKind::Interrupted {
        return Diagnostic::global(format!("interrupted before the new site was complete; {shown} was left as it was"));
    }
    Diagnostic::global(format!("cannot write the site to {shown}: {what} {}: {}", path.display(), plain(&e)))
}

/// Takes the guards, clears what an interrupted run left, and makes the
/// staging folder with its marker.
fn start(target: &Target, reuse: bool) -> Result<Started, Diagnostic> {
    let real = &target.real;
    let parent = real.parent().expect("target::check refuses the filesystem root");
    let name = real.file_name().expect("a resolved path ends in a name").to_string_lossy().into_owned();
    // From here a signal no longer ends the process at once: it stops the
    // writing between two files, and the temporary folder is removed.
    let writing = interrupt::Critical::enter().map_err(|e| fail(target, "", real, e))?;

    if !parent.is_dir() {
        fs::create_dir_all(parent).map_err(|e| fail(target, "cannot create the folder", parent, e))?;
    }
    let guards = Guards { _writing: writing, _lock: swap::lock(parent, real) };
    let prefix = format!(".{name}.consult-");
    swap::remove_leftovers(parent, &prefix);

    let pid = std::process::id();
    let staging = parent.join(format!("{prefix}new-{pid}"));
    match fs::create_dir(&staging) {
        Ok(()) => {}
        // The parent is not ours to write (a web root such as
        // /var/www/html): build inside the folder, then swap its contents.
        Err(e) if target.exists && is_permission(&e) => return Ok(Started::InPlace(guards, e)),
        Err(e) if is_permission(&e) => {
            return Err(fail(target, "cannot create a folder in", parent, e)
                .with_help(format!("give this user write permission on {}", parent.display())));
        }
        Err(e) => return Err(fail(target, "cannot create", &staging, e)),
    }
    // The marker first, so an interrupted run's folder is known as consult's
    // and removed by the next.
    if let Err(e) = fs::write(staging.join(MARKER), MARKER_TEXT) {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail(target, "cannot write", &staging, e));
    }
    let previous = (reuse && target.exists).then(|| real.clone());
    Ok(Started::Beside(Writing {
        target: target.clone(),
        parent: parent.to_path_buf(),
        prefix,
        staging,
        previous,
        finished: false,
        _guards: guards,
    }))
}

impl Writing {
    /// Writes `files` now (in parallel) and moves their paths to `written`:
    /// they are in the new site, and no longer in memory.
    pub fn put(&self, files: &mut BTreeMap<String, Bytes>, written: &mut BTreeSet<String>) -> Result<(), Diagnostic> {
        let done = fill::put(files, &self.staging, self.previous.as_deref());
        done.map_err(|e| fail(&self.target, "cannot write", &self.staging, e))?;
        let files = std::mem::take(files);
        written.extend(files.into_keys());
        Ok(())
    }

    /// Writes one file, given in its parts, into the new site, from any thread.
    pub fn put_one(&self, path: &str, parts: &dyn crate::render::Parts) -> Result<(), Diagnostic> {
        let done = fill::put_one(path, parts, &self.staging, self.previous.as_deref());
        done.map_err(|e| fail(&self.target, "cannot write", &self.staging, e))
    }

    /// Writes the rest of `output` and swaps the new site in.
    pub fn finish(mut self, output: &Output) -> Result<(), Diagnostic> {
        let (real, staging) = (&self.target.real, &self.staging);
        let kept = crate::timings::time("write: files", || fill::fill(output, staging, self.previous.as_deref()))
            .map_err(|e| fail(&self.target, "cannot write", staging, e))?;
        let aside = self.parent.join(format!("{}old-{}", self.prefix, std::process::id()));
        let swapped = fill::move_kept(&kept).and_then(|()| {
            let swapped = if self.target.exists {
                swap::exchange(staging, real, &aside)
            } else {
                swap::rename_new(staging, real)
            };
            swapped.inspect_err(|_| fill::move_back(&kept))
        });
        if let Err(e) = swapped {
            return Err(fail(&self.target, "cannot move the new site into place at", real, e));
        }
        self.finished = true;
        // After an exchange the staging name holds the previous output.
        crate::timings::time("write: remove old", || remove_all(staging));
        Ok(())
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Neither the parent (`e`) nor the folder itself (`e2`) could be written.
fn in_place_failed(target: &Target, e: &io::Error, e2: &io::Error) -> Diagnostic {
    let real = &target.real;
    let parent = real.parent().expect("target::check refuses the filesystem root");
    Diagnostic::global(format!(
        "cannot write the site to {}: neither its parent folder {} ({}) nor the folder itself ({}) can be written",
        target.shown.display(),
        parent.display(),
        plain(e),
        plain(e2)
    ))
    .with_help(format!("give this user write permission on {} or on {}", parent.display(), real.display()))
}

/// Writes the site inside `real` itself, then swaps its contents: every old
/// entry moves to a hidden folder, every new one up, and the old are removed.
fn in_place(output: &Output, real: &Path, reuse: bool) -> io::Result<()> {
    let pid = std::process::id();
    swap::remove_leftovers(real, ".consult-");
    let staging = real.join(format!(".consult-new-{pid}"));
    let old = real.join(format!(".consult-old-{pid}"));
    fs::create_dir(&staging)?;
    let kept =
        fill::fill(output, &staging, reuse.then_some(real)).and_then(|kept| fill::move_kept(&kept).map(|()| kept));
    let kept = match kept {
        Ok(kept) => kept,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if let Err(e) = fs::create_dir(&old) {
        fill::move_back(&kept);
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    fs::write(old.join(MARKER), MARKER_TEXT)?;
    for entry in entries(real)? {
        if entry != staging && entry != old {
            fs::rename(&entry, old.join(entry.file_name().unwrap()))?;
        }
    }
    for entry in entries(&staging)? {
        fs::rename(&entry, real.join(entry.file_name().unwrap()))?;
    }
    let _ = fs::remove_dir(&staging);
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Removes a folder of ours and everything in it, its subfolders in parallel.
fn remove_all(dir: &Path) {
    use rayon::prelude::*;
    if let Ok(entries) = entries(dir) {
        entries.par_iter().for_each(|e| {
            if e.is_dir() && !e.is_symlink() {
                remove_all(e);
            } else {
                let _ = fs::remove_file(e);
            }
        });
    }
    let _ = fs::remove_dir(dir);
}

fn entries(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)?.map(|e| e.map(|e| e.path())).collect::<io::Result<_>>()?;
    v.sort();
    Ok(v)
}

fn is_permission(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem)
}

/// An I/O error in words, without Rust's "(os error 13)" tail.
fn plain(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_lowercase(),
        None => s,
    }
}
