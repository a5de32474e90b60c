//! The outcome on the pages: the responses received and, theme by theme,
//! "you said" → "we did", linked to the questions, the paragraphs, and the
//! redline of the version that changed them; and the home page's lead.

use super::html::{target_href, Here};
use super::respond;
use super::views::{target_link, Link, When};
use crate::model::outcome::{Action, Change};
use crate::model::{Site, Target};
use serde::Serialize;

/// The redline anchor of a changed paragraph, from a page at `here`:
/// `changes/2/index.html#change-report-para-2.1.3`. A version not published
/// yet is the working draft's redline; a page of an archived version reaches
/// the redlines at the site root, two folders above its own root.
pub fn change_href(site: &Site, c: &Change, here: Here) -> String {
    let Target::Paragraph(d, p) = &c.paragraph else { return String::new() };
    let n = &site.documents[*d].body.paragraphs[*p].number;
    let anchor = format!("change-{}-para-{}", site.documents[*d].slug, n.slug());
    let released = site.versions.releases.iter().any(|r| r.version.text == c.version);
    if site.versions.frozen {
        format!("{}../../changes/{}/index.html#{anchor}", here.root, c.version)
    } else if released {
        format!("{}changes/{}/index.html#{anchor}", here.root, c.version)
    } else {
        format!("{}changes/draft/index.html#{anchor}", here.root)
    }
}

#[derive(Serialize)]
struct ChangeView {
    paragraph: Link,
    version: String,
    redline: String,
}

#[derive(Serialize)]
struct ThemeView {
    id: String,
    title: String,
    you_said: String,
    questions: Vec<Link>,
    paragraphs: Vec<Link>,
    we_did: Option<String>,
    changes: Vec<ChangeView>,
    no_change: Option<String>,
}

#[derive(Serialize)]
struct ByType {
    kind: String,
    count: u64,
}

/// What the outcome document's page shows after its text.
#[derive(Serialize)]
pub struct OutcomeView {
    total: u64,
    by_type: Vec<ByType>,
    themes: Vec<ThemeView>,
    published: Option<When>,
}

/// The outcome's data as the outcome document shows it.
pub fn view(site: &Site, here: Here) -> Option<OutcomeView> {
    let o = site.outcome.as_ref()?;
    let themes = o
        .themes
        .iter()
        .map(|t| {
            let (we_did, changes, no_change) = t.action.parts();
            let (we_did, no_change) = (we_did.map(str::to_string), no_change.map(str::to_string));
            let changes = changes
                .iter()
                .map(|c| ChangeView {
                    paragraph: target_link(site, &c.paragraph, here),
                    version: c.version.clone(),
                    redline: change_href(site, c, here),
                })
                .collect();
            ThemeView {
                id: t.id.clone(),
                title: t.title.clone(),
                you_said: t.you_said.clone(),
                questions: t
                    .questions
                    .iter()
                    .map(|&q| {
                        let q = &site.questions[q];
                        Link {
                            title: format!("Question {}", q.number),
                            href: format!("{}{}#question-{}", here.root, respond::PATH, q.id),
                            current: false,
                        }
                    })
                    .collect(),
                paragraphs: t.paragraphs.iter().map(|p| target_link(site, p, here)).collect(),
                we_did,
                changes,
                no_change,
            }
        })
        .collect();
    Some(OutcomeView {
        total: o.total,
        by_type: o.by_type.iter().map(|(kind, count)| ByType { kind: kind.clone(), count: *count }).collect(),
        themes,
        published: site.lifecycle.outcome_published.as_ref().map(When::from),
    })
}

/// The home page's lead once the outcome is published.
#[derive(Serialize)]
pub struct Lead {
    title: String,
    href: String,
    summary: Option<String>,
    published: Option<When>,
    total: Option<u64>,
    themes: usize,
    changed: usize,
    /// Where the versions are listed (at the site root, from an archived version).
    changelog_href: Option<String>,
}

/// The lead, when there is an outcome.
pub fn lead(site: &Site, here: Here) -> Option<Lead> {
    let d = site.lifecycle.outcome?;
    let doc = &site.documents[d];
    let themes = site.outcome.as_ref().map_or(&[][..], |o| &o.themes[..]);
    Some(Lead {
        title: doc.title.clone(),
        href: target_href(site, &Target::Document(d), here),
        summary: doc.summary.clone(),
        published: site.lifecycle.outcome_published.as_ref().map(When::from),
        total: site.outcome.as_ref().map(|o| o.total),
        themes: themes.len(),
        changed: themes.iter().filter(|t| matches!(t.action, Action::Changed { .. })).count(),
        changelog_href: if site.versions.frozen {
            Some(format!("{}../../changelog/index.html", here.root))
        } else {
            (!site.versions.releases.is_empty()).then(|| format!("{}changelog/index.html", here.root))
        },
    })
}

/// The headings the outcome's data adds to its document's contents.
pub fn toc(view: &OutcomeView) -> impl Iterator<Item = (&'static str, &'static str)> {
    let themes = (!view.themes.is_empty()).then_some(("themes-heading", "You said, we did"));
    std::iter::once(("received-heading", "Responses received")).chain(themes)
}
