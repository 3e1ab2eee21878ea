//! Numeric bounds in every draft's spelling.

use serde_json::Value;

use super::{Outcome, Prover, a_is_integral, no};
use crate::compat::node::Node;

impl Prover<'_> {
    pub(super) fn bounds(&mut self, a: &Node, b: &Node, keyword: &str, path: &str) -> Outcome {
        let lower = keyword.contains("inimum");
        let (Some(b_bound), Some(a_bound)) = (bound(b, lower), Some(bound(a, lower))) else {
            return Outcome::Yes;
        };
        let integral = a_is_integral(a);
        let a_bound = a_bound.map(|(v, exclusive)| {
            if integral {
                integral_bound(v, exclusive, lower)
            } else {
                (v, exclusive)
            }
        });
        let Some((a_value, a_exclusive)) = a_bound else {
            return no(path, keyword);
        };
        let (b_value, b_exclusive) = b_bound;
        let ok = if lower {
            a_value > b_value || (a_value == b_value && (a_exclusive || !b_exclusive))
        } else {
            a_value < b_value || (a_value == b_value && (a_exclusive || !b_exclusive))
        };
        if ok { Outcome::Yes } else { no(path, keyword) }
    }
}

/// A's or B's bound on one side: (value, exclusive), for draft 4's boolean form too.
fn bound(node: &Node, lower: bool) -> Option<(f64, bool)> {
    let (inclusive, exclusive) = if lower {
        ("minimum", "exclusiveMinimum")
    } else {
        ("maximum", "exclusiveMaximum")
    };
    let plain = node.get(inclusive).and_then(Value::as_f64);
    match node.get(exclusive) {
        Some(Value::Bool(true)) => plain.map(|v| (v, true)),
        Some(v) if v.is_number() => {
            let e = v.as_f64()?;
            match plain {
                Some(p) if (lower && p > e) || (!lower && p < e) => Some((p, false)),
                _ => Some((e, true)),
            }
        }
        _ => plain.map(|v| (v, false)),
    }
}

fn integral_bound(value: f64, exclusive: bool, lower: bool) -> (f64, bool) {
    let v = if lower {
        if exclusive { value.floor() + 1.0 } else { value.ceil() }
    } else if exclusive {
        value.ceil() - 1.0
    } else {
        value.floor()
    };
    (v, false)
}
