//! The functions behind the rules of `spectral:oas` that the core functions cannot express.
//! Spectral implements them in JavaScript inside its OpenAPI ruleset; nifcheck has its own, under
//! the same names, so `spectral:oas` reads like Spectral's and a ruleset may use them too.

mod ref_siblings;
mod success_response;
mod tag_defined;
mod tags_uniqueness;
mod typed_enum;
mod unused_component;

use super::Function;

/// The functions of this family, by name.
pub(super) const NAMES: &[&str] = &[
    "oasOpSuccessResponse",
    "oasTagDefined",
    "oasUnusedComponent",
    "refSiblings",
    "typedEnum",
    "uniquenessTags",
];

/// Builds one of them; `None` when `name` is not of this family. They take no options.
pub(super) fn build(name: &str) -> Option<Function> {
    Some(match name {
        "oasOpSuccessResponse" => Box::new(success_response::SuccessResponse),
        "oasTagDefined" => Box::new(tag_defined::TagDefined),
        "oasUnusedComponent" => Box::new(unused_component::UnusedComponent),
        "refSiblings" => Box::new(ref_siblings::RefSiblings),
        "typedEnum" => Box::new(typed_enum::TypedEnum),
        "uniquenessTags" => Box::new(tags_uniqueness::TagsUniqueness),
        _ => return None,
    })
}
