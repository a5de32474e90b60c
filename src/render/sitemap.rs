//! `sitemap.xml`, written when site.yaml gives a base URL.

use super::html::escape;
use super::views::encode;

/// A sitemap listing every HTML page in `paths` but the not-found page.
/// Each path segment is percent-encoded, as sitemaps require.
pub fn sitemap<'a>(base: &str, paths: impl Iterator<Item = &'a String>) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in paths.filter(|p| p.ends_with(".html") && p.as_str() != "404.html") {
        let page = path.strip_suffix("index.html").unwrap_or(path);
        let encoded: Vec<String> = page.split('/').map(encode).collect();
        s.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(&format!("{base}{}", encoded.join("/")))));
    }
    s.push_str("</urlset>\n");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn addresses_are_percent_encoded() {
        let paths = ["files/a b&c.html".to_string(), "index.html".to_string(), "é/index.html".to_string()];
        let s = super::sitemap("https://x.org/", paths.iter());
        assert!(s.contains("<loc>https://x.org/files/a%20b%26c.html</loc>"), "{s}");
        assert!(s.contains("<loc>https://x.org/</loc>"), "{s}");
        assert!(s.contains("<loc>https://x.org/%C3%A9/</loc>"), "{s}");
    }
}
