//! `--plan`: read what Atlas holds, then print what a run with the same flags would do,
//! person by person, with the calls it would send, and send nothing but the reads. A file
//! reads each organization and project as the run does; a single invite looks the person
//! up in each place (`?username=`). The plan goes to stdout; its `Plan:` line too, or to
//! stderr with `-o json` so stdout holds only the objects.

use super::inviter::Inviter;
use super::outcome::Printed;
use crate::api::calls::{self, Call};
use crate::api::members::{self, Member};
use crate::console::Console;
use crate::error::Error;
use crate::hiargs::HiArgs;
use crate::json::Writer;
use crate::plan::grant::Revoke;
use crate::plan::known::{Known, Read, Roster};
use crate::plan::prune::Removal;
use crate::plan::{self, Action, Does, Planned};
use crate::users::Invitee;

/// How many people (and removal calls) each action has.
#[derive(Default)]
struct Tally {
    invite: usize,
    reinvite: usize,
    update: usize,
    unchanged: usize,
    conflict: usize,
    remove: usize,
    kept: usize,
}

/// Reads, then prints the plan; exit 0 whatever it holds.
pub(crate) fn run(console: &Console, args: &HiArgs, json: bool) -> Result<Printed, Error> {
    let mut inviter = Inviter::new(console, args, None);
    let (known, removals) = if args.file {
        super::file::state(console, args, &mut inviter)?
    } else {
        (lookups(&mut inviter, args)?, Vec::new())
    };
    let mut out = String::new();
    let mut tally = Tally::default();
    for invitee in args.invitees.each() {
        // A run that reads nothing meets what the plan read one call at a time.
        let planned = match args.run_reads() {
            true => plan::person(&invitee, args.version, &known, args.mode()),
            false => plan::blind(&invitee, args.version, &known, args.mode()),
        };
        person(&invitee, &planned, json, &mut out, &mut tally);
    }
    for r in &removals {
        removal(r, json, &mut out, &mut tally);
    }
    let summary = tally.summary();
    if json {
        console.out(&out)
    } else {
        out.push_str(&summary);
        out.push('\n');
        console.out(&out)
    }
    .map_err(|e| Error::Local(format!("writing to standard output: {e}")))?;
    if json {
        console.say(&summary);
    }
    if let Some(max) = args.prune.filter(|max| tally.remove > *max) {
        console.warn(&format!(
            "a run would refuse this plan: {} removals, more than --maxRemovals {max}; nothing would be sent",
            tally.remove
        ));
    }
    Ok(Printed::text(""))
}

/// A single invite's state: the person looked up in each place of their invitations.
fn lookups(inviter: &mut Inviter<'_>, args: &HiArgs) -> Result<Known, Error> {
    let mut known = Known::nothing();
    let Some(invitee) = args.invitees.each().next() else {
        return Ok(known);
    };
    inviter.session.begin(None);
    for invitation in plan::invitations(&invitee) {
        let call = calls::lookup_any_status(&invitation.target, &invitee.user.username);
        let answer = inviter.session.call(&call)?;
        let read = match answer.status {
            200 => {
                let mut roster = Roster::default();
                roster.extend(
                    members::find(&invitation.target, &answer.body, &invitee.user.username)
                        .into_iter()
                        .collect(),
                );
                Read::Roster(roster)
            }
            403 => Read::Refused,
            _ => {
                let url = inviter.session.url(&call);
                return Err(super::answer::refusal(&call, &url, &answer));
            }
        };
        known.insert(invitation.target, read);
    }
    Ok(known)
}

impl Tally {
    /// `Plan: 1 to invite, 1 to re-invite, 1 to update, 1 unchanged`, then what is not 0
    /// of conflicts, removals and kept owners.
    fn summary(&self) -> String {
        let mut s = format!(
            "Plan: {} to invite, {} to re-invite, {} to update, {} unchanged",
            self.invite, self.reinvite, self.update, self.unchanged
        );
        for (n, what) in [
            (self.conflict, "conflicting"),
            (self.remove, "to remove"),
            (self.kept, "kept"),
        ] {
            if n > 0 {
                s.push_str(&format!(", {n} {what}"));
            }
        }
        s
    }
}

/// One person's action and calls.
fn person(invitee: &Invitee, planned: &Planned, json: bool, out: &mut String, tally: &mut Tally) {
    let first = planned.found.first().map(|(_, m)| m);
    let status = first.map(Member::status).filter(|s| !s.is_empty());
    let username = &invitee.user.username;
    let (word, detail) = match planned.action {
        Action::Invite => {
            tally.invite += 1;
            ("invite", String::new())
        }
        Action::Reinvite => {
            tally.reinvite += 1;
            ("reinvite", format!(" ({})", status.unwrap_or("lapsed")))
        }
        Action::Update => {
            tally.update += 1;
            ("update", format!(": add {}", adds(planned)))
        }
        Action::Unchanged => {
            tally.unchanged += 1;
            ("unchanged", format!(" ({})", status.unwrap_or("exists")))
        }
        Action::Conflict => {
            tally.conflict += 1;
            ("conflict", format!(" ({}): the run would fail with 409 (--ifNotExists or --ensureMemberships make an existing user a success)", status.unwrap_or("exists")))
        }
    };
    let calls: Vec<&Call> = planned.steps.iter().map(|s| &s.call).collect();
    if json {
        let expires = first.and_then(|m| m.person.invitation_expires_at.as_deref());
        object(invitee.line, username, word, status, expires, &calls, out);
    } else {
        let word = if word == "reinvite" {
            "re-invite"
        } else {
            word
        };
        let at = invitee
            .line
            .map(|n| format!("line {n}: "))
            .unwrap_or_default();
        out.push_str(&format!("{at}{word} {username}{detail}\n"));
        lines(&calls, out);
    }
}

/// What an update gives: additions, and invitations to places the person is not in (an
/// invitation a lookup follows meets a 409: the person is there already).
fn adds(planned: &Planned) -> String {
    let steps = &planned.steps;
    let words: Vec<String> = steps
        .iter()
        .enumerate()
        .filter_map(|(i, s)| match &s.does {
            Does::Invite { .. } if steps.get(i + 1).is_some_and(|n| n.does == Does::Lookup) => None,
            Does::Grant(g) | Does::Invite { gives: g, .. } => Some(g.describe()),
            Does::CreateUser | Does::Lookup => None,
        })
        .collect();
    words.join(", ")
}

/// One person's removals, one per call, and whether an owner is kept.
fn removal(r: &Removal, json: bool, out: &mut String, tally: &mut Tally) {
    let status = Some(r.status.as_str()).filter(|s| !s.is_empty());
    if !r.kept.is_empty() {
        tally.kept += 1;
        if json {
            object(None, &r.username, "kept", status, None, &[], out);
        } else {
            out.push_str(&format!(
                "kept {}: organization owner (change owners by hand)\n",
                r.username
            ));
        }
    }
    for revoke in &r.revokes {
        tally.remove += 1;
        let call = revoke.call(&r.id);
        if json {
            object(None, &r.username, "remove", status, None, &[&call], out);
        } else {
            out.push_str(&Revoke::plan_line(revoke, &r.username));
            out.push('\n');
            lines(&[&call], out);
        }
    }
}

/// `    POST /api/atlas/v2/orgs/<org>/users`: each call, the path from `/api/`.
fn lines(calls: &[&Call], out: &mut String) {
    for c in calls {
        out.push_str(&format!("    {} /{}\n", c.method.as_str(), c.path));
    }
}

/// `{"line":3,"username":"...","action":"invite","status":null,"calls":[{"method",
/// "path","body"}]}`, with `invitationExpiresAt` when Atlas gives it.
fn object(
    line: Option<usize>,
    username: &str,
    action: &str,
    status: Option<&str>,
    expires: Option<&str>,
    calls: &[&Call],
    out: &mut String,
) {
    let mut w = Writer::new(0);
    w.open('{');
    w.number_or_null("line", line);
    w.field("username", username);
    w.field("action", action);
    w.field_or_null("status", status);
    if let Some(e) = expires {
        w.field("invitationExpiresAt", e);
    }
    w.key("calls");
    w.open('[');
    for c in calls {
        w.open('{');
        w.field("method", c.method.as_str());
        w.field("path", &format!("/{}", c.path));
        w.key("body");
        w.raw(c.shown_body().unwrap_or("null"));
        w.close('}');
    }
    w.close(']');
    w.close('}');
    out.push_str(&w.finish());
    out.push('\n');
}
