//! Writing an [`Output`] into a fresh folder: every file in parallel, and
//! the deferred ones (archived versions) kept from the last output when it
//! holds them already.
//!
//! An archived version's pages never change between two builds unless its
//! key does (see [`crate::render::Deferred`]), so the marker file records
//! each deferred folder's key. When the last output recorded the same key,
//! its files are hard-linked into the new folder instead of made and written
//! again; a file changed by hand since (newer than the marker) is written.

use super::{interrupt, MARKER, MARKER_TEXT};
use crate::render::Output;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::Path;
use std::time::SystemTime;

/// The line before the keys in the marker file.
const KEYS: &str = "deferred:";

/// Writes every file of `output` under `dir`. The marker comes first, so an
/// interrupted run's folder is known as consult's and removed by the next;
/// it is written again at the end with the deferred folders' keys.
/// `previous`: the output folder being replaced, whose files may be kept.
pub fn fill(output: &Output, dir: &Path, previous: Option<&Path>) -> io::Result<()> {
    fs::write(dir.join(MARKER), MARKER_TEXT)?;
    let mut folders: BTreeSet<&str> = output.files.keys().filter_map(|p| p.rsplit_once('/').map(|(f, _)| f)).collect();
    let deferred_paths: Vec<Vec<String>> =
        output.deferred.iter().map(|d| d.paths().map(|p| format!("{}{p}", d.prefix())).collect()).collect();
    folders.extend(deferred_paths.iter().flatten().filter_map(|p| p.rsplit_once('/').map(|(f, _)| f)));
    for f in &folders {
        fs::create_dir_all(dir.join(f))?;
    }
    crate::timings::time("write: site files", || {
        output.files.par_iter().try_for_each(|(path, bytes)| {
            interrupt::check()?;
            fs::write(dir.join(path), bytes)
        })
    })?;
    let kept = previous.map(recorded).unwrap_or_default();
    let mut keys = String::new();
    for (d, paths) in output.deferred.iter().zip(&deferred_paths) {
        let reuse = match (previous, kept.get(d.prefix())) {
            (Some(prev), Some((key, written))) if key == d.key() => Some((prev, *written)),
            _ => None,
        };
        paths.par_iter().try_for_each(|path| {
            interrupt::check()?;
            let to = dir.join(path);
            if let Some((prev, written)) = reuse {
                let from = prev.join(path);
                if unchanged_since(&from, written) && fs::hard_link(&from, &to).is_ok() {
                    return Ok(());
                }
            }
            let bytes = d.file(&path[d.prefix().len()..]).map_err(io::Error::other)?;
            fs::write(&to, bytes)
        })?;
        keys.push_str(&format!("{} {}\n", d.prefix(), d.key()));
    }
    interrupt::check()?;
    if !keys.is_empty() {
        fs::write(dir.join(MARKER), format!("{MARKER_TEXT}{KEYS}\n{keys}"))?;
    }
    Ok(())
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
