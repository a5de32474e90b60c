//! Word files made in the tests: the XML parts written directly and zipped,
//! as Word lays them out.

use super::{consult, Ran};
use std::io::Write;
use std::path::Path;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A paragraph of `style` (or none) with list `num` at `ilvl` (or none),
/// holding `runs` (XML of `w:r` and the like).
pub fn p(style: Option<&str>, num: Option<(u32, u32)>, runs: &str) -> String {
    let style = style.map(|s| format!(r#"<w:pStyle w:val="{s}"/>"#)).unwrap_or_default();
    let num = num
        .map(|(id, l)| format!(r#"<w:numPr><w:ilvl w:val="{l}"/><w:numId w:val="{id}"/></w:numPr>"#))
        .unwrap_or_default();
    format!("<w:p><w:pPr>{style}{num}</w:pPr>{runs}</w:p>")
}

/// A run of plain text.
pub fn t(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

/// A table of plain-text cells.
pub fn table(rows: &[&[&str]]) -> String {
    let rows: String = rows
        .iter()
        .map(|r| {
            let cells: String = r.iter().map(|c| format!("<w:tc>{}</w:tc>", p(None, None, &t(c)))).collect();
            format!("<w:tr>{cells}</w:tr>")
        })
        .collect();
    format!("<w:tbl>{rows}</w:tbl>")
}

/// An abstract list: levels of (numFmt, lvlText, start, extra XML).
pub fn abstract_num(id: u32, levels: &[(&str, &str, u32, &str)]) -> String {
    let lvls: String = levels
        .iter()
        .enumerate()
        .map(|(i, (fmt, text, start, extra))| {
            format!(
                r#"<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>"#
            )
        })
        .collect();
    format!(r#"<w:abstractNum w:abstractNumId="{id}">{lvls}</w:abstractNum>"#)
}

/// A list instance of abstract list `abs`, with override XML.
pub fn num(id: u32, abs: u32, overrides: &str) -> String {
    format!(r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abs}"/>{overrides}</w:num>"#)
}

/// Heading styles 1 and 2, and Title; `heading_num` numbers Heading 1 through a list.
pub fn styles(heading_num: Option<u32>) -> String {
    let num =
        heading_num.map(|n| format!(r#"<w:pPr><w:numPr><w:numId w:val="{n}"/></w:numPr></w:pPr>"#)).unwrap_or_default();
    format!(
        r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>{num}</w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>"#
    )
}

/// A whole .docx: `body` (paragraphs and tables), `numbering` (the inside
/// of `w:numbering`, or None for no part), `styles`, relationships
/// (`Id`, `Type` tail, `Target`, external) and other parts.
pub fn docx(
    body: &str,
    numbering: Option<&str>,
    styles: &str,
    rels: &[(&str, &str, &str, bool)],
    parts: &[(&str, &[u8])],
) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let rel_xml: String = rels
        .iter()
        .map(|(id, ty, target, external)| {
            let mode = if *external { r#" TargetMode="External""# } else { "" };
            format!(r#"<Relationship Id="{id}" Type="{R}/{ty}" Target="{target}"{mode}/>"#)
        })
        .collect();
    let mut all: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_vec()),
        ("_rels/.rels".into(), format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/></Relationships>"#).into_bytes()),
        ("word/document.xml".into(), document.into_bytes()),
        ("word/styles.xml".into(), styles.as_bytes().to_vec()),
        ("word/_rels/document.xml.rels".into(), format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rel_xml}</Relationships>"#).into_bytes()),
    ];
    if let Some(n) = numbering {
        all.push((
            "word/numbering.xml".into(),
            format!(r#"<w:numbering xmlns:w="{W}">{n}</w:numbering>"#).into_bytes(),
        ));
    }
    all.extend(parts.iter().map(|(n, b)| (n.to_string(), b.to_vec())));
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    for (name, bytes) in all {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// Imports `bytes`, saved as `name` in `site` for the run, into `site`.
pub fn import(site: &Path, name: &str, bytes: &[u8], args: &[&str]) -> Ran {
    let file = site.join(name);
    std::fs::write(&file, bytes).unwrap();
    let mut all = vec!["import", file.to_str().unwrap(), "--root", site.to_str().unwrap()];
    all.extend_from_slice(args);
    let ran = consult(site, &all);
    std::fs::remove_file(&file).unwrap();
    ran
}
