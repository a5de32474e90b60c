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
use crate::render::Output;
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
    let real = &target.real;
    let shown = target.shown.display();
    let parent = real.parent().expect("target::check refuses the filesystem root");
    let name = real.file_name().expect("a resolved path ends in a name").to_string_lossy().into_owned();
    let fail = |what: &str, path: &Path, e: io::Error| {
        if e.kind() == io::ErrorKind::Interrupted {
            return Diagnostic::global(format!(
                "interrupted before the new site was complete; {shown} was left as it was"
            ));
        }
        Diagnostic::global(format!("cannot write the site to {shown}: {what} {}: {}", path.display(), plain(&e)))
    };
    // From here a signal no longer ends the process at once: it stops the
    // writing between two files, and the temporary folder is removed.
    let _writing = interrupt::Critical::enter().map_err(|e| fail("", real, e))?;

    if !parent.is_dir() {
        fs::create_dir_all(parent).map_err(|e| fail("cannot create the folder", parent, e))?;
    }
    let _lock = swap::lock(parent, real);
    let prefix = format!(".{name}.consult-");
    swap::remove_leftovers(parent, &prefix);

    let pid = std::process::id();
    let staging = parent.join(format!("{prefix}new-{pid}"));
    match fs::create_dir(&staging) {
        Ok(()) => {}
        Err(e) if target.exists && is_permission(&e) => {
            // The parent is not ours to write (a web root such as
            // /var/www/html): build inside the folder, then swap its contents.
            return in_place(output, real, reuse).map_err(|e2| {
                Diagnostic::global(format!(
                    "cannot write the site to {shown}: neither its parent folder {} ({}) nor the folder itself ({}) \
                     can be written",
                    parent.display(),
                    plain(&e),
                    plain(&e2)
                ))
                .with_help(format!(
                    "give this user write permission on {} or on {}",
                    parent.display(),
                    real.display()
                ))
            });
        }
        Err(e) if is_permission(&e) => {
            return Err(fail("cannot create a folder in", parent, e)
                .with_help(format!("give this user write permission on {}", parent.display())));
        }
        Err(e) => return Err(fail("cannot create", &staging, e)),
    }
    let previous = (reuse && target.exists).then_some(real.as_path());
    let kept = match crate::timings::time("write: files", || fill::fill(output, &staging, previous)) {
        Ok(kept) => kept,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(fail("cannot write", &staging, e));
        }
    };
    let aside = parent.join(format!("{prefix}old-{pid}"));
    let swapped = fill::move_kept(&kept).and_then(|()| {
        let swapped =
            if target.exists { swap::exchange(&staging, real, &aside) } else { swap::rename_new(&staging, real) };
        swapped.inspect_err(|_| fill::move_back(&kept))
    });
    if let Err(e) = swapped {
        let _ = fs::remove_dir_all(&staging);
        return Err(fail("cannot move the new site into place at", real, e));
    }
    // After an exchange the staging name holds the previous output.
    crate::timings::time("write: remove old", || remove_all(&staging));
    Ok(())
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
