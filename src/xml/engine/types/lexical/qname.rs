//! xs:QName and xs:NOTATION (Part 2 §3.2.18, §3.2.19), whose values are a namespace name and a
//! local part (the prefix is resolved in the context of the value), and xs:anyURI (§3.2.17),
//! read as leniently as Part 2 allows: processors need not check that a string is a URI.

use super::names::is_ncname;
use crate::xml::engine::types::Namespaces;

/// The namespace of the `xml` prefix, bound in every document.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// Why a QName is not valid: its form, or its prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QNameProblem {
    /// Not `NCName` or `NCName:NCName`.
    Form,
    /// The prefix is not declared.
    UnboundPrefix(String),
}

/// Resolves `prefix:local` (or `local`, in the default namespace): the namespace name
/// (`None` for no namespace) and the local part.
pub fn parse_qname(text: &str, ns: &dyn Namespaces) -> Result<(Option<String>, String), QNameProblem> {
    let (prefix, local) = match text.split_once(':') {
        Some((prefix, local)) => (prefix, local),
        None => ("", text),
    };
    if !is_ncname(local) || (text.contains(':') && !is_ncname(prefix)) {
        return Err(QNameProblem::Form);
    }
    let namespace = match ns.resolve(prefix) {
        Some(uri) if !uri.is_empty() => Some(uri.to_string()),
        // The prefix `xml` is bound by definition (Namespaces in XML, §3).
        None if prefix == "xml" => Some(XML_NAMESPACE.to_string()),
        _ if prefix.is_empty() => None,
        Some(_) | None => return Err(QNameProblem::UnboundPrefix(prefix.to_string())),
    };
    Ok((namespace, local.to_string()))
}

/// Every string is an anyURI here, as with most processors: Part 2 leaves the check to
/// applications, and the escaping of §3.2.17 turns any string into a URI reference.
pub fn is_any_uri(_text: &str) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::{QNameProblem, parse_qname};

    #[test]
    fn prefixes_resolve_in_context() {
        let ns = vec![
            ("p".to_string(), "urn:p".to_string()),
            (String::new(), "urn:default".to_string()),
        ];
        assert_eq!(
            parse_qname("p:x", &ns),
            Ok((Some("urn:p".to_string()), "x".to_string()))
        );
        assert_eq!(
            parse_qname("x", &ns),
            Ok((Some("urn:default".to_string()), "x".to_string()))
        );
        assert_eq!(parse_qname("x", &Vec::new()), Ok((None, "x".to_string())));
        assert_eq!(
            parse_qname("q:x", &ns),
            Err(QNameProblem::UnboundPrefix("q".to_string()))
        );
        for malformed in ["", ":x", "p:", "p:x:y", "1x", "p:1x", "a b"] {
            assert_eq!(parse_qname(malformed, &ns), Err(QNameProblem::Form), "{malformed}");
        }
    }
}
