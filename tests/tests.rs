//! The one integration test crate: every suite is a module, and `support` compiles once.
//! Run one suite with a filter: `cargo test --test tests -- invite::`. The tests run the
//! built binary (`ATLAS_TEST_BIN` names another, say the arm64 release, run through
//! `ATLAS_TEST_RUNNER`, say `qemu-aarch64-static`) with an empty environment, and leave
//! nothing behind, also when they fail: temporary directories are removed when they go out
//! of scope (under the system temp dir, or `/tmp` when Apache's workers cannot pass through
//! it), the mock and the CONNECT proxy close their connections and end their threads when
//! dropped, started runs and spawned peers are killed and reaped (`support::Reaped`), and
//! Apache is stopped with its whole process group.
//!
//! # The peers
//!
//! - `support/mock/`: the mock Atlas, real server code, not a stub of the client: HTTPS
//!   with a fresh test CA per run (`support/certs.rs`), HTTP/1.1 keep-alive, Digest
//!   challenges shaped like the live ones (nonces with `+` and `/`) and every answer
//!   checked as RFC 7616 asks, service-account tokens, every request and connection
//!   recorded, answers scriptable per test (`script`, `answer_at` by method and path,
//!   stale nonces, 409, 429 with Retry-After, 500, an HTML page, slow, huge, trickling and
//!   cut answers, hang-ups, redirects), a token bucket with `RateLimit-*` headers, the
//!   invitation limit's 400, expiring tokens, createUser turning 410 after N users. One
//!   room per concern: `server.rs` (connections, TLS, replies), `auth.rs` (Digest,
//!   nonces, tokens), `routes.rs`, `legacy.rs` (createUser, getUserByName), `people/`
//!   (the 2025-02-19 endpoints' one store of people: createOrgUser and addGroupUsers
//!   checked against OrgUserRequest and GroupUserRequest, 409 only for PENDING or ACTIVE
//!   users, lapsed ones replaced with a new id; listOrgUsers and listGroupUsers paged
//!   (`itemsPerPage` at most 500, `pageNum`, statuses, `totalCount` as skewed as a test
//!   asks); the four additions and the five removals with the spec's shapes, refusing a
//!   role the user has (409) or a last role; `seed_status`, `seed_many`, `seed_after`,
//!   `project_in`), `limits.rs`, `wire.rs`. It also runs standalone
//!   (`cargo run --example mock-atlas`), which `make demo` uses (`make bench` builds it in).
//! - Independent implementations: `curl --digest` against the mock's server side, and our
//!   client against Apache httpd's `mod_auth_digest` (`support/apache.rs`, realm "MMS
//!   Public API", a CGI script or `mod_lua` answering); Go (`tests/gocheck`, Debian's
//!   golang-go: text/template and tabwriter on the SDK's shapes, strconv and fmt, and
//!   `http.ParseTime`, encoding/json, net/url, `strings.ToLower`); Python 3.11
//!   (`support/python.rs`: tomllib, csv, json, and a pty driver, `support/pty.rs`, that
//!   sets the terminal's size); Java (`support/java.rs`, `tests/javacheck`: the root
//!   locale's lower case Atlas compares usernames by).
//!
//! # The suites
//!
//! - `invite`: one invite end to end (bodies, headers, formats, validation, help and
//!   command suggestions, nothing sent on bad input). `output`, `formats` (106 template
//!   and 47 JSONPath cases, `support/format_cases.rs`), `go_crosscheck` (every template
//!   case through Go's own text/template and tabwriter: the same bytes) and
//!   `template_diff` (2,000 seeded random templates on a full and a just-invited answer,
//!   through Go and ours: the same bytes or the same error, and none Go renders refused
//!   before sending; `TEMPLATE_DIFF_CASES`, `TEMPLATE_DIFF_SEED` widen the hunt).
//! - `members` (the 2025-02-19 endpoints: every mapping with exact bodies and media types,
//!   nonce reuse, `auto` on 410, partial failures, 409, every format on both answer
//!   shapes, service accounts, lookups that name strangers), `teams`, `ensure`
//!   (`--ensureMemberships` against the mock's people: exactly what is missing, in order).
//! - `batch` (`--file`, `--ifNotExists`, `--dryRun`: 500 records on one connection, JSON
//!   Lines, bad records grouped by line ranges, mixed results, a cut connection, unreachable
//!   Atlas, CSV quoting, dry runs with no connection, Unicode usernames), `hostile_files`
//!   (stdout closed or full mid-run, repeated keys and flags, a password out of place, huge
//!   and deep shapes under a 192 MiB memory limit, a million bad records, records capped at
//!   1 MiB, linear checks, invisible characters).
//! - `desired` (desired state: reads counted page by page for 1,200 users, only the difference
//!   sent, lapsed invitations re-invited, a user invited between the read and the create,
//!   refused, rate-limited and failed reads, signals during reads, `--plan` against the
//!   run, and the dry run against the real run for every combination of version, roles,
//!   teams and membership flags).
//! - `prune` (offboarding: a person deleted from the file removed from the organization and
//!   nothing else; a role changed, added before the old one is removed; a team and a
//!   project left; owners kept; a file cut to half refused by `--maxRemovals` until it is
//!   raised; a projects-only file never touching organizations; covered removals not sent;
//!   lapsed users left alone; a re-run that changes nothing; SIGTERM between removals;
//!   removals held after a failed or unknown record; a failed removal and a 404; a refused
//!   read in scope; the refusals; `--plan --prune` against the run; `--dryRun --prune`),
//!   each counted at the mock and its people checked after.
//! - `promises` (where features meet, each counted at the server and each also
//!   run with a 410 switch, a 429 storm or an expiring token): SIGTERM while Atlas holds a
//!   Digest challenge or a token request (nothing authorized sent after it), between two
//!   additions and during a wait (`failed` with what was added, never `not attempted`);
//!   every grant in a record's result; `exists`, not `created`; a 409 to an addition
//!   counted as done; `-o json-path=$.teamIds` the same bytes for a new, updated and
//!   complete user; `ATLAS_MAX_WAIT` for a whole record (the lookup after a 409 included);
//!   one token across a dropped connection; the `USER_ALREADY_EXISTS` hint once.
//! - `long_runs` (the token bucket, a bucket shared with others, the invitation limit,
//!   expiring tokens, slow creates, the 410 switch mid-file, SIGINT and SIGTERM mid-file,
//!   wrong keys, the status line through a pseudo-terminal) and `terminal` (stdout and
//!   stderr on one terminal, 80 columns, a resize mid-run).
//! - `hostile` (the hostile-server matrix: challenges, huge, trickling and cut bodies,
//!   resets, retries, redirects, Retry-After dates that do not exist, lone surrogates,
//!   Ctrl-C; every failing scenario searched for secrets), `config` (real config files
//!   from `tests/fixtures` in a scratch HOME, precedence, secret files), `prompt` (the
//!   password prompt through a real pseudo-terminal), `interop` (curl and Apache, the
//!   2025-02-19 endpoints through Apache's Digest with its reused nonce, the benchmark's
//!   referee).
//! - Differential tests, seeded (size and seed from the environment): `toml_diff` (2,000
//!   documents, half damaged, against tomllib), `csv_diff` (2,000 files against Python's
//!   csv), `jsonl_diff` (3,000 lines, half damaged, against Python's json), `float_diff`
//!   (20,000 doubles in every form we print, against Go), `retry_diff` (5,000 HTTP dates
//!   in the three forms, half damaged, against Go's `http.ParseTime`), `json_diff` (4,000
//!   texts, half damaged, read with the error bodies' rules and written back, against Go's
//!   encoding/json: lone surrogates, repeated keys, numbers, escapes), `answers_diff`
//!   (2,000 each of createUser, createOrgUser and addGroupUsers answers and of both
//!   pages, against Go decoding them into the SDK's types and `MarshalIndent`),
//!   `quote_diff` (3,000 strings of controls, spaces, format characters, marks and every
//!   plane through `strconv.Quote` and a template's `%q`, `%+q` and `%#q`, against Go),
//!   `username_diff` (3,000 pairs of usernames in many scripts and cases: the key and the
//!   comparison against Java's `toLowerCase(Locale.ROOT)`, small sigmas read as one),
//!   `escape_diff` (3,000 strings through `url.QueryEscape` and `url.PathEscape`),
//!   `status_diff` (every status line from 100 to 999 against `http.StatusText`),
//!   `profile_diff` (3,000 profile names against the official `SetName` in Go: refused
//!   with a dot, quoted as typed, else `strings.ToLower`).
//! - `fuzz`: randomized inputs from fixed seeds to the Digest challenge parser, the TOML
//!   reader, JSONPath and templates, the argument scanner, the DNS answer parser, the API
//!   error renderer and the URL parser: nothing may panic or take more than a few seconds;
//!   20,000 inputs a target in `make test`, more by hand:
//!   `FUZZ_ITERATIONS=1000000 cargo test --release --test tests -- fuzz:: --nocapture`.
//! - `mock_api` (the mock's endpoints driven by curl, as the spec says they answer),
//!   `docs` (every flag in the README and `--help`; nothing prints but the console),
//!   `empty_root` (each release binary in an empty chroot, arm64 through qemu; the dynamic
//!   build must fail there), `release` (two checkouts in directories of different names
//!   build identical bytes with no build path inside; `--ignored`, run by `make test`).
//! - Unit tests sit beside the code they test (`cargo test --lib`): the CSV reader, the
//!   planner (grouping, each standing, `auto`, blind plans), the console's exact bytes,
//!   the RFC 2617 and 7616 Digest vectors.

mod support;

mod answers_diff;
mod batch;
mod config;
mod csv_diff;
mod desired;
mod docs;
mod empty_root;
mod ensure;
mod escape_diff;
mod float_diff;
mod formats;
mod fuzz;
mod go_crosscheck;
mod hostile;
mod hostile_files;
mod interop;
mod invite;
mod json_diff;
mod jsonl_diff;
mod long_runs;
mod members;
mod mock_api;
mod output;
mod profile_diff;
mod promises;
mod prompt;
mod prune;
mod quote_diff;
mod release;
mod retry_diff;
mod status_diff;
mod teams;
mod template_diff;
mod terminal;
mod toml_diff;
mod username_diff;
