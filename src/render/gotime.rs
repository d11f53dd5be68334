//! RFC 3339 timestamps printed the way Go prints a `time.Time`.
//!
//! The official CLI decodes `createdAt` into a `time.Time`, so `-o json` re-encodes it as
//! RFC 3339 with trailing fractional zeros trimmed, and templates print its `String()`
//! form (`2026-08-10 03:07:30 +0000 UTC`). Scripts compare those bytes.

use crate::gostd::{civil_from_days, days_from_civil};

/// A parsed timestamp: the wall clock in its own offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoTime {
    pub(crate) year: i64,
    pub(crate) month: u32,
    pub(crate) day: u32,
    pub(crate) hour: u32,
    pub(crate) minute: u32,
    pub(crate) second: u32,
    pub(crate) nanos: u32,
    /// Offset from UTC in seconds; `None` for `Z`.
    pub(crate) offset: Option<i32>,
}

impl GoTime {
    /// Go's zero `time.Time`.
    pub(crate) fn zero() -> GoTime {
        GoTime {
            year: 1,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            nanos: 0,
            offset: None,
        }
    }

    /// Parses `2006-01-02T15:04:05.999999999Z07:00` (also `t`/`z`, any fraction length).
    pub(crate) fn parse(s: &str) -> Option<GoTime> {
        let b = s.as_bytes();
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            part.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        if b.len() < 20
            || b[4] != b'-'
            || b[7] != b'-'
            || !matches!(b[10], b'T' | b't' | b' ')
            || b[13] != b':'
            || b[16] != b':'
        {
            return None;
        }
        let mut t = GoTime {
            year: i64::from(num(0..4)?),
            month: num(5..7)?,
            day: num(8..10)?,
            hour: num(11..13)?,
            minute: num(14..16)?,
            second: num(17..19)?,
            nanos: 0,
            offset: None,
        };
        let mut i = 19;
        if b[i] == b'.' {
            let start = i + 1;
            i = start;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &s[start..i];
            if digits.is_empty() || digits.len() > 9 {
                return None;
            }
            t.nanos = format!("{digits:0<9}").parse().ok()?;
        }
        match &s[i..] {
            "Z" | "z" => {}
            z if z.len() == 6 && matches!(&z[..1], "+" | "-") && &z[3..4] == ":" => {
                let h: i32 = z[1..3].parse().ok()?;
                let m: i32 = z[4..6].parse().ok()?;
                let sign = if &z[..1] == "-" { -1 } else { 1 };
                let off = sign * (h * 3600 + m * 60);
                t.offset = (off != 0).then_some(off);
            }
            _ => return None,
        }
        let valid = (1..=12).contains(&t.month)
            && (1..=31).contains(&t.day)
            && t.hour < 24
            && t.minute < 60
            && t.second < 60;
        valid.then_some(t)
    }

    fn offset_parts(&self) -> (char, i32, i32) {
        let off = self.offset.unwrap_or(0);
        let sign = if off < 0 { '-' } else { '+' };
        (sign, off.abs() / 3600, off.abs() % 3600 / 60)
    }

    /// `time.Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    pub(crate) fn go_string(&self) -> String {
        self.format("2006-01-02 15:04:05.999999999 -0700 MST")
    }

    /// `time.Time.MarshalJSON()` without quotes: RFC 3339 with nanoseconds trimmed.
    pub(crate) fn rfc3339(&self) -> String {
        self.format("2006-01-02T15:04:05.999999999Z07:00")
    }
}

impl GoTime {
    /// Seconds since the Unix epoch (`Unix()`).
    pub(crate) fn unix(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86400
            + i64::from(self.hour * 3600 + self.minute * 60 + self.second)
            - i64::from(self.offset.unwrap_or(0))
    }

    /// The same instant in UTC (`UTC()`).
    pub(crate) fn utc(&self) -> GoTime {
        let secs = self.unix();
        let (year, month, day) = civil_from_days(secs.div_euclid(86400));
        let rem = secs.rem_euclid(86400) as u32;
        GoTime {
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem % 3600 / 60,
            second: rem % 60,
            nanos: self.nanos,
            offset: None,
        }
    }

    /// 0 for Sunday (`Weekday()`).
    pub(crate) fn weekday(&self) -> usize {
        (days_from_civil(self.year, self.month, self.day) + 4).rem_euclid(7) as usize
    }

    /// Day of the year, from 1 (`YearDay()`).
    pub(crate) fn year_day(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) - days_from_civil(self.year, 1, 1) + 1
    }

    pub(crate) fn month_name(&self) -> &'static str {
        crate::gostd::MONTHS[(self.month as usize).clamp(1, 12) - 1]
    }

    pub(crate) fn weekday_name(&self) -> &'static str {
        crate::gostd::DAYS[self.weekday()]
    }

    /// Go's `Format(layout)`, with the reference time `Mon Jan 2 15:04:05 MST 2006`.
    pub(crate) fn format(&self, layout: &str) -> String {
        let mut out = String::new();
        let mut rest = layout;
        while let Some(c) = rest.chars().next() {
            if let Some(frac) = fraction_chunk(rest) {
                // `.000` keeps every digit asked for; `.999` trims trailing zeros.
                let digits = format!("{:09}", self.nanos);
                let digits = &digits[..frac.len() - 1];
                let digits = if frac.as_bytes()[1] == b'0' {
                    digits
                } else {
                    digits.trim_end_matches('0')
                };
                if !digits.is_empty() {
                    out.push_str(&frac[..1]);
                    out.push_str(digits);
                }
                rest = &rest[frac.len()..];
            } else if let Some(token) = LAYOUT_TOKENS.iter().find(|t| rest.starts_with(**t)) {
                out.push_str(&self.token(token));
                rest = &rest[token.len()..];
            } else {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        out
    }

    /// The text of one layout token (one of `LAYOUT_TOKENS`).
    fn token(&self, token: &str) -> String {
        let (sign, oh, om) = self.offset_parts();
        let utc = self.offset.is_none();
        let hour12 = match self.hour % 12 {
            0 => 12,
            h => h,
        };
        match token {
            "January" => self.month_name().into(),
            "Jan" => self.month_name()[..3].into(),
            "Monday" => self.weekday_name().into(),
            "Mon" => self.weekday_name()[..3].into(),
            "MST" if utc => "UTC".into(),
            "MST" | "-0700" => format!("{sign}{oh:02}{om:02}"),
            "2006" => format!("{:04}", self.year),
            "Z07:00:00" | "Z070000" | "Z07:00" | "Z0700" | "Z07" if utc => "Z".into(),
            "Z07:00:00" | "-07:00:00" => format!("{sign}{oh:02}:{om:02}:00"),
            "Z070000" | "-070000" => format!("{sign}{oh:02}{om:02}00"),
            "Z07:00" | "-07:00" => format!("{sign}{oh:02}:{om:02}"),
            "Z0700" => format!("{sign}{oh:02}{om:02}"),
            "Z07" | "-07" => format!("{sign}{oh:02}"),
            "002" => format!("{:03}", self.year_day()),
            "__2" => format!("{:>3}", self.year_day()),
            "_2" => format!("{:>2}", self.day),
            "01" => format!("{:02}", self.month),
            "02" => format!("{:02}", self.day),
            "03" => format!("{hour12:02}"),
            "04" => format!("{:02}", self.minute),
            "05" => format!("{:02}", self.second),
            "06" => format!("{:02}", self.year.rem_euclid(100)),
            "15" => format!("{:02}", self.hour),
            "PM" => if self.hour >= 12 { "PM" } else { "AM" }.into(),
            "pm" => if self.hour >= 12 { "pm" } else { "am" }.into(),
            "1" => self.month.to_string(),
            "2" => self.day.to_string(),
            "3" => hour12.to_string(),
            "4" => self.minute.to_string(),
            "5" => self.second.to_string(),
            _ => token.into(),
        }
    }
}

/// Layout tokens, longest first where one is a prefix of another (as Go's nextStdChunk).
const LAYOUT_TOKENS: [&str; 33] = [
    "January",
    "Jan",
    "Monday",
    "Mon",
    "MST",
    "2006",
    "Z07:00:00",
    "-07:00:00",
    "Z070000",
    "-070000",
    "Z07:00",
    "-07:00",
    "Z0700",
    "-0700",
    "Z07",
    "-07",
    "002",
    "__2",
    "_2",
    "01",
    "02",
    "03",
    "04",
    "05",
    "06",
    "15",
    "PM",
    "pm",
    "1",
    "2",
    "3",
    "4",
    "5",
];

/// `.000`, `,999` and the like at the start of `s`, if followed by a non-digit.
fn fraction_chunk(s: &str) -> Option<&str> {
    let b = s.as_bytes();
    if b.len() < 2 || !matches!(b[0], b'.' | b',') || !matches!(b[1], b'0' | b'9') {
        return None;
    }
    let digit = b[1];
    let n = b[1..].iter().take_while(|&&c| c == digit).count();
    if b.get(1 + n).is_some_and(u8::is_ascii_digit) || n > 9 {
        return None;
    }
    Some(&s[..1 + n])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_go() {
        let t = GoTime::parse("2026-08-10T03:07:30Z").unwrap();
        assert_eq!(t.go_string(), "2026-08-10 03:07:30 +0000 UTC");
        assert_eq!(t.rfc3339(), "2026-08-10T03:07:30Z");
        let t = GoTime::parse("2026-08-10T03:07:30.120000Z").unwrap();
        assert_eq!(t.go_string(), "2026-08-10 03:07:30.12 +0000 UTC");
        assert_eq!(t.rfc3339(), "2026-08-10T03:07:30.12Z");
        let t = GoTime::parse("2026-08-10T05:07:30+02:00").unwrap();
        assert_eq!(t.go_string(), "2026-08-10 05:07:30 +0200 +0200");
        assert_eq!(t.rfc3339(), "2026-08-10T05:07:30+02:00");
        assert_eq!(
            GoTime::parse("2026-08-10T03:07:30+00:00")
                .unwrap()
                .rfc3339(),
            "2026-08-10T03:07:30Z"
        );
        assert_eq!(GoTime::zero().go_string(), "0001-01-01 00:00:00 +0000 UTC");
        assert!(
            GoTime::parse("yesterday").is_none() && GoTime::parse("2026-13-01T00:00:00Z").is_none()
        );
    }

    #[test]
    fn format_like_go() {
        let t = GoTime::parse("2026-08-10T03:07:30.125Z").unwrap();
        assert_eq!(t.format("2006-01-02"), "2026-08-10");
        assert_eq!(
            t.format("Mon Jan _2 15:04:05 MST 2006"),
            "Mon Aug 10 03:07:30 UTC 2026"
        );
        assert_eq!(
            t.format("Monday, January 2, 2006 3:04PM"),
            "Monday, August 10, 2026 3:07AM"
        );
        assert_eq!(
            t.format("2006-01-02T15:04:05.000Z07:00"),
            "2026-08-10T03:07:30.125Z"
        );
        assert_eq!(t.format("15:04:05.999999"), "03:07:30.125");
        assert_eq!(t.format("002 06 1/2"), "222 26 8/10");
        let z = GoTime::parse("2026-08-10T05:07:30+02:00").unwrap();
        assert_eq!(
            z.format("-0700 -07:00 Z07:00 MST"),
            "+0200 +02:00 +02:00 +0200"
        );
        // 2026-08-10T03:07:30Z, as Python and date(1) compute it.
        assert_eq!(z.unix(), 1786331250);
        assert_eq!(z.utc().go_string(), "2026-08-10 03:07:30 +0000 UTC");
        assert_eq!(GoTime::zero().weekday_name(), "Monday");
    }
}
