//! render: `&Site` → [`Output`], every page in memory. Pure: reads no disk,
//! writes no disk, so `check`, `build` and tests share it as it is.

mod accessibility;
pub mod changes;
mod feed;
mod footnotes;
pub mod html;
pub mod json;
mod json_lifecycle;
mod lifecycle;
mod outcome;
mod pages;
mod print;
mod respond;
mod search;
mod sitemap;
pub mod templates;
mod views;

use crate::diagnostic::Diagnostics;
use crate::memo::Memo;
use crate::model::Site;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use templates::Templates;

/// The built site: output path (with `/`) → bytes, sorted so writes are stable.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
}

/// Renders every page of `site`; reports every template error at once.
pub fn render(site: &Site) -> Result<Output, Diagnostics> {
    render_with(site, &mut Memo::off())
}

/// [`render`], reusing the documents' pages that `memo` kept from the last
/// build when nothing they read has changed.
pub fn render_with(site: &Site, memo: &mut Memo) -> Result<Output, Diagnostics> {
    let templates = Templates::compile(&site.theme)?;
    let shell = if memo.is_on() { crate::memo::shell_fingerprint(site) } else { 0 };
    let mut out = Output::default();
    let mut fresh = Vec::new();
    for (i, d) in site.documents.iter().enumerate() {
        let path = pages::document_path(site, i);
        match memo.page(&path, shell, &d.body) {
            Some(bytes) => {
                out.files.insert(path, bytes);
            }
            None => fresh.push(i),
        }
    }
    let planned = pages::plan(site);
    let rendered: Vec<_> = fresh
        .par_iter()
        .map(|&i| (Some(i), pages::document(site, i)))
        .chain(planned.into_par_iter().map(|p| (None, p)))
        .map(|(doc, p)| (doc, templates.render(p.template, &p.context).map(|html| (p.path, html.into_bytes()))))
        .collect();
    let mut diags = Diagnostics::new();
    for (doc, r) in rendered {
        match r {
            Ok((path, bytes)) => {
                if let Some(i) = doc {
                    memo.keep_page(&path, shell, &site.documents[i].body, &bytes);
                }
                out.files.insert(path, bytes);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        // Every page shares the templates: one broken expression fails them all
        // the same way, and `sorted` folds the repeats.
        return Err(diags);
    }
    out.files.insert(search::PATH.into(), search::index_js(site).into_bytes());
    out.files.insert(json::PATH.into(), json::consultation_json(site, None).into_bytes());
    out.files.insert(json::SCHEMA_PATH.into(), json::SCHEMA.as_bytes().to_vec());
    // Pages made from other pages: the print page's links point within it,
    // and the accessibility statement reports what the pages hold.
    let print = print::print_page(site);
    match templates.render(print.template, &print.context) {
        Ok(html) => {
            out.files.insert(print.path, print::localise(site, &html).into_bytes());
        }
        Err(d) => diags.push(d),
    }
    let statement = accessibility::statement(site, &out);
    match templates.render(statement.template, &statement.context) {
        Ok(html) => {
            out.files.insert(statement.path, html.into_bytes());
        }
        Err(d) => diags.push(d),
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for (name, bytes) in &site.theme.statics {
        out.files.insert(format!("assets/{name}"), bytes.clone());
    }
    if let Some(feed) = feed::feed(site) {
        out.files.insert("feed.xml".into(), feed.into_bytes());
    }
    if let Some(base) = &site.base_url {
        let pages: BTreeSet<&String> = out.files.keys().chain(site.assets.keys()).collect();
        let map = sitemap::sitemap(base, pages.into_iter());
        out.files.insert("sitemap.xml".into(), map.into_bytes());
    }
    // A user's file never replaces a generated one, nor stands where a
    // generated file needs a folder (or the other way round).
    let folders = |paths: &mut dyn Iterator<Item = &String>| -> BTreeSet<String> {
        paths.flat_map(|p| p.match_indices('/').map(|(i, _)| p[..i].to_string()).collect::<Vec<_>>()).collect()
    };
    let generated_folders = folders(&mut out.files.keys());
    let asset_folders = folders(&mut site.assets.keys());
    for (name, bytes) in &site.assets {
        let clash = if out.files.contains_key(name) {
            Some(format!("`{name}` is a file the site makes itself"))
        } else if generated_folders.contains(name) {
            Some(format!("`{name}` is a folder of pages the site makes"))
        } else {
            asset_folders
                .iter()
                .find(|f| name.starts_with(&format!("{f}/")) && out.files.contains_key(f.as_str()))
                .map(|f| format!("`{f}` is a file the site makes, so it cannot be a folder"))
        };
        match clash {
            Some(message) => diags.push(
                crate::diagnostic::Diagnostic::error(format!("content/{name}"), 0, 0, message)
                    .with_help("rename or move your file: the generated one would overwrite it"),
            ),
            None => {
                out.files.insert(name.clone(), bytes.clone());
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    memo.end_render();
    Ok(out)
}
