//! Sets and maps keyed by where a value sits in memory. A parsed document does not move while
//! it is read, so the address of one of its values names that value; the JSONPath engine and
//! the reference table look values up this way millions of times on a large description.
//!
//! The standard hasher resists keys chosen to collide, which costs more than the lookup itself
//! for a one-word key. Addresses are chosen by the allocator, never by a document's author, so
//! a multiply-and-fold hash is enough.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A map keyed by addresses (or by small tuples of addresses and indexes).
pub type AddressMap<K, V> = HashMap<K, V, BuildHasherDefault<AddressHasher>>;

/// A set of addresses (or of small tuples of addresses and indexes).
pub type AddressSet<K> = HashSet<K, BuildHasherDefault<AddressHasher>>;

/// The address of a value, as a key.
pub fn of<T>(value: &T) -> usize {
    std::ptr::from_ref(value) as usize
}

/// Hashes words: each is mixed in with a multiplication by an odd constant (the golden ratio in
/// 64 bits), and the high half is folded into the low half, which picks the bucket.
#[derive(Debug, Default, Clone, Copy)]
pub struct AddressHasher(u64);

impl AddressHasher {
    fn mix(&mut self, word: u64) {
        let product = (self.0 ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = product ^ (product >> 32);
    }
}

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Not used for addresses; correct, if slower, for anything else.
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.mix(n as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_addresses_spread_over_the_low_bits() {
        // Values are 8-byte aligned: the low bits of the hash, which pick a bucket, must still
        // vary, or every value would land in one bucket out of eight.
        let buckets: HashSet<u64> = (0..1024u64)
            .map(|i| {
                let mut hasher = AddressHasher::default();
                hasher.write_usize(0x7f00_0000_0000 + usize::try_from(i * 32).unwrap_or(0));
                hasher.finish() & 255
            })
            .collect();
        assert!(buckets.len() > 200, "{} of 256 buckets used", buckets.len());
    }

    #[test]
    fn maps_and_sets_find_what_they_hold() {
        let values = vec![serde_json::json!(1); 100];
        let mut map = AddressMap::default();
        for (i, value) in values.iter().enumerate() {
            map.insert(of(value), i);
        }
        assert!(values.iter().enumerate().all(|(i, v)| map.get(&of(v)) == Some(&i)));
        let mut set = AddressSet::default();
        assert!(set.insert((1usize, of(&values[0]))));
        assert!(!set.insert((1usize, of(&values[0]))));
        assert!(set.insert((2usize, of(&values[0]))));
    }
}
