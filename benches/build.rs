//! How long load → model → render takes for a large site: `cargo bench`.
//! A generated site of 1,000 documents (40 numbered paragraphs each, every
//! one citing a paragraph of another document), 200 meetings and 100
//! stakeholders, in a temporary folder. Prints the median of several runs of
//! each stage; asserts nothing about time.

use consult::{load, model, render};
use std::fmt::Write as _;
use std::time::{Duration, Instant};

const DOCS: usize = 1000;
const SECTIONS: usize = 4;
const PARAS: usize = 10;
const MEETINGS: usize = 200;
const STAKEHOLDERS: usize = 100;

fn generate(root: &std::path::Path) {
    let content = root.join("content");
    std::fs::create_dir_all(content.join("meetings")).unwrap();
    std::fs::create_dir_all(content.join("data")).unwrap();
    std::fs::write(content.join("site.yaml"), "title: Benchmark\nrespond:\n  email: r@example.org\n").unwrap();
    for d in 0..DOCS {
        let mut s =
            format!("---\ntitle: Document {d}\nkind: {}\n---\n\n", if d % 10 == 0 { "report" } else { "appendix" });
        for sec in 1..=SECTIONS {
            writeln!(s, "## {sec}. Section {sec}\n").unwrap();
            for p in 1..=PARAS {
                let other = (d * 7 + p) % DOCS;
                writeln!(
                    s,
                    "{sec}.{p} Paragraph {p} of section {sec} in document {d}, with *emphasis* and a citation of [[doc-{other}#{sec}.{p}]] among the words of an ordinary sentence.\n"
                )
                .unwrap();
            }
        }
        std::fs::write(content.join(format!("doc-{d}.md")), s).unwrap();
    }
    let mut people = String::new();
    for i in 0..STAKEHOLDERS {
        writeln!(people, "- id: org-{i}\n  name: Organisation {i}\n  kind: named stakeholder").unwrap();
    }
    std::fs::write(content.join("data/stakeholders.yaml"), people).unwrap();
    for m in 0..MEETINGS {
        let attendees: Vec<String> = (0..5).map(|a| format!("org-{}", (m + a * 13) % STAKEHOLDERS)).collect();
        let day = m % 28 + 1;
        let month = m / 28 % 12 + 1;
        std::fs::write(
            content.join(format!("meetings/m-{m}.md")),
            format!(
                "---\ntitle: Meeting {m}\ndate: 2011-{month:02}-{day:02}\nstatus: held\nattendees: [{}]\n---\n\nDiscussed [[doc-{}#1.1]].\n",
                attendees.join(", "),
                m % DOCS
            ),
        )
        .unwrap();
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path());
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
        files = out.files.len();
        bytes = out.files.values().map(Vec::len).sum();
        t_load.push(loaded - start);
        t_model.push(modelled - loaded);
        t_render.push(rendered - modelled);
        t_total.push(rendered - start);
    }
    println!(
        "site: {DOCS} documents x {} numbered paragraphs, {MEETINGS} meetings, {STAKEHOLDERS} stakeholders; {files} files, {:.1} MB out",
        SECTIONS * PARAS,
        bytes as f64 / 1e6
    );
    println!("threads: {}", rayon::current_num_threads());
    for (name, t) in [("load", t_load), ("model", t_model), ("render", t_render), ("total (no write)", t_total)] {
        println!("{name:>17}: {:>7.1} ms (median of {runs})", median(t).as_secs_f64() * 1e3);
    }
}
