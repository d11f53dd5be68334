//! When and how long to wait before sending again.
//!
//! Only answers that say the request was not processed are retried: rate limits (429,
//! 503, an errorCode starting `RATE_LIMITED` or `INVITATIONS_RATE_LIMITED_IP`) after their
//! Retry-After (seconds or an HTTP date, read as Go reads one) or a growing back-off, and connections refused
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

/// `Retry-After`: delay-seconds or an HTTP date (see `http_date`), relative to `now`; a
/// date already past means no wait.
pub(crate) fn parse_retry_after(v: &str, now: SystemTime) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let (secs, nanos) = http_date(v)?;
    let Ok(secs) = u64::try_from(secs) else {
        return Some(Duration::ZERO);
    };
    let when = UNIX_EPOCH + Duration::new(secs, nanos);
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An HTTP date as Go's `http.ParseTime` reads it (with UTC as the local zone), in
/// seconds and nanoseconds since the Unix epoch: the IMF-fixdate `Sun, 06 Nov 1994
/// 08:49:37 GMT`, and the obsolete forms RFC 9110 also has recipients accept, RFC 850's
/// `Sunday, 06-Nov-94 08:49:37 GMT` and asctime's `Sun Nov  6 08:49:37 1994`.
///
/// As in Go: names in any case, runs of spaces for one, a one-digit hour, a fraction of
/// a second, any weekday name (it is not checked against the date); RFC 850's zone is
/// any name Go takes for one, and the time is read as UTC's. The day must exist in its
/// month and year, hours run to 23, minutes and seconds to 59.
pub fn http_date(s: &str) -> Option<(i64, u32)> {
    imf_fixdate(Text(s.as_bytes()))
        .or_else(|| rfc850(Text(s.as_bytes())))
        .or_else(|| asctime(Text(s.as_bytes())))
}

/// `Mon, 02 Jan 2006 15:04:05 GMT`
fn imf_fixdate(mut t: Text<'_>) -> Option<(i64, u32)> {
    t.weekday(3)?;
    t.skip(", ")?;
    let day = t.number(true)?;
    t.skip(" ")?;
    let month = t.month()?;
    t.skip(" ")?;
    let year = t.long_year()?;
    t.skip(" ")?;
    let clock = t.clock()?;
    t.skip(" GMT")?;
    t.end()?;
    instant(year, month, day, clock)
}

/// `Monday, 02-Jan-06 15:04:05 MST`
fn rfc850(mut t: Text<'_>) -> Option<(i64, u32)> {
    t.weekday(usize::MAX)?;
    t.skip(", ")?;
    let day = t.number(true)?;
    t.skip("-")?;
    let month = t.month()?;
    t.skip("-")?;
    let year = t.short_year()?;
    t.skip(" ")?;
    let clock = t.clock()?;
    t.skip(" ")?;
    t.zone()?;
    t.end()?;
    instant(year, month, day, clock)
}

/// `Mon Jan _2 15:04:05 2006`
fn asctime(mut t: Text<'_>) -> Option<(i64, u32)> {
    t.weekday(3)?;
    t.skip(" ")?;
    let month = t.month()?;
    t.skip(" ")?;
    if t.0.first() == Some(&b' ') {
        t.0 = &t.0[1..];
    }
    let day = t.number(false)?;
    t.skip(" ")?;
    let clock = t.clock()?;
    t.skip(" ")?;
    let year = t.long_year()?;
    t.end()?;
    instant(year, month, day, clock)
}

/// The time of day: hour, minute, second and nanoseconds.
type Clock = (u32, u32, u32, u32);

/// Seconds and nanoseconds since the Unix epoch, if the day exists.
fn instant(year: i64, month: u32, day: u32, (h, m, s, nanos): Clock) -> Option<(i64, u32)> {
    if !(1..=crate::gostd::days_in_month(year, month)).contains(&day) {
        return None;
    }
    let days = crate::gostd::days_from_civil(year, month, day);
    Some((days * 86400 + i64::from(h * 3600 + m * 60 + s), nanos))
}

/// What is left of a date being read, consumed piece by piece as Go's `time.Parse` does.
struct Text<'a>(&'a [u8]);

impl Text<'_> {
    /// Go's `skip`: `prefix` literally, except that a space in it matches a run of spaces
    /// (and the end of the text).
    fn skip(&mut self, prefix: &str) -> Option<()> {
        let spaces = |b: &[u8]| b.iter().take_while(|&&c| c == b' ').count();
        let mut p = prefix.as_bytes();
        while let Some(&c) = p.first() {
            if c == b' ' {
                if self.0.first().is_some_and(|&b| b != b' ') {
                    return None;
                }
                p = &p[spaces(p)..];
                self.0 = &self.0[spaces(self.0)..];
            } else if self.0.first() == Some(&c) {
                (p, self.0) = (&p[1..], &self.0[1..]);
            } else {
                return None;
            }
        }
        Some(())
    }

    fn end(&self) -> Option<()> {
        self.0.is_empty().then_some(())
    }

    /// A weekday's name (its first `len` letters), any case; which one is not checked.
    fn weekday(&mut self, len: usize) -> Option<()> {
        crate::gostd::DAYS.iter().find_map(|d| {
            let name = &d.as_bytes()[..len.min(d.len())];
            let rest = strip_ignoring_case(self.0, name)?;
            self.0 = rest;
            Some(())
        })
    }

    /// A month's three-letter name, any case: its number.
    fn month(&mut self) -> Option<u32> {
        let &[a, b, c] = self.0.get(..3)? else {
            return None;
        };
        // `nOV` as `Nov`, the form month_number knows.
        let name = [
            a.to_ascii_uppercase(),
            b.to_ascii_lowercase(),
            c.to_ascii_lowercase(),
        ];
        let month = crate::gostd::month_number(std::str::from_utf8(&name).ok()?)?;
        self.0 = &self.0[3..];
        Some(month)
    }

    /// Go's `getnum`: two digits, or (unless `fixed`) one.
    fn number(&mut self, fixed: bool) -> Option<u32> {
        let digit = |i: usize| {
            self.0
                .get(i)
                .filter(|b| b.is_ascii_digit())
                .map(|b| u32::from(b - b'0'))
        };
        let (n, len) = match (digit(0)?, digit(1)) {
            (a, Some(b)) => (a * 10 + b, 2),
            (_, None) if fixed => return None,
            (a, None) => (a, 1),
        };
        self.0 = &self.0[len..];
        Some(n)
    }

    /// Four digits.
    fn long_year(&mut self) -> Option<i64> {
        let digits = self
            .0
            .get(..4)
            .filter(|d| d.iter().all(u8::is_ascii_digit))?;
        self.0 = &self.0[4..];
        Some(digits.iter().fold(0, |y, d| y * 10 + i64::from(d - b'0')))
    }

    /// Two characters, a number as Go's `atoi` reads it (a sign allowed): 69 to 99 are
    /// 1969 to 1999, the rest 2000 plus the number.
    fn short_year(&mut self) -> Option<i64> {
        let two = self.0.get(..2)?;
        let n = match two {
            [sign @ (b'+' | b'-'), d] if d.is_ascii_digit() => {
                let n = i64::from(d - b'0');
                if *sign == b'-' {
                    -n
                } else {
                    n
                }
            }
            [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
                i64::from((a - b'0') * 10 + (b - b'0'))
            }
            _ => return None,
        };
        self.0 = &self.0[2..];
        Some(if n >= 69 { 1900 + n } else { 2000 + n })
    }

    /// `15:04:05`: an hour of one or two digits, then two-digit minutes and seconds, and
    /// a fraction of a second after `.` or `,` (digits past the ninth ignored). As in Go,
    /// a fraction where the seconds should be is second 0 and that fraction.
    fn clock(&mut self) -> Option<Clock> {
        let h = self.number(false).filter(|&h| h < 24)?;
        self.skip(":")?;
        let m = self.number(true).filter(|&m| m < 60)?;
        self.skip(":")?;
        let fraction = matches!(self.0, [b'.' | b',', d, ..] if d.is_ascii_digit());
        let s = match self.number(true) {
            Some(s) if s < 60 => s,
            None if fraction => 0,
            _ => return None,
        };
        let mut nanos = 0;
        if let [b'.' | b',', d, ..] = self.0 {
            if d.is_ascii_digit() {
                let digits = self.0[1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                nanos = self.0[1..1 + digits.min(9)]
                    .iter()
                    .fold(0, |n, d| n * 10 + u32::from(d - b'0'))
                    * 10u32.pow(9 - digits.min(9) as u32);
                self.0 = &self.0[1 + digits..];
            }
        }
        Some((h, m, s, nanos))
    }

    /// A zone as Go's `parseTimeZone` takes one (`UTC`, `GMT`, `GMT+3`, `+05`, `PST`,
    /// `CEST`, `ChST`...). Its offset is not applied: Go reads the time as UTC's.
    fn zone(&mut self) -> Option<()> {
        let v = self.0;
        let len = if v.starts_with(b"UTC") {
            3
        } else if v.len() < 3 {
            return None;
        } else if v.starts_with(b"ChST") || v.starts_with(b"MeST") {
            4
        } else if v.starts_with(b"GMT") {
            3 + signed_offset(&v[3..]).unwrap_or(0)
        } else if matches!(v[0], b'+' | b'-') {
            signed_offset(v)?
        } else {
            let upper = v
                .iter()
                .take(6)
                .take_while(|b| b.is_ascii_uppercase())
                .count();
            match upper {
                3 => 3,
                4 if v[3] == b'T' || v.starts_with(b"WITA") => 4,
                5 if v[4] == b'T' => 5,
                _ => return None,
            }
        };
        self.0 = &v[len..];
        Some(())
    }
}

/// The length of a sign and a number from 0 to 23 at the start of `v` (Go's
/// `parseSignedOffset`).
fn signed_offset(v: &[u8]) -> Option<usize> {
    let (sign, rest) = v.split_first()?;
    if !matches!(sign, b'+' | b'-') {
        return None;
    }
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let n = rest[..digits]
        .iter()
        .fold(0u32, |n, d| (n * 10 + u32::from(d - b'0')).min(100));
    (digits > 0 && n <= 23).then_some(1 + digits)
}

/// `v` without `prefix`, ASCII case ignored (Go's `lookup`).
fn strip_ignoring_case<'a>(v: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let head = v.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &v[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = UNIX_EPOCH + Duration::from_secs(784111777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after(" Sun, 06 Nov 1994 08:49:40 GMT ", now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Thu, 01 Jan 1770 00:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn http_dates_as_go_reads_them() {
        let at = |s: &str| http_date(s).map(|(secs, _)| secs);
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun Nov 06 08:49:37 1994",
            // Go's leniencies: case, runs of spaces, a one-digit hour, any weekday name.
            "sUN,   06 nov 1994 8:49:37 GMT",
            "Fri, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 UTC",
            "Sunday, 06-Nov-94 08:49:37 PST",
            "Sunday, 06-Nov-94 08:49:37 GMT+3",
        ] {
            assert_eq!(at(form), Some(784111777), "{form}");
        }
        assert_eq!(
            http_date("Sun, 06 Nov 1994 08:49:37.25 GMT"),
            Some((784111777, 250_000_000))
        );
        assert_eq!(
            http_date("Sun, 06 Nov 1994 08:49:37,1234567899 GMT"),
            Some((784111777, 123_456_789))
        );
        assert_eq!(
            http_date("Sun, 06 Nov 1994 08:49:.5 GMT"),
            Some((784111740, 500_000_000))
        );
        assert_eq!(at("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(at("Sat, 01 Jan 0000 00:00:00 GMT"), Some(-62167219200));
        assert_eq!(at("Thu, 29 Feb 2024 00:00:00 GMT"), Some(1709164800));
        assert_eq!(at("Tue, 29 Feb 2000 00:00:00 GMT"), Some(951782400));
        assert_eq!(at("Thursday, 01-Jan-70 00:00:00 GMT"), Some(0));
        assert_eq!(at("Monday, 01-Jan-68 00:00:00 GMT"), Some(3092601600));
        // Go reads the two-digit year with its sign: -5 is 1995, +5 is 2005.
        assert_eq!(at("Sunday, 06-Nov--5 08:49:37 GMT"), Some(815647777));
        assert_eq!(at("Sunday, 06-Nov-+5 08:49:37 GMT"), Some(1131266977));
        for refused in [
            "Sat, 31 Feb 2026 00:00:00 GMT",
            "Fri, 29 Feb 2100 00:00:00 GMT",
            "Wed, 31 Apr 2026 00:00:00 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:60 GMT",
            "Sun, 06 Nov 1994 08:60:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 gmt",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun,06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 Gmt",
            "Sunday, 06-Nov-1994 08:49:37 GMT",
            "Sun Nov  6 08:49:37 94",
            "Sun Nov  6 08:49:37 1994 GMT",
        ] {
            assert_eq!(at(refused), None, "{refused}");
        }
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
