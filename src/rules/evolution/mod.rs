//! Rules on changes between versions: the `EVO` family.

mod compatibility_unknown;
mod operation_added;
mod operation_removed;
mod request_narrowed;
mod required_parameter_added;
mod response_widened;
mod schema_narrowed;
mod schema_widened;

pub use compatibility_unknown::COMPATIBILITY_UNKNOWN;
pub use operation_added::OPERATION_ADDED;
pub use operation_removed::OPERATION_REMOVED;
pub use request_narrowed::REQUEST_NARROWED;
pub use required_parameter_added::REQUIRED_PARAMETER_ADDED;
pub use response_widened::RESPONSE_WIDENED;
pub use schema_narrowed::SCHEMA_NARROWED;
pub use schema_widened::SCHEMA_WIDENED;

/// The family in documentation order. `diff` emits these: the inclusion prover
/// (`compat/`) for schemas, the breaking-change catalogue (`compat/evolution.rs`) for APIs.
pub(crate) static FAMILY: &[&crate::rules::Rule] = &[
    &SCHEMA_NARROWED,
    &SCHEMA_WIDENED,
    &COMPATIBILITY_UNKNOWN,
    &OPERATION_REMOVED,
    &REQUIRED_PARAMETER_ADDED,
    &REQUEST_NARROWED,
    &RESPONSE_WIDENED,
    &OPERATION_ADDED,
];
