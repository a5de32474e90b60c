//! The archive cache. A published version never changes, so its rendered
//! pages and its snapshot depend only on its frozen files, the built-in
//! theme and the `consult` binary: that is the key. Entries live in
//! `<root>/.consult/cache/` (outside `content/`, `versions/` and the output;
//! safe to delete at any time) and, for `serve`, in memory.

use super::Archive;
use crate::diff::Snapshot;
use crate::load::versions::sha256;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Bump when what an archive holds changes shape.
const FORMAT: &str = "consult-archive-1";

/// Where the cache lives inside a site folder.
pub fn dir(root: &Path) -> PathBuf {
    root.join(".consult").join("cache")
}

/// What the binary renders with: its version, its built-in theme, and the
/// executable itself (size and time), so a rebuilt `consult` never reuses
/// pages an older build rendered.
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
        if let Some(meta) = std::env::current_exe().ok().and_then(|p| std::fs::metadata(p).ok()) {
            let modified = meta.modified().ok().and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok());
            s.push_str(&format!("exe {} {:?}\n", meta.len(), modified));
        }
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

/// The archive for `key`, from memory or from `<root>/.consult/cache/`.
pub fn get(root: &Path, key: &str) -> Option<Arc<Archive>> {
    if let Some(a) = memory().lock().ok()?.get(key) {
        return Some(a.clone());
    }
    let archive = Arc::new(read(&dir(root).join(format!("{key}.archive"))).ok()?);
    remember(key, archive.clone());
    Some(archive)
}

/// Keeps `archive` in memory for the rest of the process (`serve`).
pub fn remember(key: &str, archive: Arc<Archive>) {
    if let Ok(mut m) = memory().lock() {
        m.insert(key.to_string(), archive);
    }
}

/// Writes every archive this process rendered or read to the disk cache
/// (best effort: the cache only saves time).
pub fn persist(root: &Path) {
    let all: Vec<(String, Arc<Archive>)> = match memory().lock() {
        Ok(m) => m.iter().map(|(k, a)| (k.clone(), a.clone())).collect(),
        Err(_) => return,
    };
    for (key, archive) in all {
        let _ = store(root, &key, &archive);
    }
}

/// Writes `archive` to the disk cache (temporary file, then rename).
pub fn store(root: &Path, key: &str, archive: &Archive) -> io::Result<()> {
    let dir = dir(root);
    std::fs::create_dir_all(&dir)?;
    let target = dir.join(format!("{key}.archive"));
    if target.exists() {
        return Ok(());
    }
    let tmp = dir.join(format!(".{key}.{}.tmp", std::process::id()));
    let mut bytes = Vec::with_capacity(archive.files.values().map(|b| b.len() + 64).sum::<usize>() + 1024);
    bytes.extend_from_slice(FORMAT.as_bytes());
    bytes.push(b'\n');
    bytes.extend_from_slice(&(archive.files.len() as u64).to_le_bytes());
    for (path, data) in &archive.files {
        bytes.extend_from_slice(&(path.len() as u64).to_le_bytes());
        bytes.extend_from_slice(path.as_bytes());
        bytes.extend_from_slice(&(data.len() as u64).to_le_bytes());
        bytes.extend_from_slice(data);
    }
    let snap = serde_json::to_vec(&archive.snapshot).map_err(io::Error::other)?;
    bytes.extend_from_slice(&(snap.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&snap);
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, &target).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Reads an archive back; anything short or malformed is "not cached".
struct Reader {
    bytes: Vec<u8>,
    at: usize,
}

impl Reader {
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
}

fn bad() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "not an archive")
}

fn read(path: &Path) -> io::Result<Archive> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.read_to_end(&mut bytes)?;
    let mut r = Reader { bytes, at: 0 };
    if r.take(FORMAT.len() + 1)? != format!("{FORMAT}\n").as_bytes() {
        return Err(bad());
    }
    let count = r.number()?;
    let mut files = BTreeMap::new();
    for _ in 0..count {
        let path = String::from_utf8(r.chunk()?.to_vec()).map_err(|_| bad())?;
        files.insert(path, r.chunk()?.to_vec());
    }
    let snapshot: Snapshot = serde_json::from_slice(r.chunk()?).map_err(|_| bad())?;
    Ok(Archive { files, snapshot })
}
