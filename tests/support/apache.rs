//! A private Apache httpd on a free loopback port: a server neither side of a comparison
//! wrote. It guards the API paths with `mod_auth_digest` (realm "MMS Public API") in front
//! of scripts that answer like Atlas, keeps connections alive without a request limit,
//! logs each request's status and client port, and is stopped with its workers when
//! dropped.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use md5::{Digest as _, Md5};
use std::net::TcpStream;

/// A private Apache httpd on a free loopback port, stopped on drop.
pub struct Apache {
    child: Child,
    pub port: u16,
    pub dir: super::TempDir,
    /// The API key pair its digest file accepts.
    pub public: String,
    pub private: String,
}

impl Drop for Apache {
    /// Stops httpd and its worker processes. SIGTERM lets httpd stop and reap its workers;
    /// then its whole process group (which it leads) is killed, at the latest after 5 s.
    fn drop(&mut self) {
        let pid = self.child.id() as i32;
        // SAFETY: kill(2) on our own child, then on the process group it leads.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // Whatever of the group is left (a worker httpd did not wait for) goes too.
        unsafe { libc::kill(-pid, libc::SIGKILL) };
        let _ = self.child.wait();
    }
}

const MODULES: &str = "/usr/lib/apache2/modules";

impl Apache {
    /// Starts httpd guarding /api/atlas/v2/users with Digest (realm "MMS Public API") in front
    /// of a CGI script that records the request and answers like Atlas.
    pub fn start(public: &str, private: &str) -> Apache {
        Apache::with(public, private, false)
    }

    /// The same, but createUser answered in-process by mod_lua (no CGI fork per request,
    /// nothing recorded): a quick referee for benchmarks.
    pub fn start_fast(public: &str, private: &str) -> Apache {
        Apache::with(public, private, true)
    }

    fn with(public: &str, private: &str, fast: bool) -> Apache {
        assert!(
            Path::new("/usr/sbin/apache2").exists()
                && Path::new(MODULES).join("mod_auth_digest.so").exists(),
            "Apache httpd is not installed: run .ci/install-deps (make test does)"
        );
        // httpd's workers run as www-data: every directory above theirs must let them in.
        let dir = super::certs::shared_temp_dir("apache");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let ha1: String = Md5::digest(format!("{public}:{REALM}:{private}").as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        std::fs::write(dir.join("digest.pw"), format!("{public}:{REALM}:{ha1}\n")).unwrap();
        write_scripts(&dir);
        chmod(&dir, 0o777);
        let conf_path = dir.join("httpd.conf");
        std::fs::write(&conf_path, config(&dir, port, fast)).unwrap();
        let child = Command::new("/usr/sbin/apache2")
            .arg("-f")
            .arg(&conf_path)
            .arg("-DFOREGROUND")
            .process_group(0)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let apache = Apache {
            child,
            port,
            dir,
            public: public.into(),
            private: private.into(),
        };
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

    /// The statuses of the requests Apache logged, and how many TCP connections carried
    /// them: requests logged as the first on their connection (`%k` is 0), so a client port
    /// the kernel hands out again still counts as a new connection. httpd logs a request
    /// after answering it, so a loaded machine may lag: the log is read until it has not
    /// changed for 300 ms (at most 5 s).
    pub fn traffic(&self) -> (Vec<String>, usize) {
        let read = || std::fs::read_to_string(self.dir.join("access.log")).unwrap_or_default();
        let started = std::time::Instant::now();
        let mut log = read();
        while started.elapsed() < std::time::Duration::from_secs(5) {
            std::thread::sleep(std::time::Duration::from_millis(300));
            let again = read();
            if again == log {
                break;
            }
            log = again;
        }
        let statuses = log.lines().map(|l| l[..3].to_string()).collect();
        let connections = log.lines().filter(|l| l.ends_with(" 0")).count();
        (statuses, connections)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }
}

/// The realm httpd guards the API paths with, as Atlas's.
const REALM: &str = "MMS Public API";

/// The scripts that answer like Atlas: createUser by CGI (recording body and user) or by
/// mod_lua, and the 2025-02-19 endpoints by one CGI that records each call.
fn write_scripts(dir: &Path) {
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
    std::fs::write(
        dir.join("users.lua"),
        "function handle(r)\n  r.status = 201\n  r.content_type = 'application/json'\n  r:puts('{\"country\":\"US\",\"id\":\"66b6d8e2a1b2c3d4e5f60718\",\"roles\":[],\"username\":\"user@example.com\"}')\n  return apache2.OK\nend\n",
    )
    .unwrap();
}

/// httpd.conf: the modules, keep-alive without a request limit, the status log, the
/// scripts, and Digest in front of every API path.
fn config(dir: &Path, port: u16, fast: bool) -> String {
    let users = if fast {
        format!("LoadModule lua_module {MODULES}/mod_lua.so\nLuaMapHandler ^/api/atlas/v2/users$ {}/users.lua handle\n", dir.display())
    } else {
        format!(
            "ScriptAlias /api/atlas/v2/users {}/users.cgi\n",
            dir.display()
        )
    };
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
    format!(
        "ServerRoot {d}\nServerName localhost\nListen 127.0.0.1:{port}\nPidFile {d}/httpd.pid\nDefaultRuntimeDir {d}\nErrorLog {d}/error.log\nLogLevel warn\nKeepAlive On\nKeepAliveTimeout 60\nMaxKeepAliveRequests 0\nLogFormat \"%>s %U %{{remote}}p %k\" status\nCustomLog {d}/access.log status\n{user}{load}{users}\
         ScriptAliasMatch ^/api/atlas/v2/(orgs|groups)/[0-9a-f]{{24}}/users$ {d}/members.cgi\n\
         <Location /api/atlas/v2/>\n  AuthType Digest\n  AuthName \"{REALM}\"\n  AuthDigestProvider file\n  AuthUserFile {d}/digest.pw\n  Require valid-user\n</Location>\n",
        d = dir.display()
    )
}

fn chmod(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}
