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
        let places = self.places(text, pieces.len(), enclosed_by);
        let mut out = Vec::with_capacity(2 * places.len());
        for place in places {
            out.push(&text[place.text]);
            out.extend(place.piece.map(|i| pieces[i]));
        }
        out
    }

    /// `text` cut at each placeholder of pieces `0..count` (with
    /// `enclosed_by` around it): each stretch of text, then the piece that
    /// follows it, if any. Anything else that looks like a placeholder is text.
    fn places(&self, text: &[u8], count: usize, enclosed_by: &str) -> Vec<Place> {
        let around = enclosed_by.as_bytes();
        let mut out = Vec::new();
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
            let piece = number.parse::<usize>().ok().filter(|&i| i < count);
            let (true, Some(piece)) = (enclosed, piece) else { continue };
            out.push(Place { text: from..start, piece: Some(piece) });
            from = end + around.len();
        }
        out.push(Place { text: from..text.len(), piece: None });
        out
    }
}

/// A stretch of text and the piece after it ([`Placeholders::places`]).
struct Place {
    text: std::ops::Range<usize>,
    piece: Option<usize>,
}

/// A file's bytes in parts, given in order: held, or made as they are
/// written, so a large file need never be whole in memory.
pub trait Parts: Sync {
    /// Gives each part, in order, to `f`; stops at `f`'s first error.
    fn each(&self, f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()>;

    /// The length of the whole, when known without making it.
    fn known_len(&self) -> Option<usize> {
        None
    }

    /// The whole, joined: for a file held in memory.
    fn joined(&self) -> Vec<u8> {
        let mut all = Vec::with_capacity(self.known_len().unwrap_or(0));
        let joined = self.each(&mut |p| {
            all.extend_from_slice(p);
            Ok(())
        });
        joined.expect("writing to memory does not fail");
        all
    }
}

impl Parts for Vec<&[u8]> {
    fn each(&self, f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        self.iter().try_for_each(|p| f(p))
    }

    fn known_len(&self) -> Option<usize> {
        Some(self.iter().map(|p| p.len()).sum())
    }
}

/// A file in one piece.
impl Parts for &[u8] {
    fn each(&self, f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        f(self)
    }

    fn known_len(&self) -> Option<usize> {
        Some(self.len())
    }
}

/// How many pieces are made at once: enough for every core, few enough
/// that a batch is a few megabytes however large the whole.
const BATCH: usize = 64;

/// A large file as a text with placeholders and a maker of the pieces that
/// go in them: the pieces are made in batches, on all cores, as the file
/// is written (the next batch while the last is written), so the whole is
/// never held, and a run that writes nothing (`check`) makes none.
pub struct Spliced<'a> {
    text: Vec<u8>,
    count: usize,
    make: Box<dyn Fn(usize) -> Vec<u8> + Sync + Send + 'a>,
    marks: Placeholders,
    enclosed_by: &'static str,
}

impl<'a> Spliced<'a> {
    /// `text` holding `marks`' placeholders of pieces `0..count`, piece `i`
    /// made by `make(i)` (see [`Placeholders::parts`]).
    pub fn new(
        text: Vec<u8>,
        count: usize,
        make: impl Fn(usize) -> Vec<u8> + Sync + Send + 'a,
        marks: Placeholders,
        enclosed_by: &'static str,
    ) -> Self {
        Spliced { text, count, make: Box::new(make), marks, enclosed_by }
    }
}

impl Parts for Spliced<'_> {
    fn each(&self, f: &mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        use rayon::prelude::*;
        let places = self.marks.places(&self.text, self.count, self.enclosed_by);
        let order: Vec<usize> = places.iter().filter_map(|p| p.piece).collect();
        let make = |batch: &[usize]| -> Vec<Vec<u8>> { batch.par_iter().map(|&i| (self.make)(i)).collect() };
        let mut batches = order.chunks(BATCH);
        let mut made = batches.next().map(make).unwrap_or_default();
        let mut places = places.iter().peekable();
        loop {
            // Up to and with this batch's last piece, written while the next is made.
            let mut write = || -> std::io::Result<()> {
                let mut pieces = made.iter();
                while let Some(place) = places.peek() {
                    if place.piece.is_some() && pieces.len() == 0 {
                        break;
                    }
                    f(&self.text[place.text.clone()])?;
                    if place.piece.is_some() {
                        f(pieces.next().expect("a piece for each place"))?;
                    }
                    places.next();
                }
                Ok(())
            };
            let mut next = None;
            let written = rayon::in_place_scope(|s| {
                if let Some(batch) = batches.next() {
                    s.spawn(|_| next = Some(make(batch)));
                }
                write()
            });
            written?;
            match next {
                Some(next) => made = next,
                None => return Ok(()),
            }
        }
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

    #[test]
    fn pieces_made_as_the_file_is_written_come_in_the_order_of_their_places() {
        use super::{Parts, Spliced};
        // More than two batches, placed in reverse, one placeholder unknown.
        let marks = Placeholders::new("test");
        let count = 150;
        let mut text = String::from("[");
        for i in (0..count).rev() {
            text.push_str(&format!("{},", marks.of(i)));
        }
        text.push_str(&format!("{}]", marks.of(count)));
        let unknown = marks.of(count);
        let spliced = Spliced::new(text.into_bytes(), count, |i| format!("<{i}>").into_bytes(), marks, "");
        let expected: String = (0..count).rev().map(|i| format!("<{i}>,")).collect();
        assert_eq!(String::from_utf8(spliced.joined()).unwrap(), format!("[{expected}{unknown}]"));
        // As written, part by part, and as held whole.
        let (mut parts, mut written) = (0, Vec::new());
        spliced
            .each(&mut |part| {
                parts += 1;
                written.extend_from_slice(part);
                Ok(())
            })
            .unwrap();
        assert_eq!(parts, 2 * count + 1, "each piece apart from the text around it");
        assert_eq!(written, spliced.joined());
    }
}
