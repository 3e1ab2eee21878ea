//! nifcheck's own keywords. `x-codelist`: a string bound to a framework code list must be one of
//! its codes, valid on the check date; its errors say which [`KeywordProblem`] they are (the
//! check layer files them as PAY004 or PAY005) and carry a hint: the code that replaced a
//! retired one, a close match, or the whole list when it is short. `x-nifcheck-refused` stands
//! in for a reference that was refused (FWK001).

use std::sync::{Arc, OnceLock};

use jsonschema::{Keyword, ValidationError};
use serde_json::Value;

use super::CodeLists;
use super::codelist::{CodeList, CodeProblem};
use crate::date::Date;

/// What one of nifcheck's keywords found wrong with a value. The keyword's error message
/// carries it, so the checks can file the error under its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeywordProblem {
    /// A value that is not a code of its list.
    CodeNotInList,
    /// A code that is not valid on the check date.
    CodeNotValidOnDate,
    /// A value that reaches a refused reference.
    ReferenceRefused,
}

impl KeywordProblem {
    const ALL: [KeywordProblem; 3] = [
        KeywordProblem::CodeNotInList,
        KeywordProblem::CodeNotValidOnDate,
        KeywordProblem::ReferenceRefused,
    ];

    fn tag(self) -> &'static str {
        match self {
            KeywordProblem::CodeNotInList => "code-not-in-list",
            KeywordProblem::CodeNotValidOnDate => "code-not-valid-on-date",
            KeywordProblem::ReferenceRefused => "reference-refused",
        }
    }
}

/// Separates the parts of a tagged message; no schema or payload text contains it.
const SEPARATOR: char = '\u{1f}';

/// Packs a problem, message and hint into one keyword error message.
fn tag(problem: KeywordProblem, message: &str, hint: &str) -> String {
    format!("{SEPARATOR}{}{SEPARATOR}{message}{SEPARATOR}{hint}", problem.tag())
}

/// Unpacks a keyword error message: the problem, the message and the hint.
pub fn untag(text: &str) -> Option<(KeywordProblem, &str, &str)> {
    let mut parts = text.strip_prefix(SEPARATOR)?.splitn(3, SEPARATOR);
    let name = parts.next()?;
    let problem = KeywordProblem::ALL.into_iter().find(|p| p.tag() == name)?;
    Some((problem, parts.next()?, parts.next().unwrap_or("")))
}

/// `x-codelist`: the value must be a code of the list, valid on the check date. The list is
/// loaded when the first value is checked against it, so a run loads only the lists its
/// payloads reach; a list that could fail to load (one read from a folder) is loaded when the
/// schema is compiled, so its error is the schema's.
pub(super) struct CodeListKeyword {
    lists: Arc<CodeLists>,
    id: String,
    list: OnceLock<Result<Arc<CodeList>, String>>,
    as_of: Date,
}

impl CodeListKeyword {
    /// The keyword for the list `id` of `lists`; an error when there is no such list, or when it
    /// is loaded now and does not load.
    pub(super) fn new(lists: &Arc<CodeLists>, id: &str, as_of: Date) -> Result<Self, crate::error::Error> {
        let list = OnceLock::new();
        match lists.loads_from_prepared_cells(id) {
            Some(true) => {}
            // No such list (the error says so), or one read from a file: loaded now.
            Some(false) | None => {
                let _ = list.set(Ok(lists.get(id)?));
            }
        }
        Ok(CodeListKeyword {
            lists: Arc::clone(lists),
            id: id.to_string(),
            list,
            as_of,
        })
    }

    /// The list, loaded on first use.
    fn list(&self) -> Result<&CodeList, &str> {
        self.list
            .get_or_init(|| match self.lists.cell(&self.id) {
                Ok(Ok(list)) => Ok(Arc::clone(list)),
                Ok(Err(e)) => Err(format!("x-codelist `{}`: {e}", self.id)),
                Err(e) => Err(format!("x-codelist `{}`: {e}", self.id)),
            })
            .as_ref()
            .map(|list| &**list)
            .map_err(String::as_str)
    }
}

impl<'i> Keyword<'i> for CodeListKeyword {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        let Some(code) = instance.as_str() else {
            return Ok(());
        };
        // Only a list checked by a unit test is loaded here, so this error is not expected; it
        // is still a finding on the value rather than a panic.
        let list = self.list().map_err(ValidationError::custom)?;
        let Err(problem) = list.check(code, self.as_of) else {
            return Ok(());
        };
        let label = list.label();
        let (rule, message) = match problem {
            CodeProblem::Unknown => (
                KeywordProblem::CodeNotInList,
                format!("\"{code}\" is not a code of {label}"),
            ),
            CodeProblem::Retired(to) => (
                KeywordProblem::CodeNotValidOnDate,
                format!("code \"{code}\" of {label} was retired after {to}"),
            ),
            CodeProblem::NotYetValid(from) => (
                KeywordProblem::CodeNotValidOnDate,
                format!("code \"{code}\" of {label} is only valid from {from}"),
            ),
        };
        let hint = match (list.successor(code), list.closest(code, self.as_of)) {
            (Some(next), _) => format!("it was replaced by \"{}\" ({})", next.code, next.label),
            (None, Some(c)) if c.code != code => format!("did you mean \"{}\" ({})?", c.code, c.label),
            _ => list.valid_codes_hint(self.as_of),
        };
        Err(ValidationError::custom(tag(rule, &message, &hint)))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        instance
            .as_str()
            .is_none_or(|code| self.list().is_ok_and(|list| list.check(code, self.as_of).is_ok()))
    }
}

/// Stands in for a refused reference: every value that reaches it is a finding naming it.
pub(super) struct RefusedReference {
    pub(super) reason: String,
    /// How to allow the reference.
    pub(super) hint: String,
}

impl<'i> Keyword<'i> for RefusedReference {
    fn validate(&self, _instance: &'i Value) -> Result<(), ValidationError<'i>> {
        let message = format!("cannot check this value: {}", self.reason);
        Err(ValidationError::custom(tag(
            KeywordProblem::ReferenceRefused,
            &message,
            &self.hint,
        )))
    }

    fn is_valid(&self, _instance: &'i Value) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_embedded_list_is_loaded_when_a_value_reaches_it() {
        let framework = crate::framework::reference_for_tests();
        let person = "person@1.2.0".parse().unwrap_or_else(|e: String| panic!("{e}"));
        let index = framework.resolve(&person).unwrap_or_else(|e| panic!("{e:?}"));
        let validator = framework.validator(index).unwrap_or_else(|e| panic!("{e:?}"));
        let lists = framework.code_lists();
        // person@1.2.0 names seven lists; compiling it loads none of them.
        assert_eq!(lists.loaded(), Vec::<String>::new());
        let payload = serde_json::json!({"sex": "Q", "maritalStatus": "married"});
        let messages: Vec<String> = validator.iter_errors(&payload).map(|e| e.to_string()).collect();
        assert!(
            messages.iter().any(|m| m.contains("\"Q\" is not a code of sex@")),
            "{messages:?}"
        );
        assert_eq!(lists.loaded(), ["marital-status", "sex"]);
        // A value checked again against a list already loaded: the same answer.
        assert!(!validator.is_valid(&serde_json::json!({"sex": "Q"})));
    }

    #[test]
    fn tagged_messages_unpack() {
        let text = tag(KeywordProblem::CodeNotInList, "\"XX\" is not a code", "did you mean?");
        assert_eq!(
            untag(&text),
            Some((KeywordProblem::CodeNotInList, "\"XX\" is not a code", "did you mean?"))
        );
        assert!(untag("plain").is_none());
        assert!(untag("\u{1f}unknown\u{1f}a\u{1f}b").is_none());
    }
}
