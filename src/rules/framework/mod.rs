//! Rules on the framework itself: the `FWK` family.

mod minor_version_narrows;
mod remote_reference_refused;
mod schema_does_not_compile;
mod schema_location_refused;

pub use minor_version_narrows::MINOR_VERSION_NARROWS;
pub use remote_reference_refused::REMOTE_REFERENCE_REFUSED;
pub use schema_does_not_compile::SCHEMA_DOES_NOT_COMPILE;
pub use schema_location_refused::SCHEMA_LOCATION_REFUSED;

/// The family in documentation order. The framework loader emits FWK001, `framework verify`
/// (`src/verify.rs`) FWK002, `validate --schema` FWK003, `validate` and `check` with an XML Schema FWK004.
pub(crate) static FAMILY: &[&crate::rules::Rule] = &[
    &REMOTE_REFERENCE_REFUSED,
    &MINOR_VERSION_NARROWS,
    &SCHEMA_DOES_NOT_COMPILE,
    &SCHEMA_LOCATION_REFUSED,
];
