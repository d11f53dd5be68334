//! End-to-end tests: the built binary against the mock Atlas over real TLS.

use std::time::Duration;

use crate::support::mock::{Answer, Mock, Options, MEDIA};
use crate::support::proxy::ConnectProxy;
use crate::support::{atlas, EXAMPLE, PASSWORD};

const TEXT: &str = "The user 'user@example.com' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n";

fn invite(mock: &Mock, extra: &[&str]) -> crate::support::Run {
    atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .args(extra)
        .against(mock)
        .run()
}

#[test]
fn invites_with_default_output_and_exact_request() {
    let mock = Mock::start();
    invite(&mock, &[]).code_is(0).stdout_is(TEXT).stderr_is("");
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 2, "{reqs:#?}");
    assert_eq!(
        mock.connections(),
        1,
        "challenge and answer share one connection"
    );
    assert!(!reqs[0].authorized && reqs[1].authorized);
    let r = &reqs[1];
    assert_eq!(
        (r.method.as_str(), r.target.as_str()),
        ("POST", "/api/atlas/v2/users")
    );
    assert_eq!(r.header("accept"), Some(MEDIA));
    assert_eq!(r.header("content-type"), Some(MEDIA));
    let ua = r.header("user-agent").unwrap();
    assert!(
        ua.starts_with(&format!("atlas-invite/{} (", env!("CARGO_PKG_VERSION"))),
        "{ua}"
    );
    assert_eq!(
        r.body,
        format!(
            r#"{{"country":"US","emailAddress":"user@example.com","firstName":"Example","lastName":"User","password":"{PASSWORD}","roles":[{{"orgId":"5dd56c847a3e5a1f363d424d","roleName":"ORG_OWNER"}}],"username":"user@example.com"}}"#
        )
    );
    assert_eq!(
        reqs[0].body, r.body,
        "the first, unauthenticated request carries the same body"
    );
}

#[test]
fn json_output_roles_order_and_mobile() {
    let mock = Mock::start();
    let run = atlas(&[
        "user",
        "invite",
        "--email=a.b@example.org",
        "--username=a.b@example.org",
        "--firstName",
        "Ann <&>",
        "--lastName",
        "Bee",
        "--country",
        "GB",
        "--projectRole",
        "5f71e5255afec75a3d0f96dc:group_read_only",
        "--orgRole",
        "5dd56c847a3e5a1f363d424d:ORG_MEMBER,5dd56c847a3e5a1f363d424e:ORG_READ_ONLY",
        "--mobile",
        "+44 20 7946 0000",
        "-o",
        "json",
        "--password",
        PASSWORD,
    ])
    .against(&mock)
    .run();
    run.code_is(0).stderr_is("").stdout_is(
        r#"{
  "country": "GB",
  "createdAt": "2026-08-10T03:07:30Z",
  "emailAddress": "a.b@example.org",
  "firstName": "Ann \u003c\u0026\u003e",
  "id": "66b6d8e2a1b2c3d4e5f60001",
  "lastName": "Bee",
  "links": [
    {
      "href": "https://cloud.mongodb.com/api/atlas/v2/users/66b6d8e2a1b2c3d4e5f60001",
      "rel": "self"
    }
  ],
  "mobileNumber": "+44 20 7946 0000",
  "password": "",
  "roles": [],
  "teamIds": [],
  "username": "a.b@example.org"
}
"#,
    );
    let body = &mock.requests()[1].body;
    assert_eq!(
        body,
        &format!(
            r#"{{"country":"GB","emailAddress":"a.b@example.org","firstName":"Ann \u003c\u0026\u003e","lastName":"Bee","mobileNumber":"+44 20 7946 0000","password":"{PASSWORD}","roles":[{{"orgId":"5dd56c847a3e5a1f363d424d","roleName":"ORG_MEMBER"}},{{"orgId":"5dd56c847a3e5a1f363d424e","roleName":"ORG_READ_ONLY"}},{{"groupId":"5f71e5255afec75a3d0f96dc","roleName":"GROUP_READ_ONLY"}}],"username":"a.b@example.org"}}"#
        )
    );
}

#[test]
fn output_from_environment_and_no_roles() {
    let mock = Mock::start();
    let args: Vec<&str> = EXAMPLE
        .iter()
        .copied()
        .filter(|a| !a.contains("ORG_OWNER") && *a != "--orgRole")
        .collect();
    let run = atlas(&args)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .env("MONGODB_ATLAS_OUTPUT", "json")
        .run();
    run.code_is(0);
    assert!(
        run.stdout().starts_with("{\n  \"country\": \"US\""),
        "{}",
        run.stdout()
    );
    assert!(mock.requests()[1].body.contains(r#""roles":[]"#));
}

#[test]
fn password_from_piped_stdin_keeps_inner_spaces() {
    let mock = Mock::start();
    atlas(&EXAMPLE)
        .against(&mock)
        .stdin(b"two words here\r\nignored\n")
        .run()
        .code_is(0)
        .stdout_is(TEXT)
        .stderr_is("");
    assert!(mock.requests()[1]
        .body
        .contains(r#""password":"two words here""#));
}

/// Runs a bad invocation against a live mock and checks: exit 2, the message, nothing sent.
fn rejected(args: &[&str], env: &[(&str, &str)], stdin: &[u8], want: &str) {
    let mock = Mock::start();
    let mut cmd = atlas(args).against(&mock).stdin(stdin);
    for (k, v) in env {
        cmd = cmd.env(k, v);
    }
    let run = cmd.run();
    run.code_is(2)
        .stderr_has(want)
        .stdout_is("")
        .leaks_none(&[PASSWORD, &mock.opts.private]);
    assert!(run.stderr().starts_with("Error: "), "{}", run.stderr());
    assert_eq!(mock.connections(), 0, "nothing may be sent for {args:?}");
}

fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = EXAMPLE.to_vec();
    v.extend_from_slice(extra);
    v
}

#[test]
fn every_bad_input_is_refused_before_the_network() {
    let pw = ["--password", PASSWORD];
    rejected(
        &["users", "invite", "--email", "a@b.co"],
        &[],
        b"",
        "Error: required flag(s) \"country\", \"firstName\", \"lastName\", \"username\" not set\n",
    );
    let uk: Vec<&str> = with(&pw)
        .into_iter()
        .map(|a| if a == "US" { "UK" } else { a })
        .collect();
    rejected(&uk, &[], b"", "Error: error parsing flag --country: \"UK\" is not an ISO 3166-1 alpha-2 code (did you mean GB?)\n");
    rejected(
        &with(&["--orgRole", "nocolon", "--password", PASSWORD]),
        &[],
        b"",
        "Error: error parsing flag --orgRole: unexpected role format: nocolon",
    );
    rejected(
        &with(&[
            "--orgRole",
            "5dd56c847a3e5a1f363d424d:GROUP_OWNER",
            "--password",
            PASSWORD,
        ]),
        &[],
        b"",
        "GROUP_OWNER is a role for --projectRole",
    );
    rejected(
        &with(&["--projectRole", "123:GROUP_OWNER", "--password", PASSWORD]),
        &[],
        b"",
        "\"123\" is not a 24-digit lowercase hexadecimal ID",
    );
    rejected(
        &with(&["--username", "not-an-email", "--password", PASSWORD]),
        &[],
        b"",
        "error parsing flag --username: \"not-an-email\" is not an email address",
    );
    rejected(&with(&["--password", "short"]), &[], b"", "Error: error parsing flag --password: the password must have at least 8 characters (it has 5)\n");
    rejected(
        &with(&["-o", "yaml", "--password", PASSWORD]),
        &[],
        b"",
        "error parsing flag --output: unknown output format \"yaml\"",
    );
    rejected(
        &with(&pw),
        &[("MONGODB_ATLAS_BASE_URL", "cloud.mongodb.com")],
        b"",
        "MONGODB_ATLAS_BASE_URL: \"cloud.mongodb.com\" is not a valid base URL: missing scheme",
    );
    rejected(
        &with(&pw),
        &[
            ("MONGODB_ATLAS_BASE_URL", ""),
            ("MONGODB_ATLAS_SERVICE", "onprem"),
        ],
        b"",
        "unsupported service: onprem",
    );
    rejected(
        &with(&pw),
        &[("MONGODB_ATLAS_PRIVATE_API_KEY", "")],
        b"",
        "MONGODB_ATLAS_PUBLIC_API_KEY is set but no private API key is: set MONGODB_ATLAS_PRIVATE_API_KEY too",
    );
    rejected(
        &with(&pw),
        &[("ATLAS_REQUEST_TIMEOUT", "forever")],
        b"",
        "ATLAS_REQUEST_TIMEOUT: \"forever\" is not a number of seconds",
    );
    rejected(
        &with(&pw),
        &[("SSL_CERT_FILE", "/nonexistent/ca.pem")],
        b"",
        "SSL_CERT_FILE /nonexistent/ca.pem: cannot read",
    );
    rejected(
        &with(&pw),
        &[("ATLAS_CONNECT_TIMEOUT", "0")],
        b"",
        "ATLAS_CONNECT_TIMEOUT: \"0\" is not a number of seconds greater than 0 and at most 3600 (default 5)",
    );
    rejected(
        &with(&["--password", PASSWORD, "--orgRole", "5dd56c847a3e5a1f363d424e:ORG_MEMBER,,"]),
        &[],
        b"",
        "Error: error parsing flag --orgRole \"5dd56c847a3e5a1f363d424e:ORG_MEMBER,,\": a role is empty (two commas in a row, or one at either end; want ID:ROLE,ID:ROLE)\n",
    );
    rejected(
        &with(&pw),
        &[
            ("HTTPS_PROXY", "socks5://127.0.0.1:1"),
            ("MONGODB_ATLAS_BASE_URL", "https://atlas.test/"),
        ],
        b"",
        "HTTPS_PROXY: socks5 proxies are not supported",
    );
    rejected(
        &EXAMPLE,
        &[],
        b"",
        "Error: no password: standard input is empty",
    );
    rejected(
        &EXAMPLE,
        &[],
        b"short\n",
        "the password must have at least 8 characters (it has 5)",
    );
    rejected(
        &with(&["--firstname", "x"]),
        &[],
        b"",
        "unknown flag: --firstname (did you mean --firstName?)",
    );
    rejected(
        &["users", "invite", "extra"],
        &[],
        b"",
        "unexpected argument \"extra\"",
    );
}

#[test]
fn all_problems_reported_in_one_run() {
    let mock = Mock::start();
    let run = atlas(&[
        "users",
        "invite",
        "--username",
        "x",
        "--email",
        "y@z",
        "--country",
        "uk",
        "--orgRole",
        "a:b",
        "--password",
        "1234",
    ])
    .against(&mock)
    .env("MONGODB_ATLAS_PUBLIC_API_KEY", "")
    .run();
    run.code_is(2);
    let lines: Vec<String> = run.stderr().lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 7, "{lines:#?}");
    assert!(lines.iter().all(|l| l.starts_with("Error: ")), "{lines:#?}");
    assert_eq!(
        lines[0],
        "Error: required flag(s) \"firstName\", \"lastName\" not set"
    );
    assert!(!run.stderr().contains("(did you mean UK?)"));
    assert!(run
        .stderr()
        .contains("\"uk\" is not an ISO 3166-1 alpha-2 code (did you mean GB?)"));
    assert!(run
        .stderr()
        .contains("MONGODB_ATLAS_PRIVATE_API_KEY is set but no public API key is: set MONGODB_ATLAS_PUBLIC_API_KEY too"));
    assert_eq!(mock.connections(), 0);
}

#[test]
fn missing_credentials_name_the_ways_to_set_them() {
    let mock = Mock::start();
    let run = atlas(&with(&["--password", PASSWORD]))
        .env("MONGODB_ATLAS_BASE_URL", mock.url())
        .env("SSL_CERT_FILE", &mock.ca_file)
        .run();
    run.code_is(2).stderr_has(
        "Error: no credentials: set MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY",
    );
    assert_eq!(mock.connections(), 0);
}

#[test]
fn wrong_keys_are_unauthorized_after_exactly_two_requests() {
    let mock = Mock::start();
    let run = invite_with_keys(&mock, "abcdefgh", "wrong-private-key");
    run.code_is(1)
        .stdout_is("")
        .stderr_has("Error: unauthorized (Atlas rejected the API keys")
        .stderr_has("\n\nTo authenticate, set MONGODB_ATLAS_PUBLIC_API_KEY and MONGODB_ATLAS_PRIVATE_API_KEY (API keys) or MONGODB_ATLAS_CLIENT_ID")
        .leaks_none(&["wrong-private-key", PASSWORD]);
    assert_eq!(mock.requests().len(), 2);
}

fn invite_with_keys(mock: &Mock, public: &str, private: &str) -> crate::support::Run {
    atlas(&with(&["--password", PASSWORD]))
        .against(mock)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", public)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", private)
        .run()
}

#[test]
fn stale_nonce_is_renewed_once() {
    let mock = Mock::start();
    mock.script([Answer::Stale]);
    invite(&mock, &[]).code_is(0).stdout_is(TEXT);
    let reqs = mock.requests();
    assert_eq!(reqs.len(), 3);
    let nonce = |r: &crate::support::mock::Request| {
        let a = r.header("authorization").unwrap();
        a[a.find("nonce=\"").unwrap()..]
            .split('"')
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert_ne!(
        nonce(&reqs[1]),
        nonce(&reqs[2]),
        "the renewal uses the new nonce"
    );
    assert!(reqs[2]
        .header("authorization")
        .unwrap()
        .contains("nc=00000001"));
}

#[test]
fn api_errors_use_the_official_wording() {
    let cases = [
        (Answer::api_error(409, "USER_ALREADY_EXISTS", "A user with username user@example.com already exists.", "Conflict"),
         "Error: URL POST: HTTP 409 Conflict (Error code: \"USER_ALREADY_EXISTS\") Detail: A user with username user@example.com already exists. Reason: Conflict. Params: [], BadRequestDetail: \n"),
        (Answer::Respond { status: 400, content_type: "application/json".into(), headers: vec![],
            body: r#"{"detail":"Invalid attribute.","error":400,"errorCode":"INVALID_ATTRIBUTE","parameters":[5,"x",1000000],"reason":"Bad Request"}"#.into() },
         "Error: URL POST: HTTP 400 Bad Request (Error code: \"INVALID_ATTRIBUTE\") Detail: Invalid attribute. Reason: Bad Request. Params: [5 x 1e+06], BadRequestDetail: \n"),
        (Answer::api_error(500, "UNEXPECTED_ERROR", "Unexpected error.", "Internal Server Error"),
         "Error: URL POST: HTTP 500 Internal Server Error (Error code: \"UNEXPECTED_ERROR\") Detail: Unexpected error. Reason: Internal Server Error. Params: [], BadRequestDetail: \n"),
        (Answer::Respond { status: 502, content_type: "text/html".into(), headers: vec![],
            body: "<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>".into() },
         "Error: URL POST: HTTP 502 Bad Gateway (not an Atlas API error, text/html: 502 Bad Gateway nginx)\n"),
    ];
    for (answer, want) in cases {
        let mock = Mock::start();
        mock.script([answer]);
        let want = want.replace("URL", &format!("{}api/atlas/v2/users", mock.url()));
        invite(&mock, &[]).code_is(1).stdout_is("").stderr_is(&want);
        assert_eq!(mock.requests().len(), 2);
    }
}

#[test]
fn unreachable_and_untrusted_servers_exit_3() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mock = Mock::start();
    let run = atlas(&with(&["--password", PASSWORD]))
        .against(&mock)
        .env(
            "MONGODB_ATLAS_BASE_URL",
            format!("https://127.0.0.1:{port}/"),
        )
        .run();
    run.code_is(3).stderr_has(&format!(
        "Error: POST https://127.0.0.1:{port}/api/atlas/v2/users: connection refused"
    ));

    // Without SSL_CERT_FILE the embedded Mozilla roots do not trust the test CA.
    let run = atlas(&with(&["--password", PASSWORD]))
        .against(&mock)
        .env_remove("SSL_CERT_FILE")
        .run();
    run.code_is(3).stderr_has(
        "TLS: the server's certificate is not signed by a trusted authority (for a private CA, set SSL_CERT_FILE to its PEM file)",
    );
    assert_eq!(
        mock.requests().len(),
        0,
        "nothing is sent over an untrusted connection"
    );
}

#[test]
fn https_proxy_tunnels_with_connect_and_honours_go_rules() {
    let mock = Mock::start();
    let proxy = ConnectProxy::start();
    let base = format!("https://mock.test:{}/", mock.addr.port());
    atlas(&with(&["--password", PASSWORD]))
        .against(&mock)
        .env("MONGODB_ATLAS_BASE_URL", &base)
        .env("HTTPS_PROXY", proxy.url())
        .env("HTTP_PROXY", "http://127.0.0.1:1")
        .run()
        .code_is(0)
        .stdout_is(TEXT);
    assert_eq!(proxy.targets(), [format!("mock.test:{}", mock.addr.port())]);
    assert_eq!(mock.requests().len(), 2);

    // NO_PROXY matches: a direct connection, and .invalid names never resolve.
    let run = atlas(&with(&["--password", PASSWORD]))
        .against(&mock)
        .env(
            "MONGODB_ATLAS_BASE_URL",
            format!("https://mock.invalid:{}/", mock.addr.port()),
        )
        .env("HTTPS_PROXY", proxy.url())
        .env("NO_PROXY", "example.com,.invalid")
        .run();
    run.code_is(3)
        .stderr_has("could not resolve the host name (DNS)");

    // Loopback is never proxied, as in Go: by name and by address, even with every
    // proxy variable set and NO_PROXY empty.
    invite_via(&mock, &proxy).code_is(0);
    let before = mock.connections();
    atlas(&with(&["--password", PASSWORD]))
        .against(&mock)
        .env(
            "MONGODB_ATLAS_BASE_URL",
            format!("https://127.0.0.1:{}/", mock.addr.port()),
        )
        .env("HTTPS_PROXY", proxy.url())
        .env("https_proxy", proxy.url())
        .env("ALL_PROXY", proxy.url())
        .run()
        .code_is(0);
    assert_eq!(proxy.targets().len(), 1, "loopback went through the proxy");
    assert_eq!(mock.connections(), before + 1, "one direct connection");
}

fn invite_via(mock: &Mock, proxy: &ConnectProxy) -> crate::support::Run {
    atlas(&with(&["--password", PASSWORD]))
        .against(mock)
        .env("HTTPS_PROXY", proxy.url())
        .run()
}

#[test]
fn digest_variants_from_the_server() {
    for (algorithm, qop, opaque) in [
        ("SHA-256", true, false),
        ("MD5-sess", true, true),
        ("SHA-256-sess", true, true),
        ("MD5", false, true),
    ] {
        let mock = Mock::with(Options {
            algorithm: algorithm.into(),
            qop,
            opaque,
            ..Options::default()
        });
        invite(&mock, &[]).code_is(0).stdout_is(TEXT);
        assert!(mock.requests()[1].authorized, "{algorithm} qop={qop}");
    }
}

#[test]
fn plain_http_on_loopback_works() {
    let mock = Mock::with(Options {
        tls: false,
        ..Options::default()
    });
    invite(&mock, &[]).code_is(0).stdout_is(TEXT);
}

#[test]
fn debug_trace_redacts_secrets() {
    let mock = Mock::start();
    let run = invite(&mock, &["--debug"]);
    run.code_is(0)
        .stdout_is(TEXT)
        .stderr_has("> POST ")
        .stderr_has("response=\"[redacted]\"")
        .stderr_has("\"password\":\"[redacted]\"")
        .stderr_has("< 201 Created")
        .leaks_none(&[PASSWORD, &mock.opts.private]);
    let auth = mock.requests()[1]
        .header("authorization")
        .unwrap()
        .to_string();
    let response = auth[auth.find("response=\"").unwrap() + 10..]
        .split('"')
        .next()
        .unwrap()
        .to_string();
    run.leaks_none(&[&response]);
}

#[test]
fn help_and_version() {
    let run = atlas(&["users", "invite", "--help"]).run();
    run.code_is(0).stderr_is("");
    for part in [
        "atlas users invite [flags]",
        "atlas user invite",
        "--orgRole strings",
        "-P, --profile string",
        "5f71e5255afec75a3d0f96dc:GROUP_READ_ONLY",
        "--apiVersion string",
        "and 2025-02-19 when Atlas answers 410 Gone",
    ] {
        assert!(run.stdout().contains(part), "help lacks {part}");
    }
    atlas(&["--version"]).run().code_is(0).stdout_is(&format!(
        "atlas version: {} (atlas-invite)\n",
        env!("CARGO_PKG_VERSION")
    ));
    assert!(atlas(&[])
        .run()
        .code_is(0)
        .stdout()
        .contains("Available Commands:"));
    assert!(atlas(&["user"])
        .run()
        .code_is(0)
        .stdout()
        .contains("invite"));
    atlas(&["clusters", "list"])
        .run()
        .code_is(2)
        .stderr_has("unknown command \"clusters\" for \"atlas\"");
}

#[test]
fn the_help_command_prints_what_help_flags_print() {
    for (words, flag) in [
        (&["help"][..], &["--help"][..]),
        (&["help", "users"], &["users", "--help"]),
        (&["help", "users", "invite"], &["users", "invite", "--help"]),
        (&["help", "user", "invite"], &["user", "invite", "-h"]),
    ] {
        let by_flag = atlas(flag).run().code_is(0).stdout();
        assert!(by_flag.contains("Usage:"), "{by_flag}");
        atlas(words)
            .run()
            .code_is(0)
            .stdout_is(&by_flag)
            .stderr_is("");
    }
    atlas(&["--help"])
        .run()
        .stdout_has("Available Commands:\n  help        Help about any command\n  users ");
    for words in [
        &["help", "help"][..],
        &["help", "--help"],
        &["help", "users", "-h"],
    ] {
        atlas(words)
            .run()
            .code_is(0)
            .stderr_is("")
            .stdout_has("Help provides help for any command in the application.\nSimply type atlas help [path to command] for full details.\n\nUsage:\n  atlas help [command] [flags]\n");
    }
}

#[test]
fn an_unknown_help_topic_shows_the_usage_on_stderr_as_cobra_does() {
    let run = atlas(&["help", "nonsense"]).run();
    run.code_is(0).stdout_is("");
    let usage = atlas(&["--help"]).run().stdout();
    let usage = &usage[usage.find("Usage:").unwrap()..];
    run.stderr_is(&format!("Unknown help topic [`nonsense`]\n{usage}"));
    atlas(&["help", "users", "invte"])
        .run()
        .code_is(0)
        .stdout_is("")
        .stderr_has("Unknown help topic [`users` `invte`] (did you mean invite?)\nUsage:\n");
}

#[test]
fn a_mistyped_command_gets_a_suggestion_and_sends_nothing() {
    let mock = Mock::start();
    let mut args = vec!["user", "invte"];
    args.extend_from_slice(&EXAMPLE[2..]);
    atlas(&args)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .run()
        .code_is(2)
        .stdout_is("")
        .stderr_is("Error: unknown command \"invte\" for \"atlas users\" (did you mean invite?)\n");
    atlas(&["usres", "invite"])
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is("Error: unknown command \"usres\" for \"atlas\" (did you mean users?)\n");
    assert_eq!(mock.connections(), 0);
}

#[test]
fn an_empty_role_is_reported_once() {
    let mock = Mock::start();
    let run = atlas(&with(&[
        "--password",
        PASSWORD,
        "--projectRole",
        ",5f71e5255afec75a3d0f96dc:GROUP_OWNER,",
    ]))
    .against(&mock)
    .run();
    run.code_is(2).stderr_is(
        "Error: error parsing flag --projectRole \",5f71e5255afec75a3d0f96dc:GROUP_OWNER,\": a role is empty (two commas in a row, or one at either end; want ID:ROLE,ID:ROLE)\n",
    );
    assert_eq!(mock.connections(), 0);
}

#[test]
fn a_lower_case_country_is_sent_in_upper_case() {
    let mock = Mock::start();
    let mut args = EXAMPLE.to_vec();
    let at = args.iter().position(|a| *a == "--country").unwrap();
    args[at + 1] = "gb";
    atlas(&args)
        .args(&["--password", PASSWORD])
        .against(&mock)
        .run()
        .code_is(0);
    assert!(
        mock.requests()[1].body.starts_with(r#"{"country":"GB","#),
        "{}",
        mock.requests()[1].body
    );
}

#[test]
fn special_files_for_ssl_cert_file_and_templates_are_refused_at_once() {
    let dir = crate::support::temp_dir("fifo");
    let fifo = dir.join("fifo");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let mock = Mock::start();
    let f = fifo.display().to_string();
    atlas(&with(&["--password", PASSWORD]))
        .against(&mock)
        .env("SSL_CERT_FILE", &fifo)
        .run_within(Duration::from_secs(5))
        .code_is(2)
        .stderr_is(&format!(
            "Error: SSL_CERT_FILE {f}: cannot read: is a FIFO, not a regular file\n"
        ));
    let tmpl = format!("go-template-file={f}");
    atlas(&with(&["--password", PASSWORD, "-o", &tmpl]))
        .against(&mock)
        .run_within(Duration::from_secs(5))
        .code_is(2)
        .stderr_is(&format!("Error: error parsing flag --output: error loading template: {f}, open {f}: is a FIFO, not a regular file\n"));
    assert_eq!(mock.connections(), 0);
}
