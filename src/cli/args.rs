//! The command line, as clap derive definitions. Options common to every command are global,
//! so they can stand before or after the command name.

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};
use nifcheck::report::render::Format;

/// Checks government systems against a national interoperability framework.
#[derive(Debug, Parser)]
#[command(name = "nifcheck", version, about, max_term_width = 100)]
pub(super) struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub(super) struct Common {
    /// The framework: a folder holding framework.toml, `reference` (the embedded reference
    /// framework, the default) or `none` (only the checks of the specifications themselves).
    #[arg(long, global = true, value_name = "DIR|reference|none")]
    pub framework: Option<String>,
    /// Output format.
    #[arg(long, global = true, default_value = "human", value_parser = format_parser())]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The lowest severity that makes the run fail (exit code 1). Default: `error`; for `diff`,
    /// `warning`, so a comparison that could not be decided fails too.
    #[arg(long, global = true, value_enum)]
    pub fail_on: Option<FailOnArg>,
    /// Check code-list validity on this date (YYYY-MM-DD) instead of today.
    #[arg(long, global = true, value_name = "DATE")]
    pub as_of: Option<String>,
    /// When to colour human output. `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Never use the network: remote frameworks and references come from the cache only.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Where fetched frameworks and references are cached (default: the platform cache folder,
    /// e.g. ~/.cache/nifcheck).
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Accept a framework whose files differ from nifcheck.lock, and rewrite the lock.
    #[arg(long, global = true)]
    pub update_lock: bool,
    /// Let remote `$ref`s reach HOST (or HOST:PORT) in this run, besides the hosts the
    /// framework's allowed-hosts names: fetched over https through the same cache and host policy
    /// as framework references. Repeat for several hosts. Without it remote references to other
    /// hosts are refused (FWK001).
    #[arg(long = "allow-host", global = true, value_name = "HOST")]
    pub allow_hosts: Vec<String>,
    /// Seconds an HTTP request may take, body included.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 60)]
    pub http_timeout: u64,
}

/// `--format`: the library's formats by name.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::name))
        .map(|name| name.parse().unwrap_or(Format::Human))
}

/// `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
    /// Validate JSON, NDJSON and XML payloads against a standard or a schema.
    Validate(ValidateArgs),
    /// Lint OpenAPI 3.0/3.1 descriptions (JSON or YAML): the specification's own checks, the
    /// framework's API design rules, and the reuse of national standards.
    Lint(LintArgs),
    /// Check one agency (the folder holding agency.toml): lint its APIs, validate its samples,
    /// verify its claims, profiles, standard versions and codes, and, when its government is
    /// known, what it exchanges with other agencies. The CI gate.
    Check(CheckArgs),
    /// Is NEW compatible with OLD? Two JSON Schemas, two standard versions (person@1.2
    /// person@1.3) or two OpenAPI descriptions. Exit 0 compatible, 1 otherwise.
    Diff(DiffArgs),
    /// Inspect and check frameworks.
    Framework {
        #[command(subcommand)]
        command: FrameworkCommand,
    },
    /// Check every agency of a government and the gaps between them; publish the result as a
    /// static site (report.json beside it). With --previous, show what changed since.
    Report(ReportArgs),
    /// List every rule with its code and summary.
    Rules,
    /// Show a rule's documentation.
    Explain {
        /// A rule code (`PAY002`) or name (`schema-violation`).
        code: String,
    },
    /// Serve the checks over HTTP: POST /v1/validate, POST /v1/lint, GET /v1/rules,
    /// GET /v1/framework, GET /healthz (see docs/serve.md). The framework is loaded once;
    /// SIGHUP reloads it. The first line on standard output is the address it listens on.
    Serve(ServeArgs),
    /// Print the completion script for a shell.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page, or with --out write one page per command into DIR.
    Man {
        /// The folder for nifcheck.1, nifcheck-validate.1 and the others (created if needed).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub(super) struct ServeArgs {
    /// The address and port to listen on; port 0 picks a free one.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// The largest request body read, in bytes (a larger one is answered 413).
    #[arg(long, value_name = "BYTES", default_value_t = 16 << 20)]
    pub max_body: usize,
    /// Seconds a request may take, body and check together (a slower one is answered 504).
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// How many checks run at once; a request beyond that is answered 503 with Retry-After.
    /// Default: 32 per CPU core.
    #[arg(long, value_name = "N")]
    pub max_concurrent: Option<usize>,
    /// The most findings one report lists; the summary still counts every finding, and the
    /// response header Nifcheck-Findings-Omitted says how many the list leaves out.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_findings: usize,
    /// Enables POST /v1/admin/reload for requests bearing this token (Authorization: Bearer
    /// TOKEN). Read from the environment variable NIFCHECK_ADMIN_TOKEN when not given here,
    /// which keeps it out of the process list.
    #[arg(long, value_name = "TOKEN")]
    pub admin_token: Option<String>,
    /// Do not log each request on standard error.
    #[arg(long)]
    pub no_access_log: bool,
}

#[derive(Debug, Args)]
pub(super) struct ValidateArgs {
    /// Payload files, folders (searched recursively for .json, .ndjson and .jsonl), globs, or
    /// `-` for standard input.
    #[arg(required = true, value_name = "PAYLOAD")]
    pub payloads: Vec<String>,
    /// Validate against this framework standard: `person`, `person@1` (newest 1.x),
    /// `person@1.2.0`, or a range such as `person@>=1.1, <2`.
    #[arg(long, value_name = "ID[@VERSION]", conflicts_with = "schema")]
    pub standard: Option<String>,
    /// Validate against this JSON Schema file (drafts 4 to 2020-12, by its `$schema`), or this XML Schema (`.xsd`).
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Treat every input as NDJSON / JSON Lines (implied by .ndjson and .jsonl).
    #[arg(long)]
    pub ndjson: bool,
    /// Do not assert `format` (date, email, uuid…); treat it as an annotation.
    #[arg(long)]
    pub no_formats: bool,
}

#[derive(Debug, Args)]
pub(super) struct LintArgs {
    /// OpenAPI descriptions, folders (searched recursively for .json, .yaml and .yml), globs,
    /// or `-` for standard input.
    #[arg(required = true, value_name = "OPENAPI")]
    pub apis: Vec<String>,
    /// Apply this Spectral-format ruleset (YAML or JSON) instead of the framework's rulesets.
    /// Repeat to apply several.
    #[arg(long, value_name = "FILE")]
    pub ruleset: Vec<PathBuf>,
    /// Do not assert `format` when checking examples against their schemas.
    #[arg(long)]
    pub no_formats: bool,
}

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// The agency folder, holding agency.toml (default: the current folder).
    #[arg(value_name = "AGENCY_DIR")]
    pub agency: Option<PathBuf>,
    /// The government folder, holding government.toml (default: the nearest one above the
    /// agency folder, if any).
    #[arg(long, value_name = "DIR")]
    pub government: Option<PathBuf>,
    /// An earlier JSON report: the findings it holds (same rule, file, pointer and message)
    /// are kept but waived, so only new findings fail the run.
    #[arg(long, value_name = "OLD.json")]
    pub baseline: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(super) struct ReportArgs {
    /// The government folder (the one holding government.toml).
    #[arg(value_name = "GOVERNMENT_DIR")]
    pub government: PathBuf,
    /// Where to write the site. It is replaced whole; an existing folder must be empty or hold
    /// a site nifcheck wrote.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The report.json of an earlier run: the site then shows new, fixed and persisting
    /// findings and the change in adoption.
    #[arg(long, value_name = "REPORT.json")]
    pub previous: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(super) struct DiffArgs {
    /// The old schema file, standard (`person@1.2`) or OpenAPI description.
    pub old: String,
    /// The new one.
    pub new: String,
    /// backward: NEW accepts all OLD accepted (OLD ⊆ NEW); forward: OLD accepts all NEW accepts;
    /// full: both. OpenAPI descriptions are compared per operation whatever this says.
    #[arg(long, value_enum, default_value_t = DirectionArg::Backward)]
    pub direction: DirectionArg,
}

/// `--direction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum DirectionArg {
    Backward,
    Forward,
    Full,
}

#[derive(Debug, Subcommand)]
pub(super) enum FrameworkCommand {
    /// List the framework's standards, code lists and rulesets.
    List,
    /// Show one standard (`person`, `person@1.2`) or code list (`district`).
    Show {
        /// A standard or code list id.
        id: String,
    },
    /// Load and compile everything in the framework, and check it against nifcheck.lock when
    /// the project has one; exit 2 on the first problem.
    Verify,
    /// Fetch a framework from a URL into the cache and pin it in ./nifcheck.lock.
    Fetch {
        /// `https://…/framework.toml` (a framework folder served over HTTP) or `https://…/bundle.tar.gz`.
        url: String,
    },
    /// Pack a framework folder into a deterministic .tar.gz bundle with a SHA256SUMS list.
    Pack {
        /// The framework folder.
        dir: PathBuf,
        /// The bundle to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}
