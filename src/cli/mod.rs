//! Command handlers and the exit-code policy: 0 conforms, 1 findings at or above `--fail-on`,
//! 2 the tool could not do its job.

mod args;
mod explain;
mod framework_cmd;
mod output;
mod validate;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use nifcheck::Error;
use nifcheck::framework::{CompileOptions, Date, Framework, FrameworkSource};
use nifcheck::report::FailOn;
use nifcheck::report::render::RenderOptions;

use args::{Cli, ColorArg, Command, Common, FailOnArg};

/// What a command ends with.
pub enum Done {
    /// Everything checked conforms.
    Conforms,
    /// Findings at or above the threshold.
    Fails,
}

pub fn main() -> ExitCode {
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
        Command::Framework { command } => framework_cmd::run(&cli.common, command),
        Command::Rules => explain::rules(&cli.common),
        Command::Explain { code } => explain::explain(&cli.common, code),
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
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .color(color)
                .unicode(color)
                .terminal_links(false)
                .build(),
        )
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

fn fail_on(common: &Common) -> FailOn {
    match common.fail_on {
        FailOnArg::Error => FailOn::Error,
        FailOnArg::Warning => FailOn::Warning,
        FailOnArg::Info => FailOn::Info,
        FailOnArg::Never => FailOn::Never,
    }
}

fn compile_options(common: &Common, formats: bool) -> Result<CompileOptions, Error> {
    let as_of = match &common.as_of {
        Some(text) => text
            .parse::<Date>()
            .map_err(|e| Error::usage(format!("--as-of: {e}"), None))?,
        None => Date::today(),
    };
    Ok(CompileOptions { formats, as_of })
}

/// Loads the framework `--framework` (or the project's `nifcheck.toml`) names.
fn load_framework(common: &Common, project: Option<&str>, options: CompileOptions) -> Result<Option<Framework>, Error> {
    let source = match common.framework.as_deref().or(project) {
        Some(text) => FrameworkSource::parse(text)?,
        None => FrameworkSource::Embedded,
    };
    Framework::load(&source, options)
}
