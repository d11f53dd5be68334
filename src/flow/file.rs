//! `--file`: one invite per record, one after another on one connection and one
//! authentication, each result printed as soon as it is known, the summary on stderr.
//!
//! A refusal is that record's failure and the run goes on; a rate limit is waited out
//! (within `ATLAS_MAX_WAIT` per record). A connection lost after a request left makes
//! that record `unknown` (it is never resent). What would fail every record alike stops
//! the run, the rest reported `not attempted`: Atlas unreachable, its rate limit past the
//! bound, credentials it refuses, a signal, or standard output gone (a person whose result
//! cannot be recorded is not invited). The exit code says the worst that happened.

use std::sync::{Arc, Mutex, MutexGuard};

use super::inviter::Inviter;
use super::outcome::{Outcome, Printed};
use super::report::{Report, Result as Line, Status};
use crate::console::Console;
use crate::error::Error;
use crate::hiargs::HiArgs;
use crate::render::Output;
use crate::signals;

/// Why the run stopped sending before the end of the file.
enum Halt {
    /// Atlas cannot be reached: the rest are reported `not attempted` as they come.
    Unreachable,
    /// Rate limited past the bound: the rest are `not attempted`; resume with the file.
    RateLimited(Error),
    /// Credentials refused: every record would fail alike.
    Unauthorized(Error),
    /// SIGINT or SIGTERM.
    Signal(i32),
    /// Standard output failed: no result could be recorded.
    Stdout(std::io::Error),
}

/// Invites every record; results go to stdout as they come, the summary to stderr.
pub(crate) fn run(console: &Console, inv: &HiArgs) -> Result<Printed, Error> {
    let json = match inv.output {
        Output::Text => false,
        Output::Json => true,
        // Refused while resolving; nothing reaches here.
        _ => return Err(Error::usage("--file prints text or -o json only")),
    };
    let records = inv.users.names().collect();
    let report = Arc::new(Mutex::new(Report::new(json, records)));
    let stop = {
        let report = report.clone();
        signals::watch(move |signal| finish_after_signal(&report, signal))
    };
    let mut inviter = Inviter::new(console, inv, stop.clone());
    let mut halt = None;
    for (n, job) in inv.users.jobs().enumerate() {
        if let Some(signal) = stop.as_ref().and_then(signals::Stop::requested) {
            halt = Some(Halt::Signal(signal));
            break;
        }
        if console.shows_progress() {
            console.progress(&lock(&report).status_line(n));
        }
        let line = job.line.unwrap_or_default();
        inviter.set_subject(Some(format!("line {line} ({})", job.user.username)));
        let (result, stopping) = match &halt {
            Some(Halt::Unreachable) => (not_attempted(None), None),
            _ => judge(inviter.invite(&job)),
        };
        let mut r = lock(&report);
        if r.is_closed() {
            // The watcher finished the report; the process is exiting.
            let signal = stop.as_ref().and_then(signals::Stop::requested);
            return Err(Error::Stopped(signal.unwrap_or(libc::SIGTERM)));
        }
        if let Err(e) = r.record(console, result) {
            halt = Some(Halt::Stdout(e));
            break;
        }
        drop(r);
        match stopping {
            Some(Halt::Unreachable) => halt = Some(Halt::Unreachable),
            Some(h) => {
                halt = Some(h);
                break;
            }
            None => {}
        }
    }
    let outcome = conclude(console, &mut lock(&report), halt);
    if let Some(stop) = &stop {
        stop.reported();
    }
    outcome
}

/// A record's result, and whether it stops the run.
fn judge(result: Result<Outcome, Error>) -> (Line, Option<Halt>) {
    let line = |status, id, error: Option<&Error>| Line {
        status,
        id,
        error: error.map(Error::to_string),
        added: Vec::new(),
    };
    match result {
        Ok(Outcome::Updated(found, added)) => {
            let mut l = line(Status::Updated, Some(found.id()), None);
            l.added = added;
            (l, None)
        }
        Ok(Outcome::Invited(found)) => (line(Status::Invited, Some(found.id()), None), None),
        Ok(Outcome::Exists(found)) => (line(Status::Exists, Some(found.id()), None), None),
        Err(e) if e.may_have_taken_effect() => (line(Status::Unknown, None, Some(&e)), None),
        Err(e @ Error::Unreachable { .. }) => (
            line(Status::NotAttempted, None, Some(&e)),
            Some(Halt::Unreachable),
        ),
        Err(e @ Error::RateLimited(_)) => (
            line(Status::NotAttempted, None, Some(&e)),
            Some(Halt::RateLimited(e)),
        ),
        Err(Error::Stopped(signal)) => (not_attempted(None), Some(Halt::Signal(signal))),
        Err(e @ Error::Unauthorized { .. }) => {
            let short = Line {
                status: Status::Failed,
                id: None,
                error: Some("unauthorized".into()),
                added: Vec::new(),
            };
            (short, Some(Halt::Unauthorized(e)))
        }
        Err(e) => (line(Status::Failed, None, Some(&e)), None),
    }
}

fn not_attempted(error: Option<String>) -> Line {
    Line {
        status: Status::NotAttempted,
        id: None,
        error,
        added: Vec::new(),
    }
}

fn lock(report: &Mutex<Report>) -> MutexGuard<'_, Report> {
    report.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reports what the loop did not, prints the summary and picks the exit.
fn conclude(console: &Console, r: &mut Report, halt: Option<Halt>) -> Result<Printed, Error> {
    if let Some(Halt::Stdout(e)) = &halt {
        let lines = r.rest_unprinted();
        r.close();
        console.progress_done();
        let rest = match (lines.first(), lines.last()) {
            (Some(a), Some(b)) if a != b => format!(" (lines {a}-{b})"),
            (Some(a), _) => format!(" (line {a})"),
            _ => String::new(),
        };
        let why = e.to_string();
        let why = why.split(" (os error").next().unwrap_or_default();
        return Err(Error::unreachable(format!(
            "{}: standard output failed{rest}: {why}; re-run with --ifNotExists",
            r.summary()
        )));
    }
    while r.reported() < r.records_len() {
        // The rest after a stop: not attempted, in text and JSON Lines alike.
        if let Err(e) = r.record(console, not_attempted(None)) {
            return conclude(console, r, Some(Halt::Stdout(e)));
        }
    }
    r.close();
    console.progress_done();
    console.say(&r.summary());
    match halt {
        Some(Halt::Signal(signal)) => {
            console.say(&format!(
                "stopped by {}: nothing was sent after it; run the same file again with --ifNotExists to finish",
                signals::name(signal)
            ));
            Err(Error::Stopped(signal))
        }
        Some(Halt::Unauthorized(e)) => Err(e),
        Some(Halt::RateLimited(e)) => Err(Error::RateLimited(format!(
            "{e}; the rest were not attempted: run the same file again with --ifNotExists to resume"
        ))),
        _ => exit(r),
    }
}

/// The watcher's end of the report when the run did not finish within the grace time
/// after a signal: the record in flight is `unknown`, the rest `not attempted`.
fn finish_after_signal(report: &Mutex<Report>, signal: i32) {
    let mut r = lock(report);
    if r.is_closed() {
        return;
    }
    r.rest_raw(Status::Unknown);
    use std::io::{IsTerminal, Write};
    let mut err = std::io::stderr().lock();
    let clear = if err.is_terminal() { "\r\x1b[K" } else { "" };
    let _ = writeln!(
        err,
        "{clear}{}\nstopped by {}: the answer in flight did not come within {}s, so that record is unknown; check it in Atlas, then run the same file again with --ifNotExists",
        r.summary(),
        signals::name(signal),
        signals::GRACE.as_secs()
    );
}

/// The exit: 0 when every record was invited or already existed, 3 when any is unknown
/// or was not attempted, else 1 when any failed.
fn exit(r: &Report) -> Result<Printed, Error> {
    let total = r.records_len();
    let uncertain = r.count(Status::Unknown) + r.count(Status::NotAttempted);
    if uncertain > 0 {
        return Err(Error::unreachable(format!(
            "{uncertain} of {total} records are unknown or not attempted: check them in Atlas, then run the file again with --ifNotExists"
        )));
    }
    let failed = r.count(Status::Failed);
    if failed > 0 {
        return Err(Error::Refused(format!(
            "{failed} of {total} records failed; their lines above say why"
        )));
    }
    Ok(Printed::text(""))
}
