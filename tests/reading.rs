//! Reading and reuse: the search index, the print page, the accessibility
//! statement, and pages a strict Content-Security-Policy can serve.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::io::Write;

fn read(root: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The seed's numbered paragraphs, as in tests/example_site.rs.
fn seed_numbers() -> Vec<String> {
    let seed = std::fs::read_to_string(repo().join("tests/seed.txt")).unwrap();
    seed.lines()
        .filter_map(|l| {
            let num = l.split_whitespace().next()?;
            let ok = num.contains('.')
                && !num.ends_with('.')
                && num.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            ok.then(|| num.to_string())
        })
        .collect()
}

#[test]
fn the_print_page_holds_every_numbered_paragraph_of_the_seed_with_unique_ids() {
    let (_tmp, site) = example();
    let print = read(&site, "print/index.html");
    let report = read(&site, "report/index.html");
    let numbers = seed_numbers();
    assert_eq!(numbers.len(), 58);
    for n in &numbers {
        let on_print = text_of_id(&print, &format!("report-para-{n}")).unwrap_or_else(|| panic!("{n} missing"));
        assert_eq!(on_print, text_of_id(&report, &format!("para-{n}")).unwrap(), "paragraph {n}");
    }
    let mut seen = BTreeSet::new();
    for part in print.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        assert!(seen.insert(id.to_string()), "id {id} twice on the print page");
    }
    // Links between the documents stay within the page.
    for part in print[print.find("<main").unwrap()..].split(" href=\"#").skip(1) {
        let id = &part[..part.find('"').unwrap()];
        assert!(seen.contains(id), "link to #{id}, which is not on the print page");
    }
    let main = &print[print.find("<main").unwrap()..print.rfind("</main>").unwrap()];
    for d in ["report", "appendix-1", "appendix-2", "appendix-3"] {
        assert!(!main.contains(&format!("href=\"../{d}/index.html")), "a link to {d} left the print page");
    }
    assert!(main.contains("href=\"#report-para-6.1.1\""), "the appendices' citations of the report stay on the page");
    assert!(!print.contains("Respond to paragraph"));
    for d in ["report", "appendix-1", "appendix-2", "appendix-3"] {
        assert!(print.contains(&format!("id=\"{d}\"")), "{d} is on the print page");
    }
}

#[test]
fn the_search_index_is_close_to_the_size_of_its_text() {
    let (_tmp, site) = example();
    let js = read(&site, "search/index.js");
    let json = js.strip_prefix("window.consultSearch=").and_then(|s| s.strip_suffix(";\n")).expect("a script");
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    let items = index["i"].as_array().unwrap();
    let text: usize = items.iter().map(|i| i[2].as_str().unwrap().len()).sum();
    let numbered = items.iter().filter(|i| i[1].as_str().unwrap().starts_with(|c: char| c.is_ascii_digit())).count();
    assert_eq!(numbered, 58, "every numbered paragraph is in the index");
    // The site's text: the Markdown of its documents and meeting notes.
    let source: usize =
        snapshot(&repo().join("content")).iter().filter(|(p, _)| p.ends_with(".md")).map(|(_, b)| b.len()).sum();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(js.as_bytes()).unwrap();
    let gz = gz.finish().unwrap().len();
    let (ratio, gz_ratio) = (js.len() as f64 / source as f64, gz as f64 / source as f64);
    eprintln!(
        "search index: {} bytes ({gz} gzipped) for {source} bytes of Markdown ({ratio:.3}×, gzipped {gz_ratio:.3}×); \
         {text} bytes of indexed text ({:.3}×)",
        js.len(),
        js.len() as f64 / text as f64
    );
    assert!(ratio <= 1.1, "index is {ratio:.3}× the site's text");
    assert!(gz_ratio <= 0.30, "gzipped index is {gz_ratio:.3}× the site's text");
    // Ids and numbers cost little beside the words themselves.
    assert!(js.len() as f64 <= 1.25 * text as f64, "index is {:.3}× its own text", js.len() as f64 / text as f64);
}

#[test]
fn no_page_has_an_inline_script_or_style_and_the_stylesheet_is_small() {
    let (_tmp, site) = example();
    for (rel, bytes) in snapshot(&site) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        assert!(!html.contains("<style"), "{rel} has a style element");
        assert!(!html.contains(" style=\""), "{rel} has a style attribute");
        for part in html.split("<script").skip(1) {
            let tag = &part[..part.find('>').unwrap()];
            assert!(tag.contains(" src=\""), "{rel} has an inline script");
            assert!(part[part.find('>').unwrap() + 1..].starts_with("</script>"), "{rel}: script with a body");
        }
        for event in [" onclick=", " onload=", " onerror=", "javascript:"] {
            assert!(!html.contains(event), "{rel} has {event}");
        }
    }
    let css = std::fs::metadata(site.join("assets/style.css")).unwrap().len();
    assert!(css < 20 * 1024, "the stylesheet is {css} bytes");
}

#[test]
fn the_accessibility_statement_says_what_site_yaml_and_the_build_found() {
    let s = site("consultation", None);
    let yaml = read(s.path(), "content/site.yaml");
    write(
        s.path(),
        "content/site.yaml",
        &format!(
            "{yaml}accessibility:\n  contact: access@example.org\n  prepared: 2011-04-14\n  limitations:\n    - The plan in files/plan.pdf is a scanned image.\n"
        ),
    );
    build_ok(s.path());
    let statement = plain(&page(s.path(), "accessibility/index.html"));
    assert!(statement.contains("This website is partially compliant"), "{statement}");
    assert!(statement.contains("The plan in files/plan.pdf is a scanned image."));
    assert!(statement.contains("email access@example.org"));
    assert!(statement.contains("This statement was prepared on 14 April 2011."));
    assert!(statement.contains("Equality and Human Rights Commission"));
    assert!(page(s.path(), "index.html").contains("href=\"accessibility/index.html\">Accessibility statement</a>"));

    // An image without a text alternative is found in the pages and named.
    write(s.path(), "content/site.yaml", &format!("{yaml}accessibility:\n  contact: https://example.org/access\n"));
    let report = read(s.path(), "content/report.md");
    write(s.path(), "content/report.md", &format!("{report}\n<img src=\"files/map.png\">\n"));
    write(s.path(), "content/files/map.png", "png");
    build_ok(s.path());
    let statement = plain(&page(s.path(), "accessibility/index.html"));
    assert!(statement.contains("an image has no text alternative (report/index.html: files/map.png)"), "{statement}");
    // Once in the report, once on the print page.
    assert!(statement.contains("2 images were found, 2 without a text alternative"), "{statement}");
    assert!(statement.contains("This statement has not been dated yet."));

    // With nothing known to fail, it says so.
    write(s.path(), "content/report.md", &report);
    build_ok(s.path());
    let statement = plain(&page(s.path(), "accessibility/index.html"));
    assert!(
        statement.contains("fully compliant with the Web Content Accessibility Guidelines version 2.2 AA"),
        "{statement}"
    );
}

#[test]
fn a_bad_accessibility_contact_or_time_zone_is_an_error_at_its_line() {
    let s = site("consultation", None);
    let yaml = read(s.path(), "content/site.yaml");
    let yaml = yaml.replace("timezone: Europe/London", "timezone: Europe/Londn");
    write(
        s.path(),
        "content/site.yaml",
        &format!("{yaml}accessibility:\n  contact: call us\n  prepared: 2011-02-30\n"),
    );
    let ran = consult(s.path(), &["check"]);
    assert!(!ran.ok);
    assert!(ran.stderr.contains("unknown time zone `Europe/Londn`"), "{}", ran.stderr);
    assert!(ran.stderr.contains("did you mean `Europe/London`"), "{}", ran.stderr);
    assert!(ran.stderr.contains("`call us` is neither an email address nor a web address"), "{}", ran.stderr);
    assert!(ran.stderr.contains("February 2011 has 28 days"), "{}", ran.stderr);
}

#[test]
fn a_closing_time_without_a_zone_is_a_warning_and_with_one_it_is_stated() {
    let s = site("consultation", None);
    let yaml = read(s.path(), "content/site.yaml");
    write(s.path(), "content/site.yaml", &yaml.replace("  timezone: Europe/London\n", ""));
    let ran = build_ok(s.path());
    assert!(ran.stderr.contains("warning: the closing time has no time zone"), "{}", ran.stderr);
    write(s.path(), "content/site.yaml", &yaml);
    let ran = build_ok(s.path());
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);
    let home = page(s.path(), "index.html");
    assert!(
        home.contains("<time datetime=\"2011-05-20T23:59:00+01:00\">23:59 on 20 May 2011 (BST)</time>, London time."),
        "{home}"
    );
    assert!(home.contains("data-closes=\"2011-05-20T23:59:00+01:00\""));
    let report = page(s.path(), "report/index.html");
    assert!(report.contains("(open until 23:59 on 20 May 2011, London time (BST))"));
}

#[test]
fn the_not_found_page_works_at_any_depth_with_a_base_url() {
    let s = site("minimal", None);
    let ran = build_ok(s.path());
    assert!(ran.stderr.contains("note: 404.html links to the rest of the site as if it were served from the root"));
    let yaml = read(s.path(), "content/site.yaml");
    write(s.path(), "content/site.yaml", &format!("{yaml}base_url: https://example.org/consult/\n"));
    let ran = build_ok(s.path());
    assert!(!ran.stderr.contains("note: 404.html"), "{}", ran.stderr);
    let html = page(s.path(), "404.html");
    assert!(html.contains("href=\"https://example.org/consult/assets/style.css\""), "{html}");
    assert!(html.contains("href=\"https://example.org/consult/index.html\""), "{html}");
}

#[test]
fn consultation_json_holds_the_seed_and_follows_its_schema() {
    let (_tmp, site) = example();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("schema/consultation.schema.json")).unwrap())
            .unwrap();
    assert_eq!(read(&site, "consultation.schema.json"), read(&repo(), "schema/consultation.schema.json"));
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    let mut checked = 0;
    for (rel, bytes) in snapshot(&site) {
        if !rel.ends_with("consultation.json") {
            continue;
        }
        let data: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&data).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{rel}: {errors:#?}");
        checked += 1;
    }
    assert!(checked >= 3, "the current site and each published version have their open data");
    // Each version's data describes that version.
    let v1: serde_json::Value = serde_json::from_str(&read(&site, "versions/1/consultation.json")).unwrap();
    assert_eq!(v1["version"]["number"], "1");
    assert_eq!(v1["version"]["draft"], false);
    assert_eq!(v1["documents"].as_array().unwrap().len(), 1, "version 1 is the report alone");
    assert!(read(&site, "versions/1/search/index.js").contains("chequered"));
    let data: serde_json::Value = serde_json::from_str(&read(&site, "consultation.json")).unwrap();
    let report = data["documents"].as_array().unwrap().iter().find(|d| d["id"] == "report").unwrap();
    let paragraphs = report["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 58);
    let html = read(&site, "report/index.html");
    for (p, n) in paragraphs.iter().zip(seed_numbers()) {
        assert_eq!(p["number"], n.as_str());
        assert_eq!(p["eId"], format!("para-{n}"));
        assert_eq!(p["url"], format!("report/index.html#para-{n}"));
        let shown = text_of_id(&html, &format!("para-{n}")).unwrap();
        assert_eq!(format!("{n} {}", p["text"].as_str().unwrap()), shown, "paragraph {n}");
    }
    // Who is involved, as Popolo has it; meetings as schema.org events.
    assert!(data["organizations"].as_array().unwrap().iter().any(|o| o["id"] == "macc"));
    let meeting = &data["meetings"][0];
    assert!(meeting["startDate"].as_str().unwrap().starts_with("2011-03"));
    assert!(meeting["eventStatus"].as_str().unwrap().starts_with("https://schema.org/Event"));
}

#[test]
fn the_open_data_and_the_search_index_give_each_paragraph_as_its_page_reads() {
    let s = site("minimal", None);
    write(
        s.path(),
        "content/rules.md",
        "---\ntitle: Rules\nnumbering: lists\n---\n\n\
         1. A *loose* item, citing [[report#1.2]]\n   over two lines.\n\n   Its second paragraph with `code`.\n\n\
         2. A tight item with a [link](https://example.org/) and [[report|the report itself]].\n   - a list of its own, not its words\n",
    );
    build_ok(s.path());
    let data: serde_json::Value = serde_json::from_str(&page(s.path(), "consultation.json")).unwrap();
    let js = page(s.path(), "search/index.js");
    let index: serde_json::Value =
        serde_json::from_str(js.strip_prefix("window.consultSearch=").and_then(|j| j.strip_suffix(";\n")).unwrap())
            .unwrap();
    let searched: Vec<&str> = index["i"].as_array().unwrap().iter().map(|i| i[2].as_str().unwrap()).collect();
    let mut seen = 0;
    for doc in data["documents"].as_array().unwrap() {
        let html = page(s.path(), &format!("{}/index.html", doc["id"].as_str().unwrap()));
        for p in doc["paragraphs"].as_array().unwrap() {
            let text = p["text"].as_str().unwrap();
            let shown = text_of_id(&html, p["eId"].as_str().unwrap()).unwrap();
            // The page's paragraph, less its number and a nested list.
            let words = shown.strip_prefix(p["shown"].as_str().unwrap()).unwrap().trim();
            assert!(words.starts_with(text), "{}: {text:?} against the page's {words:?}", p["eId"]);
            assert!(searched.contains(&text), "{text:?} is searched for as it reads");
            seen += 1;
        }
    }
    assert_eq!(seen, 7);
    let rules = &data["documents"].as_array().unwrap().iter().find(|d| d["id"] == "rules").unwrap()["paragraphs"];
    assert_eq!(
        rules[0]["text"],
        "A loose item, citing Report, paragraph 1.2 over two lines. Its second paragraph with code."
    );
    assert_eq!(rules[1]["text"], "A tight item with a link and the report itself.");
    let cites = &data["documents"].as_array().unwrap().iter().find(|d| d["id"] == "report").unwrap()["paragraphs"][1];
    assert_eq!(cites["text"], "The second paragraph cites paragraph 1.1 and Appendix 1, paragraph 1.1.");
}

#[test]
fn consultation_json_states_the_lifecycle_and_the_ways_to_respond() {
    let s = site("consultation", None);
    build_ok(s.path());
    let data: serde_json::Value = serde_json::from_str(&page(s.path(), "consultation.json")).unwrap();
    assert_eq!(data["closing_date"], "2011-05-20T23:59:00+01:00");
    assert_eq!(data["timezone"], "Europe/London");
    assert_eq!(data["ways_to_respond"]["email"], "responses@example.org");
    assert_eq!(data["version"]["draft"], true);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("schema/consultation.schema.json")).unwrap())
            .unwrap();
    assert!(jsonschema::is_valid(&schema, &data));
}

#[test]
fn consultation_json_follows_a_paragraph_through_renumbering() {
    let s = site("minimal", None);
    let ran = consult(s.path(), &["publish", "1", "--summary", "First", "--date", "2011-04-14"]);
    assert!(ran.ok, "{}", ran.stderr);
    // A paragraph inserted at the top renumbers the rest.
    let report = read(s.path(), "content/report.md");
    let redraft = report
        .replace("1.2 The second paragraph cites [[1.1]]", "1.3 The second paragraph cites [[1.2]]")
        .replace("1.1 The first paragraph.", "1.1 A paragraph inserted before the others.\n\n1.2 The first paragraph.");
    write(s.path(), "content/report.md", &redraft);
    let ran = consult(s.path(), &["publish", "2", "--summary", "Second", "--date", "2011-05-04"]);
    assert!(ran.ok, "{}", ran.stderr);
    write(
        s.path(),
        "content/report.md",
        &redraft.replace("2.1 A finding.", "2.1 A finding.\n\n2.2 A finding of the draft."),
    );
    build_ok(s.path());
    let data_of = |path: &str| -> serde_json::Value { serde_json::from_str(&page(s.path(), path)).unwrap() };
    let since_in = |data: &serde_json::Value, id: &str| {
        let report = data["documents"].as_array().unwrap().iter().find(|d| d["id"] == "report").unwrap();
        report["paragraphs"].as_array().unwrap().iter().find(|p| p["eId"] == id).unwrap()["since"].clone()
    };
    // Each published version's own open data names its paragraphs' identities as of that version.
    let v1 = data_of("versions/1/consultation.json");
    assert_eq!(since_in(&v1, "para-1.1"), serde_json::json!({"version": "1", "eId": "para-1.1"}));
    let v2 = data_of("versions/2/consultation.json");
    assert_eq!(since_in(&v2, "para-1.2"), serde_json::json!({"version": "1", "eId": "para-1.1"}));
    assert_eq!(since_in(&v2, "para-1.1"), serde_json::json!({"version": "2", "eId": "para-1.1"}));
    assert_eq!(v2["version"]["number"], "2");
    let data = data_of("consultation.json");
    let since = |id: &str| since_in(&data, id);
    assert_eq!(since("para-1.2"), serde_json::json!({"version": "1", "eId": "para-1.1"}), "renumbered, same paragraph");
    assert_eq!(since("para-1.3"), serde_json::json!({"version": "1", "eId": "para-1.2"}));
    assert_eq!(since("para-1.1"), serde_json::json!({"version": "2", "eId": "para-1.1"}), "new in version 2");
    assert_eq!(since("para-2.1"), serde_json::json!({"version": "1", "eId": "para-2.1"}));
    assert_eq!(since("para-2.2"), serde_json::Value::Null, "new in the draft: not yet published");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("schema/consultation.schema.json")).unwrap())
            .unwrap();
    for d in [&data, &v1, &v2] {
        assert!(jsonschema::is_valid(&schema, d));
    }
}

#[test]
fn before_anything_is_published_every_page_says_it_is_a_working_draft() {
    let s = site("consultation", None);
    build_ok(s.path());
    for rel in ["index.html", "report/index.html", "print/index.html", "meetings/index.html"] {
        assert!(
            page(s.path(), rel)
                .contains("<strong>Working draft of version 2</strong>: no version has been published yet."),
            "{rel}"
        );
    }
    let m = site("minimal", None);
    build_ok(m.path());
    assert!(page(m.path(), "report/index.html")
        .contains("<strong>Working draft</strong>: no version has been published yet."));
}

/// The print page's bodies are cut from the documents' pages, made once
/// for both (`html::body_and_plain`); a body holding the characters that
/// marks the cut is made twice instead, and reads the same.
#[test]
fn the_print_page_shows_each_paragraph_as_its_page_does_without_respond_links() {
    for text in ["1.1 A plain paragraph, citing [[report#2.1.1]].", "1.1 Odd \u{E000} private \u{E001} characters."] {
        let site = site("consultation", None);
        let root = site.path();
        write(root, "content/appendix-1.md", &format!("---\ntitle: A work stream\nkind: appendix\n---\n\n{text}\n"));
        build_ok(root);
        let own = page(root, "appendix-1/index.html");
        let print = page(root, "print/index.html");
        assert!(own.contains("Respond to paragraph 1.1"), "{own}");
        let on_print = text_of_id(&print, "appendix-1-para-1.1").expect("on the print page");
        assert_eq!(on_print, text_of_id(&own, "para-1.1").unwrap());
        assert!(!print.contains("Respond to paragraph"), "{print}");
        for mark in ['\u{E000}', '\u{E001}'] {
            let written = text.matches(mark).count();
            assert_eq!(own.matches(mark).count(), written, "{mark:?}");
        }
        assert!(!own.contains("splice:print"), "no placeholder is left");
    }
}

#[test]
fn the_print_page_of_many_documents_holds_each_once_in_order_with_every_page_made() {
    // More documents than the build makes at once, so the print page is
    // written in several batches while their pages are made.
    let s = empty_site();
    let count = 150;
    for i in 1..=count {
        let cites = if i > 1 { format!(" See [[d{:03}#1.1]].", i - 1) } else { String::new() };
        write(
            s.path(),
            &format!("content/d{i:03}.md"),
            &format!("---\ntitle: Document {i}\n---\n\n# Part {i}\n\n1.1 The words of document {i}.{cites}\n"),
        );
    }
    build_ok(s.path());
    let print = page(s.path(), "print/index.html");
    let mut from = 0;
    for i in 1..=count {
        let id = format!("id=\"d{i:03}-para-1.1\"");
        assert_eq!(print.matches(&id).count(), 1, "document {i} once");
        let at = print.find(&id).unwrap();
        assert!(at > from, "document {i} after document {}", i - 1);
        from = at;
        assert_eq!(
            text_of_id(&print, &format!("d{i:03}-para-1.1")).unwrap(),
            text_of_id(&page(s.path(), &format!("d{i:03}/index.html")), "para-1.1").unwrap()
        );
        if i > 1 {
            assert!(
                print.contains(&format!("href=\"#d{:03}-para-1.1\"", i - 1)),
                "document {i}'s citation stays on the page"
            );
        }
    }
    assert!(print.trim_end().ends_with("</html>"));
}
