//! One renderer per output format. Renderers only see the [`Report`], never rules or payloads,
//! so adding a format is one file here and one arm in [`render`].

pub(crate) mod escape;
mod gitb;
mod github;
mod gitlab;
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
    /// GitLab Code Quality (a CodeClimate-style JSON array), for merge requests.
    Gitlab,
}

impl Format {
    /// Every format, for tests that must cover them all.
    pub const ALL: [Format; 8] = [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Junit,
        Format::Github,
        Format::Tar,
        Format::Markdown,
        Format::Gitlab,
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
            Format::Gitlab => "gitlab",
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

/// Renders a report in a format, as text.
pub fn render(report: &Report, format: Format, options: RenderOptions) -> String {
    let mut bytes = Vec::new();
    // Writing to a vector fails only if serialisation does, which the report's types rule out.
    let _ = render_to(report, format, options, &mut bytes);
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Writes a report in a format to `out`. The JSON report, SARIF and GitLab's are written finding by
/// finding as they are serialised, so a report of a million findings never exists whole in
/// memory a second time; the other formats are built as text first.
pub fn render_to(
    report: &Report,
    format: Format,
    options: RenderOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let text = match format {
        Format::Json => return json::write(report, out),
        Format::Sarif => return sarif::write(report, out),
        Format::Gitlab => return gitlab::write(report, out),
        Format::Human => human::render(report, options),
        Format::Junit => junit::render(report),
        Format::Github => github::render(report),
        Format::Tar => gitb::render(report),
        Format::Markdown => markdown::render(report),
    };
    out.write_all(text.as_bytes())
}

/// Characters of a message, a help text or a witness that the formats read by people (human,
/// GitHub annotations, Markdown) show; the rest is counted, not printed. The JSON report, SARIF
/// and the XML formats keep the whole text.
const SHOWN_TEXT: usize = 1_000;

/// `file:line:column`, as far as known.
fn location(finding: &super::Finding) -> String {
    match (finding.line, finding.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", finding.file),
        (Some(l), None) => format!("{}:{l}", finding.file),
        _ => finding.file.clone(),
    }
}
