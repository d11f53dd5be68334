//! SIGINT and SIGTERM during a file run: the first stops sending and lets the run report
//! every record; a second ends the process at once.
//!
//! The two signals are blocked in every thread and taken by one watcher thread with
//! `sigwait`, so no handler runs at an arbitrary point and no global state is needed: the
//! run polls `Stop` between requests and during waits. If the run has not finished its
//! report `GRACE` after the signal (an answer still in flight), the watcher calls the
//! run's `finish` itself and leaves (`error::leave`). The `unsafe` here is building the
//! signal set, the signal mask and `sigwait`, which have no preconditions beyond valid
//! pointers to local sets.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::error::Error;

/// How long the answer in flight is awaited after the first signal.
pub(crate) const GRACE: Duration = Duration::from_secs(2);

/// What the watcher shares with the run.
#[derive(Default)]
struct Shared {
    /// The first signal received, 0 before any.
    signal: AtomicI32,
    /// Set by the run once its report is complete.
    done: Mutex<bool>,
    reported: Condvar,
}

/// The run's view of the signals.
#[derive(Clone)]
pub(crate) struct Stop(Arc<Shared>);

impl Stop {
    /// The signal that asked the run to stop, if one has.
    pub(crate) fn requested(&self) -> Option<i32> {
        match self.0.signal.load(Ordering::SeqCst) {
            0 => None,
            s => Some(s),
        }
    }

    /// Tells the watcher that the run's report is complete: it need not finish it.
    pub(crate) fn reported(&self) {
        let mut done = self.0.done.lock().unwrap_or_else(|e| e.into_inner());
        *done = true;
        self.0.reported.notify_all();
    }
}

/// Blocks SIGINT and SIGTERM and starts the watcher; `finish` completes the report when
/// the run cannot (it is called at most once, then the process leaves with 128 + the
/// signal, through `error::leave`). Call before any other thread starts, so every thread inherits the mask.
pub(crate) fn watch(finish: impl FnOnce(i32) + Send + 'static) -> Option<Stop> {
    let set = signal_set();
    // SAFETY: `set` is a valid, initialised signal set; a null old-set pointer is allowed.
    let blocked =
        unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) } == 0;
    if !blocked {
        return None;
    }
    let shared = Arc::new(Shared::default());
    let stop = Stop(shared.clone());
    let finish = Mutex::new(Some(finish));
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || loop {
            let mut got = 0;
            // SAFETY: `set` and `got` are valid for the call.
            if unsafe { libc::sigwait(&set, &mut got) } != 0 {
                continue;
            }
            if shared.signal.load(Ordering::SeqCst) != 0 {
                // The second signal: at once.
                crate::error::leave(&Error::Stopped(got));
            }
            shared.signal.store(got, Ordering::SeqCst);
            let shared = shared.clone();
            let finish = finish.lock().ok().and_then(|mut f| f.take());
            std::thread::spawn(move || {
                let done = shared.done.lock().unwrap_or_else(|e| e.into_inner());
                let (done, _) = shared
                    .reported
                    .wait_timeout_while(done, GRACE, |done| !*done)
                    .unwrap_or_else(|e| e.into_inner());
                if !*done {
                    drop(done);
                    if let Some(finish) = finish {
                        finish(got);
                    }
                    crate::error::leave(&Error::Stopped(got));
                }
            });
        })
        .ok()?;
    Some(stop)
}

fn signal_set() -> libc::sigset_t {
    // SAFETY: sigemptyset initialises the set it is given; sigaddset takes valid numbers.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigaddset(&mut set, libc::SIGINT);
        libc::sigaddset(&mut set, libc::SIGTERM);
        set
    }
}
