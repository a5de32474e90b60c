//! The generated site both benchmarks build: documents of numbered
//! paragraphs citing each other, meetings and stakeholders.

use std::fmt::Write as _;

/// How big a generated site is.
#[derive(Clone, Copy)]
pub struct Size {
    pub docs: usize,
    pub sections: usize,
    pub paras: usize,
    pub meetings: usize,
    pub stakeholders: usize,
}

/// One document's Markdown; `edit` changes it the way a redraft does
/// (see `benches/versions.rs`).
pub fn document(size: Size, d: usize, edit: usize) -> String {
    let mut s = format!(
        "---\ntitle: Document {d}\nkind: {}\n---\n\n",
        if d.is_multiple_of(10) { "report" } else { "appendix" }
    );
    for sec in 1..=size.sections {
        writeln!(s, "## {sec}. Section {sec}\n").unwrap();
        let mut n = 0;
        for p in 1..=size.paras {
            // Edit 1: a paragraph inserted at the top of section 1 (the rest renumbered).
            if edit == 1 && sec == 1 && p == 1 {
                n += 1;
                writeln!(s, "{sec}.{n} A paragraph inserted in this version, saying something new.\n").unwrap();
            }
            // Edit 2: paragraph 2 of section 2 removed.
            if edit == 2 && sec == 2 && p == 2 {
                continue;
            }
            n += 1;
            let other = (d * 7 + p) % size.docs;
            // Never the last paragraph of a section, which a removal (edit 2) renumbers away.
            let cited = p.min(size.paras - 1);
            // Edit 3: one word changed in paragraph 3 of every section.
            let word = if edit == 3 && p == 3 { "changed" } else { "ordinary" };
            writeln!(
                s,
                "{sec}.{n} Paragraph {p} of section {sec} in document {d}, with *emphasis* and a citation of [[doc-{other}#{sec}.{cited}]] among the words of an {word} sentence.\n"
            )
            .unwrap();
        }
    }
    s
}

/// Writes the site into `root`.
pub fn generate(root: &std::path::Path, size: Size) {
    let content = root.join("content");
    std::fs::create_dir_all(content.join("meetings")).unwrap();
    std::fs::create_dir_all(content.join("data")).unwrap();
    std::fs::write(content.join("site.yaml"), "title: Benchmark\nrespond:\n  email: r@example.org\n").unwrap();
    for d in 0..size.docs {
        std::fs::write(content.join(format!("doc-{d}.md")), document(size, d, 0)).unwrap();
    }
    let mut people = String::new();
    for i in 0..size.stakeholders {
        writeln!(people, "- id: org-{i}\n  name: Organisation {i}\n  kind: named stakeholder").unwrap();
    }
    std::fs::write(content.join("data/stakeholders.yaml"), people).unwrap();
    for m in 0..size.meetings {
        let attendees: Vec<String> = (0..5).map(|a| format!("org-{}", (m + a * 13) % size.stakeholders)).collect();
        let day = m % 28 + 1;
        let month = m / 28 % 12 + 1;
        std::fs::write(
            content.join(format!("meetings/m-{m}.md")),
            format!(
                "---\ntitle: Meeting {m}\ndate: 2011-{month:02}-{day:02}\nstatus: held\nattendees: [{}]\n---\n\nDiscussed [[doc-{}#1.1]].\n",
                attendees.join(", "),
                m % size.docs
            ),
        )
        .unwrap();
    }
}
