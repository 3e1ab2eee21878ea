//! Command-line tests: one module per command.

pub(crate) mod bad_input;
pub(crate) mod check;
pub(crate) mod ci_templates;
pub(crate) mod completions;
pub(crate) mod diff;
pub(crate) mod examples;
pub(crate) mod formats;
pub(crate) mod framework;
pub(crate) mod gov_ruleset;
pub(crate) mod hostile_read;
pub(crate) mod http_server;
pub(crate) mod lint;
pub(crate) mod numbers;
pub(crate) mod packaging;
pub(crate) mod pre_commit;
pub(crate) mod remote;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod rulesets;
pub(crate) mod schema_refs;
pub(crate) mod serve;
pub(crate) mod serve_page;
pub(crate) mod util;
pub(crate) mod validate;
pub(crate) mod xml;
pub(crate) mod xsd_package;
