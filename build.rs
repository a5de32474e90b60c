//! Names the source a binary was built from (`CONSULT_SOURCE_DIGEST`): the
//! cache of rendered versions is valid for exactly that source, however
//! often, wherever and whenever it is built (a CI that installs the same
//! release afresh keeps its cache).

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.lock");
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    files.push(PathBuf::from("Cargo.lock"));
    // Two FNV-1a hashes with different starting points: no dependency, and
    // 128 bits are plenty to tell sources apart.
    let mut hashes = [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142u64];
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        let name = file.to_string_lossy();
        for part in [name.as_bytes(), &(bytes.len() as u64).to_le_bytes(), &bytes] {
            for h in &mut hashes {
                for &b in part {
                    *h = (*h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
                }
            }
        }
    }
    println!("cargo:rustc-env=CONSULT_SOURCE_DIGEST={:016x}{:016x}", hashes[0], hashes[1]);
}

/// Every file under `dir`.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
