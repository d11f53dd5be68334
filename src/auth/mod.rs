//! Authenticating the invite: the HTTP Digest handshake for API keys, the OAuth client
//! credentials flow for service accounts, and retrying what Atlas says it did not process.
//!
//! The challenge and the answer (or the token and the invite) share one kept-alive
//! connection. A second 401 is an error, never a loop; `stale=true` gets one renewal.

pub mod digest;

use std::time::{Duration, SystemTime};

use ureq::Agent;

use crate::api::MEDIA_TYPE;
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

/// The invite to send.
pub(crate) struct Post<'a> {
    pub(crate) url: &'a str,
    /// The request target (path) that the Digest answer signs.
    pub(crate) path: &'a str,
    pub(crate) body: &'a str,
}

impl<'a> Post<'a> {
    /// The request for this invite, with an `Authorization` header when given.
    fn request(&self, authorization: Option<&'a str>) -> Request<'a> {
        Request {
            url: self.url,
            accept: MEDIA_TYPE,
            content_type: MEDIA_TYPE,
            authorization,
            body: self.body,
            may_create: authorization.is_some(),
        }
    }
}

/// Sends `post` authenticated by `auth`; challenge, token and invite share one connection.
///
/// 429 and 503 answers are retried after their Retry-After, and connections refused
/// before anything was sent are retried briefly; both are capped and announced through
/// `console`. Nothing is retried once Atlas may have processed the request.
pub(crate) fn post(
    console: &Console,
    net: &Net,
    auth: &Auth,
    post: &Post<'_>,
) -> Result<Response, Error> {
    let agent = transport::agent(net);
    let mut busy = retry::Budget::new();
    let mut connect = retry::Budget::new();
    loop {
        let result = match auth {
            Auth::Digest(keys) => post_with_digest(console, &agent, net, keys, post),
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
                post_with_token(console, &agent, net, &account, post)
            }
        };
        match result {
            Ok(mut answer) if answer.status == 429 || answer.status == 503 => {
                match busy.after_busy(answer.retry_after.as_deref(), SystemTime::now()) {
                    Ok(wait) => announce(
                        console,
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
                    console,
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

/// A service account's invite: a bearer token, then the invite with it.
fn post_with_token(
    console: &Console,
    agent: &Agent,
    net: &Net,
    account: &Account<'_>,
    post: &Post<'_>,
) -> Sent<Response> {
    let token = match access_token(console, agent, net, account)? {
        Token::Granted(token) => token,
        Token::Busy(answer) => return Ok(answer),
    };
    let header = format!("Bearer {token}");
    let answer = transport::send(console, agent, net, &post.request(Some(&header)))?;
    if answer.status == 401 {
        return Err(Error::Unauthorized(
            "Atlas refused the service account's access token: check the service account's roles and access list".into(),
        )
        .into());
    }
    Ok(answer)
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
        body: "grant_type=client_credentials",
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
        400 | 401 => Err(Error::Unauthorized(format!(
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

/// Sends `post`, answering one Digest challenge (and one `stale=true` renewal). Each
/// Digest response is registered as a secret before it is sent.
fn post_with_digest(
    console: &Console,
    agent: &Agent,
    net: &Net,
    keys: &Keys,
    post: &Post<'_>,
) -> Sent<Response> {
    let first = transport::send(console, agent, net, &post.request(None))?;
    if first.status != 401 {
        return Ok(first);
    }
    let mut challenge = pick(&first.challenges)?;
    let mut nc = 0u32;
    let mut nonce = String::new();
    for attempt in 0..2 {
        if challenge.nonce != nonce {
            nonce = challenge.nonce.clone();
            nc = 0;
        }
        nc += 1;
        let cnonce = cnonce()?;
        let (header, response) = digest::authorization(
            &challenge,
            &digest::Params {
                user: &keys.public,
                password: &keys.private,
                method: "POST",
                uri: post.path,
                nc,
                cnonce: &cnonce,
            },
        );
        console.secret(&response);
        let answer = transport::send(console, agent, net, &post.request(Some(&header)))?;
        if answer.status != 401 {
            return Ok(answer);
        }
        match pick(&answer.challenges) {
            Ok(next) if next.stale && attempt == 0 => challenge = next,
            Ok(next) if next.stale => break,
            _ => {
                return Err(Error::Unauthorized(
                    "Atlas rejected the API keys: check the public and private key, and that this machine's address is on the key's access list".into(),
                )
                .into())
            }
        }
    }
    Err(Error::Unauthorized(
        "the server kept calling the nonce stale; giving up after one renewal".into(),
    )
    .into())
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
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Standard base64 with padding.
fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
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

    #[test]
    fn cnonce_is_random_hex() {
        let (a, b) = (cnonce().unwrap(), cnonce().unwrap());
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
