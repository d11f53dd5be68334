//! A run's calls on one kept-alive connection and one authentication (a Digest nonce
//! reused with increasing `nc`, or a service-account token renewed before it expires), and
//! the one retry policy: rate-limited answers (429, 503, an errorCode `RATE_LIMITED...` or
//! `INVITATIONS_RATE_LIMITED_IP`) are waited out within `Limits`, each wait announced, and
//! nothing is resent once Atlas may have processed it. A signal (`Stop`) ends every wait
//! and lets no request start, a Digest answer or a token request included.

use std::time::{Duration, Instant, SystemTime};

use ureq::Agent;

use super::token::{access_token, Account, Token};
use super::{digest, Auth, Keys};
use crate::api::calls::Call;
use crate::console::Console;
use crate::error::Error;
use crate::gostd::status_line;
use crate::net::retry::{self, Limits};
use crate::net::transport::{self, Failure, Net, Request, Response, Sent};
use crate::signals::Stop;

/// Where a Digest session stands: the challenge whose nonce is being reused, and the last
/// nonce count sent with it.
struct Nonce {
    challenge: digest::Challenge,
    nc: u32,
}

/// What a run asks of its session beyond the network and the credentials.
pub(crate) struct Policy {
    /// The credential variables' prefix in use, for the hint after a 401.
    pub(crate) env_prefix: &'static str,
    /// How long a rate-limited request may wait.
    pub(crate) limits: Limits,
    /// Set in a file run: a signal stops it before any request and during waits.
    pub(crate) stop: Option<Stop>,
}

/// Where the calls go: the base URL, and its path, below which the Digest answer signs.
pub(crate) struct Base<'a> {
    /// Ends in `/`.
    pub(crate) url: &'a str,
    /// Ends in `/`.
    pub(crate) path: &'a str,
}

/// Several calls on one kept-alive connection and one authentication: a Digest nonce
/// reused with increasing `nc`, or a service-account token.
pub(crate) struct Session<'a> {
    console: &'a Console,
    net: &'a Net,
    auth: &'a Auth,
    base: Base<'a>,
    policy: Policy,
    agent: Agent,
    nonce: Option<Nonce>,
    token: Option<Bearer>,
    /// The last Digest response sent, still secret while its answer is handled.
    last_response: Option<String>,
    /// What the calls are for, in wait notices (`line 12 (alice@example.com)`).
    subject: Option<String>,
    /// How long the calls since `begin` have waited for rate limits, in all: one record
    /// waits at most `Limits::wait` whatever the number of its calls.
    waited: Duration,
}

/// A service account's token and when to fetch the next: before its `expires_in` runs
/// out, less a margin of a tenth of its life (at most a minute).
#[derive(Clone)]
struct Bearer {
    token: String,
    renew_at: Option<Instant>,
}

/// The longest life a token is taken at its word for; a longer `expires_in` is read as
/// this (a token is still dropped at once when Atlas says it expired).
const LONGEST_LIFE: Duration = Duration::from_secs(24 * 3600);

impl Bearer {
    /// `lifetime` is the answer's `expires_in`: none, or 0, means unknown (the token is
    /// kept until Atlas says it expired).
    fn new(token: String, lifetime: Option<Duration>) -> Bearer {
        let renew_at = lifetime.filter(|life| !life.is_zero()).map(|life| {
            let life = life.min(LONGEST_LIFE);
            Instant::now() + life - (life / 10).min(Duration::from_secs(60))
        });
        Bearer { token, renew_at }
    }

    fn fresh(&self) -> bool {
        self.renew_at.is_none_or(|at| Instant::now() < at)
    }
}

/// Why an answer says Atlas did not process the request and asks for a wait.
struct Limited {
    /// `429 Too Many Requests`.
    status: String,
    /// `RATE_LIMITED_TOKEN_BUCKET`, when the body names it.
    code: Option<String>,
}

/// Rate limited means: 429, 503, or an errorCode starting `RATE_LIMITED` or
/// `INVITATIONS_RATE_LIMITED_IP` (a 400, without Retry-After, as seen in the wild).
fn limited(answer: &Response) -> Option<Limited> {
    let code = crate::api::error_code(&answer.body);
    let named = code
        .as_deref()
        .is_some_and(|c| c.starts_with("RATE_LIMITED") || c == "INVITATIONS_RATE_LIMITED_IP");
    (named || matches!(answer.status, 429 | 503)).then(|| Limited {
        status: status_line(answer.status),
        code,
    })
}

/// A call with its URL and the request target the Digest answer signs.
struct Outgoing<'c> {
    call: &'c Call,
    url: String,
    target: String,
}

impl<'c> Outgoing<'c> {
    /// The request, with an `Authorization` header when given (`hidden_user`: its Digest
    /// user name came from a secret file, so the trace hides it too).
    fn request<'r>(&'r self, authorization: Option<&'r str>, hidden_user: bool) -> Request<'r> {
        Request {
            method: self.call.method,
            url: &self.url,
            accept: self.call.media,
            content_type: self.call.media,
            authorization,
            hidden_user,
            body: self.call.body.as_deref(),
            shown_body: self.call.shown.as_deref(),
            may_change: authorization.and(self.call.may_change()),
            answer_limit: self.call.answer_limit,
        }
    }
}

impl<'a> Session<'a> {
    pub(crate) fn new(
        console: &'a Console,
        net: &'a Net,
        auth: &'a Auth,
        base: Base<'a>,
        policy: Policy,
    ) -> Session<'a> {
        Session {
            console,
            net,
            auth,
            base,
            policy,
            agent: transport::agent(net),
            nonce: None,
            token: None,
            last_response: None,
            subject: None,
            waited: Duration::ZERO,
        }
    }

    /// Starts the calls of one record (or one read): a fresh budget of waiting, and what
    /// wait notices name (`None` for a single invite).
    pub(crate) fn begin(&mut self, subject: Option<String>) {
        self.subject = subject;
        self.waited = Duration::ZERO;
    }

    /// The full URL of `call`, for messages.
    pub(crate) fn url(&self, call: &Call) -> String {
        format!("{}{}", self.base.url, call.path)
    }

    /// The signal that stopped the run, if one has: no request starts after it.
    pub(crate) fn stopped(&self) -> Option<i32> {
        self.policy.stop.as_ref().and_then(Stop::requested)
    }

    /// Sends `call`, authenticated.
    ///
    /// Rate-limited answers are waited out within the policy's limits (the waiting of every
    /// call since `begin` counts against one bound) and connections refused before
    /// anything was sent are retried briefly, each wait announced through the console.
    /// Nothing is retried once Atlas may have processed the request.
    pub(crate) fn call(&mut self, call: &Call) -> Result<Response, Error> {
        let prefix = self.policy.env_prefix;
        let out = Outgoing {
            call,
            url: self.url(call),
            target: format!("{}{}", self.base.path, call.path),
        };
        self.retrying(&out).map_err(|e| e.with_env_prefix(prefix))
    }

    fn retrying(&mut self, call: &Outgoing<'_>) -> Result<Response, Error> {
        let mut waits = retry::Budget::resume(self.policy.limits, self.waited);
        let mut connect = retry::Budget::new(retry::SINGLE);
        let result = loop {
            match self.authenticated(call) {
                Ok(mut answer) => {
                    let Some(why) = limited(&answer) else {
                        break Ok(answer);
                    };
                    // The retry starts afresh with a challenge, as the first attempt did.
                    self.nonce = None;
                    match waits.after_limited(answer.retry_after.as_deref(), SystemTime::now()) {
                        Ok(wait) => {
                            self.announce_limit(&why, wait, &waits);
                            if let Err(e) = self.pause(wait) {
                                break Err(e);
                            }
                        }
                        Err(bound) if waits.max_attempts().is_some() => {
                            answer.note = Some(bound);
                            break Ok(answer);
                        }
                        Err(bound) => {
                            let what = why.code.unwrap_or(why.status);
                            break Err(Error::RateLimited(format!(
                                "{} {}: rate limited ({what}): {bound} (ATLAS_MAX_WAIT)",
                                call.call.method.as_str(),
                                call.url
                            )));
                        }
                    }
                }
                Err(f) if f.retry => match connect.after_connect_failure() {
                    Some(wait) => {
                        self.console.notice(&format!(
                            "Retrying in {}s (attempt {} of {}): {}",
                            wait.as_secs_f64(),
                            connect.attempts,
                            retry::MAX_CONNECT_ATTEMPTS,
                            f.error
                        ));
                        if let Err(e) = self.pause(wait) {
                            break Err(e);
                        }
                    }
                    None => break Err(f.error),
                },
                Err(f) => break Err(f.error),
            }
        };
        self.waited = waits.waited();
        result
    }

    /// One attempt with the session's authentication.
    fn authenticated(&mut self, call: &Outgoing<'_>) -> Sent<Response> {
        match self.auth {
            Auth::Digest(keys) => self.with_digest(keys, call),
            Auth::ServiceAccount {
                client_id,
                client_secret,
                token_url,
                ..
            } => {
                let account = Account {
                    id: client_id,
                    secret: client_secret,
                    token_url,
                };
                self.with_token(&account, call, false)
            }
        }
    }

    /// Announces a wait for a rate limit: in a file run with the record it delays, else
    /// as a single invite always has.
    fn announce_limit(&self, why: &Limited, wait: Duration, waits: &retry::Budget) {
        let secs = wait.as_secs_f64();
        let line = match &self.subject {
            // Ours but for Atlas's code, which is scrubbed alone.
            Some(subject) => {
                let code = self
                    .console
                    .scrub(why.code.as_deref().unwrap_or(&why.status));
                return self.console.say(&format!(
                    "rate limited ({code}): waiting {secs}s before {subject}"
                ));
            }
            None => {
                let reason = match (
                    &why.code,
                    why.status.starts_with("429") || why.status.starts_with("503"),
                ) {
                    (Some(code), false) => code.as_str(),
                    _ => why.status.as_str(),
                };
                match waits.max_attempts() {
                    Some(max) => format!(
                        "Retrying in {secs}s (attempt {} of {max}): {reason}",
                        waits.attempts
                    ),
                    None => format!("Retrying in {secs}s (attempt {}): {reason}", waits.attempts),
                }
            }
        };
        self.console.notice(&line);
    }

    /// Waits `wait`, counting down on a terminal; a signal ends the wait and the call.
    fn pause(&self, wait: Duration) -> Result<(), Error> {
        let end = Instant::now() + wait;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            if let Some(signal) = self.stopped() {
                self.console.countdown(None);
                return Err(Error::Stopped(signal));
            }
            if left.is_zero() {
                self.console.countdown(None);
                return Ok(());
            }
            self.console.countdown(Some(left));
            std::thread::sleep(left.min(Duration::from_millis(100)));
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

    /// Why no request may start now: a signal arrived.
    fn may_start(&self) -> Sent<()> {
        match self.stopped() {
            Some(signal) => Err(Failure::from(Error::Stopped(signal))),
            None => Ok(()),
        }
    }

    /// Sends one request, unless a signal arrived: every request of the session (a
    /// challenge's answer included) passes here.
    fn send(&self, request: &Request<'_>) -> Sent<Response> {
        self.may_start()?;
        transport::send(self.console, &self.agent, self.net, request)
    }

    /// A service account's call: the session's bearer token (fetched when there is none
    /// or it is about to expire), then the call. The token is kept whatever happens to
    /// the connection; it is dropped only when it expires or Atlas says it is invalid or
    /// expired: such a 401 gets one new token and one resend (it was not processed); any
    /// other, or a second, is an error, never a loop.
    fn with_token(
        &mut self,
        account: &Account<'_>,
        call: &Outgoing<'_>,
        renewed: bool,
    ) -> Sent<Response> {
        let bearer = match self.token.clone().filter(Bearer::fresh) {
            Some(bearer) => bearer,
            None => {
                self.may_start()?;
                match access_token(self.console, &self.agent, self.net, account)? {
                    Token::Granted { token, lifetime } => {
                        let bearer = Bearer::new(token, lifetime);
                        self.token = Some(bearer.clone());
                        bearer
                    }
                    Token::Busy(answer) => return Ok(answer),
                }
            }
        };
        let header = format!("Bearer {}", bearer.token);
        let answer = self.send(&call.request(Some(&header), false))?;
        if answer.status != 401 {
            return Ok(answer);
        }
        let expired = crate::api::error_code(&answer.body)
            .is_some_and(|c| c.contains("TOKEN") || c.contains("EXPIRED"));
        self.token = None;
        if expired && !renewed {
            return self.with_token(account, call, true);
        }
        Err(Error::unauthorized(
            "Atlas refused the service account's access token: check the service account's roles and access list",
        )
        .into())
    }

    /// A Digest call. The first is challenged (the body goes once without credentials, as
    /// the official CLI sends it); later ones reuse the nonce with the next `nc`. A 401 to
    /// a reused nonce, stale or not, was not processed: its fresh challenge is answered
    /// instead. A `stale=true` answer to a fresh nonce gets one renewal; any other 401 to
    /// a fresh nonce means wrong keys. Each Digest response is secret until the next replaces it.
    fn with_digest(&mut self, keys: &Keys, call: &Outgoing<'_>) -> Sent<Response> {
        let mut reused = self.nonce.is_some();
        let Nonce {
            mut challenge,
            mut nc,
        } = match self.nonce.take() {
            Some(nonce) => nonce,
            None => {
                let first = self.send(&call.request(None, false))?;
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
                    method: call.call.method.as_str(),
                    uri: &call.target,
                    nc,
                    cnonce: &cnonce,
                },
            );
            self.one_request_secret(response);
            let answer = self.send(&call.request(Some(&header), keys.public_hidden))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a raw HTTP answer from the request's head.
    type Reply = Box<dyn Fn(&str) -> String + Send>;

    /// A plain-HTTP server on loopback for one kept-alive connection: answers each request
    /// with the next of `replies` (built from the request's headers) and hands back what it
    /// received.
    fn serve(replies: Vec<Reply>) -> (String, std::thread::JoinHandle<Vec<String>>) {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
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
            public_hidden: false,
        });
        let body = format!(r#"{{"password":"{PASSWORD}"}}"#);
        let call = Call {
            method: crate::api::calls::Method::Post,
            path: "api/atlas/v2/users".into(),
            media: "application/json",
            body: Some(body),
            shown: None,
            answer_limit: crate::api::calls::ANSWER_LIMIT,
        };
        let mut session = Session::new(
            &console,
            &net,
            &keys,
            Base {
                url: &url,
                path: "/",
            },
            Policy {
                env_prefix: "MONGODB_ATLAS_",
                limits: retry::SINGLE,
                stop: None,
            },
        );
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
    fn token_lifetimes_from_atlas_never_overflow() {
        let forever = Bearer::new("t".into(), Some(Duration::from_secs(u64::MAX)));
        assert!(forever.fresh());
        assert!(Bearer::new("t".into(), Some(Duration::ZERO))
            .renew_at
            .is_none());
        assert!(Bearer::new("t".into(), None).fresh());
        let short = Bearer::new("t".into(), Some(Duration::from_secs(3600)));
        assert!(short.renew_at.unwrap() > Instant::now() + Duration::from_secs(3500));
    }

    #[test]
    fn cnonce_is_random_hex() {
        let (a, b) = (cnonce().unwrap(), cnonce().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
