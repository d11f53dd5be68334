//! `--prune`: what the file no longer asks, within what it names. Its scope is the
//! organizations of its org roles, the teams of its `teamId` cells and the projects of its
//! project roles; inside it, a person not in the file leaves each organization, and a
//! person in the file loses the org roles (where the record asks some), teams, projects
//! and project roles the record does not ask. Organization owners are never removed from
//! an organization nor lose ORG_OWNER. Lapsed invitations are left alone.

use std::collections::{HashMap, HashSet};

use super::grant::Revoke;
use super::known::{Known, Read, Roster};
use crate::api::members::{Member, Target};
use crate::api::{username_key, Scope};
use crate::users::Invitee;

/// The role an organization's owners hold: never taken, and its holders never removed.
pub(crate) const OWNER: &str = "ORG_OWNER";

/// What a file names: the places `--prune` may touch, in order of first appearance.
#[derive(Debug, Default)]
pub(crate) struct Reach {
    pub(crate) orgs: Vec<String>,
    /// (organization, team).
    pub(crate) teams: Vec<(String, String)>,
    pub(crate) projects: Vec<String>,
    seen: HashSet<(u8, String)>,
}

impl Reach {
    /// Adds what `invitee` names.
    pub(crate) fn add(&mut self, invitee: &Invitee) {
        for r in &invitee.user.roles {
            match r.scope {
                Scope::Org if self.seen.insert((0, r.id.clone())) => self.orgs.push(r.id.clone()),
                Scope::Project if self.seen.insert((1, r.id.clone())) => {
                    self.projects.push(r.id.clone())
                }
                _ => {}
            }
        }
        for t in &invitee.user.teams {
            if self.seen.insert((2, format!("{}:{}", t.org, t.id))) {
                self.teams.push((t.org.clone(), t.id.clone()));
            }
        }
    }

    /// The places to read: every organization, then every project.
    pub(crate) fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        let orgs = self.orgs.iter().map(|o| Target::Org(o.clone()));
        orgs.chain(self.projects.iter().map(|p| Target::Group(p.clone())))
    }
}

/// What `--prune` takes from one person, and what it keeps from them.
#[derive(Debug, Clone)]
pub(crate) struct Removal {
    pub(crate) username: String,
    /// Atlas's id of the user.
    pub(crate) id: String,
    /// The membership status the reads found (first place).
    pub(crate) status: String,
    /// In the order they are sent.
    pub(crate) revokes: Vec<Revoke>,
    /// Organizations where an owner is kept (not removed, ORG_OWNER not taken).
    pub(crate) kept: Vec<String>,
}

/// Every removal of a run, in plan order: the people of the file in file order, then the
/// others in the order the reads returned them.
pub(crate) fn removals(
    reach: &Reach,
    invitees: impl Iterator<Item = Invitee>,
    known: &Known,
) -> Vec<Removal> {
    let mut out = Vec::new();
    let mut in_file: HashSet<String> = HashSet::new();
    for invitee in invitees {
        in_file.insert(username_key(&invitee.user.username));
        if let Some(r) = of_file_person(reach, &invitee, known) {
            out.push(r);
        }
    }
    out.extend(of_others(reach, &in_file, known));
    out
}

/// The roster of `target`, when it was read.
fn roster<'k>(known: &'k Known, target: &Target) -> Option<&'k Roster> {
    match known.read(target) {
        Some(Read::Roster(r)) => Some(r),
        _ => None,
    }
}

/// A pending or active member called `username` in `target`.
fn member<'k>(known: &'k Known, target: &Target, username: &str) -> Option<&'k Member> {
    roster(known, target)?
        .get(username)
        .filter(|m| !m.lapsed() && m.id.is_some())
}

/// Starts a person's removal from what the reads say of them.
fn removal(m: &Member) -> Removal {
    Removal {
        username: m.username.clone().unwrap_or_default(),
        id: m.id.clone().unwrap_or_default(),
        status: m.status().to_string(),
        revokes: Vec::new(),
        kept: Vec::new(),
    }
}

/// What a person of the file loses: org roles not asked where the record asks some, teams
/// and projects in reach it does not name, project roles not asked where it names the
/// project.
fn of_file_person(reach: &Reach, invitee: &Invitee, known: &Known) -> Option<Removal> {
    let username = &invitee.user.username;
    let mut out: Option<Removal> = None;
    let asked = |scope: Scope, id: &str| -> HashSet<&str> {
        invitee
            .user
            .roles
            .iter()
            .filter(|r| r.scope == scope && r.id == id)
            .map(|r| r.name.as_str())
            .collect()
    };
    let named_teams: HashSet<(&str, &str)> = invitee
        .user
        .teams
        .iter()
        .map(|t| (t.org.as_str(), t.id.as_str()))
        .collect();
    for org in &reach.orgs {
        let Some(m) = member(known, &Target::Org(org.clone()), username) else {
            continue;
        };
        let r = out.get_or_insert_with(|| removal(m));
        let roles = asked(Scope::Org, org);
        if !roles.is_empty() {
            for role in m.org_roles().iter().filter(|x| !roles.contains(x.as_str())) {
                if role == OWNER {
                    r.kept.push(org.clone());
                } else {
                    r.revokes.push(Revoke::OrgRole {
                        org: org.clone(),
                        role: role.clone(),
                    });
                }
            }
        }
        for (o, team) in reach.teams.iter().filter(|(o, _)| o == org) {
            if m.teams().contains(team) && !named_teams.contains(&(o.as_str(), team.as_str())) {
                r.revokes.push(Revoke::Team {
                    org: o.clone(),
                    team: team.clone(),
                });
            }
        }
    }
    for project in &reach.projects {
        let Some(m) = member(known, &Target::Group(project.clone()), username) else {
            continue;
        };
        let r = out.get_or_insert_with(|| removal(m));
        let roles = asked(Scope::Project, project);
        if roles.is_empty() {
            r.revokes.push(Revoke::Project {
                project: project.clone(),
            });
            continue;
        }
        for role in m.group_roles(project).unwrap_or_default() {
            if !roles.contains(role.as_str()) {
                r.revokes.push(Revoke::ProjectRole {
                    project: project.clone(),
                    role: role.clone(),
                });
            }
        }
    }
    out.filter(|r| !r.revokes.is_empty() || !r.kept.is_empty())
}

/// The people the reads found who are not in the file: out of each organization in reach
/// (an owner is kept, and leaves the teams in reach), and out of each project in reach
/// that no such removal already covers.
fn of_others(reach: &Reach, in_file: &HashSet<String>, known: &Known) -> Vec<Removal> {
    let mut out: Vec<Removal> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    // Projects each person's organization removals take with them.
    let mut covered: HashMap<String, HashSet<String>> = HashMap::new();
    let orgs: HashSet<&str> = reach.orgs.iter().map(String::as_str).collect();
    let projects: HashSet<&str> = reach.projects.iter().map(String::as_str).collect();
    for (target, read) in known.reads() {
        let Read::Roster(roster) = read else {
            continue;
        };
        let in_reach = match target {
            Target::Org(o) => orgs.contains(o.as_str()),
            Target::Group(g) => projects.contains(g.as_str()),
        };
        if !in_reach {
            continue;
        }
        for m in roster
            .members
            .iter()
            .filter(|m| !m.lapsed() && m.id.is_some())
        {
            let key = username_key(m.username.as_deref().unwrap_or_default());
            if in_file.contains(&key) {
                continue;
            }
            let i = *at.entry(key.clone()).or_insert_with(|| {
                out.push(removal(m));
                out.len() - 1
            });
            let r = &mut out[i];
            match target {
                Target::Org(org) if m.org_roles().iter().any(|x| x == OWNER) => {
                    r.kept.push(org.clone());
                    for (_, team) in reach.teams.iter().filter(|(o, _)| o == org) {
                        if m.teams().contains(team) {
                            r.revokes.push(Revoke::Team {
                                org: org.clone(),
                                team: team.clone(),
                            });
                        }
                    }
                }
                Target::Org(org) => {
                    let gone = covered.entry(key).or_default();
                    gone.extend(m.projects().map(str::to_string));
                    r.revokes.push(Revoke::Org { org: org.clone() });
                }
                Target::Group(project) => {
                    if !covered.get(&key).is_some_and(|c| c.contains(project)) {
                        r.revokes.push(Revoke::Project {
                            project: project.clone(),
                        });
                    }
                }
            }
        }
    }
    out.retain(|r| !r.revokes.is_empty() || !r.kept.is_empty());
    out
}
