//! A Spectral-format ruleset loaded and run over a small description.
#![no_main]

#[path = "../../tests/entry_points.rs"]
#[allow(dead_code)]
mod entry_points;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry_points::ruleset_file(data));
