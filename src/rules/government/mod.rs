//! Gaps between an agency and the framework, and between agencies: the `GOV` family. The
//! government checks emit these codes (`government::gaps` for exchanges, `government::silo` for
//! silos, `government::check` for one agency); each file here is the rule's documentation.

mod claim_not_included;
mod claim_unused;
mod code_not_in_national_list;
mod mandatory_version_missing;
mod negative_sample_passes;
mod outdated_standard_used;
mod profile_not_specialisation;
mod provider_missing;
mod response_not_accepted;
mod silo;
mod version_outside_range;

pub use claim_not_included::CLAIM_NOT_INCLUDED;
pub use claim_unused::CLAIM_UNUSED;
pub use code_not_in_national_list::CODE_NOT_IN_NATIONAL_LIST;
pub use mandatory_version_missing::MANDATORY_VERSION_MISSING;
pub use negative_sample_passes::NEGATIVE_SAMPLE_PASSES;
pub use outdated_standard_used::OUTDATED_STANDARD_USED;
pub use profile_not_specialisation::PROFILE_NOT_SPECIALISATION;
pub use provider_missing::PROVIDER_MISSING;
pub use response_not_accepted::RESPONSE_NOT_ACCEPTED;
pub use silo::SILO;
pub use version_outside_range::VERSION_OUTSIDE_RANGE;

/// The family in documentation order.
pub(crate) static FAMILY: &[&crate::rules::Rule] = &[
    &RESPONSE_NOT_ACCEPTED,
    &VERSION_OUTSIDE_RANGE,
    &SILO,
    &PROVIDER_MISSING,
    &PROFILE_NOT_SPECIALISATION,
    &MANDATORY_VERSION_MISSING,
    &OUTDATED_STANDARD_USED,
    &CODE_NOT_IN_NATIONAL_LIST,
    &CLAIM_UNUSED,
    &CLAIM_NOT_INCLUDED,
    &NEGATIVE_SAMPLE_PASSES,
];
