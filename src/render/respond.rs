//! Ways to respond, pre-filled: the links that name the consultation, the
//! document, paragraph or question, and the version the reader is reading;
//! the questions beside the paragraphs they ask about; the respond page.

use super::html::{escape, Here};
use super::lifecycle;
use super::pages::{page, Page};
use super::views::{encode, target_link, Link};
use crate::model::questions::{self, Question};
use crate::model::Site;
use serde::Serialize;

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

/// The questions that ask about paragraph `p` of document `doc`, as notes
/// after it, each linking to the question on the respond page.
pub fn question_notes(site: &Site, doc: usize, p: usize, here: Here) -> String {
    let number = &site.documents[doc].body.paragraphs[p].number;
    let mut html = String::new();
    for q in questions::about_paragraph(&site.questions, doc, number) {
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
