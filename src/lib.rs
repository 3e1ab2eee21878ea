//! nifcheck checks government systems against a national interoperability framework: agency
//! payloads (JSON, NDJSON), API descriptions and the gaps between agencies and levels.
//!
//! Data flows one way: load a [`framework::Framework`], parse documents with positions
//! ([`source`]), check them ([`payload`]), collect [`report::Finding`]s into a
//! [`report::Report`], and render it ([`report::render`]).

#![forbid(unsafe_code)]

pub mod address;
#[cfg(test)]
mod architecture;
pub mod atomic;
pub mod compat;
pub mod config;
pub mod date;
pub mod ecma_regex;
pub mod error;
pub mod finding;
pub mod framework;
pub mod government;
pub mod jsonpath;
mod memo;
pub mod openapi;
pub mod payload;
#[cfg(test)]
mod regex_agreement;
pub mod remote;
pub mod report;
pub mod rules;
pub mod serve;
pub mod source;
pub mod verify;
pub mod xml;

pub use error::{Error, Result};
