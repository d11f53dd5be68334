//! Seeded differential test of the Retry-After date reader against Go's `http.ParseTime`:
//! random dates in its three forms (IMF-fixdate, RFC 850, asctime) with days 28 to 32 in
//! every month of common and leap years, hours up to 25, minutes and seconds up to 61,
//! fractions of a second, names in any case or misspelt, weekdays that do not match the
//! date, zones, runs of spaces, half of them then damaged by one random edit, must be read
//! as the same instant or refused alike. `RETRY_DIFF_CASES` (default 5,000) and
//! `RETRY_DIFF_SEED` change the run.

use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::http_date;

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const YEARS: [i64; 14] = [
    0, 1, 1900, 1969, 1970, 1994, 1996, 2000, 2024, 2025, 2026, 2100, 2400, 9999,
];
const ZONES: [&str; 26] = [
    "GMT", "GMT", "GMT", "GMT", "UTC", "gmt", "Gmt", "GMT+3", "GMT-23", "GMT+24", "GMT+", "GMT+0",
    "PST", "CEST", "ChST", "MeST", "WITA", "ABCD", "ABCDE", "ABCDT", "ABCDEF", "+05", "-0700", "Z",
    "", "EST5",
];
/// Characters a damaging edit inserts.
const NOISE: [char; 16] = [
    ' ', '0', '1', '9', ',', ':', '-', '+', '.', 'a', 'Z', 'T', '\t', 'é', '\0', '_',
];

/// Days since 1970-01-01 (proleptic Gregorian), for the weekday that matches a date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468
}

/// `s` as is, or in lower, upper or mixed case.
fn cased(r: &mut Rng, s: &str) -> String {
    match r.below(10) {
        0 => s.to_lowercase(),
        1 => s.to_uppercase(),
        2 => s
            .chars()
            .map(|c| {
                if r.chance(50) {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect(),
        _ => s.to_string(),
    }
}

/// A number up to `max`: now and then from the edge `edge..=max`, else below it.
fn near(r: &mut Rng, edge: u32, max: u32, percent: usize) -> u32 {
    if r.chance(percent) {
        edge + r.below((max - edge + 1) as usize) as u32
    } else {
        r.below(edge as usize) as u32
    }
}

/// `n` in two digits, sometimes one or three.
fn two(r: &mut Rng, n: u32) -> String {
    match r.below(12) {
        0 => n.to_string(),
        1 => format!("{n:03}"),
        _ => format!("{n:02}"),
    }
}

/// A run of spaces, usually one; now and then none or a tab.
fn gap(r: &mut Rng) -> &'static str {
    match r.below(20) {
        0 => "  ",
        1 => "",
        2 => "\t",
        _ => " ",
    }
}

/// A fraction of a second, now and then.
fn fraction(r: &mut Rng) -> String {
    if !r.chance(12) {
        return String::new();
    }
    let digits: String = (0..1 + r.below(12))
        .map(|_| char::from(b'0' + r.below(10) as u8))
        .collect();
    match r.below(4) {
        0 => format!(",{digits}"),
        1 => ".".into(),
        _ => format!(".{digits}"),
    }
}

/// One date in one of the three forms (0: IMF-fixdate, 1: RFC 850, 2: asctime), its
/// parts near the edges of their ranges.
fn date(r: &mut Rng) -> (usize, String) {
    let year = if r.chance(80) {
        YEARS[r.below(YEARS.len())]
    } else {
        r.below(10_000) as i64
    };
    let month = 1 + r.below(12);
    let day = near(r, 28, 32, 40).max(1);
    let weekday = if r.chance(60) {
        let days = days_from_civil(year, month as i64, i64::from(day));
        WEEKDAYS[(days + 4).rem_euclid(7) as usize]
    } else {
        WEEKDAYS[r.below(7)]
    };
    let weekday = match r.below(30) {
        0 => "Thurs".to_string(),
        1 => "Sux".to_string(),
        _ => weekday.to_string(),
    };
    let short = cased(r, &weekday[..3.min(weekday.len())]);
    let long = cased(r, &weekday);
    let mon = if r.chance(3) {
        "Foo".to_string()
    } else {
        cased(r, MONTHS[month - 1])
    };
    let (h, m, sec) = (
        near(r, 23, 25, 15),
        near(r, 59, 61, 15),
        near(r, 59, 61, 15),
    );
    let clock = format!("{}:{}:{}{}", two(r, h), two(r, m), two(r, sec), fraction(r));
    let (g1, g2, g3) = (gap(r), gap(r), gap(r));
    let zone = if r.chance(70) {
        "GMT"
    } else {
        ZONES[r.below(ZONES.len())]
    };
    let form = r.below(3);
    let text = match form {
        0 => format!(
            "{short},{g1}{}{g2}{mon}{g3}{year:04} {clock} {zone}",
            two(r, day)
        ),
        1 => {
            let yy = match r.below(10) {
                0 => format!("{year:04}"),
                1 => format!("{}{}", if r.chance(50) { "+" } else { "-" }, r.below(10)),
                _ => format!("{:02}", year % 100),
            };
            format!("{long},{g1}{}-{mon}-{yy}{g2}{clock}{g3}{zone}", two(r, day))
        }
        _ => {
            let dd = match r.below(3) {
                0 => format!("{day:02}"),
                1 => day.to_string(),
                _ => format!("{day:>2}"),
            };
            let tail = if r.chance(5) {
                format!(" {zone}")
            } else {
                String::new()
            };
            format!("{short}{g1}{mon}{g2}{dd}{g3}{clock} {year:04}{tail}")
        }
    };
    (form, text)
}

/// `s` after one random edit: a character deleted, inserted, replaced, doubled or swapped
/// with the next, or the text cut short.
fn damage(r: &mut Rng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.is_empty() {
        return s.to_string();
    }
    let at = r.below(c.len());
    let noise = NOISE[r.below(NOISE.len())];
    match r.below(6) {
        0 => {
            c.remove(at);
        }
        1 => c.insert(at, noise),
        2 => c[at] = noise,
        3 => c.insert(at, c[at]),
        4 if at + 1 < c.len() => c.swap(at, at + 1),
        _ => c.truncate(at),
    }
    c.into_iter().collect()
}

#[test]
fn random_http_dates_read_as_go_reads_them() {
    let (n, mut r, seed) = run_size("RETRY_DIFF", 5_000, 0xda7e_2026);
    let (forms, dates): (Vec<usize>, Vec<String>) = (0..n)
        .map(|_| {
            let (form, d) = date(&mut r);
            if r.chance(50) {
                (form, damage(&mut r, &d))
            } else {
                (form, d)
            }
        })
        .unzip();
    let go = crate::support::gocheck::Go::build().dates(&dates);
    assert_eq!(go.len(), n);
    let mut bad = Vec::new();
    let mut accepted = [0usize; 3];
    for ((date, want), form) in dates.iter().zip(&go).zip(forms) {
        let ours = http_date(date);
        if ours != *want {
            bad.push(format!("{date:?}: go {want:?}, ours {ours:?}"));
        }
        accepted[form] += usize::from(want.is_some());
    }
    assert!(
        bad.is_empty(),
        "{} of {n} dates read differently from Go's http.ParseTime (seed {seed:#x}):\n{}",
        bad.len(),
        bad.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
    let total: usize = accepted.iter().sum();
    assert!(
        accepted.iter().all(|&a| a > n / 50) && total < n * 4 / 5,
        "accepted per form (IMF-fixdate, RFC 850, asctime) {accepted:?} of {n}: the dates miss a form or the edges"
    );
}
