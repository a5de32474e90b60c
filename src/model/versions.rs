//! Published versions, checked: version numbers compared part by part,
//! dates that exist, a summary, and whether the current content is the
//! latest version or a working draft after it.

use super::dates::Date;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::versions::{Frozen, Published};
use crate::load::yaml::{position, Spanned};
use std::cmp::Ordering;
use std::path::PathBuf;

/// A version number: dotted parts compared as numbers (1.9 < 1.10 < 2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VersionNumber {
    pub text: String,
    pub parts: Vec<u64>,
}

impl VersionNumber {
    /// Parses `2`, `1.10`; says what is wrong otherwise.
    pub fn parse(s: &str) -> Result<VersionNumber, String> {
        let bad = || format!("`{s}` is not a version number: write numbers separated by dots, e.g. `2` or `1.1`");
        if s.is_empty() {
            return Err(bad());
        }
        let mut parts = Vec::new();
        for p in s.split('.') {
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 9 {
                return Err(bad());
            }
            if p.len() > 1 && p.starts_with('0') {
                return Err(format!("`{s}` is not a version number: a part may not start with 0 (`{p}`)"));
            }
            parts.push(p.parse().map_err(|_| bad())?);
        }
        Ok(VersionNumber { text: s.to_string(), parts })
    }
}

impl Ord for VersionNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        // Missing parts count as 0, so 1 and 1.0 compare equal.
        let n = self.parts.len().max(other.parts.len());
        (0..n)
            .map(|i| self.parts.get(i).unwrap_or(&0).cmp(other.parts.get(i).unwrap_or(&0)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

impl PartialOrd for VersionNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A published version, as readers see it in the changelog.
#[derive(Debug, Clone)]
pub struct Release {
    pub version: VersionNumber,
    pub date: Date,
    pub summary: String,
    pub notes: Vec<String>,
    /// The frozen folder on disk.
    pub dir: PathBuf,
    /// One digest of every frozen file.
    pub digest: String,
}

/// The site's published versions.
#[derive(Debug, Clone, Default)]
pub struct Versions {
    /// Oldest first.
    pub releases: Vec<Release>,
    /// The current content differs from the latest version (or nothing is
    /// published yet, when `releases` is empty).
    pub draft: bool,
    /// This `Site` is a published version, rendered under `versions/V/`.
    pub frozen: bool,
}

impl Versions {
    /// The latest published version.
    pub fn latest(&self) -> Option<&Release> {
        self.releases.last()
    }
}

fn error_at<T>(f: &Frozen, value: &Spanned<T>, message: String, help: &str) -> Diagnostic {
    let (line, column) = position(value);
    Diagnostic::error(&f.release_path, line, column, message).with_source(&f.release_text).with_help(help)
}

/// Checks the release files and orders the versions.
pub fn build(published: &Published, diags: &mut Diagnostics) -> Versions {
    let mut releases = Vec::new();
    for f in &published.frozen {
        let r = &f.release;
        let version = match VersionNumber::parse(r.version.value.trim()) {
            Ok(v) if v.text == f.folder => Some(v),
            Ok(v) => {
                diags.push(error_at(
                    f,
                    &r.version,
                    format!("version `{}` is published in the folder versions/{}/", v.text, f.folder),
                    "the folder is named after the version; restore the release file as it was published",
                ));
                None
            }
            Err(e) => {
                diags.push(error_at(f, &r.version, e, "restore the release file as it was published"));
                None
            }
        };
        let date = match Date::parse(&r.date.value) {
            Ok(d) if d.day.is_some() && d.time.is_none() => Some(d),
            Ok(_) => {
                diags.push(error_at(f, &r.date, "a version's date is a day: YYYY-MM-DD".into(), "e.g. `2011-04-14`"));
                None
            }
            Err(e) => {
                diags.push(error_at(f, &r.date, e, "e.g. `2011-04-14`"));
                None
            }
        };
        if r.summary.value.trim().is_empty() {
            diags.push(error_at(f, &r.summary, "a version needs a summary".into(), "say in a line what it changed"));
        }
        if let (Some(version), Some(date)) = (version, date) {
            releases.push(Release {
                version,
                date,
                summary: r.summary.value.trim().to_string(),
                notes: r.notes.clone(),
                dir: f.dir.clone(),
                digest: f.digest.clone(),
            });
        }
    }
    releases.sort_by(|a, b| a.version.cmp(&b.version));
    for pair in releases.windows(2) {
        if pair[0].version == pair[1].version {
            diags.push(Diagnostic::global(format!(
                "versions {} and {} are the same version number",
                pair[0].version.text, pair[1].version.text
            )));
        }
    }
    let draft = match published.frozen.iter().max_by(|a, b| {
        let v = |f: &Frozen| VersionNumber::parse(&f.folder).ok();
        v(a).cmp(&v(b))
    }) {
        Some(latest) => latest.release.files != published.current,
        None => true,
    };
    Versions { releases, draft, frozen: false }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> VersionNumber {
        VersionNumber::parse(s).unwrap()
    }

    #[test]
    fn dotted_versions_compare_part_by_part() {
        assert!(v("1.9") < v("1.10"));
        assert!(v("1.10") < v("2"));
        assert!(v("2") > v("1.99.3"));
        assert_eq!(v("1").cmp(&v("1.0")), Ordering::Equal);
    }

    #[test]
    fn malformed_versions_are_refused() {
        for bad in ["", "v2", "1..2", "1.", ".1", "1.02", "2 ", "1-2"] {
            assert!(VersionNumber::parse(bad).is_err(), "{bad:?} parsed");
        }
    }
}
