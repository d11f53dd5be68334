//! High-level arguments (ripgrep's HiArgs): the scanned flags merged with the environment
//! and config.toml and validated into one `HiArgs`: the users, the base URL, the
//! authentication, the network and output settings.
//!
//! Every check that can fail without the network runs here, and all problems are collected
//! so one run reports them all. Nothing here prompts or connects; `app` and the flows do.

use std::time::Duration;

use crate::auth::{Auth, Keys};
use crate::config::env::Env;
use crate::config::{Config, Setting};
use crate::console::Console;
use crate::error::Error;
use crate::lowargs::LowArgs;
use crate::net::proxy::ProxyEnv;
use crate::net::retry::{self, Limits};
use crate::net::tls::Roots;
use crate::net::transport::Net;
use crate::net::url::Url;
use crate::render::{Output, Shape};
use crate::users::{self, Invitees, Needs, Plan, Required};

/// Default seconds to establish a connection (TCP, proxy and TLS).
pub(crate) const CONNECT_TIMEOUT: f64 = 5.0;
/// Default seconds for one request and its whole answer.
pub(crate) const REQUEST_TIMEOUT: f64 = 60.0;

pub(crate) use crate::api::Version;

/// What a run prints on stdout.
pub(crate) enum Printing {
    /// A single invite: Atlas's answer in the official formats (`-o`).
    Answer(Output),
    /// A file run or a plan: a line per person, as text or (`-o json`) JSON Lines.
    Lines { json: bool },
}

/// The resolved arguments: everything needed to send the invite.
pub(crate) struct HiArgs {
    pub(crate) version: Version,
    /// The base URL, ending in `/`.
    pub(crate) base: String,
    /// The base URL's path, ending in `/`: what the Digest answer signs is below it.
    pub(crate) base_path: String,
    /// The users to invite: one from the flags, or one per record of `--file`, each with
    /// its calls planned for every version the run may use.
    pub(crate) invitees: Invitees,
    /// Whether the users come from `--file` (results are then printed per record).
    pub(crate) file: bool,
    /// `--ifNotExists`: an existing user, confirmed by a lookup, is a success.
    pub(crate) if_not_exists: bool,
    /// `--ensureMemberships`: an existing user also gets what the record asks and lacks.
    pub(crate) ensure: bool,
    /// `--ensureMemberships` chose the 2025-02-19 endpoints over `auto`: say so once.
    pub(crate) ensure_chose_version: bool,
    /// `--dryRun`: print the requests, send nothing.
    pub(crate) dry_run: bool,
    /// `--plan`: read, then print what a run would change.
    pub(crate) plan: bool,
    /// `--prune` and its bound on removals (`--maxRemovals`).
    pub(crate) prune: Option<usize>,
    pub(crate) auth: Auth,
    /// `MONGODB_ATLAS_`, or `MCLI_` when the legacy variable names are in use.
    pub(crate) env_prefix: &'static str,
    pub(crate) output: Printing,
    pub(crate) net: Net,
    /// How long a rate-limited request may wait.
    pub(crate) limits: Limits,
}

impl HiArgs {
    /// Whether a file run reads what Atlas holds before it sends anything: with
    /// `--ifNotExists`, `--ensureMemberships`, `--plan` or `--prune`, through the
    /// 2025-02-19 reads (so not with 2023-01-01).
    pub(crate) fn reads(&self) -> bool {
        self.readable() && (self.plan || self.run_reads())
    }

    /// Whether the run these flags plan (`--plan` aside) reads first: a file run with
    /// `--ifNotExists` (so `--ensureMemberships`) or `--prune`. A plan of a run that reads
    /// nothing lists the calls it sends blind.
    pub(crate) fn run_reads(&self) -> bool {
        self.readable() && (self.if_not_exists || self.prune.is_some())
    }

    /// A file run on the 2025-02-19 endpoints, the ones with reads.
    fn readable(&self) -> bool {
        self.file && self.version != Version::V20230101
    }

    /// The flag that makes a re-run of the same file finish what a stopped run began.
    pub(crate) fn resume_flag(&self) -> &'static str {
        match (self.prune, self.ensure) {
            (Some(_), _) => "--prune",
            (None, true) => "--ensureMemberships",
            (None, false) => "--ifNotExists",
        }
    }

    /// The flags that decide what happens to a person who exists.
    pub(crate) fn mode(&self) -> crate::plan::Mode {
        crate::plan::Mode {
            if_not_exists: self.if_not_exists,
            ensure: self.ensure,
        }
    }
}

/// Problems found so far; every step adds to it so one run reports them all.
type Problems = Vec<Error>;

/// Merges `low` with `env` and validates everything; errors list every problem.
/// Secrets found on the way are registered with `console`.
pub(crate) fn resolve(low: &LowArgs, env: &Env, console: &Console) -> Result<HiArgs, Error> {
    let mut problems = Problems::new();
    let mut env = env.clone();
    // A credential file that cannot be used is its own problem, not "no credentials".
    let files_ok = env
        .read_secret_files(console)
        .map_err(|e| problems.push(e))
        .is_ok();
    let env = &env;
    // A broken file may hold the credentials and base URL: skip checks that depend on it.
    let (config, config_ok) = match Config::load(env, low.profile.as_deref(), console) {
        Ok(c) => (c, true),
        Err(e) => {
            problems.push(e);
            (Config::without_file(env), false)
        }
    };
    let asked = version(low, env).map_err(|e| problems.push(e)).ok();
    let version = effective_version(low, asked)
        .map_err(|e| problems.push(e))
        .ok()
        .flatten();
    let users = users::users(low, needs(low, version), console)
        .map_err(|e| problems.push(e))
        .ok();
    let output = version.and_then(|v| {
        run_output(low, &config, v, users.as_ref())
            .map_err(|e| problems.push(e))
            .ok()
    });
    let target = config_ok
        .then(|| base_url(&config, env).map_err(|e| problems.push(e)).ok())
        .flatten();
    let auth = target.as_ref().filter(|_| files_ok).and_then(|(base, _)| {
        auth(&config, env, base, console)
            .map_err(|e| problems.push(e))
            .ok()
    });
    let net = net(env, target.as_ref().map(|(_, u)| u), low.debug)
        .map_err(|e| problems.push(e))
        .ok()
        .flatten();
    let bounds = bounds(low, env).map_err(|e| problems.push(e)).ok();
    match (version, users, output, target, auth, net.zip(bounds)) {
        (
            Some(version),
            Some(users),
            Some(output),
            Some((base, parsed)),
            Some(auth),
            Some((net, (limits, prune))),
        ) if problems.is_empty() => Ok(HiArgs {
            version,
            base,
            base_path: parsed.path,
            invitees: users,
            file: low.file.is_some(),
            if_not_exists: low.if_not_exists || ensures(low),
            ensure: ensures(low),
            ensure_chose_version: ensures(low) && asked == Some(Version::Auto),
            dry_run: low.dry_run,
            plan: low.plan,
            prune,
            auth,
            env_prefix: config.env_prefix(),
            output,
            net,
            limits,
        }),
        // Every missing part recorded a problem.
        _ => Err(Error::all(problems)),
    }
}

/// Whether existing users get what they lack: `--ensureMemberships`, or `--prune`, which
/// implies it.
fn ensures(low: &LowArgs) -> bool {
    low.ensure_memberships || low.prune
}

/// The version a run uses: `--ensureMemberships` (and `--prune`) need the 2025-02-19
/// endpoints, so they take them over `auto`; they and `--plan`, which reads through them,
/// are refused with 2023-01-01.
fn effective_version(low: &LowArgs, asked: Option<Version>) -> Result<Option<Version>, Error> {
    let needs = if low.prune {
        Some("--prune: it needs the 2025-02-19 endpoints (the reads and the removals)")
    } else if low.ensure_memberships {
        Some("--ensureMemberships: it needs the 2025-02-19 endpoints (createUser cannot add memberships to an existing user)")
    } else if low.plan {
        Some("--plan: it reads through the 2025-02-19 endpoints (getUserByName cannot list an organization)")
    } else {
        None
    };
    match (asked, needs) {
        (Some(Version::Auto), Some(_)) if ensures(low) => Ok(Some(Version::V20250219)),
        (Some(Version::V20230101), Some(why)) => Err(Error::usage(format!(
            "error parsing flag {why}: use --apiVersion 2025-02-19 or auto"
        ))),
        (v, _) => Ok(v),
    }
}

/// `--prune` and `--maxRemovals`: the bound on removals, when pruning.
fn prune(low: &LowArgs) -> Result<Option<usize>, Error> {
    let max = match &low.max_removals {
        None => DEFAULT_MAX_REMOVALS,
        Some(v) => v.trim().parse::<usize>().map_err(|_| {
            Error::usage(format!(
                "error parsing flag --maxRemovals: {v:?} is not a whole number of removals (0 or more; default {DEFAULT_MAX_REMOVALS})"
            ))
        })?,
    };
    match (low.prune, &low.max_removals, &low.file) {
        (true, _, Some(_)) => Ok(Some(max)),
        (true, _, None) => Err(Error::usage(
            "error parsing flag --prune: it needs --file (the file is the list of who keeps access)",
        )),
        (false, Some(_), _) => Err(Error::usage(
            "error parsing flag --maxRemovals: it bounds --prune, which is not given",
        )),
        (false, None, _) => Ok(None),
    }
}

/// The run's bounds (how long a rate limit is waited out, how many removals `--prune` may
/// make), once the flags that cannot go together are refused.
fn bounds(low: &LowArgs, env: &Env) -> Result<(Limits, Option<usize>), Error> {
    match (limits(env, low.file.is_some()), prune(low), exclusive(low)) {
        (Ok(limits), Ok(prune), Ok(())) => Ok((limits, prune)),
        (l, p, x) => Err(Error::all(
            [l.err(), p.err(), x.err()].into_iter().flatten().collect(),
        )),
    }
}

/// How many removals a `--prune` run may make unless `--maxRemovals` says otherwise.
const DEFAULT_MAX_REMOVALS: usize = 5;

/// Flags that cannot go together.
fn exclusive(low: &LowArgs) -> Result<(), Error> {
    if low.plan && low.dry_run {
        return Err(Error::usage(
            "--plan and --dryRun cannot go together: --plan reads what Atlas holds (GET requests only), --dryRun sends nothing at all (no connection); pick one",
        ));
    }
    Ok(())
}

/// What the chosen version asks of the users: a password when createUser may be called
/// for a file's records, and the 2025-02-19 calls planned when they may be made. A file
/// run that only uses those calls needs of each record only what they send; a single
/// invite keeps the official CLI's required flags under every version.
fn needs(low: &LowArgs, version: Option<Version>) -> Needs {
    let file_2025 = low.file.is_some() && version == Some(Version::V20250219);
    Needs {
        password: version != Some(Version::V20250219) && low.file.is_some(),
        required: if file_2025 {
            Required::Sent
        } else {
            Required::All
        },
        calls: match version {
            Some(Version::V20250219) => Plan::Required,
            Some(Version::Auto) => Plan::IfSwitched,
            _ => Plan::Skip,
        },
    }
}

/// The run's `-o` format, tried on the answers `version` gives for these users: a single
/// invite's answer in any format, or the lines of a file run or a plan, as text or JSON
/// Lines only.
fn run_output(
    low: &LowArgs,
    config: &Config,
    version: Version,
    users: Option<&Invitees>,
) -> Result<Printing, Error> {
    let targets = users.map_or((false, false), |u| (u.calls_org, u.calls_group));
    let out = output(low, config, &shapes(version, targets))?;
    let refused = match (&out, low.file.is_some(), low.plan) {
        (_, false, false) => return Ok(Printing::Answer(out)),
        (Output::Text, ..) => return Ok(Printing::Lines { json: false }),
        (Output::Json, ..) => return Ok(Printing::Lines { json: true }),
        (_, true, _) => "with --file, results print as text lines or, with -o json, as JSON Lines; other formats are for single invites",
        (_, false, true) => "--plan prints text or, with -o json, one JSON object per person",
    };
    Err(Error::usage(format!(
        "error parsing flag --output: {refused}"
    )))
}

/// The `-o` format: the flag, else the configuration, else the default text; tried on
/// samples of every answer `shapes` names.
fn output(low: &LowArgs, config: &Config, shapes: &[Shape]) -> Result<Output, Error> {
    match (&low.output, config.get("output")?) {
        (Some(v), _) => Output::parse_for(v, "error parsing flag --output", shapes),
        (None, Some(s)) => Output::parse_for(&s.value, &s.source, shapes),
        (None, None) => Ok(Output::Text),
    }
}

/// `--apiVersion`, else `ATLAS_API_VERSION`, else `auto`.
fn version(low: &LowArgs, env: &Env) -> Result<Version, Error> {
    let (value, source) = match (&low.api_version, env.var("ATLAS_API_VERSION")) {
        (Some(v), _) => (v.as_str(), "error parsing flag --apiVersion"),
        (None, Some(v)) => (v, "ATLAS_API_VERSION"),
        (None, None) => return Ok(Version::Auto),
    };
    match value {
        "2023-01-01" => Ok(Version::V20230101),
        "2025-02-19" => Ok(Version::V20250219),
        "auto" => Ok(Version::Auto),
        other => Err(Error::usage(format!(
            "{source}: {other:?} is not an API version (want 2023-01-01, 2025-02-19 or auto)"
        ))),
    }
}

/// The answers the chosen version gives: createUser's before any switch, else those of
/// the planned calls (`(org, group)`: whether any goes to an organization, a project).
fn shapes(version: Version, (org, group): (bool, bool)) -> Vec<Shape> {
    match version {
        // `auto` is tried on createUser's answer only: a format written for the official
        // CLI must not be refused for the shapes a 410 would bring.
        Version::V20230101 | Version::Auto => vec![Shape::User],
        Version::V20250219 => [(org, Shape::Org), (group, Shape::Group)]
            .into_iter()
            .filter(|(planned, _)| *planned)
            .map(|(_, shape)| shape)
            .collect(),
    }
}

/// Network settings: trust roots, timeouts and the proxy for `target` (`None` when the
/// base URL was refused, a problem already recorded).
fn net(env: &Env, target: Option<&Url>, debug: bool) -> Result<Option<Net>, Error> {
    let roots = Roots::load(env.var("SSL_CERT_FILE"));
    let connect = seconds(env, "ATLAS_CONNECT_TIMEOUT", CONNECT_TIMEOUT);
    let request = seconds(env, "ATLAS_REQUEST_TIMEOUT", REQUEST_TIMEOUT);
    let proxy = target
        .map(|t| ProxyEnv::read(|n| env.var(n).map(str::to_string)).for_target(t))
        .transpose();
    match (roots, connect, request, proxy) {
        (Ok(roots), Ok(connect_timeout), Ok(request_timeout), Ok(Some(proxy))) => Ok(Some(Net {
            connect_timeout,
            request_timeout,
            proxy,
            roots,
            debug,
        })),
        (roots, connect, request, proxy) => {
            let errors: Vec<Error> = [roots.err(), connect.err(), request.err(), proxy.err()]
                .into_iter()
                .flatten()
                .collect();
            if errors.is_empty() {
                Ok(None)
            } else {
                Err(Error::all(errors))
            }
        }
    }
}

/// The base URL with a trailing slash, and its parts.
///
/// `service` is checked whatever else is set, as the official CLI does.
fn base_url(config: &Config, env: &Env) -> Result<(String, Url), Error> {
    let service_url = match config.get("service")? {
        None => "https://cloud.mongodb.com/",
        Some(s) if s.value == "cloud" => "https://cloud.mongodb.com/",
        Some(s) if s.value == "cloudgov" => "https://cloud.mongodbgov.com/",
        Some(s) => {
            return Err(Error::usage(format!(
                "{}: unsupported service: {} (want cloud or cloudgov)",
                s.source, s.value
            )))
        }
    };
    let Some(Setting { value: raw, source }) = config.get_any(&["ops_manager_url", "base_url"])?
    else {
        return Ok((service_url.to_string(), Url::parse(service_url)?));
    };
    let name = source;
    let parsed = Url::parse(&raw).map_err(|e| {
        e.context(&format!(
            "{name}: {:?} is not a valid base URL",
            hide_userinfo(&raw)
        ))
    })?;
    if parsed.has_userinfo || parsed.has_query || parsed.has_fragment {
        return Err(Error::usage(format!(
            "{name}: the base URL must not contain credentials, a query or a fragment (want https://host/)"
        )));
    }
    if parsed.scheme != "https" && parsed.scheme != "http" {
        return Err(Error::usage(format!(
            "{name}: unsupported scheme {:?} (want https)",
            parsed.scheme
        )));
    }
    if parsed.scheme == "http"
        && !parsed.is_loopback()
        && env.var("ATLAS_ALLOW_PLAIN_HTTP") != Some("1")
    {
        return Err(Error::usage(format!(
            "{name}: refusing plain http:// to {}: the request carries the new user's password (use https://, or set ATLAS_ALLOW_PLAIN_HTTP=1)",
            parsed.host
        )));
    }
    let mut base = raw.split(['?', '#']).next().unwrap_or_default().to_string();
    let mut parsed = parsed;
    if !base.ends_with('/') {
        base.push('/');
    }
    if !parsed.path.ends_with('/') {
        parsed.path.push('/');
    }
    Ok((base, parsed))
}

/// `scheme://user:pass@host` with the credentials masked, for messages.
fn hide_userinfo(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}***{}", &url[..s + 3], &url[at..]),
        _ => url.to_string(),
    }
}

/// Chooses the authentication as the official CLI does, or explains what is missing.
///
/// A service account (client id and secret) wins unless auth_type says api_keys; else
/// both API keys mean Digest. Anything else stops here, before the network. A public key
/// or client id read from a secret file is marked hidden: no output shows it.
fn auth(config: &Config, env_vars: &Env, base: &str, console: &Console) -> Result<Auth, Error> {
    let auth_type = config.get("auth_type")?.map(|s| s.value);
    let id = config.get("client_id")?;
    let secret = config.get("client_secret")?;
    let public = config.get("public_api_key")?;
    let private = config.get("private_api_key")?;
    let env = |key: &str| format!("{}{key}", config.env_prefix());
    let profile = format!("profile [{}] of {}", config.profile(), config.path_shown());
    if let (Some(id), Some(secret)) = (&id, &secret) {
        if auth_type.as_deref() != Some("api_keys") {
            console.secret(&secret.value);
            return Ok(Auth::ServiceAccount {
                client_id: id.value.clone(),
                client_secret: secret.value.clone(),
                token_url: format!("{base}api/oauth/token"),
                client_id_hidden: env_vars.read_from_file("CLIENT_ID"),
            });
        }
    }
    match (public, private) {
        (Some(public), Some(private)) => {
            console.secret(&private.value);
            return Ok(Auth::Digest(Keys {
                public: public.value,
                private: private.value,
                public_hidden: env_vars.read_from_file("PUBLIC_API_KEY"),
            }));
        }
        (Some(p), None) => {
            return Err(Error::usage(format!(
                "{} is set but no private API key is: set {} too",
                p.source,
                env("PRIVATE_API_KEY")
            )))
        }
        (None, Some(p)) => {
            return Err(Error::usage(format!(
                "{} is set but no public API key is: set {} too",
                p.source,
                env("PUBLIC_API_KEY")
            )))
        }
        (None, None) => {}
    }
    let keyring =
        "the official CLI may have moved them to the OS keyring, which this build does not read";
    match (auth_type.as_deref(), &id, &secret) {
        (Some("api_keys"), _, _) => Err(Error::usage(format!(
            "{profile} has auth_type api_keys but no API keys ({keyring}): set {} and {}",
            env("PUBLIC_API_KEY"),
            env("PRIVATE_API_KEY")
        ))),
        (Some("service_account"), None, None) => Err(Error::usage(format!(
            "{profile} has auth_type service_account but no client id or secret ({keyring}): set {} and {}",
            env("CLIENT_ID"),
            env("CLIENT_SECRET")
        ))),
        (_, Some(s), None) => Err(Error::usage(format!("{} is set but no client secret is: set {} too", s.source, env("CLIENT_SECRET")))),
        (_, None, Some(s)) => Err(Error::usage(format!("{} is set but no client id is: set {} too", s.source, env("CLIENT_ID")))),
        (Some("user_account"), _, _) => Err(Error::usage(format!(
            "{profile} uses auth_type user_account (atlas auth login), which this build does not support: use API keys ({} and {}) or a service account ({} and {})",
            env("PUBLIC_API_KEY"),
            env("PRIVATE_API_KEY"),
            env("CLIENT_ID"),
            env("CLIENT_SECRET")
        ))),
        _ => Err(Error::usage(format!(
            "no credentials: set {} and {} (API keys) or {} and {} (a service account), or the same keys in lower case in {profile}",
            env("PUBLIC_API_KEY"),
            env("PRIVATE_API_KEY"),
            env("CLIENT_ID"),
            env("CLIENT_SECRET")
        ))),
    }
}

/// A positive number of seconds from `name`, or the default.
fn seconds(env: &Env, name: &str, default: f64) -> Result<Duration, Error> {
    let default_text = format!(" (default {default})");
    Ok(
        seconds_up_to(env, name, 3600.0, &default_text)?
            .unwrap_or(Duration::from_secs_f64(default)),
    )
}

/// A positive number of seconds, at most `max`, from `name`, if set; `default` is said in
/// the error.
fn seconds_up_to(
    env: &Env,
    name: &str,
    max: f64,
    default: &str,
) -> Result<Option<Duration>, Error> {
    let Some(v) = env.var(name) else {
        return Ok(None);
    };
    match v.trim().trim_end_matches('s').parse::<f64>() {
        Ok(s) if s > 0.0 && s <= max => Ok(Some(Duration::from_secs_f64(s))),
        _ => Err(Error::usage(format!(
            "{name}: {v:?} is not a number of seconds greater than 0 and at most {max}{default}"
        ))),
    }
}

/// How long a rate-limited request may wait: in a file run, `ATLAS_MAX_WAIT` (15 minutes)
/// per record with back-offs from `ATLAS_BACKOFF` (10 s); a single invite keeps its 4
/// attempts and 60 s unless `ATLAS_MAX_WAIT` gives it longer.
fn limits(env: &Env, file: bool) -> Result<Limits, Error> {
    let max_wait = seconds_up_to(
        env,
        "ATLAS_MAX_WAIT",
        86400.0,
        " (default 900 for each record of a file, 60 for a single invite)",
    );
    let backoff = seconds_up_to(env, "ATLAS_BACKOFF", 3600.0, " (default 10)");
    let (max_wait, backoff) = match (max_wait, backoff) {
        (Ok(w), Ok(b)) => (w, b),
        (w, b) => {
            return Err(Error::all(
                [w.err(), b.err()].into_iter().flatten().collect(),
            ))
        }
    };
    Ok(match (file, max_wait) {
        (true, wait) => Limits {
            attempts: None,
            wait: wait.unwrap_or(retry::FILE_WAIT),
            backoff: backoff.unwrap_or(retry::FILE_BACKOFF),
        },
        (false, Some(wait)) if wait > retry::SINGLE.wait => Limits {
            attempts: None,
            wait,
            ..retry::SINGLE
        },
        (false, _) => retry::SINGLE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let env = |pairs: &[(&str, &str)]| {
            Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
        };
        let base_url = |e: &Env| base_url(&Config::without_file(e), e);
        assert_eq!(base_url(&env(&[])).unwrap().0, "https://cloud.mongodb.com/");
        assert_eq!(
            base_url(&env(&[("MONGODB_ATLAS_SERVICE", "cloudgov")]))
                .unwrap()
                .0,
            "https://cloud.mongodbgov.com/"
        );
        assert_eq!(
            base_url(&env(&[("MONGODB_ATLAS_SERVICE", "x")]))
                .unwrap_err()
                .to_string(),
            "MONGODB_ATLAS_SERVICE: unsupported service: x (want cloud or cloudgov)"
        );
        let (b, u) = base_url(&env(&[
            ("MONGODB_ATLAS_BASE_URL", "https://b.example/"),
            (
                "MONGODB_ATLAS_OPS_MANAGER_URL",
                "https://om.example:8443/prefix",
            ),
        ]))
        .unwrap();
        assert_eq!(
            (b.as_str(), u.path.as_str()),
            ("https://om.example:8443/prefix/", "/prefix/")
        );
        let plain = [("MONGODB_ATLAS_BASE_URL", "http://atlas.example/")];
        assert!(base_url(&env(&plain))
            .unwrap_err()
            .to_string()
            .contains("refusing plain http://"));
        assert!(base_url(&env(&[("MONGODB_ATLAS_BASE_URL", "http://127.0.0.1:8080")])).is_ok());
        let opted = [plain[0], ("ATLAS_ALLOW_PLAIN_HTTP", "1")];
        assert!(base_url(&env(&opted)).is_ok());
        // An unsupported service is refused even when a base URL makes it unused.
        let both = [
            ("MONGODB_ATLAS_BASE_URL", "https://b.example/"),
            ("MONGODB_ATLAS_SERVICE", "cloudx"),
        ];
        assert_eq!(
            base_url(&env(&both)).unwrap_err().to_string(),
            "MONGODB_ATLAS_SERVICE: unsupported service: cloudx (want cloud or cloudgov)"
        );
    }

    #[test]
    fn credentials_in_urls_are_masked() {
        assert_eq!(
            hide_userinfo("https://u:secret@h:99999/"),
            "https://***@h:99999/"
        );
        assert_eq!(hide_userinfo("cloud.mongodb.com"), "cloud.mongodb.com");
    }

    #[test]
    fn timeouts() {
        let env = Env::from_pairs([("ATLAS_REQUEST_TIMEOUT".to_string(), "0.5".to_string())]);
        assert_eq!(
            seconds(&env, "ATLAS_REQUEST_TIMEOUT", 60.0).unwrap(),
            Duration::from_millis(500)
        );
        let env = Env::from_pairs([("ATLAS_REQUEST_TIMEOUT".to_string(), "-1".to_string())]);
        assert!(seconds(&env, "ATLAS_REQUEST_TIMEOUT", 60.0).is_err());
    }
}
