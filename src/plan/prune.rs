//! `--prune`: what the file no longer asks, within what it names. Its scope is the
//! organizations of its org roles, the teams of its `teamId` cells and the projects of its
//! project roles; inside it, a person not in the file leaves each organization, and a
//! person in the file loses the org roles (where the record asks some), teams, projects
//! and project roles the record does not ask. Organization owners are never removed from
//! an organization nor lose ORG_OWNER. Lapsed invitations are left alone.

use std::collections::{HashMap, HashSet};

use super::grant::Revoke;
use super::known::{Known, Read};
use crate::api::members::{Member, Target};
use crate::api::{username_key, Scope};
use crate::users::Invitee;

/// The role an organization's owners hold: never taken, and its holders never removed.
const OWNER: &str = "ORG_OWNER";

/// What a file names: the places `--prune` may touch.
#[derive(Debug, Default)]
pub(crate) struct Reach {
    /// The organizations (org roles), then the projects (project roles), each in order of
    /// first appearance.
    orgs: Vec<String>,
    projects: Vec<String>,
    /// The same places, to ask whether the file names one.
    named: HashSet<Target>,
    /// The teams of each organization.
    teams: HashMap<String, HashSet<String>>,
}

impl Reach {
    /// Adds what `invitee` names.
    pub(crate) fn add(&mut self, invitee: &Invitee) {
        for r in &invitee.user.roles {
            let (target, order) = match r.scope {
                Scope::Org => (Target::Org(r.id.clone()), &mut self.orgs),
                Scope::Project => (Target::Group(r.id.clone()), &mut self.projects),
            };
            if self.named.insert(target) {
                order.push(r.id.clone());
            }
        }
        for t in &invitee.user.teams {
            let teams = self.teams.entry(t.org.clone()).or_default();
            teams.insert(t.id.clone());
        }
    }

    /// Whether the file names `team` of `org`.
    fn names_team(&self, org: &str, team: &str) -> bool {
        self.teams.get(org).is_some_and(|t| t.contains(team))
    }

    /// The places to read: every organization, then every project.
    pub(crate) fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        let orgs = self.orgs.iter().map(|o| Target::Org(o.clone()));
        orgs.chain(self.projects.iter().map(|p| Target::Group(p.clone())))
    }

    /// Every pending or active member of every place in reach, with their place and
    /// username (as Atlas compares them), in the order the reads returned them.
    fn members<'k>(&'k self, known: &'k Known) -> impl Iterator<Item = Found<'k>> {
        let rosters = known.reads().filter_map(|(target, read)| match read {
            Read::Roster(roster) if self.named.contains(target) => Some((target, roster)),
            _ => None,
        });
        rosters.flat_map(|(target, roster)| {
            let current = roster.members.iter().filter(|m| !m.lapsed());
            current.map(move |m| {
                let key = username_key(m.username.as_deref().unwrap_or_default());
                (target, m, key)
            })
        })
    }
}

/// A member the reads found in reach: where, who, and their username's key.
type Found<'k> = (&'k Target, &'k Member, String);

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
/// others in the order the reads returned them. Linear: each person's places are found
/// through one index of the reads, not by asking every place about every person.
pub(crate) fn removals(
    reach: &Reach,
    invitees: impl Iterator<Item = Invitee>,
    known: &Known,
) -> Vec<Removal> {
    let mut places: HashMap<String, Places<'_>> = HashMap::new();
    for (target, m, key) in reach.members(known) {
        places.entry(key).or_default().push((target, m));
    }
    let mut out = Vec::new();
    let mut in_file: HashSet<String> = HashSet::new();
    for invitee in invitees {
        let key = username_key(&invitee.user.username);
        if let Some(r) = places
            .get(&key)
            .and_then(|p| of_file_person(reach, &invitee, p))
        {
            out.push(r);
        }
        in_file.insert(key);
    }
    out.extend(of_others(reach, &in_file, known));
    out
}

/// A person's places in reach, as the reads found them (organizations first).
type Places<'k> = Vec<(&'k Target, &'k Member)>;

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
fn of_file_person(reach: &Reach, invitee: &Invitee, places: &Places<'_>) -> Option<Removal> {
    let mut asked: HashMap<(Scope, &str), HashSet<&str>> = HashMap::new();
    for r in &invitee.user.roles {
        asked.entry((r.scope, &r.id)).or_default().insert(&r.name);
    }
    let named_teams: HashSet<(&str, &str)> = invitee
        .user
        .teams
        .iter()
        .map(|t| (t.org.as_str(), t.id.as_str()))
        .collect();
    let mut r = removal(places.first()?.1);
    for (target, m) in places {
        match target {
            Target::Org(org) => {
                if let Some(roles) = asked.get(&(Scope::Org, org.as_str())) {
                    org_roles_not_asked(org, m.org_roles(), roles, &mut r);
                }
                let not_named = m.teams().iter().filter(|team| {
                    reach.names_team(org, team) && !named_teams.contains(&(org, team))
                });
                r.revokes.extend(not_named.map(|team| Revoke::Team {
                    org: org.clone(),
                    team: team.clone(),
                }));
            }
            Target::Group(project) => match asked.get(&(Scope::Project, project.as_str())) {
                None => r.revokes.push(Revoke::Project {
                    project: project.clone(),
                }),
                Some(roles) => {
                    let held = m.group_roles(project).unwrap_or_default();
                    let not_asked = held.iter().filter(|x| !roles.contains(x.as_str()));
                    r.revokes.extend(not_asked.map(|role| Revoke::ProjectRole {
                        project: project.clone(),
                        role: role.clone(),
                    }));
                }
            },
        }
    }
    Some(r).filter(|r| !r.revokes.is_empty() || !r.kept.is_empty())
}

/// The org roles of `org` that `held` has and `asked` does not: each taken, but ORG_OWNER,
/// whose holder is kept.
fn org_roles_not_asked(org: &str, held: &[String], asked: &HashSet<&str>, r: &mut Removal) {
    for role in held.iter().filter(|x| !asked.contains(x.as_str())) {
        match role.as_str() {
            OWNER => r.kept.push(org.to_string()),
            _ => r.revokes.push(Revoke::OrgRole {
                org: org.to_string(),
                role: role.clone(),
            }),
        }
    }
}

/// The people the reads found who are not in the file: out of each organization in reach
/// (an owner is kept, and leaves the teams in reach), and out of each project in reach
/// that no such removal already covers.
fn of_others(reach: &Reach, in_file: &HashSet<String>, known: &Known) -> Vec<Removal> {
    let mut out: Vec<Removal> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    // Projects each person's organization removals take with them.
    let mut covered: HashMap<String, HashSet<String>> = HashMap::new();
    for (target, m, key) in reach.members(known) {
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
                for team in m.teams().iter().filter(|t| reach.names_team(org, t)) {
                    r.revokes.push(Revoke::Team {
                        org: org.clone(),
                        team: team.clone(),
                    });
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
    out.retain(|r| !r.revokes.is_empty() || !r.kept.is_empty());
    out
}
