//! Markdown from another tool (pandoc, an HTML or Word export): its text is
//! kept as it is, for the numbering forms the site reads (`13\. The
//! Committee…`, `**2.1** Text`); what it lacks is front matter. Its first
//! `# Title` line becomes the title (a second `h1` would be warned about),
//! and escaped one-part numbers ask for `numbering: lists`.

use super::markdown::{fold, Doc};
use super::text::number;
use super::{Imported, Kind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::Path;

/// Reads a Markdown file into one document of kind `kind`, named `stem`.
pub fn read(file: &Path, bytes: &[u8], stem: &str, kind: Kind) -> Result<Imported, Diagnostics> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(file, 0, 0, "the Markdown is not UTF-8")
                .with_help("save the file as UTF-8 and import it again"),
        );
        return Err(d);
    };
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let mut warnings = Diagnostics::new();
    if text.starts_with("---\n") {
        let mut d = Diagnostics::new();
        d.push(
            Diagnostic::error(
                file,
                1,
                1,
                "the file has front matter already: it is a site document, not one to import",
            )
            .with_help(format!("copy it into content/ as it is (content/{stem}.md)")),
        );
        return Err(d);
    }
    let mut doc = Doc { slug: stem.to_string(), kind, ..Doc::default() };
    let mut body = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
        }
        if !in_code {
            if let (true, Some(title)) = (doc.title.is_empty(), line.strip_prefix("# ")) {
                doc.title = fold(title.trim_end_matches('#'));
                continue;
            }
            let plain = line.trim_start_matches("**").replacen("**", "", 1);
            match number(&plain.replacen("\\.", ".", 1)) {
                Some((n, _)) if n.trim_end_matches('.').contains('.') => doc.numbered += 1,
                Some((n, _)) if n.ends_with('.') && line.contains("\\.") => {
                    doc.numbered += 1;
                    doc.lists = true;
                }
                _ => {}
            }
        }
        body.push(line);
    }
    if doc.title.is_empty() {
        doc.title = stem.to_string();
        warnings.push(
            Diagnostic::warning(
                file,
                1,
                0,
                format!("the Markdown has no `# Title` line; the document is titled `{stem}`"),
            )
            .with_help(format!("edit `title:` in content/{stem}.md")),
        );
    }
    let body = body.join("\n");
    doc.blocks.push(body.trim_matches('\n').to_string());
    Ok(Imported { docs: vec![doc], files: Vec::new(), warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_line_becomes_front_matter_and_escaped_numbers_ask_for_lists() {
        let md = "# The Committee's report\n\n13\\. The Committee considered the evidence.\n\n**2.1** Bold number.\n\n```\n# not a title\n```\n";
        let got = read(Path::new("r.md"), md.as_bytes(), "r", Kind::Report).unwrap();
        let doc = &got.docs[0];
        assert_eq!(doc.title, "The Committee's report");
        assert!(doc.lists);
        assert_eq!(doc.numbered, 2);
        assert!(doc.to_markdown().ends_with(
            "---\n\n13\\. The Committee considered the evidence.\n\n**2.1** Bold number.\n\n```\n# not a title\n```\n"
        ));
        assert!(got.warnings.iter().next().is_none());
    }
}
