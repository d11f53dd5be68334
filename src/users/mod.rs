//! The people to invite: one user from the flags, or one per record of `--file` (CSV or
//! JSON Lines, `records`), merged with the flags, validated (`validate`) and planned
//! (`plan`) before anything is sent; `password` reads a single invite's password.
//!
//! A record's empty or missing cells take the command line's flags (a common `--orgRole`,
//! `--country` or `--password`), and `email` defaults to `username`. Problems name the flag,
//! or the file, line and column, and all of them are reported in one run (a file's grouped
//! by `problems`).

pub(crate) mod country;
pub(crate) mod password;
pub(crate) mod plan;
mod problems;
pub(crate) mod records;
pub(crate) mod roles;
pub(crate) mod shown;
mod term;
pub(crate) mod validate;

use std::collections::HashMap;
use std::hash::BuildHasher;

use crate::console::Console;
use crate::error::Error;
use crate::flags::defs::{self, Sent, Takes};
use crate::lowargs::LowArgs;
use plan::NewUser;
use problems::{Grouped, Problem};
use records::Record;
use roles::Role;
pub(crate) use validate::Required;
use validate::{check_user, Memberships, Origin};

/// The largest `--file` read: ten thousand users take about a megabyte.
const RECORDS_FILE_LIMIT: u64 = 64 << 20;

/// One user to invite.
#[derive(Debug, Clone)]
pub(crate) struct Invitee {
    /// The line where the record starts; `None` for a single invite from flags.
    pub(crate) line: Option<usize>,
    pub(crate) user: NewUser,
}

/// How the chosen API version constrains the users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Needs {
    /// createUser may be called: every user needs a password (from a file: a cell or the
    /// flag, since standard input cannot also hold them).
    pub(crate) password: bool,
    /// Which required values each user must give: a file's records under the 2025-02-19
    /// endpoints need only what those send, and are then noted as sending nothing more.
    pub(crate) required: Required,
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

/// The users of a run. A file's are read in passes that keep one record at a time: once,
/// whole, to validate every record before anything is sent; then again each time the run
/// asks for them (the names for the report, the places to read, `--prune`'s removals, the
/// invitations), so a file of any length costs its text, not a copy of every record.
pub(crate) struct Invitees {
    source: Source,
    /// The flags (or columns) given that only createUser sends, in table order: what the
    /// 2025-02-19 endpoints check but do not send.
    pub(crate) unsent: Vec<&'static str>,
    /// Whether any planned call goes to an organization, or to a project.
    pub(crate) calls_org: bool,
    pub(crate) calls_group: bool,
}

enum Source {
    /// The flags' one user.
    Flags(Box<Invitee>),
    /// A file's records, and the flags that fill their empty cells.
    File { text: String, low: Box<LowArgs> },
}

impl Invitees {
    /// Every user's invitee, in file order, each built when it is reached.
    pub(crate) fn each(&self) -> Box<dyn Iterator<Item = Invitee> + '_> {
        match &self.source {
            Source::Flags(invitee) => Box::new(std::iter::once((**invitee).clone())),
            Source::File { text, low } => Box::new(
                records::Records::new(text)
                    .filter_map(Result::ok)
                    .map(|record| invitee(low, record)),
            ),
        }
    }

    /// Every user's line (0 for the flags' one) and username, in file order.
    pub(crate) fn names(&self) -> Box<dyn Iterator<Item = (usize, String)> + '_> {
        match &self.source {
            Source::Flags(invitee) => Box::new(std::iter::once((0, invitee.user.username.clone()))),
            Source::File { text, low } => Box::new(
                records::Records::new(text)
                    .filter_map(Result::ok)
                    .map(|record| {
                        let name = match record.get("username") {
                            Some(cell) => cell.value.clone(),
                            None => low.username.clone().unwrap_or_default(),
                        };
                        (record.line, name)
                    }),
            ),
        }
    }
}

/// The invitee of a record that has been validated.
fn invitee(low: &LowArgs, mut record: Record) -> Invitee {
    let args = merged(low, &mut record);
    // Validated already: the problems were reported before anything was sent.
    let roles = validate::memberships_of(&args);
    Invitee {
        line: Some(record.line),
        user: new_user(args, roles),
    }
}

/// The users of this run: the file's records, or the flags' one user.
///
/// Every password met is registered with `console` at once, so no message about a
/// misplaced value can print one.
pub(crate) fn users(low: &LowArgs, needs: Needs, console: &Console) -> Result<Invitees, Error> {
    if let Some(pw) = &low.password {
        console.secret(pw);
    }
    let mut given = Given::default();
    let Some(path) = &low.file else {
        let mut problems = Vec::new();
        let roles = check_user(low, &Origin::Flags, needs.required, &mut problems);
        versioned(&roles, needs, &Origin::Flags, &mut problems);
        let targets = plan(low, &roles.roles, needs, &Origin::Flags, &mut problems);
        if !problems.is_empty() {
            return Err(Error::Usage(problems));
        }
        given.note(low);
        given.planned(targets);
        let invitee = Invitee {
            line: None,
            user: new_user(low.clone(), roles),
        };
        return Ok(given.users(Source::Flags(Box::new(invitee))));
    };
    let text = read(path)?;
    // What a record's merge needs of the flags: the user's values, not the run's settings.
    let low = &LowArgs {
        file: None,
        output: None,
        profile: None,
        api_version: None,
        ..low.clone()
    };
    let (count, problems) = validate_file(low, needs, console, &text, &mut given);
    if !problems.is_empty() {
        return Err(Error::Usage(problems.finish(path)));
    }
    if count == 0 {
        return Err(Error::usage(format!(
            "{path}: no records: nothing to invite"
        )));
    }
    let source = Source::File {
        text,
        low: Box::new(low.clone()),
    };
    Ok(given.users(source))
}

/// Reads every record of the file once: the syntax of each, then the values, passwords
/// and duplicate usernames of each record that could be read. Returns the count of those
/// and every problem, grouped.
fn validate_file(
    low: &LowArgs,
    needs: Needs,
    console: &Console,
    text: &str,
    given: &mut Given,
) -> (usize, Grouped) {
    let mut problems = Grouped::default();
    let mut count = 0;
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let hasher = std::collections::hash_map::RandomState::new();
    for record in records::Records::new(text) {
        let mut record = match record {
            Ok(record) => record,
            Err(syntax) => {
                problems.record(syntax);
                continue;
            }
        };
        let mut found = Vec::new();
        count += 1;
        let args = merged(low, &mut record);
        let origin = Origin::Record(&record);
        if let Some(pw) = &args.password {
            console.secret(pw);
        }
        let roles = check_user(&args, &origin, needs.required, &mut found);
        versioned(&roles, needs, &origin, &mut found);
        // An invite with teams goes through the 2025-02-19 endpoints, which take none.
        if needs.password && args.password.is_none() && roles.teams.is_empty() {
            found.push(origin.about("no password: add a password column or give --password (the 2023-01-01 endpoint needs one; --apiVersion 2025-02-19 does not)"));
        }
        given.planned(plan(&args, &roles.roles, needs, &origin, &mut found));
        // Usernames are kept as 64-bit hashes (SipHash, keyed per run): a few bytes a
        // record however long the name; two different names colliding is a one in 2^64.
        let username = crate::api::username_key(args.username.as_deref().unwrap_or_default());
        if !username.is_empty() {
            let key = hasher.hash_one(&username);
            match seen.get(&key) {
                Some(first) => found
                    .push(origin.about(&format!("username {username} is also on line {first}"))),
                None => {
                    seen.insert(key, record.line);
                }
            }
        }
        problems.record(found.into_iter().map(|text| Problem::at(record.line, text)));
        // Under the 2025-02-19 endpoints a file asks for no detail, so it notes none.
        if needs.required == Required::All {
            given.note(&args);
        }
    }
    (count, problems)
}

/// Which createUser-only flags any user gives (by table row), and where calls go.
#[derive(Default)]
struct Given {
    flags: Vec<bool>,
    org: bool,
    group: bool,
}

impl Given {
    fn planned(&mut self, (org, group): (bool, bool)) {
        self.org |= org;
        self.group |= group;
    }

    fn note(&mut self, args: &LowArgs) {
        self.flags.resize(defs::FLAGS.len(), false);
        for (seen, flag) in self.flags.iter_mut().zip(defs::FLAGS) {
            if let Takes::Value { get, .. } = flag.takes {
                *seen |= flag.sent == Sent::CreateUser && get(args).is_some();
            }
        }
    }

    fn users(self, source: Source) -> Invitees {
        let unsent = defs::FLAGS
            .iter()
            .zip(self.flags)
            .filter(|(_, seen)| *seen)
            .map(|(f, _)| f.name)
            .collect();
        Invitees {
            source,
            unsent,
            calls_org: self.org,
            calls_group: self.group,
        }
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
        crate::fs::read_up_to(std::path::Path::new(path), RECORDS_FILE_LIMIT).map_err(|e| {
            let why = e.phrase();
            // /dev/stdin on a pipe is a FIFO: standard input has its own name.
            let hint = if why.contains("FIFO") {
                " (for standard input, use --file -)"
            } else {
                ""
            };
            Error::usage(format!("--file {path}: cannot read: {why}{hint}"))
        })?
    };
    let text =
        String::from_utf8(bytes).map_err(|e| not_utf8(path, e.as_bytes(), e.utf8_error()))?;
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('[')
    {
        return Err(Error::usage(format!(
            "--file {path}: a JSON array; JSON Lines wants one object per line, without the brackets (jq -c '.[]' turns one into the other)"
        )));
    }
    Ok(text)
}

/// Where a file stops being UTF-8: its line and column (CSV, counting commas) and byte.
fn not_utf8(path: &str, bytes: &[u8], e: std::str::Utf8Error) -> Error {
    let at = e.valid_up_to();
    let before = &bytes[..at];
    let line = 1 + before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' || (b == b'\n' && (i == 0 || before[i - 1] != b'\r')))
        .count();
    let start = before
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let column = 1 + before[start..].iter().filter(|&&b| b == b',').count();
    Error::usage(format!(
        "--file {path}: line {line}, column {column}: not UTF-8 text (byte 0x{:02x}, {} bytes into the line): save the file as UTF-8",
        bytes[at],
        at - start
    ))
}

/// The flags with the record's cells in place of theirs (the cells' values are moved out;
/// their places stay for messages); `email` defaults to `username`.
fn merged(low: &LowArgs, record: &mut Record) -> LowArgs {
    let mut args = low.clone();
    for flag in defs::columns() {
        let Some(cell) = record.get_mut(flag.name) else {
            continue;
        };
        match flag.takes {
            Takes::Value { set, .. } => *set(&mut args) = Some(std::mem::take(&mut cell.value)),
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

/// Teams need the 2025-02-19 endpoints: with 2023-01-01 they are refused.
fn versioned(m: &Memberships, needs: Needs, origin: &Origin<'_>, problems: &mut Vec<String>) {
    if needs.calls == Plan::Skip && !m.teams.is_empty() {
        problems.push(format!(
            "{}: teams need the 2025-02-19 endpoints (createUser cannot add a user to a team): use --apiVersion 2025-02-19 or auto",
            origin.label("teamId")
        ));
    }
}

/// Checks that the 2025-02-19 calls can be planned when they must be; returns where
/// they go (organizations, projects), without building them.
fn plan(
    low: &LowArgs,
    roles: &[Role],
    needs: Needs,
    origin: &Origin<'_>,
    problems: &mut Vec<String>,
) -> (bool, bool) {
    if needs.calls == Plan::Skip {
        return (false, false);
    }
    match plan::targets(roles) {
        Some(targets) => targets,
        // Role problems are reported already; the plan's own is that there is no role.
        None if low.has_roles() || needs.calls == Plan::IfSwitched => (false, false),
        None => {
            problems.push(origin.about(plan::NO_ROLE));
            (false, false)
        }
    }
}

/// The user to create from validated values.
fn new_user(low: LowArgs, m: Memberships) -> NewUser {
    let mut country = low.country.unwrap_or_default();
    country.make_ascii_uppercase();
    NewUser {
        country,
        email: low.email.unwrap_or_default(),
        first_name: low.first_name.unwrap_or_default(),
        last_name: low.last_name.unwrap_or_default(),
        mobile: low.mobile.filter(|m| !m.is_empty()),
        password: low.password,
        roles: m.roles,
        teams: m.teams,
        username: low.username.unwrap_or_default(),
    }
}
