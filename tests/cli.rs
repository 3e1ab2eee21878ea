//! Command-line tests: one module per command.

pub mod bad_input;
pub mod check;
pub mod diff;
pub mod examples;
pub mod formats;
pub mod framework;
pub mod gov_ruleset;
pub mod http_server;
pub mod lint;
pub mod remote;
pub mod report;
pub mod rules;
pub mod rulesets;
pub mod util;
pub mod validate;
pub mod xml;
