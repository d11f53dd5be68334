//! The people of the 2025-02-19 endpoints, one store for all of them: each person has an
//! id, a username, a membership status per organization, org roles and teams per
//! organization and roles per project. The endpoints that read and change it live beside
//! this file: `list` (listOrgUsers, listGroupUsers), `invite` (createOrgUser,
//! addGroupUsers) and `change` (the additions and removals).

use std::collections::BTreeMap;

use super::wire::{list, quote, Reply};

pub mod change;
pub mod invite;
pub mod list;

/// One person's memberships.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Memberships {
    /// Organization id to (org roles, team ids).
    pub orgs: BTreeMap<String, (Vec<String>, Vec<String>)>,
    /// Project id to project roles.
    pub groups: BTreeMap<String, Vec<String>>,
}

/// An organization membership status (`orgMembershipStatus`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pending,
    Active,
    InvitationExpired,
    InvitationRejected,
}

impl Status {
    /// The API's name of the status.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "PENDING",
            Status::Active => "ACTIVE",
            Status::InvitationExpired => "INVITATION_EXPIRED",
            Status::InvitationRejected => "INVITATION_REJECTED",
        }
    }

    /// The status the API calls `name`.
    pub fn parse(name: &str) -> Option<Status> {
        [
            Status::Pending,
            Status::Active,
            Status::InvitationExpired,
            Status::InvitationRejected,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }

    /// PENDING or ACTIVE: a member that counts (an expired or rejected invitation does not).
    pub fn live(self) -> bool {
        matches!(self, Status::Pending | Status::Active)
    }
}

/// A person the mock knows.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub username: String,
    /// The status in every organization `statuses` does not name.
    pub status: Status,
    /// Organization id to the status there, where it differs from `status`.
    pub statuses: BTreeMap<String, Status>,
    pub m: Memberships,
}

impl Person {
    /// A person with these memberships and one status everywhere.
    pub fn new(id: String, username: &str, m: Memberships, status: Status) -> Person {
        Person {
            id,
            username: username.to_string(),
            status,
            statuses: BTreeMap::new(),
            m,
        }
    }

    /// The person's status in `org`.
    pub fn status_in(&self, org: &str) -> Status {
        self.statuses.get(org).copied().unwrap_or(self.status)
    }
}

/// An organization or a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Org,
    Group,
}

/// The organization or project a call names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub kind: Kind,
    pub id: String,
}

impl Place {
    pub fn org(id: &str) -> Place {
        Place {
            kind: Kind::Org,
            id: id.to_string(),
        }
    }

    pub fn group(id: &str) -> Place {
        Place {
            kind: Kind::Group,
            id: id.to_string(),
        }
    }

    /// "organization ID" or "project ID", for details.
    fn named(&self) -> String {
        match self.kind {
            Kind::Org => format!("organization {}", self.id),
            Kind::Group => format!("project {}", self.id),
        }
    }
}

/// Where a person stands in a place, for createOrgUser and addGroupUsers.
#[derive(Debug, PartialEq, Eq)]
pub enum Standing {
    /// Not a member there.
    Absent,
    /// A PENDING or ACTIVE member: a new invitation is a conflict.
    Live,
    /// An INVITATION_EXPIRED or INVITATION_REJECTED member: a new invitation replaces them.
    Lapsed,
}

/// Every person, in creation order (the order of every list), and what the test declared.
#[derive(Default)]
pub struct People {
    pub all: Vec<Person>,
    /// Project id to the organization it belongs to, where the test declared it.
    projects: BTreeMap<String, String>,
    /// Usernames that exist in every organization and project (`Mock::exists`): 409 from
    /// every create, a stub member in username lookups.
    everywhere: Vec<String>,
    /// People who appear once more authorized API requests than their count were seen.
    arrivals: Vec<(usize, Person)>,
    /// Authorized API requests seen so far.
    seen: usize,
    /// People seeded so far: their ids count up from it.
    seeds: u32,
}

impl People {
    /// Adds a person with these memberships and status; returns their id.
    pub fn seed(&mut self, username: &str, m: Memberships, status: Status) -> String {
        let p = self.seeded(username, m, status);
        let id = p.id.clone();
        self.all.push(p);
        id
    }

    /// Adds a person once more than `n` authorized API requests were seen; returns the id
    /// they will have.
    pub fn seed_after(&mut self, n: usize, username: &str, m: Memberships, s: Status) -> String {
        let p = self.seeded(username, m, s);
        let id = p.id.clone();
        self.arrivals.push((n, p));
        self.arrive();
        id
    }

    fn seeded(&mut self, username: &str, m: Memberships, status: Status) -> Person {
        self.seeds += 1;
        let id = format!("5e0000000000000000{:06x}", 15 + self.seeds);
        Person::new(id, username, m, status)
    }

    /// Counts an authorized API request; people due now arrive.
    pub fn tick(&mut self) {
        self.seen += 1;
        self.arrive();
    }

    fn arrive(&mut self) {
        let seen = self.seen;
        let (due, later) = std::mem::take(&mut self.arrivals)
            .into_iter()
            .partition(|(n, _)| *n < seen);
        self.arrivals = later;
        self.all.extend(due.into_iter().map(|(_, p)| p));
    }

    /// Declares that `project` belongs to `org`.
    pub fn declare(&mut self, project: &str, org: &str) {
        self.projects.insert(project.to_string(), org.to_string());
    }

    /// Makes `username` exist in every organization and project.
    pub fn add_everywhere(&mut self, username: &str) {
        self.everywhere.push(username.to_string());
    }

    /// Whether `username` was declared to exist everywhere.
    pub fn exists_everywhere(&self, username: &str) -> bool {
        self.everywhere
            .iter()
            .any(|u| u.eq_ignore_ascii_case(username))
    }

    /// The first person called `username` (case-insensitive).
    pub fn named(&self, username: &str) -> Option<&Person> {
        self.all
            .iter()
            .find(|p| p.username.eq_ignore_ascii_case(username))
    }

    /// The organization `project` was declared to belong to.
    fn org_of(&self, project: &str) -> Option<&str> {
        self.projects.get(project).map(String::as_str)
    }

    /// Whether `project` may be shown under `org`: it belongs there, or nobody said where.
    fn shown_under(&self, project: &str, org: &str) -> bool {
        self.org_of(project).is_none_or(|o| o == org)
    }

    /// The person's status in `place` (a project's is its organization's, when declared).
    pub fn status_at(&self, p: &Person, place: &Place) -> Status {
        match place.kind {
            Kind::Org => p.status_in(&place.id),
            Kind::Group => self.org_of(&place.id).map_or(p.status, |o| p.status_in(o)),
        }
    }

    /// Where the person stands in `place`.
    pub fn standing(&self, p: &Person, place: &Place) -> Standing {
        match (is_member(p, place), self.status_at(p, place).live()) {
            (true, true) => Standing::Live,
            (true, false) => Standing::Lapsed,
            // A project's organization invitation lapsed: a new one replaces it.
            (false, false) if place.kind == Kind::Group => Standing::Lapsed,
            (false, _) => Standing::Absent,
        }
    }

    /// The index of the PENDING or ACTIVE member `id` of `place`, or the 404 to answer.
    pub fn member(&self, id: &str, place: &Place) -> Result<usize, Reply> {
        let i = self.index_of_id(id)?;
        let p = &self.all[i];
        if !is_member(p, place) || !self.status_at(p, place).live() {
            return Err(Reply::error(
                404,
                "USER_NOT_FOUND",
                &format!(
                    "No pending or active user with ID {id} in {}.",
                    place.named()
                ),
            ));
        }
        Ok(i)
    }

    /// The index of the person `id`, or the 404 to answer.
    fn index_of_id(&self, id: &str) -> Result<usize, Reply> {
        self.all.iter().position(|p| p.id == id).ok_or_else(|| {
            Reply::error(
                404,
                "USER_NOT_FOUND",
                &format!("No user with ID {id} exists."),
            )
        })
    }

    /// The person's OrgUserResponse or GroupUserResponse for `place`.
    pub fn answer(&self, p: &Person, place: &Place) -> String {
        let status = self.status_at(p, place);
        let roles = match place.kind {
            Kind::Org => self.org_roles(p, &place.id),
            Kind::Group => format!(
                "[{}]",
                list(p.m.groups.get(&place.id).map_or(&[][..], |r| r))
            ),
        };
        format!(
            r#"{{"id":"{}","orgMembershipStatus":"{}","roles":{roles},"username":{}{}}}"#,
            p.id,
            status.as_str(),
            quote(&p.username),
            status_fields(status)
        )
    }

    /// OrgUserResponse's roles and teamIds for `org`: its org roles and teams, and the
    /// roles in every project shown under it.
    fn org_roles(&self, p: &Person, org: &str) -> String {
        let (roles, teams) = p.m.orgs.get(org).cloned().unwrap_or_default();
        let groups: Vec<String> =
            p.m.groups
                .iter()
                .filter(|(g, _)| self.shown_under(g, org))
                .map(|(g, r)| format!(r#"{{"groupId":"{g}","groupRoles":[{}]}}"#, list(r)))
                .collect();
        format!(
            r#"{{"groupRoleAssignments":[{}],"orgRoles":[{}]}},"teamIds":[{}]"#,
            groups.join(","),
            list(&roles),
            list(&teams)
        )
    }
}

/// Whether the person is a member of `place`, whatever their status.
pub fn is_member(p: &Person, place: &Place) -> bool {
    match place.kind {
        Kind::Org => p.m.orgs.contains_key(&place.id),
        Kind::Group => p.m.groups.contains_key(&place.id),
    }
}

/// The fields a status adds to an answer: an invitation's for the pending and lapsed,
/// the account's for the active (OrgPendingUserResponse, OrgActiveUserResponse).
fn status_fields(status: Status) -> &'static str {
    match status {
        Status::Pending => {
            r#","invitationCreatedAt":"2026-08-10T03:07:30Z","invitationExpiresAt":"2026-09-09T03:07:30Z","inviterUsername":"admin@example.com""#
        }
        Status::InvitationExpired => {
            r#","invitationCreatedAt":"2026-05-01T03:07:30Z","invitationExpiresAt":"2026-05-31T03:07:30Z","inviterUsername":"admin@example.com""#
        }
        Status::InvitationRejected => {
            r#","invitationCreatedAt":"2026-05-01T03:07:30Z","invitationExpiresAt":null,"inviterUsername":"admin@example.com""#
        }
        Status::Active => {
            r#","createdAt":"2026-03-02T10:00:00Z","firstName":"Known","lastName":"User""#
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const O1: &str = "5dd56c847a3e5a1f363d424d";
    const O2: &str = "5dd56c847a3e5a1f363d424e";
    const P1: &str = "5f71e5255afec75a3d0f96dc";
    const P2: &str = "5f71e5255afec75a3d0f96dd";

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    /// A member of O1 (ORG_MEMBER) and of P1 and P2 (GROUP_OWNER).
    pub fn member() -> Memberships {
        Memberships {
            orgs: BTreeMap::from([(O1.to_string(), (v(&["ORG_MEMBER"]), Vec::new()))]),
            groups: BTreeMap::from([
                (P1.to_string(), v(&["GROUP_OWNER"])),
                (P2.to_string(), v(&["GROUP_OWNER"])),
            ]),
        }
    }

    #[test]
    fn an_organization_shows_its_own_projects_once_declared() {
        let mut people = People::default();
        people.seed("a@example.com", member(), Status::Active);
        let p = people.all[0].clone();
        let both = people.answer(&p, &Place::org(O1));
        assert!(both.contains(P1) && both.contains(P2), "{both}");
        people.declare(P2, O2);
        let one = people.answer(&p, &Place::org(O1));
        assert!(one.contains(P1) && !one.contains(P2), "{one}");
        assert!(one.contains(r#""createdAt":"#), "the active fields: {one}");
    }

    #[test]
    fn statuses_are_per_organization_and_projects_follow_theirs() {
        let mut people = People::default();
        people.seed("a@example.com", member(), Status::Active);
        people.declare(P1, O1);
        people.all[0]
            .statuses
            .insert(O1.into(), Status::InvitationRejected);
        let p = people.all[0].clone();
        assert_eq!(
            people.status_at(&p, &Place::group(P1)),
            Status::InvitationRejected
        );
        assert_eq!(people.status_at(&p, &Place::group(P2)), Status::Active);
        let answer = people.answer(&p, &Place::org(O1));
        assert!(answer.contains(r#""invitationExpiresAt":null"#), "{answer}");
        assert_eq!(people.standing(&p, &Place::org(O1)), Standing::Lapsed);
        assert_eq!(people.standing(&p, &Place::org(O2)), Standing::Absent);
        assert_eq!(people.standing(&p, &Place::group(P2)), Standing::Live);
    }

    #[test]
    fn late_people_arrive_after_their_request() {
        let mut people = People::default();
        let id = people.seed_after(2, "late@example.com", member(), Status::Pending);
        people.tick();
        people.tick();
        assert!(people.named("late@example.com").is_none());
        people.tick();
        assert_eq!(people.named("late@example.com").unwrap().id, id);
        let first = people.seed("first@example.com", member(), Status::Active);
        assert_eq!(
            (id.as_str(), first.as_str()),
            ("5e0000000000000000000010", "5e0000000000000000000011")
        );
    }
}
