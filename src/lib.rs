//! atlas-invite: the library behind the `atlas` binary, split out so the output renderers
//! and parsers can be tested directly. The binary (`main.rs`) is the only user.

pub mod api;
pub mod auth;
pub mod cli;
pub mod config;
pub mod country;
pub mod digest;
pub mod dns;
pub mod env;
pub mod error;
pub mod gotime;
pub mod help;
pub mod invite;
pub mod json;
pub mod jsonpath;
pub mod output;
pub mod password;
pub mod proxy;
pub mod resolve;
pub mod retry;
pub mod roles;
pub mod secrets;
pub mod tabwriter;
pub mod template;
pub mod term;
pub mod tls;
pub mod toml;
pub mod transport;
pub mod url;
