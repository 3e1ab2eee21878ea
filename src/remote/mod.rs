//! Fetching over HTTP(S): one client with timeouts, a size limit, bounded redirects and a host
//! policy, in front of an on-disk cache revalidated with ETag and Last-Modified. Used for remote
//! frameworks and for the remote `$ref`s a framework allows.

mod cache;
mod fetch;
mod guard;

pub use cache::{Cache, default_cache_dir, sha256_key};
pub use fetch::{Credentials, FetchOptions, Fetched, Fetcher, split_credentials};
pub use guard::{HostPolicy, check_url};
