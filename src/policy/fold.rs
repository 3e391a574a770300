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
