//! Values that are costly to build from a key (compiled regular expressions), kept for the life
//! of the process and shared between threads.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// A process-wide memo of at most `capacity` values; it is emptied when full, so a hostile
/// input with endless distinct keys cannot grow memory. Values are built outside the lock: two
/// threads may build the same one, which costs time but never gives a different answer.
pub(crate) struct Memo<K, V> {
    kept: Mutex<HashMap<K, V>>,
    capacity: usize,
}

impl<K: Hash + Eq, V: Clone> Memo<K, V> {
    /// An empty memo that keeps at most `capacity` values.
    pub(crate) fn new(capacity: usize) -> Self {
        Memo {
            kept: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// The value kept for `key`, or the one `build` makes, kept from now on.
    pub(crate) fn get_or_build(&self, key: K, build: impl FnOnce() -> V) -> V {
        if let Some(kept) = self.kept.lock().ok().and_then(|kept| kept.get(&key).cloned()) {
            return kept;
        }
        let built = build();
        if let Ok(mut kept) = self.kept.lock() {
            if kept.len() >= self.capacity {
                kept.clear();
            }
            kept.insert(key, built.clone());
        }
        built
    }

    /// Whether a value is kept for `key`.
    #[cfg(test)]
    pub(crate) fn contains(&self, key: &K) -> bool {
        self.kept.lock().is_ok_and(|kept| kept.contains_key(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_built_once_and_the_memo_empties_when_full() {
        let memo = Memo::new(2);
        let mut builds = 0;
        for key in [1, 2, 1, 2] {
            memo.get_or_build(key, || {
                builds += 1;
                key * 10
            });
        }
        assert_eq!(builds, 2);
        assert_eq!(memo.get_or_build(3, || 30), 30);
        assert!(memo.contains(&3) && !memo.contains(&1));
    }
}
