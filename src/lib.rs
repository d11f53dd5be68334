//! atlas-invite: the library behind the `atlas` binary, a drop-in for the MongoDB Atlas
//! CLI's `atlas users invite`. This page is the architecture; the README is the user's
//! manual, `tests/tests.rs` the test catalogue, and `tests/support/bench_main.rs` the
//! benchmark's method.
//!
//! # Layers
//!
//! The tree follows the pipeline, one concern per folder. Nothing imports upward, no two
//! files or top-level modules import each other, and no function is over 80 lines.
//!
//! - `main.rs` and `app`: create the console, scan and resolve the arguments, dispatch on
//!   the mode (`app` is the only caller of `flow`), print the result or the error, exit
//!   with the error's code.
//! - `lowargs` and `flags/`: what was typed. `flags/defs.rs` is the one table of flags
//!   (name, value or switch, file column, required, which API version sends it, help
//!   text) that the lexopt scan (`flags/parse.rs`), `--help` (`flags/help.rs`), the
//!   spelling hints, the `--file` columns and the merging of records all read.
//! - `hiargs`: the flags resolved with the environment and config.toml (`config/`: `env`,
//!   the profiles, a TOML 1.1 reader) into one validated `HiArgs`: the invitees, the base
//!   URL, the authentication, the network, the bounds, and what the run prints.
//! - `users/`: the people to invite, from the flags or a `--file` (`records`: CSV through
//!   csv-core, JSON Lines through the strict reader), merged with the flags, validated
//!   (`validate`, `roles`, `country`, `password`, `shown` for how a value is quoted,
//!   `problems` for grouping a file's problems). A file is read in passes that keep one
//!   record at a time: once whole to validate, then again as each phase of the run needs.
//! - `plan/`: the one planner. From an invitee, the API version and where the person
//!   stands in each organization and project (`known`: what the reads found), the calls
//!   that make Atlas hold what the record asks (`Step`: an invitation, an addition,
//!   createUser), and `prune` for what `--prune` takes away; `grant` names what a call
//!   gives or takes, in words and in JSON. The dry run, `--plan` and the real run all
//!   take their calls from here.
//! - `flow/`: the runs. `single` (one invite), `file` (a file: reads, records, removals,
//!   the report), `dryrun`, `preview` (`--plan`); `inviter` sends one person's plan on the
//!   session a run shares; `read` the paged reads; `remove` the removals and their guard;
//!   `answer` reads Atlas's answers into users, members or errors; `halt` says why a run
//!   stops and what each result is; `outcome` and `report` what each person got and the
//!   lines and summary of a file run.
//! - `api/`: Atlas's API as this program speaks it. `calls` builds every request (method,
//!   path, media type, body) and nothing else builds one; `members` decodes the
//!   2025-02-19 answers; `mod.rs` holds createUser's user, the role and team types, the
//!   one username comparison and the official error line.
//! - `auth/`: the session (`session`: one kept-alive connection and one authentication
//!   for a whole run, the rate-limit policy, signals checked before every request), the
//!   RFC 7616 Digest client (`digest`) and service-account tokens (`token`).
//! - `net/`: one HTTP exchange over ureq (`transport`), our resolver (`dns`), TLS roots
//!   (`tls`), Go's proxy rules (`proxy`), URLs (`url`), waits and Retry-After (`retry`).
//! - `render/`: the `-o` formats: the official text, JSON, JSONPath, Go's text/template
//!   (`template/`: lexer, parser, executor, functions, values, fmt) through Go's tabwriter,
//!   the 2025-02-19 members as the SDK prints them, Go's time.
//! - Leaves every layer uses: `console` (the one door to stderr and stdout: it owns the
//!   run's secrets, scrubs text from outside, keeps the status line out of the way, and
//!   hands the signal watcher a `Send` handle to the same streams), `error` (the one error
//!   type: each kind carries its exit code, and whether a failed request may have taken
//!   effect is a field the transport sets), `signals` (SIGINT and SIGTERM taken by one
//!   watcher thread with `sigwait`), `fs` (bounded reads of regular files), `json` (the
//!   Go-compatible writer and a strict reader) and `gostd` (Go's standard-library
//!   conventions: strconv's quoting and the one float printer, fmt's `%v`, url escaping,
//!   status lines, the calendar).
//!
//! There is no global or thread-local mutable state: the console is created by `main` and
//! handed down; the signal watcher shares only an atomic, a condition variable and the
//! console's streams with the run.
//!
//! # One record, from the command line to the wire
//!
//! `atlas users invite --file team.csv --ensureMemberships`:
//!
//! 1. `flags::parse` fills `LowArgs` from the flag table; `hiargs::resolve` reads the
//!    environment, the secret files and config.toml, picks the API version (the flag
//!    takes the 2025-02-19 endpoints over `auto`), and has `users::users` validate
//!    every record of the file (every problem reported, exit 2, nothing sent).
//! 2. `app` hands the `HiArgs` to `flow::file::run`, which starts the signal watcher and
//!    an `Inviter` (its `Session`: one connection, one authentication).
//! 3. `plan::reads` lists the organizations (and projects invited alone) the records
//!    name; `flow::read` reads each, 500 members a page, into `plan::known::Known`.
//! 4. For each record, `Invitees::each` reads it again from the file text and merges it
//!    with the flags; `plan::person` turns it and what is known into steps: nothing for a
//!    member who has everything, the additions they lack (`plan::additions`), an
//!    invitation where they are not. `api::calls` built each step's request.
//! 5. `Inviter::invite` sends the steps through `Session::call` (Digest nonce reused with
//!    the next `nc`; a 429 waited out within the record's bound; a signal stops it before
//!    any request); a 409 to an invitation is looked up and planned again.
//! 6. `flow::halt::judge` makes the outcome a result, `flow::report` prints its line
//!    through the console, and the summary and exit code close the run.
//!
//! # How it talks to Atlas
//!
//! - createUser is `POST {base}/api/atlas/v2/users` with `Accept` and `Content-Type`
//!   `application/vnd.atlas.2023-01-01+json`, the body's fields in the official order, and
//!   `User-Agent: atlas-invite/<version> (linux; x86_64)`; the 2025-02-19 calls use
//!   `application/vnd.atlas.2025-02-19+json`.
//! - Host names are resolved like Go's pure resolver (`net/dns.rs`): `/etc/hosts`, then
//!   the `nameserver`s of `/etc/resolv.conf` (`search`, `ndots`, `timeout`, `attempts`),
//!   UDP then TCP. A libc resolver in a static binary is large (about 200 KB for glibc,
//!   which also loads NSS modules with `dlopen`).
//! - HTTP Digest is our own RFC 7616 client (`auth/digest.rs`): RFC 7235 challenge parsing
//!   (any spacing, quoted-string escapes, case-insensitive names, unknown parameters
//!   ignored, several challenges; the strongest supported wins), MD5, MD5-sess, SHA-256,
//!   SHA-256-sess, `qop=auth`, RFC 2069 no-qop, opaque echoed, userhash, a 128-bit cnonce
//!   from the OS random source; one renewal on `stale=true`; the nonce reused with
//!   increasing `nc` for the run's later calls (a 401 to a reused nonce is answered with
//!   the fresh challenge it carries). Challenge and answer share one connection.
//! - TLS through rustls with Mozilla's roots compiled in and ring's provider without the
//!   ChaCha20-Poly1305 suites (AES-GCM only; about 100 KB less: 2,621,840 bytes with the
//!   default provider, 2,520,336 without, on the earlier glibc build). Redirects are never
//!   followed.
//! - The standard library is rebuilt with the release profile (size-optimised, LTO across
//!   it and the program): most of the gap between a glibc build (2.43 MiB) and musl.
//!   Panics abort with their message rather than `-Cpanic=immediate-abort`, which would
//!   save about 320 KB (1,749,280 bytes against 1,427,288 when measured): a bug report
//!   that says where the program gave up is worth more, and the budget does not need it.
//!
//! # `unsafe`
//!
//! Three files, each `unsafe` block a call with no precondition beyond valid pointers,
//! with a SAFETY comment: the terminal's echo (`users/term.rs`, termios from `libc`), the
//! terminal's width (`console.rs`, `TIOCGWINSZ`), and the signal set, mask and `sigwait`
//! (`signals.rs`).
//! Test support uses `libc` directly (the benchmark's `wait4` and ptrace, `setrlimit`,
//! `kill`).
//!
//! # Dependencies
//!
//! ureq (rustls, no default provider), rustls (ring), lexopt, miniserde, md-5, and
//! csv-core (RFC 4180 records for `--file`: dependency-free and a few KB, where a
//! hand-written reader would have to earn its place); ring directly for SHA-256 and random
//! numbers, rustls-webpki directly to list signature algorithms for our provider, libc for
//! the terminal's termios and window size and the signal calls on every target (all three
//! already in the tree through rustls), and base64 for a service account's Basic credentials (already in the
//! tree through ureq; using it instead of our own encoder made the release binary 384
//! bytes smaller). The TOML reader is ours: the `toml` crate brings serde and a parser
//! framework to read a dozen strings, about 150 KB of a release build (measured: a minimal
//! program that parses a table with `toml` 0.9 grows from 292 KB to 446 KB with this
//! project's release profile).
//!
//! # The modules
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
    /// Every flag of the flag table, long name and short letter.
    pub fn flags() -> Vec<(&'static str, Option<char>)> {
        crate::flags::defs::FLAGS
            .iter()
            .map(|f| (f.name, f.short))
            .collect()
    }

    pub use crate::api::{error_message, same_username, username_key, AppUser};
    pub use crate::auth::digest;
    pub use crate::config::profile_name;
    pub use crate::config::toml;
    pub use crate::flags::parse::parse_from as parse_args;
    pub use crate::gostd::{
        float_json, float_v, format_float, path_escape, query_escape, quote, status_line,
    };
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

    /// A JSON value as Go's `json.Marshal` writes it (compact, keys sorted).
    pub fn go_json(v: &miniserde::json::Value) -> String {
        let mut w = crate::json::Writer::new(0);
        w.value(v);
        w.finish()
    }

    /// An answer body read as the run reads it and printed as `-o json` prints it (no
    /// final newline): `user` (createUser's), `org` and `group` (createOrgUser's and
    /// addGroupUsers'), `orgpage` and `grouppage` (a page of listOrgUsers or
    /// listGroupUsers, its members one after another); `None` when the run cannot read it.
    pub fn answer_json(shape: &str, body: &str) -> Option<String> {
        use crate::api::members::{page, Member, Target};
        let target = |s: &str| match s {
            "org" | "orgpage" => Target::Org(String::new()),
            _ => Target::Group(String::new()),
        };
        match shape {
            "user" => crate::api::AppUser::decode(body).map(|u| crate::render::json(&u)),
            "org" | "group" => {
                Member::decode(&target(shape), body).map(|m| crate::render::member::json(&m))
            }
            _ => page(&target(shape), body).map(|members| {
                let printed: Vec<String> =
                    members.iter().map(crate::render::member::json).collect();
                printed.join("\n")
            }),
        }
    }
}
