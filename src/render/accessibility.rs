//! The accessibility statement (`accessibility/index.html`), in the shape
//! the Public Sector Bodies Accessibility Regulations 2018 (regulation 8)
//! ask for. What it says about the pages comes from checking the rendered
//! pages themselves, so it cannot claim more than the build found.

use super::pages::{page, Page};
use crate::load::raw::Region;
use crate::model::accessibility::Contact;
use crate::model::Site;
use crate::render::Bytes;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where the statement is.
pub const PATH: &str = "accessibility/index.html";

/// What the build found in the pages it made.
#[derive(Serialize, Default, Clone)]
struct Checked {
    pages: usize,
    images: usize,
    /// Images without a text alternative: "page: src".
    missing_alt: Vec<String>,
    /// Pages without a language: page paths.
    missing_lang: Vec<String>,
    /// Files loaded from another host: "page: address".
    external: Vec<String>,
}

#[derive(Serialize)]
struct Statement<'a> {
    publisher: &'a str,
    contact_email: Option<&'a str>,
    contact_web: Option<&'a str>,
    prepared: Option<(String, String)>,
    reviewed: Option<(String, String)>,
    limitations: &'a [String],
    northern_ireland: bool,
    compliant: bool,
    checked: Checked,
}

/// What the pages a build wrote before the rest was made hold, by path
/// (they are no longer in memory when the statement is made).
#[derive(Default)]
pub struct Scanned(BTreeMap<String, Checked>);

impl Scanned {
    /// Checks the pages of `files` (on all cores) and keeps what they hold.
    pub fn add(&mut self, files: &BTreeMap<String, Bytes>) {
        use rayon::prelude::*;
        let pages: Vec<(String, Checked)> = files
            .par_iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(path, bytes)| (path.clone(), page_check(path, &[bytes])))
            .collect();
        self.0.extend(pages);
    }

    /// Checks one page, given in its parts (whole tags each), for [`Scanned::keep`].
    pub fn check(path: &str, parts: &[&[u8]]) -> Found {
        Found(page_check(path, parts))
    }

    /// Keeps what [`Scanned::check`] found in the page at `path`.
    pub fn keep(&mut self, path: String, found: Found) {
        self.0.insert(path, found.0);
    }
}

/// What one page holds ([`Scanned::check`]).
pub struct Found(Checked);

/// The statement page, written after every other page has been rendered
/// (`files`: every file so far that is still held; `scanned`: what the
/// others hold).
pub fn statement(site: &Site, files: &[(&String, &[u8])], scanned: &[&Scanned]) -> Page {
    let checked = check(files, scanned);
    let a = &site.accessibility;
    let compliant = a.limitations.is_empty()
        && checked.missing_alt.is_empty()
        && checked.missing_lang.is_empty()
        && checked.external.is_empty();
    let (email, web) = match &a.contact {
        Some(Contact::Email(e)) => (Some(e.as_str()), None),
        Some(Contact::Web(w)) => (None, Some(w.as_str())),
        None => (None, None),
    };
    let s = Statement {
        publisher: site.publisher.as_deref().unwrap_or(&site.title),
        contact_email: email,
        contact_web: web,
        prepared: a.prepared.map(|d| (d.iso(), d.long())),
        reviewed: a.reviewed.map(|d| (d.iso(), d.long())),
        limitations: &a.limitations,
        northern_ireland: a.region == Region::NorthernIreland,
        compliant,
        checked,
    };
    page(site, PATH.into(), "accessibility.html", "", "Accessibility statement", |c, _| c.insert("statement", &s))
}

fn check(files: &[(&String, &[u8])], scanned: &[&Scanned]) -> Checked {
    use rayon::prelude::*;
    // Each page on its own (on all cores), then merged in path order.
    let mut pages: Vec<(&str, std::borrow::Cow<'_, Checked>)> = files
        .par_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|&(path, bytes)| (path.as_str(), std::borrow::Cow::Owned(page_check(path, &[bytes]))))
        .collect();
    let scanned = scanned.iter().flat_map(|s| &s.0);
    pages.extend(scanned.map(|(path, c)| (path.as_str(), std::borrow::Cow::Borrowed(c))));
    pages.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut c = Checked::default();
    for (_, p) in pages {
        let p = p.into_owned();
        c.pages += p.pages;
        c.images += p.images;
        c.missing_alt.extend(p.missing_alt);
        c.missing_lang.extend(p.missing_lang);
        c.external.extend(p.external);
    }
    c
}

/// What the page at `path` holds, from its `parts` in order: a large page
/// made of pieces is checked without joining them. Each part holds whole
/// tags (a piece goes in between two).
fn page_check(path: &str, parts: &[&[u8]]) -> Checked {
    let mut c = Checking::new(path);
    parts.iter().for_each(|p| c.part(p));
    c.finish()
}

/// A page checked part by part, as it is written ([`page_check`]).
pub struct Checking {
    path: String,
    checked: Checked,
    lang: bool,
    empty_lang: bool,
}

impl Checking {
    pub fn new(path: &str) -> Checking {
        Checking {
            path: path.to_string(),
            checked: Checked { pages: 1, ..Checked::default() },
            lang: false,
            empty_lang: false,
        }
    }

    /// The page's next part, whole tags.
    pub fn part(&mut self, bytes: &[u8]) {
        // Pages are UTF-8: checking so is quicker than the lossy decoder's walk.
        let part = match std::str::from_utf8(bytes) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        self.lang |= part.contains("<html lang=\"");
        self.empty_lang |= part.contains("<html lang=\"\"");
        let (c, path) = (&mut self.checked, &self.path);
        for tag in tags(&part) {
            let name = &tag[..tag.bytes().position(|b| b.is_ascii_whitespace() || b == b'>').unwrap_or(tag.len())];
            // Every tag this looks at has a name of 3 to 6 letters: most tags are passed over here.
            if !(3..=6).contains(&name.len()) {
                continue;
            }
            let is = |n: &str| name.eq_ignore_ascii_case(n);
            let loads = if ["img", "script", "iframe", "video", "audio", "source", "embed"].iter().any(|n| is(n)) {
                attr(tag, "src")
            } else if is("link") && attr(tag, "rel").is_some_and(|r| r.contains("stylesheet") || r.contains("icon")) {
                attr(tag, "href")
            } else {
                None
            };
            if is("img") {
                c.images += 1;
                if attr(tag, "alt").is_none() {
                    c.missing_alt.push(format!("{path}: {}", attr(tag, "src").unwrap_or("")));
                }
            }
            if let Some(src) = loads {
                if src.starts_with("http://") || src.starts_with("https://") || src.starts_with("//") {
                    c.external.push(format!("{path}: {src}"));
                }
            }
        }
    }

    /// What the whole page holds.
    pub fn done(self) -> Found {
        Found(self.finish())
    }

    fn finish(mut self) -> Checked {
        if !self.lang || self.empty_lang {
            self.checked.missing_lang.push(self.path);
        }
        self.checked
    }
}

/// The insides of every start tag in `html` whose name has 3 to 6
/// characters (`img src="a.png" alt=""`), up to its `>` or the next `<`.
/// A page is mostly text and short tags (`p`, `a`, `li`): each is passed over
/// after a look at its first bytes, without finding where it ends.
fn tags(html: &str) -> impl Iterator<Item = &str> {
    let bytes = html.as_bytes();
    memchr::memchr_iter(b'<', bytes).filter_map(move |at| {
        let t = &bytes[at + 1..];
        if !t.first().is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        let name = t.iter().take(7).position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'<');
        if !(3..=6).contains(&name.unwrap_or(t.len().min(7))) {
            return None;
        }
        let end = memchr::memchr2(b'>', b'<', t).unwrap_or(t.len());
        // Both ends are ASCII bytes of a `str`: character boundaries.
        Some(&html[at + 1..at + 1 + end])
    })
}

/// The value of attribute `name` in a tag's insides, when it is there.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before_ok = at > 0 && rest.as_bytes()[at - 1].is_ascii_whitespace();
        let after = &rest[at + name.len()..];
        if before_ok {
            if let Some(v) = after.strip_prefix("=\"") {
                return v.split('"').next();
            }
            if after.is_empty() || after.starts_with([' ', '/', '>']) {
                return Some("");
            }
        }
        rest = after;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Output;

    #[test]
    fn finds_images_without_alt_and_files_from_other_hosts() {
        let mut out = Output::default();
        out.files.insert(
            "a/index.html".into(),
            br#"<html lang="en"><img src="x.png"><img src="y.png" alt=""><script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//fonts.example/f.css"><a href="https://elsewhere.example/">fine</a>"#.to_vec().into(),
        );
        out.files.insert("b.html".into(), b"<html><p>no language</p>".to_vec().into());
        let c = check(&out.files.iter().map(|(p, b)| (p, &b[..])).collect::<Vec<_>>(), &[]);
        assert_eq!(c.pages, 2);
        assert_eq!(c.images, 2);
        assert_eq!(c.missing_alt, vec!["a/index.html: x.png"]);
        assert_eq!(c.missing_lang, vec!["b.html"]);
        assert_eq!(c.external, vec!["a/index.html: https://cdn.example/x.js", "a/index.html: //fonts.example/f.css"]);
    }
}
