//! Paragraph numbers as written (`2.1.3`): recognising them, and checking
//! that they run in order without gaps.

use std::fmt;

/// A paragraph or section number, kept exactly as written ("4.3.1.1").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Number(pub Vec<u32>);

impl Number {
    /// Parses "2.1.3" (no trailing dot, no spaces).
    pub fn parse(s: &str) -> Option<Number> {
        let parts: Option<Vec<u32>> =
            s.split('.').map(|p| if p.is_empty() || p.len() > 6 { None } else { p.parse().ok() }).collect();
        parts.filter(|p| !p.is_empty()).map(Number)
    }

    /// Whether `self` may directly follow `prev` in a document: the next
    /// sibling at some level, or the first child.
    pub fn follows(&self, prev: &Number) -> bool {
        let (n, p) = (&self.0, &prev.0);
        if n.len() == p.len() + 1 && n[..p.len()] == p[..] && n[p.len()] == 1 {
            return true;
        }
        n.len() <= p.len() && n[..n.len() - 1] == p[..n.len() - 1] && n[n.len() - 1] == p[n.len() - 1] + 1
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(u32::to_string).collect();
        f.write_str(&parts.join("."))
    }
}

/// If `text` starts with a paragraph number (two or more parts, `2.1` or
/// `4.3.1.1`, an optional trailing dot) followed by a space, returns the
/// number and the length of the number with its dot and spaces.
pub fn paragraph_prefix(text: &str) -> Option<(Number, usize)> {
    let (num, len) = prefix(text)?;
    (num.0.len() >= 2).then_some((num, len))
}

/// If `text` starts with a section number (`2.` or `2.1`) followed by a space.
pub fn section_prefix(text: &str) -> Option<(Number, usize)> {
    let (num, len) = prefix(text)?;
    // A bare "2 Title" is not a section number: the dot is what says so.
    (num.0.len() >= 2 || text[..len].trim_end().ends_with('.')).then_some((num, len))
}

fn prefix(text: &str) -> Option<(Number, usize)> {
    let digits_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let written = &text[..digits_end];
    if written.is_empty() || written.starts_with('.') || written.contains("..") {
        return None;
    }
    let num = Number::parse(written.trim_end_matches('.'))?;
    let rest = &text[digits_end..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t', '\u{a0}']).len();
    if spaces == 0 {
        return None;
    }
    Some((num, digits_end + spaces))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        Number::parse(s).unwrap()
    }

    #[test]
    fn recognises_paragraph_numbers() {
        assert_eq!(paragraph_prefix("2.1.3 All stakeholders"), Some((n("2.1.3"), 6)));
        assert_eq!(paragraph_prefix("6.1.1  The Restructuring"), Some((n("6.1.1"), 7)));
        assert_eq!(paragraph_prefix("4.2. The first"), Some((n("4.2"), 5)));
        assert_eq!(paragraph_prefix("2011 was a year"), None);
        assert_eq!(paragraph_prefix("3.5million"), None);
        assert_eq!(section_prefix("2. Initial Findings"), Some((n("2"), 3)));
        assert_eq!(section_prefix("2 Initial Findings"), None);
    }

    #[test]
    fn follows_siblings_children_and_uncles() {
        assert!(n("2.1.1").follows(&n("2.1")));
        assert!(n("2.2").follows(&n("2.1.11")));
        assert!(n("3.1").follows(&n("3")));
        assert!(n("4.4").follows(&n("4.3.1.1")));
        assert!(n("3").follows(&n("2.1.11")));
        assert!(!n("2.3").follows(&n("2.1")));
        assert!(!n("2.1").follows(&n("2.2")));
    }
}
