//! `--dryRun`: every request the invite would send, printed instead of sent, after the
//! same resolution and validation as a real run, taken from the same planner. No name is
//! looked up, no connection made, no password read, nothing read from Atlas (so the calls
//! are those for people Atlas does not hold yet; comments say what reads would change);
//! the body shows the password as `[redacted]`, the authentication only its public part
//! (itself `[redacted]` when read from a secret file).

use crate::api::calls::Call;
use crate::auth::Auth;
use crate::console::Console;
use crate::hiargs::{HiArgs, Version};
use crate::plan::known::Known;
use crate::users::Invitee;

/// Prints the requests of `args` on stdout as they are built, a few pages at a time, so a
/// file of any length costs no more than a page of output. The text is ours and holds no
/// secret (the password shows as `[redacted]` where it is placed), so it is printed as is.
pub(crate) fn print(console: &Console, args: &HiArgs) -> std::io::Result<()> {
    let mut out = head(args);
    let authorization = authorization(args);
    let known = Known::nothing();
    for invitee in args.invitees.each() {
        job_requests(args, &known, &invitee, &authorization, &mut out);
        if out.len() >= PAGE {
            console.out(&out)?;
            out.clear();
        }
    }
    console.out(&out)
}

/// How much output is built before it is written.
const PAGE: usize = 64 << 10;

/// What comes before the first user's requests.
fn head(args: &HiArgs) -> String {
    let mut out = String::new();
    if let Auth::ServiceAccount { token_url, .. } = &args.auth {
        let client_id = args.auth.shown_identity();
        out.push_str(&format!(
            "# once: a bearer token for the service account\nPOST {token_url}\nAccept: application/json\nContent-Type: application/x-www-form-urlencoded\nAuthorization: Basic {client_id}:[redacted]\n\ngrant_type=client_credentials\n\n"
        ));
    }
    if args.reads() {
        out.push_str("# first, a file run reads each organization the records name (and each project invited on its own), 500 members a page: GET .../users?itemsPerPage=500&pageNum=1&orgMembershipStatuses=...; then each record sends only what Atlas lacks: nothing for a user who has it all, an invitation where the user is not (or whose invitation expired or was rejected); a dry run reads nothing, so it shows the invitations\n\n");
    }
    if args.ensure {
        out.push_str("# --ensureMemberships: for a user that exists already, a lookup decides which additions are sent (addOrgUserRole, addOrgTeamUser, addGroupUsers, addGroupUserRole: what the record asks and the user lacks; in a file run, the read of the organization decides); a dry run looks nothing up\n\n");
    }
    if let Some(max) = args.prune {
        out.push_str(&format!("# --prune: after every invitation and addition succeeded, what the file no longer asks is removed within the organizations, teams and projects it names (removeOrgUser for people not in the file, removeOrgUserRole, removeOrgTeamUser, removeGroupUser, removeGroupUserRole); organization owners are kept; more than {max} removals (--maxRemovals) and nothing is sent; who is removed depends on the reads, so a dry run cannot say (use --plan)\n\n"));
    }
    if args.version == Version::Auto {
        out.push_str("# --apiVersion auto: createUser (createOrgUser for an invite with teams); a 410 Gone answer would switch this and every later user to the 2025-02-19 endpoints\n\n");
    }
    out
}

/// The authorization line every request shows; a public key or client id read from a
/// secret file shows as `[redacted]`.
fn authorization(args: &HiArgs) -> String {
    let identity = args.auth.shown_identity();
    match &args.auth {
        Auth::Digest(_) => format!(
            "Authorization: Digest username=\"{identity}\", ... (answering the server's challenge; the private key never leaves this machine)"
        ),
        Auth::ServiceAccount { .. } => {
            format!("Authorization: Bearer [the token for {identity}]")
        }
    }
}

/// Appends `invitee`'s requests to `out`: the planner's calls for a person Atlas does not
/// hold.
fn job_requests(
    args: &HiArgs,
    known: &Known,
    invitee: &Invitee,
    authorization: &str,
    out: &mut String,
) {
    use std::fmt::Write;
    if let Some(line) = invitee.line {
        let _ = writeln!(out, "# line {line}: {}", invitee.user.username);
    }
    let planned = crate::plan::person(invitee, args.version, known, args.mode());
    for step in &planned.steps {
        request(args, &step.call, authorization, out);
    }
}

/// One request as it would go out.
fn request(args: &HiArgs, call: &Call, authorization: &str, out: &mut String) {
    use std::fmt::Write;
    let _ = write!(
        out,
        "{} {}{}\nAccept: {}\n",
        call.method.as_str(),
        args.base,
        call.path,
        call.media
    );
    if call.body.is_some() {
        let _ = writeln!(out, "Content-Type: {}", call.media);
    }
    let _ = write!(out, "{authorization}\n\n");
    if let Some(body) = call.shown_body() {
        let _ = write!(out, "{body}\n\n");
    }
}
