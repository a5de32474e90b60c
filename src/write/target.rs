//! Which folder `--out` really names, and whether consult may replace it.
//!
//! Paths are compared only after `..` and symlinks are resolved, so
//! `--out ../../grand` or a symlinked `--root` cannot slip past the checks.

use super::MARKER;
use crate::diagnostic::Diagnostic;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// An output folder that has passed every check.
#[derive(Debug, Clone)]
pub struct Target {
    /// The folder as the user named it, for messages.
    pub shown: PathBuf,
    /// The real folder written: `..` and symlinks resolved. A symlinked
    /// output keeps its link; the site goes where the link points.
    pub real: PathBuf,
    /// Whether something is there now (an empty folder or consult's own output).
    pub exists: bool,
}

/// The site's own folders, which no output may be, hold or sit inside.
const PROTECTED: [&str; 4] = ["content", "themes", "versions", ".git"];

/// Checks that `out` may receive the site built from `root`. With `force`,
/// a folder that is not consult's output may be replaced, but the site's own
/// folders, the home folder and the filesystem root never are.
pub fn check(root: &Path, out: &Path, force: bool) -> Result<Target, Diagnostic> {
    let shown = out.to_path_buf();
    let refuse = |why: String| Diagnostic::global(format!("refusing to write the site to {}: {why}", out.display()));
    let real = resolve(out).map_err(|e| refuse(format!("cannot resolve the path ({e})")))?;
    let root = resolve(root).unwrap_or_else(|_| root.to_path_buf());

    if real.parent().is_none() {
        return Err(refuse("it is the root of the filesystem".into()));
    }
    if std::env::var_os("HOME").map(|h| resolve(Path::new(&h)).unwrap_or_else(|_| h.into())) == Some(real.clone()) {
        return Err(refuse("it is your home folder".into()));
    }
    if root.starts_with(&real) {
        let what = if root == real { "it is the site folder itself" } else { "it holds the site folder" };
        return Err(refuse(format!("{what}, and the output folder is replaced whole"))
            .with_help("leave out --out to build into public/ inside the site folder"));
    }
    for name in PROTECTED {
        let own = root.join(name);
        let own_real = resolve(&own).unwrap_or_else(|_| own.clone());
        for folder in [&own, &own_real] {
            if real.starts_with(folder) || folder.starts_with(&real) {
                let rel = if real == *folder {
                    format!("it is the site's {name}/ folder")
                } else if real.starts_with(folder) {
                    format!("it is inside the site's {name}/ folder")
                } else {
                    format!("it holds the site's {name}/ folder")
                };
                return Err(refuse(format!("{rel}, which consult never replaces"))
                    .with_help("choose a folder outside content/, themes/, versions/ and .git/, such as public/"));
            }
        }
    }

    match fs::metadata(&real) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target { shown, real, exists: false }),
        Err(e) => Err(refuse(format!("cannot read it ({e})"))),
        Ok(m) if !m.is_dir() => Err(refuse("it is a file, not a folder; consult leaves it as it is".into())
            .with_help("name a folder for the output, such as public/")),
        Ok(_) => {
            let ours = real.join(MARKER).is_file();
            let empty = fs::read_dir(&real).map(|mut d| d.next().is_none()).unwrap_or(false);
            if ours || empty || force {
                Ok(Target { shown, real, exists: true })
            } else {
                Err(refuse(format!(
                    "it already holds files that consult did not write (it has no {MARKER} file), \
                     and the output folder is replaced whole"
                ))
                .with_help("choose a new or empty folder; or, to replace everything in it, add --force"))
            }
        }
    }
}

/// The real path `p` names: absolute, with `..` and symlinks resolved, even
/// where the last parts do not exist yet (the classic `realpath` walk).
pub fn resolve(p: &Path) -> io::Result<PathBuf> {
    let mut pending: Vec<PathBuf> = std::path::absolute(p)?.components().map(|c| c.as_os_str().into()).collect();
    pending.reverse();
    let mut real = PathBuf::new();
    let mut hops = 0;
    while let Some(part) = pending.pop() {
        match Path::new(&part).components().next() {
            Some(Component::ParentDir) => {
                real.pop();
            }
            Some(Component::CurDir) | None => {}
            Some(Component::Normal(name)) => {
                let next = real.join(name);
                match fs::read_link(&next) {
                    Ok(link) => {
                        hops += 1;
                        if hops > 40 {
                            return Err(io::Error::other("too many levels of symbolic links"));
                        }
                        if link.is_absolute() {
                            real = PathBuf::new();
                        }
                        pending.extend(link.components().rev().map(|c| c.as_os_str().into()));
                    }
                    Err(_) => real = next,
                }
            }
            Some(root) => real.push(root.as_os_str()),
        }
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_dots_and_links_in_missing_paths() {
        let dir = tempfile::tempdir().unwrap();
        let base = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(base.join("a/b")).unwrap();
        assert_eq!(resolve(&base.join("a/b/../c/d")).unwrap(), base.join("a/c/d"));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("a/b"), base.join("link")).unwrap();
            assert_eq!(resolve(&base.join("link/x/..")).unwrap(), base.join("a/b"));
            assert_eq!(resolve(&base.join("link/../b")).unwrap(), base.join("a/b"));
            // A dangling link names where the folder will be made.
            std::os::unix::fs::symlink(base.join("a/new"), base.join("dangling")).unwrap();
            assert_eq!(resolve(&base.join("dangling")).unwrap(), base.join("a/new"));
            assert_eq!(resolve(&base.join("dangling/x")).unwrap(), base.join("a/new/x"));
        }
    }
}
