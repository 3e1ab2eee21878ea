//! Reloading the framework: on SIGHUP, and by `POST /v1/admin/reload` with the bearer token
//! `--admin-token` set (without it the route does not exist). A reload compiles the new
//! framework beside the old one and swaps it in whole; one that fails changes nothing and
//! says why, in the log and, for the admin call, in a 500 problem.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::Service;
use super::access_log::{now, write_line};
use super::problem::{Kind, Problem};

/// `POST /v1/admin/reload`.
pub(super) async fn reload(State(service): State<Arc<Service>>, headers: HeaderMap) -> Response {
    let Some(expected) = &service.options.admin_token else {
        return Problem::new(Kind::NotFound, "no route /v1/admin/reload").into_response();
    };
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if !same_secret(presented, expected) {
        return Problem::new(
            Kind::Unauthorized,
            "POST /v1/admin/reload needs the service's admin token",
        )
        .into_response();
    }
    let outcome = tokio::task::spawn_blocking({
        let service = Arc::clone(&service);
        move || reload_now(&service, "admin")
    })
    .await;
    match outcome {
        Ok(Ok(framework)) => {
            let body = json!({ "reloaded": true, "framework": framework, "loadedAt": now() });
            ([(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
        }
        Ok(Err(reason)) => Problem::new(
            Kind::ReloadFailed,
            format!("{reason}; the framework in use is unchanged"),
        )
        .into_response(),
        Err(_) => Problem::new(Kind::ReloadFailed, "the reload stopped before its end").into_response(),
    }
}

/// Reloads on every SIGHUP, for as long as the service runs.
pub(super) fn reload_on_hangup(service: Arc<Service>) {
    #[cfg(unix)]
    tokio::spawn(async move {
        let Ok(mut hangups) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else {
            return;
        };
        while hangups.recv().await.is_some() {
            let service = Arc::clone(&service);
            let _ = tokio::task::spawn_blocking(move || reload_now(&service, "SIGHUP")).await;
        }
    });
    #[cfg(not(unix))]
    let _ = service;
}

/// Reloads and logs the outcome: the new framework's identity, or why it was refused.
fn reload_now(service: &Service, trigger: &str) -> Result<serde_json::Value, String> {
    match service.frameworks.reload() {
        Ok(loaded) => {
            let framework = loaded.framework().map(crate::framework::Framework::info);
            let framework = serde_json::to_value(framework).unwrap_or_default();
            write_line(&json!({
                "time": now(), "event": "reload", "trigger": trigger, "outcome": "reloaded",
                "framework": framework,
            }));
            Ok(framework)
        }
        Err(error) => {
            let reason = error.to_string();
            write_line(&json!({
                "time": now(), "event": "reload", "trigger": trigger, "outcome": "failed",
                "error": reason, "kept": service.frameworks.current().framework().map(crate::framework::Framework::info),
            }));
            Err(reason)
        }
    }
}

/// Whether a presented token is the expected one, in time that does not depend on where they
/// differ: both are hashed, and the digests compared byte by byte without stopping early.
fn same_secret(presented: &str, expected: &str) -> bool {
    let a = Sha256::digest(presented.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    a.iter().zip(b.iter()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_only_when_equal() {
        assert!(same_secret("s3cret", "s3cret"));
        assert!(!same_secret("s3cre", "s3cret"));
        assert!(!same_secret("", "s3cret"));
        assert!(!same_secret("S3cret", "s3cret"));
    }
}
