//! The byte form of a compiled schema that the compile cache keeps: the engine's model and the
//! outline, in postcard's format. Reading it back rebuilds what the form leaves out (the simple
//! types' validators, whose patterns compile on first use).

use super::compile_cache::CompiledSchema;
use super::engine;
use super::outline::Outline;

/// What the compile cache keeps of a schema: the engine's model and the outline.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Compiled {
    pub(super) schema: engine::model::Schema,
    pub(super) outline: Outline,
}

impl CompiledSchema for Compiled {
    // Change it with any change to the model's types (`engine::model`, `engine::content`) or
    // to the outline: a test of the byte form of a known schema fails until it is.
    const FORMAT: u32 = 1;

    fn to_bytes(&self) -> Vec<u8> {
        // Serializing plain data to memory does not fail; an empty entry would not decode.
        postcard::to_allocvec(self).unwrap_or_default()
    }

    fn from_bytes(bytes: &[u8]) -> Option<Self> {
        let mut compiled: Compiled = postcard::from_bytes(bytes).ok()?;
        compiled.schema.rebuild_simple_types().ok()?;
        Some(compiled)
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;
    use crate::xml::{CompileCache, Folder, SchemaGraph, XmlSchema, check_document};

    const SCHEMA: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="Code">
    <xs:restriction base="xs:token"><xs:pattern value="[A-Z]{3}"/></xs:restriction>
  </xs:simpleType>
  <xs:element name="Order">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Currency" type="Code"/>
        <xs:element name="Amount" type="xs:decimal" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="id" type="xs:ID" use="required"/>
    </xs:complexType>
    <xs:key name="one"><xs:selector xpath="."/><xs:field xpath="@id"/></xs:key>
  </xs:element>
</xs:schema>"#;

    fn compiled(dir: &std::path::Path) -> (SchemaGraph, Compiled) {
        std::fs::write(dir.join("order.xsd"), SCHEMA).unwrap();
        let graph = SchemaGraph::load(&Folder(dir.to_path_buf()), "order.xsd").unwrap();
        let trees = engine::model::parse_documents(&graph).unwrap();
        let schema = engine::model::load_trees(&graph, &trees).unwrap();
        let outline = Outline::read(&trees);
        (graph, Compiled { schema, outline })
    }

    #[test]
    fn a_schema_read_back_validates_as_the_compiled_one() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CompileCache::new(&dir.path().join("cache"));
        std::fs::write(dir.path().join("order.xsd"), SCHEMA).unwrap();
        let store = Folder(dir.path().to_path_buf());
        let first = XmlSchema::load_cached(&store, "order.xsd", Some(&cache)).unwrap();
        let again = XmlSchema::load_cached(&store, "order.xsd", Some(&cache)).unwrap();
        assert_eq!(cache.used().read, 1, "{:?}", cache.used());
        for doc in [
            "<Order id='a'><Currency>EUR</Currency><Amount>1.</Amount></Order>",
            "<Order><Currency>eur</Currency><Amount>x</Amount><Extra/></Order>",
        ] {
            let messages = |schema: &XmlSchema| {
                check_document(doc.as_bytes(), "o.xml", schema)
                    .into_iter()
                    .map(|f| format!("{}:{:?} {}", f.rule, f.line, f.message))
                    .collect::<Vec<_>>()
            };
            assert_eq!(messages(&again), messages(&first), "{doc}");
        }
    }

    const MAIN: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c="urn:c" targetNamespace="urn:m">
  <!-- <xs:include schemaLocation="never-read.xsd"/> -->
  <xs:import namespace="urn:c" schemaLocation="../common/Common.xsd"/>
  <xs:element name="Order"><xs:complexType><xs:sequence><xs:element ref="c:Id"/></xs:sequence></xs:complexType></xs:element>
</xs:schema>"#;
    const COMMON: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:c" targetNamespace="urn:c">
  <xs:include schemaLocation="Types.xsd"/>
  <xs:element name="Id" type="IdType"/>
</xs:schema>"#;
    const TYPES: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:c">
  <xs:simpleType name="IdType"><xs:restriction base="xs:string"><xs:pattern value="PATTERN"/></xs:restriction></xs:simpleType>
</xs:schema>"#;

    /// A package as shipped: `maindoc/Main.xsd` importing `../common/Common.xsd`, which
    /// includes `Types.xsd`, whose pattern is `pattern`.
    fn package(dir: &std::path::Path, types: &str) -> std::path::PathBuf {
        for (rel, text) in [
            ("pkg/maindoc/Main.xsd", MAIN),
            ("pkg/common/Common.xsd", COMMON),
            ("pkg/common/Types.xsd", types),
        ] {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir.join("pkg/maindoc/Main.xsd")
    }

    fn errors(schema: &XmlSchema, id: &str) -> usize {
        let doc = format!(r#"<m:Order xmlns:m="urn:m" xmlns:c="urn:c"><c:Id>{id}</c:Id></m:Order>"#);
        check_document(doc.as_bytes(), "o.xml", schema).len()
    }

    /// The cache is asked with the documents found by their markup: an unchanged package is
    /// read back, any change to any file it reaches (here the file an imported one includes)
    /// is compiled afresh, and a broken file is the error it is without a cache.
    #[test]
    fn an_unchanged_package_is_read_back_and_a_changed_imported_file_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let cache = CompileCache::new(&dir.path().join("cache"));
        let used = |read, missed, written| crate::xml::CacheUse { read, missed, written };
        let main = package(dir.path(), &TYPES.replace("PATTERN", "[A-Z]+"));
        let first = XmlSchema::load_file_cached(&main, Some(&cache)).unwrap();
        assert_eq!(first.graph.docs.len(), 3);
        assert_eq!(cache.used(), used(0, 1, 1));
        let again = XmlSchema::load_file_cached(&main, Some(&cache)).unwrap();
        assert_eq!(cache.used(), used(1, 1, 1));
        let rels = |s: &XmlSchema| s.graph.docs.iter().map(|d| d.rel.clone()).collect::<Vec<_>>();
        assert_eq!(rels(&again), rels(&first));
        assert_eq!((errors(&again, "AB"), errors(&again, "12")), (0, 1));
        // The included file of the imported one changes: compiled afresh, with its new pattern.
        package(dir.path(), &TYPES.replace("PATTERN", "[0-9]+"));
        let changed = XmlSchema::load_file_cached(&main, Some(&cache)).unwrap();
        assert_eq!(cache.used(), used(1, 2, 2));
        assert_eq!((errors(&changed, "AB"), errors(&changed, "12")), (1, 0));
        // A file the markup reads as sound but parsing does not: the error without a cache.
        package(dir.path(), &TYPES.replace("</xs:simpleType>", "</xs:complexType>"));
        let message = |e: crate::Error| e.to_string();
        let uncached = XmlSchema::load_file(&main).err().map(message);
        assert!(
            uncached.as_deref().is_some_and(|m| m.contains("Types.xsd")),
            "{uncached:?}"
        );
        assert_eq!(
            XmlSchema::load_file_cached(&main, Some(&cache)).err().map(message),
            uncached
        );
        // Back as it was: read back again.
        package(dir.path(), &TYPES.replace("PATTERN", "[A-Z]+"));
        XmlSchema::load_file_cached(&main, Some(&cache)).unwrap();
        assert_eq!(cache.used().read, 2, "{:?}", cache.used());
    }

    /// The byte form of a known schema, pinned with the form's version: a change to the
    /// model's types changes these bytes, and this test asks for the version to change too,
    /// so an entry written by an older form is never read as the new one.
    #[test]
    fn the_byte_form_changes_only_with_its_version() {
        let dir = tempfile::tempdir().unwrap();
        let (_, compiled) = compiled(dir.path());
        let bytes = compiled.to_bytes();
        let digest: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            (Compiled::FORMAT, digest.as_str()),
            (1, "de728470d606803537b76afcd38d3003767417947aff90f63e98e63c15307800")
        );
        assert!(Compiled::from_bytes(&bytes).is_some());
        assert!(Compiled::from_bytes(&bytes[..bytes.len() - 1]).is_none());
    }
}
