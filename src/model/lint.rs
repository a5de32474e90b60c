//! Warnings for sources that will not come out as their writer thinks: HTML
//! that swallows Markdown or turns into code, a second `<h1>`, another tool's
//! syntax printed as text, resources from other hosts, and links to nothing.

use crate::diagnostic::Diagnostic;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, LinkType, Tag, TagEnd};
use std::path::Path;

/// A link or resource address written in a body, checked once the whole
/// site is known (see [`check_links`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub line: usize,
    pub column: usize,
}

/// The checks that need only the events of one body, as they go by.
pub struct Lint<'a> {
    file: &'a Path,
    text: &'a str,
    pub diags: Vec<Diagnostic>,
    pub links: Vec<Link>,
    /// Ids the body gives its page besides headings and paragraphs: raw
    /// HTML `id`s and footnote labels.
    pub anchors: Vec<String>,
    /// Inside an HTML block: whether its swallowing was reported already.
    html_block: Option<bool>,
    /// An indented code block just started at this line: look at its text.
    indented_code: Option<usize>,
    /// The last inline code span, `text <url>`, and where: an rST link if `_` follows.
    code: Option<(String, usize, usize)>,
    in_code_block: bool,
}

impl<'a> Lint<'a> {
    /// Lints the body of `file`, whose whole text is `text`.
    pub fn new(file: &'a Path, text: &'a str) -> Self {
        Lint {
            file,
            text,
            diags: Vec::new(),
            links: Vec::new(),
            anchors: Vec::new(),
            html_block: None,
            indented_code: None,
            code: None,
            in_code_block: false,
        }
    }

    fn warn(&mut self, line: usize, column: usize, message: String, help: &str) {
        self.diags.push(Diagnostic::warning(self.file, line, column, message).with_source(self.text).with_help(help));
    }

    /// Looks at one event, which starts at `line`:`column`.
    pub fn event(&mut self, event: &Event, line: usize, column: usize) {
        let code = self.code.take();
        match event {
            Event::Start(Tag::HtmlBlock) => self.html_block = Some(false),
            Event::End(TagEnd::HtmlBlock) => self.html_block = None,
            Event::Html(html) | Event::InlineHtml(html) => {
                if self.html_block == Some(false) && literal(html) {
                    self.html_block = Some(true); // its lines are meant as they are
                }
                if self.html_block == Some(false) && swallowed(html) {
                    self.html_block = Some(true);
                    self.warn(
                        line,
                        column,
                        format!("this Markdown is inside an HTML block, so it is printed as it is: `{}`", html.trim()),
                        "leave a blank line after the HTML tag above it, so Markdown is read again",
                    );
                }
                self.html(html, line, column);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code_block = true;
                if let CodeBlockKind::Indented = kind {
                    self.indented_code = Some(line);
                }
            }
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) => self.second_h1(line, column),
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.resource("image", dest_url, line, column);
                self.link(dest_url, line, column);
            }
            Event::Start(Tag::Link { link_type, dest_url, .. })
                if !matches!(link_type, LinkType::WikiLink { .. } | LinkType::Email) =>
            {
                self.link(dest_url, line, column);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.anchors.push(label.to_string());
                self.anchors.push(format!("fn-{label}"));
            }
            Event::Code(c) => self.code = Some((c.to_string(), line, column)),
            Event::Text(t) if self.in_code_block => {
                if let Some(at) = self.indented_code.take() {
                    if is_tag(t.trim_start()) {
                        self.warn(
                            at,
                            1,
                            "these HTML tags are shown as code: CommonMark reads lines indented by four spaces as a code block".into(),
                            "remove the indentation, or keep the HTML together without blank lines",
                        );
                    }
                }
            }
            Event::Text(t) => {
                if let Some((c, l, col)) = code {
                    if t.starts_with('_') && c.ends_with('>') && c.contains(" <") {
                        self.other_tool(
                            l,
                            col,
                            "a reStructuredText link",
                            &format!("`{c}`_"),
                            "write it as `[text](address)`",
                        );
                    }
                }
                self.text(t, line, column);
            }
            _ => {}
        }
    }

    /// Other tools' syntax in text, which Markdown prints as it is.
    fn text(&mut self, t: &str, line: usize, column: usize) {
        let s = t.trim();
        if s.starts_with("{:") {
            let help = "remove it: attributes go on headings as `## Title {#id .class}`";
            self.other_tool(line, column, "a kramdown attribute list", s, help);
        } else if liquid(s) {
            let help = "write the text it stands for; consult does not run templates in documents";
            self.other_tool(line, column, "a Liquid tag", s, help);
        } else if s.starts_with(".. ") && s.contains("::") {
            let help = "write it as Markdown, e.g. a note as a `> ` quote";
            self.other_tool(line, column, "a reStructuredText directive", s, help);
        } else if s.len() >= 3 && s.bytes().all(|b| b == b'=') {
            let help = "remove it: a Markdown heading is `## Title`";
            self.other_tool(line, column, "a reStructuredText title line", s, help);
        }
    }

    fn second_h1(&mut self, line: usize, column: usize) {
        self.warn(
            line,
            column,
            "a second `<h1>`: the page's title (`title:` in the front matter) is its `<h1>` already".into(),
            "remove this heading if it repeats the title, or make it `##` (`<h2>`)",
        );
    }

    fn other_tool(&mut self, line: usize, column: usize, what: &str, written: &str, help: &str) {
        let quoted = if written.contains('`') { written.to_string() } else { format!("`{written}`") };
        self.warn(line, column, format!("{what} is printed as text: {quoted}"), help);
    }

    /// Attributes of raw HTML: resources from other hosts, local links.
    fn html(&mut self, html: &str, line: usize, column: usize) {
        let lower = html.to_ascii_lowercase();
        if lower.contains("<h1>") || lower.contains("<h1 ") {
            self.second_h1(line, column);
        }
        // A stylesheet in a <style> block can load from elsewhere too: @import, url().
        for at in
            lower.match_indices("url(").map(|(i, _)| i + 4).chain(lower.match_indices("@import").map(|(i, _)| i + 7))
        {
            let dest = html[at..].trim_start().trim_start_matches(['"', '\'']);
            let dest = &dest[..dest.find(['"', '\'', ')', ';', ' ']).unwrap_or(dest.len())];
            self.resource("stylesheet import", dest, line, column);
        }
        for (tag, attr, value) in attributes(html) {
            let loads = matches!(
                (tag.as_str(), attr.as_str()),
                ("img" | "script" | "iframe" | "frame" | "video" | "audio" | "source" | "embed" | "track", "src")
                    | ("link", "href")
                    | ("object", "data")
            );
            if loads {
                let what = match tag.as_str() {
                    "img" => "image",
                    "link" => "stylesheet",
                    "iframe" | "frame" => "frame",
                    "video" | "audio" | "source" | "track" => "media file",
                    "embed" | "object" => "embedded object",
                    _ => "script",
                };
                self.resource(what, &value, line, column);
            }
            if matches!(attr.as_str(), "id" | "name") {
                self.anchors.push(value.clone());
            }
            if matches!(attr.as_str(), "href" | "src") {
                self.link(&value, line, column);
            }
        }
    }

    fn resource(&mut self, what: &str, dest: &str, line: usize, column: usize) {
        if let Some(host) = other_host(dest) {
            self.warn(
                line,
                column,
                format!("this {what} is loaded from {host}: every reader's browser would ask that host for it"),
                "the site promises that no request leaves it: save the file in content/files/ and link it relatively",
            );
        }
    }

    fn link(&mut self, dest: &str, line: usize, column: usize) {
        let local = !dest.is_empty() && other_host(dest).is_none() && !dest.contains(':');
        if local {
            self.links.push(Link { dest: dest.to_string(), line, column });
        }
    }
}

/// A line of an HTML block that is Markdown the writer meant to be read.
fn swallowed(line: &str) -> bool {
    let s = line.trim_start();
    let marker = s.starts_with('#') || s.starts_with("- ") || s.starts_with("* ") || s.starts_with("> ");
    let numbered = s.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let emphasis = s.starts_with("**") || s.starts_with("[") && s.contains("](");
    marker || numbered || emphasis
}

/// An HTML block whose content CommonMark keeps as written on purpose:
/// `<pre>`, `<script>`, `<style>`, `<textarea>`, comments.
fn literal(first_line: &str) -> bool {
    let s = first_line.trim_start().to_ascii_lowercase();
    ["<pre", "<script", "<style", "<textarea", "<!--"].iter().any(|t| s.starts_with(t))
}

fn is_tag(s: &str) -> bool {
    let mut c = s.chars();
    c.next() == Some('<') && c.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!')
}

/// The host of an address that leaves the site, if it does.
pub fn other_host(dest: &str) -> Option<&str> {
    let rest =
        dest.strip_prefix("https://").or_else(|| dest.strip_prefix("http://")).or_else(|| dest.strip_prefix("//"))?;
    Some(rest.split(['/', '?', '#']).next().unwrap_or(rest))
}

/// (tag, attribute, value) of each quoted attribute in `html`, names in lower case.
fn attributes(html: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
        let end = rest.find('>').unwrap_or(rest.len());
        let mut attrs = &rest[name.len()..end];
        while let Some(eq) = attrs.find('=') {
            let key = attrs[..eq].trim().rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
            let after = attrs[eq + 1..].trim_start();
            let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                attrs = &attrs[eq + 1..];
                continue;
            };
            let Some(close) = after[1..].find(q) else { break };
            out.push((name.clone(), key, after[1..1 + close].to_string()));
            attrs = &after[close + 2..];
        }
        rest = &rest[end..];
    }
    out
}

/// Whether `s` holds a Liquid tag or output (`{{ … }}`, `{% … %}`). Every
/// text of every document passes here: most hold no `{` at all.
fn liquid(s: &str) -> bool {
    memchr::memchr(b'{', s.as_bytes()).is_some()
        && ((s.contains("{{") && s.contains("}}")) || (s.contains("{%") && s.contains("%}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_attributes_of_each_tag() {
        let a = attributes("<img alt=\"x\" src='https://cdn.example/a.png'><a href=\"#top\">");
        assert_eq!(a[1], ("img".into(), "src".into(), "https://cdn.example/a.png".into()));
        assert_eq!(a[2], ("a".into(), "href".into(), "#top".into()));
        assert_eq!(other_host("https://cdn.example/a.png"), Some("cdn.example"));
        assert_eq!(other_host("../files/a.png"), None);
    }

    #[test]
    fn markdown_lines_in_html_blocks_are_noticed() {
        assert!(swallowed("## Next steps"));
        assert!(swallowed("1. First"));
        assert!(!swallowed("<p>Text</p>"));
        assert!(!swallowed("2016 was a year"));
        assert!(literal("<pre>") && literal("<!-- note") && !literal("<div class=\"x\">"));
    }
}
