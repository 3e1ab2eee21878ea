//! Rules on payloads (JSON, NDJSON, XML): the `PAY` family.

mod code_not_in_list;
mod code_not_valid_on_date;
mod doctype_refused;
mod duplicate_key;
mod nesting_too_deep;
mod not_well_formed;
mod outdated_standard;
mod schema_violation;

pub use code_not_in_list::CODE_NOT_IN_LIST;
pub use code_not_valid_on_date::CODE_NOT_VALID_ON_DATE;
pub use doctype_refused::DOCTYPE_REFUSED;
pub use duplicate_key::DUPLICATE_KEY;
pub use nesting_too_deep::NESTING_TOO_DEEP;
pub use not_well_formed::NOT_WELL_FORMED;
pub use outdated_standard::OUTDATED_STANDARD;
pub use schema_violation::SCHEMA_VIOLATION;
