#![allow(clippy::unwrap_used)]
//! The engine end to end: schemas written to a temporary folder, loaded as a graph, documents
//! validated, errors compared by message and line.

use crate::xml::engine::{Native, XsdEngine};
use crate::xml::schema::{Folder, SchemaGraph};

const XS: &str = r#"xmlns:xs="http://www.w3.org/2001/XMLSchema""#;

fn engine(files: &[(&str, &str)]) -> crate::error::Result<Native> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text.replace("XS", XS)).unwrap();
    }
    let graph = SchemaGraph::load(&Folder(dir.path().to_path_buf()), files[0].0)?;
    Native::build(&graph)
}

/// (line, message) of every error.
fn errors(engine: &Native, text: &str) -> Vec<(usize, String)> {
    engine
        .validate(text)
        .unwrap()
        .into_iter()
        .map(|e| (e.line.unwrap_or(0), e.message))
        .collect()
}

const ORDER: &str = r#"<xs:schema XS>
  <xs:element name="order">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="id" type="xs:string"/>
        <xs:element name="note" type="xs:string" minOccurs="0"/>
        <xs:element name="line" type="xs:string" maxOccurs="5000"/>
        <xs:element name="total" type="xs:string"/>
      </xs:sequence>
      <xs:attribute name="version" type="xs:string" use="required"/>
      <xs:attribute name="kind" type="xs:string" fixed="sale"/>
    </xs:complexType>
  </xs:element>
</xs:schema>"#;

#[test]
fn an_unexpected_element_is_reported_at_itself_naming_what_was_expected() {
    let engine = engine(&[("o.xsd", ORDER)]).unwrap();
    let found = errors(
        &engine,
        "<order version='1'>\n<id/>\n<line/>\n<extra/>\n<total/>\n</order>",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 4);
    assert!(
        found[0]
            .1
            .contains("<extra> is not expected here; expected one of <line>, <total>"),
        "{found:?}"
    );
}

#[test]
fn a_missing_element_is_reported_where_it_was_expected_once() {
    let engine = engine(&[("o.xsd", ORDER)]).unwrap();
    let found = errors(&engine, "<order version='1'>\n<id/>\n<total/>\n</order>");
    assert_eq!(found, [(3, "missing <line> before <total>".to_string())]);
    let found = errors(&engine, "<order version='1'>\n<id/>\n<line/>\n</order>");
    assert_eq!(
        found,
        [(
            4,
            "<order> is incomplete: missing <total> before its end tag".to_string()
        )]
    );
    let many: String = (0..5000).map(|_| "<line/>").collect();
    assert!(errors(&engine, &format!("<order version='1'><id/>{many}<total/></order>")).is_empty());
    let found = errors(
        &engine,
        &format!("<order version='1'><id/>{many}<line/><total/></order>"),
    );
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn attributes_required_fixed_and_unknown() {
    let engine = engine(&[("o.xsd", ORDER)]).unwrap();
    let found = errors(&engine, "<order kind='gift' other='x'><id/><line/><total/></order>");
    let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "attribute 'kind' of <order> must have the fixed value 'sale', not 'gift'",
            "attribute 'other' is not allowed on <order>",
            "Required attribute 'version' is missing on <order>"
        ]
    );
    let found = errors(&engine, "<other/>");
    assert_eq!(
        found,
        [(
            1,
            "no declaration for the root element <other> in the schema".to_string()
        )]
    );
}

#[test]
fn a_substitution_group_member_of_another_namespace_is_accepted() {
    let core = r#"<xs:schema XS targetNamespace="urn:core" xmlns:c="urn:core" elementFormDefault="qualified">
  <xs:element name="Person"><xs:complexType><xs:sequence>
    <xs:element name="Name" type="xs:string"/>
    <xs:element ref="c:PersonAugmentationPoint" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
  <xs:element name="PersonAugmentationPoint" abstract="true"/>
</xs:schema>"#;
    let ext = r#"<xs:schema XS targetNamespace="urn:ext" xmlns:c="urn:core" elementFormDefault="qualified">
  <xs:import namespace="urn:core" schemaLocation="core.xsd"/>
  <xs:element name="Hero" type="xs:string" substitutionGroup="c:PersonAugmentationPoint"/>
</xs:schema>"#;
    let engine = engine(&[("ext.xsd", ext), ("core.xsd", core)]).unwrap();
    let doc = "<c:Person xmlns:c='urn:core' xmlns:e='urn:ext'><c:Name>A</c:Name><e:Hero>x</e:Hero></c:Person>";
    assert!(errors(&engine, doc).is_empty(), "{:?}", errors(&engine, doc));
    let abstract_head = "<c:Person xmlns:c='urn:core'><c:Name>A</c:Name><c:PersonAugmentationPoint/></c:Person>";
    assert!(errors(&engine, abstract_head)[0].1.contains("abstract"));
}

#[test]
fn qualified_ids_are_unique_and_referenced() {
    let schema = r#"<xs:schema XS targetNamespace="urn:s" xmlns:s="urn:s">
  <xs:attribute name="id" type="xs:ID"/>
  <xs:attribute name="ref" type="xs:IDREF"/>
  <xs:element name="r"><xs:complexType><xs:sequence>
    <xs:element name="e" maxOccurs="unbounded" form="qualified"><xs:complexType>
      <xs:attribute ref="s:id"/><xs:attribute ref="s:ref"/>
    </xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;
    let engine = engine(&[("s.xsd", schema)]).unwrap();
    let doc = "<s:r xmlns:s='urn:s'>\n<s:e s:id='a'/>\n<s:e s:id='a'/>\n<s:e s:ref='a'/>\n<s:e s:ref='b'/>\n</s:r>";
    let found = errors(&engine, doc);
    assert_eq!(
        found,
        [
            (3, "ID 'a' is not unique: it is already used".to_string()),
            (5, "IDREF 'b' matches no ID in the document".to_string())
        ]
    );
}

#[test]
fn schema_errors_name_their_place() {
    let two_ids = r#"<xs:schema XS>
  <xs:complexType name="T">
    <xs:attribute name="a" type="xs:ID"/><xs:attribute name="b" type="xs:ID"/>
  </xs:complexType>
</xs:schema>"#;
    let error = engine(&[("t.xsd", two_ids)]).err().unwrap().to_string();
    assert!(
        error.contains("line 2") && error.contains("ct-props-correct 5"),
        "{error}"
    );
    let ambiguous = r#"<xs:schema XS>
  <xs:element name="r"><xs:complexType><xs:sequence>
    <xs:element name="a" minOccurs="0"/><xs:element name="a"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;
    let error = engine(&[("u.xsd", ambiguous)]).err().unwrap().to_string();
    assert!(error.contains("Unique Particle Attribution"), "{error}");
    let undefined = r#"<xs:schema XS>
  <xs:element name="r" type="Missing"/>
</xs:schema>"#;
    let error = engine(&[("m.xsd", undefined)]).err().unwrap().to_string();
    assert!(
        error.contains("line 2, column 3") && error.contains("`Missing` is not defined"),
        "{error}"
    );
    let circular = r#"<xs:schema XS>
  <xs:group name="g"><xs:sequence><xs:group ref="g"/></xs:sequence></xs:group>
  <xs:complexType name="T"><xs:group ref="g"/></xs:complexType>
</xs:schema>"#;
    let error = engine(&[("g.xsd", circular)]).err().unwrap().to_string();
    assert!(error.contains("circular group"), "{error}");
}

#[test]
fn xsi_type_nil_and_derivation() {
    let schema = r#"<xs:schema XS>
  <xs:complexType name="Base"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
  <xs:complexType name="Ext"><xs:complexContent><xs:extension base="Base">
    <xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence>
  </xs:extension></xs:complexContent></xs:complexType>
  <xs:complexType name="Abstract" abstract="true"/>
  <xs:element name="r"><xs:complexType><xs:sequence>
    <xs:element name="item" type="Base" maxOccurs="unbounded" nillable="true"/>
    <xs:element name="blocked" type="Base" block="extension" minOccurs="0"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;
    let engine = engine(&[("x.xsd", schema)]).unwrap();
    let xsi = "xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'";
    let ok = format!("<r {xsi}><item xsi:type='Ext'><a/><b/></item><item xsi:nil='true'/></r>");
    assert!(errors(&engine, &ok).is_empty(), "{:?}", errors(&engine, &ok));
    let bad = format!(
        "<r {xsi}><item xsi:type='Ext'><a/></item><item xsi:nil='true'><a/></item><blocked xsi:type='Ext'><a/><b/></blocked></r>"
    );
    let messages: Vec<String> = errors(&engine, &bad).into_iter().map(|(_, m)| m).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].contains("missing <b>"), "{messages:?}");
    assert!(messages[1].contains("xsi:nil"), "{messages:?}");
    assert!(
        messages[2].contains("is not derived from the declared element type"),
        "{messages:?}"
    );
    let not_nillable = format!("<r {xsi}><item><a/></item><blocked xsi:nil='false'><a/></blocked></r>");
    let messages: Vec<String> = errors(&engine, &not_nillable).into_iter().map(|(_, m)| m).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains("is not nillable, yet has xsi:nil=\"false\""),
        "{messages:?}"
    );
    let nillable_false = format!("<r {xsi}><item xsi:nil='false'><a/></item></r>");
    assert!(
        errors(&engine, &nillable_false).is_empty(),
        "{:?}",
        errors(&engine, &nillable_false)
    );
}

#[test]
fn redefine_and_chameleon_include() {
    let base = r#"<xs:schema XS>
  <xs:complexType name="T"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
</xs:schema>"#;
    let main = r#"<xs:schema XS targetNamespace="urn:m" xmlns:m="urn:m">
  <xs:redefine schemaLocation="base.xsd">
    <xs:complexType name="T"><xs:complexContent><xs:extension base="m:T">
      <xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence>
    </xs:extension></xs:complexContent></xs:complexType>
  </xs:redefine>
  <xs:element name="r" type="m:T"/>
</xs:schema>"#;
    let engine = engine(&[("main.xsd", main), ("base.xsd", base)]).unwrap();
    assert!(errors(&engine, "<m:r xmlns:m='urn:m'><a/><b/></m:r>").is_empty());
    assert_eq!(errors(&engine, "<m:r xmlns:m='urn:m'><a/></m:r>").len(), 1);
}

#[test]
fn text_in_element_only_content_and_wildcards() {
    let schema = r###"<xs:schema XS targetNamespace="urn:w" xmlns:w="urn:w">
  <xs:element name="r"><xs:complexType><xs:sequence>
    <xs:any namespace="##other" processContents="skip" maxOccurs="unbounded"/>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>"###;
    let engine = engine(&[("w.xsd", schema)]).unwrap();
    assert!(
        errors(
            &engine,
            "<w:r xmlns:w='urn:w'>\n  <x:y xmlns:x='urn:x'><z/></x:y>\n</w:r>"
        )
        .is_empty()
    );
    let found = errors(&engine, "<w:r xmlns:w='urn:w'>\n<w:r/></w:r>");
    assert!(found[0].1.contains("is not expected here"), "{found:?}");
    let found = errors(&engine, "<w:r xmlns:w='urn:w'>text<x:y xmlns:x='urn:x'/></w:r>");
    assert_eq!(found.len(), 1);
}

#[test]
fn values_are_checked_through_their_simple_types() {
    let schema = r#"<xs:schema XS>
  <xs:simpleType name="Code"><xs:restriction base="xs:token"><xs:enumeration value="A"/></xs:restriction></xs:simpleType>
  <xs:element name="r"><xs:complexType><xs:sequence>
    <xs:element name="d" type="xs:date"/>
    <xs:element name="n" type="xs:decimal" fixed="100"/>
  </xs:sequence><xs:attribute name="c" type="Code"/></xs:complexType></xs:element>
</xs:schema>"#;
    let engine = engine(&[("v.xsd", schema)]).unwrap();
    assert!(errors(&engine, "<r c=' A '><d>2024-02-29</d><n>100.</n></r>").is_empty());
    let found = errors(&engine, "<r c='B'>\n<d>2024-02-30</d>\n<n>99</n></r>");
    let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [1, 2, 3], "{found:?}");
    assert!(found[0].1.contains("of attribute 'c' is not valid"), "{found:?}");
    assert!(found[1].1.starts_with("<d>"), "{found:?}");
    assert!(found[2].1.contains("fixed value"), "{found:?}");
}

#[test]
fn keys_keyrefs_and_unique_compare_typed_values() {
    let schema = r#"<xs:schema XS>
  <xs:element name="r"><xs:complexType><xs:sequence>
    <xs:element name="item" maxOccurs="unbounded"><xs:complexType>
      <xs:attribute name="id" type="xs:decimal"/><xs:attribute name="code" type="xs:string"/>
    </xs:complexType></xs:element>
    <xs:element name="use" maxOccurs="unbounded"><xs:complexType><xs:simpleContent>
      <xs:extension base="xs:decimal"/></xs:simpleContent></xs:complexType></xs:element>
  </xs:sequence></xs:complexType>
    <xs:key name="itemKey"><xs:selector xpath="item"/><xs:field xpath="@id"/></xs:key>
    <xs:unique name="codes"><xs:selector xpath=".//item"/><xs:field xpath="@code"/></xs:unique>
    <xs:keyref name="uses" refer="itemKey"><xs:selector xpath="use"/><xs:field xpath="."/></xs:keyref>
  </xs:element>
</xs:schema>"#;
    let engine = engine(&[("k.xsd", schema)]).unwrap();
    let ok = "<r><item id='1' code='a'/><item id='2'/><use>1.0</use><use>2</use></r>";
    assert!(errors(&engine, ok).is_empty(), "{:?}", errors(&engine, ok));
    let bad = "<r>\n<item id='1' code='a'/>\n<item id='1.00' code='a'/>\n<item code='b'/>\n<use>3</use>\n</r>";
    let found = errors(&engine, bad);
    let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 3, 4, 5], "{found:?}");
    assert!(
        found[0].1.contains(r#"Unique 'codes': duplicate value ["a"]"#),
        "{found:?}"
    );
    assert!(
        found[1].1.contains(r#"Key 'itemKey': duplicate value ["1.00"]"#),
        "{found:?}"
    );
    assert!(found[2].1.contains("a field has no value"), "{found:?}");
    assert!(
        found[3].1.contains("KeyRef 'uses': the value (3) matches no key"),
        "{found:?}"
    );
}

#[test]
fn a_defaulted_or_fixed_attribute_takes_part_in_unique_and_idrefs() {
    let engine = engine(&[(
        "u.xsd",
        r#"<xs:schema XS>
  <xs:element name="root">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="uid" maxOccurs="unbounded">
          <xs:complexType>
            <xs:attribute name="val" type="xs:string" default="test"/>
            <xs:attribute name="code" type="xs:string" fixed="c"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
      <xs:attribute name="refs" type="xs:IDREFS" default="abc"/>
    </xs:complexType>
    <xs:unique name="byVal">
      <xs:selector xpath="uid"/>
      <xs:field xpath="@val"/>
    </xs:unique>
  </xs:element>
</xs:schema>"#,
    )])
    .unwrap();
    // The second <uid> takes the default "test", which the first writes.
    let found = errors(&engine, "<root refs='x'>\n<uid val='test'/>\n<uid/>\n</root>");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, 1);
    assert!(found[0].1.contains("IDREF 'x'"), "{found:?}");
    assert_eq!(found[1].0, 3);
    // The defaulted IDREFS names an ID the document does not have.
    let found = errors(&engine, "<root>\n<uid val='a'/>\n</root>");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("IDREF 'abc' matches no ID"), "{found:?}");
}

#[test]
fn an_id_attribute_let_in_by_a_wildcard_is_one_of_a_kind() {
    let engine = engine(&[(
        "w.xsd",
        r#"<xs:schema XS>
  <xs:attribute name="a" type="xs:ID"/>
  <xs:attribute name="b" type="xs:ID"/>
  <xs:element name="doc">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="two" minOccurs="0">
          <xs:complexType><xs:anyAttribute processContents="strict"/></xs:complexType>
        </xs:element>
        <xs:element name="declared" minOccurs="0">
          <xs:complexType>
            <xs:attribute name="own" type="xs:ID"/>
            <xs:anyAttribute processContents="strict"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>"#,
    )])
    .unwrap();
    assert_eq!(errors(&engine, "<doc><two a='i1'/></doc>"), vec![]);
    // cvc-complex-type 5.1: two wildcard-matched IDs on one element.
    let found = errors(&engine, "<doc>\n<two a='i1' b='i2'/>\n</doc>");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, 2);
    assert!(found[0].1.contains("2 attributes of type ID"), "{found:?}");
    // cvc-complex-type 5.2: a wildcard-matched ID where the type declares one.
    let found = errors(&engine, "<doc>\n<declared a='i1'/>\n</doc>");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("declares an ID attribute"), "{found:?}");
}

/// Names are found by their namespace, remembered for the last few namespaces a document used:
/// a document of more namespaces than that still has each name found, or not, as written.
#[test]
fn names_are_found_in_documents_of_many_namespaces() {
    let schema = r###"<xs:schema XS targetNamespace="urn:t" xmlns:t="urn:t" elementFormDefault="qualified">
  <xs:element name="root">
    <xs:complexType>
      <xs:sequence>
        <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
        <xs:element name="a" type="xs:string" maxOccurs="unbounded"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>"###;
    let engine = engine(&[("t.xsd", schema)]).unwrap();
    let others: String = (0..12).map(|i| format!("<x:e xmlns:x='urn:o{i}'/>")).collect();
    // The schema's namespace again after a dozen others: <a> is still found.
    let text = format!("<root xmlns='urn:t'>{others}<a/><a/></root>");
    assert_eq!(errors(&engine, &text), Vec::<(usize, String)>::new());
    // And a name the schema does not have is not.
    let text = format!("<root xmlns='urn:t'>{others}<a/><b/></root>");
    let found = errors(&engine, &text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("<b>"), "{found:?}");
}

#[test]
fn long_optional_sequences_are_checked_for_ambiguity_at_every_point() {
    // A sequence of many optional elements: the element or wildcard at its end competes with
    // each of them, from the start of the model and after each one.
    let schema = |last: &str| {
        let optional: String = (0..40)
            .map(|i| format!("<xs:element name='e{i}' minOccurs='0'/>"))
            .collect();
        format!(
            "<xs:schema XS><xs:element name='r'><xs:complexType><xs:sequence>{optional}{last}</xs:sequence></xs:complexType></xs:element></xs:schema>"
        )
    };
    let ambiguity = |last: &str| {
        let error = engine(&[("s.xsd", &schema(last))]).err()?.to_string();
        let (_, what) = error.split_once("two particles can both match ")?;
        what.split(" at the same point").next().map(str::to_string)
    };
    for fine in [
        "<xs:element name='e40'/>",
        "<xs:any namespace='##other'/>",
        "<xs:element name='e40' maxOccurs='3'/>",
    ] {
        assert_eq!(ambiguity(fine), None, "{fine}");
    }
    assert_eq!(ambiguity("<xs:element name='e39'/>").as_deref(), Some("<e39>"));
    assert_eq!(ambiguity("<xs:element name='e0'/>").as_deref(), Some("<e0>"));
    assert_eq!(ambiguity("<xs:any namespace='##any'/>").as_deref(), Some("<e0>"));
    assert_eq!(
        ambiguity("<xs:any namespace='##local' minOccurs='0'/><xs:any/>").as_deref(),
        Some("<e0>")
    );
    assert_eq!(
        ambiguity("<xs:any namespace='urn:x' minOccurs='0'/><xs:any namespace='urn:y urn:x'/>").as_deref(),
        Some("an element of a wildcard")
    );
}

#[test]
fn a_model_ambiguous_in_two_places_is_always_reported_at_the_first() {
    // After <x> two <p> compete, after <y> two <q>: the error names the first place, in the
    // order of the model, on every compile (a hash map's order once made it either).
    let schema = "<xs:schema XS><xs:element name='r'><xs:complexType><xs:sequence>\
        <xs:element name='x'/><xs:element name='p' minOccurs='0'/><xs:element name='p'/>\
        <xs:element name='y'/><xs:element name='q' minOccurs='0'/><xs:element name='q'/>\
        </xs:sequence></xs:complexType></xs:element></xs:schema>";
    for _ in 0..20 {
        let error = engine(&[("s.xsd", schema)])
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(error.contains("two particles can both match <p>"), "{error}");
    }
}
