//! `CONSULT_TIMINGS=1`: how long each stage of a run took, and the memory
//! the process held after it, on stderr. For finding where time and memory
//! go; off by default, and never changes the output.

use std::sync::OnceLock;
use std::time::Instant;

fn on() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("CONSULT_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Runs `f`, printing how long it took as `stage` when timings are on.
pub fn time<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    if !on() {
        return f();
    }
    let (start, cpu) = (Instant::now(), cpu_ms());
    let value = f();
    let wall = start.elapsed().as_secs_f64() * 1e3;
    eprintln!("timing: {stage:<24} {wall:>8.1} ms {:>8.1} ms cpu {:>6} MiB", cpu_ms() - cpu, resident_mib());
    value
}

/// The CPU time the process's threads have had so far, in ms (Linux, from
/// each thread's scheduler statistics; 0 elsewhere). Threads that ended are
/// not counted: rayon's live for the whole run.
fn cpu_ms() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else { return 0.0 };
    let ns: u64 = tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split(' ').next()?.parse::<u64>().ok())
        .sum();
    ns as f64 / 1e6
}

/// The process's resident memory in MiB (Linux; 0 elsewhere).
fn resident_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib =
        status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().split(' ').next()?.parse().ok());
    kib.unwrap_or(0u64) / 1024
}
