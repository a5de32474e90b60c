//! The Markdown import writes: front matter, and text escaped so that it
//! prints as it was written (a `*` stays a star, `2016. The year` stays a
//! paragraph), with web addresses made links.

use super::Kind;

/// One document to write: its front matter and its Markdown blocks.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The file name without `.md`.
    pub slug: String,
    pub title: String,
    pub short_title: Option<String>,
    pub kind: Kind,
    /// `numbering: lists`, for documents with one-part paragraph numbers.
    pub lists: bool,
    /// Markdown blocks, written with a blank line between them.
    pub blocks: Vec<String>,
    /// How many numbered paragraphs the blocks hold.
    pub numbered: usize,
    /// Footnote definitions, written after the blocks.
    pub footnotes: Vec<String>,
}

impl Doc {
    /// The whole file: front matter, then the blocks.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("---\n");
        out.push_str(&format!("title: {}\n", quoted(&self.title)));
        if let Some(short) = &self.short_title {
            out.push_str(&format!("short_title: {}\n", quoted(short)));
        }
        out.push_str(&format!("kind: {}\n", self.kind.as_str()));
        if self.lists {
            out.push_str("numbering: lists\n");
        }
        out.push_str("---\n");
        for block in self.blocks.iter().chain(&self.footnotes) {
            out.push('\n');
            out.push_str(block);
            out.push('\n');
        }
        out
    }
}

/// A YAML double-quoted scalar (JSON's string syntax is a subset of it).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// Whitespace runs folded to one space, ends trimmed.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text escaped for the middle of a Markdown line, with `http(s)://` and
/// `www.` addresses made links.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        match next_url(rest) {
            Some((start, end)) => {
                escape_into(&rest[..start], &mut out);
                let url = &rest[start..end];
                if url.starts_with("www.") {
                    out.push_str(&format!("[{}](http://{})", escaped(url), url.replace(' ', "%20")));
                } else {
                    out.push_str(&format!("<{url}>"));
                }
                rest = &rest[end..];
            }
            None => {
                escape_into(rest, &mut out);
                break;
            }
        }
    }
    out
}

/// Text escaped with no links made (a link's own text).
pub fn escaped(text: &str) -> String {
    let mut out = String::new();
    escape_into(text, &mut out);
    out
}

fn escape_into(text: &str, out: &mut String) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            // Only what could start an entity (`&amp;`) needs it.
            '&' if chars.peek().is_some_and(|n| n.is_alphanumeric() || *n == '#') => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
}

/// The byte range of the first web address in `text`, trailing punctuation
/// left out (`see http://x.org/a.` ends before the dot).
fn next_url(text: &str) -> Option<(usize, usize)> {
    let start = ["https://", "http://", "www."]
        .iter()
        .filter_map(|p| text.find(p))
        .filter(|&i| i == 0 || !text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '/' || c == '.'))
        .min()?;
    let len = text[start..]
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '"')
        .unwrap_or(text.len() - start);
    let mut url = &text[start..start + len];
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '’', '”']);
        // A closing bracket belongs to the address only when it opened one.
        let trimmed = if trimmed.ends_with(')') && trimmed.matches('(').count() < trimmed.matches(')').count() {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    let www = text[start..].starts_with("www.");
    let scheme = if www { 4 } else { text[start..].find("//").map_or(0, |i| i + 2) };
    let host = url.get(scheme..).unwrap_or("");
    if host.is_empty() || www && !host.contains('.') {
        let skip = start + scheme.max(1);
        return next_url(&text[skip..]).map(|(s, e)| (s + skip, e + skip));
    }
    Some((start, start + url.len()))
}

/// A paragraph's first line made safe from being read as another block: a
/// heading, quote, list item, rule or an ordered list (`2016. The year`).
pub fn paragraph(text: &str) -> String {
    block_safe(inline(text))
}

/// Markdown that is to be a paragraph, its start escaped where it would
/// begin another kind of block.
pub fn block_safe(line: String) -> String {
    let first = line.chars().next().unwrap_or(' ');
    if matches!(first, '#' | '>' | '-' | '+' | '=') {
        return format!("\\{line}");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) && matches!(line.as_bytes().get(digits), Some(b'.' | b')')) {
        let after = line.as_bytes().get(digits + 1);
        if after.is_none() || after == Some(&b' ') || after == Some(&b'\t') {
            return format!("{}\\{}", &line[..digits], &line[digits..]);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_characters_are_escaped_and_addresses_linked() {
        assert_eq!(inline("a *b* [c] <d> x_y AT&T & co"), "a \\*b\\* \\[c\\] \\<d> x\\_y AT\\&T & co");
        assert_eq!(
            inline("see: http://www.x.org/a_b.pdf. Or (https://y.org/p)"),
            "see: <http://www.x.org/a_b.pdf>. Or (<https://y.org/p>)"
        );
        assert_eq!(inline("www.macc.org.uk, then"), "[www.macc.org.uk](http://www.macc.org.uk), then");
        assert_eq!(inline("no www. here"), "no www. here");
    }

    #[test]
    fn a_paragraph_never_starts_another_kind_of_block() {
        assert_eq!(paragraph("2016. The year"), "2016\\. The year");
        assert_eq!(paragraph("3) three"), "3\\) three");
        assert_eq!(paragraph("# not a heading"), "\\# not a heading");
        assert_eq!(paragraph("- not a list"), "\\- not a list");
        assert_eq!(paragraph("3.5 million people"), "3.5 million people");
    }

    #[test]
    fn front_matter_is_quoted_yaml() {
        let doc = Doc {
            slug: "r".into(),
            title: "A \"quoted\": title".into(),
            short_title: Some("Appendix 1".into()),
            kind: Kind::Appendix,
            blocks: vec!["1.1 Text".into(), "## 2. Two".into()],
            ..Doc::default()
        };
        assert_eq!(
            doc.to_markdown(),
            "---\ntitle: \"A \\\"quoted\\\": title\"\nshort_title: \"Appendix 1\"\nkind: appendix\n---\n\n1.1 Text\n\n## 2. Two\n"
        );
    }
}
