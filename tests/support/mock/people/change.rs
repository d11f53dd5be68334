//! The calls that change one member: the additions (addOrgUserRole, addGroupUserRole,
//! addOrgTeamUser) and the removals (removeOrgUserRole, removeGroupUserRole,
//! removeOrgTeamUser, removeOrgUser, removeGroupUser). They act on PENDING and ACTIVE
//! members and refuse what Atlas refuses: a role twice, a user's last role.

use miniserde::json::{self, Value};

use super::super::wire::Reply;
use super::{is_member, Kind, People, Place};

/// What a call changes, parsed from its path.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// addOrgUserRole or addGroupUserRole (`add`), removeOrgUserRole or
    /// removeGroupUserRole: the role in the body.
    Role {
        place: Place,
        user: String,
        add: bool,
    },
    /// addOrgTeamUser (`add`) or removeOrgTeamUser: the user id in the body.
    Team {
        org: String,
        team: String,
        add: bool,
    },
    /// removeOrgUser or removeGroupUser.
    Leave { place: Place, user: String },
}

/// The one string field `key` of a body that must hold nothing else.
fn only(body: &str, key: &str) -> Result<String, Reply> {
    let bad = || {
        Reply::error(
            400,
            "INVALID_ATTRIBUTE",
            &format!("The body must be {{\"{key}\": ...}} alone."),
        )
    };
    let Ok(Value::Object(o)) = json::from_str::<Value>(body) else {
        return Err(bad());
    };
    match o.get(key) {
        Some(Value::String(v)) if o.len() == 1 => Ok(v.clone()),
        _ => Err(bad()),
    }
}

impl People {
    /// Applies `change` with `body`: the answer body (empty for a removal of a member).
    pub fn change(&mut self, change: &Change, body: &str) -> Result<String, Reply> {
        match change {
            Change::Role { place, user, add } => self.role(place, user, body, *add),
            Change::Team { org, team, add } => self.team(org, team, body, *add),
            Change::Leave { place, user } => self.leave(place, user).map(|()| String::new()),
        }
    }

    fn role(&mut self, place: &Place, user: &str, body: &str, add: bool) -> Result<String, Reply> {
        let (key, prefix, what) = match place.kind {
            Kind::Org => ("orgRole", "ORG_", "an organization role"),
            Kind::Group => ("groupRole", "GROUP_", "a project role"),
        };
        let role = only(body, key)?;
        if !role.starts_with(prefix) {
            let detail = format!("{role} is not {what}.");
            return Err(Reply::error(400, "INVALID_ATTRIBUTE", &detail));
        }
        let i = self.member(user, place)?;
        let m = &mut self.all[i].m;
        let roles = match place.kind {
            Kind::Org => &mut m.orgs.get_mut(&place.id).expect("a member").0,
            Kind::Group => m.groups.get_mut(&place.id).expect("a member"),
        };
        match (add, roles.iter().position(|r| *r == role)) {
            (true, Some(_)) => {
                let detail = format!("The user already has {role}.");
                return Err(Reply::error(409, "USER_ALREADY_HAS_ROLE", &detail));
            }
            (true, None) => roles.push(role),
            (false, None) => {
                let detail = format!("The user does not have {role} in {}.", place.named());
                return Err(Reply::error(404, "RESOURCE_NOT_FOUND", &detail));
            }
            (false, Some(_)) if roles.len() == 1 => {
                let detail = format!("A user must have at least one role at all times: {role} is the last role of the user in {}; add another role first, or remove the user.", place.named());
                return Err(Reply::error(400, "CANNOT_REMOVE_LAST_ROLE", &detail));
            }
            (false, Some(k)) => {
                roles.remove(k);
            }
        }
        Ok(self.answer(&self.all[i], place))
    }

    fn team(&mut self, org: &str, team: &str, body: &str, add: bool) -> Result<String, Reply> {
        let id = only(body, "id")?;
        let place = Place::org(org);
        let i = match add {
            true => self.in_org(&id, &place)?,
            false => self.member(&id, &place)?,
        };
        let teams = &mut self.all[i].m.orgs.get_mut(org).expect("a member").1;
        match (add, teams.iter().position(|t| t == team)) {
            (true, Some(_)) => {
                let detail = "The user is in the team already.";
                return Err(Reply::error(400, "USER_ALREADY_IN_TEAM", detail));
            }
            (true, None) => teams.push(team.to_string()),
            (false, None) => {
                let detail = format!("The user {id} is not in team {team}.");
                return Err(Reply::error(404, "USER_NOT_FOUND", &detail));
            }
            (false, Some(k)) => {
                teams.remove(k);
            }
        }
        Ok(self.answer(&self.all[i], &place))
    }

    /// The member `id` of `org` for addOrgTeamUser: 404 for nobody, 400 USER_NOT_IN_ORG
    /// for someone not (or no longer) a PENDING or ACTIVE member.
    fn in_org(&self, id: &str, org: &Place) -> Result<usize, Reply> {
        let i = self.index_of_id(id)?;
        let p = &self.all[i];
        if is_member(p, org) && self.status_at(p, org).live() {
            return Ok(i);
        }
        let detail = format!(
            "The user {id} does not belong to {}: invite them to it first.",
            org.named()
        );
        Err(Reply::error(400, "USER_NOT_IN_ORG", &detail))
    }

    /// Removes the member `user` from `place`: from an organization with its teams and the
    /// projects declared to belong to it.
    fn leave(&mut self, place: &Place, user: &str) -> Result<(), Reply> {
        let i = self.member(user, place)?;
        let org_of = self.projects.clone();
        let p = &mut self.all[i];
        match place.kind {
            Kind::Org => {
                p.m.orgs.remove(&place.id);
                p.statuses.remove(&place.id);
                p.m.groups.retain(|g, _| org_of.get(g) != Some(&place.id));
            }
            Kind::Group => {
                p.m.groups.remove(&place.id);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::member;
    use super::super::Status;
    use super::*;

    const O1: &str = "5dd56c847a3e5a1f363d424d";
    const P1: &str = "5f71e5255afec75a3d0f96dc";
    const P2: &str = "5f71e5255afec75a3d0f96dd";
    const T1: &str = "66b6d8e2a1b2c3d4e5f60719";

    fn store() -> (People, String) {
        let mut people = People::default();
        let mut m = member();
        m.orgs.get_mut(O1).unwrap().1.push(T1.into());
        let id = people.seed("a@example.com", m, Status::Active);
        people.declare(P1, O1);
        (people, id)
    }

    #[test]
    fn leaving_an_organization_takes_its_teams_and_declared_projects() {
        let (mut people, id) = store();
        let leave = Change::Leave {
            place: Place::org(O1),
            user: id.clone(),
        };
        assert_eq!(people.change(&leave, "").unwrap(), "");
        let m = &people.all[0].m;
        assert!(m.orgs.is_empty());
        assert_eq!(
            m.groups.keys().collect::<Vec<_>>(),
            [P2],
            "P2 was not declared"
        );
        assert_eq!(people.change(&leave, "").unwrap_err().status, 404);
    }

    #[test]
    fn the_last_role_stays_and_a_missing_one_is_not_found() {
        let (mut people, id) = store();
        let role = |add| Change::Role {
            place: Place::org(O1),
            user: id.clone(),
            add,
        };
        let body = r#"{"orgRole":"ORG_MEMBER"}"#;
        let last = people.change(&role(false), body).unwrap_err();
        assert_eq!(
            (last.status, last.body.contains("CANNOT_REMOVE_LAST_ROLE")),
            (400, true)
        );
        people
            .change(&role(true), r#"{"orgRole":"ORG_OWNER"}"#)
            .unwrap();
        let answer = people.change(&role(false), body).unwrap();
        assert!(answer.contains(r#""orgRoles":["ORG_OWNER"]"#), "{answer}");
        assert_eq!(people.change(&role(false), body).unwrap_err().status, 404);
        let extra = people.change(&role(false), r#"{"orgRole":"ORG_OWNER","x":1}"#);
        assert_eq!(extra.unwrap_err().status, 400);
    }

    #[test]
    fn teams_take_live_members_only() {
        let (mut people, id) = store();
        let team = |add| Change::Team {
            org: O1.into(),
            team: T1.into(),
            add,
        };
        let body = format!(r#"{{"id":"{id}"}}"#);
        let answer = people.change(&team(false), &body).unwrap();
        assert!(answer.contains(r#""teamIds":[]"#), "{answer}");
        assert_eq!(people.change(&team(false), &body).unwrap_err().status, 404);
        people.all[0].status = Status::InvitationExpired;
        let lapsed = people.change(&team(true), &body).unwrap_err();
        assert_eq!(
            (lapsed.status, lapsed.body.contains("USER_NOT_IN_ORG")),
            (400, true)
        );
    }
}
