//! A generated consultation of 1,000 documents (40 numbered paragraphs each,
//! every one citing a paragraph of another document), 200 meetings and 100
//! stakeholders, written into a folder. Shared by the build and serve benchmarks.

use std::fmt::Write as _;

/// Documents, sections per document, paragraphs per section, meetings, stakeholders.
pub const DOCS: usize = 1000;
pub const SECTIONS: usize = 4;
pub const PARAS: usize = 10;
pub const MEETINGS: usize = 200;
pub const STAKEHOLDERS: usize = 100;

/// Writes the site into `root` (its `content/`).
pub fn generate(root: &std::path::Path) {
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
