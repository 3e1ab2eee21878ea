//! nifcheck's own keywords. `x-codelist`: a string bound to a framework code list must be one of
//! its codes, valid on the check date; its errors carry their own rule code (PAY004 or PAY005)
//! and a hint: the code that replaced a retired one, a close match, or the whole list when it is
//! short. `x-nifcheck-refused` stands in for a reference that was refused (FWK001).

use std::sync::Arc;

use jsonschema::{Keyword, ValidationError};
use serde_json::Value;

use super::codelist::{CodeList, CodeProblem};
use super::date::Date;
use crate::rules;

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
            CodeProblem::Unknown => (&rules::CODE_NOT_IN_LIST, format!("\"{code}\" is not a code of {list}")),
            CodeProblem::Retired(to) => (
                &rules::CODE_NOT_VALID_ON_DATE,
                format!("code \"{code}\" of {list} was retired after {to}"),
            ),
            CodeProblem::NotYetValid(from) => (
                &rules::CODE_NOT_VALID_ON_DATE,
                format!("code \"{code}\" of {list} is only valid from {from}"),
            ),
        };
        let hint = match (self.list.successor(code), self.list.closest(code, self.as_of)) {
            (Some(next), _) => format!("it was replaced by \"{}\" ({})", next.code, next.label),
            (None, Some(c)) if c.code != code => format!("did you mean \"{}\" ({})?", c.code, c.label),
            _ => self.list.valid_codes_hint(self.as_of),
        };
        Err(ValidationError::custom(rules::tag_message(rule, &message, &hint)))
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
}

impl<'i> Keyword<'i> for RefusedReference {
    fn validate(&self, _instance: &'i Value) -> Result<(), ValidationError<'i>> {
        let message = format!("cannot check this value: {}", self.reason);
        Err(ValidationError::custom(rules::tag_message(
            &rules::REMOTE_REFERENCE_REFUSED,
            &message,
            "add the host to the framework's allowed-hosts, or publish the schema inside the framework",
        )))
    }

    fn is_valid(&self, _instance: &'i Value) -> bool {
        false
    }
}
