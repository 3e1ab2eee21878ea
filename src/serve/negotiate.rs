//! Content negotiation: the payload type a `Content-Type` names, and the report format an
//! `Accept` header prefers.

use crate::report::render::Format;

use super::checks::PayloadType;

/// The media types of the report formats the service writes, preferred first when a client
/// accepts anything.
const FORMATS: &[(&str, Format)] = &[
    ("application/json", Format::Json),
    ("application/sarif+json", Format::Sarif),
    // The Interoperability Test Bed's Test Assertion Report is the service's XML answer.
    ("application/xml", Format::Tar),
    ("text/xml", Format::Tar),
];

/// The media type a format is sent as.
pub fn media_type(format: Format) -> &'static str {
    FORMATS
        .iter()
        .find(|(_, f)| *f == format)
        .map_or("application/json", |(media, _)| media)
}

/// The media types `Accept` may name, for a 406's detail.
pub fn accepted_formats() -> String {
    FORMATS.iter().map(|(media, _)| *media).collect::<Vec<_>>().join(", ")
}

/// The report format `accept` prefers: the highest `q` among the types the service writes
/// (`*/*` and `application/*` mean JSON), JSON when there is no header. `None` when it
/// accepts none of them.
pub fn report_format(accept: Option<&str>) -> Option<Format> {
    let Some(accept) = accept.filter(|a| !a.trim().is_empty()) else {
        return Some(Format::Json);
    };
    let mut best: Option<(u16, usize, Format)> = None;
    for (position, range) in accept.split(',').enumerate() {
        let mut parts = range.split(';');
        let media = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .map_or(1000, |q| (q.clamp(0.0, 1.0) * 1000.0) as u16);
        if quality == 0 {
            continue;
        }
        let format = match media.as_str() {
            "*/*" | "application/*" => Some(Format::Json),
            other => FORMATS.iter().find(|(m, _)| *m == other).map(|(_, f)| *f),
        };
        let Some(format) = format else { continue };
        // Higher quality wins; at equal quality the one named first.
        let better = best.is_none_or(|(q, p, _)| quality > q || (quality == q && position < p));
        if better {
            best = Some((quality, position, format));
        }
    }
    best.map(|(_, _, format)| format)
}

/// The media type of a `Content-Type` header, without parameters, lowercase.
fn essence(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

/// The payload type a `Content-Type` names.
pub fn payload_type(content_type: Option<&str>) -> Option<PayloadType> {
    let media = essence(content_type?);
    match media.as_str() {
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Some(PayloadType::Ndjson),
        "application/json" => Some(PayloadType::Json),
        "application/xml" | "text/xml" => Some(PayloadType::Xml),
        other if other.starts_with("application/") && other.ends_with("+json") => Some(PayloadType::Json),
        other if other.starts_with("application/") && other.ends_with("+xml") => Some(PayloadType::Xml),
        _ => None,
    }
}

/// The payload types `/v1/validate` reads, for a 415's detail.
pub const PAYLOAD_TYPES: &str = "application/json, application/x-ndjson (or application/jsonl), application/xml";

/// Whether a `Content-Type` names an OpenAPI description's encoding: JSON or YAML.
pub fn is_description_type(content_type: Option<&str>) -> bool {
    let Some(content_type) = content_type else {
        return false;
    };
    let media = essence(content_type);
    matches!(
        media.as_str(),
        "application/json"
            | "application/yaml"
            | "application/x-yaml"
            | "text/yaml"
            | "text/x-yaml"
            | "application/vnd.oai.openapi"
    ) || (media.starts_with("application/") && (media.ends_with("+json") || media.ends_with("+yaml")))
}

/// The description types `/v1/lint` reads, for a 415's detail.
pub const DESCRIPTION_TYPES: &str = "application/json, application/yaml (or text/yaml), application/vnd.oai.openapi";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_picks_the_preferred_format_it_can_write() {
        assert_eq!(report_format(None), Some(Format::Json));
        assert_eq!(report_format(Some("*/*")), Some(Format::Json));
        assert_eq!(report_format(Some("application/sarif+json")), Some(Format::Sarif));
        assert_eq!(
            report_format(Some("text/html;q=0.9, application/xml")),
            Some(Format::Tar)
        );
        assert_eq!(
            report_format(Some("application/json;q=0.5, application/sarif+json;q=0.8")),
            Some(Format::Sarif)
        );
        assert_eq!(report_format(Some("application/json;q=0, text/xml")), Some(Format::Tar));
        assert_eq!(report_format(Some("text/html")), None);
        assert_eq!(report_format(Some("application/json;q=abc")), Some(Format::Json));
    }

    #[test]
    fn content_type_names_the_payload_type() {
        assert_eq!(
            payload_type(Some("application/json; charset=utf-8")),
            Some(PayloadType::Json)
        );
        assert_eq!(payload_type(Some("Application/X-NDJSON")), Some(PayloadType::Ndjson));
        assert_eq!(payload_type(Some("text/xml")), Some(PayloadType::Xml));
        assert_eq!(
            payload_type(Some("application/vnd.example+xml")),
            Some(PayloadType::Xml)
        );
        assert_eq!(payload_type(Some("text/plain")), None);
        assert_eq!(payload_type(None), None);
        assert!(is_description_type(Some(
            "application/vnd.oai.openapi+json;version=3.1"
        )));
        assert!(is_description_type(Some("text/yaml")));
        assert!(!is_description_type(Some("application/x-www-form-urlencoded")));
    }
}
