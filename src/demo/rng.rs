//! The demo's random numbers: ChaCha8 from a fixed seed, so that the demo data is the same on every
//! machine and with every version of `rand`. `rand`'s `StdRng` promises neither, and its
//! `random_range` may change its sampling between versions, so the few helpers below draw from the
//! generator's raw `u64`s themselves.

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A deterministic random number generator.
pub(super) struct Rng {
    chacha: ChaCha8Rng,
    /// The timestamp field of the next [`Rng::ordered_uuid`].
    next_ordered: u64,
}

/// Where the timestamps of ordered UUIDs start: 2026-01-01T00:00:00Z, in milliseconds. They count
/// ids, not time.
const ORDERED_FROM_MILLIS: u64 = 1_767_225_600_000;

impl Rng {
    /// The generator for this seed.
    pub(super) fn seeded(seed: u64) -> Self {
        Self {
            chacha: ChaCha8Rng::seed_from_u64(seed),
            next_ordered: ORDERED_FROM_MILLIS,
        }
    }

    /// A number in `0..n` (0 when `n` is 0): the high half of a 128-bit product (Lemire), whose
    /// bias is below 2⁻⁴⁰ for the sizes used here.
    pub(super) fn below(&mut self, n: usize) -> usize {
        let n = n.max(1) as u64;
        ((u128::from(self.chacha.next_u64()) * u128::from(n)) >> 64) as usize
    }

    /// A number in `low..=high`.
    pub(super) fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// True with this chance, in percent.
    pub(super) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// A number in `0..n`, small ones more often: the chance of `0..k` is √(k/n). Spreads
    /// customers over resellers the way a channel does, a few large resellers and a long tail.
    pub(super) fn skewed_below(&mut self, n: usize) -> usize {
        let u = self.below(1 << 20) as u64;
        (((u * u) as u128 * n as u128) >> 40) as usize
    }

    /// One of `items`, or `None` when there is none.
    pub(super) fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len())).copied()
        }
    }

    /// Fisher–Yates.
    pub(super) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }

    /// A time-ordered (v7) UUID, greater than the one before: rows with these ids go to the end
    /// of their indexes. With random ids, a large load rewrites index pages all over the file
    /// again and again: 100,000 customers took 74 s of CPU on SQLite with random ids, 42 s with
    /// these.
    pub(super) fn ordered_uuid(&mut self) -> String {
        let mut bytes = [0u8; 10];
        self.chacha.fill_bytes(&mut bytes);
        let millis = self.next_ordered;
        self.next_ordered += 1;
        uuid::Builder::from_unix_timestamp_millis(millis, &bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
    }

    /// A random (v4) UUID, in the stored lowercase hyphenated form.
    pub(super) fn uuid(&mut self) -> String {
        let mut bytes = [0u8; 16];
        self.chacha.fill_bytes(&mut bytes);
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .hyphenated()
            .to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let draw = |seed| {
            let mut rng = Rng::seeded(seed);
            (0..50).map(|_| rng.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
    }

    #[test]
    fn draws_stay_in_range() {
        let mut rng = Rng::seeded(1);
        for n in [0, 1, 2, 3, 10, 300] {
            for _ in 0..1000 {
                assert!(rng.below(n) < n.max(1));
                assert!(rng.skewed_below(n) < n.max(1));
                assert!((5..=11).contains(&rng.between(5, 11)));
            }
        }
        assert_eq!(rng.pick::<u8>(&[]), None);
        assert!(!rng.chance(0) && rng.chance(100));
    }

    #[test]
    fn skewed_draws_favour_small_numbers() {
        let mut rng = Rng::seeded(2);
        let draws: Vec<usize> = (0..10_000).map(|_| rng.skewed_below(300)).collect();
        let first_tenth = draws.iter().filter(|d| **d < 30).count();
        // √0.1 ≈ 32 % of the draws fall in the first tenth.
        assert!((2_800..3_600).contains(&first_tenth), "{first_tenth}");
    }

    #[test]
    fn uuids_are_v4_and_parse() {
        let mut rng = Rng::seeded(3);
        let id = rng.uuid();
        let parsed = uuid::Uuid::parse_str(&id).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(parsed.hyphenated().to_string(), id);
        assert_ne!(rng.uuid(), id);
    }

    #[test]
    fn ordered_uuids_are_v7_and_increase() {
        let mut rng = Rng::seeded(4);
        let ids: Vec<String> = (0..1000).map(|_| rng.ordered_uuid()).collect();
        for pair in ids.windows(2) {
            assert!(pair[0] < pair[1], "{pair:?}");
        }
        let parsed = uuid::Uuid::parse_str(&ids[0]).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 7);
    }
}
