//! `--prune`'s removals, after every invitation and addition of the run: its guard (more
//! than `--maxRemovals` sends nothing at all), then each person's removals in plan order.
//! A removal that Atlas answers 404 is already done; one that may have been processed is
//! never sent again; a failed one stops that person's removals, not the others'.

use std::sync::Mutex;

use super::answer::refusal;
use super::halt::{cut_short, failed_call, judge_partial, lock, note, Halt};
use super::inviter::Inviter;
use super::report::{Entry, Report, Status};
use crate::console::Console;
use crate::error::Error;
use crate::plan::grant::Revoke;
use crate::plan::prune::Removal;

/// How many removals are shown when `--maxRemovals` refuses a run.
const SHOWN: usize = 10;

/// Refuses a plan of more removal calls than `max` (exit 2, nothing sent): the first of
/// them are listed on stderr, then one error says how many and how to go on.
pub(crate) fn guard(console: &Console, removals: &[Removal], max: usize) -> Result<(), Error> {
    let count: usize = removals.iter().map(|r| r.revokes.len()).sum();
    if count <= max {
        return Ok(());
    }
    console.say(&format!(
        "--prune would make {count} removals, more than --maxRemovals {max} allows; they begin:"
    ));
    let first = removals
        .iter()
        .flat_map(|r| r.revokes.iter().map(move |v| v.plan_line(&r.username)));
    for line in first.take(SHOWN) {
        console.say(&format!("  {line}"));
    }
    if count > SHOWN {
        console.say(&format!("  ... and {} more", count - SHOWN));
    }
    Err(Error::usage(format!(
        "--prune would make {count} removals, more than --maxRemovals {max} allows; nothing was sent: if the file is complete (not cut short, not the wrong file), review them with --plan and run again with --maxRemovals {count}"
    )))
}

/// Sends every person's removals, or, when `held` (an invitation or addition failed or is
/// unknown, or the run stopped), reports them `not attempted`; returns why the run
/// stopped sending, if it did.
pub(crate) fn all(
    console: &Console,
    inviter: &mut Inviter<'_>,
    report: &Mutex<Report>,
    removals: &[Removal],
    held: bool,
) -> Option<Halt> {
    let mut halt: Option<Halt> = None;
    for removal in removals {
        if !removal.kept.is_empty() {
            let kept = Entry {
                id: Some(removal.id.clone()),
                ..Entry::bare(Status::Kept)
            };
            if let Err(e) = lock(report).removal(console, &removal.username, kept, false) {
                return Some(Halt::Stdout(e));
            }
        }
        if removal.revokes.is_empty() {
            continue;
        }
        if let (None, false, Some(signal)) = (&halt, held, inviter.session.stopped()) {
            halt = Some(Halt::Signal(signal));
        }
        let (entry, stopping) = match (held, &halt) {
            (false, None) => {
                let subject = format!("removing {}", removal.username);
                inviter.session.begin(Some(subject));
                match one(inviter, removal) {
                    Ok(()) => {
                        let done = Entry {
                            id: Some(removal.id.clone()),
                            removed: removal.revokes.clone(),
                            ..Entry::bare(Status::Removed)
                        };
                        (done, None)
                    }
                    // What was removed before the failure is reported (and counted) too; a
                    // person the signal cut short stops the run, last or not.
                    Err((e, done)) => {
                        let (mut entry, stopping) = match judge_partial(e, done > 0) {
                            (entry, None) => (entry, inviter.session.stopped().map(Halt::Signal)),
                            judged => judged,
                        };
                        entry.removed = removal.revokes[..done].to_vec();
                        (entry, stopping)
                    }
                }
            }
            _ => (Entry::bare(Status::NotAttempted), None),
        };
        if let Err(e) = lock(report).removal(console, &removal.username, entry, held) {
            return Some(Halt::Stdout(e));
        }
        halt = halt.or(stopping);
    }
    halt
}

/// One person's removals, in order; a 404 (already gone) counts as done. A failure says
/// how many were made before it.
fn one(inviter: &mut Inviter<'_>, removal: &Removal) -> Result<(), (Error, usize)> {
    for (i, revoke) in removal.revokes.iter().enumerate() {
        let call = revoke.call(&removal.id);
        let failure = match inviter.session.call(&call) {
            Ok(answer) if (200..=299).contains(&answer.status) || answer.status == 404 => continue,
            Ok(answer) => refusal(&call, &inviter.session.url(&call), &answer),
            Err(e) => e,
        };
        let e = partial(failure, &removal.revokes[..i], &removal.revokes[i..]);
        return Err((e, i));
    }
    Ok(())
}

/// `e` for the first of `left`, with what `done` removed and what was not removed. A
/// signal before the person's first removal leaves them untouched (`not attempted`).
fn partial(e: Error, done: &[Revoke], left: &[Revoke]) -> Error {
    let stopped = matches!(e, Error::Stopped(_));
    if done.is_empty() && stopped {
        return e;
    }
    let e = cut_short(e);
    let mut notes = Vec::new();
    let removed: Vec<String> = done.iter().map(Revoke::describe).collect();
    note(&mut notes, "removed", &removed);
    let why = |i: usize| match i {
        0 => failed_call(&e, stopped),
        _ => "not attempted",
    };
    let not: Vec<String> = left
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{} ({})", r.describe(), why(i)))
        .collect();
    note(&mut notes, "not removed", &not);
    e.append(&notes.join("; "))
}
