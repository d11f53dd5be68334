//! Sending one person's plan on the session a run shares, step by step.
//!
//! A 409 to an invitation is looked up (with `--ifNotExists`; only the same username
//! confirms) and, with `--ensureMemberships`, planned again as the additions the member
//! lacks; a 409 to an addition means it is there already (a lookup that lagged). Under
//! `auto`, a 410 to createUser (nothing was processed) switches this person and every
//! later one to the 2025-02-19 endpoints. A failure stops the person's calls, nothing is
//! resent, and the error says what took effect: created, existing, added, uncertain, not
//! attempted.

use std::collections::VecDeque;

use super::answer::{self, refusal};
use super::halt::{cut_short, failed_call, note};
use super::outcome::{Ended, Failure, Outcome};
use crate::api::calls::{self, Call};
use crate::api::members::{self, Member, Target};
use crate::api::AppUser;
use crate::auth::{Base, Policy, Session};
use crate::console::Console;
use crate::error::Error;
use crate::hiargs::{HiArgs, Version};
use crate::net::transport::Response;
use crate::plan::grant::Grant;
use crate::plan::known::Known;
use crate::plan::{self, Action, Does, Step};
use crate::signals::Stop;
use crate::users::Invitee;

/// What one step did.
enum Next {
    Done,
    /// More steps to send right after (a 409's additions).
    Then(Vec<Step>),
    /// createUser answered 410 Gone: nothing was processed.
    Gone,
}

/// How a person came to be in a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    Invited { again: bool },
    Existed,
}

/// What a person's steps did so far.
#[derive(Default)]
struct Done {
    /// createUser's or getUserByName's user, and whether it existed.
    user: Option<(AppUser, bool)>,
    /// Per invitation's place, in plan order: the person as the place last described them.
    places: Vec<(Target, Member, How)>,
    /// What took effect, in the order sent: invitations and additions.
    effects: Vec<Effect>,
}

/// One call that took effect: an invitation (and what it gives a person who exists
/// elsewhere), or an addition.
enum Effect {
    Invited(Grant),
    Added(Grant),
}

impl Effect {
    fn grant(&self) -> &Grant {
        match self {
            Effect::Invited(g) | Effect::Added(g) => g,
        }
    }
}

impl Done {
    /// Records the person's standing in `target`, replacing what was known of it.
    fn place(&mut self, target: &Target, member: Member, how: How) {
        match self.places.iter_mut().find(|(t, ..)| t == target) {
            Some(p) => *p = (target.clone(), member, how),
            None => self.places.push((target.clone(), member, how)),
        }
    }

    /// An addition's answer: the member as its organization or project now describes them.
    fn added(&mut self, grant: Grant, member: Member) {
        let target = grant.target();
        match self.places.iter_mut().find(|(t, ..)| *t == target) {
            Some(p) => p.1 = member,
            // A project riding along in its organization's invitation: the organization
            // now lists the project with these roles.
            None => {
                if let (Target::Group(g), Some(roles)) = (&target, member.group_roles_owned()) {
                    for (t, m, _) in &mut self.places {
                        if matches!(t, Target::Org(_)) {
                            m.set_group_roles(g, roles.clone());
                        }
                    }
                }
            }
        }
        self.effects.push(Effect::Added(grant));
    }

    /// What the calls that took effect gave: to a person who exists, an invitation is a
    /// grant of that organization or project.
    fn granted(&self) -> Vec<Grant> {
        self.effects.iter().map(Effect::grant).cloned().collect()
    }

    fn took_effect(&self) -> bool {
        !self.effects.is_empty() || self.user.as_ref().is_some_and(|(_, existed)| !existed)
    }
}

/// The state of a run that may invite many people: the session, and whether `auto` has
/// switched to 2025-02-19.
pub(crate) struct Inviter<'a> {
    console: &'a Console,
    args: &'a HiArgs,
    pub(crate) session: Session<'a>,
    version: Version,
    /// Whether the line about teams and the 2025-02-19 endpoints was printed.
    said_teams: bool,
}

impl<'a> Inviter<'a> {
    pub(crate) fn new(console: &'a Console, args: &'a HiArgs, stop: Option<Stop>) -> Inviter<'a> {
        let policy = Policy {
            env_prefix: args.env_prefix,
            limits: args.limits,
            stop,
        };
        let base = Base {
            url: &args.base,
            path: &args.base_path,
        };
        let inviter = Inviter {
            console,
            args,
            session: Session::new(console, &args.net, &args.auth, base, policy),
            version: args.version,
            said_teams: false,
        };
        if args.ensure_chose_version {
            let flag = match args.prune {
                Some(_) => "--prune (which implies --ensureMemberships)",
                None => "--ensureMemberships",
            };
            console.notice(&format!("{flag}: inviting through the 2025-02-19 org and project user endpoints, whose additive calls bring an existing user's memberships up to date"));
        }
        if args.version == Version::V20250219 {
            inviter.note_not_sent();
        }
        inviter
    }

    /// The run's resolved arguments.
    pub(crate) fn args(&self) -> &'a HiArgs {
        self.args
    }

    /// The one line saying which flags the 2025-02-19 endpoints do not take.
    fn note_not_sent(&self) {
        if self.args.invitees.unsent.is_empty() {
            return;
        }
        let given: Vec<String> = self
            .args
            .invitees
            .unsent
            .iter()
            .map(|f| format!("--{f}"))
            .collect();
        self.console.notice(&format!(
            "Note: {} were checked but not sent: the 2025-02-19 endpoints take only the username and roles; the invited person enters the rest on accepting",
            given.join(", ")
        ));
    }

    /// Invites `invitee`'s person, given what the run knows of Atlas.
    pub(crate) fn invite(&mut self, invitee: &Invitee, known: &Known) -> Result<Outcome, Failure> {
        let planned = plan::person(invitee, self.version, known, self.args.mode());
        if self.version == Version::Auto
            && !invitee.user.teams.is_empty()
            && !std::mem::replace(&mut self.said_teams, true)
        {
            self.console.notice("--teamId: inviting through the 2025-02-19 org user endpoint, which adds the user to teams in the same call (createUser cannot)");
        }
        if planned.steps.is_empty() && planned.action == Action::Invite {
            return Err(Failure::from(Error::Refused(
                "Atlas retired POST /api/atlas/v2/users (410 Gone), and the 2025-02-19 endpoints that replace it need an organization or project role: give this user --orgRole ID:ROLE or --projectRole ID:ROLE".into(),
            )));
        }
        let mut done = Done::default();
        for (target, member) in planned.found {
            if !member.lapsed() {
                done.place(&target, member, How::Existed);
            }
        }
        let mut queue: VecDeque<Step> = planned.steps.into();
        while let Some(step) = queue.pop_front() {
            match self.step((invitee, known), &step, &mut done) {
                Ok(Next::Done) => {}
                Ok(Next::Then(more)) => {
                    for s in more.into_iter().rev() {
                        queue.push_front(s);
                    }
                }
                Ok(Next::Gone) => {
                    self.console.notice(
                        "Atlas retired POST /api/atlas/v2/users (410 Gone), so it invited nobody; this run invites through the 2025-02-19 org and project user endpoints instead (--apiVersion 2025-02-19), which take only the username and roles",
                    );
                    self.version = Version::V20250219;
                    return self.invite(invitee, known);
                }
                Err(e) => return Err(partial(e, &done, &step, &queue)),
            }
        }
        Ok(outcome(done))
    }

    /// Sends one step and records what it did.
    fn step(
        &mut self,
        (invitee, known): (&Invitee, &Known),
        step: &Step,
        done: &mut Done,
    ) -> Result<Next, Error> {
        let call = &step.call;
        if step.does == Does::CreateUser {
            register_password(self.console, invitee);
        }
        let answer = self.session.call(call)?;
        let url = self.session.url(call);
        match (&step.does, answer.status) {
            (Does::CreateUser, 200..=299) => {
                done.user = Some((answer::user(call, &url, &answer)?, false));
            }
            (Does::CreateUser, 410) if self.version == Version::Auto => return Ok(Next::Gone),
            (Does::CreateUser, 400..=499)
                if self.args.if_not_exists && ![401, 403, 410, 429].contains(&answer.status) =>
            {
                match self.user_by_name(&invitee.user.username)? {
                    Some(user) => done.user = Some((user, true)),
                    None => return Err(refusal(call, &url, &answer)),
                }
            }
            (
                Does::Invite {
                    target,
                    again,
                    gives,
                },
                200..=299,
            ) => {
                let member = answer::member(call, &url, &answer, target)?;
                let how = How::Invited {
                    again: again.is_some(),
                };
                done.place(target, member, how);
                done.effects.push(Effect::Invited(gives.clone()));
            }
            (Does::Invite { target, .. }, 409) if self.args.if_not_exists => {
                return self.existed((invitee, known), target, done, (call, &url, &answer));
            }
            (Does::Grant(grant), 200..=299) => {
                let member = answer::member(call, &url, &answer, &grant.target())?;
                done.added(grant.clone(), member);
            }
            // The lookup lagged behind: the membership is there already.
            (Does::Grant(_), _) if already_there(&answer) => {}
            _ => return Err(refusal(call, &url, &answer)),
        }
        Ok(Next::Done)
    }

    /// After a 409 to an invitation: the lookup must confirm the person; with
    /// `--ensureMemberships` what they lack there follows.
    fn existed(
        &mut self,
        (invitee, known): (&Invitee, &Known),
        target: &Target,
        done: &mut Done,
        (call, url, conflict): (&Call, &str, &Response),
    ) -> Result<Next, Error> {
        let Some(member) = self.member(target, &invitee.user.username)? else {
            return Err(refusal(call, url, conflict));
        };
        let more = if self.args.ensure {
            match plan::after_conflict(invitee, target, &member, known) {
                Some(steps) => steps,
                None => {
                    return Err(refusal(call, url, conflict)
                        .append("the lookup's answer names no user id to add memberships to"))
                }
            }
        } else {
            Vec::new()
        };
        done.place(target, member, How::Existed);
        Ok(Next::Then(more))
    }

    /// getUserByName: the user, if Atlas has one called `username`. A lookup that could
    /// not be made (a signal, a rate limit past its bound, Atlas out of reach) is an
    /// error, not an answer: it stops the person as any call would.
    fn user_by_name(&mut self, username: &str) -> Result<Option<AppUser>, Error> {
        let answer = self.session.call(&calls::user_by_name(username))?;
        let user = (answer.status == 200)
            .then(|| AppUser::decode(&answer.body))
            .flatten();
        let same = |u: &AppUser| {
            u.username
                .as_deref()
                .is_some_and(|name| crate::api::same_username(name, username))
        };
        Ok(user.filter(same))
    }

    /// listOrgUsers or listGroupUsers `?username=`: the member called `username`, if any;
    /// a lookup that could not be made is an error, as in `user_by_name`.
    pub(crate) fn member(
        &mut self,
        target: &Target,
        username: &str,
    ) -> Result<Option<Member>, Error> {
        let answer = self.session.call(&calls::lookup(target, username))?;
        Ok((answer.status == 200)
            .then(|| members::find(target, &answer.body, username))
            .flatten())
    }
}

/// The password is secret from the moment it is placed in a body, JSON-escaped too (`<`
/// as \u003c ...).
fn register_password(console: &Console, invitee: &Invitee) {
    let password = invitee.user.password.as_deref().unwrap_or_default();
    let escaped = crate::json::quoted(password);
    console.secret(password);
    console.secret(&escaped[1..escaped.len() - 1]);
}

/// Whether an addition's refusal says the person has it already: a 409, or the codes
/// Atlas gives for a role or a team the user holds.
fn already_there(answer: &Response) -> bool {
    answer.status == 409
        || crate::api::error_code(&answer.body)
            .is_some_and(|c| c == "USER_ALREADY_HAS_ROLE" || c == "USER_ALREADY_IN_TEAM")
}

/// How the person's invite ended, from what the steps did.
fn outcome(done: Done) -> Outcome {
    if let Some((user, existed)) = done.user {
        let ended = if existed {
            Ended::Exists
        } else {
            Ended::Invited
        };
        return Outcome {
            ended,
            user: Some(Box::new(user)),
            members: Vec::new(),
            added: Vec::new(),
        };
    }
    // An invitation answered ACTIVE reached someone Atlas holds already: a project of an
    // organization they are active in (a new person is PENDING).
    let existed = done
        .places
        .iter()
        .any(|(_, m, how)| *how == How::Existed || m.status() == "ACTIVE");
    let again = done
        .places
        .iter()
        .any(|(.., how)| *how == How::Invited { again: true });
    let added = if existed { done.granted() } else { Vec::new() };
    let ended = match (existed, added.is_empty(), again) {
        (true, true, _) => Ended::Exists,
        (true, false, _) => Ended::Updated,
        (false, _, true) => Ended::Reinvited,
        (false, _, false) => Ended::Invited,
    };
    Outcome {
        ended,
        user: None,
        members: done.places.into_iter().map(|(t, m, _)| (t, m)).collect(),
        added,
    }
}

/// `e` for `failed`, with what the person's earlier steps did and what was not attempted.
/// A signal before any call took effect leaves the person untouched (`not attempted`);
/// after one, the person is partly invited, which is a failure to report.
fn partial(e: Error, done: &Done, failed: &Step, rest: &VecDeque<Step>) -> Failure {
    let existed = done.places.iter().any(|(.., how)| *how == How::Existed);
    if !done.took_effect() && (matches!(e, Error::Stopped(_)) || (!existed && rest.is_empty())) {
        return Failure::from(e);
    }
    let stopped = matches!(e, Error::Stopped(_));
    let e = cut_short(e);
    let ids = |how: fn(How) -> bool| -> Vec<String> {
        done.places
            .iter()
            .filter(|(.., h)| how(*h))
            .map(|(t, m, _)| {
                format!(
                    "{} (id {})",
                    t.describe(),
                    m.id.as_deref().unwrap_or("unknown")
                )
            })
            .collect()
    };
    let mut notes = Vec::new();
    note(
        &mut notes,
        "memberships created",
        &ids(|h| matches!(h, How::Invited { .. })),
    );
    note(&mut notes, "exists", &ids(|h| h == How::Existed));
    let added: Vec<String> = done
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Added(g) => Some(g.describe()),
            Effect::Invited(_) => None,
        })
        .collect();
    note(&mut notes, "added", &added);
    let (mut not_created, mut not_added) = (Vec::new(), Vec::new());
    let mut describe = |step: &Step, why: &str| match &step.does {
        Does::Invite { target, .. } => not_created.push(format!("{} ({why})", target.describe())),
        Does::Grant(g) => not_added.push(format!("{} ({why})", g.describe())),
        Does::CreateUser | Does::Lookup => {}
    };
    match &failed.does {
        Does::Invite { target, .. } if e.may_have_taken_effect() => {
            notes.push(format!("uncertain: {} (see above)", target.describe()))
        }
        _ => describe(failed, failed_call(&e, stopped)),
    }
    for step in rest {
        describe(step, "not attempted");
    }
    note(&mut notes, "not created", &not_created);
    note(&mut notes, "not added", &not_added);
    Failure {
        error: e.append(&notes.join("; ")),
        done: done.granted(),
    }
}
