//! Pattern inclusion decided on automata: does every string that contains a match of pattern A
//! also contain a match of pattern B (JSON Schema patterns are unanchored searches)? Both are
//! compiled to DFAs and their product is explored breadth first; a path where A has matched and
//! B cannot is a separating string, and no such path proves inclusion.
//!
//! The DFAs are lazy (`regex_automata::hybrid`): states are made as the search reaches them,
//! in a cache of bounded size that is never cleared during a search (a state's id must stay
//! valid while the search remembers it), so a pattern whose states outgrow it is undecided.
//! Fully built DFAs would need `regex-automata`'s `dfa-build` feature, and that feature makes
//! every regular expression in the program (the validator's patterns among them) build a full
//! DFA when it compiles.

use std::collections::{HashSet, VecDeque};

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::hybrid::{CacheError, LazyStateID};
use regex_automata::util::{start, syntax};
use regex_automata::{Anchored, MatchKind};

/// Most product states explored before giving up.
const MAX_STATES: usize = 200_000;

/// What the automata say about `A ⊆ B`.
#[derive(Debug, PartialEq, Eq)]
pub enum PatternInclusion {
    /// Every string matching A matches B.
    Included,
    /// This string matches A and not B.
    Separated(String),
    /// Not decided (a pattern beyond the DFA builder, too many states, or only a non-ASCII
    /// separating string).
    Unknown,
}

/// The pattern as the validator reads it (ASCII `\d`, ECMA-262 `.` and `\s`: see
/// [`crate::ecma_regex::translate`]); `None` for look-arounds, back-references and automata too
/// large to build.
fn build(pattern: &str) -> Option<Lazy> {
    let translated = crate::ecma_regex::translate(pattern)?;
    let dfa = DFA::builder()
        .configure(
            DFA::config()
                .match_kind(MatchKind::All)
                .cache_capacity(8 << 20)
                // Never clear the cache: a clear would invalidate the states the search holds.
                .minimum_cache_clear_count(Some(0)),
        )
        .syntax(syntax::Config::new().utf8(false))
        .build(&translated)
        .ok()?;
    let cache = dfa.create_cache();
    Some(Lazy { dfa, cache })
}

/// A lazy DFA and its cache of states.
struct Lazy {
    dfa: DFA,
    cache: Cache,
}

impl Lazy {
    fn start(&mut self) -> Option<LazyStateID> {
        let config = start::Config::new().anchored(Anchored::No);
        self.dfa.start_state(&mut self.cache, &config).ok()
    }

    fn next(&mut self, state: LazyStateID, byte: u8) -> Result<LazyStateID, CacheError> {
        self.dfa.next_state(&mut self.cache, state, byte)
    }

    /// Whether the input may end here with a match.
    fn matches_at_end(&mut self, state: LazyStateID) -> Result<bool, CacheError> {
        Ok(self.dfa.next_eoi_state(&mut self.cache, state)?.is_match())
    }
}

/// Decides whether strings matching `a` all match `b`.
pub fn includes(a: &str, b: &str) -> PatternInclusion {
    let (Some(mut da), Some(mut db)) = (build(a), build(b)) else {
        return PatternInclusion::Unknown;
    };
    let ascii: Vec<u8> = (0x20..=0x7e).collect();
    let all: Vec<u8> = (0..=255).collect();
    match search(&mut da, &mut db, &ascii) {
        Search::Found(bytes) => return PatternInclusion::Separated(String::from_utf8_lossy(&bytes).into_owned()),
        Search::Exhausted => {}
    }
    match search(&mut da, &mut db, &all) {
        Search::Exhausted => PatternInclusion::Included,
        Search::Found(_) => PatternInclusion::Unknown,
    }
}

enum Search {
    Found(Vec<u8>),
    /// No separating string over the alphabet (or the search was cut short: see `includes`).
    Exhausted,
}

fn search(a: &mut Lazy, b: &mut Lazy, alphabet: &[u8]) -> Search {
    explore(a, b, alphabet).unwrap_or_else(|_| {
        // A cache too small for the patterns' states: a (fake) separation makes the caller
        // answer unknown.
        Search::Found(Vec::new())
    })
}

fn explore(a: &mut Lazy, b: &mut Lazy, alphabet: &[u8]) -> Result<Search, CacheError> {
    let (Some(sa), Some(sb)) = (a.start(), b.start()) else {
        return Ok(Search::Found(Vec::new()));
    };
    // Every node remembers its parent and the byte that led to it, to spell the witness.
    let mut nodes: Vec<(usize, u8)> = vec![(usize::MAX, 0)];
    let first = (sa, sb, sa.is_match(), sb.is_match());
    let mut seen = HashSet::from([first]);
    let mut queue = VecDeque::from([(first, 0usize)]);
    while let Some(((sa, sb, am, bm), here)) = queue.pop_front() {
        if seen.len() > MAX_STATES {
            // Too large to explore: a (fake) separation makes the caller answer unknown.
            return Ok(Search::Found(Vec::new()));
        }
        let a_end = am || a.matches_at_end(sa)?;
        let b_end = bm || b.matches_at_end(sb)?;
        if a_end && !b_end {
            return Ok(Search::Found(spell(&nodes, here)));
        }
        // Once B has matched, every longer string matches B too; once A is dead, A never will.
        if bm || (sa.is_dead() && !am) {
            continue;
        }
        for &byte in alphabet {
            let (na, nb) = (a.next(sa, byte)?, b.next(sb, byte)?);
            let next = (na, nb, am || na.is_match(), bm || nb.is_match());
            if seen.insert(next) {
                nodes.push((here, byte));
                queue.push_back((next, nodes.len() - 1));
            }
        }
    }
    Ok(Search::Exhausted)
}

/// The bytes on the way from the start to node `at`.
fn spell(nodes: &[(usize, u8)], mut at: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    while let Some(&(parent, byte)) = nodes.get(at) {
        if parent == usize::MAX {
            break;
        }
        bytes.push(byte);
        at = parent;
    }
    bytes.reverse();
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn separated(a: &str, b: &str) -> Option<String> {
        match includes(a, b) {
            PatternInclusion::Separated(s) => Some(s),
            _ => None,
        }
    }

    #[test]
    fn decides_pattern_inclusion() {
        assert_eq!(includes("^[0-9]{11}$", "^[0-9]+$"), PatternInclusion::Included);
        assert_eq!(includes("^[0-9]{11}$", "[0-9]"), PatternInclusion::Included);
        assert_eq!(includes("^EX-[A-Z]{2}$", "^EX-"), PatternInclusion::Included);
        assert_eq!(includes("^[a-z]+$", "^[a-z]+$"), PatternInclusion::Included);
        let witness = separated("^[0-9]{5,11}$", "^[0-9]{11}$").unwrap();
        assert!(
            witness.len() >= 5 && witness.len() < 11 && witness.bytes().all(|b| b.is_ascii_digit()),
            "{witness:?}"
        );
        let witness = separated("", "^a").unwrap();
        assert!(!witness.starts_with('a'), "{witness:?}");
        assert_eq!(includes("(?<=a)b", "b"), PatternInclusion::Unknown);
    }
}
