//! Errors as RFC 9457 problem details (`application/problem+json`): a `type` that names the
//! kind of problem, a `title` that is the same for every problem of that kind, the `status`,
//! and a `detail` about this occurrence. Nothing a request sent is echoed back beyond the
//! names it used (a standard, a rule code), so a problem never carries payload contents.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Where the problem types are documented.
const TYPES: &str = "https://github.com/examplia/nifcheck/blob/main/docs/serve.md#problem-";

/// One kind of problem the service answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The request asks for something the service cannot do (a bad parameter, an unknown standard).
    BadRequest,
    /// No such resource (a rule code, a path).
    NotFound,
    /// The path does not take this method.
    MethodNotAllowed,
    /// The body is larger than `--max-body`.
    BodyTooLarge,
    /// The body's `Content-Type` is not one the endpoint reads.
    UnsupportedType,
    /// No representation the `Accept` header allows.
    NotAcceptable,
    /// Every check slot is taken (`--max-concurrent`); try again shortly.
    Busy,
    /// The check took longer than `--timeout`.
    Timeout,
    /// The admin endpoint without the right bearer token.
    Unauthorized,
    /// A framework reload failed; the framework in use stays.
    ReloadFailed,
    /// The service could not do its job (a broken framework standard, say).
    Internal,
}

impl Kind {
    fn status(self) -> StatusCode {
        match self {
            Kind::BadRequest => StatusCode::BAD_REQUEST,
            Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Kind::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Kind::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Kind::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
            Kind::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Kind::Timeout => StatusCode::GATEWAY_TIMEOUT,
            Kind::Unauthorized => StatusCode::UNAUTHORIZED,
            Kind::ReloadFailed | Kind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The slug of the type URI and the title, fixed per kind.
    fn name_and_title(self) -> (&'static str, &'static str) {
        match self {
            Kind::BadRequest => ("bad-request", "The request cannot be checked as sent"),
            Kind::NotFound => ("not-found", "Nothing here"),
            Kind::MethodNotAllowed => ("method-not-allowed", "This path does not take this method"),
            Kind::BodyTooLarge => ("body-too-large", "The body is larger than this service accepts"),
            Kind::UnsupportedType => ("unsupported-type", "The body's type is not one this endpoint reads"),
            Kind::NotAcceptable => ("not-acceptable", "No format the Accept header allows"),
            Kind::Busy => ("busy", "Every check slot is taken"),
            Kind::Timeout => ("timeout", "The check took too long"),
            Kind::Unauthorized => ("unauthorized", "A valid bearer token is needed"),
            Kind::ReloadFailed => ("reload-failed", "The framework could not be reloaded"),
            Kind::Internal => ("internal", "The service could not do its job"),
        }
    }
}

/// A problem details object, ready to send.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    type_uri: String,
    title: &'static str,
    status: u16,
    detail: String,
    /// Seconds after which a busy service is worth asking again.
    #[serde(skip)]
    retry_after: Option<u64>,
    #[serde(skip)]
    kind: Kind,
}

impl Problem {
    /// A problem of `kind`, with what went wrong this time.
    pub fn new(kind: Kind, detail: impl Into<String>) -> Problem {
        let (name, title) = kind.name_and_title();
        Problem {
            type_uri: format!("{TYPES}{name}"),
            title,
            status: kind.status().as_u16(),
            detail: detail.into(),
            retry_after: None,
            kind,
        }
    }

    /// Adds a `Retry-After` header.
    pub fn retry_after(mut self, seconds: u64) -> Problem {
        self.retry_after = Some(seconds);
        self
    }

    /// The kind of problem.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// What went wrong this time.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The problem for a tool error of the library: what the command line would exit 2 with.
    /// A request naming something that does not exist is the client's to fix (400); anything
    /// else is the service's (500), and says so without the framework's file paths.
    pub fn from_error(error: &crate::Error) -> Problem {
        match error {
            crate::Error::Usage { message, help } => {
                // A hint that names command-line options would mislead a client of the service.
                let detail = match help.as_deref().filter(|help| !help.contains("--")) {
                    Some(help) => format!("{message} ({help})"),
                    None => message.clone(),
                };
                Problem::new(Kind::BadRequest, detail)
            }
            other => Problem::new(Kind::Internal, other.to_string()),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.kind.status();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.kind == Kind::Unauthorized {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_has_the_four_members_and_its_headers() {
        let response = Problem::new(Kind::Busy, "4 checks are running")
            .retry_after(1)
            .into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
        let problem = serde_json::to_value(Problem::new(Kind::Busy, "4 checks are running")).unwrap();
        assert_eq!(problem["status"], 503);
        assert_eq!(problem["detail"], "4 checks are running");
        assert!(problem["type"].as_str().unwrap().ends_with("#problem-busy"));
        assert_eq!(problem.as_object().unwrap().len(), 4);
    }

    #[test]
    fn usage_errors_are_the_clients_and_others_the_services() {
        let usage = crate::Error::usage("no standard matches `persn`", Some("standards: person".into()));
        assert_eq!(Problem::from_error(&usage).kind(), Kind::BadRequest);
        let broken = crate::Error::framework("a schema does not compile", None);
        assert_eq!(Problem::from_error(&broken).kind(), Kind::Internal);
    }
}
