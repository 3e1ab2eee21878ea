//! Reuse of national standards in API descriptions: the `NIF` family.

mod agency_unknown;
mod outdated;
mod profile_incompatible;
mod redefined;
mod unknown;

pub use agency_unknown::AGENCY_UNKNOWN;
pub use outdated::OUTDATED as STANDARD_OUTDATED;
pub use profile_incompatible::PROFILE_INCOMPATIBLE as STANDARD_PROFILE_INCOMPATIBLE;
pub use redefined::REDEFINED as STANDARD_REDEFINED;
pub use unknown::UNKNOWN as STANDARD_UNKNOWN;
