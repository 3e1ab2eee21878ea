//! Rules on the framework itself: the `FWK` family.

mod remote_reference_refused;

pub use remote_reference_refused::REMOTE_REFERENCE_REFUSED;

/// The family in documentation order. The framework loader emits it.
pub static FAMILY: &[&crate::rules::Rule] = &[&REMOTE_REFERENCE_REFUSED];
