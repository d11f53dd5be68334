//! When and how long to wait before sending again.
//!
//! Only answers that say the request was not processed are retried: rate limits (429,
//! 503, an errorCode starting `RATE_LIMITED` or `INVITATIONS_RATE_LIMITED_IP`) after their
//! Retry-After (seconds or an HTTP date) or a growing back-off, and connections refused
//! before anything was sent. `Limits` bound the attempts and the waiting; every wait is
//! announced on stderr by the caller.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Attempts when the connection itself failed before anything was sent.
pub(crate) const MAX_CONNECT_ATTEMPTS: u32 = 3;
/// A single invite's bounds, as before files: 4 attempts, 60 s of waiting, 1, 2, 4 s.
pub(crate) const SINGLE: Limits = Limits {
    attempts: Some(4),
    wait: Duration::from_secs(60),
    backoff: Duration::from_secs(1),
};
/// A file run's default bound on one record's waiting (`ATLAS_MAX_WAIT`).
pub(crate) const FILE_WAIT: Duration = Duration::from_secs(15 * 60);
/// A file run's default first back-off (`ATLAS_BACKOFF`), as Atlas suggests: 10, 20, 40 s.
pub(crate) const FILE_BACKOFF: Duration = Duration::from_secs(10);

/// How long and how often one request may wait for a rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limits {
    /// Most attempts, the first included; `None`: as many as the waiting allows.
    pub(crate) attempts: Option<u32>,
    /// Most time spent waiting, in all.
    pub(crate) wait: Duration,
    /// The back-off when Atlas gives no Retry-After, doubled for each further refusal
    /// (up to 64 times); once an honoured Retry-After met another refusal, the wait is the
    /// longer of the two.
    pub(crate) backoff: Duration,
}

/// Tracks attempts and waits for one request.
#[derive(Debug)]
pub(crate) struct Budget {
    limits: Limits,
    /// Attempts made or about to be made, the first included (never 0).
    pub(crate) attempts: u32,
    waited: Duration,
    /// Rate-limited answers so far.
    refusals: u32,
}

impl Budget {
    /// A fresh budget; the first attempt is about to be made.
    pub(crate) fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            attempts: 1,
            waited: Duration::ZERO,
            refusals: 0,
        }
    }

    /// A budget for the next call of a record whose earlier calls already waited
    /// `waited`: the bound on waiting is the record's, not each call's.
    pub(crate) fn resume(limits: Limits, waited: Duration) -> Budget {
        Budget {
            waited,
            ..Budget::new(limits)
        }
    }

    /// The time waited so far, earlier calls of the record included.
    pub(crate) fn waited(&self) -> Duration {
        self.waited
    }

    /// The most attempts, if bounded.
    pub(crate) fn max_attempts(&self) -> Option<u32> {
        self.limits.attempts
    }

    /// The wait before the next attempt after a rate-limited answer, or why there is none.
    pub(crate) fn after_limited(
        &mut self,
        retry_after: Option<&str>,
        now: SystemTime,
    ) -> Result<Duration, String> {
        if let Some(max) = self.limits.attempts.filter(|&max| self.attempts >= max) {
            return Err(format!("gave up after {max} attempts"));
        }
        self.refusals += 1;
        let backoff = |n: u32| self.limits.backoff * (1 << (n.saturating_sub(1)).min(6));
        let asked = retry_after.and_then(|v| parse_retry_after(v, now));
        let wait = match asked {
            Some(ra) if self.refusals == 1 => ra,
            Some(ra) => ra.max(backoff(self.refusals - 1)),
            None => backoff(self.refusals),
        };
        if self.waited + wait > self.limits.wait {
            let most = self.limits.wait.as_secs();
            return Err(match asked {
                Some(_) => format!(
                    "Atlas asked to wait {}s before retrying; this command waits at most {most}s in all",
                    wait.as_secs()
                ),
                None => format!(
                    "still rate limited after waiting {}s; this command waits at most {most}s in all",
                    self.waited.as_secs()
                ),
            });
        }
        self.waited += wait;
        self.attempts += 1;
        Ok(wait)
    }

    /// The short wait before reconnecting after a connection failure, if any is left.
    pub(crate) fn after_connect_failure(&mut self) -> Option<Duration> {
        if self.attempts >= MAX_CONNECT_ATTEMPTS {
            return None;
        }
        let wait = Duration::from_millis(250 << self.attempts.saturating_sub(1).min(5));
        self.attempts += 1;
        self.waited += wait;
        Some(wait)
    }
}

/// `Retry-After`: delay-seconds or an HTTP date (IMF-fixdate), relative to `now`.
pub(crate) fn parse_retry_after(v: &str, now: SystemTime) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = parse_http_date(v)?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT`.
pub(crate) fn parse_http_date(s: &str) -> Option<SystemTime> {
    let rest = s.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: u32 = parts.next()?.parse().ok()?;
    let month = crate::gofmt::month_number(parts.next()?)?;
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<u64>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = crate::gofmt::days_from_civil(year, month, day);
    let secs = days.checked_mul(86400)? + (h * 3600 + m * 60 + sec) as i64;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = UNIX_EPOCH + Duration::from_secs(784111777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(now));
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
    }

    #[test]
    fn budget_caps_attempts_and_waiting() {
        let now = SystemTime::now();
        let mut b = Budget::new(SINGLE);
        assert_eq!(b.after_limited(None, now), Ok(Duration::from_secs(1)));
        assert_eq!(b.after_limited(Some("2"), now), Ok(Duration::from_secs(2)));
        assert_eq!(b.after_limited(None, now), Ok(Duration::from_secs(4)));
        assert_eq!(
            b.after_limited(Some("0"), now),
            Err("gave up after 4 attempts".into())
        );
        let mut b = Budget::new(SINGLE);
        assert!(b
            .after_limited(Some("3600"), now)
            .unwrap_err()
            .contains("wait 3600s"));
        let mut b = Budget::new(SINGLE);
        assert_eq!(b.after_connect_failure(), Some(Duration::from_millis(250)));
        assert_eq!(b.after_connect_failure(), Some(Duration::from_millis(500)));
        assert_eq!(b.after_connect_failure(), None);
    }

    #[test]
    fn a_file_run_waits_as_long_as_its_bound_and_backs_off_past_retry_after() {
        let now = SystemTime::now();
        let file = Limits {
            attempts: None,
            wait: FILE_WAIT,
            backoff: FILE_BACKOFF,
        };
        let secs = Duration::from_secs;
        // No Retry-After (the invitation limit's 400): 10, 20, 40 s ...
        let mut b = Budget::new(file);
        let waits: Vec<_> = (0..4).map(|_| b.after_limited(None, now)).collect();
        assert_eq!(
            waits,
            [Ok(secs(10)), Ok(secs(20)), Ok(secs(40)), Ok(secs(80))]
        );
        // An honoured Retry-After that finds the bucket empty again: harder each time.
        let mut b = Budget::new(file);
        let waits: Vec<_> = (0..4).map(|_| b.after_limited(Some("5"), now)).collect();
        assert_eq!(
            waits,
            [Ok(secs(5)), Ok(secs(10)), Ok(secs(20)), Ok(secs(40))]
        );
        // Attempts are not counted; the waiting is, up to its bound.
        let mut b = Budget::new(Limits {
            wait: secs(100),
            ..file
        });
        assert_eq!(b.after_limited(Some("60"), now), Ok(secs(60)));
        assert_eq!(
            b.after_limited(Some("60"), now),
            Err(
                "Atlas asked to wait 60s before retrying; this command waits at most 100s in all"
                    .into()
            )
        );
        let mut b = Budget::new(Limits {
            wait: secs(25),
            ..file
        });
        assert_eq!(b.after_limited(None, now), Ok(secs(10)));
        assert!(b
            .after_limited(None, now)
            .unwrap_err()
            .starts_with("still rate limited after waiting 10s"));
    }
}
