//! Writing an import's files into `content/`: every target checked before
//! any is written, each file written beside its target and renamed into
//! place, so an error leaves nothing behind.

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::fs;
use std::path::{Path, PathBuf};

/// Writes `files` (paths relative to `content`) into `content`. An existing
/// file is an error unless `force`; on any error nothing is left written.
pub fn all(content: &Path, files: &[(String, Vec<u8>)], force: bool) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::new();
    for (rel, _) in files {
        let target = content.join(rel);
        if target.symlink_metadata().is_ok() {
            if target.is_dir() {
                errors.push(Diagnostic::global(format!(
                    "content/{rel} is a folder; the import would write a file there"
                )));
            } else if !force {
                errors.push(
                    Diagnostic::global(format!("content/{rel} exists already; the import never overwrites a file"))
                        .with_help("move it away, or import with --force to replace it"),
                );
            }
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let failed = |e: std::io::Error, what: &Path| {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::global(format!("cannot write {}: {e}", what.display())));
        all
    };
    for (rel, bytes) in files {
        let target = content.join(rel);
        let parent = target.parent().unwrap_or(content).to_path_buf();
        if !parent.exists() {
            if let Err(e) = fs::create_dir_all(&parent) {
                undo(&staged, &made_dirs);
                return Err(failed(e, &parent));
            }
            made_dirs.push(parent.clone());
        }
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = parent.join(format!(".{name}.consult-import"));
        if let Err(e) = fs::write(&temp, bytes) {
            let _ = fs::remove_file(&temp);
            undo(&staged, &made_dirs);
            return Err(failed(e, &target));
        }
        staged.push((temp, target));
    }
    for (i, (temp, target)) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(temp, target) {
            // Files renamed already were checked to be new (or forced): the
            // new ones go; a forced one's old text is gone either way.
            for (_, done) in &staged[..i] {
                let _ = fs::remove_file(done);
            }
            undo(&staged[i..], &made_dirs);
            return Err(failed(e, target));
        }
    }
    Ok(())
}

/// Removes staged temporary files and the folders made for them.
fn undo(staged: &[(PathBuf, PathBuf)], dirs: &[PathBuf]) {
    for (temp, _) in staged {
        let _ = fs::remove_file(temp);
    }
    for dir in dirs.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_stops_every_write_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("b.md"), "old").unwrap();
        let files = vec![("a.md".to_string(), b"a".to_vec()), ("b.md".to_string(), b"b".to_vec())];
        let errors = all(dir.path(), &files, false).unwrap_err();
        assert_eq!(errors.error_count(), 1);
        assert!(!dir.path().join("a.md").exists(), "nothing written");
        all(dir.path(), &files, true).unwrap();
        assert_eq!(fs::read_to_string(dir.path().join("b.md")).unwrap(), "b");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "no temporary file left");
    }
}
