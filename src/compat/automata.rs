//! Pattern inclusion decided on automata: does every string that contains a match of pattern A
//! also contain a match of pattern B (JSON Schema patterns are unanchored searches)? Both are
//! compiled to DFAs and their product is explored breadth first; a path where A has matched and
//! B cannot is a separating string, and no such path proves inclusion.

use std::collections::{HashSet, VecDeque};

use regex_automata::dfa::{Automaton, dense};
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
fn build(pattern: &str) -> Option<dense::DFA<Vec<u32>>> {
    let translated = crate::ecma_regex::translate(pattern)?;
    dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .start_kind(regex_automata::dfa::StartKind::Unanchored)
                .dfa_size_limit(Some(8 << 20))
                .determinize_size_limit(Some(8 << 20)),
        )
        .syntax(syntax::Config::new().utf8(false))
        .build(&translated)
        .ok()
}

/// Decides whether strings matching `a` all match `b`.
pub fn includes(a: &str, b: &str) -> PatternInclusion {
    let (Some(da), Some(db)) = (build(a), build(b)) else {
        return PatternInclusion::Unknown;
    };
    let ascii: Vec<u8> = (0x20..=0x7e).collect();
    let all: Vec<u8> = (0..=255).collect();
    match search(&da, &db, &ascii) {
        Search::Found(bytes) => return PatternInclusion::Separated(String::from_utf8_lossy(&bytes).into_owned()),
        Search::Exhausted => {}
    }
    match search(&da, &db, &all) {
        Search::Exhausted => PatternInclusion::Included,
        Search::Found(_) => PatternInclusion::Unknown,
    }
}

enum Search {
    Found(Vec<u8>),
    /// No separating string over the alphabet (or the search was cut short: see `includes`).
    Exhausted,
}

fn search(a: &dense::DFA<Vec<u32>>, b: &dense::DFA<Vec<u32>>, alphabet: &[u8]) -> Search {
    let config = start::Config::new().anchored(Anchored::No);
    let (Ok(sa), Ok(sb)) = (a.start_state(&config), b.start_state(&config)) else {
        return Search::Found(Vec::new());
    };
    // Every node remembers its parent and the byte that led to it, to spell the witness.
    let mut nodes: Vec<(usize, u8)> = vec![(usize::MAX, 0)];
    let first = (sa, sb, a.is_match_state(sa), b.is_match_state(sb));
    let mut seen = HashSet::from([first]);
    let mut queue = VecDeque::from([(first, 0usize)]);
    while let Some(((sa, sb, am, bm), here)) = queue.pop_front() {
        if seen.len() > MAX_STATES {
            // Too large to explore: a (fake) separation makes the caller answer unknown.
            return Search::Found(Vec::new());
        }
        let a_end = am || a.is_match_state(a.next_eoi_state(sa));
        let b_end = bm || b.is_match_state(b.next_eoi_state(sb));
        if a_end && !b_end {
            return Search::Found(spell(&nodes, here));
        }
        // Once B has matched, every longer string matches B too; once A is dead, A never will.
        if bm || (a.is_dead_state(sa) && !am) {
            continue;
        }
        for &byte in alphabet {
            let (na, nb) = (a.next_state(sa, byte), b.next_state(sb, byte));
            let next = (na, nb, am || a.is_match_state(na), bm || b.is_match_state(nb));
            if seen.insert(next) {
                nodes.push((here, byte));
                queue.push_back((next, nodes.len() - 1));
            }
        }
    }
    Search::Exhausted
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
        let witness = separated("^[0-9]{5,11}$", "^[0-9]{11}$").unwrap_or_default();
        assert!(
            witness.len() >= 5 && witness.len() < 11 && witness.bytes().all(|b| b.is_ascii_digit()),
            "{witness:?}"
        );
        let witness = separated("", "^a").unwrap_or_default();
        assert!(!witness.starts_with('a'), "{witness:?}");
        assert_eq!(includes("(?<=a)b", "b"), PatternInclusion::Unknown);
    }
}
