//! The desired-state rows of `make bench`: what a file run costs in requests (what Atlas's
//! rate limits count) and in time when it reads each organization first and sends only the
//! difference, beside the per-record path every run took before: each existing user cost
//! the invitation's 409 and its lookup. That path is still what a single invite does, so
//! it is measured as a loop of single invites of the same users.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use crate::example::ORG;
use crate::mock::{Memberships, Mock, Options, Status};
use crate::{file_run, timed};

/// The users of every scenario: `user{i}@example.com`, members of `ORG`.
fn username(i: usize) -> String {
    format!("user{i}@example.com")
}

/// Seeds users `from..to` as ACTIVE members of `ORG` with `roles`.
fn seed(mock: &Mock, from: usize, to: usize, roles: &[&str]) {
    let m = Memberships {
        orgs: BTreeMap::from([(
            ORG.to_string(),
            (roles.iter().map(|r| r.to_string()).collect(), Vec::new()),
        )]),
        groups: BTreeMap::new(),
    };
    mock.seed_many((from..to).map(|i| (username(i), m.clone(), Status::Active)));
}

/// A file of users `from..to` asking `roles` in `ORG` (2025-02-19: username and roles).
fn file(dir: &Path, name: &str, from: usize, to: usize, roles: &str) -> std::path::PathBuf {
    let mut text = String::from("username,orgRole\n");
    for i in from..to {
        text.push_str(&format!("{},\"{roles}\"\n", username(i)));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// API calls the mock answered (the Digest challenges aside), and the run's wall time.
fn cost(mock: &Mock, mut cmd: Command) -> (usize, f64) {
    let before = mock.calls().len();
    let s = timed(&mut cmd);
    assert!(s.ok, "the run failed");
    (mock.calls().len() - before, s.wall_ms)
}

/// The per-record path: one single invite per user, each 409 looked up.
fn per_record(ours: &Path, mock: &Mock, users: usize, flag: &str) -> (usize, f64) {
    let (mut calls, mut wall) = (0, 0.0);
    for i in 0..users {
        let u = username(i);
        let mut c = Command::new(ours);
        c.args(["users", "invite", "--username", &u, "--email", &u])
            .args(["--firstName", "F", "--lastName", "L", "--country", "US"])
            .args(["--orgRole", &format!("{ORG}:ORG_MEMBER")])
            .args(["--apiVersion", "2025-02-19", flag])
            .env_clear()
            .env("MONGODB_ATLAS_BASE_URL", mock.url())
            .env("MONGODB_ATLAS_PUBLIC_API_KEY", &mock.opts.public)
            .env("MONGODB_ATLAS_PRIVATE_API_KEY", &mock.opts.private)
            .env("SSL_CERT_FILE", &mock.ca_file);
        let (n, ms) = cost(mock, c);
        calls += n;
        wall += ms;
    }
    (calls, wall)
}

/// One row: the scenario, the new path's calls and time, the per-record path's.
fn row(what: &str, new: (usize, f64), before: (usize, f64), target: &str) -> String {
    format!(
        "| {what} | {} calls, {:.2} s | {} calls, {:.2} s | {target} |\n",
        new.0,
        new.1 / 1e3,
        before.0,
        before.1 / 1e3
    )
}

/// The table: unchanged re-runs, a first run into a large organization, a few changed
/// users, an unchanged re-run through a token bucket, and `--prune`'s cost for 10x the
/// people.
pub fn table(ours: &Path, dir: &Path) -> String {
    let mut t = String::from(
        "\nDesired state against the mock (TLS on loopback): API calls (Digest challenges aside) and wall time of a file run that reads each organization first (`--apiVersion 2025-02-19`), beside the per-record path every run took before (each existing user: the invitation's 409, then its lookup), measured as a loop of single invites.\n\n| scenario | file run, reads first | per-record path | target |\n| --- | --- | --- | --- |\n",
    );
    let n = 500;
    let mock = Mock::start();
    seed(&mock, 0, n, &["ORG_MEMBER"]);
    let f = file(dir, "unchanged.csv", 0, n, &format!("{ORG}:ORG_MEMBER"));
    for flag in ["--ifNotExists", "--ensureMemberships"] {
        let new = cost(
            &mock,
            file_run(ours, &mock, &f, &["--apiVersion", "2025-02-19", flag]),
        );
        let before = per_record(ours, &mock, n, flag);
        let what = format!("unchanged re-run of {n} users in one organization, `{flag}`");
        t.push_str(&row(&what, new, before, "floor(N/500)+1 = 2 calls"));
    }
    t.push_str(&first_run(ours, dir));
    t.push_str(&changed(ours, dir));
    t.push_str(&bucket(ours, dir));
    t.push_str(&prune_plan(ours, dir));
    t
}

/// 200 new users into an organization of 1,000: the reads, then the creates.
fn first_run(ours: &Path, dir: &Path) -> String {
    let (m, n) = (1_000, 200);
    let mut rows = String::new();
    for flag in ["--ifNotExists", ""] {
        let mock = Mock::start();
        seed(&mock, 0, m, &["ORG_MEMBER"]);
        let f = file(dir, "first.csv", m, m + n, &format!("{ORG}:ORG_MEMBER"));
        let mut args = vec!["--apiVersion", "2025-02-19"];
        args.extend(Some(flag).filter(|f| !f.is_empty()));
        let new = cost(&mock, file_run(ours, &mock, &f, &args));
        let shown = if flag.is_empty() { "no flag" } else { flag };
        rows.push_str(&format!(
            "| first run of {n} new users into an organization of {m}, {shown} | {} calls, {:.2} s | {n} calls (no 409 to look up) | {} |\n",
            new.0,
            new.1 / 1e3,
            if flag.is_empty() { "N = 200 calls" } else { "floor(M/500)+1 + N = 203 calls" }
        ));
    }
    rows
}

/// 10 of 500 users gain a role.
fn changed(ours: &Path, dir: &Path) -> String {
    let (n, k) = (500, 10);
    let mock = Mock::start();
    seed(&mock, 0, n, &["ORG_MEMBER"]);
    let f = dir.join("changed.csv");
    let mut text = String::from("username,orgRole\n");
    for i in 0..n {
        let roles = match i < k {
            true => format!("{ORG}:ORG_MEMBER,{ORG}:ORG_BILLING_ADMIN"),
            false => format!("{ORG}:ORG_MEMBER"),
        };
        text.push_str(&format!("{},\"{roles}\"\n", username(i)));
    }
    std::fs::write(&f, text).unwrap();
    let args = ["--apiVersion", "2025-02-19", "--ensureMemberships"];
    let new = cost(&mock, file_run(ours, &mock, &f, &args));
    // Before: every user's 409 and lookup (measured above), and the changed users' additions.
    format!(
        "| {k} changed users of {n}, `--ensureMemberships` | {} calls, {:.2} s | {} calls (2 a user, and the {k} additions) | reads + k = 12 calls |\n",
        new.0,
        new.1 / 1e3,
        2 * n + k
    )
}

/// An unchanged re-run of 200 users through a token bucket of 3 refilled at 1 a second.
fn bucket(ours: &Path, dir: &Path) -> String {
    let (capacity, refill, n) = (3.0, 1.0, 200);
    let mock = Mock::with(Options {
        bucket: Some((capacity, refill)),
        ..Options::default()
    });
    seed(&mock, 0, n, &["ORG_MEMBER"]);
    let f = file(dir, "bucket.csv", 0, n, &format!("{ORG}:ORG_MEMBER"));
    let args = ["--apiVersion", "2025-02-19", "--ifNotExists"];
    let new = cost(&mock, file_run(ours, &mock, &f, &args));
    let before_calls = 2 * n;
    let minimum = (before_calls as f64 - capacity) / refill;
    format!(
        "| unchanged re-run of {n} users through a token bucket (capacity {capacity}, refill {refill}/s) | {} calls, {:.2} s ({} answers were 429) | {before_calls} calls: at least {minimum:.0} s by the bucket's own arithmetic (not run) | under 2 s |\n",
        new.0,
        new.1 / 1e3,
        mock.limited()
    )
}

/// `--plan --prune` of 2,000 then 20,000 people, each in the team their row names and in
/// the next row's: one team removal each, found among every team of the file. Client CPU
/// (median of 3), which must grow in proportion (asking every team about every person
/// would be 100x).
fn prune_plan(ours: &Path, dir: &Path) -> String {
    let team = |i: usize| format!("66b6d8e2a1b2c3d4{i:08x}");
    let mut cpu = Vec::new();
    for n in [2_000, 20_000] {
        let mock = Mock::start();
        mock.seed_many((0..n).map(|i| {
            let m = Memberships {
                orgs: BTreeMap::from([(
                    ORG.to_string(),
                    (vec!["ORG_MEMBER".into()], vec![team(i), team((i + 1) % n)]),
                )]),
                groups: BTreeMap::new(),
            };
            (username(i), m, Status::Active)
        }));
        let f = dir.join(format!("prune{n}.csv"));
        let mut text = String::from("username,orgRole,teamId\n");
        for i in 0..n {
            text.push_str(&format!("{},{ORG}:ORG_MEMBER,{}\n", username(i), team(i)));
        }
        std::fs::write(&f, text).unwrap();
        let args = ["--apiVersion", "2025-02-19", "--prune", "--plan"];
        let mut runs: Vec<f64> = (0..3)
            .map(|_| {
                let mut cmd = file_run(ours, &mock, &f, &args);
                cmd.args(["--maxRemovals", "100000"]);
                let s = timed(&mut cmd);
                assert!(s.ok, "the plan failed");
                s.cpu_ms
            })
            .collect();
        runs.sort_by(f64::total_cmp);
        cpu.push((n, runs[1]));
    }
    let ((a, x), (b, y)) = (cpu[0], cpu[1]);
    format!(
        "| `--prune --plan` of {a} then {b} people, one team removal each | client CPU {x:.0} ms then {y:.0} ms: {:.1}x for 10x | - (every team asked about every person: 100x) | <= 11x |\n",
        y / x
    )
}
