//! The inside of a Word paragraph: runs with bold and italic, links,
//! fields, tracked changes (accepted), notes and images, into one line of
//! Markdown; and what cannot be placed, as warnings for the paragraph.

use super::docx_body::{span, Body};
use super::markdown::{escaped, fold, inline};
use super::numbering::attr;
use roxmltree::Node;

/// A run of text with its formatting, or ready Markdown (`raw`).
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub link: Option<String>,
    pub raw: bool,
}

/// A paragraph being read.
#[derive(Debug, Default)]
pub struct Para {
    pub spans: Vec<Span>,
    /// The formatting of the run being read.
    pub bold: bool,
    pub italic: bool,
    pub link: Option<String>,
    /// Whether tracked changes were accepted in it.
    pub tracked: bool,
    /// What could not be placed: (message, help).
    pub warnings: Vec<(String, String)>,
    /// How deep `walk` is: a hostile file's nesting must not exhaust the stack.
    depth: usize,
}

/// Deeper nesting than any word processor writes.
pub const MAX_DEPTH: usize = 64;

/// Fields whose printed text is all there is to keep.
const KNOWN_FIELDS: [&str; 22] = [
    "HYPERLINK",
    "REF",
    "PAGEREF",
    "NOTEREF",
    "SEQ",
    "PAGE",
    "NUMPAGES",
    "SECTIONPAGES",
    "DATE",
    "TIME",
    "CREATEDATE",
    "SAVEDATE",
    "PRINTDATE",
    "STYLEREF",
    "TITLE",
    "AUTHOR",
    "SUBJECT",
    "FILENAME",
    "DOCPROPERTY",
    "FORMTEXT",
    "SYMBOL",
    "TOC",
];

impl Para {
    /// The paragraph's text without formatting (for naming it).
    pub fn plain(&self) -> String {
        self.spans.iter().filter(|s| !s.raw).map(|s| s.text.as_str()).collect()
    }

    /// The paragraph as one line of Markdown: spans of the same formatting
    /// joined, emphasis kept off the spaces at its ends.
    pub fn markdown(&self) -> String {
        let mut groups: Vec<Span> = Vec::new();
        for s in &self.spans {
            match groups.last_mut() {
                Some(g) if !g.raw && !s.raw && (g.bold, g.italic, &g.link) == (s.bold, s.italic, &s.link) => {
                    g.text.push_str(&s.text);
                }
                _ => groups.push(s.clone()),
            }
        }
        let mut out = String::new();
        for g in groups {
            if g.raw {
                out.push_str(&g.text);
                continue;
            }
            let text = g.text.replace(char::is_whitespace, " ");
            let lead = &text[..text.len() - text.trim_start().len()];
            let trail = &text[text.trim_end().len()..];
            let core = text.trim();
            if core.is_empty() {
                out.push_str(&text);
                continue;
            }
            let mut md = if g.link.is_some() { escaped(core) } else { inline(core) };
            let marks = match (g.bold, g.italic) {
                (true, true) => "***",
                (true, false) => "**",
                (false, true) => "*",
                _ => "",
            };
            md = format!("{marks}{md}{marks}");
            if let Some(url) = &g.link {
                md = format!("[{md}](<{}>)", url.replace(['<', '>', ' '], ""));
            }
            out.push_str(lead);
            out.push_str(&md);
            out.push_str(trail);
        }
        fold(&out)
    }

    /// Notes something that could not be placed, once per paragraph.
    pub fn warn(&mut self, message: impl Into<String>, help: impl Into<String>) {
        let w = (message.into(), help.into());
        if !self.warnings.contains(&w) {
            self.warnings.push(w);
        }
    }
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.tag_name().name() == name)
}

/// Whether a `w:b`/`w:i` style toggle is on.
fn on(node: Option<Node>) -> bool {
    node.is_some_and(|n| !matches!(attr(n, "val"), Some("0" | "false" | "off" | "none")))
}

/// Walks the children of `node` (a paragraph, link, change, field…).
pub fn walk(body: &mut Body, node: Node, para: &mut Para) {
    if para.depth >= MAX_DEPTH {
        para.warn(
            "text nested deeper than Word writes is left out",
            "open the file in Word, save it again and import that",
        );
        return;
    }
    para.depth += 1;
    walk_children(body, node, para);
    para.depth -= 1;
}

fn walk_children(body: &mut Body, node: Node, para: &mut Para) {
    for c in node.children().filter(|c| c.is_element()) {
        match c.tag_name().name() {
            "r" => run(body, c, para),
            "hyperlink" => {
                let target =
                    attr(c, "id").and_then(|id| body.rels.get(id)).filter(|r| r.external).map(|r| r.target.clone());
                let inner = target.or(para.link.clone());
                let outer = std::mem::replace(&mut para.link, inner);
                walk(body, c, para);
                para.link = outer;
            }
            "ins" | "moveTo" => {
                para.tracked = true;
                walk(body, c, para);
            }
            "del" | "moveFrom" => para.tracked = true,
            "pPr"
                if c.descendants()
                    .any(|d| matches!(d.tag_name().name(), "pPrChange" | "ins" | "del" | "rPrChange")) =>
            {
                para.tracked = true
            }
            "fldSimple" => {
                let instr = attr(c, "instr").unwrap_or("").to_string();
                body.fields.push((instr.clone(), true));
                field_begin(body, para, &instr);
                walk(body, c, para);
                field_end(body, para);
            }
            "smartTag" | "customXml" | "sdt" | "sdtContent" | "dir" | "bdo" => walk(body, c, para),
            "AlternateContent" => {
                if let Some(choice) = child(c, "Choice").or_else(|| child(c, "Fallback")) {
                    walk(body, choice, para);
                }
            }
            "oMath" | "oMathPara" => {
                para.warn("an equation is left out", "write it out in words or as an image in the Markdown file")
            }
            _ => {}
        }
    }
}

fn run(body: &mut Body, r: Node, para: &mut Para) {
    let rpr = child(r, "rPr");
    if rpr.is_some_and(|p| child(p, "rPrChange").is_some()) {
        para.tracked = true;
    }
    // Hidden text does not print.
    if on(rpr.and_then(|p| child(p, "vanish"))) {
        return;
    }
    // Word's built-in character styles Strong and Emphasis are bold and italic.
    let style = rpr.and_then(|p| child(p, "rStyle")).and_then(|s| attr(s, "val")).unwrap_or("");
    para.bold = on(rpr.and_then(|p| child(p, "b"))) || style == "Strong";
    para.italic = on(rpr.and_then(|p| child(p, "i"))) || style == "Emphasis";
    for c in r.children().filter(|c| c.is_element()) {
        let text = |t: &str, para: &mut Para, body: &Body| {
            if !body.in_toc && !t.is_empty() {
                let s = span(t, para);
                para.spans.push(s);
            }
        };
        match c.tag_name().name() {
            "t" => text(c.text().unwrap_or(""), para, body),
            "tab" | "ptab" | "cr" => text(" ", para, body),
            "br" if attr(c, "type") != Some("page") => text(" ", para, body),
            "noBreakHyphen" => text("-", para, body),
            "sym" => para.warn(
                "a symbol from a symbol font is left out",
                "type the character itself (Insert > Symbol in a Unicode font) and import again",
            ),
            "delText" => para.tracked = true,
            "fldChar" => match attr(c, "fldCharType") {
                Some("begin") => body.fields.push((String::new(), false)),
                Some("separate") => {
                    if let Some((instr, read)) = body.fields.last_mut() {
                        *read = true;
                        let instr = instr.clone();
                        field_begin(body, para, &instr);
                    }
                }
                Some("end") => field_end(body, para),
                _ => {}
            },
            "instrText" => {
                if let Some((instr, _)) = body.fields.last_mut() {
                    instr.push_str(c.text().unwrap_or(""));
                }
            }
            "footnoteReference" | "endnoteReference" => note(body, c, para),
            "commentReference" => para.warn(
                "a comment is left out",
                "comments are not part of the published text; put what matters into the text itself",
            ),
            "drawing" | "pict" | "object" => drawing(body, c, para),
            "AlternateContent" => {
                if let Some(choice) = child(c, "Choice") {
                    for d in choice.children().filter(|d| matches!(d.tag_name().name(), "drawing" | "pict")) {
                        drawing(body, d, para);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A field's result starts: a link for `HYPERLINK`, nothing kept for a
/// table of contents (each page has its own), a warning for one unknown.
fn field_begin(body: &mut Body, para: &mut Para, instr: &str) {
    let mut words = instr.split_whitespace();
    let name = words.next().unwrap_or("").to_ascii_uppercase();
    match name.as_str() {
        "HYPERLINK" => {
            let rest: Vec<&str> = words.collect();
            let url = rest.iter().find(|w| !w.starts_with('\\')).map(|u| u.trim_matches('"').to_string());
            if rest.first().is_some_and(|w| *w == "\\l") {
                return;
            }
            para.link = url;
        }
        "TOC" => {
            body.in_toc = true;
            let message = "the table of contents is left out";
            if !body.warnings.iter().any(|w| w.message == message) {
                body.warnings.push(
                    crate::diagnostic::Diagnostic::warning(body.file, 0, 0, message)
                        .with_help("each page has a contents list made from its headings"),
                );
            }
        }
        "" => {}
        _ if KNOWN_FIELDS.contains(&name.as_str()) => {}
        _ => para.warn(
            format!("a {name} field is kept as the text it last showed"),
            "update fields in Word before importing (select all, F9) if that text may be out of date",
        ),
    }
}

fn field_end(body: &mut Body, para: &mut Para) {
    if let Some((instr, _)) = body.fields.pop() {
        let name = instr.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        match name.as_str() {
            "TOC" => body.in_toc = false,
            "HYPERLINK" => para.link = None,
            _ => {}
        }
    }
}

/// A footnote or endnote reference: `[^N]`, N counting notes in order as
/// Word shows them, with the note's text as its definition.
fn note(body: &mut Body, c: Node, para: &mut Para) {
    let kind = if c.tag_name().name() == "footnoteReference" { "footnote" } else { "endnote" };
    let Some(id) = attr(c, "id") else { return };
    let key = (kind, id.to_string());
    let Some(text) = body.notes.get(&key).cloned() else {
        para.warn(format!("a {kind} whose text is missing from the file is left out"), "add it to the Markdown file");
        return;
    };
    let next = body.note_labels.len() + 1;
    let label = *body.note_labels.entry(key).or_insert(next);
    if label == next {
        body.footnotes.push(format!("[^{label}]: {text}"));
    }
    para.spans.push(Span { text: format!("[^{label}]"), bold: false, italic: false, link: None, raw: true });
}

/// An image (saved under `content/files/`), or a text box, chart or shape
/// (warned about, with the first words of a text box).
fn drawing(body: &mut Body, d: Node, para: &mut Para) {
    if let Some(tx) = d.descendants().find(|n| matches!(n.tag_name().name(), "txbxContent" | "textbox")) {
        let words: String = tx.descendants().filter(|n| n.tag_name().name() == "t").filter_map(|n| n.text()).collect();
        let words: Vec<&str> = words.split_whitespace().take(6).collect();
        para.warn(
            format!("a text box (“{}…”) is left out", words.join(" ")),
            "move its text into the document's own paragraphs in Word, or add it to the Markdown file",
        );
        return;
    }
    let rid = d
        .descendants()
        .find(|n| matches!(n.tag_name().name(), "blip" | "imagedata"))
        .and_then(|n| n.attributes().find(|a| matches!(a.name(), "embed" | "id")).map(|a| a.value()));
    let Some(rel) = rid.and_then(|id| body.rels.get(id)).filter(|r| !r.external) else {
        para.warn(
            "a drawing (a chart, shape or embedded object) is left out",
            "save it as a picture and add it to the Markdown file",
        );
        return;
    };
    let part = format!("word/{}", rel.target.trim_start_matches('/').trim_start_matches("word/"));
    let name = part.rsplit('/').next().unwrap_or("image").to_string();
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let Some(bytes) = body.package.bytes(&part) else {
        para.warn(
            format!("an image ({name}) missing from the file is left out"),
            "add the picture to the Markdown file",
        );
        return;
    };
    if !matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp") {
        para.warn(
            format!("an image in a format browsers do not show ({name}) is left out"),
            "save the picture as PNG or JPEG and add it to the Markdown file",
        );
        return;
    }
    let alt = d
        .descendants()
        .find(|n| n.tag_name().name() == "docPr")
        .and_then(|n| attr(n, "descr").filter(|t| !t.trim().is_empty()).or_else(|| attr(n, "title")))
        .map(fold)
        .unwrap_or_default();
    if alt.is_empty() {
        para.warn(
            format!("the image {name} has no text alternative"),
            "describe it between the brackets of `![…]` in the Markdown file, so readers who cannot see it know what it shows",
        );
    }
    let file = format!(
        "files/{}-{}",
        body.stem,
        super::slug(name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s)) + "." + &ext
    );
    if !body.files.iter().any(|(f, _)| *f == file) {
        body.files.push((file.clone(), bytes.to_vec()));
    }
    para.spans.push(Span {
        text: format!("![{}](../{file})", escaped(&alt)),
        bold: false,
        italic: false,
        link: None,
        raw: true,
    });
}
