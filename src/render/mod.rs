//! render: `&Site` → [`Output`], every page in memory. Pure: reads no disk,
//! writes no disk, so `check`, `build` and tests share it as it is.

pub mod html;
mod pages;
mod sitemap;
pub mod templates;
mod views;

use crate::diagnostic::Diagnostics;
use crate::memo::Memo;
use crate::model::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
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
    for (name, bytes) in &site.theme.statics {
        out.files.insert(format!("assets/{name}"), bytes.clone());
    }
    for (name, bytes) in &site.assets {
        if out.files.contains_key(name) {
            diags.push(crate::diagnostic::Diagnostic::error(
                format!("content/{name}"),
                0,
                0,
                format!("`{name}` is also a page the site makes; rename the file"),
            ));
        }
        out.files.insert(name.clone(), bytes.clone());
    }
    if let Some(base) = &site.base_url {
        out.files.insert("sitemap.xml".into(), sitemap::sitemap(base, &out).into_bytes());
    }
    if diags.has_errors() {
        return Err(diags);
    }
    memo.end_render();
    Ok(out)
}
