//! Command handlers and the exit-code policy: 0 conforms, 1 findings at or above `--fail-on`,
//! 2 the tool could not do its job.

mod args;
mod check;
mod completions;
mod diff;
mod explain;
mod framework_cmd;
mod lint;
mod output;
mod report;
mod schema_error;
mod serve;
mod validate;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use nifcheck::Error;
use nifcheck::date::Timestamp;
use nifcheck::framework::{CompileOptions, Date, Framework, FrameworkSource, LOCK_FILE, Lock, materialize};
use nifcheck::remote::{Cache, Credentials, FetchOptions, Fetcher, HostPolicy, default_cache_dir, split_credentials};
use nifcheck::report::FailOn;
use nifcheck::report::render::RenderOptions;

use args::{Cli, ColorArg, Command, Common, FailOnArg};

/// What a command ends with.
pub(crate) enum Done {
    /// Everything checked conforms.
    Conforms,
    /// Findings at or above the threshold.
    Fails,
}

pub(crate) fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    install_error_hook(&cli.common);
    let result = match &cli.command {
        Command::Validate(args) => validate::run(&cli.common, args),
        Command::Lint(args) => lint::run(&cli.common, args),
        Command::Check(args) => check::run(&cli.common, args),
        Command::Diff(args) => diff::run(&cli.common, args),
        Command::Framework { command } => framework_cmd::run(&cli.common, command),
        Command::Report(args) => report::run(&cli.common, args),
        Command::Rules => explain::rules(&cli.common),
        Command::Explain { code } => explain::explain(&cli.common, code),
        Command::Serve(args) => serve::run(&cli.common, args),
        Command::Completions { shell } => completions::completions(&cli.common, *shell),
        Command::Man { out } => completions::man(&cli.common, out.as_deref()),
    };
    match result {
        Ok(Done::Conforms) => ExitCode::SUCCESS,
        Ok(Done::Fails) => ExitCode::from(1),
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::from(2)
        }
    }
}

fn install_error_hook(common: &Common) {
    let color = wants_color(common.color, std::io::stderr().is_terminal());
    // COLUMNS lets scripts (and tests) ask for unwrapped messages.
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<usize>().ok());
    let _ = miette::set_hook(Box::new(move |_| {
        let mut options = miette::MietteHandlerOpts::new()
            .color(color)
            .unicode(color)
            .terminal_links(false);
        if let Some(width) = width {
            options = options.width(width);
        }
        Box::new(options.build())
    }));
}

fn wants_color(arg: ColorArg, terminal: bool) -> bool {
    match arg {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Renderer options for standard output or a file.
fn render_options(common: &Common) -> RenderOptions {
    let to_terminal = common.output.is_none() && std::io::stdout().is_terminal();
    RenderOptions {
        color: wants_color(common.color, to_terminal),
        width: None,
    }
}

/// When a report is made: now, or `SOURCE_DATE_EPOCH` when set, so builds and tests can make
/// identical reports.
fn generated() -> Timestamp {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map_or_else(Timestamp::now, Timestamp)
}

/// `--fail-on`, or the command's own default.
fn fail_on(common: &Common, default: FailOn) -> FailOn {
    match common.fail_on {
        None => default,
        Some(FailOnArg::Error) => FailOn::Error,
        Some(FailOnArg::Warning) => FailOn::Warning,
        Some(FailOnArg::Info) => FailOn::Info,
        Some(FailOnArg::Never) => FailOn::Never,
    }
}

fn compile_options(common: &Common, formats: bool) -> Result<CompileOptions, Error> {
    let as_of = match &common.as_of {
        Some(text) => text
            .parse::<Date>()
            .map_err(|e| Error::usage(format!("--as-of: {e}"), None))?,
        None => Date::today(),
    };
    let fetch = fetch_options(common);
    let cache = Cache::new(common.cache_dir.clone().unwrap_or_else(default_cache_dir));
    Ok(CompileOptions {
        formats,
        as_of,
        remote: Some((cache, fetch)),
        allowed_hosts: common.allow_hosts.clone(),
    })
}

/// Loads the framework `--framework` names, else the project's `nifcheck.toml`, else the one
/// `nifcheck.lock` pins, else the reference framework. A remote framework is fetched (or taken
/// from the cache); any framework the lock pins must match it file for file.
fn load_framework(common: &Common, project: Option<&str>, options: CompileOptions) -> Result<Option<Framework>, Error> {
    let cwd = std::env::current_dir().map_err(|e| Error::read(".", e))?;
    let lock = Lock::read(&cwd)?;
    let named = common
        .framework
        .as_deref()
        .or(project)
        .or(lock.as_ref().map(|l| l.framework.url.as_str()));
    // Credentials in a URL are sent to its server and nowhere else: not into the lock, the cache
    // or any message.
    let (text, credentials) = named.map(split_credentials).unzip();
    let source = match &text {
        Some(text) => FrameworkSource::parse(text)?,
        None => FrameworkSource::Embedded,
    };
    let source = match source {
        FrameworkSource::Remote(url) => FrameworkSource::Dir(fetch(common, &url, credentials.flatten())?),
        other => other,
    };
    let framework = Framework::load(&source, options)?;
    if let (Some(framework), Some(lock), Some(text)) = (&framework, &lock, &text)
        && &lock.framework.url == text
    {
        check_lock(common, &cwd, lock, framework)?;
    }
    Ok(framework)
}

/// Fetches a remote framework (`url` without credentials; `credentials` for its server) into the
/// cache; says so when the cached copy stands in for it.
fn fetch(common: &Common, url: &str, credentials: Option<Credentials>) -> Result<std::path::PathBuf, Error> {
    let parsed = reqwest::Url::parse(url).map_err(|e| Error::usage(format!("`{url}` is not a URL: {e}"), None))?;
    let fetcher = fetcher(common, HostPolicy::for_url(&parsed)).with_credentials(credentials);
    let materialized = materialize(url, &fetcher)?;
    if let Some(reason) = &materialized.stale {
        eprintln!(
            "warning: {reason}; using the copy of {url} cached at {}",
            materialized.dir.display()
        );
    }
    Ok(materialized.dir)
}

/// A fetcher with the command line's cache, timeout and offline settings.
fn fetcher(common: &Common, policy: HostPolicy) -> Fetcher {
    Fetcher::new(
        Cache::new(common.cache_dir.clone().unwrap_or_else(default_cache_dir)),
        fetch_options(common),
        policy,
    )
}

fn fetch_options(common: &Common) -> FetchOptions {
    FetchOptions {
        offline: common.offline,
        timeout: std::time::Duration::from_secs(common.http_timeout.max(1)),
        ..FetchOptions::default()
    }
}

fn check_lock(common: &Common, cwd: &std::path::Path, lock: &Lock, framework: &Framework) -> Result<(), Error> {
    let meta = &framework.manifest.framework;
    let now = Lock::of(&lock.framework.url, &meta.id, &meta.version, &framework.files)?;
    let differences = lock.differences(&now);
    if differences.is_empty() {
        return Ok(());
    }
    if common.update_lock {
        now.write(cwd)?;
        eprintln!(
            "note: {LOCK_FILE} updated to {} {} ({})",
            meta.id, meta.version, now.framework.digest
        );
        return Ok(());
    }
    Err(Error::framework(
        format!(
            "the framework {} differs from {LOCK_FILE}:\n  {}",
            lock.framework.url,
            differences.join("\n  ")
        ),
        Some("if the new version is intended, run again with --update-lock".to_string()),
    ))
}
