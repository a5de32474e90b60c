//! `CONSULT_TIMINGS=1`: how long each stage of a run took, on stderr. For
//! finding where time goes; off by default, and never changes the output.

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
    eprintln!("timing: {stage:<24} {:>8.1} ms", start.elapsed().as_secs_f64() * 1e3);
    value
}
