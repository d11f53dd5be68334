//! createOrgUser and addGroupUsers: the body checked against OrgUserRequest and
//! GroupUserRequest, then a new person, a new membership for a known one, a 409 for a
//! PENDING or ACTIVE member, or a lapsed (expired or rejected) member replaced.

use std::collections::BTreeMap;

use miniserde::json::{self, Object, Value};

use super::super::wire::{hex24, Reply};
use super::{is_member, Kind, Memberships, People, Person, Place, Standing, Status};

/// A failed check of the body: 400 INVALID_ATTRIBUTE with this detail.
fn invalid(why: &str) -> Reply {
    Reply::error(400, "INVALID_ATTRIBUTE", why)
}

/// The body as an object and its `username`, an e-mail address.
pub fn requested_user(body: &str) -> Result<(Object, String), Reply> {
    let Ok(Value::Object(body)) = json::from_str::<Value>(body) else {
        return Err(invalid("Malformed JSON."));
    };
    let username = match body.get("username") {
        Some(Value::String(u)) if u.contains('@') => u.clone(),
        Some(Value::String(_)) => return Err(invalid("username must be an email address.")),
        _ => return Err(invalid("username is required.")),
    };
    Ok((body, username))
}

/// The memberships the body asks for in `place`.
pub fn requested_memberships(body: &Object, place: &Place) -> Result<Memberships, Reply> {
    let mut m = Memberships::default();
    if place.kind == Kind::Group {
        if body.keys().any(|k| k != "username" && k != "roles") {
            return Err(invalid("Unknown field in GroupUserRequest."));
        }
        let roles = strings(body.get("roles"), "GROUP_")
            .ok_or_else(|| invalid("roles needs at least one project role."))?;
        m.groups.insert(place.id.clone(), roles);
        return Ok(m);
    }
    let allowed = ["username", "roles", "teamIds"];
    if body.keys().any(|k| !allowed.contains(&k.as_str())) {
        return Err(invalid("Unknown field in OrgUserRequest."));
    }
    let Some(Value::Object(roles)) = body.get("roles") else {
        return Err(invalid("roles is required."));
    };
    let org_roles = strings(roles.get("orgRoles"), "ORG_")
        .ok_or_else(|| invalid("roles.orgRoles needs at least one organization role."))?;
    m.groups = assignments(roles.get("groupRoleAssignments"))?;
    m.orgs.insert(
        place.id.clone(),
        (org_roles, team_ids(body.get("teamIds"))?),
    );
    Ok(m)
}

/// A non-empty array of strings that all start with `prefix`.
fn strings(v: Option<&Value>, prefix: &str) -> Option<Vec<String>> {
    let Some(Value::Array(items)) = v else {
        return None;
    };
    let out: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Value::String(s) if s.starts_with(prefix) => Some(s.clone()),
            _ => None,
        })
        .collect();
    (out.len() == items.len() && !out.is_empty()).then_some(out)
}

/// OrgUserRolesRequest.groupRoleAssignments: project id to roles.
fn assignments(v: Option<&Value>) -> Result<BTreeMap<String, Vec<String>>, Reply> {
    let mut out = BTreeMap::new();
    let items = match v {
        None => return Ok(out),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(invalid("groupRoleAssignments must be an array.")),
    };
    for item in items {
        let Value::Object(a) = item else {
            return Err(invalid("groupRoleAssignments holds objects."));
        };
        let group = match a.get("groupId") {
            Some(Value::String(g)) if hex24(g) => g.clone(),
            _ => return Err(invalid("groupId must be 24 hexadecimal digits.")),
        };
        let roles = strings(a.get("groupRoles"), "GROUP_")
            .ok_or_else(|| invalid("groupRoles needs project roles."))?;
        out.insert(group, roles);
    }
    Ok(out)
}

/// OrgUserRequest.teamIds: unique 24-hexadecimal team ids.
fn team_ids(v: Option<&Value>) -> Result<Vec<String>, Reply> {
    let items = match v {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(invalid("teamIds must be an array.")),
    };
    let ids: Vec<String> = items
        .iter()
        .filter_map(|i| match i {
            Value::String(s) if hex24(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let unique = ids.iter().enumerate().all(|(i, t)| !ids[..i].contains(t));
    if ids.len() != items.len() || ids.is_empty() || !unique {
        return Err(invalid("teamIds must be unique 24-hexadecimal team ids."));
    }
    Ok(ids)
}

impl People {
    /// Invites `username` to `place` with `asked`: 409 for a PENDING or ACTIVE member
    /// there; a lapsed one is replaced (a new id from `new_id`, PENDING, the memberships
    /// there as asked); anyone else joins. The answer for `place`.
    pub fn invite(
        &mut self,
        username: &str,
        place: &Place,
        asked: Memberships,
        new_id: impl FnOnce() -> String,
    ) -> Result<String, Reply> {
        if self.exists_everywhere(username) {
            return Err(conflict(username));
        }
        let found = self
            .all
            .iter()
            .position(|p| p.username.eq_ignore_ascii_case(username));
        let i = match found {
            None => {
                let p = Person::new(new_id(), username, Memberships::default(), Status::Pending);
                self.all.push(p);
                self.all.len() - 1
            }
            Some(i) => match self.standing(&self.all[i], place) {
                Standing::Live => return Err(conflict(username)),
                Standing::Lapsed => {
                    self.forget(i, place);
                    self.all[i].id = new_id();
                    i
                }
                Standing::Absent => i,
            },
        };
        self.join(i, place, asked);
        Ok(self.answer(&self.all[i], place))
    }

    /// Drops a replaced member's memberships in `place` (for an organization, also its
    /// declared projects).
    fn forget(&mut self, i: usize, place: &Place) {
        let org_of = self.projects.clone();
        let m = &mut self.all[i].m;
        match place.kind {
            Kind::Org => {
                m.orgs.remove(&place.id);
                m.groups.retain(|g, _| org_of.get(g) != Some(&place.id));
            }
            Kind::Group => {
                m.groups.remove(&place.id);
            }
        }
    }

    /// Adds `asked` to person `i`, PENDING wherever this invitation is new: the
    /// organization, or a project's declared organization when they were not a live
    /// member of it (addGroupUsers then invites to the organization too, as ORG_MEMBER).
    fn join(&mut self, i: usize, place: &Place, asked: Memberships) {
        let org = match place.kind {
            Kind::Org => Some(place.id.clone()),
            Kind::Group => self.org_of(&place.id).map(str::to_string),
        };
        let p = &mut self.all[i];
        p.m.groups.extend(asked.groups);
        p.m.orgs.extend(asked.orgs);
        match org {
            Some(o) if place.kind == Kind::Org || !is_member(p, &Place::org(&o)) => {
                p.m.orgs
                    .entry(o.clone())
                    .or_insert_with(|| (vec!["ORG_MEMBER".to_string()], Vec::new()));
                p.statuses.insert(o, Status::Pending);
            }
            Some(o) if !p.status_in(&o).live() => {
                p.statuses.insert(o, Status::Pending);
            }
            Some(_) => {}
            None if !p.status.live() => p.status = Status::Pending,
            None => {}
        }
    }
}

/// The 409 for a PENDING or ACTIVE user.
fn conflict(username: &str) -> Reply {
    Reply::error(
        409,
        "USER_ALREADY_EXISTS",
        &format!("A pending or active user with username {username} already exists."),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::member;
    use super::*;

    const O1: &str = "5dd56c847a3e5a1f363d424d";
    const P1: &str = "5f71e5255afec75a3d0f96dc";
    const T1: &str = "66b6d8e2a1b2c3d4e5f60719";

    fn asked(body: &str, place: &Place) -> Memberships {
        let (body, _) = requested_user(body).unwrap();
        requested_memberships(&body, place).unwrap()
    }

    #[test]
    fn a_lapsed_member_is_replaced_and_a_live_one_is_a_conflict() {
        let mut people = People::default();
        let mut m = member();
        m.orgs.get_mut(O1).unwrap().1.push(T1.into());
        let old = people.seed("a@example.com", m, Status::InvitationExpired);
        people.declare(P1, O1);
        let o1 = Place::org(O1);
        let body = r#"{"username":"a@example.com","roles":{"orgRoles":["ORG_READ_ONLY"]}}"#;
        let answer = people
            .invite("a@example.com", &o1, asked(body, &o1), || {
                "6a7940722c88faeba59b0001".into()
            })
            .unwrap();
        let p = &people.all[0];
        assert_ne!(p.id, old);
        assert_eq!(p.id, "6a7940722c88faeba59b0001");
        assert_eq!(p.status_in(O1), Status::Pending);
        assert_eq!(
            p.m.orgs[O1],
            (vec!["ORG_READ_ONLY".to_string()], Vec::new())
        );
        assert!(
            !p.m.groups.contains_key(P1),
            "the declared project went with it"
        );
        assert!(
            answer.contains(r#""orgMembershipStatus":"PENDING""#),
            "{answer}"
        );
        assert_eq!(people.all.len(), 1, "replaced, not added");
        let again = people.invite("a@example.com", &o1, asked(body, &o1), || unreachable!());
        assert_eq!(again.unwrap_err().status, 409);
    }

    #[test]
    fn a_project_invitation_of_a_declared_project_invites_to_its_organization() {
        let mut people = People::default();
        people.declare(P1, O1);
        let p1 = Place::group(P1);
        let body = r#"{"username":"b@example.com","roles":["GROUP_READ_ONLY"]}"#;
        people
            .invite("b@example.com", &p1, asked(body, &p1), || {
                "6a7940722c88faeba59b0002".into()
            })
            .unwrap();
        let p = &people.all[0];
        assert_eq!(p.m.orgs[O1].0, ["ORG_MEMBER"]);
        assert_eq!(p.status_in(O1), Status::Pending);
    }
}
