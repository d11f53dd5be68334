//! RFC 3339 timestamps printed the way Go prints a `time.Time`.
//!
//! The official CLI decodes `createdAt` into a `time.Time`, so `-o json` re-encodes it as
//! RFC 3339 with trailing fractional zeros trimmed, and templates print its `String()`
//! form (`2026-08-10 03:07:30 +0000 UTC`). Scripts compare those bytes.

/// A parsed timestamp: the wall clock in its own offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub nanos: u32,
    /// Offset from UTC in seconds; `None` for `Z`.
    pub offset: Option<i32>,
}

impl GoTime {
    /// Go's zero `time.Time`.
    pub fn zero() -> GoTime {
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
    pub fn parse(s: &str) -> Option<GoTime> {
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

    fn fraction(&self) -> String {
        if self.nanos == 0 {
            return String::new();
        }
        let f = format!(".{:09}", self.nanos);
        f.trim_end_matches('0').to_string()
    }

    fn offset_parts(&self) -> (char, i32, i32) {
        let off = self.offset.unwrap_or(0);
        let sign = if off < 0 { '-' } else { '+' };
        (sign, off.abs() / 3600, off.abs() % 3600 / 60)
    }

    /// `time.Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`.
    pub fn go_string(&self) -> String {
        let (sign, h, m) = self.offset_parts();
        let zone = match self.offset {
            None => "UTC".to_string(),
            Some(_) => format!("{sign}{h:02}{m:02}"),
        };
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}{} {sign}{h:02}{m:02} {zone}",
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.fraction()
        )
    }

    /// `time.Time.MarshalJSON()` without quotes: RFC 3339 with nanoseconds trimmed.
    pub fn rfc3339(&self) -> String {
        let zone = match self.offset {
            None => "Z".to_string(),
            Some(_) => {
                let (sign, h, m) = self.offset_parts();
                format!("{sign}{h:02}:{m:02}")
            }
        };
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{zone}",
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.fraction()
        )
    }
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
}
