//! write: [`Output`] → a folder on disk, swapped in only once complete.

use crate::render::Output;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes `output` to a temporary folder beside `target`, then swaps it in.
/// If anything fails before the swap, `target` is left as it was.
pub fn write(output: &Output, target: &Path) -> io::Result<()> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.consult-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.consult-old-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    if let Err(e) = fill(output, &staging) {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if target.exists() {
        fs::rename(target, &old)?;
        if let Err(e) = fs::rename(&staging, target) {
            // Put the last good output back before reporting.
            let _ = fs::rename(&old, target);
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
        fs::remove_dir_all(&old)?;
    } else {
        fs::rename(&staging, target)?;
    }
    Ok(())
}

fn fill(output: &Output, dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for (path, bytes) in &output.files {
        let file = dir.join(path);
        if let Some(p) = file.parent() {
            fs::create_dir_all(p)?;
        }
        fs::write(&file, bytes)?;
    }
    Ok(())
}
