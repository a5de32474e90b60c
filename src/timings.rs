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
    let start = Instant::now();
    let value = f();
    eprintln!("timing: {stage:<24} {:>8.1} ms {:>6} MiB", start.elapsed().as_secs_f64() * 1e3, resident_mib());
    value
}

/// The process's resident memory in MiB (Linux; 0 elsewhere).
fn resident_mib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib =
        status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.trim().split(' ').next()?.parse().ok());
    kib.unwrap_or(0u64) / 1024
}
