//! Just enough URL parsing for base and proxy URLs: scheme, host, port, path.
//!
//! Validating the base URL before the network is the point; a full URL crate would add
//! size for features (IDNA, relative resolution) this program never uses.

use crate::error::Error;

/// The parts of an absolute `scheme://host[:port][/path]` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub(crate) scheme: String,
    /// Host without brackets, lower-cased.
    pub(crate) host: String,
    /// Explicit port, or the scheme's default.
    pub(crate) port: u16,
    /// Path, at least `/`.
    pub(crate) path: String,
    /// Whether `user:pass@` was present.
    pub(crate) has_userinfo: bool,
    /// Whether `?query` was present.
    pub(crate) has_query: bool,
    /// Whether `#fragment` was present.
    pub(crate) has_fragment: bool,
}

/// A character allowed unencoded in a path: RFC 3986 `pchar`, `/` and `%` (escapes).
fn path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c)
}

/// A space or control character, named for a message (never printed raw).
fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        '\r' => "a carriage return (\\r)".into(),
        '\n' => "a line feed (\\n)".into(),
        '\t' => "a tab (\\t)".into(),
        c => format!("the control character {}", c.escape_unicode()),
    }
}

/// The host (brackets dropped) and port of `host[:port]`, checked.
fn host_port(hostport: &str, default_port: u16) -> Result<(&str, u16), String> {
    let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
        let (h, after) = v6.split_once(']').ok_or("unclosed [ in host")?;
        if h.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(format!("{h:?} is not an IPv6 address"));
        }
        (h, after.strip_prefix(':'))
    } else {
        match hostport.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    if host.is_empty() {
        return Err("missing host".into());
    }
    if !host.starts_with('[') && !host.contains(':') {
        let ok = host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'));
        if !ok {
            return Err(format!("{host:?} is not a valid host name"));
        }
    }
    let port = match port {
        None => default_port,
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|&p| p > 0)
            .ok_or_else(|| format!("{p:?} is not a valid port"))?,
    };
    Ok((host, port))
}

impl Url {
    /// Parses `s`; the error says what is wrong in a few words.
    pub fn parse(s: &str) -> Result<Url, Error> {
        Self::parse_text(s).map_err(Error::usage)
    }

    fn parse_text(s: &str) -> Result<Url, String> {
        // Spaces and control characters are never valid in a URL (RFC 3986); they would
        // also split an error line or a request line.
        if let Some(c) = s.chars().find(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "it contains {} (percent-encode it, as %{:02X})",
                describe(c),
                c as u32
            ));
        }
        let (scheme, rest) = s
            .split_once("://")
            .ok_or("missing scheme (want https://host/)")?;
        let scheme = scheme.to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "https" => 443,
            "http" => 80,
            "socks5" | "socks5h" | "socks4" | "socks" => 1080,
            _ => {
                return Err(format!(
                    "unsupported scheme {scheme:?} (want https or http)"
                ))
            }
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let (has_userinfo, hostport) = match authority.rsplit_once('@') {
            Some((_, hp)) => (true, hp),
            None => (false, authority),
        };
        let (host, port) = host_port(hostport, default_port)?;
        let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
        let path = if tail[..path_end].is_empty() {
            "/"
        } else {
            &tail[..path_end]
        };
        if let Some(c) = path.chars().find(|&c| !path_char(c)) {
            return Err(format!(
                "the path {path:?} contains {c:?}, which must be percent-encoded"
            ));
        }
        let query = tail[path_end..].split('#').next().unwrap_or_default();
        Ok(Url {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
            path: path.to_string(),
            has_userinfo,
            has_query: query.starts_with('?'),
            has_fragment: tail.contains('#'),
        })
    }

    /// Whether the host is `localhost` or a loopback address.
    pub(crate) fn is_loopback(&self) -> bool {
        self.host == "localhost"
            || self
                .host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_parts() {
        let u = Url::parse("HTTPS://Cloud.MongoDB.com").unwrap();
        assert_eq!(
            (u.scheme.as_str(), u.host.as_str(), u.port, u.path.as_str()),
            ("https", "cloud.mongodb.com", 443, "/")
        );
        let u = Url::parse("http://u:p@[::1]:8080/x/?q#f").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.path.as_str()),
            ("::1", 8080, "/x/")
        );
        assert!(u.has_userinfo && u.has_query && u.has_fragment && u.is_loopback());
        let u = Url::parse("https://h/#f?not-a-query").unwrap();
        assert!(u.has_fragment && !u.has_query);
        let u = Url::parse("https://h/p?q").unwrap();
        assert!(u.has_query && !u.has_fragment);
    }

    #[test]
    fn rejects_junk() {
        assert!(Url::parse("cloud.mongodb.com")
            .unwrap_err()
            .to_string()
            .contains("missing scheme"));
        assert!(Url::parse("ftp://x")
            .unwrap_err()
            .to_string()
            .contains("unsupported scheme"));
        assert!(Url::parse("https://:443/")
            .unwrap_err()
            .to_string()
            .contains("missing host"));
        assert!(Url::parse("https://h:99999/")
            .unwrap_err()
            .to_string()
            .contains("not a valid port"));
        assert!(Url::parse("https://a b/")
            .unwrap_err()
            .to_string()
            .contains("contains a space"));
        for (bad, why) in [
            (
                "https://h/a b/",
                "contains a space (percent-encode it, as %20)",
            ),
            (
                "https://h/x\r\nX-Evil: 1",
                "contains a carriage return (\\r)",
            ),
            (
                "https://h/\u{1b}[31m",
                "contains the control character \\u{1b}",
            ),
            (
                "https://h/é",
                "the path \"/é\" contains 'é', which must be percent-encoded",
            ),
            ("https://h/a\"b", "contains '\"'"),
        ] {
            let e = Url::parse(bad).unwrap_err().to_string();
            assert!(e.contains(why), "{bad:?}: {e}");
            assert!(!e.chars().any(|c| c.is_control()), "{bad:?}: {e:?}");
        }
        assert!(Url::parse("https://h/a%20b/~x_y-z.1/").is_ok());
    }
}
