//! Strings compared and hashed ignoring ASCII case, as IAM compares action names and
//! condition keys, for the hash sets and maps that let the checks find repeats in one pass
//! without allocating a lowercase copy of every string.

use std::hash::{Hash, Hasher};

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
        for b in self.0.bytes() {
            state.write_u8(b.to_ascii_lowercase());
        }
        state.write_u8(0xFF);
    }
}

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
    }
}
