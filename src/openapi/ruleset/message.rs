//! Message templates: `{{error}}`, `{{description}}`, `{{path}}` (a JSON Pointer fragment,
//! `#/paths/~1permits`, as Spectral writes it), `{{property}}`, `{{value}}`.

use serde_json::Value;

/// What a template may mention.
pub(crate) struct Fill<'a> {
    /// The function's own message.
    pub error: &'a str,
    /// The rule's description.
    pub description: Option<&'a str>,
    /// Path tokens from the document root.
    pub path: &'a [String],
    /// The property the finding is about.
    pub property: &'a str,
    /// The value looked at (`None`: absent).
    pub value: Option<&'a Value>,
}

/// The message for one problem: the template filled in, or the function's message.
pub(crate) fn render(template: Option<&str>, fill: &Fill<'_>) -> String {
    let Some(template) = template else {
        return fill.error.to_string();
    };
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = rest[open + 2..open + close].trim();
        match name {
            "error" => out.push_str(fill.error),
            "description" => out.push_str(fill.description.unwrap_or("")),
            "path" => {
                out.push('#');
                for token in fill.path {
                    out.push('/');
                    out.push_str(&crate::source::escape_pointer_token(token));
                }
            }
            "property" => out.push_str(fill.property),
            "value" => out.push_str(&match fill.value {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => "undefined".to_string(),
            }),
            _ => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        let path = vec!["servers".to_string(), "0".to_string(), "url".to_string()];
        let value = Value::String("http://x".into());
        let fill = Fill {
            error: "bad",
            description: Some("API-01"),
            path: &path,
            property: "url",
            value: Some(&value),
        };
        assert_eq!(
            render(
                Some("{{property}} {{value}} at {{path}}: {{error}} ({{description}}) {{other}}"),
                &fill
            ),
            "url http://x at #/servers/0/url: bad (API-01) {{other}}"
        );
        assert_eq!(render(None, &fill), "bad");
    }
}
