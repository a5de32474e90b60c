//! The theme: templates and static files, built in or from the site folder.

use super::yaml::{self, Spanned};
use crate::diagnostic::{Diagnostic, Diagnostics};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The default theme, compiled into the binary so `consult` works anywhere.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A template's text and the path to name in its errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    pub path: PathBuf,
    pub text: String,
}

/// The theme a site is rendered with.
#[derive(Debug, Clone)]
pub struct ThemeFiles {
    pub name: String,
    /// Template name (`base.html`) → template.
    pub templates: BTreeMap<String, Template>,
    /// Path under `static/` → bytes; written under `assets/`.
    pub statics: BTreeMap<String, Vec<u8>>,
}

/// The built-in default theme.
pub fn builtin() -> ThemeFiles {
    let mut theme = ThemeFiles { name: "default".into(), templates: BTreeMap::new(), statics: BTreeMap::new() };
    add_embedded(&DEFAULT_THEME, &mut theme);
    theme
}

fn add_embedded(dir: &Dir<'static>, theme: &mut ThemeFiles) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            let shown = PathBuf::from(format!("themes/default/{path} (built in)"));
            theme.templates.insert(name.to_string(), Template { path: shown, text });
        } else if let Some(name) = path.strip_prefix("static/") {
            theme.statics.insert(name.to_string(), file.contents().to_vec());
        }
    }
    for sub in dir.dirs() {
        add_embedded(sub, theme);
    }
}

/// The theme named in site.yaml (`default` when none is named). Files in the
/// site's own `themes/<name>/` replace the built-in ones of the same name, so a
/// site can change one template and keep the rest.
pub fn load(root: &Path, name: Option<&Spanned<String>>, site_path: &Path) -> Result<ThemeFiles, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut theme = builtin();
    let wanted = name.map_or("default", |n| n.value.as_str());
    let dir = root.join("themes").join(wanted);
    if !dir.is_dir() {
        if let (Some(n), true) = (name, wanted != "default") {
            let (line, column) = yaml::position(n);
            diags.push(
                Diagnostic::error(
                    site_path,
                    line,
                    column,
                    format!("no theme `{wanted}`: there is no folder themes/{wanted}/"),
                )
                .with_help("leave `theme` out to use the built-in default theme"),
            );
            return Err(diags);
        }
        return Ok(theme);
    }
    theme.name = wanted.to_string();
    let walk = WalkDir::new(&dir).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(|e| !super::ignore::is_ignored(&e.file_name().to_string_lossy())) {
        let entry = match entry {
            Ok(e) if e.file_type().is_file() => e,
            Ok(_) => continue,
            Err(e) => {
                diags.push(Diagnostic::global(format!("cannot read theme: {e}")));
                continue;
            }
        };
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
        let inner = entry.path().strip_prefix(&dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
        let bytes = match std::fs::read(entry.path()) {
            Ok(b) => b,
            Err(e) => {
                diags.push(Diagnostic::error(&rel, 0, 0, format!("cannot read file: {e}")));
                continue;
            }
        };
        if let Some(name) = inner.strip_prefix("templates/") {
            match super::utf8(&rel, bytes) {
                Ok(text) => {
                    theme.templates.insert(name.to_string(), Template { path: rel, text });
                }
                Err(d) => diags.push(d),
            }
        } else if let Some(name) = inner.strip_prefix("static/") {
            theme.statics.insert(name.to_string(), bytes);
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(theme)
    }
}
