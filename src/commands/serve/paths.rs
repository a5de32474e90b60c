//! Request paths → keys of the built site's [`Output`](crate::render::Output).
//! Only keys of the map in memory are ever served, so nothing outside the
//! built site can be; this check also turns every traversal attempt into a
//! clear 400 rather than a lookup.

/// What a request path asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Asked {
    /// A file of the site, by its output path (`report/index.html`).
    File(String),
    /// A path no site file can have: `..`, encoded slashes, backslashes, NUL
    /// bytes, bad percent escapes, bytes that are not UTF-8 (overlong forms included).
    Bad,
    /// A well-formed path that cannot name a site file (an empty segment).
    Missing,
}

/// Reads the path of a request target (`/report/?x=1` → `report/index.html`).
pub fn asked(target: &str) -> Asked {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else { return Asked::Bad };
    let segments: Vec<&str> = rest.split('/').collect();
    let mut parts = Vec::with_capacity(segments.len());
    for (i, raw) in segments.iter().enumerate() {
        let Some(bytes) = percent_decode(raw) else { return Asked::Bad };
        let Ok(segment) = String::from_utf8(bytes) else { return Asked::Bad };
        if segment == "." || segment == ".." || segment.chars().any(|c| c == '/' || c == '\\' || c.is_control()) {
            return Asked::Bad;
        }
        if segment.is_empty() {
            if i + 1 == segments.len() {
                continue;
            }
            return Asked::Missing;
        }
        parts.push(segment);
    }
    let mut key = parts.join("/");
    if rest.is_empty() || rest.ends_with('/') {
        key = if key.is_empty() { "index.html".into() } else { format!("{key}/index.html") };
    }
    Asked::File(key)
}

/// Decodes `%XX` escapes; `None` when one is malformed.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `Content-Type` of a site file, by its extension.
pub fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(s: &str) -> Asked {
        Asked::File(s.into())
    }

    #[test]
    fn folders_serve_their_index() {
        assert_eq!(asked("/"), file("index.html"));
        assert_eq!(asked("/report/"), file("report/index.html"));
        assert_eq!(asked("/report/index.html?x=1#p"), file("report/index.html"));
        assert_eq!(asked("/files/a%20plan.pdf"), file("files/a plan.pdf"));
        assert_eq!(asked("/report"), file("report"));
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/report/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/report%2f..%2f..%2fx",
            "/..%5c..%5cx",
            "/a\\..\\b",
            "/a%00b",
            "/%c0%ae%c0%ae/etc/passwd",
            "/%e0%80%ae",
            "/%zz",
            "/%4",
            "etc/passwd",
            "C:\\Windows",
            "http://example.org/",
            "/./index.html",
        ] {
            assert_eq!(asked(bad), Asked::Bad, "{bad}");
        }
        assert_eq!(asked("//etc/passwd"), Asked::Missing);
        assert_eq!(asked("/report//index.html"), Asked::Missing);
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.WOFF2"), "font/woff2");
        assert_eq!(content_type("plan.pdf"), "application/pdf");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
