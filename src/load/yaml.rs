//! The one module that knows the YAML crate: text in, typed value or a
//! positioned diagnostic out.

use crate::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;
use std::path::Path;

/// A value with the line and column it was written at.
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// Line and column (1-based) of a spanned value.
pub fn position<T>(value: &Spanned<T>) -> (usize, usize) {
    (value.referenced.line() as usize, value.referenced.column() as usize)
}

/// Parses `text`, the contents of `file`, into `T`. Line numbers in errors
/// are those of `text`, so callers that hand in part of a file pad it with
/// blank lines to keep them true.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|e| {
        let (line, column) = e.location().map(|l| (l.line() as usize, l.column() as usize)).unwrap_or((0, 0));
        let message = clean_message(&e.without_snippet().to_string());
        let d = Diagnostic::error(file, line, column, message.clone()).with_source(text);
        match field_hint(&message) {
            Some(help) => d.with_help(help),
            None => d,
        }
    })
}

/// The crate appends "at line L, column C" to its messages; we print the
/// position in front, as compilers do, so drop it here.
fn clean_message(msg: &str) -> String {
    let msg = msg.trim();
    let msg = match msg.rfind(" at line ") {
        Some(i) if msg[i..].contains(", column ") => &msg[..i],
        _ => msg,
    };
    msg.replace("`", "'")
}

/// For "unknown field 'rol', expected one of …": "did you mean `role`?".
fn field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field '").or_else(|| message.strip_prefix("unknown variant '"))?;
    let (wanted, expected) = rest.split_once("', expected one of ")?;
    let near = crate::diagnostic::nearest(wanted, expected.split(", "));
    near.first().map(|n| format!("did you mean `{n}`?"))
}
