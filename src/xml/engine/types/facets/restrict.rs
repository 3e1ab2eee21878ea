//! How a restriction builds its facets: each facet value parsed against the base, and the
//! constraints of Part 2 §4.3 checked (applicability, fixed facets, narrowing the base, and
//! the facets of one type agreeing with each other). Runs once per type, when a schema is read.

use super::{Bound, Enumeration, Facets, Fixable};
use crate::xml::engine::types::regex::XsdRegex;
use crate::xml::engine::types::{
    Builtin, FacetKind, FacetSpec, SimpleType, TypeError, Variety, WhiteSpace, lexical, quote,
};
use std::cmp::Ordering;
use std::sync::Arc;

/// Which facets a type's values can be restricted by (Part 2 §4.1.5).
fn applicable(base: &SimpleType, kind: FacetKind) -> bool {
    use FacetKind::*;
    let lengths = matches!(kind, Length | MinLength | MaxLength);
    let common = matches!(kind, Pattern | Enumeration | WhiteSpace);
    let ranges = matches!(kind, MaxInclusive | MaxExclusive | MinInclusive | MinExclusive);
    let digits = matches!(kind, TotalDigits | FractionDigits);
    match &base.variety {
        Variety::List(_) => lengths || common,
        Variety::Union(_) => matches!(kind, Pattern | Enumeration),
        Variety::Atomic(builtin) => match builtin.primitive() {
            Builtin::AnySimpleType => false,
            Builtin::String
            | Builtin::AnyUri
            | Builtin::HexBinary
            | Builtin::Base64Binary
            | Builtin::QName
            | Builtin::Notation => lengths || common,
            Builtin::Boolean => matches!(kind, Pattern | WhiteSpace),
            Builtin::Decimal => common || ranges || digits,
            _ => common || ranges,
        },
    }
}

impl Facets {
    /// The effective facets of a restriction of `base` by `specs`.
    pub(crate) fn restrict(base: &SimpleType, specs: Vec<FacetSpec>) -> Result<Facets, TypeError> {
        let mut facets = base.facets.clone();
        let mut seen: Vec<FacetKind> = Vec::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut enumeration: Vec<&FacetSpec> = Vec::new();
        let mut bounds: Vec<(FacetKind, Bound)> = Vec::new();
        for spec in &specs {
            let kind = spec.kind;
            if !applicable(base, kind) {
                return Err(TypeError::new(format!(
                    "the facet {} does not apply to {}",
                    kind.local_name(),
                    base.display_name()
                )));
            }
            if !matches!(kind, FacetKind::Pattern | FacetKind::Enumeration) {
                if seen.contains(&kind) {
                    return Err(TypeError::new(format!(
                        "the facet {} appears twice in one restriction",
                        kind.local_name()
                    )));
                }
                seen.push(kind);
            }
            match kind {
                FacetKind::Pattern => patterns.push(&spec.value),
                FacetKind::Enumeration => enumeration.push(spec),
                FacetKind::WhiteSpace => facets.whitespace = restrict_whitespace(facets.whitespace, spec)?,
                FacetKind::Length
                | FacetKind::MinLength
                | FacetKind::MaxLength
                | FacetKind::TotalDigits
                | FacetKind::FractionDigits => facets.restrict_count(spec)?,
                FacetKind::MaxInclusive
                | FacetKind::MaxExclusive
                | FacetKind::MinInclusive
                | FacetKind::MinExclusive => {
                    bounds.push((kind, parse_bound(base, spec)?));
                }
            }
        }
        for pair in [
            (FacetKind::MinInclusive, FacetKind::MinExclusive),
            (FacetKind::MaxInclusive, FacetKind::MaxExclusive),
            // Part 2 §4.3.1.4 (length-minLength-maxLength): not in one step; across steps they
            // only need to agree, which `check_consistency` checks.
            (FacetKind::Length, FacetKind::MinLength),
            (FacetKind::Length, FacetKind::MaxLength),
        ] {
            if seen.contains(&pair.0) && seen.contains(&pair.1) {
                return Err(TypeError::new(format!(
                    "{} and {} cannot both be given in one restriction",
                    pair.0.local_name(),
                    pair.1.local_name()
                )));
            }
        }
        for (kind, bound) in &bounds {
            base.facets.check_bound_restriction(*kind, bound)?;
        }
        for (kind, bound) in bounds {
            facets.set_bound(kind, bound);
        }
        facets.check_consistency()?;
        if !patterns.is_empty() {
            let regex = XsdRegex::any_of(&patterns).map_err(|e| TypeError::new(e.to_string()))?;
            facets.patterns.push(Arc::new(regex));
        }
        if !enumeration.is_empty() {
            let mut values = Vec::with_capacity(enumeration.len());
            let mut written = Vec::with_capacity(enumeration.len());
            for spec in enumeration {
                let value = base.validate(&spec.value, &spec.namespaces).map_err(|e| {
                    TypeError::new(format!(
                        "the enumeration value {} is not a valid value of {}: {}",
                        quote(&spec.value),
                        base.display_name(),
                        e.message
                    ))
                })?;
                values.push(value);
                written.push(spec.value.clone());
            }
            facets.enumeration = Some(Arc::new(Enumeration::new(values, written)));
        }
        if matches!(base.variety, Variety::Atomic(b) if b.primitive() == Builtin::Notation)
            && facets.enumeration.is_none()
        {
            return Err(TypeError::new(
                "a restriction of xs:NOTATION must enumerate its notations (an enumeration facet)",
            ));
        }
        Ok(facets)
    }

    /// length, minLength, maxLength, totalDigits or fractionDigits.
    fn restrict_count(&mut self, spec: &FacetSpec) -> Result<(), TypeError> {
        let name = spec.kind.local_name();
        let text = WhiteSpace::Collapse.normalize(&spec.value);
        let digits = text.strip_prefix('+').unwrap_or(&text);
        let value: usize = match digits.parse() {
            Ok(n) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => n,
            // Beyond any length a value can have: as good as unbounded.
            Err(_) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => usize::MAX,
            _ => {
                return Err(TypeError::new(format!(
                    "the value {} of {name} is not a non-negative integer",
                    quote(&spec.value)
                )));
            }
        };
        let slot = match spec.kind {
            FacetKind::Length => &mut self.length,
            FacetKind::MinLength => &mut self.min_length,
            FacetKind::MaxLength => &mut self.max_length,
            FacetKind::TotalDigits => &mut self.total_digits,
            _ => &mut self.fraction_digits,
        };
        if let Some(base) = *slot {
            if base.fixed && base.value != value {
                return Err(TypeError::new(format!(
                    "{name} is fixed to {} in the base type and cannot become {value}",
                    base.value
                )));
            }
            let (narrower, relation) = match spec.kind {
                FacetKind::Length => (value == base.value, "different from"),
                FacetKind::MinLength => (value >= base.value, "less than"),
                _ => (value <= base.value, "greater than"),
            };
            if !narrower {
                return Err(TypeError::new(format!(
                    "{name} {value} is {relation} the base type's {name} {}",
                    base.value
                )));
            }
        }
        if spec.kind == FacetKind::TotalDigits && value == 0 {
            return Err(TypeError::new("totalDigits must be a positive integer, not 0"));
        }
        *slot = Some(Fixable {
            value,
            fixed: spec.fixed,
        });
        Ok(())
    }

    /// A range facet of a restriction, checked against the base's four (these facets; Part 2
    /// §4.3.7–§4.3.10, the `…-valid-restriction` constraints).
    fn check_bound_restriction(&self, kind: FacetKind, bound: &Bound) -> Result<(), TypeError> {
        use FacetKind::*;
        use Ordering::*;
        // (base facet, orderings of new-vs-base that break the restriction)
        let rules: [(FacetKind, &[Ordering]); 4] = match kind {
            MaxInclusive => [
                (MaxInclusive, &[Greater]),
                (MaxExclusive, &[Greater, Equal]),
                (MinInclusive, &[Less]),
                (MinExclusive, &[Less, Equal]),
            ],
            MaxExclusive => [
                (MaxExclusive, &[Greater]),
                (MaxInclusive, &[Greater]),
                (MinInclusive, &[Less, Equal]),
                (MinExclusive, &[Less, Equal]),
            ],
            MinInclusive => [
                (MinInclusive, &[Less]),
                (MinExclusive, &[Less, Equal]),
                (MaxInclusive, &[Greater]),
                (MaxExclusive, &[Greater, Equal]),
            ],
            _ => [
                (MinExclusive, &[Less]),
                (MinInclusive, &[Less]),
                (MaxInclusive, &[Greater, Equal]),
                (MaxExclusive, &[Greater, Equal]),
            ],
        };
        for (base_kind, broken) in rules {
            let Some(base) = self.bound(base_kind) else { continue };
            if base_kind == kind && base.fixed && base.value != bound.value {
                return Err(TypeError::new(format!(
                    "{} is fixed to {} in the base type and cannot become {}",
                    kind.local_name(),
                    base.lexical,
                    bound.lexical
                )));
            }
            if let Some(order) = bound.value.partial_cmp_value(&base.value)
                && broken.contains(&order)
            {
                return Err(TypeError::new(format!(
                    "{} {} is outside the base type's {} {}",
                    kind.local_name(),
                    bound.lexical,
                    base_kind.local_name(),
                    base.lexical
                )));
            }
        }
        Ok(())
    }

    /// Merges a range facet: an inclusive bound replaces an exclusive one on the same side.
    fn set_bound(&mut self, kind: FacetKind, bound: Bound) {
        use FacetKind::*;
        match kind {
            MaxInclusive => {
                self.max_inclusive = Some(bound);
                self.max_exclusive = None;
            }
            MaxExclusive => {
                self.max_exclusive = Some(bound);
                self.max_inclusive = None;
            }
            MinInclusive => {
                self.min_inclusive = Some(bound);
                self.min_exclusive = None;
            }
            _ => {
                self.min_exclusive = Some(bound);
                self.min_inclusive = None;
            }
        }
    }

    fn bound(&self, kind: FacetKind) -> Option<&Bound> {
        match kind {
            FacetKind::MaxInclusive => self.max_inclusive.as_ref(),
            FacetKind::MaxExclusive => self.max_exclusive.as_ref(),
            FacetKind::MinInclusive => self.min_inclusive.as_ref(),
            FacetKind::MinExclusive => self.min_exclusive.as_ref(),
            _ => None,
        }
    }

    /// The constraints between facets of one type: minLength ≤ length ≤ maxLength,
    /// fractionDigits ≤ totalDigits, and lower bounds below upper bounds.
    fn check_consistency(&self) -> Result<(), TypeError> {
        let count = |f: &Option<Fixable<usize>>| f.map(|f| f.value);
        let pairs = [
            (
                count(&self.min_length),
                count(&self.max_length),
                "minLength",
                "maxLength",
            ),
            (count(&self.min_length), count(&self.length), "minLength", "length"),
            (count(&self.length), count(&self.max_length), "length", "maxLength"),
            (
                count(&self.fraction_digits),
                count(&self.total_digits),
                "fractionDigits",
                "totalDigits",
            ),
        ];
        for (low, high, low_name, high_name) in pairs {
            if let (Some(low), Some(high)) = (low, high)
                && low > high
            {
                return Err(TypeError::new(format!(
                    "{low_name} {low} is greater than {high_name} {high}"
                )));
            }
        }
        use Ordering::*;
        let ranges: [BoundPair<'_>; 4] = [
            (
                self.min_inclusive.as_ref(),
                self.max_inclusive.as_ref(),
                "minInclusive",
                "maxInclusive",
                &[Greater],
            ),
            (
                self.min_inclusive.as_ref(),
                self.max_exclusive.as_ref(),
                "minInclusive",
                "maxExclusive",
                &[Greater, Equal],
            ),
            (
                self.min_exclusive.as_ref(),
                self.max_exclusive.as_ref(),
                "minExclusive",
                "maxExclusive",
                &[Greater],
            ),
            (
                self.min_exclusive.as_ref(),
                self.max_inclusive.as_ref(),
                "minExclusive",
                "maxInclusive",
                &[Greater, Equal],
            ),
        ];
        for (low, high, low_name, high_name, broken) in ranges {
            if let (Some(low), Some(high)) = (low, high)
                && let Some(order) = low.value.partial_cmp_value(&high.value)
                && broken.contains(&order)
            {
                return Err(TypeError::new(format!(
                    "{low_name} {} is not below {high_name} {}",
                    low.lexical, high.lexical
                )));
            }
        }
        Ok(())
    }
}

/// A lower and an upper bound, their names, and the orders of lower-vs-upper that conflict.
type BoundPair<'a> = (Option<&'a Bound>, Option<&'a Bound>, &'a str, &'a str, &'a [Ordering]);

/// whiteSpace may only get stronger, and not at all when fixed.
fn restrict_whitespace(base: Fixable<WhiteSpace>, spec: &FacetSpec) -> Result<Fixable<WhiteSpace>, TypeError> {
    let value = WhiteSpace::from_value(WhiteSpace::Collapse.normalize(&spec.value).as_ref()).ok_or_else(|| {
        TypeError::new(format!(
            "the value {} of whiteSpace is not preserve, replace or collapse",
            quote(&spec.value)
        ))
    })?;
    if base.fixed && value != base.value {
        return Err(TypeError::new(format!(
            "whiteSpace is fixed to {:?} in the base type",
            base.value
        )));
    }
    if value < base.value {
        return Err(TypeError::new(format!(
            "whiteSpace {} would relax the base type's {:?}",
            quote(&spec.value),
            base.value
        )));
    }
    Ok(Fixable {
        value,
        fixed: spec.fixed,
    })
}

/// A range facet's value, read in the lexical space of the base's nearest built-in (its own
/// range facets are compared by `check_bound_restriction`, not applied here).
fn parse_bound(base: &SimpleType, spec: &FacetSpec) -> Result<Bound, TypeError> {
    let Variety::Atomic(builtin) = base.variety else {
        return Err(TypeError::new(format!(
            "the facet {} does not apply to {}",
            spec.kind.local_name(),
            base.display_name()
        )));
    };
    let text = base.facets.whitespace.value.normalize(&spec.value);
    let value = lexical::parse(builtin, &text, &spec.namespaces).map_err(|_| {
        TypeError::new(format!(
            "the value {} of {} is not a valid xs:{}",
            quote(&spec.value),
            spec.kind.local_name(),
            builtin.local_name()
        ))
    })?;
    Ok(Bound {
        value,
        lexical: text.into_owned(),
        fixed: spec.fixed,
    })
}
