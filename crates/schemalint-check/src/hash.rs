//! Fast hashers for maps keyed by strings of one file or one profile, where the default
//! hasher's DoS resistance buys little and costs a third of a duplicate-key scan.

use std::hash::{BuildHasher, Hasher};

/// A set with [`BuildFx`] (for names of one file: a wide object has a million).
pub(crate) type FxHashSet<T> = std::collections::HashSet<T, BuildFx>;
/// A map with [`BuildFx`].
pub(crate) type FxHashMap<K, V> = std::collections::HashMap<K, V, BuildFx>;

/// Hashes every byte, a word at a time (the multiply-rotate mix of rustc's `FxHasher`).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct BuildFx;

pub(crate) struct Fx(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl BuildHasher for BuildFx {
    type Hasher = Fx;

    fn build_hasher(&self) -> Fx {
        Fx(0)
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buf = [0; 8];
            buf.copy_from_slice(word);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut buf = [0; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf) ^ (rest.len() as u64) << 59);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        // hashbrown takes its control bits from the top: fold the low bits up.
        self.0.rotate_left(26)
    }
}

/// A hash of a string's length and three of its bytes, for small fixed tables of names
/// (the JSON Schema keywords) looked up with untrusted keys: a lookup costs a few
/// instructions, and collisions only cost comparisons in a table that never grows.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct BuildSampled;

pub(crate) struct Sampled(u64);

impl BuildHasher for BuildSampled {
    type Hasher = Sampled;

    fn build_hasher(&self) -> Sampled {
        Sampled(0)
    }
}

impl Hasher for Sampled {
    fn write(&mut self, bytes: &[u8]) {
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return;
        };
        let middle = bytes[bytes.len() / 2];
        let sample = u64::from(first)
            | u64::from(middle) << 8
            | u64::from(last) << 16
            | (bytes.len() as u64) << 24;
        self.0 = (self.0 ^ sample).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    // `str`'s `Hash` adds a 0xFF terminator: nothing to learn from it.
    fn write_u8(&mut self, _: u8) {}

    fn finish(&self) -> u64 {
        self.0
    }
}
