//! What the accessibility statement states from `site.yaml`: the contact,
//! the dates, the known limitations. The rest of the statement comes from
//! what the build itself checks (see `render::accessibility`).

use super::consultation::FileCheck;
use super::dates::Date;
use crate::diagnostic::Diagnostics;
use crate::load::raw::{self, Region};
use std::path::Path;

/// How a reader reports an accessibility problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    Email(String),
    Web(String),
}

/// The publisher's part of the accessibility statement.
#[derive(Debug, Clone, Default)]
pub struct Accessibility {
    pub contact: Option<Contact>,
    pub prepared: Option<Date>,
    pub reviewed: Option<Date>,
    pub limitations: Vec<String>,
    pub region: Region,
}

/// Checks `site.yaml`'s `accessibility` section.
pub fn accessibility(cfg: &raw::SiteConfig, path: &Path, text: &str, diags: &mut Diagnostics) -> Accessibility {
    let Some(a) = &cfg.accessibility else { return Accessibility::default() };
    let mut check = FileCheck { path, text, diags };
    let contact = a.contact.as_ref().and_then(|c| {
        let v = c.value.trim();
        if v.starts_with("https://") || v.starts_with("http://") {
            Some(Contact::Web(v.to_string()))
        } else if v.contains('@') && !v.contains(char::is_whitespace) && !v.contains(['?', ':', '/']) {
            Some(Contact::Email(v.to_string()))
        } else {
            check.error(
                c,
                format!("`{v}` is neither an email address nor a web address"),
                Some("write `access@example.org` or a full address starting with https://".into()),
            );
            None
        }
    });
    let prepared = a.prepared.as_ref().and_then(|d| check.date(d));
    let reviewed = a.reviewed.as_ref().and_then(|d| check.date(d));
    if let (Some(p), Some(r), Some(span)) = (prepared, reviewed, a.reviewed.as_ref()) {
        if r < p {
            check.error(
                span,
                format!("the statement is reviewed ({}) before it was prepared ({})", r.long(), p.long()),
                None,
            );
        }
    }
    Accessibility {
        contact,
        prepared,
        reviewed,
        limitations: a.limitations.clone(),
        region: a.region.unwrap_or_default(),
    }
}
