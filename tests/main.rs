//! The integration tests, in one binary so the crate is linked once: one module per file.
//! Run one area with a filter, e.g. `cargo test --test integration xsd_suite -- --nocapture`.

// Everything here is test code, helpers included (clippy's `allow-unwrap-in-tests` covers only
// `#[test]` functions): a failed step should stop the test and say why.
#![allow(clippy::unwrap_used, clippy::expect_used)]

/// The allocator the `nifcheck` binary uses: the suites that call the library directly (the
/// XSD, OpenAPI and Spectral corpora) allocate as much as a real run, and with the system
/// allocator a sixth of their time went to it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;
mod compat_corpus;
mod compat_properties;
mod corpus;
mod devtools;
mod docs_links;
mod entry_points;
mod json_schema_suite;
mod jsonpath_cts;
mod never_panics;
mod openapi_corpus;
mod serve_browser;
mod site_browser;
mod spectral_parity;
mod xsd_datatypes;
mod xsd_features;
mod xsd_packages;
mod xsd_suite;
