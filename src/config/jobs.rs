//! What to invite: one user from the flags, or one per record of `--file`, every value
//! validated before anything is sent.
//!
//! A record's empty or missing cells take the command line's flags (a common `--orgRole`,
//! `--country` or `--password`), and `email` defaults to `username`. Problems name the flag,
//! or the file, line and column, and all of them are reported in one run.

use crate::api::members::{self, Call};
use crate::api::NewUser;
use crate::console::Console;
use crate::error::Error;
use crate::input::cli::LowArgs;
use crate::input::country;
use crate::input::records::{self, Record};
use crate::input::roles::{self, Role, Scope};

/// Shortest password Atlas accepts.
pub(crate) const MIN_PASSWORD: usize = 8;
/// The largest `--file` read: ten thousand users take about a megabyte.
const MAX_FILE: u64 = 64 << 20;

/// One user to invite.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// The line where the record starts; `None` for a single invite from flags.
    pub(crate) line: Option<usize>,
    pub(crate) user: NewUser,
    /// The 2025-02-19 calls, when that version is chosen.
    pub(crate) calls: Vec<Call>,
}

/// How the chosen API version constrains the users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Needs {
    /// createUser may be called: every user needs a password (from a file: a cell or the
    /// flag, since standard input cannot also hold them).
    pub(crate) password: bool,
    /// The 2025-02-19 calls are planned now.
    pub(crate) calls: bool,
}

/// Where a user's values come from, for messages.
enum Origin<'a> {
    Flags,
    Record { file: &'a str, record: &'a Record },
}

impl Origin<'_> {
    /// What a problem with `field`'s value starts with.
    fn label(&self, field: &str) -> String {
        match self {
            Origin::Flags => format!("error parsing flag --{field}"),
            Origin::Record { file, record } => match record.get(field) {
                Some(cell) => format!("{file}: line {}, {}", record.line, cell.place),
                None => format!("{file}: line {}: flag --{field}", record.line),
            },
        }
    }

    /// The problem of required values that are missing.
    fn missing(&self, names: &[&str]) -> String {
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        match self {
            Origin::Flags => format!("required flag(s) {} not set", quoted.join(", ")),
            Origin::Record { file, record } => format!(
                "{file}: line {}: no {} (add the column, or give the flag for every record)",
                record.line,
                quoted.join(", ")
            ),
        }
    }
}

/// The jobs of this run: the file's records, or the flags' one user.
///
/// Every password met is registered with `console` at once, so no message about a
/// misplaced value can print one.
pub(crate) fn jobs(low: &LowArgs, needs: Needs, console: &Console) -> Result<Vec<Job>, Error> {
    if let Some(pw) = &low.password {
        console.secret(pw);
    }
    let Some(path) = &low.file else {
        let mut problems = Vec::new();
        let roles = check_user(low, &Origin::Flags, &mut problems);
        let calls = plan(low, &roles, needs, &Origin::Flags, &mut problems);
        if !problems.is_empty() {
            return Err(Error::all(problems));
        }
        return Ok(vec![Job {
            line: None,
            user: new_user(low, roles),
            calls,
        }]);
    };
    let text = read(path)?;
    let records = records::parse(&text).map_err(|e| e.context(path))?;
    if records.is_empty() {
        return Err(Error::usage(format!(
            "{path}: no records: nothing to invite"
        )));
    }
    let mut problems = Vec::new();
    let mut jobs = Vec::with_capacity(records.len());
    let mut seen: Vec<(String, usize)> = Vec::new();
    for record in &records {
        let origin = Origin::Record { file: path, record };
        let args = merged(low, record);
        if let Some(pw) = &args.password {
            console.secret(pw);
        }
        let roles = check_user(&args, &origin, &mut problems);
        if needs.password && args.password.is_none() {
            problems.push(Error::usage(format!(
                "{path}: line {}: no password: add a password column or give --password (the 2023-01-01 endpoint needs one; --apiVersion 2025-02-19 does not)",
                record.line
            )));
        }
        let calls = plan(&args, &roles, needs, &origin, &mut problems);
        let username = args.username.clone().unwrap_or_default().to_lowercase();
        match seen.iter().find(|(u, _)| *u == username) {
            Some((_, first)) if !username.is_empty() => problems.push(Error::usage(format!(
                "{path}: line {}: username {username} is also on line {first}",
                record.line
            ))),
            _ => seen.push((username, record.line)),
        }
        jobs.push(Job {
            line: Some(record.line),
            user: new_user(&args, roles),
            calls,
        });
    }
    if problems.is_empty() {
        Ok(jobs)
    } else {
        Err(Error::all(problems))
    }
}

/// The file's text: `-` is standard input. Regular files only, as for every file read.
fn read(path: &str) -> Result<String, Error> {
    let bytes = if path == "-" {
        use std::io::Read;
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_FILE + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::usage(format!("--file -: reading standard input: {e}")))?;
        if buf.len() as u64 > MAX_FILE {
            return Err(Error::usage(format!(
                "--file -: standard input holds more than {} MiB",
                MAX_FILE >> 20
            )));
        }
        buf
    } else {
        crate::input::file::read_up_to(std::path::Path::new(path), MAX_FILE)
            .map_err(|e| Error::usage(format!("--file {path}: cannot read: {}", e.phrase())))?
    };
    String::from_utf8(bytes)
        .map_err(|_| Error::usage(format!("--file {path}: the file is not UTF-8 text")))
}

/// The flags with the record's cells in place of theirs; `email` defaults to `username`.
fn merged(low: &LowArgs, record: &Record) -> LowArgs {
    let mut args = low.clone();
    let cell = |c: &str| record.get(c).map(|cell| cell.value.clone());
    for (column, field) in [
        ("username", &mut args.username),
        ("email", &mut args.email),
        ("firstName", &mut args.first_name),
        ("lastName", &mut args.last_name),
        ("country", &mut args.country),
        ("mobile", &mut args.mobile),
        ("password", &mut args.password),
    ] {
        if let Some(v) = cell(column) {
            *field = Some(v);
        }
    }
    if args.email.is_none() {
        args.email = args.username.clone();
    }
    for column in ["orgRole", "projectRole"] {
        if let Some(v) = cell(column) {
            let list = match column {
                "orgRole" => &mut args.org_roles,
                _ => &mut args.project_roles,
            };
            list.clear();
            args.empty_roles.retain(|(name, _)| *name != column);
            args.add_roles(column, &v);
        }
    }
    args
}

/// The 2025-02-19 calls, when they are planned now.
fn plan(
    low: &LowArgs,
    roles: &[Role],
    needs: Needs,
    origin: &Origin<'_>,
    problems: &mut Vec<Error>,
) -> Vec<Call> {
    if !needs.calls {
        return Vec::new();
    }
    match members::plan(low.username.as_deref().unwrap_or_default(), roles) {
        Ok(calls) => calls,
        // Role problems are reported already; the plan's own is that there is no role.
        Err(_) if low.has_roles() => Vec::new(),
        Err(e) => {
            problems.push(match origin {
                Origin::Flags => e,
                Origin::Record { file, record } => {
                    e.context(&format!("{file}: line {}", record.line))
                }
            });
            Vec::new()
        }
    }
}

/// Checks one user's values; returns the valid roles, org roles first.
fn check_user(low: &LowArgs, origin: &Origin<'_>, problems: &mut Vec<Error>) -> Vec<Role> {
    let missing: Vec<&str> = [
        ("country", &low.country),
        ("email", &low.email),
        ("firstName", &low.first_name),
        ("lastName", &low.last_name),
        ("username", &low.username),
    ]
    .into_iter()
    .filter(|(_, v)| v.is_none())
    .map(|(name, _)| name)
    .collect();
    if !missing.is_empty() {
        problems.push(Error::usage(origin.missing(&missing)));
    }
    let mut check = |r: Result<(), String>| {
        if let Err(e) = r {
            problems.push(Error::usage(e));
        }
    };
    for (field, v) in [("username", &low.username), ("email", &low.email)] {
        if let Some(v) = v {
            check(email(&origin.label(field), v));
        }
    }
    if let Some(v) = &low.country {
        check(country_code(&origin.label("country"), v));
    }
    for (field, v) in [("firstName", &low.first_name), ("lastName", &low.last_name)] {
        if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
            check(Err(format!("{}: the name is empty", origin.label(field))));
        }
    }
    if let Some(pw) = &low.password {
        check(password_as(&origin.label("password"), pw));
    }
    for (field, value) in &low.empty_roles {
        check(Err(format!(
            "{} {value:?}: a role is empty (two commas in a row, or one at either end; want ID:ROLE,ID:ROLE)",
            origin.label(field)
        )));
    }
    let mut roles = Vec::new();
    for (scope, field, values) in [
        (Scope::Org, "orgRole", &low.org_roles),
        (Scope::Project, "projectRole", &low.project_roles),
    ] {
        for v in values {
            match roles::parse_as(scope, v, &origin.label(field)) {
                Ok(r) => roles.push(r),
                Err(e) => problems.push(e),
            }
        }
    }
    roles
}

/// The user to create from validated values.
fn new_user(low: &LowArgs, roles: Vec<Role>) -> NewUser {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    NewUser {
        country: text(&low.country).to_ascii_uppercase(),
        email: text(&low.email),
        first_name: text(&low.first_name),
        last_name: text(&low.last_name),
        mobile: low.mobile.clone().filter(|m| !m.is_empty()),
        password: low.password.clone(),
        roles,
        username: text(&low.username),
    }
}

/// Checks a password's length without ever echoing it.
pub(crate) fn password(pw: &str) -> Result<(), Error> {
    password_as("error parsing flag --password", pw).map_err(Error::usage)
}

fn password_as(label: &str, pw: &str) -> Result<(), String> {
    let n = pw.chars().count();
    if n < MIN_PASSWORD {
        return Err(format!(
            "{label}: the password must have at least {MIN_PASSWORD} characters (it has {n})"
        ));
    }
    Ok(())
}

/// Plain e-mail syntax: one `@`, a local part, a dotted domain of letters, digits and dashes.
fn email(label: &str, v: &str) -> Result<(), String> {
    let bad = |why: &str| Err(format!("{label}: {v:?} is not an email address ({why})"));
    let Some((local, domain)) = v.rsplit_once('@') else {
        return bad("no @; want name@example.com");
    };
    if local.is_empty() || v.len() > 254 {
        return bad("want name@example.com");
    }
    if v.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("it contains spaces or control characters");
    }
    if local.contains('@') && !(local.starts_with('"') && local.ends_with('"')) {
        return bad("more than one @");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return bad(&format!(
            "the domain {domain:?} is not a host name like example.com"
        ));
    }
    Ok(())
}

/// An assigned ISO 3166-1 alpha-2 code in any case (sent in upper case, as roles are).
fn country_code(label: &str, v: &str) -> Result<(), String> {
    if country::is_assigned(&v.to_ascii_uppercase()) {
        return Ok(());
    }
    let hint = match country::suggest(v) {
        Some(code) => format!(" (did you mean {code}?)"),
        None => " (for example US, GB, DE, IN)".into(),
    };
    Err(format!(
        "{label}: {v:?} is not an ISO 3166-1 alpha-2 code{hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        let e = |v| email("error parsing flag --email", v);
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
            email("error parsing flag --username", "nope").unwrap_err(),
            "error parsing flag --username: \"nope\" is not an email address (no @; want name@example.com)"
        );
    }

    #[test]
    fn countries() {
        let c = |v| country_code("error parsing flag --country", v);
        assert!(c("US").is_ok());
        assert!(c("us").is_ok() && c("gB").is_ok());
        assert_eq!(
            c("UK").unwrap_err(),
            "error parsing flag --country: \"UK\" is not an ISO 3166-1 alpha-2 code (did you mean GB?)"
        );
    }
}
