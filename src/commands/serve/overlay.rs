//! What the preview adds to the site: the reload script and the warnings bar
//! in served pages, and the page that replaces every page while the build fails.
//! Diagnostics are shown with their own text (`Display`), as the terminal shows them.

use crate::diagnostic::Diagnostic;
use crate::render::html::escape;

/// Where the preview's own files are served; no site file can live there
/// because `__consult` is not a slug `consult` would make.
pub const PREFIX: &str = "/__consult/";

/// The reload script, served at `/__consult/reload.js`.
pub const RELOAD_JS: &str = include_str!("reload.js");

/// Styles of the error page and the warnings bar, served at `/__consult/serve.css`.
pub const SERVE_CSS: &str = include_str!("serve.css");

fn head_tags(tag: &str) -> String {
    format!(
        "<link rel=\"stylesheet\" href=\"{PREFIX}serve.css\">\n<script src=\"{PREFIX}reload.js\" data-build=\"{}\" defer></script>\n",
        escape(tag)
    )
}

/// Adds the reload script (before `</head>`) and, when there are warnings, a
/// bar listing them (first thing in `<body>`) to a page of the site.
pub fn inject(html: &[u8], tag: &str, warnings: &[Diagnostic]) -> Vec<u8> {
    let head = head_tags(tag);
    let bar = warnings_bar(warnings);
    let mut out = Vec::with_capacity(html.len() + head.len() + bar.len());
    // A theme page without a head still gets the script, at its start.
    let head_at = find(html, b"</head>").unwrap_or(0);
    let body_at = find(&html[head_at..], b"<body")
        .and_then(|b| html[head_at + b..].iter().position(|&c| c == b'>').map(|e| head_at + b + e + 1))
        .unwrap_or(html.len());
    out.extend_from_slice(&html[..head_at]);
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(&html[head_at..body_at]);
    out.extend_from_slice(bar.as_bytes());
    out.extend_from_slice(&html[body_at..]);
    out
}

/// The not-found page is made for the site's root, but the preview serves it
/// at any depth: a `<base href="/">` first in its head points its relative
/// links at the root the preview serves the site from.
pub fn at_root(html: &[u8]) -> Vec<u8> {
    let Some(open) = find(html, b"<head") else { return html.to_vec() };
    let Some(end) = html[open..].iter().position(|&c| c == b'>').map(|e| open + e + 1) else {
        return html.to_vec();
    };
    [&html[..end], b"\n<base href=\"/\">", &html[end..]].concat()
}

/// The first occurrence of `needle`, ignoring ASCII case.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

fn warnings_bar(warnings: &[Diagnostic]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let text: Vec<String> = warnings.iter().map(|d| escape(&d.to_string())).collect();
    format!(
        "<aside class=\"consult-serve-warnings\" aria-label=\"Build warnings\"><details><summary>{}</summary><pre tabindex=\"0\">{}</pre></details></aside>\n",
        plural(warnings.len(), "warning"),
        text.join("\n\n")
    )
}

/// The page served for every page while the build fails: every error and
/// warning as the terminal prints them, the first error's file in the title.
pub fn error_page(diagnostics: &[Diagnostic], tag: &str) -> Vec<u8> {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let warnings = diagnostics.len() - errors.len();
    let first = errors.first().map(|d| d.location()).filter(|l| !l.is_empty());
    let title = match (first, errors.len()) {
        (Some(at), 1) => format!("Error in {at}"),
        (Some(at), n) => format!("{n} errors, the first in {at}"),
        (None, n) => plural(n.max(1), "error"),
    };
    let mut items = String::new();
    for d in diagnostics {
        let class = if d.is_error() { "error" } else { "warning" };
        items.push_str(&format!("<li class=\"{class}\"><pre tabindex=\"0\">{}</pre></li>\n", escape(&d.to_string())));
    }
    let counts = if warnings > 0 {
        format!("{}, {}", plural(errors.len().max(1), "error"), plural(warnings, "warning"))
    } else {
        plural(errors.len().max(1), "error")
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} — consult preview</title>\n{head}</head>\n\
         <body class=\"consult-serve-error\">\n<main>\n<h1>The site does not build</h1>\n\
         <p>{counts}. Every page shows this until they are fixed; this page reloads by itself \
         when you save. The terminal shows the same.</p>\n<ol>\n{items}</ol>\n</main>\n</body>\n</html>\n",
        title = escape(&title),
        head = head_tags(tag),
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_in_the_head_and_the_warnings_first_in_the_body() {
        let page = b"<html><head><title>t</title></head><body><p>x</p></body></html>";
        let w = vec![Diagnostic::warning("content/report.md", 3, 1, "gap in paragraph numbers <2.3>")];
        let out = String::from_utf8(inject(page, "abc-2", &w)).unwrap();
        let script = out.find("reload.js\" data-build=\"abc-2\"").unwrap();
        assert!(script < out.find("</head>").unwrap());
        let bar = out.find("1 warning").unwrap();
        assert!(bar > out.find("<body>").unwrap() && bar < out.find("<p>x</p>").unwrap());
        assert!(out.contains("content/report.md:3:1: warning: gap in paragraph numbers &lt;2.3&gt;"));
        let plain = String::from_utf8(inject(page, "abc-2", &[])).unwrap();
        assert!(!plain.contains("consult-serve-warnings"));
    }

    #[test]
    fn the_error_page_names_the_file_and_escapes_the_text() {
        let d = Diagnostic::error("content/data/stakeholders.yaml", 4, 3, "unknown field `<b>`")
            .with_help("did you mean `name`?");
        let page = String::from_utf8(error_page(&[d], "t-3")).unwrap();
        assert!(page.contains("<title>Error in content/data/stakeholders.yaml:4:3 — consult preview</title>"));
        assert!(page.contains("unknown field `&lt;b&gt;`"));
        assert!(page.contains("= help: did you mean `name`?"));
        assert!(page.contains("<html lang=\"en\">"));
    }
}
