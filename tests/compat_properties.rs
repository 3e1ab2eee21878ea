//! Properties of schema inclusion over generated schemas: `S ⊆ S`, `A ⊆ anyOf[A, B]`,
//! `allOf[A, B] ⊆ A`, and every witness really separates the two schemas.

use std::sync::Arc;

use nifcheck::compat::{Inclusion, Verdict};
use nifcheck::framework::{CodeLists, CompileOptions};
use proptest::prelude::*;
use serde_json::{Value, json};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0i64..5, 5i64..12).prop_map(|(lo, hi)| json!({"type": "integer", "minimum": lo, "maximum": hi})),
        (0u64..3, 3u64..8).prop_map(|(lo, hi)| json!({"type": "string", "minLength": lo, "maxLength": hi})),
        prop::collection::btree_set(prop::sample::select(vec!["a", "b", "c", "d"]), 1..4)
            .prop_map(|v| json!({"enum": v})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "null"})),
        (1i64..4).prop_map(|m| json!({"type": "integer", "multipleOf": m})),
        Just(json!({})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            (
                prop::collection::btree_map(prop::sample::select(vec!["p", "q", "r"]), inner.clone(), 1..3),
                any::<bool>(),
                any::<bool>()
            )
                .prop_map(|(props, require_first, closed)| {
                    let names: Vec<&str> = props.keys().copied().collect();
                    let mut s = json!({"type": "object", "properties": props});
                    if require_first {
                        s["required"] = json!([names[0]]);
                    }
                    if closed {
                        s["additionalProperties"] = json!(false);
                    }
                    s
                }),
            (inner.clone(), 0u64..3).prop_map(|(items, min)| json!({"type": "array", "items": items, "minItems": min})),
            prop::collection::vec(inner.clone(), 2..3).prop_map(|v| json!({"anyOf": v})),
            prop::collection::vec(inner, 2..3).prop_map(|v| json!({"allOf": v})),
        ]
    })
}

fn check(a: &Value, b: &Value) -> Verdict {
    let inclusion = Inclusion::new(
        vec![
            ("https://p.example/a.json".into(), a.clone()),
            ("https://p.example/b.json".into(), b.clone()),
        ],
        Arc::new(CodeLists::empty()),
        CompileOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    match (
        inclusion.root("https://p.example/a.json"),
        inclusion.root("https://p.example/b.json"),
    ) {
        (Some(ra), Some(rb)) => inclusion.check(&ra, &rb),
        _ => panic!("roots"),
    }
}

fn valid(schema: &Value, instance: &Value) -> bool {
    jsonschema::validator_for(schema)
        .map(|v| v.is_valid(instance))
        .unwrap_or_else(|e| panic!("{e}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_schema_includes_itself(s in schema()) {
        let verdict = check(&s, &s);
        prop_assert_eq!(verdict, Verdict::Compatible);
    }

    #[test]
    fn a_schema_is_within_a_union_holding_it(a in schema(), b in schema()) {
        let union = json!({"anyOf": [a.clone(), b]});
        let verdict = check(&a, &union);
        prop_assert_eq!(verdict, Verdict::Compatible);
    }

    #[test]
    fn an_intersection_is_within_each_part(a in schema(), b in schema()) {
        let both = json!({"allOf": [a.clone(), b]});
        let verdict = check(&both, &a);
        prop_assert!(!matches!(verdict, Verdict::Incompatible(_)), "{:?}", verdict);
    }

    #[test]
    fn every_witness_separates(a in schema(), b in schema()) {
        if let Verdict::Incompatible(w) = check(&a, &b) {
            prop_assert!(valid(&a, &w.instance), "witness {} is not valid under {}", w.instance, a);
            prop_assert!(!valid(&b, &w.instance), "witness {} is valid under {}", w.instance, b);
        }
    }
}
