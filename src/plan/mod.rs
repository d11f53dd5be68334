//! The one planner: from a person's record, the API version in use and where the person
//! stands in each organization and project (when the run read it), the calls that make
//! Atlas hold what the record asks, each with what it does. The dry run, `--plan` and the
//! real run all take their calls from here; `prune` plans what `--prune` takes away.
//!
//! Unknown standings (nothing read) give the invitations a blind run sends, whose 409 is
//! then looked up and planned again with `additions`.

pub(crate) mod grant;
pub(crate) mod known;
pub(crate) mod prune;

use std::collections::{HashMap, HashSet};

use crate::api::calls::{self, Call};
use crate::api::members::{Member, Target};
use crate::api::{Role, Scope, Version};
use crate::users::Invitee;
use grant::Grant;
use known::{Known, Standing};

/// The flags that decide what happens to a person who exists.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Mode {
    /// `--ifNotExists`: an existing person is a success.
    pub(crate) if_not_exists: bool,
    /// `--ensureMemberships`: an existing person gets what the record asks and lacks.
    pub(crate) ensure: bool,
}

/// One call of a plan, and what it does.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) call: Call,
    pub(crate) does: Does,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Does {
    /// createUser (2023-01-01): the user and every role in one call.
    CreateUser,
    /// createOrgUser or addGroupUsers, inviting the person to `target`; `again` is the
    /// status of a lapsed invitation it replaces; `gives` is what the invitation is to a
    /// person who exists elsewhere (an organization or a project added).
    Invite {
        target: Target,
        again: Option<String>,
        gives: Grant,
    },
    /// An addition for a member.
    Grant(Grant),
    /// The lookup a 409 brings in a run that reads nothing (only in `blind` plans, which
    /// `--plan` prints; a run sends it when the 409 comes).
    Lookup,
}

/// What a plan does to the person as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Not in Atlas (or not known to be): invited.
    Invite,
    /// A lapsed invitation, invited afresh.
    Reinvite,
    /// A member who gets what the record asks and lacks.
    Update,
    /// A member with everything asked (or, without `--ensureMemberships`, an existing one).
    Unchanged,
    /// A member, and neither `--ifNotExists` nor `--ensureMemberships`: the run fails (409).
    Conflict,
}

/// A person's plan.
#[derive(Debug)]
pub(crate) struct Planned {
    pub(crate) action: Action,
    pub(crate) steps: Vec<Step>,
    /// The person as the reads found them, per invitation's place, in order: members and
    /// lapsed invitations (for ids, statuses and output).
    pub(crate) found: Vec<(Target, Member)>,
}

/// One invitation through the 2025-02-19 endpoints: where, and what it asks there.
#[derive(Debug)]
pub(crate) struct Invitation<'j> {
    pub(crate) target: Target,
    /// The org roles of an organization, or the roles of a project.
    roles: Vec<&'j str>,
    /// The projects riding along in an organization's invitation (one organization only).
    projects: Vec<(&'j str, Vec<&'j str>)>,
    teams: Vec<&'j str>,
}

impl Invitation<'_> {
    /// createOrgUser or addGroupUsers.
    pub(crate) fn call(&self, username: &str) -> Call {
        match &self.target {
            Target::Org(org) => {
                calls::create_org_user(org, username, &self.roles, &self.projects, &self.teams)
            }
            Target::Group(group) => calls::add_group_users(group, username, &self.roles),
        }
    }

    /// The invitation as given to a person who exists elsewhere.
    pub(crate) fn grant(&self) -> Grant {
        let owned = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
        match &self.target {
            Target::Org(org) => Grant::Org {
                org: org.clone(),
                roles: owned(&self.roles),
                teams: owned(&self.teams),
            },
            Target::Group(project) => Grant::Project {
                project: project.clone(),
                roles: owned(&self.roles),
            },
        }
    }
}

/// The 2025-02-19 invitations of `invitee`: roles for one organization make one createOrgUser
/// (the project roles riding along as its `groupRoleAssignments`); roles for several make
/// one createOrgUser each, then one addGroupUsers per project; project roles alone, one
/// addGroupUsers each. Ids in order of first appearance, each role once.
pub(crate) fn invitations(invitee: &Invitee) -> Vec<Invitation<'_>> {
    let orgs = grouped(&invitee.user.roles, Scope::Org);
    let projects = grouped(&invitee.user.roles, Scope::Project);
    let mut teams: HashMap<&str, Vec<&str>> = HashMap::new();
    for t in &invitee.user.teams {
        teams.entry(&t.org).or_default().push(&t.id);
    }
    // One organization carries the projects; beside several, each project goes alone.
    let (mut riding, alone) = match orgs.len() {
        1 => (projects, Vec::new()),
        _ => (Vec::new(), projects),
    };
    let mut out: Vec<Invitation<'_>> = Vec::new();
    for (org, roles) in orgs {
        out.push(Invitation {
            target: Target::Org(org.to_string()),
            roles,
            projects: std::mem::take(&mut riding),
            teams: teams.remove(org).unwrap_or_default(),
        });
    }
    out.extend(alone.into_iter().map(|(group, roles)| Invitation {
        target: Target::Group(group.to_string()),
        roles,
        projects: Vec::new(),
        teams: Vec::new(),
    }));
    out
}

/// Roles of `scope` grouped by id, ids in order of first appearance, each role once per
/// id; linear in the number of roles.
fn grouped(roles: &[Role], scope: Scope) -> Vec<(&str, Vec<&str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for r in roles.iter().filter(|r| r.scope == scope) {
        if !seen.insert((&r.id, &r.name)) {
            continue;
        }
        match at.get(r.id.as_str()) {
            Some(&i) => out[i].1.push(&r.name),
            None => {
                at.insert(&r.id, out.len());
                out.push((&r.id, vec![&r.name]));
            }
        }
    }
    out
}

/// What `invitee` asks of `invitation`'s place that `member` (who is there) lacks, as
/// additions in a fixed order (org roles, teams, then each project riding along, as the
/// project's own read says when the run read it, else as the organization's answer lists
/// it); `None` when the member's answer names no user id to add to.
pub(crate) fn additions(
    invitee: &Invitee,
    invitation: &Invitation<'_>,
    member: &Member,
    known: &Known,
) -> Option<Vec<Step>> {
    let user = member.id.as_deref()?;
    let username = &invitee.user.username;
    let mut grants = Vec::new();
    match &invitation.target {
        Target::Org(org) => {
            for role in missing(&invitation.roles, member.org_roles()) {
                grants.push(Grant::OrgRole {
                    org: org.clone(),
                    role,
                });
            }
            for team in missing(&invitation.teams, member.teams()) {
                grants.push(Grant::Team {
                    org: org.clone(),
                    team,
                });
            }
            for (group, roles) in &invitation.projects {
                grants.extend(riding_along(group, roles, username, member, known));
            }
        }
        Target::Group(group) => {
            let has = member.group_roles(group).unwrap_or_default();
            for role in missing(&invitation.roles, has) {
                grants.push(Grant::ProjectRole {
                    project: group.clone(),
                    role,
                });
            }
        }
    }
    Some(
        grants
            .into_iter()
            .map(|g| Step {
                call: g.call(username, user),
                does: Does::Grant(g),
            })
            .collect(),
    )
}

/// What `username` lacks of a project riding along in an organization's invitation: the
/// project, or the roles in it they do not hold, as the project's own read says when the
/// run read it, else as the organization's answer (`member`) lists it.
fn riding_along(
    group: &str,
    roles: &[&str],
    username: &str,
    member: &Member,
    known: &Known,
) -> Vec<Grant> {
    let read = known.standing(&Target::Group(group.to_string()), username);
    let held = match &read {
        Standing::Member(m) => m.group_roles(group),
        Standing::Absent | Standing::Lapsed(_) => None,
        Standing::Unknown => member.group_roles(group),
    };
    let Some(has) = held else {
        return vec![Grant::Project {
            project: group.to_string(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        }];
    };
    let roles = missing(roles, has).into_iter();
    roles
        .map(|role| Grant::ProjectRole {
            project: group.to_string(),
            role,
        })
        .collect()
}

/// What of `want` is not in `has`, in `want`'s order.
fn missing(want: &[&str], has: &[String]) -> Vec<String> {
    let has: HashSet<&str> = has.iter().map(String::as_str).collect();
    want.iter()
        .filter(|w| !has.contains(**w))
        .map(|w| w.to_string())
        .collect()
}

/// What a run reads before it sends: every organization of the invitations, every project
/// invited through addGroupUsers and, with `--prune`, every project the file names;
/// organizations first, each once, in order of first appearance. Also what `--prune` may
/// touch.
pub(crate) fn reads(
    invitees: impl Iterator<Item = Invitee>,
    prune: bool,
) -> (Vec<Target>, prune::Reach) {
    let mut reach = prune::Reach::default();
    let (mut orgs, mut groups) = (Vec::new(), Vec::new());
    let mut seen: HashSet<Target> = HashSet::new();
    let mut add = |t: Target| {
        if seen.insert(t.clone()) {
            match t {
                Target::Org(_) => orgs.push(t),
                Target::Group(_) => groups.push(t),
            }
        }
    };
    for invitee in invitees {
        for invitation in invitations(&invitee) {
            add(invitation.target);
        }
        if prune {
            reach.add(&invitee);
        }
    }
    reach.targets().for_each(add);
    orgs.extend(groups);
    (orgs, reach)
}

/// After a 409 to the invitation to `target`: what `invitee` asks there that `member` (the
/// lookup's answer) lacks; `None` when the answer names no user id to add to.
pub(crate) fn after_conflict(
    invitee: &Invitee,
    target: &Target,
    member: &Member,
    known: &Known,
) -> Option<Vec<Step>> {
    let invitations = invitations(invitee);
    let invitation = invitations.iter().find(|i| i.target == *target)?;
    additions(invitee, invitation, member, known)
}

/// What a run that reads nothing (a single invite; a file run without `--ifNotExists`,
/// `--ensureMemberships` or `--prune`) sends for `invitee`, as `known` (`--plan`'s reads or
/// lookups) says Atlas will answer it: the invitations it sends blind; for a member, with
/// `--ifNotExists`, the lookup their 409 brings and, with `--ensureMemberships`, the
/// additions it finds missing. The action is what the state says, but that a lapsed
/// invitation meets createUser under `auto` (the run cannot know it lapsed).
pub(crate) fn blind(invitee: &Invitee, version: Version, known: &Known, mode: Mode) -> Planned {
    let seen = person(invitee, version, known, mode);
    let sent = person(invitee, version, &Known::nothing(), mode);
    let username = &invitee.user.username;
    let lookup = |call: Call| Step {
        call,
        does: Does::Lookup,
    };
    let mut steps = Vec::new();
    for step in sent.steps {
        let mut then = Vec::new();
        match &step.does {
            Does::Invite { target, .. } if mode.if_not_exists => {
                if let Standing::Member(m) = known.standing(target, username) {
                    then.push(lookup(calls::lookup(target, username)));
                    if mode.ensure {
                        then.extend(after_conflict(invitee, target, &m, known).unwrap_or_default());
                    }
                }
            }
            Does::CreateUser if mode.if_not_exists && seen.action == Action::Unchanged => {
                then.push(lookup(calls::user_by_name(username)));
            }
            _ => {}
        }
        steps.push(step);
        steps.extend(then);
    }
    let action = match seen.action {
        Action::Reinvite if steps.iter().any(|s| s.does == Does::CreateUser) => Action::Invite,
        a => a,
    };
    Planned {
        action,
        steps,
        found: seen.found,
    }
}

/// The plan for `invitee` under `version`, given what the run knows.
pub(crate) fn person(invitee: &Invitee, version: Version, known: &Known, mode: Mode) -> Planned {
    match version {
        Version::V20230101 => create_user(invitee),
        // createUser cannot add a user to a team: such an invite goes the new way.
        Version::Auto if invitee.user.teams.is_empty() => auto(invitee, known, mode),
        _ => memberships(invitee, known, mode),
    }
}

/// createUser, as the official CLI sends it.
fn create_user(invitee: &Invitee) -> Planned {
    Planned {
        action: Action::Invite,
        steps: vec![Step {
            call: calls::create_user(&invitee.user),
            does: Does::CreateUser,
        }],
        found: Vec::new(),
    }
}

/// `auto`: createUser, unless the reads show the person: a member is left alone (or is a
/// conflict), a lapsed invitation is replaced through the 2025-02-19 endpoints (createUser
/// cannot), the one use of them before any 410.
fn auto(invitee: &Invitee, known: &Known, mode: Mode) -> Planned {
    let username = &invitee.user.username;
    let mut found = Vec::new();
    let (mut member, mut lapsed) = (false, false);
    for invitation in invitations(invitee) {
        match known.standing(&invitation.target, username) {
            Standing::Member(m) => {
                member = true;
                found.push((invitation.target, m));
            }
            Standing::Lapsed(m) => {
                lapsed = true;
                found.push((invitation.target, m));
            }
            Standing::Unknown | Standing::Absent => {}
        }
    }
    match (member, lapsed) {
        (true, _) if mode.if_not_exists || mode.ensure => Planned {
            action: Action::Unchanged,
            steps: Vec::new(),
            found,
        },
        (true, _) => Planned {
            action: Action::Conflict,
            found,
            ..create_user(invitee)
        },
        (false, true) => memberships(invitee, known, mode),
        (false, false) => create_user(invitee),
    }
}

/// The 2025-02-19 way, place by place: an invitation where the person is not (or a lapsed
/// invitation is), and for a member, with `--ensureMemberships`, what they lack.
fn memberships(invitee: &Invitee, known: &Known, mode: Mode) -> Planned {
    let username = &invitee.user.username;
    let mut steps = Vec::new();
    let mut found = Vec::new();
    let (mut member, mut lapsed) = (false, false);
    for invitation in invitations(invitee) {
        let invite = |again: Option<String>| Step {
            call: invitation.call(username),
            does: Does::Invite {
                target: invitation.target.clone(),
                again,
                gives: invitation.grant(),
            },
        };
        match known.standing(&invitation.target, username) {
            Standing::Unknown | Standing::Absent => steps.push(invite(None)),
            Standing::Lapsed(m) => {
                lapsed = true;
                steps.push(invite(Some(m.status().to_string())));
                found.push((invitation.target.clone(), m));
            }
            Standing::Member(m) => {
                member = true;
                if mode.ensure {
                    // A member without an id cannot be added to: the invitation's 409
                    // and its lookup say so, as a blind run would.
                    steps.extend(
                        additions(invitee, &invitation, &m, known)
                            .unwrap_or_else(|| vec![invite(None)]),
                    );
                } else if !mode.if_not_exists {
                    steps.push(invite(None));
                }
                found.push((invitation.target.clone(), m));
            }
        }
    }
    let action = match (member, lapsed) {
        (true, _) if !(mode.if_not_exists || mode.ensure) => Action::Conflict,
        (true, _) if steps.is_empty() => Action::Unchanged,
        (true, _) => Action::Update,
        (false, true) => Action::Reinvite,
        (false, false) => Action::Invite,
    };
    Planned {
        action,
        steps,
        found,
    }
}

#[cfg(test)]
mod tests {
    use super::known::{Read, Roster};
    use super::*;
    use crate::api::{NewUser, Team};

    const O1: &str = "5dd56c847a3e5a1f363d424d";
    const O2: &str = "5dd56c847a3e5a1f363d424e";
    const P1: &str = "5f71e5255afec75a3d0f96dc";
    const T1: &str = "66b6d8e2a1b2c3d4e5f60719";
    const U: &str = "u@example.com";
    /// `--ifNotExists` alone, and with `--ensureMemberships`.
    const ONLY: Mode = Mode {
        if_not_exists: true,
        ensure: false,
    };
    const ENSURE: Mode = Mode {
        if_not_exists: true,
        ensure: true,
    };

    fn role(scope: Scope, id: &str, name: &str) -> Role {
        Role {
            scope,
            id: id.into(),
            name: name.into(),
        }
    }

    fn invitee(roles: Vec<Role>, teams: Vec<Team>) -> Invitee {
        Invitee {
            line: Some(2),
            user: NewUser {
                country: "US".into(),
                email: U.into(),
                first_name: "U".into(),
                last_name: "V".into(),
                mobile: None,
                password: Some("Correct-Horse-9".into()),
                roles,
                teams,
                username: U.into(),
            },
        }
    }

    /// What a read of `O1` found: `U` with these org roles, in this status.
    fn read(status: &str, roles: &str) -> Known {
        let body = format!(
            r#"{{"id":"5e0000000000000000000010","orgMembershipStatus":"{status}","roles":{{"orgRoles":[{roles}]}},"teamIds":[],"username":"U@Example.com"}}"#
        );
        let mut roster = Roster::default();
        roster.extend(vec![Member::decode(&Target::Org(O1.into()), &body).unwrap()]);
        let mut known = Known::nothing();
        known.insert(Target::Org(O1.into()), Read::Roster(roster));
        known.insert(Target::Org(O2.into()), Read::Roster(Roster::default()));
        known
    }

    fn paths(p: &Planned) -> Vec<String> {
        p.steps.iter().map(|s| s.call.path.clone()).collect()
    }

    #[test]
    fn invitations_group_roles_by_place_once_each_in_order() {
        let one = invitee(
            vec![
                role(Scope::Org, O1, "ORG_MEMBER"),
                role(Scope::Org, O1, "ORG_MEMBER"),
                role(Scope::Project, P1, "GROUP_OWNER"),
            ],
            vec![Team {
                org: O1.into(),
                id: T1.into(),
            }],
        );
        let invs = invitations(&one);
        assert_eq!(invs.len(), 1, "one organization carries the project");
        assert_eq!(
            invs[0].call(U).body.as_deref(),
            Some(
                r#"{"username":"u@example.com","roles":{"orgRoles":["ORG_MEMBER"],"groupRoleAssignments":[{"groupId":"5f71e5255afec75a3d0f96dc","groupRoles":["GROUP_OWNER"]}]},"teamIds":["66b6d8e2a1b2c3d4e5f60719"]}"#
            )
        );
        let two = invitee(
            vec![
                role(Scope::Org, O1, "ORG_MEMBER"),
                role(Scope::Org, O2, "ORG_OWNER"),
                role(Scope::Project, P1, "GROUP_OWNER"),
            ],
            vec![],
        );
        let targets: Vec<Target> = invitations(&two).into_iter().map(|i| i.target).collect();
        assert_eq!(
            targets,
            [
                Target::Org(O1.into()),
                Target::Org(O2.into()),
                Target::Group(P1.into())
            ]
        );
    }

    #[test]
    fn the_planner_sends_the_difference_for_each_standing() {
        let asks = invitee(
            vec![
                role(Scope::Org, O1, "ORG_MEMBER"),
                role(Scope::Org, O1, "ORG_BILLING_ADMIN"),
                role(Scope::Org, O2, "ORG_READ_ONLY"),
            ],
            vec![],
        );
        let v = Version::V20250219;
        // A member of O1 lacking a role, absent from O2 (the name matches in any case).
        let p = person(&asks, v, &read("ACTIVE", r#""ORG_MEMBER""#), ENSURE);
        assert_eq!(p.action, Action::Update);
        assert_eq!(
            paths(&p),
            [
                format!("api/atlas/v2/orgs/{O1}/users/5e0000000000000000000010:addRole"),
                format!("api/atlas/v2/orgs/{O2}/users"),
            ]
        );
        // Only --ifNotExists: nothing for O1, the invitation to O2.
        let p = person(&asks, v, &read("PENDING", r#""ORG_MEMBER""#), ONLY);
        assert_eq!(paths(&p), [format!("api/atlas/v2/orgs/{O2}/users")]);
        // Neither flag: the run would meet a 409.
        let p = person(&asks, v, &read("ACTIVE", ""), Mode::default());
        assert_eq!(p.action, Action::Conflict);
        // A lapsed invitation is invited again.
        let p = person(&asks, v, &read("INVITATION_EXPIRED", ""), ENSURE);
        assert_eq!(p.action, Action::Reinvite);
        assert_eq!(p.steps.len(), 2);
        // Nothing known: every invitation, blind.
        let p = person(&asks, v, &Known::nothing(), ENSURE);
        assert_eq!((p.action, p.steps.len()), (Action::Invite, 2));
    }

    #[test]
    fn auto_keeps_create_user_unless_the_reads_say_otherwise() {
        let asks = invitee(vec![role(Scope::Org, O1, "ORG_MEMBER")], vec![]);
        let p = person(&asks, Version::Auto, &Known::nothing(), ONLY);
        assert_eq!(p.steps[0].does, Does::CreateUser);
        let p = person(
            &asks,
            Version::Auto,
            &read("ACTIVE", r#""ORG_MEMBER""#),
            ONLY,
        );
        assert_eq!((p.action, p.steps.len()), (Action::Unchanged, 0));
        let p = person(&asks, Version::Auto, &read("INVITATION_REJECTED", ""), ONLY);
        assert_eq!(p.action, Action::Reinvite);
        assert_eq!(paths(&p), [format!("api/atlas/v2/orgs/{O1}/users")]);
        // A run that reads nothing meets the lapsed invitation with createUser.
        let p = blind(&asks, Version::Auto, &read("INVITATION_REJECTED", ""), ONLY);
        assert_eq!(
            (p.action, p.steps[0].does.clone()),
            (Action::Invite, Does::CreateUser)
        );
        // ... and a member with createUser's 409, then getUserByName.
        let p = blind(
            &asks,
            Version::Auto,
            &read("ACTIVE", r#""ORG_MEMBER""#),
            ONLY,
        );
        let does: Vec<Does> = p.steps.iter().map(|s| s.does.clone()).collect();
        assert_eq!(does, [Does::CreateUser, Does::Lookup]);
    }
}
