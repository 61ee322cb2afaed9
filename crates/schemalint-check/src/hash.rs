//! FNV-1a for maps keyed by short strings from one trusted source (a profile, one file's
//! object keys): the default hasher's DoS resistance buys nothing there and costs time.

use std::hash::{BuildHasher, Hasher};

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct BuildFnv;

pub(crate) struct Fnv(u64);

impl BuildHasher for BuildFnv {
    type Hasher = Fnv;

    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
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
