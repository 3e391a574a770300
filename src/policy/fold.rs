//! Strings compared and hashed ignoring ASCII case, as IAM compares action names and
//! condition keys, for the hash sets and maps that let the checks find repeats in one pass
//! without allocating a lowercase copy of every string.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A string that equals and hashes like every string differing from it only in ASCII case.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Folded<'a>(pub &'a str);

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Folded<'_> {}

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Lowercased a chunk at a time (one hasher call per chunk, not per byte).
        let mut buf = [0u8; 64];
        for chunk in self.0.as_bytes().chunks(buf.len()) {
            let lower = buf.get_mut(..chunk.len()).unwrap_or_default();
            lower.copy_from_slice(chunk);
            lower.make_ascii_lowercase();
            state.write(lower);
        }
        state.write_u8(0xFF);
    }
}

/// A string compared and hashed exactly, or ignoring ASCII case: action names ignore case,
/// ARNs do not. Two keys of one map always have the same `ignore_case`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cased<'a> {
    /// The text.
    pub text: &'a str,
    /// Whether ASCII case is ignored.
    pub ignore_case: bool,
}

impl PartialEq for Cased<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.ignore_case {
            self.text.eq_ignore_ascii_case(other.text)
        } else {
            self.text == other.text
        }
    }
}

impl Eq for Cased<'_> {}

impl Hash for Cased<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if self.ignore_case {
            Folded(self.text).hash(state);
        } else {
            state.write(self.text.as_bytes());
            state.write_u8(0xFF);
        }
    }
}

/// A key with its hash computed once (with a randomly keyed hasher such as
/// [`std::collections::hash_map::RandomState`]), for maps where each key is looked up several
/// times: the map then hashes nothing again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hashed<K> {
    /// The key's hash.
    pub hash: u64,
    /// The key.
    pub key: K,
}

impl<K: PartialEq> PartialEq for Hashed<K> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.key == other.key
    }
}

impl<K: Eq> Eq for Hashed<K> {}

impl<K> Hash for Hashed<K> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hasher of [`HashedMap`]: it passes a [`Hashed`] key's hash through.
#[derive(Default)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used by `Hashed`; any other input is mixed in (FNV-1a).
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map of [`Hashed`] keys.
pub(crate) type HashedMap<K, V> = HashMap<Hashed<K>, V, BuildHasherDefault<PassThrough>>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn strings_differing_in_ascii_case_are_one_key() {
        let mut set = HashSet::new();
        assert!(set.insert(Folded("aws:UserName")));
        assert!(!set.insert(Folded("AWS:username")));
        assert!(set.insert(Folded("aws:username2")));
        // Only ASCII letters fold, as IAM compares keys.
        assert!(set.insert(Folded("É")));
        assert!(!set.insert(Folded("É")));
        assert!(set.insert(Folded("é")));
        // Strings longer than the hashing chunk.
        let long = "Ab".repeat(100);
        assert!(set.insert(Folded(&long)));
        assert!(!set.insert(Folded(&long.to_ascii_uppercase())));
    }

    #[test]
    fn hashed_keys_are_found_by_hash_and_value() {
        use std::hash::BuildHasher;
        let state = std::collections::hash_map::RandomState::new();
        let key = |text| {
            let key = Cased {
                text,
                ignore_case: true,
            };
            Hashed {
                hash: state.hash_one(key),
                key,
            }
        };
        let mut map: HashedMap<Cased<'_>, usize> = HashedMap::default();
        map.insert(key("s3:GetObject"), 1);
        assert_eq!(map.get(&key("S3:GETOBJECT")), Some(&1));
        assert_eq!(map.get(&key("s3:PutObject")), None);
        // Equal hashes alone do not make equal keys.
        let forged = Hashed {
            hash: key("s3:GetObject").hash,
            key: Cased {
                text: "s3:PutObject",
                ignore_case: true,
            },
        };
        assert_eq!(map.get(&forged), None);
    }

    #[test]
    fn cased_keys_fold_only_when_asked() {
        let key = |text, ignore_case| Cased { text, ignore_case };
        let mut set = HashSet::new();
        assert!(set.insert(key("s3:GetObject", true)));
        assert!(!set.insert(key("S3:getobject", true)));
        let mut exact = HashSet::new();
        assert!(exact.insert(key("arn:aws:s3:::B", false)));
        assert!(exact.insert(key("arn:aws:s3:::b", false)));
        assert!(!exact.insert(key("arn:aws:s3:::b", false)));
    }
}
