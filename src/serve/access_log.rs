//! The access log: one JSON line per request on standard error, for a log collector to read.
//! It holds what an operator needs to follow traffic and nothing a request carried: the path,
//! the names of the query parameters (their values may be data), the status, the time taken,
//! the bytes in and out and the request's id. Never a payload, never a header's value.

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::HttpBody as _;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{Value, json};

use super::Service;

/// The header that carries a request's id, both ways.
pub const REQUEST_ID: &str = "x-request-id";

/// The longest path logged; a longer one is cut.
const MAX_PATH: usize = 200;

/// The size of a request's body as read, which a handler reports in the response's extensions
/// (a body sent without a `Content-Length` has no other record of it).
#[derive(Debug, Clone, Copy)]
pub struct BodySize(pub usize);

/// Gives the request an id (the one a proxy sent, when it is a plain token, else a new one),
/// runs it, and logs it.
pub async fn log(State(service): State<Arc<Service>>, mut request: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_token(v))
        .map_or_else(|| service.next_request_id(), str::to_string);
    let method = request.method().to_string();
    let path = printable_path(request.uri().path());
    let query_keys: Vec<String> = request
        .uri()
        .query()
        .map(|q| {
            q.split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| printable_path(pair.split('=').next().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default();
    let announced_in = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Ok(value) = HeaderValue::from_str(&id) {
        request.headers_mut().insert(REQUEST_ID, value);
    }
    let mut response = next.run(request).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    if service.options.access_log {
        let bytes_in = response
            .extensions()
            .get::<BodySize>()
            .map(|size| size.0 as u64)
            .or(announced_in)
            .unwrap_or(0);
        write_line(&json!({
            "time": now(),
            "event": "request",
            "id": id,
            "method": method,
            "path": path,
            "query": query_keys,
            "status": response.status().as_u16(),
            "ms": (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
            "in": bytes_in,
            "out": response.body().size_hint().exact(),
        }));
    }
    response
}

/// A new request id: the service's start and a counter, unique for the process.
impl Service {
    pub(super) fn next_request_id(&self) -> String {
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        format!("{:x}-{n}", self.started)
    }
}

/// Writes one log line to standard error: whole, so lines of concurrent requests never mix.
pub fn write_line(line: &Value) {
    let mut text = line.to_string();
    text.push('\n');
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Now, in RFC 3339 with milliseconds, UTC.
pub fn now() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let seconds = crate::date::Timestamp(since.as_secs()).to_string();
    // `…:SSZ` → `…:SS.mmmZ`.
    format!("{}.{:03}Z", seconds.trim_end_matches('Z'), since.subsec_millis())
}

/// A proxy's request id, taken over only when it is a short plain token.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// The path, cut to a length a log line can carry, control characters replaced.
fn printable_path(path: &str) -> String {
    let mut out: String = path
        .chars()
        .take(MAX_PATH)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if path.chars().count() > MAX_PATH {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_proxies_are_plain_tokens() {
        assert!(is_token("3f9c-17_a.b"));
        assert!(!is_token(""));
        assert!(!is_token("a b"));
        assert!(!is_token(&"x".repeat(65)));
    }

    #[test]
    fn timestamps_have_milliseconds() {
        let now = now();
        assert_eq!(now.len(), "2026-12-07T06:41:01.123Z".len(), "{now}");
        assert!(now.ends_with('Z'));
    }
}
