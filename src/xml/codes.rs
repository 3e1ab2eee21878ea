//! Code lists for XML: an element or attribute declaration (or the simple type it uses) that
//! carries `<xs:annotation><xs:appinfo><nif:codelist>district</nif:codelist></xs:appinfo>`
//! binds its values to a framework code list, with the same meaning as `x-codelist` in JSON
//! Schema: the value must be a code of the list, valid on the check date (PAY004, PAY005).

use std::sync::Arc;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::XmlSchema;
use super::findings::Context;
use super::index::ElementIndex;
use crate::finding::{Finding, Snippet};
use crate::framework::CodeProblem;
use crate::rules;

/// Code-list findings of `text` (which `index` was built from).
pub fn check(text: &str, index: &ElementIndex, cx: &Context<'_>, schema: &XmlSchema) -> Vec<Finding> {
    let (Some((lists, as_of)), false) = (&schema.code_lists, schema.outline.code_lists.is_empty()) else {
        return Vec::new();
    };
    let bound = &schema.outline.code_lists;
    let local = |name: &str| name.rsplit(':').next().unwrap_or(name).to_string();
    // (list id, value, element index, attribute name)
    let mut values: Vec<(String, String, usize, Option<String>)> = Vec::new();
    let mut reader = Reader::from_str(text);
    let mut element = 0usize;
    // Open elements: the list the element is bound to, its text so far, its index.
    let mut open: Vec<(Option<String>, String, usize)> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                collect_attributes(&e, element, bound, &mut values);
                open.push((bound.get(&local(e.name().0)).cloned(), String::new(), element));
                element += 1;
            }
            Ok(Event::Empty(e)) => {
                collect_attributes(&e, element, bound, &mut values);
                if let Some(list) = bound.get(&local(e.name().0)) {
                    values.push((list.clone(), String::new(), element, None));
                }
                element += 1;
            }
            Ok(Event::Text(t)) => {
                if let Some((Some(_), buf, _)) = open.last_mut() {
                    buf.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Ok(Event::End(_)) => {
                if let Some((Some(list), value, at)) = open.pop() {
                    values.push((list, value, at, None));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    let shared: Arc<str> = Arc::from(text);
    let mut findings = Vec::new();
    for (list_id, value, at, attribute) in values {
        let Ok(list) = lists.get(&list_id) else { continue };
        let code = value.trim();
        let Err(problem) = list.check(code, *as_of) else {
            continue;
        };
        let label = list.label();
        let (rule, message) = match problem {
            CodeProblem::Unknown => (&rules::CODE_NOT_IN_LIST, format!("\"{code}\" is not a code of {label}")),
            CodeProblem::Retired(to) => (
                &rules::CODE_NOT_VALID_ON_DATE,
                format!("code \"{code}\" of {label} was retired after {to}"),
            ),
            CodeProblem::NotYetValid(from) => (
                &rules::CODE_NOT_VALID_ON_DATE,
                format!("code \"{code}\" of {label} is only valid from {from}"),
            ),
        };
        let help = match (list.successor(code), list.closest(code, *as_of)) {
            (Some(next), _) => format!("it was replaced by \"{}\" ({})", next.code, next.label),
            (None, Some(c)) if c.code != code => format!("did you mean \"{}\" ({})?", c.code, c.label),
            _ => list.valid_codes_hint(*as_of),
        };
        let Some(element) = index.elements.get(at) else {
            continue;
        };
        let (pointer, offset) = match &attribute {
            Some(name) => {
                let offset = element
                    .attributes
                    .iter()
                    .find(|(n, _, _)| n == name)
                    .map_or(element.start, |a| a.2);
                (format!("{}/@{name}", element.path), offset)
            }
            None => (element.path.clone(), element.start),
        };
        let (line, column) = index.line_col(text, offset);
        let mut finding = Finding::new(rule.code, rule.severity, rule.kind, cx.file, message);
        finding.pointer = Some(pointer);
        finding.line = Some(line + cx.first_line);
        finding.column = Some(column);
        finding.help = Some(help);
        finding.standard = cx.standard.map(str::to_string);
        finding.snippet = Some(Snippet {
            text: Arc::clone(&shared),
            first_line: cx.first_line,
            span: (offset, (offset + 1).min(text.len())),
        });
        findings.push(finding);
    }
    findings
}

fn collect_attributes(
    e: &quick_xml::events::BytesStart<'_>,
    element: usize,
    bound: &std::collections::HashMap<String, String>,
    values: &mut Vec<(String, String, usize, Option<String>)>,
) {
    for attribute in e.attributes().filter_map(Result::ok) {
        let key = attribute.key.0;
        let local = key.rsplit(':').next().unwrap_or(key);
        if let Some(list) = bound.get(local) {
            let value = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.to_string())
                .unwrap_or_default();
            values.push((list.clone(), value, element, Some(key.to_string())));
        }
    }
}
