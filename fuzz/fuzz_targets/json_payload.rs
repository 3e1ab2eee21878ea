//! A JSON payload validated against a reference standard (or its own `$schema`), findings placed by line and column.
#![no_main]

#[path = "../../tests/entry_points.rs"]
#[allow(dead_code)]
mod entry_points;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry_points::json_payload(data));
