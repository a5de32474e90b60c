//! Placeholders for large pieces made apart, on all cores, and put into the
//! text made around them (by a template, by a serialiser) only once that
//! text is done, so its maker never copies them.

/// Placeholders `<!--splice:{kind}:{nonce}:{i}-->`; the nonce is random for
/// each run, so no text of the site can be taken for one. Not `<!--consult:`,
/// the version bar's markers: a page is filled before its pieces go in.
pub struct Placeholders {
    mark: String,
}

const END: &str = "-->";

impl Placeholders {
    pub fn new(kind: &str) -> Placeholders {
        let nonce = std::hash::BuildHasher::hash_one(&std::hash::RandomState::new(), 0);
        Placeholders { mark: format!("<!--splice:{kind}:{nonce:016x}:") }
    }

    /// The placeholder of piece `i`.
    pub fn of(&self, i: usize) -> String {
        format!("{}{i}{END}", self.mark)
    }

    /// The parts of `text` with each placeholder, and `enclosed_by` on both
    /// sides of it (`"` where it stands as a JSON string), replaced by its
    /// piece, in order: joined, they are the whole; a writer need not join them.
    pub fn parts<'a>(&self, text: &'a [u8], pieces: &[&'a [u8]], enclosed_by: &str) -> Vec<&'a [u8]> {
        let around = enclosed_by.as_bytes();
        let mut out = Vec::with_capacity(2 * pieces.len() + 1);
        let mut from = 0;
        for at in memchr::memmem::find_iter(text, self.mark.as_bytes()) {
            let digits_at = at + self.mark.len();
            let digits = text[digits_at..].iter().take_while(|b| b.is_ascii_digit()).count();
            let end = digits_at + digits + END.len();
            let Some(start) = at.checked_sub(around.len()).filter(|&s| s >= from) else { continue };
            let enclosed = text[start..at] == *around
                && text[digits_at + digits..].starts_with(END.as_bytes())
                && text[end..].starts_with(around);
            let number = std::str::from_utf8(&text[digits_at..digits_at + digits]).unwrap_or_default();
            let piece = number.parse::<usize>().ok().and_then(|i| pieces.get(i));
            let (true, Some(piece)) = (enclosed, piece) else { continue };
            out.push(&text[from..start]);
            out.push(*piece);
            from = end + around.len();
        }
        out.push(&text[from..]);
        out
    }
}

/// A large file as a text with placeholders and the pieces that go in
/// them: joined only where it is held whole; a file written to disk takes
/// its parts one after another.
pub struct Spliced<P> {
    text: Vec<u8>,
    pieces: Vec<P>,
    marks: Placeholders,
    enclosed_by: &'static str,
}

impl<P: AsRef<[u8]>> Spliced<P> {
    /// `text` holding `marks`' placeholders of `pieces` (see [`Placeholders::parts`]).
    pub fn new(text: Vec<u8>, pieces: Vec<P>, marks: Placeholders, enclosed_by: &'static str) -> Self {
        Spliced { text, pieces, marks, enclosed_by }
    }

    /// The file's parts, in order.
    pub fn parts(&self) -> Vec<&[u8]> {
        let pieces: Vec<&[u8]> = self.pieces.iter().map(AsRef::as_ref).collect();
        self.marks.parts(&self.text, &pieces, self.enclosed_by)
    }
}

#[cfg(test)]
mod tests {
    use super::Placeholders;

    #[test]
    fn each_placeholder_takes_its_piece_and_nothing_else_is_touched() {
        let p = Placeholders::new("test");
        let text = format!("a {} b \"{}\" c {}", p.of(1), p.of(0), p.of(7));
        let pieces: [&[u8]; 2] = [b"ZERO", b"ONE"];
        assert_eq!(
            p.parts(text.as_bytes(), &pieces, "").concat(),
            format!("a ONE b \"ZERO\" c {}", p.of(7)).into_bytes()
        );
        let quoted = format!("[\"{}\", {}]", p.of(0), p.of(1));
        assert_eq!(p.parts(quoted.as_bytes(), &pieces, "\"").concat(), format!("[ZERO, {}]", p.of(1)).into_bytes());
        let other = Placeholders::new("test");
        assert_eq!(other.parts(text.as_bytes(), &pieces, "").concat(), text.as_bytes(), "another run's marks are text");
    }
}
