//! Problems found in a site, reported the way a compiler reports them:
//! `content/report.md:12:5: error: duplicate paragraph number 2.1`.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings do not, and notes
/// only say something worth knowing about the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// One problem, with where it is when that is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site folder, as the facilitator would type it.
    pub file: Option<PathBuf>,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
    /// The source line the problem is on, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// An error in `file` at `line`:`column` (either may be 0 when unknown).
    pub fn error(file: impl AsRef<Path>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Some(file.as_ref().to_path_buf()),
            line,
            column,
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    /// A warning in `file` at `line`:`column`.
    pub fn warning(file: impl AsRef<Path>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(file, line, column, message) }
    }

    /// An error that belongs to no file (a missing folder, a bad argument).
    pub fn global(message: impl Into<String>) -> Self {
        Diagnostic { file: None, ..Diagnostic::error("", 0, 0, message) }
    }

    /// A note about the output that belongs to no file.
    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Note, ..Diagnostic::global(message) }
    }

    /// Adds a hint such as "did you mean `macc`?".
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the source line the diagnostic points at, taken from `source`.
    pub fn with_source(mut self, source: &str) -> Self {
        if self.line > 0 {
            self.snippet = source.lines().nth(self.line - 1).map(|l| l.trim_end().to_string());
        }
        self
    }

    /// [`Diagnostic::with_source`] for many diagnostics in one file: each
    /// finds its line through `lines` instead of scanning the text again.
    pub fn with_lines(mut self, lines: &SourceLines) -> Self {
        if self.line > 0 {
            self.snippet = lines.line(self.line).map(|l| l.trim_end().to_string());
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, leaving out what is unknown.
    pub fn location(&self) -> String {
        let mut s = match &self.file {
            Some(f) => f.display().to_string().replace('\\', "/"),
            None => return String::new(),
        };
        if self.line > 0 {
            s.push_str(&format!(":{}", self.line));
            if self.column > 0 {
                s.push_str(&format!(":{}", self.column));
            }
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let loc = self.location();
        // A message quoting a huge value would flood the terminal.
        let message = excerpt(&self.message, 0, MAX_MESSAGE).0;
        if loc.is_empty() {
            write!(f, "{level}: {message}")?;
        } else {
            write!(f, "{loc}: {level}: {message}")?;
        }
        if let Some(snippet) = &self.snippet {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            // Only a window of a long line, around the column.
            let len = snippet.chars().count();
            let from = if len <= MAX_SNIPPET {
                0
            } else {
                self.column.saturating_sub(1).saturating_sub(MAX_SNIPPET / 2).min(len - MAX_SNIPPET)
            };
            let (shown, shift) = excerpt(snippet, from, MAX_SNIPPET);
            write!(f, "\n{pad} |\n{num} | {shown}")?;
            if self.column > 0 {
                let caret_pad: String = shown
                    .chars()
                    .take(self.column - 1 - from + shift)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n{pad} | {caret_pad}^")?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// The most characters of a message printed; the rest is marked "…".
const MAX_MESSAGE: usize = 400;
/// The most characters of a source line shown under a message.
const MAX_SNIPPET: usize = 120;

/// At most `max` characters of `s` from character `from`, with "…" where
/// something was left out, and how many characters the leading "…" adds.
fn excerpt(s: &str, from: usize, max: usize) -> (String, usize) {
    if s.chars().nth(from + max).is_none() && from == 0 {
        return (s.to_string(), 0);
    }
    let mut out = String::new();
    let shift = usize::from(from > 0);
    if from > 0 {
        out.push('…');
    }
    out.extend(s.chars().skip(from).take(max));
    if s.chars().nth(from + max).is_some() {
        out.push('…');
    }
    (out, shift)
}

/// The problems of one run, gathered so that all of them are reported together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// All diagnostics, sorted by file, line and column so output is stable.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// "did you mean …": the known names closest to `wanted`, at most three.
pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&wanted.to_lowercase(), &k.to_lowercase()), k))
        .filter(|(s, _)| *s > 0.6)
        .collect();
    scored.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, k)| k).collect()
}

/// Where each line of a source starts, found on first use.
pub struct SourceLines<'a> {
    text: &'a str,
    starts: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> SourceLines<'a> {
    pub fn new(text: &'a str) -> Self {
        SourceLines { text, starts: std::cell::OnceCell::new() }
    }

    /// Line `n` (from 1), without its line break.
    pub fn line(&self, n: usize) -> Option<&'a str> {
        let starts = self
            .starts
            .get_or_init(|| std::iter::once(0).chain(self.text.match_indices('\n').map(|(i, _)| i + 1)).collect());
        let start = *starts.get(n.checked_sub(1)?)?;
        let end = starts.get(n).map_or(self.text.len(), |&e| e - 1);
        let line = self.text.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// A help line naming the nearest known ids, or listing a few when none is close.
pub fn suggest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str> + Clone) -> Option<String> {
    let near = nearest(wanted, known.clone());
    if !near.is_empty() {
        let list: Vec<String> = near.iter().map(|k| format!("`{k}`")).collect();
        return Some(format!("did you mean {}?", list.join(" or ")));
    }
    let all: Vec<&str> = known.into_iter().collect();
    if all.is_empty() {
        return None;
    }
    let shown: Vec<String> = all.iter().take(8).map(|k| format!("`{k}`")).collect();
    let more = if all.len() > 8 { format!(" and {} more", all.len() - 8) } else { String::new() };
    Some(format!("known: {}{more}", shown.join(", ")))
}
