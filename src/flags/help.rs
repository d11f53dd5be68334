//! Help and version texts, one per command level, following the official reference; the
//! flags of `users invite` are listed from the flag table.

use super::defs;

/// `atlas --help`.
pub(crate) const ROOT: &str = "\
CLI tool to manage MongoDB Atlas (this build: `atlas users invite` only).

Usage:
  atlas [command]

Available Commands:
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
no answer, 4 invited but the answer could not be read or rendered, 130 interrupted.
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
}
