//! Seeded differential test of the one float printer against Go: random doubles (integers,
//! tiny, huge, subnormal, negative zero, random bit patterns, and values next to the
//! boundaries where `%v` and encoding/json switch to exponent form) printed by Go and by
//! us in every form we use: fmt's `%v`, encoding/json's, strconv's 'e', 'f' and 'g' with
//! and without a precision, and the API error line's `Params: [...]` of the number read
//! from JSON text. `FLOAT_DIFF_CASES` (default 20,000) and `FLOAT_DIFF_SEED` change the run.

use crate::support::rng::{run_size, Rng};
use atlas_invite::testing::{error_message, float_json, float_v, format_float};

/// The boundaries of the exponent forms, and what sits next to them.
const EDGES: [f64; 12] = [
    1e-4,
    1e-5,
    1e-6,
    1e-7,
    1e6,
    1e21,
    1e20,
    999999.9999999999,
    9.999999999999999e-05,
    123456.0,
    0.1,
    5e-324,
];

fn double(r: &mut Rng) -> f64 {
    let sign = if r.chance(30) { -1.0 } else { 1.0 };
    let f = match r.below(8) {
        0 => (r.next() >> r.below(64)) as f64,
        1 => 10f64.powi(-(r.below(320) as i32)) * (1.0 + (r.next() % 1000) as f64 / 7.0),
        2 => 10f64.powi(r.below(308) as i32) * (1.0 + (r.next() % 1000) as f64 / 3.0),
        3 => f64::from_bits(r.next() & ((1 << 52) - 1)),
        4 => -0.0,
        5 => {
            // A few ulps either side of an edge.
            let edge = EDGES[r.below(EDGES.len())].to_bits();
            f64::from_bits(edge.wrapping_add(r.below(7) as u64).wrapping_sub(3))
        }
        _ => f64::from_bits(r.next()),
    };
    if f.is_finite() {
        sign * f
    } else {
        sign * 1.5
    }
}

#[test]
fn random_doubles_print_as_go_prints_them() {
    let (n, mut r, seed) = run_size("FLOAT_DIFF", 20_000, 0xf10a_2026);
    let values: Vec<f64> = (0..n).map(|_| double(&mut r)).collect();
    // The JSON text a server would send: the shortest form, plain or with an exponent.
    let texts: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, f)| {
            if i % 2 == 0 {
                format!("{f:e}")
            } else {
                format!("{f}")
            }
        })
        .collect();
    let input: String = values
        .iter()
        .zip(&texts)
        .map(|(f, t)| format!("{:016x} {t}\n", f.to_bits()))
        .collect();
    let go = crate::support::gocheck::Go::build().floats(&input);
    assert_eq!(go.len(), n);
    let mut bad = Vec::new();
    for ((f, text), want) in values.iter().zip(&texts).zip(&go) {
        let line = error_message(
            "u",
            400,
            "application/json",
            &format!("{{\"errorCode\":\"X\",\"parameters\":[{text}]}}"),
        );
        let param = line
            .split_once("Params: ")
            .and_then(|(_, p)| p.split_once(", BadRequestDetail"))
            .map_or(String::new(), |(p, _)| p.to_string());
        let ours = [
            ("v", float_v(*f)),
            ("json", float_json(*f)),
            ("e", format_float(*f, 'e', None)),
            ("f", format_float(*f, 'f', None)),
            ("e3", format_float(*f, 'E', Some(3))),
            ("g5", format_float(*f, 'g', Some(5))),
            ("f2", format_float(*f, 'f', Some(2))),
            ("param", param),
        ];
        for (form, got) in ours {
            if want.get(form) != Some(&got) {
                bad.push(format!(
                    "{f:e} ({text}) {form}: go {:?}, ours {got:?}",
                    want.get(form)
                ));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} differences from Go in {n} doubles (seed {seed:#x}):\n{}",
        bad.len(),
        bad.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
    );
}
