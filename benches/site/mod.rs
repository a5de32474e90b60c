//! The generated site the benchmarks build, also `cargo run --release
//! --example generate`: documents of sections and numbered paragraphs with
//! lists, tables, footnotes and citations of each other; meetings,
//! stakeholders and recommendations; and published versions with the edits a
//! redraft makes between them. The same size and seed give the same bytes.

#![allow(dead_code)] // each benchmark uses part of it

use std::fmt::Write as _;
use std::path::Path;

/// How big a generated site is.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub docs: usize,
    pub sections: usize,
    /// Numbered paragraphs per section.
    pub paras: usize,
    pub meetings: usize,
    pub stakeholders: usize,
    /// Varies the words, the citations and which documents a redraft edits.
    pub seed: u64,
    /// How many citations (the first of the first document) cite a paragraph
    /// that does not exist, to time error reporting.
    pub broken: usize,
}

impl Size {
    /// `docs` documents of `paras` numbered paragraphs in all (in sections
    /// of ten), with a meeting per five documents and a stakeholder per ten.
    pub fn of(docs: usize, paras: usize) -> Size {
        let sections = paras.div_ceil(10).max(1);
        Size {
            docs,
            sections,
            paras: paras.div_ceil(sections).max(2),
            meetings: (docs / 5).max(1),
            stakeholders: (docs / 10).max(5),
            seed: 1,
            broken: 0,
        }
    }
}

/// A small deterministic generator (SplitMix64): no dependency, same output
/// on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "stakeholders",
    "infrastructure",
    "the",
    "sector",
    "agreed",
    "support",
    "delivery",
    "framework",
    "council",
    "organisations",
    "partners",
    "volunteering",
    "equalities",
    "outcomes",
    "funding",
    "and",
    "of",
    "to",
    "with",
    "a",
    "commissioning",
    "review",
    "meeting",
    "process",
    "leadership",
];

fn words(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[rng.below(WORDS.len())]);
    }
    s
}

/// One document's Markdown. `edit` changes it the way a redraft does:
/// 1 inserts a paragraph at the top of section 1 (the rest renumbered),
/// 2 removes paragraph 2 of section 2, 3 rewords paragraph 3 of every section.
pub fn document(size: Size, d: usize, edit: usize) -> String {
    let mut rng = Rng::new(size.seed ^ (d as u64).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut s = format!(
        "---\ntitle: Document {d}\nkind: {}\n---\n\n",
        if d.is_multiple_of(10) { "report" } else { "appendix" }
    );
    let mut notes = 0;
    let mut written = 0;
    for sec in 1..=size.sections {
        writeln!(s, "## {sec}. Section {sec} of document {d}\n").unwrap();
        let mut n = 0;
        for p in 1..=size.paras {
            if edit == 1 && sec == 1 && p == 1 {
                n += 1;
                writeln!(s, "{sec}.{n} A paragraph inserted in this version, saying something new.\n").unwrap();
            }
            if edit == 2 && sec == 2 && p == 2 {
                continue;
            }
            n += 1;
            let other = rng.below(size.docs);
            // Never the last paragraph of a section, which a removal (edit 2) renumbers away.
            let cited = 1 + rng.below(size.paras - 1);
            let mut cited_sec = 1 + rng.below(size.sections);
            if d == 0 && written < size.broken {
                cited_sec = size.sections + 1;
            }
            written += 1;
            let word = if edit == 3 && p == 3 { "changed" } else { "ordinary" };
            let len = 30 + rng.below(40);
            let body = words(&mut rng, len);
            write!(
                s,
                "{sec}.{n} Paragraph {p} of section {sec}: {body}, with *emphasis* and a citation of \
                 [[doc-{other}#{cited_sec}.{cited}]] in an {word} sentence."
            )
            .unwrap();
            if rng.below(8) == 0 {
                notes += 1;
                write!(s, "[^{notes}]").unwrap();
            }
            s.push_str("\n\n");
            match rng.below(12) {
                0 => {
                    for _ in 0..3 {
                        writeln!(s, "- {}", words(&mut rng, 6)).unwrap();
                    }
                    s.push('\n');
                }
                1 => {
                    s.push_str("| Organisation | Role | Funding |\n| --- | --- | --- |\n");
                    for r in 0..3 {
                        writeln!(s, "| Organisation {r} | {} | £{},000 |", words(&mut rng, 2), 10 + rng.below(90))
                            .unwrap();
                    }
                    s.push('\n');
                }
                _ => {}
            }
        }
    }
    for i in 1..=notes {
        writeln!(s, "[^{i}]: {}.\n", words(&mut rng, 8)).unwrap();
    }
    s
}

/// Writes the site into `root`: `content/` with its documents and data.
pub fn generate(root: &Path, size: Size) {
    let content = root.join("content");
    std::fs::create_dir_all(content.join("meetings")).unwrap();
    std::fs::create_dir_all(content.join("data")).unwrap();
    std::fs::write(content.join("site.yaml"), "title: Benchmark\nrespond:\n  email: r@example.org\n").unwrap();
    for d in 0..size.docs {
        std::fs::write(content.join(format!("doc-{d}.md")), document(size, d, 0)).unwrap();
    }
    let mut rng = Rng::new(size.seed);
    let mut people = String::new();
    for i in 0..size.stakeholders {
        writeln!(people, "- id: org-{i}\n  name: Organisation {i}\n  kind: named stakeholder").unwrap();
    }
    std::fs::write(content.join("data/stakeholders.yaml"), people).unwrap();
    let mut recs = String::new();
    for r in 0..size.docs / 10 {
        let d = r * 10;
        let owner = rng.below(size.stakeholders);
        let status = ["proposed", "agreed-in-principle", "agreed"][rng.below(3)];
        writeln!(
            recs,
            "- id: \"{}\"\n  title: {}\n  stated_in: doc-{d}#1.1\n  reasons: [doc-{d}#1.3, doc-{d}#1.4]\n  status: {status}\n  owners: [org-{owner}]",
            r + 1,
            words(&mut rng, 7)
        )
        .unwrap();
    }
    if !recs.is_empty() {
        std::fs::write(content.join("data/recommendations.yaml"), recs).unwrap();
    }
    for m in 0..size.meetings {
        let attendees: Vec<String> = (0..5)
            .map(|_| format!("org-{}", rng.below(size.stakeholders)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let day = m % 28 + 1;
        let month = m / 28 % 12 + 1;
        let year = 2011 + m / (28 * 12);
        std::fs::write(
            content.join(format!("meetings/m-{m}.md")),
            format!(
                "---\ntitle: Meeting {m}\ndate: {year}-{month:02}-{day:02}\nstatus: held\nattendees: [{}]\n---\n\n{}: discussed [[doc-{}#1.1]].\n",
                attendees.join(", "),
                words(&mut rng, 20),
                rng.below(size.docs)
            ),
        )
        .unwrap();
    }
}

/// Redrafts one document in ten (which ten depends on `round`) with one of
/// the three edits of [`document`].
pub fn redraft(root: &Path, size: Size, round: usize) {
    for d in (round % 10..size.docs).step_by(10) {
        let edit = (d / 10 + round) % 3 + 1;
        std::fs::write(root.join(format!("content/doc-{d}.md")), document(size, d, edit)).unwrap();
    }
}

/// Generates the site and publishes `versions` versions of it with
/// `consult publish` (the library's), redrafting a tenth of it before each
/// after the first. Published versions are dated a week apart.
pub fn generate_with_versions(root: &Path, size: Size, versions: usize) {
    generate(root, size);
    for v in 1..=versions {
        if v > 1 {
            redraft(root, size, v);
        }
        let what = consult::commands::Publish {
            version: v.to_string(),
            summary: format!("Redraft {v}"),
            date: Some(format!("2011-{:02}-{:02}", 1 + (v * 7 / 28) % 12, 1 + (v * 7) % 28)),
            ..Default::default()
        };
        let (made, diags) = consult::commands::publish(root, &what);
        assert!(made.is_some(), "publish {v}: {diags:?}");
    }
}
