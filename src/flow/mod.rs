//! The flows of an invite: a single one from the flags (`single`), one per record of
//! `--file` (`file`), and `--dryRun` (`dryrun`). `inviter` sends one user's calls on the
//! session a run shares (the version switch, the lookups, the memberships); `outcome`
//! says what each produced, and `report` a file run's lines and summary. Only `app` calls in here.

pub(crate) mod dryrun;
mod ensure;
pub(crate) mod file;
mod inviter;
mod outcome;
mod report;
pub(crate) mod single;

pub use outcome::Printed;
