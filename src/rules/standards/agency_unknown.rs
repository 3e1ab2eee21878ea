use serde_json::Value;

use crate::finding::Finding;
use crate::framework::Framework;
use crate::openapi::api::Api;
use crate::rules::declare_rule;

declare_rule! {
    /// The API's `x-agency-id` is not a code of the framework's agency register.
    ///
    /// ## What it checks
    /// That `info.x-agency-id`, which names the agency that provides the API, is a code of the
    /// framework's `agency` code list that is valid on the check date. A retired code names its
    /// successor; an unknown one gets the closest code as a hint.
    ///
    /// ## Why it matters
    /// The agency register is how the whole-of-government report attributes APIs, gaps and
    /// dependencies to agencies. An API with a wrong agency code belongs to nobody.
    ///
    /// ## Example
    /// ```yaml
    /// info: { title: Civil register, version: 1.0.0, x-agency-id: nat-civil-registri }
    /// ```
    ///
    /// ## Passes
    /// ```yaml
    /// info: { title: Civil register, version: 1.0.0, x-agency-id: nat-civil-registry }
    /// ```
    ///
    /// ## Clause
    /// Examplia API Design Standard API-06: info.x-agency-id gives the code of the providing
    /// agency in the agency register.
    pub static AGENCY_UNKNOWN = { code: "NIF005", name: "agency-unknown", severity: Error, kind: Api };
}

/// The code list of agencies `x-agency-id` is checked against.
const AGENCY_LIST: &str = "agency";

/// `info.x-agency-id` is an agency of the register, valid on the check date.
pub(crate) fn check(api: &Api<'_>, framework: &Framework, out: &mut Vec<Finding>) {
    let Some(code) = api.root().get("/info/x-agency-id").and_then(Value::as_str) else {
        return;
    };
    let Ok(list) = framework.code_lists().get(AGENCY_LIST) else {
        return;
    };
    let on = framework.options().as_of;
    let Err(problem) = list.check(code, on) else { return };
    let (message, help) = match problem {
        crate::framework::CodeProblem::Unknown => (
            format!("`{code}` is not an agency of the {} register", list.label()),
            list.closest(code, on).map(|c| format!("did you mean `{}`?", c.code)),
        ),
        crate::framework::CodeProblem::Retired(date) => (
            format!("agency `{code}` was retired on {date}"),
            list.successor(code).map(|c| format!("its successor is `{}`", c.code)),
        ),
        crate::framework::CodeProblem::NotYetValid(date) => {
            (format!("agency `{code}` is only valid from {date}"), None)
        }
    };
    let mut finding = api.finding(&AGENCY_UNKNOWN, 0, "/info/x-agency-id", message);
    finding.help = help;
    out.push(finding);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::standards::testing::{assert_fails_with, assert_passes, findings};

    #[test]
    fn passes() {
        let found = findings(
            check,
            "info: { title: t, version: '1', x-agency-id: nat-civil-registry }\n",
        );
        assert_passes(&found);
    }

    #[test]
    fn fails() {
        let found = findings(
            check,
            "info: { title: t, version: '1', x-agency-id: nat-civil-registri }\n",
        );
        assert_fails_with(&found, &AGENCY_UNKNOWN);
    }
}
