//! Published versions on disk: `versions/<version>/release.yaml` and the
//! frozen sources beside it. Every build reads each release file and
//! recomputes the digest of every frozen file (the tamper check), and
//! computes the digests of the current sources to tell a draft from the
//! latest version.

use super::stamps::{Stamp, Stamped, Stamps};
use super::yaml::{self, Spanned};
use super::Sources;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::memo::Memo;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The name of the release file in each version's folder.
pub const RELEASE_FILE: &str = "release.yaml";

/// `versions/<version>/release.yaml`, as written.
#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct RawRelease {
    pub version: Spanned<String>,
    pub date: Spanned<String>,
    pub summary: Spanned<String>,
    #[serde(default)]
    pub notes: Vec<String>,
    /// Frozen file (path relative to the version's folder) → SHA-256, hex.
    pub files: BTreeMap<String, String>,
}

/// One published version as found on disk, its files checked.
#[derive(Debug, Clone)]
pub struct Frozen {
    /// The folder name: `2`, `1.1`.
    pub folder: String,
    /// The folder on disk: `<root>/versions/<folder>`.
    pub dir: PathBuf,
    /// `versions/<folder>/release.yaml`, for diagnostics.
    pub release_path: PathBuf,
    pub release_text: String,
    pub release: RawRelease,
    /// One digest of all its frozen files: what an archive's cache is keyed on.
    pub digest: String,
}

/// The published versions and the digests of the current sources.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// In folder-name order; the model sorts them by version.
    pub frozen: Vec<Frozen>,
    /// The current sources (path relative to the site folder → SHA-256),
    /// to tell whether they are the latest version's: none when nothing is
    /// published.
    pub current: BTreeMap<String, String>,
    /// The stamps the cache held, and every frozen file's stamp and digest
    /// now, for `build` to record (see [`super::stamps`]).
    pub stamps: (Stamps, Vec<Stamped>),
}

/// SHA-256 of `bytes`, in lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in d.iter() {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// One digest for a set of files and their digests.
pub fn digest_of(files: &BTreeMap<String, String>) -> String {
    let mut all = String::with_capacity(files.len() * 100);
    for (path, hex) in files {
        all.push_str(path);
        all.push('\0');
        all.push_str(hex);
        all.push('\n');
    }
    sha256(all.as_bytes())
}

/// The files a site's sources are made of, as `load` read them: path
/// relative to the site folder → bytes. The theme counts only where it is
/// the site's own: files that the built-in theme lacks or that differ from it.
pub fn source_files(sources: &Sources) -> BTreeMap<String, &[u8]> {
    let mut files = BTreeMap::new();
    let slash = |p: &Path| p.to_string_lossy().replace('\\', "/");
    files.insert(slash(&sources.site_path), sources.site_text.as_bytes());
    for d in &sources.documents {
        files.insert(slash(&d.path), d.text.as_bytes());
    }
    for m in &sources.meetings {
        files.insert(slash(&m.path), m.text.as_bytes());
    }
    for (path, text) in sources.data_files() {
        if !path.as_os_str().is_empty() {
            files.insert(slash(path), text.as_bytes());
        }
    }
    for (name, bytes) in &sources.assets {
        files.insert(format!("content/{name}"), bytes.as_slice());
    }
    let builtin = super::theme::builtin();
    let theme = &sources.theme;
    for (name, t) in &theme.templates {
        if builtin.templates.get(name).is_none_or(|b| b.text != t.text) {
            files.insert(format!("themes/{}/templates/{name}", theme.name), t.text.as_bytes());
        }
    }
    for (name, bytes) in &theme.statics {
        if builtin.statics.get(name) != Some(bytes) {
            files.insert(format!("themes/{}/static/{name}", theme.name), bytes.as_slice());
        }
    }
    files
}

/// The current sources' digests, to tell whether they are the latest of
/// `frozen`: none when nothing is published (see [`digests`]).
pub fn current(
    root: &Path,
    sources: &Sources,
    frozen: &[Frozen],
    memo: &mut Memo,
    stamped: Option<(&Stamps, std::time::SystemTime)>,
) -> (BTreeMap<String, String>, Vec<Stamped>) {
    if frozen.is_empty() {
        return Default::default();
    }
    digests(root, &source_files(sources), memo, stamped)
}

/// The SHA-256 of each of `files` (path relative to `root` → bytes), in
/// parallel, reusing those `memo` knows for unchanged files and, given
/// `stamped`, those the stamps' cache knows (see [`super::stamps`]); with
/// them, each file's stamp and digest to record, for those unchanged since
/// two seconds before the files were read (`stamped.1`).
fn digests(
    root: &Path,
    files: &BTreeMap<String, &[u8]>,
    memo: &mut Memo,
    stamped: Option<(&Stamps, std::time::SystemTime)>,
) -> (BTreeMap<String, String>, Vec<Stamped>) {
    use rayon::prelude::*;
    let items: Vec<(&String, &[u8], Option<String>)> =
        files.iter().map(|(p, b)| (p, *b, memo.digest(&root.join(p)))).collect();
    let all: Vec<(String, String, bool, Option<Stamp>)> = items
        .into_par_iter()
        .map(|(p, b, k)| {
            if let Some(hex) = k {
                return (p.clone(), hex, false, None);
            }
            let Some((stamps, started)) = stamped else { return (p.clone(), sha256(b), true, None) };
            // Taken after the bytes were read: a file changed meanwhile has
            // a stamp no build recorded, and is too new to record now.
            let stamp = std::fs::metadata(root.join(p)).ok().as_ref().and_then(Stamp::of);
            let stamp = stamp.filter(|s| s.settled(started));
            match stamp.as_ref().and_then(|s| stamps.get(Path::new(p), s)) {
                Some(hex) => (p.clone(), hex.to_string(), false, stamp),
                None => (p.clone(), sha256(b), true, stamp),
            }
        })
        .collect();
    let mut stamps = Vec::new();
    let digests = all
        .into_iter()
        .map(|(p, hex, fresh, stamp)| {
            if fresh {
                memo.keep_digest(&root.join(&p), &hex);
            }
            if let Some(stamp) = stamp {
                stamps.push((PathBuf::from(&p), stamp, hex.clone()));
            }
            (p, hex)
        })
        .collect();
    (digests, stamps)
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// Reads every `versions/<v>/` of the site at `root` and checks its files
/// against its release file. `sources` gives the current digests.
pub fn load(
    root: &Path,
    sources: &Sources,
    started: std::time::SystemTime,
    diags: &mut Diagnostics,
    memo: &mut Memo,
) -> Published {
    let dir = root.join("versions");
    let mut frozen = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Published::default();
    };
    let mut folders: Vec<(String, PathBuf)> = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if is_hidden(&name) {
            continue;
        }
        if e.path().is_dir() {
            folders.push((name, e.path()));
        } else {
            diags.push(
                Diagnostic::error(Path::new("versions").join(&name), 0, 0, "unexpected file in versions/")
                    .with_help("versions/ holds one folder per published version, made by `consult publish`"),
            );
        }
    }
    folders.sort();
    let stamps = Stamps::read(root);
    let checked: Vec<Checked> = {
        use rayon::prelude::*;
        let known = memo.known_digests();
        let linked = Linked::default();
        folders.par_iter().map(|(name, path)| check_one(name, path, known, &linked, &stamps)).collect()
    };
    let mut stamped = Vec::new();
    for (f, ds, hashed, s) in checked {
        diags.extend(ds);
        frozen.extend(f);
        for (path, hex) in hashed {
            memo.keep_digest(&path, &hex);
        }
        stamped.extend(s);
    }
    let (current, stamped_current) = current(root, sources, &frozen, memo, Some((&stamps, started)));
    stamped.extend(stamped_current);
    Published { frozen, current, stamps: (stamps, stamped) }
}

/// A version checked: what it holds, what is wrong with it, the digests
/// computed on the way (for the memo to keep), and each file's stamp and
/// digest (for the stamps' cache).
type Checked = (Option<Frozen>, Vec<Diagnostic>, Vec<(PathBuf, String)>, Vec<Stamped>);

/// The digests of files with more than one name (`publish` links a file a
/// version left unchanged to the one before), by device and inode: one
/// file on disk is read and hashed once, whichever version names it.
#[derive(Default)]
struct Linked(std::sync::Mutex<HashMap<(u64, u64), String>>);

impl Linked {
    /// The file's identity, when it has other names.
    fn id(m: &std::fs::Metadata) -> Option<(u64, u64)> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            (m.nlink() > 1).then(|| (m.dev(), m.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = m;
            None
        }
    }

    fn get(&self, id: (u64, u64)) -> Option<String> {
        self.0.lock().ok()?.get(&id).cloned()
    }

    fn keep(&self, id: (u64, u64), hex: &str) {
        if let Ok(mut m) = self.0.lock() {
            m.insert(id, hex.to_string());
        }
    }
}

/// A frozen file's digest, whether it was computed or taken from a file
/// with another name (not from the memo), and its stamp.
type Digested = (String, bool, Option<Stamp>);

/// Reads one version's release file and compares every file in its folder
/// with the digest recorded at publication.
fn check_one(folder: &str, dir: &Path, known: &HashMap<PathBuf, String>, linked: &Linked, stamps: &Stamps) -> Checked {
    let mut diags = Vec::new();
    let mut hashed = Vec::new();
    let rel = Path::new("versions").join(folder);
    let release_path = rel.join(RELEASE_FILE);
    let help = format!(
        "a published version is never edited: restore versions/{folder}/ as it was published \
         (e.g. from version control), and publish a new version to correct it"
    );
    let text = match std::fs::read(dir.join(RELEASE_FILE)) {
        Ok(b) => match super::utf8(&release_path, b) {
            Ok(t) => t,
            Err(d) => return (None, vec![d], hashed, Vec::new()),
        },
        Err(_) => {
            let d = Diagnostic::error(&rel, 0, 0, format!("version {folder} has no {RELEASE_FILE}")).with_help(help);
            return (None, vec![d], hashed, Vec::new());
        }
    };
    let release: RawRelease = match yaml::parse(&release_path, &text) {
        Ok(r) => r,
        Err(d) => return (None, d, hashed, Vec::new()),
    };
    // Which files there are first, then each read and hashed, on all cores.
    let mut files = Vec::new();
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_hidden))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(&rel, 0, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let inner = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        if inner != RELEASE_FILE {
            files.push((inner, entry));
        }
    }
    let digests: Vec<Result<Digested, Diagnostic>> = {
        use rayon::prelude::*;
        files
            .par_iter()
            .map(|(inner, entry)| {
                if let Some(hex) = known.get(entry.path()) {
                    return Ok((hex.clone(), false, None));
                }
                // One look at the file for both its stamp and its other names.
                let meta = entry.metadata().ok();
                let stamp = meta.as_ref().and_then(Stamp::of);
                if let Some(hex) = stamp.as_ref().and_then(|s| stamps.get(&rel.join(inner), s)) {
                    return Ok((hex.to_string(), true, stamp));
                }
                let id = meta.as_ref().and_then(Linked::id);
                if let Some(hex) = id.and_then(|id| linked.get(id)) {
                    return Ok((hex, true, stamp));
                }
                let bytes = std::fs::read(entry.path())
                    .map_err(|e| Diagnostic::error(rel.join(inner), 0, 0, format!("cannot read file: {e}")))?;
                let hex = sha256(&bytes);
                if let Some(id) = id {
                    linked.keep(id, &hex);
                }
                // Taken before the reading: a write meanwhile changes the file's
                // stamp, so what is recorded is never newer than what was read.
                Ok((hex, true, stamp))
            })
            .collect()
    };
    let mut seen = BTreeMap::new();
    let mut stamped = Vec::new();
    for ((inner, entry), digest) in files.into_iter().zip(digests) {
        match digest {
            Ok((hex, fresh, stamp)) => {
                if fresh {
                    hashed.push((entry.path().to_path_buf(), hex.clone()));
                }
                if let Some(stamp) = stamp {
                    stamped.push((rel.join(&inner), stamp, hex.clone()));
                }
                seen.insert(inner, hex);
            }
            Err(d) => diags.push(d),
        }
    }
    for (path, hex) in &seen {
        match release.files.get(path) {
            None => diags.push(
                Diagnostic::error(
                    rel.join(path),
                    0,
                    0,
                    format!("version {folder}: this file was added after the version was published"),
                )
                .with_help(help.clone()),
            ),
            Some(want) if want != hex => diags.push(
                Diagnostic::error(
                    rel.join(path),
                    0,
                    0,
                    format!("version {folder}: this file was changed after the version was published"),
                )
                .with_help(help.clone()),
            ),
            _ => {}
        }
    }
    for path in release.files.keys().filter(|p| !seen.contains_key(*p)) {
        diags.push(
            Diagnostic::error(
                rel.join(path),
                0,
                0,
                format!("version {folder}: this file was removed after the version was published"),
            )
            .with_help(help.clone()),
        );
    }
    if !diags.is_empty() {
        return (None, diags, hashed, Vec::new());
    }
    let digest = digest_of(&release.files);
    let frozen = Frozen {
        folder: folder.to_string(),
        dir: dir.to_path_buf(),
        release_path,
        release_text: text,
        release,
        digest,
    };
    (Some(frozen), diags, hashed, stamped)
}
