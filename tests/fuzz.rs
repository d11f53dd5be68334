//! Bounded randomized tests of every parser that reads outside input: the Digest challenge
//! parser, the TOML reader, JSONPath and templates (parse and run), the argument scanner,
//! the DNS answer parser, the API error renderer and the URL parser. Fixed seeds, so a
//! failure reproduces; each input must neither panic nor take long.
//!
//! CI runs `FUZZ_ITERATIONS` (default 20,000) inputs per target, a few seconds in all. For a
//! longer hunt: `FUZZ_ITERATIONS=1000000 cargo test --release --test tests -- fuzz:: --nocapture`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use crate::support::rng::Rng;

use atlas_invite::testing::{
    csv_rows, digest, dns, error_message, go_value, json_value, parse_args, read_json, read_keys,
    sample, toml, AppUser, JsonPath, JsonRules, Template, Url,
};

/// Random inputs built from grammar tokens, and random bytes.
trait Text {
    fn text(&mut self, tokens: &[&str], max: usize) -> String;
    fn bytes(&mut self, max: usize) -> Vec<u8>;
}

impl Text for Rng {
    /// A string of 0..max pieces, each a grammar token or a random character.
    fn text(&mut self, tokens: &[&str], max: usize) -> String {
        let mut s = String::new();
        for _ in 0..self.below(max + 1) {
            match self.below(10) {
                0 => s.push(char::from_u32(self.below(0x250) as u32).unwrap_or('?')),
                1 => s.push(char::from(self.below(128) as u8)),
                2 if !s.is_empty() => {
                    // Repeat a slice of what is there: nesting and long runs.
                    let copy: String = s.chars().take(64).collect();
                    let n = self.below(4) + 1;
                    for _ in 0..n {
                        s.push_str(&copy);
                    }
                }
                _ => s.push_str(tokens[self.below(tokens.len())]),
            }
        }
        s
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        (0..self.below(max + 1))
            .map(|_| self.next() as u8)
            .collect()
    }
}

fn iterations() -> usize {
    std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

/// Runs `f` on `n` generated inputs; any panic or slow input fails with the input shown.
fn fuzz<T: std::fmt::Debug>(name: &str, seed: u64, gen: impl Fn(&mut Rng) -> T, f: impl Fn(&T)) {
    let mut rng = Rng(seed);
    let started = Instant::now();
    for i in 0..iterations() {
        let input = gen(&mut rng);
        let t = Instant::now();
        let r = catch_unwind(AssertUnwindSafe(|| f(&input)));
        assert!(r.is_ok(), "{name}: input #{i} panicked: {input:?}");
        // A hang detector, not a speed test: nothing should come near this.
        assert!(
            t.elapsed() < Duration::from_secs(5),
            "{name}: input #{i} took {:?}: {input:?}",
            t.elapsed()
        );
    }
    eprintln!("{name}: {} inputs in {:?}", iterations(), started.elapsed());
}

#[test]
fn digest_challenges() {
    let tokens = [
        "Digest",
        "Basic",
        " ",
        ", ",
        ",",
        "realm",
        "nonce",
        "opaque",
        "qop",
        "algorithm",
        "stale",
        "userhash",
        "=",
        "\"",
        "\\\"",
        "\\",
        "auth",
        "auth-int",
        "MD5",
        "MD5-sess",
        "SHA-256",
        "SHA-256-sess",
        "true",
        "abc==",
        "\t",
        "\r\n",
    ];
    fuzz(
        "digest",
        1,
        |r| r.text(&tokens, 40),
        |h| {
            if let Ok(raw) = digest::parse_challenges([h.as_str()]) {
                if let Ok(ch) = digest::select(&raw) {
                    let a = digest::Params {
                        user: "user",
                        password: "pass",
                        method: "POST",
                        uri: "/x",
                        nc: 1,
                        cnonce: "c",
                    };
                    let _ = digest::authorization(&ch, &a);
                }
            }
        },
    );
}

#[test]
fn toml_reader() {
    let tokens = [
        "[",
        "]",
        "[[",
        "]]",
        "\"",
        "'",
        "'''",
        "\"\"\"",
        "=",
        " = ",
        "\n",
        "\r\n",
        "#",
        "\\u00e9",
        "\\",
        "{",
        "}",
        ",",
        ".",
        "key",
        "default",
        "public_api_key",
        "1",
        "true",
        "1979-05-27",
        " ",
        "\t",
        "\"x\"",
        "'y'",
        "[p]\n",
        "-",
        "_",
        "0x1f",
        "+",
        "e",
    ];
    fuzz(
        "toml",
        2,
        |r| r.text(&tokens, 60),
        |t| {
            let _ = toml::parse(t);
        },
    );
}

#[test]
fn jsonpath_parse_and_run() {
    let tokens = [
        "$", ".", "..", "[", "]", "*", "?", "(", ")", "@", "'self'", "\"x\"", "==", "!=", "<",
        ">=", "&&", "||", ":", ",", "-1", "0", "2", "id", "roles", "links", "rel", "roleName",
        "true", "null", " ", "-",
    ];
    let user = json_value(&sample());
    fuzz(
        "jsonpath",
        3,
        |r| format!("${}", r.text(&tokens, 30)),
        |p| {
            if let Ok(path) = JsonPath::parse(p) {
                let _ = path.eval(&user);
            }
        },
    );
}

#[test]
fn templates_parse_and_run() {
    let tokens = [
        "{{",
        "}}",
        "{{- ",
        " -}}",
        ".",
        ".CreatedAt",
        ".Format",
        "\"Mon Jan _2 15:04:05.000 MST -07:00 2006 PM 002\"",
        ".Unix",
        ".UTC",
        ".Id",
        ".Username",
        ".Roles",
        ".Links",
        ".Rel",
        ".Nope",
        " ",
        "if",
        "else",
        "end",
        "range",
        "with",
        "define",
        "template",
        "block",
        "break",
        "continue",
        "\"row\"",
        "$",
        "$x",
        ":=",
        "=",
        "|",
        "(",
        ")",
        "printf",
        "\"%v %d %s %q %x %5.2f %-3s %T\"",
        "len",
        "index",
        "slice",
        "eq",
        "lt",
        "and",
        "or",
        "not",
        "print",
        "println",
        "html",
        "js",
        "urlquery",
        "1",
        "-1",
        "3",
        "1.5",
        "'a'",
        "nil",
        "true",
        "\t",
        "\n",
        "/*",
        "*/",
        ",",
    ];
    let user = go_value(&sample());
    fuzz(
        "template",
        4,
        |r| r.text(&tokens, 40),
        |t| {
            if let Ok(tmpl) = Template::parse(t) {
                let _ = tmpl.render(&user);
            }
        },
    );
}

#[test]
fn argument_scanner() {
    let tokens = [
        "users",
        "user",
        "invite",
        "--email",
        "--username",
        "--firstName",
        "--lastName",
        "--country",
        "--password",
        "--mobile",
        "--orgRole",
        "--projectRole",
        "-o",
        "--output",
        "-P",
        "--profile",
        "-h",
        "--help",
        "--version",
        "-D",
        "=",
        "x",
        "a:b",
        ",",
        "-",
        "--",
        "US",
    ];
    fuzz(
        "args",
        5,
        |r| {
            (0..r.below(12))
                .map(|_| r.text(&tokens, 3))
                .collect::<Vec<String>>()
        },
        |args| {
            let _ = parse_args(args.iter().cloned());
        },
    );
}

#[test]
fn dns_answers() {
    let query = dns::question(0x4242, "cloud.mongodb.com.", 1);
    fuzz(
        "dns",
        6,
        |r| {
            let mut m = query.clone();
            m[2] |= 0x80;
            let junk = r.bytes(300);
            if r.below(2) == 0 {
                m.extend(junk);
                m
            } else {
                junk
            }
        },
        |m| {
            let _ = dns::parse_answer(m, 0x4242, &query);
        },
    );
}

#[test]
fn api_answers_and_urls() {
    let tokens = [
        "{",
        "}",
        "[",
        "]",
        "\"",
        ":",
        ",",
        "\"detail\"",
        "\"errorCode\"",
        "\"parameters\"",
        "\"badRequestDetail\"",
        "\"username\"",
        "\"createdAt\"",
        "\"2026-08-10T03:07:30Z\"",
        "1",
        "1e6",
        "null",
        "true",
        "<html>",
        "\\u00",
        " ",
    ];
    fuzz(
        "api",
        7,
        |r| r.text(&tokens, 50),
        |b| {
            let _ = error_message("https://x/api/atlas/v2/users", 400, "application/json", b);
            let _ = AppUser::decode(b);
        },
    );
    let url_tokens = [
        "https://", "http://", "[", "]", "::1", "@", ":", "/", "?", "#", "host", "443", "99999",
        "a b", "%", ".",
    ];
    fuzz(
        "url",
        8,
        |r| r.text(&url_tokens, 12),
        |u| {
            let _ = Url::parse(u);
        },
    );
    fuzz(
        "keys",
        9,
        |r| r.bytes(64),
        |b| {
            let _ = read_keys(&mut b.as_slice());
        },
    );
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let deep = |open: &str, close: &str, n: usize| format!("{}{}", open.repeat(n), close.repeat(n));
    assert!(toml::parse(&format!("a = {}", deep("[", "]", 100_000))).is_err());
    assert!(JsonPath::parse(&format!("$[?{}]", deep("(", ")", 100_000))).is_err());
    assert!(Template::parse(&format!(
        "{{{{{}1{}}}}}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    ))
    .is_err());
    assert!(Template::parse(&format!(
        "{}{}",
        "{{if 1}}".repeat(100_000),
        "{{end}}".repeat(100_000)
    ))
    .is_err());
    assert!(Template::parse(&format!(
        "{{{{if 1}}}}{}{{{{end}}}}",
        "{{else if 1}}".repeat(100_000)
    ))
    .is_err());
    let nested = format!(
        "{{\"detail\":\"d\",\"errorCode\":\"E\",\"parameters\":[{}]}}",
        deep("[", "]", 100_000)
    );
    let msg = error_message("https://x/", 400, "application/json", &nested);
    assert!(
        msg.contains("Error code: \"E\""),
        "{}",
        &msg[..100.min(msg.len())]
    );
}

#[test]
fn json_reader_and_records() {
    let tokens = [
        "{",
        "}",
        "[",
        "]",
        "\"",
        "\\",
        "\\u",
        "d800",
        "00e9",
        ":",
        ",",
        "1e",
        "-",
        ".5",
        "0",
        "true",
        "null",
        "\"username\"",
        "\"orgRole\"",
        "\r",
        "\n",
        "\r\n",
        " ",
        "\u{feff}",
    ];
    let rules = JsonRules {
        max_depth: 16,
        unique_keys: true,
        elide_deep: false,
        replace_lone_surrogates: false,
    };
    fuzz(
        "json reader",
        0x150a,
        |r| r.text(&tokens, 60),
        |t| {
            let _ = read_json(t, rules);
            let _ = read_json(
                t,
                JsonRules {
                    elide_deep: true,
                    replace_lone_surrogates: true,
                    ..rules
                },
            );
        },
    );
    fuzz(
        "csv rows",
        0xc5f0,
        |r| r.bytes(200),
        |b| {
            let _ = csv_rows(b);
        },
    );
}
