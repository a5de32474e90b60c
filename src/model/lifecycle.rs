//! The consultation's lifecycle: upcoming → open → closed, responses being
//! analysed → outcome published. The dates come from `site.yaml`'s
//! `consultation:`; whether an outcome exists comes from the documents (one of
//! `kind: outcome`). Stages are never decided at build time from the clock:
//! pages state the dates, and a script in the reader's browser says which
//! stage is today's, except once the outcome is published, which is a fact
//! of the content.

use super::consultation::{FileCheck, Period};
use super::dates::Date;
use super::Document;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::raw::{self, DocKind};
use crate::load::yaml::Spanned;
use std::path::Path;

/// A closing time moved later, and why.
#[derive(Debug, Clone)]
pub struct Extension {
    /// The closing time before the extension (the period's `closes` is the new one).
    pub was: Date,
    pub reason: String,
}

/// What the lifecycle adds to the response period.
#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    pub extension: Option<Extension>,
    pub outcome_due: Option<Date>,
    pub outcome_published: Option<Date>,
    /// The document of kind `outcome`, once there is one.
    pub outcome: Option<usize>,
}

impl Lifecycle {
    /// Whether the last stage is reached: then no script decides the stage.
    pub fn concluded(&self) -> bool {
        self.outcome.is_some()
    }
}

/// Reads the lifecycle fields, moving `period.closes` to an extension's new
/// closing time (so every page and script uses the time that holds).
pub fn lifecycle(
    cfg: &raw::SiteConfig,
    path: &Path,
    text: &str,
    period: &mut Period,
    documents: &[Document],
    diags: &mut Diagnostics,
) -> Lifecycle {
    let mut check = FileCheck { path, text, diags };
    let mut out = Lifecycle::default();
    let outcomes: Vec<usize> = (0..documents.len()).filter(|&i| documents[i].kind == DocKind::Outcome).collect();
    for &i in outcomes.iter().skip(1) {
        let first = &documents[outcomes[0]].source;
        check.diags.push(
            Diagnostic::error(&documents[i].source, 1, 1, "a second document of kind `outcome`")
                .with_help(format!("a consultation has one outcome, {}; make this one `kind: page`", first.display())),
        );
    }
    out.outcome = outcomes.first().copied();
    let Some(c) = cfg.consultation.as_ref() else {
        if let Some(&o) = outcomes.first() {
            check.diags.push(missing_published(path, 0, &documents[o]));
        }
        return out;
    };
    if let Some(e) = &c.extension {
        if let Some(new) = check.date(&e.closes) {
            match period.closes {
                // A `closes` that failed to parse was reported already.
                None if c.closes.is_some() => {}
                None => check.error(
                    &e.closes,
                    "an extension moves the closing time, but `closes` is not given".into(),
                    Some("give the first closing time as `closes:` and the new one here".into()),
                ),
                Some(was) if !was.is_before(&new) => check.error(
                    &e.closes,
                    format!("the extension closes ({}) no later than the first closing time ({})", new, was),
                    Some("an extension's `closes` is the new, later closing time".into()),
                ),
                Some(was) => {
                    if new.time.is_some() != was.time.is_some() {
                        check.error(
                            &e.closes,
                            "give the extension's closing time the way `closes` is given, with or without a time"
                                .into(),
                            None,
                        );
                    }
                    period.closes = Some(new);
                    out.extension = Some(Extension { was, reason: e.reason.trim().to_string() });
                }
            }
            if e.reason.trim().is_empty() {
                check.error(&e.closes, "an extension needs a reason".into(), Some("say why under `reason:`".into()));
            }
        }
    }
    if let Some(d) = &c.outcome_due {
        out.outcome_due = check.date(d);
        if let (Some(due), Some(closes)) = (out.outcome_due, period.closes) {
            if due.is_before(&closes) {
                check.error(
                    d,
                    format!("the outcome is due ({}) before the consultation closes ({})", due.long(), closes.long()),
                    None,
                );
            } else if days_between(&closes, &due).is_some_and(|n| n > 84) {
                let (line, column) = crate::load::yaml::position(d);
                check.diags.push(
                    Diagnostic::warning(
                        path,
                        line,
                        column,
                        format!("the outcome is due more than 12 weeks after the close ({})", closes.long()),
                    )
                    .with_source(text)
                    .with_help("the UK Consultation Principles expect the outcome within 12 weeks of the close"),
                );
            }
        }
    }
    if let Some(d) = &c.outcome_published {
        out.outcome_published = check.date(d);
        if outcomes.is_empty() {
            check.error(
                d,
                "`outcome_published` is given, but no document has `kind: outcome`".into(),
                Some("publish the outcome as a Markdown document with `kind: outcome` in its front matter".into()),
            );
        }
        if let (Some(p), Some(closes)) = (out.outcome_published, period.closes) {
            if p.is_before(&closes) {
                check.error(
                    d,
                    format!(
                        "the outcome is published ({}) before the consultation closes ({})",
                        p.long(),
                        closes.long()
                    ),
                    None,
                );
            }
        }
    } else if let Some(&o) = outcomes.first() {
        let line = text.lines().position(|l| l.starts_with("consultation:")).map_or(0, |l| l + 1);
        check.diags.push(missing_published(path, line, &documents[o]));
    }
    out
}

/// Whole days from `a` to `b`, when both name a day.
fn days_between(a: &Date, b: &Date) -> Option<i64> {
    let civil = |d: &Date| jiff::civil::Date::new(d.year as i16, d.month as i8, d.day? as i8).ok();
    let span = civil(a)?.until(civil(b)?).ok()?;
    Some(span.get_days() as i64)
}

fn missing_published(path: &Path, line: usize, outcome: &Document) -> Diagnostic {
    Diagnostic::error(
        path,
        line,
        usize::from(line > 0),
        format!("the outcome is published ({}), but site.yaml does not say when", outcome.source.display()),
    )
    .with_help("add `outcome_published: YYYY-MM-DD` under `consultation:`")
}

/// The placeholders a response URL template may hold.
pub const PLACEHOLDERS: [&str; 4] = ["document", "paragraph", "question", "version"];

/// Checks a response URL template: a web address whose `{…}` parts are all
/// known placeholders.
pub fn url_template(value: &Spanned<String>, check: &mut FileCheck) -> Option<String> {
    let v = value.value.trim();
    if !(v.starts_with("https://") || v.starts_with("http://")) {
        check.error(
            value,
            format!("`{v}` is not a web address"),
            Some("write it in full, starting with https://".into()),
        );
        return None;
    }
    let mut ok = true;
    let mut rest = v;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            check.error(value, "a `{` in the URL template is not closed".into(), None);
            return None;
        };
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            let list = PLACEHOLDERS.map(|p| format!("`{{{p}}}`")).join(", ");
            check.error(
                value,
                format!("unknown placeholder `{{{name}}}` in the URL template"),
                Some(format!("use {list}")),
            );
            ok = false;
        }
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        check.error(value, "a `}` in the URL template has no `{`".into(), None);
        return None;
    }
    ok.then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_between_counts_across_months_and_years() {
        let d = |s: &str| Date::parse(s).unwrap();
        assert_eq!(days_between(&d("2011-05-20 23:59"), &d("2011-08-12")), Some(84));
        assert_eq!(days_between(&d("2011-12-31"), &d("2012-03-01")), Some(61));
        assert_eq!(days_between(&d("2011-05"), &d("2011-08-12")), None);
    }
}
