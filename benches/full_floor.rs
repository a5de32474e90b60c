//! The floor at consult's output: the bare floor (benches/bare.rs) made to
//! write what a build writes for its documents, and nothing more. Each
//! document's Markdown is parsed once on all cores and rendered once; its
//! page is written, the same HTML goes again into one print page, and its
//! paragraphs' plain text goes into open data (indented JSON) and a search
//! index (compact JSON). No numbering, citations, contents, links to
//! respond, versions or checks: a lower bound for any program that writes
//! these four things, which `bench/run` times beside the bare floor.
//!
//! ```text
//! cargo run --release --example full_floor -- SITE OUT
//! ```

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct Doc {
    id: String,
    paragraphs: Vec<Para>,
}

#[derive(Serialize)]
struct Para {
    number: usize,
    text: String,
}

fn main() {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(site), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: full_floor SITE OUT");
        std::process::exit(2);
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(site.join("content"))
        .expect("content/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    std::fs::create_dir_all(out.join("print")).expect("output folder");
    std::fs::create_dir_all(out.join("search")).expect("output folder");
    let made: Vec<Made> = files.par_iter().map(|path| document(path, &out)).collect();
    // The three whole-site files, each of the documents' parts in order,
    // written side by side.
    let whole = |path: &str, head: &[u8], part: fn(&Made) -> &[u8], between: &[u8], tail: &[u8]| {
        let mut file = std::io::BufWriter::with_capacity(1 << 20, create(&out.join(path)));
        file.write_all(head).expect("a file");
        // A document without paragraphs gives no search entries: skipped.
        for (i, bytes) in made.iter().map(part).filter(|b| !b.is_empty()).enumerate() {
            if i > 0 {
                file.write_all(between).expect("a file");
            }
            file.write_all(bytes).expect("a file");
        }
        file.write_all(tail).expect("a file");
        file.flush().expect("a file");
    };
    let head = b"<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>print</title><main>";
    rayon::join(
        || whole("print/index.html", head, |m| m.body.as_bytes(), b"", b"</main></html>\n"),
        || {
            rayon::join(
                || whole("consultation.json", b"[\n", |m| &m.json, b",\n", b"\n]\n"),
                || whole("search/index.js", b"window.search=[", |m| &m.search, b",", b"];\n"),
            )
        },
    );
}

/// What one document gives the whole-site files.
struct Made {
    body: String,
    json: Vec<u8>,
    search: Vec<u8>,
}

fn create(path: &Path) -> std::fs::File {
    std::fs::File::create(path).expect("a file")
}

/// Parses, renders and writes one document's page; gives back its body's
/// HTML and its paragraphs' text as open data and as search entries.
fn document(path: &Path, out: &Path) -> Made {
    let text = std::fs::read_to_string(path).expect("a readable file");
    let body = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---\n")).map_or(text.as_str(), |(_, b)| b);
    let events: Vec<Event> = Parser::new_ext(body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES).collect();
    let mut paragraphs = Vec::new();
    let mut open: Option<String> = None;
    for e in &events {
        match e {
            Event::Start(Tag::Paragraph) => open = Some(String::new()),
            Event::End(TagEnd::Paragraph) => {
                if let Some(text) = open.take() {
                    paragraphs.push(Para { number: paragraphs.len() + 1, text });
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(p) = &mut open {
                    p.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = &mut open {
                    p.push(' ');
                }
            }
            _ => {}
        }
    }
    let mut html_body = String::with_capacity(body.len() * 2);
    html::push_html(&mut html_body, events.into_iter());
    let id = path.file_stem().expect("a name").to_string_lossy().into_owned();
    let mut page = String::with_capacity(html_body.len() + 200);
    page.push_str("<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>page</title><main>");
    page.push_str(&html_body);
    page.push_str("</main></html>\n");
    let dir = out.join(&id);
    std::fs::create_dir_all(&dir).expect("a page folder");
    std::fs::write(dir.join("index.html"), page).expect("a written page");
    // The entries, comma-separated: the whole index's list is made of them.
    let mut search = Vec::with_capacity(paragraphs.iter().map(|p| p.text.len() + 32).sum());
    for (k, p) in paragraphs.iter().enumerate() {
        if k > 0 {
            search.push(b',');
        }
        serde_json::to_writer(&mut search, &(id.as_str(), p.number, p.text.as_str())).expect("a search entry");
    }
    let json = serde_json::to_vec_pretty(&Doc { id, paragraphs }).expect("open data");
    Made { body: html_body, json, search }
}
