//! An XML payload, streamed as a `.xml` file and checked whole when sniffed as XML.
#![no_main]

#[path = "../../tests/entry_points.rs"]
#[allow(dead_code)]
mod entry_points;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry_points::xml_payload(data));
