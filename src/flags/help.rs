//! Help and version texts, one per command level and one for the `help` command,
//! following the official reference and cobra's layout; the flags of `users invite` are
//! listed from the flag table.

use super::defs;

/// What `atlas --help` says before its usage.
const ROOT_ABOUT: &str = "\
CLI tool to manage MongoDB Atlas (this build: `atlas users invite` only).
";

/// `atlas`'s usage: the part of its help that an unknown help topic shows.
const ROOT_USAGE: &str = "\
Usage:
  atlas [command]

Available Commands:
  help        Help about any command
  users       Manage your Atlas users.

Flags:
  -h, --help             help for atlas
  -P, --profile string   Name of the profile to use from your configuration file.
      --version          version for atlas

Use \"atlas users invite --help\" for more information about the command.
";

/// `atlas users --help`.
pub(crate) const USERS: &str = "\
Manage your Atlas users.

Usage:
  atlas users [command]

Aliases:
  users, user

Available Commands:
  invite      Create an Atlas user for your MongoDB Atlas application and invite the Atlas user to your organizations and projects.

Flags:
  -h, --help   help for users

Global Flags:
  -P, --profile string   Name of the profile to use from your configuration file.
";

/// `atlas --help`, `atlas help`.
pub(crate) fn root() -> String {
    format!("{ROOT_ABOUT}\n{ROOT_USAGE}")
}

/// `atlas help WORDS` when the words name no command, as cobra's help command says it
/// (Go's `%#q` of the words), with a suggestion for the first unknown one when it has one.
pub(crate) fn unknown_topic(words: &[String], hint: &str) -> String {
    let quoted: Vec<String> = words.iter().map(|w| backquoted(w)).collect();
    format!(
        "Unknown help topic [{}]{hint}\n{ROOT_USAGE}",
        quoted.join(" ")
    )
}

/// Go's `%#q` of a string: in backquotes when it can be, else double-quoted with escapes.
fn backquoted(word: &str) -> String {
    let plain = |c: char| c == '\t' || !(c.is_control() || c == '`' || c == '\u{feff}');
    match word.chars().all(plain) {
        true => format!("`{word}`"),
        false => crate::gostd::quote(word),
    }
}

/// `atlas help help`, `atlas help --help`: the help command's own help.
pub(crate) fn help() -> String {
    format!(
        "\
Help provides help for any command in the application.
Simply type atlas help [path to command] for full details.

Usage:
  atlas help [command] [flags]

Flags:
  -h, --help   help for help

Global Flags:
{}",
        defs::usage(true)
    )
}

/// What `atlas users invite --help` says before its flags.
const INVITE_ABOUT: &str = "\
Create an Atlas user for your MongoDB Atlas application and invite the Atlas user to your organizations and projects.

An Atlas user account grants access only to the MongoDB Atlas application. To grant database access, create a database user with atlas dbusers create.

Usage:
  atlas users invite [flags]

Aliases:
  atlas users invite
  atlas user invite

Examples:
  # Create the Atlas user with the username user@example.com and invite them to the organization with the ID 5dd56c847a3e5a1f363d424d with ORG_OWNER access:
  atlas users invite --email user@example.com --username user@example.com --orgRole 5dd56c847a3e5a1f363d424d:ORG_OWNER --firstName Example --lastName User --country US --output json

  # Create the Atlas user with the username user@example.com and invite them to the project with the ID 5f71e5255afec75a3d0f96dc with GROUP_READ_ONLY access:
  atlas users invite --email user@example.com --username user@example.com --projectRole 5f71e5255afec75a3d0f96dc:GROUP_READ_ONLY --firstName Example --lastName User --country US --output json

  # Invite everyone in team.csv (username,firstName,lastName,country,orgRole), safe to re-run:
  atlas users invite --file team.csv --password \"$INITIAL_PASSWORD\" --ifNotExists

  # The same through the 2025-02-19 org user endpoint, which takes only the username and roles:
  atlas users invite --email user@example.com --username user@example.com --orgRole 5dd56c847a3e5a1f363d424d:ORG_OWNER --firstName Example --lastName User --country US --apiVersion 2025-02-19
";

/// What it says after them.
const INVITE_EXIT: &str = "\
Exit codes: 0 invited, 1 Atlas refused, 2 bad input (nothing sent), 3 Atlas unreachable or
no answer, 4 invited but the answer could not be read or rendered, 130 and 143
interrupted (SIGINT, SIGTERM).
";

/// `atlas users invite --help`: the text around the flag table's rows.
pub(crate) fn invite() -> String {
    format!(
        "{INVITE_ABOUT}\nFlags:\n{}\nGlobal Flags:\n{}\n{INVITE_EXIT}",
        defs::usage(false),
        defs::usage(true)
    )
}

/// `atlas --version`.
pub(crate) fn version() -> String {
    format!(
        "atlas version: {} (atlas-invite)\n",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_rows_align_per_section_as_cobra_does() {
        let help = invite();
        for line in [
            "      --apiVersion string     Atlas API version: 2023-01-01 (createUser, as the official CLI), 2025-02-19\n                              (createOrgUser per organization,",
            "      --dryRun                Print every request",
            "  -h, --help                  help for invite\n",
            "  -o, --output string         Output format:",
            "\nGlobal Flags:\n  -D, --debug            Trace requests and responses on stderr, secrets redacted.\n  -P, --profile string   Name of the profile to use from your configuration file.\n\nExit codes:",
        ] {
            assert!(help.contains(line), "{line}");
        }
    }

    #[test]
    fn help_for_help_and_unknown_topics_as_cobra_prints_them() {
        assert!(help().starts_with(
            "Help provides help for any command in the application.\nSimply type atlas help [path to command] for full details.\n\nUsage:\n  atlas help [command] [flags]\n\nFlags:\n  -h, --help   help for help\n\nGlobal Flags:\n"
        ));
        assert!(help().ends_with(
            "  -P, --profile string   Name of the profile to use from your configuration file.\n"
        ));
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            unknown_topic(&words(&["nonsense"]), ""),
            format!("Unknown help topic [`nonsense`]\n{ROOT_USAGE}")
        );
        assert!(unknown_topic(&words(&["users", "invte"]), " (did you mean invite?)")
            .starts_with("Unknown help topic [`users` `invte`] (did you mean invite?)\nUsage:\n  atlas [command]\n"));
        assert!(unknown_topic(&words(&["a`b", "c\u{1b}"]), "")
            .starts_with("Unknown help topic [\"a`b\" \"c\\x1b\"]\n"));
        assert!(root().starts_with("CLI tool to manage MongoDB Atlas"));
        assert!(root().ends_with(ROOT_USAGE));
        assert!(ROOT_USAGE.contains(
            "\n  help        Help about any command\n  users       Manage your Atlas users.\n"
        ));
    }
}
