//! Digest interop with independent implementations: curl's client against our mock's
//! server side, and our client against Apache httpd's mod_auth_digest.
//!
//! Both tools are installed by `.ci/install-deps` (which `make test` runs); a missing tool
//! fails the test rather than skipping it, so CI cannot pass without the check.

mod support;

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use md5::{Digest as _, Md5};
use support::mock::{Mock, MEDIA};
use support::{atlas, EXAMPLE, PASSWORD};

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

/// A private Apache httpd on a free loopback port, stopped on drop.
struct Apache {
    child: Child,
    port: u16,
    dir: support::TempDir,
}

impl Drop for Apache {
    /// Stops httpd and its worker processes. SIGTERM lets httpd stop and reap its workers;
    /// if it has not exited within 5 s, its whole process group (which it leads) is killed.
    fn drop(&mut self) {
        let pid = self.child.id() as i32;
        // SAFETY: kill(2) on our own child, then on the process group it leads.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        unsafe { libc::kill(-pid, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

const MODULES: &str = "/usr/lib/apache2/modules";

impl Apache {
    /// Starts httpd guarding /api/atlas/v2/users with Digest (realm "MMS Public API") in front
    /// of a CGI script that records the request and answers like Atlas.
    fn start(public: &str, private: &str) -> Apache {
        assert!(
            Path::new("/usr/sbin/apache2").exists()
                && Path::new(MODULES).join("mod_auth_digest.so").exists(),
            "Apache httpd is not installed: run .ci/install-deps (make test does)"
        );
        // httpd's workers run as www-data: every directory above theirs must let them in.
        let dir = support::shared_temp_dir("apache");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let realm = "MMS Public API";
        let ha1: String = Md5::digest(format!("{public}:{realm}:{private}").as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        std::fs::write(dir.join("digest.pw"), format!("{public}:{realm}:{ha1}\n")).unwrap();
        let script = dir.join("users.cgi");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\ncat > {d}/body\nprintf '%s' \"$REMOTE_USER\" > {d}/user\nprintf 'Status: 201 Created\\r\\nContent-Type: application/json\\r\\n\\r\\n'\nprintf '%s' '{{\"country\":\"US\",\"id\":\"66b6d8e2a1b2c3d4e5f60718\",\"roles\":[],\"username\":\"user@example.com\"}}'\n",
                d = dir.display()
            ),
        )
        .unwrap();
        chmod(&script, 0o755);
        // The 2025-02-19 endpoints: one script records each call (path and body) and
        // answers like a pending org member.
        let members = dir.join("members.cgi");
        std::fs::write(
            &members,
            format!(
                "#!/bin/sh\n{{ printf '%s ' \"$REQUEST_URI\"; cat; echo; }} >> {d}/calls\nprintf 'Status: 201 Created\\r\\nContent-Type: application/json\\r\\n\\r\\n'\ncase \"$REQUEST_URI\" in */orgs/*) roles='{{\"orgRoles\":[\"ORG_MEMBER\"]}}' ;; *) roles='[\"GROUP_OWNER\"]' ;; esac\nprintf '{{\"id\":\"6a7940722c88faeba59bf927\",\"orgMembershipStatus\":\"PENDING\",\"roles\":%s,\"username\":\"user@example.com\"}}' \"$roles\"\n",
                d = dir.display()
            ),
        )
        .unwrap();
        chmod(&members, 0o755);
        chmod(&dir, 0o777);
        let root = Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n")
            .unwrap_or(false);
        let user = if root {
            "User www-data\nGroup www-data\n"
        } else {
            ""
        };
        let load: String = [
            ("mpm_prefork", "mod_mpm_prefork"),
            ("authz_core", "mod_authz_core"),
            ("authz_user", "mod_authz_user"),
            ("authn_core", "mod_authn_core"),
            ("authn_file", "mod_authn_file"),
            ("auth_digest", "mod_auth_digest"),
            ("alias", "mod_alias"),
            ("cgi", "mod_cgi"),
        ]
        .iter()
        .map(|(name, file)| format!("LoadModule {name}_module {MODULES}/{file}.so\n"))
        .collect();
        let conf = format!(
            "ServerRoot {d}\nServerName localhost\nListen 127.0.0.1:{port}\nPidFile {d}/httpd.pid\nDefaultRuntimeDir {d}\nErrorLog {d}/error.log\nLogLevel warn\nLogFormat \"%>s %U\" status\nCustomLog {d}/access.log status\n{user}{load}\
             ScriptAlias /api/atlas/v2/users {d}/users.cgi\n\
             ScriptAliasMatch ^/api/atlas/v2/(orgs|groups)/[0-9a-f]{{24}}/users$ {d}/members.cgi\n\
             <Location /api/atlas/v2/>\n  AuthType Digest\n  AuthName \"{realm}\"\n  AuthDigestProvider file\n  AuthUserFile {d}/digest.pw\n  Require valid-user\n</Location>\n",
            d = dir.display()
        );
        let conf_path = dir.join("httpd.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let child = Command::new("/usr/sbin/apache2")
            .arg("-f")
            .arg(&conf_path)
            .arg("-DFOREGROUND")
            .process_group(0)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let apache = Apache { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "httpd did not start: {}",
                apache.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        apache
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn our_client_passes_apache_mod_auth_digest() {
    let (public, private) = ("apachepub", "apache-private-key-1234");
    let httpd = Apache::start(public, private);
    let base = format!("http://127.0.0.1:{}/", httpd.port);
    let run = atlas(&EXAMPLE)
        .args(&["--password", PASSWORD, "-o", "json"])
        .env("MONGODB_ATLAS_BASE_URL", &base)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", public)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", private)
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
        public
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
        .env("MONGODB_ATLAS_BASE_URL", &base)
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", public)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", "wrong")
        .run();
    run.code_is(1).stderr_has("Error: unauthorized");
    assert!(!httpd.dir.join("user").exists(), "{}", httpd.log());
}

#[test]
fn the_2025_endpoints_pass_apache_mod_auth_digest_reusing_its_nonce() {
    let (public, private) = ("apachepub", "apache-private-key-1234");
    let httpd = Apache::start(public, private);
    let run = atlas(&[
        "users",
        "invite",
        "--email",
        "user@example.com",
        "--username",
        "user@example.com",
        "--firstName",
        "Example",
        "--lastName",
        "User",
        "--country",
        "US",
        "--orgRole",
        "5dd56c847a3e5a1f363d424d:ORG_MEMBER,5dd56c847a3e5a1f363d424e:ORG_OWNER",
        "--projectRole",
        "5f71e5255afec75a3d0f96dc:GROUP_OWNER",
        "--apiVersion",
        "2025-02-19",
        "-o",
        "go-template={{.Id}} ",
    ])
    .env(
        "MONGODB_ATLAS_BASE_URL",
        format!("http://127.0.0.1:{}/", httpd.port),
    )
    .env("MONGODB_ATLAS_PUBLIC_API_KEY", public)
    .env("MONGODB_ATLAS_PRIVATE_API_KEY", private)
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
    let access = std::fs::read_to_string(httpd.dir.join("access.log")).unwrap();
    let statuses: Vec<&str> = access.lines().map(|l| &l[..3]).collect();
    assert_eq!(statuses, ["401", "201", "201", "201"], "{access}");
}

#[test]
fn a_file_of_invites_passes_apache_with_one_challenge() {
    let (public, private) = ("apachepub", "apache-private-key-1234");
    let httpd = Apache::start(public, private);
    let dir = support::temp_dir("interop-file");
    let csv = dir.join("users.csv");
    let mut text = String::from("username,firstName,lastName,country,orgRole\n");
    for i in 1..=3 {
        text.push_str(&format!(
            "user{i}@example.com,F,L,US,5dd56c847a3e5a1f363d424d:ORG_MEMBER\n"
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let run = atlas(&[
        "users",
        "invite",
        "--file",
        csv.to_str().unwrap(),
        "--password",
        PASSWORD,
    ])
    .env(
        "MONGODB_ATLAS_BASE_URL",
        format!("http://127.0.0.1:{}/", httpd.port),
    )
    .env("MONGODB_ATLAS_PUBLIC_API_KEY", public)
    .env("MONGODB_ATLAS_PRIVATE_API_KEY", private)
    .run();
    run.code_is(0)
        .stderr_is("3 records: 3 invited, 0 already existed, 0 failed\n");
    let access = std::fs::read_to_string(httpd.dir.join("access.log")).unwrap();
    let statuses: Vec<&str> = access.lines().map(|l| &l[..3]).collect();
    assert_eq!(statuses, ["401", "201", "201", "201"], "{access}");
}
