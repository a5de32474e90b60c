//! Ctrl-C and termination signals during a build.
//!
//! Outside the write step a signal ends the process at once: nothing is on
//! disk yet. While the new site is being written, it only raises a flag; the
//! writer sees it between files, removes its temporary folder and leaves the
//! last good output as it was.

use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

static WRITING: AtomicUsize = AtomicUsize::new(0);
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Exit status of a run ended by a signal, as shells report Ctrl-C.
pub const EXIT_CODE: u8 = 130;

/// Installs the handler for SIGINT, SIGTERM and SIGHUP. Call once, from main.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        if WRITING.load(Ordering::SeqCst) == 0 {
            std::process::exit(EXIT_CODE.into());
        }
    });
}

/// Whether a signal asked the run to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// `Err(Interrupted)` once a signal has asked the run to stop.
pub fn check() -> io::Result<()> {
    if interrupted() {
        Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted"))
    } else {
        Ok(())
    }
}

/// While one is alive, a signal does not end the process: the writer is
/// left to finish or clean up.
pub struct Critical(());

impl Critical {
    /// Enters the write step; `Err` when a signal came first.
    pub fn enter() -> io::Result<Critical> {
        WRITING.fetch_add(1, Ordering::SeqCst);
        let guard = Critical(());
        check()?;
        Ok(guard)
    }
}

impl Drop for Critical {
    fn drop(&mut self) {
        WRITING.fetch_sub(1, Ordering::SeqCst);
    }
}
