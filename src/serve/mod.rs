//! `nifcheck serve`: the checks of the command line as an HTTP service. A payload or an API
//! description arrives in a request's body, is checked in memory against the framework the
//! service loaded at start, and the same report the command line writes comes back (JSON,
//! SARIF or the Test Bed's TAR, by `Accept`).
//!
//! The service sits on top of the flow: it calls the checks ([`crate::payload`],
//! [`crate::openapi`]) and the collect and render step ([`crate::report`]) as the command line
//! does. What it adds is what a long-running process needs: the framework compiled once and
//! swapped whole on reload ([`frameworks`]), limits on size, time and concurrency
//! ([`limits`]), errors as problem details ([`problem`]) and an access log ([`access_log`]).
//! Every route is declared in [`routes`].

pub mod access_log;
mod admin;
mod api;
pub mod checks;
pub mod frameworks;
pub mod limits;
pub mod negotiate;
pub mod page;
pub mod problem;
pub mod routes;

use std::future::Future as _;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

pub use checks::{PayloadType, SchemaChoice, StandardSummary};
pub use frameworks::{Frameworks, Loaded, Loader};

use crate::date::Timestamp;
use crate::error::{Error, Result};

/// How a service runs.
pub struct Options {
    /// The largest request body read, in bytes.
    pub max_body: usize,
    /// The longest a request may take.
    pub timeout: Duration,
    /// How many checks run at once; one more is turned away with a 503.
    pub max_concurrent: usize,
    /// The most findings a report lists; the summary still counts them all, and the
    /// `Nifcheck-Findings-Omitted` header says how many were left out.
    pub max_findings: usize,
    /// The bearer token of `POST /v1/admin/reload`; without one the route does not exist.
    pub admin_token: Option<String>,
    /// Whether each request is logged on standard error.
    pub access_log: bool,
    /// When a report is made (the command line's clock, which tests fix).
    pub clock: fn() -> Timestamp,
}

/// A running service's state, shared by every request.
pub struct Service {
    /// The framework in use.
    pub frameworks: Frameworks,
    /// How it runs.
    pub options: Options,
    /// Size, time and concurrency limits.
    pub limits: limits::Limits,
    requests: AtomicU64,
    /// When it started, in seconds since the epoch: the prefix of its request ids.
    started: u64,
}

impl Service {
    /// A service over a loaded framework.
    pub fn new(frameworks: Frameworks, options: Options) -> Service {
        let limits = limits::Limits::new(options.max_body, options.timeout, options.max_concurrent);
        Service {
            frameworks,
            limits,
            requests: AtomicU64::new(0),
            started: (options.clock)().0,
            options,
        }
    }
}

/// Serves on `listener` until Ctrl-C or SIGTERM; on SIGHUP the framework is reloaded.
/// Requests being answered when the service is asked to stop are answered first.
pub fn run(listener: std::net::TcpListener, service: Service) -> Result<()> {
    // Checks are CPU work: one thread per core runs them fastest. Tokio's default (up to 512
    // blocking threads) ran one thread per check in flight, and under 64 connections on two
    // cores that cost throughput, a longer tail and ten times the memory (a heap per thread).
    // The checks waiting for a thread are bounded by --max-concurrent.
    let check_threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(check_threads)
        .enable_all()
        .thread_name("nifcheck-serve")
        .build()
        .map_err(|e| Error::usage(format!("cannot start the service's runtime: {e}"), None))?;
    let service = Arc::new(service);
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::usage(format!("cannot listen: {e}"), None))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::usage(format!("cannot listen: {e}"), None))?;
        admin::reload_on_hangup(Arc::clone(&service));
        axum::serve(listener, routes::router(service))
            .with_graceful_shutdown(stop_signal())
            .await
            .map_err(|e| Error::usage(format!("the service stopped: {e}"), None))
    })
}

/// Ctrl-C, or SIGTERM where there are signals.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    let mut interrupt = std::pin::pin!(interrupt);
    let mut terminate = std::pin::pin!(terminate);
    // Whichever comes first.
    std::future::poll_fn(|cx| {
        if interrupt.as_mut().poll(cx).is_ready() || terminate.as_mut().poll(cx).is_ready() {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
}
