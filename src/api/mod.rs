//! The Atlas Administration API as this program speaks it: every request it sends, built
//! in one place (`calls`), the answers it reads (`AppUser` here, the 2025-02-19 members in
//! `members`), and API errors rendered in the official wording so scripts that grep stderr
//! keep working.

pub(crate) mod calls;
pub(crate) mod members;

use miniserde::json::Value;
use miniserde::Deserialize;

use crate::json::Writer;

/// Media type of createUser and getUserByName (2023-01-01), for `Accept` and `Content-Type`.
pub(crate) const MEDIA_TYPE: &str = "application/vnd.atlas.2023-01-01+json";

/// Which Atlas API an invite goes through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// createUser (`POST /api/atlas/v2/users`), as the official CLI: today's bytes.
    V20230101,
    /// createOrgUser and addGroupUsers, and the calls that add to and remove from an
    /// existing user.
    V20250219,
    /// createUser, and the 2025-02-19 endpoints if it answers 410 Gone (or where
    /// createUser cannot do the invitee: teams, a lapsed invitation).
    Auto,
}

/// Whether a role belongs to an organization or a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    Org,
    Project,
}

/// One role assignment: a role in an organization or a project.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Role {
    pub(crate) scope: Scope,
    pub(crate) id: String,
    pub(crate) name: String,
}

/// One team to join, through the invitation to its organization.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Team {
    pub(crate) org: String,
    pub(crate) id: String,
}

/// The user createUser creates (2023-01-01), validated.
#[derive(Debug, Clone)]
pub(crate) struct NewUser {
    pub(crate) country: String,
    pub(crate) email: String,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) mobile: Option<String>,
    /// `None` until read from stdin or a prompt.
    pub(crate) password: Option<String>,
    /// Org roles first, then project roles, each in flag order.
    pub(crate) roles: Vec<Role>,
    /// Teams to join (2025-02-19 only), each with its organization.
    pub(crate) teams: Vec<Team>,
    pub(crate) username: String,
}

impl NewUser {
    /// createUser's body, fields in the official order, absent mobile number omitted, with
    /// `password` in the password's place (`[redacted]` where the body is shown).
    pub(crate) fn body_showing(&self, password: &str) -> String {
        let mut w = Writer::new(0);
        w.open('{');
        w.field("country", &self.country);
        w.field("emailAddress", &self.email);
        w.field("firstName", &self.first_name);
        w.field("lastName", &self.last_name);
        if let Some(m) = &self.mobile {
            w.field("mobileNumber", m);
        }
        w.field("password", password);
        w.key("roles");
        w.open('[');
        for r in &self.roles {
            w.open('{');
            match r.scope {
                Scope::Project => w.field("groupId", &r.id),
                Scope::Org => w.field("orgId", &r.id),
            }
            w.field("roleName", &r.name);
            w.close('}');
        }
        w.close(']');
        w.field("username", &self.username);
        w.close('}');
        w.finish()
    }
}

/// A username in the form Atlas compares usernames: Unicode lower case, as Java's
/// `toLowerCase` in the root locale makes it (`ÜNAL@example.com` is `ünal@example.com`,
/// `İ` is `i` and a combining dot), with both small sigmas read as σ. Java writes Σ as ς
/// at the end of a word by its own word boundaries (`Α1Σ` is `α1ς`), Rust by Unicode's
/// Final_Sigma (`α1σ`); reading ς as σ, the key never tells apart two names Atlas makes
/// one (so `--prune` cannot remove a person the file names), and makes one only names
/// that differ in σ and ς alone. The one rule for every comparison: lookups, the reads of
/// whole organizations and projects, and the duplicate check of `--file`.
pub fn username_key(username: &str) -> String {
    let lower = username.to_lowercase();
    if lower.contains('ς') {
        lower.replace('ς', "σ")
    } else {
        lower
    }
}

/// Whether two usernames name the same Atlas user (see `username_key`).
pub fn same_username(a: &str, b: &str) -> bool {
    a == b || username_key(a) == username_key(b)
}

/// A link in the answer.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Link {
    pub(crate) href: Option<String>,
    pub(crate) rel: Option<String>,
}

/// A role assignment in the answer.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RoleOut {
    #[serde(rename = "groupId")]
    pub(crate) group_id: Option<String>,
    #[serde(rename = "orgId")]
    pub(crate) org_id: Option<String>,
    #[serde(rename = "roleName")]
    pub(crate) role_name: Option<String>,
}

/// The created user as Atlas returns it (CloudAppUser); unknown fields are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AppUser {
    pub(crate) country: Option<String>,
    #[serde(rename = "createdAt")]
    pub(crate) created_at: Option<String>,
    #[serde(rename = "emailAddress")]
    pub(crate) email_address: Option<String>,
    #[serde(rename = "firstName")]
    pub(crate) first_name: Option<String>,
    pub(crate) id: Option<String>,
    #[serde(rename = "lastAuth")]
    pub(crate) last_auth: Option<String>,
    #[serde(rename = "lastName")]
    pub(crate) last_name: Option<String>,
    pub(crate) links: Option<Vec<Link>>,
    #[serde(rename = "mobileNumber")]
    pub(crate) mobile_number: Option<String>,
    pub(crate) roles: Option<Vec<RoleOut>>,
    #[serde(rename = "teamIds")]
    pub(crate) team_ids: Option<Vec<String>>,
    pub(crate) username: Option<String>,
}

impl AppUser {
    /// Decodes a 2xx answer body, as Go reads it.
    pub fn decode(body: &str) -> Option<AppUser> {
        crate::json::go_decode(body)
    }
}

/// Atlas's error body (ApiError); every field optional because proxies lie.
struct ApiError {
    detail: Option<String>,
    error_code: Option<String>,
    reason: Option<String>,
    parameters: Vec<Value>,
    bad_request_detail: Option<Value>,
}

impl ApiError {
    /// Reads an error body as Go does: numbers exactly, a repeated key's last value; a
    /// field of the wrong type makes it no ApiError.
    fn decode(body: &str) -> Option<ApiError> {
        let Ok(Value::Object(o)) = crate::json::read::parse(body, crate::json::read::GO) else {
            return None;
        };
        let text = |key: &str| match o.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(s)) => Some(Some(s.clone())),
            Some(_) => None,
        };
        let parameters = match o.get("parameters") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(a)) => a.to_vec(),
            Some(_) => return None,
        };
        Some(ApiError {
            detail: text("detail")?,
            error_code: text("errorCode")?,
            reason: text("reason")?,
            parameters,
            bad_request_detail: o.get("badRequestDetail").cloned(),
        })
    }
}

/// The errorCode of an ApiError body, if it is one.
pub(crate) fn error_code(body: &str) -> Option<String> {
    ApiError::decode(body)?.error_code
}

/// The official one-line message for a non-2xx answer.
///
/// `content_type` and the body decide between the ApiError rendering and a short
/// description of whatever else came back (an HTML page from a proxy, say).
pub fn error_message(url: &str, status: u16, content_type: &str, body: &str) -> String {
    error_line("POST", url, status, content_type, body)
}

/// `error_message` for a request of any method (the official line names it after the URL).
pub(crate) fn error_line(
    method: &str,
    url: &str,
    status: u16,
    content_type: &str,
    body: &str,
) -> String {
    let status_text = crate::gostd::status_line(status);
    match ApiError::decode(body) {
        Some(e) if e.error_code.is_some() || e.detail.is_some() => {
            let params = e
                .parameters
                .iter()
                .map(|p| go_print(p, 0))
                .collect::<Vec<_>>()
                .join(" ");
            let bad = match &e.bad_request_detail {
                None | Some(Value::Null) => String::new(),
                Some(v) => {
                    let mut w = Writer::new(0);
                    w.value(v);
                    w.finish()
                }
            };
            format!(
                "{url} {method}: HTTP {status_text} (Error code: {}) Detail: {} Reason: {}. Params: [{params}], BadRequestDetail: {bad}",
                crate::gostd::quote(e.error_code.as_deref().unwrap_or_default()),
                e.detail.unwrap_or_default(),
                e.reason.unwrap_or_default(),
            )
        }
        _ => {
            let kind = if content_type.is_empty() {
                "no content type"
            } else {
                content_type
            };
            let snippet = snippet(body);
            if snippet.is_empty() {
                format!(
                    "{url} {method}: HTTP {status_text} (empty answer, {kind}; not an Atlas API error)"
                )
            } else {
                format!(
                    "{url} {method}: HTTP {status_text} (not an Atlas API error, {kind}: {snippet})"
                )
            }
        }
    }
}

/// The first 120 visible characters of a body, tags dropped and whitespace squeezed.
fn snippet(body: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut last_space = true;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            }
            _ if in_tag => {}
            c if c.is_whitespace() || c.is_control() => {
                if !last_space {
                    out.push(' ');
                    last_space = true;
                }
            }
            c => {
                out.push(c);
                last_space = false;
            }
        }
        if out.chars().count() >= 120 {
            out.push('…');
            break;
        }
    }
    out.trim().to_string()
}

/// A value as Go's `%v` prints an `interface{}` decoded from JSON (to a sane depth).
fn go_print(v: &Value, depth: usize) -> String {
    if depth > 32 && matches!(v, Value::Array(_) | Value::Object(_)) {
        return "…".into();
    }
    match v {
        Value::Null => "<nil>".into(),
        Value::Bool(b) => b.to_string(),
        // Go decodes every JSON number into a float64.
        Value::Number(n) => crate::gostd::float_v(crate::json::as_float(n)),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter()
                .map(|x| go_print(x, depth + 1))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        Value::Object(o) => format!(
            "map[{}]",
            o.iter()
                .map(|(k, v)| format!("{k}:{}", go_print(v, depth + 1)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://cloud.mongodb.com/api/atlas/v2/users";

    #[test]
    fn usernames_compare_in_unicode_lower_case() {
        assert!(same_username("User@Example.com", "user@example.com"));
        assert!(same_username("ÜNAL@example.com", "ünal@example.com"));
        assert!(same_username("ΣΟΦΙΑ@example.com", "σοφια@example.com"));
        assert!(!same_username("user@example.com", "user2@example.com"));
        assert!(!same_username("unal@example.com", "ünal@example.com"));
        assert_eq!(username_key("ÜNAL@Example.COM"), "ünal@example.com");
        // Java lower-cases Σ after a digit at a word's end as ς, Unicode's rule as σ.
        assert!(same_username("ΑΛΕΞΗ1Σ@example.com", "αλεξη1ς@example.com"));
        assert!(same_username("ΟΔΥΣ@example.com", "οδυσ@example.com"));
    }

    #[test]
    fn numeric_parameters_read_and_print_as_go_does() {
        let body = r#"{"errorCode":"X","parameters":[999999.9999999999,1e6,1e-7,9.999999999999999e-05,-0,12345678901234567890,"x"]}"#;
        let line = error_message(URL, 400, "application/json", body);
        assert!(
            line.contains("Params: [999999.9999999999 1e+06 1e-07 9.999999999999999e-05 -0 1.2345678901234567e+19 x]"),
            "{line}"
        );
    }

    #[test]
    fn official_error_line() {
        let body = r#"{"detail":"No group with ID 111111111111111111111111 exists.","error":404,"errorCode":"GROUP_NOT_FOUND","parameters":["111111111111111111111111"],"reason":"Not Found"}"#;
        assert_eq!(
            error_message(URL, 404, "application/json", body),
            "https://cloud.mongodb.com/api/atlas/v2/users POST: HTTP 404 Not Found (Error code: \"GROUP_NOT_FOUND\") Detail: No group with ID 111111111111111111111111 exists. Reason: Not Found. Params: [111111111111111111111111], BadRequestDetail: "
        );
    }

    #[test]
    fn numbers_params_and_bad_request_detail() {
        let body = r#"{"detail":"d","error":400,"errorCode":"INVALID_ATTRIBUTE","parameters":["country",3],"reason":"Bad Request","badRequestDetail":{"fields":[{"field":"country","description":"<bad>"}]}}"#;
        assert!(error_message(URL, 400, "", body).ends_with(
            r#"Params: [country 3], BadRequestDetail: {"fields":[{"description":"\u003cbad\u003e","field":"country"}]}"#
        ));
    }

    #[test]
    fn html_error_page() {
        let body = "<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad   Gateway</h1></body></html>";
        assert_eq!(
            error_message(URL, 502, "text/html", body),
            format!("{URL} POST: HTTP 502 Bad Gateway (not an Atlas API error, text/html: 502 Bad Gateway Bad Gateway)")
        );
        assert!(error_message(URL, 503, "", "").contains("(empty answer, no content type"));
    }
}
