//! Files from spreadsheets, scripts and other people's systems, treated as hostile: honest
//! results when stdout goes away, no silent overrides, redaction that does not corrupt,
//! bounded memory, time and output, invisible characters refused, and messages that say
//! where and why.

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::Duration;

use crate::support::mock::{Mock, Options};
use crate::support::{atlas, users_csv, Cmd, TempDir, ORG, PASSWORD};

fn file(name: &str, text: impl AsRef<[u8]>) -> (TempDir, String) {
    crate::support::temp_file("hostile-files", name, text)
}

fn invite_file(path: &str) -> Cmd {
    atlas(&["users", "invite", "--file", path, "--password", PASSWORD])
}

/// The invitations the mock was asked to create.
fn creates(mock: &Mock) -> usize {
    mock.requests()
        .iter()
        .filter(|r| r.authorized && r.method == "POST")
        .count()
}

#[test]
fn when_stdout_goes_away_mid_run_nothing_more_is_sent_and_stderr_has_the_true_counts() {
    let mock = Mock::with(Options {
        slow_create: Duration::from_millis(20),
        ..Options::default()
    });
    let (_dir, path) = file("users.csv", users_csv(300));
    // `| head -3`: read three lines, then close the pipe.
    let mut cmd = invite_file(&path).against(&mock).cmd;
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = crate::support::Reaped(Some(cmd.spawn().unwrap()));
    let running = child.0.as_mut().unwrap();
    let mut out = BufReader::new(running.stdout.take().unwrap());
    for _ in 0..3 {
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        assert!(line.contains(": invited "), "{line}");
    }
    drop(out);
    let done = child.0.take().unwrap().wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&done.stderr).into_owned();
    assert_eq!(done.status.code(), Some(3), "{err}");
    let sent = creates(&mock);
    assert!(sent < 300, "the run stopped sending: {sent} sent");
    assert!(
        err.contains(&format!(
            "300 records: {sent} invited, 0 already existed, 0 failed, {} not attempted",
            300 - sent
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "standard output failed (lines {}-301): Broken pipe",
            sent + 2
        )),
        "{err}"
    );
    assert!(err.contains("re-run with --ifNotExists"), "{err}");

    // A full disk: the first result cannot be recorded, so only that one was sent.
    let mock = Mock::start();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let run = invite_file(&path)
        .against(&mock)
        .stdout_to(full)
        .run_within(Duration::from_secs(30));
    run.code_is(3)
        .stderr_has("300 records: 1 invited, 0 already existed, 0 failed, 299 not attempted")
        .stderr_has("standard output failed (lines 3-301): No space left on device; re-run with --ifNotExists");
    assert_eq!(creates(&mock), 1);
}

#[test]
fn a_key_or_a_flag_of_ours_given_twice_is_an_error_naming_both() {
    let mock = Mock::start();
    let (_dir, path) = file(
        "users.jsonl",
        format!("{{\"username\":\"a@x.com\",\"orgRole\":\"{ORG}:ORG_READ_ONLY\",\"orgRole\":\"{ORG}:ORG_OWNER\"}}\n{{\"username\":\"b@x.com\",\"username\":\"c@x.com\"}}\n"),
    );
    invite_file(&path)
        .args(&["--firstName", "A", "--lastName", "B", "--country", "US"])
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_has("line 1, key \"orgRole\": the key is given twice")
        .stderr_has("line 2, key \"username\": the key is given twice");
    let (_d2, other) = file("other.csv", users_csv(1));
    atlas(&["users", "invite", "--file", &path, "--file", &other])
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_is(&format!(
            "Error: flag --file given twice ({path:?} and {other:?}): give it once\n"
        ));
    atlas(&[
        "users",
        "invite",
        "--file",
        &path,
        "--apiVersion",
        "auto",
        "--apiVersion=2025-02-19",
    ])
    .run()
    .code_is(2)
    .stderr_has("flag --apiVersion given twice (\"auto\" and \"2025-02-19\")");
    assert_eq!(mock.connections(), 0, "nothing sent");
}

#[test]
fn a_password_in_the_wrong_column_is_never_quoted_and_huge_values_are_cut() {
    let secret = "Tr0ub4dor&3xyz";
    let (_dir, path) = file(
        "users.csv",
        format!("username,firstName,lastName,password,country\nalice@example.com,Alice,Smith,US,{secret}\n"),
    );
    let mock = Mock::start();
    let run = atlas(&["users", "invite", "--file", &path])
        .against(&mock)
        .run();
    run.code_is(2)
        .stderr_has("line 2, column 5 (country): the value is not an ISO 3166-1 alpha-2 code")
        .stderr_has("the password must have at least 8 characters (it has 2) (the record's other values are not shown")
        .leaks_none(&[secret]);
    // A value too long for its field is cut, with its size; a record over 1 MiB is refused.
    let long = "a".repeat(500_000);
    let (_d2, big) = file(
        "big.csv",
        format!("username,firstName,lastName,country\n{long},A,B,US\n"),
    );
    let run = invite_file(&big).against(&mock).run();
    run.code_is(2)
        .stderr_has("...\" (500,000 bytes) is not an email address");
    assert!(
        run.stderr().len() < 1000,
        "{} bytes of errors",
        run.stderr().len()
    );
    let huge = "a".repeat(10 << 20);
    let (_d3, bigger) = file(
        "bigger.csv",
        format!("username,firstName,lastName,country\n{huge},A,B,US\n"),
    );
    let run = invite_file(&bigger).against(&mock).run();
    run.code_is(2)
        .stderr_has("line 2: a record of more than 64 fields or 1024 KiB");
    assert!(
        run.stderr().len() < 1000,
        "{} bytes of errors",
        run.stderr().len()
    );
    assert_eq!(mock.connections(), 0);
}

#[test]
fn passwords_that_are_words_of_our_output_do_not_rewrite_it() {
    let (_dir, path) = file("users.csv", users_csv(3));
    // A dry run sends nothing: one mock for all (its port is in the output); a real run
    // gets a fresh mock, whose ids then come in the same order.
    let dry = Mock::start();
    let run = |password: &str, extra: &[&str]| {
        let fresh = Mock::start();
        let mock = if extra.contains(&"--dryRun") {
            &dry
        } else {
            &fresh
        };
        atlas(&["users", "invite", "--file", &path, "--password", password])
            .args(extra)
            .against(mock)
            .run()
    };
    for extra in [
        &["-o", "json"][..],
        &["--dryRun"][..],
        &[][..],
        &["--debug"][..],
    ] {
        let plain = run("Neutral-Passw0rd", extra);
        plain.code_is(0);
        for word in [
            "username",
            "example.com",
            "ORG_MEMBER",
            "Content-Type",
            "lastName",
            "user1@example.com",
            "invited user",
        ] {
            let other = run(word, extra);
            other.code_is(0);
            assert_eq!(
                other.stdout(),
                plain.stdout(),
                "password {word:?} rewrote the output"
            );
            if extra.contains(&"--debug") {
                // The requests traced show the password where it is placed and nothing
                // else moved (Atlas's answers are scrubbed as text from outside).
                let ours = |r: &crate::support::Run| -> Vec<String> {
                    let err = r.stderr();
                    err.lines()
                        .filter(|l| l.starts_with("> {"))
                        .map(str::to_string)
                        .collect()
                };
                assert_eq!(
                    ours(&other),
                    ours(&plain),
                    "password {word:?} rewrote the trace"
                );
                assert!(ours(&plain)[0].contains(r#""password":"[redacted]""#));
            } else {
                assert_eq!(
                    other.stderr(),
                    plain.stderr(),
                    "password {word:?} rewrote stderr"
                );
            }
        }
    }
}

#[test]
fn hostile_shapes_cost_bounded_memory_and_time() {
    let mock = Mock::start();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "blank rows",
            b",,,,,,,,\n".repeat(7 << 20),
            "unknown column \"\"",
        ),
        (
            "one line of commas",
            vec![b','; 64 << 20],
            "a record of more than 64 fields or 1024 KiB",
        ),
        (
            "a header of 4 million names",
            "username,".repeat(4 << 20).into_bytes(),
            "a record of more than 64 fields",
        ),
        (
            "JSON nested 3 million deep",
            format!(
                "{{\"username\":{}{}}}\n",
                "[".repeat(3 << 20),
                "]".repeat(3 << 20)
            )
            .into_bytes(),
            "line 1: a record of more than 1024 KiB (6,291,469 bytes; a line of JSON Lines is one user)",
        ),
        (
            "JSON nested half a million deep, within a record's 1 MiB",
            format!(
                "{{\"username\":{}{}}}\n",
                "[".repeat(500_000),
                "]".repeat(500_000)
            )
            .into_bytes(),
            "line 1, key \"username\": nested more than 16 levels deep",
        ),
    ];
    for (name, text, want) in cases {
        let (_dir, path) = file("hostile.csv", &text);
        let run = invite_file(&path)
            .against(&mock)
            .memory_limit(192 << 20)
            // A hang guard for 64 MiB through a debug build on a loaded machine, not a
            // performance bound (cost in proportion is `make bench`'s).
            .run_within(Duration::from_secs(120));
        assert_eq!(
            run.code(),
            2,
            "{name}: {}",
            &run.stderr()[..run.stderr().len().min(500)]
        );
        assert!(
            run.stderr().contains(want),
            "{name}: {}",
            &run.stderr()[..run.stderr().len().min(500)]
        );
        assert!(
            run.stderr().len() < 64 << 10,
            "{name}: {} bytes of errors",
            run.stderr().len()
        );
    }
    assert_eq!(mock.connections(), 0);
}

#[test]
fn a_million_bad_records_print_a_hundred_problems_and_a_count() {
    let mut text = String::from("username,firstName,lastName,country\n");
    for i in 0..1_000_000 {
        text.push_str(&format!("u{i},A,B,US\n"));
    }
    let (_dir, path) = file("bad.csv", text);
    let mock = Mock::start();
    let run = invite_file(&path)
        .against(&mock)
        .memory_limit(192 << 20)
        .run_within(Duration::from_secs(60));
    run.code_is(2)
        // Two problems a record: the username, and the e-mail that defaults to it; each
        // quotes its value, so no two are alike and none is grouped.
        .stderr_has("Error: ... and 1999900 more problems (999950 records)\nError: 2000000 problems in 1000000 records; nothing was sent\n");
    assert_eq!(run.stderr().lines().count(), 102);
    assert_eq!(mock.connections(), 0);
}

#[test]
fn a_million_records_with_one_problem_print_one_line_and_a_count() {
    let mut text = String::from("username,orgRole\n");
    for i in 0..1_000_000 {
        text.push_str(&format!("u{i}@example.com,{ORG}:ORG_MEMBER\n"));
    }
    let (_dir, path) = file("nameless.csv", text);
    let mock = Mock::start();
    // Kept per record, a million problems (100 bytes each) would pass the memory limit.
    invite_file(&path)
        .against(&mock)
        .memory_limit(192 << 20)
        .run_within(Duration::from_secs(120))
        .code_is(2)
        .stderr_is(&format!(
            "Error: {path}: lines 2-1000001: no \"country\", \"firstName\", \"lastName\" (add the column, or give the flag for every record)\n\
             Error: 1000000 problems in 1000000 records; nothing was sent\n"
        ));
    assert_eq!(mock.connections(), 0);
}

#[test]
fn invisible_characters_in_addresses_are_refused_with_their_code_point() {
    let (_dir, path) = file(
        "users.jsonl",
        "{\"username\":\"ali\\u200bce@example.com\",\"firstName\":\"A\\u200bB\",\"lastName\":\"B\",\"country\":\"US\"}\n",
    );
    let mock = Mock::start();
    invite_file(&path)
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_has("line 1, key \"username\": \"ali\\u{200b}ce@example.com\" is not an email address (it contains U+200B, an invisible character");
    assert_eq!(mock.connections(), 0);
}

#[test]
fn messages_say_where_and_why() {
    let mock = Mock::start();
    let mut text = users_csv(600).into_bytes();
    let at = text
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(500)
        .unwrap()
        .0
        + 12;
    text[at] = 0xff;
    let (_dir, path) = file("users.csv", &text);
    invite_file(&path)
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_has("line 502, column 1: not UTF-8 text (byte 0xff, 11 bytes into the line): save the file as UTF-8");
    let (_d2, json) = file(
        "users.jsonl",
        "{\"username\":\"a@x.com\",\"country\":1e400}\n",
    );
    invite_file(&json)
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_has("line 1, key \"country\": number out of range");
    let (_d3, array) = file("users.json", "[{\"username\":\"a@x.com\"}]\n");
    invite_file(&array)
        .against(&mock)
        .run()
        .code_is(2)
        .stderr_has("a JSON array; JSON Lines wants one object per line");
    // /dev/stdin on a pipe.
    atlas(&[
        "users",
        "invite",
        "--file",
        "/dev/stdin",
        "--password",
        PASSWORD,
    ])
    .stdin(users_csv(1).as_bytes())
    .against(&mock)
    .run()
    .code_is(2)
    .stderr_has("is a FIFO, not a regular file (for standard input, use --file -)");
    assert_eq!(mock.connections(), 0);
}

/// A JSON Lines record of `user` in `ORG` with `org_roles` and `teams` (JSON strings).
fn big_record(user: &str, org_roles: &[String], teams: &[String]) -> String {
    format!(
        "{{\"username\":\"{user}\",\"firstName\":\"A\",\"lastName\":\"B\",\"country\":\"US\",\"orgRole\":[{}],\"teamId\":[{}]}}\n",
        org_roles.join(","),
        teams.join(",")
    )
}

/// `n` distinct 24-digit ids (JSON strings), each followed by `suffix`.
fn ids(n: u128, base: u128, suffix: &str) -> Vec<String> {
    (0..n)
        .map(|i| format!("\"{:024x}{suffix}\"", base + i))
        .collect()
}

#[test]
fn a_json_lines_record_over_a_mebibyte_is_refused_unread() {
    // 100,000 org roles in one array: 3.8 MB, past a record's 1 MiB as in CSV.
    let roles = vec![format!("\"{ORG}:ORG_MEMBER\""); 100_000];
    let text = big_record("a@example.com", &roles, &[]);
    let (_dir, path) = file("users.jsonl", &text);
    let mock = Mock::start();
    let run = invite_file(&path)
        .against(&mock)
        .run_within(Duration::from_secs(30));
    run.code_is(2).stderr_is(&format!(
        "Error: {path}: line 1: a record of more than 1024 KiB (3,800,098 bytes; a line of JSON Lines is one user)\n"
    ));
    assert_eq!(mock.connections(), 0, "nothing sent");
}

#[test]
fn records_of_twenty_thousand_roles_or_teams_are_checked_in_linear_time() {
    // Each record names 20,000 organizations (760 KiB, under the 1 MiB cap): checked
    // pairwise, one such record took seconds; 20 of them far longer than the bound.
    let orgs = ids(20_000, 0x5dd5_6c84_7a3e_5a1f_3600_0000, ":ORG_MEMBER");
    let text: String = (1..=20)
        .map(|i| big_record(&format!("user{i}@example.com"), &orgs, &[]))
        .collect();
    let (_dir, path) = file("roles.jsonl", &text);
    let mock = Mock::start();
    let run = invite_file(&path)
        .args(&["--dryRun", "--apiVersion", "2023-01-01"])
        .against(&mock)
        .run_within(Duration::from_secs(30));
    run.code_is(0);
    assert_eq!(run.stdout().matches("\nPOST ").count(), 20);
    // 20,000 teams of one organization in each record (540 KiB), the same for teams.
    let org = vec![format!("\"{ORG}:ORG_MEMBER\"")];
    let teams = ids(20_000, 0x66b6_d8e2_a1b2_c3d4_e500_0000, "");
    let text: String = (1..=8)
        .map(|i| big_record(&format!("user{i}@example.com"), &org, &teams))
        .collect();
    let (_d2, path) = file("teams.jsonl", &text);
    let run = invite_file(&path)
        .args(&["--dryRun", "--apiVersion", "2025-02-19"])
        .against(&mock)
        .run_within(Duration::from_secs(30));
    run.code_is(0);
    assert_eq!(run.stdout().matches("\nPOST ").count(), 8);
    assert_eq!(mock.connections(), 0);
}
