//! Service accounts: the OAuth 2.0 client credentials exchange for a bearer token, and
//! when to fetch the next one (before `expires_in` runs out, or once after Atlas says the
//! token is invalid or expired).

use std::time::Duration;

use ureq::Agent;

use crate::console::Console;
use crate::error::Error;
use crate::gostd::{query_escape, status_line};
use crate::net::transport::{self, Net, Request, Response, Sent};

/// A service account's credentials and where to exchange them for a token.
pub(super) struct Account<'a> {
    pub(super) id: &'a str,
    pub(super) secret: &'a str,
    pub(super) token_url: &'a str,
}

/// What the token endpoint said.
pub(super) enum Token {
    /// A bearer token and how long it lives (`expires_in`), when the answer says.
    Granted {
        token: String,
        lifetime: Option<Duration>,
    },
    /// 429 or 503: retried like a busy invite.
    Busy(Response),
}

/// Exchanges a service account's credentials for a bearer token (OAuth 2.0 client
/// credentials); the token is registered as a secret.
pub(super) fn access_token(
    console: &Console,
    agent: &Agent,
    net: &Net,
    account: &Account<'_>,
) -> Sent<Token> {
    #[derive(miniserde::Deserialize)]
    struct Grant {
        access_token: Option<String>,
        expires_in: Option<u64>,
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
        method: crate::api::calls::Method::Post,
        url,
        accept: "application/json",
        content_type: "application/x-www-form-urlencoded",
        authorization: Some(&basic),
        hidden_user: false,
        body: Some("grant_type=client_credentials"),
        shown_body: None,
        may_change: None,
        answer_limit: crate::api::calls::ANSWER_LIMIT,
    };
    let answer = transport::send(console, agent, net, &req)?;
    match answer.status {
        200..=299 => {
            let grant = miniserde::json::from_str::<Grant>(&answer.body).ok();
            let lifetime = grant
                .as_ref()
                .and_then(|g| g.expires_in)
                .map(Duration::from_secs);
            let token = grant
                .and_then(|t| t.access_token)
                .filter(|t| !t.is_empty())
                .ok_or_else(|| {
                    Error::Refused(format!(
                        "POST {url}: HTTP {}: the token answer holds no access_token",
                        status_line(answer.status)
                    ))
                })?;
            console.secret(&token);
            Ok(Token::Granted { token, lifetime })
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
}
