//! When and how long to wait before sending again.
//!
//! Only answers that say the request was not processed are retried: 429 and 503 (after
//! their Retry-After, in seconds or as an HTTP date), and connections refused before
//! anything was sent. Attempts and the total wait are capped so a script never stalls
//! for long, and every wait is announced on stderr by the caller.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Most attempts for one request, the first included.
pub(crate) const MAX_ATTEMPTS: u32 = 4;
/// Most time spent waiting between attempts, in all.
pub(crate) const MAX_TOTAL_WAIT: Duration = Duration::from_secs(60);
/// Attempts when the connection itself failed before anything was sent.
pub(crate) const MAX_CONNECT_ATTEMPTS: u32 = 3;

/// Tracks attempts and waits for one request.
#[derive(Debug)]
pub(crate) struct Budget {
    /// Attempts made or about to be made, the first included (never 0).
    pub(crate) attempts: u32,
    waited: Duration,
}

impl Budget {
    /// A fresh budget; the first attempt is about to be made.
    pub(crate) fn new() -> Budget {
        Budget {
            attempts: 1,
            waited: Duration::ZERO,
        }
    }

    /// The wait before attempt `attempts + 1` after a 429 or 503, or why there is none.
    pub(crate) fn after_busy(
        &mut self,
        retry_after: Option<&str>,
        now: SystemTime,
    ) -> Result<Duration, String> {
        if self.attempts >= MAX_ATTEMPTS {
            return Err(format!("gave up after {} attempts", self.attempts));
        }
        let wait = match retry_after.and_then(|v| parse_retry_after(v, now)) {
            Some(d) => d,
            // No usable Retry-After: 1 s, 2 s, 4 s.
            None => Duration::from_secs(1 << self.attempts.saturating_sub(1).min(5)),
        };
        if self.waited + wait > MAX_TOTAL_WAIT {
            return Err(format!(
                "Atlas asked to wait {}s before retrying; this command waits at most {}s in all",
                wait.as_secs(),
                MAX_TOTAL_WAIT.as_secs()
            ));
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
        let mut b = Budget::new();
        assert_eq!(b.after_busy(None, now), Ok(Duration::from_secs(1)));
        assert_eq!(b.after_busy(Some("2"), now), Ok(Duration::from_secs(2)));
        assert_eq!(b.after_busy(None, now), Ok(Duration::from_secs(4)));
        assert_eq!(
            b.after_busy(Some("0"), now),
            Err("gave up after 4 attempts".into())
        );
        let mut b = Budget::new();
        assert!(b
            .after_busy(Some("3600"), now)
            .unwrap_err()
            .contains("wait 3600s"));
        let mut b = Budget::new();
        assert_eq!(b.after_connect_failure(), Some(Duration::from_millis(250)));
        assert_eq!(b.after_connect_failure(), Some(Duration::from_millis(500)));
        assert_eq!(b.after_connect_failure(), None);
    }
}
