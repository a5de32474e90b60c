//! Writing an [`Output`] into a fresh folder: every file in parallel, a
//! file the last output holds with the same bytes taken from it (hard-linked;
//! see [`Streamed`]), and the deferred ones (archived versions) kept from the
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
use crate::render::{Bytes, Output, Parts};
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
    files.par_iter().try_for_each(|(path, bytes)| write_file(path, &&bytes[..], dir, previous))
}

/// Writes the file made of `parts` to `path` under `dir`, whose folder
/// exists, or takes it from `previous` when it holds the same bytes.
fn write_file(path: &str, parts: &dyn Parts, dir: &Path, previous: Option<&Path>) -> io::Result<()> {
    interrupt::check()?;
    let to = dir.join(path);
    let old = previous.map(|p| p.join(path)).and_then(|from| Same::open(from, parts.known_len()));
    let mut file = Streamed { to, old, out: None };
    parts.each(&mut |part| file.part(part))?;
    file.finish()
}

/// [`put`] for one file, given in its parts, its folder made first: a page
/// written as soon as it is made ([`super::Writing::put_one`]).
pub fn put_one(path: &str, parts: &dyn Parts, dir: &Path, previous: Option<&Path>) -> io::Result<()> {
    if let Some((folder, _)) = path.rsplit_once('/') {
        fs::create_dir_all(dir.join(folder))?;
    }
    write_file(path, parts, dir, previous)
}

/// A file written part by part: while its parts are the bytes of the old
/// output's file at the same path, nothing is written; if they are all of
/// it, the new output takes that file (hard-linked): reading and comparing
/// costs less than writing, and the old file's pages are not freed only to
/// be allocated again. At the first part that differs, the new file is
/// begun with the old one's bytes so far, and written from there on.
struct Streamed {
    to: PathBuf,
    old: Option<Same>,
    out: Option<io::BufWriter<fs::File>>,
}

impl Streamed {
    fn part(&mut self, bytes: &[u8]) -> io::Result<()> {
        if let Some(old) = &mut self.old {
            if old.holds(bytes) {
                return Ok(());
            }
            let old = self.old.take().expect("just matched");
            self.out = Some(old.begin(&self.to)?);
        }
        use std::io::Write;
        let out = match &mut self.out {
            Some(out) => out,
            None => self.out.insert(create(&self.to)?),
        };
        out.write_all(bytes)
    }

    fn finish(self) -> io::Result<()> {
        let out = match (self.old, self.out) {
            (Some(mut old), _) => {
                if old.at_end() && fs::hard_link(&old.path, &self.to).is_ok() {
                    return Ok(());
                }
                old.begin(&self.to)?
            }
            (None, Some(out)) => out,
            (None, None) => return fs::write(&self.to, b""),
        };
        out.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(())
    }
}

/// A new file at `to`, written through a buffer: a file in parts may come
/// in many small ones (a comma between two pieces).
fn create(to: &Path) -> io::Result<io::BufWriter<fs::File>> {
    Ok(io::BufWriter::with_capacity(1 << 16, fs::File::create(to)?))
}

/// A file of the output being replaced, read alongside a new file's parts
/// while they match it. Only a file nothing else links to is taken, so
/// nothing outside the output ever shares a file with it.
struct Same {
    path: PathBuf,
    file: fs::File,
    /// How many bytes matched so far.
    matched: u64,
    buf: Vec<u8>,
}

impl Same {
    /// The old file at `path`, when it may be taken and, where the new
    /// file's length is known, has that length.
    fn open(path: PathBuf, len: Option<usize>) -> Option<Same> {
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || !single_link(&meta) || len.is_some_and(|n| meta.len() != n as u64) {
            return None;
        }
        let file = fs::File::open(&path).ok()?;
        Some(Same { path, file, matched: 0, buf: Vec::new() })
    }

    /// Whether the old file goes on with `bytes`.
    fn holds(&mut self, bytes: &[u8]) -> bool {
        use std::io::Read;
        self.buf.resize(bytes.len().clamp(1, 1 << 16), 0);
        let mut rest = bytes;
        while !rest.is_empty() {
            let n = self.buf.len().min(rest.len());
            if self.file.read_exact(&mut self.buf[..n]).is_err() || self.buf[..n] != rest[..n] {
                return false;
            }
            rest = &rest[n..];
        }
        self.matched += bytes.len() as u64;
        true
    }

    /// Whether the old file has nothing more: it did not grow since.
    fn at_end(&mut self) -> bool {
        use std::io::Read;
        matches!(self.file.read(&mut [0u8; 1]), Ok(0))
    }

    /// The new file at `to`, begun with the bytes that matched.
    fn begin(&self, to: &Path) -> io::Result<io::BufWriter<fs::File>> {
        use std::io::Read;
        let mut out = create(to)?;
        io::copy(&mut fs::File::open(&self.path)?.take(self.matched), &mut out)?;
        Ok(out)
    }
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

#[cfg(all(test, unix))]
mod tests {
    use super::put_one;
    use std::fs;
    use std::os::unix::fs::MetadataExt;

    /// Writes `parts` as `f` into `new`, with `old` holding `before` there.
    fn write(before: &[u8], parts: Vec<&[u8]>) -> (Vec<u8>, bool) {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (dir.path().join("old"), dir.path().join("new"));
        fs::create_dir_all(&old).unwrap();
        fs::create_dir_all(&new).unwrap();
        fs::write(old.join("f"), before).unwrap();
        put_one("f", &parts, &new, Some(&old)).unwrap();
        let taken = fs::metadata(new.join("f")).unwrap().ino() == fs::metadata(old.join("f")).unwrap().ino();
        assert_eq!(fs::read(old.join("f")).unwrap(), before, "the old file is never changed");
        (fs::read(new.join("f")).unwrap(), taken)
    }

    #[test]
    fn a_file_given_in_parts_is_taken_from_the_old_output_only_when_it_is_all_of_it() {
        let big = vec![b'x'; 200_000];
        let parts = |tail: &'static [u8]| vec![&b"head "[..], &big[..], tail];
        let whole = [&b"head "[..], &big[..], b" tail"].concat();
        assert_eq!(write(&whole, parts(b" tail")), (whole.clone(), true));
        // The same start, then other bytes: the start is copied, the rest written.
        assert_eq!(write(&whole, parts(b" TAIL")), ([&whole[..whole.len() - 5], b" TAIL"].concat(), false));
        // The old file longer, or shorter, than the new one.
        assert_eq!(write(&[&whole[..], b"more"].concat(), parts(b" tail")), (whole.clone(), false));
        assert_eq!(write(&whole[..100], parts(b" tail")), (whole.clone(), false));
        // A first part that differs.
        assert_eq!(write(b"other", parts(b" tail")), (whole, false));
    }
}
