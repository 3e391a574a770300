//! Sorting with one compiled copy of the algorithm.
//!
//! The standard library's sorts are compiled again for every element type and comparison
//! they are used with (several kilobytes of code each), which is most of the size of sorting in
//! the browser's engine. Here a stable merge sort orders positions through a `dyn` comparison,
//! compiled once, and the elements are then moved into that order by swaps: O(n log n)
//! comparisons, the same results as the standard stable sorts.

use std::cmp::Ordering;

/// The positions `0..n` in the order `cmp` puts them; equal ones keep their order.
fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
    let mut into: Vec<usize> = Vec::with_capacity(n);
    let mut width = 1usize;
    while width < n {
        into.clear();
        let mut start = 0usize;
        while start < n {
            let mid = start.saturating_add(width).min(n);
            let end = start.saturating_add(width.saturating_mul(2)).min(n);
            let left = from.get(start..mid).unwrap_or_default();
            let right = from.get(mid..end).unwrap_or_default();
            let (mut l, mut r) = (left.iter().peekable(), right.iter().peekable());
            loop {
                match (l.peek(), r.peek()) {
                    (Some(&&a), Some(&&b)) => {
                        // the right run's element goes first only when strictly smaller
                        if cmp(b, a) == Ordering::Less {
                            into.push(b);
                            r.next();
                        } else {
                            into.push(a);
                            l.next();
                        }
                    }
                    (Some(&&a), None) => {
                        into.push(a);
                        l.next();
                    }
                    (None, Some(&&b)) => {
                        into.push(b);
                        r.next();
                    }
                    (None, None) => break,
                }
            }
            start = end;
        }
        std::mem::swap(&mut from, &mut into);
        width = width.saturating_mul(2);
    }
    from
}

/// Puts `v[order[k]]` at position `k` for every `k`, by swaps along the permutation's cycles.
fn permute<T>(v: &mut [T], order: &[usize]) {
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        if done.get(start).copied().unwrap_or(true) {
            continue;
        }
        let mut k = start;
        loop {
            if let Some(d) = done.get_mut(k) {
                *d = true;
            }
            let Some(&src) = order.get(k) else { break };
            if src == start || src >= v.len() {
                break;
            }
            v.swap(k, src);
            k = src;
        }
    }
}

/// Sorts `v` by `cmp`, stably.
pub fn sort_by<T>(v: &mut [T], cmp: &mut dyn FnMut(&T, &T) -> Ordering) {
    let ord = {
        let items: &[T] = v;
        order(
            items.len(),
            &mut |i, j| match (items.get(i), items.get(j)) {
                (Some(a), Some(b)) => cmp(a, b),
                _ => Ordering::Equal,
            },
        )
    };
    permute(v, &ord);
}

/// Sorts `v` in ascending order, stably.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, &mut |a, b| a.cmp(b));
}

/// Sorts `v` by the key `key` gives each element, stably.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, &mut |a, b| key(a).cmp(&key(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(seed: &mut u64) -> u64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *seed >> 33
    }

    #[test]
    fn sorts_as_the_standard_stable_sort_does() {
        let mut seed = 7;
        for n in [0usize, 1, 2, 3, 5, 8, 13, 64, 100, 1000] {
            let v: Vec<(u64, usize)> = (0..n).map(|i| (lcg(&mut seed) % 10, i)).collect();
            let mut ours = v.clone();
            sort_by_key(&mut ours, |x| x.0);
            let mut std_sorted = v.clone();
            std_sorted.sort_by_key(|x| x.0);
            assert_eq!(ours, std_sorted, "n = {n}");
            let mut words: Vec<String> = (0..n)
                .map(|_| format!("w{}", lcg(&mut seed) % 50))
                .collect();
            let mut expected = words.clone();
            expected.sort();
            sort(&mut words);
            assert_eq!(words, expected);
        }
    }
}
