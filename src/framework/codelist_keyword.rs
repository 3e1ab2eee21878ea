//! nifcheck's own keywords. `x-codelist`: a string bound to a framework code list must be one of
//! its codes, valid on the check date; its errors say which [`KeywordProblem`] they are (the
//! check layer files them as PAY004 or PAY005) and carry a hint: the code that replaced a
//! retired one, a close match, or the whole list when it is short. `x-nifcheck-refused` stands
//! in for a reference that was refused (FWK001).

use std::sync::Arc;

use jsonschema::{Keyword, ValidationError};
use serde_json::Value;

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

/// `x-codelist`: the value must be a code of the list, valid on the check date.
pub(super) struct CodeListKeyword {
    pub(super) list: Arc<CodeList>,
    pub(super) as_of: Date,
}

impl<'i> Keyword<'i> for CodeListKeyword {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        let Some(code) = instance.as_str() else {
            return Ok(());
        };
        let Err(problem) = self.list.check(code, self.as_of) else {
            return Ok(());
        };
        let list = self.list.label();
        let (rule, message) = match problem {
            CodeProblem::Unknown => (
                KeywordProblem::CodeNotInList,
                format!("\"{code}\" is not a code of {list}"),
            ),
            CodeProblem::Retired(to) => (
                KeywordProblem::CodeNotValidOnDate,
                format!("code \"{code}\" of {list} was retired after {to}"),
            ),
            CodeProblem::NotYetValid(from) => (
                KeywordProblem::CodeNotValidOnDate,
                format!("code \"{code}\" of {list} is only valid from {from}"),
            ),
        };
        let hint = match (self.list.successor(code), self.list.closest(code, self.as_of)) {
            (Some(next), _) => format!("it was replaced by \"{}\" ({})", next.code, next.label),
            (None, Some(c)) if c.code != code => format!("did you mean \"{}\" ({})?", c.code, c.label),
            _ => self.list.valid_codes_hint(self.as_of),
        };
        Err(ValidationError::custom(tag(rule, &message, &hint)))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        instance
            .as_str()
            .is_none_or(|code| self.list.check(code, self.as_of).is_ok())
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
