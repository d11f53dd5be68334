//! One authenticated POST over ureq: the agent's settings and the Digest handshake.
//!
//! The challenge and the answer travel on one kept-alive connection (the 401 body is read
//! to the end so ureq pools it). Timeouts are always set so the command never hangs, and
//! every failure names the URL and the cause without echoing a secret.

use std::io::ErrorKind;
use std::time::Duration;

use ureq::tls::TlsConfig;
use ureq::{Agent, Proxy};

use crate::api::MEDIA_TYPE;
use crate::digest;
use crate::error::Error;
use crate::tls::Roots;

/// Largest answer body we read; an invite answer is about a kilobyte.
const BODY_LIMIT: u64 = 1 << 20;

/// What identifies this program to Atlas.
pub fn user_agent() -> String {
    format!(
        "atlas-invite/{} ({}; {})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Network settings, resolved and validated.
#[derive(Debug, Clone)]
pub struct Net {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// Proxy URL chosen by Go's rules, or `None` for a direct connection.
    pub proxy: Option<String>,
    pub roots: Roots,
    /// Trace requests and answers on stderr, secrets redacted.
    pub debug: bool,
}

/// Atlas programmatic API keys.
#[derive(Clone)]
pub struct Keys {
    pub public: String,
    pub private: String,
}

/// An HTTP answer, body read.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub location: Option<String>,
    pub body: String,
}

/// A request to send: `body` is the real body, `shown` the one debug output may print.
pub struct Post<'a> {
    pub url: &'a str,
    /// The request target (path) that the Digest answer signs.
    pub path: &'a str,
    pub body: &'a str,
    pub shown: &'a str,
}

/// Sends `post`, answering one Digest challenge (and one `stale=true` renewal).
pub fn post_with_digest(net: &Net, keys: &Keys, post: &Post<'_>) -> Result<Answer, Error> {
    let agent = agent(net)?;
    let first = send(&agent, net, post, None)?;
    if first.0.status != 401 {
        return Ok(first.0);
    }
    let mut challenge = pick(&first.1).map_err(Error::Unauthorized)?;
    let mut nc = 0u32;
    let mut nonce = String::new();
    for attempt in 0..2 {
        if challenge.nonce != nonce {
            nonce = challenge.nonce.clone();
            nc = 0;
        }
        nc += 1;
        let cnonce = cnonce()?;
        let header = digest::authorization(
            &challenge,
            &keys.public,
            &keys.private,
            "POST",
            post.path,
            nc,
            &cnonce,
        );
        let (answer, challenges) = send(&agent, net, post, Some(&header))?;
        if answer.status != 401 {
            return Ok(answer);
        }
        match pick(&challenges) {
            Ok(next) if next.stale && attempt == 0 => challenge = next,
            Ok(next) if next.stale => {
                return Err(Error::Unauthorized(
                    "the server kept calling the nonce stale; giving up after one renewal".into(),
                ))
            }
            _ => {
                return Err(Error::Unauthorized(
                    "Atlas rejected the API keys: check the public and private key, and that this machine's address is on the key's access list".into(),
                ))
            }
        }
    }
    unreachable!("the loop returns on its second pass")
}

/// The best Digest challenge among `headers`.
fn pick(headers: &[String]) -> Result<digest::Challenge, String> {
    let raw = digest::parse_challenges(headers.iter().map(String::as_str))?;
    digest::select(&raw)
}

/// A fresh client nonce: 16 random bytes as hex, from the OS random source.
fn cnonce() -> Result<String, Error> {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| {
            Error::Network("the OS random source failed; cannot make a Digest client nonce".into())
        })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn agent(net: &Net) -> Result<Agent, Error> {
    let proxy = match &net.proxy {
        None => None,
        Some(p) => Some(
            Proxy::new(p)
                .map_err(|_| Error::usage("invalid proxy URL in HTTPS_PROXY/HTTP_PROXY"))?,
        ),
    };
    let config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(proxy)
        .timeout_connect(Some(net.connect_timeout))
        .timeout_per_call(Some(net.request_timeout))
        .user_agent(user_agent())
        .tls_config(
            TlsConfig::builder()
                .root_certs(net.roots.root_certs())
                .build(),
        )
        .build();
    Ok(Agent::new_with_config(config))
}

/// One exchange: the answer and its `WWW-Authenticate` values.
fn send(
    agent: &Agent,
    net: &Net,
    post: &Post<'_>,
    authorization: Option<&str>,
) -> Result<(Answer, Vec<String>), Error> {
    let mut req = agent
        .post(post.url)
        .header("Accept", MEDIA_TYPE)
        .header("Content-Type", MEDIA_TYPE);
    if let Some(a) = authorization {
        req = req.header("Authorization", a);
    }
    if net.debug {
        eprintln!("> POST {}", post.url);
        eprintln!(
            "> Accept: {MEDIA_TYPE}\n> Content-Type: {MEDIA_TYPE}\n> User-Agent: {}",
            user_agent()
        );
        if let Some(a) = authorization {
            eprintln!("> Authorization: {}", redact_authorization(a));
        }
        eprintln!("> {}", post.shown);
    }
    let sent = authorization.is_some();
    let mut resp = req
        .send(post.body.as_bytes())
        .map_err(|e| network_error(post.url, net, e, sent))?;
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let status = resp.status().as_u16();
    let content_type = header("content-type").unwrap_or_default();
    let location = header("location");
    let challenges: Vec<String> = resp
        .headers()
        .get_all("www-authenticate")
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    if net.debug {
        eprintln!("< {}", crate::api::status_line(status));
        for (name, value) in resp.headers() {
            eprintln!("< {name}: {}", String::from_utf8_lossy(value.as_bytes()));
        }
    }
    let body = resp
        .body_mut()
        .with_config()
        .limit(BODY_LIMIT)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => Error::Network(format!(
                "POST {}: HTTP {status}: the answer is larger than {} KiB; stopped reading it",
                post.url,
                BODY_LIMIT / 1024
            )),
            e => network_error(post.url, net, e, sent),
        })?;
    let body = String::from_utf8_lossy(&body).into_owned();
    if net.debug {
        eprintln!("< {body}");
    }
    Ok((
        Answer {
            status,
            content_type,
            location,
            body,
        },
        challenges,
    ))
}

/// The Authorization header with the Digest `response` hidden.
fn redact_authorization(a: &str) -> String {
    match a.find("response=\"") {
        Some(i) => {
            let start = i + "response=\"".len();
            let end = a[start..].find('"').map_or(a.len(), |j| start + j);
            format!("{}[redacted]{}", &a[..start], &a[end..])
        }
        None => "[redacted]".into(),
    }
}

/// Describes a transport failure; `sent` says whether Atlas may have processed the request.
fn network_error(url: &str, net: &Net, e: ureq::Error, sent: bool) -> Error {
    use ureq::Timeout as T;
    let secs = |d: Duration| format!("{}s", d.as_secs_f64());
    let via = match &net.proxy {
        Some(_) => " (through the proxy)",
        None => "",
    };
    let (cause, maybe_processed) = match &e {
        ureq::Error::HostNotFound => ("could not resolve the host name (DNS)".to_string(), false),
        ureq::Error::Timeout(T::Resolve) => ("DNS lookup timed out".to_string(), false),
        ureq::Error::Timeout(T::Connect) => (
            format!(
                "could not connect within {}{via}",
                secs(net.connect_timeout)
            ),
            false,
        ),
        ureq::Error::Timeout(_) => (
            format!("no complete answer within {}", secs(net.request_timeout)),
            true,
        ),
        ureq::Error::ConnectProxyFailed(why) => {
            (format!("the proxy refused the connection: {why}"), false)
        }
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => (format!("connection refused{via}"), false),
            ErrorKind::NetworkUnreachable | ErrorKind::HostUnreachable => {
                (format!("network unreachable{via}"), false)
            }
            ErrorKind::InvalidData => (format!("TLS: {io}"), false),
            _ if io.to_string().contains("lookup address") => {
                ("could not resolve the host name (DNS)".to_string(), false)
            }
            ErrorKind::TimedOut | ErrorKind::WouldBlock => (
                format!("no complete answer within {}", secs(net.request_timeout)),
                true,
            ),
            _ => (format!("connection failed: {io}"), true),
        },
        ureq::Error::Tls(why) => (format!("TLS: {why}"), false),
        ureq::Error::Rustls(why) => (format!("TLS: {why}"), false),
        ureq::Error::Protocol(why) => (format!("bad HTTP answer: {why}"), true),
        other => (other.to_string(), true),
    };
    let mut msg = format!("POST {url}: {cause}");
    if sent && maybe_processed {
        msg.push_str("; the invitation may or may not have been created: check the organization's users in Atlas before retrying");
    }
    Error::Network(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_is_redacted() {
        let a = r#"Digest username="pub", realm="r", response="abcdef", qop=auth"#;
        assert_eq!(
            redact_authorization(a),
            r#"Digest username="pub", realm="r", response="[redacted]", qop=auth"#
        );
    }

    #[test]
    fn cnonce_is_random_hex() {
        let (a, b) = (cnonce().unwrap(), cnonce().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
