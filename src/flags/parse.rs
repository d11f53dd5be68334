//! Scanning the arguments with lexopt into `LowArgs`: the command words (and `help`'s
//! topic), then each flag looked up in the one table (`defs`) and stored where its row
//! says. A mistyped command gets cobra's suggestions.

use lexopt::Arg::{Long, Short, Value};
use lexopt::ValueExt;

use super::defs::{self, Flag, Takes};
use crate::error::Error;
use crate::lowargs::{LowArgs, Mode, Topic};

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
    // `atlas help [command]`: the words after `help` name the command to explain.
    let mut help_words: Option<Vec<String>> = None;
    let mut version = false;
    while let Some(arg) = p.next()? {
        let (row, typed) = match arg {
            Value(word) => {
                let word = word.string()?;
                match &mut help_words {
                    Some(words) => words.push(word),
                    None if topic == Topic::Root && word == "help" => help_words = Some(Vec::new()),
                    None => topic = command_word(topic, word)?,
                }
                continue;
            }
            Long("version") if topic == Topic::Root && help_words.is_none() => {
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
    low.mode = match (help_words, low.help, version, topic) {
        (Some(words), help, _, _) => help_topic(&mut low, words, help),
        (None, true, _, topic) => Mode::Help(topic),
        (None, false, true, _) => Mode::Version,
        (None, false, false, Topic::Invite) => Mode::Invite,
        (None, false, false, other) => Mode::Help(other),
    };
    Ok(low)
}

/// One step down the command tree (`users` or its alias `user`, then `invite`), as the
/// commands and `help`'s topics both walk it.
fn step(topic: Topic, word: &str) -> Option<Topic> {
    match (topic, word) {
        (Topic::Root, "users" | "user") => Some(Topic::Users),
        (Topic::Users, "invite") => Some(Topic::Invite),
        _ => None,
    }
}

/// The commands a level offers for suggestions: their names, not their aliases, and not
/// `help` (cobra suggests neither).
fn commands(topic: Topic) -> &'static [&'static str] {
    match topic {
        Topic::Root => &["users"],
        Topic::Users => &["invite"],
        Topic::Invite | Topic::Help => &[],
    }
}

/// Moves down the command tree by one word.
fn command_word(topic: Topic, word: String) -> Result<Topic, Error> {
    if let Some(next) = step(topic, &word) {
        return Ok(next);
    }
    let path = match topic {
        Topic::Root => "atlas",
        Topic::Users => "atlas users",
        Topic::Invite | Topic::Help => {
            return Err(Error::usage(format!(
                "unexpected argument \"{word}\": `atlas users invite` takes flags only (see --help)"
            )))
        }
    };
    let mut hint = did_you_mean(topic, &word);
    if hint.is_empty() {
        hint = ": this build only has `atlas users invite`".into();
    }
    Err(Error::usage(format!(
        "unknown command \"{word}\" for \"{path}\"{hint}"
    )))
}

/// The mode of `atlas help WORDS`: the help of the command the words name (`help` alone
/// names the help command, as `-h` after the words does), else an unknown topic.
fn help_topic(low: &mut LowArgs, words: Vec<String>, help_flag: bool) -> Mode {
    if help_flag || words == ["help"] {
        return Mode::Help(Topic::Help);
    }
    let mut topic = Topic::Root;
    for word in &words {
        match step(topic, word) {
            Some(next) => topic = next,
            None => {
                low.topic_hint = did_you_mean(topic, word);
                low.unknown_topic = words;
                return Mode::UnknownHelpTopic;
            }
        }
    }
    Mode::Help(topic)
}

/// ` (did you mean invite?)` when commands of `topic` are near `word` as cobra measures
/// it (a Levenshtein distance of at most 2, ignoring case, or a name that starts with
/// the word), else nothing.
fn did_you_mean(topic: Topic, word: &str) -> String {
    let word = word.to_lowercase();
    let near: Vec<&str> = commands(topic)
        .iter()
        .copied()
        .filter(|name| levenshtein(&word, name) <= 2 || name.starts_with(&word))
        .collect();
    match near.split_last() {
        None => String::new(),
        Some((last, [])) => format!(" (did you mean {last}?)"),
        Some((last, rest)) => format!(" (did you mean {} or {last}?)", rest.join(", ")),
    }
}

/// The fewest single-character insertions, deletions and substitutions that turn `a`
/// into `b`.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
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

/// Suggests the camelCase spelling when a flag differs only in case or dashes (a flag
/// spelt right but given to another command gets no hint but the help to see).
fn case_hint(name: &str) -> String {
    let norm = |s: &str| s.replace(['-', '_'], "").to_ascii_lowercase();
    let near = |f: &&Flag| f.name != name && norm(f.name) == norm(name);
    match defs::FLAGS.iter().find(near) {
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

    #[test]
    fn help_command_names_a_topic_as_cobras_does() {
        let mode = |a: &[&str]| parse(a).unwrap().mode;
        assert_eq!(mode(&["help"]), Mode::Help(Topic::Root));
        assert_eq!(mode(&["help", "users"]), Mode::Help(Topic::Users));
        assert_eq!(mode(&["help", "user", "invite"]), Mode::Help(Topic::Invite));
        assert_eq!(mode(&["help", "help"]), Mode::Help(Topic::Help));
        assert_eq!(mode(&["help", "--help"]), Mode::Help(Topic::Help));
        assert_eq!(mode(&["help", "users", "-h"]), Mode::Help(Topic::Help));
        let low = parse(&["-P", "p", "help", "users", "-D"]).unwrap();
        assert_eq!(
            (low.mode, low.profile.as_deref()),
            (Mode::Help(Topic::Users), Some("p"))
        );
        for (args, hint) in [
            (&["help", "nonsense"][..], ""),
            (&["help", "usres"], " (did you mean users?)"),
            (&["help", "users", "invte"], " (did you mean invite?)"),
            (&["help", "help", "users"], ""),
            (&["help", "users", "invite", "extra"], ""),
        ] {
            let low = parse(args).unwrap();
            assert_eq!(low.mode, Mode::UnknownHelpTopic, "{args:?}");
            assert_eq!(low.unknown_topic, args[1..], "{args:?}");
            assert_eq!(low.topic_hint, hint, "{args:?}");
        }
        // `help` is a command of the root only, and takes no flags of `users invite`.
        assert!(parse(&["users", "help"]).is_err());
        assert!(parse(&["help", "users", "invite", "--email", "x"]).is_err());
    }

    #[test]
    fn mistyped_commands_get_cobras_suggestions_on_one_line() {
        let msg = |a: &[&str]| parse(a).unwrap_err().to_string();
        assert_eq!(
            msg(&["user", "invte"]),
            "unknown command \"invte\" for \"atlas users\" (did you mean invite?)"
        );
        assert_eq!(
            msg(&["usres", "invite"]),
            "unknown command \"usres\" for \"atlas\" (did you mean users?)"
        );
        // A prefix, and any case, as cobra compares.
        assert!(msg(&["users", "inv"]).ends_with(" (did you mean invite?)"));
        assert!(msg(&["USRES"]).ends_with(" (did you mean users?)"));
        assert_eq!(
            msg(&["invite"]),
            "unknown command \"invite\" for \"atlas\": this build only has `atlas users invite`"
        );
        assert_eq!(
            msg(&["users", "invitation"]),
            "unknown command \"invitation\" for \"atlas users\": this build only has `atlas users invite`"
        );
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("usres", "users"), 2);
        assert_eq!(levenshtein("invte", "invite"), 1);
    }

    #[test]
    fn a_flag_of_another_command_is_not_suggested_to_itself() {
        let msg = |a: &[&str]| parse(a).unwrap_err().to_string();
        assert_eq!(
            msg(&["--email", "x"]),
            "unknown flag: --email (see 'atlas users invite --help')"
        );
        assert_eq!(
            msg(&["users", "--Email", "x"]),
            "unknown flag: --Email (did you mean --email?) (see 'atlas users invite --help')"
        );
    }
}
