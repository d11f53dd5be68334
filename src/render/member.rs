//! A membership created through the 2025-02-19 endpoints, as the Go SDK's
//! `admin.OrgUserResponse` and `admin.GroupUserResponse` would print it: `-o json` is Go's
//! `MarshalIndent` of the struct (fields in declaration order, pointers `omitempty`),
//! json-path sees those JSON names, and templates see the Go names (`{{.Id}}`,
//! `{{.Username}}`, `{{.OrgMembershipStatus}}`, `{{.Roles.OrgRoles}}` ...).

use miniserde::json::Value;

use super::gotime::GoTime;
use super::template::V;
use crate::api::members::{GroupRoles, Member, OrgRoles, Person, Roles};
use crate::json::Writer;

/// The member as indented JSON (no final newline).
pub(crate) fn json(m: &Member) -> String {
    let mut w = Writer::new(2);
    w.open('{');
    w.field("id", m.id.as_deref().unwrap_or_default());
    w.field(
        "orgMembershipStatus",
        m.org_membership_status.as_deref().unwrap_or_default(),
    );
    w.key("roles");
    match &m.roles {
        Roles::Org(r) => {
            w.open('{');
            if let Some(list) = &r.group_role_assignments {
                w.key("groupRoleAssignments");
                w.open('[');
                for a in list {
                    w.open('{');
                    opt(&mut w, "groupId", &a.group_id);
                    strings(&mut w, "groupRoles", &a.group_roles);
                    w.close('}');
                }
                w.close(']');
            }
            strings(&mut w, "orgRoles", &r.org_roles);
            w.close('}');
        }
        // A nil []string without omitempty encodes as null.
        Roles::Group(None) => w.raw("null"),
        Roles::Group(roles) => w.strings(roles.as_deref().unwrap_or_default()),
    }
    if matches!(m.roles, Roles::Org(_)) {
        strings(&mut w, "teamIds", &m.team_ids);
    }
    w.field("username", m.username.as_deref().unwrap_or_default());
    let p = &m.person;
    let time = |v: &Option<String>| v.as_deref().and_then(GoTime::parse).map(|t| t.rfc3339());
    opt(
        &mut w,
        "invitationCreatedAt",
        &time(&p.invitation_created_at),
    );
    opt(
        &mut w,
        "invitationExpiresAt",
        &time(&p.invitation_expires_at),
    );
    opt(&mut w, "inviterUsername", &p.inviter_username);
    opt(&mut w, "country", &p.country);
    opt(&mut w, "createdAt", &time(&p.created_at));
    opt(&mut w, "firstName", &p.first_name);
    opt(&mut w, "lastAuth", &time(&p.last_auth));
    opt(&mut w, "lastName", &p.last_name);
    opt(&mut w, "mobileNumber", &p.mobile_number);
    w.close('}');
    w.finish()
}

/// An `omitempty` pointer field.
fn opt(w: &mut Writer, key: &str, v: &Option<String>) {
    if let Some(v) = v {
        w.field(key, v);
    }
}

/// An `omitempty` pointer to a slice of strings.
fn strings(w: &mut Writer, key: &str, v: &Option<Vec<String>>) {
    if let Some(items) = v {
        w.key(key);
        w.strings(items);
    }
}

/// The member as the JSON value json-path runs on.
pub(crate) fn json_value(m: &Member) -> Value {
    miniserde::json::from_str(&json(m)).unwrap_or(Value::Null)
}

/// The member as the SDK's Go struct, behind a pointer as the CLI would hold it.
pub(crate) fn go_value(m: &Member) -> V {
    let assignment = |a: &GroupRoles| V::Struct {
        ty: "admin.GroupRoleAssignment",
        fields: vec![
            ("GroupId", V::opt_str(&a.group_id)),
            ("GroupRoles", V::opt_strings(&a.group_roles)),
            V::null_fields(),
        ],
    };
    let org_roles = |r: &OrgRoles| V::Struct {
        ty: "admin.OrgUserRolesResponse",
        fields: vec![
            (
                "GroupRoleAssignments",
                match &r.group_role_assignments {
                    Some(list) => V::ptr(V::slice(
                        list.iter().map(assignment).collect(),
                        "admin.GroupRoleAssignment",
                    )),
                    None => V::nil_ptr(V::nil_slice("admin.GroupRoleAssignment")),
                },
            ),
            ("OrgRoles", V::opt_strings(&r.org_roles)),
            V::null_fields(),
        ],
    };
    let text = |v: &Option<String>| V::Str(v.clone().unwrap_or_default());
    let mut fields = vec![
        ("Id", text(&m.id)),
        ("OrgMembershipStatus", text(&m.org_membership_status)),
    ];
    let ty = match &m.roles {
        Roles::Org(r) => {
            fields.push(("Roles", org_roles(r)));
            fields.push(("TeamIds", V::opt_strings(&m.team_ids)));
            "admin.OrgUserResponse"
        }
        Roles::Group(r) => {
            let roles = match r {
                Some(items) => V::strings(items),
                None => V::nil_slice("string"),
            };
            fields.push(("Roles", roles));
            "admin.GroupUserResponse"
        }
    };
    let p = &m.person;
    fields.extend([
        ("Username", text(&m.username)),
        ("InvitationCreatedAt", V::opt_time(&p.invitation_created_at)),
        ("InvitationExpiresAt", V::opt_time(&p.invitation_expires_at)),
        ("InviterUsername", V::opt_str(&p.inviter_username)),
        ("Country", V::opt_str(&p.country)),
        ("CreatedAt", V::opt_time(&p.created_at)),
        ("FirstName", V::opt_str(&p.first_name)),
        ("LastAuth", V::opt_time(&p.last_auth)),
        ("LastName", V::opt_str(&p.last_name)),
        ("MobileNumber", V::opt_str(&p.mobile_number)),
        V::null_fields(),
    ]);
    V::ptr(V::Struct { ty, fields })
}

/// Answers of both shapes with no field set: with `samples`, the two ends a format is
/// tried on before sending.
pub(crate) fn empty_samples() -> [Member; 2] {
    let org = Member {
        id: None,
        org_membership_status: None,
        roles: Roles::Org(OrgRoles::default()),
        team_ids: None,
        username: None,
        person: Person::default(),
    };
    let group = Member {
        roles: Roles::Group(None),
        ..org.clone()
    };
    [org, group]
}

/// Answers of both shapes with every field set, for trying formats before sending.
pub(crate) fn samples() -> [Member; 2] {
    let s = |v: &str| Some(v.to_string());
    let list = |v: &[&str]| Some(v.iter().map(|x| x.to_string()).collect::<Vec<_>>());
    let person = Person {
        invitation_created_at: s("2026-08-10T03:07:30Z"),
        invitation_expires_at: s("2026-09-09T03:07:30Z"),
        inviter_username: s("admin@example.com"),
        country: s("US"),
        created_at: s("2026-08-10T03:07:30Z"),
        first_name: s("Example"),
        last_auth: s("2026-08-10T03:07:30Z"),
        last_name: s("User"),
        mobile_number: s("+1 555 0100"),
    };
    let assignment = || GroupRoles {
        group_id: s("5f71e5255afec75a3d0f96dc"),
        group_roles: list(&["GROUP_READ_ONLY", "GROUP_OWNER"]),
    };
    let org = Member {
        id: s("6a7940722c88faeba59bf927"),
        org_membership_status: s("PENDING"),
        roles: Roles::Org(OrgRoles {
            group_role_assignments: Some(vec![assignment(), assignment()]),
            org_roles: list(&["ORG_MEMBER", "ORG_READ_ONLY"]),
        }),
        team_ids: list(&["66b6d8e2a1b2c3d4e5f60719", "66b6d8e2a1b2c3d4e5f6071a"]),
        username: s("user@example.com"),
        person: person.clone(),
    };
    let group = Member {
        roles: Roles::Group(list(&["GROUP_READ_ONLY", "GROUP_OWNER"])),
        team_ids: None,
        ..org.clone()
    };
    [org, group]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::members::Target;

    #[test]
    fn pending_answers_print_as_go_marshal_indent() {
        let org = Member::decode(
            &Target::Org("o".into()),
            r#"{"id":"6a7940722c88faeba59bf927","orgMembershipStatus":"PENDING","roles":{"orgRoles":["ORG_MEMBER"]},"username":"u@example.com","invitationCreatedAt":"2026-08-10T03:07:30Z","invitationExpiresAt":"2026-09-09T03:07:30Z","inviterUsername":"admin@example.com"}"#,
        )
        .unwrap();
        assert_eq!(
            json(&org),
            r#"{
  "id": "6a7940722c88faeba59bf927",
  "orgMembershipStatus": "PENDING",
  "roles": {
    "orgRoles": [
      "ORG_MEMBER"
    ]
  },
  "username": "u@example.com",
  "invitationCreatedAt": "2026-08-10T03:07:30Z",
  "invitationExpiresAt": "2026-09-09T03:07:30Z",
  "inviterUsername": "admin@example.com"
}"#
        );
        let group = Member::decode(
            &Target::Group("g".into()),
            r#"{"id":"x","orgMembershipStatus":"PENDING","roles":["GROUP_OWNER"],"username":"u@example.com"}"#,
        )
        .unwrap();
        assert_eq!(
            json(&group),
            "{\n  \"id\": \"x\",\n  \"orgMembershipStatus\": \"PENDING\",\n  \"roles\": [\n    \"GROUP_OWNER\"\n  ],\n  \"username\": \"u@example.com\"\n}"
        );
    }
}
