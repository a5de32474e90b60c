//! Consultation questions (`content/data/questions.yaml`): numbered in the
//! file's order, each naming the paragraphs it asks about, checked like
//! every other reference.

use super::consultation::{self, FileCheck};
use super::refs::Index;
use super::{Document, Target};
use crate::diagnostic::Diagnostics;
use crate::load::raw_lifecycle as raw;
use crate::load::DataFile;
use std::collections::BTreeMap;

/// A question put to respondents.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    /// 1 for the first question in the file.
    pub number: usize,
    pub text: String,
    /// What it asks about: paragraphs, sections or documents.
    pub about: Vec<Target>,
    pub note: Option<String>,
}

/// The questions, with their references resolved; and id → index, for the
/// outcome's themes to name them.
pub fn questions(
    file: &DataFile<raw::Question>,
    index: &Index,
    documents: &[Document],
    diags: &mut Diagnostics,
) -> (Vec<Question>, BTreeMap<String, usize>) {
    let mut check = FileCheck { path: &file.path, text: &file.text, diags };
    let ids = consultation::index_ids(file.items.iter().map(|q| &q.id), "question", &mut check);
    let ids = ids.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let list = file
        .items
        .iter()
        .enumerate()
        .map(|(i, q)| {
            if q.text.trim().is_empty() {
                check.error(&q.id, format!("question `{}` has no text", q.id.value), None);
            }
            Question {
                id: q.id.value.clone(),
                number: i + 1,
                text: q.text.trim().to_string(),
                about: q.about.iter().filter_map(|a| check.reference(a, index, documents)).collect(),
                note: q.note.clone(),
            }
        })
        .collect();
    (list, ids)
}
