//! Front-matter keys of Jekyll, which documents converted from a Jekyll site
//! keep: named in one warning and set aside, so they are not read as typos.

use crate::diagnostic::Diagnostic;
use std::path::Path;

/// Keys only Jekyll (and its common themes and plugins) gives a page.
const JEKYLL: [&str; 11] = [
    "layout",
    "permalink",
    "categories",
    "category",
    "tags",
    "published",
    "excerpt",
    "excerpt_separator",
    "redirect_from",
    "redirect_to",
    "nav_order",
];

/// The front matter `yaml` with Jekyll's top-level keys (and their indented
/// values) blanked out, line numbers kept, and the keys found with their lines.
pub fn without_jekyll_keys(yaml: &str) -> (String, Vec<(String, usize)>) {
    let mut out = String::with_capacity(yaml.len());
    let mut found = Vec::new();
    let mut blanking = false;
    for (i, line) in yaml.split_inclusive('\n').enumerate() {
        let continues = line.starts_with([' ', '\t', '-']) || line.trim().is_empty();
        if blanking && continues {
            out.push('\n');
            continue;
        }
        blanking = false;
        let key = line.split_once(':').map(|(k, _)| k.trim_end()).unwrap_or("");
        if !line.starts_with([' ', '\t']) && JEKYLL.contains(&key) {
            found.push((key.to_string(), i + 1));
            blanking = true;
            out.push('\n');
        } else {
            out.push_str(line);
        }
    }
    (out, found)
}

/// One warning naming every Jekyll key `found` in the front matter of `rel`.
pub fn jekyll_warning(rel: &Path, text: &str, found: &[(String, usize)]) -> Option<Diagnostic> {
    let (_, line) = found.first()?;
    let keys: Vec<String> = found.iter().map(|(k, _)| format!("`{k}`")).collect();
    let message = if keys.len() == 1 {
        format!("{} is a Jekyll front-matter key; consult ignores it", keys[0])
    } else {
        format!("{} are Jekyll front-matter keys; consult ignores them", keys.join(", "))
    };
    let help = "delete from the front matter: a document's address is its file name, and the theme lays out every page";
    Some(Diagnostic::warning(rel, *line, 1, message).with_source(text).with_help(help))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_jekyll_keys_and_their_values_keeping_lines() {
        let yaml = "\ntitle: A\nlayout: post\ntags:\n  - a\n- b\nsummary: S\n";
        let (rest, found) = without_jekyll_keys(yaml);
        assert_eq!(rest, "\ntitle: A\n\n\n\n\nsummary: S\n");
        assert_eq!(found, vec![("layout".to_string(), 3), ("tags".to_string(), 4)]);
    }
}
