//! Reading what Atlas holds before a run sends anything: every member of each place
//! `plan::reads` names (each organization of the invitations, each project invited on its
//! own, and `--prune`'s projects), 500 to a page, in every membership status, until a page
//! holds fewer (Atlas's `totalCount` is only an estimate). The reads go through the
//! session like any call (rate limits, token renewal, signals) and show on the status line.
//!
//! A 403 makes that place unknown (its records go the per-record way, one stderr line says
//! so); any other failure stops the run before anything is sent.

use super::answer::refusal;
use crate::api::calls::{self, PAGE_SIZE};
use crate::api::members::{self, Target};
use crate::auth::Session;
use crate::console::{Console, Progress};
use crate::error::Error;
use crate::plan::known::{Known, Read, Roster};
use crate::users::shown::thousands;

/// The most pages one place may have: a million members.
const MAX_PAGES: usize = 2_000;

/// Reads every place of `targets` into what the run knows.
pub(crate) fn all(
    console: &Console,
    session: &mut Session<'_>,
    targets: &[Target],
) -> Result<Known, Error> {
    let mut known = Known::nothing();
    for target in targets {
        let read = one(console, session, target)?;
        known.insert(target.clone(), read);
    }
    console.progress_done();
    Ok(known)
}

/// Every page of one place.
fn one(console: &Console, session: &mut Session<'_>, target: &Target) -> Result<Read, Error> {
    let mut roster = Roster::default();
    for page in 1..=MAX_PAGES {
        let what = target.describe();
        console.progress(&Progress::plain(format!(
            "reading {what}: page {page}, {} users",
            thousands(roster.members.len())
        )));
        session.begin(Some(format!("reading {what} (page {page})")));
        let call = calls::list_members(target, page);
        let answer = session.call(&call)?;
        let url = session.url(&call);
        let members = match answer.status {
            200..=299 => {
                members::page(target, &answer.body).filter(|_| answer.body_error.is_none())
            }
            403 => {
                console.notice(&format!(
                    "reading {what} was refused (403 Forbidden): its records are sent one by one, each looked up after a 409"
                ));
                return Ok(Read::Refused);
            }
            _ => return Err(failed(refusal(&call, &url, &answer))),
        };
        let Some(members) = members else {
            let why = answer
                .body_error
                .clone()
                .unwrap_or_else(|| "the answer is not a list of members".into());
            return Err(failed(Error::Refused(format!("GET {url}: {why}"))));
        };
        let full = members.len() >= PAGE_SIZE;
        if roster.extend(members) == 0 && full {
            return Err(failed(Error::Refused(format!(
                "GET {url}: page {page} lists nobody the earlier pages did not (Atlas repeats itself); nothing was read to the end"
            ))));
        }
        if !full {
            return Ok(Read::Roster(roster));
        }
    }
    Err(failed(Error::Refused(format!(
        "reading {}: more than {} members; nothing was read to the end",
        target.describe(),
        thousands(MAX_PAGES * PAGE_SIZE)
    ))))
}

/// A read that failed stops the run before anything is sent (exit 3).
fn failed(e: Error) -> Error {
    Error::Unreachable {
        msg: format!("{e}; nothing was sent"),
        maybe_processed: false,
    }
}
