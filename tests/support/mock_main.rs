//! `mock-atlas`: the test mock as a standalone server, for `make demo` and for trying the
//! binary by hand.
//!
//! Usage: mock-atlas [--port N] [--plain] [--ready FILE]
//! Keys come from MONGODB_ATLAS_PUBLIC_API_KEY / MONGODB_ATLAS_PRIVATE_API_KEY when set.
//! Once listening it writes `URL CA_FILE` to FILE (or stdout), then serves until SIGINT or
//! SIGTERM, when it removes its CA's temporary directory and exits.
//! Every request is summarised on stderr; with --ready, the counts of connections and
//! requests are kept in FILE.stats.

#[allow(dead_code)] // the demo server uses the mock, not the inspection API the tests use
mod certs;
#[allow(dead_code)] // the demo server uses the mock, not the inspection API the tests use
mod mock;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use mock::{Mock, Options};

fn main() {
    let mut opts = Options::default();
    let (mut port, mut ready) = (0u16, None::<String>);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--port" => port = args.next().and_then(|p| p.parse().ok()).expect("--port N"),
            "--plain" => opts.tls = false,
            "--ready" => ready = args.next(),
            other => {
                eprintln!("mock-atlas: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    if let Ok(k) = std::env::var("MONGODB_ATLAS_PUBLIC_API_KEY") {
        opts.public = k;
    }
    if let Ok(k) = std::env::var("MONGODB_ATLAS_PRIVATE_API_KEY") {
        opts.private = k;
    }
    let mock = Mock::bind(&format!("127.0.0.1:{port}"), opts);
    let line = format!("{} {}\n", mock.url(), mock.ca_file.display());
    match &ready {
        Some(path) => std::fs::write(path, &line).expect("write --ready file"),
        None => print!("{line}"),
    }
    stop_on_signals();
    let mut seen = 0;
    while !STOP.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(50));
        let reqs = mock.requests();
        for r in &reqs[seen..] {
            let verdict = if r.authorized {
                "digest ok"
            } else {
                "challenged"
            };
            eprintln!(
                "mock-atlas: conn {} {} {} -> {verdict}",
                r.conn, r.method, r.target
            );
        }
        seen = reqs.len();
        if let Some(path) = &ready {
            let stats = format!(
                "connections {}\nrequests {}\n",
                mock.connections(),
                reqs.len()
            );
            let _ = std::fs::write(format!("{path}.stats"), stats);
        }
    }
}

/// Set by SIGINT or SIGTERM: the serving loop ends and `main` returns, so the mock (and
/// the temporary directory holding its CA) is dropped.
static STOP: AtomicBool = AtomicBool::new(false);

extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

fn stop_on_signals() {
    let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}
