//! A file run on an interactive terminal: result lines on stdout never share a screen
//! line with the status line on stderr, and the status line fits the terminal's width,
//! also after a resize, so it never wraps into the scrollback.

use crate::support::mock::{Answer, Mock};
use crate::support::pty::{self, columns, Shown, Terminal};
use crate::support::{users_csv, ORG, PASSWORD};

/// The environment that points the binary at `mock`.
fn env(mock: &Mock) -> Vec<(&'static str, String)> {
    vec![
        ("MONGODB_ATLAS_BASE_URL", mock.url()),
        ("MONGODB_ATLAS_PUBLIC_API_KEY", mock.opts.public.clone()),
        ("MONGODB_ATLAS_PRIVATE_API_KEY", mock.opts.private.clone()),
        ("SSL_CERT_FILE", mock.ca_file.display().to_string()),
    ]
}

/// Invites everyone in `csv` on `term`.
fn file_run(term: &Terminal<'_>, mock: &Mock, csv: &str) -> Shown {
    let (_dir, path) = crate::support::temp_file("terminal", "users.csv", csv);
    pty::run(
        term,
        &["users", "invite", "--file", &path, "--password", PASSWORD],
        &env(mock),
    )
}

/// A rate-limit answer with a Retry-After of `secs`.
fn limited(secs: &str) -> Answer {
    let mut a = Answer::api_error(429, "RATE_LIMITED", "Slow down.", "Too Many Requests");
    if let Answer::Respond { headers, .. } = &mut a {
        headers.push(("Retry-After".into(), secs.into()));
    }
    a
}

/// A CSV of `n` users with usernames of 70 characters.
fn long_names_csv(n: usize) -> String {
    let mut text = String::from("username,firstName,lastName,country,orgRole\n");
    for i in 1..=n {
        let user = format!("user{i:03}.{}@example.com", "x".repeat(50));
        text.push_str(&format!("{user},F,L,US,{ORG}:ORG_MEMBER\n"));
    }
    text
}

#[test]
fn result_lines_on_the_status_lines_terminal_start_on_a_line_of_their_own() {
    let mock = Mock::start();
    mock.script([
        Answer::Usual,
        Answer::api_error(400, "INVALID_ATTRIBUTE", "Bad name.", "Bad Request"),
    ]);
    let term = Terminal {
        columns: 100,
        stdout_too: true,
        resize: None,
    };
    let shown = file_run(&term, &mock, &users_csv(4));
    assert_eq!(shown.code, 1, "{:?}", shown.text);
    assert!(shown.draws().len() >= 4, "a status line: {:?}", shown.text);
    let mut results = 0;
    for (at, _) in shown.text.match_indices("line ") {
        let rest = &shown.text[at..];
        let word = rest.split(": ").nth(1).unwrap_or_default();
        if !word.starts_with("invited ") && !word.starts_with("failed ") {
            continue;
        }
        results += 1;
        let before = &shown.text[..at];
        assert!(
            before.ends_with("\r\x1b[K") || before.ends_with('\n'),
            "a result line glued to what came before: {:?}",
            &before[before.len().saturating_sub(90)..]
        );
    }
    assert_eq!(results, 4, "{:?}", shown.text);
    let screen = shown.screen();
    assert_eq!(screen.len(), 6, "{screen:#?}");
    assert!(screen[0].starts_with("line 2: invited user1@example.com (id "));
    assert!(screen[1].starts_with("line 3: failed user2@example.com: "));
    assert!(screen[2].starts_with("line 4: invited user3@example.com (id "));
    assert!(screen[3].starts_with("line 5: invited user4@example.com (id "));
    assert_eq!(
        screen[4],
        "4 records: 3 invited, 0 already existed, 1 failed (line 3)"
    );
    assert!(screen[5].starts_with("Error: 1 of 4 records failed"));
}

#[test]
fn on_80_columns_no_status_line_is_wider_than_79() {
    let mock = Mock::start();
    mock.script([Answer::Usual, limited("1")]);
    let term = Terminal {
        columns: 80,
        stdout_too: false,
        resize: None,
    };
    let shown = file_run(&term, &mock, &long_names_csv(3));
    assert_eq!(shown.code, 0, "{:?}", shown.text);
    let draws = shown.draws();
    assert!(draws.len() >= 4, "{:?}", shown.text);
    for (_, line) in &draws {
        assert!(columns(line) <= 79, "{} columns: {line}", columns(line));
    }
    assert!(
        draws
            .iter()
            .any(|(_, l)| l.contains(": user0…@example.com · waiting 1s")),
        "the username shortened, its domain kept, the wait shown: {draws:#?}"
    );
    // Nothing left behind: the screen holds the notice and the summary alone.
    assert_eq!(
        shown.screen(),
        [
            "rate limited (RATE_LIMITED): waiting 1s before line 3 (user002.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx@example.com)",
            "3 records: 3 invited, 0 already existed, 0 failed",
        ]
    );
}

#[test]
fn a_resized_terminal_gets_a_line_that_fits_at_the_next_update() {
    let mock = Mock::start();
    mock.script([Answer::Usual, limited("2")]);
    let term = Terminal {
        columns: 120,
        stdout_too: false,
        // The countdown drawn, not the notice before it.
        resize: Some(("waiting 2s\x1b[K", 50)),
    };
    let shown = file_run(&term, &mock, &users_csv(3));
    assert_eq!(shown.code, 0, "{:?}", shown.text);
    let resized = shown.resized_at.expect("the wait was shown");
    let draws = shown.draws();
    let (before, after): (Vec<_>, Vec<_>) = draws.iter().partition(|(at, _)| *at < resized);
    assert!(
        before.iter().any(|(_, l)| l.contains(" elapsed, about ")
            && l.ends_with(" · line 3: user2@example.com · waiting 2s")),
        "120 columns hold the time elapsed: {before:#?}"
    );
    // The countdown's next second, and the records after, are drawn for 50 columns.
    assert!(
        after.iter().any(|(_, l)| l.contains("· line 3: ")),
        "{after:#?}"
    );
    assert!(after.len() >= 2, "{after:#?}");
    for (_, line) in &after {
        assert!(columns(line) <= 49, "{} columns: {line}", columns(line));
    }
}
