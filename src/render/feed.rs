//! `feed.xml`: an Atom feed (RFC 4287) of published versions, meetings and
//! the consultation's stage changes (opening, closing, outcome).
//! Entry ids never change: with `base_url` they are the entries' addresses,
//! without it `urn:uuid:` ids derived from the site's title and the entry.

use super::html::escape;
use crate::load::versions::sha256;
use crate::model::dates::Date;
use crate::model::Site;

struct Entry {
    date: Date,
    /// Versions before meetings on the same day.
    rank: u8,
    key: String,
    title: String,
    path: String,
    summary: String,
}

/// RFC 3339 for Atom: a day without a time is taken as midnight UTC.
fn timestamp(d: &Date) -> String {
    let (h, m) = d.time.unwrap_or((0, 0));
    format!("{:04}-{:02}-{:02}T{h:02}:{m:02}:00Z", d.year, d.month, d.day.unwrap_or(1))
}

/// A name-based UUID (SHA-256, version 8): stable for the same site and entry.
fn uuid(site: &Site, key: &str) -> String {
    let h = sha256(format!("{}\0{key}", site.title).as_bytes());
    let mut b: Vec<char> = h[..32].chars().collect();
    b[12] = '8';
    b[16] = ['8', '9', 'a', 'b'][(b[16].to_digit(16).unwrap_or(0) & 3) as usize];
    let s: String = b.into_iter().collect();
    format!("urn:uuid:{}-{}-{}-{}-{}", &s[..8], &s[8..12], &s[12..16], &s[16..20], &s[20..])
}

/// The feed, or None when the site has no versions, meetings or stage dates.
pub fn feed(site: &Site) -> Option<String> {
    let mut entries = Vec::new();
    for r in &site.versions.releases {
        let v = &r.version.text;
        let mut summary = r.summary.clone();
        for n in &r.notes {
            summary.push_str("\n– ");
            summary.push_str(n);
        }
        entries.push(Entry {
            date: r.date,
            rank: 0,
            key: format!("changelog/index.html#version-{v}"),
            title: format!("Version {v}: {}", r.summary),
            path: format!("changes/{v}/index.html"),
            summary,
        });
    }
    for m in &site.meetings {
        let status = super::views::meeting_status(m.status).to_lowercase();
        entries.push(Entry {
            date: m.date,
            rank: 1,
            key: format!("meetings/{}/index.html", m.slug),
            title: format!("{} ({status}, {})", m.title, m.date.long_with_time()),
            path: format!("meetings/{}/index.html", m.slug),
            summary: m.summary.clone().unwrap_or_else(|| format!("{}: {status}.", m.date.long_with_time())),
        });
    }
    for e in super::lifecycle::events(site) {
        entries.push(Entry { date: e.date, rank: 2, key: e.key, title: e.title, path: e.path, summary: e.summary });
    }
    if entries.is_empty() {
        return None;
    }
    entries.sort_by(|a, b| (b.date, a.rank, &a.key).cmp(&(a.date, b.rank, &b.key)));
    let base = site.base_url.as_deref();
    let href = |path: &str| escape(&format!("{}{path}", base.unwrap_or("")));
    let id = |key: &str| match base {
        Some(b) => escape(&format!("{b}{key}")),
        None => uuid(site, key),
    };
    let updated = entries.iter().map(|e| e.date).max().map(|d| timestamp(&d)).unwrap_or_default();
    let author = site.publisher.as_deref().unwrap_or(&site.title);
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", escape(&site.language)));
    x.push_str(&format!("<title>{}</title>\n", escape(&site.title)));
    if let Some(s) = &site.summary {
        x.push_str(&format!("<subtitle>{}</subtitle>\n", escape(s)));
    }
    x.push_str(&format!("<id>{}</id>\n<updated>{updated}</updated>\n", id("feed.xml")));
    if base.is_some() {
        x.push_str(&format!("<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n", href("feed.xml")));
    }
    x.push_str(&format!("<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", href("index.html")));
    x.push_str(&format!("<author><name>{}</name></author>\n<generator>consult</generator>\n", escape(author)));
    for e in &entries {
        x.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<updated>{}</updated>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<summary>{}</summary>\n</entry>\n",
            escape(&e.title),
            id(&e.key),
            timestamp(&e.date),
            href(&e.path),
            escape(&e.summary)
        ));
    }
    x.push_str("</feed>\n");
    Some(x)
}
