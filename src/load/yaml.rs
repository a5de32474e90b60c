//! The one module that knows the YAML crate: text in, typed value or
//! positioned diagnostics out, in words a facilitator understands.

use super::fields::{self, Node, Problem};
use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;
use serde_saphyr::{Error, MessageFormatter, UserMessageFormatter};
use std::any::TypeId;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

/// A value with the line and column it was written at.
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// Line and column (1-based) of a spanned value.
pub fn position<T>(value: &Spanned<T>) -> (usize, usize) {
    (value.referenced.line() as usize, value.referenced.column() as usize)
}

/// Parses `text`, the contents of `file`, into `T`. Line numbers in errors
/// are those of `text`, so callers that hand in part of a file pad it with
/// blank lines to keep them true.
///
/// Every unknown and every missing field is reported, not only the first;
/// other errors stop at the first, as serde does.
pub fn parse<T: DeserializeOwned + 'static>(file: &Path, text: &str) -> Result<T, Vec<Diagnostic>> {
    // Every type read denies unknown fields, so a file that reads has none
    // to report, nor a missing one: it is read once. One that does not is
    // read again as a bare tree, to find all of them.
    let typed = match serde_saphyr::from_str::<T>(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let problems = match serde_saphyr::from_str::<Node>(text) {
        Ok(node) => fields::problems(&node, &schema::<T>()),
        // The typed error below is the same problem, and says it.
        Err(_) => Vec::new(),
    };
    let (at_line, at_column) = typed.location().map(|l| (l.line() as usize, l.column() as usize)).unwrap_or((0, 0));
    let e = typed.without_snippet();
    let mut diags = Vec::new();
    let mut said_typed = false;
    for p in &problems {
        let d = match p {
            Problem::Unknown { key, line, column, expected } => {
                let d = Diagnostic::error(
                    file,
                    *line,
                    *column,
                    format!("unknown field '{}', expected one of {}", excerpt(key, 60), expected.join(", ")),
                );
                match crate::diagnostic::nearest(key, expected.iter().copied()).first() {
                    Some(n) => d.with_help(format!("did you mean `{n}`?")),
                    None => d,
                }
            }
            Problem::Missing { field, line, column } => {
                // serde names the first missing field of the file too, where it
                // noticed; keep its position for that one.
                let (line, column) = match e {
                    Error::SerdeMissingField { field: f, .. } if f == field && !said_typed => {
                        said_typed = true;
                        (at_line, at_column)
                    }
                    _ => (*line, *column),
                };
                Diagnostic::error(file, line, column, format!("missing field '{field}'"))
            }
        };
        diags.push(d.with_source(text));
    }
    let covered = match e {
        Error::SerdeUnknownField { .. } => diags.iter().any(|d| d.line == at_line),
        Error::SerdeMissingField { field, .. } => diags.iter().any(|d| d.message == format!("missing field '{field}'")),
        _ => false,
    };
    if !covered {
        let (message, help) = message(e);
        let mut d = Diagnostic::error(file, at_line, at_column, message).with_source(text);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        diags.push(d);
    }
    Err(diags)
}

/// The fields of `T`, worked out once per type.
fn schema<T: DeserializeOwned + 'static>() -> Arc<fields::Schema> {
    static SCHEMAS: OnceLock<Mutex<HashMap<TypeId, Arc<fields::Schema>>>> = OnceLock::new();
    let mut schemas = SCHEMAS.get_or_init(Mutex::default).lock().unwrap_or_else(|e| e.into_inner());
    schemas.entry(TypeId::of::<T>()).or_insert_with(|| Arc::new(fields::schema::<T>())).clone()
}

/// The error in plain words, and a hint when there is one.
fn message(e: &Error) -> (String, Option<String>) {
    match e {
        Error::SerdeUnknownVariant { variant, expected, .. } => {
            let near = crate::diagnostic::nearest(variant, expected.iter().copied());
            (
                format!("unknown variant '{variant}', expected one of {}", expected.join(", ")),
                near.first().map(|n| format!("did you mean `{n}`?")),
            )
        }
        Error::SerdeUnknownField { field, expected, .. } => {
            (format!("unknown field '{}', expected one of {}", excerpt(field, 60), expected.join(", ")), None)
        }
        Error::SerdeMissingField { field, .. } => (format!("missing field '{field}'"), None),
        Error::NullIntoString { .. } => (
            "this value is empty".into(),
            Some("write the text after the colon, or leave the whole line out if the field is optional".into()),
        ),
        Error::SerdeInvalidType { unexpected, expected, .. }
        | Error::SerdeInvalidValue { unexpected, expected, .. } => {
            (format!("expected {}, found {}", plain_expected(expected), plain_found(unexpected)), None)
        }
        Error::InvalidScalar { ty, .. } => (format!("expected {} here", plain_expected(ty)), None),
        Error::Unexpected { expected, .. } => (format!("expected {} here", plain_expected(expected)), None),
        Error::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => format!("'{}' is given twice", excerpt(k, 60)),
                None => "a key is given twice".into(),
            },
            Some("keep one of them".into()),
        ),
        Error::MultipleDocuments { .. } => (
            "more than one YAML document: a `---` line starts a second one".into(),
            Some("remove the extra `---` line".into()),
        ),
        Error::Budget { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => {
            ("the YAML is too large or too deeply nested to read".into(), Some("simplify the file".into()))
        }
        _ => (user_words(&UserMessageFormatter.format_message(e)), None),
    }
}

/// What serde expected, said plainly: `i64` → "a whole number".
fn plain_expected(expected: &str) -> String {
    let e = expected.trim();
    let words = match e {
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "f32" | "f64" => "a number",
        "a string" | "string" | "string scalar" | "a borrowed string" | "char" | "a character" => "text",
        "a boolean" | "bool" => "true or false",
        "a sequence" => "a list (lines starting with `- `)",
        "a map" => "a mapping (`key: value` lines)",
        _ if e.starts_with("struct ") => "a mapping (`key: value` lines)",
        _ if e.starts_with("enum ") || e.contains("variant") => "one of the allowed words",
        _ if e.starts_with("a sequence") => "a list (lines starting with `- `)",
        _ => return user_words(e),
    };
    words.into()
}

/// What serde found, said plainly: `string "x"` → "`x`".
fn plain_found(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("`{}`", excerpt(s.trim_matches('"'), 60));
    }
    if found.starts_with("integer ") || found.starts_with("floating point ") {
        return format!("the number {}", found.rsplit(' ').next().unwrap_or(found).trim_matches('`'));
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        "unit value" | "null" => "nothing".into(),
        _ => user_words(found),
    }
}

/// The crate's words for users, with its Rust and option names taken out.
fn user_words(msg: &str) -> String {
    let msg = msg.trim().replace('`', "'");
    if msg.starts_with("mapping values are not allowed") {
        return "a `: ` inside a value: put the value in quotes, or start a new line for the next field".into();
    }
    let msg = match msg.split_once(", set ").or_else(|| msg.split_once("; use ")) {
        Some((head, _)) => head.to_string(),
        None => msg,
    };
    excerpt(&msg, 200)
}

/// At most `max` characters of `s`, cut at a character, with "…" when cut.
pub fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw;

    fn errors<T: DeserializeOwned + std::fmt::Debug + 'static>(text: &str) -> Vec<String> {
        parse::<T>(Path::new("f.yaml"), text).unwrap_err().iter().map(|d| d.to_string()).collect()
    }

    /// [`parse`] reads a file once when it parses: that holds only while
    /// every struct read from YAML denies unknown fields.
    #[test]
    fn every_struct_read_from_yaml_denies_unknown_fields() {
        let sources = [
            ("raw.rs", include_str!("raw.rs")),
            ("raw_lifecycle.rs", include_str!("raw_lifecycle.rs")),
            ("versions.rs", include_str!("versions.rs")),
        ];
        let mut structs = 0;
        for (file, text) in sources {
            // A flattened field takes the keys its struct does not know.
            assert!(!text.contains("serde(flatten"), "{file} flattens a field");
            let lines: Vec<&str> = text.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                if !(line.starts_with("#[derive(") && line.contains("Deserialize")) {
                    continue;
                }
                let attrs: Vec<&str> = lines[i + 1..].iter().take_while(|l| l.starts_with("#[")).copied().collect();
                let item = lines[i + 1 + attrs.len()];
                if item.starts_with("pub struct") || item.starts_with("struct") {
                    structs += 1;
                    assert!(attrs.iter().any(|a| a.contains("deny_unknown_fields")), "{file}: {item}");
                }
                assert!(!attrs.iter().any(|a| a.contains("untagged") || a.contains("flatten")), "{file}: {item}");
            }
        }
        assert!(structs >= 20, "{structs} structs found");
    }

    #[test]
    fn every_unknown_field_is_reported() {
        let e = errors::<raw::SiteConfig>("title: A\nlangauge: en\nrespond:\n  emial: a@b.org\n");
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].starts_with("f.yaml:2:1: error: unknown field 'langauge'"), "{e:?}");
        assert!(e[1].starts_with("f.yaml:4:3: error: unknown field 'emial'"), "{e:?}");
    }

    #[test]
    fn every_missing_field_is_reported() {
        let e = errors::<raw::MeetingFront>("summary: A\nactions:\n  - owner: x\n");
        assert_eq!(e.len(), 4, "{e:?}");
        for field in ["title", "date", "status", "what"] {
            assert!(e.iter().any(|d| d.contains(&format!("error: missing field '{field}'"))), "{field}: {e:?}");
        }
        assert!(e.iter().any(|d| d.starts_with("f.yaml:3:5: error: missing field 'what'")), "{e:?}");
    }

    #[test]
    fn messages_speak_plainly() {
        let e = errors::<raw::DocFront>("title:\n");
        assert!(e[0].contains("this value is empty"), "{e:?}");
        let e = errors::<raw::DocFront>("title: A\norder: first\n");
        assert!(e[0].contains("expected a whole number here"), "{e:?}");
        let e = errors::<raw::DocFront>("title: A\ntitle: B\n");
        assert!(e[0].contains("'title' is given twice"), "{e:?}");
    }
}
