//! The redline pages (`changes/<version>/`, `changes/draft/`) and the
//! changelog: a typed [`Redline`] printed for readers, word changes marked
//! with `<ins>` and `<del>` and named in words for screen readers.

use super::html::escape;
use super::pages::{base_context, Page};
use super::templates::Templates;
use crate::diagnostic::Diagnostics;
use crate::diff::words::{plain, Kind, Words};
use crate::diff::{Block, BlockKind, Change, DataChange, DocStatus, Redline};
use crate::model::versions::Release;
use crate::model::Site;
use serde::Serialize;

/// One published version's redline: the version, the one before, what changed.
pub struct Step<'a> {
    pub release: &'a Release,
    pub previous: Option<&'a Release>,
    pub redline: &'a Redline,
    /// What identifies the redline for good (both versions are frozen), so
    /// its page can be kept between builds; `None`: make it every time.
    pub lasting: Option<&'a str>,
}

/// Redline pages made by earlier builds, by a key of everything a page is
/// made from: the redline's lasting identity, the templates, and the rest
/// of its context (the site's title, navigation, …).
pub trait Kept: Sync {
    fn get(&self, key: &str) -> Option<Vec<u8>>;
    fn keep(&self, key: &str, page: &[u8]);
}

/// No kept pages: every page made afresh.
pub struct Afresh;

impl Kept for Afresh {
    fn get(&self, _: &str) -> Option<Vec<u8>> {
        None
    }
    fn keep(&self, _: &str, _: &[u8]) {}
}

/// Where a version's pages are, from a page two folders deep (`changes/x/`).
fn version_root(version: Option<&Release>) -> String {
    match version {
        Some(r) => format!("../../versions/{}/", r.version.text),
        None => "../../".into(),
    }
}

#[derive(Serialize)]
struct Item {
    /// `change-report-para-1.3`; a removed block's is `change-report-was-para-1.2`.
    id: Option<String>,
    what: String,
    label: String,
    renumber: Option<String>,
    old_href: Option<String>,
    old_label: Option<String>,
    new_href: Option<String>,
    new_label: Option<String>,
    html: String,
}

#[derive(Serialize)]
struct DocView {
    title: String,
    status: &'static str,
    href: String,
    counts: crate::diff::Counts,
    items: Vec<Item>,
}

fn label(kind: BlockKind, number: Option<&str>, text: &str) -> String {
    match (kind, number) {
        (BlockKind::Paragraph, Some(n)) => format!("Paragraph {n}"),
        (BlockKind::Heading, Some(n)) => format!("Section {n}: {}", plain(text)),
        (BlockKind::Heading, None) => format!("Heading: {}", plain(text)),
        _ => "Text".into(),
    }
}

fn marked(tag: &str, hidden: &str, text: &str) -> String {
    format!("<{tag}><span class=\"visually-hidden\">{hidden} </span>{}</{tag}>", escape(text))
}

/// A word redline as HTML: runs of words inserted, deleted, or newly linked.
pub fn words_html(w: &Words) -> String {
    let mut out = String::new();
    if w.whole {
        out.push_str("<span class=\"visually-hidden\">Rewritten whole. </span>");
    }
    for (i, p) in w.pieces.iter().enumerate() {
        if i > 0 && p.space {
            out.push(' ');
        }
        out.push_str(&match p.kind {
            Kind::Same => escape(&p.text),
            Kind::Inserted => marked("ins", "[inserted:]", &p.text),
            Kind::Deleted => marked("del", "[deleted:]", &p.text),
            Kind::Relinked => {
                format!(
                    "<ins class=\"relinked\"><span class=\"visually-hidden\">[link added or changed:] </span>{}</ins>",
                    escape(&p.text)
                )
            }
        });
    }
    out
}

fn item(c: &Change, slug: &str, old_v: Option<&Release>, new_v: Option<&Release>) -> Item {
    let href = |v: Option<&Release>, key: &Option<String>| {
        key.as_ref().map(|k| format!("{}{slug}/index.html#{k}", version_root(v)))
    };
    let in_label = |v: Option<&Release>| match v {
        Some(r) => format!("in version {}", r.version.text),
        None => "in the working draft".into(),
    };
    let block = c.new.as_ref().or(c.old.as_ref()).expect("a change has a block");
    let (what, html) = if c.added() {
        ("Added".to_string(), marked("ins", "[inserted:]", &plain(&block.text)))
    } else if c.removed() {
        ("Removed".to_string(), marked("del", "[deleted:]", &plain(&block.text)))
    } else {
        let mut parts = Vec::new();
        if c.moved {
            parts.push("moved");
        }
        if c.words.is_some() {
            parts.push("reworded");
        }
        if c.renumbered {
            parts.push("renumbered");
        }
        let what = parts.join(", ");
        let what = format!("{}{}", what[..1].to_uppercase(), &what[1..]);
        let html = match &c.words {
            Some(w) => words_html(w),
            None => escape(&plain(&block.text)),
        };
        (what, html)
    };
    let renumber = match (&c.old, &c.new) {
        (Some(o), Some(n)) if c.renumbered => Some(format!(
            "{} → {}",
            o.number.as_deref().unwrap_or("unnumbered"),
            n.number.as_deref().unwrap_or("unnumbered")
        )),
        _ => None,
    };
    let old_href = c.old.as_ref().and_then(|o| href(old_v, &o.key));
    let new_href = c.new.as_ref().and_then(|n| href(new_v, &n.key));
    let named = |b: &Block, v| format!("{} {}", label(b.kind, b.number.as_deref(), &b.text), in_label(v));
    let id = match (&c.new, &c.old) {
        (Some(n), _) => n.key.as_ref().map(|k| format!("change-{slug}-{k}")),
        (None, Some(o)) => o.key.as_ref().map(|k| format!("change-{slug}-was-{k}")),
        (None, None) => None,
    };
    Item {
        id,
        what,
        label: label(block.kind, block.number.as_deref(), &block.text),
        renumber,
        old_label: c.old.as_ref().filter(|_| old_href.is_some()).map(|o| named(o, old_v)),
        old_href,
        new_label: c.new.as_ref().filter(|_| new_href.is_some()).map(|n| named(n, new_v)),
        new_href,
        html,
    }
}

fn docs(redline: &Redline, old_v: Option<&Release>, new_v: Option<&Release>) -> Vec<DocView> {
    redline
        .docs
        .iter()
        .map(|d| {
            let (status, at) = match d.status {
                DocStatus::Added => ("New document", new_v),
                DocStatus::Removed => ("Document removed", old_v),
                DocStatus::Changed => ("Changed", new_v),
            };
            DocView {
                title: d.doc.title.clone(),
                status,
                href: format!("{}{}/index.html", version_root(at), d.doc.slug),
                counts: d.counts,
                items: d.changes.iter().map(|c| item(c, &d.doc.slug, old_v, new_v)).collect(),
            }
        })
        .collect()
}

/// A redline page's context, but for the changes themselves (see [`with_changes`]).
fn changes_page(site: &Site, path: String, heading: String, intro: String, redline: &Redline) -> Page {
    let mut c = base_context(site, &path, "../../", None, "changelog/index.html", &heading);
    c.insert("heading", &heading);
    c.insert("intro", &intro);
    c.insert("nothing", &redline.is_empty());
    c.insert("changelog_href", "../../changelog/index.html");
    Page { path, template: "changes.html", context: c, hint: 0 }
}

/// Adds the changes to a page from [`changes_page`].
fn with_changes(mut page: Page, redline: &Redline, old_v: Option<&Release>, new_v: Option<&Release>) -> Page {
    page.context.insert("docs", &docs(redline, old_v, new_v));
    page.context.insert("data", &redline.data.iter().collect::<Vec<&DataChange>>());
    page
}

/// The key a kept page is found by: the redline's lasting identity, the
/// versions it links to, the templates, and the page rendered without its
/// changes (all the rest of the page is made of, as it comes out).
fn kept_key(
    templates: &Templates,
    theme: &str,
    lasting: &str,
    page: &Page,
    versions: [Option<&Release>; 2],
) -> Result<String, crate::diagnostic::Diagnostic> {
    let mut probe = page.context.clone();
    probe.insert("docs", &Vec::<DocView>::new());
    probe.insert("data", &Vec::<DataChange>::new());
    let bare = templates.render(page.template, &probe)?;
    let [old, new] = versions.map(|v| v.map_or("", |r| r.version.text.as_str()));
    let all = format!("{theme}\n{lasting}\n{old}\n{new}\n{}\n{bare}", page.path);
    Ok(crate::load::versions::sha256(all.as_bytes()))
}

fn published(r: &Release) -> String {
    format!("version {}, published {}", r.version.text, r.date.long())
}

/// The redline pages of every version and of the draft; a version's page
/// from `kept` when an earlier build made it from the same things.
pub fn pages(
    site: &Site,
    steps: &[Step],
    draft: Option<&Redline>,
    kept: &dyn Kept,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    use rayon::prelude::*;
    let templates = Templates::compile(&site.theme)?;
    let theme: String = {
        let all: String = site.theme.templates.iter().map(|(n, t)| format!("{n}\n{}\n", t.text)).collect();
        crate::load::versions::sha256(all.as_bytes())
    };
    let render = |page: Page, key: Option<String>| {
        let html = templates.render(page.template, &page.context)?;
        if let Some(k) = key {
            kept.keep(&k, html.as_bytes());
        }
        Ok((page.path, html.into_bytes()))
    };
    let mut made: Vec<Result<(String, Vec<u8>), _>> = steps
        .par_iter()
        .map(|s| {
            let v = &s.release.version.text;
            let intro = match s.previous {
                Some(p) => format!("What changed in {}, against {}.", published(s.release), published(p)),
                None => format!("Version {v}, published {}, is the first published version.", s.release.date.long()),
            };
            let path = format!("changes/{v}/index.html");
            let page = changes_page(site, path, format!("What changed in version {v}"), intro, s.redline);
            let key = match s.lasting {
                Some(l) => Some(kept_key(&templates, &theme, l, &page, [s.previous, Some(s.release)])?),
                None => None,
            };
            if let Some(bytes) = key.as_deref().and_then(|k| kept.get(k)) {
                return Ok((page.path, bytes));
            }
            render(with_changes(page, s.redline, s.previous, Some(s.release)), key)
        })
        .collect();
    if let (Some(r), Some(latest)) = (draft, site.versions.latest()) {
        let intro =
            format!("What the working draft changes against the latest published version, {}.", published(latest));
        let path = "changes/draft/index.html".to_string();
        let page = changes_page(site, path, "Changes in the working draft".into(), intro, r);
        made.push(render(with_changes(page, r, Some(latest), None), None));
    }
    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    for r in made {
        match r {
            Ok(page) => out.push(page),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}

#[derive(Serialize)]
struct VersionView {
    version: String,
    anchor: String,
    date: super::views::When,
    summary: String,
    notes: Vec<String>,
    archive_href: String,
    changes_href: String,
    latest: bool,
}

/// `changelog/index.html`: every version, newest first.
pub fn changelog(site: &Site) -> Option<Page> {
    let latest = site.versions.latest()?;
    let path = "changelog/index.html";
    let mut c = base_context(site, path, "../", None, path, "Changelog");
    let versions: Vec<VersionView> = site
        .versions
        .releases
        .iter()
        .rev()
        .map(|r| VersionView {
            version: r.version.text.clone(),
            anchor: format!("version-{}", r.version.text),
            date: super::views::When::from(&r.date),
            summary: r.summary.clone(),
            notes: r.notes.clone(),
            archive_href: format!("../versions/{}/index.html", r.version.text),
            changes_href: format!("../changes/{}/index.html", r.version.text),
            latest: r.version == latest.version,
        })
        .collect();
    c.insert("versions", &versions);
    c.insert("stages", &super::lifecycle::event_views(site, "../"));
    c.insert("draft_href", &site.versions.draft.then_some("../changes/draft/index.html"));
    Some(Page { path: path.into(), template: "changelog.html", context: c, hint: 0 })
}

/// The home page's line about versions: "Version 2, published 14 April 2011".
#[derive(Serialize)]
pub struct VersionLine {
    pub text: String,
    pub changes_href: String,
    pub changelog_href: String,
    pub draft: bool,
}

/// What the home page says about the latest version, if there is one.
pub fn version_line(site: &Site) -> Option<VersionLine> {
    let latest = site.versions.latest()?;
    let draft = site.versions.draft;
    Some(VersionLine {
        text: if draft {
            format!("Working draft, changed since version {}, published {}", latest.version.text, latest.date.long())
        } else {
            format!("Version {}, published {}", latest.version.text, latest.date.long())
        },
        changes_href: if draft {
            "changes/draft/index.html".into()
        } else {
            format!("changes/{}/index.html", latest.version.text)
        },
        changelog_href: "changelog/index.html".into(),
        draft,
    })
}
