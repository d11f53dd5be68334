//! Authentication on the server side: HTTP Digest checked as RFC 7616 asks (nonces issued
//! and their nc tracked, stale and single-use nonces, challenges replaceable by a test),
//! and the service accounts' OAuth token endpoint with its bearer tokens.

use std::collections::{HashMap, VecDeque};
use std::time::Instant;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use md5::{Digest as _, Md5};

use super::wire::Reply;
use super::{lock, Options, Request, Shared};

/// The realm of every challenge, as Atlas's.
const REALM: &str = "MMS Public API";
/// The opaque value sent when `Options::opaque` is set.
const OPAQUE: &str = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

/// Nonces, tokens and scripted challenges.
#[derive(Default)]
pub struct AuthState {
    /// Nonces issued and the highest nc seen for each.
    nonces: HashMap<String, u32>,
    /// Bearer tokens issued at /api/oauth/token, and when.
    pub tokens: Vec<(String, Instant)>,
    /// Replacements for the next 401 challenges: `None` sends no WWW-Authenticate at all.
    pub challenges: VecDeque<Option<String>>,
}

enum Verdict {
    Ok,
    Stale,
    Bad,
}

/// Marks `req` authorized when its Digest answer or bearer token is good; else the 401
/// to send.
pub fn authenticate(req: &mut Request, sh: &Shared, o: &Options) -> Result<(), Reply> {
    let verdict = match req.header("authorization") {
        Some(a) if a.starts_with("Bearer ") => bearer(&a[7..], sh, o)?,
        Some(a) => verify(a, req, sh, o),
        None => return Err(challenge(sh, o, false)),
    };
    match verdict {
        Verdict::Ok => {
            req.authorized = true;
            Ok(())
        }
        Verdict::Stale => Err(challenge(sh, o, true)),
        Verdict::Bad => Err(challenge(sh, o, false)),
    }
}

/// A bearer token issued here and still alive, or the 401 Atlas answers.
fn bearer(token: &str, sh: &Shared, o: &Options) -> Result<Verdict, Reply> {
    let auth = lock(&sh.auth);
    match auth.tokens.iter().find(|(t, _)| t == token) {
        Some((_, at)) if at.elapsed() < o.token_ttl => Ok(Verdict::Ok),
        Some(_) => Err(Reply::error(
            401,
            "TOKEN_EXPIRED",
            "The access token has expired.",
        )),
        None => Err(Reply::error(401, "INVALID_TOKEN", "Invalid token.")),
    }
}

/// The OAuth 2.0 client-credentials token endpoint of service accounts.
pub fn token(req: &mut Request, sh: &Shared, o: &Options) -> Reply {
    let want = format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", o.client_id, o.client_secret))
    );
    if req.method != "POST"
        || req.header("authorization") != Some(want.as_str())
        || req.header("content-type") != Some("application/x-www-form-urlencoded")
        || req.body != "grant_type=client_credentials"
    {
        return Reply::json(
            401,
            r#"{"error":"invalid_client","error_description":"Invalid client credentials."}"#
                .into(),
        );
    }
    req.authorized = true;
    let tok = format!(
        "eyJtb2NrIjp0cnVlfQ.{}",
        new_nonce().replace(['+', '/'], "_")
    );
    lock(&sh.auth).tokens.push((tok.clone(), Instant::now()));
    let body = format!(
        r#"{{"access_token":"{tok}","expires_in":{},"token_type":"Bearer"}}"#,
        o.token_claim.unwrap_or(o.token_ttl.as_secs())
    );
    Reply::json(200, body)
}

/// A 401 with a fresh nonce, shaped like the live challenge (or the test's replacement).
pub fn challenge(sh: &Shared, o: &Options, stale: bool) -> Reply {
    let custom = lock(&sh.auth).challenges.pop_front();
    if let Some(header) = custom {
        let mut r = Reply::json(401, "{}".into());
        r.headers
            .extend(header.map(|v| ("WWW-Authenticate".to_string(), v)));
        return r;
    }
    let nonce = new_nonce();
    lock(&sh.auth).nonces.insert(nonce.clone(), 0);
    let mut h = format!(
        "Digest realm=\"{REALM}\", domain=\"\", nonce=\"{nonce}\", algorithm={}",
        o.algorithm
    );
    if o.qop {
        h.push_str(", qop=\"auth\"");
    }
    if o.opaque {
        h.push_str(&format!(", opaque=\"{OPAQUE}\""));
    }
    h.push_str(if stale {
        ", stale=true"
    } else {
        ", stale=false"
    });
    let body = r#"{"detail":"You are not authorized for this resource.","error":401,"errorCode":"NOT_ORG_GROUP_CREATOR","parameters":[],"reason":"Unauthorized"}"#;
    Reply::json(401, body.into()).with("WWW-Authenticate", &h)
}

/// 32 base64 characters, always including `+` and `/` like the live nonces.
fn new_nonce() -> String {
    use ring::rand::SecureRandom;
    let mut bytes = [0u8; 24];
    ring::rand::SystemRandom::new().fill(&mut bytes).unwrap();
    let mut s = STANDARD.encode(bytes).into_bytes();
    s[5] = b'+';
    s[11] = b'/';
    String::from_utf8(s).unwrap()
}

/// Checks a Digest `Authorization` header the way a server must (RFC 7616 section 3.4).
fn verify(header: &str, req: &Request, sh: &Shared, o: &Options) -> Verdict {
    let Some(rest) = header.strip_prefix("Digest ") else {
        return Verdict::Bad;
    };
    let p = params(rest);
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    if get("username") != o.public
        || get("realm") != REALM
        || get("uri") != req.target
        || !get("algorithm").eq_ignore_ascii_case(&o.algorithm)
        || (o.opaque && get("opaque") != OPAQUE)
    {
        return Verdict::Bad;
    }
    if o.qop && (get("qop") != "auth" || get("nc").len() != 8 || get("cnonce").is_empty()) {
        return Verdict::Bad;
    }
    if get("response") != expected(&p, req, o) {
        return Verdict::Bad;
    }
    let nc = u32::from_str_radix(get("nc"), 16).unwrap_or(1);
    match lock(&sh.auth).nonces.get_mut(get("nonce")) {
        // A replayed or out-of-order nc is refused like a stale nonce.
        Some(seen) if nc > *seen && !(o.single_use_nonces && nc > 1) => {
            *seen = nc;
            Verdict::Ok
        }
        _ => Verdict::Stale,
    }
}

/// The `response` a client knowing the keys computes for these parameters.
fn expected(p: &HashMap<String, String>, req: &Request, o: &Options) -> String {
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or("");
    let hash = |s: &str| -> String {
        if o.algorithm.to_ascii_uppercase().starts_with("SHA-256") {
            hex(ring::digest::digest(&ring::digest::SHA256, s.as_bytes()).as_ref())
        } else {
            hex(&Md5::digest(s.as_bytes()))
        }
    };
    let nonce = get("nonce");
    let mut ha1 = hash(&format!("{}:{REALM}:{}", o.public, o.private));
    if o.algorithm.to_ascii_lowercase().ends_with("-sess") {
        ha1 = hash(&format!("{ha1}:{nonce}:{}", get("cnonce")));
    }
    let ha2 = hash(&format!("{}:{}", req.method, req.target));
    if o.qop {
        hash(&format!(
            "{ha1}:{nonce}:{}:{}:auth:{ha2}",
            get("nc"),
            get("cnonce")
        ))
    } else {
        hash(&format!("{ha1}:{nonce}:{ha2}"))
    }
}

/// Splits `k=v, k="v"` pairs, honouring quotes and backslash escapes.
fn params(s: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() {
            return out;
        }
        let mut val = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => val.extend(chars.next()),
                    '"' => break,
                    c => val.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                val.push(c);
            }
        }
        out.insert(key.trim().to_ascii_lowercase(), val.trim().to_string());
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_32_base64_characters_with_plus_and_slash() {
        let n = new_nonce();
        assert_eq!(n.len(), 32, "{n}");
        assert_eq!((&n[5..6], &n[11..12]), ("+", "/"));
        assert!(STANDARD.decode(&n).is_ok(), "{n}");
    }

    #[test]
    fn params_honour_quotes_and_escapes() {
        let p = params(r#"username="a\"b", nc=00000001 ,qop=auth, uri="/x?y=1,2""#);
        assert_eq!(p["username"], "a\"b");
        assert_eq!(p["nc"], "00000001");
        assert_eq!(p["qop"], "auth");
        assert_eq!(p["uri"], "/x?y=1,2");
    }
}
