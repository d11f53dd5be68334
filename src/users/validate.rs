//! The validator: every value of a user checked before anything is sent (required
//! values, e-mail syntax, ISO 3166-1 country codes, roles against the whitelist, password
//! length), each problem naming the flag, or the file, line and column.

use std::collections::HashSet;

use crate::error::Error;
use crate::flags::defs::{self, Sent, Takes};
use crate::lowargs::LowArgs;
use crate::users::country;
use crate::users::records::Record;
use crate::users::roles::{self, Role, Scope, Team};
pub(crate) use crate::users::shown::Shown;

/// Shortest password Atlas accepts.
pub(crate) const MIN_PASSWORD: usize = 8;
/// The longest e-mail address (RFC 5321's path limit), and so username.
const MAX_EMAIL: usize = 254;

/// Unicode's format characters (category Cf: zero-width, bidirectional controls, the BOM,
/// the soft hyphen, tags) and the other characters that show nothing (fillers, variation
/// selectors): in an address they make two users look alike.
fn invisible(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x34F | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2
        | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// Which of the flag table's required values a user must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Required {
    /// All of them, as the official CLI asks: createUser may be called, or a single invite.
    All,
    /// Only those the 2025-02-19 endpoints send (the username; the roles are the plan's):
    /// a file's records under them. The others are still checked when given.
    Sent,
}

/// Where a user's values come from, for messages. A problem of the flags is a whole
/// line; a record's is what follows the record's line number (`, column 4 (country): ...`),
/// which the file's caller places and groups.
pub(crate) enum Origin<'a> {
    Flags,
    Record(&'a Record),
}

impl Origin<'_> {
    /// What a problem with `field`'s value starts with.
    pub(crate) fn label(&self, field: &str) -> String {
        match self {
            Origin::Flags => format!("error parsing flag --{field}"),
            Origin::Record(record) => match record.get(field) {
                Some(cell) => format!(", {}", cell.place.describe(cell.column)),
                None => format!(": flag --{field}"),
            },
        }
    }

    /// A problem of the whole user: `why` alone for the flags, after `: ` in a record.
    pub(crate) fn about(&self, why: &str) -> String {
        match self {
            Origin::Flags => why.to_string(),
            Origin::Record(_) => format!(": {why}"),
        }
    }

    /// The problem of required values that are missing.
    fn missing(&self, names: &[&str]) -> String {
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        match self {
            Origin::Flags => format!("required flag(s) {} not set", quoted.join(", ")),
            Origin::Record(_) => format!(
                ": no {} (add the column, or give the flag for every record)",
                quoted.join(", ")
            ),
        }
    }
}

/// Checks one user's values, each problem pushed as `origin` words it; returns the valid
/// roles, org roles first.
pub(crate) fn check_user(
    low: &LowArgs,
    origin: &Origin<'_>,
    required: Required,
    problems: &mut Vec<String>,
) -> Memberships {
    // A password that fails in a file may be another column's value: then no value of
    // the record is quoted, in case a misplaced column holds the password.
    let password = low
        .password
        .as_ref()
        .map(|pw| password_as(&|| origin.label("password"), pw));
    let shown = Shown {
        hidden: matches!(origin, Origin::Record(_)) && matches!(password, Some(Err(_))),
    };
    let mut missing: Vec<&str> = defs::FLAGS
        .iter()
        .filter(|f| f.required && (required == Required::All || f.sent != Sent::CreateUser))
        .filter(|f| matches!(f.takes, Takes::Value { get, .. } if get(low).is_none()))
        .map(|f| f.name)
        .collect();
    missing.sort_unstable();
    if !missing.is_empty() {
        problems.push(origin.missing(&missing));
    }
    let mut check = |r: Result<(), String>| {
        if let Err(e) = r {
            problems.push(e);
        }
    };
    for (field, v) in [("username", &low.username), ("email", &low.email)] {
        if let Some(v) = v {
            check(email(&|| origin.label(field), v, shown));
        }
    }
    if let Some(v) = &low.country {
        check(country_code(&|| origin.label("country"), v, shown));
    }
    for (field, v) in [("firstName", &low.first_name), ("lastName", &low.last_name)] {
        if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
            check(Err(format!("{}: the name is empty", origin.label(field))));
        }
    }
    if let Some(Err(e)) = password {
        let note = if shown.hidden {
            " (the record's other values are not shown: a column out of place may hold the password)"
        } else {
            ""
        };
        check(Err(format!("{e}{note}")));
    }
    for (field, value) in &low.empty_roles {
        let (what, want) = match *field {
            "teamId" => ("a team id", "TEAM,TEAM or ORG:TEAM,ORG:TEAM"),
            _ => ("a role", "ID:ROLE,ID:ROLE"),
        };
        check(Err(format!(
            "{} {}: {what} is empty (two commas in a row, or one at either end; want {want})",
            origin.label(field),
            shown.value(value, roles::MAX_ROLES_SHOWN)
        )));
    }
    let mut roles = Vec::new();
    for (scope, field, values) in role_flags(low) {
        for v in values {
            match roles::parse_as(scope, v, &|| origin.label(field), shown) {
                Ok(r) => roles.push(r),
                Err(e) => problems.push(e),
            }
        }
    }
    let teams = teams(
        low,
        &roles,
        &mut |why| problems.push(format!("{} {why}", origin.label("teamId"))),
        shown,
    );
    Memberships { roles, teams }
}

/// A user's validated roles and teams.
#[derive(Debug, Clone, Default)]
pub(crate) struct Memberships {
    /// Org roles first, then project roles.
    pub(crate) roles: Vec<Role>,
    pub(crate) teams: Vec<Team>,
}

/// `--teamId` values checked against the invite's organizations: `ORG:TEAM` naming an
/// `--orgRole` organization, or `TEAM` when there is exactly one; each problem goes to
/// `bad`, after the value. Sets, not searches, so the cost is linear in the values.
fn teams(low: &LowArgs, roles: &[Role], bad: &mut dyn FnMut(String), shown: Shown) -> Vec<Team> {
    let mut orgs: Vec<&str> = Vec::new();
    let mut named: HashSet<&str> = HashSet::new();
    for r in roles.iter().filter(|r| r.scope == Scope::Org) {
        if named.insert(&r.id) {
            orgs.push(&r.id);
        }
    }
    let mut out: Vec<Team> = Vec::new();
    let mut joined: HashSet<(&str, &str)> = HashSet::new();
    for v in &low.team_ids {
        let shown_v = shown.value(v, roles::MAX_ROLES_SHOWN);
        let (org, team) = match v.split_once(':') {
            Some((org, team)) => (Some(org), team),
            None => (None, v.as_str()),
        };
        if !roles::is_object_id(team) || org.is_some_and(|o| !roles::is_object_id(o)) {
            bad(format!(
                "{shown_v}: want TEAM or ORG:TEAM, each 24 lowercase hexadecimal digits"
            ));
            continue;
        }
        let org = match (org, orgs.as_slice()) {
            (Some(o), _) if named.contains(o) => o,
            (Some(o), _) => {
                bad(format!("{shown_v}: organization {o} has no --orgRole in this invite (a team is joined through its organization's invitation: add --orgRole {o}:ROLE)"));
                continue;
            }
            (None, [one]) => *one,
            (None, []) => {
                bad(format!("{shown_v}: a team is joined through an organization, and this invite has none: add --orgRole ORG:ROLE"));
                continue;
            }
            (None, _) => {
                bad(format!(
                    "{shown_v}: this invite names several organizations: write ORG:TEAM"
                ));
                continue;
            }
        };
        if !joined.insert((org, team)) {
            bad(format!("{shown_v}: the team is given twice"));
            continue;
        }
        out.push(Team {
            org: org.to_string(),
            id: team.to_string(),
        });
    }
    out
}

/// The role lists of `low`, org roles first.
fn role_flags(low: &LowArgs) -> [(Scope, &'static str, &Vec<String>); 2] {
    [
        (Scope::Org, "orgRole", &low.org_roles),
        (Scope::Project, "projectRole", &low.project_roles),
    ]
}

/// The roles and teams of values that `check_user` has passed, org roles first.
pub(crate) fn memberships_of(low: &LowArgs) -> Memberships {
    let roles: Vec<Role> = role_flags(low)
        .into_iter()
        .flat_map(|(scope, _, values)| values.iter().map(move |v| (scope, v)))
        .filter_map(|(scope, v)| {
            roles::parse_as(scope, v, &String::new, Shown { hidden: true }).ok()
        })
        .collect();
    let teams = teams(low, &roles, &mut |_| {}, Shown { hidden: true });
    Memberships { roles, teams }
}

/// Checks a password's length without ever echoing it.
pub(crate) fn password(pw: &str) -> Result<(), Error> {
    password_as(&|| "error parsing flag --password".into(), pw).map_err(Error::usage)
}

fn password_as(label: &dyn Fn() -> String, pw: &str) -> Result<(), String> {
    let n = pw.chars().count();
    if n < MIN_PASSWORD {
        return Err(format!(
            "{}: the password must have at least {MIN_PASSWORD} characters (it has {n})",
            label()
        ));
    }
    Ok(())
}

/// Plain e-mail syntax: one `@`, a local part, a dotted domain of letters, digits and dashes.
fn email(label: &dyn Fn() -> String, v: &str, shown: Shown) -> Result<(), String> {
    let bad = |why: &str| {
        Err(format!(
            "{}: {} is not an email address ({why})",
            label(),
            shown.value(v, MAX_EMAIL)
        ))
    };
    // Plain ASCII (nearly every address) holds no invisible character: only control
    // bytes need the search then.
    let suspect = !v.is_ascii() || v.bytes().any(|b| b.is_ascii_control());
    if let Some(c) = suspect
        .then(|| v.chars().find(|&c| c.is_control() || invisible(c)))
        .flatten()
    {
        let kind = if c.is_control() {
            "a control"
        } else {
            "an invisible"
        };
        return bad(&format!(
            "it contains U+{:04X}, {kind} character that would make it look like another address",
            c as u32
        ));
    }
    let Some((local, domain)) = v.rsplit_once('@') else {
        return bad("no @; want name@example.com");
    };
    if local.is_empty() || v.len() > MAX_EMAIL {
        return bad("want name@example.com");
    }
    let spaced = if v.is_ascii() {
        v.bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    } else {
        v.chars().any(|c| c.is_whitespace() || c.is_control())
    };
    if spaced {
        return bad("it contains spaces or control characters");
    }
    if local.contains('@') && !(local.starts_with('"') && local.ends_with('"')) {
        return bad("more than one @");
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && if l.is_ascii() {
                l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            } else {
                l.chars().all(|c| c.is_alphanumeric() || c == '-')
            }
    };
    if !domain.contains('.') || !domain.split('.').all(label_ok) {
        return bad(&format!(
            "the domain {domain:?} is not a host name like example.com"
        ));
    }
    Ok(())
}

/// An assigned ISO 3166-1 alpha-2 code in any case (sent in upper case, as roles are).
fn country_code(label: &dyn Fn() -> String, v: &str, shown: Shown) -> Result<(), String> {
    if country::is_assigned(&v.to_ascii_uppercase()) {
        return Ok(());
    }
    let hint = match country::suggest(v) {
        Some(code) => format!(" (did you mean {code}?)"),
        None => " (for example US, GB, DE, IN)".into(),
    };
    Err(format!(
        "{}: {} is not an ISO 3166-1 alpha-2 code{hint}",
        label(),
        shown.value(v, 8)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUOTED: Shown = Shown { hidden: false };

    #[test]
    fn invisible_characters_are_named_and_long_values_cut() {
        let e = |v: &str| email(&|| "l".into(), v, QUOTED).unwrap_err();
        for (v, code) in [
            ("ali\u{200b}ce@example.com", "U+200B"),
            ("\u{202e}alice@example.com", "U+202E"),
            ("al\u{ad}ice@example.com", "U+00AD"),
            ("\u{feff}alice@example.com", "U+FEFF"),
            ("a\u{200d}b@example.com", "U+200D"),
        ] {
            assert!(
                e(v).contains(&format!("it contains {code}, an invisible character")),
                "{}",
                e(v)
            );
        }
        assert!(e("a\u{1}b@example.com").contains("U+0001, a control character"));
        let long = "a".repeat(10 << 20);
        let msg = e(&long);
        assert!(
            msg.ends_with(
                "...\" (10,485,760 bytes) is not an email address (no @; want name@example.com)"
            ),
            "{}",
            &msg[msg.len() - 120..]
        );
        assert!(msg.len() < 400);
        assert_eq!(
            Shown { hidden: true }.value("Tr0ub4dor&3xyz", 8),
            "the value"
        );
    }

    #[test]
    fn emails() {
        let e = |v| email(&|| "error parsing flag --email".into(), v, QUOTED);
        assert!(e("user@example.com").is_ok());
        assert!(e("first.last+tag@sub.example.co.uk").is_ok());
        for bad in [
            "user",
            "@example.com",
            "user@localhost",
            "user@ex ample.com",
            "a@b@c.com",
            "u@-x.com",
            "u@x..com",
        ] {
            assert!(e(bad).is_err(), "{bad}");
        }
        assert_eq!(
            email(&|| "error parsing flag --username".into(), "nope", QUOTED).unwrap_err(),
            "error parsing flag --username: \"nope\" is not an email address (no @; want name@example.com)"
        );
    }

    #[test]
    fn countries() {
        let c = |v| country_code(&|| "error parsing flag --country".into(), v, QUOTED);
        assert!(c("US").is_ok());
        assert!(c("us").is_ok() && c("gB").is_ok());
        assert_eq!(
            c("UK").unwrap_err(),
            "error parsing flag --country: \"UK\" is not an ISO 3166-1 alpha-2 code (did you mean GB?)"
        );
    }
}
