//! The page's routes: the form at `/`, its plain post to `/check`, the rules' pages and the
//! assets. The post goes through the same limits as the JSON API (a check slot, the body size,
//! the request's time) and the same checks ([`Loaded::validate`], [`Loaded::lint`]).

use std::sync::{Arc, LazyLock};

use axum::Router;
use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::view::{API_DESCRIPTION, Submission};
use super::{CONTENT_SECURITY_POLICY, Form, Page, Problem};
use crate::serve::problem::{self, Kind};
use crate::serve::{Loaded, PayloadType, SchemaChoice, Service};

/// The templates, compiled on first use; a template that does not compile is a bug the page's
/// tests catch, answered with a 500 here rather than a panic.
static PAGE: LazyLock<Result<Page, String>> = LazyLock::new(|| Page::new().map_err(|e| e.to_string()));

/// The name findings carry for pasted text.
const PASTED: &str = "pasted text";

/// The page's routes, merged into the service's router.
pub(crate) fn routes() -> Router<Arc<Service>> {
    Router::new()
        .route("/", get(home))
        // The body is read within the service's own --max-body before the form is parsed, so
        // axum's default limit on a multipart body (2 MiB) would only refuse a smaller size.
        .route("/check", get(home).post(check).layer(DefaultBodyLimit::disable()))
        .route("/rules", get(rules))
        .route("/rules/{code}", get(rule))
        .route("/assets/{name}", get(asset))
}

async fn home(State(service): State<Arc<Service>>) -> Response {
    let loaded = service.frameworks.current();
    html(
        StatusCode::OK,
        with_page(|page| page.home(loaded.framework(), service.limits.max_body)),
    )
}

async fn rules(State(service): State<Arc<Service>>) -> Response {
    let loaded = service.frameworks.current();
    html(StatusCode::OK, with_page(|page| page.rules(loaded.framework())))
}

/// `GET /rules/{code}`. A code that is not URL-encoded UTF-8 names no rule: the page's own
/// "not found", under the page's headers, rather than axum's plain-text rejection.
async fn rule(State(service): State<Arc<Service>>, code: Result<Path<String>, PathRejection>) -> Response {
    let loaded = service.frameworks.current();
    let framework = loaded.framework();
    let code = code.map(|Path(code)| code).unwrap_or_default();
    match with_page(|page| page.rule(framework, &code).transpose()) {
        Ok(Some(body)) => html(StatusCode::OK, Ok(body)),
        Ok(None) => html(
            StatusCode::NOT_FOUND,
            with_page(|page| page.not_found(framework, "rule with this code")),
        ),
        Err(error) => html(StatusCode::INTERNAL_SERVER_ERROR, Err(error)),
    }
}

async fn asset(name: Result<Path<String>, PathRejection>) -> Response {
    let name = name.map(|Path(name)| name).unwrap_or_default();
    match super::asset(&name) {
        Some(asset) => {
            let mut response = asset.body.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            response
        }
        None => problem::Problem::new(Kind::NotFound, "no such asset").into_response(),
    }
}

/// What the form sent.
#[derive(Default)]
struct Posted {
    check: String,
    text: String,
    file: Option<(String, Vec<u8>)>,
}

/// `POST /check`: the form without JavaScript, as `multipart/form-data`.
async fn check(State(service): State<Arc<Service>>, request: Request) -> Response {
    let started = tokio::time::Instant::now();
    let loaded = service.frameworks.current();
    let limits = &service.limits;
    let answer = |status: StatusCode, form: &Form, problem: Problem| {
        html(
            status,
            with_page(|page| page.problem(loaded.framework(), limits.max_body, form, &problem)),
        )
    };
    let slot = match limits.slot() {
        Ok(slot) => slot,
        Err(refused) => {
            let mut response = answer(StatusCode::SERVICE_UNAVAILABLE, &Form::default(), plain(&refused));
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            return response;
        }
    };
    let (parts, body) = request.into_parts();
    let bytes = match tokio::time::timeout_at(started + limits.timeout, limits.read_body(&parts.headers, body)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(refused)) => return answer(status_of(&refused), &Form::default(), plain(&refused)),
        Err(_) => {
            return answer(
                StatusCode::GATEWAY_TIMEOUT,
                &Form::default(),
                plain(&limits.timed_out()),
            );
        }
    };
    let posted = match read_form(Request::from_parts(parts, Body::from(bytes))).await {
        Ok(posted) => posted,
        Err(problem) => return answer(StatusCode::BAD_REQUEST, &Form::default(), problem),
    };
    let form = Form {
        selected: posted.check.clone(),
        text: posted.text.clone(),
    };
    let (name, document) = match posted.file {
        Some((name, bytes)) if !bytes.is_empty() => (name, bytes),
        _ => (PASTED.to_string(), posted.text.into_bytes()),
    };
    if posted.check.is_empty() {
        return answer(StatusCode::BAD_REQUEST, &form, choose_first());
    }
    if document.iter().all(u8::is_ascii_whitespace) {
        return answer(StatusCode::BAD_REQUEST, &form, nothing_to_check());
    }
    let text = String::from_utf8_lossy(&document).into_owned();
    let clock = service.options.clock;
    let choice = posted.check.clone();
    let work_name = name.clone();
    let checking = Arc::clone(&loaded);
    let max_findings = service.options.max_findings;
    let checked = limits
        .run(slot, started, move || {
            let mut report = run_check(&checking, &choice, &work_name, document, clock())?;
            // As in the API: the summary counts every finding, the list stops at the cap.
            let omitted = report.findings.len().saturating_sub(max_findings);
            report.findings.truncate(max_findings);
            Ok::<_, crate::Error>((report, omitted))
        })
        .await;
    let framework = loaded.framework();
    let (report, omitted) = match checked {
        Ok(Ok(checked)) => checked,
        Ok(Err(error)) => {
            let refused = problem::Problem::from_error(&error);
            return answer(status_of(&refused), &form, plain(&refused));
        }
        Err(refused) => return answer(status_of(&refused), &form, plain(&refused)),
    };
    let subject = if form.selected == API_DESCRIPTION {
        "the API description"
    } else {
        form.selected.as_str()
    };
    let submission = Submission {
        subject,
        document: &name,
        text: &text,
    };
    html(
        StatusCode::OK,
        with_page(|page| page.results(framework, limits.max_body, &form, &report, &submission, omitted)),
    )
}

/// Validates against the chosen standard, or lints an API description.
fn run_check(
    loaded: &Loaded,
    choice: &str,
    name: &str,
    document: Vec<u8>,
    generated: crate::date::Timestamp,
) -> crate::Result<crate::report::Report> {
    if choice == API_DESCRIPTION {
        return loaded.lint(name, Arc::from(document), None, generated);
    }
    let payload = payload_type(name, &document);
    let schema = SchemaChoice::Standard(choice.to_string());
    loaded.validate(name, Arc::from(document), payload, &schema, generated)
}

/// What a document from the form is, since a form says nothing about its type: XML by its
/// first character, NDJSON by its file name or when it holds several JSON values one per line,
/// else JSON (a malformed document is then a finding with its line).
fn payload_type(name: &str, document: &[u8]) -> PayloadType {
    let start = document.iter().position(|b| !b.is_ascii_whitespace());
    let rest = start.map_or(&[][..], |i| &document[i..]);
    if rest.starts_with(b"<") || rest.starts_with("\u{feff}<".as_bytes()) {
        return PayloadType::Xml;
    }
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".ndjson") || lower.ends_with(".jsonl") {
        return PayloadType::Ndjson;
    }
    let mut values = serde_json::Deserializer::from_slice(document).into_iter::<serde::de::IgnoredAny>();
    let one = values.next().is_some_and(|first| first.is_ok());
    let another = values.next().is_some_and(|second| second.is_ok());
    if one && another && document.contains(&b'\n') {
        PayloadType::Ndjson
    } else {
        PayloadType::Json
    }
}

async fn read_form(request: Request) -> Result<Posted, Problem> {
    let unreadable = |e: axum::extract::multipart::MultipartError| Problem {
        title: "The form could not be read.".into(),
        detail: format!("Send it again from the page ({})", e.body_text()),
    };
    let mut multipart = Multipart::from_request(request, &()).await.map_err(|e| Problem {
        title: "The form could not be read.".into(),
        detail: format!("Send it again from the page ({})", e.body_text()),
    })?;
    let mut posted = Posted::default();
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or_default() {
            "check" => posted.check = field.text().await.map_err(unreadable)?.trim().to_string(),
            "text" => posted.text = field.text().await.map_err(unreadable)?,
            "file" => {
                let name = field.file_name().map(file_name).unwrap_or_default();
                let bytes = field.bytes().await.map_err(unreadable)?;
                posted.file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    Ok(posted)
}

/// An uploaded file's name as findings carry it: its last path segment, never empty.
fn file_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if last.is_empty() {
        "uploaded file".into()
    } else {
        last.to_string()
    }
}

fn choose_first() -> Problem {
    Problem {
        title: "Choose what to check against.".into(),
        detail: "Pick a standard, or \"API description\" for an OpenAPI document.".into(),
    }
}

fn nothing_to_check() -> Problem {
    Problem {
        title: "There is nothing to check.".into(),
        detail: "Paste a document into the text box, or choose a file.".into(),
    }
}

/// A problem of the service in words for the page.
fn plain(problem: &problem::Problem) -> Problem {
    let title = match problem.kind() {
        Kind::Busy => "The service is busy. Please try again in a moment.",
        Kind::BodyTooLarge => "The document is larger than this service accepts.",
        Kind::Timeout => "Checking took too long.",
        Kind::BadRequest | Kind::UnsupportedType => "The document could not be checked as sent.",
        _ => "The document could not be checked.",
    };
    Problem {
        title: title.into(),
        detail: problem.detail().to_string(),
    }
}

fn status_of(problem: &problem::Problem) -> StatusCode {
    match problem.kind() {
        Kind::Busy => StatusCode::SERVICE_UNAVAILABLE,
        Kind::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Kind::Timeout => StatusCode::GATEWAY_TIMEOUT,
        Kind::BadRequest | Kind::UnsupportedType | Kind::NotAcceptable => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

fn with_page<T>(render: impl FnOnce(&Page) -> Result<T, minijinja::Error>) -> Result<T, String> {
    match &*PAGE {
        Ok(page) => render(page).map_err(|e| e.to_string()),
        Err(error) => Err(error.clone()),
    }
}

/// An HTML page with the headers that keep it to the service's own resources.
fn html(status: StatusCode, body: Result<String, String>) -> Response {
    let mut response = match body {
        Ok(body) => (status, body).into_response(),
        Err(error) => {
            return problem::Problem::new(Kind::Internal, format!("the page could not be rendered: {error}"))
                .into_response();
        }
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_documents_type_is_read_from_its_text_and_name() {
        assert_eq!(payload_type(PASTED, b"  <person/>"), PayloadType::Xml);
        assert_eq!(payload_type(PASTED, b"{\"a\": 1}"), PayloadType::Json);
        assert_eq!(payload_type(PASTED, b"{\"a\": 1}\n{\"a\": 2}\n"), PayloadType::Ndjson);
        assert_eq!(payload_type(PASTED, b"{\"a\": \n"), PayloadType::Json);
        assert_eq!(payload_type("people.JSONL", b"{\"a\": 1}"), PayloadType::Ndjson);
    }

    #[test]
    fn uploaded_names_lose_their_folders() {
        assert_eq!(file_name("C:\\Users\\me\\person.json"), "person.json");
        assert_eq!(file_name("../../etc/passwd"), "passwd");
        assert_eq!(file_name(""), "uploaded file");
    }
}
