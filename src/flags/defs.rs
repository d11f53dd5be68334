//! Every flag of `atlas users invite`, once: the scanner, `--help`, the spelling hints, the
//! `--file` columns, the merging of records with flags and the 2025-02-19 note all read
//! this table, so a new flag is one row.

use crate::lowargs::LowArgs;

/// Where a flag's value goes in `LowArgs`.
pub(crate) enum Takes {
    /// One value (`--email x`). Given twice, an official flag's last value wins, as in
    /// the official CLI; one of ours is refused (see `Flag::official`).
    Value {
        get: fn(&LowArgs) -> &Option<String>,
        set: fn(&mut LowArgs) -> &mut Option<String>,
    },
    /// A list, repeatable and split on commas (`--orgRole a:X,b:Y`).
    List(fn(&mut LowArgs) -> &mut Vec<String>),
    /// A switch.
    Switch(fn(&mut LowArgs) -> &mut bool),
}

/// Which API versions send a flag's value to Atlas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sent {
    /// Both: the username and the roles.
    Always,
    /// Only createUser (2023-01-01): the person's details, which the 2025-02-19 endpoints
    /// leave to the invited person.
    CreateUser,
    /// Only createOrgUser (2025-02-19): teams, which createUser cannot join.
    OrgUser,
    /// Neither: it steers this program.
    Never,
}

/// One row of the table.
pub(crate) struct Flag {
    /// The long name, without `--`.
    pub(crate) name: &'static str,
    pub(crate) short: Option<char>,
    pub(crate) takes: Takes,
    /// Whether a `--file` record may give it, in a column of the same name.
    pub(crate) column: bool,
    /// Whether every user needs it (from the flag or, in a file, the column).
    pub(crate) required: bool,
    pub(crate) sent: Sent,
    /// `string`, `strings` or empty, as `--help` shows the value.
    pub(crate) kind: &'static str,
    /// The help text; a line break continues it in the help's text column.
    pub(crate) help: &'static str,
    /// Global flags are accepted at every command level.
    pub(crate) global: bool,
    /// The official CLI has it: given twice, its last value wins there, so here too. A
    /// value flag of ours given twice is refused, naming both.
    pub(crate) official: bool,
}

macro_rules! value {
    ($field:ident) => {
        Takes::Value {
            get: |a| &a.$field,
            set: |a| &mut a.$field,
        }
    };
}

/// A user's detail: a column, sent by createUser only.
const fn detail(name: &'static str, takes: Takes, required: bool, help: &'static str) -> Flag {
    Flag {
        name,
        short: None,
        takes,
        column: true,
        required,
        sent: Sent::CreateUser,
        kind: "string",
        help,
        global: false,
        official: true,
    }
}

/// A flag that steers this program: no column, never sent.
const fn steering(
    name: &'static str,
    takes: Takes,
    kind: &'static str,
    help: &'static str,
) -> Flag {
    Flag {
        name,
        short: None,
        takes,
        column: false,
        required: false,
        sent: Sent::Never,
        kind,
        help,
        global: false,
        official: true,
    }
}

/// Every flag of `users invite`, global ones last.
pub(crate) const FLAGS: &[Flag] = &[
    Flag {
        name: "username",
        short: None,
        takes: value!(username),
        column: true,
        required: true,
        sent: Sent::Always,
        kind: "string",
        help: "Name that identifies the user; must be an email address. Required.",
        global: false,
        official: true,
    },
    detail(
        "email",
        value!(email),
        true,
        "Email address for the user. Required.",
    ),
    detail(
        "firstName",
        value!(first_name),
        true,
        "First or given name for the user. Required.",
    ),
    detail(
        "lastName",
        value!(last_name),
        true,
        "Last name, family name, or surname for the user. Required.",
    ),
    detail(
        "country",
        value!(country),
        true,
        "ISO 3166-1 alpha-2 country code of the user's location (US, GB, ...). Required.",
    ),
    detail(
        "mobile",
        value!(mobile),
        false,
        "Mobile phone number for the user. Default: none.",
    ),
    detail(
        "password",
        value!(password),
        false,
        "Password for the user, at least 8 characters. Default: the first line of
standard input, or a masked prompt when it is a terminal.",
    ),
    Flag {
        name: "orgRole",
        short: None,
        takes: Takes::List(|a| &mut a.org_roles),
        column: true,
        required: false,
        sent: Sent::Always,
        kind: "strings",
        help: "orgID:ROLE, repeatable or comma-separated; orgID is 24 lowercase hex digits. ROLE is
ORG_OWNER, ORG_MEMBER, ORG_GROUP_CREATOR, ORG_BILLING_ADMIN,
ORG_BILLING_READ_ONLY, ORG_READ_ONLY or ORG_STREAM_PROCESSING_ADMIN.",
        global: false,
        official: true,
    },
    Flag {
        name: "projectRole",
        short: None,
        takes: Takes::List(|a| &mut a.project_roles),
        column: true,
        required: false,
        sent: Sent::Always,
        kind: "strings",
        help: "projectID:ROLE, repeatable or comma-separated; projectID is 24 lowercase hex digits.
ROLE is a GROUP_ role such as GROUP_OWNER, GROUP_READ_ONLY,
GROUP_CLUSTER_MANAGER, GROUP_DATA_ACCESS_ADMIN,
GROUP_DATA_ACCESS_READ_ONLY or GROUP_DATA_ACCESS_READ_WRITE.",
        global: false,
        official: true,
    },
    Flag {
        name: "teamId",
        short: None,
        takes: Takes::List(|a| &mut a.team_ids),
        column: true,
        required: false,
        sent: Sent::OrgUser,
        kind: "strings",
        help: "orgID:teamID, or teamID when the invite has one --orgRole organization;
repeatable or comma-separated. Adds the user to these teams in the same
createOrgUser call (2025-02-19 endpoints: auto uses them for such an invite).",
        global: false,
        official: false,
    },
    Flag {
        short: Some('o'),
        ..steering(
            "output",
            value!(output),
            "string",
            "Output format: json, json-path=<expr>, go-template=<template>,
go-template-file=<path>, or plaintext. Default: MONGODB_ATLAS_OUTPUT,
else the profile's output, else plaintext.",
        )
    },
    Flag {
        official: false,
        ..steering(
            "apiVersion",
            value!(api_version),
            "string",
            "Atlas API version: 2023-01-01 (createUser, as the official CLI), 2025-02-19
(createOrgUser per organization, addGroupUsers per project; they take
only the username and roles, so no password is read), or auto: createUser,
and 2025-02-19 when Atlas answers 410 Gone (createUser sunsets on
2027-07-01) or createUser cannot do the job (--teamId, --ensureMemberships,
--prune, a lapsed invitation). Default: ATLAS_API_VERSION, else auto.",
        )
    },
    Flag {
        official: false,
        ..steering(
            "file",
            value!(file),
            "string",
            "Invite one user per record of this CSV (header row) or JSON Lines file
(- for standard input); columns are the flag names, and flags fill
empty cells. The whole file is checked first; results print per line
(-o json: JSON Lines). Exit 0 all invited or existing, 1 any failed,
3 any unknown or not attempted.",
        )
    },
    steering(
        "ifNotExists",
        Takes::Switch(|a| &mut a.if_not_exists),
        "",
        "A user that already exists is a success (\"already exists\"), once a
file run's read of the organization or a lookup confirms it.",
    ),
    Flag {
        official: false,
        ..steering(
            "ensureMemberships",
            Takes::Switch(|a| &mut a.ensure_memberships),
            "",
            "An existing user gets the org roles, teams, projects and project roles the
invite asks for and lacks, through the 2025-02-19 additive calls; nothing
is removed. Implies --ifNotExists.",
        )
    },
    Flag {
        official: false,
        ..steering(
            "plan",
            Takes::Switch(|a| &mut a.plan),
            "",
            "Read what Atlas holds (the organizations and projects named) and print what
a run with the same flags would change, sending nothing but those reads;
-o json: one object per person. Needs the 2025-02-19 endpoints' reads.",
        )
    },
    Flag {
        official: false,
        ..steering(
            "prune",
            Takes::Switch(|a| &mut a.prune),
            "",
            "With --file: also remove what the file no longer asks, within the
organizations, teams and projects it names; implies --ensureMemberships.
Organization owners are kept. At most --maxRemovals removals.",
        )
    },
    Flag {
        official: false,
        ..steering(
            "maxRemovals",
            value!(max_removals),
            "int",
            "With --prune: the most removals one run may make; a run that would make
more sends nothing (exit 2). Default 5.",
        )
    },
    steering(
        "dryRun",
        Takes::Switch(|a| &mut a.dry_run),
        "",
        "Print every request that would be sent (password redacted) and exit 0;
no connection, no DNS, no password prompt.",
    ),
    Flag {
        short: Some('h'),
        ..steering(
            "help",
            Takes::Switch(|a| &mut a.help),
            "",
            "help for invite",
        )
    },
    Flag {
        short: Some('D'),
        global: true,
        ..steering(
            "debug",
            Takes::Switch(|a| &mut a.debug),
            "",
            "Trace requests and responses on stderr, secrets redacted.",
        )
    },
    Flag {
        short: Some('P'),
        global: true,
        ..steering(
            "profile",
            value!(profile),
            "string",
            "Name of the profile to use from your configuration file.",
        )
    },
];

/// The row of `--name`.
pub(crate) fn long(name: &str) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| f.name == name)
}

/// The row of `-c`.
pub(crate) fn short(c: char) -> Option<&'static Flag> {
    FLAGS.iter().find(|f| f.short == Some(c))
}

/// The flags a `--file` record may give, as columns.
pub(crate) fn columns() -> impl Iterator<Item = &'static Flag> {
    FLAGS.iter().filter(|f| f.column)
}

/// `--help`'s lines for the flags of one section (global or not), sorted by name and
/// aligned as cobra aligns them: the text column three spaces past the longest name.
pub(crate) fn usage(global: bool) -> String {
    let mut rows: Vec<&Flag> = FLAGS.iter().filter(|f| f.global == global).collect();
    rows.sort_by_key(|f| f.name);
    let names: Vec<String> = rows
        .iter()
        .map(|f| format!("--{} {}", f.name, f.kind).trim_end().to_string())
        .collect();
    let width = names.iter().map(String::len).max().unwrap_or(0) + 3;
    let mut out = String::new();
    for (f, name) in rows.iter().zip(&names) {
        let short = match f.short {
            Some(c) => format!("  -{c}, "),
            None => "      ".into(),
        };
        let indent = format!("\n{}", " ".repeat(6 + width));
        out.push_str(&format!(
            "{short}{name:<width$}{}\n",
            f.help.replace('\n', &indent)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_columns_are_the_user_fields() {
        for (i, f) in FLAGS.iter().enumerate() {
            assert!(FLAGS[..i].iter().all(|g| g.name != f.name), "{}", f.name);
            assert!(
                f.short.is_none() || FLAGS[..i].iter().all(|g| g.short != f.short),
                "{}",
                f.name
            );
        }
        let columns: Vec<&str> = columns().map(|f| f.name).collect();
        assert_eq!(
            columns,
            [
                "username",
                "email",
                "firstName",
                "lastName",
                "country",
                "mobile",
                "password",
                "orgRole",
                "projectRole",
                "teamId"
            ]
        );
    }
}
