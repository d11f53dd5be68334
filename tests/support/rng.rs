//! xorshift64*: a small, fast, reproducible random source for seeded tests.

/// The generator's state; seed it with anything but zero.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// How many cases a seeded test runs and with which seed: `<name>_CASES` and `<name>_SEED`
/// from the environment, else `cases` and `seed`.
pub fn run_size(name: &str, cases: usize, seed: u64) -> (usize, Rng, u64) {
    let var = |suffix: &str| std::env::var(format!("{name}_{suffix}")).ok();
    let cases = var("CASES").and_then(|v| v.parse().ok()).unwrap_or(cases);
    let seed = var("SEED").and_then(|v| v.parse().ok()).unwrap_or(seed);
    (cases, Rng(seed | 1), seed)
}
