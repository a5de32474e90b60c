//! The floor: what any generator of this site must at least do. Reads every
//! `content/*.md` of a site, renders its Markdown with pulldown-cmark on all
//! cores, and writes one page per document; nothing else. `bench/run` times
//! it beside `consult build` and Hugo on the same files:
//!
//! ```text
//! cargo run --release --example bare -- SITE OUT
//! ```

use pulldown_cmark::{html, Options, Parser};
use rayon::prelude::*;
use std::path::PathBuf;

fn main() {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(site), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: bare SITE OUT");
        std::process::exit(2);
    };
    let files: Vec<PathBuf> = std::fs::read_dir(site.join("content"))
        .expect("content/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    std::fs::create_dir_all(&out).expect("output folder");
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).expect("a readable file");
        // Skip the front matter, as every generator does.
        let body = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")).map_or(text.as_str(), |(_, b)| b);
        let mut page = String::with_capacity(body.len() * 3 / 2 + 200);
        page.push_str("<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>page</title><main>");
        html::push_html(&mut page, Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES));
        page.push_str("</main></html>\n");
        let dir = out.join(path.file_stem().expect("a name"));
        std::fs::create_dir_all(&dir).expect("a page folder");
        std::fs::write(dir.join("index.html"), page).expect("a written page");
    });
}
