//! `--ensureMemberships`: what a record asks of an existing user that the user lacks, as
//! the 2025-02-19 additive calls that add it, in a fixed order (the organization's roles,
//! then its teams, then each project as given). Nothing is ever removed.

use crate::api::members::{Call, Member, Roles, Target};
use crate::json::Writer;
use crate::users::roles::Scope;
use crate::users::Job;

/// What one addition adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// addOrgUserRole: a role in an organization.
    OrgRole,
    /// addOrgTeamUser: a team of an organization.
    Team,
    /// addGroupUsers: a project the user is not in, with its roles.
    Project,
    /// addGroupUserRole: a role in a project the user is in.
    ProjectRole,
}

/// One addition: what it adds, and the call that adds it.
#[derive(Debug, Clone)]
pub(crate) struct Addition {
    pub(crate) kind: Kind,
    /// The organization or project.
    pub(crate) place: String,
    /// The role or team, or a project's roles.
    pub(crate) what: Vec<String>,
    /// The path below the base URL and the body.
    pub(crate) path: String,
    pub(crate) body: String,
}

impl Addition {
    /// `ORG_BILLING_ADMIN in <org>`, `team <team>`, `GROUP_OWNER in <project>`.
    pub(crate) fn describe(&self) -> String {
        match self.kind {
            Kind::Team => format!("team {}", self.what.join(",")),
            _ => format!("{} in {}", self.what.join(","), self.place),
        }
    }

    /// `{"kind":"orgRole","org":"...","role":"..."}` and the like, for JSON Lines.
    pub(crate) fn write_json(&self, w: &mut Writer) {
        w.open('{');
        let (kind, place, what) = match self.kind {
            Kind::OrgRole => ("orgRole", "org", "role"),
            Kind::Team => ("team", "org", "team"),
            Kind::Project => ("project", "project", "roles"),
            Kind::ProjectRole => ("projectRole", "project", "role"),
        };
        w.field("kind", kind);
        w.field(place, &self.place);
        if self.kind == Kind::Project {
            w.key(what);
            w.open('[');
            for r in &self.what {
                w.str(r);
            }
            w.close(']');
        } else {
            w.field(what, self.what.first().map_or("", String::as_str));
        }
        w.close('}');
    }

    /// The target whose answer decodes this addition's.
    pub(crate) fn target(&self) -> Target {
        match self.kind {
            Kind::OrgRole | Kind::Team => Target::Org(self.place.clone()),
            Kind::Project | Kind::ProjectRole => Target::Group(self.place.clone()),
        }
    }
}

/// A body of one string field.
fn one(key: &str, value: &str) -> String {
    let mut w = Writer::new(0);
    w.open('{');
    w.field(key, value);
    w.close('}');
    w.finish()
}

/// What `job` asks of `call`'s organization or project that `member` (who exists there)
/// lacks, in order; `None` when the answer names no user id to add to.
pub(crate) fn missing(job: &Job, call: &Call, member: &Member) -> Option<Vec<Addition>> {
    let user = member.id.as_deref()?;
    let wanted = |scope: Scope, id: &str| -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for r in job
            .user
            .roles
            .iter()
            .filter(|r| r.scope == scope && r.id == id)
        {
            if !names.contains(&r.name) {
                names.push(r.name.clone());
            }
        }
        names
    };
    let mut out = Vec::new();
    match (&call.target, &member.roles) {
        (Target::Org(org), Roles::Org(have)) => {
            let has = have.org_roles.clone().unwrap_or_default();
            for role in wanted(Scope::Org, org)
                .into_iter()
                .filter(|r| !has.contains(r))
            {
                out.push(Addition {
                    kind: Kind::OrgRole,
                    place: org.clone(),
                    body: one("orgRole", &role),
                    what: vec![role],
                    path: format!("api/atlas/v2/orgs/{org}/users/{user}:addRole"),
                });
            }
            let teams = member.team_ids.clone().unwrap_or_default();
            for t in job
                .user
                .teams
                .iter()
                .filter(|t| t.org == *org && !teams.contains(&t.id))
            {
                out.push(Addition {
                    kind: Kind::Team,
                    place: org.clone(),
                    what: vec![t.id.clone()],
                    path: format!("api/atlas/v2/orgs/{org}/teams/{}:addUser", t.id),
                    body: one("id", user),
                });
            }
            // The projects that ride along in this organization's call (one org invited).
            if call.body.contains("\"groupRoleAssignments\"") {
                let assigned = have.group_role_assignments.clone().unwrap_or_default();
                for group in projects(job) {
                    let want = wanted(Scope::Project, &group);
                    let held = assigned
                        .iter()
                        .find(|a| a.group_id.as_deref() == Some(group.as_str()));
                    match held {
                        None => out.push(project(job, &group, want)),
                        Some(a) => {
                            let has = a.group_roles.clone().unwrap_or_default();
                            out.extend(project_roles(&group, user, want, &has));
                        }
                    }
                }
            }
        }
        (Target::Group(group), Roles::Group(have)) => {
            let has = have.clone().unwrap_or_default();
            out.extend(project_roles(
                group,
                user,
                wanted(Scope::Project, group),
                &has,
            ));
        }
        _ => {}
    }
    Some(out)
}

/// The projects of `job`'s roles, in order of first appearance.
fn projects(job: &Job) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in job.user.roles.iter().filter(|r| r.scope == Scope::Project) {
        if !out.contains(&r.id) {
            out.push(r.id.clone());
        }
    }
    out
}

/// addGroupUsers for a project the user is not in.
fn project(job: &Job, group: &str, roles: Vec<String>) -> Addition {
    let mut w = Writer::new(0);
    w.open('{');
    w.field("username", &job.user.username);
    w.key("roles");
    w.open('[');
    for r in &roles {
        w.str(r);
    }
    w.close(']');
    w.close('}');
    Addition {
        kind: Kind::Project,
        place: group.to_string(),
        what: roles,
        path: format!("api/atlas/v2/groups/{group}/users"),
        body: w.finish(),
    }
}

/// addGroupUserRole for each wanted role the user lacks in a project they are in.
fn project_roles(group: &str, user: &str, want: Vec<String>, has: &[String]) -> Vec<Addition> {
    want.into_iter()
        .filter(|r| !has.contains(r))
        .map(|role| Addition {
            kind: Kind::ProjectRole,
            place: group.to_string(),
            body: one("groupRole", &role),
            what: vec![role],
            path: format!("api/atlas/v2/groups/{group}/users/{user}:addRole"),
        })
        .collect()
}
