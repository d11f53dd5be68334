//! Rendering the created user: the official default text or `-o json`.
//!
//! Both follow the official CLI byte for byte: the text template reads the answer's
//! username, and the JSON is Go's indented encoding of the user with its field order.

use crate::api::AppUser;
use crate::json::Writer;

/// The `-o` formats this build renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The default text (also `plaintext`).
    Text,
    /// Indented JSON.
    Json,
}

/// Every value -o accepts, for error messages.
pub const VALID: &str = "json, plaintext";

impl Output {
    /// Parses an -o value; `source` names where it came from for the error.
    pub fn parse(value: &str, source: &str) -> Result<Output, String> {
        match value {
            "" | "plaintext" => Ok(Output::Text),
            "json" => Ok(Output::Json),
            v => {
                let name = v.split('=').next().unwrap_or(v);
                let why = match name {
                    "json-path" | "go-template" | "go-template-file" => {
                        format!("{name} output is not supported by this build yet")
                    }
                    _ => format!("unknown output format {v:?}"),
                };
                Err(format!("{source}: {why} (valid: {VALID})"))
            }
        }
    }

    /// The text printed on stdout for `user`.
    pub fn render(&self, user: &AppUser) -> String {
        match self {
            Output::Text => format!(
                "The user '{}' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n",
                user.username.as_deref().unwrap_or_default()
            ),
            Output::Json => {
                let mut s = json(user);
                s.push('\n');
                s
            }
        }
    }
}

/// The user as the official CLI prints it with `-o json`.
pub fn json(u: &AppUser) -> String {
    let mut w = Writer::new(2);
    let opt = |w: &mut Writer, k: &str, v: &Option<String>| {
        if let Some(v) = v {
            w.field(k, v);
        }
    };
    w.open('{');
    w.field("country", u.country.as_deref().unwrap_or_default());
    opt(&mut w, "createdAt", &u.created_at);
    w.field(
        "emailAddress",
        u.email_address.as_deref().unwrap_or_default(),
    );
    w.field("firstName", u.first_name.as_deref().unwrap_or_default());
    opt(&mut w, "id", &u.id);
    opt(&mut w, "lastAuth", &u.last_auth);
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
    if let Some(roles) = &u.roles {
        w.key("roles");
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
            Output::Json.render(&u),
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
    fn text_and_rejections() {
        let u = AppUser::decode(LIVE).unwrap();
        assert_eq!(
            Output::Text.render(&u),
            "The user 'user@example.com' has been invited.\nInvited users do not have access to the project until they accept the invitation.\n"
        );
        assert_eq!(
            Output::parse("yaml", "flag -o").unwrap_err(),
            "flag -o: unknown output format \"yaml\" (valid: json, plaintext)"
        );
    }
}
