//! Inviting one user through the chosen API version, on a session that may carry many.
//!
//! 2023-01-01 is one createUser call, as the official CLI makes it. 2025-02-19 is one call
//! per membership (see `api::members`); a failure after earlier calls succeeded says
//! exactly which memberships exist. `auto` makes the createUser call and switches, for
//! this user and every later one, to 2025-02-19 only when Atlas answers 410 Gone (the
//! request was not processed, so nothing is sent twice). With `--ifNotExists`, a refusal
//! that may mean "exists" is checked with a lookup; only a confirmed match counts.

use super::ensure::{self, Addition};
use super::outcome::{Found, Outcome};
use crate::api::members::{self, Call, Member, Target, MEDIA_TYPE as MEMBERS_MEDIA};
use crate::api::{by_name_path, AppUser, MEDIA_TYPE as USERS_MEDIA, USERS_PATH};
use crate::auth::{Exchange, Policy, Session};
use crate::console::Console;
use crate::error::Error;
use crate::gofmt::status_line;
use crate::hiargs::{HiArgs, Version};
use crate::net::transport::Response;
use crate::signals::Stop;
use crate::users::Job;

/// What one 2025-02-19 call did for the user.
enum Made {
    Created,
    /// A lookup confirmed the user exists and has what the call asks.
    Existed,
    /// The user existed and got these additions.
    Updated(Vec<Addition>),
}

/// What createUser did: an outcome, or 410 Gone (the endpoint is retired; nothing was
/// processed).
enum Created {
    Done(Outcome),
    Gone(Error),
}

/// The state of a run that may invite many users: the session, and whether `auto` has
/// switched to 2025-02-19.
pub(crate) struct Inviter<'a> {
    console: &'a Console,
    inv: &'a HiArgs,
    session: Session<'a>,
    version: Version,
    /// Whether the line about teams and the 2025-02-19 endpoints was printed.
    said_teams: bool,
}

impl<'a> Inviter<'a> {
    pub(crate) fn new(console: &'a Console, inv: &'a HiArgs, stop: Option<Stop>) -> Inviter<'a> {
        let policy = Policy {
            env_prefix: inv.env_prefix,
            limits: inv.limits,
            stop,
        };
        let inviter = Inviter {
            console,
            inv,
            session: Session::new(console, &inv.net, &inv.auth, policy),
            version: inv.version,
            said_teams: false,
        };
        if inv.ensure_chose_version {
            console.notice("--ensureMemberships: inviting through the 2025-02-19 org and project user endpoints, whose additive calls bring an existing user's memberships up to date");
        }
        if inv.version == Version::V20250219 {
            inviter.note_not_sent();
        }
        inviter
    }

    /// Names the record the next calls are for, in wait notices.
    pub(crate) fn set_subject(&mut self, subject: Option<String>) {
        self.session.set_subject(subject);
    }

    /// Invites `job`'s user.
    pub(crate) fn invite(&mut self, job: &Job) -> Result<Outcome, Error> {
        match self.version {
            Version::V20250219 => self.memberships(job, &job.calls()),
            Version::V20230101 => match self.create_user(job)? {
                Created::Done(outcome) => Ok(outcome),
                Created::Gone(e) => Err(e),
            },
            // createUser cannot add a user to a team: such an invite goes the new way.
            Version::Auto if !job.user.teams.is_empty() => {
                if !std::mem::replace(&mut self.said_teams, true) {
                    self.console.notice("--teamId: inviting through the 2025-02-19 org user endpoint, which adds the user to teams in the same call (createUser cannot)");
                }
                self.memberships(job, &job.calls())
            }
            Version::Auto => match self.create_user(job)? {
                Created::Done(outcome) => Ok(outcome),
                Created::Gone(_) => {
                    self.console.notice(
                        "Atlas retired POST /api/atlas/v2/users (410 Gone), so it invited nobody; this run invites through the 2025-02-19 org and project user endpoints instead (--apiVersion 2025-02-19), which take only the username and roles",
                    );
                    self.version = Version::V20250219;
                    self.memberships(job, &job.calls())
                }
            },
        }
    }

    /// The one line saying which flags the 2025-02-19 endpoints do not take.
    fn note_not_sent(&self) {
        if self.inv.users.unsent.is_empty() {
            return;
        }
        let given: Vec<String> = self
            .inv
            .users
            .unsent
            .iter()
            .map(|f| format!("--{f}"))
            .collect();
        self.console.notice(&format!(
            "Note: {} were checked but not sent: the 2025-02-19 endpoints take only the username and roles; the invited person enters the rest on accepting",
            given.join(", ")
        ));
    }

    /// createUser (2023-01-01), with a lookup after a refusal when `--ifNotExists`.
    fn create_user(&mut self, job: &Job) -> Result<Created, Error> {
        let password = job.user.password.as_deref().unwrap_or_default();
        // The body carries the password JSON-escaped (`<` as \u003c ...): both are secret.
        let escaped = crate::json::quoted(password);
        self.console.secret(password);
        self.console.secret(&escaped[1..escaped.len() - 1]);
        let body = job.user.body();
        let shown = job.user.body_showing("[redacted]");
        let (url, path) = self.place(USERS_PATH);
        let answer = self.session.call(&Exchange {
            url: &url,
            path: &path,
            media: USERS_MEDIA,
            body: Some(&body),
            shown_body: Some(&shown),
        })?;
        let outcome = match answer.status {
            200..=299 => Outcome::Invited(Found::User(Box::new(answer_user(&url, &answer)?))),
            410 => return Ok(Created::Gone(refusal(&url, &answer))),
            400..=499 if self.inv.if_not_exists && ![401, 403, 429].contains(&answer.status) => {
                match self.user_by_name(&job.user.username) {
                    Some(user) => Outcome::Exists(Found::User(Box::new(user))),
                    None => return Err(refusal(&url, &answer)),
                }
            }
            _ => return Err(refusal(&url, &answer)),
        };
        Ok(Created::Done(outcome))
    }

    /// getUserByName: the user, if Atlas has one called `username`.
    fn user_by_name(&mut self, username: &str) -> Option<AppUser> {
        let (url, path) = self.place(&by_name_path(username));
        let answer = self
            .session
            .call(&Exchange {
                url: &url,
                path: &path,
                media: USERS_MEDIA,
                body: None,
                shown_body: None,
            })
            .ok()?;
        let user = (answer.status == 200)
            .then(|| AppUser::decode(&answer.body))
            .flatten()?;
        let same = crate::api::same_username(user.username.as_deref()?, username);
        same.then_some(user)
    }

    /// The 2025-02-19 calls for `job`, one after another. A 409 with `--ifNotExists` is
    /// checked with a lookup. A failure stops the user's calls (nothing is resent) and
    /// says which memberships exist.
    fn memberships(&mut self, job: &Job, calls: &[Call]) -> Result<Outcome, Error> {
        if calls.is_empty() {
            return Err(Error::Refused(
                "Atlas retired POST /api/atlas/v2/users (410 Gone), and the 2025-02-19 endpoints that replace it need an organization or project role: give this user --orgRole ID:ROLE or --projectRole ID:ROLE".into(),
            ));
        }
        let mut done: Vec<(&Call, Member)> = Vec::new();
        let mut created = false;
        let mut added: Vec<Addition> = Vec::new();
        for (i, call) in calls.iter().enumerate() {
            match self.membership(job, call) {
                Ok((member, made)) => {
                    match made {
                        Made::Created => created = true,
                        Made::Existed => {}
                        Made::Updated(more) => added.extend(more),
                    }
                    done.push((call, member));
                }
                Err(e) => return Err(partial(e, &done, &calls[i..])),
            }
        }
        let found = Found::Members(done.into_iter().map(|(_, m)| m).collect());
        Ok(match (created, added.is_empty()) {
            (true, _) => Outcome::Invited(found),
            (false, true) => Outcome::Exists(found),
            (false, false) => Outcome::Updated(found, added),
        })
    }

    /// One call: the member, and whether it was created, confirmed to exist, or (with
    /// `--ensureMemberships`) brought up to what the record asks.
    fn membership(&mut self, job: &Job, call: &Call) -> Result<(Member, Made), Error> {
        let (url, path) = self.place(&call.path());
        let answer = self.session.call(&Exchange {
            url: &url,
            path: &path,
            media: MEMBERS_MEDIA,
            body: Some(&call.body),
            shown_body: None,
        })?;
        match answer.status {
            200..=299 => Ok((decoded(&url, &answer, &call.target)?, Made::Created)),
            409 if self.inv.if_not_exists => match self.member(call, &job.user.username) {
                Some(member) if self.inv.ensure => self.ensure(job, call, member, &url, &answer),
                Some(member) => Ok((member, Made::Existed)),
                None => Err(refusal(&url, &answer)),
            },
            _ => Err(refusal(&url, &answer)),
        }
    }

    /// Sends what `job` asks of `call`'s place that the existing `member` lacks, one
    /// addition after another; a failure stops them and says what was added and what not.
    fn ensure(
        &mut self,
        job: &Job,
        call: &Call,
        member: Member,
        url: &str,
        conflict: &Response,
    ) -> Result<(Member, Made), Error> {
        let Some(adds) = ensure::missing(job, call, &member) else {
            return Err(refusal(url, conflict)
                .append("the lookup's answer names no user id to add memberships to"));
        };
        if adds.is_empty() {
            return Ok((member, Made::Existed));
        }
        let mut last = member;
        for (i, add) in adds.iter().enumerate() {
            match self.add(add) {
                Ok(answer) => last = answer,
                Err(e) => return Err(not_all_added(e, &adds[..i], &adds[i..])),
            }
        }
        Ok((last, Made::Updated(adds)))
    }

    /// One addition; the member as its answer describes them.
    fn add(&mut self, add: &Addition) -> Result<Member, Error> {
        let (url, path) = self.place(&add.path);
        let answer = self.session.call(&Exchange {
            url: &url,
            path: &path,
            media: MEMBERS_MEDIA,
            body: Some(&add.body),
            shown_body: None,
        })?;
        match answer.status {
            200..=299 => decoded(&url, &answer, &add.target()),
            _ => Err(refusal(&url, &answer)),
        }
    }

    /// listOrgUsers or listGroupUsers: the member called `username`, if there is one.
    fn member(&mut self, call: &Call, username: &str) -> Option<Member> {
        let (url, path) = self.place(&call.lookup_path(username));
        let answer = self
            .session
            .call(&Exchange {
                url: &url,
                path: &path,
                media: MEMBERS_MEDIA,
                body: None,
                shown_body: None,
            })
            .ok()?;
        (answer.status == 200)
            .then(|| members::find(&call.target, &answer.body, username))
            .flatten()
    }

    /// The URL and the signed request target of `rel` below the base URL.
    fn place(&self, rel: &str) -> (String, String) {
        (
            format!("{}{rel}", self.inv.base),
            format!("{}{rel}", self.inv.base_path),
        )
    }
}

/// The user in a 2xx createUser answer; one that cannot be read is exit 4, since the
/// invitation was most likely sent.
fn answer_user(url: &str, answer: &Response) -> Result<AppUser, Error> {
    if let Some(why) = &answer.body_error {
        return Err(accepted(url, answer, why));
    }
    AppUser::decode(&answer.body).ok_or_else(|| {
        Error::Unreadable(format!(
            "POST {url}: HTTP {}: Atlas accepted the request, but its answer is not the expected user JSON; the invitation was most likely sent: check the organization's users in Atlas",
            status_line(answer.status)
        ))
    })
}

/// `organization X (id Y), project Z (id Y)`.
fn created(done: &[(&Call, Member)]) -> String {
    done.iter()
        .map(|(call, m)| {
            format!(
                "{} (id {})",
                call.describe(),
                m.id.as_deref().unwrap_or("unknown")
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `e` for the first call of `left`, with what the earlier calls created, whether the
/// failed call may have taken effect, and what was not attempted.
fn partial(e: Error, done: &[(&Call, Member)], left: &[Call]) -> Error {
    if done.is_empty() && left.len() <= 1 {
        return e;
    }
    // A signal between two calls: this user is partly invited, which is a failure to
    // report, not a record left untouched.
    let e = match e {
        Error::Stopped(signal) if !done.is_empty() => Error::Refused(format!(
            "stopped by {} before this call",
            crate::signals::name(signal)
        )),
        e => e,
    };
    let mut notes = Vec::new();
    if !done.is_empty() {
        notes.push(format!("memberships created: {}", created(done)));
    }
    let mut not: Vec<String> = left
        .iter()
        .skip(1)
        .map(|c| format!("{} (not attempted)", c.describe()))
        .collect();
    if let Some(failed) = left.first() {
        if e.may_have_taken_effect() {
            notes.push(format!("uncertain: {} (see above)", failed.describe()));
        } else {
            not.insert(0, format!("{} (this call failed)", failed.describe()));
        }
    }
    if !not.is_empty() {
        notes.push(format!("not created: {}", not.join(", ")));
    }
    e.append(&notes.join("; "))
}

/// `e` for the first of `left`, with what `done` added and what was not added.
fn not_all_added(e: Error, done: &[Addition], left: &[Addition]) -> Error {
    let mut notes = Vec::new();
    if !done.is_empty() {
        let added: Vec<String> = done.iter().map(Addition::describe).collect();
        notes.push(format!("added: {}", added.join(", ")));
    }
    let mut not: Vec<String> = Vec::new();
    if let Some(failed) = left.first() {
        let why = if e.may_have_taken_effect() {
            "uncertain, see above"
        } else {
            "this call failed"
        };
        not.push(format!("{} ({why})", failed.describe()));
    }
    not.extend(
        left.iter()
            .skip(1)
            .map(|a| format!("{} (not attempted)", a.describe())),
    );
    if !not.is_empty() {
        notes.push(format!("not added: {}", not.join(", ")));
    }
    e.append(&notes.join("; "))
}

/// The member a 2xx membership answer describes, or why it could not be read.
fn decoded(url: &str, answer: &Response, target: &Target) -> Result<Member, Error> {
    match (&answer.body_error, Member::decode(target, &answer.body)) {
        (None, Some(member)) => Ok(member),
        (Some(why), _) => Err(accepted(url, answer, why)),
        (None, None) => Err(accepted(
            url,
            answer,
            "its answer is not the expected membership JSON",
        )),
    }
}

/// A 2xx whose answer could not be read: the call most likely took effect (exit 4).
fn accepted(url: &str, answer: &Response, why: &str) -> Error {
    Error::Unreadable(format!(
        "POST {url}: HTTP {}: Atlas accepted the request, but {why}: the invitation was most likely sent; check the organization's users in Atlas",
        status_line(answer.status)
    ))
}

/// The error for a non-2xx answer: a redirect (never followed), the official API error
/// line, or why the answer could not be read.
fn refusal(url: &str, answer: &Response) -> Error {
    if (300..=399).contains(&answer.status) {
        return Error::Refused(format!(
            "POST {url}: HTTP {}: Atlas answered with a redirect to {}; not followed, so neither the keys nor the body went there (check the base URL)",
            status_line(answer.status),
            answer.location.as_deref().unwrap_or("nowhere")
        ));
    }
    if let Some(why) = &answer.body_error {
        return Error::Refused(format!(
            "POST {url}: HTTP {}: {why}",
            status_line(answer.status)
        ));
    }
    let mut msg = crate::api::error_message(url, answer.status, &answer.content_type, &answer.body);
    if let Some(note) = &answer.note {
        msg.push_str(&format!(" ({note})"));
    }
    Error::Refused(msg)
}
