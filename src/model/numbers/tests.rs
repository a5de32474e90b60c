use super::*;

fn n(s: &str) -> Number {
    Number::parse(s).unwrap_or_else(|| panic!("{s} is a number"))
}

#[test]
fn recognises_paragraph_numbers() {
    assert_eq!(paragraph_prefix("2.1.3 All stakeholders"), Some((n("2.1.3"), 6)));
    assert_eq!(paragraph_prefix("6.1.1  The Restructuring"), Some((n("6.1.1"), 7)));
    assert_eq!(paragraph_prefix("4.2. The first"), Some((n("4.2"), 5)));
    assert_eq!(paragraph_prefix("2.1.3\tTabbed"), Some((n("2.1.3"), 6)));
    assert_eq!(paragraph_prefix("2.1.3Glued to the text"), Some((n("2.1.3"), 5)));
    assert_eq!(paragraph_prefix("2011 was a year"), None);
    assert_eq!(paragraph_prefix("3.5million"), None);
    assert_eq!(paragraph_prefix("2.1.3: not a number"), None);
    assert_eq!(section_prefix("2. Initial Findings"), Some((n("2"), 3)));
    assert_eq!(section_prefix("2 Initial Findings"), None);
}

#[test]
fn numbers_are_shown_as_written_and_identified_by_value() {
    let (x, cut) = paragraph_prefix("01.1 Leading zero").unwrap();
    assert_eq!((x.shown.as_str(), x.slug().as_str(), cut), ("01.1", "1.1", 5));
    assert_eq!(x, n("1.1"));
    let (x, _) = paragraph_prefix("6.12. Trailing dot").unwrap();
    assert_eq!((x.shown.as_str(), x.slug().as_str()), ("6.12.", "6.12"));
    let (x, _) = paragraph_prefix("3.1A Inserted").unwrap();
    assert_eq!((x.shown.as_str(), x.slug().as_str(), x.to_string().as_str()), ("3.1A", "3.1A", "3.1A"));
    let (x, _) = paragraph_prefix("A.2.5.4.3 Appendix").unwrap();
    assert_eq!((x.prefix.as_str(), x.slug().as_str()), ("A", "A.2.5.4.3"));
    let (x, _) = paragraph_prefix("S1.2 Schedule").unwrap();
    assert_eq!((x.prefix.as_str(), x.slug().as_str()), ("S1", "S1.2"));
    assert_ne!(n("A.1"), n("1.1"));
    assert_eq!(paragraph_prefix("A. Smith said"), None);
    assert_eq!(paragraph_prefix("UK.1 no"), paragraph_prefix("UK.1 no"));
}

#[test]
fn sub_paragraphs_parse_with_their_parent() {
    let x = n("13(a)");
    assert_eq!((x.slug().as_str(), x.to_string().as_str(), x.sub_depth()), ("13-a", "13(a)", 1));
    assert_eq!(n("4.2.1(ii)").slug(), "4.2.1-ii");
    assert_eq!(n("13-a-ii"), n("13(a)(ii)"));
    let l = lead("(ii) The second").unwrap();
    assert_eq!((l.kind, l.cut), (LeadKind::Sub("ii".into()), 5));
    assert_eq!(lead("(see below) text"), None);
}

#[test]
fn i_v_and_x_are_roman_unless_they_follow_a_letter() {
    let h = sub_label("h", None).unwrap();
    assert_eq!(sub_label("i", Some(&h)).unwrap().style, SubStyle::Letter);
    assert_eq!(sub_label("i", None).unwrap(), Sub { label: "i".into(), style: SubStyle::Roman, value: 1 });
    assert_eq!(sub_label("iv", None).unwrap().value, 4);
    assert_eq!(sub_label("xiv", None).unwrap().value, 14);
    assert_eq!(sub_label("c", None).unwrap().style, SubStyle::Letter);
    assert_eq!(sub_label("ab", None), None);
}

#[test]
fn amounts_are_not_paragraph_numbers() {
    assert!(is_amount(" million people"));
    assert!(is_amount(" per cent of"));
    assert!(!is_amount(" Members agreed"));
}

#[test]
fn follows_siblings_children_uncles_inserts_and_new_prefixes() {
    assert!(n("2.1.1").follows(&n("2.1")));
    assert!(n("2.2").follows(&n("2.1.11")));
    assert!(n("3.1").follows(&n("3")));
    assert!(n("4.4").follows(&n("4.3.1.1")));
    assert!(n("3").follows(&n("2.1.11")));
    assert!(n("3.1A").follows(&n("3.1")));
    assert!(n("3.1B").follows(&n("3.1A")));
    assert!(n("3.2").follows(&n("3.1A")));
    assert!(n("A.1").follows(&n("6.4")));
    assert!(n("14").follows(&n("13")));
    assert!(!n("2.3").follows(&n("2.1")));
    assert!(!n("2.1").follows(&n("2.2")));
    assert!(!n("3.1B").follows(&n("3.1")));
}

#[test]
fn digits_and_capitals_label_sub_paragraphs_too() {
    assert_eq!(sub_label("3", None).unwrap(), Sub { label: "3".into(), style: SubStyle::Digit, value: 3 });
    assert_eq!(sub_label("B", None).unwrap().style, SubStyle::Upper);
    assert_eq!(n("13(1)(a)").slug(), "13-1-a");
    assert_eq!(sub_label("0", None), None);
    assert_eq!(sub_label("é", None), None);
    assert_eq!(lead("(see below) text"), None);
    assert_eq!(
        lead("(2) A person"),
        Some(Lead { kind: LeadKind::Sub("2".into()), len: 3, cut: 4, glued: false, blocked: false })
    );
}
