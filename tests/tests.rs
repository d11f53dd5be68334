//! The one integration test crate: every suite is a module, and `support` (the mock Atlas,
//! its CA, the Apache, proxy, Go and Python peers, the command builder) compiles once.
//!
//! Run one suite with a filter: `cargo test --test tests -- invite::`.

mod support;

mod batch;
mod config;
mod csv_diff;
mod empty_root;
mod ensure;
mod float_diff;
mod formats;
mod fuzz;
mod go_crosscheck;
mod hostile;
mod hostile_files;
mod interop;
mod invite;
mod jsonl_diff;
mod long_runs;
mod members;
mod mock_api;
mod output;
mod promises;
mod prompt;
mod release;
mod retry_diff;
mod teams;
mod template_diff;
mod terminal;
mod toml_diff;
