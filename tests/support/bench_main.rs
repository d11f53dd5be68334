//! `make bench`: the project's benchmark, and its method. It measures the musl release
//! binary (`make bench` builds it) and writes `target/bench.md`; the README quotes the
//! latest run. The machine is shared and noisy, so every figure is a ratio against a peer
//! measured in the same run, never a timed assertion in a test.
//!
//! Usage: `bench <our-binary> <report.md> [runs]` (runs: at least 20, default 25);
//! `BENCH_ONLY=state` runs the desired-state table alone.
//!
//! 1. **One invite.** It starts the mock Atlas (TLS, Digest) on loopback and runs,
//!    alternating, our binary and `curl --digest` sending the identical request (same
//!    body, same `Accept`, `Content-Type` and `User-Agent`), `runs` times each, then
//!    reports medians. Wall and CPU time (user + system) come from `wait4(2)`; peak RSS is
//!    `VmHWM` read at exit under ptrace (`wait4`'s `ru_maxrss` would count the forked
//!    parent's pages). Start-up is our binary refusing an invalid country (no network)
//!    against `curl --version`; footprint is our binary against curl plus every library
//!    `ldd` lists. The mock counts TCP connections and HTTP requests per invite.
//! 2. **200 invites against a referee neither side wrote:** Apache httpd with
//!    `mod_auth_digest` (createUser answered in-process by `mod_lua`, keep-alive
//!    unlimited): one `--file` run, a shell loop of 200 `curl --digest` calls and a loop
//!    of 200 runs of our binary, medians of 3, with the requests and TCP connections
//!    Apache logged (a connection is a request Apache logs as the first on its connection,
//!    `%k`); and the time to validate (and print the requests of) a 10,000-record file
//!    with `--dryRun`.
//! 3. **Long runs against the mock:** 200 records through a token bucket (capacity 10,
//!    refill 10/s, Retry-After in whole seconds) against the bucket's own minimum time;
//!    dry runs of 10,000 and 100,000 records with a password each (medians of 3; time,
//!    and peak memory against 3x the file + 16 MiB) for 10x the records; real runs of
//!    5,000 and 20,000 records (client CPU for 4x the records).
//! 4. **Desired state against the mock** (`bench_state.rs`): API calls (challenges aside)
//!    and wall time of file runs that read each organization first, beside the per-record
//!    path every run took before (measured as a loop of single invites, which still take
//!    it): an unchanged re-run of 500 users with `--ifNotExists` and with
//!    `--ensureMemberships`, 200 new users into an organization of 1,000 with and without
//!    `--ifNotExists`, 10 changed users of 500, and an unchanged re-run of 200 users
//!    through a token bucket of 3 refilled at 1 a second (the per-record path's 400 calls
//!    would take at least 397 s by the bucket's arithmetic: not run); and the client CPU of
//!    `--prune --plan` for 2,000 then 20,000 people, one team removal each (10x the people).
//!
//! The mock's own cost per request does not grow with what it holds (a createUser that
//! scanned every user made before made a 20,000-record run quadratic on the server, and the
//! client's CPU, sharing two cores, with it).

#[allow(dead_code)] // the bench uses part of each support module; the tests use the rest
mod apache;
#[allow(dead_code)] // the bench uses part of each support module; the tests use the rest
mod certs;
#[allow(dead_code)] // the bench uses part of each support module; the tests use the rest
mod example;
#[allow(dead_code)] // the bench uses part of each support module; the tests use the rest
mod mock;

mod bench_state;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use certs::{shared_temp_dir, TempDir};
use example::{users_csv, EXAMPLE, ORG, PASSWORD};
use mock::{Mock, MEDIA};

/// One measured run.
#[derive(Clone, Copy)]
struct Sample {
    wall_ms: f64,
    cpu_ms: f64,
    rss_kib: f64,
    ok: bool,
}

/// Peak RSS of `cmd`'s own image in KiB: VmHWM read while it is stopped at exit under
/// ptrace. (wait4's ru_maxrss also counts the forked parent's pages before exec.)
fn peak_rss(cmd: &Command) -> f64 {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let cstr = |s: &std::ffi::OsStr| CString::new(s.as_bytes()).expect("no NUL");
    let prog = cstr(cmd.get_program());
    let mut argv: Vec<CString> = vec![prog.clone()];
    argv.extend(cmd.get_args().map(cstr));
    let envp: Vec<CString> = cmd
        .get_envs()
        .filter_map(|(k, v)| {
            v.map(|v| CString::new([k.as_bytes(), b"=", v.as_bytes()].concat()).expect("no NUL"))
        })
        .collect();
    let mut argv_p: Vec<*const libc::c_char> = argv.iter().map(|a| a.as_ptr()).collect();
    argv_p.push(std::ptr::null());
    let mut envp_p: Vec<*const libc::c_char> = envp.iter().map(|e| e.as_ptr()).collect();
    envp_p.push(std::ptr::null());
    let devnull = CString::new("/dev/null").unwrap();
    // SAFETY: between fork and exec the child only makes async-signal-safe calls.
    unsafe {
        let pid = libc::fork();
        assert!(pid >= 0, "fork");
        if pid == 0 {
            let fd = libc::open(devnull.as_ptr(), libc::O_RDWR);
            libc::dup2(fd, 0);
            libc::dup2(fd, 1);
            libc::dup2(fd, 2);
            libc::ptrace(libc::PTRACE_TRACEME, 0, 0, 0);
            libc::execve(prog.as_ptr(), argv_p.as_ptr(), envp_p.as_ptr());
            libc::_exit(127);
        }
        let mut status = 0;
        libc::waitpid(pid, &mut status, 0); // stopped at exec
        libc::ptrace(libc::PTRACE_SETOPTIONS, pid, 0, libc::PTRACE_O_TRACEEXIT);
        libc::ptrace(libc::PTRACE_CONT, pid, 0, 0);
        let mut hwm = 0.0;
        loop {
            libc::waitpid(pid, &mut status, 0);
            if libc::WIFEXITED(status) || libc::WIFSIGNALED(status) {
                return hwm;
            }
            let mut sig = libc::WSTOPSIG(status);
            if status >> 8 == libc::SIGTRAP | (libc::PTRACE_EVENT_EXIT << 8) {
                let text =
                    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                hwm = text
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                    .unwrap_or(0.0);
                sig = 0;
            }
            libc::ptrace(libc::PTRACE_CONT, pid, 0, sig);
        }
    }
}

/// Runs `cmd` to completion and measures it with wait4 (wall and CPU), then once more
/// under ptrace for its peak RSS.
fn measure(cmd: &mut Command) -> Sample {
    let mut s = timed(cmd);
    s.rss_kib = peak_rss(cmd);
    s
}

fn timed(cmd: &mut Command) -> Sample {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let start = Instant::now();
    // Reaped below with wait4, which also reports its resource usage.
    #[allow(clippy::zombie_processes)]
    let child = cmd.spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let wall_ms = start.elapsed().as_secs_f64() * 1e3;
    assert_eq!(r, pid, "wait4");
    let tv = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    Sample {
        wall_ms,
        cpu_ms: tv(ru.ru_utime) + tv(ru.ru_stime),
        rss_kib: 0.0,
        ok: libc::WIFEXITED(status),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Sums the sizes of `binary` and every shared library `ldd` lists for it.
fn footprint(binary: &Path) -> (u64, usize) {
    let mut files: BTreeSet<PathBuf> = BTreeSet::new();
    files.insert(std::fs::canonicalize(binary).unwrap());
    let out = Command::new("ldd").arg(binary).output().expect("ldd");
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let path = match line.split_once("=>") {
            Some((_, rest)) => rest.split_whitespace().next().unwrap_or(""),
            None => line.split_whitespace().next().unwrap_or(""),
        };
        if path.starts_with('/') {
            if let Ok(p) = std::fs::canonicalize(path) {
                files.insert(p);
            }
        }
    }
    let total = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    (total, files.len())
}

fn which(name: &str) -> PathBuf {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name}"))
        .output()
        .unwrap();
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
}

/// The command line: our binary, the report to write, how many runs.
fn args() -> (PathBuf, PathBuf, usize) {
    let args: Vec<String> = std::env::args().collect();
    let ours = PathBuf::from(
        args.get(1)
            .expect("usage: bench <our-binary> <report.md> [runs]"),
    );
    let report = PathBuf::from(
        args.get(2)
            .expect("usage: bench <our-binary> <report.md> [runs]"),
    );
    let runs: usize = args
        .get(3)
        .and_then(|r| r.parse().ok())
        .unwrap_or(25)
        .max(20);
    (ours, report, runs)
}

/// The two invites compared: our binary, and curl sending the identical request.
struct Invites<'a> {
    mock: &'a Mock,
    ours: &'a Path,
    curl: &'a Path,
    base: String,
    /// Our binary's User-Agent and body, which curl sends too.
    ua: String,
    body: String,
}

impl Invites<'_> {
    fn ours(&self) -> Command {
        let mut c = Command::new(self.ours);
        c.args(EXAMPLE)
            .args(["--password", PASSWORD])
            .env_clear()
            .env("MONGODB_ATLAS_BASE_URL", &self.base)
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", &self.mock.opts.public)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", &self.mock.opts.private)
            .env("SSL_CERT_FILE", &self.mock.ca_file);
        c
    }

    fn curl(&self) -> Command {
        let mut c = Command::new(self.curl);
        c.args([
            "--silent",
            "--show-error",
            "--fail",
            "--output",
            "/dev/null",
            "--digest",
            "--user",
        ])
        .arg(format!(
            "{}:{}",
            self.mock.opts.public, self.mock.opts.private
        ))
        .arg("--cacert")
        .arg(&self.mock.ca_file)
        .args([
            "-H",
            &format!("Accept: {MEDIA}"),
            "-H",
            &format!("Content-Type: {MEDIA}"),
            "-A",
            &self.ua,
        ])
        .args(["--data-binary", &self.body])
        .arg(format!("{}api/atlas/v2/users", self.base))
        .env_clear();
        c
    }

    /// One invite each, to check both work; the (connections, requests) each took.
    fn check(&mut self) -> [(usize, usize); 2] {
        let mock = self.mock;
        let (c0, r0) = (mock.connections(), mock.requests().len());
        assert!(timed(&mut self.ours()).ok);
        let (c1, r1) = (mock.connections(), mock.requests().len());
        let sent = mock.requests()[r1 - 1].clone();
        assert!(
            sent.authorized,
            "our invite must pass the mock's Digest check"
        );
        self.ua = sent.header("user-agent").unwrap_or_default().to_string();
        self.body = sent.body.clone();
        let ok = timed(&mut self.curl()).ok;
        let (c2, r2) = (mock.connections(), mock.requests().len());
        assert!(
            ok && mock.requests()[r2 - 1].authorized,
            "curl's invite must pass the mock's Digest check"
        );
        assert_eq!(
            mock.requests()[r2 - 1].body,
            self.body,
            "curl sends the identical body"
        );
        [(c1 - c0, r1 - r0), (c2 - c1, r2 - r1)]
    }
}

/// Alternating runs: the invite (ours, curl's), then start-up (a validation error, curl
/// --version).
fn alternate(inv: &Invites, runs: usize) -> [Vec<Sample>; 4] {
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        a.push(measure(&mut inv.ours()));
        b.push(measure(&mut inv.curl()));
    }
    assert!(a.iter().chain(&b).all(|s| s.ok));
    let (mut sa, mut sb) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let mut c = Command::new(inv.ours);
        // Refused before any network: an unassigned country, and no keys either.
        c.args(EXAMPLE)
            .args(["--country", "UK", "--password", PASSWORD])
            .env_clear();
        sa.push(measure(&mut c));
        sb.push(measure(Command::new(inv.curl).arg("--version").env_clear()));
    }
    [a, b, sa, sb]
}

fn main() {
    let (ours, report, runs) = args();
    // `BENCH_ONLY=state`: the desired-state table alone (it needs no Apache nor curl).
    if std::env::var("BENCH_ONLY").as_deref() == Ok("state") {
        let dir: TempDir = shared_temp_dir("bench-state");
        let t = bench_state::table(&ours, &dir);
        print!("{t}");
        std::fs::write(&report, &t).expect("write the report");
        return;
    }
    let curl = which("curl");
    let mock = Mock::start();
    let mut inv = Invites {
        mock: &mock,
        ours: &ours,
        curl: &curl,
        base: format!("https://127.0.0.1:{}/", mock.addr.port()),
        ua: String::new(),
        body: String::new(),
    };
    let counts = inv.check();
    let samples = alternate(&inv, runs);
    let mut t = invite_table(&samples, runs, &ours, &curl, counts);
    t.push_str(&batch(&ours, &curl));
    t.push_str(&long_runs(&ours));
    let dir: TempDir = shared_temp_dir("bench-state");
    t.push_str(&bench_state::table(&ours, &dir));
    print!("{t}");
    std::fs::write(&report, &t).expect("write the report");
    eprintln!("bench: wrote {}", report.display());
}

/// The first line of the report: when, where, how.
fn heading(runs: usize) -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let date = Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d %H:%M UTC")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("Benchmark of {date} on {cores} cores: `make bench` ({runs} alternating runs each, medians; mock Atlas over TLS on loopback).\n\n")
}

/// The invite table: medians of the alternating runs, the footprint on disk, and the
/// (connections, requests) of one invite each.
fn invite_table(
    samples: &[Vec<Sample>; 4],
    runs: usize,
    ours: &Path,
    curl: &Path,
    counts: [(usize, usize); 2],
) -> String {
    let [a, b, sa, sb] = samples;
    let med = |v: &[Sample], f: fn(&Sample) -> f64| median(v.iter().map(f).collect());
    let row = |name: &str, unit: &str, x: f64, y: f64, target: &str| {
        let ratio = x / y;
        format!("| {name} | {x:.2} {unit} | {y:.2} {unit} | {ratio:.2}x | {target} |\n")
    };
    let (fo, _) = footprint(ours);
    let (fc, nlibs) = footprint(curl);
    let mut t = heading(runs);
    t.push_str("| measure | atlas (static) | curl --digest | ratio | target |\n| --- | --- | --- | --- | --- |\n");
    for (name, unit, ours_runs, curl_runs, pick, target) in timed_rows(a, b, sa, sb) {
        t.push_str(&row(
            name,
            unit,
            med(ours_runs, pick),
            med(curl_runs, pick),
            target,
        ));
    }
    t.push_str(&row(
        &format!("footprint on disk (curl: binary + {} libraries)", nlibs - 1),
        "KiB",
        fo as f64 / 1024.0,
        fc as f64 / 1024.0,
        "<= 0.25x",
    ));
    let [(c_ours, r_ours), (c_curl, r_curl)] = counts;
    t.push_str(&format!(
        "| TCP connections per invite | {c_ours} | {c_curl} | | 1 |\n"
    ));
    t.push_str(&format!(
        "| HTTP requests per invite | {r_ours} | {r_curl} | | 2 |\n"
    ));
    t
}

/// name, unit, our runs, curl's runs, what to take from a run, target
type Row<'a> = (
    &'a str,
    &'a str,
    &'a [Sample],
    &'a [Sample],
    fn(&Sample) -> f64,
    &'a str,
);

/// The timed rows of the invite table.
fn timed_rows<'a>(
    a: &'a [Sample],
    b: &'a [Sample],
    sa: &'a [Sample],
    sb: &'a [Sample],
) -> [Row<'a>; 6] {
    [
        ("invite: wall time", "ms", a, b, |s| s.wall_ms, "<= 1.0x"),
        (
            "invite: CPU time (user+sys)",
            "ms",
            a,
            b,
            |s| s.cpu_ms,
            "<= 0.5x",
        ),
        ("invite: peak RSS", "KiB", a, b, |s| s.rss_kib, "<= 0.5x"),
        (
            "start-up (validation error / --version): wall",
            "ms",
            sa,
            sb,
            |s| s.wall_ms,
            "-",
        ),
        ("start-up: CPU time", "ms", sa, sb, |s| s.cpu_ms, "-"),
        ("start-up: peak RSS", "KiB", sa, sb, |s| s.rss_kib, "-"),
    ]
}

/// Users in the batch comparison.
const USERS: usize = 200;
/// Records in the dry-run file.
const DRY_RUN_RECORDS: usize = 10_000;

/// The createUser body of user `i`, as our binary sends it.
fn body(i: usize) -> String {
    format!(
        r#"{{"country":"US","emailAddress":"user{i}@example.com","firstName":"First{i}","lastName":"Last{i}","password":"{PASSWORD}","roles":[{{"orgId":"{ORG}","roleName":"ORG_MEMBER"}}],"username":"user{i}@example.com"}}"#
    )
}

/// The median of three timed runs of `make()`, and the requests and connections Apache
/// saw during the last one.
fn three(httpd: &apache::Apache, make: &dyn Fn() -> Command) -> (Sample, usize, usize) {
    let mut runs = Vec::new();
    let (mut requests, mut connections) = (0, 0);
    for _ in 0..3 {
        let (before, conns_before) = httpd.traffic();
        let s = timed(&mut make());
        assert!(s.ok, "a batch run failed");
        let (after, conns_after) = httpd.traffic();
        requests = after.len() - before.len();
        connections = conns_after - conns_before;
        runs.push(s);
    }
    let pick = |f: fn(&Sample) -> f64| median(runs.iter().map(f).collect());
    let s = Sample {
        wall_ms: pick(|s| s.wall_ms),
        cpu_ms: pick(|s| s.cpu_ms),
        rss_kib: 0.0,
        ok: true,
    };
    (s, requests, connections)
}

/// The batch table: 200 invites three ways against Apache, and the 10,000-record dry run.
fn batch(ours: &Path, curl: &Path) -> String {
    let (public, private) = ("benchpub", "bench-private-key-0000");
    let httpd = apache::Apache::start_fast(public, private);
    let base = format!("http://127.0.0.1:{}/", httpd.port);
    let dir: TempDir = shared_temp_dir("bench");
    let csv = dir.join("users.csv");
    std::fs::write(&csv, users_csv(USERS)).unwrap();
    for i in 1..=USERS {
        std::fs::write(dir.join(format!("body{i}.json")), body(i)).unwrap();
    }
    let big = dir.join("big.csv");
    std::fs::write(&big, users_csv(DRY_RUN_RECORDS)).unwrap();
    let env = |c: &mut Command| {
        c.env_clear()
            .env("MONGODB_ATLAS_BASE_URL", &base)
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", public)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", private)
            .env("PATH", "/usr/bin:/bin");
    };
    let file_run = || {
        let mut c = Command::new(ours);
        c.args(["users", "invite", "--file"])
            .arg(&csv)
            .args(["--password", PASSWORD]);
        env(&mut c);
        c
    };
    let curl_loop = || {
        let mut c = Command::new("sh");
        c.arg("-c").arg(format!(
            "for i in $(seq {USERS}); do {} --silent --show-error --fail --output /dev/null --digest --user {public}:{private} -H 'Accept: {MEDIA}' -H 'Content-Type: {MEDIA}' --data-binary @{}/body$i.json {base}api/atlas/v2/users || exit 1; done",
            curl.display(),
            dir.display()
        ));
        env(&mut c);
        c
    };
    let ours_loop = || {
        let mut c = Command::new("sh");
        c.arg("-c").arg(format!(
            "for i in $(seq {USERS}); do {} users invite --email user$i@example.com --username user$i@example.com --firstName First$i --lastName Last$i --country US --orgRole {ORG}:ORG_MEMBER --password {PASSWORD} >/dev/null || exit 1; done",
            ours.display()
        ));
        env(&mut c);
        c
    };
    let dry_run = || {
        let mut cmd = Command::new(ours);
        cmd.args(["users", "invite", "--file"]).arg(&big).args([
            "--password",
            PASSWORD,
            "--dryRun",
        ]);
        env(&mut cmd);
        cmd
    };
    let runs = [
        three(&httpd, &file_run),
        three(&httpd, &curl_loop),
        three(&httpd, &ours_loop),
    ];
    batch_table(runs, dry_median(&dry_run))
}

/// The median wall time of three dry runs.
fn dry_median(make: &dyn Fn() -> Command) -> f64 {
    median(
        (0..3)
            .map(|_| {
                let s = timed(&mut make());
                assert!(s.ok, "the dry run failed");
                s.wall_ms
            })
            .collect(),
    )
}

/// The batch table from (sample, requests, connections) of the file run, the curl loop
/// and our loop, and the dry run's median wall time.
fn batch_table(runs: [(Sample, usize, usize); 3], dry: f64) -> String {
    let [(f, fr, fc), (c, cr, cc), (o, or, oc)] = runs;
    let mut t = format!(
        "\n{USERS} invites against Apache httpd 2.4 (mod_auth_digest, createUser answered by mod_lua), plain HTTP on loopback; medians of 3 runs.\n\n| measure | atlas --file | curl --digest loop | atlas loop | --file vs curl loop | target |\n| --- | --- | --- | --- | --- | --- |\n"
    );
    t.push_str(&format!(
        "| wall time | {:.0} ms | {:.0} ms | {:.0} ms | {:.1}x faster | >= 5x |\n",
        f.wall_ms,
        c.wall_ms,
        o.wall_ms,
        c.wall_ms / f.wall_ms
    ));
    t.push_str(&format!(
        "| CPU time (user+sys, children included) | {:.0} ms | {:.0} ms | {:.0} ms | {:.1}x less | - |\n",
        f.cpu_ms,
        c.cpu_ms,
        o.cpu_ms,
        c.cpu_ms / f.cpu_ms
    ));
    t.push_str(&format!(
        "| HTTP requests | {fr} | {cr} | {or} | | <= {} |\n",
        USERS + 1
    ));
    t.push_str(&format!("| TCP connections | {fc} | {cc} | {oc} | | 1 |\n"));
    t.push_str(&format!(
        "\nValidating a {DRY_RUN_RECORDS}-record file with `--dryRun` (read, check, print every request): {dry:.0} ms.\n"
    ));
    t
}

/// A file of `n` records, each with its own password.
fn users_with_passwords(n: usize) -> String {
    let mut text = String::from("username,firstName,lastName,country,orgRole,password\n");
    for i in 1..=n {
        text.push_str(&format!(
            "user{i}@example.com,First{i},Last{i},US,{ORG}:ORG_MEMBER,Pw-{i:06}-secret\n"
        ));
    }
    text
}

/// A `--file` run of `file` by our binary against `mock`, with `extra` flags.
fn file_run(ours: &Path, mock: &Mock, file: &Path, extra: &[&str]) -> Command {
    let mut c = Command::new(ours);
    c.args(["users", "invite", "--file"])
        .arg(file)
        .args(extra)
        .env_clear()
        .env("MONGODB_ATLAS_BASE_URL", mock.url())
        .env("MONGODB_ATLAS_PUBLIC_API_KEY", &mock.opts.public)
        .env("MONGODB_ATLAS_PRIVATE_API_KEY", &mock.opts.private)
        .env("SSL_CERT_FILE", &mock.ca_file);
    c
}

/// The long-runs table: a token bucket, and cost for 10x (dry run) and 4x (real run) the
/// records.
fn long_runs(ours: &Path) -> String {
    let dir: TempDir = shared_temp_dir("bench-long");
    let mut t = bucket_row(ours, &dir);
    t.push_str(&dry_rows(ours, &dir));
    t.push_str(&real_row(ours, &dir));
    t
}

/// The table's head and its first row: 200 records through a bucket of 10 refilled at 10
/// a second.
fn bucket_row(ours: &Path, dir: &Path) -> String {
    let (capacity, refill, n) = (10.0, 10.0, 200);
    let bucket = Mock::with(mock::Options {
        bucket: Some((capacity, refill)),
        ..mock::Options::default()
    });
    let csv = dir.join("bucket.csv");
    std::fs::write(&csv, users_csv(n)).unwrap();
    let s = timed(&mut file_run(
        ours,
        &bucket,
        &csv,
        &["--password", PASSWORD],
    ));
    assert!(s.ok, "the rate-limited run failed");
    let minimum = (n as f64 - capacity) / refill * 1e3;
    format!(
        "\nLong runs against the mock (TLS on loopback).\n\n| measure | result | target |\n| --- | --- | --- |\n| {n} records through a token bucket (capacity {capacity}, refill {refill}/s, Retry-After in whole seconds) | {:.1} s, {:.2}x the bucket's minimum of {:.1} s; {} answers were 429 | <= 1.1x |\n",
        s.wall_ms / 1e3,
        s.wall_ms / minimum,
        minimum / 1e3,
        bucket.limited()
    )
}

/// Dry runs with a password each: 10x the records, time and peak memory.
fn dry_rows(ours: &Path, dir: &Path) -> String {
    let mock = Mock::start();
    let mut dry = Vec::new();
    for n in [10_000, 100_000] {
        let file = dir.join(format!("dry{n}.csv"));
        let text = users_with_passwords(n);
        std::fs::write(&file, &text).unwrap();
        // The median wall time of three runs, and the peak memory of a fourth.
        let mut cmd = file_run(ours, &mock, &file, &["--dryRun"]);
        let walls: Vec<f64> = (0..3)
            .map(|_| {
                let s = timed(&mut cmd);
                assert!(s.ok, "the dry run failed");
                s.wall_ms
            })
            .collect();
        let s = Sample {
            wall_ms: median(walls),
            rss_kib: peak_rss(&cmd),
            cpu_ms: 0.0,
            ok: true,
        };
        dry.push((n, s, text.len()));
    }
    let (a, b) = (&dry[0], &dry[1]);
    let mut t = format!(
        "| `--dryRun`, {} then {} records with a password each (medians of 3) | {:.0} ms then {:.0} ms: {:.1}x for 10x | <= 11x, and {} records <= 1 s |\n",
        a.0, b.0, a.1.wall_ms, b.1.wall_ms, b.1.wall_ms / a.1.wall_ms, b.0
    );
    t.push_str(&format!(
        "| peak RSS of the {}-record dry run (file {:.1} MiB) | {:.1} MiB | <= 3x the file + 16 MiB = {:.1} MiB |\n",
        b.0,
        b.2 as f64 / 1048576.0,
        b.1.rss_kib / 1024.0,
        3.0 * b.2 as f64 / 1048576.0 + 16.0
    ));
    t
}

/// Real runs: 4x the records, client CPU.
fn real_row(ours: &Path, dir: &Path) -> String {
    let mut real = Vec::new();
    for n in [5_000, 20_000] {
        let mock = Mock::start();
        let file = dir.join(format!("real{n}.csv"));
        std::fs::write(&file, users_csv(n)).unwrap();
        let s = timed(&mut file_run(ours, &mock, &file, &["--password", PASSWORD]));
        assert!(s.ok, "the real run failed");
        real.push((n, s));
    }
    let (a, b) = (&real[0], &real[1]);
    format!(
        "| real run, {} then {} records | client CPU {:.0} ms then {:.0} ms: {:.1}x for 4x (wall {:.1} s then {:.1} s) | <= 4.5x |\n",
        a.0,
        b.0,
        a.1.cpu_ms,
        b.1.cpu_ms,
        b.1.cpu_ms / a.1.cpu_ms,
        a.1.wall_ms / 1e3,
        b.1.wall_ms / 1e3
    )
}
