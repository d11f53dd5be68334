//! Role assignments: the `ID:ROLE` syntax and the whitelist of role names per flag.
//!
//! The API dropped its role enum in 2026, so the list lives here; keeping org and project
//! roles apart catches the common mistake of passing a GROUP_ role to --orgRole.

use crate::users::shown::Shown;

/// The longest role value quoted whole: an id, a colon and the longest role name.
pub(crate) const MAX_ROLES_SHOWN: usize = 64;

/// Organization roles accepted by --orgRole.
pub(crate) const ORG_ROLES: [&str; 7] = [
    "ORG_OWNER",
    "ORG_MEMBER",
    "ORG_GROUP_CREATOR",
    "ORG_BILLING_ADMIN",
    "ORG_BILLING_READ_ONLY",
    "ORG_READ_ONLY",
    "ORG_STREAM_PROCESSING_ADMIN",
];

/// Project roles accepted by --projectRole.
pub(crate) const PROJECT_ROLES: [&str; 26] = [
    "GROUP_OWNER",
    "GROUP_READ_ONLY",
    "GROUP_CLUSTER_MANAGER",
    "GROUP_DATA_ACCESS_ADMIN",
    "GROUP_DATA_ACCESS_READ_ONLY",
    "GROUP_DATA_ACCESS_READ_WRITE",
    "GROUP_SEARCH_INDEX_EDITOR",
    "GROUP_STREAM_PROCESSING_OWNER",
    "GROUP_BACKUP_MANAGER",
    "GROUP_OBSERVABILITY_VIEWER",
    "GROUP_DATABASE_ACCESS_ADMIN",
    "GROUP_ACCESS_MANAGER",
    "GROUP_ALERTS_MANAGER",
    "GROUP_BACKUP_CREATOR",
    "GROUP_BACKUP_EXPORT_OPERATOR",
    "GROUP_BACKUP_RECOVERY_OPERATOR",
    "GROUP_CLUSTER_CREATOR",
    "GROUP_CLUSTER_LOG_VIEWER",
    "GROUP_CLUSTER_RESILIENCE_TESTER",
    "GROUP_INDEX_MANAGER",
    "GROUP_MODEL_OWNER",
    "GROUP_NETWORK_ACCESS_MANAGER",
    "GROUP_REAL_TIME_PERFORMANCE_OPERATOR",
    "GROUP_REPLICA_SET_MANAGER",
    "GROUP_SUPPORT_ACCESS_MANAGER",
    "GROUP_TRIGGER_MANAGER",
];

pub(crate) use crate::api::{Role, Scope, Team};

impl Scope {
    /// The flag that takes roles of this scope.
    pub(crate) fn flag(self) -> &'static str {
        match self {
            Scope::Org => "--orgRole",
            Scope::Project => "--projectRole",
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Scope::Org => &ORG_ROLES,
            Scope::Project => &PROJECT_ROLES,
        }
    }
}

/// Parses and checks one `ID:ROLE` value; the role name is upper-cased as the official CLI does.
#[cfg(test)]
pub(crate) fn parse(scope: Scope, value: &str) -> Result<Role, crate::error::Error> {
    parse_as(
        scope,
        value,
        &|| format!("error parsing flag {}", scope.flag()),
        Shown { hidden: false },
    )
    .map_err(crate::error::Error::usage)
}

/// `parse`, with the problem starting `label` (say `error parsing flag --orgRole`, or for a
/// record what follows its line: `, column 8 (orgRole)`).
pub(crate) fn parse_as(
    scope: Scope,
    value: &str,
    label: &dyn Fn() -> String,
    shown: Shown,
) -> Result<Role, String> {
    let mut parts = value.split(':');
    let (Some(id), Some(name), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!(
            "{}: unexpected role format: {} (want ID:ROLE, e.g. 5dd56c847a3e5a1f363d424d:{})",
            label(),
            shown.bare(value, MAX_ROLES_SHOWN),
            scope.names()[0]
        ));
    };
    let name = name.to_ascii_uppercase();
    let mut problems = Vec::new();
    if !is_object_id(id) {
        problems.push(format!(
            "{} is not a 24-digit lowercase hexadecimal ID",
            shown.value(id, 24)
        ));
    }
    if !scope.names().contains(&name.as_str()) {
        let other = match scope {
            Scope::Org => Scope::Project,
            Scope::Project => Scope::Org,
        };
        if other.names().contains(&name.as_str()) {
            problems.push(format!("{name} is a role for {}", other.flag()));
        } else {
            problems.push(format!(
                "unknown role {name} (valid: {})",
                scope.names().join(", ")
            ));
        }
    }
    if problems.is_empty() {
        Ok(Role {
            scope,
            id: id.to_string(),
            name,
        })
    } else {
        Err(format!(
            "{} {}: {}",
            label(),
            shown.value(value, MAX_ROLES_SHOWN),
            problems.join("; ")
        ))
    }
}

/// Whether `s` is an Atlas object ID: exactly 24 lowercase hexadecimal digits.
pub(crate) fn is_object_id(s: &str) -> bool {
    s.len() == 24 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "5dd56c847a3e5a1f363d424d";

    #[test]
    fn accepts_and_uppercases() {
        let r = parse(Scope::Org, &format!("{ID}:org_owner")).unwrap();
        assert_eq!((r.id.as_str(), r.name.as_str()), (ID, "ORG_OWNER"));
        assert!(parse(Scope::Project, &format!("{ID}:GROUP_TRIGGER_MANAGER")).is_ok());
    }

    #[test]
    fn rejects_format_id_and_scope() {
        assert_eq!(
            parse(Scope::Org, "abc").unwrap_err().to_string(),
            "error parsing flag --orgRole: unexpected role format: abc (want ID:ROLE, e.g. 5dd56c847a3e5a1f363d424d:ORG_OWNER)"
        );
        assert!(parse(Scope::Org, "a:b:c")
            .unwrap_err()
            .to_string()
            .contains("unexpected role format: a:b:c"));
        let e = parse(Scope::Org, &format!("{ID}:GROUP_OWNER"))
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with("GROUP_OWNER is a role for --projectRole"),
            "{e}"
        );
        let e = parse(Scope::Project, "5DD56C847A3E5A1F363D424D:GROUP_NOPE")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("not a 24-digit lowercase hexadecimal ID; unknown role GROUP_NOPE"),
            "{e}"
        );
    }
}
