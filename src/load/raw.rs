//! Raw input structs: the input format exactly as written, no meaning yet.
//! Every struct rejects unknown fields so a typo never passes silently.

use super::yaml::Spanned;
use serde::Deserialize;

/// `content/site.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub base_url: Option<Spanned<String>>,
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub consultation: Option<Consultation>,
    #[serde(default)]
    pub respond: Option<Respond>,
    #[serde(default)]
    pub accessibility: Option<Accessibility>,
}

/// What the accessibility statement says beyond what the build checks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// Where to report a problem: an email address or a web address.
    #[serde(default)]
    pub contact: Option<Spanned<String>>,
    /// When the statement was prepared (and last reviewed).
    #[serde(default)]
    pub prepared: Option<Spanned<String>>,
    #[serde(default)]
    pub reviewed: Option<Spanned<String>>,
    /// Content known not to meet WCAG 2.2 AA, in plain words.
    #[serde(default)]
    pub limitations: Vec<String>,
    /// `great-britain` (the EHRC enforces) or `northern-ireland` (the ECNI).
    #[serde(default)]
    pub region: Option<Region>,
}

/// Where the publisher is, which decides who enforces the regulations.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    #[default]
    GreatBritain,
    NorthernIreland,
}

/// When the consultation is open for responses.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    #[serde(default)]
    pub opens: Option<Spanned<String>>,
    #[serde(default)]
    pub closes: Option<Spanned<String>>,
    #[serde(default)]
    pub status_note: Option<String>,
    /// The IANA time zone the dates and times are in: `Europe/London`.
    #[serde(default)]
    pub timezone: Option<Spanned<String>>,
    /// A later closing time, and why.
    #[serde(default)]
    pub extension: Option<super::raw_lifecycle::Extension>,
    /// When the outcome is due, and when it was published.
    #[serde(default)]
    pub outcome_due: Option<Spanned<String>>,
    #[serde(default)]
    pub outcome_published: Option<Spanned<String>>,
}

/// The ways a reader can respond; any of them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Respond {
    #[serde(default)]
    pub email: Option<Spanned<String>>,
    #[serde(default)]
    pub web: Option<Spanned<String>>,
    #[serde(default)]
    pub post: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Any web address with `{document}`, `{paragraph}`, `{question}`, `{version}`.
    #[serde(default)]
    pub url_template: Option<Spanned<String>>,
    /// What the template's link is called: "Open an issue".
    #[serde(default)]
    pub url_label: Option<String>,
}

/// The kind of a document.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    Report,
    Appendix,
    #[default]
    Page,
    /// The response to the consultation: what was said and what was done.
    Outcome,
}

/// How paragraph numbers are found.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    /// Numbers are written at the start of each paragraph.
    #[default]
    Manual,
    /// Sections and paragraphs are numbered by the generator.
    Auto,
    /// As `manual`, and the items of top-level ordered lists (`13. The
    /// Committee…`, which Markdown reads as a list) are numbered paragraphs.
    Lists,
}

/// The front matter of a document (`content/*.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocFront {
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    #[serde(default)]
    pub kind: DocKind,
    #[serde(default)]
    pub order: Option<i64>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub numbering: Numbering,
}

/// Whether a meeting has happened.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MeetingStatus {
    Held,
    Scheduled,
    Cancelled,
}

/// The front matter of a meeting (`content/meetings/*.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFront {
    pub title: String,
    pub date: Spanned<String>,
    #[serde(default)]
    pub end_date: Option<Spanned<String>>,
    #[serde(default)]
    pub group: Option<String>,
    pub status: MeetingStatus,
    #[serde(default)]
    pub summary: Option<String>,
    /// When it starts and ends on its day (`10:00`), in the site's time zone.
    #[serde(default)]
    pub start: Option<Spanned<String>>,
    #[serde(default)]
    pub end: Option<Spanned<String>>,
    /// Each an organisation or a person, optionally `(remote)` or `(in person)`.
    #[serde(default)]
    pub attendees: Vec<Spanned<String>>,
    #[serde(default)]
    pub apologies: Vec<Spanned<String>>,
    /// Observers, officers, the secretariat: present but not members.
    #[serde(default)]
    pub in_attendance: Vec<Spanned<String>>,
    #[serde(default)]
    pub declarations: Vec<Declaration>,
    #[serde(default)]
    pub decisions: Vec<String>,
    #[serde(default)]
    pub actions: Vec<Action>,
    #[serde(default)]
    pub recommendations: Vec<Spanned<String>>,
}

/// An action agreed at a meeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub what: String,
    #[serde(default)]
    pub owner: Option<Spanned<String>>,
    #[serde(default)]
    pub owners: Vec<Spanned<String>>,
    #[serde(default)]
    pub due: Option<Spanned<String>>,
    #[serde(default)]
    pub status: Option<ActionStatus>,
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ActionStatus {
    Open,
    Done,
    Dropped,
}

/// A declaration of interest made at a meeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    /// An organisation or a person.
    pub who: Spanned<String>,
    pub interest: String,
    /// The agenda item it concerns, as numbered in the notes (`3`, `3.2`).
    #[serde(default)]
    pub item: Option<Spanned<String>>,
}

/// One entry of `content/data/stakeholders.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stakeholder {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub full_name: Option<String>,
    pub kind: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub joined: Option<String>,
    #[serde(default)]
    pub part_of: Option<Spanned<String>>,
    #[serde(default)]
    pub people: Vec<Person>,
    /// People of other organisations who are members too (ids).
    #[serde(default)]
    pub members: Vec<Spanned<String>>,
}

/// A person of an organisation (`people:` under a stakeholder).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Needed to name them in minutes; without one it is `<stakeholder>-<n>`.
    #[serde(default)]
    pub id: Option<Spanned<String>>,
    pub name: String,
    /// As minutes write them: `RC`.
    #[serde(default)]
    pub initials: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
}

/// One entry of `content/data/people.yaml`: a person, of an organisation or none.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub initials: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    /// The stakeholder they belong to.
    #[serde(default)]
    pub organisation: Option<Spanned<String>>,
}

/// The status of a recommendation.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum RecStatus {
    Proposed,
    AgreedInPrinciple,
    Agreed,
    Rejected,
    Superseded,
}

/// One entry of `content/data/recommendations.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub id: Spanned<String>,
    /// Without one, the register shows the text's first sentence.
    #[serde(default)]
    pub title: Option<String>,
    /// The recommendation in its own words (Markdown).
    #[serde(default)]
    pub text: Option<Spanned<String>>,
    #[serde(default)]
    pub stated_in: Option<Spanned<String>>,
    /// Paragraphs of this site (`report#4.2`), or of documents elsewhere in
    /// plain words (anything with a space: `Lammy Review, paragraph 12`).
    #[serde(default)]
    pub reasons: Vec<Spanned<String>>,
    /// `proposed` when not given.
    #[serde(default)]
    pub status: Option<RecStatus>,
    #[serde(default)]
    pub status_note: Option<String>,
    #[serde(default)]
    pub decided_at: Option<Spanned<String>>,
    #[serde(default)]
    pub owners: Vec<Spanned<String>>,
    #[serde(default)]
    pub work_stream: Option<Spanned<String>>,
}

/// One service theme of `content/data/outcomes.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeTheme {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub status: String,
    #[serde(default)]
    pub to_be_developed: Option<String>,
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
}

/// An outcome within a theme.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub text: String,
    #[serde(default)]
    pub indicators: Vec<String>,
    #[serde(default)]
    pub status: Option<String>,
}

/// One entry of `content/data/key-dates.yaml`: a date that is not a meeting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyDate {
    pub date: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub source: Option<Spanned<String>>,
}
