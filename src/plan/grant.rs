//! What a call gives an existing person (`Grant`) or takes away (`Revoke`), as the results
//! report them: in words for text lines and messages, as objects for JSON Lines, and as
//! the call that does it.

use crate::api::calls::{self, Call};
use crate::api::members::Target;
use crate::json::Writer;

/// Something given to a person who exists already: an addition, or an invitation to an
/// organization or project they are not in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Grant {
    /// addOrgUserRole.
    OrgRole { org: String, role: String },
    /// addOrgTeamUser.
    Team { org: String, team: String },
    /// addGroupUsers: a project the person is not in, with its roles.
    Project { project: String, roles: Vec<String> },
    /// addGroupUserRole: a role in a project the person is in.
    ProjectRole { project: String, role: String },
    /// createOrgUser: an invitation to an organization the person is not in.
    Org {
        org: String,
        roles: Vec<String>,
        teams: Vec<String>,
    },
}

impl Grant {
    /// The call that gives it to the user `user` (their id) called `username`.
    pub(crate) fn call(&self, username: &str, user: &str) -> Call {
        match self {
            Grant::OrgRole { org, role } => calls::add_org_role(org, user, role),
            Grant::Team { org, team } => calls::add_team_user(org, team, user),
            Grant::Project { project, roles } => {
                let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
                calls::add_group_users(project, username, &roles)
            }
            Grant::ProjectRole { project, role } => calls::add_group_role(project, user, role),
            Grant::Org { org, roles, teams } => {
                let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
                let teams: Vec<&str> = teams.iter().map(String::as_str).collect();
                calls::create_org_user(org, username, &roles, &[], &teams)
            }
        }
    }

    /// Whose answer (an organization's or a project's) the call gets.
    pub(crate) fn target(&self) -> Target {
        match self {
            Grant::OrgRole { org, .. } | Grant::Team { org, .. } | Grant::Org { org, .. } => {
                Target::Org(org.clone())
            }
            Grant::Project { project, .. } | Grant::ProjectRole { project, .. } => {
                Target::Group(project.clone())
            }
        }
    }

    /// `ORG_BILLING_ADMIN in <org>`, `team <team>`, `GROUP_OWNER in <project>`,
    /// `organization <org> (ORG_MEMBER)`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Grant::OrgRole { org, role } => format!("{role} in {org}"),
            Grant::Team { team, .. } => format!("team {team}"),
            Grant::Project { project, roles } => format!("{} in {project}", roles.join(",")),
            Grant::ProjectRole { project, role } => format!("{role} in {project}"),
            Grant::Org { org, roles, teams } => {
                let mut what = roles.clone();
                what.extend(teams.iter().map(|t| format!("team {t}")));
                format!("organization {org} ({})", what.join(", "))
            }
        }
    }

    /// `{"kind":"orgRole","org":"...","role":"..."}` and the like, for JSON Lines.
    pub(crate) fn write_json(&self, w: &mut Writer) {
        w.open('{');
        match self {
            Grant::OrgRole { org, role } => {
                fields(w, &[("kind", "orgRole"), ("org", org), ("role", role)])
            }
            Grant::Team { org, team } => {
                fields(w, &[("kind", "team"), ("org", org), ("team", team)])
            }
            Grant::Project { project, roles } => {
                fields(w, &[("kind", "project"), ("project", project)]);
                w.key("roles");
                w.strings(roles);
            }
            Grant::ProjectRole { project, role } => fields(
                w,
                &[
                    ("kind", "projectRole"),
                    ("project", project),
                    ("role", role),
                ],
            ),
            Grant::Org { org, roles, teams } => {
                fields(w, &[("kind", "org"), ("org", org)]);
                w.key("roles");
                w.strings(roles);
                w.key("teams");
                w.strings(teams);
            }
        }
        w.close('}');
    }
}

/// Something taken from a person by `--prune`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Revoke {
    /// removeOrgUser: out of the organization (a pending invitation revoked).
    Org { org: String },
    /// removeOrgUserRole.
    OrgRole { org: String, role: String },
    /// removeOrgTeamUser.
    Team { org: String, team: String },
    /// removeGroupUser: out of the project.
    Project { project: String },
    /// removeGroupUserRole.
    ProjectRole { project: String, role: String },
}

impl Revoke {
    /// The call that takes it from the user `user` (their id).
    pub(crate) fn call(&self, user: &str) -> Call {
        match self {
            Revoke::Org { org } => calls::remove_org_user(org, user),
            Revoke::OrgRole { org, role } => calls::remove_org_role(org, user, role),
            Revoke::Team { org, team } => calls::remove_team_user(org, team, user),
            Revoke::Project { project } => calls::remove_group_user(project, user),
            Revoke::ProjectRole { project, role } => calls::remove_group_role(project, user, role),
        }
    }

    /// `organization <org> (not in the file)`, `ORG_OWNER in <org>`, `team <team>`,
    /// `project <project>`, `GROUP_OWNER in <project>`.
    pub(crate) fn describe(&self) -> String {
        match self {
            Revoke::Org { org } => format!("organization {org} (not in the file)"),
            Revoke::OrgRole { org, role } => format!("{role} in {org}"),
            Revoke::Team { team, .. } => format!("team {team}"),
            Revoke::Project { project } => format!("project {project}"),
            Revoke::ProjectRole { project, role } => format!("{role} in {project}"),
        }
    }

    /// The plan's words: `remove erin@example.com from organization <org> (not in the
    /// file)`, `remove GROUP_OWNER in <project> from carol@example.com`.
    pub(crate) fn plan_line(&self, username: &str) -> String {
        match self {
            Revoke::Org { .. } | Revoke::Team { .. } | Revoke::Project { .. } => {
                format!("remove {username} from {}", self.describe())
            }
            Revoke::OrgRole { .. } | Revoke::ProjectRole { .. } => {
                format!("remove {} from {username}", self.describe())
            }
        }
    }

    /// `{"kind":"org","org":"..."}` and the like, shaped as a grant's.
    pub(crate) fn write_json(&self, w: &mut Writer) {
        w.open('{');
        match self {
            Revoke::Org { org } => fields(w, &[("kind", "org"), ("org", org)]),
            Revoke::OrgRole { org, role } => {
                fields(w, &[("kind", "orgRole"), ("org", org), ("role", role)])
            }
            Revoke::Team { org, team } => {
                fields(w, &[("kind", "team"), ("org", org), ("team", team)])
            }
            Revoke::Project { project } => fields(w, &[("kind", "project"), ("project", project)]),
            Revoke::ProjectRole { project, role } => fields(
                w,
                &[
                    ("kind", "projectRole"),
                    ("project", project),
                    ("role", role),
                ],
            ),
        }
        w.close('}');
    }
}

fn fields(w: &mut Writer, pairs: &[(&str, &str)]) {
    for (k, v) in pairs {
        w.field(k, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_and_revokes_in_words_and_json() {
        let g = Grant::Org {
            org: "o".into(),
            roles: vec!["ORG_MEMBER".into()],
            teams: vec!["t".into()],
        };
        assert_eq!(g.describe(), "organization o (ORG_MEMBER, team t)");
        let mut w = Writer::new(0);
        g.write_json(&mut w);
        assert_eq!(
            w.finish(),
            r#"{"kind":"org","org":"o","roles":["ORG_MEMBER"],"teams":["t"]}"#
        );
        let r = Revoke::ProjectRole {
            project: "p".into(),
            role: "GROUP_OWNER".into(),
        };
        assert_eq!(
            r.plan_line("c@x.com"),
            "remove GROUP_OWNER in p from c@x.com"
        );
        assert_eq!(
            Revoke::Org { org: "o".into() }.plan_line("e@x.com"),
            "remove e@x.com from organization o (not in the file)"
        );
    }
}
