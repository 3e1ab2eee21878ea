//! Rules on payloads (JSON, NDJSON, XML): the `PAY` family.

mod code_not_in_list;
mod code_not_valid_on_date;
mod doctype_refused;
mod duplicate_key;
mod nesting_too_deep;
mod not_well_formed;
mod payload_standard_outdated;
mod schema_violation;

pub use code_not_in_list::CODE_NOT_IN_LIST;
pub use code_not_valid_on_date::CODE_NOT_VALID_ON_DATE;
pub use doctype_refused::DOCTYPE_REFUSED;
pub use duplicate_key::DUPLICATE_KEY;
pub use nesting_too_deep::NESTING_TOO_DEEP;
pub use not_well_formed::NOT_WELL_FORMED;
pub use payload_standard_outdated::PAYLOAD_STANDARD_OUTDATED;
pub use schema_violation::SCHEMA_VIOLATION;

/// The family in documentation order. The payload step emits these: the JSON and XML
/// validators, the parsers and the framework's code lists and life cycle.
pub(crate) static FAMILY: &[&crate::rules::Rule] = &[
    &NOT_WELL_FORMED,
    &SCHEMA_VIOLATION,
    &DUPLICATE_KEY,
    &CODE_NOT_IN_LIST,
    &CODE_NOT_VALID_ON_DATE,
    &NESTING_TOO_DEEP,
    &PAYLOAD_STANDARD_OUTDATED,
    &DOCTYPE_REFUSED,
];
