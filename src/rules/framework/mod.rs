//! Rules on the framework itself: the `FWK` family.

mod remote_reference_refused;

pub use remote_reference_refused::REMOTE_REFERENCE_REFUSED;
