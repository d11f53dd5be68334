//! `--file`: one person per record, one after another on one connection and one
//! authentication, each result printed as soon as it is known, the summary on stderr.
//!
//! With `--ifNotExists`, `--ensureMemberships`, `--plan` or `--prune` (2025-02-19 reads),
//! the places the records invite to are read first (see `read`), so each record sends
//! only what Atlas lacks; `--prune`'s removals come last, and only when every invitation
//! and addition succeeded. A refusal is that record's failure and the run goes on; a rate
//! limit is waited out (within `ATLAS_MAX_WAIT` per record). A connection lost after a
//! request left makes that record `unknown` (it is never resent). What would fail every
//! record alike stops the run, the rest reported `not attempted`: Atlas unreachable, its
//! rate limit past the bound, credentials it refuses, a signal, or standard output gone.
//! The exit code says the worst that happened.

use std::sync::{Arc, Mutex};

use super::halt::{judge, lock, Halt};
use super::inviter::Inviter;
use super::outcome::Printed;
use super::report::{Entry, Report, Status};
use super::{read, remove};
use crate::console::{Console, Handle};
use crate::error::Error;
use crate::hiargs::HiArgs;
use crate::plan::known::{Known, Read};
use crate::plan::prune::{self, Removal};
use crate::signals::{self, Stop};

/// What the run knows before it sends: the reads, and `--prune`'s removals.
struct Prepared {
    known: Known,
    removals: Vec<Removal>,
}

/// Invites every record; results go to stdout as they come, the summary to stderr.
pub(crate) fn run(console: &Console, args: &HiArgs, json: bool) -> Result<Printed, Error> {
    let mut report = Report::new(json, args.invitees.names().collect());
    report.resume = args.resume_flag();
    let report = Arc::new(Mutex::new(report));
    let stop = {
        let (report, handle) = (report.clone(), console.handle());
        signals::watch(move |signal| finish_after_signal(&report, &handle, signal))
    };
    let mut inviter = Inviter::new(console, args, stop.clone());
    let outcome = match prepare(console, args, &mut inviter) {
        Ok(prepared) => {
            let mut r = lock(&report);
            r.start_sending();
            // Known from the start, so the signal watcher reports them whenever it ends
            // the run (after the records too, as `not attempted`).
            let removing = prepared.removals.iter().filter(|x| !x.revokes.is_empty());
            r.removing(removing.map(|x| x.username.clone()).collect());
            drop(r);
            let mut halt = invite_all(console, &mut inviter, &report, &stop, &prepared.known);
            if args.prune.is_some() {
                let held = halt.is_some() || !lock(&report).all_done();
                let r = remove::all(console, &mut inviter, &report, &prepared.removals, held);
                halt = halt.or(r);
            }
            conclude(console, &mut lock(&report), halt)
        }
        // Refused before anything was read or sent: no record line.
        Err(e @ (Error::Usage(_) | Error::Refused(_))) => Err(e),
        Err(e) => before_sending(console, &mut lock(&report), e),
    };
    if let Some(stop) = &stop {
        stop.reported();
    }
    outcome
}

/// The reads and, with `--prune`, the removals and their guard (more removals than
/// `--maxRemovals` stop the run before anything is sent).
fn prepare(console: &Console, args: &HiArgs, inviter: &mut Inviter<'_>) -> Result<Prepared, Error> {
    let (known, removals) = state(console, args, inviter)?;
    if let Some(max) = args.prune {
        remove::guard(console, &removals, max)?;
    }
    Ok(Prepared { known, removals })
}

/// What the run knows before it sends (nothing unless it reads), and with `--prune` who
/// loses what; a refused read in the prune's reach stops it (nobody there can be told
/// apart).
pub(super) fn state(
    console: &Console,
    args: &HiArgs,
    inviter: &mut Inviter<'_>,
) -> Result<(Known, Vec<Removal>), Error> {
    if !args.reads() {
        return Ok((Known::nothing(), Vec::new()));
    }
    let (targets, reach) = crate::plan::reads(args.invitees.each(), args.prune.is_some());
    let known = read::all(console, &mut inviter.session, &targets)?;
    if args.prune.is_none() {
        return Ok((known, Vec::new()));
    }
    if let Some(t) = reach
        .targets()
        .find(|t| matches!(known.read(t), Some(Read::Refused)))
    {
        return Err(Error::Refused(format!(
            "--prune: reading {} was refused (403 Forbidden), so who to remove there cannot be known; nothing was sent (give the credentials read access, or leave it out of the file)",
            t.describe()
        )));
    }
    if let Some((t, n)) = reach.targets().find_map(|t| match known.read(&t) {
        Some(Read::Roster(r)) if r.unnamed > 0 => Some((t, r.unnamed)),
        _ => None,
    }) {
        return Err(Error::Refused(format!(
            "--prune: reading {} listed {n} members without a username or an id, so who to remove there cannot be known; nothing was sent",
            t.describe()
        )));
    }
    let removals = prune::removals(&reach, args.invitees.each(), &known);
    Ok((known, removals))
}

/// Invites every record; returns why the run stopped sending, if it did.
fn invite_all(
    console: &Console,
    inviter: &mut Inviter<'_>,
    report: &Mutex<Report>,
    stop: &Option<Stop>,
    known: &Known,
) -> Option<Halt> {
    let mut halt = None;
    let mut hinted = false;
    for (n, invitee) in inviter.args().invitees.each().enumerate() {
        if let Some(signal) = stop.as_ref().and_then(Stop::requested) {
            return Some(Halt::Signal(signal));
        }
        if console.shows_progress() {
            console.progress(&lock(report).status_line(n));
        }
        let line = invitee.line.unwrap_or_default();
        inviter
            .session
            .begin(Some(format!("line {line} ({})", invitee.user.username)));
        let (result, mut stopping) = match &halt {
            Some(Halt::Unreachable) => (Entry::bare(Status::NotAttempted), None),
            _ => judge(inviter.invite(&invitee, known)),
        };
        if result.status == Status::Failed && stopping.is_none() {
            // A record the signal cut short stops the run too, last or not.
            stopping = stop.as_ref().and_then(Stop::requested).map(Halt::Signal);
        }
        if !hinted && result.status == Status::Failed && !inviter.args().if_not_exists {
            hinted = exists_hint(console, &result);
        }
        let mut r = lock(report);
        if r.is_closed() {
            // The watcher finished the report; the process is exiting.
            return Some(Halt::Signal(
                stop.as_ref()
                    .and_then(Stop::requested)
                    .unwrap_or(libc::SIGTERM),
            ));
        }
        if let Err(e) = r.record(console, result) {
            return Some(Halt::Stdout(e));
        }
        drop(r);
        match stopping {
            Some(Halt::Unreachable) => halt = Some(Halt::Unreachable),
            Some(h) => return Some(h),
            None => {}
        }
    }
    // A signal during the last record stops the run as it would before the next one.
    halt.or_else(|| stop.as_ref().and_then(Stop::requested).map(Halt::Signal))
}

/// Says once that a 409 for an existing user can be a success.
fn exists_hint(console: &Console, result: &Entry) -> bool {
    let exists = result
        .error
        .as_deref()
        .is_some_and(|e| e.contains("USER_ALREADY_EXISTS"));
    if exists {
        console.say("hint: USER_ALREADY_EXISTS means the user is in Atlas already: --ifNotExists makes an existing user a success (--ensureMemberships also gives them what the record asks and they lack)");
    }
    exists
}

/// The run stopped before anything was sent (a read failed, a signal, credentials
/// refused): every record is `not attempted`.
fn before_sending(console: &Console, r: &mut Report, e: Error) -> Result<Printed, Error> {
    let halt = match e {
        Error::Stopped(signal) => Halt::Signal(signal),
        e @ Error::Unauthorized { .. } => Halt::Unauthorized(e),
        e => Halt::RateLimited(e),
    };
    conclude(console, r, Some(halt))
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
            "{}: standard output failed{rest}: {why}; re-run with {}",
            r.summary(),
            r.resume
        )));
    }
    while r.reported() < r.records_len() {
        // The rest after a stop: not attempted, in text and JSON Lines alike.
        if let Err(e) = r.record(console, Entry::bare(Status::NotAttempted)) {
            return conclude(console, r, Some(Halt::Stdout(e)));
        }
    }
    r.close();
    console.progress_done();
    console.say(&r.summary());
    match halt {
        Some(Halt::Signal(signal)) => {
            console.say(&format!(
                "stopped by {}: nothing was sent after it; run the same file again with {} to finish",
                crate::error::signal_name(signal),
                r.resume
            ));
            Err(Error::Stopped(signal))
        }
        Some(Halt::Unauthorized(e)) => Err(e),
        Some(Halt::RateLimited(e @ Error::RateLimited(_))) => Err(Error::RateLimited(format!(
            "{e}; the rest were not attempted: run the same file again with {} to resume",
            r.resume
        ))),
        Some(Halt::RateLimited(e)) => Err(e),
        _ => exit(r),
    }
}

/// The watcher's end of the report when the run did not finish within the grace time
/// after a signal: the record in flight is `unknown`, the rest `not attempted`; during
/// the reads no record is in flight, so every record is `not attempted`.
fn finish_after_signal(report: &Mutex<Report>, handle: &Handle, signal: i32) {
    let mut r = lock(report);
    if r.is_closed() {
        return;
    }
    let (sending, removing) = (r.is_sending(), r.is_removing());
    let first = match sending {
        true => Status::Unknown,
        false => Status::NotAttempted,
    };
    r.rest_through(handle, first);
    let (name, grace) = (crate::error::signal_name(signal), signals::GRACE.as_secs());
    let what = if removing { "removal" } else { "record" };
    let why = match sending {
        true => format!("stopped by {name}: the answer in flight did not come within {grace}s, so that {what} is unknown; check it in Atlas, then run the same file again with {}", r.resume),
        false => format!("stopped by {name} during the reads: nothing was sent; run the same file again"),
    };
    handle.say(&format!("{}\n{why}", r.summary()));
}

/// The exit: 0 when every record was invited or already existed (and every removal was
/// made), 3 when any record or removal is unknown or a record was not attempted, else 1
/// when any failed. Removals held back by a failed record do not change the exit.
fn exit(r: &Report) -> Result<Printed, Error> {
    let total = r.records_len();
    let removals = r.removals();
    let uncertain = r.records_with(Status::Unknown) + r.records_with(Status::NotAttempted);
    if uncertain > 0 {
        return Err(Error::unreachable(format!(
            "{uncertain} of {total} records are unknown or not attempted: check them in Atlas, then run the file again with {}",
            r.resume
        )));
    }
    let unsure = removals.unknown + removals.skipped;
    if unsure > 0 {
        let are = if unsure == 1 {
            "removal is"
        } else {
            "removals are"
        };
        return Err(Error::unreachable(format!(
            "{unsure} {are} unknown or not attempted: check them in Atlas, then run the file again with --prune"
        )));
    }
    let failed = r.records_with(Status::Failed);
    if failed > 0 {
        return Err(Error::Refused(format!(
            "{failed} of {total} records failed; their lines above say why"
        )));
    }
    if removals.failed > 0 {
        return Err(Error::Refused(format!(
            "{} of the removals failed; their lines above say why",
            removals.failed
        )));
    }
    Ok(Printed::text(""))
}
