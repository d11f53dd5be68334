//! What the user typed: flags scanned by lexopt, the help texts, the password from a pipe
//! or a masked prompt, and the validators for role and country values.

pub(crate) mod cli;
pub(crate) mod country;
pub(crate) mod file;
pub(crate) mod help;
pub(crate) mod password;
pub(crate) mod records;
pub(crate) mod roles;
mod term;
