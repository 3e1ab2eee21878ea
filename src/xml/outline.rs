//! What nifcheck reads from the schema beside what the engine validates: the code lists bound
//! to elements and attributes in `xs:appinfo` (`<codelist>ID</codelist>`), directly on a
//! declaration or on the named simple type it uses.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::engine::model::tree::{Node, Tree, XSD};

/// What the schema says, read once.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Outline {
    /// Element or attribute local name to the code list it is bound to.
    #[serde(serialize_with = "super::engine::model::in_key_order")]
    pub code_lists: HashMap<String, String>,
}

impl Outline {
    /// Reads the schema documents, parsed once for the engine and for this.
    pub fn read(trees: &[Tree]) -> Self {
        let mut outline = Outline::default();
        let mut type_lists: HashMap<String, String> = HashMap::new();
        let mut typed: Vec<(String, String)> = Vec::new();
        for tree in trees {
            for (index, node) in tree.nodes.iter().enumerate() {
                if node.ns.as_deref() != Some(XSD) {
                    continue;
                }
                let kind = &*node.local;
                if !matches!(kind, "element" | "attribute" | "simpleType") {
                    continue;
                }
                let Some(name) = node.attr("name") else { continue };
                if let Some(list) = appinfo_code_list(tree, index) {
                    let target = if kind == "simpleType" {
                        &mut type_lists
                    } else {
                        &mut outline.code_lists
                    };
                    target.insert(name.to_string(), list);
                }
                if kind != "simpleType"
                    && let Some(ty) = node.attr("type")
                {
                    let local = ty.rsplit(':').next().unwrap_or(ty);
                    typed.push((name.to_string(), local.to_string()));
                }
            }
        }
        for (name, type_name) in typed {
            if let Some(list) = type_lists.get(&type_name) {
                outline.code_lists.entry(name).or_insert_with(|| list.clone());
            }
        }
        outline
    }
}

/// The code list named in a declaration's `xs:annotation/xs:appinfo`.
fn appinfo_code_list(tree: &Tree, node: usize) -> Option<String> {
    let annotations = tree.node(node).children.iter().map(|&c| (c, tree.node(c)));
    for (annotation, _) in annotations.filter(|(_, n)| n.is("annotation")) {
        for &appinfo in &tree.node(annotation).children {
            for &item in &tree.node(appinfo).children {
                if &*tree.node(item).local == "codelist" {
                    let id = deep_text(tree, tree.node(item)).trim().to_string();
                    if !id.is_empty() {
                        return Some(id);
                    }
                }
            }
        }
    }
    None
}

fn deep_text(tree: &Tree, node: &Node) -> String {
    let mut text = node.text.clone();
    for &child in &node.children {
        text.push_str(&deep_text(tree, tree.node(child)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_code_lists_on_declarations_and_through_named_types() {
        let schema = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t">
  <xs:simpleType name="Country"><xs:annotation><xs:appinfo><codelist>iso-3166</codelist></xs:appinfo></xs:annotation>
    <xs:restriction base="xs:string"/></xs:simpleType>
  <xs:element name="Nationality" type="t:Country"/>
  <xs:element name="Sex"><xs:annotation><xs:appinfo><codelist> sex </codelist></xs:appinfo></xs:annotation></xs:element>
</xs:schema>"#;
        let outline = Outline::read(&[Tree::parse(schema).unwrap()]);
        assert_eq!(
            outline.code_lists.get("Nationality").map(String::as_str),
            Some("iso-3166")
        );
        assert_eq!(outline.code_lists.get("Sex").map(String::as_str), Some("sex"));
        assert_eq!(outline.code_lists.len(), 2);
    }
}
