//! The published report of `nifcheck report`: a static site a standards body can put on any web
//! server. Everything on it comes from the [`Report`]; nothing here reads the clock, the
//! environment or a framework, so the same report gives the same bytes. Pages are minijinja
//! templates (`templates/`), the rules' pages are their doc comments turned into HTML, and the
//! picture of the government is an SVG nifcheck draws itself. No JavaScript, no remote resources.

mod pages;
pub(crate) use pages::markdown;
mod publish;
mod svg;
mod view;

use std::collections::BTreeMap;
use std::path::Path;

use minijinja::Environment;

use super::Report;
use crate::{Error, Result};

/// The templates, by name; a name ending in `.html` is escaped as HTML.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("findings.html", include_str!("templates/findings.html")),
    ("index.html", include_str!("templates/index.html")),
    ("adoption.html", include_str!("templates/adoption.html")),
    ("agency.html", include_str!("templates/agency.html")),
    ("standard.html", include_str!("templates/standard.html")),
    ("rules.html", include_str!("templates/rules.html")),
    ("rule.html", include_str!("templates/rule.html")),
    ("trend.html", include_str!("templates/trend.html")),
];

/// The site's stylesheet; the web page of `nifcheck serve` shares it, so both look alike.
pub(crate) const STYLE: &str = include_str!("templates/style.css");

/// Writes the site for `report` into the folder `out`, replacing what a previous run wrote
/// there. The site is written into a new folder beside `out` first, then swapped in, so a
/// reader never sees half a site. A folder `out` that holds something other than a site
/// nifcheck wrote is left alone (an error), so a mistyped `--out` cannot delete a project.
pub fn write(report: &Report, out: &Path) -> Result<()> {
    let files = render(report).map_err(|e| Error::write(out, std::io::Error::other(e.to_string())))?;
    publish::replace_folder(out, &files)
}

/// Every file of the site by its path inside the site, `/`-separated.
pub fn render(report: &Report) -> std::result::Result<BTreeMap<String, String>, minijinja::Error> {
    let mut env = Environment::new();
    env.set_formatter(escape_html);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)?;
    }
    let mut files = pages::render_all(&env, report)?;
    files.insert("style.css".into(), STYLE.into());
    files.insert(
        "report.json".into(),
        super::render::render(
            report,
            super::render::Format::Json,
            super::render::RenderOptions::default(),
        ),
    );
    Ok(files)
}

/// Escapes text for HTML with the escape of the XML formats, so `/` stays itself (links and
/// paths read naturally in the page source) and control characters cannot reach the page.
/// The web page of `nifcheck serve` escapes with it too.
pub(crate) fn escape_html(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> std::result::Result<(), minijinja::Error> {
    let text = match value.as_str() {
        Some(text) if matches!(state.auto_escape(), minijinja::AutoEscape::Html) && !value.is_safe() => text,
        _ => return minijinja::escape_formatter(out, state, value),
    };
    let escaped = crate::report::render::escape::escape(text);
    out.write_str(&escaped)
        .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write the page"))
}

#[cfg(test)]
mod tests;
