//! Go's formatting conventions that more than one layer prints with: `strconv.Quote`,
//! `%g` floats, `url.QueryEscape`, `Response.Status` lines and the proleptic Gregorian
//! calendar. The template engine, the API error renderer, the transport and the retry
//! timer all use them from here, so each exists once.

/// Go's strconv.Quote: a double-quoted string with Go escapes.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `%v` for a float64: the shortest digits, in exponent form when the decimal
/// exponent is below -4 or at least 6 (so 1e6 prints `1e+06`).
pub(crate) fn float_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let exp = f.abs().log10().floor() as i32;
    if (-4..6).contains(&exp) {
        return format!("{f}");
    }
    // Rust's `{:e}` gives the shortest digits, like Go's 'g' with precision -1.
    let s = format!("{f:e}");
    let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    format!("{mant}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// `404 Not Found`, as Go's `Response.Status` reads.
pub(crate) fn status_line(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    format!("{status} {reason}").trim_end().to_string()
}

/// Go's `url.QueryEscape`: unreserved bytes kept, space as `+`, the rest `%XX`.
pub(crate) fn query_escape(s: &str) -> String {
    escape(s, |b| b == b' ', b"")
}

/// Go's `url.PathEscape`: one path segment, with `/` and everything outside RFC 3986's
/// segment characters as `%XX`.
pub(crate) fn path_escape(s: &str) -> String {
    escape(s, |_| false, b"$&+,:;=@")
}

/// Unreserved bytes and `keep` kept, bytes `plus` says as `+`, the rest `%XX`.
fn escape(s: &str, plus: impl Fn(u8) -> bool, keep: &[u8]) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) || keep.contains(&b) {
            out.push(b as char);
        } else if plus(b) {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468
}

/// The date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_like_go() {
        assert_eq!(float_g(3600.0), "3600");
        assert_eq!(float_g(1.5), "1.5");
        assert_eq!(float_g(123456.0), "123456");
        assert_eq!(float_g(1e6), "1e+06");
        assert_eq!(float_g(1e21), "1e+21");
        assert_eq!(float_g(0.00001), "1e-05");
        assert_eq!(float_g(0.0001), "0.0001");
        assert_eq!(float_g(123456789.0), "1.23456789e+08");
    }

    #[test]
    fn query_escaping() {
        assert_eq!(query_escape("a b+c/é~"), "a+b%2Bc%2F%C3%A9~");
        assert_eq!(path_escape("a.b+c@x.com/ é"), "a.b+c@x.com%2F%20%C3%A9");
    }

    #[test]
    fn quoting_and_status_lines() {
        assert_eq!(quote("a\"b\n\x01é"), "\"a\\\"b\\n\\x01é\"");
        assert_eq!(status_line(404), "404 Not Found");
        assert_eq!(status_line(599), "599");
    }

    #[test]
    fn calendar_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11017);
        for d in [-800_000, -1, 0, 59, 11016, 20_000, 2_000_000] {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
    }
}
