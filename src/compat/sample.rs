//! Strings that match a regular expression, so witnesses can be built for schemas whose values
//! follow a pattern (identity numbers, codes). Several variants are offered (other branches,
//! longer repetitions); each is checked by the real validator before it is used.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A string matching `pattern`, varied by `variant`; `None` when the pattern is beyond the
/// parser (look-arounds, back-references).
pub(crate) fn sample(pattern: &str, variant: usize) -> Option<String> {
    let translated = crate::ecma_regex::translate(pattern)?;
    let hir = regex_syntax::ParserBuilder::new().build().parse(&translated).ok()?;
    let mut out = String::new();
    walk(&hir, variant, &mut out, 0)?;
    Some(out)
}

fn walk(hir: &Hir, variant: usize, out: &mut String, depth: usize) -> Option<()> {
    if depth > 64 || out.len() > 4096 {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            let range = ranges.get(variant % ranges.len().max(1))?;
            // Prefer a printable character inside the range.
            let pick = (range.start()..=range.end())
                .find(|c| c.is_alphanumeric())
                .unwrap_or(range.start());
            out.push(pick);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let range = class.ranges().first()?;
            out.push(char::from(range.start()));
        }
        HirKind::Repetition(rep) => {
            let extra = u32::from(variant % 3 == 2);
            let count = match rep.max {
                Some(max) => (rep.min + extra).min(max),
                None => rep.min + extra,
            };
            for _ in 0..count.min(256) {
                walk(&rep.sub, variant, out, depth + 1)?;
            }
        }
        HirKind::Capture(capture) => walk(&capture.sub, variant, out, depth + 1)?,
        HirKind::Concat(parts) => {
            for part in parts {
                walk(part, variant, out, depth + 1)?;
            }
        }
        HirKind::Alternation(branches) => {
            let branch = branches.get(variant % branches.len().max(1))?;
            walk(branch, variant, out, depth + 1)?;
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_match_their_pattern() {
        for pattern in [
            "^[0-9]{11}$",
            "^EX-[A-Z]{2}-[0-9]{2}$",
            "^(foo|bar)+baz?$",
            "^\\p{L}+ \\d{3,5}$",
            "x*",
        ] {
            let re = regex_syntax::ParserBuilder::new()
                .build()
                .parse(pattern)
                .map(|_| ())
                .is_ok();
            assert!(re);
            for variant in 0..4 {
                let text = sample(pattern, variant).unwrap_or_else(|| panic!("{pattern}"));
                let regex = crate::ecma_regex::compile(pattern).unwrap();
                assert!(regex.is_match(&text), "{pattern} / {variant}: {text:?}");
            }
        }
        assert!(sample("(?<=a)b", 0).is_none());
    }
}
