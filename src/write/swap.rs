//! The platform's part of writing: the lock, the swap, and clearing what an
//! interrupted run left behind.

use super::MARKER;
use std::fs;
use std::io;
use std::path::Path;

/// Holds the lock on the folder the output lives in until dropped, so two
/// builds into the same place never race. `None` where locks are not
/// supported: the build goes on without one.
pub fn lock(parent: &Path, target: &Path) -> Option<fs::File> {
    #[cfg(unix)]
    {
        use rustix::fs::{flock, FlockOperation};
        let dir = fs::File::open(parent).ok()?;
        match flock(&dir, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Some(dir),
            Err(rustix::io::Errno::WOULDBLOCK) => {
                use std::io::Write;
                let _ = writeln!(
                    io::stderr(),
                    "waiting: another consult run is writing into {}",
                    target.parent().unwrap_or(target).display()
                );
                flock(&dir, FlockOperation::LockExclusive).ok().map(|()| dir)
            }
            Err(_) => None,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (parent, target);
        None
    }
}

/// Removes the temporary folders of earlier runs (`<prefix>new-PID`,
/// `<prefix>old-PID`) in `dir`. Only folders holding consult's marker go:
/// anything else with a similar name is not ours.
pub fn remove_leftovers(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix) else { continue };
        let is_ours = ["new-", "old-"].iter().any(|k| {
            rest.strip_prefix(k).is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        });
        let path = entry.path();
        if is_ours && entry.file_type().is_ok_and(|t| t.is_dir()) && path.join(MARKER).is_file() {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Swaps the folders `new` and `old` in one step, so readers see either
/// the old site or the new one, never neither.
/// `aside` is a free name for the portable fallback.
pub fn exchange(new: &Path, old: &Path, aside: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, new, CWD, old, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // Filesystems without RENAME_EXCHANGE fall back to two renames.
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP) => {}
            Err(e) => return Err(e.into()),
        }
    }
    two_renames(new, old, aside)
}

/// The portable swap: the old folder steps aside, the new one takes its
/// name, and the old one ends up under the new one's former name.
fn two_renames(new: &Path, old: &Path, aside: &Path) -> io::Result<()> {
    fs::rename(old, aside)?;
    if let Err(e) = fs::rename(new, old) {
        let _ = fs::rename(aside, old);
        return Err(e);
    }
    fs::rename(aside, new)
}

/// Moves `new` to `target`, which must not exist.
pub fn rename_new(new: &Path, target: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, new, CWD, target, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS | rustix::io::Errno::OPNOTSUPP) => {}
            Err(e) => return Err(e.into()),
        }
    }
    if target.exists() {
        return Err(io::Error::from(io::ErrorKind::AlreadyExists));
    }
    fs::rename(new, target)
}
