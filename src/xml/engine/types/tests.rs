//! Tests of simple types: every built-in's lexical space, each facet, lists and unions, and
//! the constraints a restriction must meet.

use super::{Builtin, FacetKind, FacetSpec, Final, NoNamespaces, SimpleType, Value, Variety, WhiteSpace};
use std::sync::Arc;

fn accepts(ty: &SimpleType, text: &str) -> bool {
    ty.validate(text, &NoNamespaces).is_ok()
}

fn restrict(base: &Arc<SimpleType>, facets: &[(FacetKind, &str)]) -> SimpleType {
    try_restrict(base, facets).unwrap_or_else(|e| panic!("{facets:?}: {}", e.message))
}

fn try_restrict(base: &Arc<SimpleType>, facets: &[(FacetKind, &str)]) -> Result<SimpleType, super::TypeError> {
    let specs = facets
        .iter()
        .map(|(kind, value)| FacetSpec::new(*kind, *value))
        .collect();
    SimpleType::restrict(base, None, specs)
}

fn named(local: &str) -> Option<(String, String)> {
    Some(("urn:x".to_string(), local.to_string()))
}

#[test]
fn every_builtin_accepts_and_refuses_what_part_2_says() {
    use Builtin::*;
    let table: &[(Builtin, &[&str], &[&str])] = &[
        (AnySimpleType, &["", " any thing "], &[]),
        (String, &["", " a\tb ", "\u{10000}"], &[]),
        (NormalizedString, &["a\tb", " x "], &[]),
        (Token, &["  a  b  ", ""], &[]),
        (Language, &["en", " en-US ", "x-klingon"], &["", "en_US", "toolonglang"]),
        (Name, &["a:b", "_x", " x "], &["1a", "a b", ""]),
        (NcName, &["a-b", "é"], &["a:b", "", "-a"]),
        (Id, &["id1"], &["1id", "a:b"]),
        (IdRef, &["id1"], &["1id"]),
        (Entity, &["e"], &["e:f"]),
        (NmToken, &["1-a", ":"], &["a b", ""]),
        (NmTokens, &["a b  c", "1"], &["", "  ", "a,b"]),
        (IdRefs, &["a b"], &["", "a 1b"]),
        (Entities, &["a"], &[""]),
        (
            Boolean,
            &["true", "false", "1", "0", " true "],
            &["TRUE", "yes", "", "2"],
        ),
        (
            Decimal,
            &["100.", ".5", "+1", "-0", " 3.14 ", "123456789012345678901234567890.5"],
            &["1e5", "12.5.3", "", "INF", "1 000"],
        ),
        (
            Integer,
            &["-12", "+0", "123456789012345678901234567890123456789012345"],
            &["1.0", "1.", "", "1e3"],
        ),
        (
            NonPositiveInteger,
            &["0", "-5", "-0", "+0", "-999999999999999999999999999999999999999999"],
            &["1"],
        ),
        (
            NegativeInteger,
            &["-1", "-999999999999999999999999999999999999999999"],
            &["0", "-0", "1"],
        ),
        (
            Long,
            &["-9223372036854775808", "9223372036854775807"],
            &["9223372036854775808", "-9223372036854775809"],
        ),
        (Int, &["-2147483648", "2147483647"], &["2147483648", "-2147483649"]),
        (Short, &["-32768", "32767"], &["32768", "-32769"]),
        (Byte, &["-128", "127", "+0"], &["128", "-129", "1.0"]),
        (
            NonNegativeInteger,
            &["0", "-0", "999999999999999999999999999999999999999999"],
            &["-1"],
        ),
        (
            UnsignedLong,
            &["0", "18446744073709551615"],
            &["18446744073709551616", "-1"],
        ),
        (UnsignedInt, &["4294967295"], &["4294967296"]),
        (UnsignedShort, &["65535"], &["65536"]),
        (UnsignedByte, &["255", "000255"], &["256", "-1"]),
        (
            PositiveInteger,
            &["1", "999999999999999999999999999999999999999999"],
            &["0", "-1"],
        ),
        (
            Float,
            &["INF", "-INF", "NaN", "1E4", "1e-5", "-0", "3.4E38"],
            &["+INF", "inf", "1E", ""],
        ),
        (
            Double,
            &["INF", "1.7976931348623157E308", "1e-5", " 1 "],
            &["+INF", "NAN", "1.0d", ""],
        ),
        (
            Duration,
            &["P1Y2M3DT4H5M6.7S", "-P1D", "PT0S"],
            &["P", "PT", "P1S", "", "1Y"],
        ),
        (
            DateTime,
            &[
                "2002-10-10T12:00:00-05:00",
                "2002-10-10T24:00:00Z",
                " 2002-10-10T12:00:00 ",
            ],
            &["2002-10-10", "2002-02-30T00:00:00", ""],
        ),
        (
            Time,
            &["13:20:00", "24:00:00", "13:20:00.000+14:00"],
            &["13:20", "24:00:01", "13:20:00+14:30"],
        ),
        (
            Date,
            &["2004-02-29", "-0001-01-01", "2002-10-10Z"],
            &["2003-02-29", "0000-01-01", "2002-10-10T00:00:00"],
        ),
        (GYearMonth, &["2002-10", "2002-10+01:00"], &["2002", "2002-1"]),
        (GYear, &["2002", "-2002", "20020"], &["02", "002002"]),
        (GMonthDay, &["--02-29", "--12-25Z"], &["--02-30", "-12-25"]),
        (GDay, &["---31", "---01"], &["---32", "--01"]),
        (GMonth, &["--12", "--01Z"], &["--13", "--1"]),
        (HexBinary, &["", "0FB7", "0fb7"], &["0FB", "0G"]),
        (
            Base64Binary,
            &["", "aGVsbG8=", "aGVs bG8=", " aGVsbA== "],
            &["aGVsbG8", "aGVsbG9=", "a==="],
        ),
        (AnyUri, &["http://example.com/a b", "", "urn:x", "../a#b"], &[]),
        (QName, &["local", " local "], &["p:local", ":x", "1x"]),
    ];
    for (builtin, valid, invalid) in table {
        let ty = builtin.type_def();
        for text in *valid {
            if let Err(e) = ty.validate(text, &NoNamespaces) {
                panic!("{builtin:?} should accept {text:?}: {}", e.message);
            }
        }
        for text in *invalid {
            assert!(!accepts(&ty, text), "{builtin:?} should refuse {text:?}");
        }
    }
}

#[test]
fn qnames_resolve_their_prefix_in_context() {
    let ns = vec![("p".to_string(), "urn:p".to_string())];
    let qname = Builtin::QName.type_def();
    assert_eq!(
        qname.validate("p:x", &ns),
        Ok(Value::QName(Some("urn:p".to_string()), "x".to_string()))
    );
    let error = qname.validate("q:x", &ns).expect_err("unbound prefix");
    assert_eq!(
        error.message,
        "'q:x' is not a valid xs:QName (prefix 'q' is not declared)"
    );
    assert_eq!(error.facet, None);
    assert_eq!(qname.validate("x", &ns), Ok(Value::QName(None, "x".to_string())));
}

#[test]
fn whitespace_is_processed_before_anything_else() {
    assert_eq!(Builtin::String.type_def().whitespace(), WhiteSpace::Preserve);
    assert_eq!(Builtin::NormalizedString.type_def().whitespace(), WhiteSpace::Replace);
    assert_eq!(Builtin::Token.type_def().whitespace(), WhiteSpace::Collapse);
    assert_eq!(Builtin::Int.type_def().whitespace(), WhiteSpace::Collapse);
    let v = |b: Builtin, text: &str| b.type_def().validate(text, &NoNamespaces);
    assert_eq!(v(Builtin::String, " a\tb "), Ok(Value::String(" a\tb ".to_string())));
    assert_eq!(
        v(Builtin::NormalizedString, " a\tb\n"),
        Ok(Value::String(" a b ".to_string()))
    );
    assert_eq!(v(Builtin::Token, " a\t\tb\n"), Ok(Value::String("a b".to_string())));
    let collapsed = restrict(&Builtin::String.type_def(), &[(FacetKind::WhiteSpace, "collapse")]);
    assert_eq!(
        collapsed.validate("  x  y ", &NoNamespaces),
        Ok(Value::String("x y".to_string()))
    );
    assert!(matches!(
        WhiteSpace::Collapse.normalize("a b"),
        std::borrow::Cow::Borrowed(_)
    ));
    assert!(matches!(
        WhiteSpace::Replace.normalize("a b"),
        std::borrow::Cow::Borrowed(_)
    ));
}

#[test]
fn lexical_errors_name_the_builtin() {
    let money = SimpleType::restrict(&Builtin::Decimal.type_def(), named("Money"), Vec::new()).expect("money");
    let error = money.validate("12.5.3", &NoNamespaces).expect_err("not a decimal");
    assert_eq!(error.message, "'12.5.3' is not a valid xs:decimal");
    let error = Builtin::UnsignedByte
        .type_def()
        .validate("300", &NoNamespaces)
        .expect_err("range");
    assert_eq!(error.message, "'300' is not a valid xs:unsignedByte (out of range)");
    let long = "x".repeat(200);
    let error = Builtin::Int
        .type_def()
        .validate(&long, &NoNamespaces)
        .expect_err("long");
    assert!(error.message.len() < 120, "{}", error.message);
}

#[test]
fn length_facets_count_characters_octets_and_items() {
    use FacetKind::*;
    let max3 = restrict(&Builtin::String.type_def(), &[(MaxLength, "3")]);
    assert!(accepts(&max3, "abc"));
    assert!(accepts(&max3, "ééé"), "characters, not bytes");
    let error = max3.validate("abcd", &NoNamespaces).expect_err("too long");
    assert_eq!(error.message, "'abcd' is longer than maxLength 3 (4 characters)");
    assert_eq!(error.facet, Some(MaxLength));

    let exactly2 = restrict(&Builtin::HexBinary.type_def(), &[(Length, "2")]);
    assert!(accepts(&exactly2, "0FB7"));
    assert!(!accepts(&exactly2, "0F"));
    let base64 = restrict(&Builtin::Base64Binary.type_def(), &[(MinLength, "5")]);
    assert!(accepts(&base64, "aGVsbG8="));
    assert!(!accepts(&base64, "aGVsbA=="));

    let list = Arc::new(SimpleType::list(None, Builtin::Int.type_def()).expect("list"));
    let two_to_three = restrict(&list, &[(MinLength, "2"), (MaxLength, "3")]);
    assert!(accepts(&two_to_three, "1 2"));
    assert!(accepts(&two_to_three, " 1\n2   3 "));
    assert!(!accepts(&two_to_three, "1"));
    assert!(!accepts(&two_to_three, "1 2 3 4"));

    // The length facets do not constrain QNames (errata E2-36).
    let qname = restrict(&Builtin::QName.type_def(), &[(MaxLength, "1")]);
    assert!(accepts(&qname, "abc"));
    let tokens = Builtin::NmTokens.type_def();
    assert_eq!(
        tokens.validate("", &NoNamespaces).map_err(|e| e.facet),
        Err(Some(MinLength))
    );
}

#[test]
fn patterns_of_one_step_are_alternatives_and_of_several_steps_all_apply() {
    use FacetKind::*;
    let one_step = restrict(&Builtin::String.type_def(), &[(Pattern, "[a-z]+"), (Pattern, r"\d+")]);
    assert!(accepts(&one_step, "abc"));
    assert!(accepts(&one_step, "123"));
    assert!(!accepts(&one_step, "abc123"));
    let error = one_step.validate("A", &NoNamespaces).expect_err("no branch");
    assert_eq!(error.message, r"'A' does not match the pattern '[a-z]+' or '\d+'");
    assert_eq!(error.facet, Some(Pattern));

    let first = Arc::new(restrict(&Builtin::String.type_def(), &[(Pattern, "[a-z0-9]+")]));
    let second = restrict(&first, &[(Pattern, ".{3}")]);
    let written: Vec<&str> = second.patterns().map(|p| p.written()).collect();
    assert_eq!(written, ["'[a-z0-9]+'", "'.{3}'"]);
    assert!(accepts(&second, "ab1"));
    assert!(!accepts(&second, "ab"));
    assert!(!accepts(&second, "AB1"));

    // A pattern sees the value after whitespace processing, and matches all of it.
    let token = restrict(&Builtin::Token.type_def(), &[(Pattern, "a b")]);
    assert!(accepts(&token, "  a   b "));
    let whole = restrict(&Builtin::String.type_def(), &[(Pattern, "b")]);
    assert!(!accepts(&whole, "abc"));
    // A pattern on a built-in derived from decimal applies to the literal.
    let two_places = restrict(&Builtin::Decimal.type_def(), &[(Pattern, r"\d+\.\d{2}")]);
    assert!(accepts(&two_places, "1.50"));
    assert!(!accepts(&two_places, "1.5"));
}

#[test]
fn enumerations_compare_values() {
    use FacetKind::*;
    let decimals = restrict(
        &Builtin::Decimal.type_def(),
        &[(Enumeration, "1.0"), (Enumeration, "2.50")],
    );
    assert!(accepts(&decimals, "1"));
    assert!(accepts(&decimals, "01.000"));
    assert!(accepts(&decimals, "2.5"));
    let error = decimals.validate("3", &NoNamespaces).expect_err("not listed");
    assert_eq!(error.message, "'3' is not one of the enumerated values '1.0', '2.50'");
    assert_eq!(error.facet, Some(Enumeration));

    assert_eq!(
        decimals.enumeration(),
        Some(&["1.0".to_string(), "2.50".to_string()][..])
    );
    assert_eq!(Builtin::Decimal.type_def().enumeration(), None);
    let strings = restrict(&Builtin::String.type_def(), &[(Enumeration, "a"), (Enumeration, "b ")]);
    assert!(accepts(&strings, "b "));
    assert!(!accepts(&strings, "b"));
    let tokens = restrict(&Builtin::Token.type_def(), &[(Enumeration, " b ")]);
    assert!(accepts(&tokens, "b"));

    let dates = restrict(
        &Builtin::DateTime.type_def(),
        &[(Enumeration, "2002-10-10T12:00:00-05:00")],
    );
    assert!(accepts(&dates, "2002-10-10T17:00:00Z"));
    assert!(!accepts(&dates, "2002-10-10T17:00:00"));

    let doubles = restrict(
        &Builtin::Double.type_def(),
        &[(Enumeration, "NaN"), (Enumeration, "INF")],
    );
    assert!(accepts(&doubles, "NaN"));
    assert!(accepts(&doubles, "INF"));
    assert!(!accepts(&doubles, "-INF"));

    let mut spec = FacetSpec::new(Enumeration, "p:a");
    spec.namespaces = vec![("p".to_string(), "urn:p".to_string())];
    let qnames = SimpleType::restrict(&Builtin::QName.type_def(), None, vec![spec]).expect("qnames");
    let ns = vec![("q".to_string(), "urn:p".to_string())];
    assert!(qnames.validate("q:a", &ns).is_ok(), "same namespace, other prefix");
    assert!(qnames.validate("a", &ns).is_err());

    // Long enumerations (code lists) are indexed, and mean the same.
    let codes: Vec<std::string::String> = (0..200).map(|i| format!("C{i:03}")).collect();
    let code_facets: Vec<(FacetKind, &str)> = codes.iter().map(|c| (Enumeration, c.as_str())).collect();
    let code_list = restrict(&Builtin::Token.type_def(), &code_facets);
    for (text, expected) in [("C000", true), (" C199 ", true), ("C200", false), ("c001", false)] {
        assert_eq!(code_list.check(text, &NoNamespaces).is_ok(), expected, "{text}");
        assert_eq!(code_list.validate(text, &NoNamespaces).is_ok(), expected, "{text}");
    }
    let numbers: Vec<std::string::String> = (0..50).map(|i| format!("{i}.0")).collect();
    let number_facets: Vec<(FacetKind, &str)> = numbers.iter().map(|c| (Enumeration, c.as_str())).collect();
    let number_list = restrict(&Builtin::Decimal.type_def(), &number_facets);
    assert!(accepts(&number_list, "049"));
    assert!(!accepts(&number_list, "49.5"));

    let list = Arc::new(SimpleType::list(None, Builtin::Int.type_def()).expect("list"));
    let lists = restrict(&list, &[(Enumeration, "1 2"), (Enumeration, "3")]);
    assert!(accepts(&lists, "01  2"));
    assert!(accepts(&lists, "3"));
    assert!(!accepts(&lists, "2 1"));
}

#[test]
fn range_facets_compare_in_the_value_space() {
    use FacetKind::*;
    let percent = restrict(
        &Builtin::Decimal.type_def(),
        &[(MinInclusive, "0"), (MaxExclusive, "100")],
    );
    assert!(accepts(&percent, "0"));
    assert!(accepts(&percent, "-0.0"));
    assert!(accepts(&percent, "99.999999999999999999999"));
    let error = percent.validate("100.0", &NoNamespaces).expect_err("too big");
    assert_eq!(error.message, "'100.0' is not less than maxExclusive 100");
    assert_eq!(error.facet, Some(MaxExclusive));
    let error = percent.validate("-0.1", &NoNamespaces).expect_err("too small");
    assert_eq!(error.message, "'-0.1' is less than minInclusive 0");

    let after = restrict(&Builtin::Date.type_def(), &[(MinExclusive, "2000-01-01Z")]);
    assert!(accepts(&after, "2000-01-02Z"));
    assert!(!accepts(&after, "2000-01-01Z"));
    // Without a time zone the order is indeterminate this close: the facet fails.
    let error = after.validate("2000-01-01", &NoNamespaces).expect_err("indeterminate");
    assert_eq!(error.facet, Some(MinExclusive));
    assert!(accepts(&after, "2000-01-03"));

    let durations = restrict(&Builtin::Duration.type_def(), &[(MaxInclusive, "P1M")]);
    assert!(accepts(&durations, "P27D"));
    assert!(!accepts(&durations, "P30D"), "indeterminate");
    assert!(!accepts(&durations, "P32D"));

    let floats = restrict(&Builtin::Float.type_def(), &[(MaxInclusive, "10")]);
    assert!(accepts(&floats, "-INF"));
    assert!(!accepts(&floats, "NaN"), "NaN is greater than every value in XSD 1.0");
    assert!(!accepts(&floats, "INF"));
}

#[test]
fn digit_facets_count_the_canonical_form() {
    use FacetKind::*;
    let amount = restrict(
        &Builtin::Decimal.type_def(),
        &[(TotalDigits, "5"), (FractionDigits, "2")],
    );
    assert!(accepts(&amount, "123.45"));
    assert!(
        accepts(&amount, "00123.4500"),
        "leading and trailing zeros do not count"
    );
    assert!(accepts(&amount, "100."));
    let error = amount.validate("1234.56", &NoNamespaces).expect_err("six digits");
    assert_eq!(error.facet, Some(TotalDigits));
    let error = amount.validate("1.234", &NoNamespaces).expect_err("three decimals");
    assert_eq!(error.facet, Some(FractionDigits));
    let integers = restrict(&Builtin::Integer.type_def(), &[(TotalDigits, "3")]);
    assert!(accepts(&integers, "-999"));
    assert!(!accepts(&integers, "1000"));
}

#[test]
fn lists_check_each_item_then_their_own_facets() {
    let ints = SimpleType::list(named("Ints"), Builtin::Int.type_def()).expect("list");
    assert_eq!(
        ints.validate(" 1  2\t3 ", &NoNamespaces),
        Ok(Value::List(vec![
            Builtin::Int.type_def().validate("1", &NoNamespaces).expect("1"),
            Builtin::Int.type_def().validate("2", &NoNamespaces).expect("2"),
            Builtin::Int.type_def().validate("3", &NoNamespaces).expect("3"),
        ]))
    );
    assert_eq!(ints.validate("", &NoNamespaces), Ok(Value::List(Vec::new())));
    let error = ints.validate("1 x 3", &NoNamespaces).expect_err("bad item");
    assert_eq!(error.message, "in the list '1 x 3': 'x' is not a valid xs:int");
    let small = Arc::new(restrict(&Builtin::Int.type_def(), &[(FacetKind::MaxInclusive, "9")]));
    let digits = SimpleType::list(None, small).expect("list");
    assert!(accepts(&digits, "1 9"));
    assert!(!accepts(&digits, "1 10"));
    assert!(
        SimpleType::list(None, Builtin::NmTokens.type_def()).is_err(),
        "no list of lists"
    );
    assert!(ints.whitespace() == WhiteSpace::Collapse);
}

#[test]
fn unions_take_the_first_member_that_accepts() {
    use FacetKind::*;
    let members = vec![
        Builtin::Int.type_def(),
        Builtin::Date.type_def(),
        Builtin::Token.type_def(),
    ];
    let union = Arc::new(SimpleType::union(named("IntOrDate"), members).expect("union"));
    assert!(matches!(union.validate("12", &NoNamespaces), Ok(Value::Decimal(_))));
    assert!(matches!(
        union.validate("2002-10-10", &NoNamespaces),
        Ok(Value::Temporal(_))
    ));
    assert!(matches!(union.validate("x", &NoNamespaces), Ok(Value::String(_))));
    let restricted = restrict(&union, &[(Enumeration, "12"), (Enumeration, "2002-10-10")]);
    assert!(accepts(&restricted, "012"));
    assert!(accepts(&restricted, "2002-10-10"));
    assert!(!accepts(&restricted, "13"));
    assert!(!accepts(&restricted, "x"));
    let patterned = restrict(&union, &[(Pattern, r"\d+")]);
    assert!(accepts(&patterned, "12"));
    assert!(!accepts(&patterned, "x"));

    let strict = SimpleType::union(None, vec![Builtin::Int.type_def(), Builtin::Boolean.type_def()]).expect("union");
    let error = strict.validate("maybe", &NoNamespaces).expect_err("no member");
    assert_eq!(
        error.message,
        "'maybe' is not a valid value of any member type of an anonymous union"
    );
    assert!(
        try_restrict(&union, &[(MaxLength, "3")]).is_err(),
        "only pattern and enumeration"
    );
    let of_list = SimpleType::union(None, vec![Builtin::NmTokens.type_def()]).expect("a union may hold a list");
    assert!(accepts(&of_list, "a b"));
}

/// A base, facets that break a constraint, and words of the expected message.
type BrokenRestriction = (Arc<SimpleType>, Vec<(FacetKind, &'static str)>, &'static str);

#[test]
fn broken_restrictions_are_type_errors() {
    use FacetKind::*;
    let string = Builtin::String.type_def();
    let decimal = Builtin::Decimal.type_def();
    let cases: Vec<BrokenRestriction> = vec![
        (string.clone(), vec![(TotalDigits, "3")], "does not apply"),
        (string.clone(), vec![(MaxInclusive, "3")], "does not apply"),
        (decimal.clone(), vec![(MaxLength, "3")], "does not apply"),
        (
            Builtin::Boolean.type_def(),
            vec![(Enumeration, "true")],
            "does not apply",
        ),
        (string.clone(), vec![(MaxLength, "-1")], "non-negative"),
        (string.clone(), vec![(MaxLength, "x")], "non-negative"),
        (
            string.clone(),
            vec![(MinLength, "5"), (MaxLength, "3")],
            "greater than maxLength",
        ),
        (string.clone(), vec![(Length, "5"), (MaxLength, "5")], "both"),
        (string.clone(), vec![(Length, "2"), (MinLength, "1")], "both"),
        (string.clone(), vec![(MaxLength, "3"), (MaxLength, "4")], "twice"),
        (
            decimal.clone(),
            vec![(TotalDigits, "2"), (FractionDigits, "3")],
            "greater than totalDigits",
        ),
        (decimal.clone(), vec![(TotalDigits, "0")], "positive"),
        (decimal.clone(), vec![(MaxInclusive, "abc")], "not a valid xs:decimal"),
        (
            decimal.clone(),
            vec![(MinInclusive, "5"), (MaxInclusive, "3")],
            "not below",
        ),
        (
            decimal.clone(),
            vec![(MinInclusive, "3"), (MaxExclusive, "3")],
            "not below",
        ),
        (decimal.clone(), vec![(MinInclusive, "1"), (MinExclusive, "0")], "both"),
        (
            Builtin::Byte.type_def(),
            vec![(MaxInclusive, "200")],
            "not a valid xs:byte",
        ),
        (
            Builtin::UnsignedByte.type_def(),
            vec![(MinInclusive, "-1")],
            "not a valid xs:unsignedByte",
        ),
        (Builtin::Integer.type_def(), vec![(FractionDigits, "2")], "fixed"),
        (Builtin::Int.type_def(), vec![(WhiteSpace, "preserve")], "fixed"),
        (Builtin::Token.type_def(), vec![(WhiteSpace, "replace")], "relax"),
        (
            string.clone(),
            vec![(WhiteSpace, "trim")],
            "preserve, replace or collapse",
        ),
        (
            string.clone(),
            vec![(Pattern, "[a-")],
            "not a valid XSD regular expression",
        ),
        (
            string.clone(),
            vec![(Pattern, r"(a)\1")],
            "not a valid XSD regular expression",
        ),
        (
            Builtin::Int.type_def(),
            vec![(Enumeration, "1.5")],
            "not a valid value of xs:int",
        ),
        (Builtin::Notation.type_def(), vec![], "enumerate"),
        (Builtin::AnySimpleType.type_def(), vec![], "cannot be restricted"),
    ];
    for (base, facets, expected) in cases {
        match try_restrict(&base, &facets) {
            Ok(_) => panic!("{facets:?} on {} should be refused", base.display_name()),
            Err(e) => assert!(e.message.contains(expected), "{facets:?}: {}", e.message),
        }
    }
}

#[test]
fn restrictions_may_only_narrow_their_base() {
    use FacetKind::*;
    let huge = restrict(
        &Builtin::String.type_def(),
        &[(MaxLength, "99999999999999999999999999")],
    );
    assert!(accepts(&huge, "abc"));
    let max10 = Arc::new(restrict(
        &Builtin::String.type_def(),
        &[(MaxLength, "10"), (MinLength, "2")],
    ));
    assert!(try_restrict(&max10, &[(MaxLength, "5")]).is_ok());
    assert!(try_restrict(&max10, &[(MaxLength, "11")]).is_err());
    assert!(try_restrict(&max10, &[(MinLength, "1")]).is_err());
    assert!(try_restrict(&max10, &[(MinLength, "3")]).is_ok());
    let len4 = Arc::new(restrict(&Builtin::String.type_def(), &[(Length, "4")]));
    assert!(try_restrict(&len4, &[(Length, "5")]).is_err());
    assert!(try_restrict(&len4, &[(Length, "4")]).is_ok());
    // length and minLength or maxLength in different steps need only agree.
    assert!(try_restrict(&len4, &[(MaxLength, "4")]).is_ok());
    assert!(try_restrict(&len4, &[(MinLength, "5")]).is_err());
    assert!(try_restrict(&max10, &[(Length, "11")]).is_err());
    assert!(try_restrict(&max10, &[(Length, "7")]).is_ok());

    let range = Arc::new(restrict(
        &Builtin::Decimal.type_def(),
        &[(MinInclusive, "0"), (MaxExclusive, "10")],
    ));
    for ok in [
        vec![(MaxInclusive, "9.5")],
        vec![(MaxExclusive, "10")],
        vec![(MinExclusive, "0")],
        vec![(MinInclusive, "0")],
    ] {
        assert!(try_restrict(&range, &ok).is_ok(), "{ok:?}");
    }
    for broken in [
        vec![(MaxInclusive, "10")],
        vec![(MaxExclusive, "11")],
        vec![(MinInclusive, "-1")],
        vec![(MinExclusive, "-1")],
        vec![(MinInclusive, "10")],
        vec![(MaxExclusive, "0")],
    ] {
        assert!(try_restrict(&range, &broken).is_err(), "{broken:?}");
    }
    // An inclusive bound replaces the base's exclusive one on the same side.
    let narrower = restrict(&range, &[(MaxInclusive, "5")]);
    assert!(accepts(&narrower, "5"));
    assert!(!accepts(&narrower, "5.1"));

    let mut fixed = FacetSpec::new(MaxLength, "5");
    fixed.fixed = true;
    let fixed = Arc::new(SimpleType::restrict(&Builtin::String.type_def(), None, vec![fixed]).expect("fixed"));
    assert!(try_restrict(&fixed, &[(MaxLength, "5")]).is_ok());
    let error = try_restrict(&fixed, &[(MaxLength, "4")]).expect_err("fixed facet changed");
    assert!(error.message.contains("fixed"), "{}", error.message);

    let enumerated = Arc::new(restrict(
        &Builtin::String.type_def(),
        &[(Enumeration, "a"), (Enumeration, "b")],
    ));
    assert!(
        try_restrict(&enumerated, &[(Enumeration, "c")]).is_err(),
        "not in the base's value space"
    );
    assert!(try_restrict(&enumerated, &[(Enumeration, "a")]).is_ok());
}

#[test]
fn final_forbids_derivations() {
    let no_restriction = Arc::new(
        SimpleType::restrict(&Builtin::String.type_def(), named("Closed"), Vec::new())
            .expect("closed")
            .with_final(Final {
                restriction: true,
                list: true,
                union: true,
            }),
    );
    assert!(SimpleType::restrict(&no_restriction, None, Vec::new()).is_err());
    assert!(SimpleType::list(None, no_restriction.clone()).is_err());
    assert!(SimpleType::union(None, vec![no_restriction.clone()]).is_err());
    assert!(SimpleType::union(None, Vec::new()).is_err());
}

#[test]
fn ids_and_idrefs_are_found_by_derivation() {
    let id = Arc::new(SimpleType::restrict(&Builtin::Id.type_def(), named("MyId"), Vec::new()).expect("id"));
    assert!(id.is_id());
    assert!(!id.is_idref());
    assert!(Builtin::IdRef.type_def().is_idref());
    assert!(Builtin::IdRefs.type_def().is_idrefs());
    assert!(!Builtin::IdRefs.type_def().is_idref());
    let refs = SimpleType::list(None, Builtin::IdRef.type_def()).expect("list");
    assert!(refs.is_idrefs());
    assert!(!Builtin::NcName.type_def().is_id());
    assert!(!Builtin::NmTokens.type_def().is_idrefs());
}

#[test]
fn derivation_between_types() {
    let string = Builtin::String.type_def();
    let token = Builtin::Token.type_def();
    let code = Arc::new(SimpleType::restrict(&token, named("Code"), Vec::new()).expect("code"));
    let short = Arc::new(SimpleType::restrict(&code, None, Vec::new()).expect("short"));
    assert!(short.derives_from(&code));
    assert!(short.derives_from(&string));
    assert!(short.derives_from(&Builtin::AnySimpleType.type_def()));
    assert!(!code.derives_from(&short));
    assert!(!code.derives_from(&Builtin::Decimal.type_def()));
    let union = SimpleType::union(None, vec![Builtin::Int.type_def(), code.clone()]).expect("union");
    assert!(short.derives_from(&union), "a member's derivation is a union's");
    assert!(!Builtin::Date.type_def().derives_from(&union));
    let list = SimpleType::list(None, code).expect("list");
    assert!(list.derives_from(&Builtin::AnySimpleType.type_def()));
    assert!(!list.derives_from(&string));
}

#[test]
fn display_names() {
    let money = SimpleType::restrict(&Builtin::Decimal.type_def(), named("Money"), Vec::new()).expect("money");
    assert_eq!(money.display_name(), "{urn:x}Money");
    let local = SimpleType::restrict(
        &Builtin::Decimal.type_def(),
        Some((String::new(), "Local".into())),
        Vec::new(),
    )
    .expect("local");
    assert_eq!(local.display_name(), "Local");
    assert_eq!(Builtin::Decimal.type_def().display_name(), "xs:decimal");
    let anonymous = SimpleType::restrict(&Builtin::String.type_def(), None, Vec::new()).expect("anonymous");
    assert_eq!(anonymous.display_name(), "an anonymous restriction of xs:string");
    let list = SimpleType::list(None, Builtin::Int.type_def()).expect("list");
    assert_eq!(list.display_name(), "an anonymous list of xs:int");
    assert!(matches!(list.variety(), Variety::List(_)));
    assert_eq!(money.name(), Some(("urn:x", "Money")));
    assert!(matches!(money.variety(), Variety::Atomic(Builtin::Decimal)));
}

#[test]
fn types_are_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<SimpleType>();
    shared::<Value>();
}

#[test]
fn check_decides_as_validate_does() {
    use FacetKind::*;
    let code = Arc::new(restrict(
        &Builtin::Token.type_def(),
        &[(Pattern, "[A-Z]{2}[0-9]*"), (MaxLength, "5")],
    ));
    let listed = Arc::new(restrict(&code, &[(Enumeration, "AB1"), (Enumeration, "CD")]));
    let uri = Arc::new(restrict(&Builtin::AnyUri.type_def(), &[(MinLength, "3")]));
    let id = Builtin::Id.type_def();
    let amount = Arc::new(restrict(&Builtin::Decimal.type_def(), &[(FractionDigits, "2")]));
    let list = Arc::new(SimpleType::list(None, code.clone()).expect("list"));
    let types = [
        code,
        listed,
        uri,
        id,
        amount,
        list,
        Builtin::Language.type_def(),
        Builtin::String.type_def(),
    ];
    let inputs = [
        "", "AB1", " AB1 ", "AB123", "AB1234", "ab1", "CD", "CD ", "C D", "http://x", "ab", "1.25", "1.255", "x y",
        "AB CD", "en-GB", "1id", "\tAB\n",
    ];
    for ty in &types {
        for input in inputs {
            assert_eq!(
                ty.check(input, &NoNamespaces),
                ty.validate(input, &NoNamespaces).map(|_| ()),
                "{} on {input:?}",
                ty.display_name()
            );
        }
    }
}

mod properties {
    use super::super::builtin::ALL;
    use super::super::regex::XsdRegex;
    use super::super::{Builtin, NoNamespaces};
    use proptest::prelude::*;

    /// Pieces of XSD regular expressions, valid and not, to build patterns from.
    const REGEX_TOKENS: &[&str] = &[
        "a",
        "é",
        "[",
        "]",
        "[^",
        "-",
        "-[",
        "(",
        ")",
        "|",
        "?",
        "*",
        "+",
        "{",
        "}",
        "{2}",
        "{1,3}",
        "{2,}",
        ",",
        ".",
        "^",
        "$",
        "\\",
        "\\d",
        "\\w",
        "\\i",
        "\\c",
        "\\s",
        "\\p{L}",
        "\\P{Nd}",
        "\\p{IsBasicLatin}",
        "\\p{Is",
        "\\n",
        "\\-",
        "\\[",
        "0",
        "9",
        "z",
        " ",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn every_builtin_takes_any_literal_without_panicking(
            text in r"[-+0-9.eEINFaTZ:PYMDHS\t\n =/A-Za-z_]{0,24}"
        ) {
            for builtin in ALL {
                let ty = builtin.type_def();
                let validated = ty.validate(&text, &NoNamespaces);
                prop_assert_eq!(ty.check(&text, &NoNamespaces), validated.map(|_| ()));
            }
        }

        #[test]
        fn arbitrary_strings_never_panic(text in any::<String>()) {
            for builtin in ALL {
                let _ = builtin.type_def().validate(&text, &NoNamespaces);
            }
        }

        #[test]
        fn patterns_from_token_soup_compile_or_are_refused(
            tokens in proptest::collection::vec(proptest::sample::select(REGEX_TOKENS), 0..16)
        ) {
            if let Ok(regex) = XsdRegex::new(&tokens.concat()) {
                for text in ["", "a", "abc", "é9", "[a]", "  "] {
                    let _ = regex.is_match(text);
                }
            }
        }

        #[test]
        fn decimal_order_is_the_order_of_numbers(a in any::<i64>(), b in any::<i64>(), zeros in 0usize..4) {
            let parse = |n: i64| {
                let text = if n < 0 {
                    format!("-{}{}.{}", "0".repeat(zeros), n.unsigned_abs(), "0".repeat(zeros))
                } else {
                    format!("+{}{n}.{}", "0".repeat(zeros), "0".repeat(zeros))
                };
                Builtin::Decimal.type_def().validate(&text, &NoNamespaces)
            };
            let (x, y) = (parse(a)?, parse(b)?);
            prop_assert_eq!(x.partial_cmp_value(&y), Some(a.cmp(&b)));
            prop_assert_eq!(x == y, a == b);
        }

        #[test]
        fn equal_date_times_in_other_zones_hash_alike(hours in 0i32..24, offset in -14i32..=14) {
            use std::hash::{DefaultHasher, Hash, Hasher};
            let local = hours + offset;
            let (day, local) = match local {
                l if l < 0 => (9, l + 24),
                l if l >= 24 => (11, l - 24),
                l => (10, l),
            };
            let sign = if offset < 0 { '-' } else { '+' };
            let zoned = format!("2002-10-{day:02}T{local:02}:30:00{sign}{:02}:00", offset.abs());
            let utc = format!("2002-10-10T{hours:02}:30:00Z");
            let dt = Builtin::DateTime.type_def();
            let (a, b) = (dt.validate(&zoned, &NoNamespaces), dt.validate(&utc, &NoNamespaces));
            let (a, b) = (a?, b?);
            prop_assert_eq!(&a, &b);
            let hash = |v: &super::Value| {
                let mut h = DefaultHasher::new();
                v.hash(&mut h);
                h.finish()
            };
            prop_assert_eq!(hash(&a), hash(&b));
        }
    }
}
