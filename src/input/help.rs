//! Help and version texts, one constant per command level, following the official reference.

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

/// `atlas users invite --help`.
pub(crate) const INVITE: &str = "\
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

Flags:
      --apiVersion string     Atlas API version: 2023-01-01 (createUser, as the official CLI), 2025-02-19
                              (createOrgUser per organization, addGroupUsers per project; they take
                              only the username and roles, so no password is read), or auto: createUser,
                              switching to 2025-02-19 only if Atlas answers 410 Gone (createUser sunsets
                              on 2027-07-01). Default: ATLAS_API_VERSION, else auto.
      --country string        ISO 3166-1 alpha-2 country code of the user's location (US, GB, ...). Required.
      --dryRun                Print every request that would be sent (password redacted) and exit 0;
                              no connection, no DNS, no password prompt.
      --email string          Email address for the user. Required.
      --file string           Invite one user per record of this CSV (header row) or JSON Lines file
                              (- for standard input); columns are the flag names, and flags fill
                              empty cells. The whole file is checked first; results print per line
                              (-o json: JSON Lines). Exit 0 all invited or existing, 1 any failed,
                              3 any unknown or not attempted.
      --firstName string      First or given name for the user. Required.
  -h, --help                  help for invite
      --ifNotExists           A user that already exists is a success (\"already exists\"), once a
                              lookup confirms it.
      --lastName string       Last name, family name, or surname for the user. Required.
      --mobile string         Mobile phone number for the user. Default: none.
      --orgRole strings       orgID:ROLE, repeatable or comma-separated; orgID is 24 hex digits. ROLE is
                              ORG_OWNER, ORG_MEMBER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN,
                              ORG_BILLING_READ_ONLY, ORG_READ_ONLY or ORG_STREAM_PROCESSING_ADMIN.
  -o, --output string         Output format: json, json-path=<expr>, go-template=<template>,
                              go-template-file=<path>, or plaintext. Default: MONGODB_ATLAS_OUTPUT,
                              else the profile's output, else plaintext.
      --password string       Password for the user, at least 8 characters. Default: the first line of
                              standard input, or a masked prompt when it is a terminal.
      --projectRole strings   projectID:ROLE, repeatable or comma-separated; projectID is 24 hex digits.
                              ROLE is a GROUP_ role such as GROUP_OWNER, GROUP_READ_ONLY,
                              GROUP_CLUSTER_MANAGER, GROUP_DATA_ACCESS_ADMIN,
                              GROUP_DATA_ACCESS_READ_ONLY or GROUP_DATA_ACCESS_READ_WRITE.
      --username string       Name that identifies the user; must be an email address. Required.

Global Flags:
  -D, --debug            Trace requests and responses on stderr, secrets redacted.
  -P, --profile string   Name of the profile to use from your configuration file.

Exit codes: 0 invited, 1 Atlas refused, 2 bad input (nothing sent), 3 Atlas unreachable or
no answer, 4 invited but the answer could not be read or rendered, 130 interrupted.
";

/// `atlas --version`.
pub(crate) fn version() -> String {
    format!(
        "atlas version: {} (atlas-invite)\n",
        env!("CARGO_PKG_VERSION")
    )
}
