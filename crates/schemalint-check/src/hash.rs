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
