//! Writes a generated consultation site for benchmarks and trials:
//!
//! ```text
//! cargo run --release --example generate -- OUT [--docs N] [--paras P] [--versions V] [--seed S] [--broken B]
//! ```
//!
//! N documents (default 1,000) of P numbered paragraphs each (default 50) in
//! sections of ten, with lists, tables, footnotes and citations across
//! documents; a meeting per five documents, a stakeholder per ten, a
//! recommendation per ten; and V published versions (default 1), a tenth of
//! the documents redrafted before each after the first; `--broken B` makes
//! the first B citations of the first document cite paragraphs that do not
//! exist. Deterministic for a seed. OUT must not exist yet.

#[path = "../benches/site/mod.rs"]
mod site;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut out = None;
    let (mut docs, mut paras, mut versions, mut seed, mut broken) = (1000, 50, 1, 1, 0);
    while let Some(a) = args.next() {
        let mut num = |name: &str| -> usize {
            args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("{name} needs a number"))
        };
        match a.as_str() {
            "--docs" => docs = num("--docs"),
            "--paras" => paras = num("--paras"),
            "--versions" => versions = num("--versions"),
            "--seed" => seed = num("--seed"),
            "--broken" => broken = num("--broken"),
            _ if out.is_none() && !a.starts_with('-') => out = Some(std::path::PathBuf::from(a)),
            _ => {
                eprintln!("usage: generate OUT [--docs N] [--paras P] [--versions V] [--seed S] [--broken B]");
                std::process::exit(2);
            }
        }
    }
    let Some(out) = out else {
        eprintln!("usage: generate OUT [--docs N] [--paras P] [--versions V] [--seed S] [--broken B]");
        std::process::exit(2);
    };
    if out.exists() {
        eprintln!("{} exists already; give a new folder", out.display());
        std::process::exit(1);
    }
    let size = site::Size { seed: seed as u64, broken, ..site::Size::of(docs, paras) };
    site::generate_with_versions(&out, size, versions);
    println!(
        "{}: {docs} documents x {} numbered paragraphs, {} meetings, {} stakeholders, {versions} published version(s)",
        out.display(),
        size.sections * size.paras,
        size.meetings,
        size.stakeholders
    );
}
