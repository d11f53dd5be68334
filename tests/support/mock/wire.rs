//! What goes on the wire, shared by every room of the mock: the reply to send and how,
//! Atlas's error bodies, and the small JSON and URL pieces (quoting, string lists, object
//! ids, percent-decoding). It uses no other room.

use miniserde::json::{self, Value};

use super::MEDIA_2025;

/// What to send for one request.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub action: Action,
}

/// How a reply goes out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// Headers and the whole body.
    Normal,
    /// Close the connection without answering.
    Hangup,
    /// Headers announcing this many bytes, then spaces as fast as they go.
    Huge(u64),
    /// Headers, then one body byte per second.
    Trickle,
    /// Headers and a few bytes of a longer announced body, then close.
    Cut,
}

impl Reply {
    /// A reply with this content type and body.
    pub fn typed(status: u16, content_type: &str, body: String) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body,
            action: Action::Normal,
        }
    }

    /// An `application/json` reply.
    pub fn json(status: u16, body: String) -> Reply {
        Reply::typed(status, "application/json", body)
    }

    /// A reply of the 2025-02-19 endpoints.
    pub fn media(status: u16, body: String) -> Reply {
        Reply::typed(status, MEDIA_2025, body)
    }

    /// A reply without body or content type (204).
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: String::new(),
            action: Action::Normal,
        }
    }

    /// An Atlas ApiError: status, errorCode and detail; the reason follows the status.
    pub fn error(status: u16, code: &str, detail: &str) -> Reply {
        let body = format!(
            r#"{{"detail":{},"error":{status},"errorCode":"{code}","parameters":[],"reason":"{}"}}"#,
            quote(detail),
            reason(status)
        );
        Reply::json(status, body)
    }

    /// A reply whose body goes out in the manner of `action` (JSON typed).
    pub fn acting(status: u16, action: Action) -> Reply {
        Reply {
            action,
            ..Reply::json(status, String::new())
        }
    }

    /// This reply with one more header.
    pub fn with(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// The reason phrase of a status line.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        406 => "Not Acceptable",
        409 => "Conflict",
        410 => "Gone",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// `s` as a JSON string, in miniserde's encoding.
pub fn quote(s: &str) -> String {
    json::to_string(&Value::String(s.to_string()))
}

/// The items of a JSON array of strings, without the brackets.
pub fn list(items: &[String]) -> String {
    items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(",")
}

/// Whether `s` is an Atlas object id: 24 lowercase hexadecimal digits.
pub fn hex24(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// `%XX` escapes decoded, and `+` as a space in a query (`plus_is_space`).
pub fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
                continue;
            }
            (b'+', _) if plus_is_space => out.push(b' '),
            (c, _) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The decoded `key=value` pairs of a query string, in order (a key may repeat).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_quote_their_detail() {
        let r = Reply::error(400, "INVALID_ATTRIBUTE", r#"The body must be {"id": ...}."#);
        assert_eq!(
            r.body,
            r#"{"detail":"The body must be {\"id\": ...}.","error":400,"errorCode":"INVALID_ATTRIBUTE","parameters":[],"reason":"Bad Request"}"#
        );
        assert!(json::from_str::<Value>(&r.body).is_ok());
    }

    #[test]
    fn queries_decode_and_keep_repeated_keys() {
        assert_eq!(
            query_pairs("username=a%2Bb%40x.com&s=A&s=B+C&flag"),
            [
                ("username".to_string(), "a+b@x.com".to_string()),
                ("s".into(), "A".into()),
                ("s".into(), "B C".into()),
                ("flag".into(), String::new()),
            ]
        );
        assert!(hex24("5dd56c847a3e5a1f363d424d"));
        assert!(!hex24("5DD56C847A3E5A1F363D424D"));
        assert!(!hex24("5dd56c847a3e5a1f363d424"));
    }
}
