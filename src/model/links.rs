//! Local links and anchors written in documents and meeting notes, checked
//! against what the site will hold: an `#anchor` in the page, an asset from
//! `content/`, another document page and its ids.

use super::lint::Link;
use super::markdown::Body;
use crate::diagnostic::Diagnostic;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Ids every page template gives a page, besides its body's.
const TEMPLATE_IDS: [&str; 3] = ["main", "doc-title", "toc-heading"];

/// One page whose body is checked: its source, and its folder in the output.
pub struct Page<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// The page's folder in the output, with a trailing slash: `report/`.
    pub dir: String,
    pub body: &'a Body,
}

/// The ids a body gives its page.
fn ids(body: &Body) -> HashSet<&str> {
    let headings = body.headings.iter().map(|h| h.id.as_str());
    let paragraphs = body.paragraphs.iter().map(|p| p.id.as_str());
    headings.chain(paragraphs).chain(body.anchors.iter().map(String::as_str)).chain(TEMPLATE_IDS).collect()
}

/// Warns about each local link of `pages` that leads nowhere. `documents`
/// maps a document's slug to its body; `assets` are the files copied from
/// `content/`; `reserved` are the folders of the pages the site makes.
pub fn check(
    pages: &[Page],
    documents: &HashMap<&str, &Body>,
    assets: &BTreeMap<String, Vec<u8>>,
    reserved: &[&str],
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // A document's ids, made once however many links lead to it.
    let mut known: HashMap<&str, HashSet<&str>> = HashMap::new();
    for page in pages.iter().filter(|p| !p.body.links.is_empty()) {
        let own = ids(page.body);
        for link in &page.body.links {
            if let Some((message, help)) = miss(page, &own, link, documents, &mut known, assets, reserved) {
                diags.push(
                    Diagnostic::warning(page.file, link.line, link.column, message)
                        .with_source(page.text)
                        .with_help(help),
                );
            }
        }
    }
    diags
}

fn miss<'a>(
    page: &Page,
    own: &HashSet<&str>,
    link: &Link,
    documents: &HashMap<&'a str, &'a Body>,
    known: &mut HashMap<&'a str, HashSet<&'a str>>,
    assets: &BTreeMap<String, Vec<u8>>,
    reserved: &[&str],
) -> Option<(String, String)> {
    let dest = link.dest.as_str();
    let (path, fragment) = dest.split_once('#').map_or((dest, None), |(p, f)| (p, Some(f)));
    let path = percent_decoded(path.split('?').next().unwrap_or(path));
    let path = path.as_str();
    let fragment = fragment.map(percent_decoded);
    if path.is_empty() {
        let f = fragment.unwrap_or_default();
        return (!f.is_empty() && !own.contains(f.as_str())).then(|| {
            (
                format!("`#{f}` is not an id on this page"),
                "link to a heading's or a paragraph's id, such as `#para-2.1` or `#section-2`".into(),
            )
        });
    }
    if path.starts_with('/') {
        return Some((
            format!("`{dest}` starts at the web server's root, so it breaks when the site is opened from disk or under a sub-path"),
            "write the address relative to this page".into(),
        ));
    }
    let Some(target) = resolve(&page.dir, path) else {
        return Some((format!("`{dest}` leads outside the site"), "write the address relative to this page".into()));
    };
    let first = target.split('/').next().unwrap_or("");
    let as_page = target.trim_end_matches("index.html").trim_end_matches('/');
    if let Some((&slug, &body)) = documents.get_key_value(as_page) {
        let f = fragment.unwrap_or_default();
        let missing = !f.is_empty() && !known.entry(slug).or_insert_with(|| ids(body)).contains(f.as_str());
        return missing.then(|| {
            (
                format!("`#{f}` is not an id on the page of `{as_page}`"),
                "cite it as `[[document#number]]`, which is checked".into(),
            )
        });
    }
    if assets.contains_key(&target) || target == "index.html" || target.is_empty() || reserved.contains(&first) {
        return None;
    }
    let help = match assets.keys().find(|k| k.ends_with(path.trim_start_matches("./"))) {
        Some(k) => {
            let up = "../".repeat(page.dir.matches('/').count());
            format!("write `{up}{k}`: this page is in the folder `{}`", page.dir)
        }
        None => "files in content/ are copied to the site where they are: content/files/a.pdf is files/a.pdf".into(),
    };
    Some((format!("`{dest}` leads to `{target}`, which the site does not have"), help))
}

/// `%20` and the like decoded, as a browser does before asking for the file.
fn percent_decoded(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex =
            b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `path` relative to folder `dir`, with `.` and `..` resolved; `None` if it
/// climbs above the site.
fn resolve(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::{percent_decoded, resolve};

    #[test]
    fn resolves_relative_to_the_page_folder() {
        assert_eq!(resolve("report/", "../files/a.pdf").as_deref(), Some("files/a.pdf"));
        assert_eq!(resolve("report/", "files/a.pdf").as_deref(), Some("report/files/a.pdf"));
        assert_eq!(resolve("meetings/m/", "../../appendix-1/index.html").as_deref(), Some("appendix-1/index.html"));
        assert_eq!(resolve("report/", "../../x"), None);
        assert_eq!(percent_decoded("files/Easy%20read.pdf"), "files/Easy read.pdf");
        assert_eq!(percent_decoded("100%"), "100%");
    }
}
