//! Splitting a Markdown file into its YAML front matter and its body.

/// A Markdown file cut in two. `yaml` is padded with one blank line per line
/// before it, so YAML positions are positions in the file.
#[derive(Debug)]
pub struct Split<'a> {
    pub yaml: String,
    pub body: &'a str,
    /// 1-based line of the first body line.
    pub body_line: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    Missing,
    /// The opening `---` has no closing `---` line.
    Unclosed,
}

/// Splits `---\n yaml \n---\n body`.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let text_start = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text_start.split_inclusive('\n');
    match lines.next() {
        Some(first) if first.trim_end() == "---" => {}
        _ => return Err(SplitError::Missing),
    }
    let mut offset = text.len() - text_start.len() + text_start.split_inclusive('\n').next().map_or(0, str::len);
    let yaml_start = offset;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "---" || line.trim_end() == "..." {
            let yaml = format!("\n{}", &text[yaml_start..offset]);
            return Ok(Split { yaml, body: &text[offset + line.len()..], body_line: line_no + 1 });
        }
        offset += line.len();
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_line_numbers() {
        let s = split("---\ntitle: A\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "\ntitle: A\n");
        assert_eq!(s.body, "body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn reports_missing_and_unclosed() {
        assert_eq!(split("# hi\n").unwrap_err(), SplitError::Missing);
        assert_eq!(split("---\ntitle: A\n").unwrap_err(), SplitError::Unclosed);
    }
}
