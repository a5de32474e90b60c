//! Plain text such as a report saved from a word processor: numbered lines
//! become numbered paragraphs (numbers as written), `2. Initial Findings`
//! a numbered heading, `Appendix 1` a new appendix titled by the lines after
//! it, bullets a list; the words are kept as they are, whitespace folded.

use super::markdown::{fold, inline, paragraph, Doc};
use super::{Imported, Kind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::Path;

/// One line of the text, classified.
#[derive(Debug, PartialEq)]
pub(super) enum Line<'a> {
    Blank,
    /// `Appendix 1`, `Annex B`, `Schedule 2`: the label as written.
    Appendix(&'a str),
    /// `2. Initial Findings`: the number (with its dot) and the title.
    Section(&'a str, &'a str),
    /// `2.1.3 Text`, or `13. Text` (a one-part number on a long line).
    Numbered(&'a str, &'a str),
    Bullet(&'a str),
    Text(&'a str),
}

/// Reads plain text into documents: the first of kind `kind`, named `stem`.
pub fn read(file: &Path, bytes: &[u8], stem: &str, kind: Kind) -> Result<Imported, Diagnostics> {
    let mut warnings = Diagnostics::new();
    let decoded = decode(bytes).map_err(|(line, message, help)| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(file, line, 0, message).with_help(help));
        d
    })?;
    if let Some(line) = decoded.1 {
        warnings.push(
            Diagnostic::warning(
                file,
                line,
                0,
                "the text is not UTF-8: it was read as Windows-1252 (Western European), the encoding Word's Plain Text uses by default",
            )
            .with_help("check that quotes and accented letters read right; saving as UTF-8 avoids the guess"),
        );
    }
    let text = decoded.0.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().collect();
    if lines.iter().all(|l| l.trim().is_empty()) {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(file, 0, 0, "the file is empty: there is nothing to import"));
        return Err(d);
    }
    // Text with a paragraph per line has long lines; wrapped text has none,
    // and a line that is not a new block continues the one above.
    let wrapped = lines.iter().all(|l| l.chars().count() <= 100);
    let mut reader = Reader { docs: Vec::new(), warnings, list: Vec::new(), open: None };
    let mut doc = Doc { slug: stem.to_string(), kind, ..Doc::default() };
    let mut i = 0;
    // A short first line that is not a number is the title.
    let first = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    if let Line::Text(t) = classify(lines[first]) {
        if title_like(t) {
            doc.title = fold(t);
            i = first + 1;
        }
    }
    if doc.title.is_empty() {
        doc.title = stem.to_string();
        reader.warnings.push(
            Diagnostic::warning(file, 1, 0, format!("the text has no title line; the document is titled `{stem}`"))
                .with_help(format!("edit `title:` in content/{stem}.md")),
        );
    }
    reader.docs.push(doc);
    let mut prev_blank = true;
    while i < lines.len() {
        let mut line = classify(lines[i]);
        i += 1;
        // In wrapped text a heading is followed by a blank line; `13. The
        // Committee` with text on the next line is a numbered paragraph.
        if let Line::Section(number, title) = line {
            if wrapped && lines.get(i).is_some_and(|l| matches!(classify(l), Line::Text(_))) {
                line = Line::Numbered(number, title);
            }
        }
        let blank = line == Line::Blank;
        match line {
            Line::Blank => reader.end_paragraph(),
            Line::Appendix(label) => {
                reader.end_block();
                let mut title = Vec::new();
                while i < lines.len() && title.len() < 4 {
                    match classify(lines[i]) {
                        Line::Blank => i += 1,
                        Line::Text(t) if title_like(t) => {
                            title.push(fold(t));
                            i += 1;
                        }
                        _ => break,
                    }
                }
                let label = fold(label);
                let title = if title.is_empty() { label.clone() } else { title.join(" ") };
                let slug = format!("{stem}-{}", super::slug(&label));
                reader.docs.push(Doc { slug, title, short_title: Some(label), kind: Kind::Appendix, ..Doc::default() });
            }
            Line::Section(number, title) => {
                reader.end_block();
                reader.push(format!("## {number} {}", inline(&fold(title))));
            }
            Line::Numbered(number, rest) => {
                reader.end_block();
                let doc = reader.doc();
                doc.numbered += 1;
                if !number.trim_end_matches('.').contains('.') {
                    doc.lists = true;
                }
                reader.open = Some(Open::Numbered(number.to_string(), fold(rest)));
            }
            Line::Bullet(t) => {
                reader.end_paragraph();
                reader.list.push(fold(t));
            }
            Line::Text(t) => match (&mut reader.open, reader.list.last_mut()) {
                (Some(Open::Numbered(_, words) | Open::Plain(words)), _) if wrapped => {
                    words.push(' ');
                    words.push_str(&fold(t));
                }
                (None, Some(item)) if wrapped && !prev_blank => {
                    item.push(' ');
                    item.push_str(&fold(t));
                }
                _ => {
                    reader.end_block();
                    reader.open = Some(Open::Plain(fold(t)));
                }
            },
        }
        prev_blank = blank;
    }
    reader.end_block();
    Ok(Imported { docs: reader.docs, files: Vec::new(), warnings: reader.warnings })
}

/// The documents being written, and the block not yet finished.
struct Reader {
    docs: Vec<Doc>,
    warnings: Diagnostics,
    /// Items of the list being read.
    list: Vec<String>,
    /// The paragraph being read.
    open: Option<Open>,
}

/// A paragraph being read: its number, if it has one, and its words.
enum Open {
    Numbered(String, String),
    Plain(String),
}

impl Reader {
    fn doc(&mut self) -> &mut Doc {
        self.docs.last_mut().expect("the first document is made before reading")
    }

    fn push(&mut self, block: String) {
        self.doc().blocks.push(block);
    }

    /// Ends the paragraph being read (a blank line); a list goes on over blank lines.
    fn end_paragraph(&mut self) {
        let block = match self.open.take() {
            Some(Open::Plain(words)) => paragraph(&words),
            Some(Open::Numbered(number, words)) => format!("{number} {}", inline(&words)),
            None => return,
        };
        self.push(block);
    }

    /// Ends whatever is open: the paragraph, then the list.
    fn end_block(&mut self) {
        self.end_paragraph();
        if !self.list.is_empty() {
            let items: Vec<String> = self.list.drain(..).map(|t| format!("- {}", inline(&t))).collect();
            self.push(items.join("\n"));
        }
    }
}

/// The text of `bytes`: UTF-8, UTF-16 with its byte-order mark, or else
/// Windows-1252 (with the line of its first non-ASCII byte, for a warning).
/// Bytes no text encoding has (NUL, or Windows-1252's five holes) are an
/// error: (line, message, help).
fn decode(bytes: &[u8]) -> Result<(String, Option<usize>), (usize, String, String)> {
    let line_at = |i: usize| bytes[..i].iter().filter(|&&b| b == b'\n').count() + 1;
    let utf16 = |le: bool| {
        let units = bytes[2..].chunks(2).map(|c| {
            if le {
                u16::from_le_bytes([c[0], *c.get(1).unwrap_or(&0)])
            } else {
                u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])
            }
        });
        char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')).collect::<String>()
    };
    match bytes {
        [0xFF, 0xFE, ..] => return Ok((utf16(true), None)),
        [0xFE, 0xFF, ..] => return Ok((utf16(false), None)),
        _ => {}
    }
    let help = "save the file as plain text (UTF-8) and import it again".to_string();
    if let Some(i) = bytes.iter().position(|&b| b == 0) {
        return Err((line_at(i), "this is not plain text: it holds binary data".into(), help));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok((t.to_string(), None)),
        Err(e) => {
            const HIGH: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8d}Ž\u{8f}\u{90}‘’“”•–—˜™š›œ\u{9d}žŸ";
            let high: Vec<char> = HIGH.chars().collect();
            let mut out = String::with_capacity(bytes.len());
            for (i, &b) in bytes.iter().enumerate() {
                let c = match b {
                    0x80..=0x9F => high[usize::from(b - 0x80)],
                    _ => char::from(b),
                };
                if ('\u{80}'..='\u{9f}').contains(&c) {
                    return Err((line_at(i), "the text is neither UTF-8 nor Windows-1252".into(), help));
                }
                out.push(c);
            }
            Ok((out, Some(line_at(e.valid_up_to()))))
        }
    }
}

/// What kind of line `raw` is.
pub(super) fn classify(raw: &str) -> Line<'_> {
    let line = raw.trim();
    if line.is_empty() {
        return Line::Blank;
    }
    if let Some(label) = appendix(line) {
        return Line::Appendix(label);
    }
    for bullet in ['·', '•', '-', '*', '▪', '◦'] {
        if let Some(rest) = line.strip_prefix(bullet) {
            if rest.starts_with(char::is_whitespace) && !rest.trim().is_empty() {
                return Line::Bullet(rest.trim());
            }
        }
    }
    if let Some((number, rest)) = number(line) {
        let parts = number.trim_end_matches('.').split('.').count();
        if parts == 1 {
            if title_like(rest) {
                return Line::Section(number, rest);
            }
            if rest.chars().count() > 60 {
                return Line::Numbered(number, rest);
            }
            return Line::Text(line);
        }
        return Line::Numbered(number, rest);
    }
    Line::Text(line)
}

/// `Appendix 1`, `APPENDIX A`, `Annex 2`, `Schedule 3` alone on a line.
pub(super) fn appendix(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace();
    let (word, label) = (words.next()?, words.next()?);
    let is_word = ["appendix", "annex", "annexe", "schedule"].iter().any(|w| word.eq_ignore_ascii_case(w));
    let is_label = label.len() <= 4 && label.chars().all(|c| c.is_ascii_alphanumeric());
    (is_word && is_label && words.next().is_none()).then_some(line)
}

/// A number at the start of a line and the text after it: `2.1.3 Text`,
/// `A.2 Text`, `6.12. Text`, `2. Title`. The number is kept as written.
pub(super) fn number(line: &str) -> Option<(&str, &str)> {
    let end = line.find(char::is_whitespace)?;
    let (number, rest) = (&line[..end], line[end..].trim());
    let body = number.trim_end_matches('.');
    let parts: Vec<&str> = body.split('.').collect();
    let (prefix, values) = match parts[0].chars().next()? {
        c if c.is_ascii_uppercase() && parts.len() > 1 => (Some(parts[0]), &parts[1..]),
        _ => (None, &parts[..]),
    };
    let prefix_ok = prefix.is_none_or(|p| {
        let caps = p.chars().take_while(char::is_ascii_uppercase).count();
        (1..=3).contains(&caps) && p[caps..].chars().all(|c| c.is_ascii_digit())
    });
    let parts_ok = values.iter().all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    let one_part_needs_dot = values.len() > 1 || number.ends_with('.') || prefix.is_some();
    (prefix_ok && parts_ok && one_part_needs_dot && !rest.is_empty()).then_some((number, rest))
}

/// A line that reads as a title: short, and not ending as a sentence does.
pub(super) fn title_like(text: &str) -> bool {
    let text = text.trim();
    let n = text.chars().count();
    n > 0
        && n <= 80
        && !text.ends_with(['.', ':', ';', ',', '?', '!'])
        && !text.contains("://")
        && text.starts_with(|c: char| c.is_alphanumeric() || c == '‘' || c == '"' || c == '(')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any text, however it mixes numbers, bullets, appendix lines and
        /// Markdown characters, reads without a panic, and every word of it
        /// is in what is written.
        #[test]
        fn any_text_reads_and_keeps_its_words(
            lines in proptest::collection::vec("(Appendix 2|[·*-] |[0-9]{1,2}\\.([0-9]\\.?){0,2} )?[a-z*_\\[\\]<&#` ]{0,40}", 0..30)
        ) {
            let text = format!("Title\n{}", lines.join("\n"));
            let got = read(Path::new("a.txt"), text.as_bytes(), "a", Kind::Report).unwrap();
            let written: String = got.docs.iter().map(|d| d.to_markdown()).collect();
            for word in text.split(|c: char| !c.is_ascii_lowercase()).filter(|w| w.len() > 1) {
                prop_assert!(written.contains(word), "{word} lost from {text:?}: {written}");
            }
        }
    }

    #[test]
    fn lines_are_classified_as_the_seed_needs() {
        assert_eq!(classify(" 1. Introduction"), Line::Section("1.", "Introduction"));
        assert_eq!(
            classify("5. MACC Executive Committee Meeting "),
            Line::Section("5.", "MACC Executive Committee Meeting")
        );
        assert_eq!(classify("4.3.1.1 It would"), Line::Numbered("4.3.1.1", "It would"));
        assert_eq!(classify("6.1.1  The Restructuring of MACC"), Line::Numbered("6.1.1", "The Restructuring of MACC"));
        assert_eq!(classify("Appendix 1"), Line::Appendix("Appendix 1"));
        assert_eq!(classify("· Volunteering"), Line::Bullet("Volunteering"));
        assert_eq!(classify("of "), Line::Text("of"));
        assert_eq!(classify("2011 was a year"), Line::Text("2011 was a year"));
        assert_eq!(classify("A.2.5 Text"), Line::Numbered("A.2.5", "Text"));
        assert_eq!(classify("6.12. Text"), Line::Numbered("6.12.", "Text"));
        let long = "13. The Committee considered the evidence it was given at length and in great detail.";
        assert_eq!(classify(long), Line::Numbered("13.", &long[4..]));
    }

    #[test]
    fn wrapped_text_joins_lines_and_one_part_numbers_use_list_numbering() {
        let text = "Title\n\n13. The Committee considered\nthe evidence.\n14. It found that the evidence given\nwas clear, and said so at length.\n\n- one\n  two\n";
        let got = read(Path::new("r.txt"), text.as_bytes(), "r", Kind::Report).unwrap();
        let doc = &got.docs[0];
        assert!(doc.lists);
        assert_eq!(
            doc.blocks,
            [
                "13. The Committee considered the evidence.",
                "14. It found that the evidence given was clear, and said so at length.",
                "- one two"
            ]
        );
    }
}
