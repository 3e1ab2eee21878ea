//! The web page of `nifcheck serve`, for people who are not developers: pick a standard (or
//! "API description"), paste a document or choose a file, and read each finding with its
//! line, the lines around it and a link to the rule's documentation.
//!
//! The page works without JavaScript (the form posts to `/check` and the results come back as
//! a page rendered here); `assets/page.js` makes it submit to the JSON API and show the
//! results in place. Everything it loads comes from the service itself under `/assets/`, so a
//! strict Content-Security-Policy holds. The templates are minijinja with HTML escaping on,
//! styled with the report site's stylesheet, and the rule pages are the rules' doc comments
//! turned into HTML the way the report site does it.

pub(super) mod routes;
mod snippet;
mod view;

use minijinja::value::Serde;
use minijinja::{Environment, Value};
use serde::Serialize;
use serde_json::json;

use crate::framework::{Framework, FrameworkInfo};
use crate::report::Report;
use crate::rules::RULES;

pub use view::{API_DESCRIPTION, Submission};

/// The templates, by name; a name ending in `.html` is escaped as HTML.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("index.html", include_str!("templates/index.html")),
    ("results.html", include_str!("templates/results.html")),
    ("rule.html", include_str!("templates/rule.html")),
    ("rules.html", include_str!("templates/rules.html")),
    ("not_found.html", include_str!("templates/not_found.html")),
];

/// A file the page loads, as it is served.
pub struct Asset {
    /// The `Content-Type` it is served with.
    pub content_type: &'static str,
    /// Its bytes.
    pub body: &'static str,
}

/// The files under `/assets/`, by name: the report site's stylesheet, the page's own and its
/// script. A name not listed here is not found.
pub fn asset(name: &str) -> Option<Asset> {
    let (content_type, body) = match name {
        "style.css" => ("text/css; charset=utf-8", crate::report::site::STYLE),
        "page.css" => ("text/css; charset=utf-8", include_str!("assets/page.css")),
        "page.js" => ("text/javascript; charset=utf-8", include_str!("assets/page.js")),
        _ => return None,
    };
    Some(Asset { content_type, body })
}

/// The `Content-Security-Policy` every page is sent with: nothing but the service itself, no
/// inline script or style, no framing, forms only to the service.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// What the form shows: the choices, and what was submitted when a page answers a post.
#[derive(Debug, Default, Clone)]
pub struct Form {
    /// The chosen standard label, or [`API_DESCRIPTION`].
    pub selected: String,
    /// The pasted text, shown again so it can be corrected and checked again.
    pub text: String,
}

/// Why a submission was not checked, as the page says it.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// One sentence: what went wrong.
    pub title: String,
    /// What to do about it.
    pub detail: String,
}

/// The page's renderer: the templates, compiled once when the service starts.
pub struct Page {
    env: Environment<'static>,
}

type Rendered = std::result::Result<String, minijinja::Error>;

impl Page {
    /// Compiles the templates.
    pub fn new() -> std::result::Result<Self, minijinja::Error> {
        let mut env = Environment::new();
        env.set_formatter(crate::report::site::escape_html);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)?;
        }
        Ok(Page { env })
    }

    /// The empty form. `body_limit` is the most bytes the service accepts.
    pub fn home(&self, framework: Option<&Framework>, body_limit: usize) -> Rendered {
        self.render(
            "index.html",
            self.check_context(framework, body_limit, &Form::default()),
        )
    }

    /// The results of a check submitted through the form, above the form filled in again.
    /// `omitted` findings were left out of the report's list by the service's cap.
    pub fn results(
        &self,
        framework: Option<&Framework>,
        body_limit: usize,
        form: &Form,
        report: &Report,
        submission: &Submission<'_>,
        omitted: usize,
    ) -> Rendered {
        let mut context = self.check_context(framework, body_limit, form);
        context["results"] = json!(view::Results::new(report, submission, omitted));
        context["document"] = json!(submission.document);
        context["autofocus"] = json!(true);
        self.render("index.html", context)
    }

    /// The form again, with what kept the submission from being checked.
    pub fn problem(
        &self,
        framework: Option<&Framework>,
        body_limit: usize,
        form: &Form,
        problem: &Problem,
    ) -> Rendered {
        let mut context = self.check_context(framework, body_limit, form);
        context["problem"] = json!(problem);
        context["autofocus"] = json!(true);
        self.render("index.html", context)
    }

    /// The page of a rule nifcheck documents, by code or name; `None` for any other.
    pub fn rule(&self, framework: Option<&Framework>, code: &str) -> Option<Rendered> {
        let rule = crate::rules::find(code)?;
        let context = json!({
            "title": format!("{} {}", rule.code, rule.name),
            "page": "rules",
            "version": env!("CARGO_PKG_VERSION"),
            "framework": framework.map(Framework::info),
            "rule": {"code": rule.code, "name": rule.name, "severity": rule.severity.as_str(), "kind": rule.kind},
            "docs": crate::report::site::markdown(&rule.documentation()),
        });
        Some(self.render("rule.html", context))
    }

    /// Every rule, with a link to its page.
    pub fn rules(&self, framework: Option<&Framework>) -> Rendered {
        let rules: Vec<_> = RULES
            .iter()
            .map(|r| json!({"code": r.code, "name": r.name, "severity": r.severity.as_str(), "summary": r.summary()}))
            .collect();
        let context = json!({
            "title": "Rules",
            "page": "rules",
            "version": env!("CARGO_PKG_VERSION"),
            "framework": framework.map(Framework::info),
            "rules": rules,
        });
        self.render("rules.html", context)
    }

    /// A page for a path the service does not have.
    pub fn not_found(&self, framework: Option<&Framework>, what: &str) -> Rendered {
        let context = json!({
            "title": "Not found",
            "page": "",
            "version": env!("CARGO_PKG_VERSION"),
            "framework": framework.map(Framework::info),
            "detail": format!("There is no {what} here."),
        });
        self.render("not_found.html", context)
    }

    fn check_context(&self, framework: Option<&Framework>, body_limit: usize, form: &Form) -> serde_json::Value {
        let info: Option<FrameworkInfo> = framework.map(Framework::info);
        json!({
            "title": "Check a payload or an API description",
            "page": "check",
            "version": env!("CARGO_PKG_VERSION"),
            "framework": info,
            "choices": view::choices(framework),
            "selected": form.selected,
            "text": form.text,
            "limit": size(body_limit),
        })
    }

    fn render(&self, template: &str, context: serde_json::Value) -> Rendered {
        // The report's numbers keep their JSON text; the templates want plain numbers.
        self.env
            .get_template(template)?
            .render(Value::from(Serde(&crate::source::PlainNumbers(&context))))
    }
}

/// `1 MiB`, `512 KiB`: the body limit as a reader takes it in.
fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests;
