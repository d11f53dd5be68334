//! Proxy choice with Go's `ProxyFromEnvironment` rules, as the official CLI has them.
//!
//! ureq reads ALL_PROXY first and uses one proxy for every scheme; Go picks HTTPS_PROXY for
//! https and HTTP_PROXY for http, never proxies loopback, and has its own NO_PROXY syntax.
//! Scripts tuned for the official CLI rely on those rules, so we apply them ourselves.

use std::net::IpAddr;

use crate::error::Error;
use crate::net::url::Url;

/// The proxy settings read from the environment.
#[derive(Debug, Default, Clone)]
pub(crate) struct ProxyEnv {
    pub(crate) https: Option<(String, String)>,
    pub(crate) http: Option<(String, String)>,
    pub(crate) no_proxy: String,
}

impl ProxyEnv {
    /// Reads HTTPS_PROXY, HTTP_PROXY, NO_PROXY (upper case first, then lower case).
    /// HTTP_PROXY is ignored under CGI (REQUEST_METHOD set), as Go does.
    pub(crate) fn read(get: impl Fn(&str) -> Option<String>) -> ProxyEnv {
        let any = |names: [&str; 2]| {
            names
                .into_iter()
                .find_map(|n| get(n).filter(|v| !v.is_empty()).map(|v| (n.to_string(), v)))
        };
        let cgi = get("REQUEST_METHOD").is_some_and(|v| !v.is_empty());
        ProxyEnv {
            https: any(["HTTPS_PROXY", "https_proxy"]),
            http: if cgi {
                None
            } else {
                any(["HTTP_PROXY", "http_proxy"])
            },
            no_proxy: any(["NO_PROXY", "no_proxy"])
                .map(|(_, v)| v)
                .unwrap_or_default(),
        }
    }

    /// The proxy to use for `target`, or `None` to connect directly.
    /// The error names the variable whose value is unusable.
    pub(crate) fn for_target(&self, target: &Url) -> Result<Option<ureq::Proxy>, Error> {
        let chosen = match target.scheme.as_str() {
            "https" => &self.https,
            _ => &self.http,
        };
        let Some((name, raw)) = chosen else {
            return Ok(None);
        };
        if !use_proxy(&self.no_proxy, &target.host, target.port) {
            return Ok(None);
        }
        // Go accepts a bare host:port and treats it as http://.
        let url = if raw.contains("://") {
            raw.clone()
        } else {
            format!("http://{raw}")
        };
        let parsed =
            Url::parse(&url).map_err(|e| e.context(&format!("{name}: invalid proxy URL")))?;
        match parsed.scheme.as_str() {
            "http" | "https" => ureq::Proxy::new(&url)
                .map(Some)
                .map_err(|e| Error::usage(format!("{name}: invalid proxy URL: {e}"))),
            s => Err(Error::usage(format!(
                "{name}: {s} proxies are not supported by this build (use an http:// or https:// proxy)"
            ))),
        }
    }
}

/// Go's `useProxy`: false for loopback and for hosts NO_PROXY matches.
fn use_proxy(no_proxy: &str, host: &str, port: u16) -> bool {
    if host == "localhost" {
        return false;
    }
    let ip = host.parse::<IpAddr>().ok();
    if ip.is_some_and(|ip| ip.is_loopback()) {
        return false;
    }
    let port = port.to_string();
    for entry in no_proxy.split(',') {
        let p = entry.trim().to_ascii_lowercase();
        if p.is_empty() {
            continue;
        }
        if p == "*" {
            return false;
        }
        if let Some((net, bits)) = p.split_once('/') {
            if let (Ok(net), Ok(bits), Some(ip)) = (net.parse::<IpAddr>(), bits.parse::<u8>(), ip) {
                if in_cidr(ip, net, bits) {
                    return false;
                }
            }
            continue;
        }
        let (phost, pport) = split_host_port(&p);
        if phost.is_empty() {
            continue;
        }
        if let Ok(pip) = phost.parse::<IpAddr>() {
            if ip == Some(pip) && (pport.is_empty() || pport == port) {
                return false;
            }
            continue;
        }
        let phost = phost.strip_prefix('*').unwrap_or(phost);
        let (suffix, match_host) = if phost.starts_with('.') {
            (phost.to_string(), false)
        } else {
            (format!(".{phost}"), true)
        };
        if (host.ends_with(&suffix) || (match_host && host == &suffix[1..]))
            && (pport.is_empty() || pport == port)
        {
            return false;
        }
    }
    true
}

/// Splits `host:port` or `[v6]:port`; a lone host (or IPv6 address) has no port.
fn split_host_port(p: &str) -> (&str, &str) {
    if let Some(rest) = p.strip_prefix('[') {
        if let Some((h, after)) = rest.split_once(']') {
            return (h, after.strip_prefix(':').unwrap_or(""));
        }
    }
    match p.rsplit_once(':') {
        Some((h, port)) if !h.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            (h, port)
        }
        _ => (p, ""),
    }
}

fn in_cidr(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) if bits <= 32 => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) if bits <= 128 => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> ProxyEnv {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ProxyEnv::read(|n| vars.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()))
    }

    fn proxy(e: &ProxyEnv, url: &str) -> Option<String> {
        e.for_target(&Url::parse(url).unwrap())
            .unwrap()
            .map(|p| p.uri().to_string().trim_end_matches('/').to_string())
    }

    #[test]
    fn scheme_specific_and_loopback() {
        let e = env(&[("HTTPS_PROXY", "proxy:3128"), ("http_proxy", "http://h:1")]);
        assert_eq!(
            proxy(&e, "https://cloud.mongodb.com/").as_deref(),
            Some("http://proxy:3128")
        );
        assert_eq!(
            proxy(&e, "http://example.com/").as_deref(),
            Some("http://h:1")
        );
        assert_eq!(proxy(&e, "https://127.0.0.1:8443/"), None);
        assert_eq!(proxy(&e, "https://localhost/"), None);
        assert_eq!(
            proxy(&env(&[("ALL_PROXY", "http://x:1")]), "https://a.b/"),
            None
        );
        let cgi = env(&[("HTTP_PROXY", "http://h:1"), ("REQUEST_METHOD", "GET")]);
        assert_eq!(proxy(&cgi, "http://a.b/"), None);
    }

    #[test]
    fn no_proxy_go_rules() {
        let np =
            "foo.com, .bar.com,*.baz.com,10.0.0.0/8,192.168.1.1,qux.com:8443,[2001:db8::1]:443";
        assert!(!use_proxy(np, "foo.com", 443));
        assert!(!use_proxy(np, "x.foo.com", 443));
        assert!(use_proxy(np, "xfoo.com", 443));
        assert!(use_proxy(np, "bar.com", 443));
        assert!(!use_proxy(np, "a.bar.com", 443));
        assert!(!use_proxy(np, "a.baz.com", 443));
        assert!(!use_proxy(np, "10.2.3.4", 443));
        assert!(!use_proxy(np, "192.168.1.1", 80));
        assert!(use_proxy(np, "192.168.1.2", 80));
        assert!(!use_proxy(np, "qux.com", 8443));
        assert!(use_proxy(np, "qux.com", 443));
        assert!(!use_proxy(np, "2001:db8::1", 443));
        assert!(!use_proxy("*", "anything", 1));
    }

    #[test]
    fn bad_proxy_urls_name_the_variable() {
        let e = env(&[("HTTPS_PROXY", "socks5://p:1080")]);
        let err = e
            .for_target(&Url::parse("https://a.b/").unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("HTTPS_PROXY: socks5 proxies are not supported"),
            "{err}"
        );
    }
}
