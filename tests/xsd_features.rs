//! Every XSD feature docs/validate.md says nifcheck supports, one small schema each, with an instance
//! that must conform and one that must not, through nifcheck's own code path. A feature the
//! engine gets wrong is listed in `GAPS` with what goes wrong, and checked to still be wrong, so
//! the list of gaps in docs/validate.md stays true.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use nifcheck::xml::{Folder, XmlSchema, check_document};

const XS: &str = r#"xmlns:xs="http://www.w3.org/2001/XMLSchema""#;

/// (feature, schema body, conforming instance, non-conforming instance)
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "namespaces, qualified local elements",
        r#"targetNamespace="urn:t" xmlns:t="urn:t" elementFormDefault="qualified"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#,
        r#"<t:r xmlns:t="urn:t"><t:a/></t:r>"#,
        r#"<t:r xmlns:t="urn:t"><a/></t:r>"#,
    ),
    (
        "unqualified local elements",
        r#"targetNamespace="urn:t" xmlns:t="urn:t"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#,
        r#"<t:r xmlns:t="urn:t"><a/></t:r>"#,
        r#"<t:r xmlns:t="urn:t"><t:a/></t:r>"#,
    ),
    (
        "global elements and named types",
        r#"><xs:element name="r" type="T"/><xs:element name="g" type="xs:int"/><xs:complexType name="T"><xs:sequence><xs:element ref="g"/></xs:sequence></xs:complexType>"#,
        "<r><g>1</g></r>",
        "<r><g>one</g></r>",
    ),
    (
        "model groups",
        r#"><xs:group name="G"><xs:sequence><xs:element name="a"/><xs:element name="b"/></xs:sequence></xs:group><xs:element name="r"><xs:complexType><xs:group ref="G"/></xs:complexType></xs:element>"#,
        "<r><a/><b/></r>",
        "<r><b/><a/></r>",
    ),
    (
        "attribute groups",
        r#"><xs:attributeGroup name="A"><xs:attribute name="id" type="xs:int" use="required"/></xs:attributeGroup><xs:element name="r"><xs:complexType><xs:attributeGroup ref="A"/></xs:complexType></xs:element>"#,
        r#"<r id="1"/>"#,
        "<r/>",
    ),
    (
        "sequence with minOccurs and maxOccurs",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="a" minOccurs="2" maxOccurs="3"/></xs:sequence></xs:complexType></xs:element>"#,
        "<r><a/><a/></r>",
        "<r><a/><a/><a/><a/></r>",
    ),
    (
        "choice",
        r#"><xs:element name="r"><xs:complexType><xs:choice><xs:element name="a"/><xs:element name="b"/></xs:choice></xs:complexType></xs:element>"#,
        "<r><b/></r>",
        "<r><a/><b/></r>",
    ),
    (
        "all",
        r#"><xs:element name="r"><xs:complexType><xs:all><xs:element name="a"/><xs:element name="b" minOccurs="0"/></xs:all></xs:complexType></xs:element>"#,
        "<r><b/><a/></r>",
        "<r><b/></r>",
    ),
    (
        "complexContent extension",
        r#"><xs:complexType name="B"><xs:sequence><xs:element name="a"/></xs:sequence></xs:complexType><xs:complexType name="D"><xs:complexContent><xs:extension base="B"><xs:sequence><xs:element name="b"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType><xs:element name="r" type="D"/>"#,
        "<r><a/><b/></r>",
        "<r><b/></r>",
    ),
    (
        "complexContent restriction",
        r#"><xs:complexType name="B"><xs:sequence><xs:element name="a" minOccurs="0"/></xs:sequence></xs:complexType><xs:complexType name="D"><xs:complexContent><xs:restriction base="B"><xs:sequence><xs:element name="a"/></xs:sequence></xs:restriction></xs:complexContent></xs:complexType><xs:element name="r" type="D"/>"#,
        "<r><a/></r>",
        "<r/>",
    ),
    (
        "simpleContent",
        r#"><xs:element name="r"><xs:complexType><xs:simpleContent><xs:extension base="xs:decimal"><xs:attribute name="unit" type="xs:string"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>"#,
        r#"<r unit="kg">3.5</r>"#,
        r#"<r unit="kg">heavy</r>"#,
    ),
    (
        "attribute use required, prohibited and default",
        r#"><xs:complexType name="B"><xs:attribute name="v" type="xs:string" use="required"/><xs:attribute name="w" type="xs:string"/><xs:attribute name="d" type="xs:int"/></xs:complexType><xs:element name="r"><xs:complexType><xs:complexContent><xs:restriction base="B"><xs:attribute name="v" type="xs:string" use="required"/><xs:attribute name="w" use="prohibited"/><xs:attribute name="d" type="xs:int" default="5"/></xs:restriction></xs:complexContent></xs:complexType></xs:element>"#,
        r#"<r v="1"/>"#,
        r#"<r w="2"/>"#,
    ),
    (
        "element fixed value",
        r#"><xs:element name="r" type="xs:string" fixed="1"/>"#,
        "<r>1</r>",
        "<r>2</r>",
    ),
    (
        "nillable",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="a" type="xs:int" nillable="true"/><xs:element name="b" type="xs:int"/></xs:sequence></xs:complexType></xs:element>"#,
        r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><a xsi:nil="true"/><b>1</b></r>"#,
        r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><a>1</a><b xsi:nil="true"/></r>"#,
    ),
    (
        "abstract elements and substitution groups",
        r#"><xs:element name="head" abstract="true"/><xs:element name="m" substitutionGroup="head"/><xs:element name="r"><xs:complexType><xs:sequence><xs:element ref="head"/></xs:sequence></xs:complexType></xs:element>"#,
        "<r><m/></r>",
        "<r><head/></r>",
    ),
    (
        "xsi:type to a derived type",
        r#"><xs:complexType name="A"/><xs:complexType name="C"><xs:complexContent><xs:extension base="A"><xs:sequence><xs:element name="c"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType><xs:element name="r" type="A"/>"#,
        r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="C"><c/></r>"#,
        r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="C"/>"#,
    ),
    (
        "xs:any strict and anyAttribute",
        r#"><xs:element name="known" type="xs:int"/><xs:element name="r"><xs:complexType><xs:sequence><xs:any processContents="strict"/></xs:sequence><xs:anyAttribute processContents="skip"/></xs:complexType></xs:element>"#,
        r#"<r x="1"><known>1</known></r>"#,
        r#"<r x="1"><unknown/></r>"#,
    ),
    (
        "xs:any lax",
        r#"><xs:element name="known" type="xs:int"/><xs:element name="r"><xs:complexType><xs:sequence><xs:any processContents="lax" maxOccurs="2"/></xs:sequence></xs:complexType></xs:element>"#,
        "<r><unknown/><known>1</known></r>",
        "<r><known>x</known></r>",
    ),
    (
        "ID and IDREF lexical form",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="p" maxOccurs="unbounded"><xs:complexType><xs:attribute name="id" type="xs:ID"/><xs:attribute name="ref" type="xs:IDREF"/></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>"#,
        r#"<r><p id="a"/><p ref="a"/></r>"#,
        r#"<r><p id="1a"/></r>"#,
    ),
    (
        "ID unique in the document (checked by nifcheck)",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="p" maxOccurs="unbounded"><xs:complexType><xs:attribute name="id" type="xs:ID"/></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>"#,
        r#"<r><p id="a"/><p id="b"/></r>"#,
        r#"<r><p id="a"/><p id="a"/></r>"#,
    ),
    (
        "IDREF and IDREFS name existing IDs (checked by nifcheck)",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="p" maxOccurs="unbounded"><xs:complexType><xs:attribute name="id" type="xs:ID"/><xs:attribute name="ref" type="xs:IDREFS"/></xs:complexType></xs:element></xs:sequence></xs:complexType></xs:element>"#,
        r#"<r><p id="a"/><p id="b" ref="a b"/></r>"#,
        r#"<r><p id="a"/><p id="b" ref="a c"/></r>"#,
    ),
    (
        "key and keyref",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="p" maxOccurs="unbounded"><xs:complexType><xs:attribute name="id" type="xs:string"/><xs:attribute name="ref" type="xs:string"/></xs:complexType></xs:element></xs:sequence></xs:complexType><xs:key name="k"><xs:selector xpath="p"/><xs:field xpath="@id"/></xs:key><xs:keyref name="kr" refer="k"><xs:selector xpath="p"/><xs:field xpath="@ref"/></xs:keyref></xs:element>"#,
        r#"<r><p id="a"/><p id="b" ref="a"/></r>"#,
        r#"<r><p id="a"/><p id="b" ref="c"/></r>"#,
    ),
    (
        "unique",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="p" maxOccurs="unbounded" type="xs:string"/></xs:sequence></xs:complexType><xs:unique name="u"><xs:selector xpath="p"/><xs:field xpath="."/></xs:unique></xs:element>"#,
        "<r><p>a</p><p>b</p></r>",
        "<r><p>a</p><p>a</p></r>",
    ),
    (
        "enumeration",
        r#"><xs:element name="r"><xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="F"/><xs:enumeration value="M"/></xs:restriction></xs:simpleType></xs:element>"#,
        "<r>F</r>",
        "<r>f</r>",
    ),
    (
        "pattern in the XSD dialect (anchored, \\i \\c, \\p{L})",
        r#"><xs:element name="r"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="\i\c*-\p{Lu}\d{2}"/></xs:restriction></xs:simpleType></xs:element>"#,
        "<r>ab-Ä12</r>",
        "<r>ab-a12x</r>",
    ),
    (
        "length, minLength and maxLength",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="a"><xs:simpleType><xs:restriction base="xs:string"><xs:length value="3"/></xs:restriction></xs:simpleType></xs:element><xs:element name="b"><xs:simpleType><xs:restriction base="xs:string"><xs:minLength value="1"/><xs:maxLength value="2"/></xs:restriction></xs:simpleType></xs:element></xs:sequence></xs:complexType></xs:element>"#,
        "<r><a>abc</a><b>x</b></r>",
        "<r><a>ab</a><b>xyz</b></r>",
    ),
    (
        "ranges",
        r#"><xs:element name="r"><xs:simpleType><xs:restriction base="xs:integer"><xs:minInclusive value="1"/><xs:maxExclusive value="10"/></xs:restriction></xs:simpleType></xs:element>"#,
        "<r>9</r>",
        "<r>10</r>",
    ),
    (
        "totalDigits and fractionDigits",
        r#"><xs:element name="r"><xs:simpleType><xs:restriction base="xs:decimal"><xs:totalDigits value="4"/><xs:fractionDigits value="2"/></xs:restriction></xs:simpleType></xs:element>"#,
        "<r>12.34</r>",
        "<r>1.234</r>",
    ),
    (
        "whiteSpace collapse before facets",
        r#"><xs:element name="r"><xs:simpleType><xs:restriction base="xs:token"><xs:length value="3"/></xs:restriction></xs:simpleType></xs:element>"#,
        "<r>  a b  </r>",
        "<r> a  bc </r>",
    ),
    (
        "lists",
        r#"><xs:element name="r"><xs:simpleType><xs:list itemType="xs:int"/></xs:simpleType></xs:element>"#,
        "<r>1 2 3</r>",
        "<r>1 two 3</r>",
    ),
    (
        "built-in datatypes: date, dateTime, time, duration, boolean, anyURI, base64, hex, gYearMonth",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="d" type="xs:date"/><xs:element name="t" type="xs:dateTime"/><xs:element name="h" type="xs:time"/><xs:element name="p" type="xs:duration"/><xs:element name="b" type="xs:boolean"/><xs:element name="u" type="xs:anyURI"/><xs:element name="x" type="xs:base64Binary"/><xs:element name="y" type="xs:hexBinary"/><xs:element name="m" type="xs:gYearMonth"/></xs:sequence></xs:complexType></xs:element>"#,
        "<r><d>2024-02-29</d><t>2024-02-29T23:59:59.5Z</t><h>13:20:00+01:00</h><p>P1Y2M3DT4H</p><b>1</b><u>https://example.org/a%20b</u><x>aGVsbG8=</x><y>0FB7</y><m>2024-12</m></r>",
        "<r><d>2023-02-29</d><t>2024-02-29T24:01:00</t><h>25:00:00</h><p>P1H</p><b>yes</b><u>::</u><x>a===</x><y>0FB</y><m>2024-13</m></r>",
    ),
    (
        "integer types and their ranges",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="a" type="xs:byte"/><xs:element name="b" type="xs:unsignedShort"/><xs:element name="c" type="xs:positiveInteger"/></xs:sequence></xs:complexType></xs:element>"#,
        "<r><a>-128</a><b>65535</b><c>1</c></r>",
        "<r><a>128</a><b>-1</b><c>0</c></r>",
    ),
    (
        "a global attribute used by reference is checked against its type",
        r#"targetNamespace="urn:t" xmlns:t="urn:t"><xs:attribute name="n" type="xs:integer"/><xs:element name="r"><xs:complexType><xs:attribute ref="t:n"/></xs:complexType></xs:element>"#,
        r#"<t:r xmlns:t="urn:t" t:n="12"/>"#,
        r#"<t:r xmlns:t="urn:t" t:n="twelve"/>"#,
    ),
    (
        "an attribute's fixed value, directly or through a reference",
        r#"targetNamespace="urn:t" xmlns:t="urn:t"><xs:attribute name="g" type="xs:string" fixed="A"/><xs:element name="r"><xs:complexType><xs:attribute name="v" type="xs:string" fixed="1"/><xs:attribute ref="t:g"/></xs:complexType></xs:element>"#,
        r#"<t:r xmlns:t="urn:t" v="1" t:g="A"/>"#,
        r#"<t:r xmlns:t="urn:t" v="2" t:g="B"/>"#,
    ),
    (
        "an attribute's fixed value compares in the value space of its type",
        r#"><xs:element name="r"><xs:complexType><xs:attribute name="n" type="xs:int" fixed="1"/><xs:attribute name="b" type="xs:boolean" fixed="true"/></xs:complexType></xs:element>"#,
        r#"<r n=" 01" b="1"/>"#,
        r#"<r n="10" b="0"/>"#,
    ),
    (
        "an element whose declared type is abstract needs xsi:type naming a concrete type",
        r#"><xs:complexType name="A" abstract="true"/><xs:complexType name="C"><xs:complexContent><xs:extension base="A"/></xs:complexContent></xs:complexType><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="a" type="A" maxOccurs="2"/></xs:sequence></xs:complexType></xs:element>"#,
        r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><a xsi:type="C"/></r>"#,
        r#"<r><a/></r>"#,
    ),
    (
        "union types: a value of one of the member types",
        r#"><xs:simpleType name="U"><xs:union memberTypes="xs:int xs:boolean"/></xs:simpleType><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="u" type="U" maxOccurs="3"/></xs:sequence></xs:complexType></xs:element>"#,
        "<r><u>12</u><u> true </u></r>",
        "<r><u>12</u><u>maybe</u></r>",
    ),
    (
        "unions with anonymous members, in attributes, lists of unions, simple content",
        r#"><xs:simpleType name="U"><xs:union memberTypes="xs:int"><xs:simpleType><xs:restriction base="xs:token"><xs:enumeration value="unknown"/></xs:restriction></xs:simpleType></xs:union></xs:simpleType><xs:element name="r"><xs:complexType><xs:simpleContent><xs:extension base="U"><xs:attribute name="a" type="U"/><xs:attribute name="l"><xs:simpleType><xs:list itemType="U"/></xs:simpleType></xs:attribute></xs:extension></xs:simpleContent></xs:complexType></xs:element>"#,
        r#"<r a="unknown" l="1 unknown 3">7</r>"#,
        r#"<r a="none" l="1 two">seven</r>"#,
    ),
    (
        "xsi:type must name a type derived from the declared one",
        r#"><xs:complexType name="B"><xs:sequence><xs:element name="n" type="xs:string"/></xs:sequence></xs:complexType><xs:complexType name="D"><xs:complexContent><xs:extension base="B"/></xs:complexContent></xs:complexType><xs:complexType name="O"><xs:sequence><xs:element name="n" type="xs:string"/></xs:sequence></xs:complexType><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="e" type="xs:integer" maxOccurs="2"/><xs:element name="b" type="B" maxOccurs="2"/></xs:sequence></xs:complexType></xs:element>"#,
        r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema"><e xsi:type="xs:byte">1</e><b xsi:type="D"><n/></b></r>"#,
        r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema"><e xsi:type="xs:string">1</e><b xsi:type="O"><n/></b></r>"#,
    ),
    (
        "pattern escapes \\d and \\w with their Unicode meaning",
        r#"><xs:element name="r"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="\d{2}\w[\d\-]"/></xs:restriction></xs:simpleType></xs:element>"#,
        "<r>\u{663}4\u{e9}-</r>",
        "<r>12_3</r>",
    ),
    (
        "several patterns of one restriction are alternatives",
        r#"><xs:element name="r"><xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[abc]+"/><xs:pattern value="[123]+"/></xs:restriction></xs:simpleType></xs:element>"#,
        "<r>1223</r>",
        "<r>a1</r>",
    ),
    (
        "key values of a string type compare as strings, not as numbers",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="k" maxOccurs="9"><xs:complexType><xs:attribute name="v" type="xs:string"/></xs:complexType></xs:element></xs:sequence></xs:complexType><xs:key name="kv"><xs:selector xpath="k"/><xs:field xpath="@v"/></xs:key></xs:element>"#,
        r#"<r><k v="01"/><k v="1"/><k v="1.0"/></r>"#,
        r#"<r><k v="01"/><k v="1"/><k v="01"/></r>"#,
    ),
    (
        "key values of a numeric type compare as numbers",
        r#"><xs:element name="r"><xs:complexType><xs:sequence><xs:element name="k" maxOccurs="9"><xs:simpleType><xs:restriction base="xs:int"/></xs:simpleType></xs:element></xs:sequence></xs:complexType><xs:unique name="kv"><xs:selector xpath="k"/><xs:field xpath="."/></xs:unique></xs:element>"#,
        r#"<r><k>1</k><k>2</k></r>"#,
        r#"<r><k>01</k><k>1</k></r>"#,
    ),
];

/// Features the engine gets wrong and nifcheck does not close: (feature, schema body, instance,
/// whether the instance conforms). Each is checked to still get the wrong verdict.
const GAPS: &[(&str, &str, &str, bool)] = &[];

fn schema(body: &str) -> XmlSchema {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.xsd"), format!("<xs:schema {XS} {body}</xs:schema>")).unwrap();
    XmlSchema::load(&Folder(dir.path().to_path_buf()), "s.xsd").unwrap_or_else(|e| panic!("{body}: {e}"))
}

fn messages(schema: &XmlSchema, instance: &str) -> Vec<String> {
    check_document(instance.as_bytes(), "t.xml", schema)
        .into_iter()
        .map(|f| f.message)
        .collect()
}

#[test]
fn every_supported_feature_accepts_and_refuses() {
    let mut wrong = Vec::new();
    for (feature, body, valid, invalid) in CASES {
        let schema = schema(body);
        let on_valid = messages(&schema, valid);
        if !on_valid.is_empty() {
            wrong.push(format!("{feature}: refuses a conforming instance: {on_valid:?}"));
        }
        if messages(&schema, invalid).is_empty() {
            wrong.push(format!("{feature}: accepts {invalid}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn known_gaps_are_still_gaps() {
    for (gap, body, instance, conforms) in GAPS {
        let found = messages(&schema(body), instance);
        assert_eq!(
            found.is_empty(),
            !conforms,
            "fixed? remove from GAPS and docs/validate.md: {gap}: {found:?}"
        );
    }
}

/// What nifcheck checks beside the engine reports each problem once, in words that name it.
#[test]
fn complement_checks_report_each_problem_once() {
    let expected: &[(&str, &[&str])] = &[
        (
            "by reference",
            &["attribute 't:n' is not valid: it is not a valid xs:integer"],
        ),
        (
            "directly or through",
            &["fixed value '1', not '2'", "fixed value 'A', not 'B'"],
        ),
        (
            "value space",
            &["fixed value '1', not '10'", "fixed value 'true', not '0'"],
        ),
        ("declared type is abstract", &["its type 'A' is abstract"]),
        (
            "xsi:type must name",
            // In document order: <e> comes before <b>.
            &[
                "xsi:type 'xs:string' does not derive from its declared type 'xs:integer'",
                "xsi:type 'O' is not derived from the declared element type",
            ],
        ),
        (
            "one of the member types",
            &["'maybe' is not valid: it is none of the member types of the union U (xs:int, xs:boolean)"],
        ),
        (
            "anonymous members",
            &[
                "'none' of attribute 'a' is not valid",
                "its item 'two' is none of the member types of the union U (xs:int, a restriction of xs:token)",
                "value 'seven' is not valid",
            ],
        ),
    ];
    for (feature, wanted) in expected {
        let (_, body, _, invalid) = CASES.iter().find(|c| c.0.contains(feature)).unwrap();
        let found = messages(&schema(body), invalid);
        assert_eq!(found.len(), wanted.len(), "{feature}: {found:#?}");
        for (message, part) in found.iter().zip(wanted.iter()) {
            assert!(message.contains(part), "{feature}: {message:?} lacks {part:?}");
        }
    }
}

/// nifcheck compiles `\d` and `\w` as Unicode categories; messages show the pattern as written.
#[test]
fn patterns_are_shown_as_the_schema_writes_them() {
    let (_, body, _, invalid) = CASES.iter().find(|c| c.0.starts_with("pattern escapes")).unwrap();
    let found = messages(&schema(body), invalid);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains(r"pattern '\d{2}\w[\d\-]'"), "{found:?}");
}

#[test]
fn sibling_patterns_are_named_as_written() {
    let (_, body, _, invalid) = CASES.iter().find(|c| c.0.starts_with("several patterns")).unwrap();
    let found = messages(&schema(body), invalid);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("pattern '[abc]+' or '[123]+'"), "{found:?}");
}

#[test]
fn string_keys_report_only_real_duplicates() {
    let (_, body, _, invalid) = CASES
        .iter()
        .find(|c| c.0.starts_with("key values of a string"))
        .unwrap();
    let found = messages(&schema(body), invalid);
    assert_eq!(
        found,
        vec![r#"Key 'kv': duplicate value ["01"]"#.to_string()],
        "{found:?}"
    );
}
