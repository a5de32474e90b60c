//! render: `&Site` → [`Output`], every page in memory. Pure: reads no disk,
//! writes no disk, so `check`, `build` and tests share it as it is.

pub mod changes;
mod feed;
pub mod html;
mod pages;
mod sitemap;
pub mod templates;
mod views;

use crate::diagnostic::Diagnostics;
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
    let templates = Templates::compile(&site.theme)?;
    let planned = pages::plan(site);
    let rendered: Vec<_> = planned
        .par_iter()
        .map(|p| templates.render(p.template, &p.context).map(|html| (p.path.clone(), html.into_bytes())))
        .collect();
    let mut out = Output::default();
    let mut diags = Diagnostics::new();
    for r in rendered {
        match r {
            Ok((path, bytes)) => {
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
    if let Some(feed) = feed::feed(site) {
        out.files.insert("feed.xml".into(), feed.into_bytes());
    }
    if let Some(base) = &site.base_url {
        out.files.insert("sitemap.xml".into(), sitemap::sitemap(base, &out).into_bytes());
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(out)
}
