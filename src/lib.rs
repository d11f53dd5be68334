//! atlas-invite: the library behind the `atlas` binary. The tree follows the pipeline:
//! `input` (what was typed), `config` (environment, config.toml, resolution into one
//! validated invite), `auth` and `net` (sending it), `api` and `render` (the answer).
//! `console` is the one door to stderr and stdout; `error` the one error type.
//!
//! The modules are private to the crate; the items below are public only so the
//! integration tests can drive the parsers and renderers directly.

pub(crate) mod api;
pub(crate) mod auth;
pub(crate) mod batch;
pub(crate) mod config;
pub mod console;
pub(crate) mod dryrun;
pub mod error;
pub(crate) mod gofmt;
pub(crate) mod input;
pub(crate) mod invite;
pub(crate) mod net;
pub(crate) mod render;

pub use app::{run, Printed};
mod app;

/// Parsers and renderers, for the integration tests and the fuzzer.
pub mod testing {
    pub use crate::api::{error_message, AppUser};
    pub use crate::auth::digest;
    pub use crate::config::toml;
    pub use crate::input::cli::parse_from as parse_args;
    pub use crate::input::password::read_keys;
    pub use crate::input::records::csv_rows;
    pub use crate::net::dns;
    pub use crate::net::url::Url;
    pub use crate::render::json;
    pub use crate::render::jsonpath::JsonPath;
    pub use crate::render::template::Template;
    pub use crate::render::{go_value, json_value, sample, Output};
}
