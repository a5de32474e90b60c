//! `consult publish`: a full check, then the site's sources frozen into
//! `versions/<version>/` with a release file, all at once or not at all.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::versions::{sha256, source_files, RELEASE_FILE};
use crate::model::dates::Date;
use crate::model::versions::VersionNumber;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

/// What to publish.
#[derive(Debug, Clone, Default)]
pub struct Publish {
    pub version: String,
    pub summary: String,
    pub notes: Vec<String>,
    /// `YYYY-MM-DD`; today (UTC) when not given.
    pub date: Option<String>,
    /// Publish even when nothing changed since the latest version.
    pub allow_empty: bool,
}

/// Set to `rename` to make publishing fail at its last step, so a test can
/// show that an interrupted publish leaves `versions/` as it was.
pub const FAIL_AT_ENV: &str = "CONSULT_PUBLISH_FAIL_AT";

/// Publishes the site at `root` as `what.version`. On success returns the
/// folder written and the number of files frozen; every refusal otherwise.
pub fn publish(root: &Path, what: &Publish) -> (Option<(String, usize)>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let version = match VersionNumber::parse(what.version.trim()) {
        Ok(v) => Some(v),
        Err(e) => {
            diags.push(Diagnostic::global(e).with_help("e.g. `consult publish 2 --summary …`"));
            None
        }
    };
    if what.summary.trim().is_empty() {
        diags.push(
            Diagnostic::global("the summary is empty")
                .with_help("say in a line what this version changed: --summary \"Adds the three appendices\""),
        );
    }
    let date = match &what.date {
        Some(d) => match Date::parse(d) {
            Ok(date) if date.day.is_some() && date.time.is_none() => Some(date),
            Ok(_) => {
                diags.push(Diagnostic::global(format!("`{d}` is not a day")).with_help("write --date YYYY-MM-DD"));
                None
            }
            Err(e) => {
                diags.push(Diagnostic::global(e).with_help("write --date YYYY-MM-DD, a day that exists"));
                None
            }
        },
        None => Some(today()),
    };
    let run = super::check(root);
    let checked = run.output.is_some() && !run.diagnostics.has_errors();
    diags.extend(run.diagnostics);
    if !checked {
        return (None, diags);
    }
    let sources = match crate::load::load(root) {
        Ok(s) => s,
        Err(d) => {
            diags.extend(d);
            return (None, diags);
        }
    };
    let files = source_files(&sources);
    let digests: BTreeMap<String, String> = files.iter().map(|(p, b)| (p.clone(), sha256(b))).collect();
    let existing: Vec<(VersionNumber, &BTreeMap<String, String>, &Path)> = sources
        .published
        .frozen
        .iter()
        .filter_map(|f| VersionNumber::parse(&f.folder).ok().map(|v| (v, &f.release.files, f.dir.as_path())))
        .collect();
    let latest = existing.iter().max_by(|a, b| a.0.cmp(&b.0));
    if let Some(v) = &version {
        if let Some(same) = existing.iter().find(|(e, _, _)| e == v) {
            diags.push(
                Diagnostic::global(format!("version {} is already published (versions/{}/)", v.text, same.0.text))
                    .with_help("a published version never changes: publish the correction as a new, greater version"),
            );
        } else if let Some((l, _, _)) = latest.filter(|(l, _, _)| l >= v) {
            diags.push(
                Diagnostic::global(format!("version {} is not greater than the latest version, {}", v.text, l.text))
                    .with_help("versions go up, compared part by part: 1.9 < 1.10 < 2"),
            );
        }
    }
    if let Some((l, latest_files, _)) = latest {
        if **latest_files == digests && !what.allow_empty {
            diags.push(
                Diagnostic::global(format!("nothing changed since version {}", l.text))
                    .with_help("edit content/ first, or pass --allow-empty to publish the same sources again"),
            );
        }
    }
    let (Some(version), Some(date)) = (version, date) else { return (None, diags) };
    if diags.has_errors() {
        return (None, diags);
    }
    let release = release_text(&version.text, &date, what, &digests);
    let same = latest.map(|(_, was, dir)| Same { dir, was, now: &digests });
    match freeze(root, &version.text, &files, &release, same) {
        Ok(()) => {
            // The versions this check rendered are worth keeping for the next build;
            // a refused publish leaves even the cache alone.
            crate::archive::cache::persist(root);
            (Some((format!("versions/{}", version.text), files.len())), diags)
        }
        Err(e) => {
            diags.push(Diagnostic::global(format!(
                "cannot publish version {}: {e}; versions/ is as it was",
                version.text
            )));
            (None, diags)
        }
    }
}

/// A YAML double-quoted scalar: JSON's string escapes are a subset of YAML's.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn release_text(version: &str, date: &Date, what: &Publish, digests: &BTreeMap<String, String>) -> String {
    let mut s =
        String::from("# Written by `consult publish`. Never edit this folder: every build checks its digests.\n");
    s.push_str(&format!(
        "version: {}\ndate: {}\nsummary: {}\n",
        quoted(version),
        date.iso(),
        quoted(what.summary.trim())
    ));
    let notes: Vec<&str> = what.notes.iter().map(|n| n.trim()).filter(|n| !n.is_empty()).collect();
    if notes.is_empty() {
        s.push_str("notes: []\n");
    } else {
        s.push_str("notes:\n");
        for n in notes {
            s.push_str(&format!("  - {}\n", quoted(n)));
        }
    }
    s.push_str("files:\n");
    for (path, hex) in digests {
        s.push_str(&format!("  {}: {hex}\n", quoted(path)));
    }
    s
}

/// The latest version's frozen files, for the ones this version leaves as they were.
struct Same<'a> {
    dir: &'a Path,
    /// Its files' digests, and this version's.
    was: &'a BTreeMap<String, String>,
    now: &'a BTreeMap<String, String>,
}

impl Same<'_> {
    /// Makes `to` the latest version's copy of `path` (a hard link: one
    /// file on disk for both, which every build then reads and hashes
    /// once), when that copy holds `bytes`.
    fn link(&self, path: &str, bytes: &[u8], to: &Path) -> bool {
        let from = self.dir.join(path);
        self.was.get(path).is_some_and(|d| self.now.get(path) == Some(d))
            && fs::read(&from).is_ok_and(|b| b == bytes)
            && fs::hard_link(&from, to).is_ok()
    }
}

/// Writes the frozen folder beside its final place, then renames it there.
/// A file the latest version holds unchanged is linked to its copy there.
fn freeze(
    root: &Path,
    version: &str,
    files: &BTreeMap<String, &[u8]>,
    release: &str,
    same: Option<Same>,
) -> io::Result<()> {
    let versions = root.join("versions");
    let created = !versions.exists();
    fs::create_dir_all(&versions)?;
    let staging = versions.join(format!(".{version}.consult-publish-{}", std::process::id()));
    let result = (|| {
        let _ = fs::remove_dir_all(&staging);
        for (path, bytes) in files {
            let file = staging.join(path);
            if let Some(p) = file.parent() {
                fs::create_dir_all(p)?;
            }
            if !same.as_ref().is_some_and(|s| s.link(path, bytes, &file)) {
                fs::write(&file, bytes)?;
            }
        }
        fs::write(staging.join(RELEASE_FILE), release)?;
        if std::env::var(FAIL_AT_ENV).as_deref() == Ok("rename") {
            return Err(io::Error::other("stopped before the last step on purpose"));
        }
        fs::rename(&staging, versions.join(version))
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
        if created {
            let _ = fs::remove_dir(&versions);
        }
    }
    result
}

/// Today's date in UTC: publishing records it; building never reads the clock.
fn today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day: Some(day), time: None }
}
