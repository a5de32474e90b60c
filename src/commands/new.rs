//! `consult new DIR`: a small starter site that builds at once.

use crate::diagnostic::Diagnostic;
use include_dir::{include_dir, Dir};
use std::fs;
use std::path::Path;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");

/// Copies the starter site into `dir`, which must be missing or empty.
pub fn new_site(dir: &Path) -> Result<(), Diagnostic> {
    if dir.exists() && fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(Diagnostic::global(format!("{} already exists and is not empty", dir.display()))
            .with_help("name a new folder; `consult new` never overwrites files"));
    }
    write_dir(&STARTER, dir).map_err(|e| Diagnostic::global(format!("cannot create {}: {e}", dir.display())))
}

fn write_dir(src: &Dir<'static>, dest: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dest)?;
    for file in src.files() {
        let path = dest.join(file.path());
        if let Some(p) = path.parent() {
            fs::create_dir_all(p)?;
        }
        fs::write(path, file.contents())?;
    }
    for sub in src.dirs() {
        write_dir(sub, dest)?;
    }
    Ok(())
}
