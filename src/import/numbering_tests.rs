use super::*;

/// `numbering.xml` with one abstract list of `levels` (format, lvlText,
/// start, extra XML) and the `nums` (numId, abstractNumId, overrides XML).
fn xml(levels: &[(&str, &str, u32, &str)], nums: &[(u32, u32, &str)]) -> String {
    let mut x = String::from(
        r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0">"#,
    );
    for (i, (fmt, text, start, extra)) in levels.iter().enumerate() {
        x.push_str(&format!(
            r#"<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>"#
        ));
    }
    x.push_str("</w:abstractNum>");
    for (id, abs, overrides) in nums {
        x.push_str(&format!(r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{abs}"/>{overrides}</w:num>"#));
    }
    x.push_str("</w:numbering>");
    x
}

/// The numbers shown for paragraphs (numId, ilvl) in order.
fn shown(defs: &Definitions, paras: &[(u32, usize)]) -> Vec<String> {
    let mut c = Counter::default();
    paras.iter().map(|&(n, l)| c.next(defs, n, l).map(|s| s.text).unwrap_or_default()).collect()
}

fn multilevel() -> Vec<(&'static str, &'static str, u32, &'static str)> {
    vec![("decimal", "%1.", 1, ""), ("decimal", "%1.%2", 1, ""), ("lowerLetter", "(%3)", 1, "")]
}

#[test]
fn a_multilevel_list_numbers_as_word_shows_it() {
    let defs = Definitions::parse(&xml(&multilevel(), &[(1, 0, "")])).unwrap();
    let got = shown(&defs, &[(1, 0), (1, 1), (1, 1), (1, 1), (1, 0), (1, 1), (1, 2), (1, 2), (1, 1)]);
    assert_eq!(got, ["1.", "1.1", "1.2", "1.3", "2.", "2.1", "(a)", "(b)", "2.2"]);
}

#[test]
fn a_start_override_restarts_a_list_instance_on_its_first_use() {
    let over = r#"<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride>"#;
    let defs = Definitions::parse(&xml(&multilevel(), &[(1, 0, ""), (2, 0, over)])).unwrap();
    let got = shown(&defs, &[(1, 0), (1, 0), (2, 0), (2, 0), (1, 0)]);
    // Instances of one abstract list share its counters: 1 continues after 5.
    assert_eq!(got, ["1.", "2.", "4.", "5.", "6."]);
}

#[test]
fn instances_without_overrides_continue_one_another() {
    let defs = Definitions::parse(&xml(&multilevel(), &[(1, 0, ""), (2, 0, "")])).unwrap();
    assert_eq!(shown(&defs, &[(1, 0), (2, 0), (1, 1)]), ["1.", "2.", "2.1"]);
}

#[test]
fn start_values_and_formats() {
    let levels = [
        ("upperLetter", "%1.", 3, ""),
        ("lowerRoman", "(%2)", 1, ""),
        ("upperRoman", "%3", 4, ""),
        ("decimalZero", "%4.", 9, ""),
    ];
    let defs = Definitions::parse(&xml(&levels, &[(1, 0, "")])).unwrap();
    let got = shown(&defs, &[(1, 0), (1, 1), (1, 1), (1, 1), (1, 1), (1, 2), (1, 3), (1, 3), (1, 0)]);
    assert_eq!(got, ["C.", "(i)", "(ii)", "(iii)", "(iv)", "IV", "09.", "10.", "D."]);
    assert_eq!(Format::LowerLetter.write(27), "aa");
    assert_eq!(Format::UpperLetter.write(53), "AAA");
    assert_eq!(Format::LowerRoman.write(1994), "mcmxciv");
}

#[test]
fn legal_numbering_writes_every_level_in_decimal() {
    let levels = [("upperRoman", "%1.", 1, ""), ("decimal", "%1.%2", 1, "<w:isLgl/>"), ("decimal", "%1.%2", 1, "")];
    let defs = Definitions::parse(&xml(&levels, &[(1, 0, "")])).unwrap();
    assert_eq!(shown(&defs, &[(1, 0), (1, 0), (1, 1), (1, 2)]), ["I.", "II.", "2.1", "II.1"]);
}

#[test]
fn lvl_restart_keeps_a_level_counting_across_a_higher_one() {
    let levels = [
        ("decimal", "%1.", 1, ""),
        ("decimal", "%1.%2", 1, ""),
        ("decimal", "%1.%2.%3", 1, r#"<w:lvlRestart w:val="1"/>"#),
        ("decimal", "[%4]", 1, r#"<w:lvlRestart w:val="0"/>"#),
    ];
    let defs = Definitions::parse(&xml(&levels, &[(1, 0, "")])).unwrap();
    let got = shown(&defs, &[(1, 0), (1, 1), (1, 2), (1, 3), (1, 1), (1, 2), (1, 0), (1, 1), (1, 2), (1, 3)]);
    // Level 3 restarts only after level 1; level 4 never restarts.
    assert_eq!(got, ["1.", "1.1", "1.1.1", "[1]", "1.2", "1.2.2", "2.", "2.1", "2.1.1", "[2]"]);
}

#[test]
fn a_level_override_replaces_the_whole_level() {
    let over = r#"<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="7"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl></w:lvlOverride>"#;
    let defs = Definitions::parse(&xml(&multilevel(), &[(1, 0, over)])).unwrap();
    assert_eq!(shown(&defs, &[(1, 0), (1, 0)]), ["g)", "h)"]);
}

#[test]
fn a_level_not_reached_shows_zero_as_word_does_and_bullets_their_glyph() {
    let levels = [
        ("decimal", "%1.", 1, ""),
        ("decimal", "%1.%2", 1, ""),
        ("decimal", "%1.%2.%3", 1, ""),
        ("bullet", "•", 1, ""),
    ];
    let defs = Definitions::parse(&xml(&levels, &[(1, 0, "")])).unwrap();
    assert_eq!(shown(&defs, &[(1, 1), (1, 1), (1, 0), (1, 2), (1, 3)]), ["0.1", "0.2", "1.", "1.0.1", "•"]);
    let mut c = Counter::default();
    assert!(c.next(&defs, 1, 3).unwrap().bullet);
    assert_eq!(c.next(&defs, 9, 0), None, "an undefined list shows no number");
}

#[test]
fn broken_numbering_is_an_error() {
    assert!(Definitions::parse("<w:numbering").is_err());
    let bad = xml(&[("decimal", "%1.", 1, "")], &[]).replace(r#"w:start w:val="1""#, r#"w:start w:val="one""#);
    let err = Definitions::parse(&bad).unwrap_err();
    assert!(err.contains("val=\"one\" is not a number"), "{err}");
}

#[test]
fn hostile_start_values_neither_overflow_nor_grow_without_bound() {
    let levels = [("lowerLetter", "%1", 4_294_967_295, ""), ("upperRoman", "%2", 1, "")];
    let defs = Definitions::parse(&xml(&levels, &[(1, 0, "")])).unwrap();
    assert_eq!(shown(&defs, &[(1, 0), (1, 0)]), ["4294967295", "4294967295"]);
    assert_eq!(Format::UpperRoman.write(3999), "MMMCMXCIX");
    assert_eq!(Format::LowerLetter.write(5000), "5000");
    let mut c = Counter::default();
    assert_eq!(c.next(&defs, 1, 9), None, "levels run 0 to 8");
}
