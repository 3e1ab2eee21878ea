//! `nifcheck serve`: the command line's part is what only it knows (the options, how the
//! framework is found, the clock); the service itself is `nifcheck::serve`.

use std::io::Write as _;
use std::time::Duration;

use nifcheck::config::ProjectConfig;
use nifcheck::serve::{Frameworks, Options, Service};
use nifcheck::{Error, Result};

use super::args::{Common, ServeArgs};
use super::{Done, compile_options, generated, load_framework};

/// Where the admin token is read from when `--admin-token` is not given.
const ADMIN_TOKEN_VARIABLE: &str = "NIFCHECK_ADMIN_TOKEN";

/// Checks per core that may run at once by default: enough to keep both cores busy while
/// bodies arrive and reports leave, few enough that a burst cannot exhaust memory.
const CHECKS_PER_CORE: usize = 32;

pub(super) fn run(common: &Common, args: &ServeArgs) -> Result<Done> {
    let cwd = std::env::current_dir().map_err(|e| Error::read(".", e))?;
    let project_framework = ProjectConfig::discover(&cwd)?.and_then(|p| p.framework);
    // The loader runs at start and again on every reload, so a reload reads the framework
    // from where the first load found it, with the same options.
    let loader_common = common.clone();
    let loader = Box::new(move || {
        let options = compile_options(&loader_common, true)?;
        load_framework(&loader_common, project_framework.as_deref(), options)
    });
    let frameworks = Frameworks::load(loader, generated)?;
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .ok()
        .filter(|t| !t.is_zero())
        .ok_or_else(|| Error::usage("--timeout must be a positive number of seconds", None))?;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let admin_token = args
        .admin_token
        .clone()
        .or_else(|| std::env::var(ADMIN_TOKEN_VARIABLE).ok())
        .filter(|t| !t.is_empty());
    let options = Options {
        max_body: args.max_body,
        timeout,
        max_concurrent: args.max_concurrent.unwrap_or(CHECKS_PER_CORE * cores),
        max_findings: args.max_findings,
        admin_token,
        access_log: !args.no_access_log,
        clock: generated,
    };
    let listener = std::net::TcpListener::bind(&args.listen)
        .map_err(|e| Error::usage(format!("cannot listen on {}: {e}", args.listen), None))?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::usage(format!("cannot listen on {}: {e}", args.listen), None))?;
    // The first line says where the service is, so a script (or a test) that asked for port 0
    // learns which one it got.
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "listening on http://{address}");
    let _ = stdout.flush();
    drop(stdout);
    nifcheck::serve::run(listener, Service::new(frameworks, options))?;
    Ok(Done::Conforms)
}
