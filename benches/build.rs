//! How long load → model → render takes for a large site: `cargo bench`.
//! A generated site of 1,000 documents (40 numbered paragraphs each, every
//! one citing a paragraph of another document), 200 meetings and 100
//! stakeholders, in a temporary folder. Prints the median of several runs of
//! each stage; asserts nothing about time.

use consult::{load, model, render};
use std::time::{Duration, Instant};

mod site;

const SIZE: site::Size =
    site::Size { docs: 1000, sections: 4, paras: 10, meetings: 200, stakeholders: 100, seed: 1, broken: 0 };

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    site::generate(dir.path(), SIZE);
    let runs = 7;
    let (mut t_load, mut t_model, mut t_render, mut t_total) = (vec![], vec![], vec![], vec![]);
    let mut files = 0;
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let sources = load::load(dir.path()).expect("loads");
        let loaded = Instant::now();
        let (site, _) = model::build(sources).expect("models");
        let modelled = Instant::now();
        let out = render::render(&site).expect("renders");
        let rendered = Instant::now();
        files = out.len();
        bytes = out.files.values().map(|b| b.len()).sum();
        t_load.push(loaded - start);
        t_model.push(modelled - loaded);
        t_render.push(rendered - modelled);
        t_total.push(rendered - start);
    }
    println!(
        "site: {} documents x {} numbered paragraphs, {} meetings, {} stakeholders; {files} files, {:.1} MB out",
        SIZE.docs,
        SIZE.sections * SIZE.paras,
        SIZE.meetings,
        SIZE.stakeholders,
        bytes as f64 / 1e6
    );
    println!("threads: {}", rayon::current_num_threads());
    for (name, t) in [("load", t_load), ("model", t_model), ("render", t_render), ("total (no write)", t_total)] {
        println!("{name:>17}: {:>7.1} ms (median of {runs})", median(t).as_secs_f64() * 1e3);
    }
}
