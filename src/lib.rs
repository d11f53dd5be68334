//! atlas-invite: the library behind the `atlas` binary. The tree follows the pipeline:
//! `flags` (what was typed, from one table of flags), `hiargs` (flags, environment and
//! `config` resolved into one validated invite, with the `users` to invite), `flow` (a
//! single invite, a file, a dry run) sending through `auth` and `net`, and `api` and
//! `render` for the answers. `console` is the one door to stderr and stdout and owns the
//! secrets; `error` is the one error type; `signals` stops a file run cleanly; `fs`, `json` and `gostd` are leaves every layer
//! uses (bounded file reads, Go's JSON bytes, Go's formatting conventions).
//!
//! The modules are private to the crate; the items below are public only so the
//! integration tests can drive the parsers and renderers directly.

pub(crate) mod api;
mod app;
pub(crate) mod auth;
pub(crate) mod config;
pub mod console;
pub mod error;
pub(crate) mod flags;
pub(crate) mod flow;
pub(crate) mod fs;
pub mod gostd;
pub(crate) mod hiargs;
pub mod json;
pub(crate) mod lowargs;
pub(crate) mod net;
pub(crate) mod plan;
pub(crate) mod render;
pub(crate) mod signals;
pub(crate) mod users;

pub use app::run;
pub use flow::Printed;

/// Parsers and renderers, for the integration tests and the fuzzer.
pub mod testing {
    pub use crate::api::{error_message, AppUser};
    pub use crate::auth::digest;
    pub use crate::config::toml;
    pub use crate::flags::parse::parse_from as parse_args;
    pub use crate::gostd::{float_json, float_v, format_float};
    pub use crate::json;
    pub use crate::json::read::{parse as read_json, Rules as JsonRules};
    pub use crate::net::dns;
    pub use crate::net::retry::http_date;
    pub use crate::net::url::Url;
    pub use crate::render::jsonpath::JsonPath;
    pub use crate::render::template::Template;
    pub use crate::render::{go_value, json_value, sample, Output, Shape};
    pub use crate::users::password::read_keys;
    pub use crate::users::records::csv_rows;
}
