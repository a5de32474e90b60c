//! The write floor: what writing `consult build`'s output alone costs. Reads
//! a built output folder into memory (all but `versions/`, which a build
//! keeps from the output it replaces), then writes it into a fresh folder on
//! all cores, `RUNS` times, and prints the median time of the writing alone.
//! `bench/run` shows it beside the build: a build that writes every file
//! cannot take less.
//!
//! ```text
//! cargo run --release --example write_floor -- OUTPUT SCRATCH [RUNS]
//! ```

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let mut args = std::env::args_os().skip(1);
    let (Some(output), Some(scratch)) = (args.next().map(PathBuf::from), args.next().map(PathBuf::from)) else {
        eprintln!("usage: write_floor OUTPUT SCRATCH [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.to_str()?.parse().ok()).unwrap_or(5);
    let mut files = Vec::new();
    read(&output, &output, &mut files);
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut times = Vec::new();
    for run in 0..runs {
        let to = scratch.join(format!("write-floor-{run}"));
        let _ = std::fs::remove_dir_all(&to);
        let start = Instant::now();
        let folders: std::collections::BTreeSet<&Path> = files.iter().filter_map(|(p, _)| p.parent()).collect();
        for f in folders {
            std::fs::create_dir_all(to.join(f)).expect("a folder");
        }
        files.par_iter().for_each(|(p, b)| std::fs::write(to.join(p), b).expect("a written file"));
        times.push(start.elapsed().as_secs_f64());
        std::fs::remove_dir_all(&to).expect("the scratch folder");
    }
    times.sort_by(f64::total_cmp);
    println!("{:.3} {} {:.0}", times[times.len() / 2], files.len(), bytes as f64 / 1048576.0);
}

/// Every file under `dir` but `versions/` and hidden ones, by path inside `root`.
fn read(root: &Path, dir: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).expect("a readable folder").flatten() {
        let path = e.path();
        let rel = path.strip_prefix(root).expect("inside").to_path_buf();
        if rel == Path::new("versions") || e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            read(root, &path, files);
        } else {
            files.push((rel, std::fs::read(&path).expect("a readable file")));
        }
    }
}
