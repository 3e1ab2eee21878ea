//! An OpenAPI description (YAML or JSON) loaded and linted.
#![no_main]

#[path = "../../tests/entry_points.rs"]
#[allow(dead_code)]
mod entry_points;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry_points::openapi_lint(data));
