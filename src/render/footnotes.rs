//! Footnotes with ids of their own: `fn-13` for the note, `fnref-13` for
//! the place that cites it, so they never collide with a heading or
//! paragraph id (pulldown-cmark's own are the bare label).

use super::html::escape;
use std::collections::HashMap;

/// Numbers footnotes as readers count them, and hands out one id per
/// reference. A note labelled with a number (`[^13]`) shows that number, so
/// readers quote the same footnote numbers as the original; others are
/// numbered in the order they first appear.
#[derive(Default)]
pub struct Footnotes {
    numbers: HashMap<String, usize>,
    references: HashMap<String, usize>,
}

/// A label made safe to stand in an id: whitespace becomes `-`.
fn id_part(label: &str) -> String {
    escape(&label.split_whitespace().collect::<Vec<_>>().join("-"))
}

impl Footnotes {
    fn number(&mut self, label: &str) -> String {
        if !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()) {
            return label.to_string();
        }
        let next = self.numbers.len() + 1;
        self.numbers.entry(label.to_string()).or_insert(next).to_string()
    }

    /// The superscript link where the text cites footnote `label`. A second
    /// citation of the same note gets `fnref-LABEL-2`, so ids stay unique.
    pub fn reference(&mut self, label: &str) -> String {
        let n = self.number(label);
        let count = self.references.entry(label.to_string()).or_insert(0);
        *count += 1;
        let id = id_part(label);
        let suffix = if *count == 1 { String::new() } else { format!("-{count}") };
        format!(
            "<sup class=\"footnote-reference\" id=\"fnref-{id}{suffix}\"><a href=\"#fn-{id}\" \
             aria-label=\"Footnote {n}\">{n}</a></sup>"
        )
    }

    /// The start of the note itself.
    pub fn definition_start(&mut self, label: &str) -> String {
        let n = self.number(label);
        format!(
            "<div class=\"footnote-definition\" id=\"fn-{}\"><sup class=\"footnote-definition-label\">{n}</sup>",
            id_part(label)
        )
    }

    /// The end of the note, with a link back to where it was first cited
    /// (none when it never was).
    pub fn definition_end(&mut self, label: &str) -> String {
        let n = self.number(label);
        let back = if self.references.contains_key(label) {
            format!(
                " <a class=\"footnote-backref\" href=\"#fnref-{}\" aria-label=\"Back to the text of footnote {n}\">↩</a>",
                id_part(label)
            )
        } else {
            String::new()
        };
        format!("{back}</div>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_prefixed_and_unique() {
        let mut f = Footnotes::default();
        assert!(f.reference("13").contains("id=\"fnref-13\""));
        assert!(f.reference("13").contains("id=\"fnref-13-2\""));
        assert!(f.definition_start("13").contains("id=\"fn-13\""));
        assert!(f.definition_end("13").contains("href=\"#fnref-13\""));
        assert!(f.reference("a note").contains("href=\"#fn-a-note\""));
    }
}
