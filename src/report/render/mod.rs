//! One renderer per output format. Renderers only see the [`Report`], never rules or payloads,
//! so adding a format is one file here and one arm in [`render`].

pub(crate) mod escape;
mod gitb;
mod github;
mod human;
mod json;
mod junit;
mod markdown;
mod sarif;

use super::Report;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Diagnostics with source snippets, for people.
    Human,
    /// The JSON report (`schemas/report.schema.json`).
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML, one test case per file and standard.
    Junit,
    /// GitHub Actions workflow annotations.
    Github,
    /// The EU Interoperability Test Bed's Test Assertion Report (XML).
    Tar,
    /// A summary and a table of findings in Markdown, for pull requests and job summaries.
    Markdown,
}

impl Format {
    /// Every format, for tests that must cover them all.
    pub const ALL: [Format; 7] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Tar,
        Format::Markdown,
    ];

    /// The format's name on the command line and in configuration.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Github => "github",
            Format::Tar => "tar",
            Format::Markdown => "markdown",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| format!("`{name}` is not an output format"))
    }
}

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Colour in human output.
    pub color: bool,
    /// Terminal width for human output.
    pub width: Option<usize>,
}

/// Renders a report in a format.
pub fn render(report: &Report, format: Format, options: RenderOptions) -> String {
    match format {
        Format::Human => human::render(report, options),
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
        Format::Github => github::render(report),
        Format::Tar => gitb::render(report),
        Format::Markdown => markdown::render(report),
    }
}

/// `file:line:column`, as far as known.
fn location(finding: &super::Finding) -> String {
    match (finding.line, finding.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", finding.file),
        (Some(l), None) => format!("{}:{l}", finding.file),
        _ => finding.file.clone(),
    }
}
