//! `undefined`: the value is absent.

use super::{Problem, RuleFunction, Target, describe};

#[derive(Debug)]
pub(crate) struct Undefined;

impl RuleFunction for Undefined {
    fn check(&self, target: &Target<'_>) -> Vec<Problem> {
        if target.value.is_none() {
            return Vec::new();
        }
        vec![Problem::here(format!("{} must not be defined", describe(target)))]
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::run;
    use super::*;

    #[test]
    fn passes_and_fails() {
        let f: super::super::Function = Box::new(Undefined);
        assert!(run(&f, None, None).is_empty());
        assert_eq!(run(&f, Some(&serde_json::Value::Null), Some("x")).len(), 1);
    }
}
