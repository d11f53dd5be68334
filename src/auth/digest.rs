//! HTTP Digest access authentication (RFC 7616, RFC 2617, RFC 2069), client side.
//!
//! Atlas API keys authenticate with Digest: the public key is the user name, the private key
//! the password. This file parses `WWW-Authenticate` challenges per RFC 7235, picks the
//! strongest one we support and computes the `Authorization` answer. It does no I/O.

use md5::{Digest as _, Md5};

use crate::error::Error;

/// A hash algorithm named by a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}

impl Algorithm {
    fn parse(s: &str) -> Option<Algorithm> {
        match s.to_ascii_uppercase().as_str() {
            "MD5" => Some(Algorithm::Md5),
            "MD5-SESS" => Some(Algorithm::Md5Sess),
            "SHA-256" => Some(Algorithm::Sha256),
            "SHA-256-SESS" => Some(Algorithm::Sha256Sess),
            _ => None,
        }
    }

    /// The name as sent back in the answer.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Algorithm::Md5 => "MD5",
            Algorithm::Md5Sess => "MD5-sess",
            Algorithm::Sha256 => "SHA-256",
            Algorithm::Sha256Sess => "SHA-256-sess",
        }
    }

    /// Higher is stronger; used to pick among several challenges.
    fn strength(self) -> u8 {
        match self {
            Algorithm::Sha256 => 4,
            Algorithm::Sha256Sess => 3,
            Algorithm::Md5 => 2,
            Algorithm::Md5Sess => 1,
        }
    }

    fn is_sess(self) -> bool {
        matches!(self, Algorithm::Md5Sess | Algorithm::Sha256Sess)
    }

    /// Lowercase hex digest of `data`.
    fn hex(self, data: &[u8]) -> String {
        match self {
            Algorithm::Md5 | Algorithm::Md5Sess => to_hex(&Md5::digest(data)),
            Algorithm::Sha256 | Algorithm::Sha256Sess => {
                to_hex(ring::digest::digest(&ring::digest::SHA256, data).as_ref())
            }
        }
    }
}

/// One `scheme param=value, ...` challenge, names lower-cased, values unquoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawChallenge {
    pub(crate) scheme: String,
    pub(crate) params: Vec<(String, String)>,
}

impl RawChallenge {
    /// The value of the first parameter called `name` (lower case).
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A Digest challenge we can answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub(crate) realm: String,
    pub(crate) nonce: String,
    pub(crate) opaque: Option<String>,
    pub(crate) algorithm: Algorithm,
    /// `true` when the server offered qop=auth; `false` means RFC 2069 mode.
    pub(crate) qop_auth: bool,
    pub(crate) stale: bool,
    pub(crate) userhash: bool,
}

/// Parses every challenge in the given `WWW-Authenticate` header values.
pub fn parse_challenges<'a>(
    headers: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<RawChallenge>, Error> {
    let mut out = Vec::new();
    for h in headers {
        Scanner {
            s: h.as_bytes(),
            i: 0,
        }
        .challenges(&mut out)
        .map_err(Error::unauthorized)?;
    }
    Ok(out)
}

/// Picks the strongest Digest challenge we support, or says why none fits.
pub fn select(raw: &[RawChallenge]) -> Result<Challenge, Error> {
    let mut best: Option<Challenge> = None;
    let mut why = String::from("the server sent no Digest challenge");
    for c in raw
        .iter()
        .filter(|c| c.scheme.eq_ignore_ascii_case("digest"))
    {
        match digest_challenge(c) {
            Ok(ch) => {
                if best
                    .as_ref()
                    .is_none_or(|b| ch.algorithm.strength() > b.algorithm.strength())
                {
                    best = Some(ch);
                }
            }
            Err(e) => why = e,
        }
    }
    best.ok_or_else(|| Error::unauthorized(why))
}

fn digest_challenge(c: &RawChallenge) -> Result<Challenge, String> {
    let nonce = c
        .param("nonce")
        .ok_or("the Digest challenge has no nonce")?;
    // These are echoed in the Authorization header, which carries visible ASCII only; a
    // header read as Latin-1 or UTF-8 shows other bytes as U+FFFD or letters beyond ASCII.
    for name in ["realm", "nonce", "opaque"] {
        if c.param(name)
            .is_some_and(|v| v.chars().any(|ch| !(' '..='~').contains(&ch)))
        {
            return Err(format!(
                "malformed authentication challenge: its {name} holds bytes other than visible ASCII"
            ));
        }
    }
    let algorithm = match c.param("algorithm") {
        None => Algorithm::Md5,
        Some(a) => Algorithm::parse(a)
            .ok_or_else(|| format!("the Digest challenge asks for unsupported algorithm {a:?}"))?,
    };
    let qop_auth = match c.param("qop") {
        None => false,
        Some(list) => {
            if !list
                .split(',')
                .any(|q| q.trim().eq_ignore_ascii_case("auth"))
            {
                return Err(format!(
                    "the Digest challenge asks for unsupported qop {list:?} (only auth is supported)"
                ));
            }
            true
        }
    };
    let flag = |name| {
        c.param(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    };
    Ok(Challenge {
        realm: c.param("realm").unwrap_or_default().to_string(),
        nonce: nonce.to_string(),
        opaque: c.param("opaque").map(str::to_string),
        algorithm,
        qop_auth,
        stale: flag("stale"),
        userhash: flag("userhash"),
    })
}

/// What an answer to a challenge signs: who, with which secret, for which request.
#[derive(Debug, Clone, Copy)]
pub struct Params<'a> {
    pub user: &'a str,
    pub password: &'a str,
    pub method: &'a str,
    /// The request target, as sent.
    pub uri: &'a str,
    /// Requests made with this nonce so far, this one included (from 1).
    pub nc: u32,
    /// The client nonce (random, see `auth`).
    pub cnonce: &'a str,
}

/// The `Authorization` header value answering `ch`, and the `response` it carries
/// (secret-equivalent: callers must not print it).
pub fn authorization(ch: &Challenge, a: &Params<'_>) -> (String, String) {
    let response = response(ch, a);
    let alg = ch.algorithm;
    let username = if ch.userhash {
        alg.hex(format!("{}:{}", a.user, ch.realm).as_bytes())
    } else {
        a.user.to_string()
    };
    let mut h = format!(
        "Digest username={}, realm={}, nonce={}, uri={}, algorithm={}, response=\"{response}\"",
        quote(&username),
        quote(&ch.realm),
        quote(&ch.nonce),
        quote(a.uri),
        alg.name()
    );
    if ch.qop_auth {
        h.push_str(&format!(
            ", qop=auth, nc={:08x}, cnonce={}",
            a.nc,
            quote(a.cnonce)
        ));
    }
    if let Some(opaque) = &ch.opaque {
        h.push_str(&format!(", opaque={}", quote(opaque)));
    }
    if ch.userhash {
        h.push_str(", userhash=true");
    }
    (h, response)
}

/// The `response` value: KD(H(A1), nonce:nc:cnonce:qop:H(A2)), or the RFC 2069 form.
pub(crate) fn response(ch: &Challenge, a: &Params<'_>) -> String {
    let alg = ch.algorithm;
    let mut ha1 = alg.hex(format!("{}:{}:{}", a.user, ch.realm, a.password).as_bytes());
    if alg.is_sess() {
        ha1 = alg.hex(format!("{ha1}:{}:{}", ch.nonce, a.cnonce).as_bytes());
    }
    let ha2 = alg.hex(format!("{}:{}", a.method, a.uri).as_bytes());
    if ch.qop_auth {
        alg.hex(format!("{ha1}:{}:{:08x}:{}:auth:{ha2}", ch.nonce, a.nc, a.cnonce).as_bytes())
    } else {
        alg.hex(format!("{ha1}:{}:{ha2}", ch.nonce).as_bytes())
    }
}

/// A quoted-string with `"` and `\` escaped.
fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            q.push('\\');
        }
        q.push(c);
    }
    q.push('"');
    q
}

pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// An RFC 7235 `WWW-Authenticate` scanner over one header value.
struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn skip_ws_and_commas(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b',')) {
            self.i += 1;
        }
    }

    fn token(&mut self) -> &str {
        let start = self.i;
        while self.peek().is_some_and(is_tchar) {
            self.i += 1;
        }
        // tchar is ASCII, so the slice is valid UTF-8.
        std::str::from_utf8(&self.s[start..self.i]).unwrap_or_default()
    }

    fn quoted(&mut self) -> Result<String, String> {
        self.i += 1; // opening quote
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            self.i += 1;
            match b {
                b'"' => return Ok(String::from_utf8_lossy(&out).into_owned()),
                b'\\' => match self.peek() {
                    Some(e) => {
                        out.push(e);
                        self.i += 1;
                    }
                    None => break,
                },
                _ => out.push(b),
            }
        }
        Err("malformed authentication challenge: unterminated quoted string".into())
    }

    /// Reads all challenges in the header into `out`.
    fn challenges(&mut self, out: &mut Vec<RawChallenge>) -> Result<(), String> {
        loop {
            self.skip_ws_and_commas();
            if self.peek().is_none() {
                return Ok(());
            }
            let scheme = self.token().to_string();
            if scheme.is_empty() {
                return Err(format!(
                    "malformed authentication challenge: unexpected character at byte {}",
                    self.i + 1
                ));
            }
            let mut ch = RawChallenge {
                scheme,
                params: Vec::new(),
            };
            self.params(&mut ch)?;
            out.push(ch);
        }
    }

    /// Reads `name=value` pairs (or one token68) until the next challenge starts.
    fn params(&mut self, ch: &mut RawChallenge) -> Result<(), String> {
        loop {
            self.skip_ws_and_commas();
            let start = self.i;
            let name = self.token().to_ascii_lowercase();
            if name.is_empty() && self.peek().is_none() {
                return Ok(());
            }
            self.skip_ws();
            if self.peek() != Some(b'=') {
                // A bare token: the next challenge's scheme (or junk the next loop reports).
                self.i = start;
                return Ok(());
            }
            self.i += 1;
            self.skip_ws();
            let value = match self.peek() {
                Some(b'"') => self.quoted()?,
                _ => {
                    let v = self.token().to_string();
                    if v.is_empty() {
                        // token68 such as `Basic abc==`: skip to the next comma.
                        while self.peek().is_some_and(|b| b != b',') {
                            self.i += 1;
                        }
                        continue;
                    }
                    v
                }
            };
            if name.is_empty() {
                return Err(format!(
                    "malformed authentication challenge: value without a name at byte {}",
                    start + 1
                ));
            }
            ch.params.push((name, value));
            self.skip_ws();
            match self.peek() {
                None | Some(b',') => {}
                Some(_) => {
                    return Err(format!(
                        "malformed authentication challenge: expected ',' at byte {}",
                        self.i + 1
                    ))
                }
            }
        }
    }
}

/// RFC 9110 token characters.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ans<'a>(
        user: &'a str,
        password: &'a str,
        method: &'a str,
        uri: &'a str,
        cnonce: &'a str,
    ) -> Params<'a> {
        Params {
            user,
            password,
            method,
            uri,
            nc: 1,
            cnonce,
        }
    }

    fn one(h: &str) -> Challenge {
        select(&parse_challenges([h]).unwrap()).unwrap()
    }

    #[test]
    fn rfc2617_section_3_5_vector() {
        let ch = one(
            r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
        );
        let (auth, response) = authorization(
            &ch,
            &ans(
                "Mufasa",
                "Circle Of Life",
                "GET",
                "/dir/index.html",
                "0a4f113b",
            ),
        );
        assert_eq!(response, "6629fae49393a05397450978507c4ef1");
        assert_eq!(
            auth,
            r#"Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", algorithm=MD5, response="6629fae49393a05397450978507c4ef1", qop=auth, nc=00000001, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41""#
        );
    }

    #[test]
    fn rfc7616_section_3_9_1_vectors() {
        let header = r#"Digest
            realm="http-auth@example.org",
            qop="auth, auth-int",
            algorithm=SHA-256,
            nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
          Digest
            realm="http-auth@example.org",
            qop="auth, auth-int",
            algorithm=MD5,
            nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#
            .replace('\n', " ");
        let raw = parse_challenges([header.as_str()]).unwrap();
        assert_eq!(raw.len(), 2);
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        let sha = select(&raw).unwrap();
        assert_eq!(sha.algorithm, Algorithm::Sha256);
        assert_eq!(
            response(
                &sha,
                &ans("Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce)
            ),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
        let md5 = select(&raw[1..]).unwrap();
        assert_eq!(
            response(
                &md5,
                &ans("Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce)
            ),
            "8ca523f5e9506fed4657c9700eebdbec"
        );
    }

    #[test]
    fn live_atlas_challenge() {
        let ch = one(
            r#"Digest realm="MMS Public API", domain="", nonce="669gyxpgL6MGDuSZvQ80Spv3k+Jc99ed", algorithm=MD5, qop="auth", stale=false"#,
        );
        assert_eq!(ch.realm, "MMS Public API");
        assert_eq!(ch.nonce, "669gyxpgL6MGDuSZvQ80Spv3k+Jc99ed");
        assert!(ch.qop_auth && !ch.stale && ch.opaque.is_none());
    }

    #[test]
    fn lenient_syntax() {
        let ch =
            one("dIgEsT   REALM = \"a \\\"q\\\" b\" ,NONCE=abc,,  foo=\"bar, baz\", stale=TRUE");
        assert_eq!(ch.realm, "a \"q\" b");
        assert_eq!(ch.nonce, "abc");
        assert!(ch.stale && !ch.qop_auth);
        // Several challenges, other schemes first, token68 included.
        let raw = parse_challenges([
            "Basic realm=\"x\", Bearer abc==, Negotiate",
            "Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess, qop=auth",
        ])
        .unwrap();
        assert_eq!(raw.len(), 4);
        assert_eq!(select(&raw).unwrap().algorithm, Algorithm::Md5Sess);
    }

    #[test]
    fn sess_and_rfc2069() {
        let ch = one("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess, qop=auth");
        let ha1 = Algorithm::Md5.hex(b"u:r:p");
        let ha1 = Algorithm::Md5.hex(format!("{ha1}:n:c").as_bytes());
        let ha2 = Algorithm::Md5.hex(b"POST:/x");
        let want = Algorithm::Md5.hex(format!("{ha1}:n:00000001:c:auth:{ha2}").as_bytes());
        assert_eq!(response(&ch, &ans("u", "p", "POST", "/x", "c")), want);

        let ch = one("Digest realm=\"r\", nonce=\"n\"");
        let ha1 = Algorithm::Md5.hex(b"u:r:p");
        let want = Algorithm::Md5.hex(format!("{ha1}:n:{ha2}").as_bytes());
        assert_eq!(response(&ch, &ans("u", "p", "POST", "/x", "c")), want);
        let (auth, _) = authorization(&ch, &ans("u", "p", "POST", "/x", "c"));
        assert!(!auth.contains("qop") && !auth.contains("cnonce"), "{auth}");
    }

    #[test]
    fn unsupported_and_malformed() {
        let err = |h: &str| match parse_challenges([h]) {
            Err(e) => e,
            Ok(raw) => select(&raw).unwrap_err(),
        };
        let err = |h: &str| match err(h) {
            Error::Unauthorized { why, .. } => why,
            other => panic!("not an unauthorized error: {other:?}"),
        };
        assert!(err("Digest realm=\"r, nonce=n").contains("unterminated quoted string"));
        assert!(
            err("Digest realm=\"r, nonce=\"n\"").starts_with("malformed authentication challenge")
        );
        assert_eq!(
            err("Digest realm=\"r\""),
            "the Digest challenge has no nonce"
        );
        assert!(err("Digest nonce=n, algorithm=SHA-512-256").contains("unsupported algorithm"));
        assert!(err("Digest nonce=n, qop=\"auth-int\"").contains("unsupported qop"));
        assert_eq!(
            err("Digest realm=\"caf\u{e9}\", nonce=\"n\""),
            "malformed authentication challenge: its realm holds bytes other than visible ASCII"
        );
        assert!(err("Digest realm=\"r\", nonce=\"n\u{fffd}\"").contains("its nonce holds"));
        assert_eq!(
            err("Basic realm=\"x\""),
            "the server sent no Digest challenge"
        );
        assert!(err("Digest realm=\"r\" nonce=\"n\"").contains("expected ','"));
    }

    #[test]
    fn userhash_and_escaping() {
        let ch = one("Digest realm=\"r\", nonce=\"n\", qop=auth, userhash=true, algorithm=SHA-256");
        let (auth, _) = authorization(&ch, &ans("u", "p", "GET", "/", "c"));
        assert!(auth.contains(&format!("username=\"{}\"", Algorithm::Sha256.hex(b"u:r"))));
        assert!(auth.ends_with(", userhash=true"));
        assert_eq!(quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
