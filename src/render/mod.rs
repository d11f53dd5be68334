//! Rendering the created user in the `-o` format: the official default text, JSON,
//! JSONPath or a Go template, each byte for byte as the official CLI prints it.

pub(crate) mod gotime;
pub(crate) mod jsonpath;
pub(crate) mod member;
pub(crate) mod tabwriter;
pub(crate) mod template;

use miniserde::json::Value;

use crate::api::members::Member;
use crate::api::{AppUser, Link, RoleOut};
use crate::error::Error;
use crate::fs;
use crate::json::Writer;
use gotime::GoTime;
use jsonpath::JsonPath;
use template::{Template, V};

/// The `-o` formats.
#[derive(Debug, Clone)]
pub enum Output {
    /// The default text (also `plaintext`).
    Text,
    /// Indented JSON.
    Json,
    /// `json-path=<expr>`.
    JsonPath(JsonPath),
    /// `go-template=<text>` or `go-template-file=<path>`.
    Template(Template),
}

/// Every value -o accepts, for error messages.
pub(crate) const VALID: &str =
    "json, plaintext, json-path=<expr>, go-template=<template>, go-template-file=<path>";

impl Output {
    /// Parses an -o value; `source` names where it came from for errors. Paths and
    /// templates are compiled and tried on samples of every answer `shapes` names (the
    /// shapes the chosen API version will answer with), so a misspelt field is reported
    /// before anything is sent.
    pub fn parse_for(value: &str, source: &str, shapes: &[Shape]) -> Result<Output, Error> {
        let out = Output::compile(value, source)?;
        let [org, group] = member::samples();
        let [no_org, no_group] = member::empty_samples();
        for shape in shapes {
            let tried = match (&out, shape) {
                // A template is refused only for what fails whatever the answer.
                (Output::Template(t), Shape::User) => {
                    t.check(&go_value(&sample()), &go_value(&AppUser::default()))
                }
                (Output::Template(t), Shape::Org) => {
                    t.check(&member::go_value(&org), &member::go_value(&no_org))
                }
                (Output::Template(t), Shape::Group) => {
                    t.check(&member::go_value(&group), &member::go_value(&no_group))
                }
                (_, Shape::User) => out.render(&sample()).map(drop),
                (_, Shape::Org) => out.render_member(&org).map(drop),
                (_, Shape::Group) => out.render_member(&group).map(drop),
            };
            tried.map_err(|e| {
                Error::usage(format!(
                    "{source}: {e} (found by trying the format on a sample answer; nothing was sent)"
                ))
            })?;
        }
        Ok(out)
    }

    /// Parses an -o value without trying it.
    pub fn compile(value: &str, source: &str) -> Result<Output, Error> {
        Ok(match value.split_once('=') {
            _ if value.is_empty() || value == "plaintext" => return Ok(Output::Text),
            _ if value == "json" => return Ok(Output::Json),
            Some(("json-path", expr)) => {
                Output::JsonPath(JsonPath::parse(expr).map_err(|e| e.context(source))?)
            }
            Some(("go-template", text)) => {
                Output::Template(Template::parse(text).map_err(|e| e.context(source))?)
            }
            Some(("go-template-file", path)) => {
                let bytes = fs::read(std::path::Path::new(path)).map_err(|e| {
                    Error::usage(format!(
                        "{source}: error loading template: {path}, open {path}: {}",
                        e.phrase()
                    ))
                })?;
                let text = String::from_utf8_lossy(&bytes);
                Output::Template(Template::parse(&text).map_err(|e| e.context(source))?)
            }
            _ if ["json-path", "go-template", "go-template-file"].contains(&value) => {
                return Err(Error::usage(format!(
                    "{source}: {value} needs a value: -o {value}=..."
                )));
            }
            _ => {
                return Err(Error::usage(format!(
                    "{source}: unknown output format {value:?} (valid: {VALID})"
                )))
            }
        })
    }

    /// The text printed on stdout for `user`.
    pub fn render(&self, user: &AppUser) -> Result<String, Error> {
        match self {
            // The official CLI renders this through its template writer, tabwriter included.
            Output::Text => Ok(tabwriter::align(&invited_text(
                user.username.as_deref().unwrap_or_default(),
            ))),
            Output::Json => Ok(json(user) + "\n"),
            Output::JsonPath(p) => {
                let v = p.eval(&json_value(user))?;
                let mut w = Writer::new(2);
                w.value(&v);
                Ok(w.finish() + "\n")
            }
            Output::Template(t) => t.render(&go_value(user)),
        }
    }

    /// The text printed for one membership created through the 2025-02-19 endpoints.
    pub(crate) fn render_member(&self, m: &Member) -> Result<String, Error> {
        match self {
            Output::Text => Ok(tabwriter::align(&invited_text(
                m.username.as_deref().unwrap_or_default(),
            ))),
            Output::Json => Ok(member::json(m) + "\n"),
            Output::JsonPath(p) => {
                let v = p.eval(&member::json_value(m))?;
                let mut w = Writer::new(2);
                w.value(&v);
                Ok(w.finish() + "\n")
            }
            Output::Template(t) => t.render(&member::go_value(m)),
        }
    }

    /// The text for several memberships of one run: the official two lines once, every
    /// other format once per membership, in call order.
    pub(crate) fn render_members(&self, members: &[Member]) -> Result<String, Error> {
        match (self, members.first()) {
            (Output::Text, Some(first)) => self.render_member(first),
            _ => members.iter().map(|m| self.render_member(m)).collect(),
        }
    }
}

/// The official default text; the official CLI renders it through its template writer,
/// tabwriter included.
fn invited_text(username: &str) -> String {
    format!("The user '{username}' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n")
}

/// The answers a format can be asked to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// createUser's CloudAppUser (2023-01-01).
    User,
    /// createOrgUser's OrgUserResponse (2025-02-19).
    Org,
    /// addGroupUsers' GroupUserResponse (2025-02-19).
    Group,
}

/// An answer with every field set (two of each list), for trying formats before anything
/// is sent: what fails on it fails on any answer.
pub fn sample() -> AppUser {
    let s = |v: &str| Some(v.to_string());
    let link = || Link {
        href: s("https://cloud.mongodb.com/api/atlas/v2/users/66b6d8e2a1b2c3d4e5f60718"),
        rel: s("self"),
    };
    let role = || RoleOut {
        group_id: s("5f71e5255afec75a3d0f96dc"),
        org_id: s("5dd56c847a3e5a1f363d424d"),
        role_name: s("ORG_OWNER"),
    };
    AppUser {
        country: s("US"),
        created_at: s("2026-08-10T03:07:30Z"),
        email_address: s("user@example.com"),
        first_name: s("Example"),
        id: s("66b6d8e2a1b2c3d4e5f60718"),
        last_auth: s("2026-08-10T03:07:30Z"),
        last_name: s("User"),
        links: Some(vec![link(), link()]),
        mobile_number: s("+1 555 0100"),
        roles: Some(vec![role(), role()]),
        team_ids: Some(vec![
            "66b6d8e2a1b2c3d4e5f60719".into(),
            "66b6d8e2a1b2c3d4e5f6071a".into(),
        ]),
        username: s("user@example.com"),
    }
}

/// The answer as the JSON the official CLI re-encodes (what json-path sees).
pub fn json_value(u: &AppUser) -> Value {
    miniserde::json::from_str(&json(u)).unwrap_or(Value::Null)
}

/// The answer as the official CLI's Go struct, `*admin.CloudAppUser`.
pub fn go_value(u: &AppUser) -> V {
    let text = |v: &Option<String>| V::Str(v.clone().unwrap_or_default());
    let link = |l: &Link| V::Struct {
        ty: "admin.Link",
        fields: vec![
            ("Href", V::opt_str(&l.href)),
            ("Rel", V::opt_str(&l.rel)),
            V::null_fields(),
        ],
    };
    let role = |r: &RoleOut| V::Struct {
        ty: "admin.CloudAccessRoleAssignment",
        fields: vec![
            ("GroupId", V::opt_str(&r.group_id)),
            ("OrgId", V::opt_str(&r.org_id)),
            ("RoleName", V::opt_str(&r.role_name)),
            V::null_fields(),
        ],
    };
    let links = match &u.links {
        Some(l) => V::ptr(V::slice(l.iter().map(link).collect(), "admin.Link")),
        None => V::nil_ptr(V::nil_slice("admin.Link")),
    };
    let roles = match &u.roles {
        Some(r) => V::slice(
            r.iter().map(role).collect(),
            "admin.CloudAccessRoleAssignment",
        ),
        None => V::nil_slice("admin.CloudAccessRoleAssignment"),
    };
    V::ptr(V::Struct {
        ty: "admin.CloudAppUser",
        fields: vec![
            ("Country", text(&u.country)),
            ("CreatedAt", V::opt_time(&u.created_at)),
            ("EmailAddress", text(&u.email_address)),
            ("FirstName", text(&u.first_name)),
            ("Id", V::opt_str(&u.id)),
            ("LastAuth", V::opt_time(&u.last_auth)),
            ("LastName", text(&u.last_name)),
            ("Links", links),
            ("MobileNumber", text(&u.mobile_number)),
            // Atlas never returns the password; the struct field is empty.
            ("Password", V::Str(String::new())),
            ("Roles", roles),
            ("TeamIds", V::opt_strings(&u.team_ids)),
            ("Username", text(&u.username)),
            V::null_fields(),
        ],
    })
}

/// The user as the official CLI prints it with `-o json`.
pub(crate) fn json(u: &AppUser) -> String {
    let mut w = Writer::new(2);
    let opt = |w: &mut Writer, k: &str, v: &Option<String>| {
        if let Some(v) = v {
            w.field(k, v);
        }
    };
    let time = |v: &Option<String>| v.as_deref().and_then(GoTime::parse).map(|t| t.rfc3339());
    w.open('{');
    w.field("country", u.country.as_deref().unwrap_or_default());
    opt(&mut w, "createdAt", &time(&u.created_at));
    w.field(
        "emailAddress",
        u.email_address.as_deref().unwrap_or_default(),
    );
    w.field("firstName", u.first_name.as_deref().unwrap_or_default());
    opt(&mut w, "id", &u.id);
    opt(&mut w, "lastAuth", &time(&u.last_auth));
    w.field("lastName", u.last_name.as_deref().unwrap_or_default());
    if let Some(links) = &u.links {
        w.key("links");
        w.open('[');
        for l in links {
            w.open('{');
            opt(&mut w, "href", &l.href);
            opt(&mut w, "rel", &l.rel);
            w.close('}');
        }
        w.close(']');
    }
    w.field(
        "mobileNumber",
        u.mobile_number.as_deref().unwrap_or_default(),
    );
    // Atlas never returns the password; the official CLI prints the empty field anyway.
    w.field("password", "");
    w.key("roles");
    match &u.roles {
        // A nil Go slice without omitempty encodes as null.
        None => w.raw("null"),
        Some(roles) => {
            w.open('[');
            for r in roles {
                w.open('{');
                opt(&mut w, "groupId", &r.group_id);
                opt(&mut w, "orgId", &r.org_id);
                opt(&mut w, "roleName", &r.role_name);
                w.close('}');
            }
            w.close(']');
        }
    }
    if let Some(ids) = &u.team_ids {
        w.key("teamIds");
        w.open('[');
        for id in ids {
            w.str(id);
        }
        w.close(']');
    }
    w.field("username", u.username.as_deref().unwrap_or_default());
    w.close('}');
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIVE: &str = r#"{"country":"US","createdAt":"2026-08-10T03:07:30Z","emailAddress":"user@example.com","firstName":"Example","id":"66b6d8e2a1b2c3d4e5f60718","lastName":"User","links":[{"href":"https://cloud.mongodb.com/api/atlas/v2/users/66b6d8e2a1b2c3d4e5f60718","rel":"self"}],"roles":[],"teamIds":[],"username":"user@example.com"}"#;

    #[test]
    fn json_matches_go_marshal_indent() {
        let u = AppUser::decode(LIVE).unwrap();
        assert_eq!(
            Output::Json.render(&u).unwrap(),
            r#"{
  "country": "US",
  "createdAt": "2026-08-10T03:07:30Z",
  "emailAddress": "user@example.com",
  "firstName": "Example",
  "id": "66b6d8e2a1b2c3d4e5f60718",
  "lastName": "User",
  "links": [
    {
      "href": "https://cloud.mongodb.com/api/atlas/v2/users/66b6d8e2a1b2c3d4e5f60718",
      "rel": "self"
    }
  ],
  "mobileNumber": "",
  "password": "",
  "roles": [],
  "teamIds": [],
  "username": "user@example.com"
}
"#
        );
    }

    #[test]
    fn templates_are_refused_before_sending_only_when_no_answer_avoids_the_error() {
        let refused =
            |t: &str| Output::parse_for(&format!("go-template={t}"), "-o", &[Shape::User]).is_err();
        // Go renders this on an answer with empty roles: `and` stops at the empty slice.
        assert!(!refused("{{with (and .Roles (len -7))}}x{{end}}"));
        // Reached only when the answer has an id, or about the answer's contents.
        assert!(!refused("{{if .Id}}{{.Nope}}{{end}}"));
        assert!(!refused("{{index .Roles 9}}"));
        // Whatever the answer: a misspelt field, a wrong type.
        assert!(refused("{{.Nope}}"));
        assert!(refused("{{len 3}}"));
        let live = AppUser::decode(LIVE).unwrap();
        let out = Output::parse_for(
            "go-template={{with (and .Roles (len -7))}}x{{end}}",
            "-o",
            &[Shape::User],
        )
        .unwrap();
        assert_eq!(out.render(&live).unwrap(), "");
    }

    #[test]
    fn text_and_rejections() {
        let u = AppUser::decode(LIVE).unwrap();
        assert_eq!(
            Output::Text.render(&u).unwrap(),
            "The user 'user@example.com' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n"
        );
        assert!(Output::parse_for("yaml", "flag -o", &[Shape::User])
            .unwrap_err()
            .to_string()
            .starts_with(
                "flag -o: unknown output format \"yaml\" (valid: json, plaintext, json-path=<expr>"
            ));
    }
}
