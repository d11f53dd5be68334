//! Scanning the arguments with lexopt into `LowArgs`: the command words, then each flag
//! looked up in the one table (`defs`) and stored where its row says.

use lexopt::Arg::{Long, Short, Value};
use lexopt::ValueExt;

use super::defs::{self, Flag, Takes};
use super::lowargs::{LowArgs, Mode, Topic};
use crate::error::Error;

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
    let mut version = false;
    while let Some(arg) = p.next()? {
        let (row, typed) = match arg {
            Value(word) => {
                topic = command_word(topic, word.string()?)?;
                continue;
            }
            Long("version") if topic == Topic::Root => {
                version = true;
                continue;
            }
            Short(c) => (defs::short(c), format!("-{c}")),
            Long(name) => (defs::long(name), format!("--{name}")),
        };
        // Global flags and --help work at every level; the rest belong to `users invite`.
        let known = row.filter(|f| f.global || f.name == "help" || topic == Topic::Invite);
        let Some(flag) = known else {
            return Err(unknown_flag(&typed));
        };
        match flag.takes {
            Takes::Value { get, set } => {
                let v = value(&mut p, flag)?;
                if let Some(first) = get(&low).as_ref().filter(|_| !flag.official) {
                    return Err(Error::usage(format!(
                        "flag --{} given twice ({first:?} and {v:?}): give it once",
                        flag.name
                    )));
                }
                *set(&mut low) = Some(v);
            }
            Takes::List(_) => {
                let v = value(&mut p, flag)?;
                add_list(&mut low, flag, &v);
            }
            Takes::Switch(set) => *set(&mut low) = true,
        }
    }
    low.mode = match (low.help, version, topic) {
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

/// Reads the value of `flag` as UTF-8.
fn value(p: &mut lexopt::Parser, flag: &Flag) -> Result<String, Error> {
    let name = flag.name;
    let raw = p
        .value()
        .map_err(|_| Error::usage(format!("flag needs an argument: --{name}")))?;
    raw.into_string()
        .map_err(|_| Error::usage(format!("flag --{name}: value is not valid UTF-8")))
}

/// Suggests the camelCase spelling when a flag differs only in case or dashes.
fn case_hint(name: &str) -> String {
    let norm = |s: &str| s.replace(['-', '_'], "").to_ascii_lowercase();
    match defs::FLAGS.iter().find(|f| norm(f.name) == norm(name)) {
        Some(f) => format!(" (did you mean --{}?)", f.name),
        None => String::new(),
    }
}

/// Adds a list flag's value (`--orgRole`, `--projectRole`), split on commas as the
/// official string-slice flags do; an empty piece is noted once for the value.
pub(crate) fn add_list(low: &mut LowArgs, flag: &'static Flag, v: &str) {
    let Takes::List(slot) = flag.takes else {
        return;
    };
    slot(low).extend(v.split(',').filter(|r| !r.is_empty()).map(str::to_string));
    if v.split(',').any(str::is_empty) {
        low.empty_roles.push((flag.name, v.to_string()));
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
