//! The theme's Tera templates, compiled once per build, with their errors
//! turned into diagnostics that name the template file, line and column.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::ThemeFiles;
use std::path::{Path, PathBuf};
use tera::{Context, ErrorKind, Tera};

/// The compiled templates of a theme.
pub struct Templates {
    tera: Tera,
    /// Template name → file path and text, to point errors at the source.
    sources: Vec<(String, PathBuf, String)>,
}

/// Templates every theme must have.
pub const REQUIRED: [&str; 9] = [
    "404.html",
    "document.html",
    "index.html",
    "meeting.html",
    "meetings.html",
    "outcomes.html",
    "recommendations.html",
    "stakeholder.html",
    "stakeholders.html",
];

impl Templates {
    /// Compiles every template of `theme`; reports each that fails.
    pub fn compile(theme: &ThemeFiles) -> Result<Templates, Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut tera = Tera::new();
        let sources = theme.templates.iter().map(|(n, t)| (n.clone(), t.path.clone(), t.text.clone())).collect();
        // Tera stops at the first syntax error; set that template aside and
        // try again so every broken template is reported in one run.
        let mut pending: Vec<(&str, &str)> =
            theme.templates.iter().map(|(n, t)| (n.as_str(), t.text.as_str())).collect();
        loop {
            let mut attempt = Tera::new();
            attempt.autoescape_on(vec![".html", ".xml"]);
            match attempt.add_raw_templates(pending.iter().copied()) {
                Ok(()) => {
                    tera = attempt;
                    break;
                }
                Err(e) => {
                    // Inheritance errors name the template that extends or includes.
                    let (broken, needle) = match e.kind() {
                        ErrorKind::SyntaxError(r) => (Some(r.filename().to_string()), None),
                        ErrorKind::MissingParent { current, parent } => (Some(current.clone()), Some(parent.clone())),
                        ErrorKind::CircularExtend { tpl, .. } => (Some(tpl.clone()), Some("extends".to_string())),
                        ErrorKind::CircularInclude { tpl, .. } => (Some(tpl.clone()), Some("include".to_string())),
                        _ => (None, None),
                    };
                    let (path, text) = match broken.as_deref().and_then(|b| theme.templates.get(b)) {
                        Some(t) => (t.path.clone(), Some(t.text.as_str())),
                        None => (theme_dir(theme), None),
                    };
                    let d = match (needle, text) {
                        (Some(needle), Some(text)) => {
                            let line = text.lines().position(|l| l.contains(&needle)).map_or(0, |i| i + 1);
                            Diagnostic::error(&path, line, 0, flatten(&e.to_string())).with_source(text)
                        }
                        _ => to_diagnostic(&e, &path, text),
                    };
                    // A missing parent after a set-aside template is a consequence, not news.
                    if broken.is_some() || !diags.has_errors() {
                        diags.push(d);
                    }
                    match broken {
                        Some(b) if pending.iter().any(|(n, _)| *n == b) => pending.retain(|(n, _)| *n != b),
                        _ => break,
                    }
                }
            }
        }
        for name in REQUIRED {
            if !theme.templates.contains_key(name) {
                diags.push(Diagnostic::error(theme_dir(theme), 0, 0, format!("the theme has no template `{name}`")));
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Templates { tera, sources })
    }

    /// Renders `name` with `context`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|e| self.diagnostic(name, &e))
    }

    /// The page `page` renders to, in a buffer of its `hint`'s size.
    pub fn render_page(&self, page: &super::pages::Page) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(page.hint.max(8 * 1024));
        match self.tera.render_to(page.template, &page.context, &mut out) {
            Ok(()) => Ok(out),
            Err(e) => Err(self.diagnostic(page.template, &e)),
        }
    }

    /// `e`, from rendering template `name`, as a diagnostic naming the file
    /// it happened in.
    fn diagnostic(&self, name: &str, e: &tera::Error) -> Diagnostic {
        let file = match &e.kind() {
            ErrorKind::RenderingError(r) | ErrorKind::SyntaxError(r) => r.filename().to_string(),
            _ => name.to_string(),
        };
        match self.sources.iter().find(|(n, _, _)| *n == file) {
            Some((_, path, text)) => to_diagnostic(e, path, Some(text)),
            None => to_diagnostic(e, Path::new(&file), None),
        }
    }
}

fn theme_dir(theme: &ThemeFiles) -> PathBuf {
    Path::new("themes").join(&theme.name)
}

fn to_diagnostic(e: &tera::Error, path: &Path, source: Option<&str>) -> Diagnostic {
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            let d = Diagnostic::error(path, span.start_line, span.start_col + 1, flatten(r.message()));
            match source {
                Some(s) => d.with_source(s),
                None => d,
            }
        }
        _ => Diagnostic::error(path, 0, 0, flatten(&e.to_string())),
    }
}

fn flatten(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().trim_start_matches("error: ").to_string()
}
