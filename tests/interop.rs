//! Digest interop with independent implementations: curl's client against our mock's
//! server side, and our client against Apache httpd's mod_auth_digest.
//!
//! Both tools are installed by `.ci/install-deps` (which `make test` runs); a missing tool
//! fails the test rather than skipping it, so CI cannot pass without the check.

use std::process::Command;

use crate::support::apache::Apache;
use crate::support::mock::{Mock, MEDIA};
use crate::support::{atlas, users_csv, EXAMPLE, PASSWORD, PERSON};

const BODY: &str = r#"{"country":"US","emailAddress":"user@example.com","firstName":"Example","lastName":"User","password":"S3cret-Passw0rd","roles":[],"username":"user@example.com"}"#;

fn curl(mock: &Mock, user: &str) -> (String, String) {
    let out = Command::new("curl")
        .args([
            "--silent",
            "--show-error",
            "--digest",
            "--user",
            user,
            "--cacert",
        ])
        .arg(&mock.ca_file)
        .args([
            "-H",
            &format!("Accept: {MEDIA}"),
            "-H",
            &format!("Content-Type: {MEDIA}"),
        ])
        .args(["--data-binary", BODY, "--write-out", "\n%{http_code}"])
        .arg(format!("{}api/atlas/v2/users", mock.url()))
        .output()
        .expect("curl is not installed: run .ci/install-deps (make test does)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", ""));
    (code.to_string(), body.to_string())
}

#[test]
fn curl_digest_is_accepted_by_the_mock_and_wrong_keys_are_not() {
    let mock = Mock::start();
    let keys = format!("{}:{}", mock.opts.public, mock.opts.private);
    let (code, body) = curl(&mock, &keys);
    assert_eq!(code, "201", "{body}");
    assert!(body.contains(r#""username":"user@example.com""#), "{body}");
    let reqs = mock.requests();
    assert!(reqs.last().unwrap().authorized);
    assert_eq!(reqs.last().unwrap().body, BODY);

    let mock = Mock::start();
    let (code, _) = curl(&mock, &format!("{}:wrong", mock.opts.public));
    assert_eq!(code, "401");
    assert!(mock.requests().iter().all(|r| !r.authorized));
}

/// Apache httpd with mod_auth_digest in front of the recording CGI script.
fn apache() -> Apache {
    Apache::start("apachepub", "apache-private-key-1234")
}

#[test]
fn our_client_passes_apache_mod_auth_digest() {
    let httpd = apache();
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "-o", "json"])
        .against_apache(&httpd)
        .run();
    run.code_is(0);
    assert!(
        run.stdout()
            .contains("\"id\": \"66b6d8e2a1b2c3d4e5f60718\""),
        "{}",
        run.stdout()
    );
    assert_eq!(
        std::fs::read_to_string(httpd.dir.join("user")).unwrap(),
        httpd.public
    );
    let body = std::fs::read_to_string(httpd.dir.join("body")).unwrap();
    assert!(
        body.starts_with(r#"{"country":"US","emailAddress":"user@example.com""#),
        "{body}"
    );

    // Apache refuses a wrong key: exit 1, "unauthorized", and the CGI never ran again.
    std::fs::remove_file(httpd.dir.join("user")).unwrap();
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD])
        .against_apache(&httpd)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong")
        .run();
    run.code_is(1).stderr_has("Error: unauthorized");
    assert!(!httpd.dir.join("user").exists(), "{}", httpd.log());
}

#[test]
fn the_2025_endpoints_pass_apache_mod_auth_digest_reusing_its_nonce() {
    let httpd = apache();
    let run = atlas(&PERSON)
        .args(&[
            "--orgRole",
            "5dd56c847a3e5a1f363d424d:ORG_MEMBER,5dd56c847a3e5a1f363d424e:ORG_OWNER",
            "--projectRole",
            "5f71e5255afec75a3d0f96dc:GROUP_OWNER",
            "--apiVersion",
            "2025-02-19",
            "-o",
            "go-template={{.Id}} ",
        ])
        .against_apache(&httpd)
        .run();
    run.code_is(0)
        .stdout_is("6a7940722c88faeba59bf927 6a7940722c88faeba59bf927 6a7940722c88faeba59bf927 ");
    let calls = std::fs::read_to_string(httpd.dir.join("calls")).unwrap();
    let lines: Vec<&str> = calls.lines().collect();
    assert_eq!(
        lines,
        [
            r#"/api/atlas/v2/orgs/5dd56c847a3e5a1f363d424d/users {"username":"user@example.com","roles":{"orgRoles":["ORG_MEMBER"]}}"#,
            r#"/api/atlas/v2/orgs/5dd56c847a3e5a1f363d424e/users {"username":"user@example.com","roles":{"orgRoles":["ORG_OWNER"]}}"#,
            r#"/api/atlas/v2/groups/5f71e5255afec75a3d0f96dc/users {"username":"user@example.com","roles":["GROUP_OWNER"]}"#,
        ],
        "{}",
        httpd.log()
    );
    // Apache honoured the reused nonce: one challenge (401) for the run, then one request
    // per call.
    let (statuses, connections) = httpd.traffic();
    assert_eq!(statuses, ["401", "201", "201", "201"], "{}", httpd.log());
    assert_eq!(connections, 1);
}

#[test]
fn a_file_of_invites_passes_apache_with_one_challenge() {
    let httpd = apache();
    let dir = crate::support::temp_dir("interop-file");
    let csv = dir.join("users.csv");
    std::fs::write(&csv, users_csv(3)).unwrap();
    let run = atlas(&["users", "invite", "--file", csv.to_str().unwrap()])
        .args(&["--password", PASSWORD])
        .against_apache(&httpd)
        .run();
    run.code_is(0)
        .stderr_is("3 records: 3 invited, 0 already existed, 0 failed\n");
    let (statuses, connections) = httpd.traffic();
    assert_eq!(statuses, ["401", "201", "201", "201"], "{}", httpd.log());
    assert_eq!(connections, 1);
}

#[test]
fn the_benchmark_referee_invites_a_file() {
    // `make bench` times against this in-process (mod_lua) Apache: it must answer like Atlas.
    let httpd = Apache::start_fast("apachepub", "apache-private-key-1234");
    let dir = crate::support::temp_dir("interop-fast");
    let csv = dir.join("users.csv");
    std::fs::write(&csv, users_csv(3)).unwrap();
    atlas(&["users", "invite", "--file", csv.to_str().unwrap()])
        .args(&["--password", PASSWORD])
        .against_apache(&httpd)
        .run()
        .code_is(0)
        .stderr_is("3 records: 3 invited, 0 already existed, 0 failed\n");
}
