//! The invite every test and the benchmark send: the reference page's first example.

/// The invite arguments of the reference page's first example.
pub const EXAMPLE: [&str; 14] = [
    "users",
    "invite",
    "--email",
    "user@example.com",
    "--username",
    "user@example.com",
    "--orgRole",
    "5dd56c847a3e5a1f363d424d:ORG_OWNER",
    "--firstName",
    "Example",
    "--lastName",
    "User",
    "--country",
    "US",
];

/// A password that passes validation; tests grep output for it.
pub const PASSWORD: &str = "S3cret-Passw0rd";
