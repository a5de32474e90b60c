//! Raw input of the lifecycle: the extension in `site.yaml`,
//! `content/data/questions.yaml` and `content/data/responses.yaml`, exactly
//! as written (`deny_unknown_fields`, positions kept where a value is checked).

use super::yaml::Spanned;
use serde::Deserialize;

/// `consultation: extension:` in site.yaml: the new closing time and why.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    pub closes: Spanned<String>,
    pub reason: String,
}

/// One entry of `content/data/questions.yaml`; numbered in the file's order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: Spanned<String>,
    pub text: String,
    /// The paragraphs (or sections, or documents) it asks about: `report#2.1`.
    #[serde(default)]
    pub about: Vec<Spanned<String>>,
    #[serde(default)]
    pub note: Option<String>,
}

/// `content/data/responses.yaml`: what responses said and what was done.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Responses {
    pub received: Received,
    #[serde(default)]
    pub themes: Vec<Theme>,
}

/// How many responses came in, by type of respondent where given.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Received {
    pub total: Spanned<u64>,
    #[serde(default)]
    pub by_type: Vec<ByType>,
}

/// Responses from one type of respondent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByType {
    #[serde(rename = "type")]
    pub kind: String,
    pub count: u64,
}

/// A theme of the responses: you said → we did.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: Spanned<String>,
    pub title: String,
    pub you_said: String,
    #[serde(default)]
    pub questions: Vec<Spanned<String>>,
    #[serde(default)]
    pub paragraphs: Vec<Spanned<String>>,
    /// What was done; with `changed`, the paragraphs it changed.
    #[serde(default)]
    pub we_did: Option<Spanned<String>>,
    #[serde(default)]
    pub changed: Vec<Changed>,
    /// Why nothing changed, instead of `we_did`.
    #[serde(default)]
    pub no_change: Option<Spanned<String>>,
}

/// A paragraph changed in a published version because of a theme.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Changed {
    pub version: Spanned<String>,
    pub paragraph: Spanned<String>,
}
