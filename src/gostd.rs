//! Go's formatting conventions that more than one layer prints with: `strconv.Quote`,
//! `strconv.FormatFloat` (the one float printer, with fmt's `%v` and encoding/json's
//! forms), `url.QueryEscape`, `Response.Status` lines, and the proleptic Gregorian
//! calendar with its month and weekday names. The template engine, the API error line,
//! the JSON writer, the transport and the retry timer all use them from here, so each
//! exists once.

/// Go's strconv.Quote: a double-quoted string with Go escapes, every character Go does
/// not print (`is_print`) escaped.
pub fn quote(s: &str) -> String {
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
            c if is_print(c) => out.push(c),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII
/// space; not the other spaces, the line and paragraph separators, controls, format
/// characters, private use and unassigned code points. The standard library's
/// `escape_debug` escapes exactly those (and, in a string's first character only, a
/// combining mark), so a character that comes back unescaped after another is printable
/// by the same Unicode tables.
pub(crate) fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    let mut buf = [b'a'; 5];
    let len = c.encode_utf8(&mut buf[1..]).len();
    std::str::from_utf8(&buf[..=len]).is_ok_and(|s| s.escape_debug().nth(1) == Some(c))
}

/// Go's `strconv.CanBackquote`: whether `s` can be a raw string literal unchanged (no
/// backquote, no control but the tab, no byte order mark).
pub(crate) fn can_backquote(s: &str) -> bool {
    s.chars()
        .all(|c| !matches!(c, '`' | '\u{7f}' | '\u{feff}') && (c >= ' ' || c == '\t'))
}

/// Go's `strconv.FormatFloat(v, verb, prec, 64)`: `prec` `None` is Go's -1, the fewest
/// digits that read back as `v`. Verbs `e E f F g G b x X`; any other prints as `g`.
/// This is the one float printer: the error line's `%v`, JSON numbers and the template
/// engine's `printf` all come here.
pub fn format_float(v: f64, verb: char, prec: Option<usize>) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    let upper = verb.is_ascii_uppercase();
    let s = match verb {
        'f' | 'F' => fixed(v, prec),
        'e' | 'E' => exponent(v, prec),
        'b' => return binary_float(v),
        'x' | 'X' => hex_float(v, prec),
        _ => general(v, prec),
    };
    if upper {
        s.to_uppercase()
    } else {
        s
    }
}

/// Go's `%v` of a float64 (`FormatFloat(f, 'g', -1, 64)`): the shortest digits, in
/// exponent form when the decimal exponent is below -4 or at least 6 (`1e+06`).
pub fn float_v(f: f64) -> String {
    format_float(f, 'g', None)
}

/// A float64 as encoding/json writes it: shortest digits, exponent form below 1e-6 and
/// from 1e21 on, with a one-digit negative exponent (`1e-7`, `1e+21`).
pub fn float_json(f: f64) -> String {
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let s = format_float(f, 'e', None);
        return match s.split_once("e-0") {
            Some((m, e)) => format!("{m}e-{e}"),
            None => s,
        };
    }
    format_float(f, 'f', None)
}

/// `d.ddde±XX` from Rust's exponent form (`1.5e-7`, `1e21`).
fn go_exponent(rust: &str) -> String {
    let (mant, e) = rust.split_once('e').unwrap_or((rust, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    format!("{mant}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// The shortest digits that read back as `v` (sign dropped) and the decimal exponent of
/// the first. Of two shortest candidates equally close to `v`, Go takes the even one;
/// Rust's shortest form rounds up, but its exact form breaks ties to even, so the exact
/// form at the same length is used whenever it reads back too.
fn shortest(v: f64) -> (String, i32) {
    let split = |s: &str| -> (String, i32) {
        let (m, e) = s.split_once('e').unwrap_or((s, "0"));
        let digits = m.trim_start_matches('-').replace('.', "");
        (digits, e.parse().unwrap_or(0))
    };
    let short = format!("{v:e}");
    let (digits, _) = split(&short);
    let exact = format!("{:.*e}", digits.len() - 1, v);
    if exact != short && exact.parse::<f64>() == Ok(v) {
        return split(&exact);
    }
    split(&short)
}

fn sign(v: f64) -> &'static str {
    if v.is_sign_negative() {
        "-"
    } else {
        ""
    }
}

/// `%f`: `prec` digits after the point, or the shortest that read back.
fn fixed(v: f64, prec: Option<usize>) -> String {
    let Some(p) = prec else {
        let (digits, exp) = shortest(v);
        let body = if exp < 0 {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        } else {
            let int = exp as usize + 1;
            if digits.len() <= int {
                format!("{digits}{}", "0".repeat(int - digits.len()))
            } else {
                format!("{}.{}", &digits[..int], &digits[int..])
            }
        };
        return format!("{}{body}", sign(v));
    };
    format!("{v:.p$}")
}

/// `%e`: `prec` digits after the point, or the shortest that read back.
fn exponent(v: f64, prec: Option<usize>) -> String {
    let Some(p) = prec else {
        let (digits, exp) = shortest(v);
        let frac = if digits.len() > 1 {
            format!(".{}", &digits[1..])
        } else {
            String::new()
        };
        return go_exponent(&format!("{}{}{frac}e{exp}", sign(v), &digits[..1]));
    };
    go_exponent(&format!("{v:.p$e}"))
}

/// The decimal exponent of `v` once rounded to `digits` significant digits (or the
/// shortest round-trip digits).
fn decimal_exponent(v: f64, digits: Option<usize>) -> i32 {
    match digits {
        Some(d) => {
            let s = format!("{:.*e}", d - 1, v);
            s.split_once('e').map_or(0, |(_, e)| e.parse().unwrap_or(0))
        }
        None => shortest(v).1,
    }
}

/// `%g`: exponent form when the exponent is below -4 or at least the precision (6 for the
/// shortest form), trailing zeros dropped.
fn general(v: f64, prec: Option<usize>) -> String {
    let digits = prec.map(|p| p.max(1));
    let exp = decimal_exponent(v, digits);
    let eprec = digits.map_or(6, |d| d as i32);
    let trim = |s: String| {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    };
    if exp < -4 || exp >= eprec {
        return match digits {
            None => exponent(v, None),
            Some(d) => {
                let s = format!("{:.*e}", d - 1, v);
                let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
                go_exponent(&format!("{}e{e}", trim(m.to_string())))
            }
        };
    }
    match digits {
        None => fixed(v, None),
        Some(d) => trim(fixed(v, Some((d as i32 - 1 - exp).max(0) as usize))),
    }
}

/// `%b`: the mantissa and binary exponent, as `4503599627370496p-52`.
fn binary_float(v: f64) -> String {
    let bits = v.to_bits();
    let neg = if bits >> 63 == 1 { "-" } else { "" };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1 << 52) - 1);
    let e = if exp == 0 {
        -1074
    } else {
        mant |= 1 << 52;
        exp - 1075
    };
    format!("{neg}{mant}p{}{}", if e < 0 { '-' } else { '+' }, e.abs())
}

/// `%x` of a float with the shortest exact mantissa (or `prec` hex digits).
fn hex_float(v: f64, prec: Option<usize>) -> String {
    let bits = v.to_bits();
    let neg = if bits >> 63 == 1 { "-" } else { "" };
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mut mant = bits & ((1 << 52) - 1);
    if exp == 0 && mant == 0 {
        let zeros = prec
            .map(|p| format!(".{}", "0".repeat(p)))
            .unwrap_or_default();
        return format!("{neg}0x0{zeros}p+00");
    }
    let mut e = if exp == 0 { -1022 } else { exp - 1023 };
    if exp == 0 {
        // Subnormal: normalize.
        while mant & (1 << 52) == 0 {
            mant <<= 1;
            e -= 1;
        }
        mant &= (1 << 52) - 1;
    }
    let mut frac = format!("{mant:013x}");
    match prec {
        Some(p) if p < 13 => {
            // Round to p hex digits, half to even.
            let shift = 4 * (13 - p) as u32;
            let full = (1u64 << 52) | mant;
            let rounded = {
                let half = 1u64 << (shift - 1);
                let rem = full & ((1u64 << shift) - 1);
                let mut q = full >> shift;
                if rem > half || (rem == half && q & 1 == 1) {
                    q += 1;
                }
                q
            };
            let lead = rounded >> (4 * p as u32);
            if lead > 1 {
                e += 1;
            }
            let f = rounded & ((1u64 << (4 * p as u32)) - 1);
            frac = if p == 0 {
                String::new()
            } else {
                format!("{f:0width$x}", width = p)
            };
        }
        Some(p) => frac.push_str(&"0".repeat(p - 13)),
        None => frac = frac.trim_end_matches('0').to_string(),
    }
    let dot = if frac.is_empty() {
        String::new()
    } else {
        format!(".{frac}")
    };
    format!(
        "{neg}0x1{dot}p{}{:02}",
        if e < 0 { '-' } else { '+' },
        e.abs()
    )
}

/// `404 Not Found`, as Go's `Response.Status` reads over HTTP/2: the code and
/// `http.StatusText`, which keeps four older texts where the http crate has RFC 9110's.
pub fn status_line(status: u16) -> String {
    let reason = match status {
        203 => Some("Non-Authoritative Information"),
        413 => Some("Request Entity Too Large"),
        414 => Some("Request URI Too Long"),
        416 => Some("Requested Range Not Satisfiable"),
        _ => ureq::http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason()),
    };
    format!("{status} {}", reason.unwrap_or(""))
        .trim_end()
        .to_string()
}

/// Go's `unicode.ToLower`: Unicode's simple lower case of one character (İ is i, where
/// the full mapping adds a combining dot; Σ is σ wherever it stands).
pub(crate) fn to_lower(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        // İ is the one character whose lower case is longer; its simple mapping is i.
        _ if c == 'İ' => 'i',
        _ => c,
    }
}

/// Go's `url.QueryEscape`: unreserved bytes kept, space as `+`, the rest `%XX`.
pub fn query_escape(s: &str) -> String {
    escape(s, |b| b == b' ', b"")
}

/// Go's `url.PathEscape`: one path segment, with `/`, `,`, `;`, `?` and everything
/// outside RFC 3986's segment characters as `%XX`.
pub fn path_escape(s: &str) -> String {
    escape(s, |_| false, b"$&+:=@")
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

/// Go's month names, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Go's weekday names, Sunday first.
pub(crate) const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The number (1 to 12) of a month's three-letter English abbreviation (`Jan`), as HTTP
/// dates write it.
pub(crate) fn month_number(abbr: &str) -> Option<u32> {
    let n = MONTHS
        .iter()
        .position(|m| abbr.len() == 3 && m.starts_with(abbr))?;
    u32::try_from(n + 1).ok()
}

/// How many days month `m` (1 to 12) of year `y` has in the proleptic Gregorian calendar.
pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
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
        assert_eq!(float_v(3600.0), "3600");
        assert_eq!(float_v(1.5), "1.5");
        assert_eq!(float_v(123456.0), "123456");
        assert_eq!(float_v(1e6), "1e+06");
        assert_eq!(float_v(1e21), "1e+21");
        assert_eq!(float_v(0.00001), "1e-05");
        assert_eq!(float_v(0.0001), "0.0001");
        assert_eq!(float_v(123456789.0), "1.23456789e+08");
        assert_eq!(float_v(999999.9999999999), "999999.9999999999");
        assert_eq!(float_v(9.999999999999999e-05), "9.999999999999999e-05");
        assert_eq!(float_v(-0.0), "-0");
        assert_eq!(float_json(1e-7), "1e-7");
        assert_eq!(float_json(1e21), "1e+21");
        assert_eq!(float_json(1e20), "100000000000000000000");
        assert_eq!(float_json(0.000001), "0.000001");
        assert_eq!(format_float(1.5, 'x', None), "0x1.8p+00");
        assert_eq!(format_float(2.5, 'E', Some(2)), "2.50E+00");
    }

    #[test]
    fn query_escaping() {
        assert_eq!(query_escape("a b+c/é~"), "a+b%2Bc%2F%C3%A9~");
        assert_eq!(path_escape("a.b+c@x.com/ é"), "a.b+c@x.com%2F%20%C3%A9");
        assert_eq!(path_escape("a,b;c?d$e"), "a%2Cb%3Bc%3Fd$e");
    }

    #[test]
    fn quoting_and_status_lines() {
        assert_eq!(quote("a\"b\n\x01é"), "\"a\\\"b\\n\\x01é\"");
        assert_eq!(
            quote("\u{a0}\u{200b}\u{301}\u{e0001}\u{1f600}"),
            "\"\\u00a0\\u200b\u{301}\\U000e0001\u{1f600}\""
        );
        assert!(can_backquote("a\tb\u{85}") && !can_backquote("\u{feff}") && !can_backquote("`"));
        assert_eq!(status_line(404), "404 Not Found");
        assert_eq!(status_line(599), "599");
        assert_eq!(status_line(413), "413 Request Entity Too Large");
        let lower: String = "İΣAΣ".chars().map(to_lower).collect();
        assert_eq!(lower, "iσaσ");
    }

    #[test]
    fn month_numbers() {
        assert_eq!(month_number("Jan"), Some(1));
        assert_eq!(month_number("Dec"), Some(12));
        assert_eq!(month_number("Foo"), None);
        assert_eq!(month_number("J"), None);
    }

    #[test]
    fn calendar_round_trips() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11017);
        let lengths = [(2000, 2), (1900, 2), (2024, 2), (2023, 4), (2023, 12)]
            .map(|(y, m)| days_in_month(y, m));
        assert_eq!(lengths, [29, 28, 29, 30, 31]);
        for d in [-800_000, -1, 0, 59, 11016, 20_000, 2_000_000] {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
    }
}
