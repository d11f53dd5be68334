//! Low-level arguments: what the user typed, barely converted (`parse` fills them from the
//! flag table). Nothing here reads the environment or judges values; `hiargs` does that
//! once parsing is over, so every problem can be reported in one run.

/// What the invocation asks for.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum Mode {
    /// Print the help of one command level and exit 0.
    Help(Topic),
    /// `atlas help WORDS` where the words name no command: say so and show the root
    /// usage on stderr, and exit 0, as cobra's help command does.
    UnknownHelpTopic,
    /// Print the version and exit 0.
    Version,
    /// Run `users invite`.
    Invite,
}

impl Default for Mode {
    fn default() -> Mode {
        Mode::Help(Topic::Root)
    }
}

/// Which help text to show.
#[derive(Debug, PartialEq, Eq, Clone, Copy, Default)]
pub enum Topic {
    #[default]
    Root,
    Users,
    Invite,
    /// `atlas help help`: the help command's own help.
    Help,
}

/// The flags of `atlas users invite` as typed; `None` means not given.
#[derive(Debug, Default, Clone)]
pub struct LowArgs {
    /// What to do, decided once all arguments are seen.
    pub(crate) mode: Mode,
    pub(crate) email: Option<String>,
    pub(crate) username: Option<String>,
    pub(crate) first_name: Option<String>,
    pub(crate) last_name: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) password: Option<String>,
    pub(crate) mobile: Option<String>,
    pub(crate) org_roles: Vec<String>,
    pub(crate) project_roles: Vec<String>,
    /// `--teamId`: `TEAM` or `ORG:TEAM`.
    pub(crate) team_ids: Vec<String>,
    /// List flags (`--orgRole "a:X,,"`) with an empty value between commas; the empty
    /// pieces are left out of the lists above and reported once per flag.
    pub(crate) empty_roles: Vec<(&'static str, String)>,
    pub(crate) output: Option<String>,
    pub(crate) profile: Option<String>,
    /// `--apiVersion`: 2023-01-01, 2025-02-19 or auto.
    pub(crate) api_version: Option<String>,
    /// `--file`: invite one user per record of this CSV or JSON Lines file (`-`: stdin).
    pub(crate) file: Option<String>,
    /// `--ifNotExists`: a user that already exists (confirmed by a lookup) is a success.
    pub(crate) if_not_exists: bool,
    /// `--dryRun`: print the requests instead of sending them.
    pub(crate) dry_run: bool,
    /// `--ensureMemberships`: an existing user gets what the record asks and lacks.
    pub(crate) ensure_memberships: bool,
    /// `--plan`: read what Atlas holds and print what a run would change.
    pub(crate) plan: bool,
    /// `--prune`: also remove what the file no longer asks.
    pub(crate) prune: bool,
    /// `--maxRemovals`: the most removals a `--prune` run may make.
    pub(crate) max_removals: Option<String>,
    pub(crate) debug: bool,
    /// `-h`/`--help` at any level.
    pub(crate) help: bool,
    /// The words after `atlas help` when they name no command.
    pub(crate) unknown_topic: Vec<String>,
    /// ` (did you mean users?)` for the first of them, when one fits.
    pub(crate) topic_hint: String,
}

impl LowArgs {
    /// Whether any role flag was given (valid or not).
    pub(crate) fn has_roles(&self) -> bool {
        !self.org_roles.is_empty()
            || !self.project_roles.is_empty()
            || self.empty_roles.iter().any(|(flag, _)| *flag != "teamId")
    }
}
