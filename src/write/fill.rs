//! Writing an [`Output`] into a fresh folder: every file in parallel, a
//! file the last output holds with the same bytes taken from it (hard-linked;
//! see [`holds`]), and the deferred ones (archived versions) kept from the
//! last output when it holds them already.
//!
//! An archived version's pages never change between two builds unless its
//! key does (see [`crate::render::Deferred`]), so the marker file records
//! each deferred folder's key. When the last output recorded the same key
//! and nothing in that folder is newer than the marker (no file changed,
//! added or removed by hand: either makes a file or a folder newer), the
//! folder itself is moved into the new output just before the swap: one
//! rename instead of a link, a folder and a removal per file. A folder
//! touched since is made again, keeping (hard-linking) its untouched files.

use super::{interrupt, MARKER, MARKER_TEXT};
use crate::render::{Bytes, Output};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The line before the keys in the marker file.
const KEYS: &str = "deferred:";

/// A folder of the output being replaced that the new one takes as it is:
/// `from` is moved to `to` just before the swap (see [`move_kept`]).
pub struct Kept {
    pub from: PathBuf,
    pub to: PathBuf,
}

/// Writes every file of `output` under `dir`, but for the deferred folders
/// it returns as [`Kept`]. The marker comes first, so an interrupted run's
/// folder is known as consult's and removed by the next; it is written again
/// at the end with the deferred folders' keys.
/// `previous`: the output folder being replaced, whose files may be kept.
pub fn fill(output: &Output, dir: &Path, previous: Option<&Path>) -> io::Result<Vec<Kept>> {
    fs::write(dir.join(MARKER), MARKER_TEXT)?;
    let recorded = previous.map(recorded).unwrap_or_default();
    let deferred: Vec<Deferred<'_>> = output
        .deferred
        .iter()
        .map(|d| {
            let paths: Vec<String> = d.paths().map(|p| format!("{}{p}", d.prefix())).collect();
            let reuse = match (previous, recorded.get(d.prefix())) {
                (Some(prev), Some((key, written))) if key == d.key() => Some((prev, *written)),
                _ => None,
            };
            let whole = reuse.is_some_and(|(prev, written)| untouched(prev, d.prefix(), &paths, written));
            Deferred { paths, reuse, whole }
        })
        .collect();
    let folders = folders_of(deferred.iter().filter(|d| !d.whole).flat_map(|d| &d.paths));
    crate::timings::time("write: folders", || make_folders(dir, &folders))?;
    put(&output.files, dir, previous)?;
    let mut keys = String::new();
    let mut kept = Vec::new();
    for (d, plan) in output.deferred.iter().zip(&deferred) {
        keys.push_str(&format!("{} {}\n", d.prefix(), d.key()));
        let folder = d.prefix().trim_end_matches('/');
        if let (true, Some((prev, _))) = (plan.whole, plan.reuse) {
            let to = dir.join(folder);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent)?;
            }
            kept.push(Kept { from: prev.join(folder), to });
            continue;
        }
        plan.paths.par_iter().try_for_each(|path| {
            interrupt::check()?;
            let to = dir.join(path);
            if let Some((prev, written)) = plan.reuse {
                let from = prev.join(path);
                if unchanged_since(&from, written) && fs::hard_link(&from, &to).is_ok() {
                    return Ok(());
                }
            }
            let bytes = d.file(&path[d.prefix().len()..]).map_err(io::Error::other)?;
            fs::write(&to, bytes)
        })?;
    }
    interrupt::check()?;
    if !keys.is_empty() {
        fs::write(dir.join(MARKER), format!("{MARKER_TEXT}{KEYS}\n{keys}"))?;
    }
    Ok(kept)
}

/// Writes `files` under `dir`, their folders made first: the part of an
/// output final before the rest is made ([`super::Writing::put`]).
pub fn put(files: &BTreeMap<String, Bytes>, dir: &Path, previous: Option<&Path>) -> io::Result<()> {
    crate::timings::time("write: folders", || make_folders(dir, &folders_of(files.keys())))?;
    crate::timings::time("write: site files", || write_files(files, dir, previous))
}

/// The folders that `paths` (output paths, with `/`) are in.
fn folders_of<'a>(paths: impl IntoIterator<Item = &'a String>) -> BTreeSet<&'a str> {
    paths.into_iter().filter_map(|p| p.rsplit_once('/').map(|(f, _)| f)).collect()
}

fn make_folders(dir: &Path, folders: &BTreeSet<&str>) -> io::Result<()> {
    folders.iter().try_for_each(|f| fs::create_dir_all(dir.join(f)))
}

/// Writes each of `files` (in parallel) under `dir`, whose folders exist,
/// taking a file from `previous` where it holds the same bytes.
fn write_files(files: &BTreeMap<String, Bytes>, dir: &Path, previous: Option<&Path>) -> io::Result<()> {
    files.par_iter().try_for_each(|(path, bytes)| write_file(path, &[bytes], dir, previous))
}

/// Writes the file made of `parts` to `path` under `dir`, whose folder
/// exists, or takes it from `previous` when it holds the same bytes.
fn write_file(path: &str, parts: &[&[u8]], dir: &Path, previous: Option<&Path>) -> io::Result<()> {
    use std::io::Write;
    interrupt::check()?;
    let to = dir.join(path);
    if let Some(prev) = previous {
        let from = prev.join(path);
        if holds(&from, parts) && fs::hard_link(&from, &to).is_ok() {
            return Ok(());
        }
    }
    if let [bytes] = parts {
        return fs::write(to, bytes);
    }
    // Small parts (a comma between two pieces) gathered, large ones passed through.
    let mut file = io::BufWriter::with_capacity(1 << 16, fs::File::create(to)?);
    parts.iter().try_for_each(|p| file.write_all(p))?;
    file.into_inner().map_err(io::IntoInnerError::into_error)?;
    Ok(())
}

/// [`put`] for one file, given in its parts, its folder made first: a page
/// written as soon as it is made ([`super::Writing::put_one`]).
pub fn put_one(path: &str, parts: &[&[u8]], dir: &Path, previous: Option<&Path>) -> io::Result<()> {
    if let Some((folder, _)) = path.rsplit_once('/') {
        fs::create_dir_all(dir.join(folder))?;
    }
    write_file(path, parts, dir, previous)
}

/// Whether `path` is a file of the output being replaced that holds exactly
/// `bytes` and that nothing else links to, so the new output may take it
/// (hard-linked) instead of writing it again: reading and comparing costs
/// less than writing, and the old file's pages are not freed only to be
/// allocated again. A file with other links is left alone, so nothing
/// outside the output ever shares a file with it.
fn holds(path: &Path, parts: &[&[u8]]) -> bool {
    use std::io::Read;
    let len: usize = parts.iter().map(|p| p.len()).sum();
    let Ok(meta) = fs::symlink_metadata(path) else { return false };
    if !meta.is_file() || !single_link(&meta) || meta.len() != len as u64 {
        return false;
    }
    let Ok(mut file) = fs::File::open(path) else { return false };
    let mut buf = vec![0u8; len.clamp(1, 1 << 16)];
    for &part in parts {
        let mut rest = part;
        while !rest.is_empty() {
            let n = buf.len().min(rest.len());
            if file.read_exact(&mut buf[..n]).is_err() || buf[..n] != rest[..n] {
                return false;
            }
            rest = &rest[n..];
        }
    }
    // Nothing more: the file did not grow since its length was read.
    matches!(file.read(&mut buf[..1]), Ok(0))
}

#[cfg(unix)]
fn single_link(meta: &fs::Metadata) -> bool {
    std::os::unix::fs::MetadataExt::nlink(meta) == 1
}

/// Elsewhere the link count is not known: every file is written afresh.
#[cfg(not(unix))]
fn single_link(_: &fs::Metadata) -> bool {
    false
}

/// What [`fill`] does with one deferred folder.
struct Deferred<'a> {
    /// Its files, as output paths.
    paths: Vec<String>,
    /// The output being replaced recorded the same key (and when).
    reuse: Option<(&'a Path, SystemTime)>,
    /// … and holds the folder untouched: move it whole.
    whole: bool,
}

/// Moves the kept folders into the new output (the last step before the
/// swap, so the old output lacks them only for that moment). On failure
/// the ones moved go back.
pub fn move_kept(kept: &[Kept]) -> io::Result<()> {
    for (i, k) in kept.iter().enumerate() {
        if let Err(e) = fs::rename(&k.from, &k.to) {
            move_back(&kept[..i]);
            return Err(e);
        }
    }
    Ok(())
}

/// Puts moved folders back where they were (the swap failed).
pub fn move_back(kept: &[Kept]) {
    for k in kept {
        let _ = fs::rename(&k.to, &k.from);
    }
}

/// Whether the folder `prefix` of `prev` holds `paths` as the build that
/// wrote it at `written` left them: every file and every folder on the way
/// not modified since (adding or removing a file modifies its folder).
fn untouched(prev: &Path, prefix: &str, paths: &[String], written: SystemTime) -> bool {
    let mut folders = folders_of(paths);
    folders.insert(prefix.trim_end_matches('/'));
    let old = |p: &str, dir: bool| {
        fs::symlink_metadata(prev.join(p))
            .is_ok_and(|m| (if dir { m.is_dir() } else { m.is_file() }) && m.modified().is_ok_and(|t| t <= written))
    };
    folders.par_iter().all(|f| old(f, true)) && paths.par_iter().all(|p| old(p, false))
}

/// The deferred folders' keys the marker of `folder` records, with the time
/// it was written.
fn recorded(folder: &Path) -> HashMap<String, (String, SystemTime)> {
    let marker = folder.join(MARKER);
    let (Ok(text), Ok(meta)) = (fs::read_to_string(&marker), fs::symlink_metadata(&marker)) else {
        return HashMap::new();
    };
    let Ok(written) = meta.modified() else { return HashMap::new() };
    let Some((_, keys)) = text.split_once(&format!("{KEYS}\n")) else { return HashMap::new() };
    keys.lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(prefix, key)| (prefix.to_string(), (key.to_string(), written)))
        .collect()
}

/// A plain file not modified after the marker that recorded it.
fn unchanged_since(path: &Path, written: SystemTime) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t <= written))
}
