//! The built site in a real browser (headless Chromium), opened from disk as
//! a reader with a zip file would: search finds a paragraph and lands on it,
//! the status script marks responses closed once the clock passes the
//! closing time, and no page has a script error or a missing file.
//!
//! Chromium is found as `$CHROME`, `chromium` or `chromium-browser`. Where
//! there is none these tests say so and pass, except under CI (`CI` set),
//! where a missing browser fails them: `.ci/run` installs it first.

mod common;
use common::*;
use headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROME") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["chromium", "chromium-browser", "google-chrome"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// A browser of the test's own, which ends with it (one kept in a static
/// for the whole file outlived the test process: nothing drops a static);
/// `None` (and a note) where there is none.
fn browser() -> Option<Browser> {
    let Some(path) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "CI needs Chromium: run ../shared/tools/setup first");
        eprintln!("no Chromium found: browser tests skipped (set CHROME to its path)");
        return None;
    };
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .sandbox(false)
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    Some(Browser::new(options).expect("start Chromium"))
}

/// Records script errors, failed loads and console errors in `window.__errors`,
/// and, given `now`, sets the page's clock to that instant.
fn watch(tab: &Tab, now: Option<&str>) {
    let mut source = String::from(
        "window.__errors = [];
         addEventListener('error', function (e) {
           var t = e.target;
           __errors.push(t && t !== window ? 'failed to load ' + (t.src || t.href) : String(e.message));
         }, true);
         var ce = console.error;
         console.error = function () { __errors.push(Array.prototype.join.call(arguments, ' ')); ce.apply(console, arguments); };",
    );
    if let Some(now) = now {
        source.push_str(&format!(
            "(function () {{
               var Real = Date, shift = new Real({now:?}).getTime() - Real.now();
               function Fake() {{
                 if (!(this instanceof Fake)) return new Real(Real.now() + shift).toString();
                 return arguments.length ? new (Function.prototype.bind.apply(Real, [null].concat([].slice.call(arguments))))() : new Real(Real.now() + shift);
               }}
               Fake.prototype = Real.prototype; Fake.now = function () {{ return Real.now() + shift; }};
               Fake.parse = Real.parse; Fake.UTC = Real.UTC; window.Date = Fake;
             }})();"
        ));
    }
    tab.call_method(AddScriptToEvaluateOnNewDocument {
        source,
        world_name: None,
        include_command_line_api: None,
        run_immediately: None,
    })
    .unwrap();
}

fn open(tab: &Tab, file: &Path) {
    tab.navigate_to(&format!("file://{}", file.display())).unwrap().wait_until_navigated().unwrap();
}

fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, false).unwrap().value.unwrap_or(serde_json::Value::Null)
}

fn errors(tab: &Tab) -> Vec<String> {
    serde_json::from_value(eval(tab, "JSON.stringify(window.__errors || ['no error watch'])"))
        .ok()
        .and_then(|s: String| serde_json::from_str(&s).ok())
        .unwrap_or_else(|| vec!["could not read errors".into()])
}

fn new_tab(browser: &Browser) -> Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(10));
    tab
}

#[test]
fn search_finds_a_seed_paragraph_by_a_word_and_lands_on_it() {
    let Some(browser) = browser() else { return };
    let (_tmp, site) = example();
    let tab = new_tab(&browser);
    watch(&tab, None);
    open(&tab, &site.join("search/index.html"));
    // "chequered" is in paragraph 2.1.3 of the report, and nowhere else.
    tab.wait_until_visible("#search-input").unwrap().click().unwrap();
    tab.type_str("Chequered").unwrap();
    tab.wait_for_element("#search-results a").unwrap();
    let status = eval(&tab, "document.getElementById('search-status').textContent");
    assert_eq!(status, "1 result for “Chequered”.");
    let href = eval(&tab, "document.querySelector('#search-results a').getAttribute('href')");
    assert_eq!(href, "../report/index.html#para-2.1.3");
    assert_eq!(eval(&tab, "document.querySelector('#search-results mark').textContent"), "chequered");
    // The arrow key moves from the box to the result; Enter follows it.
    tab.press_key("ArrowDown").unwrap();
    assert_eq!(eval(&tab, "document.activeElement.getAttribute('href')"), href);
    tab.press_key("Enter").unwrap();
    tab.wait_until_navigated().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert!(tab.get_url().ends_with("/report/index.html#para-2.1.3"), "{}", tab.get_url());
    let text = eval(&tab, "document.getElementById('para-2.1.3').textContent");
    assert!(text.as_str().unwrap().contains("a ‘chequered’ history"), "{text}");
    assert_eq!(errors(&tab), Vec::<String>::new());

    // A paragraph number finds that paragraph first.
    open(&tab, &site.join("search/index.html"));
    tab.wait_until_visible("#search-input").unwrap().click().unwrap();
    tab.type_str("2.1.8").unwrap();
    tab.wait_for_element("#search-results a").unwrap();
    assert_eq!(
        eval(&tab, "document.querySelector('#search-results a').getAttribute('href')"),
        "../report/index.html#para-2.1.8"
    );
}

#[test]
fn after_the_closing_time_respond_links_say_the_consultation_is_closed() {
    let Some(browser) = browser() else { return };
    let s = site("consultation", None);
    build_ok(s.path());
    let report = s.path().join("public/report/index.html");
    let links = page(s.path(), "report/index.html").matches("class=\"respond\"").count();
    assert!(links > 0);

    // 23:59 BST on 20 May 2011 is 22:59 UTC: a minute later it is closed.
    let tab = new_tab(&browser);
    watch(&tab, Some("2011-05-20T23:00:00Z"));
    open(&tab, &report);
    assert_eq!(eval(&tab, "document.querySelectorAll('.respond-closed').length"), links);
    let closed = eval(&tab, "document.querySelector('.respond-closed').textContent");
    assert!(closed.as_str().unwrap().ends_with("closed at 23:59 on 20 May 2011, London time (BST)."), "{closed}");
    open(&tab, &s.path().join("public/index.html"));
    assert_eq!(
        eval(&tab, "document.getElementById('live-status').textContent"),
        "Today: closed for responses; responses are being analysed."
    );
    let note = eval(&tab, "document.querySelector('.channels-closed').textContent");
    assert!(note.as_str().unwrap().starts_with("This consultation closed at 23:59 on 20 May 2011"), "{note}");
    assert_eq!(errors(&tab), Vec::<String>::new());

    // A minute before, the links invite responses.
    let tab = new_tab(&browser);
    watch(&tab, Some("2011-05-20T22:58:00Z"));
    open(&tab, &report);
    assert_eq!(eval(&tab, "document.querySelectorAll('.respond-closed').length"), 0);
    assert_eq!(eval(&tab, "document.querySelectorAll('.respond a').length"), links);
}

#[test]
fn the_stage_shown_follows_the_readers_clock_and_respond_links_close_after_the_close() {
    let Some(browser) = browser() else { return };
    let s = lifecycle_before_the_outcome();
    build_ok(s.path());
    let (home, respond) = (s.path().join("public/index.html"), s.path().join("public/respond/index.html"));
    // Opening at 09:00 GMT; closing extended from 23:59 BST on 6 May to 23:59 BST on 20 May (22:59 UTC).
    for (now, stage, words, closed) in [
        (
            "2011-03-07T08:59:00Z",
            "upcoming",
            "Today: not yet open for responses; responses open at 09:00 on 7 March 2011 (GMT), London time.",
            false,
        ),
        (
            "2011-03-07T09:00:30Z",
            "open",
            "Today: open for responses until 23:59 on 20 May 2011 (BST), London time.",
            false,
        ),
        (
            "2011-05-07T12:00:00Z",
            "open",
            "Today: open for responses until 23:59 on 20 May 2011 (BST), London time.",
            false,
        ),
        (
            "2011-05-20T23:00:00Z",
            "closed",
            "Today: closed for responses; responses are being analysed and the outcome is due by 12 August 2011.",
            true,
        ),
    ] {
        let tab = new_tab(&browser);
        watch(&tab, Some(now));
        open(&tab, &home);
        assert_eq!(eval(&tab, "document.getElementById('live-status').textContent"), words, "at {now}");
        let current = "Array.prototype.map.call(document.querySelectorAll('.stages [aria-current=step]'), function (e) { return e.getAttribute('data-stage'); }).join()";
        assert_eq!(eval(&tab, current), stage, "at {now}");
        open(&tab, &respond);
        assert_eq!(
            eval(&tab, "document.querySelectorAll('.question .respond-closed').length"),
            if closed { 3 } else { 0 },
            "at {now}"
        );
        assert_eq!(
            eval(&tab, "document.querySelectorAll('.question .respond a').length"),
            if closed { 0 } else { 9 },
            "at {now}"
        );
        if closed {
            let q2 = eval(&tab, "document.querySelector('#question-contract-length .respond').textContent");
            assert_eq!(q2, "Responses to question 2 closed at 23:59 on 20 May 2011, London time (BST).");
            assert_eq!(eval(&tab, "document.querySelectorAll('.channels.closed').length"), 1);
        }
        assert_eq!(errors(&tab), Vec::<String>::new(), "at {now}");
    }
}

#[test]
fn no_page_has_a_script_error_or_a_missing_file() {
    let Some(browser) = browser() else { return };
    let (_tmp, example) = example();
    let fixture = site("consultation", None);
    build_ok(fixture.path());
    let lifecycle = site("lifecycle", None);
    build_ok(lifecycle.path());
    let tab = new_tab(&browser);
    watch(&tab, None);
    let mut checked = 0;
    for root in [example, fixture.path().join("public"), lifecycle.path().join("public")] {
        for (rel, _) in snapshot(&root).into_iter().filter(|(p, _)| p.ends_with(".html")) {
            open(&tab, &root.join(&rel));
            let errs = errors(&tab);
            assert!(errs.is_empty(), "{rel}: {errs:?}");
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} pages checked");
}
