//! Every route of the service, in one place: a new endpoint is one line here and a handler.

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};

use super::{Service, access_log, admin, api, page};

/// The service's routes, with the access log around every one of them.
pub fn router(service: Arc<Service>) -> Router {
    let mut router = Router::new()
        .route("/healthz", get(api::healthz))
        .route("/v1/openapi.json", get(api::openapi))
        .route("/v1/framework", get(api::framework))
        .route("/v1/rules", get(api::rules))
        .route("/v1/rules/{code}", get(api::rule))
        .route("/v1/validate", post(api::validate))
        .route("/v1/lint", post(api::lint));
    // Without a token the admin route does not exist: a 404 like any unknown path.
    if service.options.admin_token.is_some() {
        router = router.route("/v1/admin/reload", post(admin::reload));
    }
    router
        .merge(page::routes::routes())
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&service),
            access_log::log,
        ))
        .with_state(service)
}
