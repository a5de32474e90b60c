//! Ways to respond, pre-filled: the links that name the consultation, the
//! document, paragraph or question, and the version the reader is reading;
//! the questions beside the paragraphs they ask about; the respond page.

use super::html::{escape, Here};
use super::lifecycle;
use super::pages::{page, Page};
use super::views::{encode, target_link, Link};
use crate::model::questions::Question;
use crate::model::Site;
use serde::Serialize;
use std::collections::HashMap;

/// The respond page's address.
pub const PATH: &str = "respond/index.html";

/// What a response is about.
#[derive(Default, Clone, Copy)]
pub struct Subject<'a> {
    /// A document and one of its paragraph numbers.
    pub paragraph: Option<(usize, &'a str)>,
    pub question: Option<&'a Question>,
}

/// One way to respond, as a link.
#[derive(Serialize, Clone)]
pub struct ChannelLink {
    /// "by email", "online", or the site's own name for its URL template.
    pub how: String,
    pub href: String,
}

/// Every linkable way to respond about `subject`, the site's first choice
/// first (email, then the web form, then the URL template).
pub fn links(site: &Site, subject: Subject) -> Vec<ChannelLink> {
    let r = &site.respond;
    let doc = subject.paragraph.map(|(d, _)| &site.documents[d]);
    let number = subject.paragraph.map(|(_, n)| n);
    let question = subject.question;
    let mut out = Vec::new();
    if let Some(email) = &r.email {
        let mut subject = format!("Response to {}", site.title);
        if let (Some(d), Some(n)) = (doc, number) {
            subject.push_str(&format!(": {}, paragraph {n}", d.short_title));
        }
        if let Some(q) = question {
            subject.push_str(&format!(": question {}", q.number));
        }
        if let Some(v) = &site.version {
            subject.push_str(&format!(", version {v}"));
        }
        out.push(ChannelLink { how: "by email".into(), href: format!("mailto:{email}?subject={}", encode(&subject)) });
    }
    if let Some(web) = &r.web {
        let mut params = vec![("consultation", site.title.clone())];
        if let (Some(d), Some(n)) = (doc, number) {
            params.push(("document", d.slug.clone()));
            params.push(("paragraph", n.to_string()));
        }
        if let Some(q) = question {
            params.push(("question", q.id.clone()));
        }
        if let Some(v) = &site.version {
            params.push(("version", v.clone()));
        }
        let query: Vec<String> = params.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        let sep = if web.contains('?') { '&' } else { '?' };
        out.push(ChannelLink { how: "online".into(), href: format!("{web}{sep}{}", query.join("&")) });
    }
    if let Some(t) = &r.url_template {
        let value = |name: &str| match name {
            "document" => doc.map(|d| d.slug.clone()),
            "paragraph" => number.map(str::to_string),
            "question" => question.map(|q| q.id.clone()),
            _ => site.version.clone(),
        };
        let mut href = t.clone();
        for p in crate::model::lifecycle::PLACEHOLDERS {
            href = href.replace(&format!("{{{p}}}"), &encode(&value(p).unwrap_or_default()));
        }
        let how = r.url_label.clone().unwrap_or_else(|| "through the response form".into());
        out.push(ChannelLink { how, href });
    }
    out
}

/// The "Respond to …" line: the first way as the link, the others after it.
/// Once the outcome is published the line says responses closed, with no script.
pub fn respond_line(site: &Site, what: &str, subject: Subject) -> String {
    let links = links(site, subject);
    let Some((first, rest)) = links.split_first() else { return String::new() };
    if site.lifecycle.concluded() {
        let when = lifecycle::closed_at(site).map(|w| format!(" {w}")).unwrap_or_default();
        return format!(
            "<p class=\"respond\"><span class=\"respond-closed\">Responses to {} closed{}.</span></p>\n",
            escape(what),
            escape(&when)
        );
    }
    let mut html = format!("<p class=\"respond\"><a href=\"{}\">Respond to {}</a>", escape(&first.href), escape(what));
    for l in rest {
        html.push_str(&format!(
            " <span class=\"respond-other\">or <a href=\"{}\">{}</a></span>",
            escape(&l.href),
            escape(&l.how)
        ));
    }
    if let Some(c) = site.period.closes.as_ref() {
        let until = super::views::period_when(site, c, true).text;
        html.push_str(&format!(" <span class=\"respond-by\">(open until {})</span>", escape(&until)));
    }
    html.push_str("</p>\n");
    html
}

/// What follows each numbered paragraph of one document's page: its respond
/// line and the notes of the questions that ask about it, prepared once per
/// page. The respond line is the same for every paragraph but for the
/// number, so it is made once with a mark where the number goes and filled
/// in for each: percent-encoded in the addresses, escaped in the words.
pub struct AfterParagraphs<'a> {
    site: &'a Site,
    doc: usize,
    /// The respond line cut at the marks: text, then what goes after it.
    line: Option<Vec<(String, Hole)>>,
    /// The questions about this document's paragraphs, by paragraph.
    questions: &'a HashMap<usize, Vec<&'a Question>>,
}

/// The questions about each document's paragraphs, by document, then by
/// paragraph (its index in the body): made once for all the pages.
pub type Asked<'a> = Vec<HashMap<usize, Vec<&'a Question>>>;

/// [`Asked`] of `site`: one pass over the questions.
pub fn asked(site: &Site) -> Asked<'_> {
    let mut asked: Asked = vec![Default::default(); site.documents.len()];
    for q in &site.questions {
        for t in &q.about {
            let crate::model::Target::Paragraph(d, p) = t else { continue };
            let qs = asked[*d].entry(*p).or_default();
            // A question that names the paragraph twice is noted once.
            if !qs.last().is_some_and(|last| std::ptr::eq(*last, q)) {
                qs.push(q);
            }
        }
    }
    asked
}

/// Where the number goes in a respond line, and how it is written there.
#[derive(Clone, Copy)]
enum Hole {
    Encoded,
    Escaped,
    End,
}

/// A number no paragraph has: a character for private use. Percent-encoded,
/// it is [`ENCODED_MARK`].
const MARK: &str = "\u{E000}";
const ENCODED_MARK: &str = "%EE%80%80";

impl<'a> AfterParagraphs<'a> {
    /// `asked`: [`asked`] of `site`.
    pub fn new(site: &'a Site, doc: usize, asked: &'a Asked<'a>) -> Self {
        let mut after = AfterParagraphs { site, doc, line: None, questions: &asked[doc] };
        let line = cut(&respond_paragraph(site, doc, MARK));
        // The line made the usual way must come out the same: the site's own
        // words (a URL template, say) could hold the mark.
        let same = site.documents[doc].body.paragraphs.first().is_none_or(|p| {
            let n = p.number.to_string();
            fill(&line, &n) == respond_paragraph(site, doc, &n)
        });
        if same {
            after.line = Some(line);
        }
        after
    }

    /// The respond line of paragraph `p`.
    pub fn respond(&self, p: usize) -> String {
        let n = self.site.documents[self.doc].body.paragraphs[p].number.to_string();
        match &self.line {
            Some(line) => fill(line, &n),
            None => respond_paragraph(self.site, self.doc, &n),
        }
    }

    /// The questions that ask about paragraph `p`, as notes after it, each
    /// linking to the question on the respond page.
    pub fn question_notes(&self, p: usize, here: Here) -> String {
        match self.questions.get(&p) {
            Some(qs) => notes(qs, here),
            None => String::new(),
        }
    }
}

/// The respond line of paragraph `n` of document `doc`.
fn respond_paragraph(site: &Site, doc: usize, n: &str) -> String {
    respond_line(site, &format!("paragraph {n}"), Subject { paragraph: Some((doc, n)), question: None })
}

/// `line` cut at each mark, encoded or not.
fn cut(line: &str) -> Vec<(String, Hole)> {
    let mut pieces = Vec::new();
    let mut rest = line;
    loop {
        let next = [(rest.find(ENCODED_MARK), ENCODED_MARK, Hole::Encoded), (rest.find(MARK), MARK, Hole::Escaped)]
            .into_iter()
            .filter_map(|(at, mark, hole)| at.map(|at| (at, mark, hole)))
            .min_by_key(|&(at, ..)| at);
        match next {
            Some((at, mark, hole)) => {
                pieces.push((rest[..at].to_string(), hole));
                rest = &rest[at + mark.len()..];
            }
            None => {
                pieces.push((rest.to_string(), Hole::End));
                return pieces;
            }
        }
    }
}

/// The line `cut` made, with number `n` in each hole.
fn fill(pieces: &[(String, Hole)], n: &str) -> String {
    let (encoded, escaped) = (encode(n), escape(n));
    let mut out = String::with_capacity(pieces.iter().map(|(p, _)| p.len() + 16).sum());
    for (text, hole) in pieces {
        out.push_str(text);
        match hole {
            Hole::Encoded => out.push_str(&encoded),
            Hole::Escaped => out.push_str(&escaped),
            Hole::End => {}
        }
    }
    out
}

fn notes(questions: &[&Question], here: Here) -> String {
    let mut html = String::new();
    for q in questions {
        html.push_str(&format!(
            "<p class=\"question-note\"><a href=\"{}{PATH}#question-{}\">Question {}</a> asks about this paragraph: {}</p>\n",
            here.root,
            escape(&q.id),
            q.number,
            escape(&q.text)
        ));
    }
    html
}

/// A question as pages show it.
#[derive(Serialize)]
pub struct QuestionView {
    pub id: String,
    pub anchor: String,
    pub number: usize,
    pub text: String,
    pub note: Option<String>,
    pub about: Vec<Link>,
    /// On the respond page, where it is.
    pub href: String,
    pub respond: String,
}

/// Every question, with links relative to `here`.
pub fn questions(site: &Site, here: Here) -> Vec<QuestionView> {
    site.questions
        .iter()
        .map(|q| QuestionView {
            id: q.id.clone(),
            anchor: format!("question-{}", q.id),
            number: q.number,
            text: q.text.clone(),
            note: q.note.clone(),
            about: q.about.iter().map(|t| target_link(site, t, here)).collect(),
            href: format!("{}{PATH}#question-{}", here.root, q.id),
            respond: respond_line(
                site,
                &format!("question {}", q.number),
                Subject { question: Some(q), ..Default::default() },
            ),
        })
        .collect()
}

/// Whether the site has a respond page: questions, or a way to respond.
pub fn has_page(site: &Site) -> bool {
    let r = &site.respond;
    !site.questions.is_empty() || r.email.is_some() || r.web.is_some() || r.post.is_some() || r.url_template.is_some()
}

/// `respond/index.html`: where the consultation stands, every way to
/// respond, and every question with its own links.
pub fn respond_page(site: &Site) -> Option<Page> {
    if !has_page(site) {
        return None;
    }
    Some(page(site, PATH.into(), "respond.html", PATH, "How to respond", |c, here| {
        c.insert("stage", &lifecycle::stage(site, here));
        c.insert("response", &super::views::response(site));
        c.insert("general", &links(site, Subject::default()));
        c.insert("url_label", &site.respond.url_label);
        c.insert("questions", &questions(site, here));
        c.insert("closed_at", &lifecycle::closed_at(site));
        // The home page leads with the outcome; here the stage names it.
        c.insert("outcome_lead", &None::<()>);
    }))
}
