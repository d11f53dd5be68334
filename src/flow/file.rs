//! `--file`: one invite per record, one after another on one connection and one
//! authentication, each result printed as soon as it is known.
//!
//! A refusal is that record's failure and the run goes on. A connection lost after a
//! request left makes that record `unknown` (it is never resent) and the run goes on on a
//! new connection; when Atlas cannot be reached at all, the rest are `not attempted`. The
//! summary goes to stderr, and the exit code says the worst that happened.

use super::inviter::Inviter;
use super::outcome::Outcome;
use super::outcome::Printed;
use crate::console::Console;
use crate::error::Error;
use crate::hiargs::HiArgs;
use crate::json::Writer;
use crate::render::Output;

/// How one record ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Invited,
    Exists,
    Failed,
    Unknown,
    NotAttempted,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Invited => "invited",
            Status::Exists => "already exists",
            Status::Failed => "failed",
            Status::Unknown => "unknown",
            Status::NotAttempted => "not attempted",
        }
    }
}

/// One record's result line.
struct Line<'a> {
    line: usize,
    username: &'a str,
    result: Status,
    id: Option<String>,
    error: Option<String>,
}

/// Invites every record; results go to stdout as they come, the summary to stderr.
pub(crate) fn run(console: &Console, inv: &HiArgs) -> Result<Printed, Error> {
    let json = match inv.output {
        Output::Text => false,
        Output::Json => true,
        // Refused while resolving; nothing reaches here.
        _ => return Err(Error::usage("--file prints text or -o json only")),
    };
    let mut inviter = Inviter::new(console, inv);
    let mut stdout = std::io::stdout().lock();
    let mut results = Vec::with_capacity(inv.jobs.len());
    let mut unreachable = false;
    let total = inv.jobs.len();
    for (n, job) in inv.jobs.iter().enumerate() {
        let line = job.line.unwrap_or_default();
        console.progress(&format!(
            "[{}/{total}] line {line}: {}",
            n + 1,
            job.user.username
        ));
        let (result, id, error) = if unreachable {
            (Status::NotAttempted, None, None)
        } else {
            match inviter.invite(job) {
                Ok(Outcome::Invited(found)) => (Status::Invited, Some(found.id()), None),
                Ok(Outcome::Exists(found)) => (Status::Exists, Some(found.id()), None),
                Err(e) if e.may_have_taken_effect() => (Status::Unknown, None, Some(e)),
                Err(e @ Error::Unreachable { .. }) => {
                    unreachable = true;
                    (Status::NotAttempted, None, Some(e))
                }
                Err(e) => (Status::Failed, None, Some(e)),
            }
        };
        let shown = Line {
            line,
            username: &job.user.username,
            result,
            id,
            error: error.map(|e| e.to_string()),
        };
        let text = if json {
            json_line(&shown)
        } else {
            text_line(&shown)
        };
        results.push((line, result));
        console
            .print(&mut stdout, &text)
            .map_err(|e| written(e, &results))?;
    }
    console.progress_done();
    console.notice(&summary(&results));
    exit(&results)
}

/// `line 2: invited alice@example.com (id 6a79...)` and the like.
fn text_line(l: &Line<'_>) -> String {
    let (line, user, word) = (l.line, l.username, l.result.word());
    match (&l.id, &l.error) {
        (Some(id), _) => format!("line {line}: {word} {user} (id {id})\n"),
        (None, Some(e)) => format!("line {line}: {word} {user}: {e}\n"),
        (None, None) => format!("line {line}: {word} {user}\n"),
    }
}

/// `{"line":2,"username":"...","result":"invited","id":"...","error":null}`.
fn json_line(l: &Line<'_>) -> String {
    let mut w = Writer::new(0);
    w.open('{');
    w.key("line");
    w.raw(&l.line.to_string());
    w.field("username", l.username);
    w.field("result", l.result.word());
    for (key, value) in [("id", &l.id), ("error", &l.error)] {
        match value {
            Some(v) => w.field(key, v),
            None => {
                w.key(key);
                w.raw("null");
            }
        }
    }
    w.close('}');
    w.finish() + "\n"
}

/// `200 records: 197 invited, 2 already existed, 1 failed (line 57)`.
fn summary(results: &[(usize, Status)]) -> String {
    let lines = |r: Status| -> Vec<usize> {
        results
            .iter()
            .filter(|(_, x)| *x == r)
            .map(|(l, _)| *l)
            .collect()
    };
    let mut parts = vec![
        format!("{} invited", lines(Status::Invited).len()),
        format!("{} already existed", lines(Status::Exists).len()),
    ];
    for r in [Status::Failed, Status::Unknown, Status::NotAttempted] {
        let at = lines(r);
        if at.is_empty() && r != Status::Failed {
            continue;
        }
        let mut part = format!("{} {}", at.len(), r.word());
        if !at.is_empty() {
            let shown: Vec<String> = at.iter().take(10).map(usize::to_string).collect();
            let more = if at.len() > 10 { ", ..." } else { "" };
            let noun = if at.len() == 1 { "line" } else { "lines" };
            part.push_str(&format!(" ({noun} {}{more})", shown.join(", ")));
        }
        parts.push(part);
    }
    format!("{} records: {}", results.len(), parts.join(", "))
}

/// The exit: 0 when every record was invited or already existed, 3 when any is unknown
/// or was not attempted, else 1 when any failed.
fn exit(results: &[(usize, Status)]) -> Result<Printed, Error> {
    let count = |r: Status| results.iter().filter(|(_, x)| *x == r).count();
    let uncertain = count(Status::Unknown) + count(Status::NotAttempted);
    if uncertain > 0 {
        return Err(Error::unreachable(format!(
            "{uncertain} of {} records are unknown or not attempted: check them in Atlas, then run the file again with --ifNotExists",
            results.len()
        )));
    }
    let failed = count(Status::Failed);
    if failed > 0 {
        return Err(Error::Refused(format!(
            "{failed} of {} records failed; their lines above say why",
            results.len()
        )));
    }
    Ok(Printed::text(""))
}

/// A result line that could not be written: what was done so far is the invite's news.
fn written(e: std::io::Error, results: &[(usize, Status)]) -> Error {
    Error::Unreadable(format!(
        "writing the results to standard output failed ({}): {e}",
        summary(results)
    ))
}
