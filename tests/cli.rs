//! Command-line tests: one binary, one module per command.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli {
    pub mod bad_input;
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
}
