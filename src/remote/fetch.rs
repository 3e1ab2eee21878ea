//! The HTTP client: connect and total timeouts, a size limit, at most five redirects each
//! checked against the host policy, and conditional requests against the cache.

use std::io::Read;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::blocking::Client;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::{StatusCode, Url};

use super::cache::Cache;
use super::guard::{HostPolicy, check_url};
use crate::error::{Error, Result};

const MAX_REDIRECTS: usize = 5;

/// How fetching behaves.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Serve from the cache only.
    pub offline: bool,
    /// Time to establish a connection.
    pub connect_timeout: Duration,
    /// Time for a whole request, body included.
    pub timeout: Duration,
    /// Largest body accepted.
    pub max_bytes: u64,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            offline: false,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(60),
            max_bytes: 64 << 20,
        }
    }
}

/// A fetched body.
#[derive(Debug)]
pub struct Fetched {
    /// The bytes.
    pub body: Vec<u8>,
    /// Served from the cache (offline, or the server said 304 Not Modified).
    pub from_cache: bool,
}

/// A user name and password for one origin (scheme, host and port), taken out of a URL so that
/// they are sent to that origin and never written into a lock, a cache key, a report or a
/// message.
#[derive(Clone)]
pub struct Credentials {
    origin: String,
    user: String,
    password: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// Splits the user name and password out of a URL: the URL without them (to show, store and
/// compare), and the credentials, if it had any. A text that is not a URL comes back as it is.
pub fn split_credentials(text: &str) -> (String, Option<Credentials>) {
    let Ok(mut url) = Url::parse(text) else {
        return (text.to_string(), None);
    };
    if url.username().is_empty() && url.password().is_none() {
        return (text.to_string(), None);
    }
    let decode = |s: &str| crate::source::percent_decode(s);
    let credentials = Credentials {
        origin: url.origin().ascii_serialization(),
        user: decode(url.username()),
        password: url.password().map(decode),
    };
    let _ = url.set_username("");
    let _ = url.set_password(None);
    (url.to_string(), Some(credentials))
}

/// Fetches URLs under one host policy, through one cache.
pub struct Fetcher {
    cache: Cache,
    options: FetchOptions,
    policy: Arc<HostPolicy>,
    credentials: Option<Credentials>,
    client: OnceLock<std::result::Result<Client, String>>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("cache", &self.cache)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl Fetcher {
    /// A fetcher; the client is built on the first request.
    pub fn new(cache: Cache, options: FetchOptions, policy: HostPolicy) -> Self {
        Fetcher {
            cache,
            options,
            policy: Arc::new(policy),
            credentials: None,
            client: OnceLock::new(),
        }
    }

    /// Sends these credentials (HTTP basic authentication) to their origin, and to no other.
    pub fn with_credentials(mut self, credentials: Option<Credentials>) -> Self {
        self.credentials = credentials;
        self
    }

    /// The cache it uses.
    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// The hosts it may reach.
    pub fn policy(&self) -> &HostPolicy {
        &self.policy
    }

    /// Whether it may use the network.
    pub fn offline(&self) -> bool {
        self.options.offline
    }

    fn client(&self) -> Result<&Client> {
        self.client
            .get_or_init(|| {
                // reqwest is built without a default crypto provider; ring avoids a C build.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let policy = Arc::clone(&self.policy);
                Client::builder()
                    .user_agent(concat!("nifcheck/", env!("CARGO_PKG_VERSION")))
                    .connect_timeout(self.options.connect_timeout)
                    .timeout(self.options.timeout)
                    .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                        if attempt.previous().len() >= MAX_REDIRECTS {
                            return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
                        }
                        match check_url(attempt.url(), &policy) {
                            Ok(()) => attempt.follow(),
                            Err(reason) => attempt.error(format!("redirect refused: {reason}")),
                        }
                    }))
                    .build()
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| Error::framework(format!("cannot start the HTTP client: {e}"), None))
    }

    /// Fetches a URL: from the cache when offline or not modified, otherwise from the server.
    pub fn get(&self, url: &Url) -> Result<Fetched> {
        let key = url.as_str();
        let cached = self.cache.get(key);
        if self.options.offline {
            return cached
                .map(|(_, body)| Fetched { body, from_cache: true })
                .ok_or_else(|| {
                    remote_error(
                        url,
                        "is not in the cache and --offline forbids the network".into(),
                        None,
                    )
                });
        }
        check_url(url, &self.policy).map_err(|reason| remote_error(url, reason, None))?;
        let mut request = self.client()?.get(url.clone());
        if let Some(credentials) = &self.credentials
            && url.origin().ascii_serialization() == credentials.origin
        {
            request = request.basic_auth(&credentials.user, credentials.password.as_ref());
        }
        if let Some((meta, _)) = &cached {
            if let Some(etag) = &meta.etag {
                request = request.header(IF_NONE_MATCH, etag);
            }
            if let Some(modified) = &meta.last_modified {
                request = request.header(IF_MODIFIED_SINCE, modified);
            }
        }
        // The client's timeout bounds each read of the body, not the whole of it: a server that
        // sends a byte a second would never time out. The deadline is kept here.
        let deadline = std::time::Instant::now() + self.options.timeout;
        let response = request.send().map_err(|e| remote_error(url, describe(&e), None))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED
            && let Some((_, body)) = cached
        {
            return Ok(Fetched { body, from_cache: true });
        }
        if !status.is_success() {
            return Err(remote_error(url, format!("the server answered {status}"), None));
        }
        if response.content_length().is_some_and(|n| n > self.options.max_bytes) {
            return Err(remote_error(
                url,
                format!("larger than the {} byte limit", self.options.max_bytes),
                None,
            ));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let (etag, modified) = (header(ETAG), header(LAST_MODIFIED));
        let body = read_body(response, self.options.max_bytes + 1, deadline).map_err(|e| match e {
            BodyError::TimedOut => remote_error(
                url,
                format!(
                    "timed out: the body took longer than {} s",
                    self.options.timeout.as_secs()
                ),
                None,
            ),
            BodyError::Broken(e) => remote_error(url, format!("the download broke off: {e}"), None),
        })?;
        if body.len() as u64 > self.options.max_bytes {
            return Err(remote_error(
                url,
                format!("larger than the {} byte limit", self.options.max_bytes),
                None,
            ));
        }
        // Only complete bodies reach the cache; a failed write just means no cache next time.
        let _ = self.cache.put(key, etag, modified, &body);
        Ok(Fetched {
            body,
            from_cache: false,
        })
    }
}

/// Why a body could not be read.
enum BodyError {
    TimedOut,
    Broken(std::io::Error),
}

/// Reads at most `limit` bytes of a body by `deadline`. The reading happens on a thread of its
/// own, so a trickling server is left behind at the deadline (the thread ends at the client's
/// next read timeout, or with the process).
fn read_body(
    response: reqwest::blocking::Response,
    limit: u64,
    deadline: std::time::Instant,
) -> std::result::Result<Vec<u8>, BodyError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut body = Vec::new();
        let read = response.take(limit).read_to_end(&mut body).map(|_| body);
        // The receiver is gone when the deadline passed first; nothing waits for this body.
        let _ = sender.send(read);
    });
    let left = deadline.saturating_duration_since(std::time::Instant::now());
    match receiver.recv_timeout(left) {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(e)) => Err(BodyError::Broken(e)),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(BodyError::TimedOut),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err(BodyError::Broken(std::io::Error::other("the reading thread stopped")))
        }
    }
}

fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_timeout() {
        "timed out".to_string()
    } else if error.is_connect() {
        "cannot connect".to_string()
    } else if error.is_redirect() {
        "redirect refused".to_string()
    } else {
        "request failed".to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn remote_error(url: &Url, reason: String, help: Option<String>) -> Error {
    Error::Remote {
        url: url.to_string(),
        reason,
        help,
    }
}
