//! Two JSON Schemas or OpenAPI descriptions compared as `diff` does.
#![no_main]

#[path = "../../tests/entry_points.rs"]
#[allow(dead_code)]
mod entry_points;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry_points::schema_diff(data));
