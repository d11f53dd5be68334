//! The people to invite: one user from the flags, or one per record of `--file` (CSV or
//! JSON Lines, `records`), merged with the flags, validated (`validate`) and planned
//! (`plan`) before anything is sent; `password` reads a single invite's password.
//!
//! A record's empty or missing cells take the command line's flags (a common `--orgRole`,
//! `--country` or `--password`), and `email` defaults to `username`. Problems name the flag,
//! or the file, line and column, and all of them are reported in one run.

pub(crate) mod country;
pub(crate) mod password;
pub(crate) mod plan;
pub(crate) mod records;
pub(crate) mod roles;
mod term;
pub(crate) mod validate;

use std::collections::HashMap;

use crate::api::members::Call;
use crate::console::Console;
use crate::error::Error;
use crate::flags::defs::{self, Sent, Takes};
use crate::flags::lowargs::LowArgs;
use plan::NewUser;
use records::Record;
use roles::Role;
use validate::{check_user, Origin};

/// The largest `--file` read: ten thousand users take about a megabyte.
const RECORDS_FILE_LIMIT: u64 = 64 << 20;

/// One user to invite.
#[derive(Debug, Clone)]
pub(crate) struct Job {
    /// The line where the record starts; `None` for a single invite from flags.
    pub(crate) line: Option<usize>,
    pub(crate) user: NewUser,
    /// The 2025-02-19 calls, planned with the user for every version the run may use
    /// (empty only when they are not, or the user has no role).
    pub(crate) calls: Vec<Call>,
}

/// How the chosen API version constrains the users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Needs {
    /// createUser may be called: every user needs a password (from a file: a cell or the
    /// flag, since standard input cannot also hold them).
    pub(crate) password: bool,
    /// Whether the 2025-02-19 calls are planned.
    pub(crate) calls: Plan,
}

/// Whether each user's 2025-02-19 calls are planned when the users are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Plan {
    /// 2023-01-01 only: createUser is the one call.
    Skip,
    /// `auto`: planned for a switch on 410; a user without roles has none (and fails if
    /// the switch comes), which is no problem for createUser.
    IfSwitched,
    /// 2025-02-19: every user needs a role.
    Required,
}

/// The users of a run.
#[derive(Debug)]
pub(crate) struct Users {
    pub(crate) jobs: Vec<Job>,
    /// The flags (or columns) given that only createUser sends, in table order: what the
    /// 2025-02-19 endpoints check but do not send.
    pub(crate) unsent: Vec<&'static str>,
}

/// The users of this run: the file's records, or the flags' one user.
///
/// Every password met is registered with `console` at once, so no message about a
/// misplaced value can print one.
pub(crate) fn users(low: &LowArgs, needs: Needs, console: &Console) -> Result<Users, Error> {
    if let Some(pw) = &low.password {
        console.secret(pw);
    }
    let mut given = Given::default();
    let Some(path) = &low.file else {
        let mut problems = Vec::new();
        let roles = check_user(low, &Origin::Flags, &mut problems);
        let calls = plan(low, &roles, needs, &Origin::Flags, &mut problems);
        if !problems.is_empty() {
            return Err(Error::all(problems));
        }
        given.note(low);
        let jobs = vec![Job {
            line: None,
            user: new_user(low, roles),
            calls,
        }];
        return Ok(given.users(jobs));
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
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(records.len());
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
        if !username.is_empty() {
            match seen.get(&username) {
                Some(first) => problems.push(Error::usage(format!(
                    "{path}: line {}: username {username} is also on line {first}",
                    record.line
                ))),
                None => {
                    seen.insert(username, record.line);
                }
            }
        }
        given.note(&args);
        jobs.push(Job {
            line: Some(record.line),
            user: new_user(&args, roles),
            calls,
        });
    }
    if problems.is_empty() {
        Ok(given.users(jobs))
    } else {
        Err(Error::all(problems))
    }
}

/// Which createUser-only flags any user gives, by table row.
#[derive(Default)]
struct Given(Vec<bool>);

impl Given {
    fn note(&mut self, args: &LowArgs) {
        self.0.resize(defs::FLAGS.len(), false);
        for (seen, flag) in self.0.iter_mut().zip(defs::FLAGS) {
            if let Takes::Value { get, .. } = flag.takes {
                *seen |= flag.sent == Sent::CreateUser && get(args).is_some();
            }
        }
    }

    fn users(self, jobs: Vec<Job>) -> Users {
        let unsent = defs::FLAGS
            .iter()
            .zip(self.0)
            .filter(|(_, seen)| *seen)
            .map(|(f, _)| f.name)
            .collect();
        Users { jobs, unsent }
    }
}

/// The file's text: `-` is standard input. Regular files only, as for every file read.
fn read(path: &str) -> Result<String, Error> {
    let bytes = if path == "-" {
        use std::io::Read;
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .take(RECORDS_FILE_LIMIT + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::usage(format!("--file -: reading standard input: {e}")))?;
        if buf.len() as u64 > RECORDS_FILE_LIMIT {
            return Err(Error::usage(format!(
                "--file -: standard input holds more than {} MiB",
                RECORDS_FILE_LIMIT >> 20
            )));
        }
        buf
    } else {
        crate::fs::read_up_to(std::path::Path::new(path), RECORDS_FILE_LIMIT)
            .map_err(|e| Error::usage(format!("--file {path}: cannot read: {}", e.phrase())))?
    };
    String::from_utf8(bytes)
        .map_err(|_| Error::usage(format!("--file {path}: the file is not UTF-8 text")))
}

/// The flags with the record's cells in place of theirs; `email` defaults to `username`.
fn merged(low: &LowArgs, record: &Record) -> LowArgs {
    let mut args = low.clone();
    for flag in defs::columns() {
        let Some(cell) = record.get(flag.name) else {
            continue;
        };
        match flag.takes {
            Takes::Value { set, .. } => *set(&mut args) = Some(cell.value.clone()),
            Takes::List(list) => {
                list(&mut args).clear();
                args.empty_roles.retain(|(name, _)| *name != flag.name);
                crate::flags::parse::add_list(&mut args, flag, &cell.value);
            }
            Takes::Switch(_) => {}
        }
    }
    if args.email.is_none() {
        args.email = args.username.clone();
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
    if needs.calls == Plan::Skip {
        return Vec::new();
    }
    match plan::calls(low.username.as_deref().unwrap_or_default(), roles) {
        Ok(calls) => calls,
        // Role problems are reported already; the plan's own is that there is no role.
        Err(_) if low.has_roles() || needs.calls == Plan::IfSwitched => Vec::new(),
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
