//! Why a file run stops sending, and what each person's result says: one verdict for the
//! records and for `--prune`'s removals, so both stop alike (Atlas unreachable, a rate
//! limit past its bound, credentials refused, a signal, standard output gone).

use std::sync::{Mutex, MutexGuard};

use super::outcome::{Ended, Failure, Outcome};
use super::report::{Entry, Report, Status};
use crate::error::Error;

/// Why the run stopped sending before the end.
pub(crate) enum Halt {
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

/// A record's result, and whether it stops the run.
pub(crate) fn judge(result: Result<Outcome, Failure>) -> (Entry, Option<Halt>) {
    match result {
        Ok(outcome) => {
            let status = match outcome.ended {
                Ended::Invited => Status::Invited,
                Ended::Reinvited => Status::Reinvited,
                Ended::Updated => Status::Updated,
                Ended::Exists => Status::Exists,
            };
            let entry = Entry {
                id: Some(outcome.id()),
                added: outcome.added,
                ..Entry::bare(status)
            };
            (entry, None)
        }
        // A failure lists in `added` what took effect before it.
        Err(f) => {
            let (mut entry, halt) = judge_partial(f.error, !f.done.is_empty());
            entry.added = f.done;
            (entry, halt)
        }
    }
}

/// A failure after `partly` something took effect: then Atlas out of reach or rate limited
/// past the bound makes the person `failed` (the error says what took effect, never `not
/// attempted`), and the run stops.
pub(crate) fn judge_partial(e: Error, partly: bool) -> (Entry, Option<Halt>) {
    match e {
        e @ (Error::Unreachable { .. } | Error::RateLimited(_))
            if partly && !e.may_have_taken_effect() =>
        {
            let entry = Entry {
                error: Some(e.to_string()),
                ..Entry::bare(Status::Failed)
            };
            let halt = match e {
                Error::RateLimited(_) => Halt::RateLimited(e),
                _ => Halt::Unreachable,
            };
            (entry, Some(halt))
        }
        e => judge_error(e),
    }
}

/// A failure's result line, and whether it stops the run.
fn judge_error(e: Error) -> (Entry, Option<Halt>) {
    let line = |status, error: Option<&Error>| Entry {
        error: error.map(Error::to_string),
        ..Entry::bare(status)
    };
    match e {
        e if e.may_have_taken_effect() => (line(Status::Unknown, Some(&e)), None),
        e @ Error::Unreachable { .. } => (
            line(Status::NotAttempted, Some(&e)),
            Some(Halt::Unreachable),
        ),
        e @ Error::RateLimited(_) => (
            line(Status::NotAttempted, Some(&e)),
            Some(Halt::RateLimited(e)),
        ),
        Error::Stopped(signal) => (
            Entry::bare(Status::NotAttempted),
            Some(Halt::Signal(signal)),
        ),
        e @ Error::Unauthorized { .. } => {
            let short = Entry {
                error: Some("unauthorized".into()),
                ..Entry::bare(Status::Failed)
            };
            (short, Some(Halt::Unauthorized(e)))
        }
        e => (line(Status::Failed, Some(&e)), None),
    }
}

/// A person's error once their calls began: a signal stopped this call, not the person
/// (`stopped by SIGTERM before this call`), whose earlier calls the error goes on to list.
pub(crate) fn cut_short(e: Error) -> Error {
    match e {
        Error::Stopped(signal) => Error::Refused(format!(
            "stopped by {} before this call",
            crate::error::signal_name(signal)
        )),
        e => e,
    }
}

/// What became of the call that failed with `e` (`cut_short` already; `stopped`: by a
/// signal), after its description.
pub(crate) fn failed_call(e: &Error, stopped: bool) -> &'static str {
    if e.may_have_taken_effect() {
        "uncertain, see above"
    } else if stopped {
        "not attempted"
    } else {
        "this call failed"
    }
}

/// Adds `label: a, b` to `notes` when there are `items`.
pub(crate) fn note(notes: &mut Vec<String>, label: &str, items: &[String]) {
    if !items.is_empty() {
        notes.push(format!("{label}: {}", items.join(", ")));
    }
}

pub(crate) fn lock(report: &Mutex<Report>) -> MutexGuard<'_, Report> {
    report.lock().unwrap_or_else(|e| e.into_inner())
}
