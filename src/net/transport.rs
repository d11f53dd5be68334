//! One HTTP exchange over ureq: the agent's settings (TLS, proxy, timeouts, our resolver),
//! sending a request (a POST with its body, a GET or a DELETE) and reading its answer,
//! and describing what went wrong.
//!
//! Answers are read to the end (bounded) so ureq pools the connection for the next request.
//! Timeouts are always set so the command never hangs, and every failure names the URL and
//! the cause without echoing a secret; `--debug` traces with secrets redacted.

use std::io::ErrorKind;
use std::time::Duration;

use ureq::{Agent, Proxy};

use crate::console::Console;
use crate::error::Error;
use crate::net::tls::Roots;

/// What identifies this program to Atlas.
pub(crate) fn user_agent() -> String {
    format!(
        "atlas-invite/{} ({}; {})",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

/// Network settings, resolved and validated.
#[derive(Debug, Clone)]
pub(crate) struct Net {
    pub(crate) connect_timeout: Duration,
    pub(crate) request_timeout: Duration,
    /// The proxy chosen by Go's rules, or `None` for a direct connection.
    pub(crate) proxy: Option<Proxy>,
    pub(crate) roots: Roots,
    /// Trace requests and answers on stderr, secrets redacted.
    pub(crate) debug: bool,
}

/// An HTTP response, body read (up to a limit).
#[derive(Debug, Default)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) location: Option<String>,
    pub(crate) retry_after: Option<String>,
    pub(crate) body: String,
    /// Why the body could not be read in full, when it could not.
    pub(crate) body_error: Option<String>,
    /// Why a 429 or 503 was not retried further.
    pub(crate) note: Option<String>,
    /// The `WWW-Authenticate` values.
    pub(crate) challenges: Vec<String>,
}

/// Why a send failed, and whether it failed before anything was sent (so may be retried).
pub(crate) struct Failure {
    pub(crate) error: Error,
    pub(crate) retry: bool,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure {
            error,
            retry: false,
        }
    }
}

/// The result of sending: the value, or why nothing usable came back.
pub(crate) type Sent<T> = Result<T, Failure>;

/// An agent with our settings: no redirects, time limits, TLS roots, our resolver.
pub(crate) fn agent(net: &Net) -> Agent {
    let config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(net.proxy.clone())
        .timeout_connect(Some(net.connect_timeout))
        .timeout_per_call(Some(net.request_timeout))
        .user_agent(user_agent())
        .tls_config(crate::net::tls::config(&net.roots))
        .build();
    let resolver = HostResolver {
        dns: crate::net::dns::Resolver::system(),
        limit: net.connect_timeout,
    };
    Agent::with_parts(
        config,
        ureq::unversioned::transport::DefaultConnector::new(),
        resolver,
    )
}

/// Hands ureq's name lookups (target and proxy) to our Go-like resolver.
#[derive(Debug)]
struct HostResolver {
    dns: crate::net::dns::Resolver,
    /// Upper bound for one lookup: the connect timeout.
    limit: Duration,
}

impl ureq::unversioned::resolver::Resolver for HostResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().ok_or(ureq::Error::HostNotFound)?;
        let https = uri.scheme_str() == Some("https");
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        let budget = (*timeout.after).min(self.limit);
        let deadline = std::time::Instant::now() + budget;
        let ips = self.dns.lookup(host, deadline).map_err(|e| match e {
            crate::net::dns::LookupError::NotFound => ureq::Error::HostNotFound,
            crate::net::dns::LookupError::Timeout => ureq::Error::Timeout(ureq::Timeout::Resolve),
        })?;
        let mut out = self.empty();
        for ip in ips.into_iter().take(16) {
            out.push(std::net::SocketAddr::new(ip, port));
        }
        Ok(out)
    }
}

/// The HTTP method of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// One request as sent on the wire.
pub(crate) struct Request<'a> {
    pub(crate) method: Method,
    pub(crate) url: &'a str,
    pub(crate) accept: &'a str,
    pub(crate) content_type: &'a str,
    pub(crate) authorization: Option<&'a str>,
    /// Whether the Digest user name in `authorization` came from a secret file: the trace
    /// shows it as `[redacted]` too.
    pub(crate) hidden_user: bool,
    /// The body, if the method has one.
    pub(crate) body: Option<&'a str>,
    /// The body as the trace shows it, secrets placed as `[redacted]` (`None`: as is).
    pub(crate) shown_body: Option<&'a str>,
    /// What Atlas may have done on receiving it, for messages when no answer came (`the
    /// invitation may or may not have been created`); `None` when it changes nothing.
    pub(crate) may_change: Option<&'static str>,
    /// The most bytes of the answer read (see `api::calls`).
    pub(crate) answer_limit: u64,
}

impl Request<'_> {
    pub(crate) fn method(&self) -> &'static str {
        self.method.as_str()
    }
}

/// One exchange; `--debug` traces it through `console`.
pub(crate) fn send(console: &Console, agent: &Agent, net: &Net, r: &Request<'_>) -> Sent<Response> {
    if net.debug {
        trace_request(console, r);
    }
    let mut resp = dispatch(agent, r).map_err(|e| Failure {
        retry: refused(&e),
        error: network_error(r.method(), r.url, net, e, r.may_change),
    })?;
    let mut answer = head(&resp);
    if net.debug {
        trace_head(console, &resp);
    }
    // The status is in: a body that cannot be read is reported with it, not as no answer.
    match resp
        .body_mut()
        .with_config()
        .limit(r.answer_limit)
        .read_to_vec()
    {
        Ok(b) => answer.body = String::from_utf8_lossy(&b).into_owned(),
        Err(ureq::Error::BodyExceedsLimit(_)) => {
            answer.body_error = Some(format!(
                "the answer is larger than {} KiB; stopped reading it",
                r.answer_limit / 1024
            ))
        }
        Err(e) => answer.body_error = Some(body_failure(net, &e)),
    }
    if net.debug {
        // A token is registered as a secret only once it is parsed, so hide it here.
        console.notice(&format!("< {}", redact_token(&answer.body)));
    }
    Ok(answer)
}

/// `> POST url` and the request's headers and body (`--debug`), each secret placed as
/// `[redacted]`: the request is ours, so it is printed as built.
fn trace_request(console: &Console, r: &Request<'_>) {
    console.say(&format!("> {} {}", r.method(), r.url));
    let mut head = format!("> Accept: {}", r.accept);
    if r.method == Method::Post {
        head.push_str(&format!("\n> Content-Type: {}", r.content_type));
    }
    console.say(&format!("{head}\n> User-Agent: {}", user_agent()));
    if let Some(a) = r.authorization {
        console.say(&format!(
            "> Authorization: {}",
            shown_authorization(a, r.hidden_user)
        ));
    }
    // A body whose secrets are placed as [redacted] is shown as built; any other is
    // scrubbed, in case it holds one.
    match (r.shown_body, r.body) {
        (Some(shown), _) => console.say(&format!("> {shown}")),
        (None, Some(body)) => console.notice(&format!("> {body}")),
        (None, None) => {}
    }
}

/// An `Authorization` value as the trace shows it: the scheme and, for Digest, every
/// parameter but the response, which is secret, and the user name when `hidden_user`
/// (a public key read from a secret file).
fn shown_authorization(a: &str, hidden_user: bool) -> String {
    let Some(params) = a.strip_prefix("Digest ") else {
        let scheme = a.split(' ').next().unwrap_or_default();
        return format!("{scheme} [redacted]");
    };
    let Some(params) = redact_quoted(params, "response=\"") else {
        return "Digest [redacted]".into();
    };
    if !hidden_user {
        return format!("Digest {params}");
    }
    // The header we build starts with the user name; anything else is hidden whole.
    match redact_quoted(&params, "username=\"").filter(|_| params.starts_with("username=\"")) {
        Some(params) => format!("Digest {params}"),
        None => "Digest [redacted]".into(),
    }
}

/// `params` with the quoted-string value after the first `opening` (`name="`) replaced
/// by `[redacted]`, escapes (`\"`) honoured; `None` when `opening` is absent.
fn redact_quoted(params: &str, opening: &str) -> Option<String> {
    let value = params.find(opening)? + opening.len();
    let mut end = params.len();
    let mut escaped = false;
    for (i, c) in params[value..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                end = value + i;
                break;
            }
            _ => {}
        }
    }
    Some(format!("{}[redacted]{}", &params[..value], &params[end..]))
}

/// Sends `r`: a POST with its body, a GET or a DELETE without one.
fn dispatch(
    agent: &Agent,
    r: &Request<'_>,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    let auth = r.authorization.map(|a| ("Authorization", a));
    match (r.method, r.body) {
        (Method::Post, body) => {
            let mut req = agent
                .post(r.url)
                .header("Accept", r.accept)
                .header("Content-Type", r.content_type);
            if let Some((name, a)) = auth {
                req = req.header(name, a);
            }
            req.send(body.unwrap_or_default().as_bytes())
        }
        (Method::Get, _) | (Method::Delete, _) => {
            let mut req = if r.method == Method::Get {
                agent.get(r.url)
            } else {
                agent.delete(r.url)
            };
            req = req.header("Accept", r.accept);
            if let Some((name, a)) = auth {
                req = req.header(name, a);
            }
            req.call()
        }
    }
}

/// The status and the headers we use, body not read yet.
fn head(resp: &ureq::http::Response<ureq::Body>) -> Response {
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    Response {
        status: resp.status().as_u16(),
        content_type: header("content-type").unwrap_or_default(),
        location: header("location"),
        retry_after: header("retry-after"),
        challenges: resp
            .headers()
            .get_all("www-authenticate")
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect(),
        ..Response::default()
    }
}

/// `< 201 Created` and the answer's headers, credentials hidden (`--debug`).
fn trace_head(console: &Console, resp: &ureq::http::Response<ureq::Body>) {
    console.notice(&format!(
        "< {}",
        crate::gostd::status_line(resp.status().as_u16())
    ));
    for (name, value) in resp.headers() {
        let shown = match name.as_str() {
            "set-cookie" | "authorization" | "proxy-authorization" => "[redacted]".into(),
            _ => String::from_utf8_lossy(value.as_bytes()),
        };
        console.notice(&format!("< {name}: {shown}"));
    }
}

/// A token answer with its tokens hidden (debug output only).
fn redact_token(body: &str) -> String {
    let mut out = body.to_string();
    for key in ["\"access_token\"", "\"refresh_token\""] {
        if let Some(i) = out.find(key) {
            let rest = &out[i + key.len()..];
            if let Some(q1) = rest.find('"') {
                if let Some(q2) = rest[q1 + 1..].find('"') {
                    let (a, b) = (i + key.len() + q1 + 1, i + key.len() + q1 + 1 + q2);
                    out.replace_range(a..b, "[redacted]");
                }
            }
        }
    }
    out
}

/// Whether the connection was refused or unreachable: nothing was sent, a retry is safe.
fn refused(e: &ureq::Error) -> bool {
    matches!(e, ureq::Error::Io(io) if matches!(io.kind(), ErrorKind::ConnectionRefused | ErrorKind::NetworkUnreachable | ErrorKind::HostUnreachable))
}

/// Why an answer's body stopped arriving.
fn body_failure(net: &Net, e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => format!(
            "the rest of the answer did not arrive within {}s",
            net.request_timeout.as_secs_f64()
        ),
        ureq::Error::Io(io)
            if io.kind() == ErrorKind::TimedOut || io.kind() == ErrorKind::WouldBlock =>
        {
            format!(
                "the rest of the answer did not arrive within {}s",
                net.request_timeout.as_secs_f64()
            )
        }
        ureq::Error::Io(io) => format!("the connection broke while the answer arrived ({io})"),
        other => format!("the answer could not be read ({other})"),
    }
}

/// Describes a transport failure; `change` says what Atlas may have done on receiving
/// this request. "May or may not have been created" is said only when the request may
/// have left the process: a failure while resolving, connecting, shaking hands or building
/// the request happened before anything was sent.
fn network_error(
    method: &str,
    url: &str,
    net: &Net,
    e: ureq::Error,
    change: Option<&'static str>,
) -> Error {
    use ureq::Timeout as T;
    let secs = |d: Duration| format!("{}s", d.as_secs_f64());
    let proxy = net
        .proxy
        .as_ref()
        .map(|p| format!("{}:{}", p.host(), p.port()));
    let via = match &proxy {
        Some(p) => format!(" (through the proxy {p})"),
        None => String::new(),
    };
    let no_answer = || format!("no complete answer within {}", secs(net.request_timeout));
    let (cause, left) = match &e {
        // Through a proxy, only the proxy's name is looked up here.
        ureq::Error::HostNotFound => match &proxy {
            Some(p) => (
                format!("could not resolve the proxy's host name {p} (DNS)"),
                false,
            ),
            None => ("could not resolve the host name (DNS)".to_string(), false),
        },
        ureq::Error::Timeout(T::Resolve) => ("DNS lookup timed out".to_string(), false),
        ureq::Error::Timeout(T::Connect) => (
            format!(
                "could not connect within {}{via}",
                secs(net.connect_timeout)
            ),
            false,
        ),
        ureq::Error::Timeout(_) => (no_answer(), true),
        ureq::Error::ConnectProxyFailed(why) => (proxy_refused(proxy.as_deref(), why), false),
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => (format!("connection refused{via}"), false),
            ErrorKind::NetworkUnreachable | ErrorKind::HostUnreachable => {
                (format!("network unreachable{via}"), false)
            }
            ErrorKind::InvalidData => (format!("TLS: {}", tls_io_sentence(io)), false),
            ErrorKind::TimedOut | ErrorKind::WouldBlock => (no_answer(), true),
            _ => (format!("connection failed: {io}"), true),
        },
        ureq::Error::Tls(why) => (format!("TLS: {why}"), false),
        ureq::Error::Rustls(why) => (format!("TLS: {}", tls_sentence(why)), false),
        ureq::Error::Protocol(why) => (format!("bad HTTP answer: {why}"), true),
        ureq::Error::BodyStalled | ureq::Error::LargeResponseHeader(..) => {
            (format!("bad HTTP answer: {e}"), true)
        }
        // Refused by ureq or the http crate before a byte was written.
        ureq::Error::Http(_)
        | ureq::Error::BadUri(_)
        | ureq::Error::InvalidProxyUrl
        | ureq::Error::RequireHttpsOnly(_)
        | ureq::Error::TlsRequired => {
            return Error::Local(format!(
                "{method} {url}: the request could not be built ({e}); nothing was sent"
            ))
        }
        other => (other.to_string(), true),
    };
    let mut msg = format!("{method} {url}: {cause}");
    let maybe = change.filter(|_| left);
    if let Some(what) = maybe {
        msg.push_str(&format!(
            "; {what}: check the organization's users in Atlas before retrying"
        ));
    }
    let maybe_processed = maybe.is_some();
    Error::Unreachable {
        msg,
        maybe_processed,
    }
}

/// A proxy's refusal of our CONNECT, in words; a 407 says how to give credentials.
fn proxy_refused(proxy: Option<&str>, why: &str) -> String {
    let name = proxy.unwrap_or("the proxy");
    if why.contains("407") {
        format!(
            "the proxy {name} wants credentials (HTTP 407 Proxy Authentication Required): put them in the proxy URL, as http://user:pass@{name}"
        )
    } else {
        format!("the proxy {name} refused the connection: {why}")
    }
}

/// A TLS failure carried in an I/O error, as a sentence.
fn tls_io_sentence(io: &std::io::Error) -> String {
    match io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) {
        Some(e) => tls_sentence(e),
        None => io.to_string(),
    }
}

/// rustls's errors as sentences (its Display shows debug text for some).
fn tls_sentence(e: &rustls::Error) -> String {
    use rustls::{CertificateError as C, Error as E};
    let cert = |c: &C| {
        match c {
        C::UnknownIssuer => "the server's certificate is not signed by a trusted authority (for a private CA, set SSL_CERT_FILE to its PEM file)".to_string(),
        C::Expired | C::ExpiredContext { .. } => "the server's certificate has expired".to_string(),
        C::NotValidYet | C::NotValidYetContext { .. } => "the server's certificate is not valid yet (check this machine's clock)".to_string(),
        C::NotValidForName | C::NotValidForNameContext { .. } => "the server's certificate is not valid for this host name".to_string(),
        C::Revoked => "the server's certificate has been revoked".to_string(),
        C::BadSignature => "the server's certificate has a bad signature".to_string(),
        C::BadEncoding => "the server's certificate cannot be decoded".to_string(),
        C::InvalidPurpose | C::InvalidPurposeContext { .. } => "the server's certificate is not meant for TLS servers".to_string(),
        C::Other(other) if other.to_string().contains("CaUsedAsEndEntity") => {
            "the server presented a CA certificate as its own certificate".to_string()
        }
        C::Other(other) if other.to_string().contains("UnknownIssuer") => {
            "the server's certificate is not signed by a trusted authority".to_string()
        }
        other => format!("the server's certificate was refused ({other:?})"),
    }
    };
    match e {
        E::InvalidCertificate(c) => cert(c),
        E::NoCertificatesPresented => "the server sent no certificate".to_string(),
        E::AlertReceived(alert) => format!("the server ended the handshake ({alert:?} alert)"),
        E::PeerIncompatible(_) | E::PeerMisbehaved(_) => format!(
            "the server's TLS is incompatible with this client, which needs TLS 1.2 or 1.3 with AES-GCM ({e})"
        ),
        E::InvalidMessage(_) => "the server's answer is not TLS (is the URL's scheme right?)".to_string(),
        other => format!("the handshake failed ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_failures_and_proxy_refusals_read_as_sentences() {
        use rustls::{CertificateError, Error as E, OtherError};
        let ca = E::InvalidCertificate(CertificateError::Other(OtherError(std::sync::Arc::new(
            webpki::Error::CaUsedAsEndEntity,
        ))));
        assert_eq!(
            tls_sentence(&ca),
            "the server presented a CA certificate as its own certificate"
        );
        let unknown = E::InvalidCertificate(CertificateError::UnknownIssuer);
        assert!(tls_sentence(&unknown).starts_with("the server's certificate is not signed"));
        for e in [ca, unknown] {
            assert!(!tls_sentence(&e).contains("Other("), "{e:?}");
        }
        assert_eq!(
            proxy_refused(Some("p.example:3128"), "proxy server responded 407/407"),
            "the proxy p.example:3128 wants credentials (HTTP 407 Proxy Authentication Required): put them in the proxy URL, as http://user:pass@p.example:3128"
        );
    }

    #[test]
    fn authorization_is_redacted() {
        // What auth registers before sending: the Digest response, the bearer token.
        let (console, _) = Console::buffer();
        console.secret("abcdef");
        console.secret("abc.def");
        let a = r#"Digest username="pub", realm="r", response="abcdef", qop=auth"#;
        assert_eq!(
            console.scrub(a),
            r#"Digest username="pub", realm="r", response="[redacted]", qop=auth"#
        );
        assert_eq!(console.scrub("Bearer abc.def"), "Bearer [redacted]");
        let digest = r#"Digest username="pub", realm="r", response="abc123", qop=auth"#;
        assert_eq!(
            shown_authorization(digest, false),
            r#"Digest username="pub", realm="r", response="[redacted]", qop=auth"#
        );
        assert_eq!(
            shown_authorization(digest, true),
            r#"Digest username="[redacted]", realm="r", response="[redacted]", qop=auth"#
        );
        assert_eq!(
            shown_authorization(
                r#"Digest username="a\"b, response=\"x", realm="r", response="abc""#,
                true
            ),
            r#"Digest username="[redacted]", realm="r", response="[redacted]""#
        );
        assert_eq!(
            shown_authorization(r#"Digest realm="r", username="pub", response="abc""#, true),
            "Digest [redacted]"
        );
        for hidden in [false, true] {
            assert_eq!(
                shown_authorization("Bearer tok.en", hidden),
                "Bearer [redacted]"
            );
            assert_eq!(
                shown_authorization("Basic dXNlcjpwdw==", hidden),
                "Basic [redacted]"
            );
        }
        assert_eq!(
            redact_token(r#"{"access_token":"tok","expires_in":3600}"#),
            r#"{"access_token":"[redacted]","expires_in":3600}"#
        );
    }
}
