//! The digests of frozen files and current sources from the last build, by
//! what the file system says of each file. A published version's files
//! never change, so hashing every one of them on every build (the tamper
//! check) is work done again for nothing, ten times over with ten versions;
//! and most current sources are as they were at the last build, hashed to
//! tell a draft from the latest version. A digest is taken from
//! `.consult/cache/digests` only when the file is the same file, as long as
//! before, and neither modified nor changed since: the change time moves on
//! any write or change of the modified time, and nobody can set it back. A
//! file changed within two seconds of being hashed is not recorded, so a
//! write in the same tick of the clock cannot hide behind its stamp.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Where the stamps are kept, inside the site folder.
const FILE: &str = ".consult/cache/digests";

/// What must not change for a file's digest to be taken as known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl Stamp {
    /// The stamp of a file from its metadata (Unix).
    #[cfg(unix)]
    pub fn of(m: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            dev: m.dev(),
            ino: m.ino(),
            len: m.size(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
        })
    }

    /// Elsewhere there is no stamp: every frozen file is hashed.
    #[cfg(not(unix))]
    pub fn of(_: &std::fs::Metadata) -> Option<Stamp> {
        None
    }

    /// Whether the file was neither modified nor changed in the two seconds before `now`.
    pub fn settled(&self, now: std::time::SystemTime) -> bool {
        let Ok(now) = now.duration_since(std::time::UNIX_EPOCH) else { return false };
        let nanos = |(s, n): (i64, i64)| i128::from(s) * 1_000_000_000 + i128::from(n);
        let latest = nanos(self.modified).max(nanos(self.changed));
        latest + 2_000_000_000 < now.as_nanos() as i128
    }
}

/// A file (path relative to the site folder), its stamp and its digest.
pub type Stamped = (PathBuf, Stamp, String);

/// The stamps read at the start of a build, and those its check made.
#[derive(Debug, Default, Clone)]
pub struct Stamps {
    known: HashMap<PathBuf, (Stamp, String)>,
}

impl Stamps {
    /// The stamps `root`'s cache holds (none when it holds none, or a file
    /// that does not read as stamps: it is only ever a saving).
    pub fn read(root: &Path) -> Stamps {
        use rayon::prelude::*;
        let text = std::fs::read_to_string(root.join(FILE)).unwrap_or_default();
        // A line a frozen file: ten versions of a large site are ten thousand.
        let known = text.par_lines().filter_map(parse).collect();
        Stamps { known }
    }

    /// The digest of `path` (relative to the site folder) when its stamp is the one recorded.
    pub fn get(&self, path: &Path, stamp: &Stamp) -> Option<&str> {
        self.known.get(path).filter(|(s, _)| s == stamp).map(|(_, hex)| hex.as_str())
    }
}

fn parse(line: &str) -> Option<(PathBuf, (Stamp, String))> {
    let (fields, path) = line.split_once('\t')?;
    let mut f = fields.split(' ');
    let mut next = || f.next();
    let (dev, ino, len, ms, mn, cs, cn, hex) = (next()?, next()?, next()?, next()?, next()?, next()?, next()?, next()?);
    if next().is_some() {
        return None;
    }
    let stamp = Stamp {
        dev: dev.parse().ok()?,
        ino: ino.parse().ok()?,
        len: len.parse().ok()?,
        modified: (ms.parse().ok()?, mn.parse().ok()?),
        changed: (cs.parse().ok()?, cn.parse().ok()?),
    };
    (hex.len() == 64).then(|| (PathBuf::from(path), (stamp, hex.to_string())))
}

/// Records the digests of `files` (path relative to the site folder, stamp,
/// digest) as the cache's stamps, in place of those there: the files no
/// version holds any more go. Only settled files are recorded; nothing is
/// written when the file would not change.
pub fn write(root: &Path, before: &Stamps, files: &[Stamped]) {
    let now = std::time::SystemTime::now();
    let mut keep: Vec<&Stamped> = files.iter().filter(|(_, s, _)| s.settled(now)).collect();
    keep.sort_by(|a, b| a.0.cmp(&b.0));
    let same = keep.len() == before.known.len()
        && keep.iter().all(|(p, s, hex)| before.known.get(p).is_some_and(|(bs, bh)| bs == s && bh == hex));
    if same {
        return;
    }
    let mut text = String::new();
    for (path, s, hex) in keep {
        let Some(path) = path.to_str().filter(|p| !p.contains(['\t', '\n'])) else { continue };
        text.push_str(&format!(
            "{} {} {} {} {} {} {} {hex}\t{path}\n",
            s.dev, s.ino, s.len, s.modified.0, s.modified.1, s.changed.0, s.changed.1
        ));
    }
    // Only a saving: a folder that cannot be written costs the hashing next time.
    let target = root.join(FILE);
    if let Some(dir) = target.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let tmp = target.with_extension(format!("{}.tmp", std::process::id()));
    if std::fs::write(&tmp, text).is_ok() && std::fs::rename(&tmp, &target).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
