//! The handlers of the JSON API. Each one turns a request into a library call and its answer
//! into a response; the checks themselves are in [`super::checks`].

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Service;
use super::access_log::BodySize;
use super::checks::SchemaChoice;
use super::negotiate;
use super::problem::{Kind, Problem};
use crate::report::render::{Format, RenderOptions, render_to};
use crate::rules::RULES;

/// The response header that says how many findings the report leaves out (`--max-findings`).
pub(super) const FINDINGS_OMITTED: &str = "nifcheck-findings-omitted";

/// The service's own OpenAPI description.
const OPENAPI: &str = include_str!("../../schemas/serve.openapi.json");

/// `GET /healthz`: the service answers, with the framework it checks against.
pub(super) async fn healthz(State(service): State<Arc<Service>>) -> Response {
    let loaded = service.frameworks.current();
    json_response(
        StatusCode::OK,
        &json!({ "status": "ok", "framework": loaded.framework().map(crate::framework::Framework::info) }),
    )
}

/// `GET /v1/openapi.json`.
pub(super) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `GET /v1/framework?limit=N&page=P`: what the service checks against, its standards a page
/// at a time.
pub(super) async fn framework(State(service): State<Arc<Service>>, RawQuery(query): RawQuery) -> Response {
    let page = match Page::of(query.as_deref()) {
        Ok(page) => page,
        Err(problem) => return problem.into_response(),
    };
    let loaded = service.frameworks.current();
    let Some(framework) = loaded.framework() else {
        return json_response(
            StatusCode::OK,
            &json!({ "framework": null, "standards": [], "codeLists": [], "rulesets": [] }),
        );
    };
    let meta = &framework.manifest.framework;
    let body = json!({
        "framework": {
            "id": meta.id, "version": meta.version, "title": meta.title,
            "publisher": meta.publisher, "digest": framework.digest,
        },
        "loadedAt": loaded.loaded_at().to_string(),
        "standards": page.cut(loaded.standards()),
        "codeLists": framework.manifest.code_lists.iter()
            .map(|c| json!({ "id": c.id, "version": c.version, "title": c.title }))
            .collect::<Vec<_>>(),
        "rulesets": framework.manifest.rulesets.iter()
            .map(|r| json!({ "id": r.id, "title": r.title }))
            .collect::<Vec<_>>(),
    });
    json_response(StatusCode::OK, &body)
}

/// `GET /v1/rules?limit=N&page=P`: the rules of nifcheck, as `nifcheck rules --format json`
/// lists them.
pub(super) async fn rules(RawQuery(query): RawQuery) -> Response {
    let page = match Page::of(query.as_deref()) {
        Ok(page) => page,
        Err(problem) => return problem.into_response(),
    };
    let list: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({ "code": r.code, "name": r.name, "severity": r.severity, "kind": r.kind, "summary": r.summary() })
        })
        .collect();
    json_response(StatusCode::OK, &json!(page.cut(list)))
}

/// `?limit=N&page=P`: a page of a list (every item by default).
struct Page {
    limit: Option<usize>,
    page: usize,
}

impl Page {
    /// The largest page.
    const MAX_LIMIT: usize = 1000;

    fn of(query: Option<&str>) -> Result<Page, Problem> {
        let params = parameters(query, &["limit", "page"])?;
        let number = |name: &str, max: usize| -> Result<Option<usize>, Problem> {
            params
                .get(name)
                .map(|text| {
                    text.parse::<usize>()
                        .ok()
                        .filter(|n| (1..=max).contains(n))
                        .ok_or_else(|| Problem::new(Kind::BadRequest, format!("{name} is an integer from 1 to {max}")))
                })
                .transpose()
        };
        Ok(Page {
            limit: number("limit", Self::MAX_LIMIT)?,
            page: number("page", usize::MAX)?.unwrap_or(1),
        })
    }

    fn cut<T>(&self, items: Vec<T>) -> Vec<T> {
        match self.limit {
            None if self.page == 1 => items,
            None => Vec::new(),
            Some(limit) => {
                let skip = (self.page - 1).saturating_mul(limit);
                items.into_iter().skip(skip).take(limit).collect()
            }
        }
    }
}

/// `GET /v1/rules/{code}`: a rule's documentation, by code or name; else a rule of one of the
/// framework's rulesets, by name.
pub(super) async fn rule(
    State(service): State<Arc<Service>>,
    code: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Response {
    let Ok(Path(code)) = code else {
        return Problem::new(Kind::BadRequest, "the rule code is not URL-encoded UTF-8").into_response();
    };
    if let Some(rule) = crate::rules::find(&code) {
        return json_response(
            StatusCode::OK,
            &json!({
                "code": rule.code, "name": rule.name, "severity": rule.severity, "kind": rule.kind,
                "summary": rule.summary(), "documentation": rule.documentation(),
            }),
        );
    }
    let loaded = service.frameworks.current();
    let found = loaded
        .all_rulesets
        .iter()
        .find_map(|set| set.rules.iter().find(|r| r.name == code).map(|r| (set, r)));
    match found {
        Some((ruleset, rule)) => json_response(
            StatusCode::OK,
            &json!({
                "code": rule.name, "ruleset": ruleset.source,
                "severity": rule.severity.map_or("off", |s| s.as_str()),
                "description": rule.description, "documentationUrl": rule.documentation_url,
                "given": rule.given.iter().map(|given| &given.text).collect::<Vec<_>>(),
            }),
        ),
        None => Problem::new(
            Kind::NotFound,
            "no rule has this code or name; GET /v1/rules lists them",
        )
        .into_response(),
    }
}

/// `POST /v1/validate?standard=ID[@VERSION]` or `?schema=URI`: the body is a payload.
pub(super) async fn validate(
    State(service): State<Arc<Service>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = tokio::time::Instant::now();
    let prepared = (|| {
        let params = parameters(query.as_deref(), &["standard", "schema", "name"])?;
        let schema = match (params.get("standard"), params.get("schema")) {
            (Some(_), Some(_)) => {
                return Err(Problem::new(Kind::BadRequest, "give ?standard= or ?schema=, not both"));
            }
            (Some(standard), None) => SchemaChoice::Standard(standard.clone()),
            (None, Some(schema)) => SchemaChoice::SchemaId(schema.clone()),
            (None, None) => SchemaChoice::Declared,
        };
        let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let payload = negotiate::payload_type(content_type).ok_or_else(|| {
            Problem::new(
                Kind::UnsupportedType,
                format!("/v1/validate reads {}", negotiate::PAYLOAD_TYPES),
            )
        })?;
        let name = params
            .get("name")
            .cloned()
            .unwrap_or_else(|| payload.default_name().to_string());
        Ok((schema, payload, name, report_format(&headers)?))
    })();
    let (schema, payload, name, format) = match prepared {
        Ok(prepared) => prepared,
        Err(problem) => return problem.into_response(),
    };
    let loaded = service.frameworks.current();
    let clock = service.options.clock;
    let work = move |bytes| {
        let declared = schema == SchemaChoice::Declared;
        loaded
            .validate(&name, bytes, payload, &schema, clock())
            .map_err(|error| match error {
                // No schema could be chosen: say how a request chooses one.
                crate::Error::Usage { message, .. } if declared => crate::Error::Usage {
                    message,
                    help: Some(
                        "send ?standard=ID[@VERSION] or ?schema=URI, or give the payload a $schema naming a standard's schema"
                            .into(),
                    ),
                },
                other => other,
            })
    };
    check(&service, started, &headers, body, work, format).await
}

/// `POST /v1/lint?ruleset=ID`: the body is an OpenAPI description, JSON or YAML.
pub(super) async fn lint(
    State(service): State<Arc<Service>>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let started = tokio::time::Instant::now();
    let prepared = (|| {
        let params = parameters(query.as_deref(), &["ruleset", "name"])?;
        let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        if !negotiate::is_description_type(content_type) {
            return Err(Problem::new(
                Kind::UnsupportedType,
                format!("/v1/lint reads {}", negotiate::DESCRIPTION_TYPES),
            ));
        }
        let name = params.get("name").cloned().unwrap_or_else(|| "openapi".to_string());
        Ok((params.get("ruleset").cloned(), name, report_format(&headers)?))
    })();
    let (ruleset, name, format) = match prepared {
        Ok(prepared) => prepared,
        Err(problem) => return problem.into_response(),
    };
    let loaded = service.frameworks.current();
    let clock = service.options.clock;
    check(
        &service,
        started,
        &headers,
        body,
        move |bytes| loaded.lint(&name, bytes, ruleset.as_deref(), clock()),
        format,
    )
    .await
}

/// Takes a check slot, reads the body, runs `work` on it off the executor, and renders the
/// report in `format`.
async fn check(
    service: &Service,
    started: tokio::time::Instant,
    headers: &HeaderMap,
    body: Body,
    work: impl FnOnce(Arc<[u8]>) -> crate::Result<crate::report::Report> + Send + 'static,
    format: Format,
) -> Response {
    let slot = match service.limits.slot() {
        Ok(slot) => slot,
        Err(problem) => return problem.into_response(),
    };
    let limits = &service.limits;
    let bytes = match tokio::time::timeout_at(started + limits.timeout, limits.read_body(headers, body)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(problem)) => return problem.into_response(),
        Err(_) => return limits.timed_out().into_response(),
    };
    let size = bytes.len();
    let max_findings = service.options.max_findings;
    let rendered = limits
        .run(slot, started, move || {
            let mut report = work(Arc::from(bytes))?;
            // The summary keeps counting every finding; the list stops at the cap.
            let omitted = report.findings.len().saturating_sub(max_findings);
            report.findings.truncate(max_findings);
            let mut out = Vec::new();
            // Writing into a vector fails only if serialisation does, which the report's types rule out.
            let _ = render_to(&report, format, RenderOptions::default(), &mut out);
            Ok::<_, crate::Error>((out, omitted))
        })
        .await;
    let mut response = match rendered {
        Ok(Ok((out, omitted))) => (
            [
                (header::CONTENT_TYPE, negotiate::media_type(format).to_string()),
                (HeaderName::from_static(FINDINGS_OMITTED), omitted.to_string()),
            ],
            out,
        )
            .into_response(),
        Ok(Err(error)) => Problem::from_error(&error).into_response(),
        Err(problem) => problem.into_response(),
    };
    response.extensions_mut().insert(BodySize(size));
    response
}

/// The report format the request's `Accept` prefers, or the 406 that says none fits.
fn report_format(headers: &HeaderMap) -> Result<Format, Problem> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    negotiate::report_format(accept).ok_or_else(|| {
        Problem::new(
            Kind::NotAcceptable,
            format!("the report is written as {}", negotiate::accepted_formats()),
        )
    })
}

/// The query's parameters, each at most once, none but `known`.
fn parameters(query: Option<&str>, known: &[&str]) -> Result<BTreeMap<String, String>, Problem> {
    let mut params = BTreeMap::new();
    let Some(query) = query else {
        return Ok(params);
    };
    let uri: axum::http::Uri = format!("/?{query}")
        .parse()
        .map_err(|_| Problem::new(Kind::BadRequest, "the query string is not URL-encoded"))?;
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .map_err(|_| Problem::new(Kind::BadRequest, "the query string is not URL-encoded"))?;
    for (key, value) in pairs {
        if !known.contains(&key.as_str()) {
            return Err(Problem::new(
                Kind::BadRequest,
                format!("unknown query parameter; this endpoint takes {}", known.join(", ")),
            ));
        }
        if params.insert(key, value).is_some() {
            return Err(Problem::new(Kind::BadRequest, "a query parameter is given twice"));
        }
    }
    Ok(params)
}

/// A JSON body.
pub(super) fn json_response(status: StatusCode, body: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// Any path the service does not have.
pub(super) async fn not_found() -> Response {
    Problem::new(
        Kind::NotFound,
        "no such path; GET /v1/openapi.json describes the service",
    )
    .into_response()
}

/// A path the service has, with a method it does not take.
pub(super) async fn method_not_allowed() -> Response {
    Problem::new(
        Kind::MethodNotAllowed,
        "this path does not take this method; GET /v1/openapi.json describes the service",
    )
    .into_response()
}
