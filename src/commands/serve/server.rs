//! HTTP on `tiny_http`: pages from the last build in memory, the preview's own
//! files under `/__consult/`, and the long-polling reload endpoint.

use super::live::{Current, Live};
use super::overlay::{self, PREFIX};
use super::paths::{self, Asked};
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// How long a reload request waits before answering "no change yet"; the
/// script asks again at once. Short enough for proxies and browsers not to give up.
const LONG_POLL: Duration = Duration::from_secs(20);

/// How long a page request waits for a running build before taking the last one.
const BUILD_WAIT: Duration = Duration::from_secs(30);

/// Answers requests until the server is unblocked, one thread per request
/// (a reload request can wait for many seconds).
pub fn run(server: Arc<tiny_http::Server>, live: Arc<Live>) {
    for request in server.incoming_requests() {
        let live = live.clone();
        std::thread::spawn(move || respond(request, &live));
    }
}

struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply { status, content_type, body: body.into(), location: None }
    }

    fn text(status: u16, body: &str) -> Reply {
        Reply::new(status, "text/plain; charset=utf-8", body)
    }
}

fn respond(request: Request, live: &Live) {
    let reply = match request.method() {
        Method::Get | Method::Head => reply(request.url(), live),
        _ => Reply::text(405, "405 method not allowed: the preview answers GET and HEAD\n"),
    };
    let mut response = Response::from_data(reply.body).with_status_code(reply.status);
    let mut headers = vec![
        ("Content-Type", reply.content_type.to_string()),
        // The preview must never show a page the browser kept from before a save.
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
    ];
    if let Some(location) = reply.location {
        headers.push(("Location", location));
    }
    if reply.status == 405 {
        headers.push(("Allow", "GET, HEAD".to_string()));
    }
    for (name, value) in headers {
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    // The browser may have gone away (a closed tab); nothing to do then.
    let _ = request.respond(response);
}

fn reply(target: &str, live: &Live) -> Reply {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if let Some(own) = path.strip_prefix(PREFIX) {
        return match own {
            "reload.js" => Reply::new(200, "text/javascript; charset=utf-8", overlay::RELOAD_JS),
            "serve.css" => Reply::new(200, "text/css; charset=utf-8", overlay::SERVE_CSS),
            "wait" => {
                let seen = query.split('&').find_map(|kv| kv.strip_prefix("build=")).unwrap_or("");
                Reply::text(200, &live.wait_for_change(seen, LONG_POLL))
            }
            _ => Reply::text(404, "404 not found\n"),
        };
    }
    let key = match paths::asked(target) {
        Asked::File(key) => key,
        Asked::Bad => return Reply::text(400, "400 bad request: not a path of this site\n"),
        Asked::Missing => return not_found(&live.current(BUILD_WAIT)),
    };
    let mut current = live.current(BUILD_WAIT);
    // Not among the pages shown first: it may be among the files still being made.
    if !current.built.contains(&key) && !current.built.contains(&format!("{key}/index.html")) {
        current = live.complete(BUILD_WAIT);
    }
    let built = &current.built;
    let is_page = key.ends_with(".html") || !key.rsplit('/').next().unwrap_or("").contains('.');
    if built.failed && is_page {
        return Reply::new(500, "text/html; charset=utf-8", overlay::error_page(&built.diagnostics, &current.tag));
    }
    if built.output.is_none() {
        return not_found(&current);
    }
    if let Some(bytes) = built.get(&key) {
        return page(&key, &bytes, 200, &current);
    }
    // `/report` is the folder `report/`: send the browser there, so the
    // page's relative links resolve from the right place.
    if built.contains(&format!("{key}/index.html")) {
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let mut r = Reply::text(301, "301 moved\n");
        r.location = Some(format!("{path}/"));
        return r;
    }
    not_found(&current)
}

fn page(key: &str, bytes: &[u8], status: u16, current: &Current) -> Reply {
    let content_type = paths::content_type(key);
    if content_type.starts_with("text/html") {
        let warnings: Vec<_> = current.built.diagnostics.iter().filter(|d| !d.is_error()).cloned().collect();
        return Reply::new(status, content_type, overlay::inject(bytes, &current.tag, &warnings));
    }
    Reply::new(status, content_type, bytes.to_vec())
}

fn not_found(current: &Current) -> Reply {
    if current.built.failed {
        return Reply::new(
            500,
            "text/html; charset=utf-8",
            overlay::error_page(&current.built.diagnostics, &current.tag),
        );
    }
    match current.built.get("404.html") {
        Some(bytes) => page("404.html", &overlay::at_root(&bytes), 404, current),
        None => Reply::text(404, "404 not found\n"),
    }
}
