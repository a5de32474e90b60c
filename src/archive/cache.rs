//! The archive cache. A published version never changes, so its rendered
//! pages and its snapshot depend only on its frozen files, the built-in
//! theme and the `consult` binary: that is the key. Entries live in
//! `<root>/.consult/cache/` (outside `content/`, `versions/` and the output;
//! safe to delete at any time) and, for `serve`, in memory.
//!
//! Each entry is two files: `KEY.snap` (the page list and the snapshot,
//! which every run needs) and `KEY.pages` (the pages, read only when a
//! version's pages must be written or served). `PAIR.redline` keeps the
//! redline between two consecutive versions (their keys make `PAIR`).
//!
//! Snapshots are stored in `postcard`'s compact binary form, each document
//! with the digest of its bytes: a document that did not change between
//! versions is decoded once per process and shared, so reading ten
//! versions costs about what they changed, and comparing two versions
//! skips a shared document at once.

use super::Archive;
use crate::diff::text::Stored;
use crate::diff::{Block, BlockKind, DocSnap, Redline, Snapshot, StoredDoc, Text};
use crate::load::versions::sha256;
use serde::{de::DeserializeOwned, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Bump when what an entry holds changes shape.
const FORMAT: &str = "consult-archive-4";

/// Where the cache lives inside a site folder.
pub fn dir(root: &Path) -> PathBuf {
    root.join(".consult").join("cache")
}

/// What the binary renders with: its version, its built-in theme, and the
/// source it was built from (`build.rs`), so a `consult` built from other
/// code never reuses pages another rendered, while the same release built
/// or installed again (a CI's, say) keeps its cache.
fn binary_key() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        let theme = crate::load::theme::builtin();
        let mut s = format!("{FORMAT}\n{}\n", env!("CARGO_PKG_VERSION"));
        for (name, t) in &theme.templates {
            s.push_str(&format!("t {name} {}\n", sha256(t.text.as_bytes())));
        }
        for (name, b) in &theme.statics {
            s.push_str(&format!("s {name} {}\n", sha256(b)));
        }
        s.push_str(concat!("source ", env!("CONSULT_SOURCE_DIGEST"), "\n"));
        sha256(s.as_bytes())
    })
}

/// The cache key of the version whose frozen files have `digest`.
pub fn key(digest: &str) -> String {
    sha256(format!("{}\n{digest}", binary_key()).as_bytes())
}

fn memory() -> &'static Mutex<HashMap<String, Arc<Archive>>> {
    static MEMO: OnceLock<Mutex<HashMap<String, Arc<Archive>>>> = OnceLock::new();
    MEMO.get_or_init(Default::default)
}

/// The archive for `key`, from memory or from `<root>/.consult/cache/`
/// (its snapshot now, its pages when first asked for).
pub fn get(root: &Path, key: &str) -> Option<Arc<Archive>> {
    if let Some(a) = memory().lock().ok()?.get(key) {
        return Some(a.clone());
    }
    let archive = Arc::new(read(&dir(root), key).ok()?);
    remember(key, archive.clone());
    Some(archive)
}

/// Keeps `archive` in memory for the rest of the process (`serve`).
pub fn remember(key: &str, archive: Arc<Archive>) {
    if let Ok(mut m) = memory().lock() {
        m.insert(key.to_string(), archive);
    }
}

/// Writes every archive this process rendered to the disk cache (best
/// effort: the cache only saves time).
pub fn persist(root: &Path) {
    let all: Vec<(String, Arc<Archive>)> = match memory().lock() {
        Ok(m) => m.iter().map(|(k, a)| (k.clone(), a.clone())).collect(),
        Err(_) => return,
    };
    for (key, archive) in all {
        let _ = store(root, &key, &archive);
    }
}

/// Writes `archive` to the disk cache (temporary files, then rename; the
/// pages first, so a snapshot on disk always has its pages).
pub fn store(root: &Path, key: &str, archive: &Archive) -> io::Result<PathBuf> {
    let dir = dir(root);
    let snap_path = dir.join(format!("{key}.snap"));
    let pages_path = dir.join(format!("{key}.pages"));
    if snap_path.exists() {
        return Ok(pages_path);
    }
    // An archive read from the cache has its pages there already.
    let Some(pages) = archive.held() else { return Ok(pages_path) };
    std::fs::create_dir_all(&dir)?;
    // Written as it goes: a version's pages are as large as the site.
    replace(&pages_path, |w| {
        header(w)?;
        number(w, pages.len())?;
        for (path, data) in pages {
            chunk(w, path.as_bytes())?;
            chunk(w, data)?;
        }
        Ok(())
    })?;
    replace(&snap_path, |w| {
        header(w)?;
        number(w, archive.paths.len())?;
        for path in &archive.paths {
            chunk(w, path.as_bytes())?;
        }
        write_snapshot(w, &archive.snapshot)
    })?;
    Ok(pages_path)
}

/// The redline pages of published versions that earlier builds made
/// (`KEY.changes`; see [`crate::render::changes::Kept`]), and the keys this
/// build asked for, which pruning keeps.
pub struct Pages {
    dir: Option<PathBuf>,
    write: bool,
    used: Mutex<HashSet<String>>,
}

impl Pages {
    pub fn new(root: &Path, cache: super::Cache) -> Pages {
        use super::Cache;
        Pages { dir: (cache != Cache::Off).then(|| dir(root)), write: cache == Cache::Fill, used: Default::default() }
    }

    /// The keys asked for.
    pub fn used(&self) -> HashSet<String> {
        self.used.lock().map(|u| u.clone()).unwrap_or_default()
    }

    fn file(&self, key: &str) -> Option<PathBuf> {
        if let Ok(mut u) = self.used.lock() {
            u.insert(key.to_string());
        }
        Some(self.dir.as_ref()?.join(format!("{key}.changes")))
    }
}

impl crate::render::changes::Kept for Pages {
    fn get(&self, key: &str) -> Option<Vec<u8>> {
        let mut r = Reader::open(&self.file(key)?).ok()?;
        r.chunk().ok().map(<[u8]>::to_vec)
    }

    fn keep(&self, key: &str, page: &[u8]) {
        let Some(file) = self.file(key).filter(|_| self.write) else { return };
        let _ = std::fs::create_dir_all(file.parent().unwrap_or(Path::new(".")))
            .and_then(|()| replace(&file, |w| header(w).and_then(|()| chunk(w, page))));
    }
}

/// The key of the redline from the version keyed `previous` to the one keyed `this`.
pub fn pair_key(previous: &str, this: &str) -> String {
    sha256(format!("{previous}>{this}").as_bytes())
}

/// The redline kept under `pair` (see [`pair_key`]), made from `old` and `new`.
pub fn read_redline(root: &Path, pair: &str, old: &Snapshot, new: &Snapshot) -> Option<Redline> {
    let mut r = Reader::open(&dir(root).join(format!("{pair}.redline"))).ok()?;
    let docs: Vec<StoredDoc> = decode(r.chunk().ok()?).ok()?;
    Redline::from_stored(docs, old, new)
}

/// Keeps `redline` under `pair` (best effort, like every entry).
pub fn store_redline(root: &Path, pair: &str, redline: &Redline) -> io::Result<()> {
    let dir = dir(root);
    std::fs::create_dir_all(&dir)?;
    let bytes = encode(&redline.stored())?;
    replace(&dir.join(format!("{pair}.redline")), |w| header(w).and_then(|()| chunk(w, &bytes)))
}

fn encode<T: Serialize + ?Sized>(value: &T) -> io::Result<Vec<u8>> {
    postcard::to_allocvec(value).map_err(io::Error::other)
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> io::Result<T> {
    postcard::from_bytes(bytes).map_err(|_| bad())
}

/// A document's snapshot without its words: each block with the length of
/// its words, which follow all documents' outlines (see [`write_snapshot`]).
#[derive(Serialize, serde::Deserialize)]
struct Outline {
    slug: String,
    title: String,
    short_title: String,
    blocks: Vec<(BlockKind, Option<String>, Option<String>, u32)>,
}

/// The data; then each document's digest and outline; then each
/// document's words, one after another. The words (most of a snapshot) are
/// apart so that reading the outlines reads none of them: a document's are
/// read when first looked at ([`crate::diff::Text`]).
fn write_snapshot(out: &mut dyn Write, snapshot: &Snapshot) -> io::Result<()> {
    chunk(out, &encode(&snapshot.data)?)?;
    number(out, snapshot.docs.len())?;
    let mut words = Vec::with_capacity(snapshot.docs.len());
    for doc in &snapshot.docs {
        let mut all = String::new();
        let mut blocks = Vec::with_capacity(doc.blocks.len());
        for b in &doc.blocks {
            let len = u32::try_from(b.text.len()).map_err(|_| bad())?;
            blocks.push((b.kind, b.key.clone(), b.number.clone(), len));
            all.push_str(&b.text);
        }
        let outline =
            Outline { slug: doc.slug.clone(), title: doc.title.clone(), short_title: doc.short_title.clone(), blocks };
        let bytes = encode(&outline)?;
        out.write_all(&Sha256::new().chain_update(&bytes).chain_update(all.as_bytes()).finalize())?;
        number(out, all.len())?;
        chunk(out, &bytes)?;
        words.push(all);
    }
    words.iter().try_for_each(|w| out.write_all(w.as_bytes()))
}

/// A document's snapshot by its digest, decoded by the first reader that
/// needs it (others wait for that one rather than decode it again).
type Shared = Mutex<HashMap<[u8; 32], Arc<OnceLock<Option<Arc<DocSnap>>>>>>;

fn shared() -> &'static Shared {
    static DOCS: OnceLock<Shared> = OnceLock::new();
    DOCS.get_or_init(Default::default)
}

/// The snapshot [`write_snapshot`] wrote, from `r`, over `file`; each
/// document's words left in `file` until first read.
fn read_snapshot(r: &mut Reader, file: &Arc<Opened>) -> io::Result<Snapshot> {
    use rayon::prelude::*;
    let data = decode(r.chunk()?)?;
    let count = r.number()?;
    // Where each document's outline is (a walk through the file), then
    // each decoded on whichever core is free.
    let mut found = Vec::with_capacity(count.min(1 << 16));
    for _ in 0..count {
        let id: [u8; 32] = r.take(32)?.try_into().map_err(|_| bad())?;
        let words = r.number()? as u64;
        let len = r.chunk()?.len();
        found.push((id, r.at - len, len, words));
    }
    // Each document's words start where the one before's end.
    let mut words_at = Vec::with_capacity(found.len());
    let mut at = r.at as u64;
    for &(.., words) in &found {
        words_at.push(at);
        at = at.checked_add(words).filter(|&end| end <= r.bytes.len() as u64).ok_or_else(bad)?;
    }
    let bytes = &r.bytes[..];
    let docs = found
        .par_iter()
        .zip(&words_at)
        .map(|(&(id, at, len, words), &words_at)| {
            let cell = shared().lock().map_err(|_| bad())?.entry(id).or_default().clone();
            let doc = cell.get_or_init(|| {
                let outline = decode::<Outline>(&bytes[at..at + len]).ok()?;
                let total: u64 = outline.blocks.iter().map(|b| u64::from(b.3)).sum();
                (total == words).then(|| Arc::new(outline.into_doc(file, words_at, words)))
            });
            doc.clone().ok_or_else(bad)
        })
        .collect::<io::Result<Vec<_>>>()?;
    Ok(Snapshot { docs, data })
}

impl Outline {
    /// The document, its words the `len` bytes at `at` in `file`.
    fn into_doc(self, file: &Arc<Opened>, at: u64, len: u64) -> DocSnap {
        let from = file.clone();
        let stored = Stored::new(move || {
            let mut bytes = vec![0; len as usize];
            // The file was checked long enough, and it is held open.
            if let Err(e) = read_at(&from.file, &from.path, &mut bytes, at) {
                panic!("cannot read {}: {e}; remove .consult/cache and build again", from.path.display());
            }
            String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        });
        let mut start = 0u32;
        let blocks = self
            .blocks
            .into_iter()
            .map(|(kind, key, number, len)| {
                let end = start.saturating_add(len);
                let text = Text::stored(&stored, start, end);
                start = end;
                Block { kind, key, number, text }
            })
            .collect();
        DocSnap { slug: self.slug, title: self.title, short_title: self.short_title, blocks }
    }
}

/// A cache file held open, so what is read from it later is the file that
/// was read first, even if the entry is replaced or pruned meanwhile.
struct Opened {
    file: std::fs::File,
    path: PathBuf,
}

/// Removes every entry but those of `keep` (the versions this build used),
/// so entries of older binaries do not pile up.
pub fn prune(root: &Path, keep: &HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir(root)) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some((stem, ext)) = name.split_once('.') else { continue };
        let ours = stem.len() == 64 && stem.bytes().all(|b| b.is_ascii_hexdigit());
        if ours && matches!(ext, "snap" | "pages" | "redline" | "changes" | "archive") && !keep.contains(stem) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Replaces the entry `target` with what `write` writes, as it goes: into
/// a temporary file, then renamed over it, so a reader never sees half.
fn replace(target: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let tmp = target.with_extension(format!("{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|f| {
        let mut w = io::BufWriter::new(f);
        write(&mut w)?;
        w.flush()
    });
    written.and_then(|()| std::fs::rename(&tmp, target)).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

fn header(w: &mut dyn Write) -> io::Result<()> {
    w.write_all(FORMAT.as_bytes())?;
    w.write_all(b"\n")
}

fn number(w: &mut dyn Write, n: usize) -> io::Result<()> {
    w.write_all(&(n as u64).to_le_bytes())
}

fn chunk(w: &mut dyn Write, data: &[u8]) -> io::Result<()> {
    number(w, data.len())?;
    w.write_all(data)
}

/// Reads an entry back; anything short or malformed is "not cached".
struct Reader {
    bytes: memmap2::Mmap,
    at: usize,
}

impl Reader {
    /// Maps the file rather than reading it: a snapshot's documents that an
    /// earlier version already gave are skipped without being read.
    fn open(path: &Path) -> io::Result<Reader> {
        Reader::of(&std::fs::File::open(path)?)
    }

    fn of(file: &std::fs::File) -> io::Result<Reader> {
        // SAFETY: entries are only ever replaced by a rename (see `replace`),
        // never written in place, so the mapped file does not change under us.
        let bytes = unsafe { memmap2::Mmap::map(file)? };
        let mut r = Reader { bytes, at: 0 };
        if r.take(FORMAT.len() + 1)? != format!("{FORMAT}\n").as_bytes() {
            return Err(bad());
        }
        Ok(r)
    }

    fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(bad)?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn number(&mut self) -> io::Result<usize> {
        let b: [u8; 8] = self.take(8)?.try_into().map_err(|_| bad())?;
        Ok(u64::from_le_bytes(b) as usize)
    }

    fn chunk(&mut self) -> io::Result<&[u8]> {
        let n = self.number()?;
        self.take(n)
    }

    fn text(&mut self) -> io::Result<String> {
        String::from_utf8(self.chunk()?.to_vec()).map_err(|_| bad())
    }
}

fn bad() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "not an archive")
}

fn read(dir: &Path, key: &str) -> io::Result<Archive> {
    let pages_path = dir.join(format!("{key}.pages"));
    if !pages_path.is_file() {
        return Err(bad());
    }
    let path = dir.join(format!("{key}.snap"));
    let file = Arc::new(Opened { file: std::fs::File::open(&path)?, path });
    let mut r = Reader::of(&file.file)?;
    let count = r.number()?;
    let mut paths = BTreeSet::new();
    for _ in 0..count {
        paths.insert(r.text()?);
    }
    let snapshot = read_snapshot(&mut r, &file)?;
    Ok(Archive::cached(paths, snapshot, pages_path))
}

/// An entry's pages file, as [`store`] wrote it: where each page is, read
/// one at a time. The file stays open, so an entry replaced or pruned while
/// `serve` runs is still read whole.
#[derive(Debug)]
pub struct PagesFile {
    path: PathBuf,
    file: std::fs::File,
    /// Page path → where its bytes start, and how many.
    at: HashMap<String, (u64, usize)>,
}

impl PagesFile {
    pub fn open(path: &Path) -> io::Result<PagesFile> {
        // One handle for the index and the reads: the same file, even if
        // the entry is replaced in between.
        let file = std::fs::File::open(path)?;
        let mut r = Reader::of(&file)?;
        let count = r.number()?;
        let mut at = HashMap::with_capacity(count);
        for _ in 0..count {
            let page = r.text()?;
            let len = r.number()?;
            at.insert(page, (r.at as u64, len));
            r.take(len)?;
        }
        Ok(PagesFile { path: path.to_path_buf(), file, at })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The bytes of `page`; None when the entry has no such page.
    pub fn read(&self, page: &str) -> io::Result<Option<Vec<u8>>> {
        let Some(&(offset, len)) = self.at.get(page) else { return Ok(None) };
        let mut bytes = vec![0; len];
        read_at(&self.file, &self.path, &mut bytes, offset)?;
        Ok(Some(bytes))
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, _: &Path, into: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, into, offset)
}

/// Elsewhere a handle has one position, shared by its clones: the file is
/// opened again for each read.
#[cfg(not(unix))]
fn read_at(_: &std::fs::File, path: &Path, into: &mut [u8], offset: u64) -> io::Result<()> {
    use std::io::{Read, Seek};
    let mut own = std::fs::File::open(path)?;
    own.seek(io::SeekFrom::Start(offset))?;
    own.read_exact(into)
}

#[cfg(test)]
mod tests {
    use super::{header, read_snapshot, replace, write_snapshot, Opened, Reader};
    use crate::diff::{Block, BlockKind, DocSnap, Snapshot};
    use std::sync::Arc;

    fn doc(slug: &str, words: &[&str]) -> Arc<DocSnap> {
        let blocks = words
            .iter()
            .enumerate()
            .map(|(i, w)| Block {
                kind: if i == 0 { BlockKind::Heading } else { BlockKind::Paragraph },
                key: Some(format!("para-{i}")),
                number: (i > 0).then(|| format!("{i}.")),
                text: (*w).into(),
            })
            .collect();
        Arc::new(DocSnap { slug: slug.into(), title: slug.to_uppercase(), short_title: slug.into(), blocks })
    }

    #[test]
    fn a_snapshot_read_back_has_every_word_though_it_reads_them_later() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.snap");
        let snapshot = Snapshot {
            docs: vec![doc("report", &["Intro", "Café «quoted»", "", "last"]), doc("empty", &[]), doc("annex", &["x"])],
            data: Default::default(),
        };
        replace(&path, |w| header(w).and_then(|()| write_snapshot(w, &snapshot))).unwrap();
        // A copy cut short, inside the words, is not a snapshot.
        let bytes = std::fs::read(&path).unwrap();
        let short = dir.path().join("short.snap");
        std::fs::write(&short, &bytes[..bytes.len() - 3]).unwrap();
        let cut = Arc::new(Opened { file: std::fs::File::open(&short).unwrap(), path: short });
        assert!(read_snapshot(&mut Reader::of(&cut.file).unwrap(), &cut).is_err());
        let file = Arc::new(Opened { file: std::fs::File::open(&path).unwrap(), path: path.clone() });
        let mut r = Reader::of(&file.file).unwrap();
        let read = read_snapshot(&mut r, &file).unwrap();
        // Read once more: the documents are shared, their words read from the first file.
        let again = read_snapshot(&mut Reader::of(&file.file).unwrap(), &file).unwrap();
        assert!(Arc::ptr_eq(&read.docs[0], &again.docs[0]));
        std::fs::remove_file(&path).unwrap();
        assert_eq!(read, snapshot, "the words come from the file held open, even once it is gone");
    }
}
