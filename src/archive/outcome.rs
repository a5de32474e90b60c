//! The outcome's "we did" checked against the redlines: a theme that says a
//! paragraph changed in a version must name a paragraph that did change
//! there. Only the versions' comparison knows, so this runs once they are
//! compared, on the current content (a published version was checked when
//! it was published).

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::diff::{BlockKind, Redline};
use crate::model::outcome::Action;
use crate::model::versions::VersionNumber;
use crate::model::{Site, Target};

/// Every changed paragraph the outcome names, against the redline of its
/// version (or of the working draft, for the version not yet published).
pub fn check(site: &Site, redlines: &[std::sync::Arc<Redline>], draft: Option<&Redline>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let Some(outcome) = &site.outcome else { return diags };
    let releases = &site.versions.releases;
    let published: Vec<&str> = releases.iter().map(|r| r.version.text.as_str()).collect();
    for theme in &outcome.themes {
        let Action::Changed { changes, .. } = &theme.action else { continue };
        for c in changes {
            let Target::Paragraph(d, p) = &c.paragraph else { continue };
            let n = &site.documents[*d].body.paragraphs[*p].number;
            let (line, column) = c.at;
            let error = |message: String, help: String| {
                Diagnostic::error(&outcome.file, line, column, message).with_source(&outcome.text).with_help(help)
            };
            let wanted = VersionNumber::parse(&c.version).ok();
            let after_latest = match (&wanted, site.versions.latest()) {
                (Some(w), Some(l)) => w > &l.version,
                _ => false,
            };
            let redline = match releases.iter().position(|r| Some(&r.version) == wanted.as_ref()) {
                Some(k) => &redlines[k],
                None => match draft {
                    Some(r) if after_latest => r,
                    _ => {
                        let list = if published.is_empty() { "none yet".to_string() } else { published.join(", ") };
                        diags.push(error(
                            format!("version {} is not published, and the working draft is not it", c.version),
                            format!(
                                "a change is read in the redline of the version that made it; published versions: {list}"
                            ),
                        ));
                        continue;
                    }
                },
            };
            let slug = &site.documents[*d].slug;
            let key = format!("para-{}", n.slug());
            let changed: Vec<String> = redline
                .docs
                .iter()
                .flat_map(|doc| {
                    doc.changes.iter().filter_map(move |ch| {
                        let b = ch.new.as_ref().filter(|b| b.kind == BlockKind::Paragraph)?;
                        Some((doc.doc.slug.as_str(), b.key.as_deref()?, b.number.as_deref()?))
                    })
                })
                .filter(|(s, k, _)| *s != slug.as_str() || *k == key)
                .map(|(s, k, num)| if s == slug.as_str() && k == key { String::new() } else { format!("{s}#{num}") })
                .collect();
            if changed.iter().any(String::is_empty) {
                continue;
            }
            let same_doc: Vec<String> = redline
                .docs
                .iter()
                .filter(|doc| doc.doc.slug == *slug)
                .flat_map(|doc| doc.changes.iter())
                .filter_map(|ch| ch.new.as_ref().filter(|b| b.kind == BlockKind::Paragraph)?.number.clone())
                .map(|num| format!("{slug}#{num}"))
                .collect();
            let list: Vec<String> = same_doc.into_iter().chain(changed).collect();
            let help = if list.is_empty() {
                format!("no numbered paragraph changed in version {}", c.version)
            } else {
                format!("in version {}, these paragraphs changed: {}", c.version, list.join(", "))
            };
            diags.push(error(format!("paragraph {n} of `{slug}` did not change in version {}", c.version), help));
        }
    }
    diags
}
