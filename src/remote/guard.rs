//! Which URLs may be fetched: https only (plain http to loopback, for local test servers), and
//! never a private, loopback or link-local address unless the policy names it. This keeps a
//! schema or a redirect from turning nifcheck into a tool for reaching internal services.

use std::net::{IpAddr, ToSocketAddrs};

use reqwest::Url;

/// The hosts one kind of fetch may reach.
#[derive(Debug, Clone, Default)]
pub struct HostPolicy {
    /// `host` or `host:port` entries; an IP literal here also permits that internal address.
    pub allowed: Vec<String>,
    /// A host *name* on the list may resolve to an internal address: the user typed it (an
    /// intranet framework server). Off for hosts a framework's allow-list names.
    pub trust_names: bool,
}

impl HostPolicy {
    /// A policy for a URL the user gave: its own host is trusted, redirects may stay on it.
    pub fn for_url(url: &Url) -> Self {
        HostPolicy {
            allowed: host_entries(url),
            trust_names: true,
        }
    }

    /// A policy for a framework's `allowed-hosts`.
    pub fn allow_list(hosts: &[String]) -> Self {
        HostPolicy {
            allowed: hosts.to_vec(),
            trust_names: false,
        }
    }

    fn permits_host(&self, url: &Url) -> bool {
        host_entries(url)
            .iter()
            .any(|h| self.allowed.iter().any(|a| a.eq_ignore_ascii_case(h)))
    }
}

/// `host` and `host:port` of a URL.
fn host_entries(url: &Url) -> Vec<String> {
    let Some(host) = url.host_str() else { return Vec::new() };
    let host = host.trim_start_matches('[').trim_end_matches(']').to_string();
    match url.port() {
        Some(port) => vec![format!("{host}:{port}"), host],
        None => vec![host],
    }
}

/// Checks a URL against the policy, resolving its host to see where it really points.
pub fn check_url(url: &Url, policy: &HostPolicy) -> Result<(), String> {
    let host = url.host_str().ok_or_else(|| format!("{url} has no host"))?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let literal: Option<IpAddr> = bare.parse().ok();
    let addresses: Vec<IpAddr> = match literal {
        Some(ip) => vec![ip],
        None => (bare, url.port_or_known_default().unwrap_or(443))
            .to_socket_addrs()
            .map(|addrs| addrs.map(|a| a.ip()).collect())
            .unwrap_or_default(),
    };
    let loopback = bare.eq_ignore_ascii_case("localhost") || addresses.iter().any(IpAddr::is_loopback);
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        scheme => {
            return Err(format!(
                "{url}: only https is allowed ({scheme} only to a loopback test server)"
            ));
        }
    }
    if !policy.permits_host(url) {
        return Err(format!("{url}: host {host} is not on the allow-list"));
    }
    // An internal address is reachable only when the policy names that very address (or the
    // user typed the host name).
    if let Some(ip) = addresses.iter().find(|ip| is_internal(ip))
        && literal.is_none()
        && !policy.trust_names
    {
        return Err(format!(
            "{url}: {host} resolves to the internal address {ip}, which is refused"
        ));
    }
    Ok(())
}

fn is_internal(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| is_internal(&IpAddr::V4(v4)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(url: &str, allowed: &[&str]) -> Result<(), String> {
        let url = Url::parse(url).map_err(|e| e.to_string())?;
        let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
        check_url(&url, &HostPolicy::allow_list(&allowed))
    }

    #[test]
    fn https_only_except_loopback() {
        assert!(check("http://127.0.0.1:8080/x", &["127.0.0.1:8080"]).is_ok());
        assert!(check("http://203.0.113.9/x", &["203.0.113.9"]).is_err());
        assert!(check("ftp://127.0.0.1/x", &["127.0.0.1"]).is_err());
    }

    #[test]
    fn internal_addresses_need_to_be_named() {
        assert!(check("https://169.254.169.254/latest", &[]).is_err());
        assert!(check("https://10.1.2.3/x", &["10.1.2.3"]).is_ok());
        assert!(
            check("http://localhost:9/x", &["localhost:9"]).is_err(),
            "a name resolving to loopback is refused"
        );
        assert!(check("https://[fd00::1]/x", &[]).is_err());
        assert!(check("https://[::ffff:10.0.0.1]/x", &[]).is_err());
    }
}
