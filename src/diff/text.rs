//! A block's words: made by this run, or kept where a cached snapshot
//! stored them and read only when first looked at. A build whose content is
//! its latest version never compares that version's words, so the words of
//! a large site's snapshot (most of it) stay on disk.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::{Arc, OnceLock};

/// A block's words (see [`super::Block::text`]); reads as a `str`.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Owned(Box<str>),
    /// Bytes `start..end` of one document's words, kept in `Stored`.
    Stored {
        stored: Arc<Stored>,
        start: u32,
        end: u32,
    },
}

/// One document's words, all blocks' one after another: read by `read`
/// the first time any of them is looked at, then held.
pub struct Stored {
    read: Box<dyn Fn() -> String + Send + Sync>,
    text: OnceLock<Box<str>>,
}

impl Stored {
    pub fn new(read: impl Fn() -> String + Send + Sync + 'static) -> Arc<Stored> {
        Arc::new(Stored { read: Box::new(read), text: OnceLock::new() })
    }

    fn text(&self) -> &str {
        self.text.get_or_init(|| (self.read)().into_boxed_str())
    }
}

impl Text {
    /// Bytes `start..end` of `stored`'s words.
    pub fn stored(stored: &Arc<Stored>, start: u32, end: u32) -> Text {
        Text(Repr::Stored { stored: stored.clone(), start, end })
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            // A stretch that is not one (a damaged cache) reads as nothing
            // rather than as half a character.
            Repr::Stored { stored, start, end } => stored.text().get(*start as usize..*end as usize).unwrap_or(""),
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Owned(s.into_boxed_str()))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Repr::Owned(s.into()))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        String::deserialize(d).map(Text::from)
    }
}

#[cfg(test)]
mod tests {
    use super::{Stored, Text};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    #[test]
    fn stored_words_are_read_once_and_only_when_looked_at() {
        let reads = Arc::new(AtomicUsize::new(0));
        let counted = reads.clone();
        let stored = Stored::new(move || {
            counted.fetch_add(1, Ordering::SeqCst);
            "first secondé".to_string()
        });
        let (a, b) = (Text::stored(&stored, 0, 5), Text::stored(&stored, 6, 14));
        let broken = Text::stored(&stored, 6, 13);
        assert_eq!(reads.load(Ordering::SeqCst), 0);
        assert_eq!((a.as_str(), b.as_str()), ("first", "secondé"));
        assert_eq!(broken.as_str(), "", "a stretch ending inside a character");
        assert_eq!(reads.load(Ordering::SeqCst), 1);
        assert_eq!(a, Text::from("first"));
    }
}
