//! Gaps between agencies of a government: the `GOV` family. The government checks emit these
//! codes (`government::gaps` for exchanges, `government::silo` for silos); each file here is
//! the rule's documentation.

mod provider_missing;
mod response_not_accepted;
mod silo;
mod version_outside_range;

pub use provider_missing::PROVIDER_MISSING;
pub use response_not_accepted::RESPONSE_NOT_ACCEPTED;
pub use silo::SILO;
pub use version_outside_range::VERSION_OUTSIDE_RANGE;
