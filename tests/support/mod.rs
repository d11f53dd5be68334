//! Shared test support: the mock Atlas server, its test CA, and helpers that run the built
//! binary with a scrubbed environment and show everything when an assertion fails.

pub mod apache;
pub mod certs;
pub mod example;
pub mod format_cases;
pub mod gocheck;
pub mod java;
pub mod mock;
pub mod proxy;
pub mod pty;
pub mod python;
pub mod rng;

use std::process::{Command, Output, Stdio};

pub use certs::{temp_dir, temp_file, TempDir};
pub use example::{users_csv, EXAMPLE, ORG, PASSWORD, PERSON};

/// The ids the tests' records and the mock's people share: organizations (`O1` is
/// [`ORG`]), projects and teams.
pub mod ids {
    pub const O1: &str = super::ORG;
    pub const O2: &str = "5dd56c847a3e5a1f363d424e";
    pub const P1: &str = "5f71e5255afec75a3d0f96dc";
    pub const P2: &str = "5f71e5255afec75a3d0f96dd";
    pub const P3: &str = "5f71e5255afec75a3d0f96de";
    pub const P4: &str = "5f71e5255afec75a3d0f96df";
    pub const T1: &str = "66b6d8e2a1b2c3d4e5f60719";
    pub const T2: &str = "66b6d8e2a1b2c3d4e5f6071a";
    pub const T3: &str = "66b6d8e2a1b2c3d4e5f6071b";
}

/// `items` as owned strings.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// A person's memberships to seed the mock with: these organizations, each with its org
/// roles and teams, and these projects, each with its roles.
pub fn memberships(
    orgs: &[(&str, &[&str], &[&str])],
    projects: &[(&str, &[&str])],
) -> mock::Memberships {
    mock::Memberships {
        orgs: orgs
            .iter()
            .map(|(o, roles, teams)| (o.to_string(), (strings(roles), strings(teams))))
            .collect(),
        groups: projects
            .iter()
            .map(|(p, roles)| (p.to_string(), strings(roles)))
            .collect(),
    }
}

/// The binary under test: `ATLAS_TEST_BIN` (any build, say a release binary for another
/// architecture), else the one Cargo built.
pub fn bin() -> String {
    std::env::var("ATLAS_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_atlas").to_string())
}

/// A command for the binary with an empty environment (no HOME, no proxies, no keys),
/// through `ATLAS_TEST_RUNNER` when set (say `qemu-aarch64-static`).
pub fn atlas(args: &[&str]) -> Cmd {
    let mut c = match std::env::var_os("ATLAS_TEST_RUNNER") {
        Some(runner) => {
            let mut c = Command::new(runner);
            c.arg(bin());
            c
        }
        None => Command::new(bin()),
    };
    c.env_clear().args(args).stdin(Stdio::null());
    Cmd {
        cmd: c,
        stdin: None,
        stdout: None,
    }
}

/// A command being built.
pub struct Cmd {
    pub cmd: Command,
    stdin: Option<Vec<u8>>,
    stdout: Option<std::fs::File>,
}

impl Cmd {
    pub fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Cmd {
        self.cmd.env(k, v);
        self
    }

    pub fn env_remove(mut self, k: &str) -> Cmd {
        self.cmd.env_remove(k);
        self
    }

    /// Points the binary at `mock` with its keys and CA.
    pub fn against(self, mock: &mock::Mock) -> Cmd {
        self.env("MONGODB_ATLAS_BASE_URL", mock.url())
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", &mock.opts.public)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", &mock.opts.private)
            .env("SSL_CERT_FILE", &mock.ca_file)
    }

    /// Points the binary at Apache httpd with the keys it accepts (plain HTTP on loopback).
    pub fn against_apache(self, httpd: &apache::Apache) -> Cmd {
        self.env(
            "MONGODB_ATLAS_BASE_URL",
            format!("http://127.0.0.1:{}/", httpd.port),
        )
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", &httpd.public)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", &httpd.private)
    }

    pub fn args(mut self, a: &[&str]) -> Cmd {
        self.cmd.args(a);
        self
    }

    pub fn stdin(mut self, data: &[u8]) -> Cmd {
        self.stdin = Some(data.to_vec());
        self.cmd.stdin(Stdio::piped());
        self
    }

    /// Caps the child's address space, so a run that buffers without bound fails.
    pub fn memory_limit(mut self, bytes: u64) -> Cmd {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe and touches only the child.
        unsafe {
            self.cmd.pre_exec(move || {
                let lim = libc::rlimit {
                    rlim_cur: bytes,
                    rlim_max: bytes,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        self
    }

    /// Sends stdout to `file` (say /dev/full) instead of a pipe.
    pub fn stdout_to(mut self, file: std::fs::File) -> Cmd {
        self.stdout = Some(file);
        self
    }

    /// Runs to completion; kills the child and fails if it takes longer than `limit`.
    pub fn run_within(self, limit: std::time::Duration) -> Run {
        self.start().wait_within(limit)
    }

    /// Starts the run in the background, its stdout (unless sent to a file) and stderr
    /// collected as they come.
    pub fn start(mut self) -> Started {
        use std::io::{Read, Write};
        match self.stdout.take() {
            Some(file) => self.cmd.stdout(file),
            None => self.cmd.stdout(Stdio::piped()),
        };
        self.cmd.stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("spawn atlas");
        fn drain(r: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(mut r) = r {
                    let _ = r.read_to_end(&mut buf);
                }
                buf
            })
        }
        let out = drain(child.stdout.take());
        let err = drain(child.stderr.take());
        if let Some(data) = self.stdin.take() {
            let mut pipe = child.stdin.take().unwrap();
            let _ = pipe.write_all(&data);
        }
        Started {
            child: Reaped(Some(child)),
            out,
            err,
            shown: format!("{:?}", self.cmd),
        }
    }

    /// Starts the run, sends `signal` once `ready` holds, and waits for the end; the exit
    /// code is the process's, or 128 + the signal that ended it. The waits are hang
    /// guards: the run must get ready within 20 s and end within a minute of the signal.
    pub fn signal_when(self, signal: i32, ready: impl Fn() -> bool) -> (i32, Run) {
        use std::os::unix::process::ExitStatusExt;
        use std::time::{Duration, Instant};
        let run = self.start();
        let start = Instant::now();
        while !ready() && start.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(ready(), "the run never got going");
        // SAFETY: kill has no memory-safety preconditions; the pid is our own child's.
        unsafe { libc::kill(run.id(), signal) };
        let run = run.wait_within(Duration::from_secs(60));
        let status = run.out.status;
        let code = status
            .code()
            .unwrap_or_else(|| 128 + status.signal().unwrap_or(0));
        (code, run)
    }

    /// Runs to completion under a hang guard: a run that never ends is killed (its pipes
    /// drained, the process reaped) and the test fails, rather than hanging the suite.
    pub fn run(self) -> Run {
        self.run_within(std::time::Duration::from_secs(300))
    }
}

/// A child process that is killed and reaped when dropped while still held, so a failed
/// assertion never leaves it running.
pub struct Reaped(pub Option<std::process::Child>);

impl Drop for Reaped {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A run started in the background.
pub struct Started {
    child: Reaped,
    out: std::thread::JoinHandle<Vec<u8>>,
    err: std::thread::JoinHandle<Vec<u8>>,
    shown: String,
}

impl Started {
    pub fn id(&self) -> i32 {
        self.child.0.as_ref().map_or(0, |c| c.id() as i32)
    }

    /// Waits for the end; kills the child and fails if it takes longer than `limit`.
    pub fn wait_within(mut self, limit: std::time::Duration) -> Run {
        let deadline = std::time::Instant::now() + limit;
        let status = loop {
            let child = self.child.0.as_mut().expect("running");
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            // Dropping `self` kills and reaps the child.
            assert!(
                std::time::Instant::now() < deadline,
                "{} did not finish within {limit:?}",
                self.shown
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        };
        self.child.0 = None;
        Run {
            shown: self.shown,
            out: Output {
                status,
                stdout: self.out.join().unwrap(),
                stderr: self.err.join().unwrap(),
            },
        }
    }
}

/// A finished run, printed in full when an expectation fails.
pub struct Run {
    shown: String,
    pub out: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }

    fn dump(&self) -> String {
        format!(
            "command: {}\nstatus: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.shown,
            self.out.status,
            self.stdout(),
            self.stderr()
        )
    }

    /// Asserts the exit code and returns self for more checks.
    pub fn code_is(&self, code: i32) -> &Run {
        assert_eq!(self.code(), code, "wrong exit code\n{}", self.dump());
        self
    }

    pub fn stdout_is(&self, want: &str) -> &Run {
        assert_eq!(self.stdout(), want, "wrong stdout\n{}", self.dump());
        self
    }

    pub fn stderr_is(&self, want: &str) -> &Run {
        assert_eq!(self.stderr(), want, "wrong stderr\n{}", self.dump());
        self
    }

    pub fn stdout_has(&self, part: &str) -> &Run {
        assert!(
            self.stdout().contains(part),
            "stdout lacks {part:?}\n{}",
            self.dump()
        );
        self
    }

    pub fn stderr_has(&self, part: &str) -> &Run {
        assert!(
            self.stderr().contains(part),
            "stderr lacks {part:?}\n{}",
            self.dump()
        );
        self
    }

    /// Asserts that no secret appears anywhere in the output.
    pub fn leaks_none(&self, secrets: &[&str]) -> &Run {
        for s in secrets {
            assert!(
                !self.stdout().contains(s) && !self.stderr().contains(s),
                "secret {s:?} leaked\n{}",
                self.dump()
            );
        }
        self
    }
}
