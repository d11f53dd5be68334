//! The flows of an invite: a single one from the flags (`single`), one per record of
//! `--file` (`file`, with `read` for what Atlas holds and `remove` for `--prune`),
//! `--dryRun` (`dryrun`) and `--plan` (`preview`). `inviter` sends one person's planned
//! calls on the session a run shares; `answer` reads Atlas's answers; `outcome` says what
//! each produced, `halt` what each result is and why a run stops, and `report` a file
//! run's lines and summary. Only `app` calls in here.

mod answer;
pub(crate) mod dryrun;
pub(crate) mod file;
mod halt;
mod inviter;
mod outcome;
pub(crate) mod preview;
mod read;
mod remove;
mod report;
pub(crate) mod single;

pub use outcome::Printed;
