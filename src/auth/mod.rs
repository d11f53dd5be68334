//! Authenticating the invite: the HTTP Digest handshake for API keys, the OAuth client
//! credentials flow for service accounts, and retrying what Atlas says it did not process.
//!
//! The challenge and the answer (or the token and the invite) share one kept-alive
//! connection. A second 401 is an error, never a loop; `stale=true` gets one renewal.

pub mod digest;

use std::time::{Duration, SystemTime};

use ureq::Agent;

use crate::console::Console;
use crate::error::Error;
use crate::gofmt::{query_escape, status_line};
use crate::net::retry;
use crate::net::transport::{self, Net, Request, Response, Sent};

/// Atlas programmatic API keys.
#[derive(Clone)]
pub(crate) struct Keys {
    pub(crate) public: String,
    pub(crate) private: String,
}

/// How the invite authenticates.
#[derive(Clone)]
pub(crate) enum Auth {
    /// HTTP Digest with programmatic API keys.
    Digest(Keys),
    /// OAuth 2.0 client credentials: a service account's id and secret, exchanged for a
    /// bearer token at `token_url`.
    ServiceAccount {
        client_id: String,
        client_secret: String,
        token_url: String,
    },
}

/// One call to send: where, what it signs, its media type and body (`None`: a GET).
pub(crate) struct Exchange<'a> {
    pub(crate) url: &'a str,
    /// The request target (path) that the Digest answer signs.
    pub(crate) path: &'a str,
    /// `Accept` and `Content-Type`: the API version's media type.
    pub(crate) media: &'a str,
    pub(crate) body: Option<&'a str>,
}

impl<'a> Exchange<'a> {
    /// The request for this call, with an `Authorization` header when given.
    fn request(&self, authorization: Option<&'a str>) -> Request<'a> {
        Request {
            url: self.url,
            accept: self.media,
            content_type: self.media,
            authorization,
            body: self.body,
            may_create: authorization.is_some() && self.body.is_some(),
        }
    }
}

/// Where a Digest session stands: the challenge whose nonce is being reused, and the last
/// nonce count sent with it.
struct Nonce {
    challenge: digest::Challenge,
    nc: u32,
}

/// Several calls on one kept-alive connection and one authentication: a Digest nonce
/// reused with increasing `nc`, or one service-account token.
pub(crate) struct Session<'a> {
    console: &'a Console,
    net: &'a Net,
    auth: &'a Auth,
    agent: Agent,
    nonce: Option<Nonce>,
    token: Option<String>,
    /// The credential variables' prefix in use, for the hint after a 401.
    env_prefix: &'static str,
    /// The last Digest response sent, still secret while its answer is handled.
    last_response: Option<String>,
}

impl<'a> Session<'a> {
    pub(crate) fn new(
        console: &'a Console,
        net: &'a Net,
        auth: &'a Auth,
        env_prefix: &'static str,
    ) -> Session<'a> {
        Session {
            console,
            net,
            auth,
            agent: transport::agent(net),
            nonce: None,
            token: None,
            env_prefix,
            last_response: None,
        }
    }

    /// Sends `call`, authenticated.
    ///
    /// 429 and 503 answers are retried after their Retry-After, and connections refused
    /// before anything was sent are retried briefly; both are capped and announced through
    /// the console. Nothing is retried once Atlas may have processed the request.
    pub(crate) fn call(&mut self, call: &Exchange<'_>) -> Result<Response, Error> {
        let prefix = self.env_prefix;
        self.retrying(call).map_err(|e| e.with_env_prefix(prefix))
    }

    fn retrying(&mut self, call: &Exchange<'_>) -> Result<Response, Error> {
        let mut busy = retry::Budget::new();
        let mut connect = retry::Budget::new();
        loop {
            let result = match self.auth {
                Auth::Digest(keys) => self.with_digest(keys, call),
                Auth::ServiceAccount {
                    client_id,
                    client_secret,
                    token_url,
                } => {
                    let account = Account {
                        id: client_id,
                        secret: client_secret,
                        token_url,
                    };
                    self.with_token(&account, call)
                }
            };
            match result {
                Ok(mut answer) if answer.status == 429 || answer.status == 503 => {
                    // The retry starts afresh with a challenge, as the first attempt did.
                    self.nonce = None;
                    match busy.after_busy(answer.retry_after.as_deref(), SystemTime::now()) {
                        Ok(wait) => announce(
                            self.console,
                            wait,
                            &status_line(answer.status),
                            busy.attempts,
                            retry::MAX_ATTEMPTS,
                        ),
                        Err(why) => {
                            answer.note = Some(why);
                            return Ok(answer);
                        }
                    }
                }
                Ok(answer) => return Ok(answer),
                Err(f) if f.retry => match connect.after_connect_failure() {
                    Some(wait) => announce(
                        self.console,
                        wait,
                        &f.error.to_string(),
                        connect.attempts,
                        retry::MAX_CONNECT_ATTEMPTS,
                    ),
                    None => return Err(f.error),
                },
                Err(f) => return Err(f.error),
            }
        }
    }

    /// Registers a secret that only the next request carries (a Digest response), and
    /// forgets the previous one: its answer has been handled by now, so a long run keeps
    /// one such secret, not one per request.
    fn one_request_secret(&mut self, secret: String) {
        self.console.secret(&secret);
        if let Some(old) = self.last_response.replace(secret) {
            self.console.forget(&old);
        }
    }

    fn send(&self, request: &Request<'_>) -> Sent<Response> {
        transport::send(self.console, &self.agent, self.net, request)
    }

    /// A service account's call: the session's bearer token (fetched once), then the call.
    fn with_token(&mut self, account: &Account<'_>, call: &Exchange<'_>) -> Sent<Response> {
        let token = match &self.token {
            Some(token) => token.clone(),
            None => match access_token(self.console, &self.agent, self.net, account)? {
                Token::Granted(token) => {
                    self.token = Some(token.clone());
                    token
                }
                Token::Busy(answer) => return Ok(answer),
            },
        };
        let header = format!("Bearer {token}");
        let answer = self.send(&call.request(Some(&header)))?;
        if answer.status == 401 {
            return Err(Error::unauthorized(
                "Atlas refused the service account's access token: check the service account's roles and access list",
            )
            .into());
        }
        Ok(answer)
    }

    /// A Digest call. The first is challenged (the body goes once without credentials, as
    /// the official CLI sends it); later ones reuse the nonce with the next `nc`. A 401 to
    /// a reused nonce, stale or not, was not processed: its fresh challenge is answered
    /// instead. A `stale=true` answer to a fresh nonce gets one renewal; any other 401 to
    /// a fresh nonce means wrong keys. Each Digest response is secret until the next replaces it.
    fn with_digest(&mut self, keys: &Keys, call: &Exchange<'_>) -> Sent<Response> {
        let mut reused = self.nonce.is_some();
        let Nonce {
            mut challenge,
            mut nc,
        } = match self.nonce.take() {
            Some(nonce) => nonce,
            None => {
                let first = self.send(&call.request(None))?;
                if first.status != 401 {
                    return Ok(first);
                }
                Nonce {
                    challenge: pick(&first.challenges)?,
                    nc: 0,
                }
            }
        };
        let mut renewed = false;
        loop {
            nc += 1;
            let cnonce = cnonce()?;
            let (header, response) = digest::authorization(
                &challenge,
                &digest::Params {
                    user: &keys.public,
                    password: &keys.private,
                    method: call.request(None).method(),
                    uri: call.path,
                    nc,
                    cnonce: &cnonce,
                },
            );
            self.one_request_secret(response);
            let answer = self.send(&call.request(Some(&header)))?;
            if answer.status != 401 {
                self.nonce = Some(Nonce { challenge, nc });
                return Ok(answer);
            }
            challenge = match pick(&answer.challenges) {
                Ok(next) if reused => next,
                Ok(next) if next.stale && !renewed => {
                    renewed = true;
                    next
                }
                Ok(next) if next.stale => {
                    return Err(Error::unauthorized(
                        "the server kept calling the nonce stale; giving up after one renewal",
                    )
                    .into())
                }
                _ => {
                    return Err(Error::unauthorized(
                        "Atlas rejected the API keys: check the public and private key, and that this machine's address is on the key's access list",
                    )
                    .into())
                }
            };
            reused = false;
            nc = 0;
        }
    }
}

/// Says why and how long we wait, then waits.
fn announce(console: &Console, wait: Duration, why: &str, attempt: u32, of: u32) {
    console.notice(&format!(
        "Retrying in {}s (attempt {attempt} of {of}): {why}",
        wait.as_secs_f64()
    ));
    std::thread::sleep(wait);
}

/// A service account's credentials and where to exchange them for a token.
struct Account<'a> {
    id: &'a str,
    secret: &'a str,
    token_url: &'a str,
}

/// What the token endpoint said.
enum Token {
    /// A bearer token.
    Granted(String),
    /// 429 or 503: retried like a busy invite.
    Busy(Response),
}

/// Exchanges a service account's credentials for a bearer token (OAuth 2.0 client
/// credentials); the token is registered as a secret.
fn access_token(console: &Console, agent: &Agent, net: &Net, account: &Account<'_>) -> Sent<Token> {
    #[derive(miniserde::Deserialize)]
    struct Grant {
        access_token: Option<String>,
    }
    let url = account.token_url;
    let credentials = base64(
        format!(
            "{}:{}",
            query_escape(account.id),
            query_escape(account.secret)
        )
        .as_bytes(),
    );
    console.secret(&credentials);
    let basic = format!("Basic {credentials}");
    let req = Request {
        url,
        accept: "application/json",
        content_type: "application/x-www-form-urlencoded",
        authorization: Some(&basic),
        body: Some("grant_type=client_credentials"),
        may_create: false,
    };
    let answer = transport::send(console, agent, net, &req)?;
    match answer.status {
        200..=299 => {
            let token = miniserde::json::from_str::<Grant>(&answer.body)
                .ok()
                .and_then(|t| t.access_token)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| {
                    Error::Refused(format!(
                        "POST {url}: HTTP {}: the token answer holds no access_token",
                        status_line(answer.status)
                    ))
                })?;
            console.secret(&token);
            Ok(Token::Granted(token))
        }
        429 | 503 => Ok(Token::Busy(answer)),
        400 | 401 => Err(Error::unauthorized(format!(
            "Atlas rejected the service account's client id or secret (HTTP {} from {url})",
            answer.status
        ))
        .into()),
        status => Err(Error::Refused(crate::api::error_message(
            url,
            status,
            &answer.content_type,
            &answer.body,
        ))
        .into()),
    }
}

/// The best Digest challenge among `headers`.
fn pick(headers: &[String]) -> Result<digest::Challenge, Error> {
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
            Error::Local(
                "the OS random source failed; cannot make a Digest client nonce (nothing was sent with the keys)".into(),
            )
        })?;
    Ok(digest::to_hex(&bytes))
}

/// Standard base64 with padding (RFC 4648), as HTTP Basic credentials are written.
fn base64(data: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_encoding() {
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64(b"ab"), "YWI=");
    }

    /// Builds a raw HTTP answer from the request's head.
    type Reply = Box<dyn Fn(&str) -> String + Send>;

    /// A plain-HTTP server on loopback for one kept-alive connection: answers each request
    /// with the next of `replies` (built from the request's headers) and hands back what it
    /// received.
    fn serve(replies: Vec<Reply>) -> (String, std::thread::JoinHandle<Vec<String>>) {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!(
            "http://{}/api/atlas/v2/users",
            listener.local_addr().unwrap()
        );
        let handle = std::thread::spawn(move || {
            let (conn, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut writer = conn;
            let mut seen = Vec::new();
            for reply in replies {
                let mut head = String::new();
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    head.push_str(&line);
                    if line == "\r\n" || line.is_empty() {
                        break;
                    }
                }
                let len = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                let mut body = vec![0; len];
                reader.read_exact(&mut body).unwrap();
                writer.write_all(reply(&head).as_bytes()).unwrap();
                seen.push(head);
            }
            seen
        });
        (url, handle)
    }

    fn http(status: &str, headers: &str, body: &str) -> String {
        format!(
            "HTTP/1.1 {status}\r\n{headers}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    }

    #[test]
    fn digest_exchange_with_a_retry_and_a_trace_prints_no_secret() {
        const PRIVATE: &str = "0123abcd-private-key";
        const PASSWORD: &str = "Correct-Horse-9";
        let challenge =
            r#"Digest realm="MMS Public API", nonce="ab+/cd", algorithm=MD5, qop="auth""#;
        let verify = move |head: &str| -> String {
            // The server checks the Digest answer itself, then echoes the password back
            // (as a broken proxy might) to prove the trace scrubs it.
            let auth = head
                .lines()
                .find_map(|l| {
                    l.strip_prefix("authorization: ")
                        .or_else(|| l.strip_prefix("Authorization: "))
                })
                .expect("an Authorization header");
            let param = |name: &str| {
                let at = auth.find(&format!("{name}=")).unwrap() + name.len() + 1;
                let v = &auth[at..];
                let v = v.trim_start_matches('"');
                v[..v.find(['"', ',']).unwrap_or(v.len())].to_string()
            };
            let ch = digest::select(&digest::parse_challenges([challenge]).unwrap()).unwrap();
            let nc = u32::from_str_radix(&param("nc"), 16).unwrap();
            let cnonce = param("cnonce");
            let want = digest::response(
                &ch,
                &digest::Params {
                    user: "pubkey",
                    password: PRIVATE,
                    method: "POST",
                    uri: "/api/atlas/v2/users",
                    nc,
                    cnonce: &cnonce,
                },
            );
            assert_eq!(param("response"), want, "the Digest answer is right");
            http(
                "201 Created",
                "",
                &format!(r#"{{"id":"x","echo":"{PASSWORD} {want}"}}"#),
            )
        };
        let (url, server) = serve(vec![
            Box::new(|_: &str| http("429 Too Many Requests", "Retry-After: 0\r\n", "{}")),
            Box::new(move |_: &str| {
                http(
                    "401 Unauthorized",
                    &format!("WWW-Authenticate: {challenge}\r\n"),
                    "{}",
                )
            }),
            Box::new(verify),
            // A second call reuses the nonce with the next nonce count.
            Box::new(move |head: &str| {
                assert!(head.contains("nc=00000002"), "{head}");
                verify(head)
            }),
        ]);
        let (console, buf) = Console::buffer();
        console.secret(PASSWORD);
        console.secret(PRIVATE);
        let net = Net {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(5),
            proxy: None,
            roots: crate::net::tls::Roots::Embedded,
            debug: true,
        };
        let keys = Auth::Digest(Keys {
            public: "pubkey".into(),
            private: PRIVATE.into(),
        });
        let body = format!(r#"{{"password":"{PASSWORD}"}}"#);
        let call = Exchange {
            url: &url,
            path: "/api/atlas/v2/users",
            media: "application/json",
            body: Some(&body),
        };
        let mut session = Session::new(&console, &net, &keys, "MONGODB_ATLAS_");
        let answer = session.call(&call).unwrap();
        assert_eq!(session.call(&call).unwrap().status, 201);
        let seen = server.join().unwrap();
        assert_eq!((answer.status, seen.len()), (201, 4));
        let printed = buf.text();
        assert!(
            printed.contains("Retrying in 0s (attempt 2 of 4): 429 Too Many Requests"),
            "{printed}"
        );
        assert!(
            printed.contains("> Authorization: Digest username=\"pubkey\""),
            "{printed}"
        );
        assert!(printed.contains("< 201 Created"), "{printed}");
        let response = answer
            .body
            .rsplit(' ')
            .next()
            .unwrap()
            .trim_end_matches(['"', '}'])
            .to_string();
        assert_eq!(response.len(), 32);
        for secret in [PRIVATE, PASSWORD, response.as_str()] {
            assert!(!printed.contains(secret), "{secret:?} printed:\n{printed}");
        }
    }

    #[test]
    fn cnonce_is_random_hex() {
        let (a, b) = (cnonce().unwrap(), cnonce().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
