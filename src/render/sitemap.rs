//! `sitemap.xml`, written when site.yaml gives a base URL.

use super::html::escape;
use super::Output;

/// A sitemap listing every HTML page but the not-found page.
pub fn sitemap(base: &str, out: &Output) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in out.files.keys().filter(|p| p.ends_with(".html") && p.as_str() != "404.html") {
        let url = format!("{base}{}", path.strip_suffix("index.html").unwrap_or(path));
        s.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(&url)));
    }
    s.push_str("</urlset>\n");
    s
}
