//! Low-level arguments: what the user typed, scanned by lexopt and barely converted.
//!
//! Nothing here reads the environment or judges values beyond splitting roles on commas;
//! `resolve` does that once parsing is over, so every problem can be reported in one run.

use lexopt::Arg::{Long, Short, Value};
use lexopt::ValueExt;

use crate::error::Error;

/// What the invocation asks for.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Mode {
    /// Print the help of one command level and exit 0.
    Help(Topic),
    /// Print the version and exit 0.
    Version,
    /// Run `users invite`.
    Invite,
}

impl Default for Mode {
    fn default() -> Mode {
        Mode::Help(Topic::Root)
    }
}

/// Which help text to show.
#[derive(Debug, PartialEq, Eq, Clone, Copy, Default)]
pub enum Topic {
    #[default]
    Root,
    Users,
    Invite,
}

/// The flags of `atlas users invite` as typed; `None` means not given.
#[derive(Debug, Default, Clone)]
pub struct LowArgs {
    /// What to do, decided once all arguments are seen.
    pub(crate) mode: Mode,
    pub(crate) email: Option<String>,
    pub(crate) username: Option<String>,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) password: Option<String>,
    pub(crate) mobile: Option<String>,
    pub(crate) org_roles: Vec<String>,
    pub(crate) project_roles: Vec<String>,
    /// Role flags (`--orgRole "a:X,,"`) with an empty value between commas; the empty
    /// pieces are left out of the lists above and reported once per flag.
    pub(crate) empty_roles: Vec<(&'static str, String)>,
    pub(crate) output: Option<String>,
    pub(crate) profile: Option<String>,
    /// `--apiVersion`: 2023-01-01, 2025-02-19 or auto.
    pub(crate) api_version: Option<String>,
    /// `--file`: invite one user per record of this CSV or JSON Lines file (`-`: stdin).
    pub(crate) file: Option<String>,
    /// `--ifNotExists`: a user that already exists (confirmed by a lookup) is a success.
    pub(crate) if_not_exists: bool,
    /// `--dryRun`: print the requests instead of sending them.
    pub(crate) dry_run: bool,
    pub(crate) debug: bool,
}

impl LowArgs {
    /// Adds a role flag's value (`orgRole` or `projectRole`), split on commas as the
    /// official string-slice flags do; an empty piece is noted once for the value.
    pub(crate) fn add_roles(&mut self, column: &str, v: &str) {
        let (name, into) = match column {
            "orgRole" => ("orgRole", &mut self.org_roles),
            _ => ("projectRole", &mut self.project_roles),
        };
        into.extend(v.split(',').filter(|r| !r.is_empty()).map(str::to_string));
        if v.split(',').any(str::is_empty) {
            self.empty_roles.push((name, v.to_string()));
        }
    }

    /// Whether any role flag was given (valid or not).
    pub(crate) fn has_roles(&self) -> bool {
        !self.org_roles.is_empty() || !self.project_roles.is_empty() || !self.empty_roles.is_empty()
    }
}

/// Scans the process arguments.
pub(crate) fn parse() -> Result<LowArgs, Error> {
    parse_from(std::env::args_os().skip(1))
}

/// Scans `args` (without the program name).
pub fn parse_from<I>(args: I) -> Result<LowArgs, Error>
where
    I: IntoIterator,
    I::Item: Into<std::ffi::OsString>,
{
    let mut p = lexopt::Parser::from_args(args);
    let mut low = LowArgs::default();
    let mut topic = Topic::Root;
    let (mut help, mut version) = (false, false);
    while let Some(arg) = p.next()? {
        // Own the flag's name so the parser can be borrowed again for its value.
        let flag = match arg {
            Short(c) => format!("-{c}"),
            Long(name) => format!("--{name}"),
            Value(word) => {
                topic = command_word(topic, word.string()?)?;
                continue;
            }
        };
        match flag.as_str() {
            "-h" | "--help" => help = true,
            "--version" if topic == Topic::Root => version = true,
            "-P" | "--profile" => low.profile = Some(value(&mut p, "--profile")?),
            "-D" | "--debug" => low.debug = true,
            _ if topic == Topic::Invite => invite_flag(&mut p, &mut low, &flag)?,
            _ => return Err(unknown_flag(&flag)),
        }
    }
    low.mode = match (help, version, topic) {
        (true, _, topic) => Mode::Help(topic),
        (false, true, _) => Mode::Version,
        (false, false, Topic::Invite) => Mode::Invite,
        (false, false, other) => Mode::Help(other),
    };
    Ok(low)
}

/// Moves down the command tree by one word.
fn command_word(topic: Topic, word: String) -> Result<Topic, Error> {
    match (topic, word.as_str()) {
        (Topic::Root, "users" | "user") => Ok(Topic::Users),
        (Topic::Users, "invite") => Ok(Topic::Invite),
        (Topic::Root, _) => Err(Error::usage(format!(
            "unknown command \"{word}\" for \"atlas\": this build only has `atlas users invite`"
        ))),
        (Topic::Users, _) => Err(Error::usage(format!(
            "unknown command \"{word}\" for \"atlas users\": this build only has `atlas users invite`"
        ))),
        (Topic::Invite, _) => Err(Error::usage(format!(
            "unexpected argument \"{word}\": `atlas users invite` takes flags only (see --help)"
        ))),
    }
}

/// Handles one flag of `users invite`.
fn invite_flag(p: &mut lexopt::Parser, low: &mut LowArgs, flag: &str) -> Result<(), Error> {
    match flag {
        "--email" => low.email = Some(value(p, flag)?),
        "--username" => low.username = Some(value(p, flag)?),
        "--firstName" => low.first_name = Some(value(p, flag)?),
        "--lastName" => low.last_name = Some(value(p, flag)?),
        "--country" => low.country = Some(value(p, flag)?),
        "--password" => low.password = Some(value(p, flag)?),
        "--mobile" => low.mobile = Some(value(p, flag)?),
        "--apiVersion" => low.api_version = Some(value(p, flag)?),
        "--file" => low.file = Some(value(p, flag)?),
        "--ifNotExists" => low.if_not_exists = true,
        "--dryRun" => low.dry_run = true,
        "--orgRole" | "--projectRole" => {
            let v = value(p, flag)?;
            low.add_roles(&flag[2..], &v);
        }
        "-o" | "--output" => low.output = Some(value(p, "--output")?),
        _ => return Err(unknown_flag(flag)),
    }
    Ok(())
}

/// The error for a flag no command level knows, with a spelling hint when one fits.
fn unknown_flag(flag: &str) -> Error {
    let see = "(see 'atlas users invite --help')";
    match flag.strip_prefix("--") {
        Some(name) => Error::usage(format!("unknown flag: {flag}{} {see}", case_hint(name))),
        None => Error::usage(format!(
            "unknown shorthand flag: '{}' in {flag} {see}",
            &flag[1..]
        )),
    }
}

/// Reads the value of a flag as UTF-8.
fn value(p: &mut lexopt::Parser, flag: &str) -> Result<String, Error> {
    let raw = p
        .value()
        .map_err(|_| Error::usage(format!("flag needs an argument: {flag}")))?;
    raw.into_string()
        .map_err(|_| Error::usage(format!("flag {flag}: value is not valid UTF-8")))
}

/// Suggests the camelCase spelling when a flag differs only in case or dashes.
fn case_hint(name: &str) -> String {
    const FLAGS: [&str; 15] = [
        "email",
        "username",
        "firstName",
        "lastName",
        "country",
        "password",
        "mobile",
        "orgRole",
        "projectRole",
        "output",
        "profile",
        "apiVersion",
        "file",
        "ifNotExists",
        "dryRun",
    ];
    let norm = |s: &str| s.replace(['-', '_'], "").to_ascii_lowercase();
    match FLAGS.iter().find(|f| norm(f) == norm(name)) {
        Some(f) => format!(" (did you mean --{f}?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<LowArgs, Error> {
        parse_from(args.iter().copied())
    }

    #[test]
    fn invite_flags_in_both_forms() {
        let low = parse(&[
            "users",
            "invite",
            "--email=a@b.co",
            "--username",
            "u@b.co",
            "--firstName",
            "A",
            "--lastName=B",
            "--country",
            "US",
            "-o",
            "json",
            "-P=prof",
        ])
        .unwrap();
        assert_eq!(low.mode, Mode::Invite);
        assert_eq!(low.email.as_deref(), Some("a@b.co"));
        assert_eq!(low.username.as_deref(), Some("u@b.co"));
        assert_eq!(low.last_name.as_deref(), Some("B"));
        assert_eq!(low.output.as_deref(), Some("json"));
        assert_eq!(low.profile.as_deref(), Some("prof"));
    }

    #[test]
    fn roles_repeat_and_split_on_commas() {
        let low = parse(&[
            "user",
            "invite",
            "--orgRole",
            "a:X,b:Y",
            "--projectRole=c:Z",
            "--orgRole",
            "d:W",
        ])
        .unwrap();
        assert_eq!(low.org_roles, ["a:X", "b:Y", "d:W"]);
        assert_eq!(low.project_roles, ["c:Z"]);
    }

    #[test]
    fn help_and_version_modes() {
        assert_eq!(parse(&[]).unwrap().mode, Mode::Help(Topic::Root));
        assert_eq!(parse(&["--version"]).unwrap().mode, Mode::Version);
        assert_eq!(parse(&["users"]).unwrap().mode, Mode::Help(Topic::Users));
        assert_eq!(
            parse(&["users", "invite", "--email", "x", "-h"])
                .unwrap()
                .mode,
            Mode::Help(Topic::Invite)
        );
        assert_eq!(
            parse(&["-P", "p", "users", "invite"]).unwrap().profile,
            Some("p".into())
        );
    }

    #[test]
    fn unknown_flags_and_commands() {
        let msg = |a: &[&str]| parse(a).unwrap_err().to_string();
        assert_eq!(
            msg(&["users", "invite", "--firstname", "x"]),
            "unknown flag: --firstname (did you mean --firstName?) (see 'atlas users invite --help')"
        );
        assert!(msg(&["clusters"]).starts_with("unknown command \"clusters\" for \"atlas\""));
        assert!(msg(&["users", "invite", "extra"]).starts_with("unexpected argument \"extra\""));
        assert_eq!(
            msg(&["users", "invite", "--email"]),
            "flag needs an argument: --email"
        );
        assert!(msg(&["--email", "x"]).starts_with("unknown flag: --email"));
    }
}
