//! Rules on the framework itself: the `FWK` family.

mod minor_version_narrows;
mod remote_reference_refused;

pub use minor_version_narrows::MINOR_VERSION_NARROWS;
pub use remote_reference_refused::REMOTE_REFERENCE_REFUSED;

/// The family in documentation order. The framework loader emits FWK001, `framework verify`
/// (`src/verify.rs`) FWK002.
pub(crate) static FAMILY: &[&crate::rules::Rule] = &[&REMOTE_REFERENCE_REFUSED, &MINOR_VERSION_NARROWS];
