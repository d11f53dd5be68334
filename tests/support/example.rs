//! The invites every test and the benchmark send: the reference page's first example, and
//! files of numbered users.

/// The reference page's first example without its role: the person alone, for tests that
/// give their own roles.
pub const PERSON: [&str; 12] = [
    "users",
    "invite",
    "--email",
    "user@example.com",
    "--username",
    "user@example.com",
    "--firstName",
    "Example",
    "--lastName",
    "User",
    "--country",
    "US",
];

/// The invite arguments of the reference page's first example: [`PERSON`] as an org owner.
pub const EXAMPLE: [&str; 14] = {
    let mut args = [""; 14];
    let mut i = 0;
    while i < PERSON.len() {
        args[i] = PERSON[i];
        i += 1;
    }
    args[12] = "--orgRole";
    args[13] = "5dd56c847a3e5a1f363d424d:ORG_OWNER";
    args
};

/// A password that passes validation; tests grep output for it.
pub const PASSWORD: &str = "S3cret-Passw0rd";

/// The organization the users of [`users_csv`] join.
pub const ORG: &str = "5dd56c847a3e5a1f363d424d";

/// A CSV of users 1..=n: `user<i>@example.com`, `First<i>`, `Last<i>`, US, ORG_MEMBER of
/// [`ORG`] (the password comes from the flag).
pub fn users_csv(n: usize) -> String {
    let mut text = String::from("username,firstName,lastName,country,orgRole\n");
    for i in 1..=n {
        text.push_str(&format!(
            "user{i}@example.com,First{i},Last{i},US,{ORG}:ORG_MEMBER\n"
        ));
    }
    text
}
