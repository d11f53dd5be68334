//! Every request this program sends to Atlas, built here and nowhere else: its method, its
//! path below the base URL, its media type and its body. The flows decide which calls to
//! send (see `plan`); a dry run, `--plan` and a real run print or send these same values.

use super::members::{Target, MEDIA_TYPE as MEDIA_2025};
use super::{NewUser, MEDIA_TYPE as MEDIA_2023};
use crate::error::{MAYBE_CREATED, MAYBE_REMOVED};
use crate::gostd::{path_escape, query_escape};
use crate::json::Writer;
pub(crate) use crate::net::transport::Method;

/// How many members a page of a read holds: the most Atlas serves.
pub(crate) const PAGE_SIZE: usize = 500;
/// The largest answer read: an invite's is about a kilobyte.
pub(crate) const ANSWER_LIMIT: u64 = 1 << 20;
/// The largest page of a read: 500 members, each with their projects, roles and teams.
const PAGE_LIMIT: u64 = 64 << 20;

/// One request to Atlas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Call {
    pub(crate) method: Method,
    /// The path below the base URL (`api/atlas/v2/...`), with its query.
    pub(crate) path: String,
    /// `Accept`, and `Content-Type` when there is a body: the API version's media type.
    pub(crate) media: &'static str,
    pub(crate) body: Option<String>,
    /// The body as printed (`--debug`, `--dryRun`, `--plan`), each secret placed as
    /// `[redacted]`; `None` when the body holds none.
    pub(crate) shown: Option<String>,
    /// The most bytes of the answer that are read.
    pub(crate) answer_limit: u64,
}

impl Call {
    fn new(method: Method, path: String, media: &'static str, body: Option<String>) -> Call {
        Call {
            method,
            path,
            media,
            body,
            shown: None,
            answer_limit: ANSWER_LIMIT,
        }
    }

    /// The body as it may be printed.
    pub(crate) fn shown_body(&self) -> Option<&str> {
        self.shown.as_deref().or(self.body.as_deref())
    }

    /// What Atlas may have done on receiving it, said when no answer came; `None` for a
    /// read.
    pub(crate) fn may_change(&self) -> Option<&'static str> {
        let removal = self.method == Method::Delete
            || self.path.ends_with(":removeRole")
            || self.path.ends_with(":removeUser");
        match self.method {
            Method::Get => None,
            _ if removal => Some(MAYBE_REMOVED),
            _ => Some(MAYBE_CREATED),
        }
    }
}

/// createUser (2023-01-01): the user, the password and every role in one call.
pub(crate) fn create_user(user: &NewUser) -> Call {
    let password = user.password.as_deref().unwrap_or_default();
    let mut call = Call::new(
        Method::Post,
        "api/atlas/v2/users".into(),
        MEDIA_2023,
        Some(user.body_showing(password)),
    );
    call.shown = Some(user.body_showing("[redacted]"));
    call
}

/// getUserByName (2023-01-01).
pub(crate) fn user_by_name(username: &str) -> Call {
    let path = format!("api/atlas/v2/users/byName/{}", path_escape(username));
    Call::new(Method::Get, path, MEDIA_2023, None)
}

/// The users path of an organization or a project.
fn users_path(target: &Target) -> String {
    match target {
        Target::Org(id) => format!("api/atlas/v2/orgs/{id}/users"),
        Target::Group(id) => format!("api/atlas/v2/groups/{id}/users"),
    }
}

/// createOrgUser: OrgUserRequest `{"username", "roles": {"orgRoles",
/// "groupRoleAssignments"}, "teamIds"}`; the projects ride along (one organization).
pub(crate) fn create_org_user(
    org: &str,
    username: &str,
    org_roles: &[&str],
    projects: &[(&str, Vec<&str>)],
    teams: &[&str],
) -> Call {
    let mut w = Writer::new(0);
    w.open('{');
    w.field("username", username);
    w.key("roles");
    w.open('{');
    w.key("orgRoles");
    w.strings(org_roles);
    if !projects.is_empty() {
        w.key("groupRoleAssignments");
        w.open('[');
        for (group, roles) in projects {
            w.open('{');
            w.field("groupId", group);
            w.key("groupRoles");
            w.strings(roles);
            w.close('}');
        }
        w.close(']');
    }
    w.close('}');
    if !teams.is_empty() {
        w.key("teamIds");
        w.strings(teams);
    }
    w.close('}');
    let path = users_path(&Target::Org(org.to_string()));
    Call::new(Method::Post, path, MEDIA_2025, Some(w.finish()))
}

/// addGroupUsers: GroupUserRequest `{"username", "roles"}`.
pub(crate) fn add_group_users(group: &str, username: &str, roles: &[&str]) -> Call {
    let mut w = Writer::new(0);
    w.open('{');
    w.field("username", username);
    w.key("roles");
    w.strings(roles);
    w.close('}');
    let path = users_path(&Target::Group(group.to_string()));
    Call::new(Method::Post, path, MEDIA_2025, Some(w.finish()))
}

/// addOrgUserRole.
pub(crate) fn add_org_role(org: &str, user: &str, role: &str) -> Call {
    let path = format!("api/atlas/v2/orgs/{org}/users/{user}:addRole");
    Call::new(Method::Post, path, MEDIA_2025, Some(one("orgRole", role)))
}

/// addOrgTeamUser.
pub(crate) fn add_team_user(org: &str, team: &str, user: &str) -> Call {
    let path = format!("api/atlas/v2/orgs/{org}/teams/{team}:addUser");
    Call::new(Method::Post, path, MEDIA_2025, Some(one("id", user)))
}

/// addGroupUserRole.
pub(crate) fn add_group_role(group: &str, user: &str, role: &str) -> Call {
    let path = format!("api/atlas/v2/groups/{group}/users/{user}:addRole");
    Call::new(Method::Post, path, MEDIA_2025, Some(one("groupRole", role)))
}

/// removeOrgUser: the user leaves the organization (a pending invitation is revoked).
pub(crate) fn remove_org_user(org: &str, user: &str) -> Call {
    let path = format!("api/atlas/v2/orgs/{org}/users/{user}");
    Call::new(Method::Delete, path, MEDIA_2025, None)
}

/// removeOrgUserRole.
pub(crate) fn remove_org_role(org: &str, user: &str, role: &str) -> Call {
    let path = format!("api/atlas/v2/orgs/{org}/users/{user}:removeRole");
    Call::new(Method::Post, path, MEDIA_2025, Some(one("orgRole", role)))
}

/// removeOrgTeamUser.
pub(crate) fn remove_team_user(org: &str, team: &str, user: &str) -> Call {
    let path = format!("api/atlas/v2/orgs/{org}/teams/{team}:removeUser");
    Call::new(Method::Post, path, MEDIA_2025, Some(one("id", user)))
}

/// removeGroupUser: the user leaves the project.
pub(crate) fn remove_group_user(group: &str, user: &str) -> Call {
    let path = format!("api/atlas/v2/groups/{group}/users/{user}");
    Call::new(Method::Delete, path, MEDIA_2025, None)
}

/// removeGroupUserRole.
pub(crate) fn remove_group_role(group: &str, user: &str, role: &str) -> Call {
    let path = format!("api/atlas/v2/groups/{group}/users/{user}:removeRole");
    Call::new(Method::Post, path, MEDIA_2025, Some(one("groupRole", role)))
}

/// Every membership status: a read that names them all sees lapsed invitations too.
const ALL_STATUSES: &str = "orgMembershipStatuses=PENDING&orgMembershipStatuses=ACTIVE&orgMembershipStatuses=INVITATION_EXPIRED&orgMembershipStatuses=INVITATION_REJECTED";

/// listOrgUsers or listGroupUsers for `username`, pending and active users only (Atlas's
/// default): the lookup that confirms a 409.
pub(crate) fn lookup(target: &Target, username: &str) -> Call {
    let path = format!("{}?username={}", users_path(target), query_escape(username));
    Call::new(Method::Get, path, MEDIA_2025, None)
}

/// listOrgUsers or listGroupUsers for `username` in every status (a single invite's plan).
pub(crate) fn lookup_any_status(target: &Target, username: &str) -> Call {
    let path = format!(
        "{}?username={}&{ALL_STATUSES}",
        users_path(target),
        query_escape(username)
    );
    Call::new(Method::Get, path, MEDIA_2025, None)
}

/// Page `page` (from 1) of listOrgUsers or listGroupUsers: `PAGE_SIZE` members in every
/// status.
pub(crate) fn list_members(target: &Target, page: usize) -> Call {
    let path = format!(
        "{}?itemsPerPage={PAGE_SIZE}&pageNum={page}&{ALL_STATUSES}",
        users_path(target)
    );
    Call {
        answer_limit: PAGE_LIMIT,
        ..Call::new(Method::Get, path, MEDIA_2025, None)
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

#[cfg(test)]
mod tests {
    use super::*;

    const O1: &str = "5dd56c847a3e5a1f363d424d";
    const P1: &str = "5f71e5255afec75a3d0f96dc";
    const U: &str = "5e0000000000000000000010";

    #[test]
    fn bodies_and_paths() {
        let c = create_org_user(
            O1,
            "u@example.com",
            &["ORG_MEMBER"],
            &[(P1, vec!["GROUP_OWNER"])],
            &[],
        );
        assert_eq!(
            (c.method, c.path.as_str(), c.body.as_deref()),
            (
                Method::Post,
                "api/atlas/v2/orgs/5dd56c847a3e5a1f363d424d/users",
                Some(
                    r#"{"username":"u@example.com","roles":{"orgRoles":["ORG_MEMBER"],"groupRoleAssignments":[{"groupId":"5f71e5255afec75a3d0f96dc","groupRoles":["GROUP_OWNER"]}]}}"#
                )
            )
        );
        let r = remove_org_user(O1, U);
        assert_eq!((r.method, r.body), (Method::Delete, None));
        assert_eq!(
            remove_group_role(P1, U, "GROUP_OWNER").body.as_deref(),
            Some(r#"{"groupRole":"GROUP_OWNER"}"#)
        );
        assert_eq!(
            list_members(&Target::Org(O1.into()), 2).path,
            format!("api/atlas/v2/orgs/{O1}/users?itemsPerPage=500&pageNum=2&{ALL_STATUSES}")
        );
        assert_eq!(
            lookup(&Target::Group(P1.into()), "a+b@example.com").path,
            format!("api/atlas/v2/groups/{P1}/users?username=a%2Bb%40example.com")
        );
    }
}
