//! Versions, measured (`cargo bench --bench versions`); asserts nothing.
//!
//! 1. The redline of two versions of a 1,000-document × 50-paragraph site,
//!    one document in ten redrafted (a paragraph inserted and the rest
//!    renumbered, one removed, or a word changed in every section): the
//!    snapshots of both, their alignment and word diff, and the redline page.
//! 2. The same site published ten times (a tenth of the documents redrafted
//!    each time) against the same site published once: `consult check` and
//!    `consult build` as a user runs them, with the archive cache warm.
//!
//! `VERSIONS_BENCH=redline` (or `versions`) runs one part only.

use consult::diff;
use consult::model::dates::Date;
use consult::model::versions::{Release, VersionNumber};
use consult::render::changes::{self, Step};
use consult::{load, model};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod site;

const SIZE: site::Size =
    site::Size { docs: 1000, sections: 5, paras: 10, meetings: 200, stakeholders: 100, seed: 1, broken: 0 };

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn redraft(root: &Path, round: usize) {
    site::redraft(root, SIZE, round);
}

fn consult(root: &Path, args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_consult")).args(args).current_dir(root).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    start.elapsed()
}

fn release(v: &str) -> Release {
    Release {
        version: VersionNumber::parse(v).unwrap(),
        date: Date::parse("2011-04-14").unwrap(),
        summary: "s".into(),
        notes: vec![],
        dir: Default::default(),
        digest: String::new(),
    }
}

fn redline_bench() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    site::generate(a.path(), SIZE);
    site::generate(b.path(), SIZE);
    redraft(b.path(), 0);
    let (old, _) = model::build(load::load(a.path()).unwrap()).unwrap();
    let (new, _) = model::build(load::load(b.path()).unwrap()).unwrap();
    let (mut t_snap, mut t_compare, mut t_page) = (vec![], vec![], vec![]);
    let mut counts = diff::Counts::default();
    for _ in 0..7 {
        let start = Instant::now();
        let (sa, sb) = (diff::snapshot(&old), diff::snapshot(&new));
        let snapped = Instant::now();
        let redline = diff::compare(&sa, &sb);
        let compared = Instant::now();
        let (r1, r2) = (release("1"), release("2"));
        let step = Step { release: &r2, previous: Some(&r1), redline: &redline, lasting: None };
        let pages = changes::pages(&new, &[step], None, &changes::Afresh).unwrap();
        let paged = Instant::now();
        assert_eq!(pages.len(), 1);
        counts = redline.docs.iter().fold(diff::Counts::default(), |mut c, d| {
            c.added += d.counts.added;
            c.removed += d.counts.removed;
            c.reworded += d.counts.reworded;
            c.renumbered += d.counts.renumbered;
            c
        });
        t_snap.push(snapped - start);
        t_compare.push(compared - snapped);
        t_page.push(paged - compared);
    }
    println!(
        "redline: {} documents x {} paragraphs, {} redrafted: {counts:?}",
        SIZE.docs,
        SIZE.sections * SIZE.paras,
        SIZE.docs / 10
    );
    let (s, c, p) = (median(t_snap), median(t_compare), median(t_page));
    println!(
        "  snapshots {:.1} ms + alignment and word diff {:.1} ms + page {:.1} ms = {:.1} ms (median of 7)",
        ms(s),
        ms(c),
        ms(p),
        ms(s + c + p)
    );
}

fn publish(root: &Path, v: usize) {
    consult(root, &["publish", &v.to_string(), "--summary", "Redraft", "--date", "2011-04-14"]);
    // A build fills the archive cache, as a facilitator's next build would.
    consult(root, &["build"]);
}

fn versions_bench() {
    let many = tempfile::tempdir().unwrap();
    site::generate(many.path(), SIZE);
    for v in 1..=10 {
        if v > 1 {
            redraft(many.path(), v);
        }
        publish(many.path(), v);
    }
    let one = tempfile::tempdir().unwrap();
    site::generate(one.path(), SIZE);
    for v in 2..=10 {
        redraft(one.path(), v);
    }
    publish(one.path(), 1);
    let runs = 5;
    let time = |root: &Path, args: &[&str]| median((0..runs).map(|_| consult(root, args)).collect());
    for what in ["check", "build"] {
        let (t1, t10) = (time(one.path(), &[what]), time(many.path(), &[what]));
        println!(
            "consult {what}: 1 version {:.0} ms, 10 versions {:.0} ms: {:.2} x (median of {runs})",
            ms(t1),
            ms(t10),
            t10.as_secs_f64() / t1.as_secs_f64()
        );
    }
}

fn main() {
    // `VERSIONS_BENCH=redline` or `=versions` runs one part only (the second takes minutes).
    let only = std::env::var("VERSIONS_BENCH").unwrap_or_default();
    println!("threads: {}", rayon::current_num_threads());
    if only != "versions" {
        redline_bench();
    }
    if only != "redline" {
        versions_bench();
    }
}
