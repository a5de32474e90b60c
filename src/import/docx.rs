//! Word files (`.docx`): the package opened and its parts read. The body is
//! walked in `docx_body.rs`; the numbers Word shows come from `numbering.rs`.
//!
//! The XML parts are read with roxmltree through the zip crate, not with
//! docx-rs: docx-rs 0.4's reader keeps `start` and `lvlText` values private,
//! has no footnotes, and indexes attributes without checking (a panic on a
//! malformed part); what it would give is the XML anyway.

use super::docx_body::Body;
use super::numbering::Definitions;
use super::{Imported, Kind};
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

/// The start of every OLE compound file: old `.doc` files, and Word files
/// saved with a password (their content is an encrypted stream inside one).
const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The parts of a Word package the import reads.
pub struct Package {
    parts: BTreeMap<String, Vec<u8>>,
}

impl Package {
    /// The text of part `name` (`word/document.xml`), if there is one.
    pub fn text(&self, name: &str) -> Option<String> {
        self.parts.get(name).map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// The bytes of part `name`.
    pub fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.parts.get(name).map(Vec::as_slice)
    }
}

/// A relationship of `document.xml`: where an image or link points.
#[derive(Debug, Clone)]
pub struct Rel {
    pub target: String,
    pub external: bool,
}

/// A paragraph style: its heading level and the list it numbers through.
#[derive(Debug, Clone, Default)]
pub struct Style {
    pub based_on: Option<String>,
    /// 1 for "heading 1" (or outline level 0), 0 for the Title style.
    pub heading: Option<usize>,
    pub num: Option<(u32, Option<usize>)>,
}

/// Reads a Word file into one document of kind `kind`, named `stem`.
pub fn read(file: &Path, bytes: &[u8], stem: &str, kind: Kind) -> Result<Imported, Diagnostics> {
    let fail = |message: String, help: &str| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(file, 0, 0, message).with_help(help.to_string()));
        d
    };
    if bytes.starts_with(&OLE) {
        let encrypted = utf16("EncryptedPackage");
        return Err(if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            fail(
                "the Word file is password-protected: its text cannot be read".into(),
                "open it in Word, remove the password (File > Info > Protect Document), save, and import again",
            )
        } else {
            fail(
                "this is an old Word file (.doc, Word 97-2003), not a .docx".into(),
                "open it in Word or LibreOffice, save it as a Word Document (.docx), and import that",
            )
        });
    }
    let package = open(bytes).map_err(|e| {
        fail(format!("not a Word file: {e}"), "import a .docx saved by Word or LibreOffice, or plain text (.txt)")
    })?;
    let Some(document) = package.text("word/document.xml") else {
        return Err(fail(
            "not a Word document: the file is a zip archive without word/document.xml".into(),
            "import a .docx saved by Word or LibreOffice",
        ));
    };
    let mut errors = Diagnostics::new();
    let numbering = match package.text("word/numbering.xml") {
        None => Definitions::default(),
        Some(xml) => Definitions::parse(&xml).unwrap_or_else(|e| {
            errors.push(
                Diagnostic::error(file, 0, 0, format!("the list numbering (word/numbering.xml) is broken: {e}"))
                    .with_help("open the file in Word or LibreOffice and save it again, so the numbering is rewritten"),
            );
            Definitions::default()
        }),
    };
    let document = match roxmltree::Document::parse(&document) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(
                Diagnostic::error(file, 0, 0, format!("the text (word/document.xml) is broken: {e}"))
                    .with_help("open the file in Word or LibreOffice and save it again"),
            );
            None
        }
    };
    let (false, Some(document)) = (errors.has_errors(), document) else {
        return Err(errors);
    };
    let rels = rels(&package);
    let styles = package.text("word/styles.xml").map(|x| styles(&x)).unwrap_or_default();
    let mut body = Body::new(file, stem, &package, &rels, &styles, &numbering);
    body.notes("word/footnotes.xml", "footnote");
    body.notes("word/endnotes.xml", "endnote");
    let mut docs = body.documents(&document, kind);
    if docs[0].title.is_empty() {
        docs[0].title = package.text("docProps/core.xml").and_then(|x| core_title(&x)).unwrap_or_default();
    }
    let mut warnings = body.warnings;
    if docs.iter().all(|d| d.blocks.is_empty()) {
        warnings.push(
            Diagnostic::warning(file, 0, 0, "the Word file has no text in its body: the document written is empty")
                .with_help("check this is the file you meant; text in text boxes, headers and footers is not imported"),
        );
    }
    let doc = &mut docs[0];
    if doc.title.is_empty() {
        doc.title = stem.to_string();
        warnings.push(
            Diagnostic::warning(
                file,
                0,
                0,
                format!(
                    "the document has no title (no Title style, no title in its properties); it is titled `{stem}`"
                ),
            )
            .with_help(format!("edit `title:` in content/{stem}.md")),
        );
    }
    Ok(Imported { docs, files: body.files, warnings })
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// The package's parts, read into memory (XML and media; a Word file is
/// small, and limits keep a zip bomb from filling memory).
fn open(bytes: &[u8]) -> Result<Package, String> {
    const LIMIT: u64 = 256 * 1024 * 1024;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut parts = BTreeMap::new();
    let mut total = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| e.to_string())?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let wanted = name.ends_with(".xml") || name.ends_with(".rels") || name.starts_with("word/media/");
        if !wanted {
            continue;
        }
        let mut data = Vec::new();
        (&mut entry).take(LIMIT - total + 1).read_to_end(&mut data).map_err(|e| format!("{name}: {e}"))?;
        total += data.len() as u64;
        if total > LIMIT {
            return Err("its parts are larger than 256 MB unpacked".into());
        }
        parts.insert(name, data);
    }
    Ok(Package { parts })
}

/// `word/_rels/document.xml.rels`: relationship id → target.
fn rels(package: &Package) -> BTreeMap<String, Rel> {
    let Some(xml) = package.text("word/_rels/document.xml.rels") else { return BTreeMap::new() };
    let Ok(doc) = roxmltree::Document::parse(&xml) else { return BTreeMap::new() };
    doc.descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .filter_map(|n| {
            let target = n.attribute("Target")?.to_string();
            let external = n.attribute("TargetMode") == Some("External");
            Some((n.attribute("Id")?.to_string(), Rel { target, external }))
        })
        .collect()
}

/// `word/styles.xml`: paragraph styles by id.
fn styles(xml: &str) -> BTreeMap<String, Style> {
    use super::numbering::attr;
    let Ok(doc) = roxmltree::Document::parse(xml) else { return BTreeMap::new() };
    let mut out = BTreeMap::new();
    for s in doc.descendants().filter(|n| n.tag_name().name() == "style" && attr(*n, "type") == Some("paragraph")) {
        let Some(id) = attr(s, "styleId") else { continue };
        let child = |name: &str| s.descendants().find(|c| c.tag_name().name() == name);
        let name = child("name").and_then(|n| attr(n, "val")).unwrap_or(id).to_string();
        let lower = name.to_lowercase();
        let heading = if lower == "title" {
            Some(0)
        } else if let Some(n) = lower.strip_prefix("heading ").and_then(|n| n.trim().parse::<usize>().ok()) {
            Some(n)
        } else {
            child("outlineLvl")
                .and_then(|o| attr(o, "val"))
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|&v| v < 9)
                .map(|v| v + 1)
        };
        let num = child("numPr").and_then(|p| {
            let id =
                p.children().find(|c| c.tag_name().name() == "numId").and_then(|c| attr(c, "val"))?.parse().ok()?;
            let ilvl = p
                .children()
                .find(|c| c.tag_name().name() == "ilvl")
                .and_then(|c| attr(c, "val"))
                .and_then(|v| v.parse().ok());
            Some((id, ilvl))
        });
        let based_on = child("basedOn").and_then(|b| attr(b, "val")).map(str::to_string);
        out.insert(id.to_string(), Style { based_on, heading, num });
    }
    out
}

/// `dc:title` from `docProps/core.xml`.
fn core_title(xml: &str) -> Option<String> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    let title = doc.descendants().find(|n| n.tag_name().name() == "title")?.text()?;
    let title = super::markdown::fold(title);
    (!title.is_empty()).then_some(title)
}
