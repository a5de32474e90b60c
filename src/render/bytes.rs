//! A file's bytes in an [`Output`](super::Output), shared rather than copied:
//! `serve` keeps the pages of the last build and hands the unchanged ones to
//! the next [`Output`](super::Output) as they are, instead of copying tens
//! of megabytes on every save. Reads like a `[u8]`.

use std::ops::Deref;
use std::sync::Arc;

/// Immutable bytes behind a shared pointer; cloning one is a count, not a copy.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bytes(Arc<Vec<u8>>);

impl Bytes {
    /// Whether `self` and `other` are the same allocation (so, the same bytes).
    pub fn same(&self, other: &Bytes) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Bytes {
        Bytes(Arc::new(v))
    }
}

impl From<String> for Bytes {
    fn from(s: String) -> Bytes {
        Bytes(Arc::new(s.into_bytes()))
    }
}

impl From<&[u8]> for Bytes {
    fn from(b: &[u8]) -> Bytes {
        Bytes(Arc::new(b.to_vec()))
    }
}

impl From<Bytes> for Vec<u8> {
    /// The bytes, moved out when nothing else holds them.
    fn from(b: Bytes) -> Vec<u8> {
        Arc::try_unwrap(b.0).unwrap_or_else(|shared| shared.to_vec())
    }
}

impl PartialEq<[u8]> for Bytes {
    fn eq(&self, other: &[u8]) -> bool {
        self.0.as_slice() == other
    }
}

impl PartialEq<Vec<u8>> for Bytes {
    fn eq(&self, other: &Vec<u8>) -> bool {
        *self.0 == *other
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} bytes", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::Bytes;

    #[test]
    fn clones_share_and_equal_bytes_compare_equal() {
        let a = Bytes::from(b"<p>x</p>".to_vec());
        let b = a.clone();
        assert!(a.same(&b));
        let c = Bytes::from("<p>x</p>".to_string());
        assert!(!a.same(&c));
        assert_eq!(a, c);
        assert_eq!(&a[..3], b"<p>");
        assert_eq!(Vec::from(c), b"<p>x</p>".to_vec());
    }
}
