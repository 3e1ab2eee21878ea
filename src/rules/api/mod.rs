//! The OpenAPI specification's own checks: the `OAS` family. Names follow Spectral's `oas`
//! ruleset where it has the same check.

mod discriminator_mapping;
mod invalid_ref;
mod oas3_schema;
mod operation_id_unique;
mod operation_parameters;
mod operation_security_defined;
mod path_params;
mod server_variables;
mod unsupported_openapi_version;
mod valid_media_example;
mod valid_schema_example;

pub use discriminator_mapping::DISCRIMINATOR_MAPPING;
pub use invalid_ref::INVALID_REF;
pub use oas3_schema::OAS3_SCHEMA;
pub use operation_id_unique::OPERATION_ID_UNIQUE;
pub use operation_parameters::OPERATION_PARAMETERS;
pub use operation_security_defined::OPERATION_SECURITY_DEFINED;
pub use path_params::PATH_PARAMS;
pub use server_variables::SERVER_VARIABLES;
pub use unsupported_openapi_version::UNSUPPORTED_OPENAPI_VERSION;
pub use valid_media_example::VALID_MEDIA_EXAMPLE;
pub use valid_schema_example::VALID_SCHEMA_EXAMPLE;
